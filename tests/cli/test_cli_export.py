"""`claimledger export` on a ledger of hundreds of claims, built by hand (no spaCy model).

STIX bundles are written object by object with plain JSON (issue 19, item 2): stix2's
pretty printer took 40 s for these 300 claims and over 20 minutes on a real ledger. The
tests check what the bundle holds, not how long it takes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import stix2
from click.testing import CliRunner

from claimledger.cli.main import cli
from claimledger.export import export
from claimledger.ledger.build import rebuild
from claimledger.store import Store
from ledger_helpers import make_analysis

ARTICLES, PER_ARTICLE = 60, 5


@pytest.fixture(scope="module")
def many_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """60 articles of 5 attributed statements each, every statement and source distinct."""
    path = tmp_path_factory.mktemp("many") / "many.db"
    with Store.open(str(path)) as store:
        for i in range(ARTICLES):
            parts, atts = [], []
            for j in range(PER_ARTICLE):
                source = f"Ministry Number{i}x{j}"
                content = f"unit {i} moved {j} convoys to sector {i * PER_ARTICLE + j}"
                parts.append(f"{source} said that {content}.")
                atts.append({"source": source, "cue": "said", "content": content})
            analysis = make_analysis(" ".join(parts), outlet=f"Outlet {i % 7}", atts=atts)
            store.add_analysis(analysis, input="many.jsonl")
        rebuild(store)
    return path


def _by_type(objects: list[dict[str, object]]) -> dict[str, list[dict[str, object]]]:
    out: dict[str, list[dict[str, object]]] = {}
    for o in objects:
        out.setdefault(str(o["type"]), []).append(o)
    return out


def test_a_bundle_of_hundreds_of_claims_parses_back_whole(many_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "many.stix.json"
    r = CliRunner().invoke(cli, ["export", "--format", "stix", "--db", str(many_db), "-o", str(out)])
    assert r.exit_code == 0, r.output
    text = out.read_text(encoding="utf-8")
    bundle = stix2.parse(text, allow_custom=True)
    assert bundle.type == "bundle" and bundle.id.startswith("bundle--")
    raw = json.loads(text)["objects"]
    assert len(bundle.objects) == len(raw)
    with Store.open(str(many_db), create=False) as store:
        doc = json.loads(export(store, "json"))
    claims = ARTICLES * PER_ARTICLE
    assert len(doc["claims"]) == claims and len(doc["articles"]) == ARTICLES
    by_type = _by_type(raw)
    assert len(by_type["report"]) == ARTICLES
    assert len(by_type["note"]) == claims
    assert len(by_type["opinion"]) == claims  # no denials here: one grade per claim
    assert len(by_type["extension-definition"]) == 1
    names = {str(i["name"]) for i in by_type["identity"]}
    assert "claimledger" in names
    assert {f"Ministry Number{i}x{j}" for i in range(ARTICLES) for j in range(PER_ARTICLE)} <= names
    ids = [str(o["id"]) for o in raw]
    assert len(ids) == len(set(ids))
    refs = {
        str(ref)
        for o in raw
        for ref in o.get("object_refs", []) + [o.get("created_by_ref")]
        if ref  # type: ignore[operator]
    }
    assert refs <= set(ids)
    assert not list(tmp_path.glob(".*partial"))


def test_the_bundle_is_the_same_from_the_library_and_stdout(many_db: Path) -> None:
    r = CliRunner().invoke(cli, ["export", "--format", "stix", "--db", str(many_db)])
    assert r.exit_code == 0, r.output
    with Store.open(str(many_db), create=False) as store:
        library = json.loads(export(store, "stix"))
    printed = json.loads(r.stdout)
    assert printed["objects"] == library["objects"]  # ids are UUIDv5: the same ledger, the same objects


def test_a_failed_export_leaves_the_earlier_file_whole(many_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "story.stix.json"
    out.write_text("earlier export\n", encoding="utf-8")
    r = CliRunner().invoke(
        cli, ["export", "--format", "stix", "--story", "Nobody At All", "--db", str(many_db), "-o", str(out)]
    )
    assert r.exit_code == 2 and "Nobody At All" in r.output
    assert out.read_text(encoding="utf-8") == "earlier export\n"
    missing = tmp_path / "no-such-folder" / "x.json"
    r = CliRunner().invoke(cli, ["export", "--format", "stix", "--db", str(many_db), "-o", str(missing)])
    assert r.exit_code == 2 and "cannot write" in r.output and str(missing) in r.output
    assert len(r.output.strip().splitlines()) == 1


def _reviews(output: str) -> list[dict[str, Any]]:
    graph: list[dict[str, Any]] = json.loads(output)["@graph"]
    return graph


def test_claimreview_names_the_reviewer_and_each_claims_page(many_db: Path) -> None:
    runner = CliRunner()
    plain = runner.invoke(cli, ["export", "--format", "claimreview", "--db", str(many_db)])
    assert plain.exit_code == 0, plain.output
    reviews = _reviews(plain.stdout)
    assert len(reviews) == ARTICLES * PER_ARTICLE
    for r in reviews:
        assert r["@id"] == r["url"] == f"/claims/{r['identifier']}"
        assert r["author"] == {"@type": "Organization", "name": "claimledger"}
    named = runner.invoke(
        cli,
        [
            "export",
            "--format",
            "claimreview",
            "--db",
            str(many_db),
            "--reviewer",
            "  Harbor   Fact Desk ",
            "--reviewer-url",
            "https://facts.example.org/about",
            "--base-url",
            "https://ledger.example.org/app/",
        ],
    )
    assert named.exit_code == 0, named.output
    for r in _reviews(named.stdout):
        assert r["author"] == {
            "@type": "Organization",
            "name": "Harbor Fact Desk",
            "url": "https://facts.example.org/about",
        }
        assert r["@id"] == r["url"] == f"https://ledger.example.org/app/claims/{r['identifier']}"
    from_env = runner.invoke(
        cli,
        ["export", "--format", "claimreview", "--db", str(many_db)],
        env={"CLAIMLEDGER_REVIEWER": "Env Desk", "CLAIMLEDGER_BASE_URL": "http://10.0.0.5:8000"},
    )
    assert from_env.exit_code == 0, from_env.output
    first = _reviews(from_env.stdout)[0]
    assert first["author"]["name"] == "Env Desk" and first["@id"].startswith("http://10.0.0.5:8000/claims/")


@pytest.mark.parametrize(
    ("option", "value", "says"),
    [
        ("--reviewer-url", "javascript:alert(1)", "reviewer's URL"),
        ("--reviewer-url", "facts.example.org", "reviewer's URL"),
        ("--base-url", "ftp://ledger.example.org", "base URL"),
        ("--reviewer", "   ", "reviewer's name"),
    ],
)
def test_a_bad_reviewer_option_is_one_line_and_writes_nothing(
    many_db: Path, tmp_path: Path, option: str, value: str, says: str
) -> None:
    out = tmp_path / "reviews.jsonld"
    r = CliRunner().invoke(
        cli, ["export", "--format", "claimreview", "--db", str(many_db), "-o", str(out), option, value]
    )
    assert r.exit_code == 2 and says in r.output and len(r.output.strip().splitlines()) == 1
    assert not out.exists()
