"""Origins that are mentions or another name of one body (issue 16, origins): a report that
names someone's proposal does not make it, one body under a short and a long name is one
origin, and one quotation written with or without a hyphen is one utterance. Invented
sentences only."""

from __future__ import annotations

import pytest

from claimledger.ledger.claims import Member
from claimledger.ledger.origins import _mention, trace
from claimledger.ledger.text import bag


def stmt(article: str, text: str, source: int | None, *, source_text: str = "", key: str = "a1") -> Member:
    return Member(
        article_id=article,
        id=key,
        content=text,
        content_start=0,
        bag=bag(text),
        negative=False,
        hedged=False,
        confirmed=False,
        source_type="person" if source is not None else "anonymous",
        source_text=source_text,
        source_actor=source,
        channel_actor=None,
        outlet=f"outlet {article}",
        outlet_actor=100,
        published=f"2025-03-0{len(article)}",
        duplicate=False,
    )


NAMES = {
    1: "Ana Ruiz",
    2: "Tom Okafor",
    3: "Ferry Users Union",
    4: "Harbor Budget Office",
    5: "Harbor Budget Office at the University of Eastport",
    6: "Ana",
    7: "Harbor",
    8: "Harbor Budget Office of Westport",
    100: "Harbor Gazette",
}
KINDS = {1: "person", 2: "person", 3: "organization", 4: "organization", 5: "organization"}
KINDS |= {6: "person", 7: "organization", 8: "organization", 100: "outlet"}


def origins(members: list[Member]) -> list[str]:
    return [name for _key, name in trace(members, NAMES, KINDS).origins]


@pytest.mark.parametrize(
    ("text", "possessor"),
    [
        ("Ruiz's proposal to close the harbour ferry on Sundays", "Ruiz"),
        ("Mayor Ana Ruiz's controversial call for a ferry toll", "Mayor Ana Ruiz"),
        ("his call for a temporary toll on the harbour ferry", "his"),
        ("her pledge to close the ferry", "her"),
        ("the harbour ferry will close on Sundays", None),
        ("Ruiz wants a toll on the ferry", None),
        ("his support of a ferry toll", None),  # support is no proposal
        ("the Ruiz proposal to close the ferry", None),  # no possessive
    ],
)
def test_a_statement_that_opens_with_someones_proposal(text: str, possessor: str | None) -> None:
    assert _mention(text) == possessor


def test_a_group_mentioning_a_named_speakers_proposal_is_no_origin_of_its_own() -> None:
    members = [
        stmt("a", "to close the harbour ferry on Sundays", 1),
        stmt("bb", "Ruiz's proposal to close the harbour ferry on Sundays", 3),
        stmt("ccc", "to close the harbour ferry on Sundays", 1),
    ]
    found = trace(members, NAMES, KINDS)
    assert [name for _k, name in found.origins] == ["Ana Ruiz"]
    assert found.member_origin[("bb", "a1")] == (("actor", 1), "Ana Ruiz")


def test_an_unnamed_source_mentioning_his_call_is_the_claims_only_named_person() -> None:
    members = [
        stmt("a", "a toll on the harbour ferry", 2),
        stmt("bb", "his call for a toll on the harbour ferry", None, source_text="the organization"),
    ]
    assert origins(members) == ["Tom Okafor"]


def test_a_mention_stays_an_origin_when_the_claim_cannot_say_whose_it_is() -> None:
    # "his" with two named people in the claim; a named person's own "his plan"
    members = [
        stmt("a", "a toll on the harbour ferry", 2),
        stmt("bb", "a toll on the harbour ferry", 1),
        stmt("ccc", "his plan for a toll on the harbour ferry", None, source_text="critics"),
    ]
    assert len(origins(members)) == 3
    own = [
        stmt("a", "a toll on the harbour ferry", 2),
        stmt("bb", "his plan for a toll on the harbour ferry", 1),
    ]
    assert origins(own) == ["Tom Okafor", "Ana Ruiz"]


def test_one_body_under_a_short_and_a_long_name_is_one_origin() -> None:
    said = "the ferry toll would raise 2 million dollars over the decade"
    members = [stmt("a", said, 4), stmt("bb", said, 5)]
    assert origins(members) == ["Harbor Budget Office"]


def test_a_given_name_alone_is_the_person_it_begins() -> None:
    said = "the ferry toll would hurt the harbour workers"
    assert origins([stmt("a", said, 6), stmt("bb", said, 1)]) == ["Ana Ruiz"]


def test_names_that_only_begin_alike_stay_two_origins() -> None:
    said = "the ferry toll would raise 2 million dollars over the decade"
    # one word that is a body's name, not a person's given name: "Harbor" is not the office
    assert len(origins([stmt("a", said, 7), stmt("bb", said, 4)])) == 2
    # the short name begins two long ones: which is it?
    assert len(origins([stmt("a", said, 4), stmt("bb", said, 5), stmt("ccc", said, 8)])) == 3


def test_one_quotation_with_and_without_a_hyphen_is_one_utterance() -> None:
    members = [
        stmt("a", '"The bluster. The shouting. The absurd, third-grade antics."', 1),
        stmt("bb", "Okafor for \u201cthe bluster, the shouting, the absurd third grade antics\u201d", 2),
    ]
    assert len(origins(members)) == 1


def test_a_quotation_framed_by_the_writer_is_its_speakers_not_the_reader_of_a_bare_one() -> None:
    # a moderator reads the words out (a bare quotation); another report frames them as Okafor's
    members = [
        stmt("a", '"The bluster. The shouting. The absurd antics of the harbour board."', 1),
        stmt(
            "bb",
            "the board for \u201cthe bluster, the shouting, the absurd antics of the harbour board\u201d",
            2,
        ),
    ]
    assert origins(members) == ["Tom Okafor"]
    # both bare: the first credited, as before
    bare = [members[0], stmt("bb", '"The bluster. The shouting. The absurd antics of the harbour board."', 2)]
    assert origins(bare) == ["Ana Ruiz"]
