"""Ledger rules on hand-built data: bounds, actors, origins, contradictions, grades, JSONL input."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, timedelta

import pytest

from claimledger.errors import InputError
from claimledger.ingest.items import parse_jsonl_line
from claimledger.ledger.actors import Resolver, _row_names, _Wanted
from claimledger.ledger.claims import Estimate, Member, bounds, cluster, disjoint
from claimledger.ledger.contradictions import estimate_contradictions, parse_day
from claimledger.ledger.gazetteer import load
from claimledger.ledger.grading import Evidence, credibility, suggest_reliability
from claimledger.ledger.inputs import Attribution
from claimledger.ledger.origins import trace
from claimledger.ledger.people import People
from claimledger.ledger.text import bag, thing_key
from claimledger.store.actors import alias_key

DAY = (date(2024, 10, 21), date(2024, 10, 21))


def est(
    value: float,
    qualifier: str,
    low: float | None = None,
    high: float | None = None,
    frame: str = "current",
    window: tuple[date, date] | None = DAY,
    kind: str = "stock",
    key: frozenset[str] = frozenset({"@KP"}),
):  # type: ignore[no-untyped-def]
    """A figure of North Korean troops on 21 October 2024 (unless told otherwise)."""
    return Estimate(
        "q1",
        "art",
        value,
        low,
        high,
        qualifier,
        "troops",
        "KP",
        "troops",
        frame,
        str(value),
        0,
        1,
        kind=kind,
        key=key,
        particular=frozenset(t for t in key if t.startswith("@") or t[:1].isupper()),
        full=key,
        window=window,
    )


@pytest.mark.parametrize(
    "a, b, conflict",
    [
        (est(10_000, "upper_bound", high=10_000), est(12_000, "exact"), True),  # the example
        (est(1_500, "approximate"), est(1_000, "lower_bound", low=1_000), False),  # the example
        (est(1_500, "approximate"), est(1_700, "exact"), True),  # outside +/-10 %
        (est(1_500, "approximate"), est(1_640, "exact"), False),  # inside +/-10 %
        (est(11_000, "range", low=10_000, high=12_000), est(12_000, "exact"), False),
    ],
)
def test_bounds_overlap(a: Estimate, b: Estimate, conflict: bool) -> None:
    assert disjoint(a, b) is conflict


def test_bounds_intervals() -> None:
    assert bounds("upper_bound", 10_000, None, 10_000) == (0.0, 10_000)
    assert bounds("lower_bound", 1_000, 1_000, None) == (1_000, math.inf)
    assert bounds("approximate", 1_500, None, None) == pytest.approx((1_350, 1_650))


@pytest.mark.parametrize(
    "mention, source_type, expected",
    [
        ("Pyongyang", "country", ("North Korea", "country")),
        ("North Korean", "organization", ("North Korea", "country")),
        ("Moscow", "organization", ("Russia", "country")),
        ("the Kremlin", "organization", ("Russia", "country")),
        ("South Korea's spy agency", "organization", ("South Korean intelligence (NIS)", "organization")),
        ("Seoul's NIS", "organization", ("South Korean intelligence (NIS)", "organization")),
        (
            "These reports from South Korean intelligence",
            "document",
            ("South Korean intelligence (NIS)", "organization"),
        ),
        ("Ukrainian officials", "unnamed_group", ("Ukrainian government", "organization")),
        ("Zelensky", "person", ("Volodymyr Zelensky", "person")),
        ("President Zelensky", "person", ("Volodymyr Zelensky", "person")),
        ("the Associated Press", "organization", ("Associated Press", "outlet")),
        ("AP", "organization", ("Associated Press", "outlet")),
        ("a senior official", "anonymous", None),
        ("President Zelenskyy", "person", ("Volodymyr Zelensky", "person")),
        (
            "South Korea\u2019s spy agency",
            "organization",
            ("South Korean intelligence (NIS)", "organization"),
        ),
        ("nonpartisan Harbor Policy Institute", "organization", ("Harbor Policy Institute", "organization")),
        (
            "Harbor Policy Institute, a think tank in the capital",
            "organization",
            ("Harbor Policy Institute", "organization"),
        ),
        ("Even North Korea, Moscow's ally", "organization", ("North Korea", "country")),
        ("the bank", "organization", None),
        ("her campaign", "organization", None),
        # a person's campaign, however written, is one organization named after the person
        ("Zelensky\u2019s campaign", "organization", ("Volodymyr Zelensky campaign", "organization")),
        ("the Zelensky team", "organization", ("Volodymyr Zelensky campaign", "organization")),
        ("Volodymyr Zelensky Campaign", "organization", ("Volodymyr Zelensky campaign", "organization")),
        # a role in lower case is a description of a person, never an organization
        ("The GOP candidate", "organization", None),
        ("U.S. senator", "organization", None),
        ("Harbor Pollster", "organization", ("Harbor Pollster", "organization")),
        ("The Harbor Center for Justice", "organization", ("Harbor Center for Justice", "organization")),
        ("He", "person", None),
        ("it", "organization", None),
        ("Those", "unnamed_group", None),
        ("I", "person", None),
    ],
)
def test_mentions_resolve_to_canonical_actors(
    mention: str, source_type: str, expected: tuple[str, str] | None
) -> None:
    gaz = load()
    people = People(
        [("a1", "Volodymyr Zelensky"), ("a1", "Ihor Solovey")], frozenset(alias_key(t) for t in gaz.titles)
    )
    resolver = Resolver(gaz, ["Harbor Wire"], people)
    spec = resolver.spec(mention, source_type)
    got = (spec[0], spec[1]) if spec else None
    assert got == expected


def test_bag_folds_countries_synonyms_and_numbers() -> None:
    assert bag("About 1,500 North Korean soldiers arrived in Russia") == frozenset(
        {"#1500", "@KP", "troops", "arriv", "@RU"}
    )
    assert thing_key("North Korean soldiers") == ("KP", "troops")
    assert thing_key("troops") == (None, "troops")


def member(
    article: str, content: str, source: int | None, *, channel: int | None = None, outlet: int = 100, **kw
):  # type: ignore[no-untyped-def]
    return Member(
        article_id=article,
        id="a1",
        content=content,
        content_start=0,
        bag=bag(content),
        negative=kw.get("negative", False),
        denies=kw.get("negative", False),
        hedged=kw.get("hedged", False),
        confirmed=False,
        source_type=kw.get("source_type", "organization"),
        source_text=str(source),
        source_actor=source,
        channel_actor=channel,
        outlet=f"outlet{outlet}",
        outlet_actor=outlet,
        published=kw.get("published", "2024-10-18"),
        duplicate=False,
        estimates=kw.get("estimates", []),
    )


NAMES = {
    1: "South Korean intelligence (NIS)",
    2: "Reuters",
    3: "CNN",
    4: "Volodymyr Zelensky",
    100: "Daily A",
    101: "Daily B",
}
KINDS = {1: "organization", 2: "outlet", 3: "outlet", 4: "person", 100: "outlet", 101: "outlet"}


def test_channels_are_followed_back_to_one_origin() -> None:
    # "Reuters reported, citing South Korea's spy agency" and "CNN, citing Seoul's NIS":
    # both resolve to actor 1 with different channels; plus "Reuters reported" alone.
    members = [
        member("x", "About 1,500 North Korean soldiers arrived in Russia", 1, channel=2),
        member("y", "About 1,500 North Korean soldiers arrived in Russia", 1, channel=3, outlet=101),
        member("z", "About 1,500 North Korean soldiers arrived in Russia", 2, outlet=101),
        member("w", "About 1,500 North Korean soldiers arrived in Russia", None, source_type="author"),
    ]
    t = trace(members, NAMES, KINDS)
    assert [name for _k, name in t.origins] == ["South Korean intelligence (NIS)"]
    assert t.outlets == ["outlet100", "outlet101"]
    assert t.member_origin[("w", "a1")] is None  # the outlet repeating a sourced claim is no origin


def test_anonymous_sources_are_keyed_by_their_carrier() -> None:
    members = [
        member("x", "Troops were seen near the border", None, source_type="anonymous", channel=2),
        member("y", "Troops were seen near the border", None, source_type="anonymous", channel=2, outlet=101),
        member("z", "Troops were seen near the border", None, source_type="anonymous", outlet=101),
    ]
    t = trace(members, NAMES, KINDS)
    assert [name for _k, name in t.origins] == [
        "anonymous source via Reuters",
        "anonymous source via Daily B",
    ]
    assert t.anonymous_only


def test_denial_is_not_merged_but_flagged() -> None:
    members = [
        member("x", "North Korean troops have arrived in Russia", 1),
        member("y", "North Korean troops have arrived in Russia", 4),
        member("z", "North Korean troops have arrived in Russia", 5, negative=True),
    ]
    result = cluster(members)
    assert sorted(len(c) for c in result.clusters) == [1, 2]
    assert len(result.denials) == 1


def test_incompatible_estimates_are_kept_apart_and_contradict() -> None:
    e10 = est(10_000, "upper_bound", high=10_000, frame="projected")
    e12 = est(12_000, "exact", frame="projected")
    members = [
        member("x", "as many as 10,000 North Korean troops could be sent to Russia", 4, estimates=[e10]),
        member("y", "as many as 12,000 North Korean troops could be sent to Russia", 1, estimates=[e12]),
    ]
    result = cluster(members)
    assert len(result.clusters) == 2
    claim_of = {i: c for c, idxs in enumerate(result.clusters) for i in idxs}
    names = {("x", "a1"): "Zelensky", ("y", "a1"): "NIS"}
    found = estimate_contradictions(members, claim_of, names)
    assert [c.kind for c in found] == ["estimate"]
    # a week later the same gap is an estimate that moved, not a contradiction
    members[1].estimates = (replace(e12, window=(date(2024, 10, 28), date(2024, 10, 28))),)
    assert estimate_contradictions(members, claim_of, names) == []


def test_figures_that_agree_across_origins_mark_both_claims() -> None:
    e1500 = est(1_500, "approximate", low=1_350, high=1_650)
    e1400 = est(1_400, "exact")
    e9000 = est(9_000, "exact")
    members = [
        member("x", "about 1,500 North Korean troops have arrived in Russia", 4, estimates=[e1500]),
        member("y", "1,400 North Korean troops are in Russia now", 1, estimates=[e1400]),
        member("z", "9,000 North Korean troops are in Russia now", 5, estimates=[e9000]),
    ]
    claim_of = {0: 0, 1: 1, 2: 2}
    names = {("x", "a1"): "Zelensky", ("y", "a1"): "NIS", ("z", "a1"): "Kremlin"}
    agreeing: set[tuple[int, int]] = set()
    found = estimate_contradictions(members, claim_of, names, agreeing)
    assert agreeing == {(0, 1)}  # 1,400 lies within about 1,500; 9,000 agrees with neither
    assert sorted((c.a, c.b) for c in found) == [(0, 2), (1, 2)]
    # the same source giving both figures bears nothing out
    agreeing.clear()
    estimate_contradictions(members, claim_of, {**names, ("y", "a1"): "Zelensky"}, agreeing)
    assert agreeing == set()


@pytest.mark.parametrize(
    "opinions, origins, anon, hedged, agree, grade, rule",
    [
        (1, 1, False, 0, False, 6, "rule 6c"),  # one speaker's view or forecast
        (2, 2, False, 0, False, 2, "rule 2b"),  # shared by independent origins, still a view
        (1, 1, False, 0, True, 6, "rule 6c"),  # a forecast's figure confirms nothing either
        (0, 1, False, 0, True, 2, "rule 2c"),  # a figure another origin bears out
        (0, 1, False, 2, True, 3, "rule 3c"),
        (0, 1, True, 0, False, 4, "rule 4c"),  # a lone anonymous origin
        (0, 1, True, 0, True, 2, "rule 2c"),  # ... that another origin's figure bears out
        (0, 1, False, 0, False, 3, "rule 3b"),
    ],
)
def test_credibility_uses_views_agreement_and_anonymity(
    opinions: int, origins: int, anon: bool, hedged: int, agree: bool, grade: int, rule: str
) -> None:
    reports = max(opinions, 2)
    if opinions:
        opinions = reports
    ev = Evidence(origins, anon, reports, hedged, 0, (), (), opinion_reports=opinions, figures_agree=agree)
    got, reasons = credibility(ev)
    assert (got, reasons[-1].split(":")[0]) == (grade, rule)


@pytest.mark.parametrize(
    "origins, anon, reports, hedged, contra, grade",
    [
        (0, False, 1, 0, (), 6),
        (2, False, 3, 0, (), 1),
        (2, False, 2, 2, (), 2),
        (1, False, 1, 0, (), 3),
        (1, False, 1, 1, (), 4),
        (1, True, 1, 1, (), 6),
        (2, False, 6, 0, (1,), 3),
        (1, False, 1, 0, (1,), 4),
        (1, False, 1, 0, (2,), 5),
    ],
)
def test_credibility_rules(
    origins: int, anon: bool, reports: int, hedged: int, contra: tuple[int, ...], grade: int
) -> None:
    got, reasons = credibility(Evidence(origins, anon, reports, hedged, 0, contra, ("denial",) * len(contra)))
    assert got == grade
    assert any(r.startswith("rule ") for r in reasons)


def test_suggested_reliability() -> None:
    assert suggest_reliability(2, 2, 0)[0] == "F"
    assert suggest_reliability(4, 3, 0)[0] == "B"
    assert suggest_reliability(4, 2, 0)[0] == "C"
    assert suggest_reliability(4, 0, 3)[0] == "E"


@pytest.mark.parametrize(
    "line, message",
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
        ('{"title": "no text"}', "missing or empty 'text'"),
        ('{"text": "x", "published": 2024}', "'published' must be a string"),
    ],
)
def test_malformed_jsonl_lines_name_file_and_line(line: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as info:
        parse_jsonl_line(line, "feed.jsonl:7")
    assert str(info.value).startswith("feed.jsonl:7: ")


def _stmt(i: int, text: str, negative: bool = False) -> Member:
    from claimledger.ledger.text import is_negated

    return Member(
        article_id=f"a{i}",
        id="a1",
        content=text,
        content_start=0,
        bag=bag(text),
        negative=negative,
        hedged=False,
        confirmed=False,
        source_type="person",
        source_text=f"Speaker {i}",
        source_actor=i,
        channel_actor=None,
        outlet=f"Outlet {i}",
        outlet_actor=None,
        published=f"2025-03-0{i % 9 + 1}",
        duplicate=False,
        negated=is_negated(text),
        denies=negative or is_negated(text),
    )


def test_fragments_from_different_speakers_are_never_one_claim() -> None:
    members = [_stmt(1, "I hope so"), _stmt(2, "I hope so"), _stmt(3, "the data")]
    assert len(cluster(members).clusters) == 3


def test_a_negation_in_the_statement_keeps_two_statements_apart() -> None:
    members = [
        _stmt(1, "the mayor will sign the harbour budget this week"),
        _stmt(2, "the mayor will not sign the harbour budget this week"),
    ]
    assert len(cluster(members).clusters) == 2


def test_no_single_link_chain_joins_statements_that_share_nothing() -> None:
    # each neighbour shares most of its words with the next, the two ends share none
    chain = [
        "ferry fares rise harbour council vote tuesday",
        "ferry fares rise harbour council vote budget deficit",
        "harbour council vote budget deficit grows school closures",
        "budget deficit grows school closures teachers strike",
    ]
    clusters = cluster([_stmt(i, t) for i, t in enumerate(chain)]).clusters
    assert all(len(c) < len(chain) for c in clusters)
    assert not any({0, 3} <= set(c) for c in clusters)


def test_close_rewordings_still_make_one_claim() -> None:
    members = [
        _stmt(1, "About 50 drone instructors have arrived at the harbour base to train crews"),
        _stmt(2, "about 50 drone instructors arrived at the harbour base to train crews"),
        _stmt(3, "More than 40 drone instructors have arrived at the harbour base to train crews"),
    ]
    assert [len(c) for c in cluster(members).clusters] == [3]


def test_a_noun_phrase_states_nothing_and_never_merges() -> None:
    from dataclasses import replace

    from claimledger.ledger.text import has_predicate

    assert not has_predicate("former Harbor Gov. Ana Ruiz")
    assert has_predicate("former Harbor Gov. Ana Ruiz has the best experience")
    assert has_predicate("to close the harbour on Sundays")
    a = _stmt(1, "former Harbor Gov. Ana Ruiz has the best experience")
    b = replace(_stmt(2, "former Harbor Gov. Ana Ruiz in the race"), clause=False)
    assert len(cluster([a, b]).clusters) == 2


def test_a_report_relayed_inside_one_article_has_one_origin() -> None:
    from dataclasses import replace

    inner_text = "the ferry will stop running in May"
    outer = replace(_stmt(1, f"the mayor said {inner_text}"), source_actor=10, content_start=100)
    inner = replace(
        _stmt(1, inner_text), id="a2", source_actor=20, content_start=100 + len("the mayor said ")
    )
    found = trace([outer, inner], {10: "Harbor Gazette", 20: "Mayor Ana Ruiz"}, {10: "person", 20: "person"})
    assert [name for _key, name in found.origins] == ["Mayor Ana Ruiz"]


def test_a_question_is_no_origin() -> None:
    from dataclasses import replace

    asked = replace(_stmt(1, "whether the ferry will stop running in May?"), source_actor=10)
    said = replace(_stmt(2, "the ferry will stop running in May"), source_actor=20)
    found = trace([asked, said], {10: "Reporter", 20: "Mayor Ana Ruiz"}, {10: "person", 20: "person"})
    assert [name for _key, name in found.origins] == ["Mayor Ana Ruiz"]


def test_the_writers_own_i_is_the_articles_author() -> None:
    from claimledger.ledger import inputs
    from claimledger.ledger.actors import _source_name, _Wanted

    gaz = load()
    resolver = Resolver(gaz, ["Harbor Gazette"], People([], frozenset()))
    wanted = _Wanted(resolver, {})
    row = inputs.Attribution(
        "a1", "a1", "I", None, "person", None, "the ferry should run", 0, (), False, False, False
    )
    with_author = {"a1": inputs.Article("Harbor Gazette", "2025-03-01", None, author="Ana Ruiz")}
    assert _source_name(row, with_author, wanted, {}) == "Ana Ruiz"
    without = {"a1": inputs.Article("Harbor Gazette", "2025-03-01", None, None)}
    assert _source_name(row, without, wanted, {}) is None


def test_figures_print_at_full_precision() -> None:
    from claimledger.ledger.contradictions import fmt_interval

    assert fmt_interval(2.5, 2.5) == "2.5"
    assert fmt_interval(1350.0, 1650.0) == "1,350-1,650"
    assert fmt_interval(0.0, 0.25) == "at most 0.25"


def test_an_undated_figure_contradicts_nothing_and_a_source_never_itself() -> None:
    from dataclasses import replace

    from claimledger.ledger.contradictions import denial_contradictions
    from claimledger.ledger.figures import overlap

    day = parse_day("2025-03-01")
    assert day is not None
    assert not overlap(None, (day, day), 3)
    assert overlap((day, day), (day + timedelta(days=1), day + timedelta(days=1)), 3)
    said = replace(_stmt(1, "the ferry will stop running in May"), source_actor=7)
    unsaid = replace(_stmt(2, "the ferry will stop running in May"), source_actor=7, negative=True)
    other = replace(_stmt(3, "the ferry will stop running in May"), source_actor=8, negative=True)
    members = [said, unsaid, other]
    claim_of = {0: 0, 1: 1, 2: 2}
    names = {said.key: "Mayor", unsaid.key: "Mayor", other.key: "Council"}
    found = denial_contradictions([(0, 1), (0, 2)], members, claim_of, names)
    assert [(c.a, c.b) for c in found] == [(0, 2)]


def test_a_denial_needs_the_same_proposition_not_a_shared_word() -> None:
    members = [
        _stmt(1, "no bargaining over the budget took place", negative=True),
        _stmt(2, "the state funeral took place in Vienna on Friday"),
    ]
    assert cluster(members).denials == []


def test_a_negated_statement_denies_the_same_proposition_stated() -> None:
    from claimledger.ledger.contradictions import denial_contradictions

    members = [
        _stmt(1, "Pyongyang has sent thousands of troops to Russia"),
        _stmt(2, "Pyongyang has not sent thousands of troops to Russia"),
    ]
    result = cluster(members)
    assert len(result.clusters) == 2
    assert result.denials == [(0, 1)]
    claim_of = {i: c for c, idxs in enumerate(result.clusters) for i in idxs}
    (found,) = denial_contradictions(result.denials, members, claim_of, {})
    assert found.reason.startswith('denial: Speaker 2 denies "Pyongyang has not sent')


@pytest.mark.parametrize(
    "text, dismissal",
    [
        ("This is another fake news", True),
        ("the reports are groundless rumours", True),
        ("the reports were part of a Western campaign", False),
        ("the newsroom fakes nothing", False),
        ("stock market rumours that the bank is the other bidder", False),  # reports a rumour
        ("rumours of a merger lifted the shares", False),
        ("the story is just rumours", True),
    ],
)
def test_a_dismissal_is_a_denial(text: str, dismissal: bool) -> None:
    from claimledger.ledger.text import is_dismissal

    assert is_dismissal(text) is dismissal


def test_a_part_may_be_smaller_than_its_whole_but_not_larger() -> None:
    """ "22 top secret emails" against "1,300 emails": the narrower thing may count a part of
    the wider one, so it contradicts only by being larger than the whole."""
    whole = frozenset({"@KP", "troops"})
    part = frozenset({"@KP", "troops", "frontline"})
    names = {("x", "a1"): "Zelensky", ("y", "a1"): "NIS"}
    claim_of = {0: 0, 1: 1}

    def found(narrow: float, wide: float) -> list[str]:
        members = [
            member("x", "troops on the frontline in Kursk", 4, estimates=[est(narrow, "exact", key=part)]),
            member("y", "troops sent to Kursk", 1, estimates=[est(wide, "exact", key=whole)]),
        ]
        return [c.kind for c in estimate_contradictions(members, claim_of, names)]

    assert found(3_000, 11_000) == []  # 3,000 of the 11,000 are at the front: no conflict
    assert found(15_000, 11_000) == ["estimate"]  # more at the front than in all
    assert found(11_000, 3_000) == ["estimate"]


def test_two_figures_whose_reports_share_nothing_but_the_thing_do_not_conflict() -> None:
    """Reuters: "to use two Japanese companies to supply the parts" and "a debt to 30 Japanese
    companies" count different companies; with one more word in common they are one story."""
    names = {("x", "a1"): "Toyota", ("y", "a1"): "Li Sangsu"}
    claim_of = {0: 0, 1: 1}
    key = frozenset({"@JP", "compan"})

    def found(a: str, b: str) -> list[str]:
        members = [
            member("x", a, 4, estimates=[est(2, "exact", key=key)]),
            member("y", b, 1, estimates=[est(30, "exact", key=key)]),
        ]
        return [c.kind for c in estimate_contradictions(members, claim_of, names)]

    assert found("to use two Japanese companies to supply the parts", "a debt to 30 Japanese companies") == []
    assert found(
        "two Japanese companies will supply the engine parts",
        "30 Japanese companies will supply the engine parts",
    ) == ["estimate"]


