"""The slice of the ledger an export writes: claims with their reports, articles, sources.

Every exporter reads one :class:`Snapshot`, so ``--story`` means the same thing in all
formats: the claims by or about the named actors (as ``claimledger story`` picks them),
the articles they came from, and the actors behind them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from claimledger.ledger import queries
from claimledger.store import Store, schema
from claimledger.store.database import storage_errors

Row = dict[str, Any]


@dataclass(frozen=True)
class Snapshot:
    claims: list[Row]  # claim dicts, plus "reasons" and "reports"
    articles: dict[str, Row]  # id -> url, outlet, title, published, duplicate_of
    actors: dict[int, Row]  # id -> name, kind, grade, country
    sources: list[Row]  # queries.list_sources rows (track record)
    contradictions: list[Row]
    attributions: list[Row]  # the claim members' attribution rows, with article text offsets

    def denied(self) -> dict[str, list[Row]]:
        """Denial claim id -> the claims it denies (the other side of each of its ``denial``
        contradictions), so that an export can say who asserted what the denier rejects."""
        out: dict[str, list[Row]] = defaultdict(list)
        for x in self.contradictions:
            if x["kind"] != "denial":
                continue
            for neg, pos in ((x["a"], x["b"]), (x["b"], x["a"])):
                if neg["polarity"] == "negative" and pos["polarity"] != "negative":
                    out[neg["id"]].append(pos)
        return dict(out)


def denial_sentence(c: Row) -> str:
    """A denial as a sentence with its subject: 'Iranian foreign ministry denies "..."'.

    The claim's text is the proposition rejected; an export that printed it alone, with
    the denier as author, would have the denier assert it.
    """
    deniers = c["origins"]
    if not deniers:
        return f'denied: "{c["text"]}"'
    verb = "deny" if len(deniers) > 1 else "denies"
    return f'{", ".join(deniers)} {verb} "{c["text"]}"'


def collect(store: Store, story: list[str] | None = None) -> Snapshot:
    """Read everything an export needs in a handful of queries."""
    among = queries.actor_claims_filter(*queries.actor_ids(store, story)) if story else None
    claims = queries.list_claims_where(store, among) if among else queries.list_claims(store)
    raw = {r["id"]: r for r in store.claims()}
    ids = {c["id"] for c in claims}
    meta = store.article_meta()
    members: dict[str, list[Row]] = defaultdict(list)
    for m in store.claim_members():
        if m["claim_id"] in ids:
            members[m["claim_id"]].append(m)
    for c in claims:
        c["reasons"] = raw[c["id"]]["data"]["reasons"]
        c["reports"] = sorted(members[c["id"]], key=lambda m: (m["published"] or "", m["article_id"]))
    article_ids = {m["article_id"] for ms in members.values() for m in ms}
    actor_ids = {
        a for ms in members.values() for m in ms for a in (m["source_actor_id"], m["origin_actor_id"]) if a
    }
    actors = {i: a for i, a in store.actors.all().items() if i in actor_ids}
    return Snapshot(
        claims=claims,
        articles={i: meta[i] for i in sorted(article_ids) if i in meta},
        actors=actors,
        sources=[s for s in queries.list_sources(store) if s["id"] in actor_ids],
        contradictions=queries.list_contradictions(store, among=among),
        attributions=_attributions(store, members),
    )


def _attributions(store: Store, members: dict[str, list[Row]]) -> list[Row]:
    """Each member's attribution with the article text around it (for quote selectors)."""
    wanted = {(m["article_id"], m["attribution_id"]): cid for cid, ms in members.items() for m in ms}
    if not wanted:
        return []
    at, ar = schema.attributions, schema.articles
    query = select(
        at.c.article_id,
        at.c.id,
        at.c.content_text,
        at.c.content_start,
        at.c.content_end,
        at.c.source_text,
        at.c.source_resolved,
        at.c.cue_text,
        at.c.channel_text,
        at.c.factuality,
        ar.c.text.label("article_text"),
        ar.c.url,
    ).join(ar, ar.c.id == at.c.article_id)
    out = []
    with storage_errors("cannot read attributions"), store.engine.connect() as conn:
        for article_id in sorted({a for a, _ in wanted}):
            for r in conn.execute(query.where(at.c.article_id == article_id)):
                key = (r.article_id, r.id)
                if key in wanted:
                    out.append({**dict(r._mapping), "claim_id": wanted[key]})
    return out
