"""Nominal cues: "X's statement that ...", "a warning by X that ...", "his pledge to cut taxes",
"her criticism of the deal", "the chief's decision to notify Congress", and the cue verbs the
small model tags as nouns ("Trump claims that ...", "..., records show.").
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from claimledger.pipeline.attribution.complements import holds_a_stance
from claimledger.pipeline.attribution.context import MAX_CUES_PER_SENTENCE, Candidate, Context, Priority
from claimledger.pipeline.attribution.grammar import content_from_tokens, contiguous, subtree_excluding
from claimledger.pipeline.attribution.vocabulary import (
    CALL_NOUNS,
    FOR_NOUNS,
    HUMAN_POSSESSIVES,
    NOUN_OBJECTS,
    STANCE_NOUNS,
    TAG_VERBS_READ_AS_NOUNS,
)
from claimledger.syntax.sources import source_span


def _that_clauses(tok: Token, deps: tuple[str, ...]) -> list[Token]:
    """The clauses of ``tok`` by ``deps`` that open with the complementizer "that"."""
    return [
        c
        for c in tok.children
        if c.dep_ in deps and any(g.lower_ == "that" and g.dep_ == "mark" for g in c.children)
    ]


def noun_cues(ctx: Context) -> Iterator[Candidate]:
    """'X's statement that ...', 'a warning by X that ...', 'fears are rising in X that ...'."""
    doc, sent, lex = ctx.doc, ctx.sent, ctx.lex
    tried = 0
    for tok in sent:
        if tok.pos_ != "NOUN" or (
            tok.lemma_.lower() not in lex.nouns and tok.lemma_.lower() not in CALL_NOUNS
        ):
            continue
        tried += 1
        if tried > MAX_CUES_PER_SENTENCE:
            return
        comp = _that_clauses(tok, ("acl", "ccomp", "relcl"))
        holder = [c for c in tok.children if c.dep_ == "poss"]
        if comp and not holder:
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == "by":
                    holder = [g for g in c.children if g.dep_ == "pobj"]
        if not comp and tok.dep_ == "nsubj" and tok.lemma_.lower() in STANCE_NOUNS:
            # the parser hangs the that-clause and the holder on the verb: "fears are rising in X that Y"
            comp = _that_clauses(tok.head, ("advcl", "ccomp"))
            holder = [
                g
                for c in tok.head.children
                if c.dep_ == "prep" and c.lower_ in ("in", "among")
                for g in c.children
                if g.dep_ == "pobj"
            ]
        if not comp and holder and tok.lemma_.lower() in CALL_NOUNS:
            # "Pence's call for a special prosecutor", "his pledge to cut taxes"
            comp = [
                g
                for c in tok.children
                if c.dep_ == "prep"
                and c.lower_ == "for"
                and c.i == tok.i + 1
                and tok.lemma_.lower() in FOR_NOUNS
                for g in c.children
                if g.dep_ in ("pobj", "pcomp")
            ] + [c for c in tok.children if c.dep_ == "acl" and c.i > tok.i and _infinitive(c)]
        if not comp or not holder:
            continue
        content = content_from_tokens(doc, comp[0].subtree)
        if content is None:
            continue
        yield Candidate(
            source=source_span(doc, holder[0], lex),
            cue=doc[tok.i : tok.i + 1],
            content=content,
            priority=Priority.LOOSE,
            cue_lemma=tok.lemma_.lower(),
        )


def prepositional_noun_cues(ctx: Context) -> Iterator[Candidate]:
    """'her criticism of the deal', 'the union's support for the bill', 'the chief's decision to
    notify Congress', 'their refusal to testify': a noun of stance or speech with a possessor who
    can hold one; its prepositional object or infinitive is the content.

    The nouns and what opens their content are ``noun_objects`` in ``attribution.json``; without
    a possessor ("support for the bill grew") no one is named, so nothing is attributed.
    """
    doc, lex = ctx.doc, ctx.lex
    tried = 0
    for tok in ctx.sent:
        opens = NOUN_OBJECTS.get(tok.lemma_.lower())
        if tok.pos_ != "NOUN" or not opens or ctx.quotes.inside(tok.idx):
            continue
        if tok.dep_ == "dobj" and tok.head.pos_ == "VERB":
            continue  # "defended her decision to ...": the stance told is the verb's, on the noun phrase
        holder = next((c for c in tok.children if c.dep_ == "poss"), None)
        if holder is None or not (
            holder.lower_ in HUMAN_POSSESSIVES if holder.pos_ == "PRON" else holds_a_stance(holder, lex)
        ):
            continue
        tried += 1
        if tried > MAX_CUES_PER_SENTENCE:
            return
        found = _noun_content(tok, opens)
        if found is None:
            continue
        toks, priority = found
        content = content_from_tokens(doc, toks)
        if content is None:
            continue
        yield Candidate(
            source=source_span(doc, holder, lex),
            cue=doc[tok.i : tok.i + 1],
            content=content,
            priority=priority,
            cue_lemma=tok.lemma_.lower(),
        )


