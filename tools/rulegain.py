"""What each attribution rule is worth on PolNeAR train + dev, scored by the reference scorer.

A rule must pay for itself on train and dev together, not on dev alone. This tool parses
the 924 articles once (the model and our sentence stage; the parse is cached on disk under
``--work``, keyed by the texts, the model and the sentence stage's source), then for the full
rule set and for the set without each rule named in ``--ablate`` reruns our stages after the
parser, writes the predictions and scores them with ``shared/eval/score.py``:

    python -m tools.rulegain --shared ../shared                      # the full set only
    python -m tools.rulegain --shared ../shared --ablate all         # leave each rule out in turn
    python -m tools.rulegain --shared ../shared --ablate verb_cues,noun_cues --splits dev

Prints a Markdown table: attribution and attribution_full F1 on train, dev and both, and
for each rule left out how much F1 it is worth (the full set's F1 minus the set without it).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, DocBin

from claimledger.analysis.article import from_doc
from claimledger.models import ArticleMeta
from claimledger.pipeline import load as pipeline_load
from claimledger.pipeline.attribution.component import RULES, AttributionFinder
from claimledger.pipeline.attribution.context import Rule

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("attribution", "attribution_full")


def convert(shared: Path, split: str, out: Path) -> Path:
    """One PolNeAR split to gold files, with the shared converter.

    A few train annotations span a line break, which the converter reads as a broken
    line: the converter gets a copy of the split's annotations with each such span's
    lines joined by a space (its words, all the scorer compares, are unchanged).
    """
    if out.is_dir() and any(out.glob("*.json")):
        return out
    data = shared / "eval" / "polnear" / "data"
    copy = out.parent / "polnear-data"
    (copy / split / "attributions").mkdir(parents=True, exist_ok=True)
    shutil.copy(data / "metadata.tsv", copy / "metadata.tsv")
    if not (copy / split / "text").exists():
        (copy / split / "text").symlink_to((data / split / "text").resolve())
    for ann in (data / split / "attributions").glob("*.ann"):
        fixed = _joined(ann.read_text(encoding="utf-8"))
        (copy / split / "attributions" / ann.name).write_text(fixed, encoding="utf-8")
    script = shared / "eval" / "polnear_to_gold.py"
    subprocess.run([sys.executable, str(script), str(copy), split, str(out)], check=True, capture_output=True)
    return out


def _joined(ann: str) -> str:
    """Brat lines with any line that is no record of its own joined to the record before."""
    lines: list[str] = []
    for line in ann.split("\n"):
        if lines and not _RECORD.match(line):
            lines[-1] += " " + line
        else:
            lines.append(line)
    return "\n".join(lines)


_RECORD = re.compile(r"[TEARN*]\d*\t|#")


def _key(texts: Sequence[str], nlp: Language) -> str:
    h = hashlib.sha256()
    h.update(json.dumps(nlp.meta.get("version", "")).encode())
    for stage in ("sentences.py", "load.py"):
        h.update((ROOT / "src" / "claimledger" / "pipeline" / stage).read_bytes())
    for t in texts:
        h.update(t.encode("utf-8"))
    return h.hexdigest()[:16]


def parsed(texts: Sequence[str], nlp: Language, cache_dir: Path) -> list[Doc]:
    """The texts through the model and our pre-parser stage, from the cache when it is fresh."""
    cache = cache_dir / f"parse-{_key(texts, nlp)}.spacy"
    if cache.is_file():
        return list(DocBin().from_disk(cache).get_docs(nlp.vocab))
    post = [n for n in pipeline_load.COMPONENTS if n in nlp.pipe_names]
    t0 = time.perf_counter()
    with nlp.select_pipes(disable=post):
        docs = list(nlp.pipe(texts, batch_size=8))
    print(f"parsed {len(docs)} articles in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    bin_ = DocBin(store_user_data=False)
    for d in docs:
        bin_.add(d)
    cache_dir.mkdir(parents=True, exist_ok=True)
    bin_.to_disk(cache)
    return docs


def predict(docs: Iterable[Doc], nlp: Language, rules: Sequence[Rule]) -> list[dict[str, Any]]:
    """Our stages after the parser over each parsed Doc, with ``rules`` as the attribution rules."""
    finder = nlp.get_pipe("claimledger_attributions")
    assert isinstance(finder, AttributionFinder)
    stages = [(n, nlp.get_pipe(n)) for n in pipeline_load.COMPONENTS]
    finder.rules = rules
    out = []
    try:
        for doc in docs:
            d = doc.copy()
            for _, proc in stages:
                d = proc(d)
            out.append(from_doc(d, ArticleMeta()).to_dict())
    finally:
        finder.rules = RULES
    return out


def score(shared: Path, gold: Path, pred: Path) -> dict[str, dict[str, float]]:
    proc = subprocess.run(
        [sys.executable, str(shared / "eval" / "score.py"), str(gold), str(pred), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    layers: dict[str, dict[str, float]] = json.loads(proc.stdout)["layers"]
    return layers


def run_variant(
    shared: Path,
    work: Path,
    sets: dict[str, tuple[Path, list[Path], list[Doc]]],
    nlp: Language,
    rules: Sequence[Rule],
) -> dict[str, dict[str, dict[str, float]]]:
    """Scores per split and for all splits together."""
    pred_root = work / "pred"
    shutil.rmtree(pred_root, ignore_errors=True)
    all_pred = pred_root / "all"
    all_pred.mkdir(parents=True)
    out: dict[str, dict[str, dict[str, float]]] = {}
    for split, (gold, files, docs) in sets.items():
        pdir = pred_root / split
        pdir.mkdir(parents=True)
        for f, pred in zip(files, predict(docs, nlp, rules), strict=True):
            body = json.dumps(pred, ensure_ascii=False)
            (pdir / f.name).write_text(body, encoding="utf-8")
            (all_pred / f.name).write_text(body, encoding="utf-8")
        out[split] = score(shared, gold, pdir)
    if len(sets) > 1:
        out["both"] = score(shared, work / "gold-all", all_pred)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--work", default="out/rulegain", help="where gold and predictions go")
    ap.add_argument("--cache", help="where the parse cache is (default: --work); may be shared")
    ap.add_argument("--splits", default="train,dev")
    ap.add_argument("--ablate", default="", help="rule names to leave out one at a time, or 'all'")
    ap.add_argument("--json", dest="json_out", help="also write the scores here as JSON")
    ap.add_argument("--write-docs", action="store_true", help="put the table in docs/benchmarks.md")
    args = ap.parse_args(argv)
    shared, work = Path(args.shared), Path(args.work)
    nlp = pipeline_load.load_pipeline()
    splits = [s for s in args.splits.split(",") if s]
    sets: dict[str, tuple[Path, list[Path], list[Doc]]] = {}
    all_gold = work / "gold-all"
    shutil.rmtree(all_gold, ignore_errors=True)
    all_gold.mkdir(parents=True)
    for split in splits:
        gold = convert(shared, split, work / f"gold-{split}")
        files = sorted(gold.glob("*.json"))
        texts = [json.loads(f.read_text(encoding="utf-8"))["text"] for f in files]
        for f in files:
            shutil.copy(f, all_gold / f.name)
        sets[split] = (gold, files, parsed(texts, nlp, Path(args.cache or work)))
    names = [r.__name__ for r in RULES] if args.ablate == "all" else [n for n in args.ablate.split(",") if n]
    unknown = [n for n in names if n not in {r.__name__ for r in RULES}]
    if unknown:
        print(f"rulegain: no such rule: {', '.join(unknown)}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    full = run_variant(shared, work, sets, nlp, RULES)
    print(f"scored the full set in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    cols = list(full)
    results: dict[str, Any] = {"full": full}
    lines = [
        "| rules | " + " | ".join(f"{c} {layer}" for c in cols for layer in LAYERS) + " |",
        "|---|" + "---|" * (len(cols) * len(LAYERS)),
        "| all (F1) | " + " | ".join(f"{full[c][layer]['f1']:.3f}" for c in cols for layer in LAYERS) + " |",
    ]
    print("\n".join(lines), flush=True)
    for name in names:
        without = run_variant(shared, work, sets, nlp, tuple(r for r in RULES if r.__name__ != name))
        results[name] = without
        gains = [full[c][layer]["f1"] - without[c][layer]["f1"] for c in cols for layer in LAYERS]
        lines.append(f"| {name} (gain) | " + " | ".join(f"{g:+.3f}" for g in gains) + " |")
        print(lines[-1], flush=True)
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(results, indent=1), encoding="utf-8")
    if args.write_docs:
        from tools.reportdoc import update_section

        head = [
            f"Command: `python -m tools.rulegain --shared ../shared --splits {args.splits}"
            + (f" --ablate {args.ablate}`." if args.ablate else "`."),
            "F1 of the reference scorer on each PolNeAR split and on both together; a rule's gain is",
            "the full set's F1 minus the F1 of the set without it (leave one out).",
            "",
        ]
        update_section(
            ROOT / "docs" / "benchmarks.md",
            "rulegain",
            "\n".join(head + lines),
            title="Attribution rules: what each is worth on PolNeAR train + dev",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
