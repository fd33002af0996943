"""CLI behaviour without the spaCy model: bad databases fail with one line and exit 2."""

from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from claimledger.cli.main import cli as main_group
from claimledger.ingest.ingest import WRITE_BATCH, ingest
from claimledger.models import ArticleAnalysis, ArticleMeta
from claimledger.store import Store, schema
from claimledger.store.migrations import latest
from ledger_helpers import make_analysis


@pytest.fixture
def cli() -> click.Group:
    return main_group


def one_error_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, output
    assert lines[0].startswith("Error: ")
    return lines[0]


def test_every_command_is_registered_with_help(cli: click.Group) -> None:
    names = {
        "ingest",
        "articles",
        "claims",
        "claim",
        "contradictions",
        "estimates",
        "sources",
        "source",
        "actor",
        "story",
    }
    ctx = click.Context(cli)
    assert names <= set(cli.list_commands(ctx))
    for name in names:
        command = cli.get_command(ctx, name)
        assert command is not None and command.help


def test_db_in_a_missing_folder_fails_with_one_line(cli: click.Group, tmp_path: Path) -> None:
    blocker = tmp_path / "afile"
    blocker.write_text("not a folder")
    result = CliRunner().invoke(cli, ["source", "rate", "Reuters", "B", "--db", str(blocker / "ledger.db")])
    assert result.exit_code == 2
    assert "cannot create database" in one_error_line(result.output)


