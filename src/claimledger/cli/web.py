"""`serve` and `export`: thin wrappers over `claimledger.web` and `claimledger.export`."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import click

from claimledger.cli.errors import CliError, from_library, handled
from claimledger.cli.options import say
from claimledger.cli.progress import counted, phase
from claimledger.errors import ClaimLedgerError, NotAStore
from claimledger.export import FORMATS, Reviewer, export_chunks
from claimledger.store import Store


@click.command("serve")
@click.option("--db", default=None, metavar="PATH|URL", help="SQLite file or postgresql:// URL.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on."
)
@click.option(
    "--open-reads", is_flag=True, help="Off loopback, let anyone read (writes still need the token)."
)
@click.option(
    "--max-body",
    type=click.IntRange(min=1),
    default=5_000_000,
    show_default=True,
    help="Largest write body read, in bytes (413 past it).",
)
@click.option(
    "--max-analyses",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Articles analyzed at once through POST /articles (503 with Retry-After past it).",
)
@click.option(
    "--trusted-proxy",
    "trusted_proxies",
    multiple=True,
    metavar="IP|NETWORK",
    help="A reverse proxy whose X-Forwarded-Proto and X-Forwarded-For are believed (repeatable).",
)
@click.option(
    "--shutdown-timeout",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    metavar="SECONDS",
    help="On SIGTERM or Ctrl-C, how long requests still running (a slow download) may finish.",
)
def serve_cmd(
    db: str | None,
    host: str,
    port: int,
    open_reads: bool,
    max_body: int,
    max_analyses: int,
    trusted_proxies: tuple[str, ...],
    shutdown_timeout: int,
) -> None:
    """Serve the web app and JSON API (pages at /, the OpenAPI spec at /openapi.json).

    On loopback every route is open. On any other interface every write (rating a source,
    merging or splitting actors, ingesting an article) and, unless --open-reads, every read
    needs the token in $CLAIMLEDGER_TOKEN, sent as `Authorization: Bearer` (a browser logs in
    once at /login and keeps it in a cookie, Secure over https; behind a TLS proxy name it
    with --trusted-proxy).

    Example: claimledger serve --db story.db --port 8000
    """
    # deferred: uvicorn, FastAPI and the app load only for `serve`
    import uvicorn

    from claimledger.web.app import create_app
    from claimledger.web.security import TOKEN_ENV, is_loopback

    token = os.environ.get(TOKEN_ENV) or None
    if not is_loopback(host) and not token:
        raise CliError(f"listening on {host} needs a write token: set {TOKEN_ENV}")
    try:  # a mistyped --db fails now, in one line; a server that is down is a 503 until it is up
        Store.open(db, create=False).close()
    except NotAStore as exc:
        raise from_library(exc) from exc
    except ClaimLedgerError:
        pass
    try:
        app = create_app(
            db,
            host=host,
            token=token,
            open_reads=open_reads,
            max_body=max_body,
            max_analyses=max_analyses,
            trusted_proxies=trusted_proxies,
        )
    except ValueError as exc:
        raise CliError(f"--trusted-proxy: {exc}") from exc
    click.echo(f"claimledger on http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    # uvicorn rewrites the scheme and client from proxy headers of the proxies named, no others
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="warning",
        proxy_headers=bool(trusted_proxies),
        forwarded_allow_ips=list(trusted_proxies) or None,
        # a client that stops reading a long export must not keep a stopped server alive
        timeout_graceful_shutdown=shutdown_timeout,
    )


@click.command("export")
@click.option("--db", default=None, metavar="PATH|URL", help="SQLite file or postgresql:// URL.")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), required=True, help="What to write.")
@click.option("--story", multiple=True, metavar="ACTOR", help="Only claims around this actor (repeatable).")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write here."
)
@click.option(
    "--reviewer",
    default="claimledger",
    show_default=True,
    envvar="CLAIMLEDGER_REVIEWER",
    metavar="NAME",
    help="ClaimReview: the organisation publishing the reviews (their author).",
)
@click.option(
    "--reviewer-url",
    default=None,
    envvar="CLAIMLEDGER_REVIEWER_URL",
    metavar="URL",
    help="ClaimReview: the reviewer's web site.",
)
@click.option(
    "--base-url",
    default=None,
    envvar="CLAIMLEDGER_BASE_URL",
    metavar="URL",
    help="ClaimReview: where the web app is served; each review's @id and url is BASE/claims/ID "
    "(relative /claims/ID without it).",
)
@handled
def export_cmd(
    db: str | None,
    fmt: str,
    story: tuple[str, ...],
    output: Path | None,
    reviewer: str,
    reviewer_url: str | None,
    base_url: str | None,
) -> None:
    """Export the ledger as STIX 2.1, ClaimReview, Web Annotation, GraphML, CSV or JSON.

    Example: claimledger export --format stix --story Iran -o iran.stix.json
    """
    by = Reviewer(reviewer, reviewer_url or None, base_url or "")
    with Store.open(db, create=False) as store, phase(f"exporting {fmt}") as note:
        chunks = counted(export_chunks(store, fmt, list(story), reviewer=by), note)
        if output is None:
            for chunk in chunks:
                click.echo(chunk, nl=False)
            return
        _write(output, chunks)
    say(f"wrote {output}", err=True)


def _write(output: Path, chunks: Iterable[str]) -> None:
    """Stream into a file beside ``output``, then move it in place: a failed export leaves any
    earlier file whole."""
    partial = output.with_name(f".{output.name}.partial")
    try:
        with partial.open("w", encoding="utf-8") as f:
            for chunk in chunks:
                f.write(chunk)
        partial.replace(output)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise CliError(f"cannot write {output}: {exc.strerror or exc}") from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
