"""STIX 2.1 bundles for threat-intel platforms (OpenCTI, MISP).

One Report per article, one Identity per source, one Note per claim (the statement) and
one Opinion per claim (claimledger's grade of it, with every reason). ``confidence``
follows the STIX 2.1 specification's Appendix A "Admiralty Credibility" table: credibility
1 -> 90, 2 -> 70, 3 -> 50, 4 -> 30, 5 -> 10, and 6 ("truth cannot be judged") leaves the
property out. A source's Admiralty reliability (A-F) travels in a property extension,
declared by an ``extension-definition`` object in the same bundle.

Every object is built (and so validated) by the ``stix2`` library, but the bundle is written
object by object with plain JSON: ``stix2``'s pretty printer sorts each property by a linear
search of the spec's order and took over 20 minutes for 8,039 objects. ``stix_chunks`` yields
the bundle as it is built, so a caller can stream it.

A denial's stored text is the proposition its origin rejects. Its Note says so ('X
denies "..."', labelled ``denial``), and the denier's own Opinion, created by the
denier's Identity, ``strongly-disagree``s with the Notes of the claims that assert the
proposition; claimledger's Opinion on a denial grades the denial, not the proposition.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import stix2

from claimledger.export.snapshot import Snapshot, denial_sentence
from claimledger.ledger.grading import CREDIBILITY, RELIABILITY

Row = dict[str, Any]
NAMESPACE = uuid.UUID("6f3f1b52-5c57-4d4e-9a51-6a7f0c1c1a11")
#: STIX 2.1 spec, Appendix A, "Admiralty Credibility" to STIX confidence; 6 is "not present".
ADMIRALTY_CONFIDENCE: dict[int, int | None] = {1: 90, 2: 70, 3: 50, 4: 30, 5: 10, 6: None}
#: How claimledger's grade reads as a STIX opinion about the reported claim.
OPINION = {1: "strongly-agree", 2: "agree", 3: "neutral", 4: "disagree", 5: "strongly-disagree", 6: "neutral"}
IDENTITY_CLASS = {
    "person": "individual",
    "organization": "organization",
    "country": "organization",
    "outlet": "organization",
    "document": "system",
    "unnamed_group": "group",
    "group": "group",
}
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def sid(kind: str, key: str) -> str:
    """A stable STIX id, so re-exporting the same ledger yields the same objects."""
    return f"{kind}--{uuid.uuid5(NAMESPACE, f'{kind}:{key}')}"


PRODUCER_ID = sid("identity", "claimledger")
EXTENSION_ID = sid("extension-definition", "source-reliability.v1")


def when(value: str | None, default: datetime) -> datetime:
    """An article's ``published`` (a date or an ISO time) as an aware datetime."""
    if not value:
        return default
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return default
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def confidence(credibility: int) -> dict[str, int]:
    """``{"confidence": n}``, or nothing for credibility 6, as the spec's table says."""
    value = ADMIRALTY_CONFIDENCE[credibility]
    return {} if value is None else {"confidence": value}


def _web(url: object) -> str | None:
    return url if isinstance(url, str) and url.lower().startswith(("http://", "https://")) else None


def to_stix(snap: Snapshot, *, now: datetime | None = None) -> str:
    """The snapshot as a STIX 2.1 bundle, in one string."""
    return "".join(stix_chunks(snap, now=now))


def stix_chunks(snap: Snapshot, *, now: datetime | None = None) -> Iterator[str]:
    """The bundle in pieces, one object each, written as each is built: a large ledger's
    bundle starts at once and is never held twice in memory as a string."""
    yield f'{{"type": "bundle", "id": "bundle--{uuid.uuid4()}", "objects": [\n'
    for n, obj in enumerate(_objects(snap, now or datetime.now(UTC))):
        yield (",\n" if n else "") + str(obj.serialize())
    yield "\n]}\n"


def _objects(snap: Snapshot, stamp: datetime) -> Iterator[Any]:
    """Every object of the bundle: claimledger, the extension, the sources, each claim's
    Note and Opinions, then the articles' Reports (which refer to what came before)."""
    yield _producer()
    yield _extension()
    identities = _identities(snap)
    yield from identities.values()
    refs_by_article: dict[str, list[str]] = {}
    yield from _claim_objects(snap, identities, stamp, refs_by_article)
    yield from _reports(snap, refs_by_article, stamp)


def _producer() -> Any:
    """claimledger itself, the ``created_by_ref`` of every other object."""
    return stix2.Identity(
        id=PRODUCER_ID, name="claimledger", identity_class="system", created=EPOCH, modified=EPOCH
    )


def _extension() -> Any:
    """The declaration STIX requires for the source-reliability property extension."""
    return stix2.ExtensionDefinition(
        id=EXTENSION_ID,
        created_by_ref=PRODUCER_ID,
        created=EPOCH,
        modified=EPOCH,
        name="claimledger source reliability",
        description="Admiralty (NATO AJP-2.1) source reliability A-F, set by the analyst, "
        "and the grade the source's track record suggests.",
        schema="https://github.com/claimledger/claimledger/blob/main/docs/grading.md",
        version="1.0",
        extension_types=["property-extension"],
    )