def test_db_that_is_not_a_database_fails_and_is_not_overwritten(cli: click.Group, tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("my precious notes\n" * 100)
    result = CliRunner().invoke(cli, ["articles", "--db", str(path)])
    assert result.exit_code == 2
    assert "not a database" in one_error_line(result.output)
    assert path.read_text() == "my precious notes\n" * 100


def test_unreachable_postgresql_url_fails_with_one_line(cli: click.Group) -> None:
    result = CliRunner().invoke(cli, ["claims", "--db", "postgresql://nobody:secret@127.0.0.1:1/ledger"])
    assert result.exit_code == 2
    line = one_error_line(result.output)
    assert "cannot open database postgresql+psycopg://nobody:***@127.0.0.1:1/ledger" in line
    assert "secret" not in line


def test_newer_schema_fails_with_one_line_and_keeps_data(cli: click.Group, tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    article = make_analysis("A report that must survive an upgrade mistake.")
    with Store.open(str(db)) as store:
        store.add_analysis(article)
        with store.engine.begin() as conn:
            conn.execute(
                schema.schema_version.insert().values(version=latest() + 1, name="future", applied_at="x")
            )
    result = CliRunner().invoke(cli, ["articles", "--db", str(db)])
    assert result.exit_code == 2
    assert "newer than this claimledger understands" in one_error_line(result.output)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT id FROM articles").fetchall() == [(article.id,)]


def test_env_var_selects_the_database(
    cli: click.Group, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "env.db"
    with Store.open(str(db)) as store:
        store.add_analysis(make_analysis("An article stored through the environment variable."))
    monkeypatch.setenv("CLAIMLEDGER_DB", str(db))
    result = CliRunner().invoke(cli, ["articles", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["articles"]
    assert [sorted(r) for r in rows] == [
        ["duplicate_of", "id", "input", "outlet", "published", "title", "url"]
    ]


def hand_analyzer(items):  # type: ignore[no-untyped-def]
    """Stands in for spaCy here: these tests are about reading and storing, not analysis."""
    for text, meta in items:
        a = make_analysis(text, outlet=meta.outlet or "x", published=meta.published or "2025-01-01")
        yield ArticleAnalysis(a.id, a.text, ArticleMeta(**meta.to_dict()), (), (), ())


def test_ingest_reports_bad_jsonl_lines_and_stores_the_rest(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        "\n".join(
            [
                json.dumps(
                    {"text": "First good article about drones.", "outlet": "A", "published": "2025-03-01"}
                ),
                "{broken",
                json.dumps({"text": "Second good article about drones.", "outlet": "B"}),
                json.dumps({"url": "https://example.org/no-text"}),
                "",
            ]
        )
    )
    with Store.open(str(tmp_path / "l.db")) as store:
        report = ingest(store, [str(feed), str(tmp_path / "missing.txt")], analyzer=hand_analyzer)
        assert report.added == 2
        assert report.errors[0].startswith(f"{feed}:2: not valid JSON")
        assert report.errors[1].startswith(f"{feed}:4: missing or empty 'text'")
        assert "missing.txt" in report.errors[2]
        assert len(report.errors) == 3
        assert {a["outlet"] for a in store.articles()} == {"A", "B"}
        again = ingest(store, [str(feed)], analyzer=hand_analyzer)
        assert (again.added, again.already) == (0, 2)
        assert store.count("articles") == 2


def test_ingest_keeps_whole_articles_when_analysis_breaks(tmp_path: Path) -> None:
    from claimledger.errors import ExtractionError

    def flaky(items):  # type: ignore[no-untyped-def]
        for text, _meta in items:
            if "poison" in text:
                raise ExtractionError("boom")
        yield from hand_analyzer(items)

    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        "\n".join(
            json.dumps({"text": t}) for t in ["alpha article text", "poison article text", "gamma article"]
        )
    )
    with Store.open(str(tmp_path / "l.db")) as store:
        report = ingest(store, [str(feed)], analyzer=flaky)
        assert report.added == 2
        assert len(report.errors) == 1 and "boom" in report.errors[0]
        assert store.count("articles") == 2


def test_a_run_killed_before_the_ledger_rebuild_is_finished_by_the_next(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"text": "One article about drones and airfields.", "outlet": "A"}) + "\n")
    with Store.open(str(tmp_path / "l.db")) as store:
        assert ingest(store, [str(feed)], analyzer=hand_analyzer).ledger is not None
        assert not store.ledger_is_stale()
        # what a killed run leaves: an article committed, the ledger not rebuilt
        text = "A second article, stored just before the kill."
        store.add_analysis(
            make_analysis(
                text,
                atts=[
                    {
                        "source": "A second article",
                        "content": "stored just before the kill",
                        "type": "document",
                    }
                ],
            )
        )
        assert store.ledger_is_stale()
        again = ingest(store, [str(feed)], analyzer=hand_analyzer)
        assert again.added == 0 and again.ledger is not None
        assert not store.ledger_is_stale()


def test_story_html_escapes_article_text(cli: click.Group, tmp_path: Path) -> None:
    text = 'The Pentagon said <script>alert("x")</script> & 40 "instructors" arrived in Crimea.'
    db = str(tmp_path / "l.db")
    with Store.open(db) as store:
        store.add_analysis(
            make_analysis(
                text,
                atts=[
                    {
                        "source": "The Pentagon",
                        "content": '<script>alert("x")</script> & 40 "instructors" arrived',
                    }
                ],
            )
        )
        from claimledger.ledger.build import rebuild

        rebuild(store)
    result = CliRunner().invoke(cli, ["story", "Pentagon", "--db", db, "--format", "html"])
    assert result.exit_code == 0, result.output
    assert "<script" not in result.output
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 40" in result.output
    bad = CliRunner().invoke(cli, ["claims", "--db", db, "--since", "last week"])
    assert bad.exit_code == 2 and "--since must be a date" in one_error_line(bad.output)


def test_ingest_expands_folders_with_text_files_and_jsonl(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "one.txt").write_text("A plain text article about airfields in Crimea.\n")
    (folder / "sub" / "feed.jsonl").write_text(json.dumps({"text": "A JSONL article about drones."}) + "\n")
    with Store.open(str(tmp_path / "l.db")) as store:
        report = ingest(store, [str(folder)], analyzer=hand_analyzer)
        assert (report.added, report.errors) == (2, [])
        assert sorted(Path(a["input"]).name for a in store.articles()) == ["feed.jsonl:1", "one.txt"]


WORDS = (
    "drone airfield crimea kyiv minister report village border convoy satellite engineer factory "
    "missile harbor winter sanction officer training radar battery bridge river night attack supply "
    "depot rail tanker fleet envoy summit ceasefire shelling evacuation hospital power grid outage"
).split()


def test_ingest_stores_in_batches_and_counts_copies_across_and_within_them(tmp_path: Path) -> None:
    rng = random.Random(5)
    texts = [
        " ".join(rng.choice(WORDS) for _ in range(40)) + f" (story {n})." for n in range(2 * WRITE_BATCH)
    ]
    # a copy of the first article (first batch) and of one earlier in the second batch
    b = WRITE_BATCH
    lines = [*texts[: b + 8], texts[0] + " Updated.", texts[b + 3] + " Updated.", *texts[b + 8 :]]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"text": t}) + "\n" for t in lines))
    with Store.open(str(tmp_path / "l.db")) as store:
        report = ingest(store, [str(feed)], analyzer=hand_analyzer)
        assert (report.added, report.duplicates, report.already, report.errors) == (len(lines), 2, 0, [])
        stored = {a["input"]: a for a in store.articles()}
        copies = {line: a["duplicate_of"] for line, a in stored.items() if a["duplicate_of"]}
        assert copies == {
            f"{feed}:{b + 9}": stored[f"{feed}:1"]["id"],
            f"{feed}:{b + 10}": stored[f"{feed}:{b + 4}"]["id"],
        }


