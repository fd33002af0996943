"""One analyzed article for the terminal: profile first, then who said what.

Attributions are grouped by speaker because that is how a fact-checker reads a
piece ("what did Zelensky say, and through whom?"). Article text is only ever put
into ``rich.text.Text`` objects, never into markup strings, so "[bold]" or "[/]" in
an article prints literally instead of styling or crashing the output.

The small ``format_*`` helpers are shared with the HTML renderer so both views
describe a quantity or a hedge in the same words.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from io import StringIO

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from claimledger.analysis.profile import format_profile_lines, sourcing_profile
from claimledger.models import ArticleAnalysis, Attribution, Factuality, Hedge, Quantity
from claimledger.render.terminal import printable

_QUALIFIER_SIGN = {"approximate": "≈", "upper_bound": "≤", "lower_bound": "≥", "exact": ""}
_CERTAINTY_CODE = {"certain": "CT", "probable": "PR", "possible": "PS", "unknown": "U"}
_POLARITY_CODE = {"positive": "+", "negative": "-", "unknown": "u"}
_HEDGE_STYLE = {
    "hedge": "yellow",
    "unverified": "bold red",
    "denial": "bold magenta",
    "confirmation": "bold green",
}


def format_number(value: float) -> str:
    """Print numbers the way articles do: thousands separators, no trailing ".0"."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.3f}".rstrip("0").rstrip(".")


def format_quantity(q: Quantity) -> str:
    """Value with its bound made explicit, e.g. "≤10,000 troops (upper_bound)"."""
    if q.qualifier == "range" and (q.low is not None or q.high is not None):
        low = format_number(q.low) if q.low is not None else "?"
        high = format_number(q.high) if q.high is not None else "?"
        number = f"{low}–{high}"
    else:
        bound = {"upper_bound": q.high, "lower_bound": q.low}.get(q.qualifier)
        value = q.value if q.value is not None else bound
        number = format_number(value) if value is not None else (q.number_text or q.span.text)
        number = _QUALIFIER_SIGN.get(q.qualifier, "") + number
    thing = " ".join(q.unit_or_thing.split())
    return f"{number} {thing} ({q.qualifier})" if thing else f"{number} ({q.qualifier})"


def factbank_code(f: Factuality) -> str:
    """FactBank's compact value (CT+, PR-, Uu) for readers who know the scheme."""
    if f.certainty == "unknown":
        return "Uu"
    return _CERTAINTY_CODE.get(f.certainty, "U") + _POLARITY_CODE.get(f.polarity, "u")


def format_factuality(f: Factuality) -> str:
    """One holder's commitment, in words and as a FactBank code."""
    if f.certainty == "unknown" and f.polarity == "unknown":
        return f"{f.holder}: uncommitted ({factbank_code(f)})"
    return f"{f.holder}: {f.certainty}, {f.polarity} ({factbank_code(f)})"


def format_hedge(h: Hedge) -> str:
    """The marker in brackets with its kind first, e.g. "[unverified: has yet to be ...]"."""
    return f"[{h.kind}: {' '.join(h.span.text.split())}]"


def quote_content(text: str) -> str:
    """Wrap content in quote marks unless it already carries its own (direct quotes)."""
    text = _clean(text)
    if len(text) > 1 and text[0] in "\"“'‘" and text[-1:] in "\"”'’,.":
        return text
    return f"“{text}”"


@dataclass
class Links:
    """Which quantities and hedges belong to which attribution, and which to none."""

    quantities: dict[str, list[Quantity]] = field(default_factory=dict)
    hedges: dict[str, list[Hedge]] = field(default_factory=dict)
    unlinked_quantities: list[Quantity] = field(default_factory=list)
    unlinked_hedges: list[Hedge] = field(default_factory=list)


def link_records(analysis: ArticleAnalysis) -> Links:
    """Resolve links both ways (``quantity_ids``, ``Quantity.attribution_id``); dangling ids are ignored."""
    att_ids = {a.id for a in analysis.attributions}
    qs = {q.id: q for q in analysis.quantities}
    hs = {h.id: h for h in analysis.hedges}
    links = Links()
    linked_q: set[str] = set()
    linked_h: set[str] = set()
    for att in analysis.attributions:
        q_ids = [qid for qid in att.quantity_ids if qid in qs]
        q_ids += [q.id for q in analysis.quantities if q.attribution_id == att.id and q.id not in q_ids]
        links.quantities[att.id] = sorted((qs[i] for i in q_ids), key=lambda q: q.span.start)
        links.hedges[att.id] = sorted(
            (hs[i] for i in dict.fromkeys(att.hedge_ids) if i in hs), key=_hedge_pos
        )
        linked_q.update(q_ids)
        linked_h.update(h.id for h in links.hedges[att.id])
    links.unlinked_quantities = [
        q for q in analysis.quantities if q.id not in linked_q and q.attribution_id not in att_ids
    ]
    links.unlinked_hedges = [h for h in analysis.hedges if h.id not in linked_h]
    return links


def _hedge_pos(h: Hedge) -> int:
    return h.span.start


