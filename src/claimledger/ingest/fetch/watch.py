"""The watch loop: poll each configured feed on its schedule and ingest what is new.

Everything the loop knows lives in the store (``feeds``: validators, next due time,
failures; ``feed_entries``: what was ingested), so a killed loop restarts where it
stopped. A failing feed backs off exponentially (``every * 2**failures``, capped) and
recovers its normal schedule at its first success.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from claimledger.errors import ClaimLedgerError
from claimledger.ingest.fetch.client import Fetcher
from claimledger.ingest.fetch.config import FeedConfig, WatchConfig
from claimledger.ingest.fetch.feeds import MAX_ENTRIES, feed_key, poll_feed
from claimledger.ingest.ingest import Analyzer, IngestReport, ingest_items
from claimledger.ledger.incremental import update
from claimledger.store.store import Store

#: The longest a failing feed waits before it is tried again.
MAX_BACKOFF = 6 * 3600.0


@dataclass
class WatchReport:
    polls: int = 0
    added: int = 0
    failed_polls: int = 0
    errors: int = 0


def backoff(every: float, failures: int) -> float:
    """Seconds to wait after ``failures`` consecutive failed polls."""
    return float(min(every * 2 ** min(failures, 16), max(MAX_BACKOFF, every)))


def _iso(t: datetime) -> str:
    return t.isoformat(timespec="seconds")


def _due(store: Store, feed: FeedConfig) -> datetime:
    state = store.feeds.get(feed_key(feed.url))
    if not state or not state["next_due"]:
        return datetime.min.replace(tzinfo=UTC)
    return datetime.fromisoformat(state["next_due"])


def poll_once(
    store: Store,
    fetcher: Fetcher,
    feed: FeedConfig,
    *,
    analyzer: Analyzer | None = None,
    out: Callable[[str], None] = print,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    max_entries: int = MAX_ENTRIES,
    budget: float | None = None,
) -> IngestReport | None:
    """One conditional poll of ``feed``: ingest new entries, then save validators and schedule.

    Each entry is analyzed and stored as soon as it is fetched (a kill keeps what was
    stored); at most ``max_entries`` are read, and none after ``budget`` seconds, so one
    slow feed cannot hold up the others: the rest are read at the next poll.
    """
    key = feed_key(feed.url)
    state = store.feeds.get(key) or {"failures": 0}
    try:
        poll = poll_feed(store, fetcher, feed.url, conditional=True, max_entries=max_entries, budget=budget)
    except ClaimLedgerError as exc:
        failures = int(state["failures"] or 0) + 1
        wait = backoff(feed.every, failures)
        store.feeds.save(
            key,
            failures=failures,
            last_error=str(exc),
            last_polled=_iso(clock()),
            next_due=_iso(clock() + timedelta(seconds=wait)),
        )
        out(f"error: {exc} (failure {failures}; next try in {wait:g} s)")
        return None
    report = ingest_items(
        store,
        poll.items,
        report=IngestReport(),
        analyzer=analyzer,
        rebuild_ledger=False,
        read_block=1,
        chunk=1,
        write_batch=1,
    )
    report.notes.extend(
        poll.notes
    )  # Also when nothing is new: a run killed during its rebuild left the ledger stale.
    if report.added or store.ledger_is_stale():
        report.ledger = update(store)  # only what the new entries touch, else a rebuild
    values: dict[str, object] = {
        "failures": 0,
        "last_error": None,
        "last_polled": _iso(clock()),
        "next_due": _iso(clock() + timedelta(seconds=feed.every)),
    }
    if not poll.not_modified and not poll.deferred:  # deferred entries: re-read the feed next time
        values.update(etag=poll.etag, last_modified=poll.last_modified, title=poll.title)
    store.feeds.save(key, **values)
    for note in report.notes:
        out(f"note: {note}")
    for err in report.errors:
        out(f"error: {err}")
    if poll.not_modified:
        out(f"polled {feed.url}: not modified")
    else:
        out(
            f"polled {feed.url}: {poll.entries} entries, {report.added} new article(s), "
            f"{poll.skipped + report.already} already ingested, {len(report.errors)} failed"
            + (f", {poll.deferred} left for the next poll" if poll.deferred else "")
        )
    return report


def watch(
    store: Store,
    config: WatchConfig,
    fetcher: Fetcher,
    *,
    once: bool = False,
    max_polls: int | None = None,
    analyzer: Analyzer | None = None,
    out: Callable[[str], None] = print,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> WatchReport:
    """Poll feeds when due until stopped; ``once`` polls every feed now, one time.

    Each poll reads at most ``config.max_entries`` entries for at most ``config.feed_budget``
    seconds, so every feed is polled in turn however slow or long one of them is.
    """
    summary = WatchReport()

    def run(feed: FeedConfig) -> bool:
        report = poll_once(
            store,
            fetcher,
            feed,
            analyzer=analyzer,
            out=out,
            clock=clock,
            max_entries=config.max_entries,
            budget=config.feed_budget,
        )
        summary.polls += 1
        if report is None:
            summary.failed_polls += 1
        else:
            summary.added += report.added
            summary.errors += len(report.errors)
        return max_polls is not None and summary.polls >= max_polls

    if once:
        for feed in config.feeds:
            if run(feed):
                break
        return summary
    while True:
        now = clock()
        due = sorted(config.feeds, key=lambda f: _due(store, f))
        ready = [f for f in due if _due(store, f) <= now]
        if not ready:
            wait = (_due(store, due[0]) - now).total_seconds()
            sleep(max(wait, 0.05))
            continue
        for feed in ready:
            if run(feed):
                return summary
