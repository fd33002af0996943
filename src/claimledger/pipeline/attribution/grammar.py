"""The reading of the parse that rules share: dependency-label sets, the cue's verbal
group, and a content's char span from its tokens.

A content is a contiguous run of characters even when its subtree is not (a reporting
tag set inside it, a complementizer before it, punctuation at its edges); these
helpers make that span the same way for every rule.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from claimledger.syntax import deps
from claimledger.syntax.sources import Lexicon

#: The dependencies of a reported clause on its cue ("said [that he left]", "he left, she said").
CLAUSAL_DEPS = frozenset({"ccomp", "parataxis"})
#: The dependencies of a clause's subject (shared with the other stages).
SUBJ_DEPS = deps.SUBJECTS
#: What the parser hangs on a verb for its object's predicate in a small clause
#: ("shows Cruz [16 points] [ahead of Trump]").
SMALL_CLAUSE_DEPS = ("prep", "npadvmod", "advmod", "acomp", "xcomp", "oprd")


def cue_span(doc: Doc, verb: Token, lex: Lexicon) -> SpacySpan:
    """The minimal verbal group: auxiliaries, negation and particles around the cue."""
    left = verb.i
    for child in sorted(verb.lefts, key=lambda t: -t.i):
        if child.dep_ in ("aux", "auxpass", "neg") and child.i == left - 1:
            left = child.i
        elif (
            child.dep_ in ("aux", "auxpass", "neg") and child.i == left - 2 and doc[left - 1].dep_ == "advmod"
        ):
            left = child.i
    right = verb.i
    parts = lex.particles.get(verb.lemma_.lower(), [])
    for child in verb.rights:
        if child.i == right + 1 and (child.dep_ == "prt" or (child.dep_ == "prep" and child.lower_ in parts)):
            right = child.i
    return doc[left : right + 1]


def content_from_tokens(doc: Doc, tokens: Iterable[Token]) -> tuple[int, int] | None:
    """Char span of a complement without its complementizer and final punctuation."""
    idx = [t.i for t in tokens]
    if not idx:
        return None
    return content_between(doc, min(idx), max(idx))


def content_between(doc: Doc, first: int, last: int) -> tuple[int, int] | None:
    """:func:`content_from_tokens` for the tokens ``first`` to ``last`` (both included)."""
    start, end = first, last + 1
    while start < end and (
        (doc[start].dep_ == "mark" and doc[start].lower_ in ("that",))
        # a complementizer "that" the parser gave another role ("told the reporter that he had left")
        or (doc[start].lower_ == "that" and doc[start].tag_ == "IN")
        or (doc[start].dep_ in ("advmod", "dep") and doc[start].lower_ == "that" and doc[start].tag_ == "WDT")
    ):
        start += 1
    while start < end and doc[start].is_punct and doc[start].text not in ('"', "\u201c", "''"):
        start += 1
    # "... should be released but": a conjunction whose second half is another report
    while end > start and (
        (doc[end - 1].is_punct and doc[end - 1].text not in ('"', "\u201d", "''"))
        or (doc[end - 1].dep_ == "cc" and end - 1 > start)
    ):
        end -= 1
    if end <= start:
        return None
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def subtree_excluding(tok: Token, exclude: set[int]) -> list[Token]:
    """The subtree of ``tok`` without the tokens of ``exclude`` and what hangs below them."""
    out: list[Token] = []
    stack = [tok]
    while stack:
        t = stack.pop()
        if t.i in exclude:
            continue
        out.append(t)
        stack.extend(t.children)
    return out


def contiguous(
    doc: Doc, toks: list[Token], anchor: Token, bridge: tuple[int, int] | None = None
) -> list[Token]:
    """Keep the contiguous run of tokens around the anchor (content spans are contiguous).

    ``bridge`` is a token range the run may cross: a reporting tag set inside its
    content ("The bridge, the mayor said, will stay closed") leaves the content whole.
    """
    have = {t.i for t in toks}
    if (
        bridge is not None
        and any(i < bridge[0] and not doc[i].is_punct for i in have)
        and any(i > bridge[1] and not doc[i].is_punct for i in have)
    ):
        have.update(range(bridge[0], bridge[1] + 1))
    lo = hi = anchor.i
    while lo - 1 in have:
        lo -= 1
    while hi + 1 in have:
        hi += 1
    return [doc[i] for i in range(lo, hi + 1)]
