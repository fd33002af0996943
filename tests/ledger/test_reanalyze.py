"""reanalyze: stored articles analysed again with the current extractor, and what changed.

An "old" store is made as an older claimledger left it: an analysis that is not what today's
rules find, stored under the old extractor name ``attribution.v1``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import update

from claimledger.analysis import version
from claimledger.cli.main import cli
from claimledger.engine.runner import EngineOptions
from claimledger.ledger.build import rebuild
from claimledger.ledger.reanalyze import reanalyze
from claimledger.store import Store, schema
from claimledger.store.check import check_store
from ledger_helpers import make_analysis

TEXT = (
    "The Harbour Board said on Monday that the west quay will reopen next week. "
    "Dock workers complained that the repairs had taken far too long."
)
FABRICATED = "Dock workers complained"  # a fragment today's rules do not take for a claim
OTHER = "The mayor said the ferry timetable would not change this winter."

pytestmark = pytest.mark.model


def _old_store(db: str, analyze_text: Any) -> tuple[Store, str, str]:
    """One article with an analysis today's rules would not make, marked as an old
    extractor's; one analysed today (so current)."""
    old = make_analysis(TEXT, atts=[{"source": "The Harbour Board", "content": FABRICATED}])
    store = Store.open(db)
    store.add_analysis(old)
    store.add_analysis(analyze_text(OTHER))
    a = schema.articles
    with store.engine.begin() as conn:
        conn.execute(update(a).where(a.c.id == old.id).values(extractor="attribution.v1"))
    rebuild(store)
    return store, old.id, analyze_text(OTHER).id


def _contents(store: Store, article_id: str) -> list[str]:
    return [r["content_text"] for r in store.attribution_rows_of(article_id)]


def test_reanalyze_replaces_an_old_analysis_and_reports_the_change(db_url: str, analyze_text: Any) -> None:
    store, old_id, current_id = _old_store(db_url, analyze_text)
    with store:
        assert _contents(store, old_id) == [FABRICATED]
        report = reanalyze(store)
        assert (report.reanalyzed, report.skipped, report.failed) == (1, 1, [])
        expected = [a.content.text for a in analyze_text(TEXT).attributions]
        assert expected and _contents(store, old_id) == sorted(expected, key=TEXT.index)
        assert store.article_meta([old_id])[old_id]["id"] == old_id
        assert store.article_inputs([old_id])[0]["extractor"] == version.extractor_version()
        assert [c["text"] for c in report.removed] == [FABRICATED]
        added = {c["text"] for c in report.added}
        assert added and FABRICATED not in added
        assert added <= {c["text"] for c in store.claims()}
        (change,) = report.articles
        assert change.removed == [f"The Harbour Board: {FABRICATED}"] and change.added
        assert check_store(store).ok and not store.ledger_is_stale()
        data = report.to_dict(examples=1, per_article=True)
        assert data["claims_removed"] == 1 and len(data["examples"]["added"]) == 1
        # a second run finds every article current; --all analyses them again, to no change
        again = reanalyze(store)
        assert (again.reanalyzed, again.skipped, again.added, again.removed) == (0, 2, [], [])
        everything = reanalyze(store, everything=True)
        assert everything.reanalyzed == 2
        assert (everything.added, everything.removed, everything.changed) == ([], [], [])
        assert store.has_article(current_id)


def test_cli_reanalyze_narrows_to_an_article_and_speaks_json(tmp_path: Path, analyze_text: Any) -> None:
    db = str(tmp_path / "ledger.db")
    store, old_id, _current = _old_store(db, analyze_text)
    store.close()
    runner = CliRunner()
    args = ["reanalyze", "--db", db, "--article", old_id[:8], "--all", "--format", "json"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["reanalyzed"] == 1 and data["claims_removed"] == 1
    text = runner.invoke(cli, ["reanalyze", "--db", db, "--per-article"])
    assert text.exit_code == 0, text.output
    assert "reanalyzed 0 article(s), skipped 2 already current" in text.output
    bad = runner.invoke(cli, ["reanalyze", "--db", db, "--since", "2025-13-01"])
    assert bad.exit_code == 2 and "--since" in bad.output


def test_the_extractor_name_changes_when_a_word_list_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rule or word list fixed in place, without a version bump, is another extractor."""
    now = version.extractor_version()
    assert now.startswith("claimledger ") and " model 3.8.0" in now
    copy = tmp_path / "claimledger"
    shutil.copytree(version.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(version, "PACKAGE", copy)
    version.rules_digest.cache_clear()
    try:
        same = version.rules_digest()
        hedges = copy / "lexicons" / "data" / "hedges.json"
        hedges.write_text(hedges.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        version.rules_digest.cache_clear()
        assert version.rules_digest() != same
    finally:
        version.rules_digest.cache_clear()
    assert f"rules {same} " in now


def test_an_article_that_fails_keeps_its_old_analysis(tmp_path: Path, analyze_text: Any) -> None:
    store, old_id, _current = _old_store(str(tmp_path / "ledger.db"), analyze_text)
    with store:
        report = reanalyze(store, engine=EngineOptions(time_budget=1e-9))
        assert report.reanalyzed == 0 and len(report.failed) == 1
        assert report.failed[0].startswith(f"{old_id}: ") and "time budget" in report.failed[0]
        assert _contents(store, old_id) == [FABRICATED]
        assert store.article_inputs([old_id])[0]["extractor"] == "attribution.v1"
        assert check_store(store).ok
