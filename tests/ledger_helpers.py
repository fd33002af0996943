"""Hand-built analyses for store and ledger tests that need no spaCy model."""

from __future__ import annotations

from pathlib import Path

from claimledger.models import ArticleAnalysis, ArticleMeta, Attribution, Factuality, Hedge, Quantity, Span

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "story.jsonl"


def make_analysis(
    text: str,
    *,
    outlet: str = "Harbor Wire",
    published: str = "2025-03-03",
    atts: list[dict[str, object]] | None = None,
) -> ArticleAnalysis:
    """An ArticleAnalysis built by hand: each att gives source/content (and optional extras)
    as substrings of ``text``, so offsets are real."""
    from claimledger.models import article_id

    def span(s: object) -> Span | None:
        if s is None:
            return None
        start = text.index(str(s))
        return Span(str(s), start, start + len(str(s)))

    attributions = []
    quantities = []
    hedges = []
    for n, a in enumerate(atts or [], start=1):
        aid = f"a{n}"
        content = span(a["content"])
        assert content is not None
        hedge_ids: list[str] = []
        if a.get("hedge"):
            h = span(a["hedge"])
            assert h is not None
            hid = f"h{n}"
            hedges.append(Hedge(hid, h, a.get("hedge_kind", "hedge"), content, str(a["hedge"]).lower()))  # type: ignore[arg-type]
            hedge_ids.append(hid)
        qids: list[str] = []
        if a.get("quantity"):
            q = span(a["quantity"])
            assert q is not None
            qid = f"q{n}"
            value, low, high, qualifier, thing = a["q"]  # type: ignore[misc]
            quantities.append(Quantity(qid, q, value, low, high, qualifier, thing, str(value), aid))
            qids.append(qid)
        negative = a.get("hedge_kind") == "denial"
        attributions.append(
            Attribution(
                id=aid,
                source=span(a.get("source")),
                source_type=a.get("type", "organization"),  # type: ignore[arg-type]
                cue=span(a.get("cue")),
                content=content,
                quote_type="indirect",
                channel=span(a.get("channel")),
                source_resolved=a.get("resolved"),  # type: ignore[arg-type]
                factuality=(
                    Factuality(
                        str(a.get("source") or "author"), "certain", "negative" if negative else "positive"
                    ),
                    Factuality("author", "unknown", "unknown"),
                ),
                hedge_ids=tuple(hedge_ids),
                quantity_ids=tuple(qids),
            )
        )
    return ArticleAnalysis(
        id=article_id(text),
        text=text,
        meta=ArticleMeta(
            title=text[:30], url=f"https://example.org/{article_id(text)}", outlet=outlet, published=published
        ),
        attributions=tuple(attributions),
        quantities=tuple(quantities),
        hedges=tuple(hedges),
    )
