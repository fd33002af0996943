"""The one place where library errors become what a user sees: one line and an exit code.

A :class:`~claimledger.errors.ClaimLedgerError` raised under a command wrapped in
:func:`handled` is printed as ``Error: <message>`` on stderr (click's format) and the
command exits with the error's own ``exit_code`` (2 for bad input or an unusable store).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import click

from claimledger.errors import ClaimLedgerError
from claimledger.render.terminal import printable

P = ParamSpec("P")
R = TypeVar("R")


class CliError(click.ClickException):
    """A one-line error with the exit code it was given (2 unless said otherwise)."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(printable(message))  # a file name or a title may carry ESC, BEL, newlines
        self.exit_code = exit_code  # type: ignore[misc]


def from_library(exc: ClaimLedgerError) -> CliError:
    """A library error as the CLI shows it, with the library's exit code."""
    return CliError(str(exc), exc.exit_code)


def handled(fn: Callable[P, R]) -> Callable[P, R]:
    """Wrap a command so that library errors end it with one line and their exit code."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except ClaimLedgerError as exc:
            raise from_library(exc) from exc

    return wrapper