@pytest.mark.parametrize(
    "content, projected",
    [
        ("to take in 250,000 Syrian refugees", True),  # a plan's content: an intention
        ("as many as 10,000 troops could be sent", True),
        ("eight Syrian refugees were detained at the border", False),
        ("today 1,500 troops arrived", False),
    ],
)
def test_an_infinitive_content_is_a_projection(content: str, projected: bool) -> None:
    from claimledger.ledger.text import is_projection

    assert is_projection(content) is projected


def test_a_capitalised_common_word_or_a_month_names_nothing_particular() -> None:
    from claimledger.ledger import figures

    common = figures.common_words(["revenue passenger miles", "revenue of the unit", "revenue growth"])
    assert "revenue" in common
    _key, particular = figures.thing_key("Revenue passenger miles", "mile", None, common)
    assert particular == frozenset()  # the capital only begins a sentence
    _key, particular = figures.thing_key("February load factor", "factor", None)
    assert particular == frozenset()
    _key, particular = figures.thing_key("Princeville shares", "share", None, common)
    assert particular == frozenset({"princeville"})


def test_things_name_the_same_particulars_to_be_one_thing() -> None:
    from claimledger.ledger.figures import same_thing

    gm, any_us = frozenset({"general", "motors", "u.s"}), frozenset({"u.s"})
    assert not same_thing(gm | {"car"}, gm, any_us | {"car"}, any_us)  # GM's cars are not every maker's
    kp = frozenset({"@KP"})
    assert same_thing(kp, kp, kp | {"frontline"}, kp)


