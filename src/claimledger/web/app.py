"""The FastAPI app: the views (``views``), the rules for who may read and write
(``security``), the error pages (``errors``), static files and the security headers."""

from __future__ import annotations

import contextlib
import ipaddress
import threading
from collections.abc import AsyncIterator, Callable
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from claimledger.web import errors, views
from claimledger.web.head import HeadAsGet
from claimledger.web.pages import StoreHolder, environment
from claimledger.web.security import check_read, is_loopback, loopback_host, no_nul

#: The largest write body read (an article's text and metadata, as a form or JSON).
MAX_BODY = 5_000_000

#: Pages whose filter form sends every field, blank or not: a blank one is no filter.
FILTER_FORMS = tuple(
    p + ext
    for p in ("/claims", "/articles", "/contradictions", "/sources", "/actors")
    for ext in ("", ".json")
)


def without_empty(query: bytes) -> bytes:
    """The query string without its empty parameters: ``grade=`` left blank in the claims
    filter form means no grade filter, not a malformed grade."""
    return b"&".join(p for p in query.split(b"&") if p and not p.endswith(b"="))


def create_app(
    db: str | None = None,
    *,
    host: str = "127.0.0.1",
    token: str | None = None,
    open_reads: bool = False,
    busy_timeout: float = 5.0,
    max_body: int = MAX_BODY,
    max_analyses: int = 1,
    trusted_proxies: tuple[str, ...] = (),
) -> FastAPI:
    """The app over the store at ``db``; ``host`` decides whether ``token`` is needed.

    ``max_body`` caps a write's body (413 past it); ``max_analyses`` bounds the articles
    analyzed at once (503 with Retry-After for one more); ``X-Forwarded-Proto`` is believed
    only from ``trusted_proxies`` (addresses or networks).
    """
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
        openapi_url=None,  # served by views.openapi, behind the read rule
    )
    app.state.store = holder
    app.state.token = token
    app.state.token_required = not is_loopback(host)
    app.state.open_reads = open_reads
    app.state.max_body = max_body
    app.state.trusted_proxies = tuple(ipaddress.ip_network(p, strict=False) for p in trusted_proxies)
    app.state.analyses = threading.BoundedSemaphore(max_analyses)
    app.state.templates = Jinja2Templates(env=environment())
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
        if request.method == "GET" and request.url.path in FILTER_FORMS and request.scope.get("query_string"):
            request.scope["query_string"] = without_empty(request.scope["query_string"])
        response: Response = await call_next(request)
        # Belt and braces behind autoescaping: nothing on our pages may run script.
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response

    app.add_middleware(HeadAsGet)  # added last: outermost, so every check sees the GET it runs
    return app
