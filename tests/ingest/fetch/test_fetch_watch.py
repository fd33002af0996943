"""The watch loop: conditional polls, backoff, schedule, and a restart after SIGKILL."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fetch_fixtures import COUNCIL_BODY, article_html, rss

from claimledger.errors import InputError
from claimledger.ingest.fetch.client import Fetcher, FetchOptions
from claimledger.ingest.fetch.config import FeedConfig, WatchConfig, load_config, parse_duration
from claimledger.ingest.fetch.watch import backoff, watch
from claimledger.store import Store, schema
from conftest import Page, Site

ROOT = Path(__file__).resolve().parents[3]


class FakeClock:
    def __init__(self) -> None:
        self.t = datetime(2025, 3, 4, 12, 0, tzinfo=UTC)
        self.slept: list[float] = []

    def __call__(self) -> datetime:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.t += timedelta(seconds=seconds)


def _feed(site: Site, paths: list[str], etag: str) -> Page:
    return Page(rss(site, paths).encode(), content_type="application/rss+xml", etag=etag)


def _add_third_page(site: Site) -> None:
    site.routes["/news/third.html"] = Page(
        article_html(
            "Depot workers", COUNCIL_BODY[::-1], canonical="https://hollow-courier.example/third"
        ).encode()
    )


@pytest.mark.model
def test_watch_once_uses_validators_and_picks_up_changes(
    site: Site, fetcher: Fetcher, tmp_path: Path
) -> None:
    config = WatchConfig(feeds=(FeedConfig(site.url("/feed.xml"), every=60),))
    lines: list[str] = []
    with Store.open(str(tmp_path / "w.db")) as store:
        first = watch(store, config, fetcher, once=True, out=lines.append)
        assert (first.polls, first.added) == (1, 1)
        second = watch(store, config, fetcher, once=True, out=lines.append)
        assert second.added == 0 and lines[-1] == f"polled {site.url('/feed.xml')}: not modified"
        assert site.headers["/feed.xml"][1]["if-none-match"] == '"v1"'
        _add_third_page(site)
        site.routes["/feed.xml"] = _feed(site, ["/news/port-strike.html", "/news/third.html"], '"v2"')
        third = watch(store, config, fetcher, once=True, out=lines.append)
        assert third.added == 1 and store.count("articles") == 2
        assert "2 entries, 1 new article(s), 1 already ingested, 0 failed" in lines[-1]
        assert store.feeds.get(site.url("/feed.xml"))["etag"] == '"v2"'  # type: ignore[index]


def test_failing_feed_backs_off_exponentially_and_recovers(site: Site, tmp_path: Path) -> None:
    site.routes["/feed.xml"] = Page(b"<h1>down</h1>", status=503)
    clock = FakeClock()
    config = WatchConfig(feeds=(FeedConfig(site.url("/feed.xml"), every=60),))
    lines: list[str] = []
    with (
        Store.open(str(tmp_path / "w.db")) as store,
        Fetcher(FetchOptions(allow_private=True, retries=0, host_delay=0)) as f,
    ):
        report = watch(store, config, f, max_polls=3, out=lines.append, sleep=clock.sleep, clock=clock)
        assert (report.polls, report.failed_polls) == (3, 3)
        assert clock.slept == [120.0, 240.0]  # every * 2**failures
        assert (
            lines[0]
            == f"error: {site.url('/feed.xml')}: HTTP 503 Service Unavailable (failure 1; next try in 120 s)"
        )
        state = store.feeds.get(site.url("/feed.xml"))
        assert state is not None and state["failures"] == 3 and "HTTP 503" in state["last_error"]
        site.routes["/feed.xml"] = Page(rss(site, []).encode(), content_type="application/rss+xml")
        watch(store, config, f, max_polls=1, out=lines.append, sleep=clock.sleep, clock=clock)
        state = store.feeds.get(site.url("/feed.xml"))
        assert state is not None and state["failures"] == 0 and state["last_error"] is None
        assert state["next_due"] == (clock.t + timedelta(seconds=60)).isoformat(timespec="seconds")


def test_backoff_is_capped() -> None:
    assert backoff(900, 1) == 1800 and backoff(900, 30) == 6 * 3600


def test_config(tmp_path: Path) -> None:
    cfg = tmp_path / "claimledger.toml"
    cfg.write_text(
        '[watch]\nhost_delay = "2s"\n\n[[feeds]]\nurl = "https://a.example/rss"\nevery = "15m"\n\n'
        '[[feeds]]\nurl = "https://b.example/atom"\n'
    )
    config = load_config(cfg)
    assert config.host_delay == 2 and [f.every for f in config.feeds] == [900, 900]
    assert parse_duration("1.5h", "x", "y") == 5400
    cfg.write_text('[[feeds]]\nurl = "https://a.example/rss"\nevery = "soon"\n')
    with pytest.raises(InputError, match="every must be a duration like 90s, 15m or 1h, not 'soon'"):
        load_config(cfg)
    cfg.write_text("[[feeds]\n")
    with pytest.raises(InputError, match="not valid TOML"):
        load_config(cfg)


def _read_until(proc: subprocess.Popen[bytes], needle: bytes, timeout: float) -> bytes:
    assert proc.stdout is not None
    seen = b""
    deadline = time.monotonic() + timeout
    while needle not in seen:
        left = deadline - time.monotonic()
        if left <= 0 or proc.poll() is not None:
            raise AssertionError(f"never saw {needle!r}; got {seen!r}")
        ready, _, _ = select.select([proc.stdout], [], [], left)
        if ready:
            seen += os.read(proc.stdout.fileno(), 65536)
    return seen


@pytest.mark.model
def test_watch_resumes_after_sigkill_without_duplicates(site: Site, tmp_path: Path) -> None:
    site.routes["/feed.xml"] = _feed(site, ["/news/port-strike.html", "/news/council-vote.html"], '"a"')
    cfg = tmp_path / "claimledger.toml"
    feed = site.url("/feed.xml")
    cfg.write_text(f'[watch]\nhost_delay = "0s"\ntimeout = "2s"\n\n[[feeds]]\nurl = "{feed}"\nevery = "1s"\n')
    db = str(tmp_path / "w.db")
    cmd = [sys.executable, "-m", "claimledger", "watch", "--config", str(cfg), "--db", db, "--allow-private"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=ROOT) as proc:
        try:
            out = _read_until(proc, b"polled ", timeout=120)
            assert b"2 new article(s)" in out
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=10)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=10)
    _add_third_page(site)
    site.routes["/feed.xml"] = _feed(
        site, ["/news/port-strike.html", "/news/council-vote.html", "/news/third.html"], '"b"'
    )
    again = subprocess.run([*cmd, "--once"], capture_output=True, env=env, cwd=ROOT, timeout=120)
    assert again.returncode == 0, again.stderr.decode()
    assert "3 entries, 1 new article(s), 2 already ingested, 0 failed" in again.stdout.decode()
    assert site.hits["/news/port-strike.html"] == 1  # done entries are not fetched again
    with Store.open(db) as store:
        assert store.count("articles") == 3
        with store.engine.connect() as conn:
            keys = conn.execute(schema.feed_entries.select()).all()
        assert len(keys) == 3 and all(k.status == "done" for k in keys)


def test_watch_cli_bad_config_is_one_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from claimledger.cli.main import cli

    missing = tmp_path / "nope.toml"
    result = CliRunner().invoke(cli, ["watch", "--config", str(missing), "--db", str(tmp_path / "w.db")])
    assert result.exit_code == 2
    assert result.output == f"Error: {missing}: cannot read config: No such file or directory\n"
