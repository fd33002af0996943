"""A large synthetic corpus made by varying the story corpus, for throughput benchmarks.

Each generated article is one of the story's articles with another outlet, a later date,
scaled figures and a couple of background sentences drawn from a fixed pool, so every
text is distinct (a new content hash) while claims, origins and estimates stay realistic.
Deterministic for a given seed.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

OUTLETS = [
    f"{a} {b}"
    for a in ("Harbor", "Eastgate", "Crestview", "Meridian", "Northline", "Baltic", "Kestrel", "Riverbend")
    for b in ("Wire", "Daily", "Times", "Post", "Herald")
]
BACKGROUND = [
    "The war is now in its fourth year.",
    "Drone attacks on Ukrainian cities have intensified this winter.",
    "Western governments have imposed several rounds of sanctions on Iranian drone makers.",
    "Russia has not commented on the reports.",
    "Analysts say the airfields are within range of Ukrainian long-range drones.",
    "The peninsula has been under Russian control since 2014.",
    "Shahed-type drones are cheap to build and hard to intercept.",
    "Officials in Kyiv have urged allies to send more air defence systems.",
    "Satellite images of the area were published last month.",
    "The Black Sea fleet has moved several ships away from the peninsula.",
]
_NUMBER = re.compile(r"\b(\d{2,3})\b")


def _scaler(factor: float) -> Callable[[re.Match[str]], str]:
    def scale(m: re.Match[str]) -> str:
        return str(round(int(m.group(1)) * factor))

    return scale


def vary(articles: list[dict[str, Any]], n: int, *, seed: int = 7) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    for i in range(n):
        base = articles[i % len(articles)]
        round_ = i // len(articles)
        factor = 1 + (round_ % 9) / 10
        text = _NUMBER.sub(_scaler(factor), base["text"])
        extra = " ".join(rng.sample(BACKGROUND, 2))
        published = date.fromisoformat(base["published"]) + timedelta(days=round_ % 60)
        yield {
            **base,
            "text": f"{text} {extra} (Report {i}.)",
            "outlet": OUTLETS[(i * 7 + round_) % len(OUTLETS)],
            "published": published.isoformat(),
            "url": f"https://bench.example/{i}",
        }


def write(source: Path, target: Path, n: int, *, seed: int = 7) -> int:
    """Write ``n`` varied articles from the JSONL ``source`` to the JSONL ``target``."""
    articles = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    with target.open("w", encoding="utf-8") as out:
        for row in vary(articles, n, seed=seed):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return n
