"""The pipeline: our components are registered, ordered, and each works alone."""

from __future__ import annotations

import pytest
import spacy

from claimledger.pipeline.load import COMPONENTS, MODEL_PACKAGE, load_model

pytestmark = pytest.mark.model


def test_components_follow_the_model_in_order(nlp) -> None:  # type: ignore[no-untyped-def]
    names = nlp.pipe_names
    assert names[-len(COMPONENTS) :] == list(COMPONENTS)
    assert names.index("parser") < names.index("claimledger_hedges")


def test_analyze_pipes_finds_no_problems(nlp) -> None:  # type: ignore[no-untyped-def]
    analysis = nlp.analyze_pipes()
    assert all(not problems for problems in analysis["problems"].values()), analysis["problems"]


def test_a_misordered_pipeline_is_reported() -> None:
    bare = load_model()
    bare.add_pipe("claimledger_link", first=True)
    problems = bare.analyze_pipes()["problems"]["claimledger_link"]
    assert "doc._.attributions" in problems


def test_the_model_is_the_genuine_core_web_sm() -> None:
    meta = spacy.load(MODEL_PACKAGE).meta
    assert meta["version"] == "3.8.0"
    assert meta["lang"] == "en"
    assert {"tagger", "parser", "ner", "lemmatizer"} <= set(meta["pipeline"])
    assert "OntoNotes 5" in {s["name"] for s in meta["sources"]}
    assert round(meta["performance"]["ents_f"], 3) == 0.843


@pytest.mark.parametrize(
    "name, attr",
    [
        ("claimledger_hedges", "hedges"),
        ("claimledger_quantities", "quantities"),
        ("claimledger_attributions", "attributions"),
    ],
)
def test_each_component_works_alone(name: str, attr: str) -> None:
    nlp = load_model()
    nlp.add_pipe(name)
    doc = nlp("Officials said about 200 people had reportedly fled the town.")
    records = getattr(doc._, attr)
    assert isinstance(records, list) and records
    for r in records:
        s = getattr(r, "span", None) or r.content
        assert doc.text[s.start : s.end] == s.text


def test_pipeline_is_loaded_once(nlp) -> None:  # type: ignore[no-untyped-def]
    from claimledger.pipeline.load import load_pipeline

    assert load_pipeline() is nlp


def test_the_signing_bar_is_a_token_of_its_own_and_nothing_else_changes(nlp) -> None:  # type: ignore[no-untyped-def]
    assert [t.text for t in nlp.make_doc("\u201cNo.\u201d\u2015 Omar Diaz")] == [
        "\u201c",
        "No",
        ".",
        "\u201d",
        "\u2015",
        "Omar",
        "Diaz",
    ]
    text = 'The well-known U.S. firm said "no" to 18- to 24-year-olds (aged 3-5), e.g. 3.5% don\'t.'
    assert [t.text for t in nlp.make_doc(text)] == [t.text for t in load_model().make_doc(text)]
