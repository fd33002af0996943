"""Seeded samples of a ledger for judging by hand, as an analyst would.

Draws (1) claims merged across two or more articles, each with every report (outlet,
source as written, actor, origin, the statement), for the questions "is this one claim?",
"are its origins right?", "is its origin count right?"; and (2) the most frequent actors,
with how often each is a source and the names it was written as, for "clean name, fragment,
merged people, or not an actor?". The same seed draws the same sample from the same store.

    python -m tools.ledgersample --db eval-out/polnear-ledger.db --claims 30 --actors 100 --seed 16
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import select

from claimledger.ledger import queries
from claimledger.store import Store, schema

Row = dict[str, Any]


def merged_claims(store: Store, n: int, seed: int) -> list[Row]:
    """``n`` claims with reports from 2+ articles, drawn with ``seed``, each with its reports
    and what each report says."""
    merged = sorted((c for c in queries.list_claims(store) if c["articles"] >= 2), key=lambda c: c["id"])
    picked = random.Random(seed).sample(merged, min(n, len(merged)))
    out = []
    for c in picked:
        claim = queries.show_claim(store, c["id"])
        for r in claim["reports"]:
            r["content"] = _content(store, r["article_id"], r["attribution_id"])
        out.append(claim)
    return out


def _content(store: Store, article_id: str, attribution_id: str) -> str:
    t = schema.attributions
    query = select(t.c.content_text).where(t.c.article_id == article_id, t.c.id == attribution_id)
    with store.engine.connect() as conn:
        row = conn.execute(query).first()
    return str(row[0]) if row else ""


def top_actors(store: Store, n: int) -> list[Row]:
    """The ``n`` actors named as a source most often, with the forms they were written as."""
    counts: Counter[int] = Counter()
    written: dict[int, Counter[str]] = defaultdict(Counter)
    for m in store.claim_members():
        aid = m["source_actor_id"]
        if aid is not None:
            counts[aid] += 1
            written[aid][str(m["source"] or "")] += 1
    actors = store.actors.all()
    out = []
    for aid, k in counts.most_common(n):
        aliases = [a["alias"] for a in store.actors.aliases(aid)]
        out.append(
            {
                "id": aid,
                "name": actors[aid]["name"],
                "kind": actors[aid]["kind"],
                "reports": k,
                "aliases": aliases[:12],
            }
        )
    return out


def markdown(claims: list[Row], actors: list[Row]) -> str:
    lines = [f"## {len(claims)} claims merged across 2+ articles", ""]
    for k, c in enumerate(claims, 1):
        lines.append(
            f"### {k}. {c['id']}: {c['articles']} articles, {len(c['origins'])} origins: "
            f"{', '.join(c['origins'])}"
        )
        lines.append(f"claim text: {c['text']}")
        for r in c["reports"]:
            lines.append(
                f"- {r['published']} {r['outlet']}: source {r['source']!r}, origin {r['origin']!r}: "
                f"{r.get('content') or ''}"
            )
        lines.append("")
    lines += [
        f"## The {len(actors)} most frequent actors",
        "",
        "| id | name | kind | reports | aliases |",
        "|---|---|---|---|---|",
    ]
    for a in actors:
        lines.append(
            f"| {a['id']} | {a['name']} | {a['kind']} | {a['reports']} | {'; '.join(a['aliases'])} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.ledgersample", description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True, help="the ledger to sample (SQLite path or PostgreSQL URL)")
    parser.add_argument("--claims", type=int, default=30)
    parser.add_argument("--actors", type=int, default=100)
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args(argv)
    with Store.open(args.db) as store:
        text = markdown(merged_claims(store, args.claims, args.seed), top_actors(store, args.actors))
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
