"""Stored XSS: hostile articles rendered by every page of the app, every export and every HTML command.

``tests/web/test_xss.py`` checks one hostile article against a hand-written list of pages.
Here the pages come from the app itself: every GET route it registers, each path parameter
filled with every id of a store of hostile articles, each query parameter given payloads.
A new page is therefore covered the day it is added (or the test fails, naming the
parameter it cannot fill). Each HTML response is parsed (``htmlguard``): no tag or attribute
that is not ours, no event handler, no ``javascript:``/``data:`` URL, no payload verbatim,
no evaluated template; JSON twins and exports must carry the same text as data.
"""

from __future__ import annotations

import csv
import html
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from approutes import AppRoute, get_routes
from click.testing import CliRunner
from fastapi.testclient import TestClient
from htmlguard import inspect, problems
from secdata import (
    ALL_TEXT_PAYLOADS,
    BAD_URLS,
    BREAKING_URLS,
    MARKUP,
    RAW_FORBIDDEN,
    TEMPLATE,
    TEMPLATE_RESULT,
    hostile_articles,
)

from claimledger.export import FORMATS, export
from claimledger.ledger import story
from claimledger.render.html import render_html
from claimledger.store import Store

#: Query values tried on every query parameter the app declares (names we know get real values too).
QUERY_PAYLOADS = (*MARKUP[:8], TEMPLATE[0], TEMPLATE[1], BAD_URLS[0], BREAKING_URLS[0])
NEVER = (TEMPLATE_RESULT,)


def _json_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _json_strings(k)
            yield from _json_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _json_strings(v)


class Values:
    """Real values from the hostile store for every parameter name the app uses."""

    def __init__(self, c: TestClient) -> None:
        self.articles = [a["id"] for a in c.get("/articles.json").json()["articles"]]
        self.claims = [x["id"] for x in c.get("/claims.json").json()["claims"]]
        actors = c.get("/actors.json").json()["actors"]
        self.actors = [str(a["id"]) for a in actors]
        self.names = [str(a["name"]) for a in actors]
        self.things = [t["thing"] for t in c.get("/estimates.json").json()["things"]]
        self.path = {
            "article_id": self.articles,
            "claim_id": self.claims,
            "actor_id": self.actors,
            "fmt": list(FORMATS),
        }
        self.query = {
            "about": self.names[:6],
            "source": self.names[:6],
            "story": self.names[:6],
            "thing": self.things,
            "q": ["agency", "script alert", "7191", "onmouseover"],
            "limit": ["1", "3"],
        }

    def for_path(self, route: AppRoute) -> list[str]:
        """The route's path with each parameter filled: every value of one parameter at a time."""
        names = route.path_params
        missing = [n for n in names if n not in self.path]
        assert not missing, f"{route.path}: no values for path parameter(s) {missing}: add them to Values"
        if not names:
            return [route.path]
        paths = []
        for n in names:
            for v in self.path[n]:
                filled = route.path.replace("{" + n + "}", quote(v, safe=""))
                for other in names:
                    filled = filled.replace("{" + other + "}", quote(self.path[other][0], safe=""))
                paths.append(filled)
        return paths

    def for_query(self, name: str) -> list[str]:
        return [*self.query.get(name, []), *QUERY_PAYLOADS]


def check_response(path: str, r: Any) -> list[str]:
    """What is wrong with one response, whatever its kind."""
    found: list[str] = []
    if r.status_code >= 500:
        return [f"{path}: status {r.status_code}"]
    ctype = r.headers.get("content-type", "")
    if r.headers.get("x-content-type-options") != "nosniff":
        found.append(f"{path}: no nosniff header")
    if 300 <= r.status_code < 400:
        location = r.headers.get("location", "")
        if not location.startswith("/") or location.startswith("//"):
            found.append(f"{path}: redirects off site to {location!r}")
    elif ctype.startswith("text/html"):
        csp = r.headers.get("content-security-policy", "")
        if "default-src 'none'" not in csp and "script-src 'none'" not in csp:
            found.append(f"{path}: HTML without a script-forbidding CSP")
        found += [f"{path}: {p}" for p in problems(r.text, RAW_FORBIDDEN, NEVER)]
    elif "json" in ctype:
        json.loads(r.text)
        if TEMPLATE_RESULT in r.text:
            found.append(f"{path}: a template was evaluated")
    else:
        if r.status_code == 200 and not r.headers.get("content-disposition", "").startswith("attachment"):
            found.append(f"{path}: {ctype} served inline")
        if "html" in ctype:
            found.append(f"{path}: served as {ctype}")
    return found


def test_the_hostile_store_carries_every_payload(hostile_app_client: TestClient) -> None:
    """Guards the rest: the payloads really reach the claims, actors, outlets and things."""
    c = hostile_app_client
    pages = ("/claims.json", "/actors.json", "/articles.json", "/estimates.json")
    dump = "\n".join(s for p in pages for s in _json_strings(c.get(p).json()))
    for payload in (*ALL_TEXT_PAYLOADS, *BAD_URLS, *BREAKING_URLS):
        assert payload in dump, payload
    assert c.get("/contradictions.json").json()["contradictions"], "the store should hold a contradiction"
    assert any(a["merged_into"] for a in c.get("/actors.json").json()["actors"])


