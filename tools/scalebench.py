"""The scale-out benchmark behind ``make bench-scale``, on real news.

In one run, on the Reuters-21578 stories (``../shared/corpora/reuters21578.jsonl.gz``,
16,787 real 1987 newswire stories, read in corpus order):

1. ingest throughput (articles/s, wall clock including each engine's start-up) for
   the local engine with 1 and 2 processes and a Dask LocalCluster with 1 and 2 workers;
2. peak memory of the driver and of each Dask worker while the stories are ingested in
   stages (500, 1k, 5k, all but the last 100), to show that it stays flat;
3. the time and peak memory of the cross-article steps (the ledger rebuild:
   near-duplicates, claim merging, origins, contradictions, grades) at each stage.
   Each stage's rebuild runs in a process of its own, so the driver's peak is that of
   ingest alone and the rebuild's peak is its own (they used to be one ru_maxrss);
4. at each stage, ``claims --limit 20`` and ``contradictions --limit 20`` as the CLI runs
   them, each in a fresh process (time and peak memory), and the cost of adding the 100
   held-out stories to a copy of the store (analysis and storage, then the ledger update).

    python -m tools.scalebench [--throughput 600] [--stages 500,1000,5000,all] [--keep DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import multiprocessing as mp
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tools.reportdoc import update_section

ROOT = Path(__file__).resolve().parents[1]
REUTERS = ROOT.parent / "shared" / "corpora" / "reuters21578.jsonl.gz"
#: Stories kept out of every stage: what each stage's "add 100 articles" step adds.
HELD_OUT = 100


def _rss_mb() -> float:
    """This process's peak resident memory so far, in MB.

    VmHWM where there is /proc: ru_maxrss of a child process started by fork and exec
    (multiprocessing's spawn, Dask's nanny) also counts the parent's peak before the
    fork, so a small child of a big parent would read as big as the parent.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _throughput(kind: str, n: int, corpus: str, db: str, queue: Any) -> None:
    """One engine configuration in a fresh process: ingest ``corpus`` without the ledger rebuild."""
    from claimledger.engine.runner import EngineOptions
    from claimledger.ingest.ingest import ingest_items
    from claimledger.ingest.items import read_inputs
    from claimledger.store.store import Store

    opts = (
        EngineOptions(kind="dask", workers=n) if kind == "dask" else EngineOptions(kind="local", processes=n)
    )
    with Store.open(db) as store:
        t0 = time.perf_counter()
        report = ingest_items(store, read_inputs([corpus]), engine=opts, rebuild_ledger=False)
        seconds = time.perf_counter() - t0
    queue.put(
        {
            "added": report.added,
            "seconds": seconds,
            "errors": len(report.errors),
            "startup": report.first_batch_at or 0.0,
            "steady": report.steady_rate,
        }
    )


def _analysis_only(workers: int, corpus: str, queue: Any) -> None:
    """Steady-state analysis throughput on a warmed cluster (0 workers: this process), nothing stored."""
    import json

    from claimledger.engine.runner import EngineOptions, run
    from claimledger.models import ArticleMeta

    rows = [json.loads(x) for x in Path(corpus).read_text(encoding="utf-8").splitlines() if x.strip()]
    items = [(r["text"], ArticleMeta(), None) for r in rows]
    if workers == 0:
        opts = EngineOptions(kind="local")
        list(run(items[:8], opts))  # load the model
        t0 = time.perf_counter()
        n = sum(1 for _ in run(items, opts))
        queue.put({"n": n, "seconds": time.perf_counter() - t0})
        return
    from claimledger.engine.runner import local_cluster

    with local_cluster(workers) as cluster:
        opts = EngineOptions(kind="dask", scheduler=cluster.scheduler_address)
        list(run(items[: 16 * 2 * workers], opts))  # every worker loads the model
        t0 = time.perf_counter()
        n = sum(1 for _ in run(items, opts))
        queue.put({"n": n, "seconds": time.perf_counter() - t0})