def test_ingest_reports_its_start_up_apart_from_its_rate(tmp_path: Path) -> None:
    from claimledger.ingest.ingest import WRITE_BATCH

    feed = tmp_path / "many.jsonl"
    texts = [f"Article {n} says the bridge will reopen." for n in range(70)]
    feed.write_text("\n".join(json.dumps({"text": t, "outlet": "A"}) for t in texts))
    with Store.open(str(tmp_path / "l.db")) as store:
        report = ingest(store, [str(feed)], analyzer=hand_analyzer)
    assert report.added == 70 and report.first_batch == WRITE_BATCH
    assert report.first_batch_at is not None and 0 <= report.first_batch_at <= report.seconds
    assert report.steady_rate > 0
    with Store.open(str(tmp_path / "l.db")) as store:  # nothing new: no batch, no rate
        again = ingest(store, [str(feed)], analyzer=hand_analyzer)
    assert again.first_batch_at is None and again.steady_rate == 0.0


DENIED = "Iranian drone instructors have arrived in Crimea"


@pytest.fixture
def denial_db(tmp_path: Path) -> str:
    """Two articles: the Pentagon asserts a statement, the Iranian foreign ministry denies it."""
    from claimledger.ledger.build import rebuild

    said = f"The Pentagon said {DENIED}."
    denied = f"The Iranian foreign ministry denied that {DENIED}."
    db = str(tmp_path / "denial.db")
    with Store.open(db) as store:
        store.add_analysis(
            make_analysis(said, atts=[{"source": "The Pentagon", "cue": "said", "content": DENIED}])
        )
        store.add_analysis(
            make_analysis(
                denied,
                outlet="Northline News",
                published="2025-03-05",
                atts=[
                    {
                        "source": "The Iranian foreign ministry",
                        "cue": "denied",
                        "hedge": "denied",
                        "hedge_kind": "denial",
                        "content": DENIED,
                    }
                ],
            )
        )
        rebuild(store)
    return db


