"""Reading the ledger: claims, one claim with its reasons, contradictions, sources.

These return plain dicts in the shapes of the JSON contract (issue 3): the CLI, the
story report and the web API all print the same objects.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from claimledger.errors import InputError, NotFound
from claimledger.ledger.grading import CREDIBILITY, RELIABILITY, suggest_reliability
from claimledger.store.store import Store

Row = dict[str, Any]


def claim_dict(row: Row) -> Row:
    """The contract's claim object (plus a few extra fields)."""
    data = row["data"]
    return {
        "id": row["id"],
        "text": row["text"],
        "origins": data["origins"],
        "outlets": data["outlets"],
        "articles": row["article_count"],
        "credibility": row["credibility"],
        "contradicted_by": data["contradicted_by"],
        "credibility_label": CREDIBILITY[row["credibility"]],
        "polarity": row["polarity"],
        "first_seen": row["first_seen"],
        "last_seen": row["last_seen"],
    }


def parse_grades(spec: str) -> tuple[int, int]:
    """ "1-3" -> (1, 3); "2" -> (2, 2)."""
    # the blank before "-" sits inside the optional group: two adjacent blank runs were quadratic
    m = re.fullmatch(r"\s*([1-6])(?:\s*-\s*([1-6]))?\s*", spec)
    if not m:
        raise InputError(f"--grade must be a credibility 1-6 or a range like 1-3, not {spec!r}")
    lo = int(m.group(1))
    hi = int(m.group(2) or lo)
    return (min(lo, hi), max(lo, hi))


def actor_ids(store: Store, names: list[str]) -> set[int]:
    """Canonical ids of the named actors (NotFound for an unknown name)."""
    return {int(store.actors.find(n)["id"]) for n in names}


def _sort_key(c: Row) -> tuple[str, str]:
    return (c["first_seen"] or "9999", c["id"])


def list_claims(
    store: Store,
    *,
    about: list[str] | None = None,
    source: list[str] | None = None,
    since: str | None = None,
    grade: str | None = None,
    search: str | None = None,
    limit: int | None = None,
) -> list[Row]:
    """Claims matching every filter given, oldest first."""
    ids: set[str] | None = None
    if about:
        ids = store.claim_ids_for_actors(actor_ids(store, about), ["about", "source", "origin"])
    if source:
        found = store.claim_ids_for_actors(actor_ids(store, source), ["source", "origin"])
        ids = found if ids is None else ids & found
    if search:
        found = store.search_claims(search)
        ids = found if ids is None else ids & found
    rows = store.claims(ids)
    if since:
        if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", since):
            raise InputError(f"--since must be a date like 2025-03-14, not {since!r}")
        rows = [r for r in rows if (r["last_seen"] or "") >= since]
    if grade:
        lo, hi = parse_grades(grade)
        rows = [r for r in rows if lo <= r["credibility"] <= hi]
    rows.sort(key=_sort_key)
    if limit is not None:
        rows = rows[:limit]
    return [claim_dict(r) for r in rows]


def show_claim(store: Store, claim_id: str, *, reports: int | None = None) -> Row:
    """One claim with its grade, every reason, its reports and its contradictions.

    ``reports`` keeps the first that many reports (by date): a wire story copied by
    thousands of outlets is one claim with thousands of reports, and a page of them all
    would be megabytes. ``report_count`` is always the whole number.
    """
    found = store.claims([claim_id])
    if not found:
        raise NotFound(f"no claim with id {claim_id!r}; see `claimledger claims`")
    row = found[0]
    out = claim_dict(row)
    out["credibility_reasons"] = row["data"]["reasons"]
    if reports is None:
        members = store.claim_members(claim_id)
        shown = sorted(members, key=lambda m: (m["published"] or "", m["article_id"], m["attribution_id"]))
        out["report_count"] = len(shown)
    else:  # the first few of maybe thousands: sorted and cut by the database
        shown = store.claim_members(claim_id, limit=reports)
        out["report_count"] = store.claim_member_count(claim_id)
    meta = store.article_meta(m["article_id"] for m in shown)
    out["reports"] = [
        {
            "article_id": m["article_id"],
            "attribution_id": m["attribution_id"],
            "outlet": m["outlet"],
            "published": m["published"],
            "source": m["source"],
            "origin": m["origin"],
            "duplicate_of": meta.get(m["article_id"], {}).get("duplicate_of"),
            "url": meta.get(m["article_id"], {}).get("url"),
        }
        for m in shown
    ]
    out["contradictions"] = [
        {"claim": c["b"] if c["a"] == claim_id else c["a"], "kind": c["kind"], "reason": c["reason"]}
        for c in store.contradiction_rows(claim_id)
    ]
    return out


