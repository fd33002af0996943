"""What a poll, a study or an estimate reports without a verb of saying.

"In the latest poll, Clinton led Trump by 5 points" (the clause is in a finding) and
"Some estimates put the total at 12,000" (a document subject with a placing verb).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Token

from claimledger.pipeline.attribution.context import MAX_CUES_PER_SENTENCE, Candidate, Context, Priority
from claimledger.pipeline.attribution.grammar import (
    content_between,
    content_from_tokens,
    contiguous,
    subtree_excluding,
)
from claimledger.pipeline.attribution.vocabulary import FINDINGS, PLACING_VERBS
from claimledger.syntax.quotes import quote_kind
from claimledger.syntax.sources import source_span, subject_of


def in_a_poll(ctx: Context) -> Iterator[Candidate]:
    """'In the latest poll, Clinton led Trump by 5 points': a finding reported by the poll."""
    doc, sent = ctx.doc, ctx.sent
    tok = doc[sent.start]
    if tok.lower_ != "in" or tok.dep_ != "prep" or tok.head.pos_ not in ("VERB", "AUX"):
        return
    pobj = [c for c in tok.children if c.dep_ == "pobj"]
    if not pobj or pobj[0].lemma_.lower() not in FINDINGS:
        return
    head = tok.head
    toks = contiguous(doc, subtree_excluding(head, {t.i for t in tok.subtree}), head)
    content = content_from_tokens(doc, toks)
    if content is None:
        return
    yield _found_in(ctx, tok, pobj[0], content)


def poll_after_the_finding(ctx: Context) -> Iterator[Candidate]:
    """'Trump has a decisive lead in the polls', 'he fell to 10 percent in the latest poll': a
    finding told first, then the poll it is in, as a phrase of the finding's verb.

    The content runs from the finding's subject to the word before "in": what follows the
    poll (its date, "ahead of the primary") says when, not what was found.
    """
    doc, sent = ctx.doc, ctx.sent
    tried = 0
    for tok in sent:
        if tok.lower_ != "in" or tok.dep_ != "prep" or tok.i == sent.start:
            continue
        head = tok.head
        if head.pos_ == "NOUN" and head.dep_ in ("dobj", "attr"):
            head = head.head  # "has a decisive lead in the polls": the parser hung it on the object
        if head.pos_ not in ("VERB", "AUX") or head.i > tok.i or ctx.quotes.inside(tok.idx):
            continue
        pobj = [c for c in tok.children if c.dep_ == "pobj"]
        if not pobj or pobj[0].lemma_.lower() not in _POLLS:
            continue  # "in its 2013 report", "in an analysis": a document's place, not its finding
        tried += 1
        if tried > MAX_CUES_PER_SENTENCE:
            return
        subj = subject_of(head)
        if subj is None or subj.i > head.i or subj.tag_ in ("WP", "WDT"):
            continue  # "Sanders, who leads in the polls": the relative clause describes Sanders
        content = content_between(doc, subj.left_edge.i, tok.i - 1)
        if content is None:
            continue
        yield _found_in(ctx, tok, pobj[0], content)


def _found_in(ctx: Context, tok: Token, document: Token, content: tuple[int, int]) -> Candidate:
    """A finding whose source is the document after "in" (the cue is "in" itself)."""
    return Candidate(
        source=source_span(ctx.doc, document, ctx.lex),
        cue=ctx.doc[tok.i : tok.i + 1],
        content=content,
        quote_type=quote_kind(ctx.text, content),
        priority=Priority.LOOSE,
        cue_lemma="in",
    )


#: What a finding told before its source is "in": a poll or a survey.
_POLLS = frozenset({"poll", "survey"})


def document_put(ctx: Context) -> Iterator[Candidate]:
    """'Some estimates put the total at 12,000': a document subject with a placing verb."""
    doc, text, sent, lex = ctx.doc, ctx.text, ctx.sent, ctx.lex
    tried = 0
    for tok in sent:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in PLACING_VERBS:
            continue
        tried += 1
        if tried > MAX_CUES_PER_SENTENCE:
            return
        subj = subject_of(tok)
        if subj is None or subj.lemma_.lower() not in lex.document_nouns:
            continue
        if any(c.dep_ == "dobj" and c.lower_ == "it" for c in tok.children):
            continue  # "as a memo put it": a way of saying, read with the other cues
        after = [t for c in tok.children if c.i > tok.i and c.dep_ != "punct" for t in c.subtree]
        content = content_from_tokens(doc, after)
        if content is not None:  # "... at 12,000 -- a number reflecting ...": the gloss is the writer's
            dash = _GLOSS_DASH.search(text, content[0], content[1])
            if dash:
                content = (content[0], dash.start())
        if content is None:
            continue
        yield Candidate(
            source=source_span(doc, subj, lex),
            cue=doc[tok.i : tok.i + 1],
            content=content,
            priority=Priority.REPORTED_CLAUSE,
            cue_lemma=tok.lemma_.lower(),
        )


_GLOSS_DASH = re.compile(r"\s[\u2014\u2013-]{1,2}\s")
