"""One error shape for the whole app, in JSON or HTML, whatever raised it.

Like datasette's ``handle_exception``: our tree (NotFound, InputError, StorageError),
FastAPI's validation errors and Starlette's HTTP errors all end in :func:`error_response`,
which answers ``{"ok": false, "error", "errors", "status"}`` to JSON clients and the
``error.html`` page to everyone else.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from claimledger.errors import ClaimLedgerError, InputError, NotFound, StorageError

TITLES = {
    400: "Bad request",
    401: "Token required",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    413: "Request too large",
    422: "Invalid parameter",
    500: "Server error",
    503: "Database unavailable",
}


def status_of(exc: ClaimLedgerError) -> int:
    """The HTTP status our error tree maps to: the error carries its own meaning."""
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, InputError):
        return 422
    if isinstance(exc, StorageError):
        return 503
    return 500


def wants_json(request: Request) -> bool:
    """JSON for ``.json`` paths, the OpenAPI document, JSON bodies and JSON-only clients."""
    path = request.url.path
    if path.endswith(".json") or path.startswith("/export/"):
        return True
    if "application/json" in request.headers.get("content-type", ""):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def error_response(
    request: Request,
    status: int,
    message: str,
    errors: list[Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    body = {"ok": False, "error": message, "errors": errors or [], "status": status}
    headers = {**(headers or {}), **({"WWW-Authenticate": "Bearer"} if status == 401 else {})} or None
    title = "Busy" if status == 503 and message.startswith("busy") else TITLES.get(status, "Error")
    if wants_json(request):
        return JSONResponse(body, status_code=status, headers=headers)
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(
        request,
        "error.html",
        {**body, "title": title},
        status_code=status,
        headers=headers,
    )


#: What a parameter checked by a pattern must look like, said in words: a user who types
#: ``grade=9`` is told "a credibility 1-6 or a range like 1-3", not shown the regex.
EXPECTED = {
    "grade": "a credibility 1-6 or a range like 1-3",
    "since": "a date like 2025-03-14",
    "until": "a date like 2025-03-14",
}


def _message(field: str, e: dict[str, Any]) -> str:
    """A validation error in words: a pattern mismatch names what was expected and what came."""
    if e.get("type") == "string_pattern_mismatch":
        given = str(e.get("input", ""))
        shown = given if len(given) <= 60 else given[:57] + "..."
        return f"must be {EXPECTED.get(field.rsplit('.', 1)[-1], 'in the documented form')}, not {shown!r}"
    return str(e["msg"])


def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("query", "path", "body", "header")]
    return ".".join(parts) or "request"


def install(app: FastAPI) -> None:
    """Route every error through :func:`error_response`."""

    @app.exception_handler(ClaimLedgerError)
    async def _ours(request: Request, exc: ClaimLedgerError) -> Response:
        return error_response(request, status_of(exc), str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = [
            {
                "field": _field(e.get("loc", ())),
                "location": str((e.get("loc") or ["?"])[0]),
                "message": _message(_field(e.get("loc", ())), e),
            }
            for e in exc.errors()
        ]
        message = "; ".join(f"{e['field']}: {e['message']}" for e in errors) or "invalid request"
        return error_response(request, 422, message, errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        return error_response(request, exc.status_code, str(exc.detail), headers=dict(exc.headers or {}))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        return error_response(request, 500, f"internal error: {type(exc).__name__}")
