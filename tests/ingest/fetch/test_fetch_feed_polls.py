"""Feed polls store as they go, read at most so many entries, and keep within a time budget.

Before: ``poll_feed`` fetched every entry before any was stored (a kill mid-poll lost all
of it, and a poll held every page at once), a feed's entries were not capped, and one
feed of slow links held up every other feed of ``watch``. The feeds and pages are served
from 127.0.0.1; analysis is replaced by hand-made analyses (this is about fetching and
storing).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fetch_fixtures import STRIKE_BODY, article_html, rss

from claimledger.ingest.fetch.client import Fetcher, FetchOptions, Response
from claimledger.ingest.fetch.config import FeedConfig, WatchConfig, load_config
from claimledger.ingest.fetch.watch import watch
from claimledger.ingest.ingest import ingest
from claimledger.models import ArticleAnalysis, ArticleMeta
from claimledger.store import Store, schema
from conftest import Page, Site
from ledger_helpers import make_analysis

ROOT = Path(__file__).resolve().parents[3]


def hand_analyzer(items: Iterable[tuple[str, ArticleMeta]]) -> Iterator[ArticleAnalysis]:
    for text, meta in items:
        a = make_analysis(text, outlet=meta.outlet or "x", published=meta.published or "2025-01-01")
        yield ArticleAnalysis(a.id, a.text, ArticleMeta(**meta.to_dict()), (), (), ())


def _pages(site: Site, n: int, prefix: str = "e") -> list[str]:
    """``n`` distinct article pages on the site, and a feed of them at /{prefix}.xml."""
    paths = []
    for i in range(n):
        path = f"/{prefix}{i}.html"
        body = [f"Entry {prefix}{i} of the feed reports a new development in the port dispute.", *STRIKE_BODY]
        site.routes[path] = Page(
            article_html(
                f"Story {i}", body, canonical=f"https://tidewater-gazette.example/{prefix}{i}"
            ).encode()
        )
        paths.append(path)
    site.routes[f"/{prefix}.xml"] = Page(
        rss(site, paths).encode(), content_type="application/rss+xml", etag=f'"{prefix}-v1"'
    )
    return paths


class Killed(BaseException):
    """Stands in for SIGKILL in-process: no ``except Exception`` catches it."""


class Watching(Fetcher):
    """A fetcher that records how many articles were stored when each page was asked for, and
    dies (:class:`Killed`) when asked for ``kill_at``."""

    def __init__(self, options: FetchOptions, store: Store, kill_at: str | None = None) -> None:
        super().__init__(options)
        self.store, self.kill_at = store, kill_at
        self.stored_when_fetched: list[int] = []

    def get(self, url: str, **kw: Any) -> Response:
        if kw.get("kind") == "page":
            if self.kill_at and url.endswith(self.kill_at):
                raise Killed(url)
            self.stored_when_fetched.append(self.store.count("articles"))
        return super().get(url, **kw)


OPTIONS = FetchOptions(allow_private=True, host_delay=0, retries=0, read_timeout=2.0)


def test_a_kill_mid_poll_keeps_every_entry_stored_before_it(site: Site, tmp_path: Path) -> None:
    _pages(site, 12)
    config = WatchConfig(feeds=(FeedConfig(site.url("/e.xml"), every=60),))
    with Store.open(str(tmp_path / "w.db")) as store:
        with Watching(OPTIONS, store, kill_at="/e7.html") as f, pytest.raises(Killed):
            watch(store, config, f, once=True, analyzer=hand_analyzer, out=lambda _: None)
        assert store.count("articles") == 7  # entries 0-6; before: 0 (all fetched, none stored)
        entries = store.feeds.entries(site.url("/e.xml"))
        assert sorted(e["status"] for e in entries.values()) == ["done"] * 7
        assert store.feeds.get(site.url("/e.xml")) is None  # validators not saved: re-read next time
        with Watching(OPTIONS, store) as f:
            report = watch(store, config, f, once=True, analyzer=hand_analyzer, out=lambda _: None)
        assert (report.added, store.count("articles")) == (5, 12)
    assert all(site.hits[f"/e{i}.html"] == 1 for i in range(7))  # stored ones are not fetched again


def test_each_page_is_stored_before_the_next_is_fetched(site: Site, tmp_path: Path) -> None:
    _pages(site, 10)
    config = WatchConfig(feeds=(FeedConfig(site.url("/e.xml"), every=60),))
    with Store.open(str(tmp_path / "w.db")) as store, Watching(OPTIONS, store) as f:
        watch(store, config, f, once=True, analyzer=hand_analyzer, out=lambda _: None)
        # page k is asked for once k pages are stored: one page held at a time, never the poll's
        assert f.stored_when_fetched == list(range(10))


def test_ingest_of_a_feed_stores_a_few_pages_at_a_time(site: Site, tmp_path: Path) -> None:
    _pages(site, 20)
    with Store.open(str(tmp_path / "i.db")) as store, Watching(OPTIONS, store) as f:
        report = ingest(store, [], feeds=[site.url("/e.xml")], fetcher=f, analyzer=hand_analyzer)
        assert report.added == 20
        # before: 0 stored when each of the 20 was fetched
        waiting = [k - stored for k, stored in enumerate(f.stored_when_fetched)]
        assert max(waiting) <= 8, waiting


def test_entries_per_poll_are_capped_and_the_rest_read_next_time(site: Site, tmp_path: Path) -> None:
    _pages(site, 7)
    config = WatchConfig(feeds=(FeedConfig(site.url("/e.xml"), every=60),), max_entries=3)
    lines: list[str] = []
    with Store.open(str(tmp_path / "w.db")) as store, Fetcher(OPTIONS) as f:
        counts = []
        for _ in range(3):
            watch(store, config, f, once=True, analyzer=hand_analyzer, out=lines.append)
            counts.append(store.count("articles"))
        assert counts == [3, 6, 7]
        assert store.feeds.get(site.url("/e.xml"))["etag"] == '"e-v1"'  # type: ignore[index]
    note = "4 entries left for the next poll (at most 3 entries per poll)"
    assert f"note: {site.url('/e.xml')}: {note}" in lines
    assert lines[-1].endswith("7 entries, 1 new article(s), 6 already ingested, 0 failed")
    assert "if-none-match" not in site.headers["/e.xml"][1]  # the feed is read again while entries wait


def _slow(page: Page, seconds: float) -> Any:
    def handle(req: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        req._send(page)  # type: ignore[attr-defined]

    return handle


def test_a_slow_feed_does_not_hold_up_the_others(site: Site, tmp_path: Path) -> None:
    slow = _pages(site, 8, prefix="s")
    for path in slow:
        site.routes[path] = _slow(site.routes[path], 0.4)  # type: ignore[arg-type]
    _pages(site, 2, prefix="q")
    config = WatchConfig(
        feeds=(FeedConfig(site.url("/s.xml"), every=60), FeedConfig(site.url("/q.xml"), every=60)),
        feed_budget=1.0,
    )
    lines: list[str] = []
    with Store.open(str(tmp_path / "w.db")) as store, Fetcher(OPTIONS) as f:
        started = time.monotonic()
        report = watch(store, config, f, once=True, analyzer=hand_analyzer, out=lines.append)
        took = time.monotonic() - started
        assert report.polls == 2 and took < 3  # before: 8 x 0.4 s for the slow feed alone
        done = len(store.feeds.entries(site.url("/s.xml")))  # the one cut at the budget is not there
        assert 1 <= done <= 3
        assert store.count("articles") == done + 2  # the quick feed was read in full
        assert any(f"{8 - done} entries left for the next poll (the feed's time budget)" in x for x in lines)
        watch(store, config, f, once=True, analyzer=hand_analyzer, out=lines.append)
        assert store.count("articles") > done + 2  # the next poll goes on where this one stopped


def test_config_and_options_for_entries_and_budget(tmp_path: Path) -> None:
    from claimledger.cli.main import cli
    from claimledger.errors import InputError

    cfg = tmp_path / "claimledger.toml"
    cfg.write_text(
        '[watch]\nmax_entries = 50\nfeed_budget = "90s"\n[[feeds]]\nurl = "https://a.example/rss"\n'
    )
    config = load_config(cfg)
    assert (config.max_entries, config.feed_budget) == (50, 90.0)
    cfg.write_text('[[feeds]]\nurl = "https://a.example/rss"\n')
    assert (load_config(cfg).max_entries, load_config(cfg).feed_budget) == (200, 300.0)
    cfg.write_text('[watch]\nmax_entries = 0\n[[feeds]]\nurl = "https://a.example/rss"\n')
    with pytest.raises(InputError, match="watch.max_entries must be a whole number of at least 1"):
        load_config(cfg)
    result = CliRunner().invoke(cli, ["watch", "--config", str(cfg), "--max-entries", "0"])
    assert result.exit_code == 2 and "--max-entries" in result.output


def _wait_for(cond: Any, timeout: float) -> None:
    ends = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > ends:
            raise AssertionError("timed out")
        time.sleep(0.05)


@pytest.mark.model
def test_sigkill_of_watch_mid_poll_keeps_what_was_stored(site: Site, tmp_path: Path) -> None:
    """The real thing: ``claimledger watch --once`` killed while the server holds entry 5."""
    _pages(site, 8)
    asked = threading.Event()

    def hold(req: BaseHTTPRequestHandler) -> None:
        asked.set()
        site.release.wait(30)  # answers nothing until the test ends

    site.routes["/e5.html"] = hold
    cfg = tmp_path / "claimledger.toml"
    cfg.write_text(f'[watch]\nhost_delay = "0s"\n[[feeds]]\nurl = "{site.url("/e.xml")}"\n')
    db = str(tmp_path / "w.db")
    cmd = [sys.executable, "-m", "claimledger", "watch", "--once", "--config", str(cfg), "--db", db]
    with subprocess.Popen(
        [*cmd, "--allow-private"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT
    ) as proc:
        try:
            _wait_for(asked.is_set, 180)
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=10)
    with Store.open(db) as store:
        assert store.count("articles") == 5  # before: 0
        with store.engine.connect() as conn:
            rows = conn.execute(schema.feed_entries.select()).all()
        assert len(rows) == 5 and all(r.status == "done" for r in rows)


def test_watch_cli_takes_the_entry_cap_and_the_budget(site: Site, tmp_path: Path) -> None:
    from claimledger.cli.main import cli

    # links that fail without text to fall back on: nothing is analyzed, so no model is needed
    site.routes["/gone.xml"] = Page(
        rss(site, [f"/gone{i}.html" for i in range(5)]).encode(), content_type="application/rss+xml"
    )
    cfg = tmp_path / "claimledger.toml"
    cfg.write_text(f'[watch]\nhost_delay = "0s"\n[[feeds]]\nurl = "{site.url("/gone.xml")}"\n')
    args = ["watch", "--once", "--config", str(cfg), "--db", str(tmp_path / "w.db"), "--allow-private"]
    result = CliRunner().invoke(cli, [*args, "--max-entries", "2", "--feed-budget", "30"])
    assert result.exit_code == 2, result.output
    assert (
        "5 entries, 0 new article(s), 0 already ingested, 2 failed, 3 left for the next poll" in result.stdout
    )
    assert (
        f"note: {site.url('/gone.xml')}: 3 entries left for the next poll (at most 2 entries per poll)"
        in (result.stderr)
    )
    assert sum(site.hits[f"/gone{i}.html"] for i in range(5)) == 2


def test_a_fetch_is_cut_at_the_budget_and_its_entry_waits(site: Site, tmp_path: Path) -> None:
    slow = _pages(site, 3, prefix="s")
    for path in slow:
        site.routes[path] = _slow(site.routes[path], 4.0)  # type: ignore[arg-type]
    _pages(site, 2, prefix="q")
    config = WatchConfig(
        feeds=(FeedConfig(site.url("/s.xml"), every=60), FeedConfig(site.url("/q.xml"), every=60)),
        feed_budget=0.8,
    )
    lines: list[str] = []
    options = FetchOptions(allow_private=True, host_delay=0, retries=0, read_timeout=10.0)
    with Store.open(str(tmp_path / "w.db")) as store, Fetcher(options) as f:
        started = time.monotonic()
        report = watch(store, config, f, once=True, analyzer=hand_analyzer, out=lines.append)
        took = time.monotonic() - started
        assert took < 2.5, lines  # before: the first slow page alone took 4 s
        assert (report.polls, report.errors, store.count("articles")) == (2, 0, 2)
        assert store.feeds.entries(site.url("/s.xml")) == {}  # cut by the budget: not a failure
        note = "3 entries left for the next poll (the feed's time budget)"
        assert f"note: {site.url('/s.xml')}: {note}" in lines
