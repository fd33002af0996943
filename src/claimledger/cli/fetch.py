"""The feed and page commands: `watch`, `article show`, `article diff`."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

import click

from claimledger.cli.errors import CliError, handled
from claimledger.cli.options import db_option, format_option, say
from claimledger.ingest.fetch.client import Fetcher, FetchOptions
from claimledger.ingest.fetch.config import load_config
from claimledger.ingest.fetch.versions import article_diff, article_view
from claimledger.ingest.fetch.watch import watch
from claimledger.ledger import articles
from claimledger.render.terminal import printable
from claimledger.store import Store


def _say(line: str) -> None:
    say(line, err=line.startswith(("error:", "note:")))
    sys.stdout.flush()


@click.command("watch")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("claimledger.toml"),
    show_default=True,
    help="TOML file with [[feeds]] url and every.",
)
@db_option
@click.option("--once", is_flag=True, help="Poll every feed one time now, then exit.")
@click.option("--max-polls", type=click.IntRange(min=1), default=None, help="Exit after this many polls.")
@click.option("--allow-private", is_flag=True, help="Allow private, loopback and link-local addresses.")
@click.option(
    "--max-entries",
    type=click.IntRange(min=1),
    default=None,
    help="Entries read per feed per poll (config: max_entries, default 200); the rest wait.",
)
@click.option(
    "--feed-budget",
    type=click.FloatRange(min=0.1),
    default=None,
    help="Seconds per feed per poll (config: feed_budget, default 300); the rest wait.",
)
@handled
def watch_cmd(
    config_path: Path,
    db: str | None,
    once: bool,
    max_polls: int | None,
    allow_private: bool,
    max_entries: int | None,
    feed_budget: float | None,
) -> None:
    """Poll the feeds in a config file on their schedules and ingest every new entry.

    Conditional requests (ETag, Last-Modified), a per-host rate limit and exponential
    backoff on errors; all state is kept in the store, so a restarted watch continues
    where it stopped and never ingests an entry twice. Exits 2 if any poll failed
    (with --once or --max-polls).

    Example: claimledger watch --config claimledger.toml --once
    """
    config = load_config(config_path)
    config = dataclasses.replace(
        config,
        max_entries=max_entries or config.max_entries,
        feed_budget=config.feed_budget if feed_budget is None else feed_budget,
    )
    options = FetchOptions(
        read_timeout=config.timeout,
        host_delay=config.host_delay,
        allow_private=allow_private or config.allow_private,
    )
    with Store.open(db) as store, Fetcher(options) as fetcher:
        try:
            report = watch(store, config, fetcher, once=once, max_polls=max_polls, out=_say)
        except KeyboardInterrupt:
            click.echo("stopped", err=True)
            return
    click.echo(
        f"{report.polls} poll(s), {report.added} new article(s), "
        f"{report.failed_polls} failed poll(s), {report.errors} failed entr(y/ies)"
    )
    if report.failed_polls or report.errors:
        sys.exit(2)


@click.group("article")
def article_group() -> None:
    """One stored article: its text, metadata, archived page and versions."""


@article_group.command("show")
@click.argument("article_id")
@db_option
@click.option("--raw", is_flag=True, help="Print the archived page exactly as it was fetched.")
@format_option("text", "json")
@handled
def article_show(article_id: str, db: str | None, raw: bool, fmt: str) -> None:
    """Print an article with where and when it was read, or (--raw) the bytes that were read.

    With --format json it also lists the article's attributions, each with the actor its
    source resolved to ({id, name} or null) and the claim it joined (claim_id). Both
    list the other copies of the same text (other URLs, outlets or dates: "copies") and
    the news agency the article is a copy of ("wire"), if any.

    Example: claimledger article show 3f2a9c --raw > page.html
    """
    with Store.open(db, create=False) as store:
        a = article_view(store, article_id)
        data = store.pages.raw(a["id"]) if raw else b""
        if fmt == "json" and not raw:
            a["attributions"] = articles.attributions(store, a["id"])
    if raw:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    if fmt == "json":
        click.echo(json.dumps(a, indent=2, ensure_ascii=False))
        return
    for key in ("id", "title", "outlet", "wire", "author", "published", "url", "fetched_url", "final_url"):
        if a.get(key):
            say(f"{key}: {a[key]}")
    for key in ("claimed_canonical_url", "claimed_site_name"):  # what the page said of itself
        if a.get(key):
            say(f"{key.replace('_', ' ')} (unverified): {a[key]}")
    if a.get("fetched_at"):
        click.echo(
            f"fetched: {a['fetched_at']} ({a['content_type']}, {a['encoding']}, {a['raw_size']:,} bytes)"
        )
        click.echo(f"sha256: {a['raw_sha256']}")
        nxt = ", ".join(a["next_ids"]) or "-"
        click.echo(f"version: {a['version']}; previous: {a['previous_id'] or '-'}; next: {nxt}")
    if a.get("duplicate_of"):
        say(f"near-duplicate of: {a['duplicate_of']}{_likeness(a)}")
    for c in a["copies"]:
        where = ", ".join(str(c[k]) for k in ("outlet", "published", "url") if c.get(k)) or "no URL or date"
        say(f"also published: {where} (read from {c['input'] or '-'})")
    click.echo("")
    click.echo(printable(a["text"], multiline=True))


def _likeness(a: dict[str, Any]) -> str:
    """ " (similarity 0.58, 74% contained)": how the copy was recognised."""
    parts = []
    if a.get("similarity") is not None:
        parts.append(f"similarity {a['similarity']:.2f}")
    if a.get("containment") is not None:
        parts.append(f"{a['containment']:.0%} contained")
    return f" ({', '.join(parts)})" if parts else ""


@article_group.command("diff")
@click.argument("article_id")
@click.argument("other_id", required=False)
@db_option
@handled
def article_diff_cmd(article_id: str, other_id: str | None, db: str | None) -> None:
    """Unified diff from the previous version of an article (or from OTHER_ID) to it.

    Example: claimledger article diff 3f2a9c
    """
    with Store.open(db, create=False) as store:
        diff = article_diff(store, article_id, other_id)
    click.echo(printable(diff, multiline=True) if diff else "no changes in the text")


@article_group.command("delete")
@click.argument("article_id")
@db_option
@click.option("--dry-run", is_flag=True, help="Say what would go; change nothing.")
@click.option("--yes", "-y", is_flag=True, help="Delete without asking (needed when stdin is no terminal).")
@format_option("text", "json")
@handled
def article_delete(article_id: str, db: str | None, dry_run: bool, yes: bool, fmt: str) -> None:
    """Delete an article and what it alone supported; rebuilds the ledger.

    Claims only this article reported go; claims other articles also report lose its
    reports (and their origin counts drop where it was their only way to an origin);
    actors named nowhere else go, unless a user rated, merged or split them. Its
    near-duplicate copies stay (the oldest becomes the original). ARTICLE_ID may be a
    unique prefix. Asks first on a terminal; --yes skips the question.

    Example: claimledger article delete 3f2a9c --dry-run
    """
    from claimledger.ledger import deletion  # deferred: the ledger builder loads only to delete

    with Store.open(db, create=False) as store:
        plan = deletion.plan_deletion(store, article_id)
        if dry_run:
            _show_deletion(plan, fmt)
            return
        if not yes:
            if not sys.stdin.isatty():
                raise CliError("not deleting without --yes: stdin is not a terminal to ask on")
            _show_deletion(plan, "text")
            if not click.confirm("Delete it?", default=False):
                click.echo("nothing deleted")
                return
        done = deletion.delete_article(store, plan.article["id"])
    _show_deletion(done, fmt)


def _show_deletion(d: Any, fmt: str) -> None:
    """The deletion report (``d``: a :class:`claimledger.ledger.deletion.Deletion`)."""
    if fmt == "json":
        click.echo(json.dumps(d.to_dict(), indent=2, ensure_ascii=False))
        return
    a = d.article
    verb = "would delete" if d.dry_run else "deleted"
    say(f"{verb} article {a['id']}: {a['title'] or '-'} ({a['outlet'] or '-'}, {a['published'] or '-'})")
    go = "would go" if d.dry_run else "removed"
    say(f"claims {go}: {len(d.claims_removed)}")
    for c in d.claims_removed:
        say(f"  - {c['id']}: {c['text']}")
    say(f"claims kept with fewer reports: {len(d.claims_kept)}")
    for k in d.claims_kept:
        now = "" if k.origins_after is None else f" -> {k.origins_after} (now {k.new_id})"
        say(
            f"  - {k.id}: {k.text} [{k.reports_lost} of {k.reports_before} report(s) lost; "
            f"origins {k.origins_before}{now}]"
        )
    say(f"actors {go}: {', '.join(r['name'] for r in d.actors_removed) or '-'}")
    if d.copies:
        say(f"near-duplicate copies kept, the oldest now the original: {', '.join(d.copies)}")


COMMANDS: tuple[click.Command, ...] = (watch_cmd, article_group)
