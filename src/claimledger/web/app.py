"""The FastAPI app: every page is one view function with two renderings, HTML and JSON.

``/claims/42`` and ``/claims/42.json`` come from the same view (datasette's rule): the
view returns a :class:`Page` whose ``data`` is the JSON twin and the template's context.
On loopback everything is open. On any other interface every write (rating a source,
merging or splitting actors, ingesting an article) needs ``CLAIMLEDGER_TOKEN``, and so do
reads unless the server was started with ``open_reads`` (``serve --open-reads``); a
browser presents the token once at ``/login?token=...`` and keeps it in a cookie.
"""

from __future__ import annotations

import contextlib
import functools
import hmac
import inspect
import ipaddress
import json
import threading
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.concurrency import run_in_threadpool

from claimledger.errors import InputError
from claimledger.store import Store
from claimledger.web import charts, errors
from claimledger.web.db import open_store

Row = dict[str, Any]
TOKEN_ENV = "CLAIMLEDGER_TOKEN"


@dataclass
class Page:
    """What a view returns: ``data`` is the JSON twin; ``extra`` only feeds the HTML template."""

    data: Row
    extra: Row = field(default_factory=dict)


View = Callable[..., Page]


def is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts connections from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


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


def _environment() -> Environment:
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


async def form_fields(request: Request) -> dict[str, str]:
    """A write's fields, from a JSON body or an HTML form (no multipart needed)."""
    body = await request.body()
    if "application/json" in request.headers.get("content-type", ""):
        try:
            data = json.loads(body or b"{}")
        except ValueError as exc:
            raise HTTPException(422, "body: not valid JSON") from exc
        if not isinstance(data, dict):
            raise HTTPException(422, "body: expected a JSON object")
        return {str(k): str(v) for k, v in data.items() if v is not None}
    parsed = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
    return {k: v[-1] for k, v in parsed.items()}


TOKEN_COOKIE = "claimledger_token"


def _presented_token(request: Request, fields: dict[str, str] | None = None) -> str:
    bearer = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    return bearer or (fields or {}).get("token", "") or unquote(request.cookies.get(TOKEN_COOKIE, ""))


def loopback_host(host_header: str) -> bool:
    """Whether a ``Host`` header names this machine's loopback (any port)."""
    try:
        hostname = urlsplit(f"//{host_header}").hostname or ""
    except ValueError:
        return False
    return is_loopback(hostname)


def token_ok(request: Request, given: str) -> bool:
    token: str | None = request.app.state.token
    return bool(token) and hmac.compare_digest(given.encode(), str(token).encode())


def check_read(request: Request) -> None:
    """Off loopback, reads need the token too, unless the server opened them on purpose."""
    state = request.app.state
    if not state.token_required or state.open_reads or request.url.path == "/login":
        return
    if not token_ok(request, _presented_token(request)):
        raise HTTPException(
            401,
            "a valid token is required to read this server (send Bearer <token>, or open /login?token=...)",
        )


def no_nul(request: Request) -> None:
    """No parameter may carry a NUL character: none means anything, and PostgreSQL refuses
    them in text, which would turn a client's bad input into a 503."""
    for name, value in (*request.path_params.items(), *request.query_params.multi_items()):
        if "\x00" in str(value):
            raise InputError(f"{name}: must not contain a NUL character")


def same_origin(request: Request, origin: str) -> bool:
    """Whether a write's ``Origin`` header names this server as the browser reached it.

    ``null`` (a sandboxed frame, a data: or file: page) is never this server. On loopback,
    where writes need no token, the origin must also be a loopback name: a page served from a
    DNS name that has been rebound to 127.0.0.1 sends an Origin equal to its own Host header.
    """
    if origin == "null":
        return False
    parts = urlsplit(origin)
    if parts.netloc != request.headers.get("host"):
        return False
    return bool(request.app.state.token_required) or is_loopback(parts.hostname or "")


def check_write(request: Request, fields: dict[str, str]) -> None:
    """403 for a cross-site write; 401 without the right token when one is required."""
    origin = request.headers.get("origin")
    if origin and not same_origin(request, origin):
        raise HTTPException(403, "cross-site write refused")
    if request.app.state.token_required and not token_ok(request, _presented_token(request, fields)):
        raise HTTPException(401, f"a valid token is required to write (set {TOKEN_ENV}; send Bearer <token>)")
    for name, value in fields.items():
        if "\x00" in name or "\x00" in value:
            raise InputError(f"{name.replace(chr(0), '')}: must not contain a NUL character")


def done(request: Request, payload: Row, redirect: str) -> Response:
    """JSON clients get the result; a browser form goes back to the page it came from."""
    if errors.wants_json(request):
        return JSONResponse({"ok": True, **payload})
    return RedirectResponse(redirect, status_code=303)


def create_app(
    db: str | None = None,
    *,
    host: str = "127.0.0.1",
    token: str | None = None,
    open_reads: bool = False,
    busy_timeout: float = 5.0,
) -> FastAPI:
    """The app over the store at ``db``; ``host`` decides whether ``token`` is needed."""
    from claimledger.web import views

    holder = StoreHolder(db, busy_timeout)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        holder.close()

    app = FastAPI(
        lifespan=lifespan,
        title="claimledger",
        summary="Attributed claims in the news: articles, claims, sources, estimates.",
        version="1",
        docs_url=None,  # Swagger UI and ReDoc load scripts from a CDN: the spec is at /openapi.json
        redoc_url=None,
    )
    app.state.store = holder
    app.state.token = token
    app.state.token_required = not is_loopback(host)
    app.state.open_reads = open_reads
    app.state.templates = Jinja2Templates(env=_environment())
    errors.install(app)
    app.mount("/static", StaticFiles(packages=[("claimledger.web", "static")]), name="static")
    app.include_router(views.router, dependencies=[Depends(check_read), Depends(no_nul)])

    @app.middleware("http")
    async def _headers(request: Request, call_next: Callable[[Request], Any]) -> Response:
        if not app.state.token_required and not loopback_host(request.headers.get("host", "")):
            # DNS rebinding: a page from evil.example whose name now resolves to 127.0.0.1
            # would read the ledger with the browser's help; its requests carry its own Host.
            return JSONResponse(
                {"detail": "this server answers only to loopback names (localhost, 127.0.0.1, [::1])"},
                status_code=403,
            )
        response: Response = await call_next(request)
        # Belt and braces behind autoescaping: nothing on our pages may run script.
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response

    return app


async def write_in_thread(fn: Callable[[], Row]) -> Row:
    return await run_in_threadpool(fn)
