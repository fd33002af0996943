"""The analysis engines: local and a real Dask LocalCluster give identical results."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from claimledger.engine.runner import EngineError, EngineOptions, Failed, run
from claimledger.models import ArticleMeta

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[2]


def story_items(times: int = 1) -> list[tuple[str, ArticleMeta, str | None]]:
    rows = [json.loads(x) for x in (ROOT / "examples" / "story.jsonl").read_text().splitlines() if x.strip()]
    items = [
        (r["text"], ArticleMeta(title=r.get("title"), outlet=r.get("outlet")), f"story:{i}")
        for i, r in enumerate(rows)
    ]
    return items * times


@pytest.fixture(scope="module")
def local_results() -> list[dict]:  # type: ignore[type-arg]
    return [r.to_dict() for r in run(story_items(), EngineOptions(kind="local"))]  # type: ignore[union-attr]


def test_dask_gives_what_local_gives_in_order(dask_scheduler: str, local_results: list[dict]) -> None:  # type: ignore[type-arg]
    got = list(run(story_items(), EngineOptions(kind="dask", scheduler=dask_scheduler, chunk=3)))
    assert not [g for g in got if isinstance(g, Failed)]
    assert [g.to_dict() for g in got] == local_results  # type: ignore[union-attr]
    assert [g.input for g in got] == [f"story:{i}" for i in range(len(local_results))]  # type: ignore[union-attr]


def test_each_worker_loads_the_model_once(dask_scheduler: str) -> None:
    from distributed import Client

    list(run(story_items(2), EngineOptions(kind="dask", scheduler=dask_scheduler, chunk=2)))
    with Client(dask_scheduler) as client:
        from claimledger.pipeline.load import load_count

        counts = client.run(load_count)
    assert sorted(counts.values()) == [1, 1]


def test_local_processes_give_the_same(local_results: list[dict]) -> None:  # type: ignore[type-arg]
    got = list(run(story_items(), EngineOptions(kind="local", processes=2, batch_size=2)))
    assert [g.to_dict() for g in got] == local_results  # type: ignore[union-attr]


def test_a_worker_dying_mid_run_loses_nothing(dask_scheduler: str, local_results: list[dict]) -> None:  # type: ignore[type-arg]
    from distributed import Client

    items = story_items(3)
    stream = run(items, EngineOptions(kind="dask", scheduler=dask_scheduler, chunk=2))
    got = [next(stream)]
    with Client(dask_scheduler) as client:
        victim = sorted(client.scheduler_info()["workers"])[0]
        killer = threading.Thread(
            target=lambda: client.run(os._exit, 1, workers=[victim], on_error="ignore"), daemon=True
        )
        killer.start()
        got.extend(stream)
        killer.join(timeout=30)
        assert victim not in client.scheduler_info()["workers"]  # it really died (and was replaced)
    assert [g.to_dict() for g in got] == local_results * 3  # type: ignore[union-attr]


def test_an_article_over_the_cap_fails_alone() -> None:
    items = story_items()[:2] + [("word " * 300_000, ArticleMeta(), "huge.txt")]
    got = list(run(items, EngineOptions(kind="local")))
    assert isinstance(got[2], Failed) and got[2].name == "huge.txt" and "over the cap" in got[2].error
    assert not isinstance(got[0], Failed) and not isinstance(got[1], Failed)


def test_a_scheduler_that_does_not_answer() -> None:
    with pytest.raises(EngineError, match="tcp://127.0.0.1:9: cannot reach the Dask scheduler"):
        list(
            run(
                story_items()[:1],
                EngineOptions(kind="dask", scheduler="tcp://127.0.0.1:9", connect_timeout=2),
            )
        )
