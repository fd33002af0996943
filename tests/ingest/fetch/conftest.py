"""A real HTTP server on 127.0.0.1 serving our own fixture pages and feeds.

Every test gets a fresh :class:`Site` (routes can be changed mid-test: a feed that
changes between polls, a page with a new text) and the server is shut down after it.
Nothing here reaches beyond 127.0.0.1.
"""

from __future__ import annotations

import gzip
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from fetch_fixtures import ARTICLE_A, ARTICLE_B, rss

from claimledger.ingest.fetch.client import Fetcher, FetchOptions


@dataclass
class Page:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    gzip: bool = False


Route = Page | Callable[[BaseHTTPRequestHandler], None]


class Site:
    """Routes, hit counts and request headers of the fixture server."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.headers: dict[str, list[dict[str, str]]] = {}
        self.release = threading.Event()
        self.port = 0

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet tests
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            path = self.path
            site.hits[path] += 1
            site.headers.setdefault(path, []).append({k.lower(): v for k, v in self.headers.items()})
            route = site.routes.get(path)
            if route is None:
                self._send(Page(b"<html><body>not here</body></html>", status=404))
            elif isinstance(route, Page):
                self._send(route)
            else:
                route(self)

        def _send(self, page: Page) -> None:
            if page.etag and self.headers.get("If-None-Match") == page.etag:
                self.send_response(304)
                self.send_header("ETag", page.etag)
                self.end_headers()
                return
            if page.last_modified and self.headers.get("If-Modified-Since") == page.last_modified:
                self.send_response(304)
                self.end_headers()
                return
            body = gzip.compress(page.body) if page.gzip else page.body
            self.send_response(page.status)
            self.send_header("Content-Type", page.content_type)
            self.send_header("Content-Length", str(len(body)))
            if page.gzip:
                self.send_header("Content-Encoding", "gzip")
            if page.etag:
                self.send_header("ETag", page.etag)
            if page.last_modified:
                self.send_header("Last-Modified", page.last_modified)
            for k, v in page.headers.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)

    return Handler


@pytest.fixture
def site() -> Iterator[Site]:
    """The fixture server, started on a free port of 127.0.0.1 and stopped after the test."""
    s = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(s))
    server.daemon_threads = True
    s.port = server.server_address[1]
    s.routes.update(default_routes(s))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield s
    finally:
        s.release.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    """A fetcher allowed to reach the loopback server, with short limits so tests stay fast."""
    options = FetchOptions(
        allow_private=True,
        read_timeout=0.5,
        connect_timeout=1.0,
        retry_delay=0.01,
        host_delay=0.0,
        max_bytes=1_000_000,
    )
    with Fetcher(options) as f:
        yield f


def _slow(site: Site) -> Callable[[BaseHTTPRequestHandler], None]:
    def handle(req: BaseHTTPRequestHandler) -> None:
        site.release.wait(5)  # never answers within the test's timeout

    return handle


def _big(req: BaseHTTPRequestHandler) -> None:
    """10 MB with no Content-Length: only a cap enforced while streaming stops it."""
    req.send_response(200)
    req.send_header("Content-Type", "text/html")
    req.end_headers()
    chunk = b"<p>" + b"filler text " * 8000 + b"</p>\n"
    try:
        sent = 0
        while sent < 10_000_000:
            req.wfile.write(chunk)
            sent += len(chunk)
    except (BrokenPipeError, ConnectionResetError):
        pass


def _flaky(site: Site, path: str, fails: int, page: Page) -> Callable[[BaseHTTPRequestHandler], None]:
    def handle(req: BaseHTTPRequestHandler) -> None:
        if site.hits[path] <= fails:
            req._send(Page(b"<h1>server error</h1>", status=500))  # type: ignore[attr-defined]
        else:
            req._send(page)  # type: ignore[attr-defined]

    return handle


def _redirect(location: str) -> Page:
    return Page(b"", status=302, headers={"Location": location})


def default_routes(site: Site) -> dict[str, Route]:
    a = ARTICLE_A.encode("utf-8")
    return {
        "/news/port-strike.html": Page(a),
        "/news/port-strike-gzip.html": Page(a, gzip=True),
        "/news/council-vote.html": Page(ARTICLE_B.encode("utf-8")),
        "/redirect-to-article": _redirect("/news/port-strike.html"),
        "/redirect-to-metadata": _redirect("http://169.254.169.254/latest/meta-data/"),
        "/redirect-loop": _redirect("/redirect-loop"),
        "/slow": _slow(site),
        "/big.html": _big,
        "/big-declared.html": Page(b"x" * 2_000_000),
        "/image.png": Page(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, content_type="image/png"),
        "/empty-body.html": Page(
            b"<html><head><title>Menu</title></head><body><nav>Home | About</nav></body></html>"
        ),
        "/flaky.html": _flaky(site, "/flaky.html", 1, Page(a)),
        "/always-500.html": _flaky(site, "/always-500.html", 10_000, Page(a)),
        "/feed.xml": Page(
            rss(site, ["/news/port-strike.html"]).encode(),
            content_type="application/rss+xml",
            etag='"v1"',
            last_modified="Tue, 04 Mar 2025 10:00:00 GMT",
        ),
        "/not-a-feed.xml": Page(b"this is plain text, certainly not a feed\n", content_type="text/plain"),
    }
