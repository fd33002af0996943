"""The invented story corpus through the real pipeline: origins, contradictions, estimates, grades.

examples/story.jsonl: 12 articles from 11 invented outlets on one developing event
(Iranian drone instructors in Crimea): a wire report and its copy, rewrites citing the
same agency, an independent second origin, a denial, and estimates that move (50 -> 150)
and conflict (as many as 120 vs 200).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from claimledger.cli.main import cli as main_group
from databases import postgres_database
from ledger_helpers import CORPUS

pytestmark = pytest.mark.model

HUR = "Ukrainian military intelligence (HUR)"
UK = "British military intelligence"


@pytest.fixture(scope="module")
def cli() -> click.Group:
    return main_group


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def db(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, cli: click.Group
) -> Iterator[str]:
    """The corpus ingested through the CLI (the real analyze pipeline) into a fresh store."""
    with contextlib.ExitStack() as stack:
        if request.param == "sqlite":
            url = str(tmp_path_factory.mktemp("story") / "story.db")
        else:
            url = stack.enter_context(postgres_database("cl_story"))
        result = CliRunner().invoke(cli, ["ingest", str(CORPUS), "--db", url])
        assert result.exit_code == 0, result.output
        assert (
            "ingested 12 new article(s) (1 near-duplicate), 0 copies of stored articles, "
            "0 already stored, 0 failed"
        ) in result.output
        yield url


def run(cli: click.Group, db: str, *args: str) -> Any:
    """The command's JSON; a list command's rows (its JSON is a page, as on the web)."""
    result = CliRunner().invoke(cli, [*args, "--db", db, "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    if isinstance(out, dict) and "page" in out and args[0] != "estimates":
        (rows,) = [v for k, v in out.items() if k != "page"]
        assert out["page"]["shown"] == len(rows) <= out["page"]["total"]
        return rows
    return out


def by_text(claims: list[dict[str, Any]], start: str) -> dict[str, Any]:
    (found,) = [c for c in claims if c["text"].startswith(start)]
    return found


def test_articles_and_the_wire_copy(cli: click.Group, db: str) -> None:
    articles = run(cli, db, "articles")
    assert len(articles) == 12
    assert [sorted(a) for a in articles][0] == [
        "duplicate_of",
        "id",
        "input",
        "outlet",
        "published",
        "title",
        "url",
    ]
    ids = {(a["outlet"], a["published"]): a["id"] for a in articles}
    copies = [(a["outlet"], a["duplicate_of"]) for a in articles if a["duplicate_of"]]
    assert copies == [("Eastgate Daily", ids[("Harbor Wire", "2025-03-03")])]


def test_claims_origins_and_grades(cli: click.Group, db: str) -> None:
    claims = run(cli, db, "claims")
    # 15: "Iran has previously acknowledged supplying a small number of drones" is a claim of
    # its own since the stance verbs take a gerund content; "would not say how many
    # instructors were there" reports a question, which is no claim
    assert len(claims) == 15
    assert not [c for c in claims if c["text"].startswith("how many")]
    assert by_text(claims, "supplying a small number of drones to Russia")["origins"] == ["Iran"]
    assert all(sorted(c)[:7] == sorted(c)[:7] for c in claims)
    for c in claims:
        assert {"id", "text", "origins", "outlets", "articles", "credibility", "contradicted_by"} <= set(c)

    arrived = by_text(claims, "About 50 Iranian drone instructors have arrived")  # without the dateline
    denial = by_text(claims, "Iranian drone instructors have arrived in Crimea")
    now150 = by_text(claims, "about 150 Iranian drone instructors are now in Crimea")
    saky = by_text(claims, "the instructors had moved to a third airfield near Saky")
    warn120 = by_text(claims, "as many as 120 Iranian instructors could be sent")
    est200 = by_text(claims, "200 Iranian instructors could eventually be sent")
    belarus = by_text(claims, "Iranian instructors were allegedly seen at an air base in Belarus")

    # six articles repeat "about 50 arrived", but only two independent origins stand behind it
    assert arrived["articles"] == 6
    assert arrived["origins"] == [HUR, "Pentagon"]
    assert arrived["outlets"] == [
        "Harbor Wire",
        "Eastgate Daily",
        "The Meridian Post",
        "Crestview Times",
        "Northline News",
        "Baltic Ledger",
    ]
    # contradicted by a denial: the ministry's, and its minister's ("Rahimi rejected reports that
    # Iranian instructors are in Crimea", read as a denial since stance verbs take a noun-phrase
    # content; the ledger counts the minister as an origin of his own beside his ministry)
    assert arrived["credibility"] == 4
    assert arrived["contradicted_by"] == [denial["id"]]

    assert denial["origins"] == ["Iranian foreign ministry", "Abbas Rahimi"]
    assert denial["credibility"] == 4
    assert denial["contradicted_by"] == sorted([arrived["id"], now150["id"]])

    # "according to The Lantern" is followed back to the agency The Lantern quoted
    assert now150["origins"] == [HUR, UK]
    assert now150["outlets"] == ["The Lantern", "Riverbend Courier", "Pinecrest Herald"]
    assert now150["credibility"] == 4

    assert saky["origins"] == [HUR, UK]
    assert saky["credibility"] == 1
    assert saky["contradicted_by"] == []

    assert (warn120["credibility"], est200["credibility"]) == (4, 4)
    assert warn120["contradicted_by"] == [est200["id"]]
    assert belarus["origins"] == ["anonymous source via Summit Gazette"]
    assert belarus["credibility"] == 6

    assert [c["id"] for c in run(cli, db, "claims", "--grade", "1-2")] == [saky["id"]]
    assert {c["id"] for c in run(cli, db, "claims", "--grade", "6")} == {belarus["id"]}


def test_contradictions(cli: click.Group, db: str) -> None:
    found = run(cli, db, "contradictions")
    kinds = sorted((x["a"]["text"][:40], x["b"]["text"][:40], x["reason"].split(":")[0]) for x in found)
    assert kinds == [
        ("About 50 Iranian drone instructors have ", "Iranian drone instructors have arrived i", "denial"),
        ("about 150 Iranian drone instructors are ", "Iranian drone instructors have arrived i", "denial"),
        ("as many as 120 Iranian instructors could", "200 Iranian instructors could eventually", "estimate"),
    ]
    for x in found:
        assert {"id", "text", "origins", "outlets", "articles", "credibility", "contradicted_by"} <= set(
            x["a"]
        )


def test_estimate_series(cli: click.Group, db: str) -> None:
    rows = run(cli, db, "estimates", "Iranian instructors")
    assert [sorted(r)[:9] for r in rows][0] == sorted(r for r in rows[0])[:9]
    series = [(r["published"], r["value"], r["low"], r["high"], r["qualifier"], r["origin"]) for r in rows]
    assert series == [
        ("2025-03-03", 50, None, None, "approximate", HUR),
        ("2025-03-03", 50, None, None, "approximate", HUR),
        ("2025-03-04", 40, 40, None, "lower_bound", "Pentagon"),
        ("2025-03-04", 50, None, None, "approximate", HUR),
        ("2025-03-05", 50, None, None, "approximate", HUR),
        ("2025-03-06", 120, None, 120, "upper_bound", "Volodymyr Zelensky"),
        ("2025-03-06", 50, None, None, "approximate", HUR),
        ("2025-03-07", 200, None, None, "exact", "Caspian Security Institute"),
        ("2025-03-12", 150, None, None, "approximate", HUR),
        ("2025-03-13", 150, None, None, "approximate", HUR),
        ("2025-03-17", 100, 100, None, "lower_bound", UK),
    ]
    assert {
        "value",
        "low",
        "high",
        "qualifier",
        "thing",
        "source",
        "origin",
        "published",
        "article_id",
    } <= set(rows[0])
    # the same rows as CSV, and a terminal table with a chart
    csv_out = CliRunner().invoke(
        cli, ["estimates", "Iranian drone instructors", "--db", db, "--format", "csv"]
    )
    assert csv_out.exit_code == 0
    assert csv_out.output.splitlines()[0].startswith(
        "value,low,high,qualifier,thing,source,origin,published,article_id"
    )
    assert len(csv_out.output.splitlines()) == 12
    text = CliRunner().invoke(cli, ["estimates", "Iranian instructors", "--db", db])
    assert "●" in text.output and "Caspian Security Institute" in text.output


def test_sources_grades_and_claim_show(cli: click.Group, db: str) -> None:
    sources = {s["name"]: s for s in run(cli, db, "sources")}
    assert sources[HUR]["grade"] == "F"
    assert (sources[HUR]["origin_of"], sources[HUR]["corroborated"], sources[HUR]["contradicted"]) == (
        4,
        3,
        2,
    )
    assert sources[HUR]["suggested_grade"] == "D"  # suggested, never applied
    assert sources["Pentagon"]["suggested_grade"] == "F"
    rated = CliRunner().invoke(cli, ["source", "rate", "Ukraine's military intelligence", "B", "--db", db])
    assert rated.exit_code == 0 and rated.output.strip() == f"{HUR}: B"
    assert {s["name"]: s for s in run(cli, db, "sources")}[HUR]["grade"] == "B"

    claims = run(cli, db, "claims", "--search", "Saky airfield")
    assert [c["text"][:30] for c in claims] == ["the instructors had moved to a"]
    shown = CliRunner().invoke(cli, ["claim", "show", claims[0]["id"], "--db", db])
    assert shown.exit_code == 0
    assert "credibility: 1 (Confirmed by other sources)" in shown.output
    assert "rule 1: confirmed by independent origins, not contradicted" in shown.output
    missing = CliRunner().invoke(cli, ["claim", "show", "cnope", "--db", db])
    assert missing.exit_code == 2 and "no claim with id 'cnope'" in missing.output


def test_about_source_and_since_filters(cli: click.Group, db: str) -> None:
    by_zelensky = run(cli, db, "claims", "--source", "Zelensky")
    assert len(by_zelensky) == 2
    about_belarus = run(cli, db, "claims", "--about", "Belarus")
    assert [c["text"][:25] for c in about_belarus] == ["Iranian instructors were "]
    late = run(cli, db, "claims", "--since", "2025-03-14")
    assert (
        all(c["last_seen"] >= "2025-03-14" for c in late) and len(late) == 5
    )  # "how many instructors were there", a question, is no claim; the denial is seen again on 03-18
    assert len(run(cli, db, "claims", "--limit", "2")) == 2


def test_story_report_in_three_formats(cli: click.Group, db: str, tmp_path: Path) -> None:
    report = run(cli, db, "story", "Iran", "Ukraine")
    assert len(report["claims"]) >= 8
    assert len(report["contradictions"]) == 3
    assert "instructor" in report["estimates"]
    out = tmp_path / "story.html"
    html = CliRunner().invoke(cli, ["story", "Iran", "--db", db, "--format", "html", "-o", str(out)])
    assert html.exit_code == 0
    page = out.read_text()
    assert (
        page.startswith("<!DOCTYPE html>") and "<script" not in page and "http" not in page.split("<body>")[0]
    )
    assert "About 50 Iranian drone instructors" in page
    unknown = CliRunner().invoke(cli, ["story", "Atlantis", "--db", db])
    assert unknown.exit_code == 2 and "no actor named 'Atlantis'" in unknown.output


def test_actor_merge_changes_origins_and_split_restores_them(cli: click.Group, db: str) -> None:
    def saky() -> dict[str, Any]:
        return by_text(run(cli, db, "claims"), "the instructors had moved to a third airfield")

    assert saky()["credibility"] == 1
    merged = CliRunner().invoke(cli, ["actor", "merge", HUR, UK, "--db", db])
    assert merged.exit_code == 0, merged.output
    assert (saky()["origins"], saky()["credibility"]) == ([HUR], 3)
    split = CliRunner().invoke(cli, ["actor", "split", UK, "--db", db])
    assert split.exit_code == 0, split.output
    assert (saky()["origins"], saky()["credibility"]) == ([HUR, UK], 1)


def test_reingest_is_a_no_op(cli: click.Group, db: str) -> None:
    before = run(cli, db, "claims")
    result = CliRunner().invoke(cli, ["ingest", str(CORPUS), "--db", db])
    assert result.exit_code == 0
    assert (
        "ingested 0 new article(s) (0 near-duplicate), 0 copies of stored articles, "
        "12 already stored, 0 failed"
    ) in result.output
    assert run(cli, db, "claims") == before


def test_bad_jsonl_lines_through_the_cli(cli: click.Group, tmp_path: Path) -> None:
    lines = CORPUS.read_text().splitlines()
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join([lines[0], '{"text": ', lines[3], "42"]) + "\n")
    db = tmp_path / "bad.db"
    result = CliRunner().invoke(cli, ["ingest", str(feed), "--db", str(db)])
    assert result.exit_code == 2
    assert f"error: {feed}:2: not valid JSON" in result.output
    assert f"error: {feed}:4: expected a JSON object" in result.output
    assert (
        "ingested 2 new article(s) (0 near-duplicate), 0 copies of stored articles, "
        "0 already stored, 2 failed"
    ) in result.output
