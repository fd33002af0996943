"""atheris harness: the HTML reader, text decoding, page decoding and the feed parser.

Run by ``make fuzz`` (``fuzz/run.py``); by hand::

    .venv/bin/python fuzz/fuzz_readers.py -max_total_time=60 -rss_limit_mb=2048 -timeout=60 \\
        out/fuzz/corpus/readers fuzz/seeds/readers

The first byte picks the reader, the rest is its input. Each may refuse an input with
InputError or FetchError (they name it); any other exception is a finding.
"""

from __future__ import annotations

import logging
import sys

import atheris

with atheris.instrument_imports(include=["claimledger"]):
    from claimledger.errors import FetchError, InputError
    from claimledger.ingest.fetch.client import Response
    from claimledger.ingest.fetch.feeds import _html_text, parse_feed
    from claimledger.ingest.fetch.pages import canonical, decode_page, page_to_item
    from claimledger.ingest.reading import decode_article, html_to_article

logging.disable(logging.CRITICAL)  # trafilatura logs every page it cannot read

CHARSETS = [None, "utf-8", "latin-1", "undefined", "utf-16", "idna", "nonsense", "cp037"]


def decode(body: bytes) -> None:
    try:
        text, _ = decode_article(body, "fuzz")
    except InputError:
        return
    if not text or "\r" in text:
        raise AssertionError(f"decode_article returned {text!r}")


def html(body: bytes) -> None:
    try:
        text, _ = html_to_article(body.decode("utf-8", "replace"), "fuzz")
    except InputError:
        return
    if not text:
        raise AssertionError("empty article text")


def feed(body: bytes) -> None:
    try:
        parsed = parse_feed(body, "fuzz")
    except FetchError:
        return
    for e in parsed.entries:
        if not isinstance(e.guid, str):
            raise AssertionError(f"guid {e.guid!r}")


def entry_html(body: bytes) -> None:
    if not isinstance(_html_text(body.decode("utf-8", "replace")), str):
        raise AssertionError("not text")


def page(body: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(body)
    charset = CHARSETS[fdp.ConsumeIntInRange(0, len(CHARSETS) - 1)]
    url = fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 40))
    raw = fdp.ConsumeBytes(fdp.remaining_bytes())
    decode_page(raw, charset)
    if not canonical(url, "https://example.org/a").startswith(("http://", "https://")):
        raise AssertionError("canonical left http(s)")
    resp = Response(
        "https://example.org/a", "https://example.org/a", 200, raw, "text/html", charset, None, None, ""
    )
    try:
        page_to_item(resp)
    except FetchError:
        return


READERS = [decode, html, feed, entry_html, page]


def test_one_input(data: bytes) -> None:
    if not data:
        return
    READERS[data[0] % len(READERS)](data[1:])


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
