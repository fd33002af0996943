"""End to end in a real headless Chromium (Debian's ``chromium``) against a real uvicorn server.

Skips, saying why, when /usr/bin/chromium or the playwright package is absent. Set
CLAIMLEDGER_SCREENSHOTS=1 to refresh docs/screenshots/ (one PNG per page).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, LiveServer, copy_db

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SHOTS = ROOT / "docs" / "screenshots"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is absent (apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    pg = context.new_page()
    pg.dialogs: list[str] = []  # type: ignore[misc]
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    try:
        yield pg
    finally:
        context.close()


def _shot(pg: Any, name: str, tmp_path: Path) -> None:
    target = SHOTS if os.environ.get("CLAIMLEDGER_SCREENSHOTS") else tmp_path
    target.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(target / f"{name}.png"), full_page=False)
    assert (target / f"{name}.png").stat().st_size > 5000


@pytest.mark.model
def test_click_from_article_to_claim_to_source(story_db: Path, page: Any, tmp_path: Path) -> None:
    db = tmp_path / "e2e.db"
    copy_db(story_db, db)  # the test rates a source: keep the session store as it was
    with LiveServer(db) as server:
        page.goto(server.url + "/")
        assert page.locator("h1").first.inner_text() == "Story dashboard"
        _shot(page, "dashboard", tmp_path)
        page.locator("a.article-link").first.click()
        page.wait_for_url("**/articles/*")
        assert page.locator(".rendered .hl-source").count() > 0
        page.evaluate("document.querySelector('.rendered .article').scrollIntoView()")
        _shot(page, "article", tmp_path)
        page.locator("table.article-claims a.claim-link").first.click()
        page.wait_for_url("**/claims/*")
        assert page.locator("svg.graph").count() == 1
        claim_text = page.locator("h1.claim-text").inner_text()
        assert claim_text
        page.locator("a.source-link").first.click()
        page.wait_for_url("**/sources/*")
        name = page.locator("h1.actor-name").inner_text()
        assert name and page.locator("form.write select[name=grade]").count() == 1
        _shot(page, "source", tmp_path)
        # the editable grade really saves, from the browser, on loopback
        page.select_option("form.write select[name=grade]", "B")
        page.locator("form.write button").first.click()
        page.wait_for_url("**/sources/*")
        assert page.locator(".rel").inner_text() == "B"
        claims = page.request.get(server.url + "/claims.json").json()["claims"]
        richest = max(claims, key=lambda c: (len(c["outlets"]), c["id"]))
        page.goto(server.url + f"/claims/{richest['id']}")
        assert page.locator("svg.graph g.node").count() >= len(richest["outlets"])
        _shot(page, "claim", tmp_path)
        for path, name in [
            ("/estimates?thing=Iranian%20instructors", "estimates"),
            ("/search?q=drone", "search"),
            ("/sources", "sources"),
            ("/claims", "claims"),
        ]:
            response = page.goto(server.url + path)
            assert response.status == 200, path
            _shot(page, name, tmp_path)
        assert page.dialogs == []


def test_hostile_article_runs_nothing(hostile_db: Path, page: Any, tmp_path: Path) -> None:
    with LiveServer(hostile_db) as server:
        page.goto(server.url + "/articles")
        page.locator("a.article-link").first.click()
        page.wait_for_url("**/articles/*")
        urls = [server.url + p for p in ("/", "/claims", "/sources", "/actors", "/estimates?thing=soldiers")]
        for url in [page.url, *urls]:
            page.goto(url)
            for el in page.locator(".hl, td, a, h1").all()[:12]:
                el.hover()  # would fire an injected onmouseover
            assert page.evaluate("typeof window.__xss") == "undefined", url
            assert page.locator("script").count() == 0, url
        page.goto(urls[0])
        assert page.evaluate("typeof window.__xss") == "undefined"
        assert page.dialogs == []
        page.goto(server.url + "/articles")
        page.locator("a.article-link").first.click()
        _shot(page, "hostile-article", tmp_path)
        assert "<script>alert(1)</script>" in page.locator("h1").first.inner_text()


def _longest_article(db: Path) -> str:
    """The article with most attributions: its page is paged (both tables)."""
    from sqlalchemy import func, select

    from claimledger.store import Store, schema

    t = schema.attributions
    query = select(t.c.article_id).group_by(t.c.article_id).order_by(func.count().desc(), t.c.article_id)
    with Store.open(str(db), create=False) as store, store.engine.connect() as conn:
        return str(conn.execute(query.limit(1)).scalar_one())


def _phone_paths(db: Path) -> list[str]:
    """Every kind of page, the biggest of each where a list can say which."""
    from urllib.parse import quote

    from fastapi.testclient import TestClient

    from claimledger.web import create_app

    longest = _longest_article(db)

    with TestClient(create_app(str(db)), base_url="http://127.0.0.1") as client:
        claim = client.get("/claims.json?sort=reports&limit=1").json()["claims"][0]["id"]
        article = client.get("/articles.json").json()["articles"][0]["id"]
        source = client.get("/sources.json?order=claims&limit=1").json()["sources"][0]
        thing = client.get("/estimates.json").json()["things"][0]["thing"]
        word = client.get(f"/claims/{claim}.json").json()["text"].split()[0]
    return [
        "/",
        "/articles",
        f"/articles/{article}",
        f"/articles/{article}/delete",
        f"/articles/{longest}",
        f"/articles/{longest}?attributions_offset=1&claims_offset=2&limit=2",
        "/claims",
        "/claims?sort=origins&polarity=negative",
        f"/claims/{claim}",
        f"/claims?about={quote(source['name'])}",
        "/contradictions",
        "/sources",
        "/sources?since=2000&until=2100&grade=A-F&order=claims",
        f"/sources/{source['id']}",
        "/actors",
        "/actors?since=2000&until=2100&grade=A-F",
        f"/actors/{source['id']}",
        "/estimates",
        f"/estimates?thing={quote(thing)}",
        f"/search?q={quote(word)}",
        "/search",
        "/claims?grade=9",
        "/login",
    ]


def _fits_a_phone(browser: Any, db: Path, paths: list[str]) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        pg = context.new_page()
        with LiveServer(db) as server:
            for path in paths:
                pg.goto(server.url + path)
                width = pg.evaluate("document.documentElement.scrollWidth")
                assert width <= 390, f"{path} is {width} px wide at 390 px"
                wide = pg.evaluate(
                    "Array.from(document.querySelectorAll('table'))"
                    ".filter(t => t.getBoundingClientRect().width > 390)"
                    ".filter(t => !t.closest('.scroll, .rendered')).length"
                )
                assert wide == 0, f"{path}: a wide table outside a scrolling wrapper"
    finally:
        context.close()


@pytest.mark.model
def test_no_page_is_wider_than_a_phone(story_db: Path, browser: Any) -> None:
    _fits_a_phone(browser, story_db, _phone_paths(story_db))


def _delete_db(tmp_path: Path) -> tuple[Path, str, str]:
    """The hostile article and a plain one, built by hand (no model)."""
    from claimledger.ledger.build import rebuild
    from claimledger.store import Store
    from conftest import hostile_analysis
    from ledger_helpers import make_analysis

    db = tmp_path / "delete.db"
    hostile = hostile_analysis()
    plain = make_analysis(
        "The Harbour Board said the west quay will reopen on Monday.",
        atts=[{"source": "The Harbour Board", "content": "the west quay will reopen on Monday"}],
    )
    with Store.open(str(db)) as store:
        store.add_analysis(hostile, input="hostile.jsonl")
        store.add_analysis(plain, input="plain.jsonl")
        rebuild(store)
    return db, hostile.id, plain.id


def test_delete_an_article_from_the_browser(page: Any, tmp_path: Path) -> None:
    db, hostile, plain = _delete_db(tmp_path)
    with LiveServer(db) as server:
        page.goto(server.url + f"/articles/{hostile}")
        page.locator("a.delete-link").click()
        page.wait_for_url(f"**/articles/{hostile}/delete")
        assert page.locator("h1").inner_text() == "Delete this article?"
        assert page.locator("ul.deletion-removed li").count() >= 1
        assert page.evaluate("typeof window.__xss") == "undefined"
        _shot(page, "delete", tmp_path)
        page.locator("form.delete button.danger").click()
        page.wait_for_url("**/articles")
        links = page.locator("a.article-link")
        assert links.count() == 1 and plain in (links.first.get_attribute("href") or "")
        assert page.goto(server.url + f"/articles/{hostile}").status == 404
        assert page.dialogs == []


def test_merge_a_suggested_pair_from_the_browser(page: Any, tmp_path: Path) -> None:
    from claimledger.ledger.build import rebuild
    from claimledger.store import Store
    from ledger_helpers import make_analysis

    db = tmp_path / "suggest.db"
    text = "The United Nations said aid will resume. U.N. said food prices rose sharply."
    atts = [
        {"source": "The United Nations", "content": "aid will resume"},
        {"source": "U.N.", "content": "food prices rose sharply"},
    ]
    with Store.open(str(db)) as store:
        store.add_analysis(make_analysis(text, atts=atts))
        rebuild(store)
    with LiveServer(db) as server:
        page.goto(server.url + "/actors")
        rows = page.locator("table.suggested tbody tr")
        assert rows.count() == 1 and "spells the initials" in rows.first.inner_text()
        _shot(page, "suggested-merges", tmp_path)
        rows.first.locator("button").click()
        page.wait_for_url("**/actors/*")
        assert page.locator("h1.actor-name").inner_text() == "United Nations"
        assert "U.N." in page.locator("section", has_text="Aliases").inner_text()
        page.goto(server.url + "/actors")
        assert page.locator("table.suggested").count() == 0
        assert page.locator("section.suggestions h2").text_content() == "Suggested merges (0)"


REAL_DB = os.environ.get("CLAIMLEDGER_REAL_DB")


@pytest.mark.skipif(not REAL_DB, reason="set CLAIMLEDGER_REAL_DB to a store of real news (docs/web.md)")
def test_real_news_pages(page: Any, tmp_path: Path) -> None:
    """The pages of a ledger of real news (PolNeAR dev, see docs/web.md), each answered and
    screenshot as docs/screenshots/real-*.png with CLAIMLEDGER_SCREENSHOTS=1."""
    db = tmp_path / "real.db"
    copy_db(Path(str(REAL_DB)), db)
    with LiveServer(db) as server:
        claims = page.request.get(server.url + "/claims.json?sort=origins&limit=1").json()["claims"]
        articles = page.request.get(server.url + "/articles.json?limit=1").json()["articles"]
        sources = page.request.get(server.url + "/sources.json?order=claims&limit=1").json()["sources"]
        thing = page.request.get(server.url + "/estimates.json").json()["things"][0]["thing"]
        for path, name in [
            ("/", "dashboard"),
            (f"/articles/{articles[0]['id']}", "article"),
            (f"/claims/{claims[0]['id']}", "claim"),
            ("/claims?sort=origins", "claims"),
            ("/sources?order=claims", "sources"),
            (f"/sources/{sources[0]['id']}", "source"),
            ("/actors", "actors"),
            (f"/estimates?thing={thing}", "estimates"),
            (f"/articles/{articles[0]['id']}/delete", "delete"),
            ("/search?q=immigrants", "search"),
            ("/contradictions", "contradictions"),
        ]:
            response = page.goto(server.url + path)
            assert response.status == 200, path
            if name == "actors":
                page.locator("section.suggestions").scroll_into_view_if_needed()
            if name == "article":
                page.evaluate("document.querySelector('.rendered .article').scrollIntoView()")
            _shot(page, f"real-{name}", tmp_path)
        assert page.dialogs == []
        # the longest article's page (172 attributions on PolNeAR: 327 KB with both tables whole)
        longest = _longest_article(db)
        whole = page.request.get(server.url + f"/articles/{longest}")
        assert whole.status == 200 and len(whole.body()) < 200 * 1024
        # its second page of attributions, the pager above the table
        second = f"/articles/{longest}?attributions_offset=25#attributions"
        assert page.goto(server.url + second).status == 200
        assert page.locator("#attributions nav.pager a[rel=prev]").count() == 2
        page.locator("#attributions").scroll_into_view_if_needed()
        _shot(page, "real-article-paged", tmp_path)
        page.set_viewport_size({"width": 390, "height": 844})
        for path, name in [
            ("/claims?sort=origins", "claims-phone"),
            (f"/claims/{claims[0]['id']}", "claim-phone"),
        ]:
            assert page.goto(server.url + path).status == 200, path
            _shot(page, f"real-{name}", tmp_path)


@pytest.mark.skipif(not REAL_DB, reason="set CLAIMLEDGER_REAL_DB to a store of real news (docs/web.md)")
def test_no_page_of_real_news_is_wider_than_a_phone(browser: Any, tmp_path: Path) -> None:
    """Every kind of page of a real ledger (long names, long titles, long claims) fits 390 px."""
    db = tmp_path / "real.db"
    copy_db(Path(str(REAL_DB)), db)
    _fits_a_phone(browser, db, _phone_paths(db))
