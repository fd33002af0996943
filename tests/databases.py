"""Throw-away PostgreSQL databases for tests, on the server ``make test`` starts."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator

import pytest

PG_ENV = "CLAIMLEDGER_TEST_PG"


@contextlib.contextmanager
def postgres_database(prefix: str = "cl_test") -> Iterator[str]:
    """A URL to an empty PostgreSQL database that exists inside this block only.

    The server comes from ``CLAIMLEDGER_TEST_PG`` (``make test`` starts one with
    ``scripts/pg-test-server.sh``); without it the calling test is skipped, saying why.
    """
    admin = os.environ.get(PG_ENV)
    if not admin:
        pytest.skip(f"{PG_ENV} is not set: start a server with scripts/pg-test-server.sh")
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base, _, _db = admin.rpartition("/")
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
