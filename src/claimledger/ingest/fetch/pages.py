"""A fetched web page to an article: charset, main text and metadata, archive record.

Servers often declare the wrong charset. Valid UTF-8 is almost never produced by
accident, so bytes that decode as UTF-8 are read as UTF-8 whatever the header says;
otherwise the header, then the page's own ``<meta charset>``, then Windows-1252 (what
browsers assume for "Latin-1") are tried in that order.
"""

from __future__ import annotations

import codecs
import re
from urllib.parse import urljoin, urlsplit, urlunsplit

from claimledger.errors import FetchError, InputError
from claimledger.ingest.fetch.client import Fetcher, Response
from claimledger.ingest.items import Item
from claimledger.ingest.reading import html_to_article, normalize_text, split_headline
from claimledger.models import ArticleMeta
from claimledger.store.pages import EntryRef, PageRecord
from claimledger.store.pageurls import host, own_key, same_site

# The blank after an optional quote belongs to the quote, so two quantifiers never share a run
# of blanks (quadratic on a page of spaces); the language is the same.
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*(?:["']\s*)?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode_page(raw: bytes, declared: str | None) -> tuple[str, str]:
    """(text, encoding used): see the module docstring for the order of guesses."""
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            return raw.decode(enc, errors="replace"), enc
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    found = _META_CHARSET.search(raw[:4096])
    candidates: list[str | None] = [declared, found.group(1).decode("ascii") if found else None]
    for cand in candidates:
        if not cand:
            continue
        try:
            name = codecs.lookup(cand).name
            if name in ("utf-8", "ascii"):
                continue  # proven wrong above
            if name == "iso8859-1":
                name = "cp1252"  # as browsers do: the C1 range holds curly quotes in practice
            return raw.decode(name), name
        except (LookupError, ValueError):
            # ValueError: a name with a NUL; UnicodeError (a ValueError) from codecs that
            # refuse all input ("undefined"), not only UnicodeDecodeError
            continue
    return raw.decode("cp1252", errors="replace"), "cp1252"


def canonical(url: str | None, base: str) -> str:
    """An absolute URL without its fragment: the key that versions of a page share.

    ``url`` comes from the page (its canonical link) and may be anything; one that
    urllib cannot read ("http://[" is an unclosed IPv6 literal) is ignored like one with
    another scheme.
    """
    try:
        absolute = urljoin(base, url) if url else base
        parts = urlsplit(absolute)
    except ValueError:
        absolute, parts = base, urlsplit(base)
    if parts.scheme not in ("http", "https"):
        absolute, parts = base, urlsplit(base)
    return urlunsplit((parts.scheme, parts.netloc.lower(), parts.path or "/", parts.query, ""))


def page_to_item(resp: Response, *, entry: EntryRef | None = None) -> Item:
    """The article in a fetched page, with the record to archive beside it."""
    name = resp.url
    if b"\x00" in resp.content[:8192]:
        raise FetchError("page looks binary (NUL bytes), not HTML or text", source=name)
    if not resp.content.strip():
        raise FetchError("page is empty", source=name)
    text, encoding = decode_page(resp.content, resp.charset)
    if resp.content_type == "text/plain":
        body, meta = split_headline(normalize_text(text))
    else:
        try:
            body, meta = html_to_article(text, name)
        except InputError as exc:
            raise FetchError(str(exc).removeprefix(f"{name}: "), source=name) from exc
    # Provenance is where the bytes came from: the page's canonical link keys its versions only
    # on the host it was fetched from, and its site name is kept as a claim, never the outlet.
    claimed = canonical(meta.url, resp.final_url) if meta.url else None
    canon = claimed if claimed and same_site(claimed, resp.final_url) else own_key(resp.final_url)
    page = PageRecord(
        url=resp.url,
        final_url=resp.final_url,
        canonical_url=canon,
        fetched_at=resp.fetched_at,
        raw=resp.content,
        content_type=resp.content_type,
        encoding=encoding,
        claimed_canonical_url=(meta.url or "")[:2000] or None,
        claimed_site_name=(meta.outlet or "")[:300] or None,
    )
    meta = ArticleMeta(
        title=meta.title,
        url=canon,
        outlet=host(resp.final_url),
        author=meta.author,
        published=meta.published,
    )
    return Item(name=name, text=body, meta=meta, page=page, entry=entry)


def fetch_article(fetcher: Fetcher, url: str, *, entry: EntryRef | None = None) -> Item:
    """Fetch ``url`` and read its article; FetchError names the URL and the problem."""
    return page_to_item(fetcher.get(url, kind="page"), entry=entry)
