"""Dates are read on the way in: stored as ISO dates, the text as given kept beside them.

Once, "May 3, 2016", "yesterday" and "2016-13-45" were stored as given and sorted as
strings ("May 3, 2016" after "2017-01-01"), and ``--since 2025-13-01`` was accepted.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select, text

from claimledger.cli.main import cli
from claimledger.errors import InputError
from claimledger.ingest.ingest import ingest
from claimledger.ingest.items import Item, read_inputs
from claimledger.ledger import queries
from claimledger.models import ArticleAnalysis, ArticleMeta, article_id
from claimledger.store import Store, schema
from claimledger.store.database import writing
from claimledger.store.dates import check_since, parse_published
from claimledger.store.migrations import latest


@pytest.mark.parametrize(
    ("given", "iso"),
    [
        ("May 3, 2016", "2016-05-03"),
        ("3 May 2016", "2016-05-03"),
        ("2016-05-03", "2016-05-03"),
        ("2016-5-3", "2016-05-03"),
        ("2016-05-03T10:00:00Z", "2016-05-03T10:00:00+00:00"),
        ("2016-05-03T10:00:00-04:00", "2016-05-03T14:00:00+00:00"),
        ("Tuesday, May 3, 2016 10:00 AM EDT", "2016-05-03T14:00:00+00:00"),
        ("May 2016", "2016-05"),
        ("2016", "2016"),
    ],
)
def test_a_date_is_read_as_iso_and_its_text_kept(given: str, iso: str) -> None:
    got = parse_published(f"  {given} ")
    assert (got.iso, got.text, got.warning) == (iso, given, None)


@pytest.mark.parametrize("given", ["2016-13-45", "2016-02-30", "2016-05-03T25:00", "Feb 30, 2016", "banana"])
def test_an_impossible_date_is_an_error_naming_the_input(given: str) -> None:
    with pytest.raises(InputError) as err:
        parse_published(given, source="news.jsonl:4")
    assert str(err.value).startswith(f"news.jsonl:4: published: {given!r} ")


@pytest.mark.parametrize("given", ["yesterday", "3 days ago", "last week"])
def test_a_relative_date_is_kept_as_text_with_no_date_and_a_warning(given: str) -> None:
    got = parse_published(given)
    assert got.iso is None and got.text == given
    assert got.warning and "relative" in got.warning


def test_since_takes_real_dates_only() -> None:
    for good in ("2025", "2025-03", "2025-03-14", "2024-02-29"):
        assert check_since(good) == good
    for bad in ("2025-13-01", "2025-02-30", "2023-02-29", "2025-00", "March 2025", "2025-3-1"):
        with pytest.raises(InputError, match="--since"):
            check_since(bad)


def _line(n: int, published: str) -> str:
    return json.dumps({"text": f"Article {n}: the mayor said the bridge was closed.", "published": published})


def _analyzer(items: Iterable[tuple[str, ArticleMeta]]) -> Iterator[ArticleAnalysis]:
    """Stands in for spaCy: these tests are about reading and storing dates."""
    for body, meta in items:
        yield ArticleAnalysis(article_id(body), body, meta, (), (), ())


def test_jsonl_dates_are_stored_parsed_and_a_bad_one_skips_its_line_only(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    dates = ["May 3, 2016", "2016-13-45", "2016-05-02T10:00:00Z", "yesterday", "1 May 2016"]
    path.write_text("\n".join(_line(n, d) for n, d in enumerate(dates, 1)) + "\n")
    with Store.open(db_url) as store:
        report = ingest(store, [str(path)], analyzer=_analyzer)
        assert report.added == 4
        assert report.errors == [f"{path}:2: published: '2016-13-45' is not a real date"]
        assert report.warnings == [
            f"{path}:4: published: 'yesterday' is relative and there is no date to count from; "
            "kept as text, date unknown"
        ]
        with store.engine.connect() as conn:
            a = schema.articles
            rows = conn.execute(select(a.c.input, a.c.published, a.c.published_text)).all()
        assert {(r.input, r.published, r.published_text) for r in rows} == {
            (f"{path}:1", "2016-05-03", "May 3, 2016"),
            (f"{path}:3", "2016-05-02T10:00:00+00:00", "2016-05-02T10:00:00Z"),
            (f"{path}:4", None, "yesterday"),
            (f"{path}:5", "2016-05-01", "1 May 2016"),
        }
        # sorted as dates, not as text ("May 3" once sorted after every ISO date)
        assert [r["published"] for r in store.articles() if r["published"]] == [
            "2016-05-01",
            "2016-05-02T10:00:00+00:00",
            "2016-05-03",
        ]


def test_a_bad_date_in_jsonl_is_named_by_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text(_line(1, "2016-13-45") + "\n" + _line(2, "2016-01-02") + "\n")
    got = list(read_inputs([str(path)]))
    assert [str(g) for g in got if isinstance(g, InputError)] == [
        f"{path}:1: published: '2016-13-45' is not a real date"
    ]
    assert [g.meta.published for g in got if isinstance(g, Item)] == ["2016-01-02"]


def test_cli_since_refuses_an_impossible_date_in_one_line(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    with Store.open(str(db)):
        pass
    res = CliRunner().invoke(cli, ["claims", "--db", str(db), "--since", "2025-13-01"])
    assert res.exit_code != 0
    lines = [line for line in res.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "2025-13-01" in lines[0] and "Traceback" not in res.output, res.output


def test_since_filter_refuses_an_impossible_date(store: Store) -> None:
    with pytest.raises(InputError):
        queries.claim_filter(store, since="2025-13-01")
    assert queries.claim_filter(store, since="2025-12-01").since == "2025-12-01"


def test_migration_10_reads_the_dates_of_a_store_from_before(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "old.jsonl"
    path.write_text(_line(1, "2016-05-03") + "\n" + _line(2, "2016-05-04") + "\n")
    with Store.open(db_url) as s:
        ingest(s, [str(path)], analyzer=_analyzer)
        with writing(s.engine) as conn:  # as a store from before migration 10 held its dates
            update = text("UPDATE articles SET published = :p, published_text = NULL WHERE input = :i")
            conn.execute(
                update, [{"p": "May 3, 2016", "i": f"{path}:1"}, {"p": "yesterday", "i": f"{path}:2"}]
            )
            conn.execute(text("ALTER TABLE articles DROP COLUMN published_text"))
            conn.execute(schema.schema_version.delete().where(schema.schema_version.c.version >= 10))
    with Store.open(db_url) as s, s.engine.connect() as conn:
        assert s.schema_version() == latest()
        rows = conn.execute(text("SELECT input, published, published_text FROM articles")).all()
    assert {(r[0].rsplit(":", 1)[1], r[1], r[2]) for r in rows} == {
        ("1", "2016-05-03", "May 3, 2016"),
        ("2", None, "yesterday"),
    }
