"""Pages of the ledger's lists, cut and counted by the database.

A list (claims, contradictions, sources, actors, articles) is a page: the rows from
``offset`` on, at most ``limit`` of them, in a stated order, and a total counted by
SQL. Nothing here reads a whole table into Python, so one page costs about the same on
a store of 500 articles as on one of 50,000; the orders are served by indexes
(migration 9), and a source's track record is aggregated once, when the ledger is
replaced (:func:`refresh_source_records`), not at every read.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Connection,
    Float,
    Select,
    String,
    Subquery,
    and_,
    case,
    column,
    delete,
    exists,
    func,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.sql.elements import ColumnElement

from claimledger.store import schema
from claimledger.store.database import storage_errors

if TYPE_CHECKING:  # the store calls refresh_source_records; these take it only as an argument
    from claimledger.store.store import Store

Row = dict[str, Any]

#: Where an undated claim sorts: after every dated one (the expression of ix_claims_order).
UNDATED = "9999"


@dataclass(frozen=True)
class ClaimFilter:
    """What a claims page is cut from; every field given must hold.

    ``actors`` holds one entry per actor filter: claims that involve any of its ids in
    any of its roles.
    """

    actors: Sequence[tuple[frozenset[int], tuple[str, ...]]] = field(default_factory=tuple)
    search: str | None = None
    since: str | None = None
    #: Claims first seen on or before this year, month or day (with ``since``: a date range).
    until: str | None = None
    grades: tuple[int, int] | None = None
    ids: frozenset[str] | None = None
    polarity: str | None = None  # "negative": denials only; "positive": assertions only
    #: Claims reported by this outlet (one of its members appeared there), case aside.
    outlet: str | None = None
    #: The order of the page: one of :data:`CLAIM_SORTS` (a search ranks by match first).
    sort: str = "oldest"


#: The orders a claims page can be read in, each ending in the claim id so pages are stable.
CLAIM_SORTS = ("oldest", "recent", "origins", "grade", "reports")


def _search_words(query: str) -> list[str]:
    return [w for w in "".join(ch if ch.isalnum() else " " for ch in query).split() if w]


def claim_order(sort: str = "oldest") -> tuple[Any, ...]:
    """The order of a claims page. "oldest" (first seen first, undated last) walks
    ``ix_claims_order``; "recent" is last seen, newest first; "origins" most independent
    origins first; "grade" most credible first (1 before 6); "reports" most articles first."""
    c = schema.claims
    # a literal, not a bound parameter: the planner matches the index's expression as written
    oldest = (func.coalesce(c.c.first_seen, literal_column(f"'{UNDATED}'")), c.c.id)
    others: dict[str, tuple[Any, ...]] = {
        "recent": (func.coalesce(c.c.last_seen, "").desc(), c.c.id),
        "origins": (c.c.origin_count.desc(), *oldest),
        "grade": (c.c.credibility, c.c.origin_count.desc(), *oldest),
        "reports": (c.c.article_count.desc(), *oldest),
    }
    return others.get(sort, oldest)


def search_hits(store: Store, words: Sequence[str]) -> Subquery:
    """``(claim_id, rank)`` of the claims whose statement holds every word (stemmed:
    "drones" finds "drone"); the lower the rank, the better the match (SQLite's bm25,
    PostgreSQL's ts_rank negated)."""
    if store.dialect == "sqlite":
        match = " AND ".join(f'"{w}"' for w in words)
        found = text(
            "SELECT claim_id, bm25(claims_fts) AS rank FROM claims_fts WHERE claims_fts MATCH :q"
        ).bindparams(q=match)
        return found.columns(column("claim_id", String), column("rank", Float)).subquery("hits")
    c = schema.claims
    tsv = func.to_tsvector(literal_column("'english'"), c.c.search_text)
    tsq = func.plainto_tsquery(literal_column("'english'"), " ".join(words))
    return (
        select(c.c.id.label("claim_id"), (-func.ts_rank(tsv, tsq)).label("rank"))
        .where(tsv.op("@@")(tsq))
        .subquery("hits")
    )


def _claim_where(store: Store, f: ClaimFilter, *, search: bool = True) -> list[ColumnElement[bool]]:
    """The conditions of ``f``; ``search=False`` leaves out the search, for a query that
    joins :func:`search_hits` instead (to rank by it)."""
    c, ca = schema.claims, schema.claim_actors
    where: list[ColumnElement[bool]] = []
    for ids, roles in f.actors:
        involved = select(ca.c.claim_id).where(ca.c.actor_id.in_(sorted(ids)), ca.c.role.in_(list(roles)))
        where.append(c.c.id.in_(involved))
    if f.search is not None and search:
        words = _search_words(f.search)
        if not words:
            where.append(literal_column("1") == 0)
        else:
            where.append(c.c.id.in_(select(search_hits(store, words).c.claim_id)))
    if f.since is not None:
        where.append(func.coalesce(c.c.last_seen, "") >= f.since)
    if f.until is not None:  # "2016-05" holds every day of May: compare as many characters
        first = func.substr(c.c.first_seen, 1, len(f.until))
        where.append(and_(c.c.first_seen.is_not(None), first <= f.until))
    if f.grades is not None:
        where.append(c.c.credibility.between(*f.grades))
    if f.ids is not None:
        where.append(c.c.id.in_(sorted(f.ids)))
    if f.polarity is not None:
        where.append(c.c.polarity == f.polarity)
    if f.outlet is not None:
        m = schema.claim_members
        reported = select(m.c.claim_id).where(func.lower(m.c.outlet) == f.outlet.strip().lower())
        where.append(c.c.id.in_(reported))
    return where


def claim_query(store: Store, f: ClaimFilter, *, limit: int | None, offset: int = 0) -> Select[Any]:
    """The SELECT of a claims page, oldest first (an index walk, then LIMIT and OFFSET);
    with a search, the best match first (then oldest first)."""
    c = schema.claims
    words = _search_words(f.search) if f.search is not None else []
    if not words:
        return _cut(select(c).where(*_claim_where(store, f)).order_by(*claim_order(f.sort)), limit, offset)
    hits = search_hits(store, words)
    query = (
        select(c)
        .select_from(c.join(hits, hits.c.claim_id == c.c.id))
        .where(*_claim_where(store, f, search=False))
        .order_by(hits.c.rank, *claim_order(f.sort))
    )
    return _cut(query, limit, offset)


def claim_page(store: Store, f: ClaimFilter, *, limit: int | None, offset: int = 0) -> list[Row]:
    """One page of claims (whole rows, ``data`` decoded), oldest first; best match first
    when searching."""
    query = claim_query(store, f, limit=limit, offset=offset)
    with storage_errors("cannot read claims"), store.engine.connect() as conn:
        return [_decoded(r._mapping) for r in conn.execute(query)]


def claim_count(store: Store, f: ClaimFilter) -> int:
    c = schema.claims
    query = select(func.count()).select_from(c).where(*_claim_where(store, f))
    with storage_errors("cannot read claims"), store.engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


def claim_reliability(store: Store, ids: Sequence[str]) -> dict[str, tuple[str | None, str | None]]:
    """Claim id -> (the best reliability grade among its origins' actors, among its sources'),
    None where it has no such actor; read now, so a grade the analyst just set counts.

    Read through ``claim_members`` (indexed by claim), in chunks that SQLite's limit on
    bound parameters allows.
    """
    m, a = schema.claim_members, schema.actors
    origin, source = a.alias("origin_actor"), a.alias("source_actor")
    query = (
        select(m.c.claim_id, func.min(origin.c.grade), func.min(source.c.grade))
        .select_from(
            m.outerjoin(origin, origin.c.id == m.c.origin_actor_id).outerjoin(
                source, source.c.id == m.c.source_actor_id
            )
        )
        .group_by(m.c.claim_id)
    )
    wanted = sorted(set(ids))
    out: dict[str, tuple[str | None, str | None]] = {}
    with storage_errors("cannot read claims"), store.engine.connect() as conn:
        for i in range(0, len(wanted), 500):
            for cid, best_origin, best_source in conn.execute(
                query.where(m.c.claim_id.in_(wanted[i : i + 500]))
            ):
                out[str(cid)] = (best_origin, best_source)
    return out


def grade_counts(store: Store) -> dict[int, int]:
    """Credibility grade -> how many claims have it."""
    c = schema.claims
    query = select(c.c.credibility, func.count()).group_by(c.c.credibility)
    with storage_errors("cannot read claims"), store.engine.connect() as conn:
        return {int(g): int(n) for g, n in conn.execute(query)}


def contradiction_page(
    store: Store, *, limit: int | None, offset: int = 0, among: ClaimFilter | None = None
) -> list[Row]:
    """One page of contradictions (a, b, kind, reason), ordered by the first claim's first
    sighting (undated first), then the two ids; with ``among``, those either of whose
    claims it selects."""
    x, c = schema.contradictions, schema.claims
    query = (
        select(x.c.a, x.c.b, x.c.kind, x.c.reason)
        .join(c, c.c.id == x.c.a)
        .order_by(func.coalesce(c.c.first_seen, ""), x.c.a, x.c.b)
    )
    if among is not None:
        selected = select(c.c.id).where(*_claim_where(store, among))
        query = query.where(or_(x.c.a.in_(selected), x.c.b.in_(selected)))
    query = _cut(query, limit, offset)
    with storage_errors("cannot read contradictions"), store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


def contradiction_count(store: Store, among: ClaimFilter | None = None) -> int:
    """How many contradictions :func:`contradiction_page` pages through (with ``among``:
    those either of whose claims it selects)."""
    x, c = schema.contradictions, schema.claims
    query = select(func.count()).select_from(x.join(c, c.c.id == x.c.a))
    if among is not None:
        selected = select(c.c.id).where(*_claim_where(store, among))
        query = query.where(or_(x.c.a.in_(selected), x.c.b.in_(selected)))
    with storage_errors("cannot read contradictions"), store.engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


@dataclass(frozen=True)
class ReportFilter:
    """What a sources or actors page is cut from: actors with reports (claim members they
    are the source or origin of) in articles of an ``outlet`` (case aside) published from
    ``since`` to ``until`` (a year, month or day each; ``until`` holds the whole month of
    "2016-05"); their counts then count only those reports. ``grades``: only actors whose
    reliability grade is in this range of letters (A best)."""

    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    grades: tuple[str, str] | None = None

    @property
    def cuts_reports(self) -> bool:
        return bool(self.outlet or self.since or self.until)


def _member_where(f: ReportFilter | None) -> list[ColumnElement[bool]]:
    """The conditions on ``claim_members`` of ``f``'s outlet and dates (none without them)."""
    m = schema.claim_members
    where: list[ColumnElement[bool]] = []
    if f is None:
        return where
    if f.outlet:
        where.append(func.lower(m.c.outlet) == f.outlet.strip().lower())
    if f.since:
        where.append(and_(m.c.published.is_not(None), m.c.published >= f.since))
    if f.until:
        where.append(and_(m.c.published.is_not(None), func.substr(m.c.published, 1, len(f.until)) <= f.until))
    return where


def _grade_where(f: ReportFilter | None) -> list[ColumnElement[bool]]:
    a = schema.actors
    return [a.c.grade.between(*f.grades)] if f is not None and f.grades is not None else []


#: How a sources page may be ordered.
SOURCE_ORDERS = ("name", "claims")


def _source_rows(actor_ids: Sequence[int] | None, among: ReportFilter | None) -> Select[Any]:
    """Each source's id, name, kind, grade and track record: the stored records, or, when
    ``among`` cuts the reports, records counted from those reports alone."""
    a = schema.actors
    s: Any = (
        _records(actor_ids, _member_where(among)).subquery("records")
        if among is not None and among.cuts_reports
        else schema.source_records.alias("records")
    )
    query = (
        select(
            a.c.id,
            a.c.name,
            a.c.kind,
            a.c.grade,
            s.c.claims,
            s.c.origin_of,
            s.c.corroborated,
            s.c.contradicted,
        )
        .select_from(s.join(a, a.c.id == s.c.actor_id))
        .where(*_grade_where(among))
    )
    if actor_ids is not None:
        query = query.where(s.c.actor_id.in_(list(actor_ids)))
    return query


def source_page(
    store: Store,
    *,
    limit: int | None,
    offset: int = 0,
    order: str = "name",
    actor_ids: Sequence[int] | None = None,
    among: ReportFilter | None = None,
) -> list[Row]:
    """One page of sources with their track record: by name, or most claims first; with
    ``among``, those it selects, counted over the reports it selects."""
    query = _source_rows(actor_ids, among).subquery("sources")
    name = func.lower(query.c.name)
    ordering = (name, query.c.id) if order == "name" else (query.c.claims.desc(), name, query.c.id)
    page = _cut(select(query).order_by(*ordering), limit, offset)
    with storage_errors("cannot read sources"), store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(page)]


