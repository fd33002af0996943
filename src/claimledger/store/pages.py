"""Fetched pages (raw archive and version chain) and feed state, beside the articles.

A page row is written in the same transaction as its article, so an article read from
the web is never stored without the exact bytes it came from. Versions are chained by
canonical URL: the same URL with new text is a new article (ids are content hashes)
whose ``previous_id`` points at the text it replaced. The canonical URL is always on the
host the page was fetched from, and a version is only ever chained to a page fetched from
that same host: a page elsewhere that claims a Reuters URL never becomes a Reuters version.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.engine import Engine

from claimledger.errors import NotFound
from claimledger.store import schema
from claimledger.store.copies import copies_of
from claimledger.store.database import storage_errors, writing
from claimledger.store.pageurls import same_site

Row = dict[str, Any]


@dataclass(frozen=True)
class PageRecord:
    """What was read for one article: the bytes, where from and when."""

    url: str
    final_url: str
    canonical_url: str
    fetched_at: str
    raw: bytes
    content_type: str | None = None
    encoding: str | None = None
    #: What the page said of itself (its canonical link, its site name): claims, not provenance.
    claimed_canonical_url: str | None = None
    claimed_site_name: str | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.raw).hexdigest()


@dataclass(frozen=True)
class EntryRef:
    """A feed entry, keyed by its guid (or link when it has none)."""

    feed_url: str
    guid: str
    link: str | None = None

    @property
    def key(self) -> str:
        return entry_key(self.guid)


def entry_key(guid: str) -> str:
    """Guids can be long URLs; a fixed-width hash keys them on every backend."""
    return hashlib.sha256(guid.strip().encode("utf-8")).hexdigest()


def page_row(page: PageRecord) -> Row:
    """The page's row but for its place in the version chain; compressing is slow, so callers
    do it before they take the write lock."""
    return {
        "url": page.url,
        "final_url": page.final_url,
        "canonical_url": page.canonical_url,
        "fetched_at": page.fetched_at,
        "raw_sha256": page.sha256,
        "raw_size": len(page.raw),
        "content_type": page.content_type,
        "encoding": page.encoding,
        "claimed_canonical_url": page.claimed_canonical_url,
        "claimed_site_name": page.claimed_site_name,
        "raw_zlib": zlib.compress(page.raw, 6),
    }


def insert_pages(conn: Connection, pages: Sequence[tuple[str, Row]]) -> None:
    """Archive pages (article id, :func:`page_row`) in order, each linked to the last version
    at its canonical URL fetched from the same host, which may be one archived earlier in
    ``pages``."""
    if not pages:
        return
    p = schema.pages
    urls = sorted({row["canonical_url"] for _, row in pages})
    # canonical URL -> (version, fetched_at, article id, final URL)
    known: dict[str, list[tuple[int, str, str, str]]] = {}
    for i in range(0, len(urls), 500):
        for r in conn.execute(
            select(p.c.canonical_url, p.c.version, p.c.fetched_at, p.c.article_id, p.c.final_url).where(
                p.c.canonical_url.in_(urls[i : i + 500])
            )
        ):
            known.setdefault(r.canonical_url, []).append((r.version, r.fetched_at, r.article_id, r.final_url))
    rows = []
    for article_id, row in pages:
        versions = known.setdefault(row["canonical_url"], [])
        mine = [v for v in versions if v[2] != article_id and same_site(v[3], row["final_url"])]
        # the latest version by (version, fetched_at), as ORDER BY ... DESC LIMIT 1 would pick it
        prev = max(mine, key=lambda v: (v[0], v[1]), default=None)
        version = prev[0] + 1 if prev else 1
        rows.append(
            {**row, "article_id": article_id, "version": version, "previous_id": prev[2] if prev else None}
        )
        versions.append((version, row["fetched_at"], article_id, row["final_url"]))
    conn.execute(insert(p), rows)


def mark_entry(
    conn: Connection,
    entry: EntryRef,
    *,
    status: str,
    at: str,
    article_id: str | None = None,
    error: str | None = None,
) -> None:
    """:meth:`FeedState.mark` inside the caller's transaction (so an article and its entry
    are stored together)."""
    e = schema.feed_entries
    where = (e.c.feed_url == entry.feed_url) & (e.c.entry_key == entry.key)
    old = conn.execute(select(e.c.attempts).where(where)).first()
    if old is None:
        conn.execute(
            insert(e).values(
                feed_url=entry.feed_url,
                entry_key=entry.key,
                guid=entry.guid,
                link=entry.link,
                article_id=article_id,
                status=status,
                attempts=1,
                error=error,
                first_seen=at,
                last_seen=at,
            )
        )
    else:
        conn.execute(
            update(e)
            .where(where)
            .values(
                status=status,
                article_id=article_id,
                error=error,
                attempts=old.attempts + 1,
                last_seen=at,
            )
        )


class Pages:
    """Read access to archived pages and their versions."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def resolve(self, ref: str) -> str:
        """A full article id from an id or a unique prefix of one."""
        a = schema.articles
        with storage_errors("cannot read articles"), self.engine.connect() as conn:
            ids = list(conn.execute(select(a.c.id).where(a.c.id.startswith(ref, autoescape=True)).limit(2)))
        if not ref or not ids:
            raise NotFound(f"no article with id {ref!r}")
        if len(ids) > 1:
            raise NotFound(f"article id prefix {ref!r} is ambiguous; give more characters")
        return str(ids[0][0])

    def article(self, article_id: str) -> Row:
        """The article with its page record (if it was fetched), its version links and the
        other copies of its text (``copies``: URL, outlet, date, where each was read)."""
        a, p = schema.articles, schema.pages
        cols = [c for c in p.c if c.name not in ("raw_zlib", "article_id", "url")]
        with storage_errors("cannot read articles"), self.engine.connect() as conn:
            row = conn.execute(
                select(a.c.id, a.c.url, a.c.outlet, a.c.title, a.c.author, a.c.published, a.c.input, a.c.wire)
                .add_columns(a.c.text, a.c.ingested_at, a.c.duplicate_of, a.c.similarity, a.c.containment)
                .add_columns(p.c.url.label("fetched_url"), *cols)
                .select_from(a.outerjoin(p, p.c.article_id == a.c.id))
                .where(a.c.id == article_id)
            ).first()
            if row is None:
                raise NotFound(f"no article with id {article_id!r}")
            nxt = conn.execute(select(p.c.article_id).where(p.c.previous_id == article_id)).scalars().all()
            copies = copies_of(conn, article_id)
        out = dict(row._mapping)
        out["next_ids"] = list(nxt)
        out["copies"] = copies
        return out

    def raw(self, article_id: str) -> bytes:
        """The archived bytes, checked against the sha256 taken when they were fetched."""
        p = schema.pages
        with storage_errors("cannot read pages"), self.engine.connect() as conn:
            row = conn.execute(
                select(p.c.raw_zlib, p.c.raw_sha256).where(p.c.article_id == article_id)
            ).first()
        if row is None:
            raise NotFound(f"article {article_id} was not fetched from the web: no raw page archived")
        data = zlib.decompress(row.raw_zlib)
        if hashlib.sha256(data).hexdigest() != row.raw_sha256:
            raise NotFound(f"archived page of {article_id} does not match its sha256")
        return data


