"""Registered schema migrations, applied once each and recorded in ``claimledger_schema``.

Like sqlite-utils' ``Migrations``: a migration is a decorated function, its number is
its order, and a store whose recorded version is higher than the highest one we know
was written by a newer claimledger and is refused rather than corrupted.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Connection, bindparam, delete, func, inspect, select, text, update

from claimledger.errors import SchemaVersionError
from claimledger.store import dates, listing, pageurls, schema
from claimledger.syntax import wires

Migration = Callable[[Connection], None]
MIGRATIONS: dict[int, tuple[str, Migration]] = {}


def migration(version: int, name: str) -> Callable[[Migration], Migration]:
    """Register ``fn`` as the step that brings the schema to ``version``."""

    def register(fn: Migration) -> Migration:
        if version in MIGRATIONS:
            raise ValueError(f"migration {version} registered twice")
        MIGRATIONS[version] = (name, fn)
        return fn

    return register


def latest() -> int:
    return max(MIGRATIONS)


def current_version(conn: Connection) -> int:
    """The version recorded in the store, 0 for an empty database."""
    if not inspect(conn).has_table(schema.schema_version.name):
        return 0
    found = conn.execute(select(schema.schema_version.c.version)).scalars().all()
    return max(found, default=0)


def check_version(version: int) -> None:
    """Refuse a store written by a newer claimledger rather than misread or corrupt it."""
    if version > latest():
        raise SchemaVersionError(
            f"database schema version {version} is newer than this claimledger understands "
            f"(up to {latest()}); upgrade claimledger"
        )


def migrate(conn: Connection) -> list[int]:
    """Apply every migration the store lacks, in order, in the caller's transaction."""
    version = current_version(conn)
    check_version(version)
    if version == 0:
        schema.schema_version.create(conn, checkfirst=True)
    applied = []
    for number in sorted(n for n in MIGRATIONS if n > version):
        name, fn = MIGRATIONS[number]
        fn(conn)
        conn.execute(
            schema.schema_version.insert().values(
                version=number, name=name, applied_at=datetime.now(UTC).isoformat(timespec="seconds")
            )
        )
        applied.append(number)
    return applied


@migration(1, "articles, analysis, actors, ledger, full-text search")
def _v1(conn: Connection) -> None:
    for table in schema.V1_TABLES:
        table.create(conn, checkfirst=True)
    if conn.dialect.name == "sqlite":
        conn.execute(
            text("CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(text, article_id UNINDEXED)")
        )
        conn.execute(
            text("CREATE VIRTUAL TABLE IF NOT EXISTS claims_fts USING fts5(text, claim_id UNINDEXED)")
        )
    else:
        conn.execute(
            text(
                "CREATE INDEX IF NOT EXISTS ix_articles_fts ON articles "
                "USING gin (to_tsvector('english', text))"
            )
        )
        conn.execute(
            text(
                "CREATE INDEX IF NOT EXISTS ix_claims_fts ON claims "
                "USING gin (to_tsvector('english', search_text))"
            )
        )


@migration(2, "ledger_state: what the ledger was built from")
def _v2(conn: Connection) -> None:
    schema.ledger_state.create(conn, checkfirst=True)


@migration(3, "pages (raw archive, versions), feeds and feed entries")
def _v3(conn: Connection) -> None:
    for table in (schema.pages, schema.feeds, schema.feed_entries):
        table.create(conn, checkfirst=True)


@migration(4, "estimates.place: where a figure is, so estimates group by thing and place")
def _v4(conn: Connection) -> None:
    columns = {c["name"] for c in inspect(conn).get_columns(schema.estimates.name)}
    if "place" not in columns:
        conn.execute(text("ALTER TABLE estimates ADD COLUMN place TEXT"))


@migration(5, "indexes for one article's or one claim's ledger rows (pages stay fast on big stores)")
def _v5(conn: Connection) -> None:
    for table, name in (
        (schema.claim_members, "ix_claim_members_article"),
        (schema.contradictions, "ix_contradictions_a"),
        (schema.contradictions, "ix_contradictions_b"),
    ):
        next(i for i in table.indexes if i.name == name).create(conn, checkfirst=True)


