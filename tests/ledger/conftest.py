"""Fixtures for the ledger tests: fresh stores on SQLite and on a real PostgreSQL server.

PostgreSQL comes from the ``pg_url`` fixture in ``tests/conftest.py``: each test gets a
database of its own, dropped afterwards; without a server the PostgreSQL half of every
parametrized test is skipped, saying why.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from claimledger.store import Store


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
