"""Word lists live in ``data/*.json`` keyed by language; this module loads and checks them.

Keeping lexicons as data lets an analyst extend a cue or hedge list without
touching code, and lets tests check the lists themselves. A file is one object::

    {
      "_about": "what the file is for (a string, or a list of lines)",
      "_doc": {"<key>": {"type": "words", "lowercase": true, "doc": "what it is for and why"}},
      "en": {"<key>": ...}
    }

``_doc`` documents every key of the language sections and says how to check it; the
loader returns only the language section, so readers never see ``_about`` or ``_doc``.
Types:

* ``words``: a list of distinct, non-empty strings (a word or a phrase each);
* ``word_groups``: an object of such lists (group name -> words);
* ``word_map``: an object keyed by distinct, non-empty words (its reader checks the values);
* ``value``: one number or string;
* ``structured``: anything else (Matcher patterns, records); its reader checks it.

``lowercase`` (required for the three word types) is true when the reader compares the
entries with lower-cased tokens or lemmas, so that an entry with a capital would never
match; false where the case carries meaning (outlet names, entity labels). Duplicates
are compared case-insensitively either way.

A file is checked in full the first time it is loaded: a mistake in a lexicon fails the
pipeline's start, with the file and the key in the message, not some article later.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from claimledger.errors import LexiconError

SUPPORTED_LANGUAGES = ("en",)
DATA_DIR = Path(__file__).parent / "data"
#: Top-level keys that are not languages.
META_KEYS = ("_about", "_doc")
TYPES = ("words", "word_groups", "word_map", "value", "structured")
_WORD_TYPES = ("words", "word_groups", "word_map")


@cache
def load(name: str, lang: str = "en", data_dir: Path = DATA_DIR) -> dict[str, Any]:
    """Return lexicon ``name`` (``<data_dir>/<name>.json``) for ``lang``, checked."""
    if lang not in SUPPORTED_LANGUAGES:
        raise ValueError(f"language {lang!r} is not supported; supported: {', '.join(SUPPORTED_LANGUAGES)}")
    section: dict[str, Any] = read(data_dir / f"{name}.json")[lang]
    return section


def words(name: str, key: str, lang: str = "en") -> frozenset[str]:
    """A lexicon entry that is a list of words, as a frozenset for fast lookups."""
    return frozenset(load(name, lang)[key])


def names(data_dir: Path = DATA_DIR) -> list[str]:
    """Every lexicon in ``data_dir``, by the name :func:`load` takes."""
    return sorted(p.stem for p in data_dir.glob("*.json"))


def read(path: Path) -> dict[str, Any]:
    """The whole file at ``path``, checked against its ``_doc``; raises :class:`LexiconError`."""
    source = str(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=_no_duplicate_keys)
    except OSError as exc:
        raise LexiconError(f"cannot read the lexicon: {exc.strerror or exc}", source=source) from exc
    except _DuplicateKey as exc:
        raise LexiconError(f"key {exc.key!r}: appears twice in one object", source=source) from None
    except ValueError as exc:  # json.JSONDecodeError, UnicodeDecodeError
        raise LexiconError(f"not valid JSON: {exc}", source=source) from exc
    found = list(problems(raw))
    if found:
        raise LexiconError("; ".join(found), source=source)
    return dict(raw)


def problems(raw: Any) -> Iterator[str]:
    """What is wrong with a parsed lexicon file, one message per problem, each naming its key."""
    if not isinstance(raw, dict):
        yield "the file must hold one JSON object"
        return
    about = raw.get("_about")
    if about is not None and not _text(about):
        yield "key '_about': must be a non-empty string or a list of strings"
    doc = raw.get("_doc")
    if not isinstance(doc, dict) or not doc:
        yield "key '_doc': missing; it must document every key of the language sections"
        return
    for key, spec in doc.items():
        yield from _spec_problems(f"_doc.{key}", spec)
    for key in raw:
        if key not in META_KEYS and key not in SUPPORTED_LANGUAGES:
            yield f"key {key!r}: neither a language ({', '.join(SUPPORTED_LANGUAGES)}) nor {META_KEYS}"
    for lang in SUPPORTED_LANGUAGES:
        section = raw.get(lang)
        if not isinstance(section, dict):
            yield f"key {lang!r}: the language section is missing (or not an object)"
            continue
        for key in section:
            if key not in doc:
                yield f"key '{lang}.{key}': not documented in '_doc'"
        for key, spec in doc.items():
            if key not in section:
                yield f"key '{lang}.{key}': documented in '_doc' but missing"
            elif isinstance(spec, dict):
                yield from _value_problems(f"{lang}.{key}", section[key], spec)


def _text(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    return isinstance(value, list) and bool(value) and all(isinstance(line, str) for line in value)


def _spec_problems(where: str, spec: Any) -> Iterator[str]:
    if not isinstance(spec, dict):
        yield f"key {where!r}: must be an object with 'type', 'doc' (and 'lowercase' for word types)"
        return
    kind = spec.get("type")
    if kind not in TYPES:
        yield f"key {where!r}: 'type' must be one of {', '.join(TYPES)}, not {kind!r}"
    if not _text(spec.get("doc")):
        yield f"key {where!r}: 'doc' must say what the key is for"
    if kind in _WORD_TYPES and not isinstance(spec.get("lowercase"), bool):
        yield f"key {where!r}: 'lowercase' (true or false) is required for type {kind!r}"
    extra = set(spec) - {"type", "doc", "lowercase"}
    if extra:
        yield f"key {where!r}: unknown field(s) {', '.join(sorted(extra))}"


def _value_problems(where: str, value: Any, spec: Mapping[str, Any]) -> Iterator[str]:
    kind, lower = spec.get("type"), bool(spec.get("lowercase"))
    if kind == "words":
        yield from _word_list_problems(where, value, lower)
    elif kind == "word_groups":
        if not isinstance(value, dict):
            yield f"key {where!r}: must be an object of word lists"
            return
        for group, items in value.items():
            yield from _word_list_problems(f"{where}.{group}", items, lower)
    elif kind == "word_map":
        if not isinstance(value, dict):
            yield f"key {where!r}: must be an object keyed by words"
            return
        yield from _word_problems(where, list(value), lower)
    elif kind == "value":
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            yield f"key {where!r}: must be one number or string"


def _word_list_problems(where: str, value: Any, lower: bool) -> Iterator[str]:
    if not isinstance(value, list):
        yield f"key {where!r}: must be a list of words"
        return
    yield from _word_problems(where, value, lower)


def _word_problems(where: str, items: list[Any], lower: bool) -> Iterator[str]:
    seen: set[str] = set()
    for n, item in enumerate(items):
        if not isinstance(item, str) or not item.strip():
            yield f"key {where!r}: entry {n} ({item!r}) must be a non-empty string"
            continue
        if lower and item != item.lower():
            yield f"key {where!r}: entry {n} ({item!r}) must be lower case (read against lower-cased text)"
        folded = item.lower()
        if folded in seen:
            yield f"key {where!r}: entry {n} ({item!r}) is a duplicate"
        seen.add(folded)


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``json`` keeps the last of two equal keys silently; in a lexicon that loses entries."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out
