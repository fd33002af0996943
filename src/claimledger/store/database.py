"""Turning ``--db`` into a working SQLAlchemy engine, and foreign errors into ours.

This is the one boundary where sqlite3, psycopg and SQLAlchemy errors become
:class:`~claimledger.errors.StorageError`: everything above it sees only our tree.
"""

from __future__ import annotations

import functools
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Connection, create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.pool import QueuePool, StaticPool

from claimledger.errors import NotAStore, StorageError

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


def store_name(url: str) -> str:
    """How an error names the store: the SQLite file's path, or the URL without its password."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return url
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        return parsed.database
    return redact(url)


def cannot_write(url: str) -> bool:
    """True for an existing SQLite file that this process may read but not write.

    A read-only file, a folder without write permission (WAL needs its ``-wal`` and ``-shm``
    files beside the database) or a read-only mount (``os.access`` sees ``EROFS`` even as
    root). Such a store is opened read-only instead of failing.
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        return False
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return False
    path = Path(parsed.database)
    if not path.is_file():
        return False
    return not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


def make_engine(
    url: str, *, create: bool = True, read_only: bool = False, busy_timeout: float = 30.0
) -> Engine:
    """An engine that has proven it can connect (so a bad ``--db`` fails at once).

    ``create=False`` refuses a SQLite file that does not exist (:class:`NotAStore`) instead
    of creating an empty one; ``read_only`` opens the store so that no write can happen
    (SQLite ``mode=ro``; PostgreSQL ``default_transaction_read_only``).
    """
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StorageError(f"not a database path or URL: {url}") from exc
    if parsed.get_backend_name() == "sqlite":
        engine = _sqlite_engine(
            url, parsed.database, create=create, read_only=read_only, timeout=busy_timeout
        )
    elif parsed.get_backend_name() == "postgresql":
        connect_args: dict[str, Any] = {"connect_timeout": 5}
        if read_only:
            connect_args["options"] = "-c default_transaction_read_only=on"
        engine = create_engine(url, connect_args=connect_args, pool_pre_ping=True)
    else:
        raise StorageError(f"unsupported database {parsed.get_backend_name()!r}; use a path or postgresql://")
    try:
        with engine.connect():
            pass
    except SQLAlchemyError as exc:
        engine.dispose()
        raise StorageError(f"cannot open database {redact(url)}: {first_line(exc)}") from exc
    return engine


def _sqlite_engine(
    url: str, database: str | None, *, create: bool, read_only: bool, timeout: float
) -> Engine:
    in_memory = not database or database == ":memory:"
    if in_memory:
        engine = create_engine("sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        assert database is not None
        path = Path(database)
        parent = path.parent
        if not path.exists() and not (create and not read_only):
            raise NotAStore(f"{path}: no such claimledger store")
        if not parent.is_dir():
            raise StorageError(f"cannot create database {path}: folder {parent} does not exist")
        if read_only:
            engine = create_engine(
                "sqlite://",
                creator=functools.partial(_read_only_connection, path, timeout),
                poolclass=QueuePool,
            )
        else:
            if path.exists() and not os.access(path, os.W_OK):
                raise StorageError(f"cannot write database {path}: permission denied")
            if not path.exists() and not os.access(parent, os.W_OK):
                raise StorageError(f"cannot create database {path}: folder {parent} is not writable")
            engine = create_engine(url, connect_args={"timeout": timeout})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        # We issue BEGIN ourselves (below); the driver's own implicit BEGIN is always
        # deferred, and a deferred transaction that reads before it writes fails at once
        # with "database is locked" when another process committed in between.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        if not in_memory and not read_only:
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


def _read_only_connection(path: Path, timeout: float) -> sqlite3.Connection:
    """A connection that cannot write: ``mode=ro``, or ``immutable=1`` where ``mode=ro`` cannot start.

    A WAL store read-only needs its ``-shm`` file; in a folder we may not write, with no
    ``-shm`` left beside the file (a clean close removes it), ``mode=ro`` fails with
    "attempt to write a readonly database". Nobody can be writing such a store through
    this folder then, so reading it as immutable is safe; it is the only way SQLite reads it.
    """
    base = "file:" + quote(str(path.absolute()))
    conn = sqlite3.connect(base + "?mode=ro", uri=True, timeout=timeout, check_same_thread=False)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as exc:
        conn.close()
        if "readonly" not in str(exc):
            raise
        conn = sqlite3.connect(base + "?immutable=1", uri=True, timeout=timeout, check_same_thread=False)
    return conn


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
