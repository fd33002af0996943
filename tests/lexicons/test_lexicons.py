"""The lexicon files themselves: each one loads and follows the documented format, and a
malformed one fails at load with its file and key named (not on some article later)."""

from __future__ import annotations

import copy
import importlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from claimledger import lexicons
from claimledger.errors import ClaimLedgerError, LexiconError

NAMES = lexicons.names()


def test_the_shipped_lexicons_are_all_found() -> None:
    shipped = {"countries_extra", "cues", "headlines", "hedges", "ledger", "people", "quantities", "sources"}
    assert shipped <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_each_file_loads_and_validates(name: str) -> None:
    raw = lexicons.read(lexicons.DATA_DIR / f"{name}.json")
    section = lexicons.load(name)
    assert section == raw["en"]
    # the documentation is beside the language, never in what readers get
    assert not any(key.startswith("_") for key in section)
    assert list(raw["_doc"]) == list(section), "document the keys in the order they appear"


@pytest.mark.parametrize("name", NAMES)
def test_every_word_list_is_usable_as_a_set(name: str) -> None:
    raw = lexicons.read(lexicons.DATA_DIR / f"{name}.json")
    for key, spec in raw["_doc"].items():
        if spec["type"] == "words":
            assert lexicons.words(name, key) == frozenset(raw["en"][key])


def test_an_unsupported_language_is_refused() -> None:
    with pytest.raises(ValueError, match="not supported"):
        lexicons.load("cues", "xx")


# --------------------------------------------------------------------------- malformed files


def good() -> dict[str, Any]:
    """A small file of every type, valid as it is; each test below breaks one thing."""
    return {
        "_about": "a lexicon for the tests",
        "_doc": {
            "colours": {"type": "words", "lowercase": True, "doc": "compared with lower-cased tokens"},
            "names": {"type": "words", "lowercase": False, "doc": "written as the names are"},
            "groups": {"type": "word_groups", "lowercase": True, "doc": "kind -> words"},
            "table": {"type": "word_map", "lowercase": True, "doc": "word -> value"},
            "factor": {"type": "value", "doc": "a number"},
            "rules": {"type": "structured", "doc": "checked by its reader"},
        },
        "en": {
            "colours": ["red", "dark green"],
            "names": ["Reuters", "AP"],
            "groups": {"warm": ["red"], "cold": ["blue"]},
            "table": {"one": 1, "two": 2},
            "factor": 2,
            "rules": [{"LOWER": "x"}],
        },
    }


def write(tmp_path: Path, data: Any, name: str = "bad") -> Path:
    path = tmp_path / f"{name}.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def test_the_good_file_loads(tmp_path: Path) -> None:
    write(tmp_path, good(), "fine")
    assert lexicons.load("fine", data_dir=tmp_path)["colours"] == ["red", "dark green"]


#: Each way of breaking the good file, as an edit of (data, its "en" section, its "_doc").
BREAKS: dict[str, Callable[[dict[str, Any], dict[str, Any], dict[str, Any]], None]] = {
    "duplicate": lambda data, en, doc: en["colours"].append("red"),
    "duplicate-by-case": lambda data, en, doc: en["names"].append("Ap"),
    "upper-case": lambda data, en, doc: en["colours"].append("Blue"),
    "empty-string": lambda data, en, doc: en["colours"].append("  "),
    "not-a-string": lambda data, en, doc: en["colours"].append(3),
    "not-a-list": lambda data, en, doc: en.__setitem__("colours", "red green"),
    "group-duplicate": lambda data, en, doc: en["groups"]["cold"].append("blue"),
    "map-upper-key": lambda data, en, doc: en["table"].__setitem__("Three", 3),
    "value-not-scalar": lambda data, en, doc: en.__setitem__("factor", [2]),
    "undocumented": lambda data, en, doc: en.__setitem__("shapes", ["square"]),
    "documented-missing": lambda data, en, doc: en.pop("colours"),
    "no-language": lambda data, en, doc: data.pop("en"),
    "unknown-top-level": lambda data, en, doc: data.__setitem__("fr", {}),
    "bad-type": lambda data, en, doc: doc["colours"].__setitem__("type", "list"),
    "no-lowercase-decision": lambda data, en, doc: doc["colours"].pop("lowercase"),
    "no-doc-text": lambda data, en, doc: doc["colours"].__setitem__("doc", ""),
    "no-doc": lambda data, en, doc: data.pop("_doc"),
}


def broken(change: str) -> dict[str, Any]:
    data = copy.deepcopy(good())
    BREAKS[change](data, data["en"], data["_doc"])
    return data


