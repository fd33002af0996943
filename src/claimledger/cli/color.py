"""``--no-color``: one flag every command accepts, before or after its name.

``claimledger --no-color claims`` and ``claimledger claims --no-color`` both turn colour and
styles off for the whole run, as does a non-empty ``$NO_COLOR`` (https://no-color.org).
Kept apart from :mod:`claimledger.cli.options` so that the group imports no rich at start-up.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, TypeVar

import click

#: Where the flag is kept: ``Context.meta`` is shared by a command and its parents.
NO_COLOR = "claimledger.no_color"

F = TypeVar("F", bound=Callable[..., Any])


def _remember(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.meta[NO_COLOR] = True


def no_color_option(f: F) -> F:
    """Add ``--no-color`` to a command (the value is not passed to it)."""
    return click.option(
        "--no-color",
        is_flag=True,
        expose_value=False,
        is_eager=True,
        callback=_remember,
        help="No colours or styles in the output (also: $NO_COLOR).",
    )(f)


def color_wanted() -> bool:
    """False when ``--no-color`` was given anywhere on the command line or ``$NO_COLOR`` is set."""
    if os.environ.get("NO_COLOR"):
        return False
    ctx = click.get_current_context(silent=True)
    return not (ctx is not None and ctx.meta.get(NO_COLOR))
