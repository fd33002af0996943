"""A figure's frame (current or projected) is read from its own clause: a "will" elsewhere
in the statement does not make a reported figure a projection."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimledger.cli.main import cli

STORY = [
    {
        "text": "Zed Foods Inc said its Lark unit had 1986 sales of 40 mln dlrs and will continue "
        "to operate under its present name. Zed Foods said Lark sales will reach 55 mln dlrs next year.",
        "outlet": "Harbor Wire",
        "published": "1987-03-03",
        "title": "Zed Foods Inc <ZDF> Buys Lark",
    },
]


@pytest.mark.model
def test_a_will_outside_the_figure_s_clause_is_no_projection(nlp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus = tmp_path / "frames.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in STORY))
    db = str(tmp_path / "frames.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(corpus), "--db", db]).exit_code == 0
    rows = json.loads(runner.invoke(cli, ["estimates", "sales", "--db", db, "--format", "json"]).stdout)
    frames = {r["value"]: r["frame"] for r in rows}
    assert frames == {40_000_000: "current", 55_000_000: "projected"}
