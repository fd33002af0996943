"""CSV formula injection: no cell that claimledger writes starts a spreadsheet formula.

``export --format csv`` neutralised cells starting with ``= + - @``, a tab or a carriage
return; ``estimates --format csv`` wrote outlets such as ``+HYPERLINK(...)`` and dates
such as ``-2+3+cmd|...`` raw. Both now go through one writer (``export.tabular.write_csv``),
tested here through the real CLI on a SQLite store filled by ``ingest``. A date is now read
on the way in, so a formula in ``published`` is refused as no date before it is stored.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimledger.cli.main import cli
from claimledger.export.tabular import write_csv

SRC = Path(__file__).resolve().parents[2] / "src" / "claimledger"
FORMULA = ("=", "+", "-", "@", "\t", "\r")
OUTLETS = (
    "=1+1",
    '+HYPERLINK("http://evil.example","click")',
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
)
DATE = "-2+3+cmd|' /C calc'!A0"


def _cells(out: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(out, newline="")))


def _unsafe(value: str) -> bool:
    """Text a spreadsheet would evaluate (a plain number, negative or not, is only a number)."""
    try:
        float(value)
    except ValueError:
        return value.startswith(FORMULA)
    return False


@pytest.fixture(scope="module")
def db(nlp, tmp_path_factory: pytest.TempPathFactory) -> str:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("csv")
    src = folder / "hostile.jsonl"
    src.write_text(
        "".join(
            json.dumps(
                {
                    "text": f"The ministry said {40 + i} soldiers were killed near Town {i} on Tuesday.",
                    "outlet": outlet,
                    "published": "2026-01-0" + str(i + 1),
                    "title": '=HYPERLINK("http://evil.example")',
                }
            )
            + "\n"
            for i, outlet in enumerate(OUTLETS)
        ),
        encoding="utf-8",
    )
    path = str(folder / "ledger.db")
    res = CliRunner().invoke(cli, ["ingest", str(src), "--db", path])
    assert res.exit_code == 0, res.output
    return path


@pytest.mark.model
@pytest.mark.parametrize(
    "args",
    [("estimates", "soldiers", "--format", "csv"), ("export", "--format", "csv")],
    ids=["estimates", "export"],
)
def test_no_cell_starts_a_formula(db: str, args: tuple[str, ...]) -> None:
    res = CliRunner().invoke(cli, [*args, "--db", db])
    assert res.exit_code == 0, res.output
    rows = _cells(res.output)
    assert len(rows) == len(OUTLETS)
    bad = [(k, v) for r in rows for k, v in r.items() if _unsafe(v)]
    assert bad == []
    hostile = {v for r in rows for v in r.values() if v.startswith("'")}
    assert hostile, "the hostile cells are written, neutralised"


@pytest.mark.model
def test_estimates_neutralise_outlets_and_dates_as_export_does(db: str, tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["estimates", "soldiers", "--format", "csv", "--db", db])
    rows = _cells(res.output)
    assert sorted(r["outlet"] for r in rows) == sorted("'" + o for o in OUTLETS)
    assert {r["value"] for r in rows} == {str(40 + i) for i in range(len(OUTLETS))}
    # a formula where a date belongs is no date: the line is refused, nothing of it stored
    src = tmp_path / "date.jsonl"
    src.write_text(json.dumps({"text": "The ministry said 9 soldiers left.", "published": DATE}) + "\n")
    refused = CliRunner().invoke(cli, ["ingest", str(src), "--db", db])
    assert refused.exit_code == 2 and "is not a date" in refused.output


def test_numbers_stay_numbers_and_text_is_neutralised() -> None:
    out = write_csv(("a", "b", "c", "d"), [[-5, -2.5, "-5", None], [0, "@x", ["=a", "b"], True]])
    assert _cells(out) == [
        {"a": "-5", "b": "-2.5", "c": "'-5", "d": ""},
        {"a": "0", "b": "'@x", "c": "'=a; b", "d": "True"},
    ]


def test_there_is_one_csv_writer() -> None:
    """Only the one writer writes CSV (ingest may read CSV input; it writes none)."""
    writers = sorted(
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if any(w in p.read_text(encoding="utf-8") for w in ("csv.writer", "csv.DictWriter"))
    )
    assert writers == ["export/tabular.py"]