@pytest.mark.parametrize(
    "content, figure, change",
    [
        ("Revenue passenger miles grew 95.8 pct in February", "95.8 pct", True),
        ("Consumer prices fell 0.1 pct in February", "0.1 pct", True),
        ("its load factor rose to 55.5 pct from 52.6 pct", "55.5 pct", False),  # a level
        ("the party won 56 pct of the vote", "56 pct", False),
    ],
)
def test_a_figure_right_after_a_change_verb_is_a_change(content: str, figure: str, change: bool) -> None:
    from claimledger.ledger.figures import after_change_verb

    assert after_change_verb(content, content.index(figure)) is change


def test_a_measure_unit_must_say_what_it_measures() -> None:
    """'57 cents' and '48 cents' (of what?) are never compared; 'tonnes of wheat' are."""

    def measured(thing: str, head: str, unit: str, country: str | None = None) -> Estimate:
        from claimledger.ledger import figures

        key, particular = figures.thing_key(thing, head, None)
        if country:
            key |= {f"@{country}"}  # a country the statement names, not the thing
        return replace(
            est(1.0, "exact"), thing=thing, head=head, unit=unit, key=key, particular=particular, full=key
        )

    from claimledger.ledger.claims import comparable

    cents = measured("cents", "cent", "cents", "NZ")
    assert not comparable(cents, cents)
    ecu = measured("European Currency Units", "unit", "units")
    assert not comparable(ecu, ecu)
    wheat = measured("tonnes of wheat Britain", "tonne", "tonnes")
    assert comparable(wheat, wheat)


