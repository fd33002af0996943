"""Memory does not grow with the input. A worker's vocab is left as each chunk found it, with
the same output, and the LocalClusters we start keep no profiler call trees; the driver (where
a LocalCluster's scheduler runs) keeps none of the chunks of articles it sent."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tools.benchcorpus import vary

from claimledger.engine.runner import EngineOptions, Failed, Item, analyze_chunk, local_cluster, run
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
    from claimledger.analysis.article import analyze_many

    items = bench_items(24, "same")
    first = dicts(analyze_chunk(items, batch_size=8))  # these words are new to the vocab
    again = dicts(analyze_chunk(items, batch_size=3))  # and new again: the zone freed them
    outside = [
        {**r.to_dict(), "input": name}
        for r, (_, _, name) in zip(analyze_many((t, m) for t, m, _ in items), items, strict=True)
    ]
    assert first == again == outside
    assert "Qzxsamevel5" in nlp.vocab.strings  # analyze_many is outside any zone: it keeps them


@pytest.mark.cluster
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


def lazy_items(n: int, tag: str) -> Iterator[Item]:
    """``n`` bench articles made one at a time (the test holds none), each with its own outlet."""
    rows = [json.loads(x) for x in (ROOT / "examples" / "story.jsonl").read_text().splitlines() if x.strip()]
    for i, r in enumerate(vary(rows, n, seed=13)):
        yield r["text"], ArticleMeta(outlet=f"{tag} {i}", url=r["url"]), f"{tag}:{i}"


def metas_alive(tag: str) -> int:
    """How many of the articles' metadata objects this process still holds."""
    gc.collect()
    return sum(1 for o in gc.get_objects() if type(o) is ArticleMeta and (o.outlet or "").startswith(tag))


@pytest.mark.cluster
def test_the_driver_keeps_none_of_the_chunks_it_sent() -> None:
    """Dask's message logs (``distributed.admin.low-level-log-length``: the last 1,000 batches
    of each stream) kept every chunk that the scheduler, in this process, sent a worker, and
    every pickled chunk the client submitted: the driver grew with the articles of a run."""
    pytest.importorskip("distributed")
    from distributed import default_client

    tag, n, chunk = "Keptcheck", 80, 4
    got, during, client_kept = 0, -1, -1
    with local_cluster(1) as cluster:  # outlives the run, as in the scale bench
        opts = EngineOptions(kind="dask", scheduler=cluster.scheduler_address, chunk=chunk)
        for result in run(lazy_items(n, tag), opts):
            assert not isinstance(result, Failed)
            got += 1
            if got == n - chunk:  # every chunk sent, 19 of 20 answered
                del result
                during = metas_alive(tag)
                client_kept = len(default_client().scheduler_comm.recent_message_log)  # the run's client
        del result
        after = metas_alive(tag)
    assert got == n
    assert client_kept == 0
    # what a run needs: the 2 chunks in flight (in the scheduler, and their answers in the
    # client), the chunk last read and the answers being yielded; before, all of them (88)
    assert 0 < during <= 8 * chunk
    # at most the chunk the worker ran last: the scheduler counts it as executing until the
    # worker's next heartbeat (``WorkerState.executing``); before, every chunk (80)
    assert after <= chunk


@pytest.mark.cluster
def test_our_local_cluster_keeps_one_system_monitor_sample() -> None:
    """The scheduler and the nannies of a LocalCluster run in the driver, and each Dask server
    kept its system monitor's last 7,200 samples (two a second): 5.7 MB over the first hour
    of a run with 2 workers."""
    pytest.importorskip("distributed")
    import time

    from distributed import Client

    def kept(dask_worker: Any) -> int:
        return len(dask_worker.monitor.quantities["time"])

    with local_cluster(1) as cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
        time.sleep(2.0)  # four samples at the default interval of 0.5 s
        servers = [cluster.scheduler, *cluster.workers.values()]  # the driver's: scheduler, nanny
        samples = [len(s.monitor.quantities["time"]) for s in servers] + list(client.run(kept).values())
    assert len(samples) == 3
    assert samples == [1, 1, 1]


def test_the_scale_bench_copies_its_stages_a_line_at_a_time(tmp_path: Path) -> None:
    """The scale bench reports the driver's peak, so its own handling of the corpus must not
    make it: it read the whole corpus into a list of lines and joined each stage's lines into
    one string, which was the driver's 166 MB at 1,000 articles and its 178 at 20,000 (141
    without them)."""
    import gzip
    import tracemalloc

    from tools.benchcorpus import write
    from tools.scalebench import HELD_OUT, stage_parts

    plain = tmp_path / "all.jsonl"
    write(Path(__file__).resolve().parents[2] / "examples" / "story.jsonl", plain, 3000)
    full = tmp_path / "all.jsonl.gz"  # the real corpus comes gzipped
    full.write_bytes(gzip.compress(plain.read_bytes()))
    held = tmp_path / "held.jsonl"
    tracemalloc.start()
    try:
        parts = list(stage_parts(full, [100, 500, 10**9], tmp_path, held))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    bodies = [part.read_bytes() for _, part in parts]
    usable = 3000 - HELD_OUT
    assert [(stage, body.count(b"\n")) for (stage, _), body in zip(parts, bodies, strict=True)] == [
        (100, 100),
        (500, 400),
        (usable, usable - 500),
    ]
    # every line once: the stages, then the held-out stories that no stage holds
    assert b"".join(bodies) + held.read_bytes() == plain.read_bytes()
    # a few lines and the files' buffers; before, the corpus as lines and the last part as
    # one string (over 5 MB)
    assert peak < 256 * 1024
