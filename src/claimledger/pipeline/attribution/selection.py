"""Choosing among overlapping candidates: one record per content, and nested reports.

Rules propose freely, and several may read the same words: the verb rule and a
nominal one, a set-off tag and its clause's own cue. :func:`select` keeps, for each
content, the candidate of the highest :class:`~claimledger.pipeline.attribution.context.Priority`
whose cue is nearest; a report inside another's content with another holder stays
(GUIDELINES rule 3), unless its holder is the outer speaker again or its cue reports no
words, only a stance, an intention or a belief (:func:`drop_nesting_that_reports_nothing`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable

from claimledger.pipeline.attribution.context import Candidate, no_tick
from claimledger.pipeline.attribution.vocabulary import REPORTING_CUES, SELF_PRONOUNS

#: Two contents are one attribution told twice when they overlap by at least this share of
#: the shorter one (and have the same source or similar lengths): a clause read by two rules
#: differs at its edges (a complementizer, a trailing adjunct), not in its middle.
SAME_CONTENT_OVERLAP = 0.8
#: "Similar lengths": differing by less than this share of the shorter. A content much shorter
#: than the one it overlaps is a part of it (a nested report), not the same words again.
SIMILAR_LENGTH = 0.3
#: How far before a candidate a kept content of similar length can start, in tenths of the
#: candidate's length: at most (1 + SIMILAR_LENGTH) times its length before it. An integer, so
#: that the window is the same on every platform.
SIMILAR_REACH_TENTHS = 13


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """The number of characters two spans share."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


class _SpanIndex:
    """Candidates by content start, so that the ones overlapping a range are found by bisection."""

    def __init__(self) -> None:
        self.keys: list[tuple[int, int]] = []  # (start, insertion number), sorted
        self.items: list[Candidate] = []  # in the order of ``keys``
        self.longest = 0

    def add(self, cand: Candidate) -> None:
        start, end = cand.content
        key = (start, len(self.keys))
        at = bisect_right(self.keys, key)
        self.keys.insert(at, key)
        self.items.insert(at, cand)
        self.longest = max(self.longest, end - start)

    def starting_in(self, lo: int, hi: int) -> list[Candidate]:
        """The candidates whose content starts in [lo, hi)."""
        a = bisect_right(self.keys, (lo, -1))
        b = bisect_right(self.keys, (hi, -1))
        return self.items[a:b]

    def overlapping(self, start: int, end: int) -> list[Candidate]:
        """The candidates whose content overlaps [start, end)."""
        return [c for c in self.starting_in(start - self.longest, end) if c.content[1] > start]


def _clashes(cand: Candidate, other: Candidate) -> bool:
    """Whether ``other`` (kept, higher ranked) makes ``cand`` the same attribution twice."""
    ov = _overlap(cand.content, other.content)
    if not ov:
        return False
    if cand.cue is not None and other.cue is not None and cand.cue.start != other.cue.start:
        # "told the audience that she believes we must ...": one report inside the other
        # (rule 3 keeps both, or the outer one alone when the inner holder is the speaker)
        if _nests(other, cand) or _nests(cand, other):
            return False
    small = min(cand.content[1] - cand.content[0], other.content[1] - other.content[0])
    same_source = (
        cand.source is not None and other.source is not None and cand.source.root.i == other.source.root.i
    )
    if ov >= SAME_CONTENT_OVERLAP * small and (
        same_source
        or abs((cand.content[1] - cand.content[0]) - (other.content[1] - other.content[0]))
        < SIMILAR_LENGTH * small
    ):
        return True
    return cand.cue is not None and other.cue is not None and cand.cue.start == other.cue.start


def _nests(outer: Candidate, inner: Candidate) -> bool:
    """'told the audience that she believes ...': the inner cue lies in the outer content,
    which follows its cue ('DuVernay said X, she said' is one report told twice)."""
    assert outer.cue is not None and inner.cue is not None
    return outer.cue.start_char < outer.content[0] <= inner.cue.start_char < outer.content[1]


def select(cands: list[Candidate], tick: Callable[[], None] = no_tick) -> list[Candidate]:
    """Keep one attribution per content: higher priority, then the cue nearest the content.

    Nested reporting keeps both records when the contents differ (the inner one is
    a sub-span of the outer one with another source).

    A candidate is compared only with the kept ones it can clash with (:func:`_clashes`):
    those of a similar length overlapping it (they start at most :data:`SIMILAR_REACH_TENTHS`
    tenths of its length before it), and those with the same source or the same cue. That
    keeps thousands of candidates linear in practice, where comparing every pair would be
    quadratic.
    """

    def rank(c: Candidate) -> tuple[int, int]:
        cue_pos = c.cue.start_char if c.cue is not None else c.content[0]
        dist = min(abs(cue_pos - c.content[0]), abs(cue_pos - c.content[1]))
        return (-c.priority, dist)

    kept: list[Candidate] = []
    everything = _SpanIndex()
    by_source: dict[int, _SpanIndex] = {}
    by_cue: dict[int, _SpanIndex] = {}
    for cand in sorted(cands, key=rank):
        tick()
        start, end = cand.content
        near = everything.starting_in(start - (SIMILAR_REACH_TENTHS * (end - start)) // 10 - 1, end)
        source_i = cand.source.root.i if cand.source is not None else None
        same_source = by_source.get(source_i) if source_i is not None else None
        same_cue = by_cue.get(cand.cue.start) if cand.cue is not None else None
        others = [
            *near,
            *(same_source.overlapping(start, end) if same_source else ()),
            *(same_cue.overlapping(start, end) if same_cue else ()),
        ]
        if any(_clashes(cand, other) for other in others):
            continue
        kept.append(cand)
        everything.add(cand)
        if source_i is not None:
            by_source.setdefault(source_i, _SpanIndex()).add(cand)
        if cand.cue is not None:
            by_cue.setdefault(cand.cue.start, _SpanIndex()).add(cand)
    return kept


def drop_nesting_that_reports_nothing(kept: list[Candidate]) -> list[Candidate]:
    """A cue inside another kept content makes a record of its own only if it reports words.

    'X said he believed Y' is one record: the inner holder is the outer speaker (rule 3).
    'X said the senator plans to run', '..., Y believes Z, X said': a stance, an intention or
    a belief inside X's report is part of what X reported, not a report by Y; 'One said he
    was told by commanders that ...' keeps both records (a cue of :data:`REPORTING_CUES`).

    "Is the cue inside another kept content" is one bisection into the contents sorted
    by start, with the two largest ends seen so far (the largest may be the record's own).
    """
    order = sorted(range(len(kept)), key=lambda k: kept[k].content[0])
    starts = [kept[k].content[0] for k in order]
    best: list[tuple[int, int]] = []  # over order[: j + 1]: (largest end, whose)
    second: list[int] = []  # over order[: j + 1]: the largest end of any other
    top_end, top_k, next_end = -1, -1, -1
    for k in order:
        end = kept[k].content[1]
        if end > top_end:
            top_end, top_k, next_end = end, k, top_end
        elif end > next_end:
            next_end = end
        best.append((top_end, top_k))
        second.append(next_end)
    out = []
    for k, c in enumerate(kept):
        if c.cue is None or (
            (c.source is None or c.source.text.lower() not in SELF_PRONOUNS) and c.cue_lemma in REPORTING_CUES
        ):
            out.append(c)
            continue
        cue_at = c.cue.start_char
        j = bisect_right(starts, cue_at) - 1
        if j >= 0 and (best[j][0] if best[j][1] != k else second[j]) > cue_at:
            continue
        out.append(c)
    return out
