"""CSV (one row per claim) and JSON (the whole snapshot) exports."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from claimledger.export.snapshot import Snapshot

CSV_FIELDS = (
    "id",
    "text",
    "credibility",
    "credibility_label",
    "polarity",
    "origins",
    "outlets",
    "articles",
    "first_seen",
    "last_seen",
    "contradicted_by",
    "admiralty",
)
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> str:
    """A CSV cell that a spreadsheet will not run: article text may start with ``=``."""
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def to_csv(snap: Snapshot) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(CSV_FIELDS)
    for c in snap.claims:
        writer.writerow([cell(c[f]) for f in CSV_FIELDS])
    return buf.getvalue()


def to_json(snap: Snapshot) -> str:
    claims = [
        {**{k: v for k, v in c.items() if k != "reports"}, "reports": [_report(m) for m in c["reports"]]}
        for c in snap.claims
    ]
    data = {
        "claims": claims,
        "articles": [{"id": i, **a} for i, a in snap.articles.items()],
        "sources": snap.sources,
        "contradictions": [
            {"a": x["a"]["id"], "b": x["b"]["id"], "kind": x["kind"], "reason": x["reason"]}
            for x in snap.contradictions
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _report(m: dict[str, Any]) -> dict[str, Any]:
    keys = ("article_id", "attribution_id", "source", "source_actor_id", "origin", "origin_actor_id")
    return {k: m[k] for k in (*keys, "outlet", "published")}