class FeedState:
    """Per-feed validators, schedule and backoff; per-entry status."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def get(self, url: str) -> Row | None:
        f = schema.feeds
        with storage_errors("cannot read feed state"), self.engine.connect() as conn:
            row = conn.execute(select(f).where(f.c.url == url)).first()
        return dict(row._mapping) if row else None

    def save(self, url: str, **values: Any) -> None:
        """Upsert the feed's state (only the given columns change)."""
        f = schema.feeds
        with storage_errors("cannot write feed state"), writing(self.engine) as conn:
            if conn.execute(select(f.c.url).where(f.c.url == url)).first():
                if values:
                    conn.execute(update(f).where(f.c.url == url).values(**values))
            else:
                conn.execute(insert(f).values(url=url, **{"failures": 0, **values}))

    def entries(self, feed_url: str) -> dict[str, Row]:
        """entry_key -> row for every entry of ``feed_url`` seen so far."""
        e = schema.feed_entries
        with storage_errors("cannot read feed entries"), self.engine.connect() as conn:
            rows = conn.execute(select(e).where(e.c.feed_url == feed_url))
            return {r.entry_key: dict(r._mapping) for r in rows}

    def mark(
        self,
        entry: EntryRef,
        *,
        status: str,
        at: str,
        article_id: str | None = None,
        error: str | None = None,
    ) -> None:
        """Record what became of an entry; ``done`` entries are never fetched again."""
        with storage_errors("cannot write feed entries"), writing(self.engine) as conn:
            mark_entry(conn, entry, status=status, at=at, article_id=article_id, error=error)
