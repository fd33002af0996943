"""Property-based checks of every operation in our OpenAPI spec, with schemathesis.

Generated requests must never crash the app (no 5xx), and every error must have our one
shape. Schemathesis' pytest plugin does not run under pytest 9, so the operations are
driven through its strategies with plain hypothesis.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from claimledger.web import create_app
from conftest import copy_db

schemathesis = pytest.importorskip("schemathesis")
#: Schemathesis' ASGI client calls itself "testserver"; a loopback server answers only to
#: loopback names (DNS rebinding), as a browser on this machine would send them.
LOOPBACK = {"host": "127.0.0.1"}


def _operations(db: Path) -> list[Any]:
    spec = schemathesis.openapi.from_asgi("/openapi.json", create_app(str(db)), headers=LOOPBACK)
    return [result.ok() for result in spec.get_all_operations()]


def test_every_operation_survives_generated_requests(hostile_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "fuzz.db"
    # generated writes must not touch the session store; copy it with SQLite's backup API,
    # since other tests may have left pages in its write-ahead log (a byte copy would miss them)
    copy_db(hostile_db, db)
    operations = _operations(db)
    assert len(operations) >= 25
    seen: set[int] = set()
    for op in operations:

        @given(case=op.as_strategy())
        @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case: Any) -> None:
            response = case.call(headers=LOOPBACK)
            seen.add(response.status_code)
            where = f"{case.method} {case.formatted_path} {case.query}"
            assert response.status_code < 500, f"{where}: {response.text[:300]}"
            if response.status_code >= 400 and "json" in response.headers.get("content-type", [""])[0]:
                body = response.json()
                assert body["ok"] is False and body["status"] == response.status_code, where

        check()
    assert 200 in seen and (404 in seen or 422 in seen)
