"""The page archive, version chain and feed state on SQLite and PostgreSQL (no model needed)."""

from __future__ import annotations

import hashlib

from claimledger.models import ArticleAnalysis, ArticleMeta, article_id
from claimledger.store import Store
from claimledger.store.migrations import MIGRATIONS
from claimledger.store.pages import EntryRef, PageRecord

CANON = "https://tidewater-gazette.example/news/port-strike"


def _analysis(text: str) -> ArticleAnalysis:
    return ArticleAnalysis(
        id=article_id(text), text=text, meta=ArticleMeta(url=CANON), attributions=(), quantities=(), hedges=()
    )


def _page(raw: bytes) -> PageRecord:
    return PageRecord(
        url="http://127.0.0.1/x",
        final_url="http://127.0.0.1/x",
        canonical_url=CANON,
        fetched_at="2025-03-04T10:00:00+00:00",
        raw=raw,
        content_type="text/html",
        encoding="utf-8",
    )


def test_migration_3_is_registered() -> None:
    assert MIGRATIONS[3][0] == "pages (raw archive, versions), feeds and feed entries"


def test_pages_versions_and_raw_round_trip(db_url: str) -> None:
    raw1, raw2 = b"<html>\x00first \xe2\x80\x99</html>" * 50, b"<html>second</html>"
    with Store.open(db_url) as store:
        assert store.schema_version() >= 3
        first, second = _analysis("The first text of the story."), _analysis("The second text of the story.")
        assert store.add_analysis(first, page=_page(raw1))
        assert store.add_analysis(second, page=_page(raw2))
        assert not store.add_analysis(second, page=_page(raw2))  # nothing twice
        assert store.pages.raw(first.id) == raw1
        view = store.pages.article(second.id)
        assert (view["version"], view["previous_id"]) == (2, first.id)
        assert view["raw_sha256"] == hashlib.sha256(raw2).hexdigest() and view["raw_size"] == len(raw2)
        assert store.pages.article(first.id)["next_ids"] == [second.id]
        assert store.pages.resolve(second.id[:6]) == second.id
        assert store.count("pages") == 2


def test_feed_state_and_entries(db_url: str) -> None:
    feed = "http://127.0.0.1/feed.xml"
    entry = EntryRef(
        feed_url=feed, guid="https://very.example/" + "long/" * 300, link="https://very.example/a"
    )
    with Store.open(db_url) as store:
        assert store.feeds.get(feed) is None
        store.feeds.save(feed, etag='"v1"', last_modified="Tue, 04 Mar 2025 10:00:00 GMT")
        store.feeds.save(feed, failures=2, last_error="HTTP 503")
        state = store.feeds.get(feed)
        assert state is not None and (state["etag"], state["failures"], state["last_error"]) == (
            '"v1"',
            2,
            "HTTP 503",
        )
        store.feeds.mark(entry, status="failed", at="t1", error="HTTP 404")
        store.feeds.mark(entry, status="done", at="t2", article_id="abc")
        (row,) = store.feeds.entries(feed).values()
        assert (row["status"], row["attempts"], row["article_id"], row["first_seen"]) == (
            "done",
            2,
            "abc",
            "t1",
        )
        assert len(row["entry_key"]) == 64
