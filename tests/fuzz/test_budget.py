"""The per-article limits: a time budget that ends in a clear error, and the size caps.

The deadline is cooperative (checked between stages and in our components' loops), so
it works in any thread; these tests use a clock that moves one second each time it is
read, which makes "ran over" exact instead of timing-dependent, plus one real-time run
in a worker thread.
"""

from __future__ import annotations

import pickle
import threading
import time
from collections.abc import Iterator

import pytest
from spacy.language import Language

from claimledger.analysis.article import MAX_CHARS, ExtractOptions, analyze, analyze_many
from claimledger.engine.runner import EngineOptions, Failed, analyze_chunk, run
from claimledger.errors import AnalysisTimeout, ClaimLedgerError, ExtractionError
from claimledger.models import ArticleAnalysis, ArticleMeta
from claimledger.pipeline import budget

pytestmark = pytest.mark.model

SHORT = "The minister said the bridge was closed."
#: 300 sentences: our components look at the clock at least once per sentence
LONG = "Officials said the road was shut. " * 300


@pytest.fixture
def ticking(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """A clock that moves one second each time it is read; yields how often it was read."""
    reads = [0]

    def clock() -> float:
        reads[0] += 1
        return float(reads[0])

    monkeypatch.setattr(budget, "clock", clock)
    yield reads


def test_the_error_is_an_extraction_error_naming_article_budget_and_stage() -> None:
    err = AnalysisTimeout(60, "parser", source="story.txt")
    assert isinstance(err, ExtractionError) and isinstance(err, ClaimLedgerError)
    assert err.exit_code == 2
    assert (
        str(err) == "story.txt: analysis ran over its 60-second time budget per article (stopped in parser)"
    )
    back = pickle.loads(pickle.dumps(err))  # crosses process boundaries (the pool, Dask)
    assert type(back) is AnalysisTimeout and str(back) == str(err) and back.stage == "parser"


def test_analyze_stops_at_the_budget(nlp: Language, ticking: list[int]) -> None:
    with pytest.raises(AnalysisTimeout) as err:
        analyze(LONG, nlp=nlp, input_name="long.txt", options=ExtractOptions(time_budget=30))
    assert err.value.source == "long.txt" and err.value.budget == 30
    assert err.value.stage.startswith("claimledger_")  # inside our components, not after them
    assert ticking[0] <= 32  # stopped as soon as it looked past the deadline


def test_an_article_within_its_budget_is_analyzed(nlp: Language, ticking: list[int]) -> None:
    result = analyze(SHORT, nlp=nlp, options=ExtractOptions(time_budget=100))
    assert [a.cue.text for a in result.attributions if a.cue] == ["said"]
    assert ticking[0] < 100


def test_an_unnamed_article_is_named_by_its_id(nlp: Language, ticking: list[int]) -> None:
    with pytest.raises(AnalysisTimeout, match=r"^article [0-9a-f]{16}: analysis ran over its 5-second"):
        analyze(LONG, nlp=nlp, options=ExtractOptions(time_budget=5))


def test_no_budget_means_no_limit(nlp: Language, ticking: list[int]) -> None:
    result = analyze(SHORT, nlp=nlp, options=ExtractOptions(time_budget=None))
    assert result.attributions and ticking[0] == 0


def test_a_budget_must_be_positive(nlp: Language) -> None:
    with pytest.raises(ExtractionError, match="time budget must be positive"):
        analyze(SHORT, nlp=nlp, options=ExtractOptions(time_budget=0))


def test_analyze_many_applies_the_budget_per_article(nlp: Language, ticking: list[int]) -> None:
    items = [(SHORT, ArticleMeta(title="short")), (LONG, ArticleMeta(url="https://example.org/long"))]
    with pytest.raises(AnalysisTimeout) as err:
        list(analyze_many(items, nlp=nlp, time_budget=40, batch_size=1))
    assert err.value.source == "https://example.org/long"


def test_the_engine_reports_a_timeout_as_one_failed_article(ticking: list[int]) -> None:
    items = [
        (SHORT, ArticleMeta(), "short.txt"),
        (LONG, ArticleMeta(), "long.txt"),
        (SHORT, ArticleMeta(), None),
    ]
    got = analyze_chunk(items, batch_size=8, time_budget=100)
    assert isinstance(got[0], ArticleAnalysis) and got[0].input == "short.txt"
    assert isinstance(got[2], ArticleAnalysis)
    failed = got[1]
    assert isinstance(failed, Failed) and failed.name == "long.txt"
    assert "long.txt: analysis ran over its 100-second time budget per article" in failed.error
    streamed = list(run(items, EngineOptions(kind="local", time_budget=100)))
    assert [type(r).__name__ for r in streamed] == ["ArticleAnalysis", "Failed", "ArticleAnalysis"]


def test_the_deadline_works_in_a_worker_thread(nlp: Language) -> None:
    """Dask runs tasks in threads: no signal handler, the deadline rides on the Doc."""
    caught: list[BaseException] = []
    took: list[float] = []

    def work() -> None:
        start = time.perf_counter()
        try:
            analyze(LONG * 3, nlp=nlp, input_name="in-thread", options=ExtractOptions(time_budget=0.05))
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            caught.append(exc)
        took.append(time.perf_counter() - start)

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(timeout=120)
    assert not worker.is_alive()
    assert len(caught) == 1 and isinstance(caught[0], AnalysisTimeout), caught
    assert caught[0].source == "in-thread"
    assert took[0] < 60  # one spaCy stage at most past the deadline, not the whole analysis


def test_the_character_cap(nlp: Language) -> None:
    with pytest.raises(ExtractionError, match=r"over the 1,000,000-character cap"):
        analyze("a" * (MAX_CHARS + 1), nlp=nlp, input_name="big.txt")


def test_the_token_cap_comes_before_any_costly_stage(nlp: Language) -> None:
    # 400,000 quotation marks: under the character cap, a million-token parse's worth of work
    start = time.perf_counter()
    with pytest.raises(ExtractionError, match=r"400,000 tokens, over the 300,000-token cap"):
        analyze('"' * 400_000, nlp=nlp, input_name="marks.txt")
    assert time.perf_counter() - start < 30  # tokenizing only
    with pytest.raises(ExtractionError, match=r"over the 5-token cap"):
        analyze(SHORT, nlp=nlp, options=ExtractOptions(max_tokens=5))
