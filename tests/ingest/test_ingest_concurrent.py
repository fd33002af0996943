"""Two ingests with overlapping inputs storing into one store at the same time: each run's
summary must be true for that run (SQLite and PostgreSQL).

An article the other run stored first is "already stored" by this one (or a copy, when it
came here under another URL), never new for both and never left out of both counts.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from claimledger.errors import StorageError
from claimledger.ingest.ingest import IngestReport, ingest, summary
from claimledger.models import ArticleAnalysis, ArticleMeta
from claimledger.store import Store, writes
from claimledger.store.writes import AddResult, NewArticle
from ledger_helpers import make_analysis

#: Both runs must have looked up what is stored before either writes: the race the
#: summary has to survive. Bounded, so a broken run fails the test instead of hanging it.
WAIT = 60.0


def _text(i: int) -> str:
    return f"Story {i}: the harbour authority of town {i * 7919} counted {i * 13} ships on day {i}."


def _jsonl(path: Path, rows: Iterable[tuple[int, str]]) -> str:
    lines = [
        json.dumps({"text": _text(i), "url": url, "outlet": "Harbor Wire", "published": "2025-03-03"})
        for i, url in rows
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def _run_both(db: str, inputs: list[str]) -> list[IngestReport]:
    """Ingest ``inputs[0]`` and ``inputs[1]`` at once, each through its own store connection;
    neither analyzes before both have checked the store for what is new."""
    both_checked = threading.Barrier(len(inputs), timeout=WAIT)

    def analyzer(items: Iterable[tuple[str, ArticleMeta]]) -> Iterator[ArticleAnalysis]:
        items = list(items)
        both_checked.wait()
        for text, meta in items:
            a = make_analysis(text)
            yield ArticleAnalysis(a.id, a.text, meta, (), (), ())

    reports: list[IngestReport | BaseException | None] = [None] * len(inputs)

    def run(n: int) -> None:
        try:
            with Store.open(db) as store:
                reports[n] = ingest(store, [inputs[n]], analyzer=analyzer)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread
            both_checked.abort()
            reports[n] = exc

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(inputs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=2 * WAIT)
    out = []
    for t, r in zip(threads, reports, strict=True):
        assert not t.is_alive(), "an ingest did not finish"
        if isinstance(r, BaseException):
            raise r
        assert r is not None
        out.append(r)
    return out


def test_two_concurrent_ingests_count_shared_articles_once(db_url: str, tmp_path: Path) -> None:
    Store.open(db_url).close()  # the schema exists before the runs, as in a deployment
    # 0-29 only in the first, 30-49 in both (40-49 under another URL in the second), 50-79 only
    # in the second
    first = _jsonl(tmp_path / "first.jsonl", ((i, f"https://a.example/{i}") for i in range(50)))
    second = _jsonl(
        tmp_path / "second.jsonl",
        ((i, f"https://{'b' if 40 <= i < 50 else 'a'}.example/{i}") for i in range(30, 80)),
    )
    reports = _run_both(db_url, [first, second])

    with Store.open(db_url) as store:
        stored = len(store.articles())
    assert stored == 80
    assert sum(r.added for r in reports) == stored, [summary(r) for r in reports]
    for r in reports:
        assert r.errors == []
        # every input read is in exactly one of the counts the summary prints
        assert r.read == 50
        assert r.added + r.already + r.copies == r.read, summary(r)
    one, two = reports
    # whichever stored a shared article first counts it new; the other says it was stored
    # already (same URL) or records and counts it as a copy (the other URL)
    assert one.already + two.already == 10, [summary(r) for r in reports]
    assert one.copies + two.copies == 10, [summary(r) for r in reports]
    assert one.added + two.added == 80


def test_the_loser_of_a_race_on_one_article_records_its_copy(db_url: str) -> None:
    """When a one-article write fails because another writer stored the text meanwhile
    (PostgreSQL's unique index), the loser's URL is kept as a copy, as a later run would."""
    text = _text(1)
    a = make_analysis(text)

    def arriving(url: str) -> NewArticle:
        meta = ArticleMeta(url=url, outlet="Harbor Wire", published="2025-03-03")
        return NewArticle(ArticleAnalysis(a.id, a.text, meta, (), (), ()), input="in.jsonl")

    with Store.open(db_url) as store:
        (won,) = store.add_analyses([arriving("https://a.example/1")])
        assert won.added
        lost = StorageError("cannot store article: duplicate key")
        (same,) = writes.prepare([arriving("https://a.example/1")])
        assert store._stored_meanwhile(same, lost) == AddResult(a.id, added=False, copy=False)
        (other,) = writes.prepare([arriving("https://b.example/1")])
        assert store._stored_meanwhile(other, lost) == AddResult(a.id, added=False, copy=True)
        assert store.add_copies([(a.id, writes.copy_of(arriving("https://b.example/1")))]) == ["already"]
