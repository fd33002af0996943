"""Attribution extraction: who says what, through which cue and channel.

Rules over the dependency parse, each a function ``rule(ctx: Context) ->
Iterator[Candidate]`` that proposes candidates (:mod:`.context`); :data:`RULES` lists
them in the order they run. ``find_attributions`` runs them, keeps the best candidate
per content (:mod:`.selection`) and makes the records (:mod:`.records`). The rules, by
construction family:

* **verb cues** (:mod:`.verbs`): "X said/told/warned/estimated that ...", a quotation
  with a cue outside it ("'...,' Solovey told the AP"; "'The bridge,' he said, 'is
  closed.'" is one content from the first mark to the last), "X, citing Y".
* **"according to X"** (:mod:`.according`): when X is an outlet and the clause already
  has a speaker, X is the channel ("Zelensky said, according to CNN"); otherwise the source.
* **polls and documents** (:mod:`.documents`): "In the latest poll, ...", "Ruiz fell to 10
  percent in the latest poll", "Some estimates put the total at 12,000".
* **nominal cues** (:mod:`.nominal`): "X's statement that ...", "his pledge to cut
  taxes", and cue verbs the model tagged as nouns.
* **attitudes** (:mod:`.attitudes`): "party leaders were worried the ad would backfire",
  "aides are confident that she will win": an adjective of attitude after a copula.
* **a verb and its noun** (:mod:`.phrasal`): "made the case that ...", "took issue with ...".
* **a verb and its preposition** (:mod:`.prepositional`): "referred to the report", "pushed
  for a new contract", "complained about the delays".
* **a clause and its colon** (:mod:`.colons`): 'Mr. Lee shot back: "..."': any verb with a
  holder whose clause ends in a colon introduces the quotation after it.
* **closing tags the parser hung elsewhere** (:mod:`.tags`): "X, the poll found." read as a
  relative clause, "X, the office reported on Tuesday." as an adverbial clause.
* **layout** (:mod:`.layout`): speaker labels, signed quotations, introduced paragraphs,
  and a quotation with no cue of its own, which continues the previous attribution
  (GUIDELINES rule 5).

A new construction is one rule function in its family's module (or a new module), one
entry in :data:`RULES` and one test; a word list it tests goes in ``attribution.json``,
loaded once at import with :func:`.vocabulary.words`.

The English word lists the rules test are data (``lexicons/data/attribution.json``,
:mod:`.vocabulary`). Source-less passives ("it was reported that") are left to the
hedges stage, as the guidelines ask; they lower the author's commitment instead.

Quotation marks are handled in :mod:`claimledger.syntax.quotes`; who the source is, its type
and its channel, in :mod:`claimledger.syntax.sources`.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc

from claimledger import lexicons
from claimledger.models import Attribution
from claimledger.pipeline import budget, extensions
from claimledger.pipeline.attribution.according import according_to
from claimledger.pipeline.attribution.attitudes import attitude_adjectives
from claimledger.pipeline.attribution.colons import colon_quotes
from claimledger.pipeline.attribution.context import (
    MAX_CUES_PER_SENTENCE,
    Candidate,
    Context,
    Rule,
    WholeTextRule,
)
from claimledger.pipeline.attribution.documents import document_put, in_a_poll, poll_after_the_finding
from claimledger.pipeline.attribution.layout import (
    follow_on_quotes,
    introduced_paragraphs,
    signed_quotes,
    speaker_labels,
)
from claimledger.pipeline.attribution.nominal import (
    noun_cues,
    prepositional_noun_cues,
    trailing_tag_read_as_noun,
    verbs_tagged_as_nouns,
)
from claimledger.pipeline.attribution.phrasal import light_verb_cues
from claimledger.pipeline.attribution.prepositional import prepositional_objects
from claimledger.pipeline.attribution.records import EXTRACTOR, drop_datelines, tidy, to_record
from claimledger.pipeline.attribution.selection import drop_nesting_that_reports_nothing, select
from claimledger.pipeline.attribution.tags import misparsed_closing_tags
from claimledger.pipeline.attribution.verbs import verb_cues
from claimledger.syntax.parsetree import subtree_extents
from claimledger.syntax.quotes import Quotes, find_quotes
from claimledger.syntax.sources import Lexicon, source_span, source_type

__all__ = [
    "EXTRACTOR",
    "MAX_CUES_PER_SENTENCE",
    "RULES",
    "AttributionFinder",
    "Lexicon",
    "find_attributions",
    "find_quotes",
    "make_attribution_finder",
    "source_span",
    "source_type",
]

extensions.register()

#: Every rule, in the order it runs. Sentence rules run one sentence at a time, each
#: sentence through all of them in this order; the :func:`~.context.whole_text` rules run
#: once after the last sentence. The order matters: among candidates of equal priority and
#: cue distance, the one proposed first is kept.
RULES: tuple[Rule, ...] = (
    verb_cues,
    according_to,
    in_a_poll,
    poll_after_the_finding,
    document_put,
    noun_cues,
    prepositional_noun_cues,
    verbs_tagged_as_nouns,
    trailing_tag_read_as_noun,
    attitude_adjectives,
    light_verb_cues,
    prepositional_objects,
    colon_quotes,
    misparsed_closing_tags,
    speaker_labels,
    signed_quotes,
    introduced_paragraphs,
)


class AttributionFinder:
    """Proposes attribution candidates by rule, then keeps the best non-overlapping ones."""

    def __init__(self, nlp: Language, name: str = "claimledger_attributions") -> None:
        self.name = name
        self.lex = Lexicon(nlp.lang if nlp.lang in lexicons.SUPPORTED_LANGUAGES else "en")
        #: the rules this stage runs; ``tools.rulegain`` swaps in a set without one of them
        #: to measure what each rule is worth
        self.rules: Sequence[Rule] = RULES

    def __call__(self, doc: Doc) -> Doc:
        doc._.attributions = find_attributions(doc, self.lex, self.rules)
        return doc


@Language.factory(
    "claimledger_attributions",
    assigns=["doc._.attributions"],
    requires=["token.dep", "token.lemma", "token.tag", "token.ent_type"],
)
def make_attribution_finder(nlp: Language, name: str) -> AttributionFinder:
    """Factory for the attribution stage."""
    return AttributionFinder(nlp, name)


def find_attributions(
    doc: Doc, lex: Lexicon | None = None, rules: Sequence[Rule] = RULES
) -> list[Attribution]:
    """All attributions in a parsed Doc, in text order, ids a1, a2, ...

    ``rules`` are the rules to run (:data:`RULES` by default; a test may add its own).
    """
    lex = lex or Lexicon()
    tick = budget.ticker(doc, "claimledger_attributions")
    text = doc.text  # rebuilt from the tokens on every access: read it once
    quotes = find_quotes(text)
    all_quotes = Quotes(quotes)
    extents = subtree_extents(doc)
    per_sentence = [r for r in rules if not isinstance(r, WholeTextRule)]
    per_text = [r for r in rules if isinstance(r, WholeTextRule)]
    cands: list[Candidate] = []
    for sent in doc.sents:
        tick()
        # a quote just before the sentence too: the parser may end a sentence at '?"' and start
        # the next at its cue ('"How many times?" Clinton said.')
        squotes = Quotes(all_quotes.touching(sent.start_char - 2, sent.end_char))
        ctx = Context(doc, text, sent, squotes, lex, tick, extents)
        for rule in per_sentence:
            cands.extend(rule(ctx))
    if per_text:
        whole = Context(doc, text, doc[:], all_quotes, lex, tick, extents)
        for rule in per_text:
            cands.extend(rule(whole))
    cands = drop_datelines(text, [r for c in cands if (r := tidy(text, c)) is not None])
    kept = drop_nesting_that_reports_nothing(select(cands, tick))
    kept.extend(follow_on_quotes(text, quotes, kept, tick))
    kept.sort(key=lambda c: c.content[0])
    return [to_record(text, i, c, lex) for i, c in enumerate(kept, start=1)]
