"""The ``claimledger`` group: every command, and the console entry point.

Commands are thin wrappers that parse arguments and call one library function;
expected library errors become a one-line message on stderr naming the input and
the problem, with the error's exit code (:mod:`claimledger.cli.errors`).
"""

from __future__ import annotations

import logging
import sys

import click

from claimledger import __version__
from claimledger.cli import analyze, evaluate, fetch, ledger, web
from claimledger.errors import ClaimLedgerError
from claimledger.render.terminal import printable


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="claimledger")
def cli() -> None:
    """claimledger: who said what, through which channel, how sure, and what the numbers are.

    Example: claimledger analyze article.txt --format html -o report.html
    """


for _command in (
    analyze.analyze,
    evaluate.eval_cmd,
    *ledger.COMMANDS,
    *fetch.COMMANDS,
    web.serve_cmd,
    web.export_cmd,
):
    cli.add_command(_command)


def main() -> None:
    """Console entry point: library errors become one line and an exit code."""
    # When PostgreSQL goes away, psycopg also logs its failed clean-up ("error ignored
    # terminating <Pipeline>"); the user gets our one-line error, not that.
    logging.getLogger("psycopg").addHandler(logging.NullHandler())
    try:
        cli.main(standalone_mode=True)
    except ClaimLedgerError as exc:  # a library error that a command did not map
        click.echo(printable(f"claimledger: error: {exc}"), err=True)
        sys.exit(exc.exit_code)
