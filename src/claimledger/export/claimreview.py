"""schema.org ClaimReview JSON-LD: one review per claim, as fact-checkers publish them.

The rating is the Admiralty credibility turned so that higher is better, as schema.org
ratings read: ``ratingValue = 7 - credibility`` on a 1 (worst) to 6 (best) scale, with
the Admiralty wording as ``alternateName``.
"""

from __future__ import annotations

import json
from typing import Any

from claimledger.export.snapshot import Snapshot
from claimledger.ledger.grading import CREDIBILITY

Row = dict[str, Any]
AUTHOR_TYPE = {"person": "Person"}


def _web(url: object) -> str | None:
    return url if isinstance(url, str) and url.lower().startswith(("http://", "https://")) else None


def review(c: Row, snap: Snapshot) -> Row:
    origins = {m["origin_actor_id"]: m["origin"] for m in c["reports"] if m["origin"]}
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
    item: Row = {"@type": "Claim", "appearance": appearances}
    if origins:
        item["author"] = [
            {
                "@type": AUTHOR_TYPE.get(str(snap.actors.get(i, {}).get("kind")), "Organization"),
                "name": name,
            }
            for i, name in origins.items()
        ]
    if c["first_seen"]:
        item["datePublished"] = c["first_seen"]
    out: Row = {
        "@type": "ClaimReview",
        "identifier": c["id"],
        "claimReviewed": c["text"],
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
    doc = {"@context": "https://schema.org", "@graph": [review(c, snap) for c in snap.claims]}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