@migration(6, "LSH bands of originals only (a copy is never a near-duplicate candidate)")
def _v6(conn: Connection) -> None:
    conn.execute(
        text(
            "DELETE FROM article_bands WHERE article_id IN "
            "(SELECT id FROM articles WHERE duplicate_of IS NOT NULL)"
        )
    )


@migration(7, "copies: articles.wire, shingles, containment; article_copies (a text met again elsewhere)")
def _v7(conn: Connection) -> None:
    columns = {c["name"] for c in inspect(conn).get_columns(schema.articles.name)}
    for name, kind in (("wire", "VARCHAR(300)"), ("shingles", "INTEGER"), ("containment", "FLOAT")):
        if name not in columns:
            conn.execute(text(f"ALTER TABLE articles ADD COLUMN {name} {kind}"))
    schema.article_copies.create(conn, checkfirst=True)
    _backfill_wire(conn)


@migration(8, "figures: what a quantity counts (counted, unit, kind, frame, time); estimates by kind and day")
def _v8(conn: Connection) -> None:
    added = {
        schema.quantities.name: (
            ("counted", "TEXT"),
            ("unit", "TEXT"),
            ("kind", "VARCHAR(20)"),
            ("frame", "VARCHAR(20)"),
            ("time_text", "TEXT"),
        ),
        schema.estimates.name: (
            ("unit", "TEXT"),
            ("kind", "VARCHAR(20)"),
            ("time_text", "TEXT"),
            ("day", "VARCHAR(10)"),
            ("thing_key", "TEXT"),
        ),
    }
    for table, cols in added.items():
        columns = {c["name"] for c in inspect(conn).get_columns(table)}
        for name, kind in cols:
            if name not in columns:
                conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {name} {kind}"))


@migration(9, "lists paged by the database: claim and article order indexes, source_records")
def _v9(conn: Connection) -> None:
    # the order of ``listing.claim_order``, as an expression index both backends read; the
    # grade rides along, so a page of one grade walks the index and reads matching rows only
    conn.execute(
        text(
            "CREATE INDEX IF NOT EXISTS ix_claims_order ON claims "
            f"((COALESCE(first_seen, '{listing.UNDATED}')), id, credibility)"
        )
    )
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_articles_published ON articles (published, id)"))
    schema.source_records.create(conn, checkfirst=True)
    listing.refresh_source_records(conn)


@migration(11, "pages: claimed canonical URL and site name, kept apart from where a page was fetched")
def _v11(conn: Connection) -> None:
    columns = {c["name"] for c in inspect(conn).get_columns(schema.pages.name)}
    for name in ("claimed_canonical_url", "claimed_site_name"):
        if name not in columns:
            conn.execute(text(f"ALTER TABLE pages ADD COLUMN {name} TEXT"))
    _unchain_other_hosts(conn)


def _unchain_other_hosts(conn: Connection) -> None:
    """Pages stored before provenance came from the fetched host: one whose canonical URL (as
    the page claimed it) is on another host is keyed by its own URL again, its claim kept,
    and no longer a version of a page from another host."""
    p = schema.pages
    rows = conn.execute(select(p.c.article_id, p.c.final_url, p.c.canonical_url, p.c.previous_id)).all()
    final = {r.article_id: r.final_url for r in rows}
    for r in rows:
        values: dict[str, object] = {}
        if not pageurls.same_site(r.canonical_url, r.final_url):
            values.update(claimed_canonical_url=r.canonical_url, canonical_url=pageurls.own_key(r.final_url))
        if r.previous_id in final and not pageurls.same_site(final[r.previous_id], r.final_url):
            values.update(previous_id=None, version=1)
        if values:
            conn.execute(update(p).where(p.c.article_id == r.article_id).values(**values))


def _backfill_wire(conn: Connection) -> None:
    """The agency of every stored article whose dateline names one, read from the first
    characters of its text (the whole text is not needed). Shingle counts are not
    backfilled: that would re-read every text; such an article is compared by similarity."""
    a = schema.articles
    head = func.substr(a.c.text, 1, 2000)
    found = [
        {"i": row.id, "w": wire}
        for row in conn.execute(select(a.c.id, head.label("head")).where(a.c.wire.is_(None)))
        if (wire := wires.from_dateline(row.head))
    ]
    stmt = update(a).where(a.c.id == bindparam("i")).values(wire=bindparam("w"))
    for i in range(0, len(found), 1000):
        conn.execute(stmt, found[i : i + 1000])


