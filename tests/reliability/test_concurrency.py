"""Concurrency: readers and writers on one store, each in its own process.

SQLite: ``serve`` answers reads (pages, JSON, search) while ``ingest`` and ``watch``
write to the same file. PostgreSQL: two ``ingest`` runs with overlapping inputs write
to one database at once. No "database is locked" may reach a user, no request may fail,
no article may be lost or stored twice, and the ledger must end up current.
"""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
from reliability_helpers import (
    build_site,
    cli,
    cli_env,
    per_article,
    run_cli,
    serve_folder,
    watch_config,
    write_corpus,
)

from claimledger.models import article_id
from claimledger.store import Store
from claimledger.store.check import check_store

READS = (
    "/index.json",
    "/articles.json",
    "/claims.json",
    "/claims",
    "/contradictions.json",
    "/sources.json",
    "/estimates.json?thing=Iranian%20instructors",
    "/search.json?q=drone",
    "/search?q=instructors",
)


def _ids(corpus: Path) -> set[str]:
    return {article_id(json.loads(x)["text"]) for x in corpus.read_text(encoding="utf-8").splitlines() if x}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Reader(threading.Thread):
    """Requests the read routes in turn until stopped; counts statuses and failures."""

    def __init__(self, base: str) -> None:
        super().__init__(daemon=True)
        self.base = base
        self.stop = threading.Event()
        self.statuses: Counter[int] = Counter()
        self.failures: list[str] = []

    def run(self) -> None:
        with httpx.Client(base_url=self.base, timeout=30) as client:
            n = 0
            while not self.stop.is_set():
                path = READS[n % len(READS)]
                n += 1
                try:
                    r = client.get(path)
                except httpx.HTTPError as exc:
                    self.failures.append(f"{path}: {exc!r}")
                    continue
                self.statuses[r.status_code] += 1
                if r.status_code != 200:
                    self.failures.append(f"{path}: {r.status_code} {r.text[:200]}")


def _wait_until_serving(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{base}/index.json", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
        assert time.monotonic() < deadline, "serve did not start"
        time.sleep(0.2)


def _ingest_and_watch_at_once(db: Path, files: Path, config: Path) -> None:
    """``ingest`` of a file and ``watch`` of a feed, writing to ``db`` at the same time;
    neither may fail nor say the database is locked."""
    writers = [
        subprocess.Popen(
            cli("ingest", str(files), "--db", str(db)),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=cli_env(),
        ),
        subprocess.Popen(
            cli("watch", "--config", str(config), "--once", "--db", str(db)),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=cli_env(),
        ),
    ]
    outcomes = [w.communicate(timeout=600) for w in writers]
    for w, (out, err) in zip(writers, outcomes, strict=True):
        text = (out + err).decode()
        assert w.returncode == 0, text
        assert "locked" not in text.lower(), text


def test_serve_reads_while_ingest_and_watch_write_one_sqlite_file(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    seed = run_cli(
        "ingest", str(Path(__file__).resolve().parents[2] / "examples" / "story.jsonl"), "--db", str(db)
    )
    assert seed.returncode == 0, seed.stderr
    files = write_corpus(tmp_path / "files.jsonl", 60, seed=3)
    fed = write_corpus(tmp_path / "fed.jsonl", 40, seed=5)
    site = tmp_path / "site"
    site.mkdir()
    port = _free_port()
    server = subprocess.Popen(
        cli("serve", "--db", str(db), "--port", str(port)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=cli_env(),
    )
    readers: list[_Reader] = []
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_until_serving(base, server)
        readers = [_Reader(base), _Reader(base)]
        for r in readers:
            r.start()
        with serve_folder(site) as site_base:
            build_site(site, fed, base=site_base)
            config = watch_config(tmp_path / "claimledger.toml", f"{site_base}/feed.xml")
            _ingest_and_watch_at_once(db, files, config)
    finally:
        for r in readers:
            r.stop.set()
        for r in readers:
            r.join(timeout=60)
        server.terminate()
        _, server_err = server.communicate(timeout=30)

    served = sum(sum(r.statuses.values()) for r in readers)
    assert served >= 50, f"only {served} reads were answered while the writers ran"
    assert [f for r in readers for f in r.failures] == []
    assert "locked" not in server_err.decode().lower()

    stored = per_article(str(db))
    assert _ids(files) <= set(stored)
    with sqlite3.connect(db) as conn:  # the watched articles' ids come from their pages' text
        entries = conn.execute("SELECT status, article_id FROM feed_entries").fetchall()
    assert len(entries) == 40 and {s for s, _ in entries} == {"done"}
    assert {a for _, a in entries} <= set(stored)
    assert len(stored) == 12 + 60 + 40
    with Store.open(str(db)) as store:
        report = check_store(store)
        assert report.ok, report.problems
        if (
            store.ledger_is_stale()
        ):  # both writers rebuilt; the later rebuild may predate the other's last article
            again = run_cli("ingest", str(files), "--db", str(db))
            assert again.returncode == 0, again.stderr
        assert not store.ledger_is_stale()


def test_two_ingests_into_one_postgresql_database_at_once(tmp_path: Path, pg_url: str) -> None:
    corpus = write_corpus(tmp_path / "all.jsonl", 80, seed=9)
    lines = corpus.read_text(encoding="utf-8").splitlines(keepends=True)
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text("".join(lines[:50]), encoding="utf-8")
    second.write_text("".join(lines[30:]), encoding="utf-8")  # 20 articles in both

    reference = tmp_path / "reference.db"
    done = run_cli("ingest", str(corpus), "--db", str(reference))
    assert done.returncode == 0, done.stderr
    Store.open(pg_url).close()  # create the schema once, as a real deployment would
    writers = [
        subprocess.Popen(
            cli("ingest", str(part), "--db", pg_url, "--format", "json"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=cli_env(),
        )
        for part in (first, second)
    ]
    results = [w.communicate(timeout=600) for w in writers]
    added = 0
    for w, (out, err) in zip(writers, results, strict=True):
        assert w.returncode == 0, err.decode()
        report = json.loads(out)
        assert report["errors"] == [], report
        added += report["added"]
    assert added == 80, "each article stored by exactly one of the two runs"
    assert per_article(pg_url) == per_article(str(reference))
    with Store.open(pg_url) as store:
        report_pg = check_store(store)
        assert report_pg.ok, report_pg.problems
        if store.ledger_is_stale():
            again = run_cli("ingest", str(first), "--db", pg_url)
            assert again.returncode == 0, again.stderr
        assert not store.ledger_is_stale()
