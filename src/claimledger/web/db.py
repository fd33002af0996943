"""Opening the store for the web app: never create a database, never wait long on a lock.

The CLI waits up to 30 s on a lock; a web page should instead answer at once with a
clear 503, so the app opens the store with a short busy timeout. A store the server may
not write (a read-only file, folder or mount) is served read-only: every page reads, and
writes answer with the store's one-line error.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from claimledger.errors import StorageError
from claimledger.store import Store
from claimledger.store.database import resolve_url


def open_store(db: str | None, *, busy_timeout: float = 5.0) -> Store:
    """Open an existing store; StorageError (a 503) if it is missing, locked or unreadable."""
    url = resolve_url(db)
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StorageError(f"not a database path or URL: {url}") from exc
    if parsed.get_backend_name() == "sqlite":
        path = parsed.database
        if not path or path == ":memory:":
            raise StorageError("the web app needs a database file, not an in-memory store")
        if not Path(path).is_file():
            raise StorageError(f"no database at {path}; create it with `claimledger ingest ... --db {path}`")
    return Store.open(db, create=False, busy_timeout=busy_timeout)
