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

Each review has an ``@id`` and a ``url``: the claim's page on the app (``/claims/ID``,
relative unless a base URL is given). Its ``author`` is the organisation publishing the
reviews, named by the user (:class:`Reviewer`), claimledger unless told otherwise.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from claimledger.errors import InputError
from claimledger.export.snapshot import Snapshot, denial_sentence
from claimledger.ledger.grading import CREDIBILITY

Row = dict[str, Any]
AUTHOR_TYPE = {"person": "Person"}
#: The longest reviewer name taken.
NAME_MAX = 200


def _http_url(value: str, what: str) -> str:
    """``value`` if it is an absolute http(s) URL; an InputError naming ``what`` if not."""
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(ch.isspace() for ch in value):
        raise InputError(f"{what} must be an http:// or https:// URL, not {value!r}")
    return value


@dataclass(frozen=True)
class Reviewer:
    """Who publishes the reviews (their ``author``) and where the claims' pages are."""

    name: str = "claimledger"
    url: str | None = None
    #: the claims' pages are ``{base_url}/claims/ID``; empty leaves them relative to the app
    base_url: str = ""

    def __post_init__(self) -> None:
        name = " ".join(self.name.split())
        if not name or len(name) > NAME_MAX:
            raise InputError(f"the reviewer's name must be 1 to {NAME_MAX} characters, not {self.name!r}")
        object.__setattr__(self, "name", name)
        if self.url is not None:
            _http_url(self.url, "the reviewer's URL")
        if self.base_url:
            object.__setattr__(self, "base_url", _http_url(self.base_url, "the base URL").rstrip("/"))

    def author(self) -> Row:
        out: Row = {"@type": "Organization", "name": self.name}
        if self.url:
            out["url"] = self.url
        return out

    def claim_page(self, claim_id: str) -> str:
        return f"{self.base_url}/claims/{quote(claim_id, safe='')}"


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


def review(c: Row, snap: Snapshot, denied: list[Row] | None = None, reviewer: Reviewer | None = None) -> Row:
    """One claim's review; for a denial, ``denied`` are the claims it contradicts."""
    by = reviewer or Reviewer()
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
    page = by.claim_page(c["id"])
    out: Row = {
        "@type": "ClaimReview",
        "@id": page,
        "url": page,
        "identifier": c["id"],
        "claimReviewed": stated,
        "itemReviewed": item,
        "author": by.author(),
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


def to_claimreview(snap: Snapshot, reviewer: Reviewer | None = None) -> str:
    """Every claim's review, published by ``reviewer`` (claimledger unless told otherwise)."""
    claims = {c["id"]: c for c in snap.claims}
    denied = {d: [claims.get(x["id"], x) for x in xs] for d, xs in snap.denied().items()}
    reviews = [review(c, snap, denied.get(c["id"]), reviewer) for c in snap.claims]
    doc = {"@context": "https://schema.org", "@graph": reviews}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
