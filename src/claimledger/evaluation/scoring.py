"""SPEC.md's matching rules, so that users without the reference scorer can score.

``claimledger eval`` prefers the reference ``score.py`` when it is given (or found
beside the gold folder); otherwise it uses this module. A test checks that both
print the same figures on the shared dev set, so this is the same measurement,
not a private variant of it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import Any

MATCH = 0.5
CUE_STOP = frozenset(
    {
        "to",
        "the",
        "a",
        "an",
        "of",
        "that",
        "by",
        "in",
        "on",
        "with",
        "has",
        "have",
        "had",
        "was",
        "were",
        "is",
        "be",
    }
)
LAYERS = (
    "attribution",
    "attribution_full",
    "source",
    "cue",
    "channel",
    "quantity",
    "quantity_qualifier",
    "hedge",
)

Item = dict[str, Any]


def toks(s: str | None) -> list[str]:
    """Lower-cased word tokens; a punctuation-only span is its own token."""
    s = (s or "").lower()
    return re.findall(r"\w+", s) or ([s.strip()] if s.strip() else [])


def tf1(a: str | None, b: str | None) -> float:
    ta, tb = Counter(toks(a)), Counter(toks(b))
    common = sum((ta & tb).values())
    if not common:
        return 0.0
    p, r = common / sum(ta.values()), common / sum(tb.values())
    return 2 * p * r / (p + r)


def text_of(item: Item, key: str) -> Any:
    value = item.get(key)
    return value.get("text") if isinstance(value, dict) else value


def _flat(items: list[Item], key: str) -> list[Item]:
    return [dict(it, **{key: text_of(it, key)}) for it in items]


def match(gold: list[Item], pred: list[Item], key: str) -> list[tuple[Item, Item]]:
    """Greedy one-to-one pairing by token-F1 of ``key``, best first."""
    pairs = sorted(
        ((tf1(g.get(key), p.get(key)), i, j) for i, g in enumerate(gold) for j, p in enumerate(pred)),
        reverse=True,
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    out: list[tuple[Item, Item]] = []
    for f, i, j in pairs:
        if f < MATCH:
            break
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        out.append((gold[i], pred[j]))
    return out


def source_ok(g: Item, p: Item) -> bool:
    """The source as written, or as resolved, matches the gold's words or its head word: the
    last word, or for a source with an appositive or a relative clause ("Jo Lin, a tax
    professor at X", "Jo Lin who ...") the last word before it, as the reference scorer says."""
    gs = g.get("source")
    gt = toks(gs)
    if not gt:
        return not toks(text_of(p, "source"))
    before = toks(re.split(r",| who | which | whose ", gs or "")[0])
    heads = {gt[-1]} | ({before[-1]} if before else set())
    cands = (text_of(p, "source"), text_of(p, "source_resolved"))
    return any(ps and (tf1(gs, ps) >= MATCH or heads & set(toks(ps))) for ps in cands)


def cue_ok(g: Item, p: Item) -> bool:
    gt = [t for t in toks(g.get("cue")) if t not in CUE_STOP] or toks(g.get("cue"))
    return bool(set(gt) & set(toks(text_of(p, "cue"))))


def channel_ok(g: Item, p: Item) -> bool:
    gc, pc = g.get("channel"), text_of(p, "channel")
    if not gc and not pc:
        return True
    return bool(gc and pc and tf1(gc, pc) >= MATCH)


def _numbers(q: Item) -> set[float]:
    return {float(v) for v in (q.get("value"), q.get("low"), q.get("high")) if isinstance(v, (int, float))}


class _Tally:
    def __init__(self) -> None:
        self.tp = self.gold = self.pred = 0

    def add(self, tp: int, gold: int, pred: int) -> None:
        self.tp += tp
        self.gold += gold
        self.pred += pred

    def result(self) -> dict[str, float | int]:
        p = self.tp / self.pred if self.pred else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": p, "recall": r, "f1": f, "tp": self.tp, "gold": self.gold, "pred": self.pred}


def score_pairs(docs: list[tuple[Item, Item]]) -> dict[str, dict[str, float | int]]:
    """Micro-averaged P/R/F1 per layer over (gold, prediction) article pairs."""
    layers = {k: _Tally() for k in LAYERS}
    checks: tuple[tuple[str, Callable[[Item, Item], bool]], ...] = (
        ("source", source_ok),
        ("cue", cue_ok),
        ("channel", channel_ok),
    )
    for gold, pred in docs:
        ga, pa = gold.get("attributions", []), _flat(pred.get("attributions", []), "content")
        pairs = match(ga, pa, "content")
        layers["attribution"].add(len(pairs), len(ga), len(pa))
        layers["attribution_full"].add(
            sum(1 for g, p in pairs if source_ok(g, p) and cue_ok(g, p)), len(ga), len(pa)
        )
        for name, ok in checks:
            layers[name].add(sum(1 for g, p in pairs if ok(g, p)), len(pairs), len(pairs))
        gq, pq = gold.get("quantities", []), _flat(pred.get("quantities", []), "text")
        qpairs = [(g, p) for g, p in match(gq, pq, "text") if _numbers(g) & _numbers(p)]
        layers["quantity"].add(len(qpairs), len(gq), len(pq))
        qual = sum(1 for g, p in qpairs if g.get("qualifier") == p.get("qualifier"))
        layers["quantity_qualifier"].add(qual, len(qpairs), len(qpairs))
        gh, ph = gold.get("hedges", []), _flat(pred.get("hedges", []), "text")
        layers["hedge"].add(len(match(gh, ph, "text")), len(gh), len(ph))
    return {k: t.result() for k, t in layers.items()}


def format_table(result: dict[str, dict[str, float | int]]) -> str:
    """The same table the reference scorer prints."""
    lines = [f"{'layer':20} {'P':>6} {'R':>6} {'F1':>6}   tp/gold/pred"]
    for k, v in result.items():
        prf = f"{v['precision']:6.3f} {v['recall']:6.3f} {v['f1']:6.3f}"
        lines.append(f"{k:20} {prf}   {v['tp']}/{v['gold']}/{v['pred']}")
    return "\n".join(lines)
