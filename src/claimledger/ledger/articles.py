"""One stored article as the ledger sees it: its analysis rebuilt from the stored rows, and
each attribution with the actor its source resolved to and the claim it joined.

This is the measurement contract of the cross-article layer (``article show --format json``,
``/articles/ID.json``): ``score_actors.py`` reads ``attributions[].actor`` from it.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from claimledger.errors import NotFound
from claimledger.models import ArticleAnalysis, ArticleMeta, Attribution, Factuality, Hedge, Quantity, Span
from claimledger.store import Store, schema
from claimledger.store.database import storage_errors

Row = dict[str, Any]


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
            select(schema.attributions)
            .where(schema.attributions.c.article_id == article_id)
            .order_by(schema.attributions.c.content_start, schema.attributions.c.id)
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
            thing=r.counted or "",
            unit=r.unit or "",
            kind=r.kind or "stock",
            frame=r.frame or "current",
            time=r.time_text,
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
        title=art.title,
        url=art.url,
        outlet=art.outlet,
        author=art.author,
        published=art.published,
        published_text=art.published_text,
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


def with_ledger(store: Store, article_id: str, attributions: list[Row]) -> list[Row]:
    """``attributions`` (as ``Attribution.to_dict`` gives them) with ``actor`` ({id, name} or
    null), ``claim_id``, ``claim_credibility`` and ``claim_polarity`` from the last ledger build."""
    members = {m["attribution_id"]: m for m in store.claim_members(article_id=article_id)}
    speakers = store.speakers(article_id)  # the records in no claim (questions) that have a speaker
    claims = {c["id"]: c for c in store.claims({m["claim_id"] for m in members.values()})}
    names = {i: str(r["name"]) for i, r in store.actors.all().items()} if members or speakers else {}
    out = []
    for att in attributions:
        m = members.get(att["id"])
        actor_id = m["source_actor_id"] if m else speakers.get(att["id"])
        claim = claims.get(m["claim_id"]) if m else None
        out.append(
            {
                **att,
                "actor": {"id": actor_id, "name": names.get(actor_id)} if actor_id is not None else None,
                "source_actor_id": actor_id,
                "claim_id": m["claim_id"] if m else None,
                "claim_credibility": claim["credibility"] if claim else None,
                "claim_polarity": claim["polarity"] if claim else None,
            }
        )
    return out


def attributions(store: Store, article_id: str) -> list[Row]:
    """The stored article's attributions, each with its actor and claim (see :func:`with_ledger`)."""
    analysis = load_analysis(store, article_id)
    return with_ledger(store, article_id, [a.to_dict() for a in analysis.attributions])