def test_periods_of_unlike_length_or_apart_are_not_one_time() -> None:
    from claimledger.ledger.figures import same_span

    day = (date(1987, 3, 18), date(1987, 3, 18))
    march = (date(1987, 3, 1), date(1987, 3, 31))
    feb = (date(1987, 2, 1), date(1987, 2, 28))
    year = (date(1987, 1, 1), date(1987, 12, 31))
    assert same_span(day, (date(1987, 3, 19), date(1987, 3, 19)))  # two days' reports: as before
    assert same_span(march, march)
    assert not same_span(march, year)  # March's output is not the year's
    assert not same_span(day, march)
    assert not same_span(feb, march)  # January's index is not February's, however near


def test_a_part_of_a_named_whole_and_one_origin_under_two_spellings() -> None:
    from claimledger.ledger.contradictions import same_origin
    from claimledger.ledger.figures import partitive

    assert partitive("about 500,000 of Brazil's 700,000 bankworkers")
    assert not partitive("700,000 bankworkers")
    assert not partitive("56 pct of the vote")
    assert same_origin("Moody's Investors Service Inc", "Moody's Investor Service Inc")
    assert not same_origin("Moody's Investors Service Inc", "Standard and Poor's Corp")


def test_figures_whose_things_name_no_owner_are_not_compared() -> None:
    """'1.8 mln shares' and '3.5 mln shares' whose country comes only from the article."""
    a = replace(est(1_800_000, "exact"), named=False)
    b = replace(est(3_500_000, "exact"), named=False)
    members = [
        member("x", "it sold 1.8 mln shares", 4, estimates=[a]),
        member("y", "it sold 3.5 mln shares", 1, estimates=[b]),
    ]
    names = {("x", "a1"): "American Express", ("y", "a1"): "Combustion"}
    assert estimate_contradictions(members, {0: 0, 1: 1}, names) == []
    members[1].estimates = (replace(b, named=True),)  # one of them names whose
    assert [c.kind for c in estimate_contradictions(members, {0: 0, 1: 1}, names)] == ["estimate"]


