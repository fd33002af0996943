"""Reading the ledger: claims, one claim with its reasons, contradictions, sources.

These return plain dicts in the shapes of the JSON contract (issue 3): the CLI, the
story report and the web API all print the same objects.
"""

from __future__ import annotations

import re
from typing import Any

from claimledger.errors import InputError, NotFound
from claimledger.ledger.grading import CREDIBILITY, RELIABILITY, suggest_reliability
from claimledger.store import listing
from claimledger.store.dates import check_since
from claimledger.store.listing import ArticleFilter, ClaimFilter, ReportFilter
from claimledger.store.store import Store

Row = dict[str, Any]

#: The claims list's polarity filter: denials (``negative``) or assertions (``positive``).
POLARITIES = ("positive", "negative")
#: What a denial reads as wherever a claim is shown: its text is the proposition denied.
DENIES = "denies: "


def reads(text: str, polarity: str) -> str:
    """A claim as a reader should take it: "denies: ..." for a denial, its text otherwise.

    A denial's stored text is the proposition its origins reject ("Iranian drone
    instructors have arrived in Crimea"); shown bare, it reads as their assertion.
    """
    return DENIES + text if polarity == "negative" else text


def reliability_of(best_origin: str | None, best_source: str | None) -> str:
    """The source reliability a claim's Admiralty code carries: the best grade among its
    origins, or, when no origin is a known actor, among its sources; F (cannot be judged)
    when there is neither."""
    return best_origin or best_source or "F"


def claim_dict(row: Row, reliability: str = "F") -> Row:
    """The contract's claim object (plus a few extra fields).

    ``admiralty`` is the combined code: the source reliability letter (see
    :func:`reliability_of`) and the information credibility number, e.g. "B3".
    """
    data = row["data"]
    return {
        "id": row["id"],
        "text": row["text"],
        "reads": reads(row["text"], row["polarity"]),
        "origins": data["origins"],
        "outlets": data["outlets"],
        "articles": row["article_count"],
        "credibility": row["credibility"],
        "contradicted_by": data["contradicted_by"],
        "credibility_label": CREDIBILITY[row["credibility"]],
        "reliability": reliability,
        "reliability_label": RELIABILITY[reliability],
        "admiralty": f"{reliability}{row['credibility']}",
        "polarity": row["polarity"],
        "first_seen": row["first_seen"],
        "last_seen": row["last_seen"],
    }


def claim_dicts(store: Store, rows: list[Row]) -> list[Row]:
    """:func:`claim_dict` of each row, with its source reliability read from the actors."""
    best = listing.claim_reliability(store, [r["id"] for r in rows])
    return [claim_dict(r, reliability_of(*best.get(r["id"], (None, None)))) for r in rows]


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


