"""Charts drawn on the server as inline SVG, so pages need no script and no external asset.

Every label comes from articles, so every label goes through :func:`markupsafe.escape`;
the functions return :class:`markupsafe.Markup` that templates can print as is.
"""

from __future__ import annotations

import colorsys
import math
from collections.abc import Callable
from datetime import date
from typing import Any

from markupsafe import Markup, escape

from claimledger.ledger.claims import bounds

Row = dict[str, Any]
PALETTE = ("#1c7ed6", "#e8590c", "#2f9e44", "#7048e8", "#c2255c", "#0c8599", "#5c940d", "#862e9c")
#: The golden angle: successive hues past the palette never land on one already used.
_GOLDEN = 137.50776405003785


def series_color(n: int) -> str:
    """The colour of the ``n``-th series: the palette, then hues a golden angle apart
    (at two lightnesses), so no two series of a chart share a colour."""
    if n < len(PALETTE):
        return PALETTE[n]
    k = n - len(PALETTE)
    hue = ((20 + k * _GOLDEN) % 360) / 360
    r, g, b = colorsys.hls_to_rgb(hue, 0.38 if k % 2 else 0.48, 0.7)
    return f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"


def _day(published: str | None) -> int | None:
    try:
        return date.fromisoformat((published or "")[:10]).toordinal()
    except ValueError:
        return None


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if abs(v) >= 10 else f"{v:g}"


def nice_ticks(largest: float, count: int = 4) -> list[float]:
    """Ticks from 0 past ``largest`` at a round step (1, 2, 2.5 or 5 times a power of ten):
    0, 25, 50, 75, 100 rather than 0, 28.75, 57.5, ..."""
    if largest <= 0:
        return [0.0, 1.0]
    raw = largest / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    n = math.ceil(largest / step - 1e-9)
    return [i * step for i in range(n + 1)]


#: The width of one character of an axis label (11 px system-ui, digits and commas).
CHAR_PX = 7


