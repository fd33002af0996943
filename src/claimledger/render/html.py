"""One analyzed article as a single self-contained HTML page.

The page must open from a mail attachment or an air-gapped laptop, so it carries
its CSS inline and references nothing outside itself (no JavaScript either: hover
linking uses CSS ``:has()``). Article text is untrusted: every piece of it, and of
the metadata, goes through :func:`html.escape` with ``quote=True`` before it reaches
the page, in element text and in attributes alike.

Highlights come from character offsets that may nest or cross (a quantity inside
a content, a hedge that is also the cue, a content that runs past another). The
article is cut at every span boundary and spans are opened outermost-first; when
a span ends while spans opened inside it are still running, those are closed and
reopened as continuation fragments, so the markup always nests and every
highlight element covers exactly ``text[data-start:data-end]``; the fragments of one
span share a ``data-mark`` (a span left whole needs none: its offsets name it).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from claimledger.analysis.profile import format_profile_lines, normalize_channel, sourcing_profile
from claimledger.models import ArticleAnalysis, Attribution, Span
from claimledger.render.text import (
    Links,
    factbank_code,
    format_factuality,
    format_hedge,
    format_quantity,
    link_records,
    quote_content,
)

# Outer to inner when two spans start together and end together.
_RANK = {"content": 0, "source": 1, "channel": 2, "cue": 3, "quantity": 4, "marker": 5}
_SAFE_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")

LEGEND: tuple[tuple[str, str, str], ...] = (
    ("hl-source", "Source", "who asserts the claim (person, organization, document, unnamed group)"),
    ("hl-cue", "Cue", "the word that attributes it: said, told, according to, confirm"),
    ("hl-channel", "Channel", "the outlet or platform that relayed it: “told the Associated Press”"),
    ("hl-content", "Content", "what is asserted; hover any piece to see its whole attribution"),
    ("hl-quantity", "Quantity", "a number as reported, with its bound (≈ about, ≤ as many as, ≥ at least)"),
    ("hl-hedge", "Hedge", "an epistemic marker weakening a claim: reportedly, presumed, may"),
    ("hl-unverified", "Unverified", "the writer says the claim is not verified"),
    ("hl-denial", "Denial", "a party rejects the claim"),
    ("hl-confirmation", "Confirmation", "a party confirms the claim"),
)

_CSS = """
:root { --ink:#1f2328; --muted:#656d76; --rule:#d0d7de; --bg:#fff; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 60rem; padding: 1.5rem 1.25rem 4rem;
  color: var(--ink); background: var(--bg);
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { font: 700 1.7rem/1.25 Georgia, "Times New Roman", serif; margin: 0 0 .4rem; }
h2 { font-size: 1.05rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted);
  border-bottom: 1px solid var(--rule); padding-bottom: .25rem; margin: 2rem 0 .75rem; }
