"""From selected candidates to ``Attribution`` records: the checks every candidate passes
whichever rule proposed it, and the record itself (typed source, char spans, id).
"""

from __future__ import annotations

import dataclasses
import re

from spacy.tokens import Span as SpacySpan

from claimledger.models import Attribution, SourceType, Span
from claimledger.pipeline.attribution.context import Candidate
from claimledger.syntax.datelines import WITH_AGENCY, after_dateline
from claimledger.syntax.quotes import clip_paragraph
from claimledger.syntax.sources import Lexicon, relative_antecedent, source_span, source_type

#: The ``extractor`` every record names: which rules made it.
EXTRACTOR = "attribution.v1"


#: A content that is only a reporting tag ("a source said."): the parser's, not a claim.
_BARE_TAG = re.compile(r"\W*(?:\w+\W+){0,4}(?:said|says|say|told|added|adds)\W*$", re.IGNORECASE)


def tidy(text: str, c: Candidate) -> Candidate | None:
    """The last checks every candidate passes, whichever rule proposed it.

    An indirect content stays in its cue's paragraph (a heading after a blank line is
    no part of it), and a content that is only another reporting tag is dropped.
    """
    start, end = c.content
    if c.quote_type == "indirect" and c.cue is not None:
        clipped = clip_paragraph(text, c.content, c.cue.start_char)
        if clipped is None:
            return None
        start, end = clipped
        while end > start and text[end - 1].isspace():
            end -= 1
    if c.quote_type == "indirect":
        start = after_dateline(text, start, end)  # "KYIV (Harbor Wire) — X will ..., officials said"
    if end <= start or _BARE_TAG.match(text, start, end):
        return None
    if c.cue is not None and start > c.cue.end_char and text.rfind("\n", 0, start) >= c.cue.end_char:
        # 'The governor added:' and then a paragraph of his words: the whole paragraph is his
        lead = text[c.cue.end_char : start]
        if lead.strip() == ":":
            para_end = text.find("\n", start)
            end = len(text) if para_end == -1 else para_end
            while end > start and (text[end - 1].isspace() or text[end - 1] == "."):
                end -= 1
    if (start, end) == c.content:
        return c
    return dataclasses.replace(c, content=(start, end))


def drop_datelines(text: str, cands: list[Candidate]) -> list[Candidate]:
    """'LOS ANGELES, Sept. 28 (UPI) --' opens the story; it says nothing, so it is no source."""
    datelines = [m.span() for m in WITH_AGENCY.finditer(text)]
    if not datelines:
        return cands
    return [c for c in cands if c.source is None or not _in_any(c.source, datelines)]


def _in_any(span: SpacySpan, ranges: list[tuple[int, int]]) -> bool:
    """Whether ``span`` overlaps any of the char ``ranges``."""
    return any(span.start_char < end and start < span.end_char for start, end in ranges)


def _typed_source(c: Candidate, lex: Lexicon) -> SourceType:
    """A relative pronoun is typed by the noun phrase it stands for."""
    src = c.source
    noun = relative_antecedent(src.root) if src is not None and len(src) == 1 else None
    if src is not None and noun is not None and src.root.lower_ in ("that", "which"):
        return source_type(source_span(src.doc, noun, lex), lex)
    return source_type(src, lex)


def to_record(text: str, n: int, c: Candidate, lex: Lexicon) -> Attribution:
    """The ``Attribution`` record ``a<n>`` of a kept candidate."""

    def span(s: SpacySpan | None) -> Span | None:
        return Span(s.text, s.start_char, s.end_char) if s is not None else None

    start, end = c.content
    return Attribution(
        id=f"a{n}",
        source=span(c.source),
        source_type=_typed_source(c, lex),
        cue=span(c.cue),
        content=Span(text[start:end], start, end),
        quote_type=c.quote_type,
        channel=span(c.channel),
        extractor=EXTRACTOR,
    )
