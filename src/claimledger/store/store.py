"""The store: one small class with verb methods over SQLite or PostgreSQL.

Modelled on sqlite-utils' ``Database``: ``Store.open(db)`` migrates on open, verbs
(``add_analysis``, ``articles``, ``replace_ledger``) each run in their own transaction,
and ``store.actors`` offers get-or-create ``lookup``. An article, or a batch of them
(``add_analyses``), is one transaction, so a killed ingest leaves whole articles only
and a rerun skips what is stored.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from itertools import islice
from types import TracebackType
from typing import Any

from sqlalchemy import and_, case, delete, func, insert, or_, select, text, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from claimledger.errors import NotAStore, NotFound, StorageError
from claimledger.models import ArticleAnalysis
from claimledger.store import listing, migrations, removal, schema, writes
from claimledger.store.actors import Actors, alias_key, alias_map_of
from claimledger.store.copies import CopyRecord, CopyStatus, record_copies
from claimledger.store.database import (
    cannot_write,
    make_engine,
    redact,
    resolve_url,
    storage_errors,
    store_name,
    writing,
)
from claimledger.store.pages import FeedState, PageRecord, Pages
from claimledger.store.writes import AddResult, NewArticle

Row = dict[str, Any]


#: PostgreSQL advisory lock key held while the ledger tables are replaced.
LEDGER_LOCK = 0x0C1A1D


def _in_text_order(table: Any, start: str) -> tuple[Any, ...]:
    """Article, then position in its text: the ledger must not depend on physical row order,
    which differs between a run that was interrupted and one that was not (and on PostgreSQL)."""
    return (table.c.article_id, table.c[start], table.c.id)


def _migrate_existing(url: str, version: int, busy_timeout: float) -> None:
    """Bring an existing store up to date for a command that only reads it, or say why not."""
    if cannot_write(url):
        raise StorageError(
            f"{store_name(url)}: the store needs migrating from schema version {version} to "
            f"{migrations.latest()}, and it is read-only here; open it once where it can be written"
        )
    engine = make_engine(url, create=False, busy_timeout=busy_timeout)
    try:
        with storage_errors(f"cannot migrate {redact(url)}"), writing(engine) as conn:
            migrations.migrate(conn)
    finally:
        engine.dispose()


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """A claimledger database; open it with :meth:`Store.open`."""

    def __init__(self, engine: Engine, url: str, *, read_only: bool = False) -> None:
        self.engine = engine
        self.url = url
        self.read_only = read_only
        self.actors = Actors(engine)
        self.pages = Pages(engine)
        self.feeds = FeedState(engine)

    @classmethod
    def open(
        cls,
        db: str | None = None,
        *,
        create: bool = True,
        read_only: bool = False,
        busy_timeout: float = 30.0,
    ) -> Store:
        """Open the store at ``db``, a path or URL, migrating it if needed.

        By default a missing store is created: commands that write may do that. Commands
        that only read pass ``create=False`` (a mistyped ``--db`` then fails with
        :class:`NotAStore` rather than leaving an empty store behind) or ``read_only=True``
        (which also opens the database so that it cannot be written). Without ``create``, a
        SQLite file this process cannot write (a read-only file, folder or mount) is opened
        read-only too; its schema must then be current, since migrating is a write.
        """
        url = resolve_url(db)
        if (create and not read_only) or url == "sqlite://":  # in memory: nothing to mistype
            engine = make_engine(url, busy_timeout=busy_timeout)
            try:
                with storage_errors(f"cannot migrate {redact(url)}"), writing(engine) as conn:
                    migrations.migrate(conn)
            except BaseException:
                engine.dispose()
                raise
            return cls(engine, url)
        read_only = read_only or cannot_write(url)
        # Look before touching: a database that is not ours must not even get our pragmas.
        engine = make_engine(url, create=False, read_only=True, busy_timeout=busy_timeout)
        try:
            with storage_errors(f"cannot read {redact(url)}"), engine.connect() as conn:
                version = migrations.current_version(conn)
            migrations.check_version(version)
            if version == 0:
                raise NotAStore(f"{store_name(url)}: not a claimledger store")
            if version < migrations.latest():
                _migrate_existing(url, version, busy_timeout)
            if not read_only:
                engine.dispose()
                engine = make_engine(url, create=False, busy_timeout=busy_timeout)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, url, read_only=read_only)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return migrations.current_version(conn)

    # -- articles ---------------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        with storage_errors("cannot read articles"), self.engine.connect() as conn:
            found = conn.execute(
                select(schema.articles.c.id).where(schema.articles.c.id == article_id)
            ).first()
        return found is not None

    def existing_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` are stored already (so a rerun analyzes only what is new)."""
        wanted = list(set(ids))
        found: set[str] = set()
        with storage_errors("cannot read articles"), self.engine.connect() as conn:
            for i in range(0, len(wanted), 500):
                chunk = wanted[i : i + 500]
                found.update(
                    conn.execute(
                        select(schema.articles.c.id).where(schema.articles.c.id.in_(chunk))
                    ).scalars()
                )
        return found

    def add_analysis(
        self, analysis: ArticleAnalysis, *, input: str | None = None, page: PageRecord | None = None
    ) -> bool:
        """Store one analyzed article in one transaction; False if it was stored already.

        ``page`` (an article read from the web) is archived in the same transaction.
        """
        (result,) = self.add_analyses([NewArticle(analysis, input=input, page=page)])
        return result.added

    def add_analyses(self, batch: Sequence[NewArticle]) -> list[AddResult]:
        """Store ``batch`` in one transaction, with the result of storing it one by one in order.

        One result per article, in order. Ingest writes a batch per call: a transaction per
        article costs the process that stores the CPU its analysis workers need.
        """
        if not batch:
            return []
        prepared = writes.prepare(batch)
        try:
            return self._write(prepared)
        except StorageError as exc:
            if not _lost_race(exc):
                raise
            if len(prepared) == 1:
                return [self._stored_meanwhile(prepared[0], exc)]
        # Another writer stored one of these articles meanwhile (PostgreSQL runs writers in
        # parallel) and the batch was rolled back: one at a time, only that one is skipped.
        return [self._add_alone(p) for p in prepared]

    def _write(self, prepared: Sequence[writes.Prepared]) -> list[AddResult]:
        what = (
            f"cannot store article {prepared[0].id}"
            if len(prepared) == 1
            else f"cannot store {len(prepared)} articles ({prepared[0].id} ...)"
        )
        with storage_errors(what), writing(self.engine) as conn:
            return writes.write_batch(conn, prepared, at=now(), fts=self.dialect == "sqlite")

    def _add_alone(self, p: writes.Prepared) -> AddResult:
        try:
            (result,) = self._write([p])
        except StorageError as exc:
            if not _lost_race(exc):
                raise
            return self._stored_meanwhile(p, exc)
        return result

    def _stored_meanwhile(self, p: writes.Prepared, exc: StorageError) -> AddResult:
        """The loser of a race on one article: the winner stored it, or ``exc`` stands.

        Under another URL, outlet or date it is recorded as a copy, as if stored after it.
        """
        if not self.has_article(p.id):
            raise exc
        (status,) = self.add_copies([(p.id, writes.copy_of(p.article))])
        if p.article.entry is not None:
            self.feeds.mark(p.article.entry, status="done", at=now(), article_id=p.id)
        return AddResult(p.id, added=False, copy=status == "copy")

    def add_copies(self, wanted: Sequence[tuple[str, CopyRecord]]) -> list[CopyStatus]:
        """Record texts stored already that came again under another URL, outlet or date,
        in one transaction; one status per (article id, copy): see :func:`record_copies`."""
        if not wanted:
            return []
        with storage_errors("cannot record copies"), writing(self.engine) as conn:
            return record_copies(conn, wanted, at=now())

    def delete_article(self, article_id: str) -> None:
        """Delete one article and what came out of it, in one transaction (see
        :mod:`claimledger.store.removal`); the ledger is left stale for the caller to rebuild."""
        if self.read_only:
            raise StorageError(f"{store_name(self.url)}: the store is open read-only; cannot delete")
        with storage_errors(f"cannot delete article {article_id}"), writing(self.engine) as conn:
            if (
                conn.execute(select(schema.articles.c.id).where(schema.articles.c.id == article_id)).first()
                is None
            ):
                raise NotFound(f"no article with id {article_id!r}")
            removal.remove_article(conn, article_id, fts=self.dialect == "sqlite")

    def reanalysis_candidates(
        self, *, ids: Sequence[str] | None = None, since: str | None = None, stale_for: str | None = None
    ) -> tuple[list[str], int]:
        """Ids of the stored articles to analyse again, oldest publication first, and how many
        more were left out because ``stale_for`` (the current extractor's name) made them.

        ``ids`` narrows to those articles, ``since`` to those published on or after a date.
        """
        a = schema.articles
        query = select(a.c.id, a.c.extractor).order_by(a.c.published, a.c.id)
        if since is not None:
            query = query.where(a.c.published >= since)
        with storage_errors("cannot read articles"), self.engine.connect() as conn:
            rows = list(conn.execute(query))
        if ids is not None:
            wanted = set(ids)
            rows = [r for r in rows if r.id in wanted]
        todo = [str(r.id) for r in rows if stale_for is None or r.extractor != stale_for]
        return todo, len(rows) - len(todo)

    def article_inputs(self, ids: Sequence[str]) -> list[Row]:
        """Text and metadata of ``ids`` (in that order), as stored, to analyse them again."""
        a = schema.articles
        cols = (a.c.id, a.c.text, a.c.url, a.c.outlet, a.c.title, a.c.author, a.c.published)
        query = select(*cols, a.c.published_text, a.c.wire, a.c.extractor).where(a.c.id.in_(list(ids)))
        with storage_errors("cannot read articles"), self.engine.connect() as conn:
            found = {r.id: dict(r._mapping) for r in conn.execute(query)}
        return [found[i] for i in ids if i in found]

    def replace_analyses(self, analyses: Sequence[tuple[str, ArticleAnalysis]], extractor: str) -> None:
        """Swap in new analysis rows for stored articles (article id, analysis), one transaction;
        each article's ``extractor`` becomes ``extractor`` and the ledger is marked stale."""
        if not analyses:
            return
        ids = [aid for aid, _ in analyses]
        what = f"cannot store the new analysis of {ids[0]}" + (
            f" and {len(ids) - 1} more" if len(ids) > 1 else ""
        )
        with storage_errors(what), writing(self.engine) as conn:
            for table in (schema.attributions, schema.quantities, schema.hedges):
                conn.execute(delete(table).where(table.c.article_id.in_(ids)))
            writes.insert_analysis_rows(conn, analyses)
            a = schema.articles
            conn.execute(update(a).where(a.c.id.in_(ids)).values(extractor=extractor))
            conn.execute(delete(schema.ledger_state).where(schema.ledger_state.c.key == "articles"))

    def copies_of(self, article_id: str) -> list[str]:
        """The near-duplicate copies of ``article_id``, oldest first."""
        a = schema.articles
        query = select(a.c.id).where(a.c.duplicate_of == article_id).order_by(a.c.ingested_at, a.c.id)
        with storage_errors("cannot read articles"), self.engine.connect() as conn:
            return [str(i) for i in conn.execute(query).scalars()]

    def is_duplicate(self, article_id: str) -> bool:
        a = schema.articles
        with storage_errors("cannot read articles"), self.engine.connect() as conn:
            dup = conn.execute(select(a.c.duplicate_of).where(a.c.id == article_id)).scalar()
        return dup is not None

    def articles(self, *, limit: int | None = None) -> list[Row]:
        """Stored articles, oldest publication first, as the ``articles`` JSON contract."""
        a = schema.articles
        query = select(
            a.c.id, a.c.url, a.c.outlet, a.c.title, a.c.published, a.c.duplicate_of, a.c.input
        ).order_by(a.c.published, a.c.id)
        if limit is not None:
            query = query.limit(limit)
        with storage_errors("cannot read articles"), self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def article_meta(self, ids: Iterable[str] | None = None) -> dict[str, Row]:
        """id -> outlet, published, duplicate_of, for the ledger (every article, or ``ids``)."""
        a = schema.articles
        query = select(a.c.id, a.c.outlet, a.c.published, a.c.duplicate_of, a.c.url, a.c.title)
        with storage_errors("cannot read articles"), self.engine.connect() as conn:
            if ids is None:
                return {r.id: dict(r._mapping) for r in conn.execute(query.order_by(a.c.id))}
            wanted = sorted(set(ids))
            out: dict[str, Row] = {}
            for i in range(0, len(wanted), 500):
                for r in conn.execute(query.where(a.c.id.in_(wanted[i : i + 500]))):
                    out[r.id] = dict(r._mapping)
            return out

    def count(self, table: str) -> int:
        with storage_errors(f"cannot count {table}"), self.engine.connect() as conn:
            return int(
                conn.execute(select(func.count()).select_from(schema.metadata.tables[table])).scalar_one()
            )

    # -- analysis rows, for the ledger ------------------------------------------------------

    def attribution_rows(self) -> list[Row]:
        with storage_errors("cannot read attributions"), self.engine.connect() as conn:
            rows = conn.execute(
                select(schema.attributions).order_by(*_in_text_order(schema.attributions, "content_start"))
            )
            return [dict(r._mapping) for r in rows]

    def attribution_rows_of(self, article_id: str) -> list[Row]:
        """One article's attributions, in text order."""
        t = schema.attributions
        query = select(t).where(t.c.article_id == article_id).order_by(t.c.content_start, t.c.id)
        with storage_errors("cannot read attributions"), self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def quantity_rows(self) -> list[Row]:
        with storage_errors("cannot read quantities"), self.engine.connect() as conn:
            return [
                dict(r._mapping)
                for r in conn.execute(
                    select(schema.quantities).order_by(*_in_text_order(schema.quantities, "start"))
                )
            ]

    def hedge_rows(self) -> list[Row]:
        with storage_errors("cannot read hedges"), self.engine.connect() as conn:
            return [
                dict(r._mapping)
                for r in conn.execute(select(schema.hedges).order_by(*_in_text_order(schema.hedges, "start")))
            ]

    def ledger_rows(
        self,
        table: str,
        columns: Sequence[str],
        order: Sequence[str],
        articles: Collection[str] | None = None,
    ) -> Iterator[tuple[Any, ...]]:
        """``columns`` of every row of ``table`` as plain tuples, ordered by ``order``, streamed.

        The ledger build reads whole tables: a tuple of the columns it uses is a fraction
        of a dict of every column, and a stream (a server-side cursor on PostgreSQL) does
        not hold the whole result a second time.

        ``articles``: only the rows of these articles (an incremental update), read 500
        articles at a time in id order, so ``order`` must begin with the article id.
        """
        t = schema.metadata.tables[table]
        query = select(*(t.c[c] for c in columns)).order_by(*(t.c[c] for c in order))
        with storage_errors(f"cannot read {table}"), self.engine.connect() as conn:
            if articles is None:
                result = conn.execution_options(yield_per=2000).execute(query)
                for row in result:
                    yield tuple(row)
                return
            key = t.c["id"] if table == "articles" else t.c["article_id"]
            wanted = sorted(set(articles))
            for i in range(0, len(wanted), 500):
                for row in conn.execute(query.where(key.in_(wanted[i : i + 500]))):
                    yield tuple(row)

    # -- the ledger (rebuilt as a whole, in one transaction) --------------------------------

    def replace_ledger(
        self,
        claims: Sequence[Row],
        members: Iterable[Row],
        claim_actors: Iterable[Row],
        contradictions: Iterable[Row],
        estimates: Iterable[Row],
        articles: int | None = None,
        speakers: Iterable[Row] = (),
        index: Mapping[str, Iterable[Row]] | None = None,
        version: str | None = None,
    ) -> None:
        """Swap in a freshly built ledger; readers see the old one until commit.

        ``index`` holds the rows of the ledger's index tables by table name (see
        :mod:`claimledger.ledger.index`) and ``version`` what the ledger was built with;
        without them the ledger has no index and the next update rebuilds it.

        Rows other than the claims may come as iterators: they are written 1,000 at a
        time, in order, and only those 1,000 are held at once.

        ``articles`` is how many articles the ledger was built from: an article stored
        by another process during the build leaves the ledger marked stale, so the
        next ingest rebuilds it.
        """
        with storage_errors("cannot write the ledger"), writing(self.engine) as conn:
            if self.dialect == "postgresql":
                # Two rebuilds at once (two ingests into one server) take turns: the
                # second deletes what the first wrote instead of colliding with it.
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LEDGER_LOCK})
            for table in (
                schema.contradictions,
                schema.claim_actors,
                schema.claim_members,
                schema.estimates,
                schema.speakers,
            ):
                conn.execute(delete(table))
            conn.execute(delete(schema.claims))
            for table in schema.LEDGER_INDEX_TABLES:
                conn.execute(delete(table))
            if self.dialect == "sqlite":
                conn.execute(text("DELETE FROM claims_fts"))
            for table, rows in (
                (schema.claims, claims),
                (schema.claim_members, members),
                (schema.claim_actors, claim_actors),
                (schema.contradictions, contradictions),
                (schema.estimates, estimates),
                (schema.speakers, speakers),
            ):
                it = iter(rows)
                while batch := list(islice(it, 1000)):
                    conn.execute(insert(table), batch)
            if self.dialect == "sqlite" and claims:
                conn.execute(
                    text("INSERT INTO claims_fts(text, claim_id) VALUES (:t, :i)"),
                    [{"t": c["search_text"], "i": c["id"]} for c in claims],
                )
            for name, rows in (index or {}).items():
                it = iter(rows)
                while batch := list(islice(it, 2000)):
                    conn.execute(insert(schema.metadata.tables[name]), batch)
            conn.execute(delete(schema.ledger_state).where(schema.ledger_state.c.key == "version"))
            if version is not None and index is not None:
                conn.execute(insert(schema.ledger_state).values(key="version", value=version))
            listing.refresh_source_records(conn)
            stored = (
                articles
                if articles is not None
                else conn.execute(select(func.count()).select_from(schema.articles)).scalar_one()
            )
            conn.execute(delete(schema.ledger_state).where(schema.ledger_state.c.key == "articles"))
            conn.execute(insert(schema.ledger_state).values(key="articles", value=str(stored)))

    def ledger_is_stale(self) -> bool:
        """True when articles were stored after the ledger was last built."""
        with storage_errors("cannot read the ledger state"), self.engine.connect() as conn:
            built = conn.execute(
                select(schema.ledger_state.c.value).where(schema.ledger_state.c.key == "articles")
            ).scalar()
            stored = conn.execute(select(func.count()).select_from(schema.articles)).scalar_one()
        return built is None or int(built) != int(stored)

    def resolve_claim(self, ref: str) -> str:
        """A full claim id from an id or a unique prefix of one (as ``pages.resolve`` for articles)."""
        c = schema.claims
        with storage_errors("cannot read claims"), self.engine.connect() as conn:
            ids = list(conn.execute(select(c.c.id).where(c.c.id.startswith(ref, autoescape=True)).limit(2)))
        if not ref or not ids:
            raise NotFound(f"no claim with id {ref!r}; see `claimledger claims`")
        if len(ids) > 1 and ref not in {i[0] for i in ids}:
            raise NotFound(f"claim id prefix {ref!r} is ambiguous; give more characters")
        return ref if len(ids) > 1 else str(ids[0][0])

    def claims(self, ids: Iterable[str] | None = None) -> list[Row]:
        c = schema.claims
        query = select(c)
        with storage_errors("cannot read claims"), self.engine.connect() as conn:
            if ids is None:
                rows = list(conn.execute(query))
            else:
                wanted = list(ids)
                rows = []
                for i in range(0, len(wanted), 500):
                    rows.extend(conn.execute(query.where(c.c.id.in_(wanted[i : i + 500]))))
        return [_claim_row(r._mapping) for r in rows]

    def speakers(self, article_id: str) -> dict[str, int]:
        """Attribution id -> actor id, for one article's records that belong to no claim."""
        s = schema.speakers
        query = select(s.c.attribution_id, s.c.actor_id).where(s.c.article_id == article_id)
        with storage_errors("cannot read speakers"), self.engine.connect() as conn:
            return {str(a): int(b) for a, b in conn.execute(query)}

    def claim_members(
        self, claim_id: str | None = None, *, article_id: str | None = None, limit: int | None = None
    ) -> list[Row]:
        """Every claim member, or one claim's, or one article's; with ``limit``, the first
        that many by date (undated first), then article and attribution."""
        m = schema.claim_members
        query = select(m)
        if claim_id is not None:
            query = query.where(m.c.claim_id == claim_id)
        if article_id is not None:
            query = query.where(m.c.article_id == article_id)
        if limit is not None:
            order = (func.coalesce(m.c.published, ""), m.c.article_id, m.c.attribution_id)
            query = query.order_by(*order).limit(limit)
        with storage_errors("cannot read claims"), self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def claim_member_count(self, claim_id: str) -> int:
        m = schema.claim_members
        with storage_errors("cannot read claims"), self.engine.connect() as conn:
            query = select(func.count()).select_from(m).where(m.c.claim_id == claim_id)
            return int(conn.execute(query).scalar_one())

    def claim_member_actors(self, claim_id: str) -> list[tuple[str, int]]:
        """(name, actor id) of every source and origin among a claim's members, once each."""
        m = schema.claim_members
        out: list[tuple[str, int]] = []
        with storage_errors("cannot read claims"), self.engine.connect() as conn:
            for name, actor in ((m.c.source, m.c.source_actor_id), (m.c.origin, m.c.origin_actor_id)):
                query = (
                    select(name, actor)
                    .where(m.c.claim_id == claim_id, name.is_not(None), actor.is_not(None))
                    .distinct()
                    .order_by(name, actor)
                )
                out.extend((str(r[0]), int(r[1])) for r in conn.execute(query))
        return out

    def actor_claim_counts(self) -> dict[int, int]:
        """Actor id -> how many claims involve it in any role (source, origin, channel, about)."""
        ca = schema.claim_actors
        query = select(ca.c.actor_id, func.count(func.distinct(ca.c.claim_id))).group_by(ca.c.actor_id)
        with storage_errors("cannot read claims"), self.engine.connect() as conn:
            return {int(a): int(n) for a, n in conn.execute(query)}

    def claim_actors_of(self, claim_ids: Sequence[str]) -> set[int]:
        """Every actor involved (in any role) in any of ``claim_ids``."""
        ca = schema.claim_actors
        wanted = sorted(set(claim_ids))
        out: set[int] = set()
        with storage_errors("cannot read claims"), self.engine.connect() as conn:
            for i in range(0, len(wanted), 500):
                query = select(ca.c.actor_id).where(ca.c.claim_id.in_(wanted[i : i + 500])).distinct()
                out.update(int(x) for x in conn.execute(query).scalars())
        return out

    def actors_used_elsewhere(
        self, article_id: str, actor_ids: Sequence[int], gone: Sequence[str]
    ) -> set[int]:
        """Which of ``actor_ids`` the ledger still needs without ``article_id``: the source or
        origin of another article's report, the channel of or an actor named in a claim not in
        ``gone``, or the outlet or agency of another article."""
        m, ca, a = schema.claim_members, schema.claim_actors, schema.articles
        wanted = sorted(set(actor_ids))
        used: set[int] = set()
        with storage_errors("cannot read claims"), self.engine.connect() as conn:
            for i in range(0, len(wanted), 500):
                chunk = wanted[i : i + 500]
                for col in (m.c.source_actor_id, m.c.origin_actor_id):
                    query = select(col).where(m.c.article_id != article_id, col.in_(chunk)).distinct()
                    used.update(int(x) for x in conn.execute(query).scalars())
                query = select(ca.c.actor_id).where(
                    ca.c.actor_id.in_(chunk),
                    ca.c.role.in_(("channel", "about")),
                    ca.c.claim_id.not_in(list(gone)),
                )
                used.update(int(x) for x in conn.execute(query.distinct()).scalars())
            names = {
                str(n)
                for col in (a.c.outlet, a.c.wire)
                for n in conn.execute(
                    select(col).where(a.c.id != article_id, col.is_not(None)).distinct()
                ).scalars()
            }
            aliases = _alias_ids(conn, names)
        return used | (aliases & set(wanted))

    def claim_actor_roles(self, actor_id: int, claim_ids: Sequence[str]) -> dict[str, set[str]]:
        """Claim id -> the roles ``actor_id`` has in it, for ``claim_ids`` only."""
        ca = schema.claim_actors
        out: dict[str, set[str]] = {}
        with storage_errors("cannot read claims"), self.engine.connect() as conn:
            for i in range(0, len(claim_ids), 500):
                rows = conn.execute(
                    select(ca.c.claim_id, ca.c.role).where(
                        ca.c.actor_id == actor_id, ca.c.claim_id.in_(list(claim_ids[i : i + 500]))
                    )
                )
                for claim_id, role in rows:
                    out.setdefault(str(claim_id), set()).add(str(role))
        return out

    def estimate_rows(
        self, head: str | None = None, *, originals_only: bool = False, tokens: Sequence[str] = ()
    ) -> list[Row]:
        """Estimates (of one thing head, or whose thing may hold every one of ``tokens``), with
        the ``duplicate_of`` of the article they are in; ``originals_only`` leaves out those in
        near-duplicate copies. ``tokens`` only narrows: the caller checks the match."""
        e, a = schema.estimates, schema.articles
        query = select(e, a.c.duplicate_of).join(a, a.c.id == e.c.article_id, isouter=True)
        if head is not None:
            query = query.where(e.c.thing_head == head)
        if tokens:
            # a figure of a queried unit, or one whose thing may hold every queried word
            every = []
            for token in tokens:
                like = "%" + token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
                either = [e.c.thing_head == token, e.c.thing_key.like(like, escape="\\")]
                if token.startswith("@"):
                    either.append(e.c.thing_country == token[1:])
                every.append(or_(*either))
            query = query.where(or_(e.c.thing_head.in_(list(tokens)), and_(*every)))
        if originals_only:
            query = query.where(a.c.duplicate_of.is_(None))
        with storage_errors("cannot read estimates"), self.engine.connect() as conn:
            rows = conn.execute(query.order_by(e.c.published, e.c.article_id, e.c.start))
            return [dict(r._mapping) for r in rows]

    def estimate_copies(self, head: str) -> dict[tuple[str, int], int]:
        """(original article, offset) -> how many near-duplicate copies repeat that figure."""
        e, a = schema.estimates, schema.articles
        query = (
            select(a.c.duplicate_of, e.c.start, func.count().label("n"))
            .join(a, a.c.id == e.c.article_id)
            .where(e.c.thing_head == head, a.c.duplicate_of.is_not(None))
            .group_by(a.c.duplicate_of, e.c.start)
        )
        with storage_errors("cannot read estimates"), self.engine.connect() as conn:
            return {(str(r.duplicate_of), int(r.start)): int(r.n) for r in conn.execute(query)}

    def estimate_things(self, *, limit: int | None = None) -> list[Row]:
        """Each counted thing that has figures (the ``limit`` with most figures): its head, one
        phrase for it, how many figures."""
        e = schema.estimates
        query = (
            select(
                e.c.thing_head,
                # an empty phrase (a figure that named no thing) never stands for the others
                func.min(case((e.c.thing != "", e.c.thing))).label("thing"),
                func.count().label("figures"),
            )
            .where(e.c.thing_head != "")
            .group_by(e.c.thing_head)
            .order_by(func.count().desc(), e.c.thing_head)
        )
        if limit is not None:
            query = query.limit(limit)
        with storage_errors("cannot read estimates"), self.engine.connect() as conn:
            rows = conn.execute(query)
            return [
                {"thing": r.thing or r.thing_head, "head": r.thing_head, "figures": int(r.figures)}
                for r in rows
            ]

    def contradiction_rows(self, claim_id: str | None = None) -> list[Row]:
        """Every contradiction, or those ``claim_id`` is part of."""
        c = schema.contradictions
        query = select(c)
        if claim_id is not None:
            query = query.where((c.c.a == claim_id) | (c.c.b == claim_id))
        with storage_errors("cannot read contradictions"), self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def search_articles(self, query: str, *, limit: int | None = None, offset: int = 0) -> list[Row]:
        """Articles whose text holds every word of ``query`` (stemmed: "drones" finds
        "drone"), the best match first (SQLite's bm25, PostgreSQL's ts_rank), then oldest
        publication first, as ``articles`` gives them; from row ``offset`` on, at most
        ``limit``. One query, so a word found in every article stays cheap."""
        found = self._article_hits(query)
        if found is None:
            return []
        hits, q = found
        sql = (
            "SELECT id, url, outlet, title, published, duplicate_of, input "
            f"FROM articles JOIN ({hits}) AS hits ON hits.hit = articles.id "  # noqa: S608 - fixed SQL, bound :q
            "ORDER BY hits.rank, published, id"
            + ("" if limit is None else " LIMIT :limit")
            + (" OFFSET :offset" if offset else "")
        )
        with storage_errors("cannot search articles"), self.engine.connect() as conn:
            rows = conn.execute(text(sql), {"q": q, "limit": limit, "offset": offset})
            return [dict(r._mapping) for r in rows]

    def count_search_articles(self, query: str) -> int:
        """How many articles :meth:`search_articles` finds without a limit."""
        found = self._article_hits(query)
        if found is None:
            return 0
        hits, q = found
        sql = f"SELECT count(*) FROM ({hits}) AS hits"  # noqa: S608 - fixed SQL, bound :q
        with storage_errors("cannot search articles"), self.engine.connect() as conn:
            return int(conn.execute(text(sql), {"q": q}).scalar_one())

    def _article_hits(self, query: str) -> tuple[str, str] | None:
        """The SQL of ``(hit, rank)`` for the articles holding every word of ``query``, and
        its bound ``:q``; None when the query has no word."""
        words = [w for w in "".join(ch if ch.isalnum() else " " for ch in query).split() if w]
        if not words:
            return None
        if self.dialect == "sqlite":
            hits = (
                "SELECT article_id AS hit, bm25(articles_fts) AS rank FROM articles_fts "
                "WHERE articles_fts MATCH :q"
            )
            return hits, " AND ".join(f'"{w}"' for w in words)
        hits = (
            "SELECT id AS hit, -ts_rank(to_tsvector('english', text), plainto_tsquery('english', :q)) "
            "AS rank FROM articles WHERE to_tsvector('english', text) @@ plainto_tsquery('english', :q)"
        )
        return hits, " ".join(words)


def _alias_ids(conn: Any, names: Iterable[str]) -> set[int]:
    """The actors (as merged) that any of ``names`` is an alias of."""
    known = alias_map_of(conn)
    return {known[k] for k in (alias_key(n) for n in names) if k in known}


def _lost_race(exc: StorageError) -> bool:
    """Whether a write failed because a concurrent writer stored the same article first
    (or, on PostgreSQL, the two batches waited on each other and this one was picked)."""
    cause = exc.__cause__
    return (
        isinstance(cause, IntegrityError)
        or getattr(getattr(cause, "orig", None), "sqlstate", None) == "40P01"
    )


def _claim_row(m: Any) -> Row:
    row = dict(m)
    row["data"] = json.loads(row["data"])
    return row
