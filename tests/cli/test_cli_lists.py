"""The CLI's list commands as a new user meets them (issue 19, items 3 and 11): a text list
stops at a default length and says how many rows are left and how to see them; JSON is
the page the web app's twin answers; claims and articles take a date range, contradictions
the claims' filters.

Over examples/story.jsonl ingested with the real pipeline (15 claims, 3 contradictions).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from click.testing import CliRunner

from claimledger.cli import options
from claimledger.cli.main import cli
from claimledger.ingest.ingest import ingest
from claimledger.store import Store
from ledger_helpers import CORPUS

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = str(tmp_path_factory.mktemp("lists") / "story.db")
    with Store.open(path) as store:
        assert not ingest(store, [str(CORPUS)]).errors
    yield path


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), terminal_width=200)
    assert result.exit_code == 0, result.output
    return result.output


def _json(*args: str) -> Any:
    return json.loads(_run(*args, "--format", "json"))


@pytest.mark.parametrize(
    ("command", "key"),
    [
        (["claims"], "claims"),
        (["articles"], "articles"),
        (["contradictions"], "contradictions"),
        (["sources"], "sources"),
        (["actor", "list"], "actors"),
    ],
)
def test_a_text_list_stops_at_the_default_and_says_how_many_more(
    db: str, command: list[str], key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    total = _json(*command, "--db", db)["page"]["total"]
    assert total > 2, f"the story has {key}"
    monkeypatch.setattr(options, "DEFAULT_LIMIT", 2)
    cut = _run(*command, "--db", db)
    assert f"{total - 2} more: --offset 2 for the next page, --limit 0 for all" in cut
    whole = _run(*command, "--db", db, "--limit", "0")
    assert "more:" not in whole
    last = _run(*command, "--db", db, "--offset", str(total - 2))
    assert "more:" not in last


def test_the_default_is_a_screenful_not_the_ledger() -> None:
    assert options.page_limit(None, "text") == options.DEFAULT_LIMIT == 50
    assert options.page_limit(None, "json") is None  # scripts get every row unless they ask
    assert options.page_limit(0, "text") is None
    assert options.page_limit(7, "json") == 7


@pytest.mark.parametrize(
    ("command", "key"),
    [
        (["claims"], "claims"),
        (["articles"], "articles"),
        (["contradictions"], "contradictions"),
        (["sources"], "sources"),
        (["actor", "list"], "actors"),
    ],
)
def test_list_json_is_the_web_twins_page(db: str, command: list[str], key: str) -> None:
    from fastapi.testclient import TestClient

    from claimledger.web import create_app

    out = _json(*command, "--db", db, "--limit", "2", "--offset", "1")
    assert set(out) == {key, "page"}
    assert out["page"]["offset"] == 1 and out["page"]["limit"] == 2 and out["page"]["shown"] == len(out[key])
    path = {
        "claims": "/claims.json",
        "articles": "/articles.json",
        "contradictions": "/contradictions.json",
        "sources": "/sources.json",
        "actors": "/actors.json",
    }[key]
    with TestClient(create_app(db), base_url="http://127.0.0.1") as client:
        web = client.get(path, params={"limit": 2, "offset": 1}).json()
    assert web["page"] == out["page"]
    ident = (lambda r: (r["a"]["id"], r["b"]["id"])) if key == "contradictions" else (lambda r: r["id"])
    assert [ident(r) for r in web[key]] == [ident(r) for r in out[key]]


def test_claims_take_a_date_range(db: str) -> None:
    every = _json("claims", "--db", db)["claims"]
    days = sorted({c["first_seen"] for c in every if c["first_seen"]})
    assert len(days) >= 3, days
    cut = days[1]
    until = _json("claims", "--db", db, "--until", cut)["claims"]
    assert until and all(c["first_seen"] and c["first_seen"] <= cut for c in until)
    assert len(until) < len(every)
    ranged = _json("claims", "--db", db, "--since", cut, "--until", cut)["claims"]
    assert {c["id"] for c in ranged} == {
        c["id"] for c in every if c["first_seen"] and c["first_seen"] <= cut <= (c["last_seen"] or "")
    }
    month = _json("claims", "--db", db, "--until", cut[:7])["claims"]  # the whole month
    assert {c["id"] for c in month} == {c["id"] for c in every if c["first_seen"]}
    bad = CliRunner().invoke(cli, ["claims", "--db", db, "--until", "2025-13-01"])
    assert bad.exit_code == 2 and "--until must be a date like 2025-03-14" in bad.output


def test_articles_filter_by_outlet_and_dates_and_sort_newest_first(db: str) -> None:
    every = _json("articles", "--db", db)["articles"]
    outlet = every[0]["outlet"]
    mine = _json("articles", "--db", db, "--outlet", outlet.upper())["articles"]
    assert mine and {a["outlet"] for a in mine} == {outlet} and len(mine) < len(every)
    days = sorted({a["published"][:10] for a in every if a["published"]})
    since = _json("articles", "--db", db, "--since", days[-1])["articles"]
    assert since and all(a["published"] >= days[-1] for a in since) and len(since) < len(every)
    until = _json("articles", "--db", db, "--until", days[0])["articles"]
    assert until and all(a["published"][:10] <= days[0] for a in until)
    recent = _json("articles", "--db", db, "--sort", "recent")["articles"]
    dated = [a["published"] for a in recent if a["published"]]
    assert dated == sorted(dated, reverse=True) and dated[0] >= days[-1]


def test_contradictions_take_the_claims_filters(db: str) -> None:
    every = _json("contradictions", "--db", db)
    assert every["page"]["total"] == 3
    denials = _json("contradictions", "--db", db, "--about", "Iranian foreign ministry")
    assert denials["page"]["total"] == 2 == len(denials["contradictions"])
    assert all("denial" == x["kind"] for x in denials["contradictions"])
    graded = _json("contradictions", "--db", db, "--grade", "4")
    assert all(4 in (x["a"]["credibility"], x["b"]["credibility"]) for x in graded["contradictions"])
    assert graded["page"]["total"] == len(graded["contradictions"]) >= 2


@pytest.mark.parametrize(
    ("command", "key", "count", "path"),
    [
        (["sources"], "sources", "claims", "/sources.json"),
        (["actor", "list"], "actors", "reports", "/actors.json"),
    ],
)
def test_sources_and_actors_take_outlet_dates_and_grade(
    db: str, command: list[str], key: str, count: str, path: str
) -> None:
    """Neither list took a filter; now the same as the web page, checked the same way."""
    from fastapi.testclient import TestClient

    from claimledger.web import create_app

    every = {r["id"]: r[count] for r in _json(*command, "--db", db)[key]}
    outlet = _json("articles", "--db", db)["articles"][0]["outlet"]
    args = ["--outlet", outlet.lower(), "--since", "2025-03", "--until", "2025-03-10"]
    mine = _json(*command, "--db", db, *args)
    assert 0 < mine["page"]["total"] == len(mine[key]) < len(every)
    assert all(0 < r[count] <= every[r["id"]] for r in mine[key])
    with TestClient(create_app(db), base_url="http://127.0.0.1") as client:
        web = client.get(
            path, params={"outlet": outlet.lower(), "since": "2025-03", "until": "2025-03-10"}
        ).json()
    assert web[key] == mine[key] and web["page"]["total"] == mine["page"]["total"]
    assert _json(*command, "--db", db, "--grade", "A-E")["page"]["total"] == 0
    by_outlet = _json(*command, "--db", db, "--outlet", outlet)["page"]["total"]
    text = _run(*command, "--db", db, "--outlet", outlet, "--limit", "1")
    assert f"1 of {by_outlet:,} {key} (from row 1)" in text and f"{by_outlet - 1:,} more" in text
    for option, value, message in [
        ("--grade", "9", "--grade must be a reliability A-F or a range like A-C, not '9'"),
        ("--since", "2025-13-01", "--since must be a date like 2025-03-14"),
        ("--until", "May", "--until must be a date like 2025-03-14"),
    ]:
        bad = CliRunner().invoke(cli, [*command, "--db", db, option, value])
        assert bad.exit_code == 2 and message in bad.output, bad.output