def source_count(store: Store, among: ReportFilter | None = None) -> int:
    """How many sources :func:`source_page` pages through: with reports cut, the actors with
    a report selected (a source is the source or origin of one), not their records."""
    s, a = schema.source_records, schema.actors
    if among is None:
        query = select(func.count()).select_from(s)
    elif among.cuts_reports:
        query = select(func.count()).select_from(a).where(*_actor_where(among))
    else:
        query = (
            select(func.count()).select_from(s.join(a, a.c.id == s.c.actor_id)).where(*_grade_where(among))
        )
    with storage_errors("cannot read sources"), store.engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


def refresh_source_records(conn: Connection, actor_ids: Collection[int] | None = None) -> None:
    """Recount every source's track record from the ledger tables, in the caller's transaction
    (``actor_ids``: only these sources' records, after an incremental update).

    A source is an actor that is the source or the origin of a claim member. ``claims``
    counts the claims it is either in; ``origin_of`` those it originated, of which
    ``corroborated`` have two or more independent origins and ``contradicted`` are in a
    contradiction.
    """
    s = schema.source_records
    columns = ["actor_id", "claims", "origin_of", "corroborated", "contradicted"]
    if actor_ids is None:
        conn.execute(delete(s))
        conn.execute(s.insert().from_select(columns, _records(None)))
        return
    wanted = sorted(set(actor_ids))
    for i in range(0, len(wanted), 500):
        chunk = wanted[i : i + 500]
        conn.execute(delete(s).where(s.c.actor_id.in_(chunk)))
        conn.execute(s.insert().from_select(columns, _records(chunk)))


