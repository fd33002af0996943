"""How a page is made: a view returns a :class:`Page`, rendered as HTML and as its JSON twin.

``/claims/42`` and ``/claims/42.json`` come from the same view (datasette's rule): the
view returns a :class:`Page` whose ``data`` is the JSON twin and the template's context.
"""

from __future__ import annotations

import functools
import inspect
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.concurrency import run_in_threadpool

from claimledger.ingest.jsontext import json_object, unicode_text
from claimledger.render import charts
from claimledger.store import Store
from claimledger.web import errors
from claimledger.web.db import open_store

Row = dict[str, Any]


@dataclass
class Page:
    """What a view returns: ``data`` is the JSON twin; ``extra`` only feeds the HTML template."""

    data: Row
    extra: Row = field(default_factory=dict)


View = Callable[..., Page]


class StoreHolder:
    """Opens the store on first use (so a missing database is a 503, not a crash) and keeps it."""

    def __init__(self, db: str | None, busy_timeout: float) -> None:
        self.db = db
        self.busy_timeout = busy_timeout
        self._store: Store | None = None
        self._lock = threading.Lock()

    def get(self) -> Store:
        with self._lock:
            if self._store is None:
                self._store = open_store(self.db, busy_timeout=self.busy_timeout)
            return self._store

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None


def get_store(request: Request) -> Store:
    holder: StoreHolder = request.app.state.store
    return holder.get()


StoreDep = Depends(get_store)


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("claimledger.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )
    env.globals.update(
        estimates_chart=charts.estimates_chart,
        origin_graph=charts.origin_graph,
        credibility_bars=charts.credibility_bars,
        is_web_url=is_web_url,
    )
    return env


def is_web_url(url: object) -> bool:
    """Only http(s) URLs become links; ``javascript:`` and friends stay text."""
    if not isinstance(url, str):
        return False
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def twin(router: APIRouter, path: str, template: str, *, summary: str) -> Callable[[View], View]:
    """Register ``view`` at ``path`` (HTML page) and ``path.json`` (its JSON twin)."""

    def register(view: View) -> View:
        sig = inspect.signature(view, eval_str=True)
        params = list(sig.parameters.values())
        if not params or params[0].name != "request":
            raise TypeError(f"{view.__name__}: a view's first parameter must be `request`")
        bare = sig.replace(return_annotation=inspect.Signature.empty)

        @functools.wraps(view)
        def as_json(**kwargs: Any) -> JSONResponse:
            return JSONResponse(view(**kwargs).data)

        @functools.wraps(view)
        def as_html(**kwargs: Any) -> Response:
            page = view(**kwargs)
            templates: Jinja2Templates = kwargs["request"].app.state.templates
            context = {**page.data, **page.extra, "data": page.data, "json_url": json_path}
            return templates.TemplateResponse(kwargs["request"], template, context)

        json_path = path.rstrip("/") + ".json" if path != "/" else "/index.json"
        for fn in (as_json, as_html):
            # FastAPI reads the parameters to inject from the signature: the view's own.
            setattr(fn, "__signature__", bare)  # noqa: B010
            fn.__annotations__ = {}
        router.add_api_route(
            json_path, as_json, methods=["GET"], summary=f"{summary} (JSON)", response_model=None
        )
        router.add_api_route(
            path,
            as_html,
            methods=["GET"],
            summary=f"{summary} (HTML page)",
            response_class=HTMLResponse,
            response_model=None,
        )
        return view

    return register


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 once it passes ``limit`` bytes: a declared length
    over it before a byte is read, a chunked one as soon as it gets there."""
    declared = request.headers.get("content-length", "")
    too_big = f"body: over the {limit:,}-byte cap"
    if declared.isdecimal() and int(declared) > limit:
        raise HTTPException(413, too_big)
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            raise HTTPException(413, too_big)
    return bytes(body)


async def form_fields(request: Request, limit: int) -> dict[str, str]:
    """A write's fields, from a JSON body or an HTML form (no multipart needed)."""
    body = await read_body(request, limit)
    if "application/json" in request.headers.get("content-type", ""):
        # too deep, not UTF-8, not an object, a lone surrogate: a 422 naming the body, never a 500
        data = json_object(body or b"{}", "body")
        fields = {str(k): str(v) for k, v in data.items() if v is not None}
        return {unicode_text(k, k, "body"): unicode_text(v, k, "body") for k, v in fields.items()}
    parsed = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
    return {k: v[-1] for k, v in parsed.items()}


def done(request: Request, payload: Row, redirect: str) -> Response:
    """JSON clients get the result; a browser form goes back to the page it came from."""
    if errors.wants_json(request):
        return JSONResponse({"ok": True, **payload})
    return RedirectResponse(redirect, status_code=303)


async def write_in_thread(fn: Callable[[], Row]) -> Row:
    return await run_in_threadpool(fn)
