"""The extraction-quality gate behind ``make eval`` (modelled on trafilatura's eval gate).

It analyzes the shared annotated dev set and the PolNeAR dev split, scores both
with the *reference* scorer (``shared/eval/score.py``, run as its own process),
scores actors across PolNeAR train + dev with ``shared/eval/score_actors.py``
(:mod:`tools.actoreval`),
writes the figures to ``docs/benchmarks.md`` and fails when a layer falls below
its floor in ``eval/floors.json``. ``--update`` raises floors to the current
scores; it refuses to lower one unless ``--allow-regression`` is given, so a
regression is never accepted silently.

    python -m tools.evalgate --shared ../shared [--update [--allow-regression]]
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from claimledger.errors import EvalError
from claimledger.evaluation.evaluate import evaluate
from tools import actoreval
from tools.reportdoc import update_section

ROOT = Path(__file__).resolve().parents[1]
FLOORS = ROOT / "eval" / "floors.json"
GATED = {
    "dev": ("attribution", "attribution_full", "quantity", "quantity_qualifier", "hedge"),
    "polnear_dev": ("attribution", "attribution_full"),
    "polnear_actors": ("actor_b3", "actor_names"),
}
TARGETS = {
    "dev": {
        "attribution": 0.85,
        "attribution_full": 0.75,
        "quantity": 0.90,
        "quantity_qualifier": 0.90,
        "hedge": 0.85,
    },
    "polnear_dev": {"attribution": 0.70, "attribution_full": 0.60},
    "polnear_actors": {"actor_b3": 0.90, "actor_names": 0.95},
}


def convert_polnear(shared: Path, out: Path) -> Path:
    """PolNeAR dev split to gold files, with the shared converter (run as its own process)."""
    script = shared / "eval" / "polnear_to_gold.py"
    data = shared / "eval" / "polnear" / "data"
    proc = subprocess.run(
        [sys.executable, str(script), str(data), "dev", str(out)], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise EvalError(f"converter failed: {proc.stderr.strip()[-300:]}", source=str(script))
    return out


def run(shared: Path, work: Path) -> dict[str, dict[str, Any]]:
    """Score both sets with the reference scorer; returns {set: {layers, articles, seconds}}."""
    scorer = shared / "eval" / "score.py"
    if not scorer.is_file():
        raise EvalError("reference scorer not found (is ../shared present?)", source=str(scorer))
    sets = {
        "dev": shared / "eval" / "dev",
        "polnear_dev": convert_polnear(shared, work / "polnear-dev-gold"),
    }
    out: dict[str, dict[str, Any]] = {}
    out["polnear_actors"] = actor_scores(shared, work)
    for name, gold in sets.items():
        t0 = time.perf_counter()
        result = evaluate(gold, out_dir=work / f"{name}-pred", scorer=scorer)
        out[name] = {
            "layers": result.layers,
            "articles": result.articles,
            "seconds": round(time.perf_counter() - t0, 1),
        }
    return out


def actor_scores(shared: Path, work: Path) -> dict[str, Any]:
    """Actors across PolNeAR train + dev, scored on the dev actor gold (``tools.actoreval``):
    B-cubed over paired mentions, and the share of entities named cleanly."""
    t0 = time.perf_counter()
    f = actoreval.run(shared, work)
    names = f["name_accuracy"]
    return {
        "layers": {
            "actor_b3": {"precision": f["b3_precision"], "recall": f["b3_recall"], "f1": f["b3_f1"]},
            "actor_names": {"precision": names, "recall": names, "f1": names},
        },
        "articles": f["articles"],
        "seconds": round(time.perf_counter() - t0, 1),
        "pronoun_actors": f["pronoun_actors"],
        "names": f"{f['names_clean']}/{f['entities_named']}",
    }


def check(scores: dict[str, dict[str, Any]], floors: dict[str, dict[str, float]]) -> list[str]:
    """Every gated layer whose F1 is under its floor, as a message."""
    failures = []
    for name, layers in GATED.items():
        for layer in layers:
            f1 = scores[name]["layers"][layer]["f1"]
            floor = floors.get(name, {}).get(layer, 0.0)
            if f1 + 1e-9 < floor:
                failures.append(f"{name}/{layer}: F1 {f1:.3f} is below its floor {floor:.3f}")
    return failures


def updated_floors(
    scores: dict[str, dict[str, Any]], floors: dict[str, dict[str, float]], *, allow_regression: bool
) -> dict[str, dict[str, float]]:
    """Floors raised to today's scores (rounded down); lowering needs allow_regression."""
    new: dict[str, dict[str, float]] = {}
    for name, layers in GATED.items():
        new[name] = {}
        for layer in layers:
            current = math.floor(scores[name]["layers"][layer]["f1"] * 1000) / 1000
            old = floors.get(name, {}).get(layer, 0.0)
            if current < old and not allow_regression:
                raise EvalError(
                    f"{name}/{layer} would drop from {old:.3f} to {current:.3f}; "
                    "pass --allow-regression to accept that",
                    source=str(FLOORS),
                )
            new[name][layer] = current
    return new


