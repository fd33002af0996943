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

from claimledger.ledger.claims import Estimate, Member

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
        neg, pos = (i, j) if members[i].negative else (j, i)
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


def estimate_contradictions(
    members: Sequence[Member],
    claim_of: dict[int, int],
    origin_name: dict[tuple[str, str], str],
) -> list[Contradiction]:
    """Pairs of claims carrying incompatible figures for the same thing at the same time."""
    groups: dict[
        tuple[str | None, str, str], dict[tuple[int, tuple[float, float], str], list[date | None]]
    ] = defaultdict(dict)
    first: dict[tuple[int, tuple[float, float], str], _Item] = {}
    for idx, m in enumerate(members):
        origin = origin_name.get(m.key) or m.source_text or str(m.outlet)
        for e in m.estimates:
            k = (claim_of[idx], e.interval, origin)
            groups[(e.country, e.head, e.frame)].setdefault(k, []).append(parse_day(m.published))
            first.setdefault(k, _Item(claim_of[idx], e, origin))
    out: dict[tuple[int, int], Contradiction] = {}
    for items in groups.values():
        keys = sorted(items, key=lambda k: (k[1], k[0]))
        for x in range(len(keys)):
            for y in range(x + 1, len(keys)):
                ka, kb = keys[x], keys[y]
                if ka[0] == kb[0] or ka[2] == kb[2]:
                    continue
                pair = (min(ka[0], kb[0]), max(ka[0], kb[0]))
                if pair in out:
                    continue
                (alo, ahi), (blo, bhi) = ka[1], kb[1]
                if not (ahi < blo or bhi < alo):
                    continue
                if not _close(items[ka], items[kb]):
                    continue
                a, b = first[ka], first[kb]
                reason = (
                    f'estimate: {a.origin} gives "{a.estimate.text}" ({fmt_interval(alo, ahi)}), '
                    f'{b.origin} gives "{b.estimate.text}" ({fmt_interval(blo, bhi)}) for the same '
                    f"{a.estimate.frame} count of {a.estimate.head}; the bounds do not overlap"
                )
                out[pair] = Contradiction(pair[0], pair[1], "estimate", reason)
    return list(out.values())


def _same_speaker(neg: Member, pos: Member, who_neg: str | None, who_pos: str | None) -> bool:
    """A speaker never contradicts herself: her later word is a change of position."""
    if neg.source_actor is not None and neg.source_actor == pos.source_actor:
        return True
    return who_neg is not None and who_neg == who_pos


def _close(da: list[date | None], db: list[date | None]) -> bool:
    """Were the two figures reported within the window? A figure of unknown date is never
    compared as if it were of any date."""
    a = [d for d in da if d is not None]
    b = [d for d in db if d is not None]
    if len(a) < len(da) or len(b) < len(db) or not a or not b:
        return False
    return (min(a) - max(b)).days <= WINDOW_DAYS and (min(b) - max(a)).days <= WINDOW_DAYS
