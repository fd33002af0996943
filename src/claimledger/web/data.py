"""What each page shows, as plain dicts: the one source for the HTML page and its JSON twin.

These read through ``claimledger.ledger.queries`` and the Store's public methods; the few
reads those lack (one article with its analysis rows, one actor with its claims) use
SQLAlchemy Core against the store's tables, read-only.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import select

from claimledger.errors import InputError, NotFound
from claimledger.ledger import estimates as est
from claimledger.ledger import queries
from claimledger.ledger.grading import CREDIBILITY, RELIABILITY
from claimledger.ledger.text import thing_key
from claimledger.models import (
    ArticleAnalysis,
    ArticleMeta,
    Attribution,
    Factuality,
    Hedge,
    Quantity,
    Span,
)
from claimledger.store import Store, schema
from claimledger.store.database import storage_errors

Row = dict[str, Any]


def dashboard(store: Store, *, limit: int = 10) -> Row:
    """Recent articles, claims by credibility, open contradictions, top sources."""
    articles = sorted(queries.list_articles(store), key=lambda a: a["published"] or "", reverse=True)
    claims = queries.list_claims(store)
    by_grade = Counter(c["credibility"] for c in claims)
    sources = sorted(queries.list_sources(store), key=lambda s: (-s["claims"], str(s["name"]).lower()))
    return {
        "articles": articles[:limit],
        "article_count": len(articles),
        "claim_count": len(claims),
        "claims_by_credibility": [
            {"credibility": g, "label": CREDIBILITY[g], "claims": by_grade.get(g, 0)} for g in range(1, 7)
        ],
        "contradictions": queries.list_contradictions(store, limit=limit),
        "top_sources": sources[:limit],
        "things": estimate_things(store),
    }


def estimate_things(store: Store) -> list[Row]:
    """The counted things that have figures, most figures first, with one phrase to query by."""
    return store.estimate_things()


def _span(text: str | None, start: int | None, end: int | None) -> Span | None:
    if text is None or start is None or end is None:
        return None
    return Span(text, start, end)


def load_analysis(store: Store, article_id: str) -> ArticleAnalysis:
    """Rebuild an article's analysis from its stored rows, so the HTML renderer can draw it."""
    a = schema.articles
    with storage_errors("cannot read the article"), store.engine.connect() as conn:
        art = conn.execute(select(a).where(a.c.id == article_id)).first()
        if art is None:
            raise NotFound(f"no article with id {article_id!r}")
        atts = conn.execute(
            select(schema.attributions).where(schema.attributions.c.article_id == article_id)
        ).all()
        qs = conn.execute(select(schema.quantities).where(schema.quantities.c.article_id == article_id)).all()
        hs = conn.execute(select(schema.hedges).where(schema.hedges.c.article_id == article_id)).all()
    text = str(art.text)
    attributions = tuple(
        sorted(
            (
                Attribution(
                    id=r.id,
                    source=_span(r.source_text, r.source_start, r.source_end),
                    source_type=r.source_type,
                    cue=_span(r.cue_text, r.cue_start, r.cue_end),
                    content=Span(r.content_text, r.content_start, r.content_end),
                    quote_type=r.quote_type,
                    channel=_span(r.channel_text, r.channel_start, r.channel_end),
                    source_resolved=r.source_resolved,
                    factuality=tuple(Factuality(**f) for f in json.loads(r.factuality)),
                    hedge_ids=tuple(json.loads(r.hedge_ids)),
                    quantity_ids=tuple(json.loads(r.quantity_ids)),
                    extractor=r.extractor,
                )
                for r in atts
            ),
            key=lambda x: x.content.start,
        )
    )
    quantities = tuple(
        Quantity(
            id=r.id,
            span=Span(r.text, r.start, r.end),
            value=r.value,
            low=r.low,
            high=r.high,
            qualifier=r.qualifier,
            unit_or_thing=r.thing,
            number_text=r.number_text,
            attribution_id=r.attribution_id,
        )
        for r in qs
    )
    hedges = tuple(
        Hedge(
            id=r.id,
            span=Span(r.text, r.start, r.end),
            kind=r.kind,
            scope=Span(text[r.scope_start : r.scope_end], r.scope_start, r.scope_end),
            lemma=r.lemma,
        )
        for r in hs
    )
    meta = ArticleMeta(
        title=art.title, url=art.url, outlet=art.outlet, author=art.author, published=art.published
    )
    return ArticleAnalysis(
        id=art.id,
        text=text,
        meta=meta,
        attributions=attributions,
        quantities=quantities,
        hedges=hedges,
        input=art.input,
    )


