"""An ingest's incremental ledger update gives the ledger a full rebuild gives.

Each test ingests a corpus in steps, updating the ledger after each step (the update an
ingest runs), snapshots the whole ledger (claims and their members, origins, grades and
their reasons, contradictions with their reasons, figures, actors, source records, and the
ledger's index), rebuilds it from scratch on the same store and compares: they must be
equal, row for row. The corpora: the invented story (examples/story.jsonl) and 200 real
Reuters-21578 stories read from ../shared at test time.
"""

from __future__ import annotations

import contextlib
import gzip
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from claimledger.ingest.ingest import ingest_items
from claimledger.ingest.items import Item, read_inputs
from claimledger.ledger.build import BuildSummary, rebuild
from claimledger.ledger.incremental import update
from claimledger.models import ArticleAnalysis, ArticleMeta
from claimledger.store import Store, schema
from databases import postgres_database
from ledger_helpers import CORPUS, make_analysis

pytestmark = pytest.mark.model

REUTERS = "corpora/reuters21578.jsonl.gz"
#: Stories read from the start of the Reuters corpus, and where the steps split them.
SAMPLE = 200
STEPS = (120, 160, 200)

TABLES = (
    "claims",
    "claim_members",
    "claim_actors",
    "contradictions",
    "estimates",
    "source_records",
    "actors",
    "actor_aliases",
    "ledger_tokens",
    "ledger_items",
    "ledger_words",
    "ledger_articles",
    "ledger_names",
)
#: Columns that say when a row was written, not what it says.
WHEN = {"created_at", "id"}


def snapshot(store: Store) -> dict[str, Counter[str]]:
    """Every ledger table as a multiset of rows (actor and alias rows without their
    write times and alias row ids; claims' JSON data parsed, so key order is not compared)."""
    out: dict[str, Counter[str]] = {}
    with store.engine.connect() as conn:
        for name in TABLES:
            table = schema.metadata.tables[name]
            rows = []
            for r in conn.execute(select(table)):
                row = dict(r._mapping)
                if name == "actor_aliases":
                    row = {k: v for k, v in row.items() if k not in WHEN}
                elif name == "actors":
                    row.pop("created_at", None)
                elif name == "claims":
                    row["data"] = json.loads(row["data"])
                rows.append(json.dumps(row, sort_keys=True, default=str))
            out[name] = Counter(rows)
    return out


def differences(a: dict[str, Counter[str]], b: dict[str, Counter[str]]) -> list[str]:
    return [
        f"{name}: only after the update {list((a[name] - b[name]).elements())[:3]}, "
        f"only after the rebuild {list((b[name] - a[name]).elements())[:3]}"
        for name in TABLES
        if a[name] != b[name]
    ]


class CachedAnalyzer:
    """The session pipeline, each text analysed once for every backend and step."""

    def __init__(self, nlp: Any) -> None:
        self.nlp = nlp
        self.done: dict[str, ArticleAnalysis] = {}

    def __call__(self, items: Iterable[tuple[str, ArticleMeta]]) -> Iterator[ArticleAnalysis]:
        from claimledger.analysis.article import analyze

        for text, meta in items:
            key = json.dumps(
                [text, meta.model_dump() if hasattr(meta, "model_dump") else repr(meta)], default=str
            )
            if key not in self.done:
                self.done[key] = analyze(text, meta, nlp=self.nlp)
            yield self.done[key]


@pytest.fixture(scope="module")
def analyzer(nlp: Any) -> CachedAnalyzer:
    return CachedAnalyzer(nlp)


@contextlib.contextmanager
def open_store(backend: str, tmp_path: Path) -> Iterator[Store]:
    with contextlib.ExitStack() as stack:
        url = str(tmp_path / "ledger.db") if backend == "sqlite" else stack.enter_context(postgres_database())
        with Store.open(url) as store:
            yield store


def ingest_in_steps(
    store: Store, items: list[Item], steps: Iterable[int], analyzer: CachedAnalyzer
) -> list[BuildSummary]:
    """Ingest ``items`` up to each step, each step followed by the ledger update an ingest runs."""
    done = 0
    summaries = []
    for end in steps:
        report = ingest_items(store, items[done:end], analyzer=analyzer)
        assert report.ledger is not None
        summaries.append(report.ledger)
        done = end
    return summaries


