"""The scale-out benchmark behind ``make bench-scale``.

In one run, on articles generated from the bundled story corpus
(:mod:`tools.benchcorpus`):

1. ingest throughput (articles/s, wall clock including each engine's start-up) for
   the local engine with 1 and 2 processes and a Dask LocalCluster with 1 and 2 workers;
2. peak memory of the driver and of each Dask worker while 20,000 articles are
   ingested in stages (1k, 5k, 20k), to show that it stays flat;
3. the time and peak memory of the cross-article steps (the ledger rebuild:
   near-duplicates, claim merging, origins, contradictions, grades) at each stage.
   Each stage's rebuild runs in a process of its own, so the driver's peak is that of
   ingest alone and the rebuild's peak is its own (they used to be one ru_maxrss).

    python -m tools.scalebench [--throughput 600] [--stages 1000,5000,20000]
"""

from __future__ import annotations

import argparse
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
STORY = ROOT / "examples" / "story.jsonl"


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


def _scale(stages: list[int], workdir: str, queue: Any) -> None:
    """Ingest in stages on a 2-worker LocalCluster; memory, and a rebuild in its own process, after each."""
    from distributed import Client

    from claimledger.engine.runner import EngineOptions, local_cluster
    from claimledger.ingest.ingest import ingest_items
    from claimledger.ingest.items import read_inputs
    from claimledger.store.store import Store
    from tools.benchcorpus import write

    rows = []
    with (
        local_cluster(2) as cluster,
        Client(cluster) as client,  # type: ignore[no-untyped-call]
        Store.open(str(Path(workdir) / "scale.db")) as store,
    ):
        opts = EngineOptions(kind="dask", scheduler=cluster.scheduler_address, chunk=32)
        full = Path(workdir) / "all.jsonl"
        write(STORY, full, stages[-1])
        for stage, part in stage_parts(full, stages, Path(workdir)):
            t0 = time.perf_counter()
            report = ingest_items(store, read_inputs([str(part)]), engine=opts, rebuild_ledger=False)
            ingest_s = time.perf_counter() - t0
            driver_mb = _rss_mb()
            workers = client.run(_rss_mb)
            built = _spawn(_rebuild, str(Path(workdir) / "scale.db"))
            rows.append(
                {
                    "articles": stage,
                    "added": report.added,
                    "ingest_rate": report.added / ingest_s if ingest_s else 0.0,
                    "rebuild_s": built["seconds"],
                    "claims": built["claims"],
                    "driver_mb": driver_mb,
                    "rebuild_mb": built["peak_mb"],
                    "rebuild_start_mb": built["start_mb"],
                    "workers_mb": sorted(workers.values()),
                }
            )
    queue.put(rows)


def stage_parts(full: Path, stages: list[int], workdir: Path) -> Iterator[tuple[int, Path]]:
    """Each stage's new articles (up to that cumulative count) as a file of its own.

    Copied from ``full`` a line at a time, because the driver's peak is what the bench
    reports: reading the whole corpus (20,000 articles, 16 MB of strings) and joining each
    stage's lines into one string took the driver to 166 MB before any article was
    ingested and to 178 MB at the last stage; ingest alone peaked at 136, 137 and 141 MB.
    """
    done = 0
    with full.open(encoding="utf-8") as source:
        for stage in stages:
            part = workdir / f"part-{stage}.jsonl"
            with part.open("w", encoding="utf-8") as out:
                out.writelines(itertools.islice(source, stage - done))
            done = stage
            yield stage, part


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
    queue.put({"seconds": seconds, "claims": summary.claims, "start_mb": start, "peak_mb": _rss_mb()})


def scale_lines(rows: list[dict[str, Any]]) -> list[str]:
    """The scale table and its summary lines (the ``Scale`` part of the section)."""
    lines = [
        "Scale: one driver and a 2-worker LocalCluster ingest the articles in stages into one SQLite store;",
        "after each stage the ledger is rebuilt (the cross-article steps) in a process of its own. Peak",
        "memory is each process's peak resident memory (VmHWM): of the driver and of each worker so far",
        "(ingest only: the driver does not rebuild), and of each rebuild's process, whose peak before",
        "the rebuild (interpreter, imports, open store) is subtracted to give what the rebuild itself",
        "took, also per article stored.",
        "",
        "| articles stored | ingest articles/s | driver peak, ingest (MB) | worker peaks (MB) "
        "| rebuild (s) | claims | rebuild peak (MB) | rebuild itself (MB) | rebuild KB/article |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        worker_mb = ", ".join(f"{w:.0f}" for w in row["workers_mb"])
        own = row["rebuild_mb"] - row["rebuild_start_mb"]
        lines.append(
            f"| {row['articles']:,} | {row['ingest_rate']:.1f} | {row['driver_mb']:.0f} | {worker_mb} "
            f"| {row['rebuild_s']:.1f} | {row['claims']:,} | {row['rebuild_mb']:.0f} | {own:.0f} "
            f"| {own * 1024 / row['articles']:.1f} |"
        )
    first, last = rows[0], rows[-1]
    growth = (last["rebuild_s"] / first["rebuild_s"]) / (last["articles"] / first["articles"])
    lines += [
        "",
        f"Rebuild time per article from {first['articles']:,} to {last['articles']:,} articles: "
        f"x{growth:.2f} "
        "(1.0 is linear).",
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
    parser.add_argument("--stages", default="1000,5000,20000", help="cumulative article counts")
    parser.add_argument("--no-doc", action="store_true")
    args = parser.parse_args(argv)
    stages = [int(x) for x in args.stages.split(",")]
    from tools.benchcorpus import write

    lines = [
        "Command: `make bench-scale` (runs `python -m tools.scalebench`). Articles are generated from",
        "`examples/story.jsonl` by `tools/benchcorpus.py` (short news items, about 110 words each).",
        "",
        f"Ingest throughput, {args.throughput} new articles into a new SQLite store,",
        "wall clock including the engine's start-up (workers loading the model), ledger rebuild excluded;",
        "then the same run from its first stored batch on (start-up excluded):",
        "",
        "| engine | articles/s | seconds | speed-up | to first batch (s) "
        "| articles/s after it | speed-up after it |",
        "|---|---|---|---|---|---|---|",
    ]
    results: dict[str, float] = {}
    steady: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="claimledger-scale-") as tmp:
        corpus = Path(tmp) / "throughput.jsonl"
        write(STORY, corpus, args.throughput)
        for label, kind, n in (
            ("local, 1 process", "local", 1),
            ("local, 2 processes", "local", 2),
            ("Dask LocalCluster, 1 worker", "dask", 1),
            ("Dask LocalCluster, 2 workers", "dask", 2),
        ):
            r = _spawn(_throughput, kind, n, str(corpus), str(Path(tmp) / f"{kind}{n}.db"))
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
        for workers, label in ((0, "this process"), (1, "Dask, 1 worker"), (2, "Dask, 2 workers")):
            r = _spawn(_analysis_only, workers, str(corpus))
            alone[workers] = r["n"] / r["seconds"]
            lines.append(f"| {label} | {alone[workers]:.1f} |")
        lines += [
            "",
            f"Dask 2 workers / 1 worker, analysis alone: **{alone[2] / alone[1]:.2f}x** (target >= 1.6x).",
            "",
        ]
        rows = _spawn(_scale, stages, tmp)
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


if __name__ == "__main__":
    sys.exit(main())
