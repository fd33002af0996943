"""Progress for long commands: a live bar on a terminal, nothing extra otherwise.

On a terminal (stderr a TTY), ``ingest`` shows articles done, the rate and failures as they
happen, and which phase it is in (analyzing, then rebuilding the ledger); ``export`` and
ledger rebuilds show what they are doing. Elsewhere (a pipe, a log, a cron job) the output
is exactly what it was: the summary lines at the end, so scripts that read them still work.
The bar is drawn from :class:`~claimledger.ingest.ingest.IngestProgress` reports, the
library's callback, so the library itself never prints.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from claimledger.cli.color import color_wanted

if TYPE_CHECKING:
    from claimledger.ingest.ingest import IngestProgress

PHASES = {"analyzing": "ingesting", "ledger": "rebuilding the ledger", "done": "done"}


def _terminal(stream: IO[str] | None) -> Console | None:
    """A console on ``stream`` (stderr by default) if it is a terminal, else None."""
    stream = stream or sys.stderr
    if not stream.isatty():
        return None
    return Console(file=stream, color_system="auto" if color_wanted() else None)


def progress_line(p: IngestProgress) -> str:
    """The figures a bar shows: '120 articles, 3.2/s, 2 failed'."""
    rate = f"{p.rate:.1f}/s" if p.done else "starting (loading the model)"
    return f"{p.done:,} articles, {rate}, {p.failed:,} failed"


@contextmanager
def ingest_progress(stream: IO[str] | None = None) -> Iterator[Callable[[IngestProgress], None] | None]:
    """A callback drawing a live bar on a terminal, or None (no bar) when not on one."""
    console = _terminal(stream)
    if console is None:
        yield None
        return
    bar = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(bar_width=None),
        TextColumn("{task.fields[figures]}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )
    task = bar.add_task("ingesting", total=None, figures="starting")

    def show(p: IngestProgress) -> None:
        bar.update(task, description=PHASES[p.phase], completed=p.done, figures=progress_line(p))

    with bar:
        yield show


@contextmanager
def phase(what: str, stream: IO[str] | None = None) -> Iterator[Callable[[str], None]]:
    """A spinner saying ``what`` is going on, on a terminal only (an export, a rebuild).

    Yields ``note(figures)``, which shows how far it got beside ``what`` ("exporting stix:
    12.4 MB written, 0:08"); a no-op when not on a terminal."""
    console = _terminal(stream)
    if console is None:
        yield lambda _figures: None
        return
    started = time.monotonic()
    with console.status(what) as status:

        def note(figures: str) -> None:
            elapsed = int(time.monotonic() - started)
            status.update(f"{what}: {figures}, {elapsed // 60}:{elapsed % 60:02d}")

        yield note


def counted(chunks: Iterable[str], note: Callable[[str], None], every: float = 0.25) -> Iterator[str]:
    """``chunks`` as they are, telling ``note`` how much was written (at most every
    ``every`` seconds: a bundle is written in tens of thousands of pieces)."""
    size, last = 0, 0.0
    for chunk in chunks:
        size += len(chunk)
        now = time.monotonic()
        if now - last >= every:
            note(f"{size / 1e6:.1f} MB written")
            last = now
        yield chunk
