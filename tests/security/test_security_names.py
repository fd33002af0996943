"""Text from an article is never parsed as an instruction: an outlet named "=Evil" or "=7".

The ledger rebuild once told a user's edited actor (an id) from a derived one (a name) by a
leading "=" on a string, so an outlet of "=Evil" broke every later rebuild of the store
(ValueError) and one of "=7" credited its article to whichever actor had id 7. Both go
through the real CLI (``ingest``, ``actor list``, ``check``) on a SQLite store.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimledger.cli.main import cli

pytestmark = pytest.mark.model

#: Enough named sources that the store holds an actor with id 7 before "=7" arrives.
CROWDED = (
    "Moscow said on Tuesday that 40 soldiers were killed near Kursk, according to Reuters. "
    "Ukraine's defence ministry said 300 Russian troops were killed. Volodymyr Zelensky said the "
    "front held. NATO said the attack failed. The Pentagon said it was watching. Emmanuel Macron "
    "said France would send aid. Olaf Scholz said Germany agreed. The Kremlin denied the report."
)
ANONYMOUS = (
    "Heavy fighting continued near the town on Tuesday and 40 buildings were destroyed, "
    "the mayor said. The town has no power."
)


def _jsonl(path: Path, *articles: dict[str, str]) -> str:
    path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    return str(path)


def _run(*args: str) -> tuple[int, str]:
    res = CliRunner().invoke(cli, list(args))
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    return res.exit_code, res.output


def _actors(db: Path) -> dict[int, str]:
    with sqlite3.connect(db) as con:
        return {int(i): str(n) for i, n in con.execute("SELECT id, name FROM actors")}


def _origins(db: Path, outlet: str) -> list[str]:
    with sqlite3.connect(db) as con:
        rows = con.execute("SELECT origin FROM claim_members WHERE outlet = ?", (outlet,))
        return [str(o) for (o,) in rows]


def test_an_outlet_named_like_an_instruction_is_only_a_name(nlp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "ledger.db"
    first = _jsonl(tmp_path / "first.jsonl", {"text": CROWDED, "outlet": "Daily Planet"})
    code, out = _run("ingest", first, "--db", str(db))
    assert code == 0, out
    seventh = _actors(db).get(7)
    assert seventh is not None and seventh != "=7"  # someone else holds id 7

    hostile = _jsonl(
        tmp_path / "hostile.jsonl",
        {"text": "Officials said 12 bridges over the river were closed on Monday.", "outlet": "=Evil"},
        {"text": ANONYMOUS, "outlet": "=7"},
    )
    code, out = _run("ingest", hostile, "--db", str(db))
    assert code == 0, out
    assert "ingested 2 new article(s)" in out and "ledger:" in out

    names = set(_actors(db).values())
    assert {"=Evil", "=7"} <= names
    assert _origins(db, "=7") == ["anonymous source via =7"]  # not via actor 7
    assert all(o.endswith("via =Evil") for o in _origins(db, "=Evil"))

    code, out = _run("actor", "list", "--db", str(db))
    assert code == 0 and "=Evil [outlet]" in out and "=7 [outlet]" in out
    # a later run still rebuilds, and the store passes every check
    later = _jsonl(tmp_path / "later.jsonl", {"text": CROWDED.replace("40", "41"), "outlet": "Other"})
    code, out = _run("ingest", later, "--db", str(db))
    assert code == 0 and "ledger:" in out, out
    code, out = _run("check", "--db", str(db))
    assert code == 0 and out.startswith("ok:"), out


def test_the_web_stores_an_outlet_named_like_an_instruction(nlp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from claimledger.web import create_app

    db = tmp_path / "ledger.db"
    first = _jsonl(tmp_path / "first.jsonl", {"text": CROWDED, "outlet": "Daily Planet"})
    assert _run("ingest", first, "--db", str(db))[0] == 0
    with TestClient(create_app(str(db)), base_url="http://127.0.0.1") as client:
        posts = {
            "=Evil Wire": "Officials said 12 bridges over the river were closed on Monday.",
            "=7": ANONYMOUS,
        }
        for outlet, text in posts.items():
            r = client.post("/articles", json={"text": text, "outlet": outlet})
            assert r.status_code == 200, r.text
    assert {"=Evil Wire", "=7"} <= set(_actors(db).values())
    assert _origins(db, "=7") == ["anonymous source via =7"]
    code, out = _run("check", "--db", str(db))
    assert code == 0 and out.startswith("ok:"), out
