"""Exports to the formats other tools read: STIX 2.1, ClaimReview, Web Annotation, GraphML, CSV, JSON.

``export_chunks(store, fmt, story)`` is what both ``claimledger export`` and the web app's
``/export/FMT`` download call: it reads the ledger at once (so a bad ``story`` fails before
anything is written) and yields the file in pieces, STIX object by object, so a large bundle
is streamed. ``export`` joins the pieces.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from claimledger.errors import InputError
from claimledger.export.claimreview import Reviewer, to_claimreview
from claimledger.export.graphml import to_graphml
from claimledger.export.snapshot import Snapshot, collect
from claimledger.export.stix import stix_chunks, to_stix
from claimledger.export.tabular import to_csv, to_json
from claimledger.export.webannotation import to_webannotation
from claimledger.store import Store

#: format -> (media type, file extension)
FORMATS: dict[str, tuple[str, str]] = {
    "stix": ("application/stix+json;version=2.1", "stix.json"),
    "claimreview": ("application/ld+json", "jsonld"),
    "webannotation": ('application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"', "jsonld"),
    "graphml": ("application/graphml+xml", "graphml"),
    "csv": ("text/csv; charset=utf-8", "csv"),
    "json": ("application/json", "json"),
}
WRITERS: dict[str, Callable[[Snapshot], str]] = {
    "stix": to_stix,
    "claimreview": to_claimreview,
    "webannotation": to_webannotation,
    "graphml": to_graphml,
    "csv": to_csv,
    "json": to_json,
}


#: formats written piece by piece
CHUNKED: dict[str, Callable[[Snapshot], Iterator[str]]] = {"stix": stix_chunks}


def export_chunks(
    store: Store, fmt: str, story: list[str] | None = None, *, reviewer: Reviewer | None = None
) -> Iterator[str]:
    """The ledger (or the story around ``story`` actors) in format ``fmt``, in pieces;
    ``reviewer`` publishes ClaimReview's reviews.

    The store is read before this returns; iterating only writes."""
    if fmt not in WRITERS:
        raise InputError(f"format must be one of {', '.join(WRITERS)}, not {fmt!r}")
    snap = collect(store, story)
    if fmt == "claimreview":
        return iter([to_claimreview(snap, reviewer)])
    if fmt in CHUNKED:
        return CHUNKED[fmt](snap)
    return iter([WRITERS[fmt](snap)])


def export(
    store: Store, fmt: str, story: list[str] | None = None, *, reviewer: Reviewer | None = None
) -> str:
    """The ledger (or the story around ``story`` actors) in format ``fmt``, in one string."""
    return "".join(export_chunks(store, fmt, story, reviewer=reviewer))


__all__ = ["FORMATS", "Reviewer", "Snapshot", "collect", "export", "export_chunks"]
