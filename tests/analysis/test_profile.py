"""The sourcing profile: counts an editor relies on, and a stable JSON shape."""

from __future__ import annotations

import json

from claimledger.analysis.profile import format_profile_lines, normalize_channel, sourcing_profile
from claimledger.models import Attribution, Hedge, Span
from fixtures_analysis import seed_analysis


def _att(
    aid: str,
    source: str | None,
    source_type: str,
    *,
    channel: str | None = None,
    hedge_ids: tuple[str, ...] = (),
    quote_type: str = "indirect",
    resolved: str | None = None,
) -> Attribution:
    return Attribution(
        aid,
        source=Span(source, 0, len(source)) if source else None,
        source_type=source_type,  # type: ignore[arg-type]
        cue=Span("said", 0, 4),
        content=Span("x", 0, 1),
        quote_type=quote_type,  # type: ignore[arg-type]
        channel=Span(channel, 0, len(channel)) if channel else None,
        source_resolved=resolved,
        hedge_ids=hedge_ids,
    )


def _hedge(hid: str, kind: str) -> Hedge:
    return Hedge(hid, Span("m", 0, 1), kind, Span("m", 0, 1), "m")  # type: ignore[arg-type]


def test_seed_profile_counts() -> None:
    a = seed_analysis()
    p = sourcing_profile(a.attributions, a.hedges)
    assert p["attributions"] == 9
    assert p["sources"] == {
        "named_person": 3,
        "named_organization": 0,
        "document": 3,
        "anonymous": 2,
        "author": 1,
    }
    assert p["by_source_type"]["unnamed_group"] == 2
    assert p["by_source_type"]["anonymous"] == 0
    # a2 (h2), a6 and a7 (both h6) are unverified; a3 carries the confirmation.
    assert p["certainty"] == {"hedged": 0, "unverified": 3, "denied": 0, "confirmed": 1, "unqualified": 5}
    assert p["hedges"] == {"total": 6, "hedge": 2, "unverified": 3, "denial": 0, "confirmation": 1}
    assert p["quotes"] == {"direct": 1, "indirect": 8, "mixed": 0}
    assert p["channels"] == [
        {"channel": "Associated Press", "count": 1},
        {"channel": "CNN", "count": 1},
    ]
    assert p["top_sources"][0] == {"source": "Volodymyr Zelensky", "source_type": "person", "count": 2}
    assert all(s["source"] != "(author)" for s in p["top_sources"])
    assert len(p["top_sources"]) == 5
    assert p["named_share"] == 0.333
    assert json.loads(json.dumps(p)) == p


def test_channels_normalised_and_counted_once_per_spelling() -> None:
    atts = [
        _att("a1", "A", "person", channel="the Associated Press"),
        _att("a2", "B", "person", channel="Associated Press"),
        _att("a3", "C", "person", channel="The  associated press"),
        _att("a4", "D", "person", channel="Theater Weekly"),
        _att("a5", "E", "person", channel="CNN"),
        _att("a6", "F", "person", channel="CNN"),
    ]
    p = sourcing_profile(atts, [])
    assert p["channels"] == [
        {"channel": "Associated Press", "count": 3},
        {"channel": "CNN", "count": 2},
        {"channel": "Theater Weekly", "count": 1},
    ]
    assert normalize_channel("  the   Kyiv Independent ") == "Kyiv Independent"
    assert normalize_channel("Thereporter") == "Thereporter"


def test_buckets_merge_org_with_country_and_anonymous_with_groups() -> None:
    atts = [
        _att("a1", "the Kremlin", "organization"),
        _att("a2", "Russia", "country"),
        _att("a3", "A U.S. official", "anonymous"),
        _att("a4", "analysts", "unnamed_group"),
        _att("a5", None, "author"),
        _att("a6", "a leaked memo", "document", quote_type="mixed"),
    ]
    p = sourcing_profile(atts, [])
    assert p["sources"] == {
        "named_person": 0,
        "named_organization": 2,
        "document": 1,
        "anonymous": 2,
        "author": 1,
    }
    assert p["quotes"] == {"direct": 0, "indirect": 5, "mixed": 1}
    assert p["named_share"] == round(2 / 6, 3)
    assert [s["source"] for s in p["top_sources"]] == [
        "the Kremlin",
        "Russia",
        "A U.S. official",
        "analysts",
        "a leaked memo",
    ]


def test_certainty_counts_each_kind_once_per_attribution_and_ignores_dangling_ids() -> None:
    hedges = [
        _hedge("h1", "hedge"),
        _hedge("h2", "hedge"),
        _hedge("h3", "denial"),
        _hedge("h4", "unverified"),
    ]
    atts = [
        _att("a1", "A", "person", hedge_ids=("h1", "h2", "h3")),  # two hedges of one kind + a denial
        _att("a2", "B", "person", hedge_ids=("h-missing",)),  # points at nothing: unqualified
        _att("a3", "C", "person"),
    ]
    p = sourcing_profile(atts, hedges)
    assert p["certainty"] == {"hedged": 1, "unverified": 0, "denied": 1, "confirmed": 0, "unqualified": 2}
    assert p["hedges"] == {"total": 4, "hedge": 2, "unverified": 1, "denial": 1, "confirmation": 0}


def test_top_sources_ordered_by_count_then_first_appearance_and_grouped_by_resolved_name() -> None:
    atts = [
        _att("a1", "Smith", "person"),
        _att("a2", "he", "person", resolved="Jane Doe"),
        _att("a3", "Doe", "person", resolved="Jane Doe"),
        _att("a4", "smith", "person"),
        _att("a5", "Brown", "person"),
        _att("a6", "Jane Doe", "person"),
    ]
    p = sourcing_profile(atts, [], top_n=2)
    assert p["top_sources"] == [
        {"source": "Jane Doe", "source_type": "person", "count": 3},
        {"source": "Smith", "source_type": "person", "count": 2},
    ]


def test_empty_article_has_every_key_and_zeroes() -> None:
    p = sourcing_profile([], [])
    assert set(p) == {
        "version",
        "attributions",
        "sources",
        "by_source_type",
        "certainty",
        "hedges",
        "quotes",
        "channels",
        "top_sources",
        "named_share",
    }
    assert p["attributions"] == 0 and p["named_share"] == 0.0
    assert set(p["by_source_type"].values()) == {0}
    assert p["channels"] == [] and p["top_sources"] == []


def test_format_profile_lines_for_seed() -> None:
    a = seed_analysis()
    lines = format_profile_lines(sourcing_profile(a.attributions, a.hedges))
    text = "\n".join(lines)
    assert lines[0].startswith("9 attributions: 3 named people, 0 named organizations, 3 documents")
    assert "2 anonymous or unnamed" in lines[0]
    assert "Quotes: 1 direct, 8 indirect, 0 mixed" in text
    assert "3 unverified" in text and "1 confirmed" in text
    assert "Channels: Associated Press (1), CNN (1)" in text
    assert "Top sources: Volodymyr Zelensky (2), " in text


def test_format_profile_lines_tolerates_partial_profiles() -> None:
    # A profile stored by an older version (or hand-written JSON) must still print.
    lines = format_profile_lines({"attributions": 1, "sources": {"named_person": 1}, "channels": "oops"})
    assert lines[0].startswith("1 attribution: 1 named person, 0 named organizations")
    assert "Channels: none" in lines
    assert "Top sources: none" in lines
