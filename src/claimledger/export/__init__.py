"""Exports to the formats other tools read: STIX 2.1, ClaimReview, Web Annotation, GraphML, CSV, JSON.

``export(store, fmt, story)`` is what both ``claimledger export`` and the web app's
``/export/FMT`` download call.
"""

from __future__ import annotations

from collections.abc import Callable

from claimledger.errors import InputError
from claimledger.export.claimreview import to_claimreview
from claimledger.export.graphml import to_graphml
from claimledger.export.snapshot import Snapshot, collect
from claimledger.export.stix import to_stix
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


def export(store: Store, fmt: str, story: list[str] | None = None) -> str:
    """The ledger (or the story around ``story`` actors) in format ``fmt``."""
    if fmt not in WRITERS:
        raise InputError(f"format must be one of {', '.join(WRITERS)}, not {fmt!r}")
    return WRITERS[fmt](collect(store, story))


__all__ = ["FORMATS", "Snapshot", "collect", "export"]
