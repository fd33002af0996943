"""Shared fixtures: the real pipeline (loaded once), the shared eval folder (or a skip)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimledger.models import ArticleAnalysis
from claimledger.store import Store
from databases import postgres_database

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CLAIMLEDGER_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    """The full pipeline: the pinned model plus our components."""
    from claimledger.pipeline.load import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def analyze_text(nlp):  # type: ignore[no-untyped-def]
    """Analyze a text with the session pipeline."""
    from claimledger.analysis.article import analyze

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
    from claimledger.ingest.reading import read_article

    text, _ = read_article(shared / "examples" / "seed-article.txt")
    return text


@pytest.fixture(scope="session")
def seed(seed_text: str, analyze_text) -> ArticleAnalysis:  # type: ignore[no-untyped-def]
    result: ArticleAnalysis = analyze_text(seed_text)
    return result


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test only (skipped without a server)."""
    with postgres_database() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database on each backend: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "ledger.db")
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """An open store on ``db_url`` (each backend in turn)."""
    with Store.open(db_url) as s:
        yield s


@pytest.fixture(scope="module")
def dask_scheduler() -> Iterator[str]:
    """A real Dask LocalCluster (2 worker processes, loopback only) for a module's tests."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", host="127.0.0.1"
    ) as cluster:
        yield cluster.scheduler_address


#: Lanes that ``make test-fast`` leaves out; each is set here from what a test uses, so
#: that a new test lands in the right lane without anyone remembering a marker.
SLOW_LANES = {
    "postgres": "uses the PostgreSQL server",
    "cluster": "starts a Dask LocalCluster",
    "browser": "drives headless Chromium",
    "crash": "kills processes mid-write",
}


def pytest_configure(config: pytest.Config) -> None:
    for name, what in SLOW_LANES.items():
        config.addinivalue_line("markers", f"{name}: {what} (left out by make test-fast)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        params = getattr(getattr(item, "callspec", None), "params", {})
        if "pg_url" in names or "postgresql" in params.values():
            item.add_marker(pytest.mark.postgres)
        if "dask_scheduler" in names:
            item.add_marker(pytest.mark.cluster)
