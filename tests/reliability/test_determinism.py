"""The ledger is a function of the stored articles, not of how or where it was built.

The crash tests found it: a store filled by a run that was killed and resumed holds
the same rows in another physical order, and the ledger read them unordered, so one
contradiction was worded after another pair of reports. Here the same articles, with
their rows shuffled on disk, are rebuilt in processes with different string-hash seeds
(a set of words iterates in another order in each) and must give the same ledger.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from reliability_helpers import content, run_cli, write_corpus

REBUILD = (
    "import sys\n"
    "from claimledger.store import Store\n"
    "from claimledger.ledger.build import rebuild\n"
    "with Store.open(sys.argv[1]) as store:\n"
    "    rebuild(store)\n"
)
LEDGER = ("claims", "claim_members", "claim_actors", "contradictions", "estimates", "actors", "actor_aliases")


def _shuffle_rows(db: Path) -> None:
    """Rewrite the extraction tables with the same rows in a random physical order."""
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA foreign_keys=OFF")
        for table in ("attributions", "quantities", "hedges"):
            before = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
            conn.execute(f"CREATE TEMP TABLE shuffled AS SELECT * FROM {table} ORDER BY random()")  # noqa: S608
            conn.execute(f"DELETE FROM {table}")  # noqa: S608
            conn.execute(f"INSERT INTO {table} SELECT * FROM shuffled")  # noqa: S608
            conn.execute("DROP TABLE shuffled")
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == before  # noqa: S608


def _rebuild(db: Path, seed: str) -> dict[str, list[tuple[object, ...]]]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run([sys.executable, "-c", REBUILD, str(db)], check=True, env=env, timeout=120)
    dump = content(str(db))
    return {t: dump[t] for t in LEDGER}


def test_rebuild_ignores_row_order_and_hash_seed(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    corpus = write_corpus(tmp_path / "corpus.jsonl", 160)
    done = run_cli("ingest", str(corpus), "--db", str(db))
    assert done.returncode == 0, done.stderr
    reference = _rebuild(db, "1")
    assert reference["claims"], "the corpus must give claims"
    assert reference["contradictions"], "the corpus must give contradictions"

    copy = tmp_path / "shuffled.db"
    with sqlite3.connect(db) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    _shuffle_rows(copy)
    assert _rebuild(copy, "2") == reference
    assert _rebuild(copy, "3") == reference


def test_a_store_filled_in_several_runs_equals_one_run(tmp_path: Path) -> None:
    """Actors guessed by an early rebuild must not outlive it (the watch crash test found it:
    an alias one partial rebuild added stayed, and later claims were "about" another actor)."""
    corpus = write_corpus(tmp_path / "corpus.jsonl", 120, seed=11)
    lines = corpus.read_text(encoding="utf-8").splitlines(keepends=True)
    once, runs = tmp_path / "once.db", tmp_path / "runs.db"
    done = run_cli("ingest", str(corpus), "--db", str(once))
    assert done.returncode == 0, done.stderr
    for n in (30, 70, 120):
        part = tmp_path / f"first{n}.jsonl"
        part.write_text("".join(lines[:n]), encoding="utf-8")
        done = run_cli("ingest", str(part), "--db", str(runs))
        assert done.returncode == 0, done.stderr
    a, b = content(str(once)), content(str(runs))
    assert {t: a[t] for t in LEDGER} == {t: b[t] for t in LEDGER}