@pytest.mark.parametrize(
    "first, second, conflict",
    [
        ("Acme Motor Co", "Zenith Corp", False),  # each company's own cars
        ("Acme Motor Co", "Ministry of Transport", True),  # a company against an agency: compared
        ("Acme Motor Co", "Acme Motor Corp", False),  # one origin under two spellings
    ],
)
def test_two_companies_count_their_own_unless_the_thing_names_one(
    first: str, second: str, conflict: bool
) -> None:
    """Two carmakers' "U.S. cars" sold in a month are each one's own sales: figures a company
    gives for a thing that names no owner are its own, so two companies' never conflict."""
    key = frozenset({"@US", "cars", "sold"})
    members = [
        member(
            "x",
            "it sold 189,610 U.S. cars in March, up from last year",
            4,
            estimates=[est(189_610, "exact", key=key)],
        ),
        member(
            "y",
            "it sold 98,648 U.S. cars in March, up from last year",
            1,
            estimates=[est(98_648, "exact", key=key)],
        ),
    ]
    names = {("x", "a1"): first, ("y", "a1"): second}
    found = [c.kind for c in estimate_contradictions(members, {0: 0, 1: 1}, names)]
    assert found == (["estimate"] if conflict else [])
    if first == "Acme Motor Co" and second == "Zenith Corp":  # the thing names one: compared again
        owned = frozenset({"@US", "cars", "sold", "acme"})
        members[0].estimates = (est(189_610, "exact", key=owned),)
        members[1].estimates = (est(98_648, "exact", key=owned),)
        assert [c.kind for c in estimate_contradictions(members, {0: 0, 1: 1}, names)] == ["estimate"]