@pytest.mark.parametrize(
    "change, key",
    [
        ("duplicate", "en.colours"),
        ("duplicate-by-case", "en.names"),
        ("upper-case", "en.colours"),
        ("empty-string", "en.colours"),
        ("not-a-string", "en.colours"),
        ("not-a-list", "en.colours"),
        ("group-duplicate", "en.groups.cold"),
        ("map-upper-key", "en.table"),
        ("value-not-scalar", "en.factor"),
        ("undocumented", "en.shapes"),
        ("documented-missing", "en.colours"),
        ("no-language", "'en'"),
        ("unknown-top-level", "'fr'"),
        ("bad-type", "_doc.colours"),
        ("no-lowercase-decision", "_doc.colours"),
        ("no-doc-text", "_doc.colours"),
        ("no-doc", "_doc"),
    ],
)
def test_a_malformed_file_names_its_file_and_key(tmp_path: Path, change: str, key: str) -> None:
    path = write(tmp_path, broken(change))
    with pytest.raises(LexiconError) as err:
        lexicons.load("bad", data_dir=tmp_path)
    message = str(err.value)
    assert str(path) in message
    assert key in message
    assert err.value.source == str(path)


def test_a_key_written_twice_in_one_object_is_an_error(tmp_path: Path) -> None:
    # json.loads would keep the second silently, losing the first list
    text = json.dumps(good()).replace('"factor": 2', '"factor": 2, "colours": ["blue"]')
    path = write(tmp_path, text)
    with pytest.raises(LexiconError, match="'colours': appears twice") as err:
        lexicons.load("bad", data_dir=tmp_path)
    assert str(path) in str(err.value)


def test_invalid_json_and_a_missing_file_name_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, '{"en": [}')
    with pytest.raises(LexiconError, match="not valid JSON") as err:
        lexicons.load("bad", data_dir=tmp_path)
    assert str(path) in str(err.value)
    with pytest.raises(LexiconError, match="cannot read") as err:
        lexicons.load("absent", data_dir=tmp_path)
    assert str(tmp_path / "absent.json") in str(err.value)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    data = broken("duplicate")
    data["en"]["shapes"] = ["square"]
    write(tmp_path, data)
    with pytest.raises(LexiconError) as err:
        lexicons.load("bad", data_dir=tmp_path)
    assert "en.colours" in str(err.value) and "en.shapes" in str(err.value)


def test_lexicon_errors_are_claimledger_errors() -> None:
    # so the CLI reports them as one line, like every other error it knows
    assert issubclass(LexiconError, ClaimLedgerError)


# --------------------------------------------------------------------------- word lists read from data


@pytest.mark.parametrize(
    "module, name, lexicon, key",
    [
        ("claimledger.syntax.sources", "ORG_NOUNS", "sources", "org_nouns"),
        ("claimledger.pipeline.coref", "_MALE", "people", "male_given_names"),
        ("claimledger.pipeline.coref", "_FEMALE", "people", "female_given_names"),
        ("claimledger.pipeline.coref", "_ORG_WORDS", "people", "organization_name_words"),
        ("claimledger.pipeline.hedges", "_COMMON_WORDS", "hedges", "common_words"),
        ("claimledger.pipeline.headlines", "_MINOR", "headlines", "minor_words"),
        ("claimledger.ledger.text", "STOPWORDS", "ledger", "stopwords"),
        ("claimledger.ledger.text", "NEGATION", "ledger", "negation"),
        ("claimledger.ledger.text", "PROJECTION", "ledger", "projection"),
        ("claimledger.ledger.text", "_NOT_PLACES", "ledger", "not_places"),
        ("claimledger.ledger.text", "_AFTER_PLACE", "ledger", "after_place"),
    ],
)
def test_module_word_sets_are_the_data(module: str, name: str, lexicon: str, key: str) -> None:
    # loaded once, at import, as frozensets: a lookup costs what it did as a constant
    value = getattr(importlib.import_module(module), name)
    assert isinstance(value, frozenset)
    assert value == lexicons.words(lexicon, key)


def test_a_lemma_fix_that_maps_to_no_word_fails_naming_the_key() -> None:
    from claimledger.syntax.sources import _lemma_fixes

    assert _lemma_fixes({"hoping": "Hope"}, "en") == {"hoping": "hope"}
    with pytest.raises(LexiconError, match=r"cues\.json.*lemma_fixes.*'hoping'"):
        _lemma_fixes({"hoping": 3}, "en")
