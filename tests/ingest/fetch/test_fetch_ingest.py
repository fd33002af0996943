"""Ingesting pages and feeds from the local server into a real SQLite store, analyzed by spaCy."""

from __future__ import annotations

import hashlib
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from fetch_fixtures import ARTICLE_A, COUNCIL_BODY, STRIKE_BODY, article_html, rss

from claimledger.ingest.fetch.client import Fetcher
from claimledger.ingest.fetch.versions import article_diff
from claimledger.ingest.ingest import ingest
from claimledger.store import Store, schema
from conftest import Page, Site

pytestmark = pytest.mark.model

LONG_SUMMARY = (
    "Harbour pilots in Velmara said on Wednesday that about a dozen ships were waiting offshore, "
    "and the port authority warned that the queue could grow."
)


@pytest.fixture
def cli() -> click.Group:
    from claimledger.cli.main import cli as group

    return group


def test_url_ingest_stores_text_metadata_and_the_raw_page(
    site: Site, fetcher: Fetcher, tmp_path: Path
) -> None:
    urls = [site.url("/news/port-strike.html"), site.url("/news/council-vote.html")]
    with Store.open(str(tmp_path / "l.db")) as store:
        report = ingest(store, urls, fetcher=fetcher)
        assert (report.added, report.errors) == (2, [])
        rows = {r["url"]: r for r in store.articles()}
        a = rows[urls[0]]  # the page's canonical link is on another host: a claim, not its URL
        assert (a["outlet"], a["title"], a["published"]) == (
            "127.0.0.1",
            "Velmara dockers strike again",
            "2025-03-04",
        )
        view = store.pages.article(a["id"])
        assert view["author"] == "Mara Quell" and STRIKE_BODY[1] in view["text"]
        assert view["fetched_url"] == view["final_url"] == urls[0]
        assert view["url"] == view["canonical_url"] == urls[0]
        assert view["claimed_canonical_url"] == "https://tidewater-gazette.example/news/port-strike"
        assert view["claimed_site_name"] == "Tidewater Gazette"
        assert view["raw_sha256"] == hashlib.sha256(ARTICLE_A.encode()).hexdigest()
        assert view["fetched_at"] and view["version"] == 1 and view["previous_id"] is None
        assert store.pages.raw(a["id"]) == ARTICLE_A.encode()  # archived bytes round-trip
        assert store.count("attributions") > 0 and store.count("claims") > 0
        again = ingest(store, urls, fetcher=fetcher)  # nothing twice
        assert (again.added, again.already) == (0, 2)
        assert store.count("articles") == 2 and store.count("pages") == 2


def test_changed_page_is_a_new_version_linked_to_the_old(
    site: Site, fetcher: Fetcher, tmp_path: Path, cli: click.Group
) -> None:
    db = str(tmp_path / "l.db")
    url = site.url("/news/port-strike.html")
    with Store.open(db) as store:
        ingest(store, [url], fetcher=fetcher)
        (old_id,) = [r["id"] for r in store.articles()]
        changed = [STRIKE_BODY[0], STRIKE_BODY[1].replace("About 300", "About 450"), *STRIKE_BODY[2:]]
        changed.append("The union said talks with the port authority would resume on Thursday.")
        site.routes["/news/port-strike.html"] = Page(
            article_html(
                "Velmara dockers strike again",
                changed,
                canonical="https://tidewater-gazette.example/news/port-strike",
            ).encode()
        )
        report = ingest(store, [url], fetcher=fetcher)
        assert report.added == 1
        new_id = next(r["id"] for r in store.articles() if r["id"] != old_id)
        new = store.pages.article(new_id)
        assert (new["version"], new["previous_id"]) == (2, old_id)
        assert store.pages.article(old_id)["next_ids"] == [new_id]
        diff = article_diff(store, new_id)
        members = {m["article_id"] for m in store.claim_members()}
    assert "-About 300 workers joined the strike" in diff and "+About 450 workers joined the strike" in diff
    assert "+The union said talks with the port authority would resume on Thursday." in diff
    assert {old_id, new_id} <= members  # claims point at the version they came from

    runner = CliRunner()
    shown = runner.invoke(cli, ["article", "diff", new_id[:8], "--db", db])
    assert shown.exit_code == 0 and shown.stdout == diff + "\n"
    raw = runner.invoke(cli, ["article", "show", old_id, "--raw", "--db", db])
    assert raw.exit_code == 0 and raw.stdout_bytes == ARTICLE_A.encode()
    text = runner.invoke(cli, ["article", "show", new_id, "--db", db])
    assert f"version: 2; previous: {old_id}" in text.stdout and "About 450 workers" in text.stdout
    first = runner.invoke(cli, ["article", "diff", old_id, "--db", db])
    assert first.exit_code == 2 and "has no earlier version" in first.output