def list_contradictions(
    store: Store, *, limit: int | None = None, claim_ids: set[str] | None = None
) -> list[Row]:
    rows = store.contradiction_rows()
    if claim_ids is not None:
        rows = [r for r in rows if r["a"] in claim_ids or r["b"] in claim_ids]
    claims = {r["id"]: claim_dict(r) for r in store.claims({x for r in rows for x in (r["a"], r["b"])})}
    out = [
        {"a": claims[r["a"]], "b": claims[r["b"]], "reason": r["reason"], "kind": r["kind"]}
        for r in rows
        if r["a"] in claims and r["b"] in claims
    ]
    out.sort(key=lambda r: (r["a"]["first_seen"] or "", r["a"]["id"], r["b"]["id"]))
    return out[:limit] if limit is not None else out


def list_articles(store: Store, *, limit: int | None = None) -> list[Row]:
    return [
        {
            "id": a["id"],
            "url": a["url"],
            "outlet": a["outlet"],
            "title": a["title"],
            "published": a["published"],
            "duplicate_of": a["duplicate_of"],
            "input": a["input"],
        }
        for a in store.articles(limit=limit)
    ]


def list_sources(store: Store, *, limit: int | None = None) -> list[Row]:
    """Every actor that is a source or origin of a claim, with grade and track record."""
    claims = {r["id"]: r for r in store.claims()}
    as_source: dict[int, set[str]] = defaultdict(set)
    as_origin: dict[int, set[str]] = defaultdict(set)
    for m in store.claim_members():
        if m["source_actor_id"] is not None:
            as_source[m["source_actor_id"]].add(m["claim_id"])
        if m["origin_actor_id"] is not None:
            as_origin[m["origin_actor_id"]].add(m["claim_id"])
    actors = store.actors.all()
    out = []
    for actor_id in sorted(set(as_source) | set(as_origin), key=lambda i: str(actors[i]["name"]).lower()):
        a = actors[actor_id]
        record = [claims[c] for c in as_origin[actor_id] if c in claims]
        corroborated = sum(1 for c in record if c["origin_count"] >= 2)
        contradicted = sum(1 for c in record if c["data"]["contradicted_by"])
        suggested, why = suggest_reliability(len(record), corroborated, contradicted)
        out.append(
            {
                "id": actor_id,
                "name": a["name"],
                "kind": a["kind"],
                "grade": a["grade"],
                "grade_label": RELIABILITY[a["grade"]],
                "suggested_grade": suggested,
                "suggested_reason": why,
                "claims": len(as_source[actor_id] | as_origin[actor_id]),
                "origin_of": len(record),
                "corroborated": corroborated,
                "contradicted": contradicted,
            }
        )
    return out[:limit] if limit is not None else out


def list_actors(store: Store, *, limit: int | None = None) -> list[Row]:
    actors = store.actors.all()
    aliases: dict[int, list[str]] = defaultdict(list)
    amap = store.actors.alias_map()
    names = {i: str(a["name"]) for i, a in actors.items()}
    for key, root in amap.items():
        aliases[root].append(key)
    out = [
        {
            "id": i,
            "name": a["name"],
            "kind": a["kind"],
            "country": a["country"],
            "grade": a["grade"],
            "merged_into": names.get(a["merged_into"]) if a["merged_into"] else None,
            "aliases": sorted(aliases.get(i, [])),
        }
        for i, a in sorted(actors.items(), key=lambda kv: str(kv[1]["name"]).lower())
    ]
    return out[:limit] if limit is not None else out
