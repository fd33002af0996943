"""The store on SQLite and PostgreSQL: migrations, idempotent ingest, offsets, search, actors."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import Connection, select, text

from claimledger.errors import InputError, NotFound, SchemaVersionError
from claimledger.store import Store, resolve_url, schema
from claimledger.store.database import writing
from claimledger.store.migrations import latest
from claimledger.store.pages import EntryRef
from claimledger.store.writes import AddResult, NewArticle, prepare, write_batch
from ledger_helpers import make_analysis

WIRE = (
    "KYIV (Harbor Wire) — About 50 Iranian drone instructors have arrived in Crimea to train Russian units, "
    "Ukraine's military intelligence said on Monday. The instructors are teaching Russian crews to launch "
    "drones from airfields near Dzhankoi, the agency said in a statement."
)


def wire(text: str = WIRE, outlet: str = "Harbor Wire"):  # type: ignore[no-untyped-def]
    return make_analysis(
        text,
        outlet=outlet,
        atts=[
            {
                "source": "Ukraine's military intelligence",
                "type": "organization",
                "cue": "said",
                "content": "About 50 Iranian drone instructors have arrived in Crimea to train Russian units",
                "quantity": "About 50 Iranian drone instructors",
                "q": (50.0, None, None, "approximate", "Iranian drone instructors"),
            }
        ],
    )


def test_resolve_url_maps_plain_postgresql_to_psycopg() -> None:
    assert resolve_url("postgresql://u@h:5/db") == "postgresql+psycopg://u@h:5/db"
    assert resolve_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert resolve_url("/tmp/x.db") == "sqlite:////tmp/x.db"


def test_new_store_is_migrated_to_latest(store: Store) -> None:
    assert store.schema_version() == latest()


def test_add_analysis_is_idempotent_and_keeps_offsets(store: Store) -> None:
    a = wire()
    assert store.add_analysis(a, input="wire.txt") is True
    assert store.add_analysis(a, input="wire.txt") is False
    assert store.count("articles") == 1
    assert store.count("attributions") == 1
    (row,) = store.attribution_rows()
    assert WIRE[row["content_start"] : row["content_end"]] == row["content_text"]
    assert WIRE[row["source_start"] : row["source_end"]] == "Ukraine's military intelligence"
    assert row["extractor"] == "attribution.v1"
    (q,) = store.quantity_rows()
    assert WIRE[q["start"] : q["end"]] == "About 50 Iranian drone instructors"
    assert q["extractor"] == "quantities.v1"


def test_wire_copy_is_marked_as_duplicate_of_the_original(store: Store) -> None:
    original = wire()
    copy = wire(WIRE + " Eastgate Daily will update this story.", outlet="Eastgate Daily")
    other = make_analysis("Iran's foreign ministry denied the reports on Wednesday, calling them baseless.")
    for a in (original, copy, other):
        store.add_analysis(a)
    by_id = {a["id"]: a for a in store.articles()}
    assert by_id[copy.id]["duplicate_of"] == original.id
    assert by_id[original.id]["duplicate_of"] is None
    assert by_id[other.id]["duplicate_of"] is None


DENIAL = "Iran's foreign ministry denied the reports on Wednesday, calling them baseless."


def test_a_batch_skips_what_is_stored_and_sees_its_own_earlier_articles(store: Store) -> None:
    original = wire()
    copy = wire(WIRE + " Eastgate Daily will update this story.", outlet="Eastgate Daily")
    other = make_analysis(DENIAL)
    other_copy = make_analysis(DENIAL[:-1] + " and false.", outlet="Eastgate Daily")
    assert store.add_analysis(original)
    results = store.add_analyses(
        [NewArticle(other), NewArticle(original), NewArticle(copy), NewArticle(other_copy), NewArticle(other)]
    )
    assert results == [
        AddResult(other.id, added=True),
        AddResult(original.id, added=False),  # stored before the batch
        AddResult(copy.id, added=True, duplicate_of=original.id),
        AddResult(other_copy.id, added=True, duplicate_of=other.id),  # a copy of one earlier in the batch
        AddResult(other.id, added=False),  # twice in the batch: stored once
    ]
    assert {a["id"]: a["duplicate_of"] for a in store.articles()} == {
        original.id: None,
        copy.id: original.id,
        other.id: None,
        other_copy.id: other.id,
    }
    assert store.count("attributions") == 2
    assert store.count("article_bands") == 2 * 32  # the originals' only: a copy is never a candidate
    assert {a["id"] for a in store.search_articles("baseless")} == {other.id, other_copy.id}
    assert store.add_analyses([]) == []


def _wait_until_waiting_on_a_lock(conn: Connection) -> None:
    """Until another PostgreSQL session of this database waits on a lock (the writer racing us)."""
    deadline = time.monotonic() + 30
    query = text(
        "SELECT count(*) FROM pg_stat_activity"
        " WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    while conn.execute(query).scalar_one() == 0:
        assert time.monotonic() < deadline, "the second writer never waited for the first"
        time.sleep(0.05)


def test_two_writers_storing_overlapping_batches_lose_and_double_nothing(db_url: str) -> None:
    """On PostgreSQL both writers insert the shared article and the loser breaks the primary
    key: its batch is rolled back and redone one article at a time. (On SQLite the second
    writer waits for the first and finds the article stored.)"""
    a, b, c = (
        wire(),
        make_analysis(DENIAL),
        make_analysis("North Korean engineers were seen at a drone factory in Alabuga, a witness said."),
    )
    entry = EntryRef("https://example.org/feed.xml", "guid-b")
    done: list[list[AddResult]] = []
    with Store.open(db_url) as first, Store.open(db_url) as second:
        with writing(first.engine) as conn:  # the first writer has stored b, not committed yet
            write_batch(
                conn, prepare([NewArticle(b)]), at="2025-06-01T00:00:00+00:00", fts=first.dialect == "sqlite"
            )
            racer = threading.Thread(
                target=lambda: done.append(
                    second.add_analyses([NewArticle(a), NewArticle(b, entry=entry), NewArticle(c)])
                )
            )
            racer.start()
            if first.dialect == "postgresql":
                with first.engine.connect() as watcher:
                    _wait_until_waiting_on_a_lock(watcher)
        racer.join(60)
        assert done, "the second writer did not finish"
        assert done[0] == [
            AddResult(a.id, added=True),
            AddResult(b.id, added=False),
            AddResult(c.id, added=True),
        ]
        assert sorted(r["id"] for r in first.articles()) == sorted([a.id, b.id, c.id])
        assert first.count("attributions") == 1
        assert first.count("article_bands") == 3 * 32
        (row,) = first.feeds.entries("https://example.org/feed.xml").values()
        assert (row["status"], row["article_id"]) == ("done", b.id)


def test_full_text_search_over_articles(store: Store) -> None:
    a = wire()
    store.add_analysis(a)
    assert [r["id"] for r in store.search_articles("Dzhankoi airfields")] == [a.id]
    assert store.search_articles("Pyongyang") == []
    assert store.search_articles('"; DROP TABLE articles; --') == []


def test_newer_schema_is_refused_and_nothing_is_lost(db_url: str) -> None:
    with Store.open(db_url) as s:
        s.add_analysis(wire())
        with s.engine.begin() as conn:
            conn.execute(
                schema.schema_version.insert().values(version=latest() + 1, name="future", applied_at="x")
            )
    with pytest.raises(SchemaVersionError, match="newer"):
        Store.open(db_url)
    # the refusal changed nothing: remove the future row by hand and the article is still there
    from sqlalchemy import create_engine

    engine = create_engine(resolve_url(db_url))
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM claimledger_schema WHERE name = 'future'"))
        assert conn.execute(select(schema.articles.c.id)).scalars().all() == [wire().id]
    engine.dispose()


def test_actor_lookup_is_get_or_create(store: Store) -> None:
    a = store.actors.lookup("North Korea", "country", "KP", ("Pyongyang", "North Korean"))
    assert store.actors.lookup("North Korea", "country") == a
    assert store.actors.find("Pyongyang")["id"] == a
    assert store.actors.find("north korean")["name"] == "North Korea"
    with pytest.raises(NotFound):
        store.actors.find("Atlantis")


def test_actor_merge_and_split_are_reversible_with_history(store: Store) -> None:
    z = store.actors.lookup("Volodymyr Zelensky", "person", None, ("Zelensky",))
    z2 = store.actors.lookup("Zelenskyy", "person")
    store.actors.merge("Volodymyr Zelensky", "Zelenskyy")
    assert store.actors.find("Zelenskyy")["id"] == z
    assert store.actors.alias_map()["zelenskyy"] == z
    with pytest.raises(InputError, match="already the same"):
        store.actors.merge("Zelensky", "Zelenskyy")
    store.actors.split("Zelenskyy")
    assert store.actors.find("Zelenskyy")["id"] == z2
    # detach one alias into an actor of its own, then merge it back
    detached = store.actors.split("Volodymyr Zelensky", alias="Zelensky")
    assert store.actors.find("Zelensky")["id"] == detached["id"] != z
    store.actors.merge("Volodymyr Zelensky", "Zelensky")
    assert store.actors.find("Zelensky")["id"] == z
    assert [e["action"] for e in store.actors.events()] == ["merge", "split", "split", "merge"]
    history = store.actors.aliases(z)
    assert any(h["alias"] == "Zelensky" and not h["active"] for h in history)  # the old alias row is kept


def test_rating_a_source(store: Store) -> None:
    store.actors.lookup("South Korean intelligence (NIS)", "organization", "KR", ("NIS",))
    assert store.actors.find("NIS")["grade"] == "F"
    assert store.actors.set_grade("NIS", "b")["grade"] == "B"
    with pytest.raises(InputError):
        store.actors.set_grade("NIS", "G")
    assert store.actors.events()[-1]["detail"] == {"from": "F", "to": "B"}


def test_an_old_store_is_migrated_in_place_keeping_its_data(db_url: str) -> None:
    from claimledger.store.database import make_engine
    from claimledger.store.migrations import MIGRATIONS

    engine = make_engine(resolve_url(db_url))
    with engine.begin() as conn:  # a store as version 1 of claimledger left it
        schema.schema_version.create(conn)
        MIGRATIONS[1][1](conn)
        conn.execute(schema.schema_version.insert().values(version=1, name="v1", applied_at="x"))
    engine.dispose()
    with Store(make_engine(resolve_url(db_url)), resolve_url(db_url)) as old:
        old.add_analysis(wire())
    with Store.open(db_url) as s:
        assert s.schema_version() == latest() >= 2
        assert [a["id"] for a in s.articles()] == [wire().id]
        assert s.ledger_is_stale()


def test_sync_derived_rederives_unedited_actors_and_keeps_edited_ones(store: Store) -> None:
    # A first rebuild saw only "Smith" and guessed an actor of that name.
    first = store.actors.sync_derived(
        [("Smith", "person", None, ("Smith",)), ("NIS", "organization", "KR", ("NIS",))]
    )
    store.actors.set_grade("NIS", "B")  # a user edit: NIS is no longer derived
    # The next one saw "John Smith" too and resolves "Smith" to him: the guess must go.
    second = store.actors.sync_derived(
        [("John Smith", "person", None, ("John Smith", "Smith")), ("Kim", "person", None, ("Kim",))]
    )
    names = {r["name"] for r in store.actors.all().values()}
    assert "Smith" not in names
    assert store.actors.find("Smith")["name"] == "John Smith"
    assert store.actors.find("NIS")["id"] == first["NIS"]  # edited: kept though no longer needed
    assert store.actors.find("NIS")["grade"] == "B"
    # An unedited actor still needed keeps its id; a stale one leaves the ledger stale.
    third = store.actors.sync_derived([("John Smith", "person", None, ("Smith",))])
    assert third["John Smith"] == second["John Smith"]
    assert store.ledger_is_stale()


def test_sync_derived_drops_a_name_an_earlier_name_files(store: Store) -> None:
    """A sync takes names in order and a name whose key an earlier name holds is that actor
    ("Reagan Administration" < "Reagan administration"), so the actor a store kept from a
    sync that saw only the second spelling must go, as a sync from nothing never makes it."""
    store.actors.sync_derived([("Reagan administration", "organization", None, ())])
    ids = store.actors.sync_derived(
        [
            ("Reagan Administration", "organization", None, ()),
            ("Reagan administration", "organization", None, ()),
        ]
    )
    assert ids["Reagan administration"] == ids["Reagan Administration"]
    names = sorted(str(r["name"]) for r in store.actors.all().values())
    assert names == ["Reagan Administration"]


def test_sync_derived_honours_a_merge(store: Store) -> None:
    ids = store.actors.sync_derived(
        [("Volodymyr Zelensky", "person", None, ()), ("Zelenskyy", "person", None, ())]
    )
    store.actors.merge("Volodymyr Zelensky", "Zelenskyy")
    again = store.actors.sync_derived([("Zelenskyy", "person", None, ())])
    assert again["Zelenskyy"] == ids["Volodymyr Zelensky"]


def test_migration_8_adds_what_a_figure_counts_to_a_store_without_it(db_url: str) -> None:
    """A store from before the figures stage gains the columns, keeping its quantities."""
    with Store.open(db_url) as s:
        s.add_analysis(wire())
        with writing(s.engine) as conn:  # as a store from before migration 8 holds it
            for table, cols in (
                ("quantities", ("counted", "unit", "kind", "frame", "time_text")),
                ("estimates", ("unit", "kind", "time_text", "day", "thing_key")),
            ):
                for col in cols:
                    conn.execute(text(f"ALTER TABLE {table} DROP COLUMN {col}"))
            conn.execute(schema.schema_version.delete().where(schema.schema_version.c.version >= 8))
        with s.engine.connect() as conn:
            before = conn.execute(text("SELECT count(*) FROM quantities")).scalar_one()
            assert before > 0
    with Store.open(db_url) as s, s.engine.connect() as conn:
        assert s.schema_version() == latest()
        assert conn.execute(text("SELECT count(*) FROM quantities")).scalar_one() == before
        assert conn.execute(text("SELECT count(*) FROM quantities WHERE kind IS NULL")).scalar_one() == before
        conn.execute(text("SELECT counted, unit, kind, frame, time_text FROM quantities")).all()
        conn.execute(text("SELECT unit, kind, time_text, day, thing_key FROM estimates")).all()
