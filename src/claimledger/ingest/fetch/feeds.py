"""RSS 0.9x/1.0/2.0 and Atom feeds: parse bytes we fetched, turn new entries into articles.

feedparser is only ever given bytes: handed a string that looks like a URL it would
fetch it itself, past our address checks, caps and rate limit. Entries are keyed by
guid (or link) in the store, so an entry is ingested once however often it is polled.

A poll's entries are fetched one at a time as the caller consumes them, so they can be
stored as they come (a run killed mid-poll keeps what it stored, and no poll holds every
page at once); at most ``max_entries`` are read per poll and none after ``budget`` seconds,
the rest being left for the next poll.
"""

from __future__ import annotations

import codecs
import io
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimledger.errors import BudgetSpent, ClaimLedgerError, FetchError, InputError
from claimledger.ingest.fetch.client import Fetcher, now_iso
from claimledger.ingest.fetch.pages import fetch_article
from claimledger.ingest.htmlscan import FEED_LIMITS, check_html
from claimledger.ingest.items import Item, entry_error
from claimledger.ingest.reading import MAX_BYTES, MIN_BODY_WORDS, normalize_text
from claimledger.models import ArticleMeta
from claimledger.store.pages import EntryRef, PageRecord
from claimledger.store.pageurls import host, same_site
from claimledger.store.store import Store

#: An entry whose article failed this many times is given up on (and reported each time until then).
MAX_ATTEMPTS = 3

#: Entries read per poll at most; the rest wait for the next poll.
MAX_ENTRIES = 200


@dataclass(frozen=True)
class FeedEntry:
    guid: str
    link: str | None
    title: str | None
    author: str | None
    published: str | None
    html: str | None


@dataclass(frozen=True)
class Feed:
    title: str | None
    version: str
    entries: tuple[FeedEntry, ...]


@dataclass
class FeedPoll:
    """One read of one feed: the items to ingest and the validators to keep afterwards.

    ``items`` fetches each entry when it is asked for; ``deferred`` and ``notes`` are final
    once it is exhausted.
    """

    url: str
    title: str | None = None
    not_modified: bool = False
    entries: int = 0
    skipped: int = 0
    #: Entries not read this poll (over ``max_entries`` or past the budget): for the next one.
    deferred: int = 0
    items: Iterator[Item | ClaimLedgerError] = field(default_factory=lambda: iter(()))
    notes: list[str] = field(default_factory=list)
    etag: str | None = None
    last_modified: str | None = None


def parse_feed(data: bytes, name: str, *, base: str | None = None, content_type: str | None = None) -> Feed:
    """Entries of an RSS or Atom document; FetchError if it is not one."""
    import feedparser

    _check_markup(data, name)
    headers = {"content-type": content_type or "application/xml"}
    if base:
        headers["content-location"] = base
    try:
        parsed: Any = feedparser.parse(io.BytesIO(data), response_headers=headers)
    except Exception as exc:  # feedparser's fallback parser raises on hostile markup ("&#xD800;")
        raise FetchError(f"cannot parse feed: {type(exc).__name__}: {exc}", source=name) from exc
    if not parsed.entries and (parsed.get("bozo") or not parsed.get("version")):
        why = parsed.get("bozo_exception")
        first_line = (str(why).splitlines() or [type(why).__name__])[0]
        detail = f" ({first_line})" if why else ""
        raise FetchError(f"not an RSS or Atom feed{detail}", source=name)
    entries = []
    for e in parsed.entries:
        link = e.get("link") or None
        html = None
        if e.get("content"):
            html = e.content[0].get("value")
        html = html or e.get("summary") or None
        guid = e.get("id") or link or f"{e.get('title', '')}|{e.get('published', '')}|{(html or '')[:200]}"
        when = e.get("published_parsed") or e.get("updated_parsed")
        entries.append(
            FeedEntry(
                guid=str(guid),
                link=link,
                title=e.get("title") or None,
                author=e.get("author") or None,
                published=time.strftime("%Y-%m-%d", when) if when else None,
                html=html,
            )
        )
    return Feed(
        title=parsed.feed.get("title") or None, version=parsed.get("version") or "", entries=tuple(entries)
    )


