"""The ``claimledger`` group: every command, and the console entry point.

Commands are thin wrappers that parse arguments and call one library function;
expected library errors become a one-line message on stderr naming the input and
the problem, with the error's exit code (:mod:`claimledger.cli.errors`).

Commands are loaded lazily (:class:`LazyGroup`): ``claimledger --help`` imports no command
module, and ``claimledger claims`` imports what ``claims`` needs, not spaCy, Dask, FastAPI
or the exporters. Start-up was 1.4 s for ``--help`` and more for a bare query.
"""

from __future__ import annotations

import importlib
import logging
import sys
from typing import Any

import click

from claimledger import __version__
from claimledger.cli.color import no_color_option
from claimledger.errors import ClaimLedgerError
from claimledger.render.terminal import printable

#: name -> ("module:attribute", the one-line help ``--help`` lists). The line is kept here so
#: that listing the commands imports none of them; tests/cli/test_cli_startup.py checks that
#: it matches each command's own help.
COMMANDS: dict[str, tuple[str, str]] = {
    "actor": ("claimledger.cli.ledger:actor_group", "Canonical actors and their aliases."),
    "analyze": (
        "claimledger.cli.analyze:analyze",
        "Break articles down into attributions, quantities and hedges.",
    ),
    "article": (
        "claimledger.cli.fetch:article_group",
        "One stored article: its text, metadata, archived page and versions.",
    ),
    "articles": (
        "claimledger.cli.ledger:articles_cmd",
        "List stored articles, with the article each near-duplicate copies.",
    ),
    "check": (
        "claimledger.cli.ledger:check_cmd",
        "Check the store's integrity: database checks, orphan rows, duplicates, ledger age.",
    ),
    "claim": ("claimledger.cli.ledger:claim_group", "One claim."),
    "claims": (
        "claimledger.cli.ledger:claims_cmd",
        "List claims merged across articles, with origins and their Admiralty code.",
    ),
    "contradictions": (
        "claimledger.cli.ledger:contradictions_cmd",
        "List contradictions: denials against assertions, estimates whose bounds exclude each other.",
    ),
    "estimates": (
        "claimledger.cli.ledger:estimates_cmd",
        "Every figure given for THING over time, with source, origin and bounds, and a chart.",
    ),
    "eval": (
        "claimledger.cli.evaluate:eval_cmd",
        "Measure extraction against annotated articles (SPEC.md's shape).",
    ),
    "export": (
        "claimledger.cli.web:export_cmd",
        "Export the ledger as STIX 2.1, ClaimReview, Web Annotation, GraphML, CSV or JSON.",
    ),
    "ingest": (
        "claimledger.cli.ledger:ingest_cmd",
        "Analyze and store articles: files, folders, .jsonl (one article per line), .csv (one per row), "
        "web pages and feeds.",
    ),
    "reanalyze": (
        "claimledger.cli.reanalyze:reanalyze_cmd",
        "Analyse stored articles again with the current extractor, rebuild the ledger, report changes.",
    ),
    "rebuild": (
        "claimledger.cli.ledger:rebuild_cmd",
        "Rebuild the whole ledger from the stored articles.",
    ),
    "serve": (
        "claimledger.cli.web:serve_cmd",
        "Serve the web app and JSON API (pages at /, the OpenAPI spec at /openapi.json).",
    ),
    "source": ("claimledger.cli.ledger:source_group", "One source."),
    "sources": (
        "claimledger.cli.ledger:sources_cmd",
        "List sources with their reliability grade (set by you) and the grade their record suggests.",
    ),
    "story": (
        "claimledger.cli.ledger:story_cmd",
        "The claims, estimates and contradictions around ACTORS, as text, JSON or one HTML file.",
    ),
    "watch": (
        "claimledger.cli.fetch:watch_cmd",
        "Poll the feeds in a config file on their schedules and ingest every new entry.",
    ),
}


def _shorten(text: str, limit: int) -> str:
    """``text`` cut at a word to fit ``limit`` characters, with "..." (as click cuts help)."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 3, 1)].rsplit(" ", 1)[0].rstrip(",;:") + "..."


def with_no_color(command: click.Command) -> click.Command:
    """Give ``command`` (and every subcommand of a group) the global ``--no-color`` flag."""
    if not any("--no-color" in p.opts or "--no-color" in p.secondary_opts for p in command.params):
        no_color_option(command)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            with_no_color(sub)
    return command


class LazyGroup(click.Group):
    """A group whose commands are imported when one is run, not when the CLI starts.

    Like click's documented ``LazyGroup`` pattern: ``lazy`` maps a name to
    ``"module:attribute"`` and a one-line help, which is all ``--help`` needs.
    """

    def __init__(self, *args: Any, lazy: dict[str, tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy:
            module, _, attr = self.lazy[cmd_name][0].partition(":")
            command = getattr(importlib.import_module(module), attr)
            self.add_command(with_no_color(command), cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from ``lazy`` alone, shortened as click shortens help."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            summary = self.lazy[name][1] if name in self.lazy else self.commands[name].get_short_help_str()
            rows.append((name, _shorten(summary, limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, lazy=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="claimledger")
@no_color_option
def cli() -> None:
    """claimledger: who said what, through which channel, how sure, and what the numbers are.

    Example: claimledger analyze article.txt --format html -o report.html
    """


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


if __name__ == "__main__":
    main()
