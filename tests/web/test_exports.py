"""Exports checked by the libraries and schemas of the tools that read them."""

from __future__ import annotations

import csv
import io
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import networkx as nx
import pytest
import stix2
from click.testing import CliRunner
from fastapi.testclient import TestClient
from stix2.confidence.scales import admiralty_credibility_to_value

from claimledger.cli.main import cli
from claimledger.export import export
from claimledger.export.stix import ADMIRALTY_CONFIDENCE, EXTENSION_ID
from claimledger.ledger.grading import CREDIBILITY
from claimledger.store import Store
from conftest import LiveServer

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def exports(story_db: Path) -> dict[str, str]:
    with Store.open(str(story_db)) as store:
        return {
            f: export(store, f) for f in ("stix", "claimreview", "webannotation", "graphml", "csv", "json")
        }


def test_confidence_follows_the_specs_admiralty_table() -> None:
    names = {
        1: "1 - Confirmed by other sources",
        2: "2 - Probably True",
        3: "3 - Possibly True",
        4: "4 - Doubtful",
        5: "5 - Improbable",
    }
    for grade, name in names.items():
        assert ADMIRALTY_CONFIDENCE[grade] == admiralty_credibility_to_value(name)
    assert ADMIRALTY_CONFIDENCE[6] is None
    with pytest.raises(ValueError):
        admiralty_credibility_to_value("6 - Truth cannot be judged")


def test_stix_bundle_parses_and_has_one_object_per_noun(exports: dict[str, str]) -> None:
    bundle = stix2.parse(exports["stix"])
    by_type: dict[str, list[object]] = {}
    for obj in bundle.objects:
        by_type.setdefault(obj.type, []).append(obj)
    claims = json.loads(exports["json"])["claims"]
    assert len(by_type["report"]) == len(json.loads(exports["json"])["articles"]) == 12
    assert len(by_type["note"]) == len(claims)
    graded = [o for o in by_type["opinion"] if o.created_by_ref == by_type["identity"][0].id]
    assert by_type["identity"][0].name == "claimledger" and len(graded) == len(claims)
    grades = {c["id"]: c["credibility"] for c in claims}
    for note in by_type["note"]:
        cid = note.abstract.split()[1]
        expected = ADMIRALTY_CONFIDENCE[grades[cid]]
        assert note.get("confidence") == expected
    identities = [i for i in by_type["identity"] if i.name != "claimledger"]
    assert identities and all(i.extensions[EXTENSION_ID]["reliability"] in "ABCDEF" for i in identities)
    assert len(by_type["extension-definition"]) == 1
    ids = {o.id for o in bundle.objects}
    assert all(ref in ids for r in by_type["report"] for ref in r.object_refs)


def test_claimreview_is_json_ld_that_expands(exports: dict[str, str]) -> None:
    jsonld = pytest.importorskip("pyld.jsonld")
    doc = json.loads(exports["claimreview"])

    def loader(url: str, options: object = None) -> dict[str, object]:
        # no network: schema.org's context reduced to its vocabulary
        assert url.rstrip("/") in ("https://schema.org", "http://schema.org")
        return {
            "contextUrl": None,
            "documentUrl": url,
            "document": {"@context": {"@vocab": "https://schema.org/"}},
        }

    expanded = jsonld.expand(doc, {"documentLoader": loader})
    types = [t for node in expanded for t in node.get("@type", [])]
    assert types.count("https://schema.org/ClaimReview") == len(doc["@graph"]) > 0
    for review in doc["@graph"]:
        rating = review["reviewRating"]
        assert 1 <= rating["ratingValue"] <= 6
        grade = 7 - rating["ratingValue"]
        assert rating["alternateName"] == f"{grade} - {CREDIBILITY[grade]}"


def test_web_annotation_selectors_point_at_the_quoted_text(story_db: Path, exports: dict[str, str]) -> None:
    doc = json.loads(exports["webannotation"])
    assert doc["@context"] == "http://www.w3.org/ns/anno.jsonld" and doc["type"] == "AnnotationCollection"
    items = doc["first"]["items"]
    assert len(items) == doc["total"] > 0
    with TestArticles(story_db) as texts:
        for a in items:
            quote, pos = a["target"]["selector"]
            assert quote["type"] == "TextQuoteSelector" and pos["type"] == "TextPositionSelector"
            text = texts[a["id"].split(":")[3]]
            assert text[pos["start"] : pos["end"]] == quote["exact"]
            assert text[: pos["start"]].endswith(quote["prefix"])
            assert text[pos["end"] :].startswith(quote["suffix"])
            assert a["target"]["source"].startswith("https://")


class TestArticles:
    """article id -> text, read straight from the store."""

    __test__ = False

    def __init__(self, db: Path) -> None:
        self.store = Store.open(str(db))

    def __enter__(self) -> dict[str, str]:
        from sqlalchemy import select

        from claimledger.store import schema

        with self.store.engine.connect() as conn:
            return {r.id: r.text for r in conn.execute(select(schema.articles.c.id, schema.articles.c.text))}

    def __exit__(self, *exc: object) -> None:
        self.store.close()