def test_the_checker_catches_real_injections() -> None:
    """The HTML check itself must fail on each way a payload could get out."""
    page = "<!DOCTYPE html><html><head><title>t</title></head><body><p>{}</p></body></html>"
    assert problems(page.format("&lt;script&gt;")) == []
    for bad in (
        "<script>alert(1)</script>",
        '<a href="javascript:alert(1)">x</a>',
        '<a href=" jAvA&#x09;sCrIpT:alert(1)">x</a>',
        '<a href="data:text/html,x">x</a>',
        "<svg onload=alert(1)>",
        '<span title="" onmouseover="alert(1)">x</span>',
        "</textarea><img src=x onerror=alert(1)>",
        "</title><title>x",
        "<iframe srcdoc='x'></iframe>",
        "<!-- x -->",
        '<meta http-equiv="refresh" content="0">',
        '<a href="//evil.example/">x</a>',
        '<span style="background:url(javascript:alert(1))">x</span>',
        '<span autofocus="">x</span>',
    ):
        assert problems(page.format(bad)), bad
    assert problems(page.format("49"), never=("49",))
    assert problems(page.format("<b>x"), forbidden=("<b>x",))


def test_every_get_route_renders_hostile_data_inert(hostile_app_client: TestClient) -> None:
    c = hostile_app_client
    values = Values(c)
    routes = get_routes(c.app)  # type: ignore[arg-type]
    assert {"/", "/articles/{article_id}", "/claims/{claim_id}", "/export/{fmt}"} <= {r.path for r in routes}
    found: list[str] = []
    seen = 0
    for route in routes:
        params = route.query_params
        required = {n: values.for_query(n)[0] for n, req in params if req}
        base_paths = values.for_path(route)
        for path in base_paths:
            r = c.get(path, params=required, follow_redirects=False)
            found += check_response(path, r)
            seen += 1
        for name, _req in params:
            for value in values.for_query(name):
                r = c.get(base_paths[0], params={**required, name: value}, follow_redirects=False)
                found += check_response(f"{base_paths[0]}?{name}={value[:30]}", r)
                seen += 1
        # the same ids, made hostile: error pages echo what they could not find
        if route.path_params:
            for payload in (MARKUP[0], MARKUP[2], TEMPLATE[0]):
                hostile = route.path
                for n in route.path_params:
                    hostile = hostile.replace("{" + n + "}", quote(payload, safe=""))
                r = c.get(hostile, params=required, follow_redirects=False)
                found += check_response(hostile, r)
                seen += 1
    assert seen > 200
    assert found == []


def test_article_pages_show_every_payload_as_text(hostile_app_client: TestClient) -> None:
    """Escaped, not dropped: the reader sees the attack as text, and the JSON twin has it verbatim."""
    c = hostile_app_client
    for analysis in hostile_articles():
        page = c.get(f"/articles/{analysis.id}")
        assert page.status_code == 200
        shown = inspect(page.text)
        assert shown.problems == []
        assert analysis.text in shown.text
        assert analysis.meta.title and analysis.meta.title in shown.text
        assert analysis.meta.url is not None and analysis.meta.url.strip() in shown.text
        twin = c.get(f"/articles/{analysis.id}.json").json()
        assert (twin["text"], twin["title"], twin["url"]) == (
            analysis.text,
            analysis.meta.title,
            analysis.meta.url,
        )


def test_only_http_urls_become_links(hostile_app_client: TestClient) -> None:
    c = hostile_app_client
    for analysis in hostile_articles():
        page = c.get(f"/articles/{analysis.id}").text
        url = analysis.meta.url or ""
        hrefs = [v for _t, attrs in _tags(page) for k, v in attrs if k == "href"]
        if url.startswith(("http://", "https://")):
            assert url in hrefs  # the real link, intact, inside its quotes
        else:
            assert not any("script" in (h or "").lower() or (h or "").startswith("data:") for h in hrefs)