def _records(actor_ids: Sequence[int] | None, members: Sequence[ColumnElement[bool]] = ()) -> Select[Any]:
    """The track records of every source, or of ``actor_ids`` (read through the member
    indexes on source and origin actor, not the whole member table); ``members``: count
    only the claim members that meet these conditions."""
    m, c, x = schema.claim_members, schema.claims, schema.contradictions
    as_source = select(
        m.c.source_actor_id.label("actor_id"), m.c.claim_id, literal_column("0").label("origin")
    )
    as_origin = select(
        m.c.origin_actor_id.label("actor_id"), m.c.claim_id, literal_column("1").label("origin")
    )
    if actor_ids is None:
        as_source = as_source.where(m.c.source_actor_id.is_not(None))
        as_origin = as_origin.where(m.c.origin_actor_id.is_not(None))
    else:
        as_source = as_source.where(m.c.source_actor_id.in_(actor_ids))
        as_origin = as_origin.where(m.c.origin_actor_id.in_(actor_ids))
    roles = as_source.where(*members).union(as_origin.where(*members)).subquery("roles")
    originated = roles.c.origin == 1
    contradicted = exists().where(or_(x.c.a == c.c.id, x.c.b == c.c.id))
    return (
        select(
            roles.c.actor_id,
            func.count(func.distinct(roles.c.claim_id)).label("claims"),
            func.count(func.distinct(case((originated, roles.c.claim_id)))).label("origin_of"),
            func.count(
                func.distinct(case((and_(originated, c.c.origin_count >= 2), roles.c.claim_id)))
            ).label("corroborated"),
            func.count(func.distinct(case((and_(originated, contradicted), roles.c.claim_id)))).label(
                "contradicted"
            ),
        )
        .join(c, c.c.id == roles.c.claim_id)
        .group_by(roles.c.actor_id)
    )


