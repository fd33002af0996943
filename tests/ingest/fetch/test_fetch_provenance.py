"""Provenance comes from where the bytes were fetched, not from what a page says of itself.

Before: a page on any host with ``<link rel=canonical href="https://www.wire.example/...">``
and ``og:site_name`` "Wire" was stored as a Wire article, and a second such page became
"version 2" of it. The hosts are made-up names that a resolver this test controls maps to
127.0.0.1, where the fixture server answers; analysis is replaced by hand-made analyses.
"""

from __future__ import annotations

import socket
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fetch_fixtures import COUNCIL_BODY, STRIKE_BODY, article_html, rss
from sqlalchemy import update

from claimledger.ingest.fetch.client import Fetcher, FetchOptions
from claimledger.ingest.ingest import ingest
from claimledger.models import ArticleAnalysis, ArticleMeta
from claimledger.store import Store, schema
from claimledger.store.database import writing
from claimledger.store.migrations import MIGRATIONS
from conftest import Page, Site
from ledger_helpers import make_analysis

REAL_GETADDRINFO = socket.getaddrinfo
HOSTS = {"www.wire.example", "wire.example", "mirror.example", "copycat.example"}
WIRE = "https://www.wire.example/world/port-strike"


def hand_analyzer(items: Iterable[tuple[str, ArticleMeta]]) -> Iterator[ArticleAnalysis]:
    for text, meta in items:
        a = make_analysis(text, outlet=meta.outlet or "x", published=meta.published or "2025-01-01")
        yield ArticleAnalysis(a.id, a.text, ArticleMeta(**meta.to_dict()), (), (), ())


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> None:
    """The made-up hosts resolve to 127.0.0.1; every other name as the system says."""

    def fake(host: Any, port: Any, *args: Any, **kw: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name in HOSTS:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port or 0))]
        return REAL_GETADDRINFO(host, port, *args, **kw)

    monkeypatch.setattr(socket, "getaddrinfo", fake)


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(FetchOptions(allow_private=True, host_delay=0, retries=0, read_timeout=2.0)) as f:
        yield f


def _claiming(paragraphs: list[str], canonical: str = WIRE, site: str = "Wire") -> Page:
    return Page(article_html("Port strike", paragraphs, canonical=canonical, site=site).encode())


def _ingest(store: Store, fetcher: Fetcher, *urls: str) -> None:
    report = ingest(store, list(urls), fetcher=fetcher, analyzer=hand_analyzer)
    assert report.errors == [] and report.added == len(urls)


def test_a_page_claiming_another_site_is_stored_as_its_own_host(
    site: Site, dns: None, fetcher: Fetcher, tmp_path: Path
) -> None:
    site.routes["/copy.html"] = _claiming(STRIKE_BODY)
    url = site.url("/copy.html", host="mirror.example")
    db = str(tmp_path / "p.db")
    with Store.open(db) as store:
        _ingest(store, fetcher, url)
        (a,) = store.articles()
        assert (a["url"], a["outlet"]) == (url, "mirror.example")  # before: WIRE, "Wire"
        view = store.pages.article(a["id"])
        assert (view["canonical_url"], view["claimed_canonical_url"], view["claimed_site_name"]) == (
            url,
            WIRE,
            "Wire",
        )
    shown = CliRunner().invoke(_cli(), ["article", "show", a["id"], "--db", db])
    assert shown.exit_code == 0, shown.output
    lines = shown.stdout.splitlines()
    assert "outlet: mirror.example" in lines and f"url: {url}" in lines
    assert f"claimed canonical url (unverified): {WIRE}" in lines
    assert "claimed site name (unverified): Wire" in lines
    as_json = CliRunner().invoke(_cli(), ["article", "show", a["id"], "--db", db, "--format", "json"])
    assert '"claimed_site_name": "Wire"' in as_json.stdout


def _cli() -> Any:
    from claimledger.cli.main import cli

    return cli


