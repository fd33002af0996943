"""CSV (one row per claim, or per figure) and JSON (the whole snapshot) exports."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from claimledger.export.snapshot import Snapshot
from claimledger.ledger import estimates as est

Row = dict[str, Any]

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


#: ``estimates --format csv``: the figure, its bounds and who gave it, then where and in what words.
#: The estimates CSV's columns: those it always had, then the interval the figure allows.
ESTIMATE_FIELDS = (
    *est.FIELDS,
    *("place", "outlet", "claim_id", "frame", "text", "bound_low", "bound_high", "bounds"),
)


def cell(value: Any) -> str:
    """A CSV cell that a spreadsheet will not run: article text may start with ``=``.

    Text starting with ``= + - @``, a tab or a carriage return gets a leading ``'``; a
    number (a negative bound, say) is written as it is, since a number is never a formula.
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """The one CSV writer: every export and command that writes CSV goes through here, so
    every cell goes through :func:`cell`."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return buf.getvalue()


def to_csv(snap: Snapshot) -> str:
    """One row per claim."""
    return write_csv(CSV_FIELDS, ([c[f] for f in CSV_FIELDS] for c in snap.claims))


def estimates_csv(rows: Sequence[Row]) -> str:
    """One row per figure, as ``estimates --format csv`` prints them."""
    return write_csv(ESTIMATE_FIELDS, ([r.get(f) for f in ESTIMATE_FIELDS] for r in rows))


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