def claim_filter(
    store: Store,
    *,
    about: list[str] | None = None,
    source: list[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    grade: str | None = None,
    search: str | None = None,
    ids: set[str] | None = None,
    polarity: str | None = None,
    outlet: str | None = None,
    sort: str = "oldest",
) -> ClaimFilter:
    """The filters of the claims list, checked (an unknown actor is NotFound, a bad date or
    grade an InputError) before any claim is read."""
    actors: list[tuple[frozenset[int], tuple[str, ...]]] = []
    if about:
        actors.append((frozenset(actor_ids(store, about)), ("about", "source", "origin")))
    if source:
        actors.append((frozenset(actor_ids(store, source)), ("source", "origin")))
    if since:
        check_since(since)
    if until:
        check_since(until, "--until")
    if polarity and polarity not in POLARITIES:
        raise InputError(f"--polarity must be {' or '.join(POLARITIES)}, not {polarity!r}")
    if sort not in listing.CLAIM_SORTS:
        raise InputError(f"--sort must be one of {', '.join(listing.CLAIM_SORTS)}, not {sort!r}")
    return ClaimFilter(
        actors=tuple(actors),
        search=search or None,
        since=since or None,
        until=until or None,
        grades=parse_grades(grade) if grade else None,
        ids=frozenset(ids) if ids is not None else None,
        polarity=polarity or None,
        outlet=outlet.strip() or None if outlet else None,
        sort=sort,
    )


def list_claims(
    store: Store,
    *,
    about: list[str] | None = None,
    source: list[str] | None = None,
    since: str | None = None,
    grade: str | None = None,
    search: str | None = None,
    polarity: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[Row]:
    """Claims matching every filter given, oldest first (undated last); a page of them
    from ``offset``, cut by the database."""
    f = claim_filter(
        store, about=about, source=source, since=since, grade=grade, search=search, polarity=polarity
    )
    return list_claims_where(store, f, limit=limit, offset=offset)


def list_claims_where(
    store: Store, f: ClaimFilter, *, limit: int | None = None, offset: int = 0
) -> list[Row]:
    """A page of the claims that :func:`claim_filter` selected."""
    return claim_dicts(store, listing.claim_page(store, f, limit=limit, offset=offset))


def count_claims_where(store: Store, f: ClaimFilter) -> int:
    return listing.claim_count(store, f)


def count_claims(
    store: Store,
    *,
    about: list[str] | None = None,
    source: list[str] | None = None,
    since: str | None = None,
    grade: str | None = None,
    search: str | None = None,
    polarity: str | None = None,
) -> int:
    """How many claims :func:`list_claims` would list without a limit."""
    f = claim_filter(
        store, about=about, source=source, since=since, grade=grade, search=search, polarity=polarity
    )
    return listing.claim_count(store, f)


def actor_claims_filter(*actor_ids: int) -> ClaimFilter:
    """The claims any of these actors is in, in any role (source, origin, channel, talked about)."""
    return ClaimFilter(actors=((frozenset(actor_ids), ("source", "origin", "about", "channel")),))


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
    out = claim_dicts(store, [row])[0]
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
    store: Store, *, limit: int | None = None, offset: int = 0, among: ClaimFilter | None = None
) -> list[Row]:
    """Contradictions with both claims, by the first claim's first sighting; a page of them.
    With ``among``, only those that involve a claim it selects."""
    rows = listing.contradiction_page(store, limit=limit, offset=offset, among=among)
    both = store.claims({x for r in rows for x in (r["a"], r["b"])})
    claims = {c["id"]: c for c in claim_dicts(store, both)}
    return [
        {"a": claims[r["a"]], "b": claims[r["b"]], "reason": r["reason"], "kind": r["kind"]}
        for r in rows
        if r["a"] in claims and r["b"] in claims
    ]


def count_contradictions(store: Store, among: ClaimFilter | None = None) -> int:
    return listing.contradiction_count(store, among)


#: The orders an articles list can be read in, by publication date.
ARTICLE_SORTS = ("oldest", "recent")


def article_filter(
    *, outlet: str | None = None, since: str | None = None, until: str | None = None
) -> ArticleFilter | None:
    """The filters of the articles list, checked (a bad date is an InputError); None when
    there is none."""
    if since:
        check_since(since)
    if until:
        check_since(until, "--until")
    if not (outlet and outlet.strip()) and not since and not until:
        return None
    return ArticleFilter(outlet=(outlet or "").strip() or None, since=since or None, until=until or None)


def list_articles(
    store: Store,
    *,
    limit: int | None = None,
    offset: int = 0,
    newest_first: bool = False,
    among: ArticleFilter | None = None,
) -> list[Row]:
    return listing.article_page(store, limit=limit, offset=offset, newest_first=newest_first, among=among)


def count_articles(store: Store, among: ArticleFilter | None = None) -> int:
    if among is None:
        return store.count("articles")
    return listing.article_count(store, among)


def parse_reliability(spec: str, option: str = "--grade") -> tuple[str, str]:
    """ "A-C" -> ("A", "C"); "b" -> ("B", "B"): a reliability grade or range, A best.
    ``option`` names the option in the message (``--grade``; ``grade:`` on the web)."""
    m = re.fullmatch(r"\s*([A-Fa-f])(?:\s*-\s*([A-Fa-f]))?\s*", spec)
    if not m:
        raise InputError(f"{option} must be a reliability A-F or a range like A-C, not {spec!r}")
    lo, hi = m.group(1).upper(), (m.group(2) or m.group(1)).upper()
    return (min(lo, hi), max(lo, hi))


def report_filter(
    *,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    grade: str | None = None,
    grade_option: str = "--grade",
) -> ReportFilter | None:
    """The filters of the sources and actors lists, checked as the claims list checks them
    (a bad date or grade is an InputError); None when there is none."""
    if since:
        check_since(since)
    if until:
        check_since(until, "--until")
    grades = parse_reliability(grade, grade_option) if grade and grade.strip() else None
    outlet = (outlet or "").strip() or None
    if not outlet and not since and not until and grades is None:
        return None
    return ReportFilter(outlet=outlet, since=since or None, until=until or None, grades=grades)


def list_sources(
    store: Store,
    *,
    limit: int | None = None,
    offset: int = 0,
    order: str = "name",
    ids: list[int] | None = None,
    among: ReportFilter | None = None,
) -> list[Row]:
    """Actors that are a source or origin of a claim, with grade and track record: by name,
    or with ``order="claims"`` those in most claims first; with ``among``, those it
    selects, their records counted over the reports it selects."""
    if order not in listing.SOURCE_ORDERS:
        raise InputError(f"sources can be ordered by {' or '.join(listing.SOURCE_ORDERS)}, not {order!r}")
    out = []
    for r in listing.source_page(store, limit=limit, offset=offset, order=order, actor_ids=ids, among=among):
        suggested, why = suggest_reliability(r["origin_of"], r["corroborated"], r["contradicted"])
        out.append(
            {
                "id": r["id"],
                "name": r["name"],
                "kind": r["kind"],
                "grade": r["grade"],
                "grade_label": RELIABILITY[r["grade"]],
                "suggested_grade": suggested,
                "suggested_reason": why,
                "claims": r["claims"],
                "origin_of": r["origin_of"],
                "corroborated": r["corroborated"],
                "contradicted": r["contradicted"],
            }
        )
    return out


def count_sources(store: Store, among: ReportFilter | None = None) -> int:
    return listing.source_count(store, among)


def list_actors(
    store: Store, *, limit: int | None = None, offset: int = 0, among: ReportFilter | None = None
) -> list[Row]:
    """Actors by name, with kind, grade, what each was merged into, its aliases and its
    reports (claim members it is the source or origin of); with ``among``, those it
    selects, their reports counted among those it selects."""
    return [
        {
            "id": a["id"],
            "name": a["name"],
            "kind": a["kind"],
            "country": a["country"],
            "grade": a["grade"],
            "merged_into": a["merged_into_name"],
            "aliases": a["aliases"],
            "reports": a["reports"],
        }
        for a in listing.actor_page(store, limit=limit, offset=offset, among=among)
    ]


def count_actors(store: Store, among: ReportFilter | None = None) -> int:
    return listing.actor_count(store, among)


def article_records(store: Store, article_id: str, *, limit: int | None = None, offset: int = 0) -> list[Row]:
    """A page of one article's attributions in text order, each with its claim and actor."""
    return listing.article_record_page(store, article_id, limit=limit, offset=offset)


def count_article_records(store: Store, article_id: str) -> int:
    return listing.article_record_count(store, article_id)


def grade_distribution(store: Store) -> list[Row]:
    """How many claims have each credibility grade, 1 to 6, with the grade's label."""
    counts = listing.grade_counts(store)
    return [{"credibility": g, "label": CREDIBILITY[g], "claims": counts.get(g, 0)} for g in range(1, 7)]
