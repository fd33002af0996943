"""The store: one small class with verb methods over SQLite or PostgreSQL.

Modelled on sqlite-utils' ``Database``: ``Store.open(db)`` migrates on open, verbs
(``add_analysis``, ``articles``, ``replace_ledger``) each run in their own transaction,
and ``store.actors`` offers get-or-create ``lookup``. One article is one transaction,
so a killed ingest leaves whole articles only and a rerun skips what is stored.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from claimledger.errors import StorageError
from claimledger.models import ArticleAnalysis, Attribution
from claimledger.store import dedup, migrations, schema
from claimledger.store.actors import Actors
from claimledger.store.engine import make_engine, redact, resolve_url, storage_errors, writing
from claimledger.store.pages import FeedState, PageRecord, Pages, insert_page

Row = dict[str, Any]


#: Originals compared with a new article at most (those sharing an LSH band, oldest first).
DUPLICATE_CANDIDATES = 64

#: PostgreSQL advisory lock key held while the ledger tables are replaced.
LEDGER_LOCK = 0x0C1A1D


def _in_text_order(table: Any, start: str) -> tuple[Any, ...]:
    """Article, then position in its text: the ledger must not depend on physical row order,
    which differs between a run that was interrupted and one that was not (and on PostgreSQL)."""
    return (table.c.article_id, table.c[start], table.c.id)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """A claimledger database; open it with :meth:`Store.open`."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url
        self.actors = Actors(engine)
        self.pages = Pages(engine)
        self.feeds = FeedState(engine)

    @classmethod
    def open(cls, db: str | None = None) -> Store:
        """Open (creating and migrating if needed) the store at ``db``, a path or URL."""
        url = resolve_url(db)
        engine = make_engine(url)
        try:
            with storage_errors(f"cannot migrate {redact(url)}"), writing(engine) as conn:
                migrations.migrate(conn)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, url)

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
        sig = dedup.signature(analysis.text)
        bands = dedup.bands(sig)
        try:
            with storage_errors(f"cannot store article {analysis.id}"):
                return self._add_analysis(analysis, input=input, page=page, sig=sig, bands=bands)
        except StorageError as exc:
            # Two writers storing the same article at once (PostgreSQL runs them in
            # parallel): the loser's insert breaks the primary key; the article is stored.
            if isinstance(exc.__cause__, IntegrityError) and self.has_article(analysis.id):
                return False
            raise

    def _add_analysis(
        self,
        analysis: ArticleAnalysis,
        *,
        input: str | None,
        page: PageRecord | None,
        sig: list[int],
        bands: list[str],
    ) -> bool:
        with writing(self.engine) as conn:
            if conn.execute(select(schema.articles.c.id).where(schema.articles.c.id == analysis.id)).first():
                return False
            duplicate_of, sim = self._find_duplicate(conn, sig, bands)
            _insert_analysis(conn, analysis, input=input, sig=sig, duplicate_of=duplicate_of, similarity=sim)
            conn.execute(
                insert(schema.article_bands), [{"band": b, "article_id": analysis.id} for b in bands]
            )
            if page is not None:
                insert_page(conn, analysis.id, page)
            if self.dialect == "sqlite":
                conn.execute(
                    text("INSERT INTO articles_fts(text, article_id) VALUES (:t, :i)"),
                    {"t": analysis.text, "i": analysis.id},
                )
        return True

    def _find_duplicate(
        self, conn: Connection, sig: list[int], bands: list[str]
    ) -> tuple[str | None, float | None]:
        a = schema.articles
        # Only originals are candidates: a copy of a copy is a copy of the original, and a
        # story repeated by a thousand outlets must cost one comparison, not a thousand.
        candidates = (
            select(a.c.id, a.c.minhash, a.c.duplicate_of)
            .where(
                a.c.id.in_(
                    select(schema.article_bands.c.article_id).where(schema.article_bands.c.band.in_(bands))
                ),
                a.c.duplicate_of.is_(None),
            )
            .order_by(a.c.ingested_at, a.c.id)
            .limit(DUPLICATE_CANDIDATES)
        )
        best: tuple[str | None, float | None] = (None, None)
        for row in conn.execute(candidates):
            sim = dedup.similarity(sig, dedup.decode(row.minhash))
            if sim >= dedup.DUPLICATE_THRESHOLD and (best[1] is None or sim > best[1]):
                best = (row.duplicate_of or row.id, sim)
        return best

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

    def article_meta(self) -> dict[str, Row]:
        """id -> outlet, published, duplicate_of, for the ledger."""
        a = schema.articles
        with storage_errors("cannot read articles"), self.engine.connect() as conn:
            rows = conn.execute(
                select(a.c.id, a.c.outlet, a.c.published, a.c.duplicate_of, a.c.url, a.c.title).order_by(
                    a.c.id
                )
            )
            return {r.id: dict(r._mapping) for r in rows}

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

    # -- the ledger (rebuilt as a whole, in one transaction) --------------------------------

    def replace_ledger(
        self,
        claims: Sequence[Row],
        members: Sequence[Row],
        claim_actors: Sequence[Row],
        contradictions: Sequence[Row],
        estimates: Sequence[Row],
        articles: int | None = None,
    ) -> None:
        """Swap in a freshly built ledger; readers see the old one until commit.

        ``articles`` is how many articles the ledger was built from: an article stored
        by another process during the build leaves the ledger marked stale, so the
        next ingest rebuilds it.
        """
        with storage_errors("cannot write the ledger"), writing(self.engine) as conn:
            if self.dialect == "postgresql":
                # Two rebuilds at once (two ingests into one server) take turns: the
                # second deletes what the first wrote instead of colliding with it.
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LEDGER_LOCK})
            for table in (schema.contradictions, schema.claim_actors, schema.claim_members, schema.estimates):
                conn.execute(delete(table))
            conn.execute(delete(schema.claims))
            if self.dialect == "sqlite":
                conn.execute(text("DELETE FROM claims_fts"))
            for table, rows in (
                (schema.claims, claims),
                (schema.claim_members, members),
                (schema.claim_actors, claim_actors),
                (schema.contradictions, contradictions),
                (schema.estimates, estimates),
            ):
                for i in range(0, len(rows), 1000):
                    conn.execute(insert(table), list(rows[i : i + 1000]))
            if self.dialect == "sqlite" and claims:
                conn.execute(
                    text("INSERT INTO claims_fts(text, claim_id) VALUES (:t, :i)"),
                    [{"t": c["search_text"], "i": c["id"]} for c in claims],
                )
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

    def claim_members(self, claim_id: str | None = None) -> list[Row]:
        m = schema.claim_members
        query = select(m) if claim_id is None else select(m).where(m.c.claim_id == claim_id)
        with storage_errors("cannot read claims"), self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def claim_ids_for_actors(self, actor_ids: Iterable[int], roles: Sequence[str]) -> set[str]:
        ca = schema.claim_actors
        ids = list(actor_ids)
        with storage_errors("cannot read claims"), self.engine.connect() as conn:
            rows = conn.execute(
                select(ca.c.claim_id).where(ca.c.actor_id.in_(ids), ca.c.role.in_(list(roles)))
            )
            return set(rows.scalars())

    def estimate_rows(self, head: str | None = None) -> list[Row]:
        e = schema.estimates
        query = select(e) if head is None else select(e).where(e.c.thing_head == head)
        with storage_errors("cannot read estimates"), self.engine.connect() as conn:
            rows = conn.execute(query.order_by(e.c.published, e.c.article_id, e.c.start))
            return [dict(r._mapping) for r in rows]

    def contradiction_rows(self) -> list[Row]:
        with storage_errors("cannot read contradictions"), self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(select(schema.contradictions))]

    def search_claims(self, query: str) -> set[str]:
        """Claim ids whose statements match ``query`` (full-text, every word must match)."""
        words = [w for w in "".join(ch if ch.isalnum() else " " for ch in query).split() if w]
        if not words:
            return set()
        with storage_errors("cannot search claims"), self.engine.connect() as conn:
            if self.dialect == "sqlite":
                match = " AND ".join(f'"{w}"' for w in words)
                rows = conn.execute(
                    text("SELECT claim_id FROM claims_fts WHERE claims_fts MATCH :q"), {"q": match}
                )
            else:
                rows = conn.execute(
                    text(
                        "SELECT id FROM claims WHERE to_tsvector('english', search_text) "
                        "@@ plainto_tsquery('english', :q)"
                    ),
                    {"q": " ".join(words)},
                )
            return {str(r[0]) for r in rows}

    def search_articles(self, query: str) -> set[str]:
        words = [w for w in "".join(ch if ch.isalnum() else " " for ch in query).split() if w]
        if not words:
            return set()
        with storage_errors("cannot search articles"), self.engine.connect() as conn:
            if self.dialect == "sqlite":
                match = " AND ".join(f'"{w}"' for w in words)
                rows = conn.execute(
                    text("SELECT article_id FROM articles_fts WHERE articles_fts MATCH :q"), {"q": match}
                )
            else:
                rows = conn.execute(
                    text(
                        "SELECT id FROM articles WHERE to_tsvector('english', text) "
                        "@@ plainto_tsquery('english', :q)"
                    ),
                    {"q": " ".join(words)},
                )
            return {str(r[0]) for r in rows}


