"""Deleting an article from the web: a dry-run page, a POST under the write rules, escaping."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from claimledger.ledger.build import rebuild
from claimledger.store import Store
from claimledger.store.check import check_store
from claimledger.web import create_app
from conftest import SCRIPT, hostile_analysis
from ledger_helpers import make_analysis

ONLY = "the west quay will reopen on Monday"


def _db(tmp_path: Path) -> tuple[Path, str, str]:
    db = tmp_path / "web-delete.db"
    hostile = hostile_analysis()
    other = make_analysis(
        f"The Harbour Board said {ONLY}.", atts=[{"source": "The Harbour Board", "content": ONLY}]
    )
    with Store.open(str(db)) as store:
        store.add_analysis(hostile, input="hostile.jsonl")
        store.add_analysis(other, input="other.jsonl")
        rebuild(store)
    return db, hostile.id, other.id


def test_the_article_page_links_to_a_dry_run_page_that_escapes_what_it_shows(tmp_path: Path) -> None:
    db, hostile, _other = _db(tmp_path)
    with TestClient(create_app(str(db)), base_url="http://127.0.0.1") as c:
        assert f'href="/articles/{hostile}/delete"' in c.get(f"/articles/{hostile}").text
        page = c.get(f"/articles/{hostile[:8]}/delete")
        assert page.status_code == 200
        assert SCRIPT not in page.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
        assert f'action="/articles/{hostile}/delete"' in page.text
        plan = c.get(f"/articles/{hostile}/delete.json").json()
        assert plan["dry_run"] is True and len(plan["claims_removed"]) >= 1
        assert c.get(f"/articles/{hostile}").status_code == 200  # a dry run deletes nothing


def test_a_cross_site_post_deletes_nothing(tmp_path: Path) -> None:
    db, hostile, _other = _db(tmp_path)
    with TestClient(create_app(str(db)), base_url="http://127.0.0.1") as c:
        r = c.post(
            f"/articles/{hostile}/delete",
            data={},
            headers={"Origin": "http://evil.example", "Content-Type": "application/x-www-form-urlencoded"},
        )
        assert r.status_code == 403
        assert c.get(f"/articles/{hostile}").status_code == 200


def test_off_loopback_the_token_is_needed(tmp_path: Path) -> None:
    db, hostile, _other = _db(tmp_path)
    app = create_app(str(db), host="0.0.0.0", token="s3cret")  # noqa: S104 - never bound: TestClient
    with TestClient(app, base_url="http://testserver") as c:
        assert c.post(f"/articles/{hostile}/delete", data={"token": "wrong"}).status_code == 401
        auth = {"Authorization": "Bearer s3cret"}
        assert c.get(f"/articles/{hostile}.json", headers=auth).status_code == 200
        page = c.get(f"/articles/{hostile}/delete", headers=auth).text
        assert 'name="token"' in page  # the form asks for the token off loopback
        r = c.post(f"/articles/{hostile}/delete", data={"token": "s3cret"}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/articles"
        assert c.get(f"/articles/{hostile}.json", headers=auth).status_code == 404


def test_delete_posts_remove_the_article_and_its_claims(tmp_path: Path) -> None:
    db, hostile, other = _db(tmp_path)
    with TestClient(create_app(str(db)), base_url="http://127.0.0.1") as c:
        r = c.post(f"/articles/{hostile}/delete", json={})
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["ok"] is True and body["dry_run"] is False and body["article"]["id"] == hostile
        assert c.get(f"/articles/{hostile}").status_code == 404
        texts = [x["text"] for x in c.get("/claims.json").json()["claims"]]
        assert texts == [ONLY]
        assert c.post(f"/articles/{hostile}/delete", json={}).status_code == 404
    with Store.open(str(db)) as store:
        assert check_store(store).ok
        assert [a["id"] for a in store.articles()] == [other]
