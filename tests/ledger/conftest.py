"""Fixtures for the ledger tests: fresh stores on SQLite and on a real PostgreSQL server.

PostgreSQL comes from ``CLAIMLEDGER_TEST_PG`` (started by ``scripts/pg-test-server.sh``);
each test gets a database of its own, dropped afterwards. Without the variable the
PostgreSQL half of every parametrized test is skipped, saying why.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from ledger_helpers import PG_ENV

from claimledger.store import Store


def _admin_url() -> str | None:
    return os.environ.get(PG_ENV)


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A URL to an empty PostgreSQL database that exists for this test only."""
    admin = _admin_url()
    if not admin:
        pytest.skip(f"{PG_ENV} is not set: start a server with scripts/pg-test-server.sh")
    import psycopg

    name = f"cl_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base, _, _db = admin.rpartition("/")
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database on each backend: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "ledger.db")
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store.open(db_url) as s:
        yield s
