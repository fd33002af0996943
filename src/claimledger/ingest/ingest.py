"""Ingest: read inputs, analyze what is new, store the results a batch per transaction.

Inputs are files, folders, JSONL, URLs and feeds (the last two through
:mod:`claimledger.ingest.fetch`); an article read from the web carries the page it came from,
archived with it, and a feed entry is marked done once its article is stored.

Reading problems never stop a run: a bad file or a malformed JSONL line is reported
(with its line number) and the rest is ingested. Articles already stored are
recognised by their content hash before any analysis, so a rerun after a crash only
analyzes what is missing. The ledger is rebuilt once at the end.
"""

from __future__ import annotations

import dataclasses
import itertools
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from claimledger.engine.runner import EngineOptions, Failed
from claimledger.engine.runner import run as run_engine
from claimledger.errors import ClaimLedgerError, SkippedInput
from claimledger.ingest.fetch.client import Fetcher
from claimledger.ingest.fetch.feeds import poll_feed
from claimledger.ingest.fetch.pages import fetch_article
from claimledger.ingest.items import EntryError, Item, read_inputs
from claimledger.ledger.build import BuildSummary
from claimledger.ledger.incremental import update
from claimledger.models import ArticleAnalysis, ArticleMeta, article_id
from claimledger.store.copies import CopyRecord, CopyStatus
from claimledger.store.store import Store, now
from claimledger.store.writes import NewArticle

Analyzer = Callable[[Iterable[tuple[str, ArticleMeta]]], Iterator[ArticleAnalysis]]


@dataclass
class IngestReport:
    read: int = 0
    added: int = 0
    already: int = 0
    #: Texts stored already that came under another URL, outlet or date: recorded as copies.
    copies: int = 0
    duplicates: int = 0
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: Inputs left out on purpose (a link out of its folder): reported, not failures.
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    ledger: BuildSummary | None = None
    #: When the first batch was stored (seconds) and its size: what start-up cost (loading
    #: the model, starting workers), so that the rate after it can be told apart.
    first_batch_at: float | None = None
    first_batch: int = 0

    @property
    def rate(self) -> float:
        return self.added / self.seconds if self.seconds > 0 else 0.0

    @property
    def steady_rate(self) -> float:
        """Articles/s after the first batch was stored (0 when there was only one batch)."""
        if self.first_batch_at is None or self.seconds <= self.first_batch_at:
            return 0.0
        return (self.added - self.first_batch) / (self.seconds - self.first_batch_at)


@dataclass(frozen=True)
class IngestProgress:
    """Where a run stands, sent to ``on_progress`` as it goes (a progress bar, a log line).

    Sent once when the run starts (before the model loads, so a terminal shows the run at
    once), after every stored batch, when the ledger rebuild starts and when all is done.
    """

    phase: Literal["analyzing", "ledger", "done"]
    #: Articles analyzed and handed to the store so far (new ones, and any stored meanwhile).
    done: int
    added: int
    already: int
    copies: int
    failed: int
    seconds: float

    @property
    def rate(self) -> float:
        """Articles analyzed per second so far."""
        return self.done / self.seconds if self.seconds > 0 else 0.0


ProgressCallback = Callable[[IngestProgress], None]


def is_url(arg: str) -> bool:
    """Arguments with a scheme are URLs (and refused if not http/https); the rest are paths."""
    return "://" in arg or arg.lower().startswith(("http:", "https:"))


def ingest(
    store: Store,
    paths: Sequence[str],
    *,
    feeds: Sequence[str] = (),
    fetcher: Fetcher | None = None,
    analyzer: Analyzer | None = None,
    engine: EngineOptions | None = None,
    n_process: int = 1,
    batch_size: int = 8,
    on_progress: ProgressCallback | None = None,
    chunk: int = 64,
) -> IngestReport:
    """Analyze and store every new article in ``paths`` (files, folders, .jsonl, URLs) and
    ``feeds`` (feed URLs or files); then rebuild the ledger. ``on_progress`` hears how far
    it got (:class:`IngestProgress`)."""
    report = IngestReport()
    urls = [p for p in paths if is_url(p)]
    files = [p for p in paths if not is_url(p)]

    def inputs() -> Iterator[Item | ClaimLedgerError]:
        yield from read_inputs(files)
        if not urls and not feeds:
            return

        own = fetcher is None
        f = fetcher or Fetcher()
        try:
            for url in urls:
                try:
                    yield fetch_article(f, url)
                except ClaimLedgerError as exc:
                    yield exc
            for feed in feeds:
                try:
                    poll = poll_feed(store, f, feed)
                except ClaimLedgerError as exc:
                    yield exc
                    continue
                yield from poll.items  # fetched one by one as they are analyzed and stored
                report.notes.extend(poll.notes)
        finally:
            if own:
                f.close()

    # a feed's pages are stored a few at a time as they are fetched, never held all at once
    block = FEED_BLOCK if feeds else None
    return ingest_items(
        store,
        inputs(),
        report=report,
        analyzer=analyzer,
        engine=engine,
        n_process=n_process,
        batch_size=batch_size,
        on_progress=on_progress,
        chunk=min(chunk, block or chunk),
        read_block=block or READ_BLOCK,
        write_batch=block or WRITE_BATCH,
    )