def _check_markup(data: bytes, name: str) -> None:
    """Refuse a feed whose parsing could take minutes (see :mod:`claimledger.ingest.htmlscan`).

    Tags are ASCII in every encoding feedparser reads but UTF-16 and UTF-32, so the bytes are
    scanned as Latin-1 (one character per byte), or decoded first when they are UTF-16/32.
    """
    text = data.decode(_wide_codec(data[:4]) or "latin-1", errors="replace")
    try:
        check_html(text, name, FEED_LIMITS, kind="feed")
    except InputError as exc:
        raise FetchError(str(exc).removeprefix(f"{name}: "), source=name) from exc


def _wide_codec(head: bytes) -> str | None:
    """UTF-32 or UTF-16 by byte-order mark or by how "<" is spelled; None for the rest."""
    for codec, starts in (
        ("utf-32", (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)),
        ("utf-32-le", (b"<\0\0\0",)),
        ("utf-32-be", (b"\0\0\0<",)),
        ("utf-16", (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)),
        ("utf-16-le", (b"<\0",)),
        ("utf-16-be", (b"\0<",)),
    ):
        if head.startswith(starts):
            return codec
    return None


def feed_key(ref: str) -> str:
    """How a feed is known in the store: its URL, or the absolute path of a file."""
    if "://" in ref:
        return ref.strip()
    return str(Path(ref).expanduser().absolute())


