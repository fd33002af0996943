"""The fetcher against a real server on 127.0.0.1: caps, timeouts, redirects, retries, validators."""

from __future__ import annotations

import hashlib
import time

import pytest
from fetch_fixtures import ARTICLE_A

from claimledger.errors import FetchError
from claimledger.ingest.fetch.client import USER_AGENT, Fetcher, FetchOptions
from conftest import Page, Site


def test_page_is_fetched_with_our_user_agent_and_gzip(site: Site, fetcher: Fetcher) -> None:
    resp = fetcher.get(site.url("/news/port-strike-gzip.html"))
    assert resp.status == 200
    assert resp.content == ARTICLE_A.encode("utf-8")  # decompressed
    assert resp.content_type == "text/html" and resp.charset == "utf-8"
    sent = site.headers["/news/port-strike-gzip.html"][0]
    assert sent["user-agent"] == USER_AGENT == "claimledger/0.1 (+local research tool)"
    assert "gzip" in sent["accept-encoding"]


def test_connection_is_pinned_but_host_header_kept(site: Site, fetcher: Fetcher) -> None:
    fetcher.get(site.url("/news/port-strike.html", host="localhost"))
    assert site.headers["/news/port-strike.html"][0]["host"] == f"localhost:{site.port}"


def test_redirect_is_followed_and_final_url_kept(site: Site, fetcher: Fetcher) -> None:
    resp = fetcher.get(site.url("/redirect-to-article"))
    assert resp.url == site.url("/redirect-to-article")
    assert resp.final_url == site.url("/news/port-strike.html")


def test_redirect_to_metadata_address_is_refused(site: Site, fetcher: Fetcher) -> None:
    with pytest.raises(FetchError) as err:
        fetcher.get(site.url("/redirect-to-metadata"))
    msg = str(err.value)
    assert msg.startswith(site.url("/redirect-to-metadata") + ": redirected to http://169.254.169.254/")
    assert "cloud metadata address" in msg


def test_redirects_are_capped(site: Site, fetcher: Fetcher) -> None:
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetcher.get(site.url("/redirect-loop"))
    assert site.hits["/redirect-loop"] == 6


def test_slow_server_times_out_with_a_clear_error(site: Site, fetcher: Fetcher) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"/slow: no answer within 0.5 s \(read timeout\)"):
        fetcher.get(site.url("/slow"))
    assert time.monotonic() - started < 3
    assert site.hits["/slow"] == 1  # a timeout is not retried within one run


def test_ten_megabyte_page_stops_at_the_cap_while_streaming(site: Site, fetcher: Fetcher) -> None:
    with pytest.raises(FetchError, match="over the 1,000,000-byte cap"):
        fetcher.get(site.url("/big.html"))


def test_declared_length_over_the_cap_is_refused_before_reading(site: Site, fetcher: Fetcher) -> None:
    with pytest.raises(FetchError, match="body is 2,000,000 bytes, over the 1,000,000-byte cap"):
        fetcher.get(site.url("/big-declared.html"))


def test_wrong_content_type_is_refused(site: Site, fetcher: Fetcher) -> None:
    with pytest.raises(FetchError, match="content type image/png is not a web page"):
        fetcher.get(site.url("/image.png"))


def test_404_is_not_retried(site: Site, fetcher: Fetcher) -> None:
    with pytest.raises(FetchError, match=r"/missing.html: HTTP 404 Not Found") as err:
        fetcher.get(site.url("/missing.html"))
    assert err.value.status == 404 and not err.value.transient
    assert site.hits["/missing.html"] == 1


def test_500_then_200_is_retried_with_backoff(site: Site) -> None:
    delays: list[float] = []
    opts = FetchOptions(allow_private=True, retry_delay=0.2, host_delay=0)
    with Fetcher(opts, sleep=delays.append) as f:
        resp = f.get(site.url("/flaky.html"))
    assert resp.status == 200 and site.hits["/flaky.html"] == 2
    assert delays == [0.2]


def test_persistent_500_gives_up_after_the_retries(site: Site) -> None:
    delays: list[float] = []
    opts = FetchOptions(allow_private=True, retry_delay=0.2, retries=2, host_delay=0)
    with Fetcher(opts, sleep=delays.append) as f, pytest.raises(FetchError, match="HTTP 500") as err:
        f.get(site.url("/always-500.html"))
    assert err.value.transient and site.hits["/always-500.html"] == 3
    assert delays == [0.2, 0.4]  # exponential


def test_connection_refused_is_a_clear_error() -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again before the request: nothing listens there
    opts = FetchOptions(allow_private=True, retries=0, host_delay=0)
    with Fetcher(opts) as f, pytest.raises(FetchError, match="cannot connect"):
        f.get(f"http://127.0.0.1:{port}/")


def test_etag_and_last_modified_give_304(site: Site, fetcher: Fetcher) -> None:
    first = fetcher.get(site.url("/feed.xml"), kind="feed")
    assert first.etag == '"v1"' and first.last_modified
    again = fetcher.get(site.url("/feed.xml"), kind="feed", etag=first.etag)
    assert again.not_modified and again.content == b""
    assert site.headers["/feed.xml"][1]["if-none-match"] == '"v1"'
    by_date = fetcher.get(site.url("/feed.xml"), kind="feed", last_modified=first.last_modified)
    assert by_date.not_modified


def test_requests_to_one_host_are_spaced(site: Site) -> None:
    waits: list[float] = []
    opts = FetchOptions(allow_private=True, host_delay=5.0)
    with Fetcher(opts, sleep=waits.append) as f:
        f.get(site.url("/news/port-strike.html"))
        f.get(site.url("/news/council-vote.html"))
    assert len(waits) == 1 and 4.0 < waits[0] <= 5.0


def test_raw_bytes_hash(site: Site, fetcher: Fetcher) -> None:
    site.routes["/bytes.html"] = Page(b"\xef\xbb\xbf<html>\xe2\x80\x99</html>")
    resp = fetcher.get(site.url("/bytes.html"))
    assert (
        hashlib.sha256(resp.content).hexdigest()
        == hashlib.sha256(b"\xef\xbb\xbf<html>\xe2\x80\x99</html>").hexdigest()
    )
