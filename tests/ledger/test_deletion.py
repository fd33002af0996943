"""Deleting an article: what it alone supported goes, everything else stays, the store checks ok.

Runs on SQLite and on the real PostgreSQL server (``db_url``); no model: hand-built analyses.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from claimledger.cli.main import cli
from claimledger.errors import NotFound
from claimledger.ledger.build import rebuild
from claimledger.ledger.deletion import delete_article, plan_deletion
from claimledger.models import ArticleAnalysis
from claimledger.store import Store, schema
from claimledger.store.check import check_store
from claimledger.store.pages import EntryRef, PageRecord
from claimledger.store.writes import NewArticle
from ledger_helpers import make_analysis

PADDING = (
    " The harbour town has two quays, a lighthouse and a fish market that opens before dawn on most days"
    " of the week, and its ferry links the islands to the mainland in every season of the year."
)
BRIDGE = "the Tamsin bridge will close on Friday for repairs"
FERRY = "the island ferry service is suspended until further notice"


def harbor() -> ArticleAnalysis:
    text = f"The Port Authority said {BRIDGE}. Mayor Jane Okafor said {FERRY}.{PADDING}"
    return make_analysis(
        text,
        outlet="Harbor Wire",
        atts=[
            {"source": "The Port Authority", "cue": "said", "content": BRIDGE},
            {"source": "Mayor Jane Okafor", "cue": "said", "content": FERRY, "type": "person"},
        ],
    )


def river() -> ArticleAnalysis:
    text = f"The Coast Guard said {BRIDGE}. Residents were told to plan ahead."
    return make_analysis(
        text,
        outlet="River Post",
        published="2025-03-04",
        atts=[{"source": "The Coast Guard", "cue": "said", "content": BRIDGE}],
    )


def _store(db_url: str, *analyses: ArticleAnalysis) -> Store:
    store = Store.open(db_url)
    for a in analyses:
        store.add_analysis(a, input="test")
    rebuild(store)
    return store


def _claims(store: Store) -> dict[str, dict[str, Any]]:
    return {c["text"]: c for c in store.claims()}


def _rows(store: Store, table: Any, article_id: str) -> list[dict[str, Any]]:
    with store.engine.connect() as conn:
        rows = conn.execute(table.select().where(table.c.article_id == article_id).order_by(table.c.id))
        return [dict(r._mapping) for r in rows]


def test_dry_run_lists_what_would_go_and_changes_nothing(db_url: str) -> None:
    a, b = harbor(), river()
    with _store(db_url, a, b) as store:
        claims_before, actors_before = store.claims(), store.actors.all()
        plan = plan_deletion(store, a.id[:6])
        assert plan.dry_run and plan.article["id"] == a.id
        assert [c["text"] for c in plan.claims_removed] == [FERRY]
        (kept,) = plan.claims_kept
        assert (kept.text, kept.reports_before, kept.reports_lost, kept.origins_before) == (BRIDGE, 2, 1, 2)
        assert {r["name"] for r in plan.actors_removed} >= {"Port Authority", "Mayor Jane Okafor"}
        assert "Coast Guard" not in {r["name"] for r in plan.actors_removed}
        assert store.claims() == claims_before and store.actors.all() == actors_before
        assert store.has_article(a.id)


def test_delete_removes_what_it_alone_supported_and_keeps_the_rest(db_url: str) -> None:
    a, b = harbor(), river()
    with _store(db_url, a, b) as store:
        b_rows = [_rows(store, t, b.id) for t in (schema.attributions, schema.quantities, schema.hedges)]
        assert _claims(store)[BRIDGE]["origin_count"] == 2
        done = delete_article(store, a.id)
        assert not store.has_article(a.id)
        claims = _claims(store)
        assert FERRY not in claims  # only the deleted article reported it
        assert claims[BRIDGE]["origin_count"] == 1 and claims[BRIDGE]["article_count"] == 1
        (kept,) = done.claims_kept
        assert (kept.origins_before, kept.origins_after, kept.new_id) == (2, 1, claims[BRIDGE]["id"])
        names = {r["name"] for r in store.actors.all().values()}
        assert "Mayor Jane Okafor" not in names and "Port Authority" not in names
        assert {"Coast Guard", "River Post"} <= names
        assert {r["name"] for r in done.actors_removed} >= {
            "Mayor Jane Okafor",
            "Port Authority",
            "Harbor Wire",
        }
        # the other article is untouched, row for row, and the ledger has no trace of the deleted one
        assert [
            _rows(store, t, b.id) for t in (schema.attributions, schema.quantities, schema.hedges)
        ] == b_rows
        assert store.claim_members(article_id=a.id) == []
        assert all(e["article_id"] != a.id for e in store.estimate_rows())
        report = check_store(store)
        assert report.ok, report.problems
        assert not store.ledger_is_stale()
        assert store.search_articles("Okafor") == []


def test_an_actor_a_user_rated_stays(db_url: str) -> None:
    a, b = harbor(), river()
    with _store(db_url, a, b) as store:
        store.actors.set_grade("Mayor Jane Okafor", "B")
        assert "Mayor Jane Okafor" not in {r["name"] for r in plan_deletion(store, a.id).actors_removed}
        delete_article(store, a.id)
        assert store.actors.find("Mayor Jane Okafor")["grade"] == "B"
        assert check_store(store).ok


def test_copies_of_a_deleted_article_get_a_new_original(db_url: str) -> None:
    a = harbor()
    copy1 = make_analysis(a.text + " Updated.", outlet="Copy One", published="2025-03-05", atts=[])
    copy2 = make_analysis(a.text + " Updated twice.", outlet="Copy Two", published="2025-03-06", atts=[])
    with _store(db_url, a, copy1, copy2) as store:
        meta = store.article_meta()
        assert meta[copy1.id]["duplicate_of"] == a.id and meta[copy2.id]["duplicate_of"] == a.id
        assert plan_deletion(store, a.id).copies == [copy1.id, copy2.id]
        delete_article(store, a.id)
        meta = store.article_meta()
        assert meta[copy1.id]["duplicate_of"] is None
        assert meta[copy2.id]["duplicate_of"] == copy1.id
        assert check_store(store).ok
        # the new original is found again: a later near-copy is recorded as its copy
        copy3 = make_analysis(a.text + " Updated thrice.", outlet="Copy Three", atts=[])
        store.add_analysis(copy3)
        assert store.article_meta([copy3.id])[copy3.id]["duplicate_of"] == copy1.id


def test_deleting_an_unknown_article_says_so_and_changes_nothing(db_url: str) -> None:
    a = harbor()
    with _store(db_url, a) as store:
        with pytest.raises(NotFound, match="no article with id 'ffff'"):
            delete_article(store, "ffff")
        assert store.has_article(a.id)


def test_cli_asks_first_and_deletes_with_yes(tmp_path: Path) -> None:
    db = str(tmp_path / "ledger.db")
    a, b = harbor(), river()
    _store(db, a, b).close()
    runner = CliRunner()
    dry = runner.invoke(cli, ["article", "delete", a.id[:8], "--db", db, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "would delete article" in dry.output and FERRY in dry.output
    refused = runner.invoke(cli, ["article", "delete", a.id[:8], "--db", db])  # stdin is not a terminal
    assert refused.exit_code == 2
    assert "--yes" in refused.output
    with Store.open(db) as store:
        assert store.has_article(a.id)
    result = runner.invoke(cli, ["article", "delete", a.id[:8], "--db", db, "--yes", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["dry_run"] is False and [c["text"] for c in report["claims_removed"]] == [FERRY]
    with Store.open(db) as store:
        assert not store.has_article(a.id) and store.has_article(b.id)
    check = runner.invoke(cli, ["check", "--db", db])
    assert check.exit_code == 0 and check.output.startswith("ok")


def test_check_names_reports_of_an_article_deleted_before_the_rebuild(db_url: str) -> None:
    """A deletion cut short between its transaction and the ledger's rebuild: `check` says so,
    and the next rebuild (any ingest) mends it."""
    a, b = harbor(), river()
    with _store(db_url, a, b) as store:
        store.delete_article(a.id)
        report = check_store(store)
        assert any("claim_members without their articles row" in p for p in report.problems)
        assert store.ledger_is_stale()
        rebuild(store)
        assert check_store(store).ok


def test_deleting_a_middle_version_of_a_page_relinks_the_versions(db_url: str) -> None:
    """Three versions of one web page: the second goes; the third follows the first, as version 2."""
    url = "https://example.org/story"
    texts = [f"Version {n} of the story. {PADDING} Edition {n}, revised {n * 7} times." for n in (1, 2, 3)]
    analyses = [make_analysis(t, atts=[]) for t in texts]
    with Store.open(db_url) as store:
        for n, a in enumerate(analyses, start=1):
            page = PageRecord(url, url, url, f"2025-03-0{n}T10:00:00+00:00", a.text.encode())
            store.add_analysis(a, input=url, page=page)
        rebuild(store)
        first, second, third = (a.id for a in analyses)
        assert store.pages.article(third)["previous_id"] == second
        delete_article(store, second)
        moved = store.pages.article(third)
        assert (moved["previous_id"], moved["version"]) == (first, 2)
        assert store.pages.article(first)["next_ids"] == [third]
        assert check_store(store).ok


def _on_a_terminal(args: list[str], answer: str) -> str:
    """Run the CLI with a pseudo-terminal as its stdin and stdout, answering its question."""
    main, secondary = os.openpty()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "claimledger", *args],
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        env=env,
    )
    os.close(secondary)
    out = b""
    try:
        while b"Delete it?" not in out:
            ready, _, _ = select.select([main], [], [], 60)
            assert ready, f"no question within 60 s: {out!r}"
            out += os.read(main, 4096)
        os.write(main, answer.encode() + b"\n")
        proc.wait(timeout=60)
        while True:
            try:
                chunk = os.read(main, 4096)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
    finally:
        os.close(main)
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, out
    return out.decode("utf-8", "replace")


def test_on_a_terminal_it_asks_first(tmp_path: Path) -> None:
    db = str(tmp_path / "ledger.db")
    a, b = harbor(), river()
    _store(db, a, b).close()
    said = _on_a_terminal(["article", "delete", a.id, "--db", db], "n")
    assert "would delete article" in said and "nothing deleted" in said
    with Store.open(db) as store:
        assert store.has_article(a.id)
    said = _on_a_terminal(["article", "delete", a.id, "--db", db], "y")
    assert "deleted article" in said
    with Store.open(db) as store:
        assert not store.has_article(a.id) and store.has_article(b.id)


def test_a_feed_entry_that_brought_the_article_stays_done(db_url: str) -> None:
    """`watch` must not fetch a deleted article again: its feed entry stays done, pointing nowhere."""
    feed = "https://example.org/feed.xml"
    a, b = harbor(), river()
    with Store.open(db_url) as store:
        store.add_analyses([NewArticle(a, entry=EntryRef(feed, "guid-a")), NewArticle(b)])
        rebuild(store)
        delete_article(store, a.id)
        (entry,) = store.feeds.entries(feed).values()
        assert (entry["status"], entry["article_id"], entry["guid"]) == ("done", None, "guid-a")
        assert check_store(store).ok
