"""SQL injection through every query and path parameter of the API, and through the CLI's queries.

The parameters come from the app's own OpenAPI document, so a new parameter is attacked the
day it is added. After every sweep the store must be byte-for-byte what it was (every row of
every table hashed), no request may end in a 500, and a search for ``' OR 1=1 --`` must
return what a search for those words returns, never every row. Runs on SQLite, and on
PostgreSQL when ``CLAIMLEDGER_TEST_PG`` names a server (``scripts/with-postgres.sh``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from secdata import fingerprint
from secshared import build_hostile_store, copy_db

from claimledger.web import create_app
from databases import postgres_database

CLASSIC = (
    "' OR 1=1 --",
    "' OR '1'='1",
    '" OR ""="',
    "'; DROP TABLE articles; --",
    '"; DROP TABLE claims; --',
    "%' UNION SELECT id, text, 1, 1, 1, 1, 1, 1, 1, 1, 1 FROM articles --",
    "1; DELETE FROM actors",
    "1 OR 1=1",
    "') OR ('a'='a",
    "\\'; DROP TABLE actors; --",
)
PAYLOADS = (
    *CLASSIC,
    "' AND 1=(SELECT count(*) FROM sqlite_master) --",
    "'||(SELECT sqlite_version())||'",
    "'; SELECT pg_sleep(5); --",
    "admin'/*",
    "*/ OR /**/1=1",
    "x\x00' OR '1'='1",
    "\x00",
    "%",
    "_",
    "*",
    # full-text query syntax (SQLite FTS5, PostgreSQL tsquery): must be searched as words
    "NEAR(agency script)",
    "agency* OR x",
    '"unbalanced',
    "text:agency",
    "{text}: agency",
    "agency AND NOT x",
    "a & !b | (c",
    "agency:*",
    # numbers the database cannot hold
    "9223372036854775808",
    "-9223372036854775809",
    "1e309",
    "\u00b2",  # a digit to str.isdigit(), not to int()
    "A" * 60_000,  # the test client caps a URL at 64 KiB
    "\u00e9" * 5000 + "'",
)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The hostile store on each backend (PostgreSQL skipped without a server)."""
    if request.param == "sqlite":
        yield build_hostile_store(str(tmp_path_factory.mktemp("sqli") / "sqli.db"))
        return
    with postgres_database("cl_sqli") as url:
        yield build_hostile_store(url)


@pytest.fixture(scope="module")
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(db), raise_server_exceptions=False, base_url="http://127.0.0.1") as c:
        yield c


def _operations(c: TestClient) -> list[tuple[str, list[dict[str, Any]]]]:
    """(path, parameters) of every GET operation in the OpenAPI document that takes any."""
    spec = c.app.openapi()  # type: ignore[attr-defined]
    ops = [(path, item["get"].get("parameters", [])) for path, item in spec["paths"].items() if "get" in item]
    return [(p, params) for p, params in ops if params]


def _valid(c: TestClient) -> dict[str, str]:
    """A valid value for every parameter name, so that each attack is the only bad one."""
    return {
        "article_id": c.get("/articles.json").json()["articles"][0]["id"],
        "claim_id": c.get("/claims.json").json()["claims"][0]["id"],
        "actor_id": str(c.get("/actors.json").json()["actors"][0]["id"]),
        "fmt": "json",
        "q": "agency",
        "thing": "soldiers",
        "limit": "5",
        "token": "x",
    }


def _request(c: TestClient, path: str, params: list[dict[str, Any]], name: str, value: str) -> Any:
    valid = _valid_cache(c)
    url = path
    query: dict[str, str] = {}
    for p in params:
        v = value if p["name"] == name else valid.get(p["name"])
        if p["in"] == "path":
            assert v is not None, f"{path}: no valid value for path parameter {p['name']}: add it to _valid"
            url = url.replace("{" + p["name"] + "}", quote(v, safe=""))
        elif v is not None and (p["name"] == name or p.get("required")):
            query[p["name"]] = v
    return c.get(url, params=query, follow_redirects=False)


_VALID: dict[int, dict[str, str]] = {}


def _valid_cache(c: TestClient) -> dict[str, str]:
    if id(c) not in _VALID:
        _VALID[id(c)] = _valid(c)
    return _VALID[id(c)]


