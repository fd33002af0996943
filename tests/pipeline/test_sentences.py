"""The sentence stage: no sentence ends after a plain word in mid-line."""

from __future__ import annotations

import pytest

from claimledger.pipeline.load import BEFORE_PARSER
from claimledger.pipeline.sentences import MAX_RUN, NAME, hold_sentences

pytestmark = pytest.mark.model


def test_it_runs_before_the_parser(nlp) -> None:  # type: ignore[no-untyped-def]
    assert BEFORE_PARSER == (NAME,)
    assert nlp.pipe_names.index(NAME) < nlp.pipe_names.index("parser")


def test_alone_it_holds_only_tokens_after_a_word_on_the_same_line(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = hold_sentences(nlp.make_doc("Ito cited remarks Kerr had made. Then\nshe left"))
    held = [t.text for t in doc if t.is_sent_start is False]
    assert held == ["cited", "remarks", "Kerr", "had", "made", ".", "left"]
    # after punctuation and after a line break the parser stays free
    assert doc[7].is_sent_start is None and doc[9].is_sent_start is None


def test_a_run_without_punctuation_is_left_to_the_parser(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = hold_sentences(nlp.make_doc(" ".join(["word"] * (3 * MAX_RUN))))
    held = sum(1 for t in doc if t.is_sent_start is False)
    assert held == MAX_RUN
    assert doc[MAX_RUN + 1].is_sent_start is None


def test_the_parser_keeps_a_clause_with_its_speaker(nlp, analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = "At the forum, Sanders mentioned disparaging remarks Trump had made about nurses."
    # the bare model ends a sentence after "remarks", leaving "Trump had made ..." alone
    with nlp.select_pipes(disable=[NAME]):
        bare = [s.text for s in nlp(text).sents]
    assert len(bare) == 2, bare  # if the model ever stops doing so, this test needs a new case
    (a,) = [a for a in analyze_text(text).attributions if a.cue and a.cue.text == "mentioned"]
    assert a.source is not None and a.source.text == "Sanders"
    assert a.content.text == "disparaging remarks Trump had made about nurses"


def test_a_blank_line_ends_a_sentence_and_a_glued_closing_mark_never_starts_one(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = hold_sentences(nlp.make_doc('He said, "all bets are off."\n\nMr. Ito told his aides to wait.'))
    texts = [t.text for t in doc]
    closing = texts.index('"', texts.index("off"))
    assert doc[closing].is_sent_start is False
    assert doc[texts.index("Mr.")].is_sent_start is True


def test_a_paragraph_never_runs_into_the_next(nlp, analyze_text) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Ada Lund, a historian who was there, recalled, \"Out of nowhere, he said, 'If we do nothing "
        "on the harbour, all bets are off.'\"\n\n"
        "Mr. Ito, who knew that a vote would fail, told his aides to find another way to fund the port."
    )
    sents = [s.text.strip() for s in nlp(text).sents]
    assert any(s.startswith("Mr. Ito") for s in sents), sents
    told = [a for a in analyze_text(text).attributions if a.cue and a.cue.text == "told"]
    assert [(a.source.text if a.source else None, a.content.text) for a in told] == [
        ("Ito", "his aides to find another way to fund the port")
    ]
