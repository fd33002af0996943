"""``claimledger.toml``: the feeds to watch and how politely.

[watch]
host_delay = "2s"        # at least this long between two requests to one host
timeout = "15s"          # read timeout per request
allow_private = false    # true for intranet feeds
max_entries = 200        # entries read per feed per poll; the rest wait for the next poll
feed_budget = "5m"       # time per feed per poll, so one slow feed cannot hold up the others

[[feeds]]
url = "https://example.org/rss.xml"
every = "15m"
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimledger.errors import InputError

DEFAULT_EVERY = 15 * 60.0
_UNITS = {"s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")


@dataclass(frozen=True)
class FeedConfig:
    url: str
    every: float = DEFAULT_EVERY


@dataclass(frozen=True)
class WatchConfig:
    feeds: tuple[FeedConfig, ...]
    host_delay: float = 1.0
    timeout: float = 15.0
    allow_private: bool = False
    max_entries: int = 200
    feed_budget: float = 300.0


def parse_duration(value: Any, what: str, source: str) -> float:
    """``"15m"``, ``"90s"``, ``"1h"`` or a number of seconds, as seconds."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = float(value)
    else:
        m = _DURATION.match(str(value))
        if not m:
            raise InputError(f"{what} must be a duration like 90s, 15m or 1h, not {value!r}", source=source)
        seconds = float(m.group(1)) * _UNITS[m.group(2) or "s"]
    if seconds < 0:
        raise InputError(f"{what} must not be negative", source=source)
    return seconds


def load_config(path: str | Path) -> WatchConfig:
    """Read and check a watch config; InputError names the file and the problem."""
    source = str(path)
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read config: {exc.strerror or exc}", source=source) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"not valid TOML: {exc}", source=source) from exc
    watch = data.get("watch", {})
    raw_feeds = data.get("feeds", [])
    if not isinstance(watch, dict) or not isinstance(raw_feeds, list):
        raise InputError("expected a [watch] table and [[feeds]] entries", source=source)
    feeds = []
    for n, f in enumerate(raw_feeds, start=1):
        if not isinstance(f, dict) or not isinstance(f.get("url"), str) or not f["url"].strip():
            raise InputError(f'feeds entry {n} needs a url = "..."', source=source)
        every = parse_duration(f.get("every", DEFAULT_EVERY), f"feeds entry {n}: every", source)
        if every < 1:
            raise InputError(f"feeds entry {n}: every must be at least 1s", source=source)
        feeds.append(FeedConfig(url=f["url"].strip(), every=every))
    if not feeds:
        raise InputError("no [[feeds]] to watch", source=source)
    allow = watch.get("allow_private", False)
    if not isinstance(allow, bool):
        raise InputError("watch.allow_private must be true or false", source=source)
    max_entries = watch.get("max_entries", 200)
    if not isinstance(max_entries, int) or isinstance(max_entries, bool) or max_entries < 1:
        raise InputError("watch.max_entries must be a whole number of at least 1", source=source)
    return WatchConfig(
        feeds=tuple(feeds),
        max_entries=max_entries,
        feed_budget=parse_duration(watch.get("feed_budget", 300.0), "watch.feed_budget", source),
        host_delay=parse_duration(watch.get("host_delay", 1.0), "watch.host_delay", source),
        timeout=parse_duration(watch.get("timeout", 15.0), "watch.timeout", source),
        allow_private=allow,
    )
