"""Ingest: read inputs, analyze what is new, store each article in its own transaction.

Inputs are files, folders, JSONL, URLs and feeds (the last two through
:mod:`claimledger.fetch`); an article read from the web carries the page it came from,
archived with it, and a feed entry is marked done once its article is stored.

Reading problems never stop a run: a bad file or a malformed JSONL line is reported
(with its line number) and the rest is ingested. Articles already stored are
recognised by their content hash before any analysis, so a rerun after a crash only
analyzes what is missing. The ledger is rebuilt once at the end.
"""

from __future__ import annotations

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
    TimeRemainingColumn,
)
from rich.text import Text

from claimledger.errors import ClaimLedgerError, InputError
from claimledger.ledger.build import BuildSummary, rebuild
from claimledger.models import ArticleAnalysis, ArticleMeta
from claimledger.store.pages import EntryRef, PageRecord
from claimledger.store.store import Store, now

if TYPE_CHECKING:
    from claimledger.fetch.client import Fetcher

Analyzer = Callable[[Iterable[tuple[str, ArticleMeta]]], Iterator[ArticleAnalysis]]
META_FIELDS = ("url", "outlet", "title", "author", "published")
#: Show a progress bar from this many articles to analyze (short runs just print the summary).
PROGRESS_FROM = 20


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

    @property
    def rate(self) -> float:
        return self.added / self.seconds if self.seconds > 0 else 0.0


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


def _default_analyzer(n_process: int, batch_size: int) -> Analyzer:
    from claimledger.analysis import analyze_many

    def run(items: Iterable[tuple[str, ArticleMeta]]) -> Iterator[ArticleAnalysis]:
        return analyze_many(items, n_process=n_process, batch_size=batch_size)

    return run


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
    n_process: int = 1,
    batch_size: int = 8,
    console: Console | None = None,
    chunk: int = 64,
    rebuild_ledger: bool = True,
) -> IngestReport:
    """Analyze and store the new articles among ``inputs``; errors are counted, not raised."""
    from claimledger.analysis import article_id

    run = analyzer or _default_analyzer(n_process, batch_size)
    report = report or IngestReport()
    todo: list[Item] = []
    seen: set[str] = set()
    known: list[Item] = []
    for got in inputs:
        if isinstance(got, ClaimLedgerError):
            report.errors.append(str(got))
            if isinstance(got, _EntryError):
                store.feeds.mark(got.entry, status="failed", at=now(), error=str(got))
            continue
        report.read += 1
        aid = article_id(got.text)
        if aid in seen:
            report.already += 1
            known.append(got)
            continue
        seen.add(aid)
        todo.append(got)
    stored = store.existing_ids(article_id(i.text) for i in todo)
    report.already += sum(1 for i in todo if article_id(i.text) in stored)
    known.extend(i for i in todo if article_id(i.text) in stored)
    todo = [i for i in todo if article_id(i.text) not in stored]
    for item in known:
        if item.entry is not None:
            store.feeds.mark(item.entry, status="done", at=now(), article_id=article_id(item.text))

    console = console or Console(stderr=True)
    started = time.perf_counter()
    progress = Progress(
        TextColumn("ingesting"),
        BarColumn(),
        MofNCompleteColumn(),
        _RateColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=console,
        disable=len(todo) < PROGRESS_FROM or not console.is_terminal,
        transient=True,
    )
    with progress:
        task = progress.add_task("ingest", total=len(todo))
        for start in range(0, len(todo), chunk):
            for analysis, item in _analyze_chunk(run, todo[start : start + chunk], report):
                if store.add_analysis(analysis, input=item.name, page=item.page):
                    report.added += 1
                    if store.is_duplicate(analysis.id):
                        report.duplicates += 1
                if item.entry is not None:
                    store.feeds.mark(item.entry, status="done", at=now(), article_id=analysis.id)
                progress.advance(task)
    report.seconds = time.perf_counter() - started
    if rebuild_ledger and (report.added or store.ledger_is_stale()):
        report.ledger = rebuild(store)
    return report


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
