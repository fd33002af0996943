"""`article show` lists the other copies of a text and the agency it is a copy of."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from click.testing import CliRunner

from claimledger.cli.main import cli
from claimledger.store import Store
from claimledger.store.writes import NewArticle
from copy_texts import ORIGINAL, TRIMMED
from ledger_helpers import make_analysis


def test_article_show_lists_copies_wire_and_how_a_copy_was_recognised(tmp_path: Path) -> None:
    db = str(tmp_path / "l.db")
    base = make_analysis(ORIGINAL, outlet="Eastholm Courier", published="2025-03-04")
    first = dataclasses.replace(base, meta=dataclasses.replace(base.meta, wire="AP"))
    moved = dataclasses.replace(
        first, meta=dataclasses.replace(first.meta, url="https://echo.example/flood", outlet="Westholm Echo")
    )
    trimmed = make_analysis(TRIMMED, outlet="Westholm Echo")
    with Store.open(db) as store:
        store.add_analyses([NewArticle(first, input="a.jsonl:1"), NewArticle(moved, input="a.jsonl:2")])
        store.add_analyses([NewArticle(trimmed)])
    runner = CliRunner()
    text = runner.invoke(cli, ["article", "show", first.id, "--db", db])
    assert text.exit_code == 0, text.output
    assert "wire: Associated Press" in text.output
    assert "also published: Westholm Echo, 2025-03-04, https://echo.example/flood (read from a.jsonl:2)" in (
        text.output
    )
    shown = runner.invoke(cli, ["article", "show", first.id, "--db", db, "--format", "json"])
    data = json.loads(shown.output)
    assert data["wire"] == "Associated Press"
    assert [(c["outlet"], c["url"], c["published"]) for c in data["copies"]] == [
        ("Westholm Echo", "https://echo.example/flood", "2025-03-04")
    ]
    copy = runner.invoke(cli, ["article", "show", trimmed.id, "--db", db])
    assert f"near-duplicate of: {first.id} (similarity 0." in copy.output
    assert "% contained)" in copy.output
