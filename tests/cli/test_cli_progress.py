"""Long work is not silent (issue 19, item 4): ingest reports progress as it goes.

The library sends :class:`IngestProgress` reports to a callback; the CLI draws them as a
live bar on a terminal and prints only its usual summary elsewhere. The bar is checked on
a real pseudo-terminal (``pty``), the rest with the callback and CliRunner's pipe.
"""

from __future__ import annotations

import fcntl
import io
import json
import os
import pty
import select
import struct
import termios
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from click.testing import CliRunner

from claimledger.cli.main import cli
from claimledger.cli.progress import counted, ingest_progress, phase
from claimledger.ingest.ingest import WRITE_BATCH, IngestProgress, ingest
from claimledger.models import ArticleAnalysis, ArticleMeta
from claimledger.store import Store
from ledger_helpers import make_analysis


def hand_analyzer(items: Iterable[tuple[str, ArticleMeta]]) -> Iterator[ArticleAnalysis]:
    """Stands in for spaCy: these tests are about reporting, not analysis."""
    for text, meta in items:
        a = make_analysis(text, outlet=meta.outlet or "x", published=meta.published or "2025-01-01")
        yield ArticleAnalysis(a.id, a.text, ArticleMeta(**meta.to_dict()), (), (), ())


def _feed(tmp_path: Path, n: int) -> Path:
    lines = [json.dumps({"text": f"Article number {i} about drones.", "outlet": "A"}) for i in range(n)]
    lines.insert(5, "{not json")
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_ingest_reports_progress_to_its_callback(tmp_path: Path) -> None:
    n = 2 * WRITE_BATCH + 7
    seen: list[IngestProgress] = []
    with Store.open(str(tmp_path / "l.db")) as store:
        report = ingest(store, [str(_feed(tmp_path, n))], analyzer=hand_analyzer, on_progress=seen.append)
    assert seen[0].phase == "analyzing" and seen[0].done == 0  # at once, before any analysis
    during = [p for p in seen if p.phase == "analyzing"]
    assert [p.done for p in during] == [0, WRITE_BATCH, 2 * WRITE_BATCH, n]  # one per stored batch
    assert all(a.seconds <= b.seconds for a, b in zip(seen, seen[1:], strict=False))
    assert during[-1].failed == 1 and during[-1].added == n and during[-1].rate > 0
    assert [p.phase for p in seen[-2:]] == ["ledger", "done"]
    assert seen[-1].added == report.added == n


def test_without_a_terminal_ingest_prints_its_summary_only(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    result = CliRunner().invoke(cli, ["ingest", str(inbox), "--db", str(tmp_path / "l.db")])
    assert result.output.splitlines() == [
        f"error: {inbox}: directory holds no article files (.htm, .html, .md, .text, .txt, .xhtml)",
        "ingested 0 new article(s) (0 near-duplicate), 0 copies of stored articles, "
        "0 already stored, 1 failed; 0.0 articles/s",
        "ledger: 0 claims, 0 contradictions, 0 estimates, 0 actors",
    ]
    with ingest_progress() as on_progress:  # CliRunner's stderr is no terminal
        assert on_progress is None


def _terminal_output(run: object) -> str:
    """What ``run(stream)`` writes to a real 120-column pseudo-terminal."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    out = b""
    try:
        with os.fdopen(slave, "w", closefd=False) as stream:
            assert stream.isatty()
            run(stream)  # type: ignore[operator]
            stream.flush()
        while select.select([master], [], [], 0.2)[0]:
            chunk = os.read(master, 65536)
            if not chunk:
                break
            out += chunk
    finally:
        os.close(slave)
        os.close(master)
    return out.decode("utf-8", "replace")


def test_on_a_terminal_ingest_draws_articles_rate_and_failures(tmp_path: Path) -> None:
    feed = _feed(tmp_path, WRITE_BATCH + 3)

    def run(stream: object) -> None:
        with Store.open(str(tmp_path / "l.db")) as store, ingest_progress(stream) as on_progress:  # type: ignore[arg-type]
            assert on_progress is not None
            ingest(store, [str(feed)], analyzer=hand_analyzer, on_progress=on_progress)

    shown = _terminal_output(run)
    assert f"{WRITE_BATCH + 3} articles" in shown
    assert "/s, 1 failed" in shown


def test_on_a_terminal_an_export_says_what_it_is_doing() -> None:
    def run(stream: object) -> None:
        with phase("exporting stix", stream):  # type: ignore[arg-type]
            pass

    assert "exporting stix" in _terminal_output(run)


def test_on_a_terminal_an_export_counts_what_it_has_written() -> None:
    """A 20 s STIX export showed a bare spinner; now it says how much is written."""

    def run(stream: object) -> None:
        with phase("exporting stix", stream) as note:  # type: ignore[arg-type]
            written = "".join(counted(("x" * 500_000 for _ in range(5)), note, every=0))
            assert len(written) == 2_500_000
            time.sleep(0.3)  # the status redraws on its own clock

    assert "exporting stix: 2.5 MB written, 0:00" in _terminal_output(run)


def test_without_a_terminal_an_export_counts_nothing() -> None:
    log = io.StringIO()
    with phase("exporting stix", log) as note:
        assert list(counted(["a", "b"], note, every=0)) == ["a", "b"]
    assert log.getvalue() == ""