@pytest.mark.parametrize(
    "content, figure, base",
    [
        ("three shares at 1.55 dlrs each for every four Bond Corp shares", "four", True),
        ("three shares at 1.55 dlrs each for every four Bond Corp shares", "three", False),
        ("For each five Bond Corp shares, holders receive one option", "five", True),
        ("one doctor per 1,000 people", "1,000", True),
        ("every one of the 40 instructors left", "40", False),
    ],
)
def test_the_base_of_a_rate_is_no_figure(content: str, figure: str, base: bool) -> None:
    from claimledger.ledger.figures import base_of_rate

    assert base_of_rate(content, content.index(figure)) is base


def test_a_crop_year_is_a_window_over_two_years() -> None:
    from claimledger.ledger.figures import window

    season = window("in the 1986/87 marketing season", "1987-03-03", False)
    assert season == (date(1986, 1, 1), date(1987, 12, 31))
    assert window("last week", "1987-03-03", False) == (date(1987, 2, 24), date(1987, 3, 2))


def test_the_campaign_is_the_campaign_named_last_never_another_organization() -> None:
    gaz = load()
    people = People([("a1", "Dana Morrow")], frozenset(alias_key(t) for t in gaz.titles))
    wanted = _Wanted(Resolver(gaz, ["Harbor Wire"], people), {})

    def row(k: int, source: str, source_type: str) -> Attribution:
        return Attribution("a1", f"r{k}", source, None, source_type, None, "x", k, (), False, False, False)

    rows = [
        row(0, "Morrow's campaign", "organization"),
        row(1, "the Harbor Bureau", "organization"),
        row(2, "The campaign", "organization"),
    ]
    sources, _ = _row_names(rows, {}, wanted)
    assert sources == ["Dana Morrow campaign", "Harbor Bureau", "Dana Morrow campaign"]
    # with no campaign named before it, "the campaign" is no one, not the bureau
    sources, _ = _row_names(rows[1:], {}, wanted)
    assert sources == ["Harbor Bureau", None]