def poll_feed(
    store: Store,
    fetcher: Fetcher,
    ref: str,
    *,
    conditional: bool = False,
    max_entries: int = MAX_ENTRIES,
    budget: float | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> FeedPoll:
    """Read feed ``ref`` (URL or file); its ``items`` fetch each entry not yet ingested.

    With ``conditional`` the stored ETag and Last-Modified are sent and a 304 yields no
    items. Validators are returned, not saved: the caller saves them once the items are
    stored, so a run killed half-way re-reads the feed instead of skipping entries (and
    when entries were deferred, so that the next poll is not answered "not modified").
    No entry is fetched after ``max_entries`` were, nor once ``budget`` seconds have
    passed since the poll began (what is done with each item counts too).
    """
    deadline = None if budget is None else clock() + budget
    key = feed_key(ref)
    poll = FeedPoll(url=key)
    base = None
    if "://" in ref:
        state = store.feeds.get(key) if conditional else None
        resp = fetcher.get(
            ref,
            kind="feed",
            etag=state["etag"] if state else None,
            last_modified=state["last_modified"] if state else None,
        )
        if resp.not_modified:
            poll.not_modified = True
            return poll
        data, base, ctype = resp.content, resp.final_url, resp.content_type
        poll.etag, poll.last_modified = resp.etag, resp.last_modified
    else:
        data, ctype = _read_file(ref), None
    feed = parse_feed(data, ref, base=base, content_type=ctype)
    del data  # the entries hold what is needed
    poll.title = feed.title
    poll.entries = len(feed.entries)
    seen = store.feeds.entries(key)
    todo = []
    for entry in feed.entries:
        eref = EntryRef(feed_url=key, guid=entry.guid, link=entry.link)
        old = seen.get(eref.key)
        if old and (old["status"] == "done" or old["attempts"] >= MAX_ATTEMPTS):
            poll.skipped += 1
        else:
            todo.append((entry, eref))
    poll.items = _entry_items(fetcher, todo, feed, poll, max_entries, deadline, clock)
    return poll


def _entry_items(
    fetcher: Fetcher,
    todo: list[tuple[FeedEntry, EntryRef]],
    feed: Feed,
    poll: FeedPoll,
    max_entries: int,
    deadline: float | None,
    clock: Callable[[], float],
) -> Iterator[Item | ClaimLedgerError]:
    """Each entry's item, fetched when asked for, until the cap or the deadline; a fetch is
    cut at the deadline too, and its entry left for the next poll like those after it."""
    for n, (entry, eref) in enumerate(todo):
        left = None if deadline is None else deadline - clock()
        if n >= max_entries:
            _defer(poll, len(todo) - n, f"at most {max_entries:,} entries per poll")
            return
        if left is not None and left <= 0:
            _defer(poll, len(todo) - n, "the feed's time budget")
            return
        try:
            if left is None:
                item = _entry_item(fetcher, entry, eref, feed, poll)
            else:
                with fetcher.within(left):
                    item = _entry_item(fetcher, entry, eref, feed, poll)
        except BudgetSpent:
            _defer(poll, len(todo) - n, "the feed's time budget")
            return
        yield item


def _defer(poll: FeedPoll, count: int, why: str) -> None:
    poll.deferred = count
    poll.notes.append(f"{poll.url}: {count:,} entries left for the next poll ({why})")


def _entry_item(
    fetcher: Fetcher, entry: FeedEntry, eref: EntryRef, feed: Feed, poll: FeedPoll
) -> Item | InputError:
    """The entry's article from its link; the feed's own text if the link fails."""
    name = entry.link or f"{poll.url} entry {entry.guid}"
    try:
        if not entry.link:
            raise FetchError("feed entry has no link", source=name)
        item = fetch_article(fetcher, entry.link, entry=eref)
        meta = item.meta
        return Item(
            name=item.name,
            text=item.text,
            meta=ArticleMeta(
                title=meta.title or entry.title,
                url=meta.url,
                outlet=meta.outlet,
                author=meta.author or entry.author,
                published=meta.published or entry.published,
            ),
            page=item.page,
            entry=eref,
        )
    except BudgetSpent:
        raise  # not a failure of the entry: it is read at the next poll
    except ClaimLedgerError as exc:
        fallback = _text_item(entry, eref, feed, name)
        if fallback is None:
            return entry_error(exc, eref)
        poll.notes.append(f"{exc}; used the entry's text from the feed")
        return fallback


def _text_item(entry: FeedEntry, eref: EntryRef, feed: Feed, name: str) -> Item | None:
    """The entry's own text from the feed. Fetched from the feed's host, it is credited to that
    host; the feed's title and an entry link to another host are kept as claims (a feed file
    given by the user is taken at its word)."""
    if not entry.html:
        return None
    text = _html_text(entry.html)
    if len(text.split()) < MIN_BODY_WORDS:
        return None
    fetched = "://" in eref.feed_url
    own = f"{eref.feed_url}#{eref.key}"
    url = entry.link if entry.link and (not fetched or same_site(entry.link, eref.feed_url)) else None
    page = PageRecord(
        url=entry.link or eref.feed_url,
        final_url=eref.feed_url if fetched else entry.link or eref.feed_url,
        canonical_url=url or own,
        fetched_at=now_iso(),
        raw=entry.html.encode("utf-8"),
        content_type="text/html; source=feed-entry",
        encoding="utf-8",
        claimed_canonical_url=entry.link if fetched else None,
        claimed_site_name=feed.title if fetched else None,
    )
    meta = ArticleMeta(
        title=entry.title,
        url=url or (own if fetched else None),
        outlet=host(eref.feed_url) if fetched else feed.title,
        author=entry.author,
        published=entry.published,
    )
    return Item(name=name, text=text, meta=meta, page=page, entry=eref)


_XML_INCOMPATIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _html_text(html: str) -> str:
    if "<" not in html:
        return normalize_text(html)
    import lxml.html

    # lxml keeps control characters it parsed but refuses them when a tail is set back
    # (ValueError: "All strings must be XML compatible"): drop them first
    html = _XML_INCOMPATIBLE.sub("", html)
    try:
        check_html(html, "feed entry")
    except InputError:
        return ""  # no text: the entry is reported as failed, not parsed for minutes
    try:
        root = lxml.html.fromstring(html)
    except Exception:  # noqa: BLE001 - lxml raises several parser errors on fragments
        return ""
    for br in root.iter("p", "br", "div", "li"):
        br.tail = "\n" + (br.tail or "")
    return normalize_text(
        "\n".join(line.strip() for line in root.text_content().splitlines() if line.strip())
    )


def _read_file(ref: str) -> bytes:
    path = Path(ref)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise FetchError(f"feed file is over the {MAX_BYTES:,}-byte cap", source=ref)
        return path.read_bytes()
    except OSError as exc:
        raise FetchError(f"cannot read feed file: {exc.strerror or exc}", source=ref) from exc
