"""docs/web.md documents every route and both commands; the commands have help with an example."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from fastapi.testclient import TestClient

from claimledger.cli.main import cli

DOC = Path(__file__).resolve().parents[2] / "docs" / "web.md"


def test_every_openapi_path_is_documented(hostile_client: TestClient) -> None:
    text = DOC.read_text(encoding="utf-8")
    for path in hostile_client.get("/openapi.json").json()["paths"]:
        assert f"`{path}`" in text, f"{path} is missing from docs/web.md"


def test_every_export_format_is_documented() -> None:
    from claimledger.export import FORMATS

    text = DOC.read_text(encoding="utf-8")
    for fmt in FORMATS:
        assert re.search(rf"`{fmt}`", text), fmt


def test_commands_have_help_with_an_example() -> None:
    for name in ("serve", "export"):
        r = CliRunner().invoke(cli, [name, "--help"])
        assert r.exit_code == 0 and "Example:" in r.output, name


def test_serve_refuses_a_public_host_without_a_token(monkeypatch: object) -> None:
    r = CliRunner(env={"CLAIMLEDGER_TOKEN": ""}).invoke(cli, ["serve", "--host", "0.0.0.0", "--port", "1"])
    assert r.exit_code == 2 and "CLAIMLEDGER_TOKEN" in r.output
