"""Headlines: lines set in title case are read from a sentence-cased copy.

"Obama Says African-American Museum Will Tell of 'Suffering and Delight'" is a
claim with a source and a cue, but the small English model reads a run of
capitalized words as one long name: "Says" becomes part of it, and the line yields
nothing or a wrong speaker. Headlines and subheads reach us whenever an article is
pasted whole, comes from a feed, or its first line ends like a sentence (so that
``reading.split_headline`` keeps it as text).

The remedy is the one a reader applies: a capitalized word in such a line keeps its
capital only if the rest of the article writes it capitalized in mid-sentence (a
name: "Obama", "African-American"); acronyms, mixed-case names and the line's first
word keep theirs too. The copy has the same length as the line, so every offset
found in it is an offset in the article; the spans are cut from the article's own
text, never from the copy. The copy is parsed by the model's own components and
read by the attribution rules; what they find there replaces what the title-case
parse found in that line.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc

from claimledger import lexicons
from claimledger.models import Attribution, Span
from claimledger.pipeline import extensions, sentences
from claimledger.pipeline.attribution.component import find_attributions
from claimledger.syntax.sources import Lexicon

extensions.register()

#: Longest line (in words) read as a headline; longer lines are prose however they are cased.
MAX_WORDS = 30
#: Most title-case lines re-read per article: a headline and its subheads, not a list of names.
MAX_LINES = 12
#: Share of a line's content words that must be capitalized for it to count as title case.
TITLE_SHARE = 0.75

_LETTERS = re.compile(r"[A-Za-z]+")
#: Words title case capitalizes too; they are not evidence either way.
_MINOR = lexicons.words("headlines", "minor_words")
#: A capitalized word after a lower-case word, a digit or a comma is mid-sentence: a name.
_MID_SENTENCE = re.compile(r"(?<=[a-z0-9,;] )[A-Z][a-z]+\b")


def title_case(line: str) -> bool:
    """A short line most of whose content words are capitalized (headline style)."""
    words: list[str] = _LETTERS.findall(line)
    if len(words) < 3 or len(line.split()) > MAX_WORDS:
        return False
    content = [w for w in words if w.lower() not in _MINOR]
    if not content:
        return False
    capitalized = sum(w[0].isupper() for w in content)
    return capitalized / len(content) >= TITLE_SHARE and sum(w[0].isupper() for w in words[1:]) >= 2


@dataclasses.dataclass(frozen=True)
class Casing:
    """How the article writes each word: capitalized in mid-sentence, or in lower case."""

    capitalized: Counter[str]
    lower: Counter[str]

    @classmethod
    def of(cls, prose: str) -> Casing:
        lower = Counter(w for w in _LETTERS.findall(prose) if w.islower())
        capitalized = Counter(m.group() for m in _MID_SENTENCE.finditer(prose))
        return cls(capitalized, lower)

    def is_name(self, word: str) -> bool:
        caps = self.capitalized[word]
        return caps > 0 and caps >= self.lower[word.lower()]


def sentence_case(line: str, casing: Casing) -> str:
    """The line with title-case capitals lowered, same length (offsets carry over)."""
    out = list(line)
    first = True
    for m in _LETTERS.finditer(line):
        word = m.group()
        opens = first or line[: m.start()].rstrip().endswith(":")  # "Poll: Wealthy Voters ..."
        first = False
        if opens or not word[0].isupper() or word == "I":
            continue
        if sum(c.isupper() for c in word) > 1 or (len(word) == 1 and word != "A"):
            continue  # an acronym ("GOP", "U.S."), a mixed-case name ("DuVernay"), an initial
        if casing.is_name(word):
            continue
        out[m.start()] = word[0].lower()
    return "".join(out)


def title_lines(text: str) -> list[tuple[int, int]]:
    """Character ranges of the first ``MAX_LINES`` lines set in title case."""
    out: list[tuple[int, int]] = []
    start = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped and title_case(stripped):
            lead = len(line) - len(line.lstrip())
            out.append((start + lead, start + lead + len(stripped)))
            if len(out) == MAX_LINES:
                break
        start += len(line) + 1
    return out


def _shift(span: Span | None, text: str, offset: int) -> Span | None:
    if span is None:
        return None
    start, end = span.start + offset, span.end + offset
    return Span(text[start:end], start, end)


def reread_title_lines(
    doc: Doc, parse: Callable[[str], Doc], lex: Lexicon, attributions: list[Attribution]
) -> list[Attribution]:
    """The doc's attributions, with those of title-case lines taken from sentence-cased copies."""
    text = doc.text
    lines = title_lines(text)
    if not lines:
        return attributions
    spans = set(lines)
    prose = "\n".join(seg for seg, rng in _segments(text, lines) if rng not in spans)
    casing = Casing.of(prose)
    found: list[Attribution] = []
    for start, end in lines:
        line = text[start:end]
        cased = sentence_case(line, casing)
        if cased == line:
            continue
        for att in find_attributions(parse(cased), lex):
            content = _shift(att.content, text, start)
            assert content is not None
            found.append(
                dataclasses.replace(
                    att,
                    source=_shift(att.source, text, start),
                    cue=_shift(att.cue, text, start),
                    channel=_shift(att.channel, text, start),
                    content=content,
                )
            )
    if not found:
        return attributions
    kept = [a for a in attributions if not any(_overlaps(a.content, f.content) for f in found)]
    merged = sorted(kept + found, key=lambda a: (a.content.start, a.content.end))
    return [dataclasses.replace(a, id=f"a{i}") for i, a in enumerate(merged, start=1)]


def _segments(text: str, lines: list[tuple[int, int]]) -> list[tuple[str, tuple[int, int]]]:
    out = []
    at = 0
    for start, end in lines:
        out.append((text[at:start], (at, start)))
        out.append((text[start:end], (start, end)))
        at = end
    out.append((text[at:], (at, len(text))))
    return out


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


class HeadlineReader:
    """Re-reads title-case lines; holds the pipeline only to run its model components."""

    def __init__(self, nlp: Language, name: str = "claimledger_headlines") -> None:
        self.name = name
        self.nlp = nlp
        self.lex = Lexicon(nlp.lang if nlp.lang in lexicons.SUPPORTED_LANGUAGES else "en")

    def parse(self, text: str) -> Doc:
        """The model's own components (tagger, parser, NER ...) on a short text; not ours."""
        doc = self.nlp.make_doc(text)
        for name, proc in self.nlp.pipeline:
            if name.startswith("claimledger_") and name != sentences.NAME:
                break
            doc = proc(doc)
        return doc

    def __call__(self, doc: Doc) -> Doc:
        doc._.attributions = reread_title_lines(doc, self.parse, self.lex, list(doc._.attributions or []))
        return doc


@Language.factory(
    "claimledger_headlines",
    assigns=["doc._.attributions"],
    requires=["doc._.attributions"],
)
def make_headline_reader(nlp: Language, name: str) -> HeadlineReader:
    """Factory for the headline stage."""
    return HeadlineReader(nlp, name)
