"""Ingest through every engine into SQLite and PostgreSQL: the same ledger, resumable, and
clear errors when the scheduler or the database is not there."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tools.benchcorpus import write as write_corpus

from claimledger.engine.runner import EngineError, EngineOptions
from claimledger.ingest.ingest import ingest
from claimledger.ledger import estimates, queries
from claimledger.store.store import Store

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[2]
STORY = ROOT / "examples" / "story.jsonl"
EXE = Path(sys.executable).parent / "claimledger"


def ledger_snapshot(db: str) -> dict[str, Any]:
    """What a user sees of the ledger, in the shapes the JSON contract fixes."""
    with Store.open(db) as store:
        return {
            "articles": sorted(
                (a["id"], a["outlet"], a["duplicate_of"]) for a in queries.list_articles(store)
            ),
            "claims": queries.list_claims(store),
            "contradictions": queries.list_contradictions(store),
            "estimates": estimates.find_estimates(store, "Iranian instructors"),
        }


@pytest.fixture(scope="module")
def local_snapshot(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = str(tmp_path_factory.mktemp("local") / "local.db")
    with Store.open(db) as store:
        report = ingest(store, [str(STORY)], engine=EngineOptions(kind="local"))
    assert report.added == 12 and not report.errors
    return ledger_snapshot(db)


def test_dask_into_sqlite_equals_local(
    dask_scheduler: str, local_snapshot: dict[str, Any], tmp_path: Path
) -> None:
    db = str(tmp_path / "dask.db")
    with Store.open(db) as store:
        report = ingest(
            store, [str(STORY)], engine=EngineOptions(kind="dask", scheduler=dask_scheduler, chunk=3)
        )
    assert (report.added, report.errors) == (12, [])
    assert ledger_snapshot(db) == local_snapshot


def test_dask_into_postgresql_equals_local(
    dask_scheduler: str, local_snapshot: dict[str, Any], pg_url: str
) -> None:
    with Store.open(pg_url) as store:
        ingest(store, [str(STORY)], engine=EngineOptions(kind="dask", scheduler=dask_scheduler, chunk=2))
    assert ledger_snapshot(pg_url) == local_snapshot


def test_local_processes_equal_local(local_snapshot: dict[str, Any], tmp_path: Path) -> None:
    db = str(tmp_path / "p2.db")
    with Store.open(db) as store:
        ingest(store, [str(STORY)], engine=EngineOptions(kind="local", processes=2, batch_size=2))
    assert ledger_snapshot(db) == local_snapshot


def test_a_rerun_skips_what_is_stored(local_snapshot: dict[str, Any], tmp_path: Path) -> None:
    part = tmp_path / "first-five.jsonl"
    part.write_text("".join(STORY.read_text().splitlines(keepends=True)[:5]))
    db = str(tmp_path / "resume.db")
    with Store.open(db) as store:
        first = ingest(store, [str(part)])
        second = ingest(store, [str(STORY)])
    assert first.added == 5
    assert (second.read, second.already, second.added) == (12, 5, 7)
    assert ledger_snapshot(db) == local_snapshot


def test_cli_engine_dask_and_an_unreachable_scheduler(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            str(EXE),
            "ingest",
            str(STORY),
            "--db",
            str(tmp_path / "x.db"),
            "--engine",
            "dask",
            "--scheduler",
            "tcp://127.0.0.1:9",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2
    lines = [x for x in proc.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and "tcp://127.0.0.1:9: cannot reach the Dask scheduler" in lines[0]
    with pytest.raises(EngineError):
        list(
            ingest(
                Store.open(str(tmp_path / "y.db")),
                [str(STORY)],
                engine=EngineOptions(kind="dask", scheduler="tcp://127.0.0.1:9", connect_timeout=1),
            ).errors
        )


def _pg_bin() -> Path | None:
    for d in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (d / "pg_ctl").exists():
            return d
    return None


@pytest.fixture
def own_pg(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """A PostgreSQL server of this test's own, so the test can stop it mid-run."""
    pgbin = _pg_bin()
    if pgbin is None or shutil.which("runuser") is None and os.geteuid() == 0:
        pytest.skip("PostgreSQL is not installed here")
    env = dict(
        os.environ, PGBIN=str(pgbin), PGPORT_TEST="55439", PGDATA_TEST=str(Path("/tmp/cl-pg-kill-test"))
    )
    script = ROOT / "scripts" / "pg-test-server.sh"
    out = subprocess.run(["bash", str(script), "start"], env=env, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        pytest.skip(f"could not start a PostgreSQL server: {out.stderr.strip()[-200:]}")
    url = out.stdout.strip().split("=", 1)[1]
    try:
        yield url, env
    finally:
        subprocess.run(["bash", str(script), "stop"], env=env, capture_output=True, check=False)


def _stored(url: str) -> int:
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=2) as conn:
            row = conn.execute("SELECT count(*) FROM articles").fetchone()
            return int(row[0]) if row else 0
    except psycopg.Error:
        return 0


def test_postgresql_going_away_mid_run(own_pg: tuple[str, dict[str, str]], tmp_path: Path) -> None:
    url, env = own_pg
    corpus = tmp_path / "corpus.jsonl"
    write_corpus(STORY, corpus, 120)
    run = [str(EXE), "ingest", str(corpus), "--db", url]
    proc = subprocess.Popen(run, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while _stored(url) < 10 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
    pgbin, data = env["PGBIN"], env["PGDATA_TEST"]
    stop = [f"{pgbin}/pg_ctl", "-D", data, "-m", "immediate", "stop"]
    if os.geteuid() == 0:
        stop = ["runuser", "-u", "postgres", "--", *stop]
    subprocess.run(stop, capture_output=True, check=True)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 2, err
    errors = [x for x in err.splitlines() if x.strip()]
    assert len(errors) == 1 and "error" in errors[0].lower()
    script = ROOT / "scripts" / "pg-test-server.sh"
    subprocess.run(["bash", str(script), "start"], env=env, capture_output=True, check=True)
    kept = _stored(url)
    assert 10 <= kept < 120
    again = subprocess.run(
        [*run, "--format", "json"], capture_output=True, text=True, timeout=300, check=False
    )
    assert again.returncode == 0, again.stderr
    report = json.loads(again.stdout)
    assert report["added"] == 120 - kept
    assert _stored(url) == 120


def test_a_second_dask_run_in_one_process_still_has_the_dask_settings(tmp_path: Path) -> None:
    """distributed imported for the first time inside our configuration block must keep its
    defaults after the block: the second run used to fail on a missing setting (KeyError)."""
    script = (
        "import sys\n"
        "from claimledger.engine.runner import EngineError, EngineOptions, run\n"
        "opts = EngineOptions(kind='dask', scheduler='tcp://127.0.0.1:9', connect_timeout=1)\n"
        "for _ in range(2):\n"
        "    try:\n"
        "        list(run([], opts))\n"
        "    except EngineError as exc:\n"
        "        print('engine error:', exc)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.count("cannot reach the Dask scheduler") == 2, proc.stdout
