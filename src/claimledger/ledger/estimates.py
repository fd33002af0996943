"""Estimates of one thing over time: the figures, who gave them, and a terminal chart.

``estimates "North Korean troops"`` folds the query the same way figures were folded
at build time (demonym -> country, "soldiers" -> troops) and returns every figure whose
*thing* (what it counts, see :mod:`claimledger.ledger.figures`) holds every word of the
query: "North Korean troops in Russia" matches, a percentage or a sum of dollars does
not just because its unit is named. Figures whose thing names no country are included
when the rest matches, since "10,000 troops" in a story about North Korean troops is
usually about them. Figures of different kinds (a force size, casualties, a change, a
rate) are different series: each row says its kind, and the chart draws one per kind.
"""

from __future__ import annotations

import math
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from claimledger.ledger.claims import bounds
from claimledger.ledger.contradictions import fmt_interval
from claimledger.ledger.text import bag, thing_key
from claimledger.store.store import Store

Row = dict[str, Any]
FIELDS = ("value", "low", "high", "qualifier", "thing", "source", "origin", "published", "article_id")


def num(v: float | None) -> float | int | None:
    """Integral floats print as ints, so JSON reads like the article."""
    if v is None:
        return None
    return int(v) if float(v).is_integer() and abs(v) < 1e15 else v


def find_estimates(
    store: Store,
    thing: str,
    *,
    place: str | None = None,
    limit: int | None = None,
    originals_only: bool = False,
    kind: str | None = None,
) -> list[Row]:
    """Figures for ``thing`` (in ``place``, when given) in publication order, as the contract's objects.

    Figures are grouped by thing and place: ``place`` keeps those said to be there, and
    those whose statement names no place.
    """
    country, head = thing_key(thing)
    wanted = set(bag(thing))
    rows = [
        r
        for r in store.estimate_rows(originals_only=originals_only, tokens=sorted(wanted))
        if _matches(r, wanted, country, head)
    ]
    if kind:
        rows = [r for r in rows if (r.get("kind") or "stock") == kind]
    if place:
        rows = [r for r in rows if r.get("place") is None or str(r["place"]).lower() == place.strip().lower()]
    out = [{**estimate_dict(r), "duplicate_of": r.get("duplicate_of")} for r in rows]
    return out[:limit] if limit is not None else out


def _matches(r: Row, wanted: set[str], country: str | None, head: str) -> bool:
    """Does the figure's thing hold every word of the query? (A country the figure does not
    name is not held against it.)"""
    if r.get("thing_key") is None:  # a ledger built before figures had things: by unit
        return r["thing_head"] == head and (country is None or r["thing_country"] in (country, None))
    have = set(str(r["thing_key"]).split()) | {r["thing_head"]}
    if r["thing_country"]:
        have.add(f"@{r['thing_country']}")
    elif country is not None:
        have.add(f"@{country}")
    # every word of the query in the thing ("North Korean troops" in "North Korean troops in
    # Russia"), or a thing of the queried unit that says less ("Iranian instructors" for
    # "Iranian drone instructors"; a bare "troops" in an article about them)
    return wanted <= have or (r["thing_head"] in wanted and have <= wanted | {f"@{country}"})


def matched_things(rows: list[Row]) -> list[tuple[str, str, int]]:
    """The things (with their kind) a query matched and how many figures each: what was used."""
    counts: dict[tuple[str, str], int] = {}
    for r in rows:
        k = (r["thing"] or r.get("unit") or "", r.get("kind") or "stock")
        counts[k] = counts.get(k, 0) + 1
    return sorted(((t, k, n) for (t, k), n in counts.items()), key=lambda x: (-x[2], x[0]))


