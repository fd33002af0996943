"""The command line: thin wrappers that parse arguments and call one library function.

Expected library errors (:class:`ClaimLedgerError`) become a one-line message on
stderr naming the input and the problem, and the command's exit code (2 for bad
input). Nothing here analyzes or stores by itself.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

import click

from claimledger import __version__
from claimledger.errors import ClaimLedgerError, InputError
from claimledger.ledger_cli import time_budget_option
from claimledger.models import ArticleAnalysis, ArticleMeta

FORMATS = ("text", "json", "jsonl", "html")
SUFFIX = {"text": ".txt", "json": ".json", "jsonl": ".jsonl", "html": ".html"}


class _CliError(click.ClickException):
    """A library error shown as one line, with the library's exit code."""

    def __init__(self, exc: ClaimLedgerError) -> None:
        super().__init__(str(exc))
        self.exit_code = exc.exit_code  # type: ignore[misc]


def _fail(exc: ClaimLedgerError) -> click.ClickException:
    return _CliError(exc)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="claimledger")
def cli() -> None:
    """claimledger: who said what, through which channel, how sure, and what the numbers are.

    Example: claimledger analyze article.txt --format html -o report.html
    """


def _inputs(paths: tuple[str, ...]) -> Iterator[tuple[str, tuple[str, ArticleMeta] | InputError]]:
    """(name, (text, meta) or the error for that input), in order."""
    from claimledger.reading import iter_paths, read_article, read_stdin

    for raw in paths:
        if raw == "-":
            try:
                yield "-", read_stdin()
            except InputError as exc:
                yield "-", exc
            continue
        for item in iter_paths([raw]):
            if isinstance(item, InputError):
                yield raw, item
                continue
            try:
                yield str(item), read_article(item)
            except InputError as exc:
                yield str(item), exc


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text: terminal view grouped by source; json: SPEC.md object; jsonl: one line per article; "
    "html: self-contained annotated page.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    default=None,
    help="Write to this file or, for several inputs in json/html, this folder.",
)
@click.option(
    "--keep-going/--fail-fast",
    default=True,
    show_default=True,
    help="Go on with the other inputs when one fails.",
)
@click.option("--color/--no-color", default=None, help="Colour the text view (default: when a terminal).")
@time_budget_option("Give up on an article after this long, with an error naming it (0: no limit).")
def analyze(
    paths: tuple[str, ...],
    fmt: str,
    output: str | None,
    keep_going: bool,
    color: bool | None,
    time_budget: float,
) -> None:
    """Break articles down into attributions, quantities and hedges.

    PATHS are text or HTML files, folders of them, or - for standard input.

    Example: claimledger analyze story.txt --format json
    """
    from claimledger.analysis import ExtractOptions
    from claimledger.analysis import analyze as run_analyze

    options = ExtractOptions(time_budget=time_budget or None)

    results: list[ArticleAnalysis] = []
    failures: list[str] = []
    writer = _Writer(
        fmt, output, many=len(paths) > 1 or any(Path(p).is_dir() for p in paths if p != "-"), color=color
    )
    for name, item in _inputs(paths):
        try:
            if isinstance(item, InputError):
                raise item
            text, meta = item
            result = run_analyze(text, meta, input_name=name, options=options)
        except ClaimLedgerError as exc:
            click.echo(f"claimledger: error: {exc}", err=True)
            failures.append(name)
            if not keep_going:
                break
            continue
        writer.write(result)
        results.append(result)
    writer.close()
    if len(results) + len(failures) > 1 or failures:
        click.echo(f"claimledger: {len(results)} analyzed, {len(failures)} failed", err=True)
    if failures:
        sys.exit(2)


