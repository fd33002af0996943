"""What parsing a web page may cost, checked before lxml or trafilatura see it.

libxml2 compares each attribute of an element with every earlier one (20,000 attributes
on one ``<div>``: seconds; 300,000: minutes), and trafilatura's pruning and htmldate's
date search grow faster than linearly with the number of elements (100,000 empty
``<span>`` took 27 s). Neither can be interrupted from Python once started, so a page is
measured first by :func:`check_html`, a linear scan that tokenizes tags as HTML5 does
(libxml2 2.14 follows HTML5), and refused over a limit with one line naming it.

Where HTML5 and an older parser could read markup differently, the scan takes the
reading that exposes more tags (a comment or a ``<script>`` ends at its earliest possible
end; one never closed is scanned as markup), so a limit cannot be dodged by hiding
attributes where the scan does not look. Nesting depth needs no limit of ours: libxml2
stops nesting at 256 levels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimledger.errors import InputError


@dataclass(frozen=True)
class HtmlLimits:
    """Caps far above any real article page (a long one has a few thousand elements,
    rarely 30 attributes on one) and low enough that reading stays within seconds."""

    attributes_per_element: int = 500
    attributes: int = 200_000
    elements: int = 30_000
    tag_name: int = 1_000
    #: Elements whose content is not markup (HTML's script, style...); XML has none.
    raw_text: frozenset[str] = frozenset(
        {"script", "style", "xmp", "iframe", "noembed", "noframes", "textarea", "title"}
    )


LIMITS = HtmlLimits()

#: Feeds: feedparser, too, is quadratic in the attributes of one element (40,000 took 17 s),
#: but linear in elements, and a long feed has hundreds of thousands (its entries are capped
#: per poll instead).
FEED_LIMITS = HtmlLimits(attributes=10**12, elements=10**12, raw_text=frozenset())

_WS = "\t\n\f\r "
# One attribute from HTML5's "before attribute name" state: separators, then a name (its first
# character may be "="), then an optional value. A quote opens a value only after "=", as in
# HTML5; an unclosed one runs to the end of the input. Every part is possessive in effect (no
# alternative can match what another gave up), so a match costs what it consumes.
_ATTR = re.compile(
    rf"""[{_WS}/]*(?:([^{_WS}/>][^{_WS}/>=]*)[{_WS}]*(?:=[{_WS}]*(?:"[^"]*"?|'[^']*'?|[^{_WS}>]*))?)?"""
)
_TAG_NAME = re.compile(rf"[^{_WS}/>]*")
# Elements whose text HTML5 never reads as markup, and the earliest place each may end.
_RAW_END = re.compile(r"</(script|style|xmp|iframe|noembed|noframes|textarea|title)", re.IGNORECASE)
_COMMENT_END = re.compile(r"--!?>")


def check_html(html: str, name: str, limits: HtmlLimits = LIMITS, *, kind: str = "HTML") -> None:
    """Raise InputError naming ``name`` if parsing ``html`` could cost more than ``limits``.

    Linear in the length of ``html``, and it stops at the first limit passed; ``kind``
    names the document in the message.
    """
    elements = attributes = 0
    unclosed: set[str] = set()  # raw-text elements with no end after some point: none later either
    pos = 0
    while (lt := html.find("<", pos)) >= 0:
        skip = _not_a_tag(html, lt)
        if skip is not None:
            pos = skip
            continue
        closing = html.startswith("</", lt)
        tag = _TAG_NAME.match(html, lt + 2 if closing else lt + 1)
        assert tag is not None  # matches the empty string at worst
        if len(tag.group()) > limits.tag_name:
            _refuse(name, kind, f"a tag name of over {limits.tag_name:,} characters (at character {lt:,})")
        count, pos = _attributes(html, tag.end(), limits.attributes_per_element)
        if count > limits.attributes_per_element:
            where = f"<{tag.group()[:40]}> at character {lt:,}"
            _refuse(
                name, kind, f"an element with over {limits.attributes_per_element:,} attributes ({where})"
            )
        if closing:
            continue
        elements += 1
        attributes += count
        if elements > limits.elements:
            _refuse(name, kind, f"over {limits.elements:,} elements")
        if attributes > limits.attributes:
            _refuse(name, kind, f"over {limits.attributes:,} attributes in all")
        raw = tag.group().lower()
        if raw in limits.raw_text and raw not in unclosed:
            # one never closed is scanned as markup: the reading that shows more
            closed = next((m for m in _RAW_END.finditer(html, pos) if m.group(1).lower() == raw), None)
            if closed:
                pos = closed.start()
            else:
                unclosed.add(raw)


def _not_a_tag(html: str, lt: int) -> int | None:
    """Where to go on if the ``<`` at ``lt`` opens no tag (a comment, a doctype, text); None
    if it opens a start or end tag."""
    if html.startswith("<!--", lt):
        if html.startswith(("<!-->", "<!--->"), lt):
            return lt + 4
        found = _COMMENT_END.search(html, lt + 4)
        return found.end() if found else lt + 4
    if html.startswith(("<!", "<?"), lt):  # doctype, CDATA, processing instruction: to the first ">"
        gt = html.find(">", lt)
        return gt + 1 if gt >= 0 else lt + 2
    first = html[lt + 2 : lt + 3] if html.startswith("</", lt) else html[lt + 1 : lt + 2]
    return None if first.isascii() and first.isalpha() else lt + 1


def _attributes(html: str, p: int, most: int) -> tuple[int, int]:
    """(attributes, where the tag ends) for the tag whose attributes start at ``p``; counting
    stops past ``most``."""
    count, end = 0, len(html)
    while p < end and html[p] != ">" and count <= most:
        m = _ATTR.match(html, p)
        assert m is not None and m.end() > p  # every character but ">" starts a match
        count += m.group(1) is not None
        p = m.end()
    return count, p + 1


def _refuse(name: str, kind: str, what: str) -> None:
    raise InputError(
        f"{kind} has {what}; refused before parsing, as reading it could take minutes", source=name
    )
