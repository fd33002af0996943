"""Ingest: read inputs, analyze what is new, store the results a batch per transaction.

Inputs are files, folders, JSONL, URLs and feeds (the last two through
:mod:`claimledger.fetch`); an article read from the web carries the page it came from,
archived with it, and a feed entry is marked done once its article is stored.

Reading problems never stop a run: a bad file or a malformed JSONL line is reported
(with its line number) and the rest is ingested. Articles already stored are
recognised by their content hash before any analysis, so a rerun after a crash only
analyzes what is missing. The ledger is rebuilt once at the end.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
)
from rich.text import Text

from claimledger.engine import EngineOptions, Failed
from claimledger.engine import run as run_engine
from claimledger.errors import ClaimLedgerError, InputError
from claimledger.ledger.build import BuildSummary, rebuild
from claimledger.models import ArticleAnalysis, ArticleMeta
from claimledger.store.pages import EntryRef, PageRecord
from claimledger.store.store import Store, now
from claimledger.store.writes import NewArticle

if TYPE_CHECKING:
    from claimledger.fetch.client import Fetcher

Analyzer = Callable[[Iterable[tuple[str, ArticleMeta]]], Iterator[ArticleAnalysis]]
META_FIELDS = ("url", "outlet", "title", "author", "published")


@dataclass(frozen=True)
class Item:
    name: str
    text: str
    meta: ArticleMeta
    page: PageRecord | None = None
    entry: EntryRef | None = None


@dataclass
class IngestReport:
    read: int = 0
    added: int = 0
    already: int = 0
    duplicates: int = 0
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
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


def parse_jsonl_line(line: str, where: str) -> Item | None:
    """One JSONL article; None for a blank line; InputError naming ``where`` otherwise."""
    if not line.strip():
        return None
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON ({exc.msg} at column {exc.colno})", source=where) from exc
    if not isinstance(obj, dict):
        raise InputError("expected a JSON object with a 'text' field", source=where)
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError("missing or empty 'text' field", source=where)
    meta: dict[str, str | None] = {}
    for key in META_FIELDS:
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(f"field {key!r} must be a string", source=where)
        meta[key] = value
    return Item(name=where, text=text, meta=ArticleMeta(**meta))


def read_inputs(paths: Sequence[str]) -> Iterator[Item | InputError]:
    """Every article in ``paths`` (files, folders, .jsonl), or the error reading it."""
    from claimledger.reading import iter_paths, read_article

    for raw in paths:
        path = Path(raw)
        jsonls = (
            sorted(path.rglob("*.jsonl")) if path.is_dir() else ([path] if path.suffix == ".jsonl" else [])
        )
        for jl in jsonls:
            yield from _read_jsonl(jl)
        if path.suffix == ".jsonl" and not path.is_dir():
            continue
        for found in iter_paths([raw]):
            if isinstance(found, InputError):
                if not jsonls:
                    yield found
                continue
            try:
                text, meta = read_article(found)
            except InputError as exc:
                yield exc
                continue
            yield Item(name=str(found), text=text, meta=meta)


def _read_jsonl(path: Path) -> Iterator[Item | InputError]:
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        yield InputError(f"cannot read file: {exc.strerror or exc}", source=str(path))
        return
    with handle:
        try:
            for n, line in enumerate(handle, start=1):
                try:
                    item = parse_jsonl_line(line, f"{path}:{n}")
                except InputError as exc:
                    yield exc
                    continue
                if item is not None:
                    yield item
        except UnicodeDecodeError as exc:
            yield InputError(f"not UTF-8 text ({exc.reason})", source=str(path))


class _RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} articles/s" if speed else "- articles/s")


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
    console: Console | None = None,
    chunk: int = 64,
) -> IngestReport:
    """Analyze and store every new article in ``paths`` (files, folders, .jsonl, URLs) and
    ``feeds`` (feed URLs or files); then rebuild the ledger."""
    report = IngestReport()
    urls = [p for p in paths if is_url(p)]
    files = [p for p in paths if not is_url(p)]

    def inputs() -> Iterator[Item | ClaimLedgerError]:
        yield from read_inputs(files)
        if not urls and not feeds:
            return
        from claimledger.fetch.client import Fetcher
        from claimledger.fetch.feeds import poll_feed
        from claimledger.fetch.pages import fetch_article

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
                report.notes.extend(poll.notes)
                yield from poll.items
        finally:
            if own:
                f.close()

    return ingest_items(
        store,
        inputs(),
        report=report,
        analyzer=analyzer,
        engine=engine,
        n_process=n_process,
        batch_size=batch_size,
        console=console,
        chunk=chunk,
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
    console: Console | None = None,
    chunk: int = 64,
    rebuild_ledger: bool = True,
) -> IngestReport:
    """Analyze and store the new articles among ``inputs``; errors are counted, not raised.

    ``inputs`` is read lazily, a block at a time, and results are stored a batch at a time,
    so memory stays flat whatever the size of the input. ``engine`` says where analysis
    runs (this process, ``n_process`` processes, or a Dask cluster); ``analyzer``
    replaces analysis altogether (tests use it to store hand-made analyses).
    """
    report = report or IngestReport()
    pending: dict[str, Item] = {}  # read, new, not yet stored: id -> item
    fresh = _new_items(store, inputs, report, pending)
    if analyzer is not None:
        results = _with_analyzer(analyzer, fresh, report, chunk)
    else:
        opts = engine or EngineOptions(kind="local", processes=n_process, batch_size=batch_size, chunk=chunk)
        results = _with_engine(opts, fresh, report, pending)

    console = console or Console(stderr=True)
    started = time.perf_counter()
    progress = Progress(
        TextColumn("ingesting"),
        BarColumn(),
        MofNCompleteColumn(),
        _RateColumn(),
        console=console,
        disable=not console.is_terminal,
        transient=True,
    )
    with progress:
        task = progress.add_task("ingest", total=None)
        while batch := list(itertools.islice(results, WRITE_BATCH)):
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
                pending.pop(result.article_id, None)
            if report.first_batch_at is None:
                report.first_batch_at, report.first_batch = time.perf_counter() - started, report.added
            progress.advance(task, len(batch))
    report.seconds = time.perf_counter() - started
    if rebuild_ledger and (report.added or store.ledger_is_stale()):
        report.ledger = rebuild(store)
    return report


#: Inputs are checked against the store this many at a time.
READ_BLOCK = 256

#: Analyzed articles are stored this many to a transaction (see :meth:`Store.add_analyses`):
#: the process that stores them is the one that feeds the workers, and a transaction per
#: article took CPU they needed. A killed run re-analyzes at most one batch.
WRITE_BATCH = 32


def _new_items(
    store: Store, inputs: Iterable[Item | ClaimLedgerError], report: IngestReport, pending: dict[str, Item]
) -> Iterator[Item]:
    """The inputs not stored yet and not already on their way, read a block at a time."""
    from claimledger.analysis import article_id

    it = iter(inputs)
    while block := list(itertools.islice(it, READ_BLOCK)):
        fresh: dict[str, Item] = {}
        for got in block:
            if isinstance(got, ClaimLedgerError):
                report.errors.append(str(got))
                if isinstance(got, _EntryError):
                    store.feeds.mark(got.entry, status="failed", at=now(), error=str(got))
                continue
            report.read += 1
            aid = article_id(got.text)
            if aid in pending or aid in fresh:
                report.already += 1
                if got.entry is not None:
                    store.feeds.mark(got.entry, status="done", at=now(), article_id=aid)
                continue
            fresh[aid] = got
        stored = store.existing_ids(fresh)
        for aid, item in fresh.items():
            if aid in stored:
                report.already += 1
                if item.entry is not None:
                    store.feeds.mark(item.entry, status="done", at=now(), article_id=aid)
                continue
            pending[aid] = item
            yield item


def _with_engine(
    opts: EngineOptions, fresh: Iterator[Item], report: IngestReport, pending: dict[str, Item]
) -> Iterator[tuple[ArticleAnalysis, Item]]:
    from claimledger.analysis import article_id

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


class _EntryError(InputError):
    """A feed entry that could not be read, so that its failure is recorded against it."""

    def __init__(self, message: str, entry: EntryRef) -> None:
        self.entry = entry
        super().__init__(message)


def entry_error(exc: ClaimLedgerError, entry: EntryRef) -> InputError:
    """``exc`` tied to a feed entry (its message unchanged)."""
    return _EntryError(str(exc), entry)


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
        "duplicates": report.duplicates,
        "errors": report.errors,
        "seconds": round(report.seconds, 3),
        "articles_per_second": round(report.rate, 2),
    }