def test_feed_ingests_each_new_entry_once(site: Site, fetcher: Fetcher, tmp_path: Path) -> None:
    extra = (
        ("gone-with-text", site.url("/gone.html"), LONG_SUMMARY),
        ("gone-no-text", site.url("/gone-too.html"), "Too short."),
    )
    site.routes["/feed.xml"] = Page(
        rss(site, ["/news/port-strike.html", "/news/council-vote.html"], extra=extra).encode(),
        content_type="application/rss+xml",
    )
    feed = site.url("/feed.xml")
    with Store.open(str(tmp_path / "l.db")) as store:
        report = ingest(store, [], feeds=[feed], fetcher=fetcher)
        assert report.added == 3
        assert report.notes == [
            f"{site.url('/gone.html')}: HTTP 404 Not Found; used the entry's text from the feed"
        ]
        assert report.errors == [f"{site.url('/gone-too.html')}: HTTP 404 Not Found"]
        from_feed = next(r for r in store.articles() if r["url"] == site.url("/gone.html"))
        assert store.pages.raw(from_feed["id"]) == LONG_SUMMARY.encode()
        assert from_feed["outlet"] == "127.0.0.1"  # the feed's host; its title is a claim
        assert store.pages.article(from_feed["id"])["claimed_site_name"] == "Tidewater Gazette"
        hits = site.hits["/news/port-strike.html"]
        again = ingest(store, [], feeds=[feed], fetcher=fetcher)
        assert again.added == 0 and site.hits["/news/port-strike.html"] == hits  # done entries not refetched
        site.routes["/news/new.html"] = Page(
            article_html(
                "Tram depot", COUNCIL_BODY[::-1], canonical="https://hollow-courier.example/x"
            ).encode()
        )
        site.routes["/feed.xml"] = Page(
            rss(
                site, ["/news/port-strike.html", "/news/council-vote.html", "/news/new.html"], extra=extra
            ).encode(),
            content_type="application/rss+xml",
        )
        third = ingest(store, [], feeds=[feed], fetcher=fetcher)
        assert third.added == 1
        assert store.count("articles") == 4
        with store.engine.connect() as conn:
            done = conn.execute(
                schema.feed_entries.select().where(schema.feed_entries.c.status == "done")
            ).all()
        assert len(done) == 4


def test_bad_inputs_one_line_each_and_the_run_goes_on(site: Site, tmp_path: Path, cli: click.Group) -> None:
    bad = {
        "ftp://example.org/x": "invalid URL: scheme 'ftp' is not http or https",
        site.url("/missing.html"): "HTTP 404 Not Found",
        site.url("/empty-body.html"): "HTML has no article body",
        site.url("/slow"): "no answer within 0.5 s (read timeout)",
        site.url("/image.png"): "content type image/png is not a web page",
    }
    args = ["ingest", site.url("/news/port-strike.html"), *bad, "--feed", site.url("/not-a-feed.xml")]
    args += ["--allow-private", "--host-delay", "0", "--timeout", "0.5", "--db", str(tmp_path / "l.db")]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    errors = result.stderr.splitlines()
    expected = [f"error: {url}: {problem}" for url, problem in bad.items()]
    expected.append(f"error: {site.url('/not-a-feed.xml')}: not an RSS or Atom feed")
    assert [e.split(" (")[0] if "feed" in e else e for e in errors] == expected
    assert result.stdout.startswith(
        "ingested 1 new article(s) (0 near-duplicate), 0 copies of stored articles, "
        "0 already stored, 6 failed"
    )


def test_loopback_refused_without_allow_private(site: Site, tmp_path: Path, cli: click.Group) -> None:
    url = site.url("/news/port-strike.html")
    result = CliRunner().invoke(cli, ["ingest", url, "--db", str(tmp_path / "l.db")])
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {url}: refused to fetch 127.0.0.1: a loopback address; use --allow-private to allow it\n"
    )
    assert site.hits["/news/port-strike.html"] == 0


def test_feed_file_through_the_cli(site: Site, tmp_path: Path, cli: click.Group) -> None:
    feed = tmp_path / "saved.xml"
    feed.write_text(rss(site, ["/news/council-vote.html"]), encoding="utf-8")
    db = str(tmp_path / "l.db")
    args = ["ingest", "--feed", str(feed), "--allow-private", "--host-delay", "0", "--db", db]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith("ingested 1 new article(s)")
    second = CliRunner().invoke(cli, [*args, "--format", "json"])
    assert second.exit_code == 0 and '"added": 0' in second.stdout
    assert site.hits["/news/council-vote.html"] == 1
    missing = CliRunner().invoke(cli, ["ingest", "--feed", str(tmp_path / "nope.xml"), "--db", db])
    assert missing.exit_code == 2
    assert (
        f"error: {tmp_path / 'nope.xml'}: cannot read feed file: No such file or directory" in missing.stderr
    )
