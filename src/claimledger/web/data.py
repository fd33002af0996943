"""What each page shows, as plain dicts: the one source for the HTML page and its JSON twin.

These read through ``claimledger.ledger.queries`` and the Store's public methods; the few
reads those lack (one article with its analysis rows, one actor with its claims) use
SQLAlchemy Core against the store's tables, read-only.
"""

from __future__ import annotations

from typing import Any

from claimledger.errors import InputError, NotFound
from claimledger.ledger import articles, queries
from claimledger.ledger import estimates as est
from claimledger.ledger.grading import RELIABILITY
from claimledger.ledger.text import thing_key
from claimledger.models import (
    ArticleAnalysis,
)
from claimledger.store import Store

Row = dict[str, Any]


def page(total: int, offset: int, limit: int | None, shown: int) -> Row:
    """Where a page sits in its list: the JSON's ``page`` object and the pager's input."""
    return {"total": total, "offset": offset, "limit": limit, "shown": shown}


def dashboard(store: Store, *, limit: int = 10) -> Row:
    """Recent articles, claims by credibility, open contradictions, top sources: each a
    page or a count from the database, so the dashboard costs the same on any store."""
    grades = queries.grade_distribution(store)
    return {
        "articles": queries.list_articles(store, limit=limit, newest_first=True),
        "article_count": queries.count_articles(store),
        "claim_count": sum(g["claims"] for g in grades),
        "claims_by_credibility": grades,
        "contradictions": queries.list_contradictions(store, limit=limit),
        "contradiction_count": queries.count_contradictions(store),
        "top_sources": queries.list_sources(store, limit=limit, order="claims"),
        "source_count": queries.count_sources(store),
        "things": estimate_things(store, limit=THINGS_SHOWN),
    }


#: How many counted things the dashboard and the estimates page list (most figures first).
THINGS_SHOWN = 200


def estimate_things(store: Store, *, limit: int | None = THINGS_SHOWN) -> list[Row]:
    """The counted things that have figures, most figures first, with one phrase to query by."""
    return store.estimate_things(limit=limit)


def article(store: Store, article_id: str) -> tuple[Row, ArticleAnalysis]:
    """The article's JSON (analysis plus the actor and claim of each attribution) and its analysis."""
    analysis = articles.load_analysis(store, article_id)
    data = analysis.to_dict()
    data.pop("statements", None)
    data.pop("profile", None)
    meta = store.article_meta([article_id]).get(article_id, {})
    data["duplicate_of"] = meta.get("duplicate_of")
    data["attributions"] = articles.with_ledger(store, article_id, data["attributions"])
    return data, analysis


def claim(store: Store, claim_id: str, reports: int | None = None) -> Row:
    """The claim with its grade and reasons, reports, origins graph data and contradictions."""
    data = queries.show_claim(store, claim_id, reports=reports)
    data["actor_ids"] = dict(store.claim_member_actors(claim_id)[::-1])  # the first id of a name wins
    others = store.claims([x["claim"] for x in data["contradictions"]])
    texts = {r["id"]: (r["text"], r["polarity"]) for r in others}
    for x in data["contradictions"]:
        text, polarity = texts.get(x["claim"], (None, None))
        x["text"] = text
        x["polarity"] = polarity
        x["reads"] = queries.reads(text, str(polarity)) if text is not None else None
    return data


def _actor_row(store: Store, actor_id: int) -> Row:
    actors = store.actors.all()
    if actor_id not in actors:
        raise NotFound(f"no actor with id {actor_id}")
    return actors[actor_id]


def actor(store: Store, actor_id: int, *, limit: int | None = 100, offset: int = 0) -> Row:
    """One actor: grade, track record, aliases, history and a page of the claims it is part of."""
    row = _actor_row(store, actor_id)
    record = next(iter(queries.list_sources(store, ids=[actor_id])), None)
    aliases = store.actors.aliases(actor_id)
    involved = queries.actor_claims_filter(actor_id)
    listed = queries.list_claims_where(store, involved, limit=limit, offset=offset)
    roles = store.claim_actor_roles(actor_id, [c["id"] for c in listed])
    claims = [{**c, "roles": sorted(roles.get(c["id"], ()))} for c in listed]
    total = queries.count_claims_where(store, involved)
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
        "page": page(total, offset, limit, len(claims)),
    }


def estimates(
    store: Store, thing: str | None, *, copies: bool = False, limit: int | None = None, offset: int = 0
) -> Row:
    """The figures for ``thing`` (or, without it, the things that have figures).

    A near-duplicate article repeats its original's figures; they are not new estimates,
    so unless ``copies`` each original's figure carries how many copies repeated it.
    ``limit`` keeps that many from ``offset`` on, in publication order (the chart draws
    those); ``estimate_count`` is all, and ``page`` says where the rows sit.
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
    shown = rows[offset:] if limit is None else rows[offset : offset + limit]
    if not copies:
        repeated = store.estimate_copies(head)
        for r in rows:
            r["copies"] = repeated.get((r["article_id"], r["start"]), 0)
    return {
        "thing": thing,
        "head": head,
        "copies_listed": copies,
        "estimate_count": len(rows),
        "estimates": shown,
        "page": page(len(rows), offset, limit, len(shown)),
        "things": estimate_things(store),
    }


def search(store: Store, q: str, *, limit: int = 50, offset: int = 0) -> Row:
    """Articles and claims whose text matches every word of ``q``, best match first, from
    row ``offset`` on, at most ``limit`` of each, with the true count of each (a search
    was silently cut at 50); an empty ``q`` is the search form, with nothing found yet."""
    if not q.strip():
        return {"q": "", "articles": [], "claims": [], "pages": None, "page": None}
    if not any(ch.isalnum() for ch in q):
        raise InputError("q: needs at least one letter or digit")
    articles = store.search_articles(q, limit=limit, offset=offset)
    f = queries.claim_filter(store, search=q)
    claims = queries.list_claims_where(store, f, limit=limit, offset=offset)
    article_total = store.count_search_articles(q)
    claim_total = queries.count_claims_where(store, f)
    return {
        "q": q,
        "articles": articles,
        "claims": claims,
        "pages": {
            "articles": page(article_total, offset, limit, len(articles)),
            "claims": page(claim_total, offset, limit, len(claims)),
        },
        # the pager's: the longer of the two lists
        "page": page(max(article_total, claim_total), offset, limit, max(len(articles), len(claims))),
    }


def actor_name(store: Store, actor_id: int) -> str:
    return str(_actor_row(store, actor_id)["name"])