def estimates_chart(rows: list[Row], *, width: int = 720, height: int = 320) -> Markup:
    """Figures over time, one colour per source, each with its low-high band."""
    points = []
    for r in rows:
        day = _day(r["published"])
        if day is None:
            continue
        lo, hi = bounds(r["qualifier"], r["value"], r["low"], r["high"])
        mid = r["value"] if r["value"] is not None else (r["high"] if r["high"] is not None else r["low"])
        points.append((day, lo, hi, mid, str(r["origin"] or r["source"] or "unknown"), r))
    if not points:
        return Markup('<p class="empty">No dated figures to chart.</p>')
    finite = [v for p in points for v in (p[1], p[2], p[3]) if v is not None and v != math.inf]
    ticks = nice_ticks((max(finite, default=1.0) or 1.0) * 1.05)
    top = ticks[-1]
    d0 = min(p[0] for p in points)
    d1 = max(p[0] for p in points)
    span = max(d1 - d0, 1)
    # the axis labels decide the left margin: "800,000,000" was cut to "00,000,000"
    left = max(40, CHAR_PX * max(len(_fmt(v)) for v in ticks) + 12)
    right, pad_top, bottom = 190, 15, 40
    pw, ph = width - left - right, height - pad_top - bottom

    def x(day: int) -> float:
        return left + (day - d0) / span * pw if d1 > d0 else left + pw / 2

    def y(v: float) -> float:
        return pad_top + ph - min(v, top) / top * ph

    series: dict[str, list[tuple[int, float, float, float | None, str, Row]]] = {}
    for p in points:
        series.setdefault(p[4], []).append(p)
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
        'xmlns="http://www.w3.org/2000/svg"><title>Estimates over time</title>'
    ]
    parts += _axis_labels(
        ticks, [x(d) for d in (d0, (d0 + d1) // 2, d1)], [d0, (d0 + d1) // 2, d1], left, pw, y, height
    )
    legend_rows = max(1, (height - pad_top - 14) // 18)
    hidden = max(0, len(series) - legend_rows) and len(series) - legend_rows + 1
    for n, (name, pts) in enumerate(series.items()):
        color = series_color(n)
        pts.sort(key=lambda p: p[0])
        if len(pts) > 1:
            upper = " ".join(f"{x(p[0]):.1f},{y(p[2]):.1f}" for p in pts)
            lower = " ".join(f"{x(p[0]):.1f},{y(p[1]):.1f}" for p in reversed(pts))
            parts.append(f'<polygon points="{upper} {lower}" fill="{color}" fill-opacity="0.12"/>')
            line = " ".join(f"{x(p[0]):.1f},{y(p[3]):.1f}" for p in pts if p[3] is not None)
            parts.append(f'<polyline points="{line}" fill="none" stroke="{color}" stroke-width="1.5"/>')
        for day, lo, hi, mid, _name, r in pts:
            cx = x(day)
            label = escape(f"{r['published'] or ''}: {r['text']} ({name}; {r['qualifier']})")
            parts.append(
                f'<g class="est"><title>{label}</title>'
                f'<rect x="{cx - 4:.1f}" y="{y(hi):.1f}" width="8" height="{max(y(lo) - y(hi), 1):.1f}" '
                f'fill="{color}" fill-opacity="0.35" rx="2"/>'
            )
            if hi == math.inf:
                parts.append(f'<path d="M{cx - 5:.1f},{pad_top + 6} l5,-6 l5,6z" fill="{color}"/>')
            if mid is not None:
                parts.append(f'<circle cx="{cx:.1f}" cy="{y(mid):.1f}" r="4" fill="{color}"/>')
            parts.append("</g>")
        if not (hidden and n >= legend_rows - 1):  # past that, named in the table only
            parts.append(_legend_row(left + pw + 14, pad_top + 14 + n * 18, color, name))
    if hidden:
        ly = pad_top + 14 + (legend_rows - 1) * 18
        parts.append(
            f'<text x="{left + pw + 14}" y="{ly}" class="legend">+ {hidden} more (in the table)</text>'
        )
    parts.append(
        f'<line x1="{left}" x2="{left}" y1="{pad_top}" y2="{pad_top + ph}" class="axis"/>'
        f'<line x1="{left}" x2="{left + pw}" y1="{pad_top + ph}" y2="{pad_top + ph}" class="axis"/></svg>'
    )
    return Markup("".join(parts))


def _axis_labels(
    ticks: list[float],
    xs: list[float],
    days: list[int],
    left: int,
    pw: int,
    y: Callable[[float], float],
    height: int,
) -> list[str]:
    """Grid lines with their values, and the first, middle and last dates: the first starts
    at the axis and the last ends at the plot's edge, clear of the legend."""
    out = [
        f'<line x1="{left}" x2="{left + pw}" y1="{y(v):.1f}" y2="{y(v):.1f}" class="grid"/>'
        f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end" class="tick">{escape(_fmt(v))}</text>'
        for v in ticks
    ]
    if days[0] == days[-1]:
        xs, days, anchors = xs[:1], days[:1], ["middle"]
    else:
        anchors = ["start", "middle", "end"]
    seen = set()
    for cx, day, anchor in zip(xs, days, anchors, strict=True):
        if day in seen:
            continue
        seen.add(day)
        out.append(
            f'<text x="{cx:.1f}" y="{height - 18}" text-anchor="{anchor}" class="tick">'
            f"{escape(date.fromordinal(day).isoformat())}</text>"
        )
    return out


def _legend_row(lx: int, ly: int, color: str, name: str) -> str:
    return (
        f'<rect x="{lx}" y="{ly - 9}" width="10" height="10" fill="{color}"/>'
        f'<text x="{lx + 16}" y="{ly}" class="legend">{escape(_clip(name, 24))}</text>'
    )


def origin_graph(reports: list[Row], *, width: int = 720) -> Markup:
    """Origins -> sources that relayed them -> outlets that printed them, for one claim."""
    cols: list[list[str]] = [[], [], []]
    edges: set[tuple[int, str, str]] = set()
    for r in reports:
        names = (str(r["origin"] or "(no origin)"), str(r["source"] or "(author)"), str(r["outlet"] or "?"))
        for i, name in enumerate(names):
            if name not in cols[i]:
                cols[i].append(name)
        edges.add((0, names[0], names[1]))
        edges.add((1, names[1], names[2]))
    if not reports:
        return Markup('<p class="empty">No reports.</p>')
    row_h, top = 30, 30
    height = top + row_h * max(len(c) for c in cols) + 10
    xs = (20, width // 2 - 100, width - 220)
    box_w = 200

    def cy(col: int, name: str) -> float:
        return top + row_h * cols[col].index(name) + 11

    parts = [
        f'<svg class="graph" role="img" viewBox="0 0 {width} {height}" width="100%" '
        'xmlns="http://www.w3.org/2000/svg"><title>Origins, sources and outlets</title>'
    ]
    for i, head in enumerate(("origin", "source", "outlet")):
        parts.append(f'<text x="{xs[i]}" y="16" class="head">{head}</text>')
    for col, a, b in sorted(edges):
        x1, x2 = xs[col] + box_w, xs[col + 1]
        y1, y2 = cy(col, a), cy(col + 1, b)
        mx = (x1 + x2) / 2
        parts.append(f'<path d="M{x1},{y1:.1f} C{mx},{y1:.1f} {mx},{y2:.1f} {x2},{y2:.1f}" class="edge"/>')
    for i, col_names in enumerate(cols):
        for name in col_names:
            y0 = cy(i, name) - 11
            parts.append(
                f'<g class="node n{i}"><title>{escape(name)}</title>'
                f'<rect x="{xs[i]}" y="{y0:.1f}" width="{box_w}" height="22" rx="4"/>'
                f'<text x="{xs[i] + 6}" y="{y0 + 15:.1f}">{escape(_clip(name, 30))}</text></g>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))


def credibility_bars(rows: list[Row], *, width: int = 360) -> Markup:
    """Claims per credibility grade as horizontal bars."""
    most = max((r["claims"] for r in rows), default=0) or 1
    parts = [
        f'<svg class="bars" role="img" viewBox="0 0 {width} {len(rows) * 24 + 4}" width="100%" '
        'xmlns="http://www.w3.org/2000/svg"><title>Claims by credibility</title>'
    ]
    for i, r in enumerate(rows):
        w = (width - 230) * r["claims"] / most  # room after the bar for a count of 5 digits
        y0 = i * 24 + 2
        parts.append(
            f'<text x="0" y="{y0 + 15}" class="tick">{r["credibility"]} {escape(r["label"])}</text>'
            f'<rect x="170" y="{y0 + 3}" width="{w:.1f}" height="16" class="g{r["credibility"]}"/>'
            f'<text x="{174 + w:.1f}" y="{y0 + 15}" class="tick">{r["claims"]}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
