"""Attributions the layout of the text makes, not one sentence's parse.

Speaker labels in transcripts and headlines ("PENCE: Well, look ..."), signed
quotations ('"..." \u2015 Sonya Herridge'), a paragraph that only introduces the next
("Limbaugh added:"), and a quotation with no cue of its own, which continues the
previous attribution (GUIDELINES rule 5; read after the selection, from what it kept).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator

from spacy.tokens import Token

from claimledger.pipeline.attribution.context import Candidate, Context, Priority, no_tick, whole_text
from claimledger.pipeline.attribution.grammar import cue_span
from claimledger.syntax.quotes import quote_kind
from claimledger.syntax.sources import Lexicon, source_span, subject_of

_LABEL = re.compile(
    r"^[\"\u201c]?(?P<label>(?:[A-Z][\w.'\u2019-]*\s+){0,3}[A-Z][\w.'\u2019-]*):[ \t]+(?P<body>\S.*)$",
    re.MULTILINE,
)


#: The tail of a signed quotation: '..." \u2015 Sonya Herridge' at the end of a line. The quote
#: itself opens at the line's first quotation mark at least 11 characters before the closing
#: one; it is found from here, so that a line of 10,000 marks is read once, not once per mark.
_SIGNATURE = re.compile(
    r"[\u201d\"][ \t\u00a0]*[\u2015\u2014][ \t\u00a0]*"
    r"(?P<name>[A-Z][\w.'\u2019-]*(?:[ \t\u00a0]+[A-Z][\w.'\u2019-]*){0,3})[ \t\u00a0]*$",
    re.MULTILINE,
)


_QUOTE_OPENING = re.compile(r"[\u201c\u201d\"]")

#: A line that only lists names ("Iowa: Tim Albrecht, Brad Anderson, Rob Barron, ..."): a roster
#: under its heading, not words said. Four or more items of two to four words, each ending at
#: a comma; their capitals are not tested, as a headline's copy is read in sentence case
#: (:mod:`claimledger.pipeline.headlines`).
_NAME_LIST = re.compile(r"^(?:[A-Za-z][\w.'\u2019-]*(?:[ \t]+[A-Za-z][\w.'\u2019-]*){1,3},[ \t]+){4,}")


@whole_text
def speaker_labels(ctx: Context) -> Iterator[Candidate]:
    """Transcripts and headlines: 'PENCE: Well, look ...', 'Pat Caddell: Voters are worried'."""
    doc, text, lex, tick = ctx.doc, ctx.text, ctx.lex, ctx.tick
    named: dict[str, list[int]] = {}
    for m in _LABEL.finditer(text):
        tick()
        label = m.group("label")
        body = m.group("body")
        stop = label.lower().replace("\u2019", "'") in lex.label_stop  # "Editor\u2019s Note:"
        if stop or len(body.split()) < 3 or _NAME_LIST.match(body):
            continue
        src = doc.char_span(m.start("label"), m.end("label"), alignment_mode="expand")
        cue = doc.char_span(m.end("label"), m.end("label") + 1, alignment_mode="expand")
        if src is None or cue is None:
            continue
        if not (
            label.isupper()
            or (len(src) == 1 and src[0].pos_ == "PROPN")
            or src.root.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")  # not "Stealth Over Health:"
            or src[-1].lemma_.lower() in lex.document_nouns  # "Poll: Clinton and Trump in dead heat"
            or _named_elsewhere(text, label.split()[-1], named, (m.start(), m.end()))  # "Sanders said"
        ):
            continue
        body_end = m.end("body")
        while body_end > m.start("body") and text[body_end - 1] in " \t":
            body_end -= 1
        yield Candidate(
            source=src,
            cue=cue,
            content=(m.start("body"), body_end),
            quote_type="direct",
            priority=Priority.LOOSE,
            cue_lemma=":",
        )


@whole_text
def signed_quotes(ctx: Context) -> Iterator[Candidate]:
    """A quotation signed at the end of its line: '"..." \u2015 Sonya Herridge'."""
    doc, text, tick = ctx.doc, ctx.text, ctx.tick
    for m in _SIGNATURE.finditer(text):
        tick()
        close = m.start()
        line = text.rfind("\n", 0, close) + 1
        opening = _QUOTE_OPENING.search(text, line, max(line, close - 10))
        if opening is None:
            continue
        quote = (opening.start(), close + 1)
        name_end = m.end("name") - (1 if m.group("name").endswith(".") else 0)  # "― Steve Quinlan."
        src = doc.char_span(m.start("name"), name_end, alignment_mode="expand")
        bar = close + 1 + len(m.group()[1:]) - len(m.group()[1:].lstrip(" \t\u00a0"))
        cue = doc.char_span(bar, bar + 1)  # the bar alone: a token of its own (pipeline.SPLIT_MARKS)
        if src is None:
            continue
        yield Candidate(
            source=src,
            cue=cue,
            content=quote,
            quote_type="direct",
            priority=Priority.LOOSE,
            cue_lemma="\u2015",
        )


@whole_text
def introduced_paragraphs(ctx: Context) -> Iterator[Candidate]:
    """'Limbaugh added:' as a paragraph of its own, then his words as the next paragraph."""
    doc, text, lex = ctx.doc, ctx.text, ctx.lex
    for m in _INTRODUCING_LINE.finditer(text):
        colon = m.end() - 1
        span = doc.char_span(m.start(), colon, alignment_mode="expand")
        if span is None:
            continue
        # the cue closes the paragraph ("..., and Breitbart News responded:"), its subject in it
        verbs = [t for t in span[-_INTRODUCING_TAIL:] if t.pos_ in ("VERB", "AUX") and _introduces(t, lex)]
        subj = subject_of(verbs[-1]) if verbs else None
        if subj is None or not span.start_char <= subj.idx < colon or verbs[-1].i < subj.i:
            continue
        start = colon + 1
        while start < len(text) and text[start].isspace():
            start += 1
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        while end > start and (text[end - 1].isspace() or text[end - 1] == "."):
            end -= 1
        if end - start < 12:
            continue
        yield Candidate(
            source=source_span(doc, subj, lex),
            cue=cue_span(doc, verbs[-1], lex),
            content=(start, end),
            quote_type=quote_kind(text, (start, end)),
            priority=Priority.REPORTED_CLAUSE,
            cue_lemma=verbs[-1].lemma_.lower(),
        )


#: A paragraph that introduces the next one: "Limbaugh added:", "..., and the paper responded:".
_INTRODUCING_LINE = re.compile(r"^[^\n:]{3,300}:[ \t]*\n", re.MULTILINE)
#: How many tokens before the colon the introducing cue may be ("Jared Potts, 17, echoed:").
_INTRODUCING_TAIL = 8


def _introduces(verb: Token, lex: Lexicon) -> bool:
    """A cue that can introduce a paragraph of its speaker's words: a clausal cue, or
    "continued" (which, before a colon, goes on speaking)."""
    lemma = verb.lemma_.lower()
    return lemma in lex.clausal or lemma == "continue"


def _named_elsewhere(text: str, word: str, seen: dict[str, list[int]], line: tuple[int, int]) -> bool:
    """A word the text also writes capitalized in mid-sentence, off the label's line, is a name."""
    if word not in seen:
        mid_sentence = re.finditer(r"(?<=[a-z0-9,;] )" + re.escape(word) + r"\b", text)
        seen[word] = [m.start() for m in mid_sentence] if word[:1].isupper() else []
    return any(not line[0] <= at < line[1] for at in seen[word])