def _actor_where(among: ReportFilter | None) -> list[ColumnElement[bool]]:
    """The actors ``among`` selects: of its grades, with a report it selects."""
    a, m = schema.actors, schema.claim_members
    where = _grade_where(among)
    if among is not None and among.cuts_reports:
        cut = _member_where(among)
        reporting = (
            select(m.c.source_actor_id)
            .where(m.c.source_actor_id.is_not(None), *cut)
            .union(select(m.c.origin_actor_id).where(m.c.origin_actor_id.is_not(None), *cut))
        )
        where.append(a.c.id.in_(reporting))
    return where


def report_counts(conn: Connection, ids: Sequence[int], among: ReportFilter | None = None) -> dict[int, int]:
    """Actor id -> how many reports (claim members) it is the source or origin of, among
    those ``among`` selects; for ``ids`` only (through the member indexes)."""
    m = schema.claim_members
    if not ids:
        return {}
    cut = _member_where(among)
    key = (m.c.claim_id, m.c.article_id, m.c.attribution_id)
    roles = (
        select(m.c.source_actor_id.label("actor_id"), *key)
        .where(m.c.source_actor_id.in_(list(ids)), *cut)
        .union(
            select(m.c.origin_actor_id.label("actor_id"), *key).where(
                m.c.origin_actor_id.in_(list(ids)), *cut
            )
        )
        .subquery("roles")
    )
    query = select(roles.c.actor_id, func.count()).group_by(roles.c.actor_id)
    return {int(i): int(n) for i, n in conn.execute(query)}


