"""Where analysis runs: in this process (``local``) or on a Dask cluster (``dask``).

Both engines take the same stream of articles and yield the same analyses in
input order, so what ends up in the store does not depend on the engine. The
Dask engine sends chunks of articles to the workers and keeps only a bounded
window of chunks in flight, so a 20 GB input never sits in the driver's memory;
each worker loads the spaCy pipeline once (``load_pipeline`` is cached per
process) and returns plain records, never parsed Docs (a Doc pickles to ~2.5 MB).
A chunk whose worker dies is retried by Dask; storing is idempotent (ids are
content hashes), so a retried article is stored once.

Memory per worker does not grow with the input: each chunk is analyzed inside
``nlp.memory_zone()`` (the words, strings and tokenizer-cache entries a chunk adds to
the shared vocab are freed after it), and the LocalClusters we start run without
Dask's statistical profiler (:data:`WORKER_CONFIG`), which otherwise keeps a call tree
for every second a task runs. Nor does the driver's: Dask's message logs, which kept
every chunk of articles sent (:data:`LOG_CONFIG`), are off in the clients we make and
in the LocalClusters we start, whose scheduler and nannies run in the driver's process,
and their system monitors keep one sample instead of an hour's.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from claimledger.errors import ClaimLedgerError, ExtractionError
from claimledger.models import ArticleAnalysis, ArticleMeta
from claimledger.pipeline.limits import DEFAULT_TIME_BUDGET

EngineKind = Literal["local", "dask"]
Item = tuple[str, ArticleMeta, str | None]  # text, metadata, input name

#: Dask configuration of the workers of every LocalCluster we start. Dask's statistical
#: profiler samples the running task every 10 ms and keeps one call tree per second of
#: work (up to ``distributed.admin.low-level-log-length``, 1,000, plus as many again per
#: task prefix): spaCy's deep stacks made that about 8 MB per 1,000 bench articles on each
#: worker, nearly all of the workers' growth with the input (``docs/scaling.md``).
WORKER_CONFIG: dict[str, Any] = {"distributed.worker.profile.enabled": False}

#: Dask configuration of every client we make and every LocalCluster we start (its
#: scheduler runs in this process, the driver's), held for the whole of a Dask run.
#: ``distributed.admin.low-level-log-length`` (default 1,000) is how many entries Dask's
#: logs for developers keep, and one of them held our articles: each batched stream keeps
#: the last 1,000 batches it sent, and the scheduler's stream to a worker sends each task
#: with its arguments, a whole chunk of articles (about 2.5 KB of Python objects per bench
#: article); the client's stream to the scheduler keeps each pickled chunk it submitted
#: (about 0.7 KB an article). The driver's peak was 12, 26 and 42 MB above its start
#: after 2,000, 8,000 and 15,000 articles in one run (8, 9 and 10 MB with the logs off),
#: and would have grown until 1,000 chunks per worker had gone by.
#: At 0, those logs, the scheduler's transition log and its stored events (what
#: ``Client.story`` and ``Client.get_events`` read) keep nothing; subscribers to an event
#: topic still get its events. ``docs/scaling.md`` says what to set on a remote scheduler.
#: ``distributed.admin.system-monitor.log-length`` (default 7,200) is how many of its
#: twice-a-second samples (CPU, memory, network, disk: eight numbers) each Dask server keeps
#: for the dashboard, 1.9 MB after an hour; the scheduler and the nanny of each worker of a
#: LocalCluster all run in the driver, which grew by 5.7 MB over the first hour of a run with
#: 2 workers. At 1 each keeps its latest sample, which is what heartbeats read.
LOG_CONFIG: dict[str, Any] = {
    "distributed.admin.low-level-log-length": 0,
    "distributed.admin.system-monitor.log-length": 1,
}


@dataclass(frozen=True)
class EngineOptions:
    """How to run analysis; one object passed from the CLI down to the engine."""

    kind: EngineKind = "local"
    processes: int = 1
    scheduler: str | None = None
    workers: int = 2
    batch_size: int = 8
    chunk: int = 16
    connect_timeout: float = 10.0
    #: seconds per article (``None``: no limit); an article over it becomes a :class:`Failed`
    time_budget: float | None = DEFAULT_TIME_BUDGET


@dataclass(frozen=True)
class Failed:
    """One article the engine could not analyze, with the reason (the run goes on)."""

    name: str | None
    error: str


class EngineError(ClaimLedgerError):
    """The engine itself cannot run (a scheduler that does not answer, a cluster that fails)."""

    exit_code = 2


def run(items: Iterable[Item], options: EngineOptions) -> Iterator[ArticleAnalysis | Failed]:
    """Analyze ``items`` with the engine ``options.kind``, in input order."""
    if options.kind == "dask":
        yield from _run_dask(items, options)
    else:
        yield from _run_local(items, options)


def analyze_many(
    items: Iterable[tuple[str, ArticleMeta]],
    *,
    n_process: int = 1,
    batch_size: int = 8,
    nlp: Any = None,
    time_budget: float | None = DEFAULT_TIME_BUDGET,
) -> Iterator[ArticleAnalysis]:
    """Analyze many articles in input order: in this process, or in ``n_process`` workers.

    With ``n_process`` > 1 each worker loads the pipeline once; an article that fails
    raises :class:`~claimledger.errors.ExtractionError` naming it, as in one process.
    """
    if n_process <= 1:
        # deferred: the analysis imports spaCy, which the CLI loads only when it analyzes
        from claimledger.analysis.article import analyze_many as analyze_here

        yield from analyze_here(items, batch_size=batch_size, nlp=nlp, time_budget=time_budget)
        return
    opts = EngineOptions(kind="local", processes=n_process, batch_size=batch_size, time_budget=time_budget)
    for result in run(((t, m, None) for t, m in items), opts):
        if isinstance(result, Failed):
            raise ExtractionError(result.error, source=result.name)
        yield result


def analyze_chunk(
    chunk: list[Item],
    batch_size: int = 8,
    n_process: int = 1,
    time_budget: float | None = DEFAULT_TIME_BUDGET,
) -> list[ArticleAnalysis | Failed]:
    """Analyze one chunk; one bad article becomes a :class:`Failed`, not a lost chunk.

    An article over a size cap or over its time budget
    (:class:`~claimledger.errors.AnalysisTimeout`) fails alone: the chunk is redone one
    article at a time, each with its own budget.

    The chunk is analyzed inside ``nlp.memory_zone()``: the lexemes, strings and
    tokenizer-cache entries its new words add to the process's vocab are freed at the end,
    so a worker's vocab does not grow with the input. The records returned hold no spaCy
    object, only Python strings and numbers, so nothing outlives the zone.
    """
    # deferred: the pipeline imports spaCy, which the CLI loads only when it analyzes
    from claimledger.pipeline.load import load_pipeline

    with load_pipeline().memory_zone():
        return _analyze_chunk(chunk, batch_size, time_budget)


def _analyze_chunk(
    chunk: list[Item], batch_size: int, time_budget: float | None
) -> list[ArticleAnalysis | Failed]:
    # deferred: the analysis imports spaCy, which the CLI loads only when it analyzes
    from claimledger.analysis.article import MAX_CHARS, ExtractOptions, analyze, analyze_many

    ok = [it for it in chunk if len(it[0]) <= MAX_CHARS]
    done: dict[int, ArticleAnalysis | Failed] = {}
    try:
        results: list[ArticleAnalysis | Failed] = list(
            analyze_many(((t, m) for t, m, _ in ok), batch_size=batch_size, time_budget=time_budget)
        )
    except Exception:  # isolate the article that failed: analyze one by one
        results = []
        one = ExtractOptions(time_budget=time_budget)
        for t, m, name in ok:
            try:
                results.append(analyze(t, m, input_name=name, options=one))
            except ClaimLedgerError as exc:
                results.append(Failed(name, str(exc)))
    it = iter(results)
    for i, (text, _, name) in enumerate(chunk):
        if len(text) > MAX_CHARS:
            done[i] = Failed(
                name, str(ExtractionError(f"article has {len(text):,} characters, over the cap"))
            )
        else:
            r = next(it)
            done[i] = r if isinstance(r, Failed) else _named(r, name)
    return [done[i] for i in range(len(chunk))]


def _named(analysis: ArticleAnalysis, name: str | None) -> ArticleAnalysis:
    if name is None or analysis.input == name:
        return analysis
    from dataclasses import replace

    return replace(analysis, input=name)


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def _run_local(items: Iterable[Item], options: EngineOptions) -> Iterator[ArticleAnalysis | Failed]:
    if options.processes > 1:
        yield from _run_local_pool(items, options)
        return
    for chunk in _chunks(items, options.chunk):
        yield from analyze_chunk(chunk, options.batch_size, 1, options.time_budget)


def _run_local_pool(items: Iterable[Item], options: EngineOptions) -> Iterator[ArticleAnalysis | Failed]:
    """``processes`` worker processes, each loading the pipeline once, fed a bounded window.

    spaCy's own ``nlp.pipe(n_process=...)`` cannot carry our records back (it
    serializes Doc extensions with msgpack), so the pool returns finished analyses,
    as the Dask workers do.
    """
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    with ctx.Pool(options.processes, initializer=_warm_worker) as pool:
        pending: deque[Any] = deque()
        for chunk in _chunks(items, options.chunk):
            pending.append(
                pool.apply_async(analyze_chunk, (chunk, options.batch_size, 1, options.time_budget))
            )
            while len(pending) >= 2 * options.processes:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def _warm_worker() -> None:
    # deferred: the pipeline imports spaCy, which the CLI loads only when it analyzes
    from claimledger.pipeline.load import load_pipeline

    load_pipeline()


def _client(options: EngineOptions) -> tuple[Any, Any]:
    """A Dask client to the given scheduler, or to a LocalCluster we start (and own).

    Call it with :data:`LOG_CONFIG` set: the client's stream keeps what the configuration
    says when it is made.
    """
    try:
        from distributed import Client
    except ImportError as exc:  # pragma: no cover - distributed is a dependency
        raise EngineError("the dask engine needs the 'distributed' package") from exc
    if options.scheduler:
        try:
            return Client(options.scheduler, timeout=options.connect_timeout), None  # type: ignore[no-untyped-call]
        except (OSError, TimeoutError) as exc:
            raise EngineError(f"cannot reach the Dask scheduler: {exc}", source=options.scheduler) from exc
    cluster = local_cluster(options.workers)
    return Client(cluster), cluster  # type: ignore[no-untyped-call]


def local_cluster(workers: int) -> Any:
    """A LocalCluster of ``workers`` single-threaded worker processes, configured by
    :data:`WORKER_CONFIG` and :data:`LOG_CONFIG`.

    Each nanny passes the configuration current when it is made to its worker process
    (and to a replacement for a worker that died), so setting it around the constructor
    is enough for the workers. The scheduler, in this process, reads it when it starts
    and when a worker connects (its stream to that worker); the workers connect before the
    constructor returns, and a replacement connects during a run, under the run's own
    :data:`LOG_CONFIG` (:func:`run`).
    """
    import dask
    from distributed import LocalCluster

    with dask.config.set({**WORKER_CONFIG, **LOG_CONFIG}):
        return LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            host="127.0.0.1",
        )


def _run_dask(items: Iterable[Item], options: EngineOptions) -> Iterator[ArticleAnalysis | Failed]:
    import dask
    import distributed  # noqa: F401

    # distributed adds its defaults to dask's configuration when first imported. Imported
    # inside the block below, they would be dropped with the block's own keys on exit, and
    # every later Client in this process would fail on a missing setting.
    with dask.config.set(LOG_CONFIG):
        yield from _run_dask_configured(items, options)


def _run_dask_configured(items: Iterable[Item], options: EngineOptions) -> Iterator[ArticleAnalysis | Failed]:
    client, cluster = _client(options)
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})) or options.workers)
        window = 2 * workers  # chunks in flight: enough to keep every worker busy, bounded memory
        pending: deque[Any] = deque()
        for chunk in _chunks(items, options.chunk):
            pending.append(
                client.submit(
                    analyze_chunk, chunk, options.batch_size, 1, options.time_budget, pure=False, retries=2
                )
            )
            while len(pending) >= window:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    except (OSError, TimeoutError) as exc:
        raise EngineError(f"the Dask cluster failed: {exc}", source=options.scheduler) from exc
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
