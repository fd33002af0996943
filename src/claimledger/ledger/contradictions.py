"""Contradictions are flagged, never merged away.

Two kinds:

* **denial**: a claim whose statement is negative (a denial hedge, negative polarity)
  against a claim on the same topic that asserts it (found while clustering);
* **estimate**: two figures for the same thing (same counted thing, same country, same
  frame: what *is* vs what *could be*) whose bounds do not overlap, reported by different
  origins within ``WINDOW_DAYS`` of each other (both dated: an undated figure is compared
  with nothing). Figures further apart in time are an estimate that moved, shown by
  ``estimates``, not a contradiction.

A speaker never contradicts herself (a revised figure or a changed position is a step in
her own timeline), and a denier gets one contradiction per assertion it denies, not one per
pair of reports.

Bounds are those of :func:`claimledger.ledger.claims.bounds`: "as many as 10,000"
(0..10,000) and "12,000" conflict; "about 1,500" (1,350..1,650) and "more than 1,000"
(1,000..) do not.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from claimledger import lexicons
from claimledger.ledger import figures
from claimledger.ledger.claims import Estimate, Member, comparable, disjoint
from claimledger.ledger.figures import COMPARED_KINDS
from claimledger.ledger.text import bag

WINDOW_DAYS = 3


@dataclass(frozen=True)
class Contradiction:
    a: int  # claim index
    b: int
    kind: str
    reason: str


def parse_day(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def fmt_interval(lo: float, hi: float) -> str:
    def f(x: float) -> str:  # at full precision: "2.5", never "2"
        return f"{x:,.4f}".rstrip("0").rstrip(".")

    if hi == math.inf:
        return f"at least {f(lo)}"
    if lo == 0:
        return f"at most {f(hi)}"
    if lo == hi:
        return f(lo)
    return f"{f(lo)}-{f(hi)}"


def denial_contradictions(
    pairs: Sequence[tuple[int, int]],
    members: Sequence[Member],
    claim_of: dict[int, int],
    origin_name: dict[tuple[str, str], str],
) -> list[Contradiction]:
    out: dict[tuple[int, int], Contradiction] = {}
    denied: set[tuple[str | None, int]] = set()  # (denier, assertion claim): one contradiction each
    for i, j in pairs:
        a, b = members[i], members[j]
        denier_first = (
            (a.denies or a.negated) if (a.denies or a.negated) != (b.denies or b.negated) else a.negative
        )
        neg, pos = (i, j) if denier_first else (j, i)
        ca, cb = claim_of[pos], claim_of[neg]
        if ca == cb:
            continue
        key = (min(ca, cb), max(ca, cb))
        who_neg = origin_name.get(members[neg].key) or members[neg].source_text or members[neg].outlet
        who_pos = origin_name.get(members[pos].key) or members[pos].source_text or members[pos].outlet
        if (
            key in out
            or (who_neg, ca) in denied
            or _same_speaker(members[neg], members[pos], who_neg, who_pos)
        ):
            continue
        denied.add((who_neg, ca))
        reason = (
            f'denial: {who_neg} denies "{members[neg].content}"; {who_pos} asserts "{members[pos].content}"'
        )
        out[key] = Contradiction(ca, cb, "denial", reason)
    return list(out.values())


@dataclass(frozen=True)
class _Item:
    claim: int
    estimate: Estimate
    origin: str
    #: what the report says besides its figure and the figure's thing (:func:`context`)
    context: frozenset[str] = frozenset()
    article: str = ""


#: Words a report's context leaves out, with numbers and the figure's own words: scale and
#: currency words ("mln", "dlrs") and the words of dates.
_NOT_CONTEXT = frozenset({"mln", "bln", "billion", "million", "thousand", "pct", "percent"})


def context(m: Member, e: Estimate) -> frozenset[str]:
    """The words of a report other than its figure, the figure's thing and its units.

    Two figures for "Japanese companies" in unrelated stories ("to use two Japanese
    companies to supply the parts", "a debt to 30 Japanese companies") share nothing else:
    they count different companies, however alike the words of their things."""
    drop = e.full | e.key | {e.head} | figures.MEASURE_HEADS | figures.CURRENCY_HEADS | _NOT_CONTEXT
    return frozenset(
        w for w in m.bag if not w.startswith("#") and w not in drop and w not in figures.NOT_PARTICULAR_LOWER
    )


def estimate_contradictions(
    members: Sequence[Member],
    claim_of: dict[int, int],
    origin_name: dict[tuple[str, str], str],
    agreeing: set[tuple[int, int]] | None = None,
) -> list[Contradiction]:
    """Pairs of claims carrying incompatible figures for the same thing at the same time.

    Pairs of claims whose figures bear each other out (another origin's figure for the
    same thing and time, the bounds overlapping) are added to ``agreeing`` (lower claim
    first): information consistent with other information on the subject, which the
    grades use.

    The blocks are taken in the order of their keys, and a block's figures in the order of
    their time, then of the members: which figures of two claims name their contradiction
    depends on those two claims alone, not on what else the store holds (so that an
    incremental update finds the same one).

    Figures are blocked by (unit, kind, frame, one particular token of their thing) and
    sorted by time, so a figure meets only those that could conflict with it: the cost
    grows with the figures about one thing, not with the ledger.

    An article stored as a near-duplicate of another is a version of it: where its figure
    differs from the original's, it corrects it (a wire's "corrects zinc to lead"), and
    where it does not, the original's figure meets the others already. Its figures are
    compared with nothing (they stay in the estimates' timelines).
    """
    items: list[_Item] = []
    for idx, m in enumerate(members):
        origin = origin_name.get(m.key) or m.source_text or str(m.outlet)
        for e in m.estimates:
            if (
                not m.duplicate  # a version of a stored article: where it differs, a correction
                and e.kind in COMPARED_KINDS
                and e.particular
                and e.window is not None
                and not figures.partitive(e.text)
            ):
                items.append(_Item(claim_of[idx], e, origin, context(m, e), m.article_id))
    buckets: dict[tuple[str, str, str, str], list[int]] = defaultdict(list)
    for n, it in enumerate(items):
        e = it.estimate
        for token in e.particular:
            buckets[(e.head, e.kind, e.frame, token)].append(n)
    out: dict[tuple[int, int], Contradiction] = {}
    for _key, block in sorted(buckets.items()):
        block.sort(key=lambda n: items[n].estimate.window or (date.min, date.min))
        for x, nx in enumerate(block):
            a = items[nx]
            wa = a.estimate.window
            assert wa is not None
            for ny in block[x + 1 :]:
                b = items[ny]
                wb = b.estimate.window
                assert wb is not None
                if (wb[0] - wa[1]).days > WINDOW_DAYS:
                    break  # sorted by start: nothing later in the block meets a
                found = _conflict(a, b, out)
                if found is not None:
                    out[(found.a, found.b)] = found
                elif agreeing is not None and _agree(a, b):
                    agreeing.add((min(a.claim, b.claim), max(a.claim, b.claim)))
    return list(out.values())


def _agree(a: _Item, b: _Item) -> bool:
    """Two origins' figures for the same thing and time whose bounds overlap."""
    if a.claim == b.claim or _one_source(a, b):
        return False
    ea, eb = a.estimate, b.estimate
    return (
        comparable(ea, eb)
        and not disjoint(ea, eb)
        and figures.overlap(ea.window, eb.window, WINDOW_DAYS)
        and figures.same_span(ea.window, eb.window)
    )


def same_origin(a: str, b: str) -> bool:
    """One origin under two spellings ("Moody's Investors Service" and "Moody's Investor
    Service"): compared without case, punctuation or a plural "s"."""

    def folded(name: str) -> list[str]:
        words = "".join(ch if ch.isalnum() else " " for ch in name.lower()).split()
        return [w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words]

    return a == b or folded(a) == folded(b)


def _one_source(a: _Item, b: _Item) -> bool:
    """One origin: under two spellings anywhere, or under a short and a long name in one
    article (:func:`short_and_long`)."""
    return same_origin(a.origin, b.origin) or (a.article == b.article and short_and_long(a.origin, b.origin))


def _folded_words(name: str) -> list[str]:
    return "".join(ch if ch.isalnum() else " " for ch in name.lower()).split()


def short_and_long(a: str, b: str) -> bool:
    """Two names one article gives one body: the short name begins the long one
    ("International Game" and "International Game Technology"; "Qintex" and "Qintex Ltd"),
    is its initials ("PEPCO" for "Potomac Electric and Power Co"), or has three words or
    more, all the long one's ("Columbia's Graduate School of Journalism"). Only within one
    article, where the writer shortens a name once introduced; across articles two such
    names may be two bodies. A junior is never his father."""
    wa, wb = _folded_words(a), _folded_words(b)
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if not short or wa == wb or _ANONYMOUS_ORIGIN & set(short + long_):
        return False
    if short[-1] in _NAME_SUFFIXES or long_[-1] in _NAME_SUFFIXES:
        return False
    if len(short) < len(long_) and long_[: len(short)] == short:
        return len(short) >= 2 or set(long_[1:]) <= _COMPANY_SUFFIXES
    ia, ib = (set(w) - _NAME_FUNCTION_WORDS - {"s"} for w in (wa, wb))
    inner, outer = (ia, ib) if len(ia) <= len(ib) else (ib, ia)
    if len(inner) >= 3 and inner < outer:
        return True
    if len(short) != 1 or len(short[0]) < 3 or len(long_) < 2:
        return False
    initials = "".join(w[0] for w in long_ if w not in _NAME_FUNCTION_WORDS)
    return len(initials) >= 3 and (short[0].startswith(initials) or initials.startswith(short[0]))


#: Words of the ledger's placeholder origins ("anonymous source via Reuters"): no company's name.
_ANONYMOUS_ORIGIN = frozenset({"anonymous", "unnamed", "via"})
_NAME_FUNCTION_WORDS = frozenset({"and", "of", "the", "for"})
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def _conflict(a: _Item, b: _Item, seen: dict[tuple[int, int], Contradiction]) -> Contradiction | None:
    """The contradiction between two figures, if an analyst would see one."""
    if a.claim == b.claim or _one_source(a, b):
        return None  # a source never contradicts itself: a revised figure is a timeline step
    pair = (min(a.claim, b.claim), max(a.claim, b.claim))
    if pair in seen:
        return None
    ea, eb = a.estimate, b.estimate
    if not comparable(ea, eb) or not disjoint(ea, eb):
        return None
    if not figures.overlap(ea.window, eb.window, WINDOW_DAYS) or not figures.same_span(ea.window, eb.window):
        return None
    if not (ea.named or eb.named):
        return None  # "shares", "cars": neither figure names whose; the article's country is no owner
    if _own_counts(a, b):
        return None  # Ford's and Chrysler's "U.S. cars": each company counts its own
    if not (a.context - eb.full - {eb.head}) & (b.context - ea.full - {ea.head}):
        return None  # the two reports share nothing but the figure's thing: two stories
    whole_a, whole_b = bool(ea.full & _WHOLE), bool(eb.full & _WHOLE)
    if whole_a != whole_b:
        # "Taiwan's overall trade surplus" against "Taiwan's surplus" (with Europe, the
        # sentence said): the one without the word may be a part, larger than the whole never
        narrow, wide = (eb, ea) if whole_a else (ea, eb)
        if narrow.interval[0] <= wide.interval[1]:
            return None
    elif ea.full != eb.full:
        # one thing contains the other ("22 top secret emails", "1,300 emails"): the narrower
        # may count a part of the wider, so only a part larger than its whole is impossible
        narrow, wide = (ea, eb) if len(ea.full) > len(eb.full) else (eb, ea)
        if narrow.interval[0] <= wide.interval[1]:
            return None
    (alo, ahi), (blo, bhi) = ea.interval, eb.interval
    thing = ea.described if len(ea.key) >= len(eb.key) else eb.described
    when_a, when_b = figures.fmt_window(ea.window), figures.fmt_window(eb.window)
    reason = (
        f'estimate: {a.origin} gives "{ea.text}" ({fmt_interval(alo, ahi)}, {when_a}), '
        f'{b.origin} gives "{eb.text}" ({fmt_interval(blo, bhi)}, {when_b}) '
        f"for the same {ea.frame} {ea.kind} of {thing or ea.head}; the bounds do not overlap"
    )
    return Contradiction(pair[0], pair[1], "estimate", reason)


def _company_words(origin: str) -> set[str] | None:
    """The words naming a company ("Ford Motor Co" -> ford, motor), None when ``origin`` is
    not a company's name (its last word a company suffix)."""
    words = "".join(ch if ch.isalnum() else " " for ch in origin.lower()).split()
    if len(words) < 2 or words[-1] not in _COMPANY_SUFFIXES:
        return None
    return {w for w in words[:-1] if w not in _COMPANY_SUFFIXES}


def _own_counts(a: _Item, b: _Item) -> bool:
    """Two companies each giving a figure whose thing names neither of them: each gives its
    own (its sales, its shares), so the two count different things."""
    wa, wb = _company_words(a.origin), _company_words(b.origin)
    if not wa or not wb:
        return False
    said = " ".join([*a.estimate.full, *b.estimate.full, a.estimate.thing, b.estimate.thing]).lower()
    named = set("".join(ch if ch.isalnum() else " " for ch in said).split())
    return not (named & (wa | wb))


_COMPANY_SUFFIXES = frozenset(lexicons.load("ledger")["company_suffixes"])
#: Words that make a thing the whole of which a thing without them may be a part.
_WHOLE = bag(" ".join(lexicons.load("ledger")["whole_words"]))


def _same_speaker(neg: Member, pos: Member, who_neg: str | None, who_pos: str | None) -> bool:
    """A speaker never contradicts herself: her later word is a change of position."""
    if neg.source_actor is not None and neg.source_actor == pos.source_actor:
        return True
    if _own_words_withdrawn(neg, pos):
        return True
    if neg.article_id == pos.article_id and who_neg and who_pos and short_and_long(who_neg, who_pos):
        return True
    return who_neg is not None and who_neg == who_pos


def _own_words_withdrawn(neg: Member, pos: Member) -> bool:
    """ "The USDA said its announcement should not have said that X": the X credited to "its
    announcement" lies inside the denier's own statement, whose "its" is the denier. A
    body withdrawing its own words corrects itself; it contradicts no one."""
    words = pos.source_text.lower().split()
    if neg.article_id != pos.article_id or len(words) != 2 or words[0] != "its":
        return False
    start, end = neg.content_start, neg.content_start + len(neg.content)
    return start <= pos.content_start and pos.content_start + len(pos.content) <= end