def _noun_content(noun: Token, opens: frozenset[str]) -> tuple[list[Token], Priority] | None:
    """The object of the listed preposition right after the noun, or its to-infinitive."""
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ in opens and child.i == noun.i + 1:
            objs = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
            return (list(objs[0].subtree), Priority.NOUN_PHRASE) if objs else None
        if "to" in opens and child.dep_ in ("acl", "relcl") and _infinitive(child) and child.i <= noun.i + 2:
            return list(child.subtree), Priority.LOOSE
    return None


def _infinitive(tok: Token) -> bool:
    """A to-infinitive: "(his pledge) to cut taxes"."""
    return tok.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def verbs_tagged_as_nouns(ctx: Context) -> Iterator[Candidate]:
    """'Trump claims that he should be the exception': the small model often reads a
    present-tense cue after a name as a plural noun ("claims", NNS) with the name as the
    root; a bare plural right after its head, opening a that-clause, is the verb."""
    doc, sent, lex = ctx.doc, ctx.sent, ctx.lex
    tried = 0
    for tok in sent:
        if tok.tag_ != "NNS" or tok.i == sent.start or tok.lemma_.lower() not in lex.clausal:
            continue
        tried += 1
        if tried > MAX_CUES_PER_SENTENCE:
            return  # each try may read a subtree: a capped number keeps a sentence linear
        holder = doc[tok.i - 1]
        if holder.pos_ not in ("PROPN", "PRON", "NOUN") or not (
            tok.head.i == holder.i or holder.head.i == tok.i
        ):
            continue
        modifiers = [c for c in tok.children if c.dep_ in ("det", "poss", "amod", "compound", "nummod")]
        if any(c.i != holder.i for c in modifiers):
            continue  # "his claims that ...", "new claims that ...": a noun after all
        comp = [c for c in _that_clauses(tok, ("acl", "ccomp", "relcl")) if c.i > tok.i]
        if not comp:
            continue
        content = content_from_tokens(doc, comp[0].subtree)
        if content is None:
            continue
        words = contiguous(doc, subtree_excluding(holder, {tok.i}), holder)
        yield Candidate(
            source=source_span(doc, holder, lex)
            if holder.head.i == tok.i
            else doc[words[0].i : words[-1].i + 1],
            cue=doc[tok.i : tok.i + 1],
            content=content,
            priority=Priority.REPORTED_CLAUSE,
            cue_lemma=tok.lemma_.lower(),
        )


def trailing_tag_read_as_noun(ctx: Context) -> Iterator[Candidate]:
    """'..., Federal Election Commission records show.': the sentence's closing reporting tag
    with its verb read as a noun; the clause before the comma is the content."""
    doc, sent = ctx.doc, ctx.sent
    end = sent.end
    while end > sent.start and doc[end - 1].is_punct:
        end -= 1
    if end - sent.start < 6:
        return
    cue = doc[end - 1]
    if cue.tag_ not in ("NN", "NNS") or cue.lemma_.lower() not in TAG_VERBS_READ_AS_NOUNS:
        return
    commas = [t.i for t in doc[max(sent.start, end - 20) : end - 1] if t.text == ","]
    if not commas:
        return
    comma = commas[-1]
    holder = doc[comma + 1 : end - 1]
    if not len(holder) or not any(t.pos_ in ("NOUN", "PROPN") for t in holder):
        return
    if any(t.pos_ in ("VERB", "AUX") and t.dep_ not in ("acl", "amod") for t in holder):
        return  # "..., he says." is parsed right; a verb in between is another clause
    body = doc[sent.start : comma]
    if not any(t.pos_ in ("VERB", "AUX") for t in body):
        return
    yield Candidate(
        source=holder,
        cue=doc[cue.i : cue.i + 1],
        content=(body.start_char, body.end_char),
        priority=Priority.REPORTED_CLAUSE,
        cue_lemma=cue.lemma_.lower(),
    )
