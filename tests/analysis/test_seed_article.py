"""End to end on the seed article (shared/examples/seed-article.txt), as the analyze issue asks."""

from __future__ import annotations

import pytest

from claimledger.models import ArticleAnalysis, Attribution

pytestmark = pytest.mark.model


def _find(result: ArticleAnalysis, needle: str) -> Attribution:
    hits = [a for a in result.attributions if needle in a.content.text]
    assert hits, f"no attribution whose content holds {needle!r}"
    return hits[0]


def test_solovey_told_the_associated_press(seed: ArticleAnalysis) -> None:
    a = _find(seed, "this video is important")
    assert a.source is not None and a.source.text == "Solovey"
    assert a.source_resolved == "Ihor Solovey"
    assert a.cue is not None and a.cue.text == "told"
    assert a.channel is not None and a.channel.text == "the Associated Press"
    assert a.direct_quote
    assert a.content.text.startswith('"For Ukraine') and a.content.text.endswith('personnel,"')


def test_zelensky_warns_of_as_many_as_10000(seed: ArticleAnalysis) -> None:
    a = _find(seed, "10,000 troops")
    assert a.speaker == "Volodymyr Zelensky"
    assert a.cue is not None and a.cue.text == "warning"
    quantities = {q.id: q for q in seed.quantities}
    linked = [quantities[qid] for qid in a.quantity_ids]
    assert [(q.qualifier, q.high, q.low) for q in linked] == [("upper_bound", 10000, None)]
    assert linked[0].span.text == "as many as 10,000 troops"


def test_zelensky_said_according_to_cnn(seed: ArticleAnalysis) -> None:
    a = _find(seed, "deeper in this war")
    assert a.source is not None and a.source.text == "Zelensky"
    assert a.source_resolved == "Volodymyr Zelensky"
    assert a.channel is not None and a.channel.text == "CNN"
    assert a.cue is not None and a.cue.text == "said"
    holders = [f.holder for f in a.factuality]
    assert holders == ["Volodymyr Zelensky", "CNN", "author"]


def test_south_korean_intelligence_about_1500(seed: ArticleAnalysis) -> None:
    a = _find(seed, "1,500 North Korean soldiers")
    assert a.source is not None and "South Korean intelligence" in a.source.text
    assert a.source_type == "document"
    q = next(q for q in seed.quantities if q.id in a.quantity_ids)
    assert (q.value, q.qualifier, q.unit_or_thing) == (1500, "approximate", "North Korean soldiers")
    kinds = {h.kind for h in seed.hedges if h.id in a.hedge_ids}
    assert "confirmation" in kinds


def test_some_estimates_put_12000(seed: ArticleAnalysis) -> None:
    a = _find(seed, "12,000")
    assert a.source is not None and a.source.text == "Some estimates"
    assert a.source_type == "document"
    q = next(q for q in seed.quantities if q.id in a.quantity_ids)
    assert q.value == 12000


def test_video_authenticity_unverified_author_uncommitted(seed: ArticleAnalysis) -> None:
    hedge = next(h for h in seed.hedges if h.span.text == "has yet to be independently verified")
    assert hedge.kind == "unverified"
    assert "authenticity of the video" in hedge.scope.text
    stmt = next(s for s in seed.statements if hedge.id in s.hedge_ids)
    assert stmt.source_type == "author"
    assert [(f.holder, f.certainty) for f in stmt.factuality] == [("author", "unknown")]


def test_officials_certain_author_uncommitted_on_the_video(seed: ArticleAnalysis) -> None:
    a = _find(seed, "undeniable proof")
    assert a.source is not None and a.source.text == "Ukrainian officials"
    assert a.source_type == "unnamed_group"
    fact = {f.holder: (f.certainty, f.polarity) for f in a.factuality}
    assert fact["Ukrainian officials"] == ("certain", "positive")
    assert fact["author"] == ("unknown", "unknown")


def test_offsets_point_at_the_text(seed: ArticleAnalysis) -> None:
    spans = []
    for a in seed.attributions + seed.statements:
        spans += [s for s in (a.source, a.cue, a.channel, a.content) if s is not None]
    spans += [q.span for q in seed.quantities] + [h.span for h in seed.hedges]
    assert spans
    for s in spans:
        assert seed.text[s.start : s.end] == s.text


def test_profile_counts_the_sourcing(seed: ArticleAnalysis) -> None:
    p = seed.profile
    assert p["sources"]["named_person"] >= 2
    assert p["sources"]["document"] >= 3
    assert p["sources"]["author"] == len(seed.statements) > 0
    channels = {c["channel"] for c in p["channels"]}
    assert {"Associated Press", "CNN"} <= channels
