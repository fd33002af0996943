"""Quotation marks: where quotes are, and how an attribution's content meets them.

Whether a content is quoted decides its ``quote_type`` (direct, mixed or indirect),
and quotation marks bound a content better than the parse does. ``find_quotes`` pairs
the marks (curly quotes by shape, straight double quotes in order, never across a
paragraph); the helpers grow a content to the marks it cuts through, join a quote
split by its cue ("'The bridge,' he said, 'is closed.'") into one content, find the
quote right next to a cue's clause, and trim what the speaker did not say (a trailing
adjunct, text past the cue's paragraph). All but ``adjacent_quote`` work on plain
text and char offsets, without a parse.

Everything here is linear or n log n in the text and the number of quotation marks:
an article of 10,000 quotation marks or 5,000 cues costs what its length says.
:class:`Quotes` keeps the spans sorted with their starts, so that "which quotes touch
this range" is a bisection, not a scan; a quotation is at most :data:`MAX_QUOTE_CHARS`
long, which bounds every such window.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from spacy.tokens import Token

from claimledger.models import QuoteType

#: The longest quotation we pair, marks included; a longer "quote" is an unbalanced mark.
MAX_QUOTE_CHARS = 4000
_MAX_QUOTE_CHARS = MAX_QUOTE_CHARS


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Char spans of quotations, marks included, never crossing a paragraph.

    A double mark opens or closes by its shape: curly ones by their own, a straight
    ``"`` by what it touches (after a space it opens, before one it closes), so a
    quotation typed with mixed marks (“Not yet," she said) still pairs. Doubled
    apostrophes (``''...''``, the quotation marks of newswire archives such as the
    New York Times') pair in order. An unbalanced mark yields nothing rather than a
    runaway span.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for para in text.split("\n"):
        i, n = 0, len(para)
        opened: list[int] = []  # double marks waiting for their closing one, a stack
        low_quote = False  # a low opening mark (\u201e) is closed by \u201c
        doubled_open: int | None = None
        while i < n:
            ch = para[i]
            if ch == "'" and i + 1 < n and para[i + 1] == "'":
                doubled_open = _pair_in_order(spans, doubled_open, pos, i, 2)
                i += 2
                continue
            role = _role(para, i, bool(opened))
            if ch == "\u201c" and low_quote and opened:
                role = "close"
            if role == "open":
                low_quote = ch == "\u201e" if not opened else low_quote
                opened.append(i)
            elif role == "close" and opened:
                # the nearest open mark: a quotation inside one left open ('"Ito: ... "Yes."')
                start = opened.pop()
                if i - start < _MAX_QUOTE_CHARS:
                    spans.append((pos + start, pos + i + 1))
                low_quote = low_quote and bool(opened)
            i += 1
        pos += len(para) + 1
    spans.sort()
    return [s for s in spans if s[1] - s[0] > 2]


_OPENING = frozenset("\u201c\u00ab\u201e")
_CLOSING = frozenset("\u201d\u00bb")
_BEFORE_OPENING = frozenset("([{\u2014\u2013-/:")


def _role(para: str, i: int, something_open: bool) -> str | None:
    """Whether the mark at ``i`` opens or closes a quotation (None: not a double mark)."""
    ch = para[i]
    if ch in _OPENING:
        return "open"
    if ch in _CLOSING:
        return "close"
    if ch != '"':
        return None
    before = para[i - 1] if i else " "
    after = para[i + 1] if i + 1 < len(para) else " "
    if (before.isspace() or before in _BEFORE_OPENING) and not after.isspace():
        return "open"
    if not before.isspace() and (after.isspace() or not after.isalnum()):
        return "close"
    return "close" if something_open else "open"


def _pair_in_order(
    spans: list[tuple[int, int]], opened: int | None, pos: int, i: int, width: int
) -> int | None:
    """A mark that opens and closes alike (``''``) at ``i``: it opens a quote, or closes
    the open one (a pair too far apart is an unbalanced mark, not a quote). The new open mark."""
    if opened is None:
        return i
    if i - opened < _MAX_QUOTE_CHARS:
        spans.append((pos + opened, pos + i + width))
    return None


class Quotes:
    """Quotation spans (as :func:`find_quotes` gives them, sorted) with bisection lookups."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self.starts = [s for s, _ in spans]
        # the interiors of the spans, merged: disjoint, so one bisection tells "inside"
        merged: list[list[int]] = []
        for s, e in spans:
            if merged and s < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        self._inner_starts = [m[0] for m in merged]
        self._inner_ends = [m[1] for m in merged]

    def __bool__(self) -> bool:
        return bool(self.spans)

    def __len__(self) -> int:
        return len(self.spans)

    def touching(self, start: int, end: int) -> list[tuple[int, int]]:
        """The spans overlapping [start, end), in order."""
        lo = bisect_left(self.starts, start - MAX_QUOTE_CHARS)
        hi = bisect_left(self.starts, end)
        return [q for q in self.spans[lo:hi] if q[1] > start]

    def inside(self, pos: int) -> bool:
        """Whether ``pos`` lies strictly inside a quotation."""
        k = bisect_left(self._inner_starts, pos) - 1
        return k >= 0 and pos < self._inner_ends[k]


