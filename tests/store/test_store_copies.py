"""Copies on SQLite and PostgreSQL: a trimmed copy is a copy, the agency an article copies
is stored, and a stored text met again under another URL or date is kept as another copy."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import delete, select, update

from claimledger.models import ArticleAnalysis
from claimledger.store import Store, dedup, schema
from claimledger.store.database import writing
from claimledger.store.writes import AddResult, NewArticle
from copy_texts import ORIGINAL, SHARING, TRIMMED
from ledger_helpers import make_analysis


def article(text: str, *, outlet: str = "Eastholm Courier", **meta: str | None) -> ArticleAnalysis:
    a = make_analysis(text, outlet=outlet)
    return dataclasses.replace(a, meta=dataclasses.replace(a.meta, **meta))


def stored(store: Store, article_id: str) -> dict[str, object]:
    return store.pages.article(article_id)


def test_a_trimmed_copy_is_a_copy_though_not_similar_enough(store: Store) -> None:
    original, trimmed = article(ORIGINAL), article(TRIMMED, outlet="Westholm Echo")
    store.add_analysis(original)
    (result,) = store.add_analyses([NewArticle(trimmed)])
    assert result == AddResult(trimmed.id, added=True, duplicate_of=original.id)
    row = stored(store, trimmed.id)
    assert row["similarity"] < dedup.DUPLICATE_THRESHOLD  # similarity alone would miss it
    assert row["containment"] >= dedup.CONTAINMENT_THRESHOLD


def test_a_trimmed_copy_earlier_in_the_batch_is_found_too(store: Store) -> None:
    original, trimmed = article(ORIGINAL), article(TRIMMED, outlet="Westholm Echo")
    results = store.add_analyses([NewArticle(trimmed), NewArticle(original)])
    assert results[1] == AddResult(original.id, added=True, duplicate_of=trimmed.id)


def test_an_unrelated_text_sharing_a_paragraph_is_no_copy(store: Store) -> None:
    original, sharing = article(ORIGINAL), article(SHARING, outlet="Marrow Gazette")
    store.add_analysis(original)
    (result,) = store.add_analyses([NewArticle(sharing)])
    assert result == AddResult(sharing.id, added=True)


def test_an_original_stored_without_a_size_is_compared_by_similarity(store: Store) -> None:
    """A store from before sizes were kept: containment cannot be estimated, nothing breaks."""
    original, trimmed = article(ORIGINAL), article(TRIMMED, outlet="Westholm Echo")
    store.add_analysis(original)
    with writing(store.engine) as conn:
        conn.execute(update(schema.articles).values(shingles=None))
    (result,) = store.add_analyses([NewArticle(trimmed)])
    assert result == AddResult(trimmed.id, added=True)


@pytest.mark.parametrize(
    ("text", "wire", "expected"),
    [
        ("A quiet day on the quay.", "AP", "Associated Press"),
        ("A quiet day on the quay.", "reuters", "Reuters"),
        ("A quiet day on the quay.", "NA", None),  # a metadata export's "no value"
        ("A quiet day on the quay.", "Harbor Wire", "Harbor Wire"),  # an agency we do not list
        ("Flood in Eastholm.\n\nEASTHOLM (AFP) — The river rose again.", None, "Agence France-Presse"),
        ("EASTHOLM (Harbor Wire) — The river rose again.", None, "Harbor Wire"),
        ("Flood in Eastholm.\n\nEASTHOLM (AFP) — The river rose again.", "AP", "Associated Press"),
        ("Sen. Ada Vell (R-Texas) — who chairs the panel — left early.", None, None),
    ],
)
def test_the_agency_comes_from_the_wire_field_or_a_dateline(
    store: Store, text: str, wire: str | None, expected: str | None
) -> None:
    a = article(text, wire=wire)
    store.add_analysis(a)
    assert stored(store, a.id)["wire"] == expected


def test_a_known_text_under_a_new_url_or_date_is_another_copy(store: Store) -> None:
    first = article(ORIGINAL, url="https://courier.example/flood", published="2025-03-04")
    moved = article(
        ORIGINAL, url="https://echo.example/flood", outlet="Westholm Echo", published="2025-03-04"
    )
    redated = article(ORIGINAL, url="https://courier.example/flood", published="2025-03-05")
    assert store.add_analysis(first, input="a.jsonl:1")
    results = store.add_analyses(
        [NewArticle(first, input="b.jsonl:1"), NewArticle(moved, input="b.jsonl:2"), NewArticle(redated)]
    )
    assert results == [
        AddResult(first.id, added=False),  # same text, URL and date: already stored
        AddResult(first.id, added=False, copy=True),
        AddResult(first.id, added=False, copy=True),
    ]
    copies = stored(store, first.id)["copies"]
    assert [(c["url"], c["outlet"], c["published"], c["input"]) for c in copies] == [
        ("https://echo.example/flood", "Westholm Echo", "2025-03-04", "b.jsonl:2"),
        ("https://courier.example/flood", "Eastholm Courier", "2025-03-05", None),
    ]
    again = store.add_analyses([NewArticle(moved, input="c.jsonl:7")])
    assert again == [AddResult(first.id, added=False)]  # that copy is known already
    assert store.count("articles") == 1


def test_a_text_twice_in_one_batch_under_two_urls_is_stored_once_with_a_copy(store: Store) -> None:
    a = article(ORIGINAL, url="https://courier.example/flood")
    b = article(ORIGINAL, url="https://courier.example/flood?amp=1")
    assert store.add_analyses([NewArticle(a), NewArticle(b)]) == [
        AddResult(a.id, added=True),
        AddResult(a.id, added=False, copy=True),
    ]
    assert [c["url"] for c in stored(store, a.id)["copies"]] == ["https://courier.example/flood?amp=1"]


def test_copies_of_texts_read_again_are_recorded_without_analysis(store: Store) -> None:
    """What ingest does for a text it finds stored before analysing it."""
    from claimledger.store.copies import CopyRecord

    a = article(ORIGINAL, url="https://courier.example/flood")
    store.add_analysis(a)
    found = store.add_copies(
        [
            (
                a.id,
                CopyRecord(
                    url="https://courier.example/flood", outlet="Eastholm Courier", published="2025-03-03"
                ),
            ),
            (a.id, CopyRecord(url="https://echo.example/flood", outlet="Westholm Echo", input="x.jsonl:3")),
            (a.id, CopyRecord(url="https://echo.example/flood", outlet="Westholm Echo", input="x.jsonl:9")),
            ("0000000000000000", CopyRecord(url="https://nowhere.example/")),
        ]
    )
    assert found == ["already", "copy", "already", "missing"]


def test_migration_7_reads_the_agency_of_stored_articles_from_their_datelines(db_url: str) -> None:
    text = "Flood in Eastholm.\n\nEASTHOLM (AP) — The river rose again on Wednesday."
    with Store.open(db_url) as s:
        s.add_analysis(article(text))
        with writing(s.engine) as conn:  # as a store from before migration 7 holds it
            conn.execute(update(schema.articles).values(wire=None))
            conn.execute(delete(schema.schema_version).where(schema.schema_version.c.version >= 7))
    with Store.open(db_url) as s, s.engine.connect() as conn:
        assert conn.execute(select(schema.articles.c.wire)).scalar_one() == "Associated Press"


def test_containment_follows_from_similarity_and_the_two_sizes() -> None:
    # A trimmed copy of 100 shingles, 75 of them in an original of 133: Jaccard 75/158.
    assert dedup.containment(75 / 158, 100, 133) == pytest.approx(0.75)
    assert dedup.containment(75 / 158, 133, 100) == pytest.approx(0.75)  # the smaller, either way
    assert dedup.containment(0.5, 100, 200) == pytest.approx(1.0)  # wholly inside a text twice its size
    assert dedup.containment(0.6, 100, 200) == 1.0  # an estimate past 1 is capped


@pytest.mark.parametrize(
    ("similarity", "contained", "smaller", "copy"),
    [
        (0.62, None, None, True),  # similar: a copy whatever the sizes
        (0.5, 0.75, 240, True),  # a trimmed copy
        (0.5, 0.65, 240, False),  # shares a good deal, but is its own story
        (0.5, 0.75, 60, False),  # a one-paragraph brief: boilerplate makes that much
        (0.5, None, None, False),  # a size unknown: similarity decides
    ],
)
def test_a_copy_is_similar_or_contained(
    similarity: float, contained: float | None, smaller: int | None, copy: bool
) -> None:
    assert dedup.is_copy(similarity, contained, smaller) is copy