def test_a_version_of_a_stored_article_corrects_it_and_contradicts_no_one() -> None:
    """A wire's corrected story ("corrects zinc to lead") is stored as a near-duplicate of
    the first: its figure differs from the original's, and the two are one source's story
    told twice, not two origins in conflict."""
    key = frozenset({"@US", "lead", "reserves"})
    members = [
        member(
            "x",
            "its lead reserves rose to 1.2 mln tonnes in 1986",
            4,
            estimates=[est(1_200_000, "exact", key=key)],
        ),
        member(
            "y",
            "its lead reserves rose to 3.9 mln tonnes in 1986",
            1,
            estimates=[est(3_900_000, "exact", key=key)],
        ),
    ]
    names = {("x", "a1"): "Ministry of Mines", ("y", "a1"): "Bureau of Statistics"}
    assert [c.kind for c in estimate_contradictions(members, {0: 0, 1: 1}, names)] == ["estimate"]
    members[1].duplicate = True  # the second article is a version of the first
    assert estimate_contradictions(members, {0: 0, 1: 1}, names) == []


# -- issue 17, stop 29: what the last false contradictions on real news taught ---------------


def test_one_article_names_one_body_short_and_long_and_never_contradicts_itself() -> None:
    from claimledger.ledger.contradictions import short_and_long

    assert short_and_long("Harbor Game", "Harbor Game Technology")
    assert short_and_long("Corvex", "Corvex Ltd")
    assert short_and_long("HEPCO", "Harbor Electric and Power Co")
    assert short_and_long("Linwood University School of Design", "Linwood's School of Design")
    assert not short_and_long("Ann Roe", "Ann Roe Jr.")  # a junior is not his father
    assert not short_and_long("Corvex", "Corvex Motor Co")  # one word: only before suffixes
    assert not short_and_long("House Budget Committee", "Senate Budget Committee")
    assert not short_and_long("anonymous source via Wire", "Wire")
    key = frozenset({"@US", "Harbor", "revenues"})
    members = [
        member("x", "it expects revenues of 21 mln dlrs", 1, estimates=[est(21e6, "exact", key=key)]),
        member("x", "it expects revenues of 82 mln dlrs", 2, estimates=[est(82e6, "exact", key=key)]),
    ]
    members[1].id = "a2"
    names = {("x", "a1"): "Harbor Game Technology", ("x", "a2"): "Harbor Game"}
    assert estimate_contradictions(members, {0: 0, 1: 1}, names) == []
    # the same two names in two articles may be two bodies: compared
    members[1].article_id = "y"
    names = {("x", "a1"): "Harbor Game Technology", ("y", "a2"): "Harbor Game"}
    assert [c.kind for c in estimate_contradictions(members, {0: 0, 1: 1}, names)] == ["estimate"]