.meta { color: var(--muted); font-size: .9rem; margin: 0; overflow-wrap: anywhere; }
.meta span + span::before { content: " · "; }
.cards { display: flex; flex-wrap: wrap; gap: .5rem; margin: 0 0 .75rem; padding: 0; list-style: none; }
.cards li { border: 1px solid var(--rule); border-radius: 6px; padding: .35rem .7rem; min-width: 7.5rem; }
.cards b { display: block; font-size: 1.35rem; line-height: 1.2; }
.cards small { color: var(--muted); }
.bar { display: flex; height: .7rem; border-radius: 4px; overflow: hidden; margin: .25rem 0 .75rem;
  background: #eee; }
.bar span { display: block; height: 100%; }
.b-named_person { background: #1c7ed6; } .b-named_organization { background: #7048e8; }
.b-document { background: #37b24d; } .b-anonymous { background: #f08c00; } .b-author { background: #868e96; }
.swatch { display: inline-block; width: .8em; height: .8em; border-radius: 2px; margin-right: .3em;
  vertical-align: -.05em; }
.summary { color: var(--muted); font-size: .9rem; margin: .2rem 0 0; padding-left: 1.1rem; }
.legend { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; margin: 0; }
.legend dt { margin: 0; } .legend dd { margin: 0; color: var(--muted); font-size: .92rem; }
.article { white-space: pre-wrap; overflow-wrap: break-word;
  font: 1.04rem/1.8 Georgia, "Times New Roman", serif;
  border-left: 3px solid var(--rule); padding-left: 1rem; }
.hl { border-radius: 2px; }
.hl-content { background: #fff3bf; box-shadow: 0 1px 0 #f2c94c; }
.hl-source { background: #d0ebff; color: #0b4f8a; font-weight: 600; }
.hl-cue { background: #d3f9d8; color: #1b5e20; font-weight: 600; }
.hl-channel { background: #e5dbff; color: #4b2a99; font-weight: 600; }
.hl-quantity { background: #ffe8cc; border-bottom: 2px solid #f08c00; }
.hl-hedge { text-decoration: underline wavy #adb5bd; background: #f1f3f5; }
.hl-unverified { background: #ffe3e3; text-decoration: underline wavy #e03131; }
.hl-denial { background: #fcc2d7; text-decoration: line-through #a61e4d; }
.hl-confirmation { background: #c3fae8; text-decoration: underline #0ca678; }
.ref { font: 600 .65rem/1 system-ui, sans-serif; vertical-align: super; color: #1c7ed6; text-decoration: none;
  margin-left: .1em; }
.ref::after { content: attr(data-label); }
.hl:target, tr:target { outline: 3px solid #fab005; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .86rem; }
td small { color: var(--muted); }
td code { font-size: .8rem; }
th, td { border-bottom: 1px solid var(--rule); padding: .35rem .4rem; text-align: left; vertical-align: top; }
th { font-size: .78rem; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); }
td.content { min-width: 15rem; font-family: Georgia, "Times New Roman", serif; }
td ul { margin: 0; padding-left: 0; list-style: none; }
td li + li { margin-top: .2rem; }
.note { color: #a61e4d; font-size: .9rem; }
footer { margin-top: 3rem; color: var(--muted); font-size: .8rem; }
@media print { .ref { display: none; } }
"""


def _e(value: object) -> str:
    """Escape for element text and double-quoted attributes alike."""
    return html.escape(str(value), quote=True)


@dataclass(frozen=True)
class _Mark:
    start: int
    end: int
    kind: str  # a _RANK key
    css: str
    title: str
    attrs: tuple[str, ...]
    seq: int
    anchor: str | None = None
    ref: str | None = None  # attribution key to link to the table after this span ends


@dataclass
class _Frag:
    mark: _Mark
    start: int
    end: int = -1
    first: bool = False


@dataclass
class _Layout:
    marks: list[_Mark] = field(default_factory=list)
    skipped: int = 0


def _attr_keys(attributions: Sequence[Attribution]) -> dict[str, str]:
    """Ids made safe for HTML ids and CSS selectors, and unique; readable ones are kept as-is."""
    keys: dict[str, str] = {}
    used: set[str] = set()
    for i, att in enumerate(attributions, 1):
        key = att.id if _SAFE_KEY.match(att.id) and att.id not in used else f"attr{i}"
        while key in used:
            key += "_"
        keys[att.id] = key
        used.add(key)
    return keys


def _speaker_title(att: Attribution) -> str:
    title = f"{att.speaker} ({att.source_type})"
    if att.source is not None and " ".join(att.source.text.split()) != att.speaker:
        title += f", written “{att.source.text}”"
    return title


def _collect_marks(analysis: ArticleAnalysis, keys: Mapping[str, str], links: Links) -> _Layout:
    text = analysis.text
    layout = _Layout()

    def add(span: Span | None, kind: str, css: str, title: str, attrs: Iterable[str], **kw: Any) -> None:
        if span is None:
            return
        # Offsets are the source of truth, but a span whose offsets do not hold its text would
        # highlight the wrong words; better to leave it out and say so.
        if not (0 <= span.start < span.end <= len(text)) or text[span.start : span.end] != span.text:
            layout.skipped += 1
            return
        layout.marks.append(
            _Mark(span.start, span.end, kind, css, title, tuple(attrs), len(layout.marks), **kw)
        )

    q_owner: dict[str, list[str]] = {}
    h_owner: dict[str, list[str]] = {}
    for att in analysis.attributions:
        key = keys[att.id]
        for q in links.quantities.get(att.id, []):
            q_owner.setdefault(q.id, []).append(key)
        for h in links.hedges.get(att.id, []):
            h_owner.setdefault(h.id, []).append(key)
        who = _speaker_title(att)
        facts = "; ".join(format_factuality(f) for f in att.factuality)
        add(
            att.content,
            "content",
            "hl-content",
            f"content ({att.quote_type} quote) · {att.id} · {who}" + (f" · {facts}" if facts else ""),
            [key],
            anchor=f"attr-{key}",
            ref=key,
        )
        add(att.source, "source", "hl-source", f"source: {who} · {att.id}", [key])
        if att.cue is not None:
            # the cue's own words are the highlighted text: the title adds whose cue it is
            add(att.cue, "cue", "hl-cue", f"cue · {att.id} · {att.speaker}", [key])
        if att.channel is not None:
            add(
                att.channel,
                "channel",
                "hl-channel",
                f"channel: {normalize_channel(att.channel.text)} · {att.id} · {att.speaker}",
                [key],
            )
    for q in analysis.quantities:
        owners = q_owner.get(q.id, [])
        add(q.span, "quantity", "hl-quantity", f"quantity: {format_quantity(q)}" + _of(owners), owners)
    for h in analysis.hedges:
        owners = h_owner.get(h.id, [])
        scope = f" — scope “{h.scope.text}”" if h.scope.text else ""
        add(h.span, "marker", f"hl-{h.kind}", f"{h.kind}: {h.span.text}{scope}" + _of(owners), owners)
    return layout


def _of(keys: Sequence[str]) -> str:
    return f" · {', '.join(keys)}" if keys else ""


def _open_tag(frag: _Frag, split: bool) -> str:
    """The opening tag of a fragment; ``split``: its mark has several fragments, which
    ``data-mark`` ties together (a whole mark is known by its offsets alone)."""
    m = frag.mark
    classes = f"hl {m.css}" if frag.first else f"hl {m.css} cont"
    parts = [
        f'<span class="{_e(classes)}"',
        f' data-start="{frag.start}" data-end="{frag.end}"',
        f' data-mark="m{m.seq}"' if split else "",
        f' title="{_e(m.title)}"',
    ]
    if m.attrs:
        parts.append(f' data-attr="{_e(" ".join(m.attrs))}"')
    if m.anchor and frag.first:
        parts.append(f' id="{_e(m.anchor)}"')
    parts.append(">")
    return "".join(parts)


def _highlight(text: str, marks: Sequence[_Mark], hrefs: Mapping[str, str] | None = None) -> str:
    """The escaped article with properly nested highlight spans (see module docstring);
    ``hrefs``: where the label after a content points (attribution key -> URL), by default
    its row on this page."""
    hrefs = hrefs or {}
    starts: dict[int, list[_Mark]] = {}
    for m in marks:
        starts.setdefault(m.start, []).append(m)
    bounds = sorted({0, len(text), *starts, *(m.end for m in marks)})
    out: list[str | _Frag] = []
    stack: list[_Frag] = []
    opened: set[int] = set()
    pos = 0
    for b in bounds:
        if b > pos:
            out.append(_e(text[pos:b]))
            pos = b
        reopen: list[_Mark] = []
        ending = [i for i, f in enumerate(stack) if f.mark.end == b]
        if ending:
            # Everything opened after the outermost ending span must close first; the ones
            # that run on are reopened as continuation fragments just below.
            idx = ending[0]
            for frag in reversed(stack[idx:]):
                frag.end = b
                out.append("</span>")
                if frag.mark.end > b:
                    reopen.append(frag.mark)
                elif frag.mark.ref:
                    # Empty anchor labelled by CSS, so the article's text content stays verbatim.
                    label = _e(frag.mark.ref)
                    href = _e(hrefs.get(frag.mark.ref, f"#row-{frag.mark.ref}"))
                    out.append(
                        f'<a class="ref" href="{href}" data-label="{label}" '
                        f'aria-label="attribution {label} in the table"></a>'
                    )
            del stack[idx:]
        for m in sorted(reopen + starts.get(b, []), key=lambda m: (-m.end, _RANK[m.kind], m.seq)):
            frag = _Frag(m, b, first=m.seq not in opened)
            opened.add(m.seq)
            out.append(frag)
            stack.append(frag)
    pieces: dict[int, int] = {}
    for x in out:
        if isinstance(x, _Frag):
            pieces[x.mark.seq] = pieces.get(x.mark.seq, 0) + 1
    return "".join(_open_tag(x, pieces[x.mark.seq] > 1) if isinstance(x, _Frag) else x for x in out)


def _profile_section(profile: Mapping[str, Any]) -> str:
    total = int(profile.get("attributions", 0))
    src = profile.get("sources", {})
    labels = (
        ("named_person", "named people"),
        ("named_organization", "named organizations"),
        ("document", "documents"),
        ("anonymous", "anonymous / unnamed"),
        ("author", "author’s own"),
    )
    cards = [f"<li><b>{total}</b><small>attributions</small></li>"]
    bar = []
    for key, label in labels:
        n = int(src.get(key, 0))
        cards.append(f'<li><b>{n}</b><small><span class="swatch b-{key}"></span>{_e(label)}</small></li>')
        if total and n:
            width = round(100 * n / total, 2)
            bar.append(f'<span class="b-{key}" style="width:{width}%" title="{_e(label)}: {n}"></span>')
    lines = "".join(f"<li>{_e(line)}</li>" for line in format_profile_lines(profile)[1:])
    return (
        '<section class="profile"><h2>Sourcing profile</h2>'
        f'<ul class="cards">{"".join(cards)}</ul>'
        '<div class="bar" role="img" aria-label="share of attributions by kind of source">'
        f"{''.join(bar)}</div>"
        f'<ul class="summary">{lines}</ul></section>'
    )


def _legend() -> str:
    rows = "".join(
        f'<dt><span class="hl {css}">{_e(name)}</span></dt><dd>{_e(desc)}</dd>' for css, name, desc in LEGEND
    )
    return (
        f'<section><h2>Legend</h2><dl class="legend">{rows}</dl>'
        '<p class="summary">Small blue labels after a content jump to its row in the table below; '
        "hover a highlight for details, or a table row to outline its pieces in the text.</p></section>"
    )


def _list(items: Sequence[str]) -> str:
    if not items:
        return ""
    if len(items) == 1:
        return _e(items[0])
    return "<ul>" + "".join(f"<li>{_e(i)}</li>" for i in items) + "</ul>"


def _source_cell(att: Attribution) -> str:
    if att.source is None:
        return "<em>the author</em><br><small>unattributed</small>"
    written = " ".join(att.source.text.split())
    cell = f"<strong>{_e(att.speaker)}</strong>"
    if written != att.speaker:
        cell += f"<br><small>written “{_e(written)}”</small>"
    return cell + f"<br><small>{_e(att.source_type)}</small>"


def _facts_cell(att: Attribution) -> str:
    items = "".join(
        f'<li title="{_e(format_factuality(f))}">{_e(f.holder)}: <code>{_e(factbank_code(f))}</code></li>'
        for f in att.factuality
    )
    return f"<ul>{items}</ul>" if items else ""


def _table(
    analysis: ArticleAnalysis,
    keys: Mapping[str, str],
    links: Links,
    rows_of: Collection[str] | None = None,
) -> str:
    """The attributions table (``rows_of``: only these attribution ids, in text order)."""
    head = (
        "<tr><th>#</th><th>Source</th><th>Cue</th><th>Channel</th><th>Content</th>"
        '<th title="FactBank: CT certain, PR probable, PS possible, Uu uncommitted; + positive, - negative">'
        "Factuality</th><th>Quantities</th><th>Hedges</th></tr>"
    )
    rows = []
    for att in analysis.attributions:
        if rows_of is not None and att.id not in rows_of:
            continue
        key = _e(keys[att.id])
        rows.append(
            f'<tr id="row-{key}" data-attr="{key}">'
            f'<td><a href="#attr-{key}">{_e(att.id)}</a></td>'
            f"<td>{_source_cell(att)}</td>"
            f"<td>{_e(att.cue.text) if att.cue else ''}</td>"
            f"<td>{_e(normalize_channel(att.channel.text)) if att.channel else ''}</td>"
            f'<td class="content">{_e(quote_content(att.content.text))}'
            f"<br><small>{_e(att.quote_type)} quote</small></td>"
            f"<td>{_facts_cell(att)}</td>"
            f"<td>{_list([format_quantity(q) for q in links.quantities.get(att.id, [])])}</td>"
            f"<td>{_list([format_hedge(h) for h in links.hedges.get(att.id, [])])}</td>"
            "</tr>"
        )
    if not rows:
        return "<p>No attributions were found.</p>"
    return f'<div class="table-wrap"><table>{head}{"".join(rows)}</table></div>'


def _unlinked(links: Links) -> str:
    parts = []
    if links.unlinked_quantities:
        items = "".join(
            f"<li>{_e(format_quantity(q))} — “{_e(q.span.text)}”</li>" for q in links.unlinked_quantities
        )
        parts.append(f"<section><h2>Quantities not linked to an attribution</h2><ul>{items}</ul></section>")
    if links.unlinked_hedges:
        items = "".join(
            f"<li>{_e(format_hedge(h))}" + (f" on “{_e(h.scope.text)}”" if h.scope.text else "") + "</li>"
            for h in links.unlinked_hedges
        )
        parts.append(f"<section><h2>Hedges not linked to an attribution</h2><ul>{items}</ul></section>")
    return "".join(parts)


def _hover_css(keys: Iterable[str], rows: Collection[str] | None = None) -> str:
    """Hovering a piece outlines every piece of its attribution; hovering a table row (of
    ``rows``, the keys the table lists; all by default) outlines its pieces in the text."""
    # Keys match _SAFE_KEY: CSS identifiers (no quotes needed) that cannot break out of the
    # selector or the <style> element.
    rules = [
        f".article:has([data-attr~={k}]:hover) [data-attr~={k}]"
        + (f",body:has(#row-{k}:hover) .article [data-attr~={k}]" if rows is None or k in rows else "")
        for k in keys
    ]
    if not rules:
        return ""
    return ",\n".join(rules) + " { outline: 2px solid #1c7ed6; outline-offset: 1px; }\n"


def _header(analysis: ArticleAnalysis) -> str:
    meta = analysis.meta
    title = meta.title or "(untitled article)"
    bits = [f"<span>{_e(v)}</span>" for v in (meta.outlet, meta.author, meta.published) if v]
    if meta.url:
        if re.match(r"^https?://", meta.url, re.IGNORECASE):
            # A navigation link, not an asset; any other scheme (javascript:, data:) stays text.
            bits.append(f'<span><a href="{_e(meta.url)}" rel="noopener noreferrer">{_e(meta.url)}</a></span>')
        else:
            bits.append(f"<span>{_e(meta.url)}</span>")
    bits.append(f"<span>id {_e(analysis.id)}</span>")
    return f'<header><h1>{_e(title)}</h1><p class="meta">{"".join(bits)}</p></header>'


@dataclass(frozen=True)
class Sections:
    """The pieces of an article's page, for a page that lays them out itself (the web app's)."""

    #: The CSS, with the hover rules of every attribution.
    style: str
    #: Header, sourcing profile, legend and the highlighted article.
    body: str
    #: The attributions table: every attribution, or the page of them asked for.
    table: str
    #: The quantities and hedges linked to no attribution.
    unlinked: str


def render_sections(
    analysis: ArticleAnalysis,
    *,
    rows: Collection[str] | None = None,
    elsewhere: Callable[[int, str], str] | None = None,
) -> Sections:
    """The page's pieces. With ``rows`` (attribution ids) the table lists only those, and the
    label after a content whose row is not listed points at ``elsewhere(index, key)`` (the
    attribution's position in text order and its key): the page that lists its row."""
    links = link_records(analysis)
    keys = _attr_keys(analysis.attributions)
    layout = _collect_marks(analysis, keys, links)
    profile = sourcing_profile(analysis.attributions + analysis.statements, analysis.hedges)
    note = (
        f'<p class="note">{layout.skipped} span(s) could not be highlighted: '
        "their offsets do not match the text.</p>"
        if layout.skipped
        else ""
    )
    listed = None if rows is None else {keys[i] for i in rows if i in keys}
    hrefs: dict[str, str] = {}
    if listed is not None and elsewhere is not None:
        for i, att in enumerate(analysis.attributions):
            if keys[att.id] not in listed:
                hrefs[keys[att.id]] = elsewhere(i, keys[att.id])
    highlighted = _highlight(analysis.text, layout.marks, hrefs)
    return Sections(
        style=_CSS + _hover_css(keys.values(), listed),
        body=f"{_header(analysis)}\n{_profile_section(profile)}\n{_legend()}\n"
        f'<section><h2>Article</h2>{note}<div class="article">{highlighted}</div></section>\n',
        table=_table(analysis, keys, links, rows),
        unlinked=_unlinked(links),
    )


def render_html(analysis: ArticleAnalysis) -> str:
    """A standalone page: profile, legend, highlighted article, attribution table."""
    parts = render_sections(analysis)
    title = analysis.meta.title or "(untitled article)"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="generator" content="claimledger">'
        f"<title>{_e(title)} · claimledger</title>"
        f"<style>{parts.style}</style></head>\n<body>\n"
        f"{parts.body}"
        f"<section><h2>Attributions</h2>{parts.table}</section>\n{parts.unlinked}\n"
        "<footer>Generated by claimledger. Highlights are placed by character offsets into the text above."
        "</footer>\n</body></html>\n"
    )


__all__ = ["LEGEND", "Sections", "render_html", "render_sections"]
