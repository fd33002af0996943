"""Cues of a verb and its noun: "made the case that ...", "took issue with ...".

Some stances are told by a light verb whose noun carries the meaning: "Obama will make
the case that Clinton is qualified", "the senator took issue with the report", "he
expressed concern that the ferry was unsafe", "the mayor made it clear that the pier
would close". Neither word alone is a cue ("made a cake", "took the train"); the pair
is, and its content is the clause or the prepositional object after the noun. The pairs
are ``light_verb_cues`` in ``attribution.json`` (verb lemma -> nouns).
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from claimledger.pipeline.attribution.complements import human_subject
from claimledger.pipeline.attribution.context import MAX_CUES_PER_SENTENCE, Candidate, Context, Priority
from claimledger.pipeline.attribution.grammar import content_from_tokens
from claimledger.pipeline.attribution.vocabulary import LIGHT_VERB_CUES, LIGHT_VERB_PREPS
from claimledger.syntax.quotes import with_quotes
from claimledger.syntax.sources import channel_of, inherited_subject, source_span, subject_of


def light_verb_cues(ctx: Context) -> Iterator[Candidate]:
    """Every verb-and-noun cue of the sentence with a human holder and a content after it."""
    doc, lex = ctx.doc, ctx.lex
    tried = 0
    for verb in ctx.sent:
        nouns = LIGHT_VERB_CUES.get(verb.lemma_.lower())
        if verb.pos_ != "VERB" or not nouns or ctx.quotes.inside(verb.idx):
            continue
        noun = next(
            (c for c in verb.rights if c.dep_ in ("dobj", "ccomp", "oprd") and c.lemma_.lower() in nouns),
            None,
        )
        if noun is None:
            continue
        subj = subject_of(verb) or inherited_subject(verb, lex)
        if subj is None or not human_subject(verb, lex):
            continue
        tried += 1
        if tried > MAX_CUES_PER_SENTENCE:
            return
        ctx.tick()
        found = _content(verb, noun)
        if found is None:
            continue
        toks, priority = found
        content = content_from_tokens(doc, toks)
        if content is None:
            continue
        content, quote_type = with_quotes(ctx.text, content, ctx.quotes)
        yield Candidate(
            source=source_span(doc, subj, lex),
            cue=doc[verb.i : noun.i + 1] if noun.i - verb.i <= 3 else doc[verb.i : verb.i + 1],
            content=content,
            channel=channel_of(doc, verb, lex),
            quote_type=quote_type,
            priority=priority,
            cue_lemma=f"{verb.lemma_.lower()} {noun.lemma_.lower()}",
        )


def _content(verb: Token, noun: Token) -> tuple[list[Token], Priority] | None:
    """The that-clause after the noun ("the case that ...", "clear that ..."), or the object of
    the preposition right after it ("issue with the report", "a case for reading")."""
    after = [c for c in (*noun.rights, *verb.rights) if c.i > noun.i]
    for child in sorted(after, key=lambda c: c.i):
        if child.dep_ in ("acl", "ccomp", "advcl") and any(
            g.dep_ == "mark" and g.lower_ == "that" for g in child.children
        ):
            return list(child.subtree), Priority.LOOSE
        if child.dep_ == "prep" and child.lower_ in LIGHT_VERB_PREPS and child.i == noun.i + 1:
            objs = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
            if objs:
                return list(objs[0].subtree), Priority.NOUN_PHRASE
    return None