def assert_same_as_rebuild(store: Store) -> None:
    updated = snapshot(store)
    rebuild(store)
    rebuilt = snapshot(store)
    assert not differences(updated, rebuilt)
    assert sum(updated["claims"].values()) > 0


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_story_added_in_steps_equals_a_rebuild(
    backend: str, tmp_path: Path, analyzer: CachedAnalyzer
) -> None:
    items = [i for i in read_inputs([str(CORPUS)]) if isinstance(i, Item)]
    assert len(items) == 12
    with open_store(backend, tmp_path) as store:
        summaries = ingest_in_steps(store, items, (5, 9, 12), analyzer)
        # the first step fills an empty ledger (a rebuild); the next two only add to it
        assert summaries[0].mode == "rebuild"
        assert [(s.mode, s.reason) for s in summaries[1:]] == [("update", ""), ("update", "")]
        assert all(s.touched < s.claims for s in summaries[1:])
        assert_same_as_rebuild(store)


@pytest.fixture(scope="module")
def reuters(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Item]:
    """The first stories of the Reuters corpus, read at test time (never copied into the repo)."""
    path = shared / REUTERS
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        lines = [next(f) for _ in range(SAMPLE)]
    part = tmp_path_factory.mktemp("reuters") / "sample.jsonl"
    part.write_text("".join(lines), encoding="utf-8")
    return [i for i in read_inputs([str(part)]) if isinstance(i, Item)]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_reuters_added_in_steps_equals_a_rebuild(
    backend: str, tmp_path: Path, analyzer: CachedAnalyzer, reuters: list[Item]
) -> None:
    with open_store(backend, tmp_path) as store:
        summaries = ingest_in_steps(store, reuters, STEPS, analyzer)
        assert [s.mode for s in summaries[1:]] == ["update", "update"], [s.reason for s in summaries]
        assert all(0 < s.touched < s.claims for s in summaries[1:])
        assert_same_as_rebuild(store)


def test_update_rebuilds_when_the_rules_change(tmp_path: Path, analyzer: CachedAnalyzer) -> None:
    """A ledger built with other rules or lexicons (its version differs) is rebuilt, not added to."""
    items = [i for i in read_inputs([str(CORPUS)]) if isinstance(i, Item)]
    with open_store("sqlite", tmp_path) as store:
        ingest_in_steps(store, items, (6,), analyzer)
        with store.engine.begin() as conn:
            conn.execute(
                schema.ledger_state.update()
                .where(schema.ledger_state.c.key == "version")
                .values(value="older")
            )
        ingest_items(store, items[6:9], analyzer=analyzer, rebuild_ledger=False)
        summary = update(store)
        assert summary.mode == "rebuild"
        assert "other rules or lexicons" in summary.reason
        # rebuilt, the ledger takes updates again
        ingest_items(store, items[9:], analyzer=analyzer, rebuild_ledger=False)
        assert update(store).mode == "update"
        assert_same_as_rebuild(store)


def _hand(
    text: str, source: str, content: str, published: str, outlet: str = "Harbor Wire"
) -> ArticleAnalysis:
    return make_analysis(
        text,
        outlet=outlet,
        published=published,
        atts=[{"source": source, "content": content, "type": "person"}],
    )


