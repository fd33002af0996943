"""Ingest and copies: the input's ``wire`` field, and a stored text met again under another
URL or date counted as a copy, not as "already stored" (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from claimledger.errors import ExtractionError
from claimledger.ingest.ingest import as_dict, ingest, summary
from claimledger.ingest.items import parse_jsonl_line
from claimledger.models import ArticleAnalysis, ArticleMeta
from claimledger.store import Store
from copy_texts import ORIGINAL, TRIMMED
from ledger_helpers import make_analysis


def hand_analyzer(items: Iterable[tuple[str, ArticleMeta]]) -> Iterator[ArticleAnalysis]:
    """Stands in for spaCy: these tests are about reading and storing, not analysis."""
    for text, meta in items:
        if "poison" in text:
            raise ExtractionError("boom")
        a = make_analysis(text)
        yield ArticleAnalysis(a.id, a.text, meta, (), (), ())


def jsonl(path: Path, *rows: dict[str, str]) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return str(path)


def test_the_wire_field_is_read_from_jsonl() -> None:
    item = parse_jsonl_line('{"text": "x", "outlet": "Eastholm Courier", "wire": "AP"}', "f.jsonl:1")
    assert item is not None and item.meta.wire == "AP"
    with pytest.raises(Exception, match="'wire' must be a string"):
        parse_jsonl_line('{"text": "x", "wire": 3}', "f.jsonl:2")


def test_a_text_met_again_under_a_new_url_is_a_copy_in_one_run_and_the_next(
    db_url: str, tmp_path: Path
) -> None:
    first = {
        "text": ORIGINAL,
        "url": "https://courier.example/flood",
        "published": "2025-03-04",
        "wire": "AP",
    }
    moved = {**first, "url": "https://echo.example/flood", "outlet": "Westholm Echo"}
    feed = jsonl(tmp_path / "a.jsonl", first, moved, first, {"text": TRIMMED, "outlet": "Westholm Echo"})
    with Store.open(db_url) as store:
        report = ingest(store, [feed], analyzer=hand_analyzer)
        assert (report.added, report.duplicates, report.copies, report.already) == (2, 1, 1, 1)
        assert (
            "ingested 2 new article(s) (1 near-duplicate), 1 copies of stored articles, 1 already stored"
            in (summary(report)[0])
        )
        assert as_dict(report)["copies"] == 1
        (a,) = [a for a in store.articles() if a["url"] == first["url"]]
        shown = store.pages.article(a["id"])
        assert shown["wire"] == "Associated Press"
        assert [(c["url"], c["input"]) for c in shown["copies"]] == [
            ("https://echo.example/flood", f"{feed}:2")
        ]

        redated = jsonl(tmp_path / "b.jsonl", {**first, "published": "2025-03-05"}, moved)
        again = ingest(store, [redated], analyzer=hand_analyzer)
        assert (again.added, again.copies, again.already) == (0, 1, 1)
        assert len(store.pages.article(a["id"])["copies"]) == 2


def test_a_copy_of_a_text_that_failed_is_reported_as_failed(db_url: str, tmp_path: Path) -> None:
    poison = {"text": "A poison pill of a text.", "url": "https://courier.example/p"}
    feed = jsonl(tmp_path / "p.jsonl", poison, {**poison, "url": "https://echo.example/p"})
    with Store.open(db_url) as store:
        report = ingest(store, [feed], analyzer=hand_analyzer)
    assert (report.added, report.copies, report.already) == (0, 0, 0)
    assert report.errors[0].startswith(f"{feed}:1: ")
    assert report.errors[1] == f"{feed}:2: not stored: the same text failed to be analysed"
    assert len(report.errors) == 2
