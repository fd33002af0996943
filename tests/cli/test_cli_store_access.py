"""Which commands may create a store: a mistyped ``--db`` must fail, not leave an empty store.

Commands that only read (every list, ``show``, ``story``, ``export``, ``check``, ``serve``) refuse a
missing store with one line and exit 2, and refuse a database that is not ours; commands
that write (``ingest``, ``watch``, ``source rate``, ``actor merge``/``split``) may create it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimledger.cli.main import cli
from claimledger.store import Store

READ_COMMANDS = [
    ["claims"],
    ["claim", "show", "c1"],
    ["contradictions"],
    ["estimates", "troops"],
    ["sources"],
    ["actor", "list"],
    ["articles"],
    ["article", "show", "a1"],
    ["article", "diff", "a1"],
    ["story", "Iran"],
    ["export", "--format", "json"],
    ["check"],
    ["serve", "--port", "1"],  # fails before it listens
]


def one_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, output
    return lines[0]


@pytest.mark.parametrize("args", READ_COMMANDS, ids=lambda a: " ".join(a))
def test_a_read_command_never_creates_a_store(args: list[str], tmp_path: Path) -> None:
    typo = tmp_path / "ledgr.db"
    result = CliRunner().invoke(cli, [*args, "--db", str(typo)])
    assert result.exit_code == 2, result.output
    assert one_line(result.output) == f"Error: {typo}: no such claimledger store"
    assert list(tmp_path.iterdir()) == []


def test_the_default_store_is_not_created_by_a_read_either(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLAIMLEDGER_DB", raising=False)
    result = CliRunner().invoke(cli, ["claims"])
    assert result.exit_code == 2
    assert one_line(result.output).endswith("claimledger.db: no such claimledger store")
    assert not (tmp_path / "claimledger.db").exists()


def test_a_write_command_creates_the_store(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    empty = tmp_path / "inbox"
    empty.mkdir()
    result = CliRunner().invoke(cli, ["ingest", str(empty), "--db", str(db)])
    assert "0 new article(s)" in result.output  # nothing to read there, but the store is made
    result = CliRunner().invoke(cli, ["check", "--db", str(db)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("args", [["check"], ["claims"]])
def test_a_database_that_is_not_ours_is_named_and_left_alone(args: list[str], tmp_path: Path) -> None:
    other = tmp_path / "accounts.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, owner TEXT)")
    before = other.read_bytes()
    result = CliRunner().invoke(cli, [*args, "--db", str(other)])
    assert result.exit_code == 2
    assert one_line(result.output) == f"Error: {other}: not a claimledger store"
    assert other.read_bytes() == before


def test_check_on_a_file_that_is_no_database_fails(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("shopping list\n" * 300)
    result = CliRunner().invoke(cli, ["check", "--db", str(notes)])
    assert result.exit_code == 2
    assert "not a database" in one_line(result.output)
    assert notes.read_text() == "shopping list\n" * 300


def test_check_on_a_real_store_is_ok(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    Store.open(str(db)).close()
    result = CliRunner().invoke(cli, ["check", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "ok: 0 article(s) checked" in result.output


def test_postgresql_without_our_schema_is_not_a_store_for_reads(pg_url: str) -> None:
    from sqlalchemy import create_engine, inspect

    from claimledger.store.database import resolve_url

    for args in (["claims"], ["check"], ["export", "--format", "json"]):
        result = CliRunner().invoke(cli, [*args, "--db", pg_url])
        assert result.exit_code == 2
        assert one_line(result.output).endswith(": not a claimledger store"), result.output
    engine = create_engine(resolve_url(pg_url))
    try:
        with engine.connect() as conn:
            assert inspect(conn).get_table_names() == []
    finally:
        engine.dispose()
