"""Terminal escapes: nothing an article, outlet, title or file name carries reaches a terminal raw.

Under a terminal, `analyze`, `claims` and `articles` once printed an article's escape
sequences as they were (clear the screen, an OSC 8 link, a new window title), tables read
rich markup ("[link=...]") in outlet names, and error lines printed file names raw, so a
name with ESC, BEL and a newline forged an error line of its own. Every command here runs
through the real CLI as under a terminal (``FORCE_COLOR``): after the colour codes rich
writes itself are removed, no control character but newline and tab may remain, and an
error line stays one line.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from claimledger.cli.main import cli
from claimledger.render.terminal import printable

pytestmark = pytest.mark.model

CLEAR = "\x1b[2J\x1b[H"
OSC8 = "\x1b]8;;http://evil.example/\x07click here\x1b]8;;\x07"
TITLE = "\x1b]0;owned\x07"
C1 = "\x9b31m"  # CSI as one C1 character
MARKUP = "[link=http://evil.example/]markup[/link]"
TERMINAL = {"FORCE_COLOR": "1", "TERM": "xterm-256color", "COLUMNS": "200", "NO_COLOR": None}
#: The colour and style codes rich writes itself (SGR); everything else must be gone.
SGR = re.compile(r"\x1b\[[0-9;]*m")
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

TEXT = (
    f"The ministry{CLEAR} said 40 soldiers{OSC8} were killed near Town{TITLE} on Tuesday.\r"
    f"The army said{C1} the report was false, and Reuters said 400 soldiers were killed near Town."
)


def _leftovers(out: str) -> list[str]:
    return CONTROL.findall(SGR.sub("", out))


def _run(*args: str, terminal: bool = True) -> Result:
    res = CliRunner().invoke(cli, list(args), env=TERMINAL if terminal else {})
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    return res


@pytest.fixture(scope="module")
def hostile(nlp, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("terminal")
    src = folder / "hostile.jsonl"
    article = {
        "text": TEXT,
        "outlet": f"Evil{TITLE} Wire {MARKUP}",
        "title": f"Headline{CLEAR}\u202eevil",
        "author": f"A. Writer{C1}",
        "published": "2026-01-01",  # a date is parsed on the way in: no escape can be stored in it
        "url": "https://evil.example/story",
    }
    src.write_text(json.dumps(article) + "\n", encoding="utf-8")
    (folder / "article.txt").write_text(TEXT, encoding="utf-8")
    db = str(folder / "ledger.db")
    res = _run("ingest", str(src), "--db", db)
    assert res.exit_code == 0, res.output
    return folder, db


def test_printable_escapes_controls_and_keeps_text() -> None:
    assert printable("a\x1b[2Jb\x07c\rd\ne\tf\x9bg\u202eh") == "a\\x1b[2Jb\\x07c\\rd\\ne\\tf\\x9bg\\u202eh"
    assert printable("a\nb\tc\x1b", multiline=True) == "a\nb\tc\\x1b"
    assert printable("Zelensky said «нет» 東京 ✓") == "Zelensky said «нет» 東京 ✓"


@pytest.mark.parametrize(
    "args",
    [
        ("articles",),
        ("claims",),
        ("contradictions",),
        ("sources",),
        ("actor", "list"),
        ("estimates", "soldiers"),
        ("story", "Reuters"),
        ("check",),
    ],
    ids=lambda a: "-".join(a),
)
def test_ledger_commands_print_no_raw_control_characters(
    hostile: tuple[Path, str], args: tuple[str, ...]
) -> None:
    _folder, db = hostile
    res = _run(*args, "--db", db)
    assert res.exit_code == 0, res.output
    assert _leftovers(res.output) == []
    assert "\x1b]8" not in res.output  # no hyperlink, from the article or from markup


def test_stored_text_is_shown_escaped_not_dropped(hostile: tuple[Path, str]) -> None:
    _folder, db = hostile
    out = _run("articles", "--db", db).output
    assert "\\x1b]0;owned\\x07" in SGR.sub("", out) and "[link=http://evil.example/]" in out
    claims = _run("claims", "--format", "json", "--db", db)
    first = json.loads(claims.output)["claims"][0]["id"]
    shown = _run("claim", "show", first, "--db", db)
    assert _leftovers(shown.output) == [] and shown.output.count("\n") >= 5
    article = json.loads(_run("articles", "--format", "json", "--db", db).output)["articles"][0]["id"]
    text = _run("article", "show", article, "--db", db)
    assert _leftovers(text.output) == [] and "\\x1b[2J" in text.output


def test_analyze_text_view_prints_no_raw_control_characters(hostile: tuple[Path, str]) -> None:
    folder, _db = hostile
    for color in ("--color", "--no-color"):
        res = _run("analyze", str(folder / "article.txt"), color)
        assert res.exit_code == 0, res.output
        assert _leftovers(res.output) == []
        assert "\\x1b[2J" in SGR.sub("", res.output)


def test_a_file_name_cannot_forge_an_error_line(hostile: tuple[Path, str]) -> None:
    folder, db = hostile
    evil = folder / "x\x1b[2J\x07\nerror: everything is fine.txt"
    evil.write_text("", encoding="utf-8")
    for args in (("analyze", str(evil)), ("ingest", str(evil), "--db", db)):
        res = _run(*args, terminal=False)  # (ingest's progress bar, under a terminal, moves the cursor)
        assert res.exit_code == 2
        errors = [line for line in res.stderr.splitlines() if "error" in line]
        assert len(errors) == 1, res.stderr
        assert _leftovers(res.stderr) == []
        assert "x\\x1b[2J\\x07\\nerror: everything is fine.txt: file is empty" in errors[0]
