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
from collections.abc import Callable, Iterator
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
def phase(what: str, stream: IO[str] | None = None) -> Iterator[None]:
    """A spinner saying ``what`` is going on, on a terminal only (an export, a rebuild)."""
    console = _terminal(stream)
    if console is None:
        yield
        return
    with console.status(what):
        yield
