"""Turning ``--db`` into a working SQLAlchemy engine, and foreign errors into ours.

This is the one boundary where sqlite3, psycopg and SQLAlchemy errors become
:class:`~claimledger.errors.StorageError`: everything above it sees only our tree.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from claimledger.errors import StorageError

DEFAULT_DB = "claimledger.db"
ENV_VAR = "CLAIMLEDGER_DB"


def resolve_url(db: str | None) -> str:
    """The SQLAlchemy URL for ``--db``, ``$CLAIMLEDGER_DB`` or ``./claimledger.db``.

    A plain ``postgresql://`` URL is mapped to the psycopg 3 driver, which is the
    one we install; a bare path is a SQLite file.
    """
    raw = db or os.environ.get(ENV_VAR) or DEFAULT_DB
    for prefix in ("postgresql://", "postgres://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix) :]
    if raw.startswith(("postgresql+", "sqlite:")):
        return raw
    if raw == ":memory:":
        return "sqlite://"
    return "sqlite:///" + str(Path(raw).expanduser().absolute())


def redact(url: str) -> str:
    """The URL without its password, fit for an error message."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def first_line(exc: BaseException) -> str:
    """Database drivers write paragraphs; users get the first line of the cause."""
    cause: BaseException = getattr(exc, "orig", None) or exc
    text = str(cause).strip().splitlines()
    return text[0] if text else type(cause).__name__


def make_engine(url: str) -> Engine:
    """An engine that has proven it can connect (so a bad ``--db`` fails at once)."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StorageError(f"not a database path or URL: {url}") from exc
    if parsed.get_backend_name() == "sqlite":
        engine = _sqlite_engine(url, parsed.database)
    elif parsed.get_backend_name() == "postgresql":
        engine = create_engine(url, connect_args={"connect_timeout": 5}, pool_pre_ping=True)
    else:
        raise StorageError(f"unsupported database {parsed.get_backend_name()!r}; use a path or postgresql://")
    try:
        with engine.connect():
            pass
    except SQLAlchemyError as exc:
        engine.dispose()
        raise StorageError(f"cannot open database {redact(url)}: {first_line(exc)}") from exc
    return engine


def _sqlite_engine(url: str, database: str | None) -> Engine:
    if not database or database == ":memory:":
        engine = create_engine("sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        path = Path(database)
        parent = path.parent
        if not parent.is_dir():
            raise StorageError(f"cannot create database {path}: folder {parent} does not exist")
        if path.exists() and not os.access(path, os.W_OK):
            raise StorageError(f"cannot write database {path}: permission denied")
        if not path.exists() and not os.access(parent, os.W_OK):
            raise StorageError(f"cannot create database {path}: folder {parent} is not writable")
        engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        # We issue BEGIN ourselves (below); the driver's own implicit BEGIN is always
        # deferred, and a deferred transaction that reads before it writes fails at once
        # with "database is locked" when another process committed in between.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        if database and database != ":memory:":
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # Writers take the write lock up front, so they queue on the busy timeout
        # instead of failing; readers keep WAL's non-blocking snapshots.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE) else "BEGIN")

    return engine


#: Execution option marking a connection that will write (see :func:`writing`).
WRITE = "claimledger_write"


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A write transaction: ``BEGIN IMMEDIATE`` on SQLite, a plain one on PostgreSQL.

    Use it instead of ``engine.begin()`` wherever the transaction may write, so
    concurrent writers (``ingest``, ``watch``, ``serve``) wait for one another
    within the busy timeout rather than raising "database is locked".
    """
    with engine.connect() as conn:
        conn.execution_options(**{WRITE: True})
        with conn.begin():
            yield conn


@contextmanager
def storage_errors(what: str) -> Iterator[None]:
    """Map driver errors raised while doing ``what`` to one StorageError line."""
    try:
        yield
    except SQLAlchemyError as exc:
        raise StorageError(f"{what}: {first_line(exc)}") from exc
    except OSError as exc:
        raise StorageError(f"{what}: {exc.strerror or exc}") from exc
