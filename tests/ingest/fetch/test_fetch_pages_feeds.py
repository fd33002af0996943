"""Pages to articles (charset, metadata, empty bodies) and feeds (every format, bad input)."""

from __future__ import annotations

import pytest
from fetch_fixtures import ATOM, RDF, RSS091, STRIKE_BODY, article_html, rss

from claimledger.errors import FetchError
from claimledger.ingest.fetch.client import Fetcher
from claimledger.ingest.fetch.feeds import parse_feed
from claimledger.ingest.fetch.pages import canonical, decode_page, fetch_article
from conftest import Page, Site


def test_article_text_and_metadata(site: Site, fetcher: Fetcher) -> None:
    item = fetch_article(fetcher, site.url("/news/port-strike.html"))
    assert "About 300 workers joined the strike" in item.text
    assert "All rights reserved" not in item.text and "About us" not in item.text
    m = item.meta
    assert (m.title, m.author, m.published, m.outlet) == (
        "Velmara dockers strike again",
        "Mara Quell",
        "2025-03-04",
        "127.0.0.1",  # where it was fetched from: its site name is a claim (test_fetch_provenance.py)
    )
    assert m.url == site.url("/news/port-strike.html")
    assert item.page is not None
    assert item.page.canonical_url == m.url
    assert item.page.url == item.page.final_url == site.url("/news/port-strike.html")
    assert item.page.claimed_canonical_url == "https://tidewater-gazette.example/news/port-strike"
    assert item.page.claimed_site_name == "Tidewater Gazette"


def test_page_without_canonical_link_is_keyed_by_its_final_url(site: Site, fetcher: Fetcher) -> None:
    html = article_html("No canonical", STRIKE_BODY, canonical="").replace(
        '<link rel="canonical" href="">', ""
    )
    site.routes["/plain.html#x"] = Page(b"")
    site.routes["/plain.html"] = Page(html.encode())
    item = fetch_article(fetcher, site.url("/plain.html"))
    assert item.meta.url == site.url("/plain.html")


def test_utf8_page_declared_as_latin1_is_read_as_utf8(site: Site, fetcher: Fetcher) -> None:
    html = article_html("Quotes", STRIKE_BODY, canonical="https://t.example/q", charset_meta=None)
    site.routes["/wrong-charset.html"] = Page(
        html.encode("utf-8"), content_type="text/html; charset=iso-8859-1"
    )
    item = fetch_article(fetcher, site.url("/wrong-charset.html"))
    assert "\u201cno vessel will leave before Friday\u201d" in item.text
    assert "\u00e2\u20ac" not in item.text  # no mojibake
    assert item.page is not None and item.page.encoding == "utf-8"


def test_cp1252_page_declared_as_utf8_falls_back(site: Site, fetcher: Fetcher) -> None:
    html = article_html("Quotes", STRIKE_BODY, canonical="https://t.example/q", charset_meta="windows-1252")
    site.routes["/cp1252.html"] = Page(html.encode("cp1252"), content_type="text/html; charset=utf-8")
    item = fetch_article(fetcher, site.url("/cp1252.html"))
    assert "\u201cno vessel will leave before Friday\u201d" in item.text
    assert item.page is not None and item.page.encoding == "cp1252"


@pytest.mark.parametrize(
    "raw, declared, text, enc",
    [
        ("caf\u00e9".encode(), "iso-8859-1", "caf\u00e9", "utf-8"),
        ("caf\u00e9".encode("latin-1"), "utf-8", "caf\u00e9", "cp1252"),
        ("caf\u00e9".encode("latin-1"), "no-such-charset", "caf\u00e9", "cp1252"),
        (b"\xef\xbb\xbfhi", None, "hi", "utf-8-sig"),
    ],
)
def test_decode_page(raw: bytes, declared: str | None, text: str, enc: str) -> None:
    assert decode_page(raw, declared) == (text, enc)


def test_canonical_urls() -> None:
    assert canonical("/a/b#frag", "https://Host.example/x") == "https://host.example/a/b"
    assert canonical(None, "https://host.example/x?y=1") == "https://host.example/x?y=1"
    assert canonical("javascript:alert(1)", "https://host.example/x") == "https://host.example/x"


def test_html_without_body_is_one_clear_error(site: Site, fetcher: Fetcher) -> None:
    with pytest.raises(FetchError) as err:
        fetch_article(fetcher, site.url("/empty-body.html"))
    assert str(err.value) == site.url("/empty-body.html") + ": HTML has no article body"


@pytest.mark.parametrize(
    "doc, version, title, n",
    [
        (ATOM, "atom10", "Hollow Courier", 1),
        (RDF, "rss10", "Lantern Post", 2),
        (RSS091, "rss091u", "Quayside Bulletin", 1),
    ],
)
def test_feed_formats(doc: str, version: str, title: str, n: int) -> None:
    feed = parse_feed(doc.encode(), "fixture")
    assert (feed.version, feed.title, len(feed.entries)) == (version, title, n)
    assert all(e.guid and e.link for e in feed.entries)


def test_rss2_entries_keyed_by_guid(site: Site) -> None:
    feed = parse_feed(rss(site, ["/news/port-strike.html"]).encode(), "fixture")
    assert feed.version == "rss20"
    (entry,) = feed.entries
    assert entry.guid == "tg-/news/port-strike.html"
    assert entry.link == site.url("/news/port-strike.html")
    assert entry.published == "2025-03-04"


@pytest.mark.parametrize(
    "data",
    [
        b"this is plain text, certainly not a feed",
        b"<html><body><p>a page</p></body></html>",
        b"<rss><channel",
    ],
)
def test_not_a_feed(data: bytes) -> None:
    with pytest.raises(FetchError, match="^somewhere: not an RSS or Atom feed"):
        parse_feed(data, "somewhere")


def test_feedparser_never_fetches_a_url_given_as_content(site: Site) -> None:
    with pytest.raises(FetchError, match="not an RSS or Atom feed"):
        parse_feed(site.url("/feed.xml").encode(), "x")
    assert site.hits["/feed.xml"] == 0
