"""HEAD on every GET route of the app (read from the app itself) answers what GET answers,
status and headers, without a body; it used to be 405 everywhere."""

from __future__ import annotations

from pathlib import Path

import httpx
from approutes import get_routes
from fastapi.testclient import TestClient
from secshared import serving
from test_security_xss import Values

from claimledger.web import create_app

TOKEN = "s3cret-T0ken/with+chars=="


def _same_but_empty(c: TestClient, path: str, params: dict[str, str], **kw: object) -> list[str]:
    get = c.get(path, params=params, follow_redirects=False, **kw)  # type: ignore[arg-type]
    head = c.head(path, params=params, follow_redirects=False, **kw)  # type: ignore[arg-type]
    bad = []
    if head.status_code != get.status_code:
        bad.append(f"{path}: HEAD {head.status_code}, GET {get.status_code}")
    if head.content:
        bad.append(f"{path}: HEAD sent {len(head.content)} bytes of body")
    for name in ("content-type", "content-disposition", "location", "www-authenticate"):
        if head.headers.get(name) != get.headers.get(name):
            bad.append(f"{path}: {name} {head.headers.get(name)!r} != {get.headers.get(name)!r}")
    return bad


def test_head_answers_every_get_route_without_a_body(hostile_app_client: TestClient) -> None:
    c = hostile_app_client
    values = Values(c)
    routes = get_routes(c.app)  # type: ignore[arg-type]
    bad: list[str] = []
    statuses = set()
    for route in routes:
        required = {n: values.for_query(n)[0] for n, req in route.query_params if req}
        for path in values.for_path(route)[:2]:
            bad += _same_but_empty(c, path, required)
            statuses.add(c.head(path, params=required, follow_redirects=False).status_code)
    bad += _same_but_empty(c, "/static/style.css", {})
    bad += _same_but_empty(c, "/no-such-page", {})  # 404 either way
    assert bad == []
    assert len(routes) >= 20 and 200 in statuses and 405 not in statuses


def test_head_follows_the_read_rule(hostile_store: Path) -> None:
    app = create_app(str(hostile_store), host="0.0.0.0", token=TOKEN)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        assert _same_but_empty(c, "/claims", {}) == []
        assert c.head("/claims").status_code == 401
        assert _same_but_empty(c, "/claims", {}, headers={"authorization": f"Bearer {TOKEN}"}) == []
        assert c.head("/claims", headers={"authorization": f"Bearer {TOKEN}"}).status_code == 200
        # HEAD runs GET, never another method: /articles is the list here, not the POST that ingests
        assert c.head("/articles", headers={"authorization": f"Bearer {TOKEN}"}).status_code == 200


def test_head_on_a_real_server(hostile_store: Path) -> None:
    """uvicorn and h11 accept our HEAD answers: GET's Content-Length, no body."""
    with serving(create_app(str(hostile_store))) as host, httpx.Client(base_url=f"http://{host}") as c:
        get, head = c.get("/claims"), c.head("/claims")
        assert (head.status_code, head.content) == (200, b"")
        assert head.headers["content-length"] == get.headers["content-length"] != "0"
        assert c.get("/claims.json").status_code == 200  # the connection goes on serving
