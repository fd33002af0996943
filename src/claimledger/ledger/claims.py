"""Merging attributions from many articles into claims.

Two attributions are the same claim when their statements share most of their
comparable words (see :mod:`claimledger.ledger.text`), have the same polarity, and
carry no numbers for the same thing whose bounds exclude each other. A denial and
the assertion it denies (in the same frame: denying that troops *have arrived* does
not contradict a warning that they *could be sent*), or two incompatible estimates,
are never merged: they are
kept apart ("cannot-link") and become contradictions instead.

It is not quadratic: identical statements collapse first, then only statements that
share at least two not-too-common words are compared (blocking on an inverted index).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date

from claimledger import lexicons
from claimledger.ledger.figures import COMPARED_KINDS, CURRENCY_HEADS, MEASURE_HEADS, same_thing
from claimledger.ledger.predicates import Predication, same_predicate, same_subject
from claimledger.ledger.text import bag

#: Merge when the smaller statement is mostly contained in the other (overlap) and the
#: two are not merely about the same subject (Jaccard).
MERGE_OVERLAP = 0.7
MERGE_JACCARD = 0.4
#: A denial contradicts an assertion when their topics (negation words removed) overlap this
#: much, and the denial's own words are mostly (this share) the assertion's: a denial restates
#: what it denies, so a long statement that merely contains the other's words ("times have
#: changed when X announce Y - and no one objects") is not one.
DENIAL_OVERLAP = 0.6
DENIAL_COVERED = 0.75
#: A negation alone ("has not sent") denies only a near restatement: a "not" somewhere in a
#: long quote ("... Not fit!") says nothing of the rest.
NEGATION_COVERED = 0.9
NEGATION_JACCARD = 0.75
#: Approximate figures ("about 1,500") are read as +/- this share.
APPROXIMATE = 0.10
#: Words shared by more statements than this do not make candidates on their own.
BLOCK_CAP = 150
#: A statement needs a predicate and this many comparable words (a figure counts as one) to
#: be a proposition that can be the same as another's: "data", "I hope so", "it will not" or
#: "former Gov. Jeb Bush" are fragments, and fragments from different speakers are never one claim.
MIN_WORDS = 3
#: Words two statements must share besides their multi-word names (:func:`same_proposition`).
FREE_WORDS = 2
#: Statements the smaller of which has at least QUOTATION_WORDS words, this share of them in
#: the other, are one quotation (a trimmed one), whoever they are credited to
#: (:func:`_one_quotation`).
QUOTATION = 0.85
QUOTATION_WORDS = 4
_QUOTE_MARKS = re.compile("[\"\u201c\u201d]|''")
#: Average linkage: a statement joins a claim, or two claims join, only when the average
#: similarity ((overlap + Jaccard) / 2, see :func:`pair_score`) over every pair of statements
#: across them reaches this. A merged pair scores at least 0.55 (MERGE_OVERLAP and
#: MERGE_JACCARD), so a chain A-B-C whose ends share nothing averages about 0.37 and stops:
#: no chain of near neighbours grows one claim out of unrelated statements.
AVERAGE_LINK = 0.4
#: The average is taken over at most this many statements of each side (the first ones
#: joined), so that one merge costs at most LINK_SAMPLE squared comparisons however large a
#: claim grows (a wire story repeated by thousands of outlets).
LINK_SAMPLE = 40


@dataclass(frozen=True, slots=True)
class Estimate:
    """A quantity in comparable form: thing key, frame (now / projected) and interval."""

    id: str
    article_id: str
    value: float | None
    low: float | None
    high: float | None
    qualifier: str
    thing: str
    country: str | None
    head: str
    frame: str
    text: str
    start: int
    end: int
    place: str | None = None
    #: See :mod:`claimledger.ledger.figures`: kind, the thing's tokens and the days it holds.
    kind: str = "stock"
    key: frozenset[str] = frozenset()
    particular: frozenset[str] = frozenset()
    window: tuple[date, date] | None = None
    time_text: str | None = None
    #: What is counted, as the figures stage said it ("" when it did not say).
    described: str = ""
    #: The thing's words with its verbs (for contradictions; ``key`` leaves verbs out).
    full: frozenset[str] = frozenset()
    #: The unit as the figures stage said it; "" for a bare number, None before the stage.
    unit: str | None = None
    #: Does the thing itself name its particular (a name, its own country), rather than take
    #: its country from the article's other figures?
    named: bool = True

    @property
    def interval(self) -> tuple[float, float]:
        return bounds(self.qualifier, self.value, self.low, self.high)


@dataclass(slots=True)
class Member:
    """One attribution in the form the ledger works on (one per stored attribution, all
    held at once while the ledger is built: no ``__dict__``)."""

    article_id: str
    id: str
    content: str
    content_start: int
    #: the statement's comparable words (:func:`claimledger.ledger.text.bag`), each once: the
    #: build keeps them as a sorted tuple (a fifth of the memory of a frozenset); equal bags
    #: must compare equal, so all members of one clustering use the same form
    bag: Collection[str]
    negative: bool
    hedged: bool
    confirmed: bool
    source_type: str
    source_text: str
    source_actor: int | None
    channel_actor: int | None
    outlet: str | None
    outlet_actor: int | None  # the original's outlet when this article is a copy
    published: str | None
    duplicate: bool
    projected: bool = False  # speaks of what could be ("could be sent"), not what is
    estimates: Sequence[Estimate] = ()
    negated: bool = False  # a negation in the statement itself ("has not sent", "I hope not")
    clause: bool = True  # the statement has a predicate (not a bare noun phrase)
    #: the speaker says it is not so: a denial cue ("denied that"), a dismissal ("fake news")
    denies: bool = False
    #: the cue gives the speaker's view or forecast ("thinks", "predicted"), not a report
    opinion: bool = False
    #: the bag's words that belong to a multi-word name (:func:`claimledger.ledger.text.name_words`:
    #: "affordable", "care", "act" of "Affordable Care Act")
    name_words: tuple[str, ...] = ()
    #: what the statement says of whom (:mod:`claimledger.ledger.predicates`); None: not read
    predication: Predication | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.article_id, self.id)

    @property
    def sort_key(self) -> tuple[str, bool, str, int]:
        """First seen first; on the same day the original before its copies."""
        return (self.published or "9999", self.duplicate, self.article_id, self.content_start)


def bounds(qualifier: str, value: float | None, low: float | None, high: float | None) -> tuple[float, float]:
    """The interval a reported figure allows.

    exact: the value; approximate ("about"): value +/- 10 %; upper bound ("as many as",
    "up to"): 0..value; lower bound ("more than", "at least"): value..infinity;
    range: low..high.
    """
    v = value if value is not None else (high if high is not None else low)
    if qualifier == "range" and low is not None and high is not None:
        return (low, high)
    if v is None:
        return (0.0, math.inf)
    if qualifier == "approximate":
        return (v * (1 - APPROXIMATE), v * (1 + APPROXIMATE))
    if qualifier == "upper_bound":
        return (0.0, high if high is not None else v)
    if qualifier == "lower_bound":
        return (low if low is not None else v, math.inf)
    return (v, v)


def disjoint(a: Estimate, b: Estimate) -> bool:
    (alo, ahi), (blo, bhi) = a.interval, b.interval
    return ahi < blo or bhi < alo


def comparable(a: Estimate, b: Estimate) -> bool:
    """Same unit, kind and frame, the same particular thing, and not two different places."""
    places_differ = a.place is not None and b.place is not None and a.place.lower() != b.place.lower()
    return (
        a.head == b.head
        and a.frame == b.frame
        and a.kind == b.kind
        and a.kind in COMPARED_KINDS
        and a.country == b.country
        and not places_differ
        and _says_what(a)
        and _says_what(b)
        and same_thing(a.full, a.particular, b.full, b.particular)
    )


def _says_what(e: Estimate) -> bool:
    """Does the figure say what it measures? A count names it in its unit ("troops"); a sum
    of money or a percentage needs a common noun in its thing ("favorability", "minimum
    wage"): "Clinton" alone makes her lead, her favourability and her vote share one thing."""
    if e.unit == "":
        return False  # a bare number: nothing says what it counts
    if e.head in MEASURE_HEADS:
        # "57 cents", "46.5 European Currency Units": what do they price? The thing must say,
        # beyond the unit's own words and any country
        said = e.key - e.particular - bag(e.unit or "") - MEASURE_HEADS
        return any(not t.startswith("@") for t in said)
    measure = e.thing == "percent" or e.thing.split(" per ")[0].isupper() or e.head in CURRENCY_HEADS
    return not measure or bool(_common_words(e.thing) - e.particular)


#: Words that say how much, never what: scale words and the currencies' own.
_HOW_MUCH = bag(
    " ".join(
        [
            *lexicons.load("quantities")["multipliers"],
            *lexicons.load("quantities")["spaced_multiplier_abbreviations"],
        ]
    )
)


def _common_words(thing: str) -> frozenset[str]:
    """The common nouns of a thing that say what a sum or share measures: its lower-case
    words (and acronyms: "GDP") less the unit's, the scale's and the currencies' ("mln dlrs
    of Sears" says none; "International Game", a name, none either; "revenues of
    International Game" says "revenues")."""
    lower = " ".join(w for w in thing.split() if w[:1].islower() or (len(w) > 1 and w.isupper()))
    return bag(lower) - _HOW_MUCH - CURRENCY_HEADS - MEASURE_HEADS - {"percent", "pct"}


def may_differ(a: Estimate, b: Estimate) -> bool:
    """Could two figures be about one thing? Looser than :func:`comparable`: two statements
    whose figures might be of one thing and disagree are kept apart (never merged), even
    where the figures are not sure enough to be called a contradiction."""
    return (
        a.head == b.head
        and a.frame == b.frame
        and a.country == b.country
        and not (a.place is not None and b.place is not None and a.place.lower() != b.place.lower())
        and (a.kind == b.kind or "change" not in (a.kind, b.kind))
    )


def estimates_conflict(a: Member, b: Member) -> bool:
    return any(may_differ(x, y) and disjoint(x, y) for x in a.estimates for y in b.estimates)


@dataclass
class Clustering:
    clusters: list[list[int]]
    denials: list[tuple[int, int]]  # member index pairs: a denial against an assertion


class _DSU:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.cannot: dict[int, set[int]] = defaultdict(set)

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def forbid(self, i: int, j: int) -> None:
        self.cannot[i].add(j)
        self.cannot[j].add(i)

    def union(self, i: int, j: int) -> bool:
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return True
        if any(self.find(x) == rj for x in self.cannot.get(ri, ())) or any(
            self.find(x) == ri for x in self.cannot.get(rj, ())
        ):
            return False
        if len(self.cannot.get(ri, ())) < len(self.cannot.get(rj, ())):
            ri, rj = rj, ri
        self.parent[rj] = ri
        if rj in self.cannot:
            self.cannot[ri] |= self.cannot.pop(rj)
        return True


def _fingerprint(m: Member) -> tuple[object, ...]:
    """Members with the same fingerprint are one statement. A statement whose subject is
    unnamed ("to vote in the Democratic primary", "they would vote ...") is its speaker's:
    the same words from two speakers are two propositions (:func:`same_proposition`)."""
    unnamed = m.predication is not None and not m.predication.subject
    # the source as written, not its actor id: ids differ between a rebuild and an update
    speaker = m.source_text.lower() if unnamed else None
    figures = tuple(sorted((e.head, e.frame, e.interval) for e in m.estimates))
    return (m.bag, m.negative, m.negated, figures, speaker)


def proposition(m: Member) -> bool:
    """Whether a member says enough to be merged with another's statement (:data:`MIN_WORDS`)."""
    return m.clause and len(m.bag) >= MIN_WORDS


def same_proposition(a: Member, b: Member) -> bool:
    """For two statements whose bags pass the merge test: do they say the same of the same
    subject, and share at least :data:`FREE_WORDS` words besides the words of their
    multi-word names?

    Shared words make a topic, not a proposition: "to ban Muslims from entering the United
    States" and "they support a proposal to temporarily ban all non-citizen Muslims from
    entering the United States" share five words and no predicate; "to vote in the Democratic
    primary" said by two people is two intentions (:mod:`claimledger.ledger.predicates`). A
    name says what a statement is about, not what it says: "she will preserve the Affordable
    Care Act" and "he helped write the Affordable Care Act" share a name, not a proposition;
    "it signed a definitive agreement to acquire Lincoln Savings Bank" and its rewording share
    the deal."""
    pa, pb = a.predication, b.predication
    if pa is not None and pb is not None and not _one_quotation(a, b):
        speaker = a.source_actor is not None and a.source_actor == b.source_actor
        speakers = (a.source_text, b.source_text)
        if not (same_predicate(pa, pb, speaker) and same_subject(pa, pb, speaker, speakers)):
            return False
    if not (a.name_words or b.name_words):
        return True
    shared = frozenset(a.bag).intersection(b.bag)
    return len(shared.difference(a.name_words, b.name_words)) >= FREE_WORDS


def _one_quotation(a: Member, b: Member) -> bool:
    """Are the two statements one quotation (both quote, :data:`QUOTATION`) however they are credited?
    Two speakers credited with the same long words are one utterance with a wrong credit
    (the origins give it one origin), not two people's intentions."""
    if not (_QUOTE_MARKS.search(a.content) and _QUOTE_MARKS.search(b.content)):
        return False
    shared = len(frozenset(a.bag).intersection(b.bag))
    return (smaller := min(len(a.bag), len(b.bag))) >= QUOTATION_WORDS and shared >= QUOTATION * smaller


def _denies(a: Member, b: Member, shared: int) -> bool:
    """Does one of the two deny what the other asserts? The denier must say so (a denial
    cue, a negation in its statement, a dismissal: a negative polarity read from further up
    the reporting chain is not enough), the asserter must not, both state a proposition, and
    the denier's words are mostly the assertion's (:data:`DENIAL_COVERED`)."""
    if not (proposition(a) and proposition(b)):
        return False
    says_no_a, says_no_b = a.denies or a.negated, b.denies or b.negated
    if says_no_a == says_no_b:
        return False
    denier, other = (a, b) if says_no_a else (b, a)
    if denier.denies:
        return shared >= DENIAL_COVERED * len(denier.bag)
    both = len(denier.bag) + len(other.bag) - shared
    return shared >= NEGATION_COVERED * len(denier.bag) and shared >= NEGATION_JACCARD * both


def _similarity(both: int, a: int, b: int) -> tuple[float, float]:
    """Overlap coefficient and Jaccard of two bags of ``a`` and ``b`` words sharing ``both``
    (the same figures as :func:`claimledger.ledger.text.overlap` and ``jaccard``)."""
    if not a or not b:
        return 0.0, 0.0
    return both / min(a, b), both / (a + b - both)


def cluster(members: Sequence[Member], capped: Collection[str] | None = None) -> Clustering:
    """Group members into claims; also return the denial pairs found on the way.

    ``capped``: the words too common to make candidates (:data:`BLOCK_CAP`), when the members
    are a part of the store (an incremental update): the cap counts the whole store's
    statements, not the part's. By default they are counted among ``members``.
    """
    dsu = _DSU(len(members))
    nodes = _collapse_identical(members, dsu)
    shared = _shared_words(members, nodes, capped)
    merges, denials = _judge_pairs(members, shared, dsu)
    _link_on_average(merges, nodes, members, dsu)
    return Clustering(clusters=_claims(members, dsu), denials=denials)


def _link_on_average(
    merges: list[tuple[float, int, int]], nodes: Sequence[int], members: Sequence[Member], dsu: _DSU
) -> None:
    """Merge the candidate pairs best first, each only if the two claims they would join are
    close as wholes: the average similarity over every pair of statements across them
    reaches :data:`AVERAGE_LINK` (each node weighted by the identical statements it stands for)."""
    weight: dict[int, int] = defaultdict(int)
    for i in range(len(members)):
        weight[dsu.find(i)] += 1
    node_weight = {n: weight[dsu.find(n)] for n in nodes}
    parts: dict[int, list[int]] = {n: [n] for n in nodes}  # root -> the nodes in it
    for _s, i, j in sorted(merges, key=lambda t: (-t[0], t[1], t[2])):
        ri, rj = dsu.find(i), dsu.find(j)
        if ri == rj:
            continue
        a, b = parts[ri][:LINK_SAMPLE], parts[rj][:LINK_SAMPLE]
        total = sum(
            pair_score(members[x], members[y]) * node_weight[x] * node_weight[y] for x in a for y in b
        )
        size = sum(node_weight[x] for x in a) * sum(node_weight[y] for y in b)
        if total / size < AVERAGE_LINK or not dsu.union(i, j):
            continue
        root = dsu.find(i)
        parts[root] = parts.pop(ri) + parts.pop(rj)


def pair_score(a: Member, b: Member) -> float:
    """How alike two statements are, 0 when they may not be one proposition."""
    if a.negated != b.negated or a.negative != b.negative or estimates_conflict(a, b):
        return 0.0
    if not same_proposition(a, b):
        return 0.0
    words = frozenset(a.bag)
    ov, jac = _similarity(len(words.intersection(b.bag)), len(a.bag), len(b.bag))
    return (ov + jac) / 2


def _collapse_identical(members: Sequence[Member], dsu: _DSU) -> list[int]:
    """Members with the same words, polarity and figures are one claim at once; returns
    the first member of each such group, the only ones compared later."""
    reps: dict[tuple[object, ...], int] = {}
    for i, m in enumerate(members):
        fp = _fingerprint(m) if proposition(m) else (i,)  # a fragment stays its own claim
        if fp in reps:
            dsu.union(reps[fp], i)
        else:
            reps[fp] = i
    return sorted(reps.values())


def node_fingerprint(m: Member) -> tuple[object, ...] | None:
    """What makes members identical statements (one node), None for a fragment (its own node)."""
    return _fingerprint(m) if proposition(m) else None


def shared_words(
    members: Sequence[Member], nodes: Sequence[int], capped: Collection[str] | None = None
) -> dict[tuple[int, int], int]:
    """:func:`_shared_words`, for the incremental update."""
    return _shared_words(members, nodes, capped)


def collapse_identical(members: Sequence[Member]) -> list[int]:
    """The nodes of ``members`` (the first of each group of identical statements)."""
    return _collapse_identical(members, _DSU(len(members)))


def judge_pairs(members: Sequence[Member], shared: dict[tuple[int, int], int]) -> list[tuple[int, int]]:
    """The denial pairs among the candidate pairs ``shared`` (see :func:`_judge_pairs`)."""
    return _judge_pairs(members, shared, _DSU(len(members)))[1]


def _shared_words(
    members: Sequence[Member], nodes: Sequence[int], capped: Collection[str] | None = None
) -> dict[tuple[int, int], int]:
    """How many words each pair of ``nodes`` shares, from an inverted index, so that only
    pairs with something in common are ever compared; words too common to tell claims
    apart (more than ``BLOCK_CAP`` statements) are left out."""
    postings: dict[str, list[int]] = defaultdict(list)
    for i in nodes:
        for tok in members[i].bag:
            if not tok.startswith("#"):
                postings[tok].append(i)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for tok, ids in postings.items():
        if (len(ids) > BLOCK_CAP) if capped is None else (tok in capped):
            continue
        for x in range(len(ids)):
            for y in range(x + 1, len(ids)):
                shared[(ids[x], ids[y])] += 1
    return shared


def _judge_pairs(
    members: Sequence[Member], shared: dict[tuple[int, int], int], dsu: _DSU
) -> tuple[list[tuple[float, int, int]], list[tuple[int, int]]]:
    """The candidate pairs' verdicts: the merges (with their score) and the denials.

    A denial and what it denies, or two incompatible estimates, are forbidden to merge
    ("cannot-link") before any merge happens.
    """
    merges: list[tuple[float, int, int]] = []
    denials: list[tuple[int, int]] = []
    words: frozenset[str] = frozenset()  # members[i]'s bag as a set, for the pairs (i, _)
    last = -1
    # Sorted: the pairs' order decides which pair names a contradiction, and a dict
    # filled from sets of strings has a different order in every process.
    for (i, j), common in sorted(shared.items()):
        if common < 2:
            continue
        a, b = members[i], members[j]
        if i != last:
            words, last = frozenset(a.bag), i
        ov, jac = _similarity(len(words.intersection(b.bag)), len(a.bag), len(b.bag))
        if a.negative != b.negative or (a.negated != b.negated and proposition(a) and proposition(b)):
            # a denial ("has not sent", a dismissal, a denial cue) against what it denies: the
            # same proposition on both sides (as claims are matched), not a shared word or two
            if (
                ov >= DENIAL_OVERLAP
                and jac >= MERGE_JACCARD
                and a.projected == b.projected
                and _denies(a, b, len(words.intersection(b.bag)))
            ):
                denials.append((i, j))
            dsu.forbid(i, j)
            continue
        if estimates_conflict(a, b):
            dsu.forbid(i, j)
            continue
        if a.negated != b.negated or not (proposition(a) and proposition(b)):
            continue
        if ov >= MERGE_OVERLAP and jac >= MERGE_JACCARD and same_proposition(a, b):
            merges.append((ov + jac, i, j))
    return merges, denials


def _claims(members: Sequence[Member], dsu: _DSU) -> list[list[int]]:
    """The merged groups as member indexes, each in first-seen order, ordered by first seen."""
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(members)):
        groups[dsu.find(i)].append(i)
    return sorted(
        (sorted(g, key=lambda k: members[k].sort_key) for g in groups.values()),
        key=lambda g: members[g[0]].sort_key,
    )
