"""Quotation marks: where quotes are, and how an attribution's content meets them.

Whether a content is quoted decides its ``quote_type`` (direct, mixed or indirect),
and quotation marks bound a content better than the parse does. ``find_quotes`` pairs
the marks (curly quotes by shape, straight double quotes in order, never across a
paragraph); the helpers grow a content to the marks it cuts through, join a quote
split by its cue ("'The bridge,' he said, 'is closed.'") into one content, find the
quote right next to a cue's clause, and trim what the speaker did not say (a trailing
adjunct, text past the cue's paragraph). All but ``adjacent_quote`` work on plain
text and char offsets, without a parse.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from claimledger.models import QuoteType

_OPEN_CLOSE = {"\u201c": "\u201d", "\u00ab": "\u00bb", "\u201e": "\u201c"}
_MAX_QUOTE_CHARS = 4000


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Char spans of quotations, marks included, never crossing a paragraph.

    Curly quotes pair by shape; straight double quotes pair in order within a
    paragraph. An unbalanced mark yields nothing rather than a runaway span.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for para in text.split("\n"):
        i, n = 0, len(para)
        straight_open: int | None = None
        while i < n:
            ch = para[i]
            if ch in _OPEN_CLOSE:
                close = para.find(_OPEN_CLOSE[ch], i + 1)
                if close != -1 and close - i < _MAX_QUOTE_CHARS:
                    spans.append((pos + i, pos + close + 1))
                    i = close + 1
                    continue
            elif ch == '"':
                if straight_open is None:
                    straight_open = i
                else:
                    if i - straight_open < _MAX_QUOTE_CHARS:
                        spans.append((pos + straight_open, pos + i + 1))
                    straight_open = None
            i += 1
        pos += len(para) + 1
    spans.sort()
    return [s for s in spans if s[1] - s[0] > 2]


def with_quotes(
    text: str, content: tuple[int, int], squotes: list[tuple[int, int]]
) -> tuple[tuple[int, int], QuoteType]:
    """Grow a complement to the quotation marks it cuts through; tell direct from mixed."""
    start, end = content
    touched = [q for q in squotes if q[0] < end and q[1] > start]
    if not touched:
        return content, "indirect"
    start = min(start, touched[0][0])
    end = max(end, touched[-1][1])
    if touched[0][0] == start and touched[-1][1] >= end - 1:
        gaps = [text[a[1] : b[0]] for a, b in zip(touched, touched[1:], strict=False)]
        if all(_is_cue_gap(g) for g in gaps):
            return (start, touched[-1][1]), "direct"
    return (start, end), "mixed"


_ADJUNCT_OPENERS = re.compile(
    r"^[\s,;\u2013\u2014-]*"
    r"(while|though|although|as|after|before|when|since|adding|saying|noting|but|and added|referring)\b",
    re.IGNORECASE,
)


def cut_trailing_adjunct(text: str, content: tuple[int, int]) -> tuple[int, int]:
    """'"we will not shut down" while revealing plans ...': the adjunct is not content."""
    start, end = content
    if text[start] not in ('"', "\u201c"):
        return content
    for q in find_quotes(text[start:end]):
        if q[0] == 0 and _ADJUNCT_OPENERS.match(text[start + q[1] : end]):
            return (start, start + q[1])
    return content


def clip_paragraph(text: str, content: tuple[int, int], anchor: int) -> tuple[int, int]:
    """A content never runs across a paragraph break away from its cue."""
    para_start = text.rfind("\n", 0, anchor) + 1
    para_end = text.find("\n", anchor)
    para_end = len(text) if para_end == -1 else para_end
    start, end = max(content[0], para_start), min(content[1], para_end)
    return (start, end) if end > start else content


def _is_cue_gap(gap: str) -> bool:
    """The text between two halves of a split quote: ', he said, '."""
    return len(re.findall(r"\w+", gap)) <= 6 and "\n" not in gap


def adjacent_quote(doc: Doc, verb: Token, squotes: list[tuple[int, int]]) -> tuple[int, int] | None:
    """A quotation right before or after the cue's clause, in the same paragraph.

    '"...," Solovey told the AP.' and 'He said: "..."'; a quote split by its cue
    ('"The bridge," he said, "is closed."') is one content from the first mark to
    the last.
    """
    if not squotes:
        return None
    sub = [t for t in verb.subtree if not (t.is_punct and t.i != verb.i)]
    clause_start = min(t.idx for t in sub)
    clause_end = max(t.idx + len(t.text) for t in sub)
    text = doc.text
    gap_chars = " ,;:-\u2014\u2013"
    before = [
        q for q in squotes if q[1] <= clause_start + 1 and not text[q[1] : clause_start].strip(gap_chars)
    ]
    after = [q for q in squotes if q[0] >= clause_end - 1 and not text[clause_end : q[0]].strip(gap_chars)]
    if before and after:
        return (before[-1][0], after[0][1])
    if before:
        return before[-1]
    if after:
        return after[0]
    return None


def quote_kind(text: str, content: tuple[int, int]) -> QuoteType:
    body = text[content[0] : content[1]]
    if not any(m in body for m in ('"', "\u201c", "\u201d")):
        return "indirect"
    stripped = body.strip()
    if (
        stripped[:1] in ('"', "\u201c")
        and stripped[-1:] in ('"', "\u201d")
        and len(find_quotes(stripped)) == 1
    ):
        return "direct"
    return "mixed"
