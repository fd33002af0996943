"""The writer's own statements are clean claims: no dateline in them, no questions, no
fragments of reason or condition; a concession is kept without its "while"."""

from __future__ import annotations

from claimledger.models import ArticleAnalysis
from claimledger.syntax.datelines import after_dateline


def _statements(a: ArticleAnalysis) -> list[str]:
    for s in a.statements:
        assert a.text[s.content.start : s.content.end] == s.content.text  # offsets point at the text
    return [s.content.text for s in a.statements]


def _contents(a: ArticleAnalysis) -> list[str]:
    for r in a.attributions:
        assert a.text[r.content.start : r.content.end] == r.content.text
    return [r.content.text for r in a.attributions]


def test_a_dateline_opens_no_claim(analyze_text) -> None:  # type: ignore[no-untyped-def]
    a = analyze_text(
        "KYIV (Harbor Wire) \u2014 The navy moved three ships to the south of the port on Monday.\n\n"
        "WASHINGTON -- The senate passed the harbour bill by a wide margin on Tuesday.\n\n"
        "NEW YORK, March 3 - Ukraine will close the port on Friday, officials said."
    )
    assert _statements(a) == [
        "The navy moved three ships to the south of the port on Monday.",
        "The senate passed the harbour bill by a wide margin on Tuesday.",
    ]
    assert _contents(a) == ["Ukraine will close the port on Friday"]


def test_questions_and_fragments_are_no_statements(analyze_text) -> None:  # type: ignore[no-untyped-def]
    a = analyze_text(
        "How many instructors were there in the town last week? "
        "The port will close on Friday, an official said on condition of anonymity because he "
        "was not authorised to brief journalists. "
        "While the video has yet to be independently verified, officials said the footage was real."
    )
    got = _statements(a)
    assert not any("?" in s or "instructors" in s or "authorised" in s for s in got)
    assert got == ["the video has yet to be independently verified"]  # a concession: granted, without "While"


def test_after_dateline_only_at_the_start_of_a_line() -> None:
    text = "The port. KYIV (AP) \u2014 X said.\nKYIV (AP) \u2014 The port closed."
    assert after_dateline(text, 10, 30) == 10  # mid-line: no dateline
    start = text.index("\nKYIV") + 1
    assert text[after_dateline(text, start, len(text)) :] == "The port closed."
    assert after_dateline("US - China talks resumed.", 0, 24) == 0  # too short for a place