def _scale(stages: list[int], workdir: str, corpus: str, queue: Any) -> None:
    """Ingest in stages on a 2-worker LocalCluster; after each: memory, a rebuild in its own
    process, the two list queries, and adding the held-out stories to a copy."""
    from distributed import Client

    from claimledger.engine.runner import EngineOptions, local_cluster
    from claimledger.ingest.ingest import ingest_items
    from claimledger.ingest.items import read_inputs
    from claimledger.store.store import Store

    rows = []
    db = str(Path(workdir) / "scale.db")
    held = Path(workdir) / "held-out.jsonl"
    with (
        local_cluster(2) as cluster,
        Client(cluster) as client,  # type: ignore[no-untyped-call]
        Store.open(db) as store,
    ):
        opts = EngineOptions(kind="dask", scheduler=cluster.scheduler_address, chunk=32)
        for stage, part in stage_parts(Path(corpus), stages, Path(workdir), held):
            t0 = time.perf_counter()
            report = ingest_items(store, read_inputs([str(part)]), engine=opts, rebuild_ledger=False)
            ingest_s = time.perf_counter() - t0
            driver_mb = _rss_mb()
            workers = client.run(_rss_mb)
            built = _spawn(_rebuild, db)
            queries = {name: _spawn(_query, [name, "--db", db, "--limit", "20"]) for name in QUERIES}
            copy = Path(workdir) / "add.db"
            added = _spawn(_add, db, str(copy), str(held))
            for leftover in (copy, Path(f"{copy}-wal"), Path(f"{copy}-shm")):
                leftover.unlink(missing_ok=True)
            rows.append(
                {
                    "articles": stage,
                    "added": report.added,
                    "ingest_rate": report.added / ingest_s if ingest_s else 0.0,
                    "rebuild_s": built["seconds"],
                    "claims": built["claims"],
                    "contradictions": built["contradictions"],
                    "driver_mb": driver_mb,
                    "rebuild_mb": built["peak_mb"],
                    "rebuild_start_mb": built["start_mb"],
                    "workers_mb": sorted(workers.values()),
                    "queries": queries,
                    "add": added,
                }
            )
            print(rows[-1], file=sys.stderr)
    queue.put(rows)


QUERIES = ("claims", "contradictions")


def _query(args: list[str], queue: Any) -> None:
    """One CLI list command as a user runs it, in a fresh process: seconds and peak MB."""
    import contextlib
    import io

    from claimledger.cli.main import cli

    t0 = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        cli.main(args, standalone_mode=False)
    queue.put({"seconds": time.perf_counter() - t0, "peak_mb": _rss_mb()})


def _add(db: str, copy: str, part: str, queue: Any) -> None:
    """Add the held-out stories to a copy of the store: analysis and storage (one local
    process, the model loaded first), then the ledger update, each timed.

    The copy is made here, with SQLite's backup API: copying the file from the driver,
    which holds the store open, closed a descriptor of it there, which drops every POSIX
    lock SQLite held on it in that process, and the next writer corrupted the store."""
    import sqlite3

    from claimledger.engine.runner import EngineOptions, run
    from claimledger.ingest.ingest import ingest_items
    from claimledger.ingest.items import read_inputs
    from claimledger.ledger.incremental import update
    from claimledger.models import ArticleMeta
    from claimledger.store.store import Store

    source, target = sqlite3.connect(db), sqlite3.connect(copy)
    with target:
        source.backup(target)
    source.close()
    target.close()
    opts = EngineOptions(kind="local")
    list(run([("Officials said the plan was delayed.", ArticleMeta(), None)], opts))  # load the model
    with Store.open(copy) as store:
        t0 = time.perf_counter()
        report = ingest_items(store, read_inputs([part]), engine=opts, rebuild_ledger=False)
        ingest_s = time.perf_counter() - t0
        t1 = time.perf_counter()
        summary = update(store)  # what an ingest runs: only what the new stories touch
        ledger_s = time.perf_counter() - t1
    queue.put({"added": report.added, "ingest_s": ingest_s, "ledger_s": ledger_s, "mode": summary.mode})


def stage_parts(full: Path, stages: list[int], workdir: Path, held: Path) -> Iterator[tuple[int, Path]]:
    """Each stage's new stories (up to that cumulative count) as a file of its own; the
    last ``HELD_OUT`` stories of the corpus go to ``held`` and into no stage.

    Copied a line at a time, because the driver's peak is what the bench reports: reading
    the whole corpus and joining each stage's lines into one string took the driver to
    166 MB before any article was ingested (ingest alone peaked at 136-141 MB).
    """
    total = sum(1 for _ in _lines(full))
    usable = total - HELD_OUT
    with held.open("w", encoding="utf-8") as out:
        out.writelines(itertools.islice(_lines(full), usable, None))
    done = 0
    source = _lines(full)
    for stage in sorted({min(s, usable) for s in stages}):
        part = workdir / f"part-{stage}.jsonl"
        with part.open("w", encoding="utf-8") as out:
            out.writelines(itertools.islice(source, stage - done))
        done = stage
        yield stage, part


