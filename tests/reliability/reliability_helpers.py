"""What the crash and concurrency tests share: the CLI as a process, a store's content, a feed site."""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from sqlalchemy import select

from claimledger.store import Store, schema

ROOT = Path(__file__).resolve().parents[2]
STORY = ROOT / "examples" / "story.jsonl"

#: Columns that say when something happened, not what was stored: they differ between
#: two runs over the same input by design.
VOLATILE = {
    ("articles", "ingested_at"),
    ("actors", "created_at"),
    ("actor_aliases", "created_at"),
    ("actor_events", "at"),
    ("claimledger_schema", "applied_at"),
    ("pages", "fetched_at"),
    ("feeds", "last_polled"),
    ("feeds", "next_due"),
    ("feed_entries", "first_seen"),
    ("feed_entries", "last_seen"),
    ("feed_entries", "attempts"),
    # surrogate keys of rows that are compared by what they hold (alias, actor, event)
    ("actor_aliases", "id"),
    ("actor_events", "id"),
}
#: Integer ids handed out in insertion order; compared through the names they stand for.
ACTOR_ID_COLUMNS = {
    ("actors", "id"),
    ("actors", "merged_into"),
    ("actor_aliases", "actor_id"),
    ("actor_events", "actor_id"),
    ("actor_events", "other_id"),
    ("claim_members", "source_actor_id"),
    ("claim_members", "origin_actor_id"),
    ("claim_actors", "actor_id"),
    ("source_records", "actor_id"),
}


def cli(*args: str, env: dict[str, str] | None = None) -> list[str]:
    """The command line of ``claimledger ARGS`` run by this interpreter."""
    return [sys.executable, "-m", "claimledger", *args]


def cli_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("CLAIMLEDGER_DB", None)
    env.update({"COLUMNS": "200", "NO_COLOR": "1", **extra})
    return env


def run_cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cli(*args), capture_output=True, text=True, timeout=timeout, env=cli_env())


def write_corpus(path: Path, n: int, seed: int = 7) -> Path:
    from tools.benchcorpus import write

    write(STORY, path, n, seed=seed)
    return path


def content(db: str) -> dict[str, list[tuple[Any, ...]]]:
    """Everything stored, minus the when, with actor ids replaced by actor names, sorted.

    Two stores with equal content hold the same articles, extractions, ledger and
    feed state, whatever order they were written in.
    """
    with Store.open(db) as store, store.engine.connect() as conn:
        names = {r.id: r.name for r in conn.execute(select(schema.actors.c.id, schema.actors.c.name))}
        dump: dict[str, list[tuple[Any, ...]]] = {}
        for table in schema.metadata.sorted_tables:
            cols = [c.name for c in table.columns if (table.name, c.name) not in VOLATILE]
            rows = []
            for row in conn.execute(select(*[table.c[c] for c in cols])):
                values = []
                for col, value in zip(cols, row, strict=True):
                    if (table.name, col) in ACTOR_ID_COLUMNS and value is not None:
                        value = names.get(value, f"?{value}")
                    values.append(value)
                rows.append(tuple(values))
            dump[table.name] = sorted(rows, key=repr)
    return dump


def per_article(db: str) -> dict[str, tuple[int, int, int, str]]:
    """article id -> (attributions, quantities, hedges, text): what 'complete' is checked against."""
    with Store.open(db) as store, store.engine.connect() as conn:
        out: dict[str, list[Any]] = {
            r.id: [0, 0, 0, r.text]
            for r in conn.execute(select(schema.articles.c.id, schema.articles.c.text))
        }
        for i, table in enumerate((schema.attributions, schema.quantities, schema.hedges)):
            for (article_id,) in conn.execute(select(table.c.article_id)):
                if article_id in out:
                    out[article_id][i] += 1
                else:  # an orphan: counted under its own key so the comparison fails
                    out.setdefault(f"orphan:{article_id}", [0, 0, 0, ""])[i] += 1
    return {k: (v[0], v[1], v[2], v[3]) for k, v in out.items()}


# -- a feed site on loopback ----------------------------------------------------------------


def build_site(folder: Path, corpus: Path, *, base: str) -> Path:
    """One HTML page per corpus line and an RSS feed listing them all, under ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    items = []
    for n, line in enumerate(corpus.read_text(encoding="utf-8").splitlines()):
        row = json.loads(line)
        title = html.escape(row.get("title") or f"Story {n}")
        body = "".join(f"<p>{html.escape(p)}</p>" for p in row["text"].split("\n") if p.strip())
        page = (
            f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>"
            f"<meta property='og:site_name' content='{html.escape(row.get('outlet') or 'Wire')}'>"
            f"<meta property='article:published_time' content='{row.get('published') or '2024-01-01'}'>"
            f"</head><body><article><h1>{title}</h1>{body}</article></body></html>"
        )
        (folder / f"a{n}.html").write_text(page, encoding="utf-8")
        items.append(f"<item><title>{title}</title><link>{base}/a{n}.html</link><guid>a{n}</guid></item>")
    feed = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bench wire</title>'
        f"<link>{base}/</link>{''.join(items)}</channel></rss>"
    )
    (folder / "feed.xml").write_text(feed, encoding="utf-8")
    return folder / "feed.xml"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet tests
        pass


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """A static HTTP server on 127.0.0.1 for ``folder``; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def watch_config(path: Path, feed_url: str) -> Path:
    path.write_text(
        f'[watch]\nhost_delay = "0s"\nallow_private = true\n\n[[feeds]]\nurl = "{feed_url}"\nevery = "1h"\n',
        encoding="utf-8",
    )
    return path
