"""Each registered extraction component alone, and analyze() end to end, on hostile text.

Properties: nothing raises; every offset lies within the text and the text there is the
reported span; quantities are finite with low <= value <= high; the analysis JSON has no
NaN or Infinity; an article finishes well inside its time budget.
"""

from __future__ import annotations

import time

import pytest
import spacy
from fuzz_strategies import (
    check_analysis,
    check_quantity_values,
    check_span,
    fuzz_profile,
    fuzz_settings,
    hostile_text,
    news_like,
)
from hypothesis import given
from spacy.language import Language
from spacy.tokens import Doc

from claimledger.analysis.article import ExtractOptions, analyze
from claimledger.pipeline.load import COMPONENTS

pytestmark = pytest.mark.model


def parsed(nlp: Language, text: str) -> Doc:
    """The statistical stages only (tok2vec ... ner), none of ours: a Doc for one component."""
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name not in COMPONENTS:
            doc = proc(doc)
    return doc


@given(text=hostile_text())
@fuzz_settings(30)
def test_hedges_alone(nlp: Language, text: str) -> None:
    doc = nlp.get_pipe("claimledger_hedges")(parsed(nlp, text))
    assert doc._.quantities is None and doc._.attributions is None  # alone
    for n, h in enumerate(doc._.hedges, start=1):
        assert h.id == f"h{n}"
        check_span(text, h.span, h.id)
        check_span(text, h.scope, f"{h.id} scope")
        assert h.span.text and h.scope.text


@given(text=hostile_text())
@fuzz_settings(30)
def test_quantities_alone(nlp: Language, text: str) -> None:
    doc = nlp.get_pipe("claimledger_quantities")(parsed(nlp, text))
    assert doc._.hedges is None
    for q in doc._.quantities:
        check_span(text, q.span, q.id)
        check_quantity_values(q)
        assert q.attribution_id is None  # linking comes later


@given(text=hostile_text())
@fuzz_settings(30)
def test_attributions_alone(nlp: Language, text: str) -> None:
    doc = nlp.get_pipe("claimledger_attributions")(parsed(nlp, text))
    assert doc._.hedges is None
    for n, a in enumerate(doc._.attributions, start=1):
        assert a.id == f"a{n}"
        check_span(text, a.content, a.id)
        for span in (a.source, a.cue, a.channel):
            if span is not None:
                check_span(text, span, a.id)


@given(text=hostile_text())
@fuzz_settings(20)
def test_linker_alone(nlp: Language, text: str) -> None:
    """With no records from the other stages: the author's own statements only."""
    doc = nlp.get_pipe("claimledger_link")(parsed(nlp, text))
    assert doc._.attributions == [] and doc._.quantities == []
    for s in doc._.statements:
        check_span(text, s.content, s.id)
        assert s.source_type == "author" and s.hedge_ids == () and s.quantity_ids == ()


@given(text=hostile_text())
@fuzz_settings(20)
def test_word_rules_on_a_tokenizer_only_doc(text: str) -> None:
    """Hedges and quantities also run without a parse (a blank pipeline)."""
    blank = _blank()
    doc = blank.make_doc(text)
    hedges = blank.get_pipe("claimledger_hedges")(doc)._.hedges
    quantities = blank.get_pipe("claimledger_quantities")(doc)._.quantities
    for h in hedges:
        check_span(text, h.span, h.id)
    for q in quantities:
        check_span(text, q.span, q.id)
        check_quantity_values(q)


_BLANK: list[Language] = []


def _blank() -> Language:
    if not _BLANK:
        model = spacy.blank("en")
        model.add_pipe("claimledger_hedges")
        model.add_pipe("claimledger_quantities")
        _BLANK.append(model)
    return _BLANK[0]


@given(text=hostile_text(600))
@fuzz_settings(40)
def test_analyze_end_to_end(nlp: Language, text: str) -> None:
    start = time.perf_counter()
    result = analyze(text, nlp=nlp, input_name="fuzz", options=ExtractOptions(time_budget=60))
    assert time.perf_counter() - start < 60
    check_analysis(text, result)


@given(text=news_like(200 if fuzz_profile() else 80))
@fuzz_settings(10)
def test_analyze_long_news_like_text(nlp: Language, text: str) -> None:
    check_analysis(text, analyze(text, nlp=nlp))


# --------------------------------------------------------------------------- fixed giants

QUOTES = '"' * 2500 + "\u201c" * 2500 + " \u201dword" * 2500 + " \u00ab" * 2500  # 10,000 marks


def _giant(text: str, nlp: Language) -> None:
    start = time.perf_counter()
    result = analyze(text, nlp=nlp, input_name="giant", options=ExtractOptions(time_budget=300))
    assert time.perf_counter() - start < 300
    check_analysis(text, result)


def test_ten_thousand_quotation_marks(nlp: Language) -> None:
    _giant(QUOTES, nlp)


def test_unbalanced_quotes_and_cues(nlp: Language) -> None:
    _giant('He said "we will win. She said \u201cno. They said \u00bb yes \u201d" ' * 150, nlp)


GIANTS = {
    "200,000-char sentence without a period": "the man who said that the team went to the store and " * 3800,
    "5,000 said cues": "Officials said that " * 5000 + "it rained.",
    "5,000 hedges": "Reportedly, it allegedly did not deny that " * 1250,
    "huge numbers": " ".join(["10^400", "9" * 400, "1e308", "9" * 5000, "1" + ",000" * 300] * 40),
    "RTL and zero-width text": (
        "\u202eHe said \u200bthat \u05d0\u05de\u05e8 \u200f\u0642\u0627\u0644 2,000\u2066. " * 2000
    ),
}


@pytest.mark.parametrize("name", sorted(GIANTS))
def test_giant_inputs(nlp: Language, name: str) -> None:
    if not fuzz_profile():
        pytest.skip("giant inputs run under `make fuzz` (hypothesis profile 'fuzz'); a minute each")
    _giant(GIANTS[name], nlp)


@pytest.mark.parametrize("name", sorted(GIANTS))
def test_giant_inputs_scaled_down(nlp: Language, name: str) -> None:
    """The same shapes at a twentieth of the size, in every run."""
    text = GIANTS[name]
    _giant(text[: len(text) // 20], nlp)