def test_every_parameter_of_every_get_operation_resists_injection(client: TestClient, db: str) -> None:
    before = fingerprint(db)
    claims_before = len(client.get("/claims.json").json()["claims"])
    ops = _operations(client)
    assert {"/claims.json", "/search.json", "/export/{fmt}"} <= {p for p, _ in ops}
    bad: list[str] = []
    sent = 0
    for path, params in ops:
        # HTML pages run the same view as their JSON twin: the classic payloads are enough there
        payloads = PAYLOADS if path.endswith(".json") or path.startswith(("/export/", "/login")) else CLASSIC
        for p in params:
            for value in payloads:
                r = _request(client, path, params, p["name"], value)
                sent += 1
                if r.status_code >= 500 or r.status_code < 200:
                    bad.append(f"{path} {p['name']}={value[:40]!r}: {r.status_code} {r.text[:120]}")
    assert sent > 500
    assert bad == []
    assert fingerprint(db) == before, "an injection changed the store"
    assert len(client.get("/claims.json").json()["claims"]) == claims_before


@pytest.mark.parametrize("attack", ["' OR 1=1 --", "agency' OR '1'='1", '" OR ""="', "%' OR 1=1 --"])
def test_a_tautology_in_a_search_is_just_words(client: TestClient, attack: str) -> None:
    """The search finds what the words find, never every row."""
    total = len(client.get("/claims.json").json()["claims"])
    words = [w.lower() for w in "".join(ch if ch.isalnum() else " " for ch in attack).split()]
    for r in (
        client.get("/claims.json", params={"search": attack}),
        client.get("/search.json", params={"q": attack}),
    ):
        assert r.status_code == 200
        found = r.json()["claims"]
        assert len(found) < total
        for claim in found:
            assert all(w in claim["text"].lower() for w in words), (attack, claim["text"])
    plain = client.get("/claims.json", params={"search": " ".join(words)}).json()["claims"]
    assert client.get("/claims.json", params={"search": attack}).json()["claims"] == plain


def test_a_real_search_still_finds_rows(client: TestClient) -> None:
    """Guards the test above: searching works at all, and finds fewer rows than there are."""
    total = len(client.get("/claims.json").json()["claims"])
    found = client.get("/claims.json", params={"search": "soldiers"}).json()["claims"]
    assert 0 < len(found) < total


def test_actor_filters_match_names_not_sql(client: TestClient) -> None:
    for param in ("about", "source"):
        r = client.get("/claims.json", params={param: "' OR 1=1 --"})
        assert r.status_code == 404 and "' OR 1=1 --" in r.json()["error"]
    r = client.get("/export/json", params={"story": "x' OR 'a'='a"})
    assert r.status_code == 404


CLI_QUERIES: tuple[tuple[str, ...], ...] = (
    ("claims", "--search", "{p}"),
    ("claims", "--about", "{p}"),
    ("claims", "--source", "{p}"),
    ("claims", "--since", "{p}"),
    ("claims", "--grade", "{p}"),
    ("claim", "show", "{p}"),
    ("estimates", "{p}"),
    ("estimates", "soldiers", "--place", "{p}"),
    ("sources", "--limit", "{p}"),
    ("story", "{p}"),
    ("article", "show", "{p}"),
    ("article", "diff", "{p}"),
    ("source", "rate", "{p}", "B"),
    ("actor", "merge", "{p}", "{p}x"),
    ("actor", "split", "{p}"),
    ("export", "--format", "json", "--story", "{p}"),
)


def test_cli_queries_resist_injection(tmp_path: Path) -> None:
    from claimledger.cli.main import cli

    db = str(copy_db(Path(build_hostile_store(str(tmp_path / "src.db"))), tmp_path / "cli.db"))
    before = fingerprint(db)
    runner = CliRunner()
    bad = []
    for command in CLI_QUERIES:
        for payload in (*CLASSIC, "x\x00' OR '1'='1", "99999999999999999999", "\u00b2"):
            args = [a.replace("{p}", payload) for a in command]
            result = runner.invoke(cli, [*args, "--db", db])
            if result.exit_code not in (0, 1, 2) or (
                result.exception is not None and not isinstance(result.exception, SystemExit)
            ):
                bad.append(f"{args}: exit {result.exit_code} {result.exception!r}")
            if "Traceback" in result.output:
                bad.append(f"{args}: traceback")
    assert bad == []
    assert fingerprint(db) == before, "a CLI query changed the store"
    found = runner.invoke(cli, ["claims", "--search", "' OR 1=1 --", "--format", "json", "--db", db])
    everything = runner.invoke(cli, ["claims", "--format", "json", "--db", db])
    assert found.exit_code == 0 and everything.exit_code == 0
    assert len(found.stdout) < len(everything.stdout)
