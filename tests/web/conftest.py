"""Fixtures for the web app and export tests.

``story_db`` ingests examples/story.jsonl once per session with the real model (tests that use
it are marked ``model``); ``hostile_db`` is built by hand, without the model, from one article
whose text, title, outlet, URL and source name are all attacks.
"""

from __future__ import annotations

import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from claimledger.ledger.build import rebuild
from claimledger.models import (
    ArticleAnalysis,
    ArticleMeta,
    Attribution,
    Factuality,
    Quantity,
    Span,
    article_id,
)
from claimledger.store import Store
from claimledger.web import create_app

ROOT = Path(__file__).resolve().parents[2]
STORY = ROOT / "examples" / "story.jsonl"

SCRIPT = "<script>alert(1)</script>"
ATTR = '" onmouseover="alert(1)'
FLAG = "<img src=x onerror=\"window.__xss='img'\"><script>window.__xss='script'</script>"
HOSTILE_SOURCE = f"The {SCRIPT} Agency{ATTR}"
HOSTILE_TEXT = (
    f"{HOSTILE_SOURCE} said that about 500 soldiers {FLAG} had arrived in the town. "
    f'=HYPERLINK("http://evil.example") {SCRIPT} was repeated by residents, the {SCRIPT} Agency{ATTR} added.'
)


def _span(text: str, part: str, start_at: int = 0) -> Span:
    start = text.index(part, start_at)
    return Span(part, start, start + len(part))


def hostile_analysis() -> ArticleAnalysis:
    """One article in which every field a page or an export shows carries a payload."""
    text = HOSTILE_TEXT
    content = _span(text, f"about 500 soldiers {FLAG} had arrived in the town")
    second = _span(text, f'=HYPERLINK("http://evil.example") {SCRIPT} was repeated by residents')
    fact = (Factuality("source", "certain", "positive"), Factuality("author", "certain", "positive"))
    atts = (
        Attribution(
            id="a1",
            source=_span(text, HOSTILE_SOURCE),
            source_type="organization",
            cue=_span(text, "said"),
            content=content,
            quote_type="indirect",
            factuality=fact,
            quantity_ids=("q1",),
        ),
        Attribution(
            id="a2",
            source=_span(text, f"the {SCRIPT} Agency{ATTR}"),
            source_type="organization",
            cue=_span(text, "added"),
            content=second,
            quote_type="indirect",
            factuality=fact,
        ),
    )
    quantity = Quantity(
        id="q1",
        span=_span(text, "about 500 soldiers"),
        value=500.0,
        low=None,
        high=None,
        qualifier="approximate",
        unit_or_thing="soldiers",
        number_text="500",
        attribution_id="a1",
    )
    meta = ArticleMeta(
        title=f"{SCRIPT} Breaking{ATTR}",
        url="javascript:alert(1)",
        outlet=f"Outlet {SCRIPT}{ATTR}",
        author=f"{SCRIPT}",
        published="2025-03-05",
    )
    return ArticleAnalysis(
        id=article_id(text), text=text, meta=meta, attributions=atts, quantities=(quantity,), hedges=()
    )


@pytest.fixture(scope="session")
def story_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """examples/story.jsonl ingested with the real pipeline, once per session."""
    from claimledger.ingest.ingest import ingest

    path = tmp_path_factory.mktemp("story") / "story.db"
    with Store.open(str(path)) as store:
        report = ingest(store, [str(STORY)])
    assert not report.errors
    return path


@pytest.fixture(scope="session")
def client(story_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(story_db)), base_url="http://127.0.0.1") as c:
        yield c


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "hostile.db"
    with Store.open(str(path)) as store:
        store.add_analysis(hostile_analysis(), input="hostile.jsonl")
        rebuild(store)
    return path


@pytest.fixture(scope="session")
def hostile_client(hostile_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(hostile_db)), base_url="http://127.0.0.1") as c:
        yield c


def copy_db(src: Path, dst: Path) -> Path:
    """A consistent copy of a SQLite store, write-ahead log included (a byte copy could miss pages)."""
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    return dst


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """A real uvicorn server on 127.0.0.1, in a thread of this process, stopped on exit."""

    def __init__(self, db: Path) -> None:
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
