"""The PostgreSQL server killed (SIGKILL) while ``ingest`` writes to it.

A server of this test's own (``scripts/pg-test-server.sh`` on another port and folder,
so the shared test server is untouched) is killed once articles are being stored. The
ingest must end with a one-line error and a non-zero exit, not a traceback; once the
server is back (its crash recovery), ``check`` passes, every stored article is complete,
and a rerun ends equal to a run that was never interrupted.
"""

from __future__ import annotations

import glob
import os
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from reliability_helpers import ROOT, cli, cli_env, content, per_article, run_cli, write_corpus

from claimledger.store import Store
from claimledger.store.check import check_store

pytestmark = [pytest.mark.crash, pytest.mark.postgres]

SCRIPT = ROOT / "scripts" / "pg-test-server.sh"
PORT = "55499"


def _pgbin() -> str | None:
    found = sorted(d for d in glob.glob("/usr/lib/postgresql/*/bin") if os.access(f"{d}/initdb", os.X_OK))
    return found[-1] if found else None


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[dict[str, str], str]]:
    """(environment for the script, admin URL) of a private server, stopped and removed after."""
    pgbin = _pgbin()
    if pgbin is None:
        pytest.skip("no PostgreSQL binaries (apt-get install postgresql)")
    data = f"/tmp/claimledger-pg-kill-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "PGBIN": pgbin, "PGPORT_TEST": PORT, "PGDATA_TEST": data}
    out = subprocess.run(["bash", str(SCRIPT), "start"], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    try:
        yield env, out.stdout.strip().split("=", 1)[1]
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop"], env=env, capture_output=True, timeout=120)


def _database(admin: str, name: str) -> str:
    import psycopg

    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin.rsplit("/", 1)[0] + f"/{name}"


def _alive(pid: int) -> bool:
    """Is ``pid`` a live process (not gone, not a zombie)?"""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def _stored(url: str) -> int:
    try:
        with Store.open(url, create=False) as store:
            return store.count("articles")
    except Exception:  # noqa: BLE001 - no schema yet
        return 0


def test_a_server_killed_mid_ingest_loses_nothing_stored(
    server: tuple[dict[str, str], str], tmp_path: Path
) -> None:
    env, admin = server
    corpus = write_corpus(tmp_path / "corpus.jsonl", 80, seed=9)
    clean, killed = _database(admin, "cl_clean"), _database(admin, "cl_killed")
    done = run_cli("ingest", str(corpus), "--db", clean)
    assert done.returncode == 0, done.stderr
    reference = per_article(clean)

    proc = subprocess.Popen(
        cli("ingest", str(corpus), "--db", killed),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env(),
    )
    started = time.monotonic()
    while proc.poll() is None and _stored(killed) < 10 and time.monotonic() - started < 120:
        time.sleep(0.05)
    assert proc.poll() is None, "the ingest ended before the server could be killed"
    postmaster = int(Path(env["PGDATA_TEST"], "postmaster.pid").read_text().split()[0])
    group = os.getpgid(postmaster)
    assert group != os.getpgid(0), "the server must not share this test's process group"
    os.killpg(group, signal.SIGKILL)  # every server process at once, as when its machine dies
    _out, err = proc.communicate(timeout=180)
    assert proc.returncode != 0
    assert "Traceback" not in err
    problems = [line for line in err.splitlines() if line.startswith(("error", "Error"))]
    assert problems and all("\n" not in p for p in problems), err

    # The server starts again and recovers from its write-ahead log. Where nothing reaps the
    # killed processes (a container whose PID 1 is no init), the postmaster stays a zombie
    # that PostgreSQL takes for a live server: its stale pid file goes, as an admin would.
    pidfile = Path(env["PGDATA_TEST"], "postmaster.pid")
    for _ in range(50):
        if not _alive(postmaster):
            break
        time.sleep(0.1)
    if pidfile.exists() and not _alive(postmaster):
        pidfile.unlink()
    for _ in range(50):
        again = subprocess.run(["bash", str(SCRIPT), "start"], env=env, capture_output=True, timeout=120)
        if again.returncode == 0:
            break
        time.sleep(0.2)
    assert again.returncode == 0, again.stderr
    with Store.open(killed) as store:
        report = check_store(store)
    assert report.ok, report.problems
    stored = per_article(killed)
    assert 0 < len(stored) < len(reference)
    for article_id, row in stored.items():
        assert row == reference.get(article_id), f"article {article_id} is incomplete or unknown"
    final = run_cli("ingest", str(corpus), "--db", killed)
    assert final.returncode == 0, final.stderr
    assert content(killed) == content(clean)
