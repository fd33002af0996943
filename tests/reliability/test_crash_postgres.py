"""Crash-safety on PostgreSQL: SIGKILL ``ingest`` while it writes to a PostgreSQL store.

As ``test_crash.py`` does for SQLite: after every kill the store passes ``claimledger
check``, every stored article carries exactly the extractions a clean run stores for it,
and after a final run that is not killed the whole content equals a run never killed.
A batch of articles is one transaction, so a kill leaves whole articles or none; the
server rolls back what the killed client had not committed.
"""

from __future__ import annotations

import os
import random
import subprocess
import time
from pathlib import Path

import pytest
from reliability_helpers import cli, cli_env, content, per_article, run_cli, write_corpus

from claimledger.store import Store
from claimledger.store.check import check_store
from databases import postgres_database

pytestmark = [pytest.mark.crash, pytest.mark.postgres]

KILLS = 6


def _stored(url: str) -> int:
    try:
        with Store.open(url, create=False) as store:
            return store.count("articles")
    except Exception:  # noqa: BLE001 - no schema yet, or the server busy with the killed client
        return 0


def test_ingest_killed_on_postgresql_ends_equal_to_a_clean_run(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus.jsonl", 60, seed=5)
    seed = int(os.environ.get("CLAIMLEDGER_CRASH_SEED", random.randrange(1 << 30)))
    print(f"crash seed {seed} (set CLAIMLEDGER_CRASH_SEED to replay)")
    rng = random.Random(seed)
    with postgres_database("cl_clean") as clean, postgres_database("cl_killed") as killed:
        done = run_cli("ingest", str(corpus), "--db", clean)
        assert done.returncode == 0, done.stderr
        reference = per_article(clean)
        assert len(reference) == 60
        mid_write = 0
        for kill in range(1, KILLS + 1):
            before = _stored(killed)
            proc = subprocess.Popen(
                cli("ingest", str(corpus), "--db", killed),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=cli_env(),
            )
            wanted, started = before + rng.randint(1, 12), time.monotonic()
            while proc.poll() is None and time.monotonic() - started < 120:
                if _stored(killed) >= wanted:
                    break
                time.sleep(0.05)
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            after = _stored(killed)
            mid_write += before < after < len(reference)
            with Store.open(killed) as store:
                report = check_store(store)
            assert report.ok, f"kill {kill} (seed {seed}): {report.problems}"
            for article_id, row in per_article(killed).items():
                assert row == reference.get(article_id), (
                    f"kill {kill} (seed {seed}): article {article_id} is incomplete or unknown"
                )
            if after == len(reference):
                break
        assert mid_write >= 1, "no kill landed while the run was writing"
        final = run_cli("ingest", str(corpus), "--db", killed)
        assert final.returncode == 0, final.stderr
        assert content(killed) == content(clean)
