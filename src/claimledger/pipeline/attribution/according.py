"""'According to X, ...' and 'X said, according to CNN': attribution by a prepositional phrase.

When X is an outlet and the clause already has a speaker, X is the channel and the
verb rule credits the speaker ("Zelensky said, according to CNN"); otherwise X is the
source of the clause the phrase hangs on.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from claimledger.pipeline.attribution.context import MAX_CUES_PER_SENTENCE, Candidate, Context, Priority
from claimledger.pipeline.attribution.grammar import content_from_tokens, contiguous, subtree_excluding
from claimledger.syntax.quotes import quote_kind
from claimledger.syntax.sources import Lexicon, source_span, subject_of


def according_to(ctx: Context) -> Iterator[Candidate]:
    """'According to X, ...', '..., according to X': X is the source of the clause the phrase is in."""
    doc, text, sent, lex = ctx.doc, ctx.text, ctx.sent, ctx.lex
    tried = 0
    for tok in sent:
        if tok.lower_ != "according":
            continue
        tried += 1
        if tried > MAX_CUES_PER_SENTENCE:
            return
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is None or nxt.lower_ != "to":
            continue
        pobj = [c for c in nxt.children if c.dep_ == "pobj"]
        if tok.i == sent.start:
            # "According to X, the move reeks of fear": read by the comma, whatever the parse
            # (the parser may make the phrase the root, or the name)
            fronted = _fronted_according(doc, sent, tok, lex)
            if fronted is not None:
                yield fronted
                continue
        if tok.head.i == tok.i:
            continue  # "According to MSNBC:" as a sentence of its own: no clause to attribute
        head = tok.head
        if pobj:
            src = source_span(doc, pobj[0], lex)
        else:
            # "according to show insiders": the parser read a verb into the name; the source is
            # the words after "to", up to the next punctuation
            end = nxt.i + 1
            while end < sent.end and not doc[end].is_punct and end - nxt.i <= 8:
                end += 1
            if end == nxt.i + 1 or end - nxt.i > 8:
                continue
            src = doc[nxt.i + 1 : end]
        if (
            head.lemma_.lower() in lex.all_verbs
            and subject_of(head) is not None
            and lex.is_outlet(src)
            and src.root.lemma_.lower() not in lex.document_nouns  # "a Reuters survey" reports
        ):
            continue  # a channel of the verb cue; handled there
        phrase = {t.i for t in tok.subtree}
        toks = contiguous(doc, subtree_excluding(head, phrase), head)
        content = content_from_tokens(doc, toks)
        if content is None:
            continue
        yield Candidate(
            source=src,
            cue=doc[tok.i : tok.i + 2],
            content=content,
            quote_type=quote_kind(text, content),
            priority=Priority.REPORTED_CLAUSE,
            cue_lemma="according to",
        )


def _fronted_according(doc: Doc, sent: SpacySpan, tok: Token, lex: Lexicon) -> Candidate | None:
    """'According to X, <clause>.': the source before the first comma, the clause after it."""
    comma = next((t.i for t in doc[tok.i + 2 : min(sent.end, tok.i + 18)] if t.text == ","), None)
    if comma is None or comma == tok.i + 2:
        return None
    body = list(doc[comma + 1 : sent.end])
    if len(body) < 3 or not any(t.pos_ in ("VERB", "AUX") or t.tag_ in ("VBZ", "NNS") for t in body):
        return None
    content = content_from_tokens(doc, body)
    if content is None:
        return None
    phrase = doc[tok.i + 2 : comma]
    src = source_span(doc, phrase.root, lex) if phrase.root.ent_type_ == "PERSON" else phrase
    if src.start < phrase.start or src.end > phrase.end:
        src = phrase
    return Candidate(
        source=src,
        cue=doc[tok.i : tok.i + 2],
        content=content,
        quote_type=quote_kind(doc.text, content),
        priority=Priority.REPORTED_CLAUSE,
        cue_lemma="according to",
    )
