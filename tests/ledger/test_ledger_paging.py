"""Every list is a page cut and counted by the database, on both backends.

The story example is ingested with the real pipeline; each list is read whole and in
pages of 3, and the pages must add up to the whole list in the same order, with the
count the database gives. The sources' track records, aggregated in SQL when the
ledger is replaced, are checked against a count made here from the claim members.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from claimledger.cli.main import cli
from claimledger.ingest.ingest import ingest
from claimledger.ledger import queries
from claimledger.store import Store, listing, schema
from claimledger.store.migrations import latest
from ledger_helpers import CORPUS

Row = dict[str, Any]


@pytest.fixture
def ledger(db_url: str) -> Iterator[Store]:
    with Store.open(db_url) as store:
        report = ingest(store, [str(CORPUS)])
        assert not report.errors
        yield store


LISTS: dict[str, tuple[Callable[..., list[Row]], Callable[[Store], int], Callable[[Row], Any]]] = {
    "claims": (queries.list_claims, lambda s: queries.count_claims(s), lambda r: r["id"]),
    "contradictions": (
        queries.list_contradictions,
        queries.count_contradictions,
        lambda r: (r["a"]["id"], r["b"]["id"], r["kind"]),
    ),
    "sources": (queries.list_sources, queries.count_sources, lambda r: r["id"]),
    "actors": (queries.list_actors, queries.count_actors, lambda r: r["id"]),
    "articles": (queries.list_articles, queries.count_articles, lambda r: r["id"]),
}


@pytest.mark.parametrize("name", sorted(LISTS))
def test_pages_add_up_to_the_whole_list(ledger: Store, name: str) -> None:
    lister, counter, key = LISTS[name]
    whole = [key(r) for r in lister(ledger)]
    assert whole, f"the story has {name}"
    assert counter(ledger) == len(whole)
    assert len(set(whole)) == len(whole)
    paged = []
    for offset in range(0, len(whole) + 3, 3):
        page = lister(ledger, limit=3, offset=offset)
        assert len(page) == max(0, min(3, len(whole) - offset))
        paged += [key(r) for r in page]
    assert paged == whole


def test_claims_come_oldest_first_undated_last(ledger: Store) -> None:
    claims = queries.list_claims(ledger)
    keys = [(c["first_seen"] or listing.UNDATED, c["id"]) for c in claims]
    assert keys == sorted(keys)


def test_a_filtered_count_is_what_the_filter_lists(ledger: Store) -> None:
    everything = queries.list_claims(ledger)
    for grade in ("1-3", "4-6", "3"):
        lo, hi = queries.parse_grades(grade)
        expected = [c["id"] for c in everything if lo <= c["credibility"] <= hi]
        assert [c["id"] for c in queries.list_claims(ledger, grade=grade)] == expected
        assert queries.count_claims(ledger, grade=grade) == len(expected)
    assert queries.count_claims(ledger, grade="1-6") == len(everything)
    found = queries.list_claims(ledger, search="Iranian instructors")
    assert all("iranian" in c["text"].lower() and "instructor" in c["text"].lower() for c in found)
    assert not any(
        "iranian" in c["text"].lower() and "instructors" in c["text"].lower()
        for c in everything
        if c["id"] not in {f["id"] for f in found}
    )
    assert 0 < len(found) < len(everything)
    assert queries.count_claims(ledger, search="Iranian instructors") == len(found)
    both = queries.list_claims(ledger, search="instructors", grade="1-3")
    assert {c["id"] for c in both} == {
        c["id"] for c in queries.list_claims(ledger, search="instructors") if c["credibility"] <= 3
    }
    assert queries.count_claims(ledger, search="zzzzunseen") == 0
    later = queries.list_claims(ledger, since="2099-01-01")
    assert later == [] and queries.count_claims(ledger, since="2099-01-01") == 0


def test_source_records_are_the_claim_members_counted(ledger: Store) -> None:
    """The SQL aggregate against a count made from the raw rows, as list_sources once did."""
    claims = {c["id"]: c for c in ledger.claims()}
    contradicted = {x for r in ledger.contradiction_rows() for x in (r["a"], r["b"])}
    as_source: dict[int, set[str]] = defaultdict(set)
    as_origin: dict[int, set[str]] = defaultdict(set)
    for m in ledger.claim_members():
        if m["source_actor_id"] is not None:
            as_source[m["source_actor_id"]].add(m["claim_id"])
        if m["origin_actor_id"] is not None:
            as_origin[m["origin_actor_id"]].add(m["claim_id"])
    expected = {
        actor: (
            len(as_source[actor] | as_origin[actor]),
            len(as_origin[actor]),
            sum(1 for c in as_origin[actor] if claims[c]["origin_count"] >= 2),
            sum(1 for c in as_origin[actor] if c in contradicted),
        )
        for actor in set(as_source) | set(as_origin)
    }
    got = {
        s["id"]: (s["claims"], s["origin_of"], s["corroborated"], s["contradicted"])
        for s in queries.list_sources(ledger)
    }
    assert got == expected
    assert any(v[1] for v in got.values()), "some source originates a claim"
    by_claims = queries.list_sources(ledger, order="claims")
    assert [s["claims"] for s in by_claims] == sorted((s["claims"] for s in by_claims), reverse=True)


def test_a_store_from_before_paging_gets_its_records_on_open(tmp_path: Path) -> None:
    db = str(tmp_path / "old.db")
    with Store.open(db) as store:
        assert not ingest(store, [str(CORPUS)]).errors
        before = queries.list_sources(store)
        with store.engine.begin() as conn:  # as migration 8 left it: no records, no indexes
            conn.execute(schema.source_records.delete())
            conn.execute(text("DROP INDEX ix_claims_order"))
            conn.execute(schema.schema_version.delete().where(schema.schema_version.c.version >= 9))
        assert queries.list_sources(store) == []
    with Store.open(db) as store:
        assert store.schema_version() == latest()
        assert queries.list_sources(store) == before


def test_a_claims_page_walks_the_order_index(tmp_path: Path) -> None:
    """On SQLite the first page is read along ix_claims_order, not sorted from every claim."""
    with Store.open(str(tmp_path / "plan.db")) as store:
        for f in (listing.ClaimFilter(), listing.ClaimFilter(grades=(1, 3))):
            query = listing.claim_query(store, f, limit=20, offset=40)
            sql = str(query.compile(store.engine, compile_kwargs={"literal_binds": True}))
            with store.engine.connect() as conn:
                plan = " ".join(str(r[-1]) for r in conn.execute(text("EXPLAIN QUERY PLAN " + sql)))
            assert "ix_claims_order" in plan
            assert "TEMP B-TREE" not in plan


def test_the_cli_prints_a_page_and_where_it_sits(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    with Store.open(db) as store:
        assert not ingest(store, [str(CORPUS)]).errors
        total = queries.count_claims(store)
        second = [c["id"] for c in queries.list_claims(store, limit=2, offset=2)]
    runner = CliRunner()
    out = runner.invoke(cli, ["claims", "--db", db, "--limit", "2", "--offset", "2"], terminal_width=200)
    assert out.exit_code == 0, out.output
    assert f"2 of {total} claims (from row 3)" in out.output
    as_json = runner.invoke(cli, ["claims", "--db", db, "--limit", "2", "--offset", "2", "--format", "json"])
    page = json.loads(as_json.output)  # the shape of /claims.json
    assert [c["id"] for c in page["claims"]] == second
    assert page["page"] == {"total": total, "offset": 2, "limit": 2, "shown": 2}
    bad = runner.invoke(cli, ["claims", "--db", db, "--offset", "-1"])
    assert bad.exit_code == 2


@pytest.mark.parametrize(
    "sort, key",
    [
        ("origins", lambda c: (-len(c["origins"]), c["first_seen"] or listing.UNDATED, c["id"])),
        ("reports", lambda c: (-c["articles"], c["first_seen"] or listing.UNDATED, c["id"])),
    ],
)
def test_a_claims_page_comes_in_the_order_asked(ledger: Store, sort: str, key: Callable[[Row], Any]) -> None:
    rows = queries.list_claims_where(ledger, queries.claim_filter(ledger, sort=sort))
    assert [c["id"] for c in rows] == [c["id"] for c in sorted(rows, key=key)]
    assert {c["id"] for c in rows} == {c["id"] for c in queries.list_claims(ledger)}
    paged = [
        c["id"]
        for off in range(0, len(rows), 4)
        for c in queries.list_claims_where(
            ledger, queries.claim_filter(ledger, sort=sort), limit=4, offset=off
        )
    ]
    assert paged == [c["id"] for c in rows]
    graded = queries.list_claims_where(ledger, queries.claim_filter(ledger, sort="grade"))
    assert [c["credibility"] for c in graded] == sorted(c["credibility"] for c in graded)


def test_recent_claims_come_last_seen_first(ledger: Store) -> None:
    rows = queries.list_claims_where(ledger, queries.claim_filter(ledger, sort="recent"))
    expected = sorted(sorted(rows, key=lambda c: c["id"]), key=lambda c: c["last_seen"] or "", reverse=True)
    assert [c["id"] for c in rows] == [c["id"] for c in expected]
    assert rows[0]["last_seen"] != rows[-1]["last_seen"]


def test_the_outlet_filter_keeps_the_claims_an_outlet_reported(ledger: Store) -> None:
    everything = queries.list_claims(ledger)
    outlet = everything[0]["outlets"][0]
    mine = queries.list_claims_where(ledger, queries.claim_filter(ledger, outlet=outlet.upper()))
    assert mine and len(mine) < len(everything)
    assert {c["id"] for c in mine} == {c["id"] for c in everything if outlet in c["outlets"]}
    with pytest.raises(Exception, match="--sort must be one of"):
        queries.claim_filter(ledger, sort="random")


def test_date_ranges_and_the_article_filters_hold_on_both_backends(ledger: Store) -> None:
    """``until`` compares as many characters as it has ("2025-03" holds all of March), on
    SQLite and PostgreSQL alike; the articles and contradictions filters count what they list."""
    every = queries.list_claims(ledger)
    days = sorted({c["first_seen"] for c in every if c["first_seen"]})
    f = queries.claim_filter(ledger, until=days[1])
    until = queries.list_claims_where(ledger, f)
    assert until and all(c["first_seen"] <= days[1] for c in until) and len(until) < len(every)
    assert queries.count_claims_where(ledger, f) == len(until)
    month = queries.claim_filter(ledger, until=days[0][:7])
    assert queries.count_claims_where(ledger, month) == sum(1 for c in every if c["first_seen"])
    articles = queries.list_articles(ledger)
    outlet = articles[0]["outlet"]
    among = queries.article_filter(outlet=outlet.upper(), since=days[0][:7])
    mine = queries.list_articles(ledger, among=among)
    assert mine and {a["outlet"] for a in mine} == {outlet}
    assert queries.count_articles(ledger, among) == len(mine) < len(articles)
    newest = queries.list_articles(ledger, newest_first=True, limit=1)[0]["published"]
    assert newest == max(a["published"] for a in articles if a["published"])
    denials = queries.claim_filter(ledger, polarity="negative")
    pairs = queries.list_contradictions(ledger, among=denials)
    assert pairs and queries.count_contradictions(ledger, denials) == len(pairs)
    assert len(pairs) < queries.count_contradictions(ledger)