def ingest_items(
    store: Store,
    inputs: Iterable[Item | ClaimLedgerError],
    *,
    report: IngestReport | None = None,
    analyzer: Analyzer | None = None,
    engine: EngineOptions | None = None,
    n_process: int = 1,
    batch_size: int = 8,
    on_progress: ProgressCallback | None = None,
    chunk: int = 64,
    rebuild_ledger: bool = True,
    read_block: int | None = None,
    write_batch: int | None = None,
) -> IngestReport:
    """Analyze and store the new articles among ``inputs``; errors are counted, not raised.

    ``inputs`` is read lazily, a block at a time, and results are stored a batch at a time,
    so memory stays flat whatever the size of the input. ``engine`` says where analysis
    runs (this process, ``n_process`` processes, or a Dask cluster); ``analyzer``
    replaces analysis altogether (tests use it to store hand-made analyses). Smaller
    ``read_block``, ``chunk`` and ``write_batch`` store each input sooner after it is read
    (feeds: pages are fetched as they are read), at some cost in speed.
    """
    report = report or IngestReport()
    pending: dict[str, Item] = {}  # read, new, not yet stored: id -> item
    later: list[tuple[str, CopyRecord]] = []  # texts met again before their first was stored
    fresh = _new_items(store, inputs, report, pending, later, read_block or READ_BLOCK)
    if analyzer is not None:
        results = _with_analyzer(analyzer, fresh, report, chunk)
    else:
        opts = engine or EngineOptions(kind="local", processes=n_process, batch_size=batch_size, chunk=chunk)
        results = _with_engine(opts, fresh, report, pending)

    started = time.perf_counter()
    done = 0

    def tell(phase: Literal["analyzing", "ledger", "done"]) -> None:
        if on_progress is not None:
            on_progress(
                IngestProgress(
                    phase,
                    done=done,
                    added=report.added,
                    already=report.already,
                    copies=report.copies,
                    failed=len(report.errors),
                    seconds=time.perf_counter() - started,
                )
            )

    tell("analyzing")
    while batch := list(itertools.islice(results, write_batch or WRITE_BATCH)):
        stored = store.add_analyses(
            [
                NewArticle(analysis, input=item.name, page=item.page, entry=item.entry)
                for analysis, item in batch
            ]
        )
        for result in stored:
            if result.added:
                report.added += 1
                report.duplicates += result.duplicate
            elif result.copy:
                report.copies += 1
            else:  # another run stored it after this one looked: already stored, not new
                report.already += 1
            pending.pop(result.article_id, None)
        if report.first_batch_at is None:
            report.first_batch_at, report.first_batch = time.perf_counter() - started, report.added
        done += len(batch)
        tell("analyzing")
    _count_copies(report, later, store.add_copies(later))
    report.seconds = time.perf_counter() - started
    if rebuild_ledger and (report.added or store.ledger_is_stale()):
        tell("ledger")
        report.ledger = update(store)  # only what the new articles touch, else a rebuild
    tell("done")
    return report


#: Inputs are checked against the store this many at a time.
READ_BLOCK = 256

#: Analyzed articles are stored this many to a transaction (see :meth:`Store.add_analyses`):
#: the process that stores them is the one that feeds the workers, and a transaction per
#: article took CPU they needed. A killed run re-analyzes at most one batch.
WRITE_BATCH = 32

#: Inputs read, analyzed and stored at a time when feeds are read: their pages are fetched
#: as the inputs are read, so this many pages at most wait to be stored.
FEED_BLOCK = 4


