"""Search stems its words and ranks what it finds, on SQLite (FTS5) and PostgreSQL (tsvector).

Once, SQLite's search tables used FTS5's default tokenizer: "drones" missed "drone", and
matches came oldest first whatever their relevance.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from claimledger.cli.main import cli
from claimledger.ledger import queries
from claimledger.ledger.build import rebuild
from claimledger.store import Store, schema
from claimledger.store.check import check_store
from claimledger.store.database import writing
from claimledger.store.migrations import latest
from ledger_helpers import make_analysis

#: (text, published, the content its one attribution reports)
ARTICLES = [
    (
        "Officials said a drone hit the harbour on Monday. The port was closed for a day.",
        "2025-03-01",
        "a drone hit the harbour on Monday",
    ),
    (
        "The governor said drones, more drones and still more drones crossed the border. "
        "Drones were seen over the drone base, residents said.",
        "2025-03-05",
        "drones, more drones and still more drones crossed the border",
    ),
    (
        "The minister said the bridge reopened after repairs. Traffic moved again by noon.",
        "2025-03-02",
        "the bridge reopened after repairs",
    ),
]


@pytest.fixture
def searched(db_url: str) -> Iterator[Store]:
    with Store.open(db_url) as store:
        for body, published, content in ARTICLES:
            source = body.split(" said")[0]
            store.add_analysis(
                make_analysis(body, published=published, atts=[{"source": source, "content": content}])
            )
        rebuild(store)
        yield store


def _body(store: Store, article_id: str) -> str:
    with store.engine.connect() as conn:
        return str(
            conn.execute(text("SELECT text FROM articles WHERE id = :i"), {"i": article_id}).scalar_one()
        )


def test_a_plural_finds_the_singular_and_the_best_match_comes_first(searched: Store) -> None:
    found = searched.search_articles("drones")
    bodies = [_body(searched, a["id"]) for a in found]
    assert len(bodies) == 2 and all("drone" in b for b in bodies)
    # the article about drones, many times over, before the one that names a drone once
    # (oldest first would list the other first)
    assert bodies[0].startswith("The governor said drones")
    assert [_body(searched, a["id"]) for a in searched.search_articles("drone")] == bodies
    assert searched.search_articles("bridges") and not searched.search_articles("submarine")
    # a page of the hits, and their true count (the search page said "Claims (50)" for 1,651)
    assert searched.count_search_articles("drones") == 2 and searched.count_search_articles("submarine") == 0
    assert [a["id"] for a in searched.search_articles("drones", limit=1, offset=1)] == [found[1]["id"]]


def test_claims_search_stems_and_ranks(searched: Store) -> None:
    f = queries.claim_filter(searched, search="drones")
    claims = queries.list_claims_where(searched, f)
    assert [c["text"] for c in claims] == [
        "drones, more drones and still more drones crossed the border",
        "a drone hit the harbour on Monday",
    ]
    assert queries.count_claims_where(searched, f) == 2
    # with another filter, still only what matches both
    since = queries.claim_filter(searched, search="drone", since="2025-03-03")
    assert [c["text"] for c in queries.list_claims_where(searched, since)] == [claims[0]["text"]]
    assert queries.count_claims_where(searched, since) == 1


def test_cli_claims_search_finds_the_singular(searched: Store) -> None:
    res = CliRunner().invoke(cli, ["claims", "--db", searched.url, "--search", "drones", "--format", "json"])
    assert res.exit_code == 0, res.output
    assert "a drone hit the harbour" in res.output and "bridge" not in res.output


def test_migration_10_gives_an_older_sqlite_store_stemmed_search(tmp_path: Path) -> None:
    db = str(tmp_path / "old.db")
    with Store.open(db) as store:
        body, published, content = ARTICLES[0]
        store.add_analysis(
            make_analysis(body, published=published, atts=[{"source": "Officials", "content": content}])
        )
        rebuild(store)
        with writing(store.engine) as conn:  # as migration 1 made them: the default tokenizer
            for table, key in (("articles_fts", "article_id"), ("claims_fts", "claim_id")):
                conn.execute(text(f"DROP TABLE {table}"))
                conn.execute(text(f"CREATE VIRTUAL TABLE {table} USING fts5(text, {key} UNINDEXED)"))
            conn.execute(text("INSERT INTO articles_fts(text, article_id) SELECT text, id FROM articles"))
            conn.execute(text("INSERT INTO claims_fts(text, claim_id) SELECT search_text, id FROM claims"))
            conn.execute(schema.schema_version.delete().where(schema.schema_version.c.version >= 10))
        assert store.search_articles("drones") == []
    with Store.open(db) as store:
        assert store.schema_version() == latest()
        assert len(store.search_articles("drones")) == 1
        assert queries.count_claims_where(store, queries.claim_filter(store, search="drones")) == 1
        assert check_store(store).ok, check_store(store).problems