def _store_all(store: Store, analyses: list[ArticleAnalysis]) -> BuildSummary:
    for a in analyses:
        assert store.add_analysis(a, input="test")
    return update(store)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_new_namesake_changes_whom_a_surname_names(backend: str, tmp_path: Path) -> None:
    """ "Baker" is James Baker while he is the only Baker named in full; once two articles
    name Howard Baker, a bare "Baker" names nobody known. The update re-resolves every
    stored article naming Baker and gives the rebuild's actors and claims."""
    first = [
        _hand(
            "James Baker said the dollar would stabilise soon.",
            "James Baker",
            "the dollar would stabilise soon",
            "1987-03-02",
        ),
        _hand(
            "Baker said the talks in Paris went well.", "Baker", "the talks in Paris went well", "1987-03-03"
        ),
        _hand(
            "Officials said grain exports rose in February.",
            "Officials",
            "grain exports rose in February",
            "1987-03-03",
        ),
    ]
    later = [
        _hand(
            "Howard Baker said the President would veto the bill.",
            "Howard Baker",
            "the President would veto the bill",
            "1987-03-04",
        ),
        _hand(
            "Howard Baker told reporters the budget talks stalled.",
            "Howard Baker",
            "the budget talks stalled",
            "1987-03-05",
        ),
        _hand(
            "Baker said the talks in Paris went well, aides said.",
            "Baker",
            "the talks in Paris went well",
            "1987-03-05",
        ),
    ]
    with open_store(backend, tmp_path) as store:
        _store_all(store, first)
        names = {str(r["name"]) for r in store.actors.all().values()}
        assert "James Baker" in names and "Baker" not in names
        summary = _store_all(store, later)
        assert (summary.mode, summary.reason) == ("update", "")
        names = {str(r["name"]) for r in store.actors.all().values()}
        assert {"James Baker", "Howard Baker", "Baker"} <= names
        assert_same_as_rebuild(store)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_new_namesake_takes_a_surname_alias_away(backend: str, tmp_path: Path) -> None:
    """A stored "Hirabayashi" the analysis resolved to Hiroshi Hirabayashi makes "Hirabayashi"
    his alias while he is the only one of that name; a new Soichi Hirabayashi takes it away
    (a rebuild would not give it), though the stored statement still names Hiroshi."""
    text = "Hiroshi Hirabayashi said exports would slow. Hirabayashi said imports rose sharply."
    first = make_analysis(
        text,
        published="1987-03-02",
        atts=[
            {"source": "Hiroshi Hirabayashi", "content": "exports would slow", "type": "person"},
            {
                "source": "Hirabayashi",
                "resolved": "Hiroshi Hirabayashi",
                "content": "imports rose sharply",
                "type": "person",
            },
        ],
    )
    filler = _hand(
        "Officials said grain exports rose in February.",
        "Officials",
        "grain exports rose in February",
        "1987-03-02",
    )
    later = _hand(
        "Soichi Hirabayashi said the yen could fall further.",
        "Soichi Hirabayashi",
        "the yen could fall further",
        "1987-03-04",
    )
    with open_store(backend, tmp_path) as store:
        _store_all(store, [first, filler])
        assert store.actors.alias_map().get("hirabayashi") is not None
        summary = _store_all(store, [later])
        assert (summary.mode, summary.reason) == ("update", "")
        assert "hirabayashi" not in store.actors.alias_map()
        assert_same_as_rebuild(store)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_namesake_spelt_another_way_is_found(backend: str, tmp_path: Path) -> None:
    """People are grouped by folded surname, so "Zelenskiy" and "Zelensky" are one surname.
    A new "Oleksandr Zelensky" must find the stored mentions spelt "Zelenskiy" (they are not
    the same letters), or the bare "Zelenskiy" would go on naming Volodymyr, which a rebuild
    with two people of that surname does not do."""
    first = [
        _hand(
            "Volodymyr Zelenskiy said the front held.",
            "Volodymyr Zelenskiy",
            "the front held",
            "2024-10-02",
        ),
        _hand("Zelenskiy said aid was arriving.", "Zelenskiy", "aid was arriving", "2024-10-03"),
        _hand(
            "Officials said grain exports rose in September.",
            "Officials",
            "grain exports rose in September",
            "2024-10-03",
        ),
    ]
    later = [
        _hand(
            "Oleksandr Zelensky said the harvest was late.",
            "Oleksandr Zelensky",
            "the harvest was late",
            "2024-10-04",
        )
    ]
    with open_store(backend, tmp_path) as store:
        _store_all(store, first)
        assert store.actors.alias_map().get("zelenskiy") is not None
        summary = _store_all(store, later)
        assert (summary.mode, summary.reason) == ("update", "")
        assert_same_as_rebuild(store)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_new_spelling_that_sorts_first_takes_the_actor_over(backend: str, tmp_path: Path) -> None:
    """A rebuild files "Tehran radio" under "Tehran Radio" (its name sorts first); the update
    retires the stored actor, and the alias of the shared key is written as the new name."""
    first = [
        make_analysis(
            "Tehran radio said the talks would resume.",
            published="1987-03-02",
            atts=[{"source": "Tehran radio", "content": "the talks would resume", "type": "organization"}],
        ),
        _hand(
            "Officials said grain exports rose in February.",
            "Officials",
            "grain exports rose in February",
            "1987-03-02",
        ),
    ]
    later = [
        make_analysis(
            "Tehran Radio said the border was quiet.",
            published="1987-03-04",
            atts=[{"source": "Tehran Radio", "content": "the border was quiet", "type": "organization"}],
        )
    ]
    with open_store(backend, tmp_path) as store:
        _store_all(store, first)
        summary = _store_all(store, later)
        assert (summary.mode, summary.reason) == ("update", "")
        names = {str(r["name"]) for r in store.actors.all().values()}
        assert "Tehran Radio" in names and "Tehran radio" not in names
        assert_same_as_rebuild(store)
