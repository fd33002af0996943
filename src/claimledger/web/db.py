"""Opening the store for the web app: never create a database, never wait long on a lock.

``Store.open`` creates a missing SQLite file and waits up to 30 s on a lock, which suits
the CLI; a web page should instead answer at once with a clear 503. So the app builds
its own engine (short busy timeout, same pragmas) and hands it to :class:`Store`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from claimledger.errors import StorageError
from claimledger.store import Store, migrations
from claimledger.store.database import make_engine, redact, resolve_url, storage_errors, writing


def open_store(db: str | None, *, busy_timeout: float = 5.0) -> Store:
    """Open an existing store; StorageError (a 503) if it is missing, locked or unreadable."""
    url = resolve_url(db)
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StorageError(f"not a database path or URL: {url}") from exc
    if parsed.get_backend_name() != "sqlite":
        engine = make_engine(url)
    else:
        path = parsed.database
        if not path or path == ":memory:":
            raise StorageError("the web app needs a database file, not an in-memory store")
        if not Path(path).is_file():
            raise StorageError(f"no database at {path}; create it with `claimledger ingest ... --db {path}`")
        engine = create_engine(url, connect_args={"timeout": busy_timeout})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

    try:
        with storage_errors(f"cannot open {redact(url)}"), writing(engine) as conn:
            if migrations.current_version(conn) < migrations.latest():
                migrations.migrate(conn)
    except BaseException:
        engine.dispose()
        raise
    return Store(engine, url)
