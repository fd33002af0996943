"""The app's routes, read from the app itself, so a new route is tested without editing a list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute, Mount, Route


@dataclass(frozen=True)
class AppRoute:
    path: str  # full path, with any router prefix
    methods: frozenset[str]
    route: Route

    @property
    def path_params(self) -> list[str]:
        return list(self.route.param_convertors)

    @property
    def query_params(self) -> list[tuple[str, bool]]:
        """(name, required) of each query parameter the route declares."""
        if not isinstance(self.route, APIRoute):
            return []
        return [(p.alias, p.field_info.is_required()) for p in self.route.dependant.query_params]


def _walk(routes: list[BaseRoute], prefix: str, out: list[AppRoute], mounts: list[Mount]) -> None:
    for r in routes:
        if isinstance(r, Route):
            out.append(AppRoute(prefix + r.path, frozenset(r.methods or ()), r))
        elif isinstance(r, Mount):
            mounts.append(r)
        else:
            # FastAPI keeps an included router as one entry (``_IncludedRouter``): look inside.
            inner: Any = getattr(r, "original_router", None)
            context: Any = getattr(r, "include_context", None)
            if inner is None:
                raise AssertionError(f"unknown kind of route {r!r}: teach approutes.py to read it")
            _walk(list(inner.routes), prefix + (getattr(context, "prefix", "") or ""), out, mounts)


def app_routes(app: FastAPI) -> tuple[list[AppRoute], list[Mount]]:
    """Every route (any method) and every mount; checked against the OpenAPI document."""
    out: list[AppRoute] = []
    mounts: list[Mount] = []
    _walk(list(app.routes), "", out, mounts)
    found = {(r.path, m) for r in out for m in r.methods}
    for path, ops in app.openapi()["paths"].items():
        for method in ops:
            assert (path, method.upper()) in found, f"{method.upper()} {path} is in the OpenAPI document only"
    return out, mounts


def get_routes(app: FastAPI) -> list[AppRoute]:
    return [r for r in app_routes(app)[0] if "GET" in r.methods]


WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


#: POSTed to but writing nothing stored: the token arrives there (test_security_login.py).
NOT_WRITES = frozenset({"/login"})


def write_routes(app: FastAPI) -> list[AppRoute]:
    return [r for r in app_routes(app)[0] if r.methods & WRITE_METHODS and r.path not in NOT_WRITES]
