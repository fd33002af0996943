"""Every crash, hang and quadratic blow-up the fuzzing found, with the exact input.

Each test failed (or ran for minutes) before its fix in ``src/``.
"""

from __future__ import annotations

import base64
import time

import pytest
import spacy
from spacy.language import Language

from claimledger.errors import FetchError, InputError
from claimledger.ingest.fetch.client import Response
from claimledger.ingest.fetch.feeds import _html_text, parse_feed
from claimledger.ingest.fetch.pages import canonical, decode_page, page_to_item
from claimledger.ingest.reading import decode_article
from claimledger.pipeline import budget
from claimledger.syntax.parsetree import subtree_extents

PAGE_BODY = (
    "<p>The minister said on Tuesday that the bridge would stay closed for at least three more "
    "weeks while engineers inspect it.</p>"
) * 3


# --- crashes -----------------------------------------------------------------------


def test_a_page_declaring_the_undefined_codec() -> None:
    """UnicodeError (not UnicodeDecodeError) escaped decode_page: the 'undefined' codec refuses all input."""
    assert decode_page(b"\xe9", "undefined") == ("\u00e9", "cp1252")
    assert decode_page(b"\xe9", "utf-8\x00") == ("\u00e9", "cp1252")  # ValueError from codecs.lookup
    html = f'<html><head><meta charset="undefined"><title>Bridge</title></head><body><article>{PAGE_BODY}'
    resp = Response(
        url="https://example.org/a",
        final_url="https://example.org/a",
        status=200,
        content=html.encode() + b"</article>\xe9</body></html>",  # not UTF-8: the meta charset is tried
        content_type="text/html",
        charset=None,
        etag=None,
        last_modified=None,
        fetched_at="2026-11-26T00:00:00+00:00",
    )
    item = page_to_item(resp)
    assert item.page is not None and item.page.encoding == "cp1252"
    assert "bridge would stay closed" in item.text


def test_a_canonical_link_urllib_cannot_read() -> None:
    """ValueError('Invalid IPv6 URL') escaped canonical() for a page's own link "http://["."""
    assert canonical("http://[", "https://example.org/a") == "https://example.org/a"
    assert canonical("//[::1", "https://example.org/a#x") == "https://example.org/a"


def test_a_feed_with_a_surrogate_character_reference() -> None:
    """feedparser's loose parser raised UnicodeEncodeError on '&#xD800;'."""
    data = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><id>1</id>'
        b"<title>&#xD800;</title></entry></feed>"
    )
    with pytest.raises(FetchError, match=r"^feed\.xml: cannot parse feed: UnicodeEncodeError"):
        parse_feed(data, "feed.xml")


#: fuzz/fuzz_readers.py's first find (out/fuzz/artifacts/readers-crash-33beefeb...), as base64
ATHERIS_ENTRY_HTML = (
    "A/36l3R0cDovL2VhaGVyZSBUbmVoaQptZSB2YVs8aHRtbD48aGVhZD48bWV0YSBjaKmtjJp0PSJ1bmRlZmluZWQiPjx0cDov"
    "L2VhaGVyZSBUbmVoZCI+PC9oZWFkPjxib2R5PjxwPlSZL2hlYWQ+PGJvZHk+PnA+VJmaIG1pbmlzdGVyIHNhaWQgbwAAAAAA"
    "AAAAbiBUdWVzZGF5AQAAAAAAAAAgZCBzdGF5IHM8PHA+Li8vYm9keT48L2h0bWw+6Q=="
)


@pytest.mark.parametrize(
    "html",
    [
        base64.b64decode(ATHERIS_ENTRY_HTML)[1:].decode("utf-8", "replace"),
        "<p>a</p>\x01b",
        "<br>\x0b",
        "<div>x</div>\x1f y",
    ],
)
def test_feed_entry_html_with_control_characters(html: str) -> None:
    """lxml kept the control character it parsed, then raised ValueError when the tail was set back."""
    text = _html_text(html)
    assert isinstance(text, str) and not any(ch in text for ch in "\x00\x01\x0b\x1f")


@pytest.mark.parametrize("data", [b"\xef\xbb\xbf", b"\xef\xbb\xbf  \n", "\u3000".encode(), b"\x0c\x1c"])
def test_a_file_of_only_a_bom_or_unicode_spaces_is_empty(data: bytes) -> None:
    """decode_article returned '' (the byte check saw the BOM or the non-ASCII space as content)."""
    with pytest.raises(InputError, match=r"^empty\.txt: file is empty$"):
        decode_article(data, "empty.txt")


# --- hangs and quadratic time -------------------------------------------------------------


@pytest.fixture(scope="module")
def blank() -> Language:
    return spacy.blank("en")


@pytest.mark.parametrize("run", ['"' * 40_000, "(" * 40_000, "'s" * 20_000, "=" * 40_000, ":)" * 20_000])
def test_a_long_run_of_punctuation_is_tokenized_in_linear_time(blank: Language, run: str) -> None:
    """spaCy's tokenizer took 4.5 minutes for 40,000 quotation marks in a row (hours for 400,000)."""
    text = f"He said {run} and left."
    start = time.perf_counter()
    doc = budget.make_doc(blank, text)
    assert time.perf_counter() - start < 10
    assert doc.text == text
    assert [t.text for t in doc[:2]] == ["He", "said"] and [t.text for t in doc[-3:]] == ["and", "left", "."]


def test_text_without_such_runs_is_tokenized_as_spacy_does(blank: Language) -> None:
    text = 'He said: "It is over." See https://example.org/' + "a" * 300 + " (( ok )) " + "=" * 100
    assert [(t.text, t.whitespace_) for t in budget.make_doc(blank, text)] == [
        (t.text, t.whitespace_) for t in blank.make_doc(text)
    ]


# --- exactness kept by the rewrite ---------------------------------------------------------


@pytest.mark.model
def test_subtree_extents_on_a_non_projective_parse(nlp: Language) -> None:
    """spaCy's right_edge stops short here ('suspected' ends at 'drugs'); the extents must not.

    The first linear rewrite used right_edge and cut this PolNeAR content off at "drugs".
    """
    text = (
        "Shelby later said she suspected Crutcher was under the influence of drugs \u2014 something a "
        "911 caller also told a dispatcher before police arrived on scene."
    )
    doc = nlp(text)
    lo, hi = subtree_extents(doc)
    for tok in doc:
        idx = [t.i for t in tok.subtree]
        assert (lo[tok.i], hi[tok.i]) == (min(idx), max(idx)), tok.text
    said = next(a for a in doc._.attributions if a.cue is not None and a.cue.text == "said")
    assert said.content.text.endswith("before police arrived on scene")
