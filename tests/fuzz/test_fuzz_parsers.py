"""The parsers: numbers, plain text and HTML (trafilatura), pages, and RSS/Atom/JSON feeds.

Property: on any input, a parser returns its documented result or raises a
ClaimLedgerError (InputError, FetchError) naming the input; nothing else escapes, no
entity is expanded, nothing external is read, and hostile markup finishes quickly.
"""

from __future__ import annotations

import math
import time

import pytest
from fuzz_strategies import FRAGMENTS, SPECIAL, fuzz_settings, hostile_text
from hypothesis import given
from hypothesis import strategies as st

from claimledger.errors import ClaimLedgerError, FetchError, InputError
from claimledger.ingest.fetch.client import Response
from claimledger.ingest.fetch.feeds import Feed, _html_text, parse_feed
from claimledger.ingest.fetch.pages import canonical, decode_page, page_to_item
from claimledger.ingest.reading import decode_article, html_to_article
from claimledger.syntax.numbers import parse_number

BODY = "The minister said on Tuesday that the bridge would stay closed for at least three more weeks."

# --------------------------------------------------------------------------- numbers

HUGE_NUMBERS = [
    "10^400",
    "10**400",
    "9" * 400,
    "9" * 5000,
    "1e308",
    "1e309",
    "-1e308",
    "1" + ",000" * 200,
    "0." + "0" * 400 + "1",
    "thousands of " * 1000,
    "a million million million million billion trillion",
    "one in 0",
    "3/0",
    "0/0 of",
    "$9" + "9" * 39 + "bn",
    "NaN",
    "inf",
    "-inf",
    "\u0661\u0662\u0663",
    "\uff11\uff12\uff13",
    "\u00bd",
]


def _check_number(value: float | None) -> None:
    assert value is None or (isinstance(value, float) and math.isfinite(value) and abs(value) <= 1e18)


@pytest.mark.parametrize("text", HUGE_NUMBERS)
def test_parse_number_on_huge_numbers(text: str) -> None:
    _check_number(parse_number(text))


@given(text=st.one_of(hostile_text(300), st.lists(st.sampled_from(FRAGMENTS), max_size=8).map(" ".join)))
@fuzz_settings(300)
def test_parse_number_never_raises(text: str) -> None:
    _check_number(parse_number(text))


@given(
    digits=st.text(alphabet="0123456789,.", min_size=1, max_size=60),
    mult=st.sampled_from(["", "m", "bn", " million", " billion", "%", " dozen", "k"]),
)
@fuzz_settings(200)
def test_parse_number_digits(digits: str, mult: str) -> None:
    _check_number(parse_number(digits + mult))


# --------------------------------------------------------------------------- text and HTML


def _check_article(text: str, meta: object) -> None:
    assert isinstance(text, str) and text and text == text.strip()
    assert "\r" not in text
    for field in ("title", "url", "outlet", "author", "published"):
        value = getattr(meta, field)
        assert value is None or isinstance(value, str)


@given(
    data=st.one_of(
        st.binary(max_size=600), hostile_text(400).map(lambda t: t.encode("utf-8", "surrogatepass"))
    )
)
@fuzz_settings(150)
def test_decode_article(data: bytes) -> None:
    try:
        text, meta = decode_article(data, "fuzz.txt")
    except InputError as exc:
        assert str(exc).startswith("fuzz.txt: ")
        return
    _check_article(text, meta)


def _html(inner: str) -> str:
    head = f"<!doctype html><html><head><title>{inner[:40]}</title></head>"
    return f"{head}<body><article><p>{inner}</p></article></body></html>"


HTML_PIECES = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<div>",
        "</div>",
        "<b>",
        "<i>",
        "<!--",
        "-->",
        "<![CDATA[",
        "]]>",
        "<script>",
        "</script>",
        "<style>",
        "&amp;",
        "&#0;",
        "&#xD800;",
        "&#x110000;",
        "&lol;",
        "&",
        "<",
        ">",
        "<meta charset=undefined>",
        '<link rel="canonical" href="http://[">',
        '<meta property="article:published_time" content="99999-99-99">',
        '<meta name="author" content="\u202e\u200b">',
        "<table><tr><td>",
        "<svg><foreignObject>",
        "<math><mi>",
        BODY,
    ]
)


@given(
    html=st.one_of(
        st.lists(
            st.one_of(HTML_PIECES, st.text(alphabet=SPECIAL, max_size=8), st.text(max_size=20)), max_size=40
        )
        .map("".join)
        .map(_html),
        st.text(max_size=500),
    )
)
@fuzz_settings(60)
def test_html_to_article(html: str) -> None:
    try:
        text, meta = html_to_article(html, "fuzz.html")
    except InputError as exc:
        assert str(exc).startswith("fuzz.html: ")
        return
    _check_article(text, meta)


