"""Bad input gets one error shape: 404 unknown ids, 422 malformed params, 503 no database, 401 token."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from claimledger.web import create_app
from conftest import copy_db

#: (path, status) for every GET route, each with a bad id or parameter.
BAD_GETS = [
    ("/articles/0000000000000000", 404),
    ("/articles/0000000000000000.json", 404),
    ("/claims/nope", 404),
    ("/claims/nope.json", 404),
    ("/sources/999999", 404),
    ("/sources/999999.json", 404),
    ("/sources/abc", 422),
    ("/actors/999999", 404),
    ("/actors/0.json", 422),
    ("/articles?limit=zero", 422),
    ("/articles.json?limit=-1", 422),
    ("/claims.json?grade=9", 422),
    ("/claims?since=yesterday", 422),
    ("/claims.json?about=Nobody%20At%20All", 404),
    ("/contradictions.json?limit=x", 422),
    ("/sources.json?limit=0", 422),
    ("/actors.json?limit=1.5", 422),
    ("/estimates.json?thing=", 422),
    ("/estimates?thing=%20", 422),
    ("/claims.json?since=2025-13-01", 422),
    ("/search.json", 200),  # an empty search is the search form, not an error
    ("/search?q=", 200),
    ("/search?q=%20%20", 200),
    ("/search.json?q=%21%21", 422),
    ("/index.json?x=1", 200),
    ("/export/pdf", 422),
    ("/export/csv?story=Nobody%20At%20All", 404),
    ("/nowhere", 404),
    ("/nowhere.json", 404),
]
FIELDS = {
    "/sources/abc": "actor_id",
    "/articles?limit=zero": "limit",
    "/claims.json?grade=9": "grade",
    "/export/pdf": "fmt",
    "/claims?since=yesterday": "since",
}


def _check_shape(r, status: int) -> None:  # type: ignore[no-untyped-def]
    assert r.status_code == status
    if status == 200:
        return
    if r.headers["content-type"].startswith("application/json"):
        body = r.json()
        assert body["ok"] is False and body["status"] == status and body["error"]
        assert isinstance(body["errors"], list)
    else:
        assert r.headers["content-type"].startswith("text/html")
        assert f'<h1 class="error">{status}' in r.text


@pytest.mark.parametrize(("path", "status"), BAD_GETS)
def test_error_shape_for_every_route(hostile_client: TestClient, path: str, status: int) -> None:
    r = hostile_client.get(path)
    _check_shape(r, status)
    if path.split("?")[0].endswith(".json") or path.startswith("/export/"):
        assert r.headers["content-type"].startswith("application/json")
    if path in FIELDS:
        detail = r.json() if r.headers["content-type"].startswith("application/json") else None
        if detail is not None:
            assert FIELDS[path] in [e["field"] for e in detail["errors"]]
        assert FIELDS[path] in r.text


def test_json_clients_get_json_errors_on_html_routes(hostile_client: TestClient) -> None:
    r = hostile_client.get("/claims/nope", headers={"accept": "application/json"})
    assert r.status_code == 404 and r.json()["status"] == 404


def test_missing_database_is_503_in_both_shapes(tmp_path: Path) -> None:
    missing = tmp_path / "nope.db"
    with TestClient(create_app(str(missing)), base_url="http://127.0.0.1") as c:
        html = c.get("/")
        assert html.status_code == 503 and "no database at" in html.text
        body = c.get("/claims.json").json()
        assert body == {"ok": False, "error": body["error"], "errors": [], "status": 503}
    assert not missing.exists(), "the web app must not create a database"


def test_locked_database_is_503(hostile_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "locked.db"
    src = sqlite3.connect(hostile_db)
    dst = sqlite3.connect(db)
    src.backup(dst)
    src.close()
    dst.execute("PRAGMA journal_mode=DELETE")
    dst.execute("PRAGMA locking_mode=EXCLUSIVE")
    dst.execute("BEGIN EXCLUSIVE")
    try:
        with TestClient(create_app(str(db), busy_timeout=0.2), base_url="http://127.0.0.1") as c:
            r = c.get("/claims.json")
            assert r.status_code == 503
            assert "locked" in r.json()["error"]
    finally:
        dst.rollback()
        dst.close()


def test_writes_need_the_token_off_loopback(hostile_db: Path) -> None:
    app = create_app(str(hostile_db), host="0.0.0.0", token="s3cret", open_reads=True)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        actor = c.get("/actors.json").json()["actors"][0]["id"]
        url = f"/sources/{actor}/grade"
        assert c.post(url, json={"grade": "C"}).status_code == 401
        wrong = c.post(url, json={"grade": "C"}, headers={"authorization": "Bearer nope"})
        assert wrong.status_code == 401 and wrong.json()["ok"] is False
        assert c.post(url, data={"grade": "C", "token": "nope"}).status_code == 401
        ok = c.post(url, json={"grade": "C"}, headers={"authorization": "Bearer s3cret"})
        assert ok.status_code == 200 and ok.json()["grade"] == "C"
        assert c.get(f"/sources/{actor}.json").json()["grade"] == "C"
        bad = c.post(url, json={"grade": "Z"}, headers={"authorization": "Bearer s3cret"})
        assert bad.status_code == 422 and "grade" in bad.json()["error"]
        # reads were opened on purpose
        assert c.get("/claims.json").status_code == 200


def test_reads_need_the_token_off_loopback_unless_opened(hostile_db: Path) -> None:
    with TestClient(
        create_app(str(hostile_db), host="0.0.0.0", token="s3cret"), base_url="http://127.0.0.1"
    ) as c:
        denied = c.get("/claims.json")
        assert (
            denied.status_code == 401 and denied.json()["ok"] is False and "token" in denied.json()["error"]
        )
        assert c.get("/", headers={"accept": "text/html"}).status_code == 401
        assert c.get("/claims.json", headers={"authorization": "Bearer nope"}).status_code == 401
        assert c.get("/claims.json", headers={"authorization": "Bearer s3cret"}).status_code == 200
        assert c.get("/login?token=nope", follow_redirects=False).status_code == 401
        login = c.get("/login?token=s3cret", follow_redirects=False)
        assert login.status_code == 303 and "claimledger_token" in login.headers["set-cookie"]
        assert "httponly" in login.headers["set-cookie"].lower()
        assert c.get("/claims.json").status_code == 200  # the cookie now carries the token
    with TestClient(
        create_app(str(hostile_db), host="127.0.0.1", token="s3cret"), base_url="http://127.0.0.1"
    ) as c:
        assert c.get("/claims.json").status_code == 200  # loopback: open


def test_writes_are_open_on_loopback_but_not_cross_site(hostile_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    copy_db(hostile_db, db)
    with TestClient(create_app(str(db)), base_url="http://127.0.0.1") as c:
        actor = c.get("/actors.json").json()["actors"][0]["id"]
        r = c.post(f"/sources/{actor}/grade", data={"grade": "B"}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == f"/sources/{actor}"
        assert c.get(f"/sources/{actor}.json").json()["grade"] == "B"
        evil = c.post(
            f"/sources/{actor}/grade", data={"grade": "E"}, headers={"origin": "http://evil.example"}
        )
        assert evil.status_code == 403
        assert c.get(f"/sources/{actor}.json").json()["grade"] == "B"
