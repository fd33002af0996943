"""`claimledger analyze` as a user runs it: formats, outputs, stdin, and bad input."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimledger.cli.main import cli

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "frontline-report.txt"
SHORT = 'The mayor said the bridge would reopen in May. "We have no other route," she added.\n'


@pytest.fixture()
def runner(nlp) -> CliRunner:  # type: ignore[no-untyped-def]
    return CliRunner()


def invoke(runner: CliRunner, *args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(cli, list(args), input=input, catch_exceptions=False)


def test_json_follows_the_contract(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(SHORT)
    res = invoke(runner, "analyze", str(src), "--format", "json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert {"id", "text", "attributions", "quantities", "hedges", "profile", "statements"} <= set(data)
    first = data["attributions"][0]
    assert first["source"]["text"] == "The mayor" and first["cue"]["text"] == "said"
    assert data["text"][first["content"]["start"] : first["content"]["end"]] == first["content"]["text"]
    assert first["direct_quote"] is False and first["source_type"] in (
        "anonymous",
        "organization",
        "unnamed_group",
    )
    second = data["attributions"][1]
    assert (
        second["direct_quote"] is True
        and second["source_resolved"] is None
        or second["source"]["text"] == "she"
    )


def test_text_view_groups_by_source(runner: CliRunner) -> None:
    res = invoke(runner, "analyze", str(EXAMPLE))
    assert res.exit_code == 0
    out = res.stdout
    assert "Sourcing profile" in out and "Marta Kovalenko" in out
    assert "via Reuters" in out
    assert "(upper_bound)" in out and "[denial: denied]" in out


def test_stdin(runner: CliRunner) -> None:
    res = invoke(runner, "analyze", "-", "--format", "jsonl", input=SHORT)
    assert res.exit_code == 0
    (line,) = res.stdout.splitlines()
    assert json.loads(line)["input"] == "-"


def test_several_inputs_jsonl_to_a_file(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "one.txt").write_text(SHORT)
    (tmp_path / "in" / "two.txt").write_text("Police said the road was closed after the storm.\n")
    out = tmp_path / "all.jsonl"
    res = invoke(runner, "analyze", str(tmp_path / "in"), "--format", "jsonl", "-o", str(out))
    assert res.exit_code == 0
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert [Path(r["input"]).name for r in rows] == ["one.txt", "two.txt"]


def test_several_inputs_html_to_a_folder(runner: CliRunner, tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(SHORT)
    b.write_text("Police said the road was closed after the storm.\n")
    res = invoke(runner, "analyze", str(a), str(b), "--format", "html", "-o", str(tmp_path / "pages"))
    assert res.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "pages").iterdir()) == ["a.html", "b.html"]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts = 0
        self.handlers: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts += 1
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(name)
            if name in ("src", "href") and value and value.startswith(("http:", "https:", "//")):
                self.external.append(value)


def test_html_escapes_hostile_article_text(runner: CliRunner, tmp_path: Path) -> None:
    hostile = tmp_path / "x.txt"
    hostile.write_text(
        'The minister said <script>alert(1)</script> was "not acceptable" and '
        '" onmouseover="alert(2) happened.\nPolice said <img src=x onerror=alert(3)> was found.\n'
    )
    out = tmp_path / "x.html"
    res = invoke(runner, "analyze", str(hostile), "--format", "html", "-o", str(out))
    assert res.exit_code == 0
    page = out.read_text()
    tags = _Tags()
    tags.feed(page)
    assert tags.scripts == 0 and tags.handlers == [] and tags.external == []
    assert "<script>alert(1)</script>" not in page
    assert "alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page


BAD_INPUTS = {
    "empty.txt": (b"", "file is empty"),
    "binary.txt": (b"\x00\x01\x02PNG\x00" * 100, "looks binary"),
    "latin1.txt": ("Caf\u00e9 owners said prices rose.".encode("latin-1"), "not valid UTF-8"),
    "nobody.html": (
        b"<html><head><title>x</title></head><body><nav>Home | About</nav></body></html>",
        "no article body",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_is_one_line_and_exit_2_and_others_go_on(
    runner: CliRunner, tmp_path: Path, name: str
) -> None:
    data, message = BAD_INPUTS[name]
    bad = tmp_path / name
    bad.write_bytes(data)
    good = tmp_path / "good.txt"
    good.write_text(SHORT)
    res = invoke(runner, "analyze", str(bad), str(good), "--format", "jsonl")
    assert res.exit_code == 2
    errors = [line for line in res.stderr.splitlines() if "error" in line]
    assert len(errors) == 1 and str(bad) in errors[0] and message in errors[0]
    assert "1 analyzed, 1 failed" in res.stderr
    assert len(res.stdout.splitlines()) == 1 and json.loads(res.stdout)["input"] == str(good)


def test_huge_file_missing_path_and_empty_folder(runner: CliRunner, tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    empty_dir = tmp_path / "nothing"
    empty_dir.mkdir()
    res = invoke(
        runner, "analyze", str(huge), str(tmp_path / "missing.txt"), str(empty_dir), "--format", "jsonl"
    )
    assert res.exit_code == 2
    err = res.stderr
    assert f"{huge}: file is 52,428,800 bytes, over" in err
    assert f"{tmp_path / 'missing.txt'}: no such file or directory" in err
    assert f"{empty_dir}: directory holds no article files" in err
    assert "0 analyzed, 3 failed" in err


def test_fail_fast_stops_at_the_first_error(runner: CliRunner, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(SHORT)
    res = invoke(
        runner, "analyze", str(tmp_path / "missing.txt"), str(good), "--fail-fast", "--format", "jsonl"
    )
    assert res.exit_code == 2 and res.stdout == ""


def test_html_input_gives_text_and_metadata(runner: CliRunner, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    body = " ".join(["The harbour master said the port would stay closed until Friday."] * 3)
    page.write_text(
        "<html><head><title>Port closed</title><meta name='author' content='Jo Reed'>"
        "<link rel='canonical' href='https://example.org/port'></head>"
        f"<body><article><h1>Port closed</h1><p>{body}</p><p>Ships were told to wait offshore.</p>"
        "</article></body></html>"
    )
    res = invoke(runner, "analyze", str(page), "--format", "json")
    assert res.exit_code == 0
    data = json.loads(res.stdout)
    assert data["title"] == "Port closed" and data["author"] == "Jo Reed"
    assert data["url"] == "https://example.org/port"
    assert any(a["cue"]["text"] == "said" for a in data["attributions"])


def test_real_process_exit_code_and_stderr(tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "claimledger"
    proc = subprocess.run(
        [str(exe), "analyze", str(tmp_path / "nope.txt")], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 2
    assert (
        proc.stderr.splitlines()[0]
        == f"claimledger: error: {tmp_path / 'nope.txt'}: no such file or directory"
    )


def test_text_view_lists_the_authors_own_statements(runner: CliRunner) -> None:
    res = invoke(runner, "analyze", str(EXAMPLE))
    assert "The author's own assertions" in res.stdout
    assert "could not be independently verified" in res.stdout


def test_time_budget_option_stops_one_article_and_goes_on(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(SHORT)
    res = invoke(runner, "analyze", str(src), "--time-budget", "0.000001")
    assert res.exit_code == 2
    assert f"{src}: analysis ran over its 1e-06-second time budget per article" in res.stderr
    res = invoke(runner, "analyze", str(src), "--time-budget", "0", "--format", "json")
    assert res.exit_code == 0 and json.loads(res.stdout)["attributions"]  # 0: no limit


def test_ingest_time_budget_reports_the_article_and_stores_nothing_half_done(
    runner: CliRunner, tmp_path: Path
) -> None:
    src, db = tmp_path / "a.txt", tmp_path / "l.db"
    src.write_text(SHORT)
    res = invoke(runner, "ingest", str(src), "--db", str(db), "--time-budget", "0.000001")
    assert res.exit_code == 2
    assert "time budget" in res.stderr and str(src) in res.stderr
    assert "ingested 0 new article(s)" in res.stdout and "1 failed" in res.stdout
    res = invoke(runner, "ingest", str(src), "--db", str(db))  # the rerun stores it whole
    assert res.exit_code == 0, res.output
    assert "ingested 1 new article(s)" in res.stdout


def test_jsonl_is_read_a_line_an_article_as_ingest_reads_it(runner: CliRunner, tmp_path: Path) -> None:
    """``analyze x.jsonl`` once analysed the raw JSON as the text of one article."""
    folder = tmp_path / "dump"
    folder.mkdir()
    lines = [
        {"text": SHORT.strip(), "outlet": "Harbor Wire", "published": "May 3, 2016"},
        {"text": "Police said the road was closed after the storm.", "published": "yesterday"},
        {"text": "Officials said the port was shut.", "published": "2016-13-45"},
    ]
    src = folder / "news.jsonl"
    src.write_text("".join(json.dumps(line) + "\n" for line in lines))
    for target in (src, folder):  # the file, and a folder holding only .jsonl
        res = invoke(runner, "analyze", str(target), "--format", "jsonl")
        assert res.exit_code == 2, res.output
        rows = [json.loads(x) for x in res.stdout.splitlines()]
        assert [r["input"] for r in rows] == [f"{src}:1", f"{src}:2"]
        assert rows[0]["text"] == SHORT.strip() and rows[0]["outlet"] == "Harbor Wire"
        assert (rows[0]["published"], rows[0]["published_text"]) == ("2016-05-03", "May 3, 2016")
        assert rows[1]["published"] is None and rows[1]["published_text"] == "yesterday"
        assert f"warning: {src}:2: published: 'yesterday' is relative" in res.stderr
        assert f"error: {src}:3: published: '2016-13-45' is not a real date" in res.stderr
        assert "2 analyzed, 1 failed" in res.stderr
    html = invoke(runner, "analyze", str(src), "--format", "html", "-o", str(tmp_path / "pages"))
    assert sorted(p.name for p in (tmp_path / "pages").iterdir()) == ["news-1.html", "news-2.html"], (
        html.output
    )


def test_csv_rows_and_front_matter_are_articles(runner: CliRunner, tmp_path: Path) -> None:
    table = tmp_path / "news.csv"
    with table.open("w", newline="", encoding="utf-8") as f:  # the quotes in SHORT doubled
        csv.writer(f).writerows([["text", "outlet", "title"], [SHORT.strip(), "Harbor Wire", "Bridge"]])
    page = tmp_path / "story.txt"
    page.write_text(f"---\noutlet: Quayside Bulletin\npublished: 3 May 2016\n---\n{SHORT}")
    res = invoke(runner, "analyze", str(table), str(page), "--format", "jsonl")
    assert res.exit_code == 0, res.output
    rows = [json.loads(x) for x in res.stdout.splitlines()]
    assert [(r["input"], r["outlet"]) for r in rows] == [
        (f"{table}:2", "Harbor Wire"),
        (str(page), "Quayside Bulletin"),
    ]
    assert rows[1]["text"] == SHORT.strip() and rows[1]["published"] == "2016-05-03"
    assert rows[0]["attributions"][0]["source"]["text"] == "The mayor"
