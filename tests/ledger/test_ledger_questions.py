"""A question asserts nothing: a record that reports one is shown with its article but is no claim."""

from __future__ import annotations

import pytest

from claimledger.ledger.build import rebuild
from claimledger.ledger.text import is_question
from claimledger.store import Store
from ledger_helpers import make_analysis

TEXT = (
    "Reporters asked how many instructors were in the town. "
    '"Where are the ships now?" the mayor asked. '
    "The mayor said the ferry would run again on Monday. "
    "Councillors asked the mayor to reopen the landing stage."
)


@pytest.mark.parametrize(
    "content, cue, question",
    [
        ('"How many instructors were there?"', "asked", True),
        ("how many instructors were there", "asked", True),
        ("whether the port will reopen", "wondered", True),
        ("how many instructors were there", "would not say", True),
        ("if the port had closed", "asked", True),
        ("if the talks fail, troops will be sent", "said", False),  # a conditional proposition
        ("the port will reopen", "said", False),
        ("the mayor to reopen the landing stage", "asked", False),  # a request, not a question
        ("who was there", "said", False),  # a free relative under a cue of saying
    ],
)
def test_what_is_a_question(content: str, cue: str, question: bool) -> None:
    assert is_question(content, cue) is question


def test_questions_are_no_claims(store: Store) -> None:
    a = make_analysis(
        TEXT,
        atts=[
            {"source": "Reporters", "cue": "asked", "content": "how many instructors were in the town"},
            {"source": "the mayor", "cue": "asked", "content": '"Where are the ships now?"'},
            {"source": "The mayor", "cue": "said", "content": "the ferry would run again on Monday"},
            {"source": "Councillors", "cue": "asked", "content": "the mayor to reopen the landing stage"},
        ],
    )
    store.add_analysis(a)
    rebuild(store)
    asserted = ("the ferry would run again on Monday", "the mayor to reopen the landing stage")
    ids = {r.id for r in a.attributions if r.content.text in asserted}
    assert {m["attribution_id"] for m in store.claim_members(article_id=a.id)} == ids
    assert sum(r["article_id"] == a.id for r in store.attribution_rows()) == 4  # the article keeps all four


def test_a_question_keeps_its_speaker_and_asserts_no_figure(store: Store) -> None:
    """The mayor who asks a question is still the mayor on the article's page (the actor gold
    counts who spoke, not only who asserted), while the figure inside the question is nobody's
    estimate, not even the outlet's."""
    text = (
        '"Are 300 ships really waiting?" Mayor Ann Roe asked. '
        "Mayor Ann Roe said the ferry would run again on Monday."
    )
    a = make_analysis(
        text,
        atts=[
            {
                "source": "Mayor Ann Roe",
                "cue": "asked",
                "content": '"Are 300 ships really waiting?"',
                "quantity": "300 ships",
                "q": (300, None, None, "exact", "ships"),
            },
            {"source": "Mayor Ann Roe", "cue": "said", "content": "the ferry would run again on Monday"},
        ],
    )
    store.add_analysis(a)
    rebuild(store)
    from claimledger.ledger.articles import attributions

    shown = {r["content"]["text"]: r for r in attributions(store, a.id)}
    asked = shown['"Are 300 ships really waiting?"']
    said = shown["the ferry would run again on Monday"]
    assert asked["claim_id"] is None
    assert said["claim_id"] is not None
    assert asked["actor"] is not None and asked["actor"] == said["actor"]
    assert store.estimate_rows() == []