def test_a_sum_whose_thing_says_only_how_much_and_whose_is_not_compared() -> None:
    from claimledger.ledger.claims import comparable
    from claimledger.ledger.figures import thing_key as figure_thing_key

    def money(thing: str, value: float) -> Estimate:
        key, particular = figure_thing_key(thing, "dlrs", None)
        return replace(
            est(value, "exact", key=key), thing=thing, head="dlrs", unit="mln dlrs", particular=particular
        )

    assert not comparable(money("mln dlrs of Sears", 4.2e6), money("mln dlrs of Sears", 29.4e6))
    assert not comparable(money("Harbor Game", 1e6), money("Harbor Game", 21e6))
    assert comparable(money("revenues of Harbor Game", 1e6), money("revenues of Harbor Game", 21e6))


def test_a_whole_is_contradicted_only_by_a_part_larger_than_it() -> None:
    whole = frozenset({"@TW", "overall", "trade", "surplu"})
    part = frozenset({"@TW", "surplu"})
    members = [
        member(
            "x",
            "the overall trade surplus widened to 15.2 bln dlrs last year",
            1,
            estimates=[est(15.2e9, "exact", key=whole)],
        ),
        member(
            "y",
            "the surplus with Europe widened to 1.53 bln dlrs last year",
            2,
            estimates=[est(1.53e9, "exact", key=part)],
        ),
    ]
    names = {("x", "a1"): "Morgan Bank", ("y", "a1"): "Statistics Office"}
    assert estimate_contradictions(members, {0: 0, 1: 1}, names) == []
    members[1].estimates = [est(19e9, "exact", key=part)]  # a part larger than the whole
    assert [c.kind for c in estimate_contradictions(members, {0: 0, 1: 1}, names)] == ["estimate"]


def test_a_span_up_to_the_report_is_a_period_not_a_day() -> None:
    from claimledger.ledger.figures import same_span, window

    two_years = window("In the past two years", "1987-03-16", False)
    assert two_years == (date(1985, 3, 17), date(1987, 3, 16))
    assert window("over the last 3 months", "1987-03-16", False) == (date(1986, 12, 17), date(1987, 3, 16))
    assert not same_span(two_years, window(None, "1987-03-16", False))


@pytest.mark.parametrize(
    "content, figure, aim",
    [
        ("when its tender offer for 3,300,000 Harbor shares expired", "3,300,000", True),
        ("it launched a bid for 5 mln shares", "5", True),
        ("the company is seeking 20 mln dlrs", "20", True),
        ("it had received 7,060,197 shares", "7,060,197", False),
    ],
)
def test_what_an_offer_seeks_is_an_aim(content: str, figure: str, aim: bool) -> None:
    from claimledger.ledger.figures import sought

    assert sought(content, content.index(figure)) is aim


def test_a_body_withdrawing_its_own_words_contradicts_no_one() -> None:
    from claimledger.ledger.contradictions import denial_contradictions

    text = "its announcement should not have said that plywood was excluded from the credits"
    denier = replace(_stmt(1, text), article_id="a1", negated=True, negative=True, source_text="the ministry")
    inner = text.index("plywood")
    own = replace(
        _stmt(2, "plywood was excluded from the credits"),
        article_id="a1",
        id="a2",
        content_start=inner,
        source_text="its announcement",
    )
    names = {denier.key: "Farm Ministry", own.key: "anonymous source"}
    assert denial_contradictions([(1, 0)], [own, denier], {0: 0, 1: 1}, names) == []
    # someone else's announcement, denied: a contradiction
    other = replace(own, source_text="the council's announcement", source_actor=9)
    names = {denier.key: "Farm Ministry", other.key: "Town Council"}
    assert len(denial_contradictions([(1, 0)], [other, denier], {0: 0, 1: 1}, names)) == 1


def test_a_share_class_is_no_particular_thing() -> None:
    from claimledger.ledger.figures import thing_key as figure_thing_key

    _, particular = figure_thing_key("shares of Class A common stock", "share", None)
    assert particular == frozenset()
