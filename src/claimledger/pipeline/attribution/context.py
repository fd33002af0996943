"""What every attribution rule reads and what it proposes.

A rule is a function ``rule(ctx: Context) -> Iterator[Candidate]``: it reads one
sentence (its parse, its quotations, the cue lexicon) and proposes candidates; it
never decides between them. :func:`~claimledger.pipeline.attribution.component.find_attributions`
runs the rules of ``RULES`` in order, then :mod:`~claimledger.pipeline.attribution.selection`
keeps the best candidate for each content, by :class:`Priority` first.

A rule that reads the layout of the whole text rather than one sentence (a speaker
label, a signed quotation) is marked with :func:`whole_text`: it runs once, after the
sentence rules, with the whole document as ``ctx.sent``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import IntEnum

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from claimledger.models import QuoteType
from claimledger.syntax.quotes import Quotes
from claimledger.syntax.sources import Lexicon

#: Cue words tried per sentence by each rule. A rule may read its cue's clause, as long as
#: the sentence, so this keeps a degenerate "sentence" (5,000 cues and no full stop) linear
#: in its length; a real sentence has a handful of cues.
MAX_CUES_PER_SENTENCE = 64


class Priority(IntEnum):
    """How exactly a construction bounds what was said; when candidates overlap as one
    attribution, the higher priority is kept, then the cue nearer its content.

    A construction outranks the next one down because its content is more certainly
    the words or the proposition reported, not a phrase the cue happens to govern.
    """

    #: A noun phrase, a gerund or a prepositional object as the content ("denied the report",
    #: "called for an inquiry", "supports raising taxes", "polls show him trailing"): a stance on
    #: a thing. The loosest reading of a cue: the same words read as a clause or a quotation
    #: are a better account of them. (Follow-on quotations carry it too; they are added after
    #: the selection and never compete.)
    NOUN_PHRASE = 0
    #: A content that is a predication but not a reported clause of a listed cue: an infinitive
    #: ("pledged to cut taxes"), a name given ("called the test a violation"), an embedded
    #: question, a nominal cue ("X's statement that ..."), an open-class verb with a that-clause
    #: ("bristled that ..."), a poll a clause is "in", a speaker label or a signature. It says
    #: more than a noun phrase, but the cue or its bounds are less sure than a clause's.
    LOOSE = 1
    #: A reported clause with its holder: a that-clause or bare complement of a listed cue, a
    #: set-off tag ("..., Zelensky said"), "according to X", "estimates put ... at", a cue the
    #: model tagged as a noun, an introduced paragraph. The parse bounds a whole proposition;
    #: only the speaker's own quoted words bound it better.
    REPORTED_CLAUSE = 2
    #: A quotation its cue introduces ('"...," the governor said', 'He said: "..."'): the
    #: quotation marks bound the speaker's own words, the most exact content there is.
    DIRECT_QUOTE = 3


@dataclass
class Candidate:
    """One proposed attribution, before selection; ``content`` is in char offsets."""

    source: SpacySpan | None
    cue: SpacySpan | None
    content: tuple[int, int]
    channel: SpacySpan | None = None
    quote_type: QuoteType = "indirect"
    priority: Priority = Priority.NOUN_PHRASE
    cue_lemma: str = ""


def no_tick() -> None:
    """The budget callback when there is no deadline to check."""
    return None


@dataclass(frozen=True, slots=True)
class Context:
    """What a rule reads of one sentence; the document-wide parts are shared by all of them."""

    doc: Doc
    #: ``doc.text``, read once: spaCy rebuilds it from the tokens on every access.
    text: str
    #: The sentence the rule reads (the whole document for a :func:`whole_text` rule).
    sent: SpacySpan
    #: The quotations touching the sentence, and one just before it: the parser may end a
    #: sentence at '?"' and start the next at its cue ('"How many times?" Clinton said.').
    #: Every quotation of the text for a :func:`whole_text` rule.
    quotes: Quotes
    lex: Lexicon
    #: The time budget's check (:func:`claimledger.pipeline.budget.ticker`): call it in any loop
    #: that may run long, so that an article over its budget stops in time.
    tick: Callable[[], None]
    #: The first and last token index of every token's subtree
    #: (:func:`claimledger.syntax.parsetree.subtree_extents`), for the whole document.
    extents: tuple[list[int], list[int]]


#: The one signature of every rule.
Rule = Callable[[Context], Iterator[Candidate]]


class WholeTextRule:
    """A rule that reads the whole text once instead of one sentence at a time."""

    def __init__(self, find: Rule) -> None:
        self.find = find
        self.__name__ = find.__name__
        self.__doc__ = find.__doc__

    def __call__(self, ctx: Context) -> Iterator[Candidate]:
        return self.find(ctx)

    def __repr__(self) -> str:
        return f"whole_text({self.__name__})"


def whole_text(rule: Rule) -> Rule:
    """Mark ``rule`` as reading the whole text: it runs once, after the sentence rules."""
    return WholeTextRule(rule)
