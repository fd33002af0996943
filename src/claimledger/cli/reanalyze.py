"""``claimledger reanalyze``: stored articles analysed again with today's extractor."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from claimledger.cli.errors import handled
from claimledger.cli.options import db_option, echo_json, format_option, say, time_budget_option
from claimledger.cli.progress import phase
from claimledger.store import Store

if TYPE_CHECKING:
    from claimledger.ledger.reanalyze import ReanalysisReport


@click.command("reanalyze")
@db_option
@click.option("--article", "articles", multiple=True, metavar="ID", help="Only this article (repeatable).")
@click.option("--since", default=None, metavar="DATE", help="Only articles published on or after DATE.")
@click.option("--all", "everything", is_flag=True, help="Also those the current extractor analysed already.")
@click.option("--per-article", is_flag=True, help="List each article's attributions gained and lost.")
@click.option(
    "--examples", type=click.IntRange(min=0), default=5, show_default=True, help="Examples of each change."
)
@click.option(
    "--processes",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Analysis processes (spaCy n_process).",
)
@time_budget_option("Give up on an article after this long; it is reported and keeps its old analysis.")
@format_option("text", "json")
@handled
def reanalyze_cmd(
    db: str | None,
    articles: tuple[str, ...],
    since: str | None,
    everything: bool,
    per_article: bool,
    examples: int,
    processes: int,
    time_budget: float,
    fmt: str,
) -> None:
    """Analyse stored articles again with the current extractor, rebuild the ledger, report changes.

    Each article records the extractor that analysed it (claimledger's version, a hash of the
    rules and word lists, spaCy's and the model's versions); articles the current one
    analysed already are skipped unless --all. The report counts the claims added, removed
    and changed (another grade, origin or report count) with a few examples; --per-article
    lists each article's attributions gained and lost. An article that fails keeps its old
    analysis and is reported; exits 2 then.

    Example: claimledger reanalyze --since 2025-01-01 --per-article --format json
    """
    from claimledger.engine.runner import EngineOptions  # deferred: analysis loads only to analyse
    from claimledger.ledger.reanalyze import reanalyze  # deferred: the same: it imports the engine

    engine = EngineOptions(kind="local", processes=processes, time_budget=time_budget or None)
    with Store.open(db, create=False) as store, phase("analysing the articles again"):
        report = reanalyze(
            store,
            articles=list(articles) if articles else None,
            since=since,
            everything=everything,
            engine=engine,
        )
    if fmt == "json":
        echo_json(report.to_dict(examples=examples, per_article=per_article))
    else:
        _show(report, examples, per_article)
    if report.failed:
        raise SystemExit(2)


def _show(report: ReanalysisReport, examples: int, per_article: bool) -> None:
    say(f"extractor: {report.extractor}")
    say(
        f"reanalyzed {report.reanalyzed} article(s), skipped {report.skipped} already current, "
        f"{len(report.failed)} failed"
    )
    for line in report.failed:
        say(f"error: {line}", err=True)
    say(
        f"claims: {report.claims_before} -> {report.claims_after}: {len(report.added)} added, "
        f"{len(report.removed)} removed, {len(report.changed)} changed"
    )
    for kind, rows in (("added", report.added), ("removed", report.removed), ("changed", report.changed)):
        for c in rows[:examples]:
            more = ", ".join(f"{k} {v[0]} -> {v[1]}" for k, v in c.items() if isinstance(v, list))
            say(f"  {kind}: {c['text']}" + (f" ({more})" if more else ""))
    if not per_article:
        return
    for a in report.articles:
        if a.added or a.removed:
            say(f"article {a.id} ({a.title or '-'}): {a.before} -> {a.after} attributions")
            for line in a.added:
                say(f"  + {line}")
            for line in a.removed:
                say(f"  - {line}")