def _lines(path: Path) -> Iterator[str]:
    """The corpus's lines, from a .jsonl or a .jsonl.gz."""
    import gzip

    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        yield from f


def _rebuild(db: str, queue: Any) -> None:
    """One ledger rebuild in a fresh process: its time, and its memory apart from the driver's.

    ``start_mb`` is the process's peak before the rebuild (the interpreter, the imports, the
    open store), ``peak_mb`` its peak at the end; the difference is what the rebuild took.
    """
    from claimledger.ledger.build import rebuild
    from claimledger.store.store import Store

    with Store.open(db) as store:
        start = _rss_mb()
        t0 = time.perf_counter()
        summary = rebuild(store)
        seconds = time.perf_counter() - t0
    queue.put(
        {
            "seconds": seconds,
            "claims": summary.claims,
            "contradictions": summary.contradictions,
            "start_mb": start,
            "peak_mb": _rss_mb(),
        }
    )


def scale_lines(rows: list[dict[str, Any]]) -> list[str]:
    """The scale tables and their summary lines (the ``Scale`` part of the section)."""
    lines = [
        "Scale: one driver and a 2-worker LocalCluster ingest the stories in stages into one SQLite store;",
        "after each stage the ledger is rebuilt (the cross-article steps) in a process of its own. Peak",
        "memory is each process's peak resident memory (VmHWM): of the driver and of each worker so far",
        "(ingest only: the driver does not rebuild), and of each rebuild's process, whose peak before",
        "the rebuild (interpreter, imports, open store) is subtracted to give what the rebuild itself",
        "took, also per article stored.",
        "",
        "| articles stored | ingest articles/s | driver peak, ingest (MB) | worker peaks (MB) "
        "| rebuild (s) | claims | contradictions per 1,000 articles | rebuild peak (MB) "
        "| rebuild itself (MB) | rebuild KB/article |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        worker_mb = ", ".join(f"{w:.0f}" for w in row["workers_mb"])
        own = row["rebuild_mb"] - row["rebuild_start_mb"]
        lines.append(
            f"| {row['articles']:,} | {row['ingest_rate']:.1f} | {row['driver_mb']:.0f} | {worker_mb} "
            f"| {row['rebuild_s']:.1f} | {row['claims']:,} "
            f"| {1000 * row['contradictions'] / row['articles']:.1f} | {row['rebuild_mb']:.0f} | {own:.0f} "
            f"| {own * 1024 / row['articles']:.1f} |"
        )
    first, last = rows[0], rows[-1]
    growth = (last["rebuild_s"] / first["rebuild_s"]) / (last["articles"] / first["articles"])
    lines += [
        "",
        f"Rebuild time per article from {first['articles']:,} to {last['articles']:,} articles: "
        f"x{growth:.2f} (1.0 is linear).",
        "",
        "List queries as the CLI runs them (each in a fresh process, timed once its imports are done), "
        "and adding the "
        f"{HELD_OUT} held-out stories to a copy of the store (analysis and storage in one local process "
        "with the model already loaded; then the ledger update):",
        "",
        "| articles stored | `claims --limit 20` (s) | peak (MB) "
        "| `contradictions --limit 20` (s) | peak (MB) "
        f"| add {HELD_OUT}: analyse and store (s) | add {HELD_OUT}: ledger update (s) |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        q, a = row["queries"], row["add"]
        lines.append(
            f"| {row['articles']:,} | {q['claims']['seconds']:.2f} | {q['claims']['peak_mb']:.0f} "
            f"| {q['contradictions']['seconds']:.2f} | {q['contradictions']['peak_mb']:.0f} "
            f"| {a['ingest_s']:.1f} | {a['ledger_s']:.1f} |"
        )
    cost_first = first["add"]["ingest_s"] + first["add"]["ledger_s"]
    cost_last = last["add"]["ingest_s"] + last["add"]["ledger_s"]
    lines += [
        "",
        f"Adding {HELD_OUT} stories to {last['articles']:,} against {first['articles']:,}: "
        f"x{cost_last / cost_first:.2f} "
        "(target 1.5x).",
    ]
    return lines


def _spawn(target: Any, *args: Any) -> Any:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=target, args=(*args, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.scalebench", description=__doc__.split("\n")[0])
    parser.add_argument("--throughput", type=int, default=600, help="articles per throughput run")
    parser.add_argument(
        "--stages", default="500,1000,5000,all", help="cumulative story counts ('all': all but the held-out)"
    )
    parser.add_argument("--corpus", default=str(REUTERS), help="JSONL or JSONL.gz of real stories")
    parser.add_argument("--keep", help="keep the stores and parts in this folder (default: a temporary one)")
    parser.add_argument("--skip-throughput", action="store_true", help="only the staged run")
    parser.add_argument("--no-doc", action="store_true")
    args = parser.parse_args(argv)
    stages = [10**9 if x == "all" else int(x) for x in args.stages.split(",")]

    lines = [
        "Command: `make bench-scale` (runs `python -m tools.scalebench`), on the real Reuters-21578",
        "stories of `../shared/corpora/` (1987 newswire, 16,787 stories), in corpus order.",
        "",
    ]
    with contextlib.ExitStack() as stack:
        if args.keep:
            Path(args.keep).mkdir(parents=True, exist_ok=True)
            tmp = args.keep
        else:
            tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="claimledger-scale-"))
        if not args.skip_throughput:
            lines += _throughput_lines(args.throughput, Path(args.corpus), Path(tmp))
        rows = _spawn(_scale, stages, tmp, args.corpus)
    lines += scale_lines(rows)
    text = "\n".join(lines)
    print(text)
    if not args.no_doc:
        update_section(
            ROOT / "docs" / "benchmarks.md",
            "scale",
            text,
            title="Scale-out: engines, memory, cross-article steps",
        )
    return 0


def _throughput_lines(n: int, source: Path, tmp: Path) -> list[str]:
    """The engines compared on the first ``n`` stories."""
    lines = [
        f"Ingest throughput, {n} new articles into a new SQLite store,",
        "wall clock including the engine's start-up (workers loading the model), ledger rebuild excluded;",
        "then the same run from its first stored batch on (start-up excluded):",
        "",
        "| engine | articles/s | seconds | speed-up | to first batch (s) "
        "| articles/s after it | speed-up after it |",
        "|---|---|---|---|---|---|---|",
    ]
    results: dict[str, float] = {}
    steady: dict[str, float] = {}
    corpus = tmp / "throughput.jsonl"
    with corpus.open("w", encoding="utf-8") as out:
        out.writelines(itertools.islice(_lines(source), n))
    for label, kind, workers in (
        ("local, 1 process", "local", 1),
        ("local, 2 processes", "local", 2),
        ("Dask LocalCluster, 1 worker", "dask", 1),
        ("Dask LocalCluster, 2 workers", "dask", 2),
    ):
        r = _spawn(_throughput, kind, workers, str(corpus), str(Path(tmp) / f"{kind}{workers}.db"))
        rate = r["added"] / r["seconds"]
        results[label], steady[label] = rate, r["steady"]
        base, steady_base = results["local, 1 process"], steady["local, 1 process"]
        lines.append(
            f"| {label} | {rate:.1f} | {r['seconds']:.1f} | {rate / base:.2f}x | {r['startup']:.1f} "
            f"| {r['steady']:.1f} | {r['steady'] / steady_base:.2f}x |"
        )
        print(lines[-1], file=sys.stderr)
    d1, d2 = results["Dask LocalCluster, 1 worker"], results["Dask LocalCluster, 2 workers"]
    s1, s2 = steady["Dask LocalCluster, 1 worker"], steady["Dask LocalCluster, 2 workers"]
    lines += [
        "",
        f"End to end, Dask 2 workers / 1 worker: **{d2 / d1:.2f}x** with start-up, "
        f"**{s2 / s1:.2f}x** after it (target >= 1.6x).",
        "",
    ]
    lines += [
        "Analysis alone (no storage), after the workers have loaded the model, same articles:",
        "",
        "| engine | articles/s |",
        "|---|---|",
    ]
    alone: dict[int, float] = {}
    for dask_workers, label in ((0, "this process"), (1, "Dask, 1 worker"), (2, "Dask, 2 workers")):
        r = _spawn(_analysis_only, dask_workers, str(corpus))
        alone[dask_workers] = r["n"] / r["seconds"]
        lines.append(f"| {label} | {alone[dask_workers]:.1f} |")
    lines += [
        "",
        f"Dask 2 workers / 1 worker, analysis alone: **{alone[2] / alone[1]:.2f}x** (target >= 1.6x).",
        "",
    ]
    return lines


if __name__ == "__main__":
    sys.exit(main())