def _lol(depth: int = 9) -> str:
    """'Billion laughs': entities of ten references each, nine deep (10^9 'lol's if expanded)."""
    ents = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, depth + 1)
    ]
    return '<?xml version="1.0"?><!DOCTYPE lolz [' + "".join(ents) + "]>"


HTML_BOMBS = {
    "nested 10,000 divs": "<html><body>"
    + "<div>" * 10_000
    + f"<p>{BODY}</p>"
    + "</div>" * 10_000
    + "</body></html>",
    "10,000 unclosed tags": "<html><body>" + "<div><span><b>" * 3_400 + f"<p>{BODY}",
    "billion laughs": _lol() + f"<html><body><p>&lol9; {BODY}</p></body></html>",
    "external entity": '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    + f"<html><body><p>&x; {BODY}</p></body></html>",
    "100,000 attributes": "<html><body><p " + "a=b " * 100_000 + f">{BODY}</p></body></html>",
    "a megabyte comment": "<html><body><!--" + "x" * 1_000_000 + f"--><p>{BODY}</p></body></html>",
    "5,000 nested tables": "<html><body>" + "<table><tr><td>" * 5_000 + BODY + "</body></html>",
}


@pytest.mark.parametrize("name", sorted(HTML_BOMBS))
def test_html_bombs(name: str) -> None:
    start = time.perf_counter()
    try:
        text, meta = html_to_article(HTML_BOMBS[name], "bomb.html")
    except InputError:
        pass
    else:
        _check_article(text, meta)
        assert "root:" not in text and "lollol" not in text  # nothing read, nothing expanded
        assert len(text) < 10_000
    assert time.perf_counter() - start < 30


# --------------------------------------------------------------------------- pages


@given(
    raw=st.binary(max_size=300),
    declared=st.one_of(
        st.none(),
        st.text(max_size=12),
        st.sampled_from(
            [
                "undefined",
                "idna",
                "punycode",
                "rot13",
                "base64",
                "hex",
                "zlib",
                "utf-7",
                "utf-16",
                "utf-32",
                "unicode_escape",
                "raw_unicode_escape",
                "latin-1",
                "cp037",
                "mbcs",
                "utf-8\x00",
                "\ud800",
            ]
        ),
    ),
)
@fuzz_settings(300)
def test_decode_page_never_raises(raw: bytes, declared: str | None) -> None:
    text, encoding = decode_page(raw, declared)
    assert isinstance(text, str) and isinstance(encoding, str)


@given(
    url=st.one_of(
        st.none(),
        st.text(max_size=40),
        st.sampled_from(["http://[", "//[::1", "https://a.b/c#d", "javascript:x", "http://%zz"]),
    )
)
@fuzz_settings(200)
def test_canonical_never_raises(url: str | None) -> None:
    out = canonical(url, "https://example.org/news/1")
    assert out.startswith(("http://", "https://")) and "#" not in out


@given(
    body=st.one_of(
        st.binary(max_size=300), st.lists(HTML_PIECES, max_size=20).map(lambda p: _html("".join(p)).encode())
    ),
    ctype=st.sampled_from(["text/html", "text/plain", "application/xhtml+xml", None]),
    charset=st.one_of(st.none(), st.sampled_from(["undefined", "utf-8", "latin-1", "nonsense", "utf-16"])),
)
@fuzz_settings(60)
def test_page_to_item(body: bytes, ctype: str | None, charset: str | None) -> None:
    resp = Response(
        url="https://example.org/a",
        final_url="https://example.org/a",
        status=200,
        content=body,
        content_type=ctype,
        charset=charset,
        etag=None,
        last_modified=None,
        fetched_at="2026-11-26T00:00:00+00:00",
    )
    try:
        item = page_to_item(resp)
    except FetchError as exc:
        assert str(exc).startswith("https://example.org/a: ")
        return
    assert item.text and item.meta.url and item.meta.url.startswith("http")


# --------------------------------------------------------------------------- feeds

