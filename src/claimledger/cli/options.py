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
#: How many rows a list command prints as text unless told: a terminal, not a dump of the
#: ledger (3,491 claims scrolled past before); JSON gives every row unless told.
DEFAULT_LIMIT = 50

limit_option = click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=None,
    help=f"Return at most this many rows (text: {DEFAULT_LIMIT} unless told; JSON: all; 0: all).",
)


def page_limit(limit: int | None, fmt: str) -> int | None:
    """The limit a list command reads with: ``--limit`` as given (0: no limit), else
    :data:`DEFAULT_LIMIT` for text and no limit for JSON or CSV."""
    if limit == 0:
        return None
    if limit is None:
        return DEFAULT_LIMIT if fmt == "text" else None
    return limit


def page_info(total: int, offset: int, limit: int | None, shown_rows: int) -> dict[str, Any]:
    """The ``page`` object of a list's JSON, the same as the web app's ``/claims.json``."""
    return {"total": total, "offset": offset, "limit": limit, "shown": shown_rows}


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


def more(count: int, total: int, offset: int) -> str | None:
    """'3,441 more: --offset 50 for the next page, --limit 0 for all' when rows are left
    after this page; None when the list ends here."""
    left = total - offset - count
    if left <= 0 or count == 0:
        return None
    return f"{left:,} more: --offset {offset + count} for the next page, --limit 0 for all"


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


def report_filter_options(noun: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--outlet, --since, --until and --grade of a list of ``noun`` (sources, actors) counted
    over their reports: the same four options, worded for the list."""

    options = (
        click.option("--outlet", default=None, help=f"{noun} with reports in articles of this outlet."),
        click.option(
            "--since",
            default=None,
            metavar="DATE",
            help=f"{noun} with reports published on or after DATE (YYYY[-MM[-DD]]).",
        ),
        click.option(
            "--until", default=None, metavar="DATE", help=f"{noun} with reports published on or before DATE."
        ),
        click.option(
            "--grade", default=None, metavar="L|L-M", help="Reliability grade or range, e.g. A-C (A best)."
        ),
    )

    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(options):  # click lists options in the order they decorate
            fn = option(fn)
        return fn

    return decorate


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