def estimate_dict(r: Row) -> Row:
    """The contract's estimate object (plus where it sits in the article).

    ``low`` and ``high`` are the bounds the article stated; ``bound_low`` and ``bound_high``
    the interval the figure allows, the one contradictions compare ("about 50": 45 and 55;
    "more than 40": 40 and null, no upper bound), and ``bounds`` that interval in words.
    """
    lo, hi = bounds(r["qualifier"], r["value"], r["low"], r["high"])
    return {
        "value": num(r["value"]),
        "low": num(r["low"]),
        "high": num(r["high"]),
        "bound_low": num(round(lo, 6)),  # 50 +/- 10 % is 45 and 55, not 55.00000000000001
        "bound_high": None if hi == math.inf else num(round(hi, 6)),
        "bounds": fmt_interval(lo, hi),
        "qualifier": r["qualifier"],
        "thing": r["thing"],
        "place": r.get("place"),
        "source": r["source"],
        "origin": r["origin"],
        "published": r["published"],
        "article_id": r["article_id"],
        "outlet": r["outlet"],
        "claim_id": r["claim_id"],
        "frame": r["frame"],
        "kind": r.get("kind") or "stock",
        "unit": r.get("unit"),
        "time": r.get("time_text"),
        "day": r.get("day"),
        "text": r["text"],
        "start": r["start"],
        "end": r["end"],
    }


def table(rows: list[Row], title: str) -> Table:
    """The figures as a table; every cell a ``Text``, so "[link=...]" in an outlet prints as written."""
    t = Table(title=Text(title))
    for col in (
        "published",
        "figure",
        "bounds",
        "qualifier",
        "kind",
        "thing",
        "frame",
        "source",
        "origin",
        "outlet",
    ):
        t.add_column(col)
    for r in rows:
        lo, hi = bounds(r["qualifier"], r["value"], r["low"], r["high"])
        cells = (
            r["published"] or "-",
            r["text"],
            fmt_interval(lo, hi),
            r["qualifier"],
            r.get("kind") or "stock",
            r.get("thing") or "-",
            r["frame"],
            r["source"] or "-",
            r["origin"] or "-",
            r["outlet"] or "-",
        )
        t.add_row(*(Text(str(c)) for c in cells))
    return t


def chart(rows: list[Row], width: int = 50) -> Text:
    """One line per figure: its bounds as a bar on a shared scale, the value as a dot."""
    intervals = [bounds(r["qualifier"], r["value"], r["low"], r["high"]) for r in rows]
    finite = [x for lo, hi in intervals for x in (lo, hi) if x != math.inf]
    top = max(finite, default=1.0) * 1.1 or 1.0
    out = Text()
    for r, (lo, hi) in zip(rows, intervals, strict=True):
        start = int(lo / top * width)
        end = width if hi == math.inf else max(start, int(hi / top * width))
        line = [" "] * (width + 1)
        for i in range(start, end + 1):
            line[i] = "─"
        if hi == math.inf:
            line[width] = "▶"
        value = r["value"] if r["value"] is not None else r["high"] or r["low"]
        if value is not None:
            line[min(width, int(value / top * width))] = "●"
        out.append(f"{(r['published'] or '-')[:10]:>10} ", style="dim")
        out.append("".join(line), style="cyan")
        out.append(f" {r['text']} ({r['origin'] or r['source'] or '-'})\n")
    out.append(f"{'':>10} 0{'':{width - 1}}{top:,.0f}\n", style="dim")
    return out


def render(rows: list[Row], thing: str) -> Group:
    """The table, the things matched, and one chart per kind: casualties are never drawn as
    if they were the force's size."""
    used = Text("Things matched: ", style="dim")
    used.append("; ".join(f"{t or '-'} [{k}] ({n})" for t, k, n in matched_things(rows)) or "none")
    parts: list[Table | Text] = [table(rows, f"Estimates: {thing}"), used]
    for kind in sorted({r.get("kind") or "stock" for r in rows}):
        series = [r for r in rows if (r.get("kind") or "stock") == kind]
        parts.append(Text(f"\n{kind}", style="bold"))
        parts.append(chart(series))
    return Group(*parts)