RSS = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{t}</title>'
    "<item><title>{t}</title><link>https://example.org/{t}</link><guid>{t}</guid>"
    "<pubDate>{d}</pubDate><description>{t}</description></item></channel></rss>"
)
ATOM = (
    '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>{t}</title>'
    '<entry><id>{t}</id><title>{t}</title><updated>{d}</updated><content type="html">{t}</content>'
    '<link href="{t}"/></entry></feed>'
)
JSONFEED = (
    '{{"version": "https://jsonfeed.org/version/1.1", "title": "{t}", '
    '"items": [{{"id": "{t}", "url": "{t}", "content_html": "{t}", "date_published": "{d}"}}]}}'
)
DATES = [
    "Mon, 99 Foo 99999 99:99:99 +9999",
    "Tue, 31 Dec 9999 23:59:59 -2400",
    "0",
    "",
    "2026-13-45T25:61:61Z",
    "-0001-01-01",
]
XML_PIECES = st.sampled_from(
    [
        "&#0;",
        "&#xD800;",
        "&#x110000;",
        "&amp;",
        "&lt;",
        "&",
        "<",
        "]]>",
        "<![CDATA[x]]>",
        "<x>",
        "</x>",
        "\x00",
        "\x0b",
        "&lol;",
        '"',
        "\u202e",
        BODY,
    ]
)


def _check_feed(feed: Feed) -> None:
    for e in feed.entries:
        assert isinstance(e.guid, str)
        assert e.published is None or len(e.published) >= 10
        for value in (e.link, e.title, e.author, e.html):
            assert value is None or isinstance(value, str)


@given(
    template=st.sampled_from([RSS, ATOM, JSONFEED]),
    t=st.lists(st.one_of(XML_PIECES, st.text(max_size=10)), max_size=12).map("".join),
    d=st.sampled_from(DATES),
)
@fuzz_settings(150)
def test_parse_feed_templates(template: str, t: str, d: str) -> None:
    data = template.format(t=t, d=d).encode("utf-8", "surrogatepass")
    try:
        feed = parse_feed(data, "fuzz.xml")
    except FetchError as exc:
        assert str(exc).startswith("fuzz.xml: ")
        return
    _check_feed(feed)


@given(data=st.binary(max_size=500))
@fuzz_settings(150)
def test_parse_feed_bytes(data: bytes) -> None:
    try:
        _check_feed(parse_feed(data, "fuzz.xml"))
    except FetchError:
        pass


FEED_BOMBS = {
    "billion laughs": _lol()
    + '<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title>'
    + "<description>&lol9;</description><link>https://example.org/a</link></item></channel></rss>",
    "quadratic blowup": '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "'
    + "x" * 50_000
    + '">]>'
    + '<rss version="2.0"><channel><item><title>'
    + "&a;" * 2_000
    + "</title><link>https://example.org/a</link></item></channel></rss>",
    "external entity": '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    + '<rss version="2.0"><channel><title>&x;</title><item><title>&x;</title><link>https://example.org/a</link></item></channel></rss>',
    "10,000 nested tags": '<rss version="2.0"><channel><item><title>x</title><description>'
    + "<x>" * 10_000
    + "y"
    + "</x>" * 10_000
    + "</description><guid>g</guid></item></channel></rss>",
    "10,000 nested items": '<rss version="2.0"><channel>'
    + "<item><title>x</title>" * 10_000
    + "</channel></rss>",
    "json feed": JSONFEED.format(t="x", d="2026-01-01"),
}


@pytest.mark.parametrize("name", sorted(FEED_BOMBS))
def test_feed_bombs(name: str) -> None:
    start = time.perf_counter()
    try:
        feed = parse_feed(FEED_BOMBS[name].encode(), "bomb.xml")
    except FetchError:
        pass
    else:
        _check_feed(feed)
        texts = [feed.title or ""] + [f"{e.title} {e.html} {e.guid}" for e in feed.entries]
        assert sum(len(t) for t in texts) < 200_000, "an entity was expanded"
        assert not any("root:" in t for t in texts), "an external entity was read"
    assert time.perf_counter() - start < 30


@given(
    html=st.one_of(
        st.text(max_size=300),
        st.lists(st.one_of(HTML_PIECES, st.text(alphabet=SPECIAL, max_size=4)), max_size=30).map("".join),
    )
)
@fuzz_settings(150)
def test_feed_entry_html_text(html: str) -> None:
    text = _html_text(html)
    assert isinstance(text, str) and "\r" not in text


def test_deep_feed_entry_html() -> None:
    start = time.perf_counter()
    assert isinstance(_html_text("<div>" * 10_000 + BODY + "</div>" * 10_000), str)
    assert isinstance(_html_text(_lol() + "<p>&lol9;</p>"), str)
    assert time.perf_counter() - start < 30


def test_errors_are_claimledger_errors() -> None:
    assert issubclass(FetchError, ClaimLedgerError) and issubclass(InputError, ClaimLedgerError)
