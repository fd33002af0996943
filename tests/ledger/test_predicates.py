"""Claims are propositions: the predicate and subject rules (ledger/predicates.py), on invented
statements about an invented city (Harwick) and its mayor."""

from __future__ import annotations

from dataclasses import replace

import pytest

from claimledger.ledger.claims import Member, cluster
from claimledger.ledger.predicates import predication, same_predicate, same_subject
from claimledger.ledger.text import bag


def stmt(source: int | None, content: str, article: str | None = None) -> Member:
    return Member(
        article_id=article or f"art{source}-{len(content)}",
        id="a1",
        content=content,
        content_start=0,
        bag=tuple(sorted(bag(content))),
        negative=False,
        hedged=False,
        confirmed=False,
        source_type="person",
        source_text=f"Speaker {source}",
        source_actor=source,
        channel_actor=None,
        outlet="Daily",
        outlet_actor=100,
        published="2031-04-02",
        duplicate=False,
        predication=predication(content),
    )


@pytest.mark.parametrize(
    "text, predicates, subject",
    [
        ("to close the Harwick ferry terminal to cargo ships", (("clos",),), ()),
        ("62 percent of residents supported her plan to close the terminal", (("support",),), ("resident",)),
        ("the terminal has not yet reopened", (("reopen",),), ("terminal",)),
        ("the harbour is still getting dredged", (("dredg",),), ("harbour",)),
        ("the toll was unfair", (("unfair",),), ("toll",)),
        ("barring trucks from the old bridge", (("ban",),), ()),  # "bar" folds to "ban"
        ("undocumented workers built the pier", (("build",),), ("undocument", "worker")),
        ("Many of the docks, he said, have flooded twice", (("flood",),), ("dock", "many")),
        ("They Will Not Raise The Harbour Toll Again", (("rais",),), ()),  # headline case
        ("the inspectors are already at the pier", (("locat",),), ("inspector",)),
    ],
)
def test_predicate_and_subject_are_read_from_the_words(
    text: str, predicates: tuple[tuple[str, ...], ...], subject: tuple[str, ...]
) -> None:
    found = predication(text)
    assert found.predicates == predicates
    assert found.subject == subject


def test_a_shared_topic_without_a_shared_predicate_is_two_claims() -> None:
    # five topic words shared (ban, trucks, entering, old, bridge), no predicate
    members = [
        stmt(1, "to ban heavy trucks from entering the old Harwick bridge"),
        stmt(2, "most drivers opposed a ban on heavy trucks entering the old Harwick bridge"),
    ]
    assert len(cluster(members).clusters) == 2


def test_the_same_predicate_and_subject_from_two_speakers_is_one_claim() -> None:
    members = [
        stmt(1, "the Harwick council approved the new harbour budget on Monday"),
        stmt(2, "the council approved Harwick's new harbour budget"),
    ]
    assert len(cluster(members).clusters) == 1


def test_an_unnamed_subject_is_the_speakers_own() -> None:
    # "to vote in the primary" said by two people is two intentions, even word for word ...
    members = [
        stmt(1, "to vote for the harbour levy in the spring referendum"),
        stmt(2, "they would vote for the harbour levy in the spring referendum"),
        stmt(3, "to vote for the harbour levy in the spring referendum"),
    ]
    assert len(cluster(members).clusters) == 3
    # ... and one person's two reports of it are one
    same = [*members[:2], replace(members[2], source_actor=1, source_text="Speaker 1")]
    assert len(cluster(same).clusters) == 2


def test_two_named_subjects_must_meet() -> None:
    a, b = (
        predication("the mayor will release her tax records"),
        predication("the harbour board will release its records"),
    )
    assert same_predicate(a, b, same_speaker=False)
    assert not same_subject(a, b, same_speaker=False)
    assert same_subject(a, b, same_speaker=True)


def test_one_quotation_credited_to_two_speakers_stays_one_claim() -> None:
    quote = "We cannot keep paying for a ferry that nobody in Harwick rides anymore, and we will say so"
    members = [stmt(1, f'"I think {quote}"'), stmt(2, f'"{quote}"')]
    assert len(cluster(members).clusters) == 1
