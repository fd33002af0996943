"""An agency copy credits the agency: the unattributed statements of an article whose wire
is set (its ``wire`` field or its dateline) are the agency's, carried by the outlet."""

from __future__ import annotations

import dataclasses

from sqlalchemy import select

from claimledger.ledger.build import rebuild
from claimledger.ledger.claims import Member
from claimledger.ledger.origins import trace
from claimledger.ledger.text import bag
from claimledger.models import ArticleAnalysis, Quantity, Span
from claimledger.store import Store, schema
from ledger_helpers import make_analysis

WIRED = (
    "Sluice gates opened in Eastholm.\n\n"
    "EASTHOLM (AP) — The river authority opened all nine sluice gates on Tuesday night. "
    "About 300 families left the low streets behind the tannery."
)
OWN = "The ferry to Westholm stopped running at noon because the landing stage was under water."


def with_unattributed_figure(a: ArticleAnalysis, figure: str, value: float, thing: str) -> ArticleAnalysis:
    """``a`` with a figure in one of the writer's own statements (``s1``, which is not stored)."""
    start = a.text.index(figure)
    span = Span(figure, start, start + len(figure))
    q = Quantity("q9", span, value, None, None, "approximate", thing, str(int(value)), "s1")
    return dataclasses.replace(a, quantities=(*a.quantities, q))


def stored_story(store: Store) -> tuple[ArticleAnalysis, ArticleAnalysis]:
    wired = make_analysis(
        WIRED,
        outlet="Westholm Echo",
        atts=[{"type": "author", "content": "The river authority opened all nine sluice gates"}],
    )
    wired = with_unattributed_figure(wired, "About 300 families", 300, "families")
    own = make_analysis(
        OWN,
        outlet="Marrow Gazette",
        atts=[{"type": "author", "content": "The ferry to Westholm stopped running at noon"}],
    )
    store.add_analysis(wired)
    store.add_analysis(own)
    rebuild(store)
    return wired, own


def test_an_agency_copy_credits_its_own_statements_to_the_agency(store: Store) -> None:
    wired, own = stored_story(store)
    (m,) = store.claim_members(article_id=wired.id)
    assert (m["source"], m["origin"]) == ("Associated Press", "Associated Press")
    assert m["outlet"] == "Westholm Echo"
    actors = store.actors.all()
    assert actors[m["source_actor_id"]]["kind"] == "outlet"
    ca = schema.claim_actors
    with store.engine.connect() as conn:
        roles = conn.execute(select(ca.c.actor_id, ca.c.role).where(ca.c.claim_id == m["claim_id"])).all()
    named = {(str(actors[a]["name"]), role) for a, role in roles}
    assert ("Westholm Echo", "channel") in named  # the outlet that carried it
    assert ("Associated Press", "origin") in named

    (n,) = store.claim_members(article_id=own.id)
    assert (n["source"], n["origin"]) == ("Marrow Gazette", "Marrow Gazette")  # its own outlet's


def test_an_agencys_own_story_has_no_channel(store: Store) -> None:
    """The agency's dateline in its own article: it is the source and no one carried it."""
    own = make_analysis(
        WIRED,
        outlet="AP",
        atts=[{"type": "author", "content": "The river authority opened all nine sluice gates"}],
    )
    store.add_analysis(own)
    rebuild(store)
    (m,) = store.claim_members(article_id=own.id)
    assert (m["source"], m["origin"]) == ("Associated Press", "Associated Press")
    ca = schema.claim_actors
    with store.engine.connect() as conn:
        roles = conn.execute(select(ca.c.role).where(ca.c.claim_id == m["claim_id"])).scalars().all()
    assert "channel" not in roles


def test_an_agency_copys_own_figures_are_the_agencys(store: Store) -> None:
    wired, _own = stored_story(store)
    (row,) = [e for e in store.estimate_rows() if e["article_id"] == wired.id]
    assert (row["source"], row["origin"], row["outlet"], row["claim_id"]) == (
        "Associated Press",
        "Associated Press",
        "Westholm Echo",
        None,
    )


def member(article: str, source: int | None, channel: int | None, outlet: int) -> Member:
    content = "The river authority opened all nine sluice gates on Tuesday night"
    return Member(
        article_id=article,
        id="s1",
        content=content,
        content_start=0,
        bag=bag(content),
        negative=False,
        hedged=False,
        confirmed=False,
        source_type="author",
        source_text="",
        source_actor=source,
        channel_actor=channel,
        outlet=f"outlet{outlet}",
        outlet_actor=outlet,
        published="2025-03-04",
        duplicate=False,
    )


def test_two_outlets_carrying_one_agency_story_are_one_origin() -> None:
    names = {1: "Associated Press", 100: "Westholm Echo", 101: "Marrow Gazette"}
    kinds = {1: "outlet", 100: "outlet", 101: "outlet"}
    t = trace([member("x", 1, 100, 100), member("y", 1, 101, 101)], names, kinds)
    assert [name for _k, name in t.origins] == ["Associated Press"]
    alone = trace([member("x", 100, None, 100), member("y", 101, None, 101)], names, kinds)
    assert [name for _k, name in alone.origins] == ["Westholm Echo", "Marrow Gazette"]


def test_an_anonymous_source_in_an_agency_copy_spoke_to_the_agency(store: Store) -> None:
    text = WIRED + " Officials said the water would fall by Friday."
    wired = make_analysis(
        text,
        outlet="Westholm Echo",
        atts=[{"source": "Officials", "type": "unnamed_group", "content": "the water would fall by Friday"}],
    )
    own = make_analysis(
        OWN + " Officials said the landing stage would reopen.",
        outlet="Marrow Gazette",
        atts=[{"source": "Officials", "type": "unnamed_group", "content": "the landing stage would reopen"}],
    )
    store.add_analysis(wired)
    store.add_analysis(own)
    rebuild(store)
    (m,) = store.claim_members(article_id=wired.id)
    assert m["origin"] == "anonymous source via Associated Press"  # not via the Westholm Echo
    (n,) = store.claim_members(article_id=own.id)
    assert n["origin"] == "anonymous source via Marrow Gazette"  # no agency: its outlet