def test_graphml_reads_back_with_networkx(exports: dict[str, str]) -> None:
    g = nx.read_graphml(io.StringIO(exports["graphml"]))
    kinds = {d["type"] for _, d in g.nodes(data=True)}
    assert kinds == {"actor", "claim", "outlet"}
    edge_types = {d["type"] for _, _, d in g.edges(data=True)}
    assert {"asserts", "origin_of", "published"} <= edge_types
    claims = json.loads(exports["json"])["claims"]
    assert sum(1 for _, d in g.nodes(data=True) if d["type"] == "claim") == len(claims)


def test_csv_has_a_row_per_claim(exports: dict[str, str]) -> None:
    rows = list(csv.DictReader(io.StringIO(exports["csv"])))
    claims = json.loads(exports["json"])["claims"]
    assert [r["id"] for r in rows] == [c["id"] for c in claims]
    assert all(r["credibility"] in "123456" for r in rows)


def test_export_command_writes_the_file_and_filters_by_story(story_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "iran.stix.json"
    runner = CliRunner()
    r = runner.invoke(
        cli, ["export", "--format", "stix", "--story", "Iran", "--db", str(story_db), "-o", str(out)]
    )
    assert r.exit_code == 0, r.output
    story = [o for o in stix2.parse(out.read_text()).objects if o.type == "note"]
    full = runner.invoke(cli, ["export", "--format", "json", "--db", str(story_db)])
    assert 0 < len(story) <= len(json.loads(full.output)["claims"])
    bad = runner.invoke(
        cli, ["export", "--format", "stix", "--story", "Nobody At All", "--db", str(story_db)]
    )
    assert bad.exit_code == 2 and "Nobody At All" in bad.output


def _denials(exports: dict[str, str]) -> tuple[list[dict[str, object]], dict[str, dict[str, object]]]:
    """The denials of the JSON export, and every claim by id."""
    doc = json.loads(exports["json"])
    claims = {c["id"]: c for c in doc["claims"]}
    denials = [c for c in doc["claims"] if c["polarity"] == "negative"]
    assert denials, "the example story has a denial"
    return denials, claims


def _denied(exports: dict[str, str], denial_id: str) -> set[str]:
    """The ids of the claims a denial contradicts (kind denial), from the JSON export."""
    xs = json.loads(exports["json"])["contradictions"]
    return {x["a"] if x["b"] == denial_id else x["b"] for x in xs if denial_id in (x["a"], x["b"])}


def test_claimreview_rates_a_denial_as_the_deniers_claim_about_the_proposition(
    exports: dict[str, str],
) -> None:
    reviews = {r["identifier"]: r for r in json.loads(exports["claimreview"])["@graph"]}
    denials, claims = _denials(exports)
    for d in denials:
        review = reviews[d["id"]]
        item = review["itemReviewed"]
        # what is rated is the denial, said with its subject, authored by the denier
        # "X denies ...", or "X, Y deny ..." when more than one origin denies it
        assert review["claimReviewed"] != d["text"] and {"denies", "deny"} & set(
            review["claimReviewed"].split()
        )
        assert f'"{d["text"]}"' in review["claimReviewed"] and item["text"] == review["claimReviewed"]
        assert {a["name"] for a in item["author"]} == set(d["origins"])
        # the proposition is a Claim of its own, by those who asserted it
        proposition = item["about"]
        assert proposition["@type"] == "Claim" and proposition["text"] == d["text"]
        asserters = {o for cid in _denied(exports, d["id"]) for o in claims[cid]["origins"]}
        assert asserters and {a["name"] for a in proposition["author"]} == asserters
        assert not set(d["origins"]) & asserters
    for cid, r in reviews.items():  # an assertion is reviewed as before
        if claims[cid]["polarity"] == "positive":
            assert r["claimReviewed"] == claims[cid]["text"] and "about" not in r["itemReviewed"]


def test_stix_says_a_denial_denies_and_gives_the_denier_its_own_opinion(exports: dict[str, str]) -> None:
    bundle = stix2.parse(exports["stix"])
    notes = {o.abstract.split()[1]: o for o in bundle.objects if o.type == "note"}
    identities = {o.id: o.name for o in bundle.objects if o.type == "identity"}
    opinions = [o for o in bundle.objects if o.type == "opinion"]
    denials, claims = _denials(exports)
    for d in denials:
        note = notes[d["id"]]
        assert note.content != d["text"] and {"denies", "deny"} & set(note.content.split())
        assert f'"{d["text"]}"' in note.content
        assert "denial" in note.labels and note.abstract.startswith("Denial ")
        assert set(note.authors) == set(d["origins"])
        theirs = [o for o in opinions if identities.get(o.created_by_ref) in d["origins"]]
        assert len(theirs) == 1
        opinion = theirs[0]
        assert opinion.opinion in ("disagree", "strongly-disagree") and opinion.authors == d["origins"]
        assert set(opinion.object_refs) == {notes[cid].id for cid in _denied(exports, d["id"])}
    for cid, note in notes.items():
        if claims[cid]["polarity"] == "positive":
            assert note.content == claims[cid]["text"] and "denial" not in note.labels


def test_graphml_carries_polarity_and_contradiction_edges(exports: dict[str, str]) -> None:
    g = nx.read_graphml(io.StringIO(exports["graphml"]))
    doc = json.loads(exports["json"])
    claims = {c["id"]: c for c in doc["claims"]}
    for cid, c in claims.items():
        node = g.nodes[f"claim:{cid}"]
        assert node["polarity"] == c["polarity"]
        assert node["label"].startswith("denies: ") == (c["polarity"] == "negative")
    edges = {
        (a.split(":", 1)[1], b.split(":", 1)[1]): d
        for a, b, d in g.edges(data=True)
        if d["type"] == "contradicts"
    }
    assert len(edges) == len(doc["contradictions"]) > 0
    for x in doc["contradictions"]:
        a, b = x["a"], x["b"]
        if claims[b]["polarity"] == "negative" != claims[a]["polarity"]:
            a, b = b, a  # a denial points at what it denies
        assert edges[(a, b)]["kind"] == x["kind"] and edges[(a, b)]["reason"] == x["reason"]


def test_a_long_stix_download_streams_while_the_server_answers_other_pages(
    hostile_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bundle's first objects reach the client before its last are built, and other
    pages are answered meanwhile: the export runs off the event loop and is streamed."""
    from claimledger.export import stix

    release = threading.Event()
    build_reports = stix._reports

    def held_reports(*args: Any, **kwargs: Any) -> Iterator[Any]:
        assert release.wait(timeout=30), "the test never released the export"
        yield from build_reports(*args, **kwargs)

    monkeypatch.setattr(stix, "_reports", held_reports)
    with LiveServer(hostile_db) as server, httpx.Client(base_url=server.url, timeout=20) as http:
        try:
            with http.stream("GET", "/export/stix") as r:
                assert r.status_code == 200
                assert r.headers["content-type"].startswith("application/stix+json")
                pieces = r.iter_text()
                first = next(pieces)  # arrives while the Reports wait
                assert first.startswith('{"type": "bundle"')
                assert http.get("/articles.json").status_code == 200
                release.set()
                text = first + "".join(pieces)
        finally:
            release.set()
    by_type = {o.type for o in stix2.parse(text).objects}
    assert {"identity", "note", "opinion", "report"} <= by_type


def test_claimreview_download_links_each_review_to_its_claims_page(client: TestClient) -> None:
    r = client.get(
        "/export/claimreview",
        params={"reviewer": "Harbor Fact Desk", "reviewer_url": "https://facts.example.org"},
    )
    assert r.status_code == 200, r.text
    reviews = r.json()["@graph"]
    assert reviews
    for review in reviews:
        assert review["author"] == {
            "@type": "Organization",
            "name": "Harbor Fact Desk",
            "url": "https://facts.example.org",
        }
        assert review["@id"] == review["url"] == f"http://127.0.0.1/claims/{review['identifier']}"
    page = client.get(urlsplit(reviews[0]["url"]).path)
    assert page.status_code == 200 and reviews[0]["identifier"] in page.text
    default = client.get("/export/claimreview").json()["@graph"][0]
    assert default["author"] == {"@type": "Organization", "name": "claimledger"}
    bad = client.get("/export/claimreview", params={"reviewer_url": "javascript:alert(1)"})
    assert bad.status_code == 422 and "reviewer's URL" in bad.json()["error"]


def test_web_annotation_bodies_say_whose_factuality_each_is(story_db: Path, exports: dict[str, str]) -> None:
    from sqlalchemy import select

    from claimledger.store import schema

    with Store.open(str(story_db)) as store, store.engine.connect() as conn:
        at = schema.attributions
        chains = {
            f"{r.article_id}:{r.id}": json.loads(r.factuality)
            for r in conn.execute(select(at.c.article_id, at.c.id, at.c.factuality))
        }
    items = json.loads(exports["webannotation"])["first"]["items"]
    differ = 0
    for a in items:
        chain = chains[a["id"].split(":", 3)[3]]
        said = [b["value"] for b in a["body"] if "certainty" in b.get("value", "")]
        holders = ["the article's author" if f["holder"] == "author" else f["holder"] for f in chain]
        assert said == [
            f"according to {h}: certainty {f['certainty']}, polarity {f['polarity']}"
            for h, f in zip(holders, chain, strict=True)
        ]
        differ += chain[0]["certainty"] != chain[-1]["certainty"]
    assert differ, "the story has a source surer than its reporter"