def actor_page(
    store: Store, *, limit: int | None, offset: int = 0, among: ReportFilter | None = None
) -> list[Row]:
    """One page of actors by name, each with the alias keys that resolve to it now (its own
    and those of actors merged into it; a key held by several actors is the newest's) and
    its ``reports`` (see :func:`report_counts`); with ``among``, the actors it selects."""
    a = schema.actors
    query = _cut(select(a).where(*_actor_where(among)).order_by(func.lower(a.c.name), a.c.id), limit, offset)
    with storage_errors("cannot read actors"), store.engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(query)]
        merged = conn.execute(select(a.c.id, a.c.merged_into).where(a.c.merged_into.is_not(None)))
        parent = {int(i): int(j) for i, j in merged}
        names: dict[int, str] = {}
        if parent:
            wanted = sorted({r["merged_into"] for r in rows if r["merged_into"]})
            names = {
                int(i): str(n) for i, n in conn.execute(select(a.c.id, a.c.name).where(a.c.id.in_(wanted)))
            }
        aliases = _aliases_of(conn, [r["id"] for r in rows], parent)
        reports = report_counts(conn, [r["id"] for r in rows], among)
    for r in rows:
        r["merged_into_name"] = names.get(r["merged_into"]) if r["merged_into"] else None
        r["aliases"] = sorted(aliases.get(r["id"], ()))
        r["reports"] = reports.get(r["id"], 0)
    return rows


def _aliases_of(conn: Connection, ids: list[int], parent: dict[int, int]) -> dict[int, set[str]]:
    """Actor id -> the active alias keys that resolve to it, for ``ids`` only."""
    aa = schema.actor_aliases

    def root(i: int) -> int:
        seen = set()
        while i in parent and i not in seen:
            seen.add(i)
            i = parent[i]
        return i

    page = set(ids)
    members = sorted(page | {i for i in parent if root(i) in page})
    if not members:
        return {}
    keys = select(aa.c.key).where(aa.c.actor_id.in_(members), aa.c.active.is_(True))
    holders = conn.execute(
        select(aa.c.key, aa.c.actor_id).where(aa.c.key.in_(keys), aa.c.active.is_(True)).order_by(aa.c.id)
    )
    newest = {str(key): int(actor_id) for key, actor_id in holders}
    out: dict[int, set[str]] = {}
    for key, actor_id in newest.items():
        if (r := root(actor_id)) in page:
            out.setdefault(r, set()).add(key)
    return out


def actor_count(store: Store, among: ReportFilter | None = None) -> int:
    query = select(func.count()).select_from(schema.actors).where(*_actor_where(among))
    with storage_errors("cannot read actors"), store.engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


