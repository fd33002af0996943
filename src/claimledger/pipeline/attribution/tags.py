"""A closing reporting tag the parser hung in the wrong place: "X, the poll found."

"The ferry will be late, harbour officials say" is read by the verb rule when the parser
makes the tag's verb the root or a clause of the content. It often does not: it reads "the
poll found" as a relative clause of the last noun ("a view of Trump, the poll found"),
"the budget office reported on Tuesday" as an adverbial clause of the content's verb, and
"Federal Election Commission records show" as a verb with no subject ("records" a
compound). Each is still a tag: a listed clausal cue whose clause closes the sentence,
set off by a comma, with a holder and no complement of its own; what it reports is the
sentence before the comma.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from claimledger.pipeline.attribution.complements import document_subject, holds_a_stance
from claimledger.pipeline.attribution.context import MAX_CUES_PER_SENTENCE, Candidate, Context, Priority
from claimledger.pipeline.attribution.grammar import CLAUSAL_DEPS, SUBJ_DEPS, content_between, cue_span
from claimledger.syntax.sources import Lexicon, channel_of, source_span, source_type

#: What a tag may have besides its holder: adverbs, a time or place, an addressee, a channel.
_TAG_DEPS = frozenset({"nsubj", "advmod", "prep", "npadvmod", "punct", "aux", "neg", "dative", "compound"})


def misparsed_closing_tags(ctx: Context) -> Iterator[Candidate]:
    """Every closing tag of the sentence the verb rule cannot read as one."""
    doc, lex = ctx.doc, ctx.lex
    last = _last_word(ctx.sent)
    if last is None:
        return
    tried = 0
    for verb in ctx.sent:
        if verb.tag_ not in ("VBD", "VBZ", "VBP") or verb.dep_ not in ("relcl", "advcl", "acl", "ROOT"):
            continue
        if lex.cue_lemma(verb) not in lex.clausal or ctx.quotes.inside(verb.idx):
            continue
        tried += 1
        if tried > MAX_CUES_PER_SENTENCE:
            return
        ctx.tick()
        # the tag: the verb and what hangs on it, but the content a root tag may hold before it
        own = [c for c in verb.children if not (c.dep_ in CLAUSAL_DEPS and c.i < verb.i)]
        if any(c.dep_ not in _TAG_DEPS for c in own):
            continue  # a complement or a clause of its own: not a bare tag
        first = min([verb.i] + [c.left_edge.i for c in own if not c.is_punct])
        if verb.right_edge.i < last.i or first <= ctx.sent.start + 2 or doc[first - 1].text != ",":
            continue
        holder = _holder(doc, verb, first, lex)
        if holder is None:
            continue
        content = content_between(doc, ctx.sent.start, first - 2)
        if content is None:
            continue
        if ctx.quotes.touching(content[0], content[1]):
            continue  # a quotation before a tag is the verb rule's: its cue is the one next to it
        yield Candidate(
            source=holder,
            cue=cue_span(doc, verb, lex),
            content=content,
            channel=channel_of(doc, verb, lex),
            quote_type="indirect",
            priority=Priority.REPORTED_CLAUSE,
            cue_lemma=lex.cue_lemma(verb),
        )


def _last_word(sent: SpacySpan) -> Token | None:
    for tok in reversed(sent):
        if not tok.is_punct:
            return tok
    return None


def _holder(doc: Doc, verb: Token, first: int, lex: Lexicon) -> SpacySpan | None:
    """The tag's subject, or the compound words before a verb the parser left without one."""
    subj = next((c for c in verb.lefts if c.dep_ in SUBJ_DEPS), None)
    if subj is not None:
        ok = holds_a_stance(subj, lex) or document_subject(subj, lex)
        return source_span(doc, subj, lex) if ok else None
    if verb.i == 0 or doc[verb.i - 1].dep_ != "compound" or doc[verb.i - 1].head.i != verb.i:
        return None
    span = doc[first : verb.i]
    head = doc[verb.i - 1]  # "records", tagged a verb: its lemma may be "record"
    named = head.lemma_.lower() in lex.document_nouns or head.lower_ in lex.document_nouns
    return span if named or source_type(span, lex) == "document" else None
