"""``claimledger eval``: extraction measured against annotated articles."""

from __future__ import annotations

import json

import click

from claimledger.cli.errors import handled
from claimledger.cli.options import format_option, say
from claimledger.render.terminal import printable


@click.command(name="eval")
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
@format_option("text", "json")
@click.option(
    "--json", "as_json", is_flag=True, hidden=True, help="The same as --format json (kept for scripts)."
)
@handled
def eval_cmd(gold_dir: str, out_dir: str | None, scorer: str | None, fmt: str, as_json: bool) -> None:
    """Measure extraction against annotated articles (SPEC.md's shape).

    Example: claimledger eval ../shared/eval/dev --scorer ../shared/eval/score.py
    """
    # deferred: evaluation analyzes, so it imports spaCy and its model
    from claimledger.evaluation.evaluate import evaluate

    result = evaluate(gold_dir, out_dir=out_dir, scorer=scorer)
    if as_json or fmt == "json":
        click.echo(
            json.dumps(
                {"layers": result.layers, "articles": result.articles, "scorer": result.scorer}, indent=2
            )
        )
    else:
        click.echo(printable(result.table(), multiline=True))
        say(f"{result.articles} articles; scorer: {result.scorer}; predictions in {result.pred_dir}")
