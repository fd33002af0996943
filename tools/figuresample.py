"""Seeded samples of a ledger's figures and contradictions, for judging by hand.

Draws (1) figures (estimates rows): value, bounds, qualifier, thing, unit, kind, frame,
time and source, with the sentence they come from, for "is every field right?"; and (2)
contradictions with their evidence and both claims' statements, for "would an analyst
call this a contradiction?". Also counts contradictions per 1,000 articles and the grade
distribution. The same seed draws the same sample from the same store.

    python -m tools.figuresample --db out/reuters.db --figures 30 --contradictions 30 --seed 17
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from typing import Any

from sqlalchemy import func, select

from claimledger.ledger.claims import bounds
from claimledger.ledger.contradictions import fmt_interval
from claimledger.store import Store, schema

Row = dict[str, Any]


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around [start, end): from the last full stop or line break before it."""
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    right_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    right = min(right_candidates) if right_candidates else len(text)
    return " ".join(text[left + 1 : right + 1].split())


def figures(store: Store, n: int, seed: int) -> list[Row]:
    e, a = schema.estimates, schema.articles
    with store.engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(select(e).order_by(e.c.article_id, e.c.start))]
        picked = random.Random(seed).sample(rows, min(n, len(rows)))
        for r in picked:
            text = conn.execute(select(a.c.text).where(a.c.id == r["article_id"])).scalar_one()
            r["sentence"] = _sentence(str(text), int(r["start"]), int(r["end"]))
    return picked


def contradictions(store: Store, n: int, seed: int) -> list[Row]:
    c, k = schema.contradictions, schema.claims
    with store.engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(select(c).order_by(c.c.a, c.c.b, c.c.kind))]
        picked = random.Random(seed).sample(rows, min(n, len(rows)))
        for r in picked:
            for side in ("a", "b"):
                r[f"{side}_text"] = conn.execute(select(k.c.text).where(k.c.id == r[side])).scalar_one()
    return picked


def summary(store: Store) -> Row:
    with store.engine.connect() as conn:
        articles = conn.execute(select(func.count()).select_from(schema.articles)).scalar_one()
        kinds: dict[str, int] = dict(
            conn.execute(
                select(schema.contradictions.c.kind, func.count()).group_by(schema.contradictions.c.kind)
            ).all()
        )
        grades: dict[int, int] = dict(
            conn.execute(
                select(schema.claims.c.credibility, func.count()).group_by(schema.claims.c.credibility)
            ).all()
        )
        figure_kinds = Counter(str(k) for (k,) in conn.execute(select(schema.estimates.c.kind)).all())
    total = sum(kinds.values())
    return {
        "articles": articles,
        "contradictions": total,
        "per_1000_articles": round(1000 * total / articles, 1) if articles else 0.0,
        "by_kind": kinds,
        "grades": {int(g): grades[g] for g in sorted(grades)},
        "figure_kinds": dict(figure_kinds.most_common()),
    }


def markdown(figs: list[Row], contras: list[Row], stats: Row) -> str:
    out = [
        f"articles {stats['articles']}, contradictions {stats['contradictions']} "
        f"({stats['per_1000_articles']} per 1,000 articles; {stats['by_kind']})",
        f"grades {stats['grades']}",
        f"figure kinds {stats['figure_kinds']}",
        "",
        "## Figures",
    ]
    for i, r in enumerate(figs, 1):
        lo, hi = bounds(r["qualifier"], r["value"], r["low"], r["high"])
        out.append(
            f"{i}. **{r['text']}** = {fmt_interval(lo, hi)} ({r['qualifier']}); thing: {r['thing'] or '-'}; "
            f"unit: {r['unit'] or r['thing_head']}; kind: {r['kind']}; frame: {r['frame']}; "
            f"time: {r['time_text'] or '-'} -> {r['day'] or 'unknown'}; source: {r['source'] or '-'}"
        )
        out.append(f"   > {r['sentence']}")
    out += ["", "## Contradictions"]
    for i, r in enumerate(contras, 1):
        out.append(f"{i}. [{r['kind']}] {r['reason']}")
        out.append(f"   - A: {r['a_text'][:300]}")
        out.append(f"   - B: {r['b_text'][:300]}")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="the ledger to sample (SQLite path or PostgreSQL URL)")
    parser.add_argument("--figures", type=int, default=30)
    parser.add_argument("--contradictions", type=int, default=30)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the ledger with this code first")
    args = parser.parse_args(argv)
    with Store.open(args.db) as store:
        if args.rebuild or store.ledger_is_stale():
            store_ledger(store)
        text = markdown(
            figures(store, args.figures, args.seed),
            contradictions(store, args.contradictions, args.seed),
            summary(store),
        )
    sys.stdout.write(text)
    return 0


def store_ledger(store: Store) -> None:
    from claimledger.ledger.build import rebuild  # deferred: only for a store whose ledger is stale

    rebuild(store)


if __name__ == "__main__":
    raise SystemExit(main())
