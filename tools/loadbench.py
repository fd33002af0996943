"""``make load``: ``serve`` on a 20,000-article store under wrk, on loopback, with a memory cap.

The store is built once (and reused) from the benchmark corpus: ``--analyzed`` articles
are analyzed for real, then each is stored ``copies`` times with a distinct archive line
appended after its text (so a new content hash, the same extractions at the same
offsets), the way one wire story reaches an archive through many outlets. Then
``claimledger serve`` is started as its own process and wrk drives each kind of page
for a fixed time with a fixed number of connections, choosing among many real ids, so
the load is bounded in count and time. The server's peak resident memory (VmHWM) is
read from /proc and checked against ``--rss-cap-mb``.

Figures go to ``docs/benchmarks.md`` (section ``load``).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parents[1]
STORY = ROOT / "examples" / "story.jsonl"
DOC = ROOT / "docs" / "benchmarks.md"


def build_store(db: Path, articles: int, analyzed: int) -> None:
    """``articles`` stored articles from ``analyzed`` real analyses (see the module doc)."""
    from claimledger.engine.runner import EngineOptions, Failed, run
    from claimledger.ledger.build import rebuild
    from claimledger.models import ArticleMeta, article_id
    from claimledger.store import Store
    from tools.benchcorpus import vary

    rows = [json.loads(x) for x in STORY.read_text(encoding="utf-8").splitlines() if x.strip()]
    copies = -(-articles // analyzed)
    items = []
    for row in vary(rows, analyzed, seed=3):
        meta = ArticleMeta(**{k: row.get(k) for k in ("url", "outlet", "title", "published")})
        items.append((row["text"], meta, None))
    started = time.perf_counter()
    stored = 0
    with Store.open(str(db)) as store:
        for result in run(items, EngineOptions(kind="local", processes=2)):
            if isinstance(result, Failed):
                continue
            for k in range(copies):
                if stored >= articles:
                    break
                text = f"{result.text}\n\n(Archive copy {k + 1}.)"
                meta = dataclasses.replace(
                    result.meta,
                    url=f"{result.meta.url or 'https://archive.example/a'}?copy={k + 1}",
                    outlet=f"{result.meta.outlet or 'Wire'} {k + 1}" if k else result.meta.outlet,
                )
                copy = dataclasses.replace(result, id=article_id(text), text=text, meta=meta)
                store.add_analysis(copy, input="loadbench")
                stored += 1
        rebuild(store)
    print(f"built {db}: {stored} articles in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _targets(base: str) -> dict[str, list[str]]:
    """Paths for each page kind, drawn from the store through the JSON API."""
    rng = random.Random(5)
    with httpx.Client(base_url=base, timeout=120) as client:
        articles = client.get("/articles.json").json()
        claims = client.get("/claims.json").json()
    article_rows = articles.get("articles", articles) if isinstance(articles, dict) else articles
    claim_rows = claims.get("claims", claims) if isinstance(claims, dict) else claims
    article_ids = [a["id"] for a in article_rows]
    claim_ids = [c["id"] for c in claim_rows]
    words = ["drone", "instructors", "Crimea", "Iran", "Pentagon", "training", "airfields", "denied"]
    things = ["Iranian instructors", "drone instructors", "Shahed drones", "instructors"]
    return {
        "article": [f"/articles/{i}" for i in rng.sample(article_ids, min(500, len(article_ids)))],
        "claim": [f"/claims/{i}" for i in claim_ids[:500]],
        "search": [f"/search?q={quote(w)}" for w in words],
        "estimates": [f"/estimates?thing={quote(t)}" for t in things],
    }


LUA = """
local paths = {%s}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n %% #paths) + 1])
end
"""


def _wrk(base: str, paths: list[str], seconds: int, connections: int, workdir: Path) -> dict[str, float]:
    script = workdir / "paths.lua"
    script.write_text(LUA % ", ".join(json.dumps(p) for p in paths), encoding="utf-8")
    out = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "--timeout",
            "30s",
            "-s",
            str(script),
            base,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)

    def pct(p: str) -> float:
        m = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        assert m, out
        return float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]

    return {
        "rps": rps,
        "requests": total,
        "p50": pct("50"),
        "p99": pct("99"),
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": 1 if socket_errors else 0,
    }


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if shutil.which("wrk") is None:
        print("loadbench: wrk is not installed (scripts/system-deps.sh wrk installs it)", file=sys.stderr)
        return 2
    db = Path(args.db)
    _ensure_store(db, args.articles, args.analyzed)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "claimledger", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    results: dict[str, dict[str, float]] = {}
    targets: dict[str, list[str]] = {}
    try:
        if not _wait_until_serving(base, server):
            print("loadbench: serve did not start", file=sys.stderr)
            return 1
        targets = _targets(base)
        results = _drive(base, targets, args.seconds, args.connections)
        peak = _peak_rss_mb(server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    lines = _report(args, _count(db), targets, results, peak)
    ok = peak <= args.rss_cap_mb and all(
        r["errors"] == 0 and r["socket_errors"] == 0 for r in results.values()
    )
    print("\n".join(lines))
    if not args.no_doc:
        from tools.reportdoc import update_section

        update_section(DOC, "load", "\n".join(lines), title="Load: serve under wrk")
    return 0 if ok else 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tools.loadbench", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--db", default=str(ROOT / "out" / "load.db"), help="store to use (built when missing)"
    )
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--analyzed", type=int, default=1_000, help="articles analyzed for real")
    parser.add_argument("--seconds", type=int, default=20, help="wrk run per page kind")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--rss-cap-mb", type=float, default=1024.0)
    parser.add_argument("--no-doc", action="store_true")
    return parser


def _ensure_store(db: Path, articles: int, analyzed: int) -> None:
    """Build the store when missing, under another name first: an interrupted build is
    never taken for a finished one."""
    if db.exists():
        return
    db.parent.mkdir(parents=True, exist_ok=True)
    partial = db.with_suffix(".partial.db")
    for leftover in db.parent.glob(partial.name + "*"):
        leftover.unlink()
    build_store(partial, articles, analyzed)
    partial.rename(db)


def _wait_until_serving(base: str, server: subprocess.Popen[bytes]) -> bool:
    """Whether the server answers within a minute (False as soon as it exits)."""
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{base}/index.json", timeout=2).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            return False
        time.sleep(0.2)


def _drive(
    base: str, targets: dict[str, list[str]], seconds: int, connections: int
) -> dict[str, dict[str, float]]:
    """One wrk run per page kind, one after the other, so that each has the server to itself."""
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for kind, paths in targets.items():
            results[kind] = _wrk(base, paths, seconds, connections, Path(tmp))
            r = results[kind]
            print(
                f"{kind}: {r['rps']:.1f} req/s, p50 {r['p50']:.1f} ms, p99 {r['p99']:.1f} ms, "
                f"{int(r['errors'])} errors",
                file=sys.stderr,
            )
    return results


def _report(
    args: argparse.Namespace,
    articles: int,
    targets: dict[str, list[str]],
    results: dict[str, dict[str, float]],
    peak: float,
) -> list[str]:
    """The section of ``docs/benchmarks.md``: how it was run, a table per page kind, the memory."""
    lines = [
        f"Command: `make load` (runs `python -m tools.loadbench`), {date.today().isoformat()}, "
        f"{platform.machine()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores shared by server and wrk.",
        f"Store: {articles:,} articles in SQLite ({args.analyzed:,} analyzed, "
        "each stored with distinct archive lines;"
        " see the module doc), ledger built. Server: `claimledger serve`, one process.",
        f"Load: wrk, 1 thread, {args.connections} connections, {args.seconds} s per page kind, "
        f"cycling through real ids ({len(targets['article'])} articles, {len(targets['claim'])} claims "
        f"(every claim in the store), {len(targets['search'])} searches, "
        f"{len(targets['estimates'])} estimate series).",
        "",
        "| page | requests | requests/s | p50 (ms) | p99 (ms) | errors |",
        "|---|---|---|---|---|---|",
    ]
    for kind, r in results.items():
        lines.append(
            f"| {kind} | {int(r['requests']):,} | {r['rps']:.1f} | {r['p50']:.1f} | {r['p99']:.1f} | "
            f"{int(r['errors'] + r['socket_errors'])} |"
        )
    lines += [
        "",
        f"Server peak resident memory (VmHWM): {peak:.0f} MB (cap {args.rss_cap_mb:.0f} MB: "
        f"{'within' if peak <= args.rss_cap_mb else 'EXCEEDED'}).",
    ]
    return lines


def _count(db: Path) -> int:
    import sqlite3

    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])


if __name__ == "__main__":
    raise SystemExit(main())
