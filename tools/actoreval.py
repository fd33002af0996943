"""Actors across articles, measured with the reference scorer (``shared/eval/score_actors.py``).

The PolNeAR train and dev splits (924 articles, 7 outlets) are ingested together into one
store, so that names compete across outlets as they do for a user; then each of the 84 dev
articles is read back as ``claimledger article show ID --format json`` gives it, and the
scorer compares its ``attributions[].actor`` with the actor gold (``shared/eval/actors-dev``).

Analysis is the slow part (minutes) and the ledger the part most often changed, so the
analysed store is kept in the work folder and reused while the extraction code and the corpus
are unchanged (a fingerprint of both says so); the ledger is always rebuilt with today's code.

    python -m tools.actoreval --shared ../shared [--work eval-out] [--fresh]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from claimledger.errors import EvalError
from claimledger.ingest.ingest import ingest
from claimledger.ledger import articles
from claimledger.ledger.build import rebuild
from claimledger.store import Store

ROOT = Path(__file__).resolve().parents[1]
#: What decides the stored analysis: when none of these changed, the store is reused.
EXTRACTION_CODE = ("pipeline", "syntax", "lexicons", "analysis", "models.py")
#: Lexicons only the ledger and the store read (gazetteer, word lists, agencies): no re-analysis.
LEDGER_LEXICONS = ("ledger.json", "countries_extra.json", "wires.json")


def fingerprint(corpus: Path) -> str:
    """A hash of the extraction code and the corpus: the analysis depends on nothing else."""
    digest = hashlib.sha256()
    package = ROOT / "src" / "claimledger"
    for part in EXTRACTION_CODE:
        path = package / part
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for f in files:
            if f.is_file() and "__pycache__" not in f.parts and f.name not in LEDGER_LEXICONS:
                digest.update(str(f.relative_to(package)).encode())
                digest.update(f.read_bytes())
    digest.update(corpus.read_bytes())
    return digest.hexdigest()


def _script(shared: Path, name: str, *args: str) -> None:
    script = shared / name
    proc = subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise EvalError(f"failed: {proc.stderr.strip()[-300:]}", source=str(script))


def ledger_store(shared: Path, work: Path, *, fresh: bool = False) -> tuple[Path, float]:
    """The store with PolNeAR train + dev analysed and the ledger rebuilt; seconds spent."""
    corpus = work / "polnear-train-dev.jsonl"
    _script(
        shared,
        "corpora/polnear_to_jsonl.py",
        str(shared / "eval" / "polnear" / "data"),
        "train,dev",
        str(corpus),
    )
    db = work / "polnear-ledger.db"
    stamp = work / "polnear-ledger.stamp"
    want = fingerprint(corpus)
    t0 = time.perf_counter()
    if fresh or not db.exists() or not stamp.exists() or stamp.read_text() != want:
        for leftover in work.glob("polnear-ledger.db*"):
            leftover.unlink()
        stamp.unlink(missing_ok=True)
        with Store.open(str(db)) as store:
            report = ingest(store, [str(corpus)])
        if report.errors:
            raise EvalError(f"{len(report.errors)} articles failed: {report.errors[0]}", source=str(corpus))
        stamp.write_text(want)
    else:
        with Store.open(str(db)) as store:
            rebuild(store)
    return db, time.perf_counter() - t0


def predictions(db: Path, gold: Path, out: Path) -> int:
    """One file per gold article: the stored article's attributions with their actors."""
    out.mkdir(parents=True, exist_ok=True)
    wanted = {p.stem for p in gold.glob("*.json")}
    n = 0
    with Store.open(str(db)) as store:
        for art in store.articles():
            stem = str(art.get("url") or "").rsplit("/", 1)[-1]
            if stem in wanted:
                atts = articles.attributions(store, str(art["id"]))
                (out / f"{stem}.json").write_text(json.dumps({"attributions": atts}, ensure_ascii=False))
                n += 1
    return n


def run(shared: Path, work: Path, *, fresh: bool = False) -> dict[str, Any]:
    """Score actors on the PolNeAR dev actor gold; returns the scorer's figures and timings."""
    scorer = shared / "eval" / "score_actors.py"
    actors_gold = shared / "eval" / "actors-dev"
    if not scorer.is_file() or not actors_gold.is_dir():
        raise EvalError("actor scorer or gold not found (is ../shared present?)", source=str(scorer))
    work.mkdir(parents=True, exist_ok=True)
    gold = work / "polnear-dev-gold"
    if not gold.is_dir():
        _script(
            shared, "eval/polnear_to_gold.py", str(shared / "eval" / "polnear" / "data"), "dev", str(gold)
        )
    db, seconds = ledger_store(shared, work, fresh=fresh)
    pred = work / "polnear-actors-pred"
    for old in pred.glob("*.json"):
        old.unlink()
    articles_scored = predictions(db, gold, pred)
    proc = subprocess.run(
        [sys.executable, str(scorer), str(gold), str(actors_gold), str(pred), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise EvalError(f"scorer failed: {proc.stderr.strip()[-300:]}", source=str(scorer))
    figures: dict[str, Any] = json.loads(proc.stdout)
    figures["articles"] = articles_scored
    figures["seconds"] = round(seconds, 1)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.actoreval", description=__doc__.split("\n")[0])
    parser.add_argument("--shared", default="../shared", help="folder holding eval/ and corpora/")
    parser.add_argument("--work", default="eval-out", help="where the store and predictions are kept")
    parser.add_argument("--fresh", action="store_true", help="analyse the corpus again even if unchanged")
    args = parser.parse_args(argv)
    try:
        figures = run(Path(args.shared), Path(args.work), fresh=args.fresh)
    except EvalError as exc:
        print(f"claimledger: error: {exc}", file=sys.stderr)
        return 2
    print(
        f"B3 precision {figures['b3_precision']:.3f} recall {figures['b3_recall']:.3f} "
        f"F1 {figures['b3_f1']:.3f} over {figures['mentions_paired']} paired mentions "
        f"({figures['articles']} articles, {figures['seconds']} s)"
    )
    print(f"names clean {figures['names_clean']}/{figures['entities_named']}")
    for bad in figures["bad_names"]:
        print("  bad name:", bad)
    if figures["pronoun_actors"]:
        print("pronoun actors:", ", ".join(figures["pronoun_actors"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
