"""Hostile servers on 127.0.0.1: malformed redirects, stacked encodings, slow headers.

Each case is a real HTTP exchange with a server of the fixture site (or a raw socket
server for what http.server cannot send); nothing leaves 127.0.0.1.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from fetch_fixtures import rss

from claimledger.errors import FetchError
from claimledger.ingest.fetch.client import Fetcher, parse_url
from claimledger.ingest.fetch.config import FeedConfig, WatchConfig
from claimledger.ingest.fetch.watch import watch
from claimledger.store import Store
from conftest import Page, Site

#: Location headers httpx cannot turn into a request: before the fix each escaped as
#: httpx.InvalidURL or idna's IDNAError, outside every error we catch.
BAD_LOCATIONS = ["http:evil", "https:evil", "ftp:evil", "http://xn--/", "http://xn--a.com/"]


def _redirect(location: str) -> Page:
    return Page(b"", status=302, headers={"Location": location})


@pytest.mark.parametrize("location", BAD_LOCATIONS)
def test_malformed_redirect_is_a_fetch_error_naming_the_url(
    site: Site, fetcher: Fetcher, location: str
) -> None:
    site.routes["/bad-redirect"] = _redirect(location)
    with pytest.raises(FetchError) as err:
        fetcher.get(site.url("/bad-redirect"))
    assert str(err.value).startswith(site.url("/bad-redirect") + ": ")
    assert "invalid" in str(err.value).lower()


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
