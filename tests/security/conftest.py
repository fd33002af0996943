"""Fixtures for the security tests: a store full of hostile articles, the app over it, and the
fetch tests' local HTTP server (``site``), reused through ``secshared``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from secshared import build_hostile_store, copy_db, fetch_fixtures

from claimledger.web import create_app

#: The fetch tests' server on 127.0.0.1, started per test (see tests/ingest/fetch/conftest.py).
site = fetch_fixtures.site


@pytest.fixture(scope="session")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pristine hostile store: tests that write get a copy (``hostile_copy``)."""
    return Path(build_hostile_store(str(tmp_path_factory.mktemp("security") / "hostile.db")))


@pytest.fixture
def hostile_copy(hostile_store: Path, tmp_path: Path) -> Path:
    return Path(copy_db(hostile_store, tmp_path / "hostile-copy.db"))


@pytest.fixture(scope="session")
def hostile_app_client(hostile_store: Path) -> Iterator[TestClient]:
    """The app on loopback (every route open) over the hostile store, for reads."""
    with TestClient(create_app(str(hostile_store)), base_url="http://127.0.0.1") as c:
        yield c
