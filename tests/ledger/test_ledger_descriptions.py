"""Claims are propositions, not shared names; a description of a named speaker is that
speaker, not one more origin (issue 16). Invented sentences only."""

from __future__ import annotations

from dataclasses import replace

import pytest

from claimledger.ledger import descriptions
from claimledger.ledger.claims import Member, cluster
from claimledger.ledger.origins import trace
from claimledger.ledger.text import bag, is_negated, name_words, relative_clause


def stmt(
    article: str, text: str, source: int | None, *, source_text: str = "", start: int = 0, key: str = "a1"
) -> Member:
    return Member(
        article_id=article,
        id=key,
        content=text,
        content_start=start,
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
        negated=is_negated(text),
        denies=is_negated(text),
        name_words=tuple(sorted(name_words(text))),
    )


NAMES = {1: "Ana Ruiz", 2: "Tom Okafor", 3: "Harbor Ferry Company", 100: "Harbor Gazette"}
KINDS = {1: "person", 2: "person", 3: "organization", 100: "outlet"}


def origins(members: list[Member]) -> list[str]:
    return [name for _key, name in trace(members, NAMES, KINDS).origins]


# --------------------------------------------------------------------------- (a) merging


def test_the_words_of_multi_word_names() -> None:
    assert name_words("she will preserve the Harbor Ferry Subsidy Act") == {
        "harbor",
        "ferry",
        "subsidy",
        "act",
    }
    assert name_words("Mayor Ana Ruiz will close the harbour") == {"mayor", "ana", "ruiz"}
    # a title's full stop does not break a name; a comma or a possessive ends it
    assert name_words("the deficit grew, according to Mrs. Ruiz") == {"mrs", "ruiz"}
    assert name_words("Ruiz, Okafor and the council") == frozenset()
    assert name_words("to build on Mayor Ruiz's Harbor Ferry Act") == {
        "mayor",
        "ruiz",
        "harbor",
        "ferry",
        "act",
    }
    # a word also written in lower case is not only a name's; a headline's capitals are no names
    assert name_words("the ferry stops, the Harbor Ferry Company said") == {"harbor", "company"}
    assert name_words("We Do Not Close The Harbor On Sundays") == frozenset()


def test_two_statements_that_share_only_a_name_are_two_claims() -> None:
    members = [
        stmt("a", "she was the one to preserve the Harbor Ferry Subsidy Act", 1),
        stmt("bb", "he helped write the Harbor Ferry Subsidy Act", 2),
    ]
    assert [len(c) for c in cluster(members).clusters] == [1, 1]


def test_two_reports_of_one_deal_between_named_companies_are_one_claim() -> None:
    members = [
        stmt("a", "it has signed a definitive agreement to buy Lincoln Harbor Savings Bank", 3),
        stmt("bb", "it signed a definitive agreement to buy Lincoln Harbor Savings Bank FSB", 3),
    ]
    assert [len(c) for c in cluster(members).clusters] == [2]


def test_a_trimmed_quote_with_names_is_still_one_claim() -> None:
    whole = (
        "They have sold access to the harbour board for years. Ana Ruiz turned the Harbor Ferry "
        "Company into her private hedge fund, and everyone knows it"
    )
    members = [
        stmt("a", "Ana Ruiz turned the Harbor Ferry Company into her private hedge fund", 2),
        stmt("bb", whole, 2),
    ]
    assert [len(c) for c in cluster(members).clusters] == [2]


def test_a_refusal_is_not_the_act_refused() -> None:
    assert is_negated("her refusal to release the transcripts of her harbour speeches")
    members = [
        stmt("a", "she will release the transcripts of her harbour speeches when others do", 1),
        stmt("bb", "her refusal to release the transcripts of her harbour speeches", 2),
    ]
    assert [len(c) for c in cluster(members).clusters] == [1, 1]


# --------------------------------------------------------------------------- (b) descriptions


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("the Democratic front-runner", descriptions.ONE),
        ("A Harbor campaign official", descriptions.ONE),
        ("the candidate", descriptions.ONE),
        ("a speech", descriptions.THING),
        ("the rally", descriptions.THING),
        ("critics", descriptions.GROUP),
        ("most of his competitors", descriptions.GROUP),
        ("60 percent", descriptions.GROUP),
        ("the new poll", descriptions.GROUP),
        ("they", descriptions.GROUP),
        ("Ruiz and the ferry board", descriptions.GROUP),
        ("a source familiar with the talks", descriptions.UNNAMED),
        ("the report published Tuesday", descriptions.OTHER),
    ],
)
def test_what_an_unnamed_source_describes(text: str, kind: str) -> None:
    assert descriptions.kind(text) == kind


def test_an_actor_named_only_by_a_role_is_a_description() -> None:
    assert descriptions.is_description("Republican candidate")
    assert descriptions.is_description("Wisconsin Republican")
    assert not descriptions.is_description("Harbor campaign")  # a name with a role word
    assert not descriptions.is_description("King")  # one word may be a surname
    assert not descriptions.is_description("American government")  # a body, not a person


