"""Options and output helpers shared by the commands."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

import click
from rich.console import Console
from rich.text import Text

from claimledger.cli.color import color_wanted
from claimledger.pipeline.limits import DEFAULT_TIME_BUDGET
from claimledger.render.terminal import printable

db_option = click.option(
    "--db",
    "db",
    default=None,
    metavar="PATH|URL",
    help="SQLite file or postgresql:// URL (default: $CLAIMLEDGER_DB or ./claimledger.db).",
)
limit_option = click.option(
    "--limit", type=click.IntRange(min=0), default=None, help="Return at most this many rows."
)
offset_option = click.option(
    "--offset",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Skip this many rows first (with --limit: one page of a long list).",
)


def shown(count: int, total: int, offset: int, noun: str) -> str:
    """'16 claims', or '20 of 64,833 claims (from row 41)' when the list was cut."""
    if offset == 0 and count == total:
        return f"{count} {noun}"
    return f"{count} of {total:,} {noun} (from row {offset + 1:,})"


def time_budget_option(help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:  # noqa: A002
    """``--time-budget SECONDS``, shared by the commands that analyze articles."""
    return click.option(
        "--time-budget",
        type=click.FloatRange(min=0),
        default=DEFAULT_TIME_BUDGET,
        show_default=True,
        metavar="SECONDS",
        help=help,
    )


def format_option(*choices: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help="Output format.",
    )


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def console() -> Console:
    """Where tables go: stdout, no ANSI codes at all under ``--no-color`` or ``$NO_COLOR``."""
    if color_wanted():
        return Console(file=sys.stdout, width=None if sys.stdout.isatty() else 140)
    return Console(file=sys.stdout, width=None if sys.stdout.isatty() else 140, color_system=None)


def say(line: str, *, err: bool = False) -> None:
    """Print one line holding untrusted text (names, titles, claims): control characters escaped."""
    click.echo(printable(line), err=err)


def cells(*values: object) -> list[Text]:
    """Table cells from untrusted values: escaped, and ``Text`` so that rich reads no markup in them."""
    return [Text(printable("" if v is None else v)) for v in values]


def printable_row(row: dict[str, Any]) -> dict[str, Any]:
    """A row whose strings are all :func:`printable`, for a renderer outside the CLI."""
    return {k: printable(v) if isinstance(v, str) else v for k, v in row.items()}
