"""Hostile servers on 127.0.0.1: malformed redirects, stacked encodings, slow headers.

Each case is a real HTTP exchange with a server of the fixture site (or a raw socket
server for what http.server cannot send); nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import gzip
import socket
import struct
import threading
import time
import tracemalloc
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from fetch_fixtures import ARTICLE_A, rss

from claimledger.errors import FetchError
from claimledger.ingest.fetch.client import Fetcher, FetchOptions, parse_url
from claimledger.ingest.fetch.config import FeedConfig, WatchConfig
from claimledger.ingest.fetch.watch import watch
from claimledger.store import Store
from conftest import Page, Site

#: Location headers httpx cannot turn into a request: before the fix each escaped as
#: httpx.InvalidURL or idna's IDNAError, outside every error we catch.
BAD_LOCATIONS = ["http:evil", "https:evil", "ftp:evil", "http://xn--/", "http://xn--a.com/", "http://[::1"]


def _redirect(location: str) -> Page:
    return Page(b"", status=302, headers={"Location": location})


@pytest.mark.parametrize("location", BAD_LOCATIONS)
def test_malformed_redirect_is_a_fetch_error_naming_the_url(
    site: Site, fetcher: Fetcher, location: str
) -> None:
    site.routes["/bad-redirect"] = _redirect(location)
    with pytest.raises(FetchError) as err:
        fetcher.get(site.url("/bad-redirect"))
    assert str(err.value).startswith(site.url("/bad-redirect") + ": redirect to an invalid URL: ")
    assert not err.value.transient and site.hits["/bad-redirect"] == 1  # not retried: it will not change


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://xn--/", "Malformed A-label"),
        ("http://127.0.0.1:99999/", "port 99999 is out of range"),  # the resolver wraps it to 34463
    ],
)
def test_malformed_url_argument_is_a_fetch_error(url: str, problem: str) -> None:
    with pytest.raises(FetchError, match=problem) as err:
        parse_url(url)
    assert str(err.value).startswith(url + ": invalid URL: ")


@pytest.mark.model
def test_ingest_reports_the_malformed_redirect_and_goes_on(site: Site, tmp_path: Path) -> None:
    from claimledger.cli.main import cli

    site.routes["/bad-redirect"] = _redirect("http:evil")
    bad, good = site.url("/bad-redirect"), site.url("/news/port-strike.html")
    args = ["ingest", bad, good, "--allow-private", "--host-delay", "0", "--db", str(tmp_path / "l.db")]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.splitlines() == [
        f"error: {bad}: redirect to an invalid URL: For absolute URLs, path must be empty or begin with '/'"
    ]
    assert result.stdout.startswith("ingested 1 new article(s)")


@pytest.mark.model
def test_watch_marks_the_entry_failed_and_polls_the_other_feeds(
    site: Site, fetcher: Fetcher, tmp_path: Path
) -> None:
    site.routes["/bad-redirect"] = _redirect("http:evil")
    site.routes["/hostile.xml"] = Page(
        rss(site, ["/bad-redirect"]).encode(), content_type="application/rss+xml"
    )
    config = WatchConfig(
        feeds=(FeedConfig(site.url("/hostile.xml"), every=60), FeedConfig(site.url("/feed.xml"), every=60))
    )
    lines: list[str] = []
    with Store.open(str(tmp_path / "w.db")) as store:
        report = watch(store, config, fetcher, once=True, out=lines.append)
        assert (report.polls, report.failed_polls, report.added, report.errors) == (2, 0, 1, 1)
        entries = list(store.feeds.entries(site.url("/hostile.xml")).values())
        assert [e["status"] for e in entries] == ["failed"]
        assert "redirect to an invalid URL" in str(entries[0]["error"])
        assert store.count("articles") == 1  # the other feed's article
        again = watch(store, config, fetcher, once=True, out=lines.append)  # later polls go on too
        assert again.polls == 2 and again.failed_polls == 0


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def _gzip_of_zeros(mib: int) -> bytes:
    """A gzip member inflating to ``mib`` MiB of zeros, built without holding them: one
    deflate block of 1 MiB of zeros after a full flush is the same bytes every time."""
    zeros = bytes(1 << 20)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = deflate.compress(zeros) + deflate.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(mib):
        crc = zlib.crc32(zeros, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    return header + block * mib + deflate.flush() + struct.pack("<II", crc, (mib << 20) & 0xFFFFFFFF)


def test_the_zero_bomb_builder_is_real_gzip() -> None:
    assert gzip.decompress(_gzip_of_zeros(3)) == bytes(3 << 20)


@pytest.mark.parametrize("layers", [2, 3])
def test_stacked_gzip_bomb_stops_at_the_cap_in_small_memory(site: Site, layers: int) -> None:
    body = _gzip_of_zeros(2048)  # 2 GiB of zeros once inflated
    for _ in range(layers - 1):
        body = _gzip(body)
    assert len(body) < 8_000  # a few KB on the wire
    encoding = ", ".join(["gzip"] * layers)
    site.routes["/bomb.html"] = Page(body, headers={"Content-Encoding": encoding})
    with Fetcher(FetchOptions(allow_private=True, host_delay=0, retries=0)) as f:
        tracemalloc.start()
        started = time.monotonic()
        try:
            with pytest.raises(FetchError) as err:
                f.get(site.url("/bomb.html"))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert str(err.value) == (
        f"{site.url('/bomb.html')}: body is over the 5,000,000-byte cap once decoded ({encoding})"
    )
    assert peak < 16_000_000, f"peak {peak:,} bytes"  # the 5 MB body and a few 64 KiB pieces
    assert time.monotonic() - started < 10


def test_stacked_and_deflate_encodings_decode_exactly(site: Site, fetcher: Fetcher) -> None:
    page = ARTICLE_A.encode("utf-8")
    zlib_deflate = zlib.compress(page)
    raw = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    raw_deflate = raw.compress(page) + raw.flush()
    cases = {
        "/two.html": (_gzip(_gzip(page)), "gzip, gzip"),
        "/mixed.html": (_gzip(zlib_deflate), "deflate, x-gzip"),
        "/raw-deflate.html": (raw_deflate, "deflate"),
        "/identity.html": (page, "identity"),
    }
    for path, (body, encoding) in cases.items():
        site.routes[path] = Page(body, headers={"Content-Encoding": encoding})
        assert fetcher.get(site.url(path)).content == page, path


@pytest.mark.parametrize(
    ("encoding", "problem"),
    [
        ("br", "content encoding 'br' is not supported"),
        (", ".join(["gzip"] * 6), "6 content encodings stacked (at most 5 are read)"),
    ],
)
def test_unreadable_encodings_are_one_error(
    site: Site, fetcher: Fetcher, encoding: str, problem: str
) -> None:
    body = ARTICLE_A.encode("utf-8")
    for _ in range(encoding.count("gzip")):
        body = _gzip(body)
    site.routes["/enc.html"] = Page(body, headers={"Content-Encoding": encoding})
    with pytest.raises(FetchError) as err:
        fetcher.get(site.url("/enc.html"))
    assert str(err.value) == f"{site.url('/enc.html')}: {problem}"


def test_corrupt_gzip_is_one_error(site: Site, fetcher: Fetcher) -> None:
    site.routes["/corrupt.html"] = Page(
        b"\x1f\x8b\x08\x00" + b"\xff" * 100, headers={"Content-Encoding": "gzip"}
    )
    with pytest.raises(FetchError, match=r"/corrupt.html: cannot decode the gzip body: "):
        fetcher.get(site.url("/corrupt.html"))


class DripServer:
    """A raw socket server on 127.0.0.1 that answers every request with one header byte
    every ``interval`` seconds, for at most ``limit`` seconds (what http.server cannot do)."""

    def __init__(self, interval: float, limit: float) -> None:
        self.interval, self.limit = interval, limit
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> DripServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(timeout=5)
        self.sock.close()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            threading.Thread(target=self._drip, args=(conn,), daemon=True).start()

    def _drip(self, conn: socket.socket) -> None:
        with conn:
            conn.recv(65536)
            head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Drip: " + b"a" * 1000
            ends = time.monotonic() + self.limit
            try:
                for byte in head:
                    if self.stop.is_set() or time.monotonic() > ends:
                        break
                    conn.sendall(bytes([byte]))
                    time.sleep(self.interval)
                conn.sendall(b"\r\nContent-Length: 0\r\n\r\n")
            except OSError:
                pass  # the client gave up: what we want


def test_slow_headers_stop_at_the_deadline() -> None:
    # each byte comes well within the read timeout, so only a deadline on the whole exchange stops it
    opts = FetchOptions(allow_private=True, retries=0, host_delay=0, read_timeout=2.0, total_timeout=1.5)
    with DripServer(interval=0.3, limit=12) as server, Fetcher(opts) as f:
        started = time.monotonic()
        with pytest.raises(FetchError) as err:
            f.get(f"http://127.0.0.1:{server.port}/drip.html")
        took = time.monotonic() - started
    assert str(err.value) == (
        f"http://127.0.0.1:{server.port}/drip.html: "
        "no complete answer within 1.5 s (connect, headers and body)"
    )
    assert 1.4 < took < 3.5


def test_watch_goes_on_past_a_feed_with_slow_headers(site: Site, tmp_path: Path) -> None:
    opts = FetchOptions(allow_private=True, retries=0, host_delay=0, read_timeout=2.0, total_timeout=1.0)
    lines: list[str] = []
    with DripServer(interval=0.3, limit=12) as server, Fetcher(opts) as f:
        slow = f"http://127.0.0.1:{server.port}/feed.xml"
        site.routes["/plain.xml"] = Page(
            rss(site, [], extra=(("g1", site.url("/missing.html"), "A teaser."),)).encode(),
            content_type="application/rss+xml",
        )
        config = WatchConfig(feeds=(FeedConfig(slow, every=60), FeedConfig(site.url("/plain.xml"), every=60)))
        started = time.monotonic()
        with Store.open(str(tmp_path / "w.db")) as store:
            report = watch(store, config, f, once=True, out=lines.append)
            assert store.feeds.get(slow)["failures"] == 1  # type: ignore[index]
            assert store.feeds.get(site.url("/plain.xml"))["failures"] == 0  # type: ignore[index]
        took = time.monotonic() - started
    assert (report.polls, report.failed_polls) == (2, 1)
    assert lines[0].startswith(f"error: {slow}: no complete answer within 1 s")
    assert took < 6
