"""The attribution rule registry: one signature for every rule, ``RULES`` in run order,
named priorities, and the word lists of ``lexicons/data/attribution.json``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.tokens import Doc

from claimledger import lexicons
from claimledger.errors import LexiconError
from claimledger.pipeline.attribution import vocabulary
from claimledger.pipeline.attribution.component import RULES, find_attributions
from claimledger.pipeline.attribution.context import Candidate, Context, Priority, WholeTextRule, whole_text
from claimledger.pipeline.attribution.selection import select
from claimledger.syntax.parsetree import subtree_extents
from claimledger.syntax.quotes import Quotes, find_quotes
from claimledger.syntax.sources import Lexicon

#: One sentence or paragraph per rule of RULES (the nominal cue, the tag read as a noun
#: and the signed quotation included).
TEXT = (
    "The mayor said the bridge would reopen. According to the ministry, the port reopened last week. "
    "In the latest poll, Clinton led Trump by five points. Some estimates put the total at 12,000. "
    "The ferry line lost money in each of the last three years, port authority filings "
    "reviewed by the harbour trust show. Trump claims that he should be the exception. "
    "The minister's statement that the dam was safe drew criticism. "
    "Her criticism of the ferry fares was sharp. "
    "Party leaders were worried the ad would backfire. The senator took issue with the harbour report. "
    "The mayor referred to the pier as a death trap.\n\n"
    "PENCE: Well, look, we will win this race.\n\n"
    "\u201cThe ferry was the only way to reach the island for years.\u201d \u2015 Ana Ruiz\n\n"
    "Limbaugh added:\nThe whole thing was a setup from the very start.\n"
)


def test_rules_run_in_this_order() -> None:
    # the order decides between candidates of equal rank: a change here changes the output
    assert [rule.__name__ for rule in RULES] == [
        "verb_cues",
        "according_to",
        "in_a_poll",
        "poll_after_the_finding",
        "document_put",
        "noun_cues",
        "prepositional_noun_cues",
        "verbs_tagged_as_nouns",
        "trailing_tag_read_as_noun",
        "attitude_adjectives",
        "light_verb_cues",
        "prepositional_objects",
        "colon_quotes",
        "misparsed_closing_tags",
        "speaker_labels",
        "signed_quotes",
        "introduced_paragraphs",
    ]
    whole = [rule.__name__ for rule in RULES if isinstance(rule, WholeTextRule)]
    assert whole == ["speaker_labels", "signed_quotes", "introduced_paragraphs"]
    # the sentence rules come first, as they run
    assert [isinstance(rule, WholeTextRule) for rule in RULES] == [False] * 14 + [True] * 3


def contexts(doc: Any, rule: Any) -> list[Context]:
    text = doc.text
    lex, quotes, extents = Lexicon(), Quotes(find_quotes(text)), subtree_extents(doc)
    sents = [doc[:]] if isinstance(rule, WholeTextRule) else list(doc.sents)
    return [Context(doc, text, sent, quotes, lex, lambda: None, extents) for sent in sents]


@pytest.mark.model
def test_every_rule_takes_a_context_and_yields_candidates(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(TEXT)
    found = {}
    for rule in RULES:
        out = [cand for ctx in contexts(doc, rule) for cand in rule(ctx)]
        assert all(isinstance(c, Candidate) and isinstance(c.priority, Priority) for c in out), rule
        found[rule.__name__] = [(c.cue_lemma, TEXT[c.content[0] : c.content[1]]) for c in out]
    assert ("say", "the bridge would reopen") in found["verb_cues"]
    assert found["according_to"] == [("according to", "the port reopened last week")]
    assert found["in_a_poll"] == [("in", "Clinton led Trump by five points")]
    assert found["document_put"] == [("put", "the total at 12,000")]
    assert [(lemma, content[:16]) for lemma, content in found["noun_cues"]] == [
        ("statement", "the dam was safe")
    ]
    assert found["prepositional_noun_cues"] == [("criticism", "the ferry fares")]
    assert found["verbs_tagged_as_nouns"] == [("claim", "he should be the exception")]
    assert found["trailing_tag_read_as_noun"] == [
        ("show", "The ferry line lost money in each of the last three years")
    ]
    assert found["attitude_adjectives"] == [("worried", "the ad would backfire")]
    assert found["light_verb_cues"] == [("take issue", "the harbour report")]
    assert found["prepositional_objects"] == [("refer to", "the pier as a death trap")]
    assert found["speaker_labels"] == [(":", "Well, look, we will win this race.")]
    assert [lemma for lemma, _ in found["signed_quotes"]] == ["\u2015"]
    assert found["introduced_paragraphs"] == [("add", "The whole thing was a setup from the very start")]
    assert find_attributions(doc) == find_attributions(doc, rules=RULES)


@pytest.mark.model
def test_a_rule_added_to_a_copy_of_the_rules_is_run(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The weather was fine all week. The mayor said the bridge would reopen.")
    seen: list[str] = []

    def every_sentence(ctx: Context) -> Iterator[Candidate]:
        """A made-up construction: each sentence's first two words say the rest of it."""
        seen.append(ctx.sent.text)
        body = ctx.sent[2:-1]
        yield Candidate(ctx.sent[:2], None, (body.start_char, body.end_char), priority=Priority.LOOSE)

    alone = find_attributions(doc, rules=(every_sentence,))
    assert seen == ["The weather was fine all week.", "The mayor said the bridge would reopen."]
    assert [(a.source.text, a.content.text) for a in alone if a.source] == [
        ("The weather", "was fine all week"),
        ("The mayor", "said the bridge would reopen"),
    ]
    both = find_attributions(doc, rules=(*RULES, every_sentence))
    contents = [a.content.text for a in both]
    assert "was fine all week" in contents and "the bridge would reopen" in contents
    assert "the bridge would reopen" not in [a.content.text for a in find_attributions(doc, rules=())]


