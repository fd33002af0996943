"""A hand-made ArticleAnalysis of the seed article, so render and profile tests need no model.

The attributions, quantities and hedges follow the gold annotation in
``shared/eval/dev/00.json``; offsets are computed with ``str.find`` so they always
match the text. One author assertion is added so the "author" bucket is exercised.
"""

# ruff: noqa: E501

from __future__ import annotations

import os
from pathlib import Path

import pytest

from claimledger.models import (
    ArticleAnalysis,
    ArticleMeta,
    Attribution,
    Factuality,
    Hedge,
    Quantity,
    Span,
)

SEED_TITLE = "North Korean Troops Allegedly Seen in Russia, Set for Deployment in Ukraine"


def _read_seed() -> str:
    """The seed article is published text: read it from shared/, never copy it into the repo."""
    path = Path(os.environ.get("CLAIMLEDGER_SHARED", Path(__file__).resolve().parents[2] / "shared"))
    path = path / "examples" / "seed-article.txt"
    if not path.is_file():
        pytest.skip(
            f"{path} is absent (a clone outside the workspace): the seed article is unavailable",
            allow_module_level=True,
        )
    _, _, body = path.read_text(encoding="utf-8").replace("\r\n", "\n").strip().partition("\n")
    return body.strip()


SEED_TEXT = _read_seed()


def span(text: str, needle: str, after: int = 0) -> Span:
    """The first occurrence of ``needle`` at or after ``after``; fails loudly if absent."""
    start = text.find(needle, after)
    if start < 0:
        raise ValueError(f"{needle!r} not found after {after}")
    return Span(needle, start, start + len(needle))


def _fact(*items: Factuality) -> tuple[Factuality, ...]:
    return items


