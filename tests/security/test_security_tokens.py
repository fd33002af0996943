"""The token rule on every write route (and read) the app has, read from the app itself.

Off loopback every POST/PUT/PATCH/DELETE route must refuse a request without the token, with
a wrong one however it is presented (Bearer, form field, JSON field, cookie), with the token
in a place we do not read it from (query string, other headers, Basic auth, another cookie),
and a cross-site request even with the right cookie. The store must be unchanged after all
of that; then the right token must work, so the refusals were not caused by a bad request.
On loopback, where writes are open, only same-origin writes from a loopback name pass: not
``Origin: null`` (sandboxed frames) and not a rebound DNS name (DNS rebinding).
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from approutes import get_routes, write_routes
from fastapi.testclient import TestClient
from secdata import fingerprint

from claimledger.models import ArticleAnalysis, ArticleMeta
from claimledger.web import create_app
from claimledger.web.security import TOKEN_COOKIE

TOKEN = "s3cret-T0ken/with+chars=="
WRONG = "not-the-token"


def _names(c: TestClient) -> dict[str, Any]:
    actors = c.get("/actors.json", headers={"authorization": f"Bearer {TOKEN}"}).json()["actors"]
    merged = next(a for a in actors if a["merged_into"])
    plain = [a for a in actors if not a["merged_into"] and a["id"] != merged["id"]]
    return {"merged": merged, "a": plain[0], "b": plain[1]}


def _requests(c: TestClient) -> list[tuple[str, str, dict[str, str]]]:
    """(method, path, valid body) for every write route of the app."""
    n = _names(c)
    article = c.get("/articles.json", headers={"authorization": f"Bearer {TOKEN}"}).json()["articles"][0][
        "id"
    ]
    bodies = {
        "/sources/{actor_id}/grade": (n["a"]["id"], {"grade": "A"}),
        "/actors/{actor_id}/merge": (n["a"]["id"], {"other": n["b"]["name"]}),
        "/actors/{actor_id}/split": (n["merged"]["id"], {}),
        "/articles": (None, {"text": "The harbour office said that two ferries were cancelled on Monday."}),
    }
    out = []
    for route in write_routes(c.app):  # type: ignore[arg-type]
        actor, body = bodies.get(route.path, (n["a"]["id"], {}))  # an unknown new route: refused all the same
        path = route.path.replace("{actor_id}", str(actor)).replace("{article_id}", article)
        assert "{" not in path, f"{route.path}: fill its path parameters in _requests"
        for method in sorted(route.methods & {"POST", "PUT", "PATCH", "DELETE"}):
            out.append((method, path, body))
    # a deletion last: the other writes need the actors the article names
    return sorted(out, key=lambda r: r[1].endswith("/delete"))


#: name -> (headers, extra body fields); each is sent as a JSON body and as a form
BAD_CREDENTIALS: dict[str, tuple[dict[str, str | bytes], dict[str, str]]] = {
    "nothing": ({}, {}),
    "wrong bearer": ({"authorization": f"Bearer {WRONG}"}, {}),
    "empty bearer": ({"authorization": "Bearer "}, {}),
    "bearer of a prefix": ({"authorization": f"Bearer {TOKEN[:-1]}"}, {}),
    "bearer with a suffix": ({"authorization": f"Bearer {TOKEN}x"}, {}),
    "bearer in another case": ({"authorization": f"Bearer {TOKEN.swapcase()}"}, {}),
    "bearer of a look-alike": ({"authorization": f"Bearer {TOKEN.replace('T', 'Т')}".encode()}, {}),
    "token as Basic password": (
        {"authorization": "Basic " + base64.b64encode(f"user:{TOKEN}".encode()).decode()},
        {},
    ),
    "token in another header": ({"x-token": TOKEN, "x-api-key": TOKEN, "token": TOKEN}, {}),
    "wrong form or JSON token": ({}, {"token": WRONG}),
    "empty form or JSON token": ({}, {"token": ""}),
    "wrong cookie": ({"cookie": f"{TOKEN_COOKIE}={WRONG}"}, {}),
    "token in another cookie": (
        {"cookie": f"token={quote(TOKEN, safe='')}; session={quote(TOKEN, safe='')}"},
        {},
    ),
    "wrong bearer beats right cookie": (
        {"authorization": f"Bearer {WRONG}", "cookie": f"{TOKEN_COOKIE}={WRONG}x"},
        {},
    ),
}


def _send(c: TestClient, method: str, path: str, body: dict[str, str], *, json_body: bool, **kw: Any) -> Any:
    if json_body:
        return c.request(method, path, json=body, follow_redirects=False, **kw)
    return c.request(method, path, data=body, follow_redirects=False, **kw)


@pytest.fixture
def token_client(hostile_copy: Path) -> Iterator[TestClient]:
    with TestClient(
        create_app(str(hostile_copy), host="0.0.0.0", token=TOKEN), base_url="http://127.0.0.1"
    ) as c:
        yield c


def test_every_write_route_refuses_every_wrong_credential(
    token_client: TestClient, hostile_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    c = token_client
    requests = _requests(c)
    assert {p for _m, p, _b in requests} >= {"/articles"} and len(requests) >= 4
    before = fingerprint(hostile_copy)
    bad = []
    for method, path, body in requests:
        for name, (headers, extra) in BAD_CREDENTIALS.items():
            for json_body in (True, False):
                c.cookies.clear()
                r = _send(c, method, path, {**body, **extra}, json_body=json_body, headers=headers)
                if r.status_code != 401:
                    bad.append(
                        f"{method} {path} [{name}, {'json' if json_body else 'form'}]: {r.status_code}"
                    )
        # the token in the query string: URLs end up in logs and Referer headers, never read there
        r = c.request(method, f"{path}?token={quote(TOKEN, safe='')}", json=body, follow_redirects=False)
        if r.status_code != 401:
            bad.append(f"{method} {path}?token=...: {r.status_code}")
        # the right cookie, but the request comes from another site (or from nowhere: a sandboxed frame)
        for origin in ("http://evil.example", "null", "http://testserver.evil.example"):
            r = _send(
                c,
                method,
                path,
                body,
                json_body=False,
                headers={"cookie": f"{TOKEN_COOKIE}={quote(TOKEN, safe='')}", "origin": origin},
            )
            if r.status_code != 403:
                bad.append(f"{method} {path} [right cookie, Origin {origin}]: {r.status_code}")
    assert bad == []
    assert fingerprint(hostile_copy) == before, "a refused write changed the store"

    # The same requests with the right token go through: the refusals above were the token's.
    _fake_analysis(monkeypatch)
    for method, path, body in requests:
        r = _send(c, method, path, body, json_body=True, headers={"authorization": f"Bearer {TOKEN}"})
        assert 200 <= r.status_code < 300, (method, path, r.status_code, r.text[:200])
    assert fingerprint(hostile_copy) != before


def _fake_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    """POST /articles analyzes with the model; the token rule does not need it."""
    from claimledger.analysis import article as analysis

    def fake(text: str, meta: ArticleMeta | None = None, **_kw: Any) -> ArticleAnalysis:
        return ArticleAnalysis(
            id=analysis.article_id(text),
            text=text,
            meta=meta or ArticleMeta(),
            attributions=(),
            quantities=(),
            hedges=(),
        )

    monkeypatch.setattr(analysis, "analyze", fake)


@pytest.mark.parametrize("configured", [None, ""])
def test_a_server_without_a_token_refuses_every_write(hostile_copy: Path, configured: str | None) -> None:
    """Off loopback with no token configured (serve refuses to start so, but the app may be built
    so by another caller): nothing, not even an empty token, may write."""
    before = fingerprint(hostile_copy)
    with TestClient(
        create_app(str(hostile_copy), host="0.0.0.0", token=configured), base_url="http://127.0.0.1"
    ) as c:
        for method, path, body in _requests_without_reads(c):
            for headers, extra in (
                ({}, {}),
                ({"authorization": "Bearer "}, {}),
                ({"authorization": "Bearer None"}, {}),
                ({}, {"token": ""}),
                ({"cookie": f"{TOKEN_COOKIE}="}, {}),
            ):
                r = _send(c, method, path, {**body, **extra}, json_body=True, headers=headers)
                assert r.status_code == 401, (method, path, headers, extra)
    assert fingerprint(hostile_copy) == before


def _requests_without_reads(c: TestClient) -> list[tuple[str, str, dict[str, str]]]:
    out = []
    for route in write_routes(c.app):  # type: ignore[arg-type]
        for method in sorted(route.methods & {"POST", "PUT", "PATCH", "DELETE"}):
            out.append(
                (
                    method,
                    route.path.replace("{actor_id}", "1").replace("{article_id}", "x"),
                    {"grade": "A", "other": "x", "text": "x y z"},
                )
            )
    return out


def test_cookie_login(hostile_copy: Path) -> None:
    app = create_app(str(hostile_copy), host="0.0.0.0", token=TOKEN)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        grade_path = _requests(c)[0][1]
        wrong = c.get("/login", params={"token": WRONG}, follow_redirects=False)
        assert wrong.status_code == 401 and "set-cookie" not in wrong.headers
        assert not c.cookies
        assert c.post(grade_path, data={"grade": "C"}, follow_redirects=False).status_code == 401
        good = c.get("/login", params={"token": TOKEN}, follow_redirects=False)
        assert good.status_code == 303 and good.headers["location"] == "/"
        cookie = good.headers["set-cookie"].lower()
        assert f"{TOKEN_COOKIE}=" in cookie and "httponly" in cookie and "samesite=strict" in cookie
        assert c.post(grade_path, data={"grade": "C"}, follow_redirects=False).status_code == 303
    with TestClient(app, base_url="http://127.0.0.1") as other:  # another browser: no cookie, no write
        assert other.post(grade_path, data={"grade": "D"}, follow_redirects=False).status_code == 401


def test_reads_need_the_token_on_every_read_route(hostile_copy: Path) -> None:
    """Off loopback without --open-reads, every page, twin and download needs the token too."""
    with TestClient(
        create_app(str(hostile_copy), host="0.0.0.0", token=TOKEN), base_url="http://127.0.0.1"
    ) as c:
        ids = {
            "article_id": "x",
            "claim_id": "x",
            "actor_id": "1",
            "fmt": "json",
        }
        public = {"/login"}  # login is how the token arrives
        checked = 0
        for route in get_routes(c.app):  # type: ignore[arg-type]
            if route.path in public:
                continue
            path = route.path
            for name in route.path_params:
                path = path.replace("{" + name + "}", ids[name])
            params = {n: "agency" for n, required in route.query_params if required}
            for headers in ({}, {"authorization": f"Bearer {WRONG}"}, {"cookie": f"{TOKEN_COOKIE}={WRONG}"}):
                assert c.get(path, params=params, headers=headers).status_code == 401, (path, headers)
            ok = c.get(path, params=params, headers={"authorization": f"Bearer {TOKEN}"})
            assert ok.status_code != 401, path
            checked += 1
        assert checked >= 20


# --- loopback: open writes, but only from this server's own pages ----------------------------------


def test_loopback_writes_only_from_our_own_origin(hostile_copy: Path) -> None:
    with TestClient(create_app(str(hostile_copy)), base_url="http://127.0.0.1") as c:
        before = fingerprint(hostile_copy)
        method, path, body = _requests(c)[0]
        refused = {
            "another site": {"origin": "http://evil.example"},
            "a sandboxed frame or data: page": {"origin": "null"},
            "DNS rebinding": {"origin": "http://rebind.example:8000", "host": "rebind.example:8000"},
            "DNS rebinding to an IP-looking name": {
                "origin": "http://127.0.0.1.nip.io:8000",
                "host": "127.0.0.1.nip.io:8000",
            },
            "an origin on another port": {"origin": "http://127.0.0.1:9999", "host": "127.0.0.1:8000"},
        }
        for why, headers in refused.items():
            r = _send(c, method, path, body, json_body=False, headers=headers)
            assert r.status_code == 403, why
        assert fingerprint(hostile_copy) == before
        for host in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000"):
            r = _send(
                c, method, path, body, json_body=False, headers={"origin": f"http://{host}", "host": host}
            )
            assert r.status_code == 303, host  # our own form, as a browser sends it
        assert fingerprint(hostile_copy) != before


def test_loopback_reads_only_under_loopback_names(hostile_copy: Path) -> None:
    """DNS rebinding for reads: a page whose name now resolves to 127.0.0.1 sends its own Host."""
    app = create_app(str(hostile_copy))
    with TestClient(app, base_url="http://127.0.0.1") as c:
        paths = ["/", "/claims", "/api/claims", "/static/style.css", "/openapi.json"]
        for host in ("rebind.example:8000", "127.0.0.1.nip.io", "0.0.0.0:8000", "[::1:8000", ""):
            for path in paths:
                r = c.get(path, headers={"host": host})
                assert r.status_code == 403, (host, path, r.status_code)
                assert "loopback" in r.text and "<script" not in r.text
        for host in ("127.0.0.1:8000", "localhost", "[::1]:8000", "127.0.0.2"):
            assert c.get("/claims", headers={"host": host}).status_code == 200, host
    # Off loopback the token guards reads instead; Host names are the operator's business.
    with TestClient(create_app(str(hostile_copy), host="0.0.0.0", token=TOKEN)) as c:
        r = c.get("/claims", headers={"host": "ledger.newsroom.example", "authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 200


def test_write_fields_with_nul_are_refused(hostile_copy: Path) -> None:
    """NUL cannot be stored in PostgreSQL text: a clear 422, never a 503, on either backend."""
    with TestClient(create_app(str(hostile_copy)), base_url="http://127.0.0.1") as c:
        before = fingerprint(hostile_copy)
        for method, path, body in _requests(c):
            key = next(iter(body), "other")
            r = _send(c, method, path, {**body, key: "x\x00y"}, json_body=True)
            assert r.status_code == 422 and "NUL" in r.json()["error"], (path, r.status_code)
        assert fingerprint(hostile_copy) == before
