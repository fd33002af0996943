"""Storing analyzed articles a batch at a time, with the result of storing them one by one.

Why batches: ingest stores every article in its driver process, and a transaction, eight
statements and a near-duplicate lookup per article cost the driver the CPU that the
analysis workers need. A batch is one write transaction with one multi-row INSERT per
table; what needs no lock (MinHash signature, LSH bands, the compressed page) is computed
before the lock is taken.

Why the result is the same: an article stored already, or earlier in the batch, is
skipped; the near-duplicate check of each article looks at the stored originals and at
the batch's earlier originals, merged in the order the store would list them. The one
difference is the clock: a batch has one ``ingested_at``, as articles stored within the
same second have (the candidate order breaks such ties by id in both paths).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, text

from claimledger.analysis.version import extractor_version
from claimledger.models import ArticleAnalysis, Attribution
from claimledger.store import dedup, schema
from claimledger.store.copies import CopyRecord, record_copies
from claimledger.store.pages import EntryRef, PageRecord, insert_pages, mark_entry, page_row
from claimledger.syntax import wires

Row = dict[str, Any]

#: Originals compared with a new article at most (those sharing an LSH band, oldest first).
DUPLICATE_CANDIDATES = 64


@dataclass(frozen=True)
class NewArticle:
    """An analyzed article to store, with what is stored along with it.

    ``input`` names what it was read from (default: the analysis' own ``input``);
    ``page`` is the web page it came from, archived with it; ``entry`` is the feed entry
    it answers, marked done in the same transaction.
    """

    analysis: ArticleAnalysis
    input: str | None = None
    page: PageRecord | None = None
    entry: EntryRef | None = None


@dataclass(frozen=True)
class AddResult:
    """What became of one article: ``added`` is False when it was stored already (before,
    by another writer, or earlier in the same batch); ``duplicate_of`` names the original
    that an article added now is a near-copy of; ``copy`` is True when a text stored
    already came under another URL, outlet or date and was recorded as another copy."""

    article_id: str
    added: bool
    duplicate_of: str | None = None
    copy: bool = False

    @property
    def duplicate(self) -> bool:
        return self.duplicate_of is not None


@dataclass(frozen=True)
class Prepared:
    """A :class:`NewArticle` with what can be computed before the write lock is taken:
    its signature, bands and shingle count, the agency it is a copy of, its page row."""

    article: NewArticle
    sig: list[int]
    bands: list[str]
    page: Row | None
    size: int = 0
    wire: str | None = None

    @property
    def id(self) -> str:
        return self.article.analysis.id


def copy_of(article: NewArticle) -> CopyRecord:
    """Where ``article`` was met, as another copy of its text."""
    analysis = article.analysis
    return CopyRecord.of(analysis.meta, article.input if article.input is not None else analysis.input)


def prepare(batch: Sequence[NewArticle]) -> list[Prepared]:
    out = []
    for item in batch:
        text = item.analysis.text
        shingles = dedup.shingles(text)
        sig = dedup.signature_of(shingles)
        page = page_row(item.page) if item.page is not None else None
        wire = wires.wire_of(item.analysis.meta.wire, text)
        out.append(Prepared(item, sig, dedup.bands(sig), page, len(shingles), wire))
    return out


_a = schema.articles
#: Stored originals sharing a band with an article, in the order they are compared. Only
#: originals: a copy of a copy is a copy of the original, and a story repeated by a
#: thousand outlets must cost one comparison, not a thousand.
_CANDIDATES = (
    select(_a.c.id, _a.c.minhash, _a.c.shingles, _a.c.ingested_at)
    .where(
        _a.c.id.in_(
            select(schema.article_bands.c.article_id).where(
                schema.article_bands.c.band.in_(bindparam("bands", expanding=True))
            )
        ),
        _a.c.duplicate_of.is_(None),
    )
    .order_by(_a.c.ingested_at, _a.c.id)
    .limit(DUPLICATE_CANDIDATES)
)
_FTS = text("INSERT INTO articles_fts(text, article_id) VALUES (:t, :i)")


@dataclass
class _Original:
    """An original compared with later articles: stored (signature decoded on first use) or
    added earlier in this batch; ``size`` is its shingle count (None: stored before sizes
    were kept)."""

    ingested_at: str
    id: str
    minhash: str | None = None
    sig: list[int] | None = None
    size: int | None = None

    def signature(self) -> list[int]:
        if self.sig is None:
            assert self.minhash is not None
            self.sig = dedup.decode(self.minhash)
        return self.sig


@dataclass(frozen=True)
class Match:
    """The original an article is a copy of (None: it is an original), how similar the two
    are and how much of the smaller is contained in the other."""

    duplicate_of: str | None = None
    similarity: float | None = None
    containment: float | None = None


def write_batch(conn: Connection, batch: Sequence[Prepared], *, at: str, fts: bool) -> list[AddResult]:
    """Store ``batch`` in the caller's write transaction, stamped ``at``; one result per article.

    ``fts``: also index the text in SQLite's ``articles_fts``. An article whose text is
    stored already (before, or earlier in the batch) is recorded as another copy of it when
    it comes under another URL, outlet or date (see :func:`record_copies`).
    """
    seen = _stored(conn, [p.id for p in batch])
    stored: dict[str, _Original] = {}  # stored originals met so far, by id
    ours: list[_Original] = []  # originals added by this batch, in order
    our_bands: dict[str, list[int]] = {}  # band -> positions in ``ours``
    results: list[AddResult] = []
    added: list[tuple[Prepared, Match]] = []
    again: list[int] = []  # positions in ``results`` of texts stored already
    for p in batch:
        if p.id in seen:
            again.append(len(results))
            results.append(AddResult(p.id, added=False))
            continue
        seen.add(p.id)
        match = _find_duplicate(conn, p, stored, ours, our_bands)
        added.append((p, match))
        results.append(AddResult(p.id, added=True, duplicate_of=match.duplicate_of))
        if match.duplicate_of is None:
            for band in p.bands:
                our_bands.setdefault(band, []).append(len(ours))
            ours.append(_Original(at, p.id, sig=p.sig, size=p.size))
    if added:
        _insert(conn, added, at=at, fts=fts)
    if again:  # after the insert: a text twice in the batch is a copy of its first
        found = record_copies(conn, [(batch[i].id, copy_of(batch[i].article)) for i in again], at=at)
        for i, status in zip(again, found, strict=True):
            results[i] = AddResult(batch[i].id, added=False, copy=status == "copy")
    for p in batch:
        if p.article.entry is not None:
            mark_entry(conn, p.article.entry, status="done", at=at, article_id=p.id)
    return results


def _stored(conn: Connection, ids: list[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(ids), 500):
        found.update(conn.execute(select(_a.c.id).where(_a.c.id.in_(ids[i : i + 500]))).scalars())
    return found


def _find_duplicate(
    conn: Connection,
    p: Prepared,
    stored: dict[str, _Original],
    ours: list[_Original],
    our_bands: dict[str, list[int]],
) -> Match:
    """The original ``p`` is a near-copy of, as if the batch's earlier articles had been
    committed: they join the stored candidates, in the same order. Of several, the most
    similar (a copy of one and containing all of a shorter other is the first's copy)."""
    candidates = []
    for row in conn.execute(_CANDIDATES, {"bands": p.bands}):
        known = stored.get(row.id)
        if known is None:
            known = _Original(row.ingested_at, row.id, minhash=row.minhash, size=row.shingles)
            stored[row.id] = known
        candidates.append(known)
    mine = {i for band in p.bands for i in our_bands.get(band, ())}
    if mine:
        candidates.extend(ours[i] for i in mine)
        candidates.sort(key=lambda c: (c.ingested_at, c.id))
        del candidates[DUPLICATE_CANDIDATES:]
    best = Match()
    for c in candidates:
        sim = dedup.similarity(p.sig, c.signature())
        contained, smaller = None, None
        if c.size:  # None for an original stored before sizes were kept: similarity decides
            contained, smaller = dedup.containment(sim, p.size, c.size), min(p.size, c.size)
        if dedup.is_copy(sim, contained, smaller) and (best.similarity is None or sim > best.similarity):
            best = Match(c.id, sim, contained)
    return best


def _insert(conn: Connection, added: list[tuple[Prepared, Match]], *, at: str, fts: bool) -> None:
    """One INSERT per table for the whole batch, articles first (the rest reference them)."""
    articles = [_article_row(p, match, at) for p, match in added]
    # In id order: two PostgreSQL writers inserting overlapping batches then wait on the
    # first article they share instead of each holding one that the other needs (a deadlock).
    articles.sort(key=lambda r: r["id"])
    conn.execute(insert(schema.articles), articles)
    analyses = [p.article.analysis for p, _ in added]
    insert_analysis_rows(conn, [(a.id, a) for a in analyses])
    # Only originals are ever candidates, so only their bands are kept: with a copy's bands
    # the lookup read every copy of a story to find its few originals (44 ms an article at
    # 20,000 articles of a few stories, against 1 ms).
    bands = [
        {"band": b, "article_id": p.id} for p, match in added if match.duplicate_of is None for b in p.bands
    ]
    if bands:
        conn.execute(insert(schema.article_bands), bands)
    insert_pages(conn, [(p.id, p.page) for p, _ in added if p.page is not None])
    if fts:
        conn.execute(_FTS, [{"t": a.text, "i": a.id} for a in analyses])


def insert_analysis_rows(conn: Connection, analyses: Sequence[tuple[str, ArticleAnalysis]]) -> None:
    """The attribution, quantity and hedge rows of each (article id, analysis), one INSERT per table."""
    attributions = [_attribution_row(aid, att) for aid, a in analyses for att in a.attributions]
    if attributions:
        conn.execute(insert(schema.attributions), attributions)
    quantities = [
        {
            "article_id": aid,
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
            "counted": q.thing,
            "unit": q.unit,
            "kind": q.kind,
            "frame": q.frame,
            "time_text": q.time,
        }
        for aid, a in analyses
        for q in a.quantities
    ]
    if quantities:
        conn.execute(insert(schema.quantities), quantities)
    hedges = [
        {
            "article_id": aid,
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
        for aid, a in analyses
        for h in a.hedges
    ]
    if hedges:
        conn.execute(insert(schema.hedges), hedges)


def _article_row(p: Prepared, match: Match, at: str) -> Row:
    analysis, meta = p.article.analysis, p.article.analysis.meta
    return {
        "id": analysis.id,
        "url": meta.url,
        "outlet": meta.outlet,
        "title": meta.title,
        "author": meta.author,
        "published": meta.published,
        "published_text": meta.published_text,
        "input": p.article.input if p.article.input is not None else analysis.input,
        "text": analysis.text,
        "extractor": extractor_version(),
        "ingested_at": at,
        "minhash": dedup.encode(p.sig),
        "duplicate_of": match.duplicate_of,
        "similarity": match.similarity,
        "containment": match.containment,
        "wire": p.wire,
        "shingles": p.size,
    }


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


def _attribution_row(article_id: str, att: Attribution) -> Row:
    certainty, polarity = _holder_view(att)
    return {
        "article_id": article_id,
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