def test_a_description_in_another_article_is_the_claims_only_named_speaker() -> None:
    said = "the harbour ferry will stop running on Sundays from May"
    members = [
        stmt("a", said, 1),
        stmt("bb", said, None, source_text="the Democratic front-runner"),
        stmt("ccc", said, None, source_text="a speech"),
    ]
    assert origins(members) == ["Ana Ruiz"]


def test_a_description_in_the_same_article_is_the_speaker_it_names() -> None:
    said = "the harbour ferry will stop running on Sundays from May"
    members = [
        stmt("a", said, 1),
        stmt("a", said, 2, key="a2", start=100),
        stmt("a", said, None, source_text="the official", key="a3", start=200),
    ]
    found = trace(members, NAMES, KINDS)
    assert [name for _k, name in found.origins] == ["Ana Ruiz", "Tom Okafor"]
    assert found.member_origin[("a", "a3")] == (("actor", 1), "Ana Ruiz")


def test_a_description_that_holds_a_name_is_that_speaker() -> None:
    said = "the harbour ferry will stop running on Sundays from May"
    members = [
        stmt("a", said, 1),
        stmt("bb", said, 3),
        stmt("ccc", said, None, source_text="One Ferry Company spokesman"),
    ]
    found = trace(members, NAMES, KINDS)
    assert found.member_origin[("ccc", "a1")] == (("actor", 3), "Harbor Ferry Company")
    assert len(found.origins) == 2


@pytest.mark.parametrize(
    "source_text",
    ["critics", "60 percent of voters", "a source familiar with the talks", "a Harbor Times report"],
)
def test_groups_and_unnamed_sources_stay_origins_of_their_own(source_text: str) -> None:
    said = "the harbour ferry will stop running on Sundays from May"
    members = [stmt("a", said, 1), stmt("a", said, None, source_text=source_text, key="a2", start=100)]
    assert len(origins(members)) == 2


def test_a_description_that_speaks_of_the_speaker_is_someone_else() -> None:
    members = [
        stmt("a", "the harbour ferry will stop running on Sundays from May", 1),
        stmt(
            "bb",
            "Ruiz says the harbour ferry will stop running on Sundays from May",
            None,
            source_text="the candidate",
        ),
    ]
    assert len(origins(members)) == 2


def test_two_named_people_on_each_side_leave_a_description_untied() -> None:
    said = "the harbour ferry will stop running on Sundays from May"
    members = [stmt("a", said, 1), stmt("bb", said, 2), stmt("ccc", said, None, source_text="the candidate")]
    assert len(origins(members)) == 3


def test_one_quotation_credited_to_two_speakers_is_one_origin() -> None:
    quote = '"I cannot believe how civil the harbour council debate has been tonight," '
    members = [
        stmt("a", quote, 1),
        stmt("bb", quote.replace("tonight", "so far tonight"), 2),
        stmt("ccc", quote, 1),
    ]
    found = trace(members, NAMES, KINDS)
    assert [name for _k, name in found.origins] == ["Ana Ruiz"]  # the speaker most reports credit


def test_a_quotation_that_names_one_of_its_speakers_is_the_others() -> None:
    quote = '"Is Ana Ruiz finally going to mention the harbour ferry deficit tonight?" '
    members = [stmt("a", quote.replace("?", "."), 1), stmt("bb", quote.replace("?", "."), 2)]
    found = trace([replace(m) for m in members], NAMES, KINDS)
    assert [name for _k, name in found.origins] == ["Tom Okafor"]


@pytest.mark.parametrize(
    ("text", "relative"),
    [
        ("that he thought would close the harbour for good", True),
        ("which the harbour board said was careless", True),
        ("who she thinks will win the harbour seat", True),
        ("that could happen in the spring", True),
        ("that the ferry will stop running in May", False),  # a complement: a proposition
        ("That Ruiz is the better candidate", False),  # a sentence's first word
        ("that comment", False),
    ],
)
def test_a_relative_clause_cut_from_its_noun_is_no_proposition(text: str, relative: bool) -> None:
    assert relative_clause(text) is relative


def test_the_same_relative_clause_in_two_articles_is_not_one_claim() -> None:
    text = "that he thought would close the harbour for good"
    members = [
        replace(stmt("a", text, 1), clause=not relative_clause(text)),
        replace(stmt("bb", text, 1), clause=not relative_clause(text)),
    ]
    assert [len(c) for c in cluster(members).clusters] == [1, 1]


def test_a_statement_that_quotes_anothers_words_is_not_another_origin() -> None:
    members = [
        stmt("a", 'she was "going to close the harbour to the ferries for good," she said', 1),
        stmt("bb", '"We\'re going to close the harbour to the ferries for good."', 2),
    ]
    assert len(origins(members)) == 1
    unquoted = [replace(m, content=m.content.replace('"', "")) for m in members]
    assert len(origins(unquoted)) == 2  # without quotation marks, two people may say one thing
