"""GraphML export survives every stored text: no control character breaks the XML.

XML 1.0 cannot hold most C0 control characters or U+FFFE/U+FFFF, and the XML writer
refused them: one form feed in a plain-text article made ``export --format graphml`` end
in a ValueError and ``/export/graphml`` answer 500. Here a store holds every such
character (real ``ingest`` on SQLite) in article text, outlet, source names and claims;
both exports must be well-formed XML that networkx reads back, with each character
written as an escape.
"""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from claimledger.cli.main import cli
from claimledger.export.graphml import xml_text
from claimledger.web import create_app

pytestmark = pytest.mark.model

#: Every character XML 1.0 forbids that a text can carry (tab, newline and CR are allowed).
FORBIDDEN = [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"] + ["\ufffe", "\uffff"]


def _article(i: int, ch: str) -> dict[str, str]:
    return {
        "text": f"The ministry{ch} of Place {i} said {10 + i} soldiers{ch} were killed on Tuesday.",
        "outlet": f"Wire{ch}{i}",
        "title": f"Title{ch}",
    }


@pytest.fixture(scope="module")
def db(nlp, tmp_path_factory: pytest.TempPathFactory) -> str:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("graphml")
    src = folder / "controls.jsonl"
    src.write_text(
        "".join(json.dumps(_article(i, ch)) + "\n" for i, ch in enumerate(FORBIDDEN)), encoding="utf-8"
    )
    path = str(folder / "ledger.db")
    res = CliRunner().invoke(cli, ["ingest", str(src), "--db", path])
    assert res.exit_code == 0, res.output
    return path


def _check(xml: str) -> None:
    ET.fromstring(xml.encode("utf-8"))  # well-formed XML 1.0
    graph = nx.read_graphml(io.BytesIO(xml.encode("utf-8")))
    outlets = sorted(d["label"] for _n, d in graph.nodes(data=True) if d.get("type") == "outlet")
    assert outlets == sorted(xml_text(f"Wire{ch}{i}") for i, ch in enumerate(FORBIDDEN))
    assert "Wire\\x0c" in " ".join(outlets)  # a form feed, written as an escape
    claims = [d["label"] for _n, d in graph.nodes(data=True) if d.get("type") == "claim"]
    assert claims and any("\\x0c" in c for c in claims)


def test_cli_export(db: str, tmp_path: Path) -> None:
    out = tmp_path / "ledger.graphml"
    res = CliRunner().invoke(cli, ["export", "--format", "graphml", "--db", db, "-o", str(out)])
    assert res.exit_code == 0, res.output
    _check(out.read_text(encoding="utf-8"))


def test_web_export(db: str) -> None:
    with TestClient(create_app(db), base_url="http://127.0.0.1") as client:
        r = client.get("/export/graphml")
    assert r.status_code == 200, r.text
    _check(r.text)


def test_every_other_export_survives_too(db: str) -> None:
    for fmt in ("stix", "claimreview", "webannotation", "csv", "json"):
        res = CliRunner().invoke(cli, ["export", "--format", fmt, "--db", db])
        assert res.exit_code == 0, (fmt, res.output)