def _new_items(
    store: Store,
    inputs: Iterable[Item | ClaimLedgerError],
    report: IngestReport,
    pending: dict[str, Item],
    later: list[tuple[str, CopyRecord]],
    read_block: int,
) -> Iterator[Item]:
    """The inputs not stored yet and not already on their way, read a block at a time.

    A text stored already is recorded as another copy of it when it comes under another
    URL, outlet or date; one on its way is put in ``later``, recorded once it is stored.
    """
    it = iter(inputs)
    while block := list(itertools.islice(it, read_block)):
        fresh: dict[str, Item] = {}
        for got in block:
            if isinstance(got, SkippedInput):
                report.warnings.append(str(got))
                continue
            if isinstance(got, ClaimLedgerError):
                report.errors.append(str(got))
                if isinstance(got, EntryError):
                    store.feeds.mark(got.entry, status="failed", at=now(), error=str(got))
                continue
            report.read += 1
            report.warnings.extend(got.warnings)
            aid = article_id(got.text)
            if aid in pending or aid in fresh:
                later.append((aid, CopyRecord.of(got.meta, got.name)))
                if got.entry is not None:
                    store.feeds.mark(got.entry, status="done", at=now(), article_id=aid)
                continue
            fresh[aid] = got
        stored = store.existing_ids(fresh)
        again = [(aid, CopyRecord.of(item.meta, item.name)) for aid, item in fresh.items() if aid in stored]
        _count_copies(report, again, store.add_copies(again))
        for aid, item in fresh.items():
            if aid in stored:
                if item.entry is not None:
                    store.feeds.mark(item.entry, status="done", at=now(), article_id=aid)
                continue
            pending[aid] = item
            yield item


def _count_copies(
    report: IngestReport, wanted: Sequence[tuple[str, CopyRecord]], found: Sequence[CopyStatus]
) -> None:
    for (_aid, rec), status in zip(wanted, found, strict=True):
        if status == "copy":
            report.copies += 1
        elif status == "already":
            report.already += 1
        else:  # its first arrival failed, and was reported
            report.errors.append(f"{rec.input}: not stored: the same text failed to be analysed")


def _with_engine(
    opts: EngineOptions, fresh: Iterator[Item], report: IngestReport, pending: dict[str, Item]
) -> Iterator[tuple[ArticleAnalysis, Item]]:
    items = ((i.text, i.meta, article_id(i.text)) for i in fresh)
    for result in run_engine(items, opts):
        key = result.name if isinstance(result, Failed) else result.input
        item = pending.pop(key or "", None)
        if item is None:  # pragma: no cover - every result answers an item we sent
            continue
        if isinstance(result, Failed):
            report.errors.append(f"{item.name}: {result.error}")
            continue
        pending[result.id] = item
        yield dataclasses.replace(result, input=item.name), item


def _with_analyzer(
    run: Analyzer, fresh: Iterator[Item], report: IngestReport, chunk: int
) -> Iterator[tuple[ArticleAnalysis, Item]]:
    while items := list(itertools.islice(fresh, chunk)):
        yield from _analyze_chunk(run, items, report)


def _analyze_chunk(
    run: Analyzer, items: list[Item], report: IngestReport
) -> Iterator[tuple[ArticleAnalysis, Item]]:
    """Analyze a chunk; if one article breaks the batch, redo it one by one to isolate it.

    Any exception from the pipeline is caught here, like ``analyze`` does for one
    article: one bad article must not take the rest of the run down.
    """
    results: list[ArticleAnalysis | None]
    try:
        results = list(run((i.text, i.meta) for i in items))
    except Exception:  # noqa: BLE001 - isolated and reported per article below
        results = []
        for item in items:
            try:
                results.extend(run([(item.text, item.meta)]))
            except ClaimLedgerError as exc:
                report.errors.append(f"{item.name}: {exc}")
                results.append(None)
            except Exception as exc:  # noqa: BLE001
                report.errors.append(f"{item.name}: analysis failed: {type(exc).__name__}: {exc}")
                results.append(None)
    for analysis, item in zip(results, items, strict=True):
        if analysis is not None:
            yield analysis, item


def summary(report: IngestReport) -> list[str]:
    """The lines printed at the end of a run."""
    lines = [
        f"ingested {report.added} new article(s) ({report.duplicates} near-duplicate), "
        f"{report.copies} copies of stored articles, "
        f"{report.already} already stored, {len(report.errors)} failed; "
        f"{report.rate:.1f} articles/s"
    ]
    if report.ledger:
        lines.append(
            f"ledger: {report.ledger.claims} claims, {report.ledger.contradictions} contradictions, "
            f"{report.ledger.estimates} estimates, {report.ledger.actors} actors"
        )
    return lines


def as_dict(report: IngestReport) -> dict[str, Any]:
    return {
        "read": report.read,
        "added": report.added,
        "already_stored": report.already,
        "copies": report.copies,
        "duplicates": report.duplicates,
        "errors": report.errors,
        "warnings": report.warnings,
        "seconds": round(report.seconds, 3),
        "articles_per_second": round(report.rate, 2),
    }
