"""A store on a read-only file, folder or mount can be read (issue 20, item 14).

Tests run as root here, and chmod does not stop root from writing; so the store is made
read-only with chmod (file 0444, folder 0555, both owned by the user running the test) and
the commands run in a subprocess that, under root, has lost the capabilities that let root
ignore permissions (``setpriv --bounding-set=-dac_override,...``): for it the permissions are
real, as they are for an ordinary user, whom chmod alone stops. That is as close to a
read-only mount as the test machine allows (no mount namespaces, no chattr, and the
interpreter lives where ``nobody`` may not read): SQLite and ``os.access`` see the same
"may not write" either way. In-process, ``Store.open(read_only=True)`` is
checked to write nothing at all, byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimledger.errors import StorageError
from claimledger.ledger.build import rebuild
from claimledger.store import Store
from ledger_helpers import make_analysis

SRC = Path(__file__).resolve().parents[2] / "src"
#: Under root, what lets it write where permissions say no.
DROP_CAPS = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"]


def _build(db: Path) -> None:
    said = "The Pentagon said Iranian drone instructors have arrived in Crimea."
    with Store.open(str(db)) as store:
        store.add_analysis(
            make_analysis(
                said,
                atts=[
                    {
                        "source": "The Pentagon",
                        "cue": "said",
                        "content": "Iranian drone instructors have arrived in Crimea",
                    }
                ],
            )
        )
        rebuild(store)


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture
def read_only_store() -> Iterator[Path]:
    """A built store in a folder nobody may write (file 0444, folder 0555), readable by all."""
    top = Path(tempfile.mkdtemp(prefix="cl-ro-"))
    folder = top / "mount"
    folder.mkdir()
    db = folder / "ledger.db"
    _build(db)
    top.chmod(0o755)
    db.chmod(0o444)
    folder.chmod(0o555)
    try:
        yield db
    finally:
        folder.chmod(0o755)
        shutil.rmtree(top)


def _run_unprivileged(code: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh Python for which the chmod is real."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin"), "PYTHONPATH": str(SRC), "HOME": str(cwd)}
    prefix: list[str] = []
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: a chmod cannot make a file read-only")
        prefix = DROP_CAPS
    return subprocess.run(
        [*prefix, sys.executable, "-B", "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
        check=False,
    )


CLI = "import sys; from claimledger.cli.main import main; sys.argv[0] = 'claimledger'; main()"


def test_reads_work_on_a_store_that_cannot_be_written(read_only_store: Path) -> None:
    folder = read_only_store.parent
    before = _digest(folder)
    db = str(read_only_store)

    claims = _run_unprivileged(CLI, "claims", "--db", db, "--format", "json", cwd=folder)
    assert claims.returncode == 0, claims.stderr
    assert [c["text"] for c in json.loads(claims.stdout)["claims"]] == [
        "Iranian drone instructors have arrived in Crimea"
    ]

    check = _run_unprivileged(CLI, "check", "--db", db, cwd=folder)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "ok: 1 article(s) checked" in check.stdout
    assert "not checked (the store is open read-only)" in check.stdout

    export = _run_unprivileged(CLI, "export", "--db", db, "--format", "json", cwd=folder)
    assert export.returncode == 0, export.stderr
    assert "Iranian drone instructors" in export.stdout

    serve = _run_unprivileged(
        "import sys; from fastapi.testclient import TestClient; from claimledger.web.app import create_app\n"
        "with TestClient(create_app(sys.argv[1]), base_url='http://127.0.0.1') as c:\n"
        "    r = c.get('/claims.json'); print(r.status_code); print(r.text)\n",
        db,
        cwd=folder,
    )
    assert serve.returncode == 0, serve.stderr
    status, body = serve.stdout.split("\n", 1)
    assert status == "200", serve.stdout
    assert "Iranian drone instructors" in body

    assert _digest(folder) == before, "a read wrote to the store or left files beside it"


def test_a_write_to_a_read_only_store_is_one_line(read_only_store: Path) -> None:
    result = _run_unprivileged(
        CLI, "source", "rate", "The Pentagon", "B", "--db", str(read_only_store), cwd=read_only_store.parent
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr


def test_a_read_only_store_that_needs_migrating_says_so_in_one_line() -> None:
    top = Path(tempfile.mkdtemp(prefix="cl-ro-"))
    try:
        db = top / "old.db"
        _build(db)
        with sqlite3.connect(db) as conn:  # as an older claimledger left it
            conn.execute(
                "DELETE FROM claimledger_schema WHERE version = (SELECT max(version) FROM claimledger_schema)"
            )
        top.chmod(0o555)
        db.chmod(0o444)
        result = _run_unprivileged(CLI, "claims", "--db", str(db), cwd=top)
        assert result.returncode == 2
        (line,) = result.stderr.strip().splitlines()
        assert line.startswith(f"Error: {db}: the store needs migrating from schema version ")
        assert "read-only here" in line
    finally:
        top.chmod(0o755)
        shutil.rmtree(top)


def test_read_only_open_reads_and_never_writes(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    _build(db)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    with Store.open(str(db), read_only=True) as store:
        assert store.read_only
        assert store.count("articles") == 1
        with pytest.raises(StorageError, match="readonly"):
            store.actors.set_grade("The Pentagon", "B")
    # (a WAL reader may leave an empty -wal and its -shm index beside the file: not the store)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_read_commands_leave_a_writable_store_as_they_found_it(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from claimledger.cli.main import cli

    db = tmp_path / "ledger.db"
    _build(db)
    before = _digest(tmp_path)
    for args in (["claims"], ["check"], ["export", "--format", "json"]):
        result = CliRunner().invoke(cli, [*args, "--db", str(db)])
        assert result.exit_code == 0, result.output
    assert _digest(tmp_path) == before


def test_a_writable_store_that_needs_migrating_is_migrated_by_a_read(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from claimledger.cli.main import cli
    from claimledger.store.migrations import latest

    db = tmp_path / "old.db"
    _build(db)
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM claimledger_schema WHERE version = ?", (latest(),))
    result = CliRunner().invoke(cli, ["claims", "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    with Store.open(str(db), read_only=True) as store:
        assert store.schema_version() == latest()
