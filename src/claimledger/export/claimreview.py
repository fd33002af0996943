"""schema.org ClaimReview JSON-LD: one review per claim, as fact-checkers publish them.

The rating is the Admiralty credibility turned so that higher is better, as schema.org
ratings read: ``ratingValue = 7 - credibility`` on a 1 (worst) to 6 (best) scale, with
the Admiralty wording as ``alternateName``.

A denial is reviewed as what it is. Its stored text is the proposition the denier
rejects, so its review's ``claimReviewed`` says 'X denies "..."', its ``itemReviewed`` is
the denial, a Claim authored by the denier, and that Claim is ``about`` the proposition:
a Claim of its own whose authors are the origins that asserted it (those of the claims
the denial contradicts). The rating is the denial's grade: "improbable" says the denial
is unlikely, never that the proposition is.
"""

from __future__ import annotations

import json
from typing import Any

from claimledger.export.snapshot import Snapshot, denial_sentence
from claimledger.ledger.grading import CREDIBILITY

Row = dict[str, Any]
AUTHOR_TYPE = {"person": "Person"}


def _web(url: object) -> str | None:
    return url if isinstance(url, str) and url.lower().startswith(("http://", "https://")) else None


def _authors(c: Row, snap: Snapshot) -> list[Row]:
    """The claim's origins as schema.org Persons or Organizations."""
    if "reports" in c:
        origins = {m["origin_actor_id"]: m["origin"] for m in c["reports"] if m["origin"]}
    else:  # a denied claim outside the snapshot (a story's edge): its origins by name only
        origins = {-n: name for n, name in enumerate(c["origins"], start=1)}
    return [
        {"@type": AUTHOR_TYPE.get(str(snap.actors.get(i, {}).get("kind")), "Organization"), "name": name}
        for i, name in origins.items()
    ]


def _proposition(c: Row, denied: list[Row], snap: Snapshot) -> Row:
    """What a denial rejects, as a Claim whose authors are those who asserted it."""
    authors: dict[str, Row] = {}
    for other in denied:
        for a in _authors(other, snap):
            authors.setdefault(a["name"], a)
    prop: Row = {"@type": "Claim", "text": c["text"]}
    if authors:
        prop["author"] = list(authors.values())
    return prop


def review(c: Row, snap: Snapshot, denied: list[Row] | None = None) -> Row:
    """One claim's review; for a denial, ``denied`` are the claims it contradicts."""
    appearances = []
    for article_id in dict.fromkeys(m["article_id"] for m in c["reports"]):
        a = snap.articles.get(article_id, {})
        work: Row = {"@type": "CreativeWork", "identifier": article_id}
        if _web(a.get("url")):
            work["url"] = a["url"]
        if a.get("title"):
            work["headline"] = a["title"]
        if a.get("outlet"):
            work["publisher"] = {"@type": "Organization", "name": a["outlet"]}
        if a.get("published"):
            work["datePublished"] = a["published"]
        appearances.append(work)
    denial = c["polarity"] == "negative"
    stated = denial_sentence(c) if denial else c["text"]
    item: Row = {"@type": "Claim", "appearance": appearances}
    if authors := _authors(c, snap):
        item["author"] = authors
    if c["first_seen"]:
        item["datePublished"] = c["first_seen"]
    if denial:
        item["text"] = stated
        item["about"] = _proposition(c, denied or [], snap)
    out: Row = {
        "@type": "ClaimReview",
        "identifier": c["id"],
        "claimReviewed": stated,
        "itemReviewed": item,
        "author": {"@type": "Organization", "name": "claimledger"},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": 7 - int(c["credibility"]),
            "bestRating": 6,
            "worstRating": 1,
            "alternateName": f"{c['credibility']} - {CREDIBILITY[c['credibility']]}",
            "ratingExplanation": "; ".join(c["reasons"]),
        },
    }
    if c["last_seen"]:
        out["datePublished"] = c["last_seen"]
    return out


def to_claimreview(snap: Snapshot) -> str:
    claims = {c["id"]: c for c in snap.claims}
    denied = {d: [claims.get(x["id"], x) for x in xs] for d, xs in snap.denied().items()}
    reviews = [review(c, snap, denied.get(c["id"])) for c in snap.claims]
    doc = {"@context": "https://schema.org", "@graph": reviews}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
