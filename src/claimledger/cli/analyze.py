"""``claimledger analyze``: articles in, their attributions, quantities and hedges out."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

import click

from claimledger.cli.color import color_wanted
from claimledger.cli.errors import CliError
from claimledger.cli.options import say, time_budget_option
from claimledger.errors import ClaimLedgerError, InputError, SkippedInput
from claimledger.ingest.items import TABLE_SUFFIXES, Item, item_of, read_inputs
from claimledger.ingest.reading import read_stdin
from claimledger.models import ArticleAnalysis
from claimledger.render.html import render_html
from claimledger.render.text import render_text

FORMATS = ("text", "json", "jsonl", "html")
SUFFIX = {"text": ".txt", "json": ".json", "jsonl": ".jsonl", "html": ".html"}


def _inputs(paths: tuple[str, ...]) -> Iterator[tuple[str, Item | InputError]]:
    """(name, the article or the error for that input), in order; files, folders, JSONL
    and CSV are read as ``ingest`` reads them (one article a line or a row)."""
    for raw in paths:
        if raw == "-":
            try:
                text, meta = read_stdin()
                yield "-", item_of("-", text, meta)
            except InputError as exc:
                yield "-", exc
            continue
        for got in read_inputs([raw]):
            yield (got.source or raw, got) if isinstance(got, InputError) else (got.name, got)


@click.command("analyze")
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

    PATHS are text or HTML files (a text file may open with a front matter of metadata),
    JSONL or CSV files (one article a line or a row, read as `ingest` reads them), folders
    of these, or - for standard input. The fields are in docs/ingestion.md.

    Example: claimledger analyze story.txt --format json
    """
    # deferred: the analysis imports spaCy and its model, which no other command needs
    from claimledger.analysis.article import ExtractOptions
    from claimledger.analysis.article import analyze as run_analyze

    options = ExtractOptions(time_budget=time_budget or None)

    results: list[ArticleAnalysis] = []
    failures: list[str] = []
    many = len(paths) > 1 or any(
        Path(p).is_dir() or Path(p).suffix.lower() in TABLE_SUFFIXES for p in paths if p != "-"
    )
    writer = _Writer(fmt, output, many=many, color=color)
    for name, item in _inputs(paths):
        if isinstance(item, SkippedInput):
            say(f"claimledger: warning: {item}", err=True)
            continue
        try:
            if isinstance(item, InputError):
                raise item
            for warning in item.warnings:
                say(f"claimledger: warning: {warning}", err=True)
            result = run_analyze(item.text, item.meta, input_name=name, options=options)
        except ClaimLedgerError as exc:
            say(f"claimledger: error: {exc}", err=True)
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
                raise CliError(f"{output}: cannot create folder: {exc.strerror}", 1) from exc
        else:
            try:
                self.stream = open(output, "w", encoding="utf-8")  # noqa: SIM115 (closed in close())
            except OSError as exc:
                raise CliError(f"{output}: cannot write: {exc.strerror}", 1) from exc
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
            return render_html(result)
        is_tty = self.stream is not None and self.stream is sys.stdout and self.stream.isatty()
        use_color = self.color if self.color is not None else is_tty and color_wanted()
        return render_text(result, color=bool(use_color))

    def _file_name(self, result: ArticleAnalysis) -> str:
        stem = Path(result.input).stem if result.input and result.input != "-" else result.id
        if result.input and (line := re.fullmatch(r"(.+)\.(?:jsonl|csv):(\d+)", Path(result.input).name)):
            stem = f"{line.group(1)}-{line.group(2)}"  # news.jsonl:3 -> news-3.html
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