def article(store: Store, article_id: str) -> tuple[Row, ArticleAnalysis]:
    """The article's JSON (analysis plus the claim each attribution joined) and its analysis."""
    analysis = load_analysis(store, article_id)
    members = {m["attribution_id"]: m for m in store.claim_members(article_id=article_id)}
    claims = {c["id"]: c for c in store.claims({m["claim_id"] for m in members.values()})}
    data = analysis.to_dict()
    data.pop("statements", None)
    data.pop("profile", None)
    meta = store.article_meta([article_id]).get(article_id, {})
    data["duplicate_of"] = meta.get("duplicate_of")
    for att in data["attributions"]:
        m = members.get(att["id"])
        att["claim_id"] = m["claim_id"] if m else None
        att["source_actor_id"] = m["source_actor_id"] if m else None
        att["claim_credibility"] = (
            claims[m["claim_id"]]["credibility"] if m and m["claim_id"] in claims else None
        )
    return data, analysis


def claim(store: Store, claim_id: str, reports: int | None = None) -> Row:
    """The claim with its grade and reasons, reports, origins graph data and contradictions."""
    data = queries.show_claim(store, claim_id, reports=reports)
    data["actor_ids"] = dict(store.claim_member_actors(claim_id)[::-1])  # the first id of a name wins
    others = store.claims([x["claim"] for x in data["contradictions"]])
    texts = {r["id"]: r["text"] for r in others}
    for x in data["contradictions"]:
        x["text"] = texts.get(x["claim"])
    return data


def _actor_row(store: Store, actor_id: int) -> Row:
    actors = store.actors.all()
    if actor_id not in actors:
        raise NotFound(f"no actor with id {actor_id}")
    return actors[actor_id]


def actor(store: Store, actor_id: int) -> Row:
    """One actor: grade, track record, aliases, history and the claims it is part of."""
    row = _actor_row(store, actor_id)
    record = next((s for s in queries.list_sources(store) if s["id"] == actor_id), None)
    aliases = store.actors.aliases(actor_id)
    roles: dict[str, set[str]] = defaultdict(set)
    for role in ("source", "origin", "about", "channel"):
        for cid in store.claim_ids_for_actors([actor_id], [role]):
            roles[cid].add(role)
    claims = [{**c, "roles": sorted(roles[c["id"]])} for c in queries.list_claims(store) if c["id"] in roles]
    merged_into = row["merged_into"]
    events = [e for e in store.actors.events() if actor_id in (e["actor_id"], e["other_id"])]
    return {
        "id": actor_id,
        "name": row["name"],
        "kind": row["kind"],
        "country": row["country"],
        "grade": row["grade"],
        "grade_label": RELIABILITY[row["grade"]],
        "merged_into": merged_into,
        "suggested_grade": record["suggested_grade"] if record else None,
        "suggested_reason": record["suggested_reason"] if record else None,
        "track_record": {k: record[k] for k in ("claims", "origin_of", "corroborated", "contradicted")}
        if record
        else None,
        "aliases": sorted({str(a["alias"]) for a in aliases if a["active"]}),
        "history": [{"at": e["at"], "action": e["action"], "detail": e["detail"]} for e in events],
        "claims": claims,
    }


def estimates(store: Store, thing: str | None, *, copies: bool = False, limit: int | None = None) -> Row:
    """The figures for ``thing`` (or, without it, the things that have figures).

    A near-duplicate article repeats its original's figures; they are not new estimates,
    so unless ``copies`` each original's figure carries how many copies repeated it.
    ``limit`` keeps the first that many, in publication order; ``estimate_count`` is all.
    """
    if thing is None:
        return {
            "thing": None,
            "estimates": [],
            "estimate_count": 0,
            "copies_listed": copies,
            "things": estimate_things(store),
        }
    if not thing.strip():
        raise InputError("thing: must not be blank")
    _country, head = thing_key(thing)
    rows = est.find_estimates(store, thing, originals_only=not copies)
    if not copies:
        repeated = store.estimate_copies(head)
        for r in rows:
            r["copies"] = repeated.get((r["article_id"], r["start"]), 0)
    return {
        "thing": thing,
        "head": head,
        "copies_listed": copies,
        "estimate_count": len(rows),
        "estimates": rows if limit is None else rows[:limit],
        "things": estimate_things(store),
    }


def search(store: Store, q: str, *, limit: int = 50) -> Row:
    """Articles and claims whose text matches every word of ``q``."""
    if not any(ch.isalnum() for ch in q):
        raise InputError("q: needs at least one letter or digit")
    articles = store.search_articles(q, limit=limit)
    claims = queries.list_claims(store, search=q, limit=limit)
    return {"q": q, "articles": articles, "claims": claims}


def actor_name(store: Store, actor_id: int) -> str:
    return str(_actor_row(store, actor_id)["name"])
