"""A quotation a clause introduces with a colon: 'Mr. Lee shot back: "That would be good."'.

A listed cue already takes the quotation after its colon ('He said: "..."'). Any verb
with a holder that ends its clause in a colon and a quotation introduces the quoted
words, whatever the verb: "shot back", "boomed", "interjected", "heckled the crowd",
"sent them a simple message". PolNeAR counts these; the cue lexicon cannot list every
verb of manner of speaking. The holder must be someone who can speak or a document
("The banner reads: ..."); the quote must open right after the colon.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from claimledger.pipeline.attribution.complements import document_subject, human_subject
from claimledger.pipeline.attribution.context import MAX_CUES_PER_SENTENCE, Candidate, Context, Priority
from claimledger.pipeline.attribution.grammar import cue_span
from claimledger.syntax.sources import channel_of, inherited_subject, source_span, subject_of


def colon_quotes(ctx: Context) -> Iterator[Candidate]:
    """Every colon of the sentence that a clause with a holder ends and a quotation opens."""
    doc, text, lex = ctx.doc, ctx.text, ctx.lex
    tried = 0
    for colon in ctx.sent:
        if colon.text != ":" or colon.i == 0 or ctx.quotes.inside(colon.idx):
            continue
        opens = colon.idx + 1
        while opens < len(text) and text[opens] in " \t":
            opens += 1
        quote = next((q for q in ctx.quotes.touching(opens, opens + 1) if q[0] == opens), None)
        if quote is None:
            continue
        tried += 1
        if tried > MAX_CUES_PER_SENTENCE:
            return
        ctx.tick()
        verb = _introducing_verb(doc[colon.i - 1], colon)
        if verb is None or ctx.quotes.inside(verb.idx):
            continue
        subj = subject_of(verb) or inherited_subject(verb, lex)  # "leaned in and boomed: ..."
        if subj is None or ctx.quotes.inside(subj.idx):
            continue
        if not (human_subject(verb, lex) or document_subject(subj, lex)):
            continue
        yield Candidate(
            source=source_span(doc, subj, lex),
            cue=cue_span(doc, verb, lex),
            content=quote,
            channel=channel_of(doc, verb, lex),
            quote_type="direct",
            priority=Priority.LOOSE,
            cue_lemma=lex.cue_lemma(verb),
        )


def _introducing_verb(last: Token, colon: Token) -> Token | None:
    """The verb whose clause ends at the colon: the word before it, or the verb it hangs on.

    Every word between the verb and the colon must be the verb's own ("sent them a message:"),
    so that a colon after a clause embedded in another ("said the plan, which failed:") is
    no one's.
    """
    verb = last
    while verb.pos_ != "VERB" and verb.head.i != verb.i and verb.head.i < colon.i:
        verb = verb.head
    if verb.pos_ != "VERB" or verb.i >= colon.i or verb.tag_ in ("VBN", "VBG"):
        return None
    if any(not verb.is_ancestor(verb.doc[k]) for k in range(verb.i + 1, colon.i)):
        return None
    return verb
