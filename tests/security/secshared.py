"""What the security tests share with the web and fetch tests, and the hostile store builder.

The web tests' fixtures module (``tests/web/conftest.py``) and the fetch tests' server
(``tests/ingest/fetch/conftest.py``) are loaded under names of their own, so their helpers are
reused rather than copied: the web tests' hostile article goes into our store beside ours,
and ``site`` is the same ThreadingHTTPServer on 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import importlib.util
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import uvicorn
from fastapi import FastAPI
from secdata import hostile_articles

from claimledger.ledger.build import rebuild
from claimledger.store import Store

TESTS = Path(__file__).resolve().parents[1]


def _load(name: str, path: Path) -> ModuleType:
    """Import another test folder's conftest under a name of its own (``conftest`` is taken)."""
    if name in sys.modules:
        return sys.modules[name]
    if str(path.parent) not in sys.path:
        sys.path.append(str(path.parent))  # appended: never shadows the folder pytest put first
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


web_fixtures = _load("security_web_conftest", TESTS / "web" / "conftest.py")
fetch_fixtures = _load("security_fetch_conftest", TESTS / "ingest" / "fetch" / "conftest.py")
copy_db = web_fixtures.copy_db
LiveServer = web_fixtures.LiveServer
Page = fetch_fixtures.Page


def build_hostile_store(db: str) -> str:
    """Our hostile articles plus the web tests' one, the ledger rebuilt, two actors merged.

    ``db`` is a SQLite path or a PostgreSQL URL."""
    with Store.open(db) as store:
        for analysis in [*hostile_articles(), web_fixtures.hostile_analysis()]:
            assert store.add_analysis(analysis, input="hostile.jsonl")
        rebuild(store)
        names = sorted(str(a["name"]) for a in store.actors.all().values())
        bureau = next(n for n in names if "Bureau" in n)
        spokesman = next(n for n in names if "Norr" in n)
        store.actors.merge(bureau, spokesman)  # aliases, merged_into and history carry payloads too
        rebuild(store)
    return db


@contextlib.contextmanager
def serving(app: FastAPI, *, proxy_headers: bool = False) -> Iterator[str]:
    """``app`` on a free port of 127.0.0.1 in a thread of this process ("host:port"), stopped
    on exit. uvicorn's own proxy-header rewriting is off unless asked: the app's rules are tested."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", proxy_headers=proxy_headers
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
