"""A worker's memory does not grow with the input: the vocab is left as each chunk found it,
with the same output, and the LocalClusters we start keep no profiler call trees."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from claimledger.engine import Failed, Item, analyze_chunk, local_cluster
from claimledger.ledger.benchcorpus import vary
from claimledger.models import ArticleMeta

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[2]


def bench_items(n: int, tag: str) -> list[Item]:
    """``n`` bench articles, each with words no other test has put in the vocab."""
    rows = [json.loads(x) for x in (ROOT / "examples" / "story.jsonl").read_text().splitlines() if x.strip()]
    return [
        (
            f"{r['text']} Officials in Qzx{tag}vel{i} said {7919 * i + 104729} drones were counted.",
            ArticleMeta(outlet=r["outlet"], url=r["url"]),
            f"bench:{tag}:{i}",
        )
        for i, r in enumerate(vary(rows, n, seed=11))
    ]


def dicts(results: list[Any]) -> list[dict[str, Any]]:
    assert not [r for r in results if isinstance(r, Failed)]
    return [r.to_dict() for r in results]


def test_a_chunk_leaves_the_vocab_as_it_found_it(nlp: Any) -> None:
    analyze_chunk(bench_items(2, "warm"))  # the model's first-run allocations
    strings, tag = len(nlp.vocab.strings), "zone"
    for start in (0, 8):
        got = analyze_chunk(bench_items(16, tag)[start : start + 8])
        assert len(got) == 8
        assert len(nlp.vocab.strings) == strings
    assert f"Qzx{tag}vel3" not in nlp.vocab.strings


def test_the_memory_zone_changes_no_output(nlp: Any) -> None:
    from claimledger.analysis import analyze_many

    items = bench_items(24, "same")
    first = dicts(analyze_chunk(items, batch_size=8))  # these words are new to the vocab
    again = dicts(analyze_chunk(items, batch_size=3))  # and new again: the zone freed them
    outside = [
        {**r.to_dict(), "input": name}
        for r, (_, _, name) in zip(analyze_many((t, m) for t, m, _ in items), items, strict=True)
    ]
    assert first == again == outside
    assert "Qzxsamevel5" in nlp.vocab.strings  # analyze_many is outside any zone: it keeps them


def test_our_local_cluster_workers_keep_no_profile() -> None:
    pytest.importorskip("distributed")
    from distributed import Client

    def profile_state(dask_worker: Any) -> tuple[bool, int]:
        """Is the profiler scheduled, and how many stack samples has it kept?"""
        kept = [p for _, p in dask_worker.profile_history] + [dask_worker.profile_recent]
        kept += [p for _, d in dask_worker.profile_keys_history for p in d.values()]
        kept += list(dask_worker.profile_keys.values())
        return "profile" in dask_worker.periodic_callbacks, sum(p["count"] for p in kept)

    items = bench_items(48, "dask")
    with local_cluster(1) as cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
        futures = [client.submit(analyze_chunk, items[i : i + 24], pure=False) for i in (0, 24)]
        assert len(dicts([r for f in futures for r in f.result()])) == 48
        states = client.run(profile_state)
    assert list(states.values()) == [(False, 0)]