@dataclass(frozen=True)
class ArticleFilter:
    """What an articles page is cut from: an outlet (case aside) and a range of publication
    dates (a year, month or day each; ``until`` holds the whole month of "2016-05")."""

    outlet: str | None = None
    since: str | None = None
    until: str | None = None


def _article_where(f: ArticleFilter | None) -> list[ColumnElement[bool]]:
    a = schema.articles
    where: list[ColumnElement[bool]] = []
    if f is None:
        return where
    if f.outlet:
        where.append(func.lower(a.c.outlet) == f.outlet.strip().lower())
    if f.since:
        where.append(and_(a.c.published.is_not(None), a.c.published >= f.since))
    if f.until:
        where.append(and_(a.c.published.is_not(None), func.substr(a.c.published, 1, len(f.until)) <= f.until))
    return where


def article_page(
    store: Store,
    *,
    limit: int | None,
    offset: int = 0,
    newest_first: bool = False,
    among: ArticleFilter | None = None,
) -> list[Row]:
    """One page of stored articles by publication date (oldest first unless ``newest_first``;
    undated ones last either way), those ``among`` selects."""
    a = schema.articles
    # undated articles last in either order (they sorted first when oldest first)
    published = a.c.published.desc() if newest_first else a.c.published.asc()
    order = (published.nulls_last(), a.c.id.desc() if newest_first else a.c.id)
    query = (
        select(a.c.id, a.c.url, a.c.outlet, a.c.title, a.c.published, a.c.duplicate_of, a.c.input)
        .where(*_article_where(among))
        .order_by(*order)
    )
    query = _cut(query, limit, offset)
    with storage_errors("cannot read articles"), store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


def article_count(store: Store, among: ArticleFilter | None = None) -> int:
    query = select(func.count()).select_from(schema.articles).where(*_article_where(among))
    with storage_errors("cannot read articles"), store.engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


def article_record_page(store: Store, article_id: str, *, limit: int | None, offset: int = 0) -> list[Row]:
    """One page of an article's attributions in text order (where the content starts, then
    the id), each with the claim it joined (``claim_id``, ``claim_credibility``,
    ``claim_polarity``) and the actor its source resolved to (``source_actor_id``: the
    claim member's source, or the speaker of a record in no claim). The article page's
    tables list these a page at a time: a long article had 172 of them (a 327 KB page)."""
    t, m, c, s = schema.attributions, schema.claim_members, schema.claims, schema.speakers
    joined = (
        t.outerjoin(m, and_(m.c.article_id == t.c.article_id, m.c.attribution_id == t.c.id))
        .outerjoin(c, c.c.id == m.c.claim_id)
        .outerjoin(s, and_(s.c.article_id == t.c.article_id, s.c.attribution_id == t.c.id))
    )
    query = (
        select(
            t.c.id,
            t.c.source_text,
            t.c.source_resolved,
            t.c.content_text,
            m.c.claim_id,
            c.c.credibility.label("claim_credibility"),
            c.c.polarity.label("claim_polarity"),
            func.coalesce(m.c.source_actor_id, s.c.actor_id).label("source_actor_id"),
        )
        .select_from(joined)
        .where(t.c.article_id == article_id)
        .order_by(t.c.content_start, t.c.id)
    )
    with storage_errors("cannot read the article"), store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(_cut(query, limit, offset))]


def article_record_count(store: Store, article_id: str) -> int:
    """How many attributions :func:`article_record_page` pages through."""
    t = schema.attributions
    query = select(func.count()).select_from(t).where(t.c.article_id == article_id)
    with storage_errors("cannot read the article"), store.engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


#: The largest row count a query is cut at: a bigger ``--limit`` means "all of them", and
#: SQLite's integers stop at 2**63 - 1.
MAX_ROWS = 2**62


def _cut(query: Select[Any], limit: int | None, offset: int) -> Select[Any]:
    """The query from row ``offset`` on, at most ``limit`` rows of it."""
    query = query.offset(min(max(offset, 0), MAX_ROWS))
    return query if limit is None else query.limit(min(max(limit, 0), MAX_ROWS))


def _decoded(m: Any) -> Row:
    row = dict(m)
    row["data"] = json.loads(row["data"])
    return row