def seed_analysis(text: str = SEED_TEXT, title: str | None = SEED_TITLE) -> ArticleAnalysis:
    """The seed article with its gold attributions; ``text`` may be a variant with the same phrases."""
    t = text
    solovey_sent = t.find('"For Ukraine')
    zel_sent = t.find("The Ukrainian President")
    cnn_sent = t.find("This development is urgent")

    hedges = (
        Hedge("h1", span(t, "presumed"), "hedge", span(t, "presumed North Korean recruits"), "presume"),
        Hedge(
            "h2",
            span(t, "has yet to be independently verified"),
            "unverified",
            span(t, "the authenticity of the video"),
            "verify",
        ),
        Hedge(
            "h3",
            span(t, "reportedly"),
            "hedge",
            span(t, "The footage reportedly came from a Russian serviceman"),
            "reportedly",
        ),
        Hedge(
            "h4", span(t, "would not disclose"), "unverified", span(t, "more about the source"), "disclose"
        ),
        Hedge(
            "h5",
            span(t, "confirm"),
            "confirmation",
            span(t, "about 1,500 North Korean soldiers already arrived in Russia"),
            "confirm",
        ),
        Hedge(
            "h6",
            span(t, "have not been independently verified"),
            "unverified",
            span(t, "These reports", t.find("have not been independently verified") - 20),
            "verify",
        ),
    )
    quantities = (
        Quantity(
            "q1",
            span(t, "about 1,500 North Korean soldiers"),
            1500,
            None,
            None,
            "approximate",
            "North Korean soldiers",
            "1,500",
            "a3",
        ),
        Quantity(
            "q2",
            span(t, "as many as 10,000 troops"),
            10000,
            None,
            10000,
            "upper_bound",
            "troops",
            "10,000",
            "a4",
        ),
        Quantity(
            "q3",
            span(t, "12,000"),
            12000,
            None,
            None,
            "exact",
            "North Korean troops (possible total)",
            "12,000",
            "a7",
        ),
    )
    attributions = (
        Attribution(
            "a1",
            source=span(t, "Ukrainian officials"),
            source_type="unnamed_group",
            cue=span(t, "calling"),
            content=span(
                t,
                "this undeniable proof that North Korea is now officially stepping into Russia’s war effort",
            ),
            quote_type="indirect",
            factuality=_fact(
                Factuality("author", "unknown", "unknown"),
                Factuality("Ukrainian officials", "certain", "positive"),
            ),
        ),
        Attribution(
            "a2",
            source=span(t, "Solovey", solovey_sent),
            source_type="person",
            cue=span(t, "told", solovey_sent),
            content=span(
                t,
                '"For Ukraine, this video is important because it shows North Korea participating in the war not just with weapons, but now also with personnel,"',
            ),
            quote_type="direct",
            channel=span(t, "the Associated Press"),
            source_resolved="Ihor Solovey",
            factuality=_fact(
                Factuality("author", "unknown", "unknown"), Factuality("Ihor Solovey", "certain", "positive")
            ),
            hedge_ids=("h2",),
        ),
        Attribution(
            "a3",
            source=span(t, "These reports from South Korean intelligence"),
            source_type="document",
            cue=span(t, "confirm"),
            content=span(
                t,
                "about 1,500 North Korean soldiers already arrived in Russia for military training with the aim of being in the war as soon as possible",
            ),
            quote_type="indirect",
            factuality=_fact(
                Factuality("author", "certain", "positive"),
                Factuality("South Korean intelligence", "certain", "positive"),
            ),
            hedge_ids=("h5",),
            quantity_ids=("q1",),
        ),
        Attribution(
            "a4",
            source=span(t, "Volodymyr Zelensky", zel_sent),
            source_type="person",
            cue=span(t, "warning", zel_sent),
            content=span(t, "as many as 10,000 troops could be sent to boost Russian forces in the conflict"),
            quote_type="indirect",
            factuality=_fact(
                Factuality("author", "unknown", "unknown"),
                Factuality("Volodymyr Zelensky", "possible", "positive"),
            ),
            quantity_ids=("q2",),
        ),
        Attribution(
            "a5",
            source=span(t, "Zelensky", cnn_sent),
            source_type="person",
            cue=span(t, "said", cnn_sent),
            content=span(
                t, "This development is urgent and critical, because North Korea is deeper in this war"
            ),
            quote_type="indirect",
            channel=span(t, "CNN", cnn_sent),
            source_resolved="Volodymyr Zelensky",
            factuality=_fact(
                Factuality("author", "unknown", "unknown"),
                Factuality("Volodymyr Zelensky", "certain", "positive"),
            ),
        ),
        Attribution(
            "a6",
            source=span(t, "Local reports from Ukraine and South Korea"),
            source_type="document",
            cue=span(t, "show", t.find("Local reports")),
            content=span(t, "North Korea's commitment may continue after this first cadre of soldiers"),
            quote_type="indirect",
            factuality=_fact(
                Factuality("author", "unknown", "unknown"),
                Factuality("Local reports", "possible", "positive"),
            ),
            hedge_ids=("h6",),
        ),
        Attribution(
            "a7",
            source=span(t, "Some estimates"),
            source_type="document",
            cue=span(t, "put", t.find("Some estimates")),
            content=span(t, "the possible total from North Korea at 12,000"),
            quote_type="indirect",
            factuality=_fact(
                Factuality("author", "unknown", "unknown"),
                Factuality("Some estimates", "probable", "positive"),
            ),
            hedge_ids=("h6",),
            quantity_ids=("q3",),
        ),
        Attribution(
            "a8",
            source=span(t, "Ukraine and the West"),
            source_type="unnamed_group",
            cue=span(t, "fears", t.find("fears are rising")),
            content=span(t, "the North Korean military could greatly assist Russian forces"),
            quote_type="indirect",
            factuality=_fact(
                Factuality("author", "unknown", "unknown"),
                Factuality("Ukraine and the West", "possible", "positive"),
            ),
        ),
        Attribution(
            "a9",
            source=None,
            source_type="author",
            cue=None,
            content=span(
                t, "This exposure will surely enhance North Korea’s asymmetrical warfare capability"
            ),
            quote_type="indirect",
            factuality=_fact(Factuality("author", "certain", "positive")),
        ),
    )
    return ArticleAnalysis(
        id="00",
        text=t,
        meta=ArticleMeta(title=title, url="https://example.org/nk-troops", outlet="Example Daily"),
        attributions=attributions,
        quantities=quantities,
        hedges=hedges,
    )