def group_by_speaker(attributions: Iterable[Attribution]) -> list[tuple[str, list[Attribution]]]:
    """Speakers with most attributions first (ties by first appearance); the author last."""
    groups: dict[str, tuple[str, list[Attribution]]] = {}
    for att in attributions:
        name = " ".join(att.speaker.split())
        groups.setdefault(name.casefold(), (name, []))[1].append(att)
    ordered = sorted(groups.values(), key=lambda g: -len(g[1]))
    authors = [g for g in ordered if all(a.source_type == "author" for a in g[1])]
    return [g for g in ordered if g not in authors] + authors


def _clean(text: str) -> str:
    """One line of untrusted text for the terminal: blanks folded, control characters escaped."""
    return printable(" ".join(text.split()))


def _attribution_rows(att: Attribution, speaker: str, links: Links) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold cyan", no_wrap=True)
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(overflow="fold")

    how = Text()
    if att.cue is not None:
        how.append(_clean(att.cue.text), style="green")
    else:
        how.append("unattributed" if att.source_type == "author" else "(no cue)", style="green")
    if att.channel is not None:
        how.append(" via ")
        how.append(_clean(att.channel.text), style="magenta")
    how.append(f" · {att.quote_type} quote", style="dim")
    grid.add_row(Text(att.id), Text("cue"), how)
    if att.source is not None and _clean(att.source.text) != speaker:
        grid.add_row(Text(""), Text("as written"), Text(_clean(att.source.text)))
    grid.add_row(Text(""), Text("content"), Text(quote_content(att.content.text), style="italic"))
    if att.factuality:
        grid.add_row(
            Text(""),
            Text("factuality"),
            Text(_clean("; ".join(format_factuality(f) for f in att.factuality))),
        )
    for i, q in enumerate(links.quantities.get(att.id, [])):
        line = Text(_clean(format_quantity(q)), style="bold yellow")
        line.append(f" — “{_clean(q.span.text)}”", style="dim")
        grid.add_row(Text(""), Text("quantities" if i == 0 else ""), line)
    for i, h in enumerate(links.hedges.get(att.id, [])):
        grid.add_row(
            Text(""),
            Text("hedges" if i == 0 else ""),
            Text(_clean(format_hedge(h)), style=_HEDGE_STYLE[h.kind]),
        )
    return grid


def _header(analysis: ArticleAnalysis) -> RenderableType:
    meta = analysis.meta
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, value in (
        ("outlet", meta.outlet),
        ("author", meta.author),
        ("published", meta.published),
        ("url", meta.url),
        ("id", analysis.id),
    ):
        if value:
            grid.add_row(Text(label), Text(_clean(value)))
    title = Text(_clean(meta.title) if meta.title else "(untitled article)", style="bold")
    return Panel(Group(title, grid), box=box.ROUNDED, expand=True)


def _section(title: str) -> Text:
    return Text(f"\n{title}", style="bold underline")


def _unlinked(links: Links) -> Sequence[RenderableType]:
    out: list[RenderableType] = []
    if links.unlinked_quantities:
        out.append(_section("Quantities not linked to an attribution"))
        for q in links.unlinked_quantities:
            line = Text("  ")
            line.append(_clean(format_quantity(q)), style="bold yellow")
            line.append(f" — “{_clean(q.span.text)}”", style="dim")
            out.append(line)
    if links.unlinked_hedges:
        out.append(_section("Hedges not linked to an attribution"))
        for h in links.unlinked_hedges:
            line = Text("  ")
            line.append(_clean(format_hedge(h)), style=_HEDGE_STYLE[h.kind])
            if h.scope.text:
                line.append(f" on “{_clean(h.scope.text)}”", style="dim")
            out.append(line)
    return out


def render_text(analysis: ArticleAnalysis, *, color: bool = False, width: int = 100) -> str:
    """The terminal view of one article; plain text (no ANSI codes) unless ``color``."""
    buffer = StringIO()
    console = Console(
        file=buffer,
        width=max(width, 40),
        force_terminal=color,
        color_system="standard" if color else None,
        no_color=not color,
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
    )
    # The author's own statements are listed last, as "The author's own assertions".
    analysis = dataclasses.replace(
        analysis, attributions=analysis.attributions + analysis.statements, statements=()
    )
    links = link_records(analysis)
    console.print(_header(analysis))

    console.print(_section("Sourcing profile"))
    # Recomputed from the records (not analysis.profile) so it can never disagree with the list below.
    for line in format_profile_lines(sourcing_profile(analysis.attributions, analysis.hedges)):
        console.print(Padding(Text(_clean(line)), (0, 0, 0, 2)))

    console.print(_section("Attributions by source"))
    if not analysis.attributions:
        console.print(Text("  (none found)", style="dim"))
    for speaker, atts in group_by_speaker(analysis.attributions):
        head = Text("\n")
        count = f"{len(atts)} attribution{'s' if len(atts) != 1 else ''}"
        if all(a.source_type == "author" for a in atts):
            head.append("The author's own assertions", style="bold blue")
            head.append(f"  (unattributed; {count})", style="dim")
        else:
            types = ", ".join(dict.fromkeys(a.source_type for a in atts))
            head.append(_clean(speaker), style="bold blue")
            head.append(f"  ({types}; {count})", style="dim")
        console.print(head)
        for att in atts:
            console.print(Padding(_attribution_rows(att, speaker, links), (0, 0, 0, 2)))

    for renderable in _unlinked(links):
        console.print(renderable)
    # Tables pad every cell to the column width; trailing blanks only get in the way of diffs and grep.
    return "\n".join(line.rstrip() for line in buffer.getvalue().split("\n"))