def _claims_json(cli: click.Group, db: str, *args: str) -> list[dict[str, object]]:
    result = CliRunner().invoke(cli, ["claims", "--db", db, "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return list(json.loads(result.output)["claims"])


def test_claims_filter_by_polarity(cli: click.Group, denial_db: str) -> None:
    every = _claims_json(cli, denial_db)
    denials = _claims_json(cli, denial_db, "--polarity", "negative")
    assertions = _claims_json(cli, denial_db, "--polarity", "positive")
    assert [c["polarity"] for c in denials] == ["negative"]
    assert [c["polarity"] for c in assertions] == ["positive"]
    assert {c["id"] for c in denials + assertions} == {c["id"] for c in every}
    assert denials[0]["reads"] == f"denies: {DENIED}" and assertions[0]["reads"] == DENIED
    bad = CliRunner().invoke(cli, ["claims", "--db", denial_db, "--polarity", "maybe"])
    assert bad.exit_code == 2 and "--polarity" in bad.output


def test_a_denial_reads_as_a_denial_in_the_cli(cli: click.Group, denial_db: str) -> None:
    (denial,) = _claims_json(cli, denial_db, "--polarity", "negative")
    (assertion,) = _claims_json(cli, denial_db, "--polarity", "positive")
    table = CliRunner().invoke(cli, ["claims", "--db", denial_db])
    assert table.exit_code == 0, table.output
    (row,) = [line for line in table.output.splitlines() if "✗ denies:" in line]  # the text may wrap
    assert row.startswith(f"│ {denial['id']} ")
    show = CliRunner().invoke(cli, ["claim", "show", str(denial["id"]), "--db", denial_db])
    lines = show.output.splitlines()
    assert lines[0] == f"{denial['id']}: ✗ denies: {DENIED}"
    assert lines[1] == "a denial by Iranian foreign ministry; the grade is of the denial"
    plain = CliRunner().invoke(cli, ["claim", "show", str(assertion["id"]), "--db", denial_db])
    assert plain.output.splitlines()[0] == f"{assertion['id']}: {DENIED}"
    text = CliRunner().invoke(cli, ["story", "Pentagon", "Iranian foreign ministry", "--db", denial_db])
    assert f"{denial['id']}  ✗ denies: {DENIED}" in text.output
    assert f"{assertion['id']}  {DENIED}" in text.output
    html = CliRunner().invoke(
        cli, ["story", "Pentagon", "Iranian foreign ministry", "--db", denial_db, "--format", "html"]
    )
    assert f'<td><span class="denial">✗ denies:</span> {DENIED}' in html.output
    assert html.output.count("✗ denies:") == 1


def test_estimates_csv_and_json_keep_the_bounds_of_an_approximate_figure(
    cli: click.Group, tmp_path: Path
) -> None:
    from claimledger.ledger.build import rebuild

    text = "The Pentagon said about 50 Iranian instructors arrived in Crimea."
    db = str(tmp_path / "about.db")
    att = {
        "source": "The Pentagon",
        "cue": "said",
        "content": "about 50 Iranian instructors arrived in Crimea",
        "quantity": "about 50 Iranian instructors",
        "q": (50.0, None, None, "approximate", "instructors"),
    }
    with Store.open(db) as store:
        store.add_analysis(make_analysis(text, atts=[att]))
        rebuild(store)
    as_json = CliRunner().invoke(cli, ["estimates", "Iranian instructors", "--db", db, "--format", "json"])
    (row,) = json.loads(as_json.output)
    assert (row["value"], row["low"], row["high"]) == (50, None, None)
    assert (row["bound_low"], row["bound_high"], row["bounds"]) == (45, 55, "45-55")
    as_csv = CliRunner().invoke(cli, ["estimates", "Iranian instructors", "--db", db, "--format", "csv"])
    header, line = as_csv.output.splitlines()
    cells = dict(zip(header.split(","), line.split(","), strict=True))
    assert (cells["bound_low"], cells["bound_high"], cells["bounds"]) == ("45", "55", "45-55")


def test_the_estimates_csv_does_not_run_in_a_spreadsheet() -> None:
    import csv
    import io

    from claimledger.export.tabular import estimates_csv

    row = {"value": 5, "qualifier": "exact", "source": '=HYPERLINK("http://evil.example")', "text": "+5 men"}
    (out,) = csv.DictReader(io.StringIO(estimates_csv([row])))
    assert out["source"] == "'" + row["source"] and out["text"] == "'+5 men" and out["value"] == "5"


def test_the_cli_shows_each_claims_admiralty_code(cli: click.Group, denial_db: str) -> None:
    rated = CliRunner().invoke(cli, ["source", "rate", "Pentagon", "B", "--db", denial_db])
    assert rated.exit_code == 0, rated.output
    (denial,) = _claims_json(cli, denial_db, "--polarity", "negative")
    (assertion,) = _claims_json(cli, denial_db, "--polarity", "positive")
    assert assertion["admiralty"] == f"B{assertion['credibility']}"
    assert denial["admiralty"] == f"F{denial['credibility']}"  # the ministry is unrated
    table = CliRunner().invoke(cli, ["claims", "--db", denial_db]).output
    assert f"│ {assertion['id']} │ {assertion['admiralty']} " in table
    assert f"│ {denial['id']} │ {denial['admiralty']} " in table
    show = CliRunner().invoke(cli, ["claim", "show", str(assertion["id"]), "--db", denial_db]).output
    assert (
        f"admiralty: {assertion['admiralty']} (source B: Usually reliable; "
        f"information {assertion['credibility']}: {assertion['credibility_label']})" in show.splitlines()
    )