#: A quotation continues the previous attribution only if it starts at most this many characters
#: after it ends; farther on, the text has likely moved to another speaker.
FOLLOW_ON_REACH = 600
#: A quotation of fewer words is a scare quote or a title, not a continuing statement.
MIN_FOLLOW_ON_WORDS = 6
_CONTINUING_QUOTE_END = re.compile(r"[.!?,;:](?:[\"\u201d]|'')$")


def follow_on_quotes(
    text: str, quotes: list[tuple[int, int]], kept: list[Candidate], tick: Callable[[], None] = no_tick
) -> list[Candidate]:
    """A quotation with no cue continues the previous attribution (GUIDELINES rule 5).

    One pass over the quotations in text order: the kept contents sorted by start with
    their running largest end tell whether a quotation is covered, and the attributions
    that end before it become candidates for "previous" as the pass moves on.
    """
    out: list[Candidate] = []
    spans = sorted(c.content for c in kept)
    starts = [a for a, _ in spans]
    reach: list[int] = []  # reach[j]: the largest end among spans[: j + 1]
    for _, end in spans:
        reach.append(max(end, reach[-1]) if reach else end)
    added_reach = -1  # the largest end among the quotations added here
    ordered = sorted(kept, key=lambda c: c.content[0])
    # (end, position in ordered) of the direct and mixed quotes, by end: "previous" candidates
    enders = sorted((c.content[1], i) for i, c in enumerate(ordered) if c.quote_type != "indirect")
    next_ender, prev_at = 0, -1
    for q in quotes:  # sorted by start
        tick()
        j = bisect_right(starts, q[1] - 1) - 1  # kept contents starting before the quote ends
        if (j >= 0 and reach[j] > q[0]) or added_reach > q[0]:
            continue
        body = text[q[0] : q[1]]
        # a short quoted phrase is a scare quote or a title, not a continuing statement
        if len(body.split()) < MIN_FOLLOW_ON_WORDS or not _CONTINUING_QUOTE_END.search(body):
            continue
        while next_ender < len(enders) and enders[next_ender][0] <= q[0]:
            prev_at = max(prev_at, enders[next_ender][1])
            next_ender += 1
        if prev_at < 0 or q[0] - ordered[prev_at].content[1] > FOLLOW_ON_REACH:
            continue
        base = ordered[prev_at]
        out.append(
            Candidate(
                source=base.source,
                cue=base.cue,
                content=q,
                channel=base.channel,
                quote_type="direct",
                priority=Priority.NOUN_PHRASE,
                cue_lemma=base.cue_lemma,
            )
        )
        added_reach = max(added_reach, q[1])
    return out
