"""A hand-made ArticleAnalysis of the seed article, so render and profile tests need no model.

The attributions, quantities and hedges follow the gold annotation in
``shared/eval/dev/00.json``; offsets are computed with ``str.find`` so they always
match the text. One author assertion is added so the "author" bucket is exercised.
"""

# ruff: noqa: E501

from __future__ import annotations

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

SEED_TEXT = "\n".join(
    [
        "In what feels like a surreal mashup of Cold War nostalgia, a video has surfaced showing North Korean soldiers gearing up with fresh Russian military attire, courtesy of a Ukrainian government release. The footage, shared by Ukraine's Center for Strategic Communications and Information Security, shows a line of presumed North Korean recruits patiently waiting to collect their bags and uniforms from Russian troops—as if they're checking in for a rather unusual team-building retreat. While it might look like a routine gear swap, Ukrainian officials have raised the alarm, calling this undeniable proof that North Korea is now officially stepping into Russia’s war effort.",
        'While the authenticity of the video has yet to be independently verified, Ihor Solovey, head of Ukraine\'s Center for Strategic Communications, underscored its relevance: "For Ukraine, this video is important because it shows North Korea participating in the war not just with weapons, but now also with personnel," Solovey told the Associated Press. The footage reportedly came from a Russian serviceman, although Ukrainian officials would not disclose more about the source for fear of compromising security.',
        "This is not the first of such reports; earlier there were stories of North Koreans being sent to Russia for various civilian purposes, which Ukrainian intelligence officials have followed with keen interest.",
        "These reports from South Korean intelligence confirm that about 1,500 North Korean soldiers already arrived in Russia for military training with the aim of being in the war as soon as possible. The Ukrainian President, Volodymyr Zelensky, also expressed his fears on the matter, warning that as many as 10,000 troops could be sent to boost Russian forces in the conflict. This development is urgent and critical, because North Korea is deeper in this war, Zelensky said, according to CNN. Local reports from Ukraine and South Korea show that North Korea's commitment may continue after this first cadre of soldiers. Some estimates put the possible total from North Korea at 12,000 — a number reflecting increased military cooperation between Pyongyang and Moscow. These reports have not been independently verified, but fears are rising in Ukraine and the West that the North Korean military could greatly assist Russian forces.",
        "Sending North Korean troops to Ukraine serves several long-term interests for both Pyongyang and Moscow. For Pyongyang, the intervention in the war prepares its army much better for combat with more sophisticated weapons and technology, such as drones, missile systems, and cyber warfare. This exposure will surely enhance North Korea’s asymmetrical warfare capability, which could prove critical in its long-standing confrontation with South Korea and the United States.",
        "Finally, participation of North Korean forces solidifies the military alliance of the two countries, institutionalizing a defense pact signed earlier this year between Vladimir Putin and Kim Jong Un. While this agreement sealed military cooperation, it also placed the two nations in a position where they could support each other from external aggression — a move which has raised concern in the West. In exchange for its military support, North Korea gains economic assistance, access to technology, and diplomatic backing from Russia, including support at the United Nations Security Council.",
        "Deploying North Korean troops to Ukraine isn’t just a military move — it’s a gamble with unpredictable stakes. For Pyongyang, there’s the risk that its soldiers, after rubbing shoulders with the Russians, might get more than just battlefield experience. North Korean troops could be exposed to different ways of life, sparking ideological dissent within a regime that thrives on isolation. History has shown that foreign conflicts can stir unrest back home, as seen with Russian veterans returning from Afghanistan or Chechnya. The tightly controlled society in North Korea may face similar risks if these soldiers return with new ideas that challenge the status quo.",
        "For Moscow, the introduction of North Korean troops could add fuel to an already volatile situation. The involvement of another foreign force may draw even more scrutiny from the international community, particularly from South Korea and the US, who are watching North Korea's moves with increasing concern. Moreover, significant North Korean casualties could stir domestic unrest in a country where loyalty to the regime is paramount.",
        "Though the number of North Korean soldiers currently deployed is small, the long-term effects could be significant. Moscow and Pyongyang’s budding 'combat brotherhood' could grow into something much bigger, pulling North Korea deeper into the conflict and escalating tensions across multiple fronts — from the streets of Kyiv to the Korean Peninsula. While both regimes may thrive on control, this new military partnership comes with risks that neither side can fully predict.",
        "The emergence of North Korean troops in Russia is another compilation to the already convoluted web of alliances that configures the war in Ukraine. This not only escalates the war but also points to an uncertain future of alliances globally, with two of the most isolated regimes in the world drawing even closer. For Russia, this means replenishing manpower; for North Korea, this is an opportunity to hone its military edge and struggle for a multipolar world order.",
    ]
)


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
