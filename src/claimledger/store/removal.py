"""Removing one article and every row that came out of it, in the caller's transaction.

What an article leaves behind elsewhere is mended rather than left dangling: its
near-duplicate copies get a new original (the oldest of them, with its LSH bands, the
others re-pointed to it when they are still copies of it), the next version of its web
page links to the version before it, and a feed entry that brought it stays done (so
``watch`` does not fetch it again) without pointing at it. The ledger is derived data:
it is marked stale here and rebuilt by the caller.
"""

from __future__ import annotations

from sqlalchemy import Connection, delete, select, text, update

from claimledger.store import dedup, schema


def remove_article(conn: Connection, article_id: str, *, fts: bool) -> None:
    """Delete ``article_id`` and its analysis rows, bands, page, copies and search entry."""
    a = schema.articles
    _promote_copies(conn, article_id)
    _relink_versions(conn, article_id)
    fe = schema.feed_entries
    conn.execute(update(fe).where(fe.c.article_id == article_id).values(article_id=None))
    for table in (
        schema.attributions,
        schema.quantities,
        schema.hedges,
        schema.article_bands,
        schema.pages,
        schema.article_copies,
    ):
        conn.execute(delete(table).where(table.c.article_id == article_id))
    if fts:
        conn.execute(text("DELETE FROM articles_fts WHERE article_id = :i"), {"i": article_id})
    conn.execute(delete(a).where(a.c.id == article_id))
    # the ledger still holds the article's reports until it is rebuilt: say it is stale
    conn.execute(delete(schema.ledger_state).where(schema.ledger_state.c.key == "articles"))


def _promote_copies(conn: Connection, article_id: str) -> None:
    """The oldest copy of ``article_id`` becomes an original; the other copies become its
    copies if they are (by the stored signatures), else originals too."""
    a = schema.articles
    copies = list(
        conn.execute(
            select(a.c.id, a.c.minhash, a.c.shingles)
            .where(a.c.duplicate_of == article_id)
            .order_by(a.c.ingested_at, a.c.id)
        )
    )
    if not copies:
        return
    first = copies[0]
    first_sig = dedup.decode(first.minhash)
    originals = [first]
    for c in copies[1:]:
        sig = dedup.decode(c.minhash)
        sim = dedup.similarity(sig, first_sig)
        contained, smaller = None, None
        if c.shingles and first.shingles:
            contained = dedup.containment(sim, c.shingles, first.shingles)
            smaller = min(c.shingles, first.shingles)
        if dedup.is_copy(sim, contained, smaller):
            conn.execute(
                update(a)
                .where(a.c.id == c.id)
                .values(duplicate_of=first.id, similarity=sim, containment=contained)
            )
        else:
            originals.append(c)
    for o in originals:
        conn.execute(
            update(a).where(a.c.id == o.id).values(duplicate_of=None, similarity=None, containment=None)
        )
        bands = dedup.bands(dedup.decode(o.minhash))
        conn.execute(schema.article_bands.insert(), [{"band": b, "article_id": o.id} for b in bands])


def _relink_versions(conn: Connection, article_id: str) -> None:
    """The next version of the article's page now follows the one before it, and every
    later version's number drops by one."""
    p = schema.pages
    mine = conn.execute(select(p.c.previous_id).where(p.c.article_id == article_id)).first()
    if mine is None:
        return
    later = set(conn.execute(select(p.c.article_id).where(p.c.previous_id == article_id)).scalars())
    conn.execute(update(p).where(p.c.previous_id == article_id).values(previous_id=mine.previous_id))
    seen: set[str] = {article_id}
    while later - seen:
        later -= seen
        seen |= later
        wanted = sorted(later)
        conn.execute(update(p).where(p.c.article_id.in_(wanted)).values(version=p.c.version - 1))
        later = set(conn.execute(select(p.c.article_id).where(p.c.previous_id.in_(wanted))).scalars())
