"""Shared fixtures: the real pipeline (loaded once), the shared eval folder (or a skip)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimledger.models import ArticleAnalysis

ROOT = Path(__file__).resolve().parents[1]
PG_ENV = "CLAIMLEDGER_TEST_PG"
SHARED = Path(os.environ.get("CLAIMLEDGER_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    """The full pipeline: the pinned model plus our components."""
    from claimledger.pipeline import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def analyze_text(nlp):  # type: ignore[no-untyped-def]
    """Analyze a text with the session pipeline."""
    from claimledger.analysis import analyze

    def run(text: str) -> ArticleAnalysis:
        return analyze(text, nlp=nlp)

    return run


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared folder beside the checkout; tests that read it skip when it is absent."""
    if not (SHARED / "eval").is_dir():
        pytest.skip(f"{SHARED} is absent (a clone outside the workspace): shared eval data unavailable")
    return SHARED


@pytest.fixture(scope="session")
def seed_text(shared: Path) -> str:
    from claimledger.reading import read_article

    text, _ = read_article(shared / "examples" / "seed-article.txt")
    return text


@pytest.fixture(scope="session")
def seed(seed_text: str, analyze_text) -> ArticleAnalysis:  # type: ignore[no-untyped-def]
    result: ArticleAnalysis = analyze_text(seed_text)
    return result


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A URL to an empty PostgreSQL database that exists for this test only.

    The server comes from ``CLAIMLEDGER_TEST_PG`` (``make test`` starts one with
    ``scripts/pg-test-server.sh``); without it the test is skipped, saying why.
    """
    admin = os.environ.get(PG_ENV)
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