def test_versions_chain_only_within_one_host(site: Site, dns: None, fetcher: Fetcher, tmp_path: Path) -> None:
    site.routes["/world/port-strike.html"] = _claiming(STRIKE_BODY)
    site.routes["/copy.html"] = _claiming([*STRIKE_BODY, "A sentence the copycat added to the story."])
    site.routes["/other.html"] = _claiming(COUNCIL_BODY)
    with Store.open(str(tmp_path / "v.db")) as store:
        wire = site.url("/world/port-strike.html", host="www.wire.example")
        _ingest(store, fetcher, wire)
        (original,) = [r["id"] for r in store.articles()]
        assert store.pages.article(original)["canonical_url"] == WIRE  # its own host: the claim is used
        _ingest(store, fetcher, site.url("/copy.html", host="mirror.example"))
        _ingest(store, fetcher, site.url("/other.html", host="copycat.example"))
        for r in store.articles():
            if r["id"] != original:  # before: versions 2 and 3 of the Wire article
                view = store.pages.article(r["id"])
                assert (view["version"], view["previous_id"]) == (1, None), r["outlet"]
        assert store.pages.article(original)["next_ids"] == []
        # the same site under another spelling of its host and another URL: a real new version
        site.routes["/world/port-strike.html?ref=home"] = _claiming([*STRIKE_BODY, "The strike ended."])
        _ingest(store, fetcher, site.url("/world/port-strike.html?ref=home", host="wire.example"))
        (update_,) = store.pages.article(original)["next_ids"]
        assert store.pages.article(update_)["version"] == 2


def test_a_feed_entry_text_is_credited_to_the_feed_host(
    site: Site, dns: None, fetcher: Fetcher, tmp_path: Path
) -> None:
    summary = "Harbour pilots said about a dozen ships were waiting offshore and the queue could grow."
    site.routes["/feed.xml"] = Page(
        rss(site, [], extra=(("g1", WIRE, summary),)).replace("Tidewater Gazette", "Wire").encode(),
        content_type="application/rss+xml",
    )
    feed = site.url("/feed.xml", host="mirror.example")
    with Store.open(str(tmp_path / "f.db")) as store:
        # the entry's link (www.wire.example, answered here by a 404) fails, so its text is used
        report = ingest(store, [], feeds=[feed], fetcher=fetcher, analyzer=hand_analyzer)
        assert report.added == 1, report.errors
        (a,) = store.articles()
        assert a["outlet"] == "mirror.example" and a["url"].startswith(feed + "#")  # before: "Wire", WIRE
        view = store.pages.article(a["id"])
        assert (view["claimed_canonical_url"], view["claimed_site_name"]) == (WIRE, "Wire")


def test_migration_11_rekeys_pages_stored_under_another_host(
    site: Site, dns: None, fetcher: Fetcher, tmp_path: Path
) -> None:
    assert MIGRATIONS[11][0].startswith("pages: claimed canonical URL and site name")
    site.routes["/world/port-strike.html"] = _claiming(STRIKE_BODY)
    site.routes["/copy.html"] = _claiming(COUNCIL_BODY)
    copy = site.url("/copy.html", host="mirror.example")
    with Store.open(str(tmp_path / "m.db")) as store:
        _ingest(store, fetcher, site.url("/world/port-strike.html", host="www.wire.example"))
        _ingest(store, fetcher, copy)
        ids = {r["outlet"]: r["id"] for r in store.articles()}
        p = schema.pages
        with writing(store.engine) as conn:  # as an older claimledger stored them
            conn.execute(
                update(p)
                .where(p.c.article_id == ids["mirror.example"])
                .values(
                    canonical_url=WIRE,
                    claimed_canonical_url=None,
                    version=2,
                    previous_id=ids["www.wire.example"],
                )
            )
            MIGRATIONS[11][1](conn)
        view = store.pages.article(ids["mirror.example"])
        assert (view["canonical_url"], view["claimed_canonical_url"]) == (copy, WIRE)
        assert (view["version"], view["previous_id"]) == (1, None)
        assert store.pages.article(ids["www.wire.example"])["canonical_url"] == WIRE  # its own: kept