class _Writer:
    """Sends each analysis to stdout, one file, or a folder, as the format requires."""

    def __init__(self, fmt: str, output: str | None, *, many: bool, color: bool | None) -> None:
        self.fmt = fmt
        self.many = many
        self.color = color
        self.folder: Path | None = None
        self.stream: TextIO | None = None
        self.json_items: list[ArticleAnalysis] = []
        self._own_stream = False
        self.names: set[str] = set()
        if output is None:
            if fmt == "html" and many:
                raise click.UsageError("several inputs as html need -o FOLDER")
            self.stream = sys.stdout
        elif many and fmt in ("json", "html"):
            self.folder = Path(output)
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise click.ClickException(f"{output}: cannot create folder: {exc.strerror}") from exc
        else:
            try:
                self.stream = open(output, "w", encoding="utf-8")  # noqa: SIM115 (closed in close())
            except OSError as exc:
                raise click.ClickException(f"{output}: cannot write: {exc.strerror}") from exc
            self._own_stream = True

    def write(self, result: ArticleAnalysis) -> None:
        body = self.render(result)
        if self.folder is not None:
            (self.folder / self._file_name(result)).write_text(body, encoding="utf-8")
        elif self.fmt == "json" and self.many:
            self.json_items.append(result)
        else:
            assert self.stream is not None
            self.stream.write(body)
            if not body.endswith("\n"):
                self.stream.write("\n")
            self.stream.flush()

    def render(self, result: ArticleAnalysis) -> str:
        if self.fmt == "json":
            return json.dumps(result.to_dict(), ensure_ascii=False, indent=2)
        if self.fmt == "jsonl":
            return json.dumps(result.to_dict(), ensure_ascii=False)
        if self.fmt == "html":
            from claimledger.render.html import render_html

            return render_html(result)
        from claimledger.render.text import render_text

        is_tty = self.stream is not None and self.stream is sys.stdout and self.stream.isatty()
        use_color = self.color if self.color is not None else is_tty
        return render_text(result, color=bool(use_color))

    def _file_name(self, result: ArticleAnalysis) -> str:
        stem = Path(result.input).stem if result.input and result.input != "-" else result.id
        name = stem + SUFFIX[self.fmt]
        if name in self.names:
            name = f"{stem}-{result.id[:8]}{SUFFIX[self.fmt]}"
        self.names.add(name)
        return name

    def close(self) -> None:
        if self.json_items and self.stream is not None:
            self.stream.write(
                json.dumps([r.to_dict() for r in self.json_items], ensure_ascii=False, indent=2) + "\n"
            )
        if self._own_stream and self.stream is not None:
            self.stream.close()


@cli.command(name="eval")
@click.argument("gold_dir", type=click.Path())
@click.option(
    "--out", "out_dir", type=click.Path(), default=None, help="Keep the predictions in this folder."
)
@click.option(
    "--scorer",
    type=click.Path(),
    default=None,
    help="Score with this reference scorer script (score.py) instead of the built-in rules.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def eval_cmd(gold_dir: str, out_dir: str | None, scorer: str | None, as_json: bool) -> None:
    """Measure extraction against annotated articles (SPEC.md's shape).

    Example: claimledger eval ../shared/eval/dev --scorer ../shared/eval/score.py
    """
    from claimledger.evaluate import evaluate

    try:
        result = evaluate(gold_dir, out_dir=out_dir, scorer=scorer)
    except ClaimLedgerError as exc:
        raise _fail(exc) from exc
    if as_json:
        click.echo(
            json.dumps(
                {"layers": result.layers, "articles": result.articles, "scorer": result.scorer}, indent=2
            )
        )
    else:
        click.echo(result.table())
        click.echo(f"{result.articles} articles; scorer: {result.scorer}; predictions in {result.pred_dir}")


def _register_optional() -> None:
    """Commands defined beside their packages (ledger, web), each adding itself to the group."""
    import importlib

    for name in ("claimledger.ledger_cli", "claimledger.web_cli"):
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:  # a missing dependency inside the module is a real error
                raise
            continue
        module.register(cli)


_register_optional()


def main() -> None:
    """Console entry point: library errors become one line and an exit code."""
    # When PostgreSQL goes away, psycopg also logs its failed clean-up ("error ignored
    # terminating <Pipeline>"); the user gets our one-line error, not that.
    logging.getLogger("psycopg").addHandler(logging.NullHandler())
    try:
        cli.main(standalone_mode=True)
    except ClaimLedgerError as exc:  # a library error that a command did not map
        click.echo(f"claimledger: error: {exc}", err=True)
        sys.exit(exc.exit_code)