@migration(
    10,
    "articles.published as an ISO date, the date as written kept in published_text; "
    "full-text search with stemming (SQLite: FTS5 porter tokenizer)",
)
def _v10(conn: Connection) -> None:
    columns = {c["name"] for c in inspect(conn).get_columns(schema.articles.name)}
    if "published_text" not in columns:
        conn.execute(text("ALTER TABLE articles ADD COLUMN published_text TEXT"))
    _backfill_dates(conn)
    if conn.dialect.name == "sqlite":
        _stemmed_fts(conn)


#: Words reduced to their stem ("drones" finds "drone", "said" stays "said"), in any script;
#: PostgreSQL's ``to_tsvector('english', ...)`` stems already.
FTS_TOKENIZER = "porter unicode61"


def _stemmed_fts(conn: Connection) -> None:
    """SQLite's search tables again, with a stemming tokenizer, filled from what they index
    (an FTS5 table's tokenizer is fixed when it is created)."""
    for table, key, source in (
        ("articles_fts", "article_id", "SELECT text, id FROM articles"),
        ("claims_fts", "claim_id", "SELECT search_text, id FROM claims"),
    ):
        conn.execute(text(f"DROP TABLE IF EXISTS {table}"))
        conn.execute(
            text(
                f"CREATE VIRTUAL TABLE {table} USING fts5(text, {key} UNINDEXED, tokenize='{FTS_TOKENIZER}')"
            )
        )
        conn.execute(text(f"INSERT INTO {table}(text, {key}) {source}"))  # noqa: S608 - fixed SQL


def _backfill_dates(conn: Connection) -> None:
    """Every stored date kept as written in ``published_text``, and ``published`` read as a
    date: ISO where it is one, null where it is not (relative, impossible), so the list of
    articles sorts by date, not by text. The ledger's claims keep their dates until rebuilt."""
    a = schema.articles
    rows = conn.execute(
        select(a.c.id, a.c.published).where(a.c.published.is_not(None), a.c.published_text.is_(None))
    ).all()
    found = [{"i": r.id, "p": dates.iso_or_none(r.published), "t": r.published} for r in rows]
    stmt = (
        update(a)
        .where(a.c.id == bindparam("i"))
        .values(published=bindparam("p"), published_text=bindparam("t"))
    )
    for i in range(0, len(found), 1000):
        conn.execute(stmt, found[i : i + 1000])


@migration(12, "speakers: the actor of a record in no claim (a question put to someone)")
def _v12(conn: Connection) -> None:
    schema.speakers.create(conn, checkfirst=True)


@migration(13, "ledger index for incremental updates: member words, figure blocks, common words")
def _v13(conn: Connection) -> None:
    for table in schema.LEDGER_INDEX_TABLES:
        table.create(conn, checkfirst=True)
    for name, on, column in (
        ("ix_claim_members_origin", "claim_members", "origin_actor_id"),
        ("ix_claim_actors_claim", "claim_actors", "claim_id"),
        ("ix_estimates_claim", "estimates", "claim_id"),
    ):
        conn.execute(text(f"CREATE INDEX IF NOT EXISTS {name} ON {on} ({column})"))
    # the index is empty until the next full rebuild: mark the ledger for one
    conn.execute(delete(schema.ledger_state).where(schema.ledger_state.c.key == "version"))


@migration(14, "ledger index: name words of sources and channels; covering indexes of member words")
def _v14(conn: Connection) -> None:
    schema.ledger_names.create(conn, checkfirst=True)
    for name in ("ix_ledger_tokens_token", "ix_ledger_tokens_article"):
        conn.execute(text(f"DROP INDEX IF EXISTS {name}"))
    for index in schema.ledger_tokens.indexes:
        index.create(conn, checkfirst=True)
    # empty until the next full rebuild: mark the ledger for one
    conn.execute(delete(schema.ledger_state).where(schema.ledger_state.c.key == "version"))
