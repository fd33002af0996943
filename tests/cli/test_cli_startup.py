"""The CLI starts fast and reads the same everywhere (issue 19, item 11).

Start-up is checked by what is imported, not by a clock: ``--help`` must load no command
module and none of the heavy libraries, and a query loads the store, not the analysis,
the web app or the exporters. Measured on the 2-core test machine (``python -X importtime``
and ``time``, warm cache): ``--help`` went from 1.0 s to 0.07 s, ``claims --limit 1`` on a
small store from 1.0 s to 0.38 s (3.2 s and 0.75 s cold).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from claimledger.cli.main import COMMANDS, cli
from claimledger.ledger.build import rebuild
from claimledger.store import Store
from ledger_helpers import make_analysis

SRC = Path(__file__).resolve().parents[2] / "src"
HEAVY = (
    "spacy",
    "dask",
    "distributed",
    "fastapi",
    "starlette",
    "uvicorn",
    "sqlalchemy",
    "httpx",
    "stix2",
    "networkx",
    "numpy",
    "trafilatura",
    "jinja2",
    "rich",
)


def _imported_after(code: str, *args: str) -> set[str]:
    """The top-level packages in sys.modules after ``code`` ran in a fresh interpreter."""
    probe = (
        f"import sys\nsys.argv = ['claimledger', *{list(args)!r}]\n{code}\n"
        "import json\nprint(json.dumps(sorted({m.split('.')[0] for m in sys.modules})), file=sys.stderr)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"},
        timeout=120,
        check=False,
    )
    return set(json.loads(run.stderr.strip().splitlines()[-1]))


def test_importing_the_cli_loads_no_heavy_library() -> None:
    loaded = _imported_after("import claimledger.cli.main")
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))


def test_help_lists_every_command_without_loading_one() -> None:
    code = (
        "from claimledger.cli.main import cli\n"
        "try:\n    cli.main(standalone_mode=False)\nexcept SystemExit:\n    pass\n"
    )
    loaded = _imported_after(code, "--help")
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))
    assert "claimledger" in loaded


def test_a_query_loads_the_store_but_not_analysis_web_or_exporters(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    Store.open(str(db)).close()
    code = "from claimledger.cli.main import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
    loaded = _imported_after(code, "claims", "--limit", "1", "--db", str(db))
    assert "sqlalchemy" in loaded
    assert loaded.isdisjoint(
        {"spacy", "dask", "fastapi", "uvicorn", "httpx", "stix2", "networkx", "numpy"}
    ), sorted(loaded)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_listed_help_is_the_commands_own(name: str) -> None:
    command = cli.get_command(click.Context(cli), name)
    assert command is not None and command.name == name
    own = command.get_short_help_str(limit=10_000)
    assert own == COMMANDS[name][1] or own.startswith(COMMANDS[name][1].rstrip(".")), own


def _leaves(
    command: click.Command, path: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], click.Command]]:
    if isinstance(command, click.Group):
        ctx = click.Context(command)
        return [
            leaf
            for name in command.list_commands(ctx)
            for leaf in _leaves(command.get_command(ctx, name), (*path, name))  # type: ignore[arg-type]
        ]
    return [(path, command)]


def test_every_command_takes_no_color_and_every_option_has_help() -> None:
    leaves = _leaves(cli)
    assert len(leaves) >= 20
    for path, command in leaves:
        options = {o for p in command.params for o in (*p.opts, *p.secondary_opts)}
        assert "--no-color" in options, path
        for p in command.params:
            if isinstance(p, click.Option):
                assert p.help, f"{' '.join(path)} {p.opts[0]} has no help"


@pytest.fixture
def ledger_db(tmp_path: Path) -> str:
    db = str(tmp_path / "l.db")
    with Store.open(db) as store:
        store.add_analysis(
            make_analysis(
                "The Pentagon said drone instructors arrived.",
                atts=[{"source": "The Pentagon", "cue": "said", "content": "drone instructors arrived"}],
            )
        )
        rebuild(store)
    return db


@pytest.mark.parametrize("where", ["before", "after"])
def test_no_color_turns_styles_off_before_or_after_the_command(
    where: str, ledger_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")  # rich styles even into CliRunner's pipe
    styled = CliRunner().invoke(cli, ["claims", "--db", ledger_db])
    assert styled.exit_code == 0, styled.output
    assert "\x1b[" in styled.output
    args = (
        ["--no-color", "claims", "--db", ledger_db]
        if where == "before"
        else ["claims", "--db", ledger_db, "--no-color"]
    )
    plain = CliRunner().invoke(cli, args)
    assert plain.exit_code == 0, plain.output
    assert "\x1b[" not in plain.output
    assert "drone instructors arrived" in plain.output


def test_claim_show_takes_a_unique_id_prefix(ledger_db: str) -> None:
    with Store.open(ledger_db) as store:
        (claim,) = store.claims()
    full = CliRunner().invoke(cli, ["claim", "show", claim["id"], "--db", ledger_db, "--format", "json"])
    short = CliRunner().invoke(cli, ["claim", "show", claim["id"][:4], "--db", ledger_db, "--format", "json"])
    assert full.exit_code == 0 and short.exit_code == 0, short.output
    assert json.loads(short.output) == json.loads(full.output)
    missing = CliRunner().invoke(cli, ["claim", "show", "zzzz", "--db", ledger_db])
    assert missing.exit_code == 2
    assert missing.output.strip() == "Error: no claim with id 'zzzz'; see `claimledger claims`"
