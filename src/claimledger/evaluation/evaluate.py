"""eval: measure extraction against a folder of annotated articles (SPEC.md's shape).

Each gold file's ``text`` is analyzed, the prediction written beside the others
under the same name, and the folder pair scored: with the reference scorer when
one is given (``scorer=PATH``, run as its own process), else with
:mod:`claimledger.evaluation.scoring`, which implements the same rules.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimledger.analysis.article import analyze_many
from claimledger.errors import EvalError
from claimledger.evaluation.scoring import format_table, score_pairs
from claimledger.models import ArticleMeta


@dataclass(frozen=True)
class EvalResult:
    """Per-layer figures, where the predictions were written, and which scorer ran."""

    layers: dict[str, dict[str, Any]]
    pred_dir: Path
    scorer: str
    articles: int

    def table(self) -> str:
        return format_table(self.layers)


def load_gold(gold_dir: Path) -> list[tuple[Path, dict[str, Any]]]:
    """Gold files, checked: a JSON object with a string ``text`` each."""
    if not gold_dir.is_dir():
        raise EvalError("not a directory", source=str(gold_dir))
    files = sorted(gold_dir.glob("*.json"))
    if not files:
        raise EvalError("no *.json annotation files", source=str(gold_dir))
    out = []
    for f in files:
        try:
            data = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise EvalError(f"not readable JSON: {exc}", source=str(f)) from exc
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            raise EvalError('not an annotation: needs an object with a "text" string', source=str(f))
        out.append((f, data))
    return out


def evaluate(
    gold_dir: str | Path,
    *,
    out_dir: str | Path | None = None,
    scorer: str | Path | None = None,
    batch_size: int = 8,
) -> EvalResult:
    """Analyze every gold article and score the predictions."""
    gold_path = Path(gold_dir)
    gold = load_gold(gold_path)
    pred_dir = Path(out_dir) if out_dir else Path(tempfile.mkdtemp(prefix="claimledger-eval-"))
    pred_dir.mkdir(parents=True, exist_ok=True)
    items = ((data["text"], _meta(data)) for _, data in gold)
    preds: list[dict[str, Any]] = []
    for (f, _), analysis in zip(gold, analyze_many(items, batch_size=batch_size), strict=True):
        pred = analysis.to_dict()
        (pred_dir / f.name).write_text(json.dumps(pred, ensure_ascii=False), encoding="utf-8")
        preds.append(pred)
    if scorer:
        layers = run_reference_scorer(Path(scorer), gold_path, pred_dir)
        name = str(scorer)
    else:
        layers = score_pairs([(data, pred) for (_, data), pred in zip(gold, preds, strict=True)])
        name = "claimledger.evaluation.scoring"
    return EvalResult(layers=layers, pred_dir=pred_dir, scorer=name, articles=len(gold))


def run_reference_scorer(scorer: Path, gold_dir: Path, pred_dir: Path) -> dict[str, dict[str, Any]]:
    """Run ``score.py GOLD PRED --json`` in its own process and read its layers."""
    if not scorer.is_file():
        raise EvalError("scorer not found", source=str(scorer))
    proc = subprocess.run(
        [sys.executable, str(scorer), str(gold_dir), str(pred_dir), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise EvalError(f"scorer failed: {proc.stderr.strip().splitlines()[-1:]}", source=str(scorer))
    layers: dict[str, dict[str, Any]] = json.loads(proc.stdout)["layers"]
    return layers


def _meta(data: dict[str, Any]) -> ArticleMeta:
    def s(key: str) -> str | None:
        v = data.get(key)
        return v if isinstance(v, str) else None

    return ArticleMeta(
        title=s("title"), url=s("url"), outlet=s("outlet"), author=s("author"), published=s("published")
    )
