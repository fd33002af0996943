"""Reading a dependency parse without walking whole subtrees over and over.

Rules ask "where does this token's subtree start and end" for every cue; listing
``token.subtree`` each time is quadratic on a degenerate parse (a chain of 5,000 cues
in one "sentence"). spaCy's ``left_edge``/``right_edge`` would be O(1) but are not the
subtree's extent on non-projective parses (they can stop short of a descendant that
hangs across its head), so the extents are computed here once per Doc, exactly, from
the heads.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token


def subtree_extents(doc: Doc) -> tuple[list[int], list[int]]:
    """``(lo, hi)``: the first and last token index of each token's subtree, in one pass.

    The same set of tokens ``token.subtree`` yields (heads are read as the parser set
    them); a token in a cycle of an invalid hand-made parse counts as its own subtree.
    """
    n = len(doc)
    lo, hi = list(range(n)), list(range(n))
    if n == 0 or not doc.has_annotation("DEP"):
        return lo, hi
    heads = [i + int(rel) for i, rel in enumerate(doc.to_array("HEAD").astype("int64").tolist())]
    kids: list[list[int]] = [[] for _ in range(n)]
    roots = []
    for i, h in enumerate(heads):
        if h == i or not 0 <= h < n:
            roots.append(i)
        else:
            kids[h].append(i)
    order: list[int] = []  # parents before their children
    stack = roots
    while stack:
        x = stack.pop()
        order.append(x)
        stack.extend(kids[x])
    for x in reversed(order):  # children before their parents
        h = heads[x]
        if h != x and 0 <= h < n:
            if lo[x] < lo[h]:
                lo[h] = lo[x]
            if hi[x] > hi[h]:
                hi[h] = hi[x]
    return lo, hi


def first_yielded(tok: Token) -> Token:
    """The first token ``tok.subtree`` yields (its leftmost left dependents, down), without listing it."""
    cur = tok
    while True:
        left = next(iter(cur.lefts), None)
        if left is None:
            return cur
        cur = left


def last_yielded(tok: Token) -> Token:
    """The last token ``tok.subtree`` yields (its rightmost right dependents, down)."""
    cur = tok
    while True:
        rights = list(cur.rights)
        if not rights:
            return cur
        cur = rights[-1]