def report(scores: dict[str, dict[str, Any]], floors: dict[str, dict[str, float]]) -> str:
    """The Markdown section for docs/benchmarks.md."""
    lines = [
        "Command: `make eval` (runs `python -m tools.evalgate --shared ../shared`).",
        "Scores come from the reference scorer `shared/eval/score.py`,",
        "run on the predictions claimledger wrote.",
        "",
        "| set | articles | layer | P | R | F1 | floor | target |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, data in scores.items():
        for layer, v in data["layers"].items():
            if name == "polnear_dev" and layer in ("channel", "quantity", "quantity_qualifier", "hedge"):
                continue  # PolNeAR annotates no channels, quantities or hedges
            floor = floors.get(name, {}).get(layer)
            target = TARGETS.get(name, {}).get(layer)
            lines.append(
                f"| {name} | {data['articles']} | {layer} | {v['precision']:.3f} | {v['recall']:.3f} | "
                f"{v['f1']:.3f} | {'' if floor is None else f'{floor:.3f}'} | "
                f"{'' if target is None else f'{target:.2f}'} |"
            )
    actors = scores.get("polnear_actors")
    if actors:
        lines += [
            "",
            "polnear_actors: PolNeAR train + dev (924 articles) ingested into one ledger, the 84 dev",
            "articles' actors scored by `shared/eval/score_actors.py` against `shared/eval/actors-dev`",
            f"(B-cubed over paired mentions; actor_names: entities named cleanly, {actors['names']}); "
            f"actors named by a pronoun or function word: {', '.join(actors['pronoun_actors']) or 'none'}.",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.evalgate", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--shared", default="../shared", help="folder holding eval/ (score.py, dev/, polnear/)"
    )
    parser.add_argument(
        "--work", default="eval-out", help="where gold conversions and predictions are written"
    )
    parser.add_argument("--update", action="store_true", help="raise the floors to the current scores")
    parser.add_argument(
        "--allow-regression", action="store_true", help="with --update, allow lowering a floor"
    )
    parser.add_argument("--no-doc", action="store_true", help="do not rewrite docs/benchmarks.md")
    args = parser.parse_args(argv)
    shared = Path(args.shared)
    if not (shared / "eval").is_dir():
        print(f"claimledger: error: {shared}: no eval/ folder here; pass --shared PATH", file=sys.stderr)
        return 2
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    floors: dict[str, dict[str, float]] = json.loads(FLOORS.read_text()) if FLOORS.exists() else {}
    try:
        scores = run(shared, work)
        if args.update:
            floors = updated_floors(scores, floors, allow_regression=args.allow_regression)
            FLOORS.parent.mkdir(parents=True, exist_ok=True)
            FLOORS.write_text(json.dumps(floors, indent=2, sort_keys=True) + "\n")
    except EvalError as exc:
        print(f"claimledger: error: {exc}", file=sys.stderr)
        return 2
    text = report(scores, floors)
    print(text)
    if not args.no_doc:
        update_section(ROOT / "docs" / "benchmarks.md", "eval", text)
    failures = check(scores, floors)
    for f in failures:
        print(f"FAIL {f}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
