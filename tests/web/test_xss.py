"""An article whose text, title, outlet, URL and source name are attacks renders inert everywhere."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
import stix2
from fastapi.testclient import TestClient
from htmlcheck import active_content

from claimledger.export import export
from claimledger.store import Store
from conftest import ATTR, FLAG, SCRIPT


def _pages(c: TestClient) -> list[str]:
    article = c.get("/articles.json").json()["articles"][0]["id"]
    claims = [x["id"] for x in c.get("/claims.json").json()["claims"]]
    actors = [a["id"] for a in c.get("/actors.json").json()["actors"]]
    sources = [s["id"] for s in c.get("/sources.json").json()["sources"]]
    return [
        "/",
        "/articles",
        f"/articles/{article}",
        "/claims",
        *[f"/claims/{i}" for i in claims],
        "/contradictions",
        "/sources",
        *[f"/sources/{i}" for i in sources],
        "/actors",
        *[f"/actors/{i}" for i in actors],
        "/estimates?thing=soldiers",
        "/search?q=agency",
        f"/claims/{SCRIPT}",  # the error page echoes the id
        f"/search?q={ATTR}",
    ]


def test_the_hostile_store_really_carries_the_payloads(hostile_client: TestClient) -> None:
    data = hostile_client.get("/claims.json").json()["claims"]
    assert any(SCRIPT in o for c in data for o in c["origins"])
    assert any(ATTR in o for c in data for o in c["outlets"])
    assert any(FLAG in c["text"] for c in data)


def test_every_page_shows_the_payload_as_text_and_runs_nothing(hostile_client: TestClient) -> None:
    for path in _pages(hostile_client):
        r = hostile_client.get(path)
        assert r.status_code in (200, 404, 422), path
        problems = active_content(r.text)
        assert problems == [], f"{path}: {problems}"
        assert SCRIPT not in r.text and ATTR not in r.text, path
        assert "default-src 'none'" in r.headers["content-security-policy"]
    article = hostile_client.get("/articles.json").json()["articles"][0]["id"]
    page = hostile_client.get(f"/articles/{article}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'href="javascript:' not in page.lower()


def test_json_twins_return_the_text_verbatim(hostile_client: TestClient) -> None:
    article = hostile_client.get("/articles.json").json()["articles"][0]
    assert article["title"].startswith(SCRIPT)
    assert article["url"] == "javascript:alert(1)"


@pytest.mark.parametrize("fmt", ["stix", "claimreview", "webannotation", "json"])
def test_json_exports_keep_payloads_as_data(hostile_db: Path, fmt: str) -> None:
    with Store.open(str(hostile_db)) as store:
        text = export(store, fmt)
    data = json.loads(text)
    assert SCRIPT in json.dumps(data, ensure_ascii=False)
    if fmt != "json":  # the raw JSON keeps the stored value, as the JSON twins do
        assert "javascript:alert" not in text  # only http(s) URLs are exported as links
    if fmt == "stix":
        assert stix2.parse(text).type == "bundle"


def test_graphml_round_trips_the_payload_as_a_label(hostile_db: Path) -> None:
    with Store.open(str(hostile_db)) as store:
        text = export(store, "graphml")
    root = ET.fromstring(text)
    assert not [el for el in root.iter() if el.tag.lower().endswith("script")]
    g = nx.read_graphml(io.StringIO(text))
    labels = {d["label"] for _, d in g.nodes(data=True)}
    assert f"{SCRIPT} Agency{ATTR}" in labels


def test_csv_cells_cannot_become_formulas(hostile_db: Path) -> None:
    with Store.open(str(hostile_db)) as store:
        rows = list(csv.DictReader(io.StringIO(export(store, "csv"))))
    texts = [r["text"] for r in rows]
    assert any(t.startswith("'=HYPERLINK") for t in texts)
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r.values())
