"""Who may read and write: loopback is open; elsewhere the token, same-origin writes, no NULs.

On loopback everything is open. On any other interface every write (rating a source,
merging or splitting actors, ingesting an article) needs ``CLAIMLEDGER_TOKEN``, and so do
reads (the OpenAPI document included) unless the server was started with ``open_reads``
(``serve --open-reads``); a browser presents the token once in the ``/login`` form and
keeps it in a cookie, ``Secure`` when it came over https.
"""

from __future__ import annotations

import hmac
import ipaddress
from urllib.parse import unquote, urlsplit

from fastapi import HTTPException, Request

from claimledger.errors import InputError
from claimledger.web.pages import form_fields

TOKEN_ENV = "CLAIMLEDGER_TOKEN"


TOKEN_COOKIE = "claimledger_token"


def is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts connections from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def loopback_host(host_header: str) -> bool:
    """Whether a ``Host`` header names this machine's loopback (any port)."""
    try:
        hostname = urlsplit(f"//{host_header}").hostname or ""
    except ValueError:
        return False
    return is_loopback(hostname)


def _presented_token(request: Request) -> str:
    bearer = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    return bearer or unquote(request.cookies.get(TOKEN_COOKIE, ""))


def token_ok(request: Request, given: str) -> bool:
    token: str | None = request.app.state.token
    return bool(token) and hmac.compare_digest(given.encode(), str(token).encode())


def check_read(request: Request) -> None:
    """Off loopback, reads need the token too, unless the server opened them on purpose."""
    state = request.app.state
    if not state.token_required or state.open_reads or request.url.path == "/login":
        return
    if request.method not in ("GET", "HEAD"):
        return  # a write: write_fields checks the token, which may come in its form
    if not token_ok(request, _presented_token(request)):
        raise HTTPException(
            401,
            "a valid token is required to read this server (send Bearer <token>, or log in at /login)",
        )


def came_over_https(request: Request) -> bool:
    """Whether the browser reached us over TLS: our own scheme, or ``X-Forwarded-Proto`` from
    a proxy the operator named (``serve --trusted-proxy``); anyone else could send that header."""
    if request.url.scheme == "https":
        return True
    proto = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    client = request.client.host if request.client else ""
    return proto == "https" and in_networks(client, request.app.state.trusted_proxies)


def in_networks(host: str, networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    return any(ip in net for net in networks)


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


def is_form(request: Request) -> bool:
    return request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded")


async def write_fields(request: Request) -> dict[str, str]:
    """A write's fields, read only once the write may be allowed.

    403 for a cross-site write. Where a token is required, a Bearer header or the login
    cookie is checked before a byte of the body is read (401); only an HTML form without
    either is read first, for its ``token`` field, and that read too is capped (413 past
    ``max_body``, a declared length refused before reading).
    """
    origin = request.headers.get("origin")
    if origin and not same_origin(request, origin):
        raise HTTPException(403, "cross-site write refused")
    refused = HTTPException(401, f"a valid token is required to write (set {TOKEN_ENV}; send Bearer <token>)")
    state = request.app.state
    bearer = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    cookie = unquote(request.cookies.get(TOKEN_COOKIE, ""))
    allowed = not state.token_required or token_ok(request, bearer or cookie)
    if not allowed and (bearer or not is_form(request)):
        raise refused  # a wrong Bearer decides; JSON and other bodies carry no token we read
    fields = await form_fields(request, state.max_body)
    if not allowed and not token_ok(request, fields.get("token", "")):
        raise refused
    for name, value in fields.items():
        if "\x00" in name or "\x00" in value:
            raise InputError(f"{name.replace(chr(0), '')}: must not contain a NUL character")
    return fields
