"""Attitudes told with an adjective: "party leaders were worried the ad would backfire".

A verb of saying is not the only way a text credits a proposition to someone: a person,
group or organisation that *is* worried, confident, eager or wary holds an attitude
to what follows, and PolNeAR annotates it as an attribution. The cue is an adjective
(or a participle used as one) from ``attitude_adjectives`` in ``attribution.json``,
the complement of a copula ("were", "seem", "remain") whose subject is someone who
can hold an attitude; the content is its clause ("confident that she will win"), its
infinitive ("eager to get the book out") or the object of its preposition ("wary of
overextending the candidate").
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from claimledger.pipeline.attribution.complements import human_subject
from claimledger.pipeline.attribution.context import MAX_CUES_PER_SENTENCE, Candidate, Context, Priority
from claimledger.pipeline.attribution.grammar import content_from_tokens
from claimledger.pipeline.attribution.vocabulary import (
    ATTITUDE_ADJECTIVES,
    ATTITUDE_PREPS,
    RAISING_ADJECTIVES,
)
from claimledger.syntax.quotes import with_quotes
from claimledger.syntax.sources import channel_of, source_span, subject_of


def attitude_adjectives(ctx: Context) -> Iterator[Candidate]:
    """Every attitude adjective of the sentence with a human holder and a complement."""
    doc, lex = ctx.doc, ctx.lex
    tried = 0
    for adj in ctx.sent:
        if adj.dep_ != "acomp" or adj.lower_ not in ATTITUDE_ADJECTIVES or ctx.quotes.inside(adj.idx):
            continue
        copula = adj.head
        subj = subject_of(copula)
        if subj is None or not human_subject(copula, lex):
            continue
        tried += 1
        if tried > MAX_CUES_PER_SENTENCE:
            return
        ctx.tick()
        found = _complement(adj)
        if found is None:
            continue
        toks, priority = found
        content = content_from_tokens(doc, toks)
        if content is None:
            continue
        content, quote_type = with_quotes(ctx.text, content, ctx.quotes)
        yield Candidate(
            source=source_span(doc, subj, lex),
            cue=doc[copula.i : adj.i + 1] if 0 < adj.i - copula.i <= 3 else doc[adj.i : adj.i + 1],
            content=content,
            channel=channel_of(doc, copula, lex),
            quote_type=quote_type,
            priority=priority,
            cue_lemma=adj.lower_,
        )


def _complement(adj: Token) -> tuple[list[Token], Priority] | None:
    """What the attitude is about: a clause or an infinitive (a proposition held), or the
    object of "about", "of", "in" (an attitude to a thing), the first after the adjective."""
    for child in adj.rights:
        if child.dep_ == "ccomp" or (child.dep_ == "xcomp" and adj.lower_ not in RAISING_ADJECTIVES):
            return list(child.subtree), Priority.LOOSE
        if child.dep_ == "xcomp":
            return None  # "Clinton is certain to win": the writer's forecast, not her attitude
        if child.dep_ == "prep" and child.lower_ in ATTITUDE_PREPS and child.i == adj.i + 1:
            objs = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
            if objs:
                return list(objs[0].subtree), Priority.NOUN_PHRASE
    # "were worried the ad would backfire": the parser may hang the clause on the copula
    for child in adj.head.rights:
        if child.dep_ == "ccomp" and child.i > adj.i:
            return list(child.subtree), Priority.LOOSE
    return None
