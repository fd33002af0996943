"""The ledger commands: thin click wrappers around ``claimledger.ledger`` and the store.

Each command opens the
store, calls one library function and prints its result; expected errors from our
tree become one line on stderr with the error's own exit code (2 for bad input or an
unusable store).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.table import Table
from rich.text import Text

from claimledger.cli.errors import handled
from claimledger.cli.options import (
    cells,
    console,
    db_option,
    echo_json,
    format_option,
    limit_option,
    more,
    offset_option,
    page_info,
    page_limit,
    printable_row,
    report_filter_options,
    say,
    shown,
    time_budget_option,
)
from claimledger.cli.progress import ingest_progress, phase
from claimledger.ledger import queries
from claimledger.ledger.grading import CREDIBILITY
from claimledger.render.terminal import printable
from claimledger.store import Store


def claim_cell(c: dict[str, Any]) -> Text:
    """The claim as read: a denial marked "✗ denies: ..." (article text is never rich markup)."""
    if c["polarity"] == "negative":
        return Text.assemble(("✗ " + queries.DENIES, "bold magenta"), printable(c["text"]))
    return Text(printable(c["text"]))


def _claims_table(rows: list[dict[str, Any]], title: str) -> Table:
    t = Table(title=title)
    for col in ("id", "grade", "claim", "origins", "outlets", "articles", "contradicted by"):
        t.add_column(col)
    for c in rows:
        t.add_row(
            *cells(c["id"], c["admiralty"]),
            claim_cell(c),
            *cells(
                ", ".join(c["origins"]),
                ", ".join(c["outlets"]),
                c["articles"],
                ", ".join(c["contradicted_by"]),
            ),
        )
    return t


@click.command("ingest")
@click.argument("paths", nargs=-1, required=False)
@click.option(
    "--feed", "feeds", multiple=True, metavar="URL|FILE", help="An RSS or Atom feed: ingest every new entry."
)
@click.option("--allow-private", is_flag=True, help="Allow private, loopback and link-local addresses.")
@click.option(
    "--host-delay",
    type=click.FloatRange(min=0),
    default=1.0,
    show_default=True,
    help="Seconds between two requests to the same host.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=15.0,
    show_default=True,
    help="Read timeout in seconds.",
)
@db_option
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Where analysis runs: this machine, or a Dask cluster.",
)
@click.option(
    "--processes",
    "--n-process",
    "n_process",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="With --engine local: analysis processes (spaCy n_process).",
)
@click.option(
    "--scheduler", metavar="tcp://HOST:8786", default=None, help="With --engine dask: a running scheduler."
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="With --engine dask and no --scheduler: workers of the LocalCluster started for this run.",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=8,
    show_default=True,
    help="Articles spaCy parses together (nlp.pipe's batch size), in each process or Dask worker.",
)
@time_budget_option("Give up on an article after this long; it is reported, the run goes on (0: no limit).")
@format_option("text", "json")
@handled
def ingest_cmd(
    paths: tuple[str, ...],
    feeds: tuple[str, ...],
    allow_private: bool,
    host_delay: float,
    timeout: float,
    db: str | None,
    engine: str,
    n_process: int,
    scheduler: str | None,
    workers: int,
    batch_size: int,
    time_budget: float,
    fmt: str,
) -> None:
    """Analyze and store articles: files, folders, .jsonl (one article per line), .csv (one per
    row), web pages and feeds.

    PATHS may mix files, folders and http(s) URLs. A JSONL line or a CSV row holds "text" and
    may give "url", "outlet", "title", "author", "published" (a date, stored as ISO) and
    "wire" (the news agency credited, e.g. "AP"; a dateline such as "WASHINGTON (AP) —"
    names it too); a text file may give them in a front matter. See docs/ingestion.md. Pages are fetched
    politely (timeouts, a size cap, a per-host delay) and never from private, loopback or
    link-local addresses unless --allow-private; the raw page is archived with the article.
    Articles already stored are skipped; a stored text under another URL, outlet or date
    is recorded as another copy of it (see `article show`). Articles are written whole
    (32 to a transaction), so a killed run resumes where it stopped. Exits 2 if any input
    could not be read.

    Analysis runs in this process by default (--processes N for spaCy's worker
    processes), or on Dask workers with --engine dask (a LocalCluster of --workers, or
    --scheduler tcp://HOST:8786); the stored result is the same whatever the engine.

    Example: claimledger ingest corpus/ https://example.org/story.html --feed https://example.org/rss.xml
    """
    if not paths and not feeds:
        raise click.UsageError("give at least one file, folder or URL, or --feed URL|FILE")
    # deferred: analysis engines, the fetcher and httpx load only for `ingest`
    from claimledger.engine.runner import EngineOptions
    from claimledger.ingest.fetch.client import Fetcher, FetchOptions
    from claimledger.ingest.ingest import as_dict, ingest, summary

    options = FetchOptions(read_timeout=timeout, host_delay=host_delay, allow_private=allow_private)
    run_on = EngineOptions(
        kind="dask" if engine == "dask" else "local",
        processes=n_process,
        scheduler=scheduler,
        workers=workers,
        batch_size=batch_size,
        time_budget=time_budget or None,
    )
    with Store.open(db) as store, Fetcher(options) as fetcher, ingest_progress() as on_progress:
        report = ingest(
            store, list(paths), feeds=list(feeds), fetcher=fetcher, engine=run_on, on_progress=on_progress
        )
    for note in report.notes:
        click.echo(printable(f"note: {note}"), err=True)
    for warning in report.warnings:
        click.echo(printable(f"warning: {warning}"), err=True)
    for err in report.errors:
        click.echo(printable(f"error: {err}"), err=True)
    if fmt == "json":
        echo_json(as_dict(report))
    else:
        for line in summary(report):
            click.echo(line)
    if report.errors:
        sys.exit(2)


@click.command("articles")
@db_option
@click.option("--outlet", default=None, help="Articles published by this outlet.")
@click.option("--since", default=None, metavar="DATE", help="Published on or after DATE (YYYY[-MM[-DD]]).")
@click.option("--until", default=None, metavar="DATE", help="Published on or before DATE (YYYY[-MM[-DD]]).")
@click.option(
    "--sort", type=click.Choice(queries.ARTICLE_SORTS), default="oldest", show_default=True, help="By date."
)
@format_option("text", "json")
@limit_option
@offset_option
@handled
def articles_cmd(
    db: str | None,
    outlet: str | None,
    since: str | None,
    until: str | None,
    sort: str,
    fmt: str,
    limit: int | None,
    offset: int,
) -> None:
    """List stored articles, with the article each near-duplicate copies.

    Example: claimledger articles --outlet Reuters --since 2016-05 --format json
    """
    limit = page_limit(limit, fmt)
    among = queries.article_filter(outlet=outlet, since=since, until=until)
    with Store.open(db, create=False) as store:
        rows = queries.list_articles(
            store, limit=limit, offset=offset, newest_first=sort == "recent", among=among
        )
        total = queries.count_articles(store, among)
    if fmt == "json":
        echo_json({"articles": rows, "page": page_info(total, offset, limit, len(rows))})
        return
    t = Table(title=shown(len(rows), total, offset, "articles"))
    for col in ("id", "published", "outlet", "title", "duplicate of"):
        t.add_column(col)
    for a in rows:
        t.add_row(
            *cells(
                a["id"], a["published"] or "-", a["outlet"] or "-", a["title"] or "-", a["duplicate_of"] or ""
            )
        )
    console().print(t)
    _more(len(rows), total, offset)


def _claims(n: int) -> str:
    """'1 claim', '3 claims'."""
    return f"{n:,} claim" + ("" if n == 1 else "s")


def _more(count: int, total: int, offset: int) -> None:
    """Say how many rows are left after a page of a list, and how to see them."""
    left = more(count, total, offset)
    if left:
        click.echo(left)


@click.command("claims")
@db_option
@click.option("--about", multiple=True, help="Claims by or about this actor (repeatable).")
@click.option("--source", multiple=True, help="Claims made by this actor (repeatable).")
@click.option("--since", default=None, metavar="DATE", help="Claims last seen on or after DATE (YYYY-MM-DD).")
@click.option("--until", default=None, metavar="DATE", help="Claims first seen on or before DATE.")
@click.option("--grade", default=None, metavar="N|N-M", help="Credibility grade or range, e.g. 1-3.")
@click.option(
    "--search",
    default=None,
    help="Full-text search in the claims' statements (stemmed: drones finds drone); best match first.",
)
@click.option(
    "--polarity",
    type=click.Choice(queries.POLARITIES),
    default=None,
    help="negative: denials only; positive: assertions only.",
)
@click.option("--outlet", default=None, help="Claims reported by this outlet.")
@click.option(
    "--sort",
    type=click.Choice(["oldest", "recent", "origins", "grade", "reports"]),
    default="oldest",
    show_default=True,
    help="oldest: first seen first; recent: last seen first; origins, grade, reports: most first.",
)
@format_option("text", "json")
@limit_option
@offset_option
@handled
def claims_cmd(
    db: str | None,
    about: tuple[str, ...],
    source: tuple[str, ...],
    since: str | None,
    until: str | None,
    grade: str | None,
    search: str | None,
    polarity: str | None,
    outlet: str | None,
    sort: str,
    fmt: str,
    limit: int | None,
    offset: int,
) -> None:
    """List claims merged across articles, with origins and their Admiralty code (source
    reliability A-F, information credibility 1-6: "B3"); a denial reads "✗ denies: ..."
    (its text is the statement its origins reject).

    Example: claimledger claims --about "North Korea" --grade 1-3 --polarity negative
    """
    limit = page_limit(limit, fmt)
    with Store.open(db, create=False) as store:
        f = queries.claim_filter(
            store,
            about=list(about),
            source=list(source),
            since=since,
            until=until,
            grade=grade,
            search=search,
            polarity=polarity,
            outlet=outlet,
            sort=sort,
        )
        rows = queries.list_claims_where(store, f, limit=limit, offset=offset)
        total = queries.count_claims_where(store, f)
    if fmt == "json":  # the shape of /claims.json
        echo_json({"claims": rows, "page": page_info(total, offset, limit, len(rows))})
    else:
        console().print(_claims_table(rows, shown(len(rows), total, offset, "claims")))
        _more(len(rows), total, offset)


@click.group("claim")
def claim_group() -> None:
    """One claim."""


@claim_group.command("show")
@click.argument("claim_id")
@db_option
@format_option("text", "json")
@handled
def claim_show(claim_id: str, db: str | None, fmt: str) -> None:
    """Print a claim's grade and every reason for it, its reports and contradictions.

    CLAIM_ID may be a unique prefix of the id, as in `article show`.

    Example: claimledger claim show c1a2b3
    """
    with Store.open(db, create=False) as store:
        c = queries.show_claim(store, store.resolve_claim(claim_id))
    if fmt == "json":
        echo_json(c)
        return
    if c["polarity"] == "negative":
        say(f"{c['id']}: ✗ {c['reads']}")
        say(f"a denial by {', '.join(c['origins']) or 'its source'}; the grade is of the denial")
    else:
        say(f"{c['id']}: {c['text']}")
    say(
        f"admiralty: {c['admiralty']} (source {c['reliability']}: {c['reliability_label']}; "
        f"information {c['credibility']}: {c['credibility_label']})"
    )
    say(f"credibility: {c['credibility']} ({CREDIBILITY[c['credibility']]})")
    for reason in c["credibility_reasons"]:
        say(f"  - {reason}")
    say(f"origins: {', '.join(c['origins']) or '-'}")
    say(f"outlets: {', '.join(c['outlets'])}; articles: {c['articles']}")
    say(f"first seen: {c['first_seen'] or '-'}; last seen: {c['last_seen'] or '-'}")
    say("reports:")
    for r in c["reports"]:
        dup = f" (copy of {r['duplicate_of']})" if r["duplicate_of"] else ""
        say(
            f"  {r['published'] or '-'}  {r['outlet'] or '-'}{dup}: {r['source']} "
            f"(origin: {r['origin'] or '-'})"
        )
    for x in c["contradictions"]:
        say(f"contradicted by {x['claim']}: {x['reason']}")


@click.command("contradictions")
@db_option
@click.option("--about", multiple=True, help="Either claim by or about this actor (repeatable).")
@click.option("--source", multiple=True, help="Either claim made by this actor (repeatable).")
@click.option("--outlet", default=None, help="Either claim reported by this outlet.")
@click.option("--since", default=None, metavar="DATE", help="Either claim last seen on or after DATE.")
@click.option("--until", default=None, metavar="DATE", help="Either claim first seen on or before DATE.")
@click.option("--grade", default=None, metavar="N|N-M", help="Either claim's credibility grade or range.")
@format_option("text", "json")
@limit_option
@offset_option
@handled
def contradictions_cmd(
    db: str | None,
    about: tuple[str, ...],
    source: tuple[str, ...],
    outlet: str | None,
    since: str | None,
    until: str | None,
    grade: str | None,
    fmt: str,
    limit: int | None,
    offset: int,
) -> None:
    """List contradictions: denials against assertions, estimates whose bounds exclude each other.

    Example: claimledger contradictions --about Iran --format json
    """
    limit = page_limit(limit, fmt)
    with Store.open(db, create=False) as store:
        among = None
        if about or source or outlet or since or until or grade:
            among = queries.claim_filter(
                store,
                about=list(about),
                source=list(source),
                outlet=outlet,
                since=since,
                until=until,
                grade=grade,
            )
        rows = queries.list_contradictions(store, limit=limit, offset=offset, among=among)
        total = queries.count_contradictions(store, among)
    if fmt == "json":
        echo_json({"contradictions": rows, "page": page_info(total, offset, limit, len(rows))})
        return
    for x in rows:
        say(f"{x['a']['id']} [{x['a']['admiralty']}] vs {x['b']['id']} [{x['b']['admiralty']}]")
        say(f"  {x['reason']}")
    click.echo(shown(len(rows), total, offset, "contradiction(s)"))
    _more(len(rows), total, offset)


@click.command("estimates")
@click.argument("thing")
@click.option("--place", default=None, help="Only figures said to be in this place (and those naming none).")
@db_option
@format_option("text", "json", "csv")
@limit_option
@handled
def estimates_cmd(thing: str, place: str | None, db: str | None, fmt: str, limit: int | None) -> None:
    """Every figure given for THING over time, with source, origin and bounds, and a chart.

    Example: claimledger estimates "North Korean troops" --format csv
    """
    # deferred: the estimates, their chart and the CSV writer load only for `estimates`
    from claimledger.export.tabular import estimates_csv
    from claimledger.ledger import estimates as est

    with Store.open(db, create=False) as store:
        rows = est.find_estimates(store, thing, place=place, limit=limit)
    if fmt == "json":
        echo_json(rows)
    elif fmt == "csv":
        click.echo(estimates_csv(rows), nl=False)
    else:
        console().print(est.render([printable_row(r) for r in rows], printable(thing)))


@click.command("sources")
@db_option
@report_filter_options("Sources")
@format_option("text", "json")
@limit_option
@offset_option
@click.option(
    "--order", type=click.Choice(["name", "claims"]), default="name", show_default=True, help="Sort by."
)
@handled
def sources_cmd(
    db: str | None,
    outlet: str | None,
    since: str | None,
    until: str | None,
    grade: str | None,
    fmt: str,
    limit: int | None,
    offset: int,
    order: str,
) -> None:
    """List sources with their reliability grade (set by you) and the grade their record suggests.

    With --outlet, --since or --until, only sources with reports in those articles, their
    records counted over those reports alone.

    Example: claimledger sources --outlet Reuters --since 2016-05 --order claims
    """
    limit = page_limit(limit, fmt)
    among = queries.report_filter(outlet=outlet, since=since, until=until, grade=grade)
    with Store.open(db, create=False) as store:
        rows = queries.list_sources(store, limit=limit, offset=offset, order=order, among=among)
        total = queries.count_sources(store, among)
    if fmt == "json":
        echo_json({"sources": rows, "page": page_info(total, offset, limit, len(rows))})
        return
    t = Table(title=shown(len(rows), total, offset, "sources"))
    for col in ("name", "kind", "grade", "suggested", "claims", "origin of", "why suggested"):
        t.add_column(col)
    for s in rows:
        t.add_row(
            *cells(
                s["name"],
                s["kind"],
                s["grade"],
                s["suggested_grade"],
                s["claims"],
                s["origin_of"],
                s["suggested_reason"],
            )
        )
    console().print(t)
    _more(len(rows), total, offset)


@click.group("source")
def source_group() -> None:
    """One source."""


@source_group.command("rate")
@click.argument("name")
@click.argument("grade", type=click.Choice(["A", "B", "C", "D", "E", "F"], case_sensitive=False))
@db_option
@handled
def source_rate(name: str, grade: str, db: str | None) -> None:
    """Set a source's reliability grade (A-F; F = cannot be judged, the default).

    Example: claimledger source rate "South Korean intelligence" B
    """
    with Store.open(db) as store:
        row = store.actors.set_grade(name, grade)
    say(f"{row['name']}: {row['grade']}")


@click.group("actor")
def actor_group() -> None:
    """Canonical actors and their aliases."""


@actor_group.command("list")
@db_option
@report_filter_options("Actors")
@format_option("text", "json")
@limit_option
@offset_option
@handled
def actor_list(
    db: str | None,
    outlet: str | None,
    since: str | None,
    until: str | None,
    grade: str | None,
    fmt: str,
    limit: int | None,
    offset: int,
) -> None:
    """List actors with kind, grade, reports (claim members they are the source or origin
    of) and aliases.

    With --outlet, --since or --until, only actors with reports in those articles, and
    only those reports counted.

    Example: claimledger actor list --outlet wash-post --since 2016-01 --until 2016-03
    """
    limit = page_limit(limit, fmt)
    among = queries.report_filter(outlet=outlet, since=since, until=until, grade=grade)
    with Store.open(db, create=False) as store:
        rows = queries.list_actors(store, limit=limit, offset=offset, among=among)
        total = queries.count_actors(store, among)
    if fmt == "json":
        echo_json({"actors": rows, "page": page_info(total, offset, limit, len(rows))})
        return
    for a in rows:
        merged = f" -> merged into {a['merged_into']}" if a["merged_into"] else ""
        reports = f", {a['reports']:,} report" + ("" if a["reports"] == 1 else "s")
        say(
            f"{a['id']:>5} {a['name']} [{a['kind']}] {a['grade']}{reports}{merged}: {', '.join(a['aliases'])}"
        )
    click.echo(shown(len(rows), total, offset, "actors"))
    _more(len(rows), total, offset)


@click.command("rebuild")
@db_option
@handled
def rebuild_cmd(db: str | None) -> None:
    """Rebuild the whole ledger from the stored articles.

    An ingest updates the ledger only where the new articles touch it (and rebuilds it when
    that cannot be confined); this recomputes every claim, contradiction and grade.

    Example: claimledger rebuild --db ledger.db
    """
    from claimledger.ledger.build import rebuild  # deferred: the ledger builder loads only to rebuild

    with Store.open(db) as store, phase("rebuilding the ledger"):
        summary = rebuild(store)
    say(f"ledger rebuilt: {summary.claims} claims, {summary.contradictions} contradictions")


@actor_group.command("merge")
@click.argument("into")
@click.argument("other")
@db_option
@handled
def actor_merge(into: str, other: str, db: str | None) -> None:
    """Merge actor OTHER into INTO (reversible with `actor split OTHER`); rebuilds the ledger.

    Example: claimledger actor merge "Volodymyr Zelensky" "Zelenskyy"
    """
    from claimledger.ledger.build import rebuild  # deferred: the ledger builder loads only to rebuild

    with Store.open(db) as store:
        row = store.actors.merge(into, other)
        with phase("rebuilding the ledger"):
            rebuild(store)
    say(f"merged {other!r} into {row['name']!r}")


@actor_group.command("split")
@click.argument("name")
@click.option("--alias", default=None, help="Detach this alias into an actor of its own.")
@db_option
@handled
def actor_split(name: str, alias: str | None, db: str | None) -> None:
    """Undo a merge of NAME, or detach --alias from it; rebuilds the ledger.

    Example: claimledger actor split "Zelenskyy"
    """
    from claimledger.ledger.build import rebuild  # deferred: the ledger builder loads only to rebuild

    with Store.open(db) as store:
        row = store.actors.split(name, alias)
        with phase("rebuilding the ledger"):
            rebuild(store)
    say(f"{row['name']!r} is an actor of its own again")


@actor_group.command("suggest")
@db_option
@format_option("text", "json")
@handled
def actor_suggest(db: str | None, fmt: str) -> None:
    """List actors that are likely one (same surname and agreeing given names, an acronym and
    its expansion, one name inside exactly one other), each with its reason and the exact
    `actor merge` command to run; nothing is merged.

    Example: claimledger actor suggest --format json
    """
    from claimledger.ledger.suggest import suggest_merges  # deferred: the gazetteer loads only here

    with Store.open(db, create=False) as store:
        found = suggest_merges(store)
    if fmt == "json":
        echo_json([s.to_dict() for s in found])
        return
    for s in found:
        say(f"{s.other} ({_claims(s.other_claims)}) -> {s.into} ({_claims(s.into_claims)}): {s.reason}")
        say(f"  {s.command}")
    click.echo(f"{len(found)} suggested merge(s); nothing was merged")


@click.command("story")
@click.argument("actors", nargs=-1, required=True)
@db_option
@format_option("text", "json", "html")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write here."
)
@handled
def story_cmd(actors: tuple[str, ...], db: str | None, fmt: str, output: Path | None) -> None:
    """The claims, estimates and contradictions around ACTORS, as text, JSON or one HTML file.

    Example: claimledger story "North Korea" Russia --format html -o story.html
    """
    from claimledger.ledger import story  # deferred: the story report loads only for `story`

    with Store.open(db, create=False) as store:
        report = story.story(store, list(actors))
    if fmt == "json":
        text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    elif fmt == "html":
        text = story.to_html(report)
    else:
        text = story.to_text(report)
    if output is None:
        click.echo(printable(text, multiline=True) if fmt == "text" else text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        say(f"wrote {output}")


@click.command("check")
@db_option
@format_option("text", "json")
@handled
def check_cmd(db: str | None, fmt: str) -> None:
    """Check the store's integrity: database checks, orphan rows, duplicates, ledger age.

    Read-only. Exits 1 if a problem is found.

    Example: claimledger check --db ledger.db
    """
    from claimledger.store.check import check_store  # deferred: loads only for `check`

    with Store.open(db, create=False) as store:
        report = check_store(store)
    if fmt == "json":
        echo_json(
            {"ok": report.ok, "articles": report.articles, "problems": report.problems, "notes": report.notes}
        )
    else:
        for line in report.problems:
            say(f"problem: {line}")
        for line in report.notes:
            say(f"note: {line}")
        click.echo(f"{'ok' if report.ok else 'NOT OK'}: {report.articles} article(s) checked")
    if not report.ok:
        sys.exit(1)


COMMANDS: tuple[click.Command, ...] = (
    ingest_cmd,
    check_cmd,
    articles_cmd,
    claims_cmd,
    claim_group,
    contradictions_cmd,
    estimates_cmd,
    sources_cmd,
    source_group,
    actor_group,
    story_cmd,
)
