"""Copies of a stored text: the same content hash met again under another URL, outlet or date.

An article's id is the hash of its text, so an agency story republished word for word at a
new address, or the same page re-dated, used to be "already stored" and its address and
date were lost. Each such arrival is kept here as another copy of the stored article;
the same text with the same URL, outlet and date is still "already stored".
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Connection, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from claimledger.models import ArticleMeta
from claimledger.store import schema

Row = dict[str, Any]
#: What became of a copy: recorded, known already (the article's own or a recorded
#: copy's URL, outlet and date), or its article is not stored (its analysis failed).
CopyStatus = Literal["copy", "already", "missing"]


@dataclass(frozen=True)
class CopyRecord:
    """Where and when a stored text was met again, and the input it was read from."""

    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    input: str | None = None

    @classmethod
    def of(cls, meta: ArticleMeta, input: str | None) -> CopyRecord:
        return cls(meta.url, meta.outlet, meta.title, meta.author, meta.published, input)

    @property
    def key(self) -> str:
        return copy_key(self.url, self.outlet, self.published)


def copy_key(url: str | None, outlet: str | None, published: str | None) -> str:
    """What makes another copy: its URL, outlet and date (title and input do not)."""
    raw = json.dumps([url, outlet, published], ensure_ascii=False).encode()
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


_a, _c = schema.articles, schema.article_copies


def record_copies(conn: Connection, wanted: Sequence[tuple[str, CopyRecord]], *, at: str) -> list[CopyStatus]:
    """Record each (article id, copy) that is new, in the caller's write transaction; one
    status per pair, in order."""
    ids = sorted({aid for aid, _ in wanted})
    own: dict[str, str] = {}
    known: set[tuple[str, str]] = set()
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        articles = select(_a.c.id, _a.c.url, _a.c.outlet, _a.c.published).where(_a.c.id.in_(chunk))
        for row in conn.execute(articles):
            own[row.id] = copy_key(row.url, row.outlet, row.published)
        recorded = select(_c.c.article_id, _c.c.key).where(_c.c.article_id.in_(chunk))
        known.update((r.article_id, r.key) for r in conn.execute(recorded))
    out: list[CopyStatus] = []
    for aid, rec in wanted:
        if aid not in own:
            out.append("missing")
        elif rec.key == own[aid] or (aid, rec.key) in known:
            out.append("already")
        else:
            known.add((aid, rec.key))
            out.append("copy" if _insert_new(conn, _row(aid, rec, at)) else "already")
    return out


def _row(aid: str, rec: CopyRecord, at: str) -> Row:
    return {
        "article_id": aid,
        "key": rec.key,
        "url": rec.url,
        "outlet": rec.outlet,
        "title": rec.title,
        "author": rec.author,
        "published": rec.published,
        "input": rec.input,
        "ingested_at": at,
    }


def _insert_new(conn: Connection, row: Row) -> bool:
    """Insert one copy unless another writer recorded it meanwhile (PostgreSQL runs writers
    in parallel): a conflict on its key is not an error, and not a new copy either."""
    if conn.dialect.name == "postgresql":
        stmt: Any = postgresql.insert(_c).values(**row).on_conflict_do_nothing()
    elif conn.dialect.name == "sqlite":
        stmt = sqlite.insert(_c).values(**row).on_conflict_do_nothing()
    else:  # pragma: no cover - the two backends we support
        stmt = insert(_c).values(**row)
    return bool(conn.execute(stmt).rowcount)


def copies_of(conn: Connection, article_id: str) -> list[Row]:
    """The recorded copies of one article, in the order they were met."""
    query = (
        select(_c.c.url, _c.c.outlet, _c.c.title, _c.c.author, _c.c.published, _c.c.input, _c.c.ingested_at)
        .where(_c.c.article_id == article_id)
        .order_by(_c.c.ingested_at, func.coalesce(_c.c.published, ""), func.coalesce(_c.c.url, ""))
    )
    return [dict(r._mapping) for r in conn.execute(query)]