def _identities(snap: Snapshot) -> dict[int, Any]:
    """One Identity per actor, by actor id, carrying its Admiralty reliability."""
    records = {s["id"]: s for s in snap.sources}
    identities: dict[int, Any] = {}
    for actor_id, a in snap.actors.items():
        rec = records.get(actor_id, {})
        identities[actor_id] = stix2.Identity(
            id=sid("identity", f"actor:{a['name']}"),
            name=str(a["name"]),
            identity_class=IDENTITY_CLASS.get(str(a["kind"]), "unknown"),
            created_by_ref=PRODUCER_ID,
            created=EPOCH,
            modified=EPOCH,
            extensions={
                EXTENSION_ID: {
                    "extension_type": "property-extension",
                    "reliability": a["grade"],
                    "reliability_label": RELIABILITY[a["grade"]],
                    "suggested_reliability": rec.get("suggested_grade", "F"),
                    "suggested_reason": rec.get("suggested_reason", ""),
                }
            },
        )
    return identities


def _claim_objects(
    snap: Snapshot, identities: dict[int, Any], stamp: datetime, refs_by_article: dict[str, list[str]]
) -> Iterator[Any]:
    """A Note (the statement) and an Opinion (its grade) per claim, and a denier's Opinion per
    denial; ``refs_by_article`` gathers what each article's Report refers to (the notes and
    actors it reported)."""
    in_bundle = {c["id"] for c in snap.claims}
    denied = snap.denied()
    for c in snap.claims:
        seen = when(c["first_seen"], stamp)
        note_id = sid("note", f"claim:{c['id']}")
        actor_refs = sorted(
            {
                identities[a].id
                for m in c["reports"]
                for a in (m["source_actor_id"], m["origin_actor_id"])
                if a in identities
            }
        )
        for m in c["reports"]:
            refs_by_article.setdefault(m["article_id"], []).extend([note_id, *actor_refs])
        yield _note(c, note_id, actor_refs, seen)
        yield _opinion(c, note_id, seen)
        targets = sorted(
            {sid("note", f"claim:{x['id']}") for x in denied.get(c["id"], ()) if x["id"] in in_bundle}
        )
        if targets:
            yield _denial(c, targets, identities, seen)


def _note(c: Row, note_id: str, actor_refs: list[str], seen: datetime) -> Any:
    """The claim's statement, referring to the reports that carried it and the actors behind it."""
    report_ids = sorted({sid("report", f"article:{m['article_id']}") for m in c["reports"]})
    denial = c["polarity"] == "negative"
    return stix2.Note(
        id=note_id,
        created_by_ref=PRODUCER_ID,
        created=seen,
        modified=seen,
        abstract=f"{'Denial' if denial else 'Claim'} {c['id']} "
        f"(credibility {c['credibility']}: {CREDIBILITY[c['credibility']]})",
        content=denial_sentence(c) if denial else c["text"],
        authors=sorted({str(m["origin"] or m["source"]) for m in c["reports"] if m["origin"] or m["source"]})
        or None,
        object_refs=report_ids + actor_refs or [PRODUCER_ID],
        labels=[f"admiralty-credibility-{c['credibility']}", *(["denial"] if denial else [])],
        **confidence(c["credibility"]),
    )


def _denial(c: Row, targets: list[str], identities: dict[int, Any], seen: datetime) -> Any:
    """The denier's opinion of the claims that assert what it denies: it disagrees."""
    deniers = sorted({m["origin_actor_id"] for m in c["reports"] if m["origin_actor_id"] in identities})
    return stix2.Opinion(
        id=sid("opinion", f"denial:{c['id']}"),
        created_by_ref=identities[deniers[0]].id if deniers else PRODUCER_ID,
        created=seen,
        modified=seen,
        opinion="strongly-disagree",
        explanation=f"{denial_sentence(c)} (claim {c['id']}).",
        authors=list(c["origins"]) or None,
        object_refs=targets,
    )


def _opinion(c: Row, note_id: str, seen: datetime) -> Any:
    """claimledger's grade of the claim, with every reason, as an opinion about its note."""
    return stix2.Opinion(
        id=sid("opinion", f"claim:{c['id']}"),
        created_by_ref=PRODUCER_ID,
        created=seen,
        modified=seen,
        opinion=OPINION[c["credibility"]],
        explanation=f"Admiralty credibility {c['credibility']} ({CREDIBILITY[c['credibility']]}): "
        + "; ".join(c["reasons"]),
        authors=["claimledger"],
        object_refs=[note_id],
        **confidence(c["credibility"]),
    )


def _reports(snap: Snapshot, refs_by_article: dict[str, list[str]], stamp: datetime) -> Iterator[Any]:
    """One Report per article, referring to the claims and actors it reported."""
    for article_id, a in snap.articles.items():
        published = when(a["published"], stamp)
        url = _web(a.get("url"))
        yield stix2.Report(
            id=sid("report", f"article:{article_id}"),
            created_by_ref=PRODUCER_ID,
            created=published,
            modified=published,
            published=published,
            name=str(a.get("title") or a.get("outlet") or article_id),
            description=f"Article {article_id}" + (f" from {a['outlet']}" if a.get("outlet") else ""),
            report_types=["threat-report"],
            object_refs=sorted(set(refs_by_article.get(article_id, []))) or [PRODUCER_ID],
            external_references=[{"source_name": str(a.get("outlet") or "article"), "url": url}]
            if url
            else None,
        )
