"""Estimates group by thing and place: figures for another place neither mix nor conflict."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimledger.cli.main import cli
from claimledger.ledger.text import place_of


@pytest.mark.parametrize(
    "content, number, place",
    [
        ("about 50 Iranian drone instructors have arrived in Crimea to train Russian units", "50", "Crimea"),
        ("as many as 10,000 troops could be sent to Russia", "10,000", "Russia"),
        ("30 engines were sent to the Port of Velia on Tuesday", "30", "Port of Velia"),
        ("12 ships waited near Odesa, according to CNN", "12", "Odesa"),
        ("200 workers joined the strike in March", "200", None),  # a month is not a place
        ("40 instructors came to train Russian units", "40", None),  # an adjective, not a place
        ("In Kherson, 14 people were killed", "14", "Kherson"),  # before the figure when none after
    ],
)
def test_place_of(content: str, number: str, place: str | None) -> None:
    start = content.index(number)
    assert place_of(content, start, start + len(number)) == place


STORY = [
    {
        "text": "Officials in Kyiv said about 50 instructors have arrived in Crimea to train drone crews.",
        "outlet": "Harbor Wire",
        "published": "2025-03-03",
        "title": "Crimea",
    },
    {
        "text": "Officials in Minsk said 400 instructors have arrived in Belarus to train drone crews.",
        "outlet": "Eastgate Daily",
        "published": "2025-03-04",
        "title": "Belarus",
    },
]


@pytest.mark.model
def test_estimates_by_place_and_no_conflict_across_places(nlp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus = tmp_path / "places.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in STORY))
    db = str(tmp_path / "places.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(corpus), "--db", db]).exit_code == 0
    every = json.loads(
        runner.invoke(cli, ["estimates", "instructors", "--db", db, "--format", "json"]).stdout
    )
    assert sorted((r["value"], r["place"]) for r in every) == [(50, "Crimea"), (400, "Belarus")]
    crimea = json.loads(
        runner.invoke(
            cli, ["estimates", "instructors", "--place", "crimea", "--db", db, "--format", "json"]
        ).stdout
    )
    assert [(r["value"], r["place"]) for r in crimea] == [(50, "Crimea")]
    out = json.loads(runner.invoke(cli, ["contradictions", "--db", db, "--format", "json"]).stdout)
    assert (
        out["contradictions"] == [] and out["page"]["total"] == 0
    )  # 50 in Crimea and 400 in Belarus do not disagree
