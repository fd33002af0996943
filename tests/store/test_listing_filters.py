"""The sources and actors lists filter by outlet, dates and reliability grade, counting only
the reports they select; the articles list puts undated articles last in both orders; an
article's attributions come a page at a time, in text order (issue 19), on SQLite and
PostgreSQL.

Before: the sources and actors lists took no filter at all, and "oldest first" listed the
undated articles first.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from claimledger.errors import InputError
from claimledger.ledger import queries
from claimledger.ledger.build import rebuild
from claimledger.store import Store
from ledger_helpers import make_analysis

#: (outlet, published, text, [(source, content)])
ARTICLES = [
    ("Harbor Wire", "2025-03-01", "Officials said the bridge closed.", [("Officials", "the bridge closed")]),
    (
        "Eastgate Daily",
        "2025-04-02",
        "Harbor Police said the port reopened. Officials said the road was cut. "
        "Harbor Police said the ferry sank.",
        [
            ("Harbor Police", "the port reopened"),
            ("Officials", "the road was cut"),
            ("Harbor Police", "the ferry sank"),
        ],
    ),
    ("Harbor Wire", None, "City Council said the dam held.", [("City Council", "the dam held")]),
]


@pytest.fixture
def ledger(db_url: str) -> Iterator[Store]:
    with Store.open(db_url) as store:
        for outlet, published, text, atts in ARTICLES:
            analysis = make_analysis(
                text,
                outlet=outlet,
                published=published,  # type: ignore[arg-type]
                atts=[{"source": s, "content": c} for s, c in atts],
            )
            store.add_analysis(analysis)
        rebuild(store)
        store.actors.set_grade("Officials", "B")
        yield store


def _sources(store: Store, **kw: str) -> dict[str, int]:
    among = queries.report_filter(**kw)
    rows = queries.list_sources(store, among=among)
    assert queries.count_sources(store, among) == len(rows)
    return {r["name"]: r["claims"] for r in rows}


def _actors(store: Store, **kw: str) -> dict[str, int]:
    among = queries.report_filter(**kw)
    rows = queries.list_actors(store, among=among)
    assert queries.count_actors(store, among) == len(rows)
    return {r["name"]: r["reports"] for r in rows}


def test_sources_filter_by_outlet_dates_and_grade_and_count_only_those_reports(ledger: Store) -> None:
    assert _sources(ledger) == {"Officials": 2, "Harbor Police": 2, "City Council": 1}
    assert _sources(ledger, outlet=" harbor WIRE ") == {"Officials": 1, "City Council": 1}
    assert _sources(ledger, since="2025-04") == {"Officials": 1, "Harbor Police": 2}
    assert _sources(ledger, until="2025-03") == {"Officials": 1}  # the undated article is in no range
    assert _sources(ledger, since="2025-03-02", until="2025-04-30") == {"Officials": 1, "Harbor Police": 2}
    assert _sources(ledger, grade="a-b") == {"Officials": 2}
    assert _sources(ledger, grade="C-F", outlet="Eastgate Daily") == {"Harbor Police": 2}
    page = queries.list_sources(
        ledger, order="claims", limit=1, offset=1, among=queries.report_filter(since="2025")
    )
    assert [r["name"] for r in page] == ["Officials"]


def test_actors_filter_the_same_way_with_their_reports(ledger: Store) -> None:
    # the outlets are actors too, with no reports: a filter by reports leaves them out
    outlets = {"Harbor Wire": 0, "Eastgate Daily": 0}
    assert _actors(ledger) == {"Officials": 2, "Harbor Police": 2, "City Council": 1, **outlets}
    assert _actors(ledger, outlet="Harbor Wire") == {"Officials": 1, "City Council": 1}
    assert _actors(ledger, since="2025-04-01", until="2025-04-02") == {"Officials": 1, "Harbor Police": 2}
    assert _actors(ledger, grade="B") == {"Officials": 2}
    assert queries.count_actors(ledger, queries.report_filter(outlet="Nowhere")) == 0


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"grade": "G"}, "--grade must be a reliability A-F or a range like A-C, not 'G'"),
        ({"since": "2025-13-01"}, "--since must be a date like 2025-03-14"),
        ({"until": "May"}, "--until must be a date like 2025-03-14"),
    ],
)
def test_a_bad_filter_is_refused_before_anything_is_read(kw: dict[str, str], message: str) -> None:
    with pytest.raises(InputError, match=message):
        queries.report_filter(**kw)


def test_undated_articles_come_last_in_both_orders(ledger: Store) -> None:
    oldest = [a["published"] for a in queries.list_articles(ledger)]
    recent = [a["published"] for a in queries.list_articles(ledger, newest_first=True)]
    assert oldest == ["2025-03-01", "2025-04-02", None]
    assert recent == ["2025-04-02", "2025-03-01", None]


def test_an_articles_attributions_come_a_page_at_a_time_in_text_order(ledger: Store) -> None:
    (long,) = [a["id"] for a in queries.list_articles(ledger) if a["outlet"] == "Eastgate Daily"]
    assert queries.count_article_records(ledger, long) == 3
    first = queries.article_records(ledger, long, limit=2)
    rest = queries.article_records(ledger, long, limit=2, offset=2)
    assert [r["content_text"] for r in first + rest] == [
        "the port reopened",
        "the road was cut",
        "the ferry sank",
    ]
    assert all(r["claim_id"] and r["claim_credibility"] and r["source_actor_id"] for r in first + rest)
    assert queries.article_records(ledger, long, limit=2, offset=4) == []