def _claim_row(m: Any) -> Row:
    row = dict(m)
    row["data"] = json.loads(row["data"])
    return row


def _span(prefix: str, span: Any) -> Row:
    if span is None:
        return {f"{prefix}_text": None, f"{prefix}_start": None, f"{prefix}_end": None}
    return {f"{prefix}_text": span.text, f"{prefix}_start": span.start, f"{prefix}_end": span.end}


def _holder_view(att: Attribution) -> tuple[str, str]:
    """Certainty and polarity as the outlet (the last holder in the chain) reports them."""
    if not att.factuality:
        return "unknown", "unknown"
    f = att.factuality[-1]
    return f.certainty, f.polarity


def _insert_analysis(
    conn: Connection,
    analysis: ArticleAnalysis,
    *,
    input: str | None,
    sig: list[int],
    duplicate_of: str | None,
    similarity: float | None,
) -> None:
    meta = analysis.meta
    extractors = sorted({a.extractor for a in analysis.attributions}) or ["attribution.v1"]
    conn.execute(
        insert(schema.articles).values(
            id=analysis.id,
            url=meta.url,
            outlet=meta.outlet,
            title=meta.title,
            author=meta.author,
            published=meta.published,
            input=input if input is not None else analysis.input,
            text=analysis.text,
            extractor=",".join(extractors),
            ingested_at=now(),
            minhash=dedup.encode(sig),
            duplicate_of=duplicate_of,
            similarity=similarity,
        )
    )
    if analysis.attributions:
        rows = []
        for att in analysis.attributions:
            certainty, polarity = _holder_view(att)
            rows.append(
                {
                    "article_id": analysis.id,
                    "id": att.id,
                    **_span("source", att.source),
                    "source_resolved": att.source_resolved,
                    "source_type": att.source_type,
                    **_span("cue", att.cue),
                    **_span("channel", att.channel),
                    **_span("content", att.content),
                    "quote_type": att.quote_type,
                    "certainty": certainty,
                    "polarity": polarity,
                    "factuality": json.dumps([f.to_dict() for f in att.factuality]),
                    "hedge_ids": json.dumps(list(att.hedge_ids)),
                    "quantity_ids": json.dumps(list(att.quantity_ids)),
                    "extractor": att.extractor,
                }
            )
        conn.execute(insert(schema.attributions), rows)
    if analysis.quantities:
        conn.execute(
            insert(schema.quantities),
            [
                {
                    "article_id": analysis.id,
                    "id": q.id,
                    "attribution_id": q.attribution_id,
                    "text": q.span.text,
                    "start": q.span.start,
                    "end": q.span.end,
                    "value": q.value,
                    "low": q.low,
                    "high": q.high,
                    "qualifier": q.qualifier,
                    "thing": q.unit_or_thing,
                    "number_text": q.number_text,
                    "extractor": "quantities.v1",
                }
                for q in analysis.quantities
            ],
        )
    if analysis.hedges:
        conn.execute(
            insert(schema.hedges),
            [
                {
                    "article_id": analysis.id,
                    "id": h.id,
                    "kind": h.kind,
                    "text": h.span.text,
                    "start": h.span.start,
                    "end": h.span.end,
                    "scope_start": h.scope.start,
                    "scope_end": h.scope.end,
                    "lemma": h.lemma,
                    "extractor": "hedges.v1",
                }
                for h in analysis.hedges
            ],
        )