def _tags(doc: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    from html.parser import HTMLParser

    out: list[tuple[str, list[tuple[str, str | None]]]] = []

    class P(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            out.append((tag, attrs))

    P(convert_charrefs=True).feed(doc)
    return out


def test_rendered_article_pages_are_inert(hostile_store: Path) -> None:
    """``analyze --format html`` writes render_html's page: every hostile analysis through it."""
    for analysis in hostile_articles():
        page = render_html(analysis)
        assert problems(page, RAW_FORBIDDEN, NEVER) == []
        text = inspect(page).text
        for payload in ALL_TEXT_PAYLOADS:
            if payload in analysis.text:
                assert payload in text, payload


def test_story_html_is_inert(hostile_store: Path, tmp_path: Path) -> None:
    from claimledger.cli.main import cli

    with Store.open(str(hostile_store)) as store:
        names = [str(a["name"]) for a in store.actors.all().values()]
        report = story.story(store, names)
    assert report["claims"] and report["contradictions"]
    assert problems(story.to_html(report), RAW_FORBIDDEN, NEVER) == []
    out = tmp_path / "story.html"
    result = CliRunner().invoke(
        cli, ["story", *names[:5], "--format", "html", "-o", str(out), "--db", str(hostile_store)]
    )
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert problems(page, RAW_FORBIDDEN, NEVER) == []
    assert any(m in inspect(page).text for m in MARKUP)


@pytest.mark.model
def test_analyze_html_command_on_a_hostile_page(tmp_path: Path) -> None:
    """The real pipeline, from an HTML file whose title, metadata and body are attacks (as text)."""
    from claimledger.cli.main import cli

    e = html.escape
    body = "".join(
        f"<p>The {e(p)} Agency said that about {n + 2}00 soldiers {e(p)} had arrived in the town.</p>"
        for n, p in enumerate(MARKUP[:8])
    )
    page = tmp_path / "hostile.html"
    page.write_text(
        "<!DOCTYPE html><html><head>"
        f"<title>{e(MARKUP[7])} Report</title>"
        '<meta property="og:url" content="javascript:alert(1)">'
        '<link rel="canonical" href="javascript:alert(2)">'
        f'<meta name="author" content="{e(MARKUP[3])}">'
        f'<meta property="og:site_name" content="{e(MARKUP[1])}">'
        f"</head><body><article><h1>Report {e(TEMPLATE[0])}</h1>{body}"
        f"<p>{e(TEMPLATE[0])} and {e(TEMPLATE[1])} were printed, the Ministry said.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    out = tmp_path / "out.html"
    result = CliRunner().invoke(cli, ["analyze", str(page), "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    doc = out.read_text(encoding="utf-8")
    assert problems(doc, RAW_FORBIDDEN, NEVER) == []
    assert "javascript:" not in "".join(v or "" for _t, a in _tags(doc) for k, v in a if k == "href")
    assert TEMPLATE[0] in inspect(doc).text
    assert MARKUP[0] in inspect(doc).text


# --- exports -------------------------------------------------------------------------------


def _stored_strings(store_path: Path) -> set[str]:
    with Store.open(str(store_path)) as store:
        data = json.loads(export(store, "json"))
    return {s for s in _json_strings(data) if any(p in s for p in ALL_TEXT_PAYLOADS)}


def _check_export(fmt: str, text: str, stored: set[str]) -> None:
    media = FORMATS[fmt][0]
    if "json" in media:
        data = json.loads(text)
        strings = list(_json_strings(data))
        joined = "\n".join(strings)
        assert any(p in joined for p in MARKUP), f"{fmt}: the payloads are gone"
        assert TEMPLATE_RESULT not in joined
        if fmt == "json":
            urls = [a["url"] for a in data["articles"]]
            assert set(BAD_URLS) <= set(urls)  # the raw data export keeps the stored value, as data
        else:
            bad = [s for s in strings if s.strip().lower().startswith(("javascript:", "data:", "vbscript:"))]
            bad += [s for s in strings if "script:" in "".join(s.split()).lower()[:12]]
            assert bad == [], f"{fmt}: non-http URLs exported as links: {bad}"
    elif fmt == "graphml":
        assert "<!DOCTYPE" not in text and "<!ENTITY" not in text
        root = ET.fromstring(text)
        tags = {el.tag.rsplit("}", 1)[-1] for el in root.iter()}
        assert tags <= {"graphml", "key", "default", "graph", "node", "edge", "data"}, tags
        labels = {el.text for el in root.iter() if el.tag.endswith("data") and el.text}
        assert stored & labels, "no hostile label survived as data"
        assert "<script" not in text
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(text)))
        assert len({len(r) for r in rows}) == 1, "a payload broke the CSV into extra columns"
        cells = [cell for r in rows[1:] for cell in r]
        assert not [x for x in cells if x.startswith(("=", "+", "-", "@", "\t", "\r"))]
        assert any(p in x for x in cells for p in MARKUP)
    else:
        raise AssertionError(f"export format {fmt!r} has no security check: add one to _check_export")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_export_carries_payloads_as_data(
    fmt: str, hostile_store: Path, hostile_app_client: TestClient
) -> None:
    from claimledger.cli.main import cli

    stored = _stored_strings(hostile_store)
    with Store.open(str(hostile_store)) as store:
        _check_export(fmt, export(store, fmt), stored)
    r = hostile_app_client.get(f"/export/{fmt}")
    assert r.status_code == 200
    assert not r.headers["content-type"].startswith("text/html")
    assert r.headers["content-disposition"].startswith("attachment")
    assert r.headers["x-content-type-options"] == "nosniff"
    _check_export(fmt, r.text, stored)
    result = CliRunner().invoke(cli, ["export", "--format", fmt, "--db", str(hostile_store)])
    assert result.exit_code == 0, result.output
    _check_export(fmt, result.stdout, stored)