def with_quotes(text: str, content: tuple[int, int], squotes: Quotes) -> tuple[tuple[int, int], QuoteType]:
    """Grow a complement to the quotation marks it cuts through; tell direct from mixed."""
    start, end = content
    touched = squotes.touching(start, end)
    if not touched:
        return content, "indirect"
    start = min(start, touched[0][0])
    end = max(end, touched[-1][1])
    if touched[0][0] == start and touched[-1][1] >= end - 1:
        gaps = [text[a[1] : b[0]] for a, b in zip(touched, touched[1:], strict=False)]
        if all(_is_cue_gap(g) for g in gaps):
            return (start, touched[-1][1]), "direct"
    return (start, end), "mixed"


_ADJUNCT_OPENERS = re.compile(  # used with match(text, pos, endpos): anchored at pos
    r"[\s,;\u2013\u2014-]*"
    r"(while|though|although|as|after|before|when|since|adding|saying|noting|but|and added|referring)\b",
    re.IGNORECASE,
)


def cut_trailing_adjunct(text: str, content: tuple[int, int]) -> tuple[int, int]:
    """'"we will not shut down" while revealing plans ...': the adjunct is not content."""
    start, end = content
    if text[start] not in ('"', "\u201c") and not text.startswith("''", start):
        return content
    # a quotation opening at ``start`` closes within MAX_QUOTE_CHARS, and pairing it needs
    # at most as much again (a curly pair inside it): no need to re-read a long content
    head = text[start : min(end, start + 2 * MAX_QUOTE_CHARS + 2)]
    for q in find_quotes(head):
        if q[0] == 0 and _ADJUNCT_OPENERS.match(text, start + q[1], end):
            return (start, start + q[1])
    return content


def clip_paragraph(text: str, content: tuple[int, int], anchor: int) -> tuple[int, int] | None:
    """A content never runs across a paragraph break away from its cue.

    None when the content lies wholly in another paragraph (the parser joined two), unless
    the cue's paragraph ends in a colon and the content is the paragraph it introduces.
    """
    para_start = text.rfind("\n", 0, anchor) + 1
    para_end = text.find("\n", anchor)
    para_end = len(text) if para_end == -1 else para_end
    start, end = max(content[0], para_start), min(content[1], para_end)
    if end > start:
        return (start, end)
    if content[0] >= para_end and text[para_start:para_end].rstrip().endswith(":"):
        return content
    return None


def _is_cue_gap(gap: str) -> bool:
    """The text between two halves of a split quote: ', he said, '."""
    return len(re.findall(r"\w+", gap)) <= 6 and "\n" not in gap


#: What may stand between a cue's clause and its quotation ("said: \u201c...").
_GAP_CHARS = frozenset(" ,;:-\u2014\u2013")


def adjacent_quote(
    text: str, verb: Token, squotes: Quotes, extent: tuple[int, int] | None = None
) -> tuple[int, int] | None:
    """A quotation right before or after the cue's clause, in the same paragraph.

    '"...," Solovey told the AP.' and 'He said: "..."'; a quote split by its cue
    ('"The bridge," he said, "is closed."') is one content from the first mark to
    the last. ``extent`` is the first and last token of the verb's subtree
    (:func:`claimledger.syntax.parsetree.subtree_extents`), read off the subtree when not given.
    """
    if not squotes:
        return None
    doc = verb.doc
    if extent is None:
        idx = [t.i for t in verb.subtree]
        extent = (min(idx), max(idx))
    # the clause: the verb's subtree without punctuation at its edges (the verb itself counts)
    left, right = extent
    # words of the quote itself that the parser hung on the cue ('"But why?" he asked') are not the clause
    while left < verb.i and (
        doc[left].is_punct or not verb.is_ancestor(doc[left]) or squotes.inside(doc[left].idx)
    ):
        left += 1
    while right > verb.i and (
        doc[right].is_punct or not verb.is_ancestor(doc[right]) or squotes.inside(doc[right].idx)
    ):
        right -= 1
    clause_start = doc[left].idx
    clause_end = doc[right].idx + len(doc[right].text)
    # the gap chars right before and right after the clause (a quotation mark is never one)
    gap_from = clause_start
    while gap_from > 0 and clause_start - gap_from < MAX_QUOTE_CHARS and text[gap_from - 1] in _GAP_CHARS:
        gap_from -= 1
    gap_to = clause_end
    while gap_to < len(text) and gap_to - clause_end < MAX_QUOTE_CHARS and text[gap_to] in _GAP_CHARS:
        gap_to += 1
    spans, starts = squotes.spans, squotes.starts
    before = None  # the last quote (in order) ending in the gap before the clause
    lo = bisect_left(starts, gap_from - MAX_QUOTE_CHARS)
    for k in range(bisect_right(starts, clause_start) - 1, lo - 1, -1):
        if gap_from <= spans[k][1] <= clause_start + 1:
            before = spans[k]
            break
    after = None  # the first quote (in order) opening in the gap after the clause
    k = bisect_left(starts, clause_end - 1)
    if k < len(spans) and spans[k][0] <= gap_to:
        after = spans[k]
    if before and after:
        return (before[0], after[1])
    return before or after


def quote_kind(text: str, content: tuple[int, int]) -> QuoteType:
    body = text[content[0] : content[1]]
    if not any(m in body for m in ('"', "\u201c", "\u201d", "''")):
        return "indirect"
    stripped = body.strip()
    if (
        (stripped[:1] in ('"', "\u201c") or stripped.startswith("''"))
        and (stripped[-1:] in ('"', "\u201d") or stripped.endswith("''"))
        and len(find_quotes(stripped)) == 1
    ):
        return "direct"
    return "mixed"
