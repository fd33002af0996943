"""Off loopback: the documented ways to present the token all work, and none leaks it.

The form ``token`` field writes (not only with ``--open-reads``); the OpenAPI document is
read under the same rule as the data; ``/login`` takes the token in a POSTed form, so it
stays out of URLs; the cookie is ``Secure`` when the browser came over https, directly or
through a proxy the operator named (``X-Forwarded-Proto`` from anyone else is ignored).
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from secdata import fingerprint
from secshared import serving

from claimledger.web import create_app
from claimledger.web.security import TOKEN_COOKIE

TOKEN = "s3cret-T0ken/with+chars=="
BEARER = {"authorization": f"Bearer {TOKEN}"}


def _actor_id(c: TestClient) -> int:
    return int(c.get("/actors.json", headers=BEARER).json()["actors"][0]["id"])


@pytest.mark.parametrize("open_reads", [False, True])
def test_the_form_token_field_writes(hostile_copy: Path, open_reads: bool) -> None:
    app = create_app(str(hostile_copy), host="0.0.0.0", token=TOKEN, open_reads=open_reads)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        path = f"/sources/{_actor_id(c)}/grade"
        before = fingerprint(hostile_copy)
        wrong = c.post(path, data={"grade": "B", "token": "wrong"}, follow_redirects=False)
        in_json = c.post(path, json={"grade": "B", "token": TOKEN}, follow_redirects=False)
        assert (wrong.status_code, in_json.status_code) == (401, 401)  # JSON clients send Bearer
        assert fingerprint(hostile_copy) == before
        r = c.post(path, data={"grade": "B", "token": TOKEN}, follow_redirects=False)
        assert r.status_code == 303, r.text[:300]
        assert fingerprint(hostile_copy) != before


def test_openapi_and_docs_need_the_token_when_reads_do(hostile_copy: Path) -> None:
    with TestClient(
        create_app(str(hostile_copy), host="0.0.0.0", token=TOKEN), base_url="http://127.0.0.1"
    ) as c:
        assert c.get("/openapi.json").status_code == 401
        assert c.get("/openapi.json", headers={"authorization": "Bearer wrong"}).status_code == 401
        spec = c.get("/openapi.json", headers=BEARER)
        assert spec.status_code == 200 and "/claims" in spec.json()["paths"]
        for path in ("/docs", "/redoc", "/docs/oauth2-redirect"):
            assert c.get(path).status_code in (401, 404), path  # never the UI or the spec
    open_app = create_app(str(hostile_copy), host="0.0.0.0", token=TOKEN, open_reads=True)
    with TestClient(open_app, base_url="http://127.0.0.1") as c:
        assert c.get("/openapi.json").status_code == 200  # reads are open: so is their description
    with TestClient(create_app(str(hostile_copy)), base_url="http://127.0.0.1") as c:
        assert c.get("/openapi.json").status_code == 200  # loopback


def test_login_takes_the_token_in_a_posted_form(hostile_copy: Path) -> None:
    app = create_app(str(hostile_copy), host="0.0.0.0", token=TOKEN)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        form = c.get("/login")
        assert form.status_code == 200
        assert 'method="post" action="/login"' in form.text and 'name="token"' in form.text
        wrong = c.post("/login", data={"token": "wrong"}, follow_redirects=False)
        assert wrong.status_code == 401 and "set-cookie" not in wrong.headers
        assert c.get("/claims").status_code == 401
        cross = c.post("/login", data={"token": TOKEN}, headers={"origin": "http://evil.example"})
        assert cross.status_code == 403 and "set-cookie" not in cross.headers
        good = c.post("/login", data={"token": TOKEN}, follow_redirects=False)
        assert good.status_code == 303 and good.headers["location"] == "/"
        cookie = good.headers["set-cookie"].lower()
        assert f"{TOKEN_COOKIE}=" in cookie and "httponly" in cookie and "samesite=strict" in cookie
        assert "secure" not in cookie  # plain http: a Secure cookie would never be sent back
        assert c.get("/claims").status_code == 200  # the cookie reads now


def test_cookie_is_secure_over_https(hostile_copy: Path) -> None:
    app = create_app(str(hostile_copy), host="0.0.0.0", token=TOKEN)
    with TestClient(app, base_url="https://ledger.example") as c:
        r = c.post("/login", data={"token": TOKEN}, follow_redirects=False)
        assert r.status_code == 303 and "; secure" in r.headers["set-cookie"].lower()
        get = c.get("/login", params={"token": TOKEN}, follow_redirects=False)
        assert "; secure" in get.headers["set-cookie"].lower()


@pytest.mark.parametrize(
    ("trusted", "secure"), [(("127.0.0.1",), True), (("10.0.0.0/8",), False), ((), False)]
)
def test_forwarded_proto_is_believed_only_from_a_trusted_proxy(
    hostile_copy: Path, trusted: tuple[str, ...], secure: bool
) -> None:
    """A real server on 127.0.0.1: the proxy is the client at 127.0.0.1, TLS ended before it."""
    app = create_app(str(hostile_copy), host="0.0.0.0", token=TOKEN, trusted_proxies=trusted)
    with serving(app) as host, httpx.Client(base_url=f"http://{host}") as c:
        r = c.post("/login", data={"token": TOKEN}, headers={"x-forwarded-proto": "https"})
    assert r.status_code == 303
    assert ("; secure" in r.headers["set-cookie"].lower()) is secure
