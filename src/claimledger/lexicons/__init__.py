"""Word lists live in ``data/*.json`` keyed by language; this module only loads them.

Keeping lexicons as data lets an analyst extend a cue or hedge list without
touching code, and lets tests check the lists themselves.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

SUPPORTED_LANGUAGES = ("en",)
DATA_DIR = Path(__file__).parent / "data"


@cache
def load(name: str, lang: str = "en") -> dict[str, Any]:
    """Return lexicon ``name`` (``data/<name>.json``) for ``lang``."""
    if lang not in SUPPORTED_LANGUAGES:
        raise ValueError(f"language {lang!r} is not supported; supported: {', '.join(SUPPORTED_LANGUAGES)}")
    raw = (DATA_DIR / f"{name}.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(raw)[lang]
    return data


def words(name: str, key: str, lang: str = "en") -> frozenset[str]:
    """A lexicon entry that is a list of words, as a frozenset for fast lookups."""
    return frozenset(load(name, lang)[key])
