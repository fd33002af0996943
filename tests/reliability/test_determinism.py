"""The ledger is a function of the stored articles, not of how or where it was built.

The crash tests found it: a store filled by a run that was killed and resumed holds
the same rows in another physical order, and the ledger read them unordered, so one
contradiction was worded after another pair of reports. Here the same articles, with
their rows shuffled on disk, are rebuilt in processes with different string-hash seeds
(a set of words iterates in another order in each) and must give the same ledger.

Likewise the stored articles are a function of the input, not of how they were written:
ingest stores a batch per transaction, and a batch must leave what storing its articles
one by one leaves.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from reliability_helpers import content, run_cli, write_corpus

from claimledger.models import ArticleAnalysis
from claimledger.store import Store
from claimledger.store import store as store_module
from claimledger.store.pages import EntryRef, PageRecord
from claimledger.store.writes import NewArticle

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


@pytest.fixture(scope="module")
def corpus_analyses(tmp_path_factory: pytest.TempPathFactory) -> list[ArticleAnalysis]:
    """A bench corpus analyzed once: copies of one story under other outlets, many of them
    near-duplicates of articles a few lines before them."""
    from claimledger.engine.runner import EngineOptions
    from claimledger.engine.runner import run as run_engine
    from claimledger.ingest.items import parse_jsonl_line
    from claimledger.models import article_id

    corpus = write_corpus(tmp_path_factory.mktemp("batch") / "corpus.jsonl", 72, seed=3)
    items = [
        parse_jsonl_line(line, f"corpus.jsonl:{n}")
        for n, line in enumerate(corpus.read_text(encoding="utf-8").splitlines(), start=1)
    ]
    results = list(
        run_engine(((i.text, i.meta, article_id(i.text)) for i in items if i), EngineOptions(kind="local"))
    )
    assert all(isinstance(r, ArticleAnalysis) for r in results)
    return [r for r in results if isinstance(r, ArticleAnalysis)]


def _with_page_and_entry(n: int, analysis: ArticleAnalysis) -> NewArticle:
    """Every third article read from the web (versions of seven URLs), every other one from a feed."""
    page = PageRecord(
        url=f"https://bench.example/{n}",
        final_url=f"https://bench.example/{n}",
        canonical_url=f"https://bench.example/story/{n % 7}",
        fetched_at=f"2025-06-01T00:{n // 60:02d}:{n % 60:02d}+00:00",
        raw=analysis.text.encode("utf-8"),
        content_type="text/html",
        encoding="utf-8",
    )
    entry = EntryRef("https://bench.example/feed.xml", f"guid-{n}", f"https://bench.example/{n}")
    return NewArticle(
        analysis,
        input=f"corpus.jsonl:{n}",
        page=page if n % 3 == 0 else None,
        entry=entry if n % 2 == 0 else None,
    )


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_batch_stores_what_one_by_one_stores(
    backend: str,
    corpus_analyses: list[ArticleAnalysis],
    tmp_path: Path,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # One clock for both: among originals equally similar to a copy, the one stored first
    # wins and ties within a second go to the smaller id, so without it the two runs could
    # differ by which second each article happened to be stored in.
    monkeypatch.setattr(store_module, "now", lambda: "2025-06-01T12:00:00+00:00")
    items = [_with_page_and_entry(n, a) for n, a in enumerate(corpus_analyses)]
    # stored already by an earlier batch, and twice in the last batch
    items += [items[10], items[70]]

    one = str(tmp_path / "one.db")
    with Store.open(one) as store:
        for item in items:
            store.add_analysis(item.analysis, input=item.input, page=item.page)
            if item.entry is not None:
                store.feeds.mark(item.entry, status="done", at="x", article_id=item.analysis.id)

    batched = str(tmp_path / "batched.db") if backend == "sqlite" else request.getfixturevalue("pg_url")
    with Store.open(batched) as store:
        results = [r for i in range(0, len(items), 32) for r in store.add_analyses(items[i : i + 32])]

    assert content(batched) == content(one)
    assert [r.article_id for r in results] == [i.analysis.id for i in items]
    assert [r.added for r in results[-2:]] == [False, False]
    # what is at stake was exercised: copies of articles stored earlier in the same batch,
    # and of articles stored by an earlier batch
    batch_of = {item.analysis.id: n // 32 for n, item in enumerate(items[:72])}
    copies = [(batch_of[r.article_id], batch_of[r.duplicate_of]) for r in results if r.duplicate_of]
    assert any(mine == theirs for mine, theirs in copies)
    assert any(mine > theirs for mine, theirs in copies)
    with Store.open(one) as store:
        assert store.count("pages") == 24 and store.count("feed_entries") == 36
