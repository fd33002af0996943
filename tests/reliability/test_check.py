"""``claimledger check``, which the crash and concurrency tests trust, must see damage."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from reliability_helpers import run_cli, write_corpus


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("check")
    db = folder / "ledger.db"
    done = run_cli("ingest", str(write_corpus(folder / "c.jsonl", 12)), "--db", str(db))
    assert done.returncode == 0, done.stderr
    return db


def _copy(db: Path, to: Path) -> Path:
    with sqlite3.connect(db) as src, sqlite3.connect(to) as dst:
        src.backup(dst)
    return to


def test_a_sound_store_passes(ledger: Path) -> None:
    result = run_cli("check", "--db", str(ledger), "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] is True and report["articles"] == 12 and report["problems"] == []


def test_rows_left_without_their_article_are_reported(ledger: Path, tmp_path: Path) -> None:
    db = _copy(ledger, tmp_path / "orphans.db")
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA foreign_keys=OFF")
        victim = conn.execute("SELECT article_id FROM attributions LIMIT 1").fetchone()[0]
        conn.execute("DELETE FROM articles WHERE id = ?", (victim,))
    result = run_cli("check", "--db", str(db), "--format", "json")
    assert result.returncode == 1
    problems = json.loads(result.stdout)["problems"]
    assert any("attributions without their articles" in p for p in problems), problems
    assert any("articles_fts" in p for p in problems), problems


def test_a_damaged_page_is_reported_or_refused(ledger: Path, tmp_path: Path) -> None:
    db = _copy(ledger, tmp_path / "damaged.db")
    with sqlite3.connect(db) as conn:
        page = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute("PRAGMA journal_mode=DELETE")
    raw = bytearray(db.read_bytes())
    for n in range(2, pages, 3):  # scribble over every third page after the header page
        raw[n * page + 16 : n * page + 600] = b"\xa5" * 584
    db.write_bytes(bytes(raw))
    result = run_cli("check", "--db", str(db))
    assert result.returncode != 0
    said = result.stdout + result.stderr
    assert "problem:" in said or "malformed" in said or "not a database" in said, said
    assert "Traceback" not in said
