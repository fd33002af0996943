"""Adding held-out stories to stores of different sizes: what the ledger update costs.

    python -m tools.addbench --stores 1k.db,16k.db [--held held-out.jsonl] [--batch N] [--rebuild]

For each store (SQLite; its ledger built by this version, with its index: run
``claimledger rebuild --db STORE`` once if not), in order:

1. copy it with SQLite's backup API;
2. ingest the held-out stories into the copy without touching the ledger (analysis and
   storage, timed, one local process);
3. in a fresh process, the ledger update an ingest runs
   (:func:`claimledger.ledger.incremental.update`): seconds, whether it updated or rebuilt
   (and why), the claims it recomputed, and the process's peak resident memory (VmHWM)
   before and after it;
4. with ``--rebuild``, a full rebuild of the same copy in a fresh process, for comparison.

With ``--batch N`` the stories are added N at a time, steps 2-4 after each batch (the copy
keeps what the batches before added). A row that says ``rebuild`` gives the reason the
update could not be confined.

The held-out stories default to the last 100 of the Reuters corpus (what ``make
bench-scale`` keeps out of every stage). The table is printed as Markdown.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tools.scalebench import HELD_OUT, REUTERS, _rss_mb, _spawn


def _copy(db: str, copy: str) -> None:
    source, target = sqlite3.connect(db), sqlite3.connect(copy)
    with target:
        source.backup(target)
    source.close()
    target.close()


def _ingest(copy: str, held: str, queue: Any) -> None:
    """Analyse and store the held-out stories (or one batch of them), the ledger left as it is."""
    from claimledger.engine.runner import EngineOptions, run
    from claimledger.ingest.ingest import ingest_items
    from claimledger.ingest.items import read_inputs
    from claimledger.models import ArticleMeta
    from claimledger.store.store import Store

    opts = EngineOptions(kind="local")
    list(run([("Officials said the plan was delayed.", ArticleMeta(), None)], opts))  # load the model
    with Store.open(copy) as store:
        t0 = time.perf_counter()
        report = ingest_items(store, read_inputs([held]), engine=opts, rebuild_ledger=False)
        queue.put({"added": report.added, "seconds": time.perf_counter() - t0})


def _ledger(copy: str, full: bool, queue: Any) -> None:
    """The ledger update (or with ``full`` a rebuild) in a fresh process: time and memory."""
    from claimledger.ledger.build import rebuild
    from claimledger.ledger.incremental import update
    from claimledger.store.store import Store

    with Store.open(copy) as store:
        start = _rss_mb()
        t0 = time.perf_counter()
        summary = rebuild(store) if full else update(store)
        seconds = time.perf_counter() - t0
    queue.put(
        {
            "seconds": seconds,
            "mode": summary.mode,
            "reason": summary.reason,
            "touched": summary.touched,
            "claims": summary.claims,
            "start_mb": start,
            "peak_mb": _rss_mb(),
        }
    )


def _articles(db: str) -> int:
    con = sqlite3.connect(db)
    try:
        return int(con.execute("SELECT count(*) FROM articles").fetchone()[0])
    finally:
        con.close()


def _held_out(tmp: Path) -> Path:
    """The last ``HELD_OUT`` stories of the Reuters corpus."""
    with gzip.open(REUTERS, "rt", encoding="utf-8") as f:
        lines = list(f)
    path = tmp / "held-out.jsonl"
    path.write_text("".join(itertools.islice(lines, len(lines) - HELD_OUT, None)), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.addbench", description=__doc__.split("\n")[0])
    parser.add_argument("--stores", required=True, help="comma-separated SQLite stores, smallest first")
    parser.add_argument("--held", help=f"JSONL of the stories to add (default: Reuters' last {HELD_OUT})")
    parser.add_argument("--rebuild", action="store_true", help="also time a full rebuild after each update")
    parser.add_argument(
        "--batch", type=int, default=0, help="add the stories this many at a time, updating after each batch"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        held = args.held or str(_held_out(tmp))
        lines = [
            "| articles stored | added | analyse and store (s) | ledger update (s) | mode "
            "| claims recomputed | update peak (MB) | update itself (MB) |"
            + (" full rebuild (s) |" if args.rebuild else ""),
            "|---|---|---|---|---|---|---|---|" + ("---|" if args.rebuild else ""),
        ]
        stories = Path(held).read_text(encoding="utf-8").splitlines(keepends=True)
        size = args.batch or len(stories)
        batches = []
        for n in range(0, len(stories), size):
            batch_file = tmp / f"batch-{n}.jsonl"
            batch_file.write_text("".join(stories[n : n + size]), encoding="utf-8")
            batches.append(str(batch_file))
        for db in args.stores.split(","):
            copy = str(tmp / "add.db")
            for leftover in (copy, f"{copy}-wal", f"{copy}-shm"):
                Path(leftover).unlink(missing_ok=True)
            _copy(db, copy)
            for part in batches:
                stored = _articles(copy)
                added = _spawn(_ingest, copy, part)
                upd = _spawn(_ledger, copy, False)
                row = (
                    f"| {stored:,} | {added['added']} | {added['seconds']:.1f} | {upd['seconds']:.2f} "
                    f"| {upd['mode']} | {upd['touched']:,} | {upd['peak_mb']:.0f} "
                    f"| {upd['peak_mb'] - upd['start_mb']:.0f} |"
                )
                if args.rebuild:
                    full = _spawn(_ledger, copy, True)
                    row += f" {full['seconds']:.1f} |"
                print(row, upd["reason"], file=sys.stderr, flush=True)
                lines.append(row + (f" {upd['reason']}" if upd["reason"] else ""))
        print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
