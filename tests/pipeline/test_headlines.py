"""The headline stage: title-case lines are read from a sentence-cased copy."""

from __future__ import annotations

import pytest

from claimledger.pipeline.headlines import Casing, sentence_case, title_case, title_lines


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Ito Vows To Rebuild Flooded Depot Within A Year.", True),
        ("Poll: Most Voters Back The New Tram Line", True),
        ("Ito vows to rebuild the flooded depot within a year.", False),
        ("The harbour mayor, Lena Ito, said on Monday that repairs were ahead of schedule.", False),
        ("Refugees.", False),  # a one-word section head is not a headline to read
        (" ".join(["Word"] * 40), False),  # prose-length lines are never headlines
    ],
)
def test_title_case_lines(line: str, expected: bool) -> None:
    assert title_case(line) is expected


def test_sentence_case_keeps_names_the_article_capitalizes_and_the_length() -> None:
    body = "Lena Ito said on Monday that the depot in Harbour City flooded. Ito met the FEMA team."
    line = "Ito Vows To Rebuild Harbour City Depot Within A Year, FEMA Says"
    cased = sentence_case(line, Casing.of(body))
    assert cased == "Ito vows to rebuild Harbour City depot within a year, FEMA says"
    assert len(cased) == len(line)


def test_sentence_case_after_a_colon_keeps_the_opening_capital() -> None:
    assert sentence_case("Poll: Voters Back Tram", Casing.of("")) == "Poll: Voters back tram"


def test_title_lines_are_found_anywhere_in_the_text() -> None:
    text = "Ito Vows To Rebuild Depot\n\nThe mayor spoke.\n\nCouncil Split Over Costs Of The Plan\n\nMore."
    lines = title_lines(text)
    assert [text[a:b] for a, b in lines] == [
        "Ito Vows To Rebuild Depot",
        "Council Split Over Costs Of The Plan",
    ]


@pytest.mark.model
def test_a_title_case_headline_yields_its_attribution(analyze_text, nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Ito Vows To Rebuild Flooded Depot Within A Year.\n\n"
        "Lena Ito, the harbour mayor, promised to rebuild the depot. Ito said the cost was not yet known."
    )
    with nlp.select_pipes(disable=["claimledger_headlines"]):
        before = analyze_text(text).attributions
    assert not any(a.content.start < 48 for a in before)  # the title-case parse finds nothing there
    result = analyze_text(text)
    head = [a for a in result.attributions if a.content.end <= 48]
    assert [
        (a.source.text if a.source else None, a.cue.text if a.cue else None, a.content.text) for a in head
    ] == [("Ito", "Vows", "To Rebuild Flooded Depot Within A Year")]
    assert head[0].source_resolved == "Lena Ito"
    # spans are the article's own text, and ids run in text order
    assert text[head[0].content.start : head[0].content.end] == head[0].content.text
    assert [a.id for a in result.attributions] == [f"a{i}" for i in range(1, len(result.attributions) + 1)]


@pytest.mark.model
def test_a_colon_headline_credits_a_poll_or_a_name_used_in_the_article(analyze_text) -> None:  # type: ignore[no-untyped-def]
    poll = analyze_text(
        "Poll: Most Voters Back The New Tram Line.\n\nA poll of 800 voters found support for it."
    )
    assert ("Poll", ":") in [(a.source.text, a.cue.text) for a in poll.attributions if a.source and a.cue]
    named = analyze_text(
        "Rivers: The Council Must Act Now On Housing.\n\nThe council has delayed the vote, said Rivers."
    )
    label = [a for a in named.attributions if a.cue and a.cue.text == ":"]
    assert [a.content.text for a in label] == ["The Council Must Act Now On Housing."]
    # a section label that is no speaker stays unattributed
    latest = analyze_text("The Latest: Ferry service resumes after the storm.\n\nBoats ran on Monday.")
    assert not [a for a in latest.attributions if a.cue and a.cue.text == ":"]


@pytest.mark.model
def test_warned_of_takes_its_object(analyze_text) -> None:  # type: ignore[no-untyped-def]
    (a,) = analyze_text("The mayor warned of longer delays on the coast road.").attributions
    assert (a.source.text if a.source else None, a.cue.text if a.cue else None, a.content.text) == (
        "The mayor",
        "warned",
        "longer delays on the coast road",
    )


def test_only_the_first_lines_in_title_case_are_reread() -> None:
    from claimledger.pipeline.headlines import MAX_LINES

    text = "\n".join(f"Ito Vows To Rebuild Depot Number {i}" for i in range(MAX_LINES + 30))
    assert len(title_lines(text)) == MAX_LINES