@pytest.mark.model
def test_a_whole_text_rule_runs_once_over_the_whole_text(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp('She said "we will see." Then he left.')
    calls: list[tuple[str, int]] = []

    @whole_text
    def once(ctx: Context) -> Iterator[Candidate]:
        """Reads the document, not a sentence."""
        calls.append((ctx.sent.text, len(ctx.quotes)))
        return iter(())

    find_attributions(doc, rules=(once,))
    assert calls == [(doc.text, 1)]
    assert once.__name__ == "once" and isinstance(once, WholeTextRule)


def test_priorities_rank_quotes_over_clauses_over_loose_contents_over_noun_phrases() -> None:
    assert list(Priority) == sorted(Priority)
    assert Priority.DIRECT_QUOTE > Priority.REPORTED_CLAUSE > Priority.LOOSE > Priority.NOUN_PHRASE
    assert [p.value for p in Priority] == [0, 1, 2, 3]


def test_the_higher_priority_wins_one_content_even_with_a_farther_cue() -> None:
    doc = spacy.blank("en")("Reports said the port was closed , officials added later today .")
    content = (doc[2].idx, doc[5].idx + len(doc[5].text))  # "the port was closed"
    near = Candidate(doc[0:1], doc[1:2], content, priority=Priority.NOUN_PHRASE)
    far = Candidate(doc[7:8], doc[8:9], content, priority=Priority.REPORTED_CLAUSE)
    assert select([near, far]) == [far]
    assert select([far, near]) == [far]
    # with equal priorities the cue nearer the content wins
    even = Candidate(doc[7:8], doc[8:9], content, priority=Priority.NOUN_PHRASE)
    assert select([even, near]) == [near]


ATTRIBUTION = lexicons.read(lexicons.DATA_DIR / f"{vocabulary.NAME}.json")
KEYS = list(ATTRIBUTION["en"])


@pytest.mark.parametrize("key", KEYS)
def test_every_word_list_loads_checked_and_documented(key: str) -> None:
    words = vocabulary.words(key)
    assert words and all(w == w.lower() for w in words)
    assert len(words) == len(ATTRIBUTION["en"][key])  # no duplicates
    assert len(ATTRIBUTION["_doc"][key]["doc"]) > 20, f"{key} is not explained"


def test_a_malformed_list_fails_at_load_naming_the_file_and_the_key(tmp_path: Path) -> None:
    bad = json.loads((lexicons.DATA_DIR / f"{vocabulary.NAME}.json").read_text(encoding="utf-8"))
    bad["en"]["causatives"].append("Make")
    (tmp_path / "attribution.json").write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(LexiconError, match=r"attribution\.json") as info:
        lexicons.load("attribution", data_dir=tmp_path)
    assert "causatives" in str(info.value)


def test_a_missing_list_fails_naming_it() -> None:
    with pytest.raises(LexiconError, match="no word list 'nothing_here'"):
        vocabulary.words("nothing_here")


# --------------------------------------------------------------------------- constructions the parser bends


def parse_of(nlp: Any, rows: str) -> Doc:
    """A Doc with the parse given row by row ("word head dep pos tag lemma ent"): the
    parser's reading of a real sentence, with invented words, pinned for the test."""
    cols = [r.split() for r in rows.strip().splitlines()]
    words, heads, deps, pos, tags, lemmas, ents = (list(c) for c in zip(*cols, strict=True))
    return Doc(
        nlp.vocab,
        words=words,
        spaces=[not (i + 1 < len(words) and words[i + 1] in ",.") for i in range(len(words))],
        heads=[int(h) for h in heads],
        deps=deps,
        pos=pos,
        tags=tags,
        lemmas=lemmas,
        ents=ents,
    )


def said(doc: Doc) -> list[tuple[str | None, str | None, str]]:
    return [
        (a.source.text if a.source else None, a.cue.text if a.cue else None, a.content.text)
        for a in find_attributions(doc)
    ]


@pytest.mark.model
def test_a_closing_tag_the_parser_joined_as_a_conjunct_reports_the_clause_before(nlp) -> None:  # type: ignore[no-untyped-def]
    # the parser reads ", Lena Moss told a council panel Tuesday" as a second conjunct of "includes"
    doc = nlp(
        "The plan includes a new unit to guard the northern harbour, "
        "Port Director Lena Moss told a council panel Tuesday."
    )
    assert ("Lena Moss", "told", "The plan includes a new unit to guard the northern harbour") in said(doc)
    # joined by "and", the second clause is the writer's, not a tag
    doc = nlp("The plan includes a new unit, and Lena Moss told a council panel about it.")
    assert [cue for _, cue, _ in said(doc)] == []


@pytest.mark.model
def test_a_cue_whose_subject_the_parser_hung_on_the_phrase_before_keeps_it(nlp) -> None:  # type: ignore[no-untyped-def]
    # "Tomas Varga, 44," read as an appositive of "plea": "said" has no subject in the parse
    doc = parse_of(
        nlp,
        """
        As 13 prep ADP IN as O
        a 2 det DET DT a O
        part 0 pobj NOUN NN part O
        of 2 prep ADP IN of O
        his 5 poss PRON PRP$ his O
        plea 3 pobj NOUN NN plea O
        , 5 punct PUNCT , , O
        Tomas 9 compound PROPN NNP Tomas B-PERSON
        Lehel 9 compound PROPN NNP Lehel I-PERSON
        Varga 5 appos PROPN NNP Varga I-PERSON
        , 9 punct PUNCT , , O
        44 9 appos NUM CD 44 B-DATE
        , 9 punct PUNCT , , O
        said 13 ROOT VERB VBD say O
        that 16 mark SCONJ IN that O
        he 16 nsubj PRON PRP he O
        sold 13 ccomp VERB VBD sell O
        forged 18 amod ADJ JJ forged O
        tickets 16 dobj NOUN NNS ticket O
        . 13 punct PUNCT . . O
        """,
    )
    assert said(doc) == [("Tomas Lehel Varga", "said", "he sold forged tickets")]


@pytest.mark.model
def test_a_cue_after_before_or_after_speaks_for_the_subject_of_the_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(
        "The ferry is safe, the captain told reporters, before insisting he had a great crew. "
        "After suggesting on Monday that she regretted the delay, Ms. Lund only briefly spoke."
    )
    found = said(doc)
    assert ("the captain", "insisting", "he had a great crew") in found
    assert ("Lund", "suggesting", "she regretted the delay") in found
    # "for" names a charge against its object, not what the subject said
    charged = said(nlp("She criticized him for saying the ferry was safe."))
    assert "saying" not in [cue for _, cue, _ in charged]


@pytest.mark.model
def test_citing_reasons_is_a_report_of_its_own_citing_a_source_credits_it(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(
        "It is a sign of the anger that people feel, Ms. Hale said, "
        "citing slow wage growth, rising rents and long commutes."
    )
    found = said(doc)
    assert ("Hale", "said", "It is a sign of the anger that people feel") in found
    assert ("Hale", "citing", "slow wage growth, rising rents and long commutes") in found
    # a person, a group or a document cited is where the report comes from
    doc = nlp("The bridge was safe, the agency said, citing two engineers.")
    assert said(doc) == [("two engineers", "said", "The bridge was safe")]


@pytest.mark.model
def test_a_short_answer_said_is_the_content(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Most riders said the ferry was late, and two-thirds said the same of the bus.")
    assert ("two-thirds", "said", "the same of the bus") in said(doc)
    doc = nlp("Asked if the fares were fair, 40 percent of riders said yes.")
    assert ("40 percent of riders", "said", "yes") in said(doc)


@pytest.mark.model
def test_a_paragraph_ending_in_its_cue_and_a_colon_introduces_the_next(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(
        "The vote was close.\n\nMs. Lund continued:\n\n"
        "\u201cYou look at the timetable: is the ferry late? Is the bus late? Who will fix it?\u201d\n\n"
        "The paper printed these same claims against the union in February, and the union responded:\n\n"
        '"If there are riders who are believed to be so prone to delays, the answer is more ferries."'
    )
    assert [(source, cue, content[:12]) for source, cue, content in said(doc)] == [
        ("Lund", "continued", "\u201cYou look at"),
        ("the union", "responded", '"If there ar'),
    ]


@pytest.mark.model
def test_a_cue_participle_after_a_noun_speaks_for_it(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Fares rose again, with analysts saying the trend would continue.")
    assert said(doc) == [("analysts", "saying", "the trend would continue")]
    assert said(nlp("There is a video showing soldiers marching.")) == []


@pytest.mark.model
def test_stance_verbs_with_a_person_or_group_take_a_noun_phrase_content(nlp) -> None:  # type: ignore[no-untyped-def]
    assert said(nlp("The harbour board rejected the notion that the pier was unsafe.")) == [
        ("The harbour board", "rejected", "the notion that the pier was unsafe")
    ]
    assert said(nlp("The union wants a new contract.")) == [("The union", "wants", "a new contract")]
    # a topic that only points back says nothing new; a vote is a body's act, not a stance told
    assert said(nlp("The mayor expressed her fears on the matter.")) == []
    assert said(nlp("By a vote of 12-3, the council rejected the harbour plan.")) == []
    # with no one to hold the stance, no record
    assert said(nlp("The figures want a closer look.")) == []


@pytest.mark.model
def test_a_speaking_verb_with_a_prepositional_object_reports_it(nlp) -> None:  # type: ignore[no-untyped-def]
    assert said(nlp("The union pushed on Friday for a new contract.")) == [
        ("The union", "pushed", "a new contract")
    ]
    assert said(nlp("She complained about the delays during the debate.")) == [
        ("She", "complained about", "the delays")
    ]
    found = said(nlp("The ferry is late, he said, referring to the morning crossing."))
    assert ("he", "referring to", "the morning crossing") in found
    # no one who speaks, a clause that is the report, a dash's gloss: no record of the object
    assert said(nlp("The prices responded slowly to the new rules.")) == []
    assert said(nlp("The council agreed with Ruiz that fares should fall.")) == [
        ("The council", "agreed", "fares should fall")
    ]
    assert said(nlp("The ministry did not respond to a request for comment.")) == []
    glossed = said(nlp('Ruiz said he will "go with a suspension" \u2013 referring to a procedural move.'))
    assert [cue for _, cue, _ in glossed] == ["said"]


@pytest.mark.model
def test_a_noun_of_stance_with_a_possessor_reports_its_object_or_infinitive(nlp) -> None:  # type: ignore[no-untyped-def]
    assert said(nlp("The chief's decision to notify Congress drew praise.")) == [
        ("The chief's", "decision", "to notify Congress")
    ]
    assert said(nlp("Their refusal to testify angered the panel.")) == [("Their", "refusal", "to testify")]
    assert said(nlp("Murphy's opposition to the funding plan is known.")) == [
        ("Murphy's", "opposition", "the funding plan")
    ]
    # no possessor, no one named; the object of a verb is that verb's stance
    assert said(nlp("Opposition to the funding plan grew.")) == []
    assert said(nlp("The mayor defended her decision to close the pier.")) == [
        ("The mayor", "defended", "her decision to close the pier")
    ]


@pytest.mark.model
def test_a_stance_participle_after_a_noun_that_names_people_speaks_for_it(nlp) -> None:  # type: ignore[no-untyped-def]
    assert said(nlp("Pastors supporting Mr. Cruz met on Friday.")) == [("Pastors", "supporting", "Mr. Cruz")]
    assert said(nlp("The super PAC supporting Jeb Bush raised money.")) == [
        ("The super PAC", "supporting", "Jeb Bush")
    ]
    # a bill or a video holds no stance
    assert said(nlp("The bill opposing the tax passed.")) == []


@pytest.mark.model
def test_a_stance_verb_takes_its_pronoun_object_as_content(nlp) -> None:  # type: ignore[no-untyped-def]
    assert said(nlp("The mayor endorsed her on Friday.")) == [("The mayor", "endorsed", "her")]
    # other verbs take a pronoun object only with a charge
    assert said(nlp("The mayor thanked her on Friday.")) == []
    assert said(nlp("The mayor thanked her for the report.")) == [
        ("The mayor", "thanked", "her for the report")
    ]


@pytest.mark.model
def test_a_share_of_people_holds_a_stance(nlp) -> None:  # type: ignore[no-untyped-def]
    assert said(nlp("A majority of voters supported the levy.")) == [
        ("A majority of voters", "supported", "the levy")
    ]
    assert said(nlp("Most oppose the plan.")) == [("Most", "oppose", "the plan")]
    # a share of a thing holds nothing
    assert said(nlp("40 percent of the budget supports the navy.")) == []


@pytest.mark.model
def test_offer_reports_only_when_it_gives_words_or_a_view(nlp) -> None:  # type: ignore[no-untyped-def]
    assert said(nlp("Rubio offered a defense of the ferry bill.")) == [
        ("Rubio", "offered", "a defense of the ferry bill")
    ]
    assert said(nlp("Ruiz offered more clarity on the plan.")) == []


@pytest.mark.model
def test_a_clause_ending_in_a_colon_introduces_the_quotation_after_it(nlp) -> None:  # type: ignore[no-untyped-def]
    # any verb with a holder: the lexicon lists neither "shoot back" nor "boom"
    doc = nlp('Mr. Lund shot back: "That would be good."')
    assert said(doc) == [("Lund", "shot", '"That would be good."')]
    doc = nlp('The harbour board sent the crews a simple message: "Stay in port."')
    assert said(doc) == [("The harbour board", "sent", '"Stay in port."')]
    # no holder ("there was"), or a quotation that does not open at the colon: nothing
    assert said(nlp('Then there was the oldest promise of all: "Fares will fall."')) == []
    assert said(nlp('The crews waited all day: the "old ferry" was late again.')) == []


@pytest.mark.model
def test_a_closing_tag_the_parser_hung_elsewhere_reports_the_sentence_before_it(nlp) -> None:  # type: ignore[no-untyped-def]
    # the parser reads "the poll found" as a relative clause of "Trump"
    doc = nlp("Eighty-four percent of ferry riders have an unfavorable view of Trump, the poll found.")
    assert said(doc) == [
        ("the poll", "found", "Eighty-four percent of ferry riders have an unfavorable view of Trump")
    ]
    # ... and "records" as a compound of "show", which is left without a subject
    doc = nlp(
        "In all, the Tampa host committee raised $57 million, Federal Election Commission records show."
    )
    assert said(doc) == [
        ("Federal Election Commission records", "show", "In all, the Tampa host committee raised $57 million")
    ]
    # a tag with a complement of its own, or none set off by a comma, is no closing tag
    assert said(nlp("The ferry was late because the crew found a leak.")) == []


@pytest.mark.model
def test_a_finding_told_before_the_poll_it_is_in_is_the_polls(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The mayor fell to 10 percent in the latest harbour poll.")
    assert said(doc) == [("the latest harbour poll", "in", "The mayor fell to 10 percent")]
    # the parser hangs "in the polls" on the object: still the finding's
    doc = nlp("Ruiz has a decisive lead in the polls ahead of the May vote.")
    assert said(doc) == [("the polls", "in", "Ruiz has a decisive lead")]
    # a relative clause describes its noun; a report is a document's place, not a poll's finding
    assert said(nlp("Ruiz, who leads in the polls, spoke at the pier.")) == []
    assert [a for a in said(nlp("The ferry lost money in its 2013 report.")) if a[1] == "in"] == []


@pytest.mark.model
def test_an_infinitive_cue_inside_another_cues_content_is_no_report_of_its_own(nlp) -> None:  # type: ignore[no-untyped-def]
    # "declined to say whether ...": one record, the holder's refusal; "to say" adds nothing
    doc = nlp("The harbour master declined to say whether the pier was safe.")
    assert said(doc) == [("The harbour master", "declined", "to say whether the pier was safe")]
    # "said" with an infinitive is a cue of its own ("said to be", no holder: none here)
    doc = nlp("The mayor said she wanted the pier to reopen.")
    assert said(doc) == [("The mayor", "said", "she wanted the pier to reopen")]
