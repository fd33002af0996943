"""Reading inputs: plain text, HTML (main text and metadata via trafilatura), stdin.

Every article is untrusted. A file we cannot use raises :class:`InputError` naming
the file and the one problem, so a batch can report it and go on with the others.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from claimledger.errors import InputError
from claimledger.models import ArticleMeta

#: Larger inputs are refused: no news article comes near it, and spaCy's cost and
#: memory grow with length (its own default max_length is 1,000,000 characters).
MAX_BYTES = 5_000_000
MIN_BODY_WORDS = 8
ARTICLE_SUFFIXES = frozenset({".txt", ".text", ".md", ".html", ".htm", ".xhtml"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_HTML_START = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<article|<div|<p[\s>])", re.IGNORECASE)


@dataclass(frozen=True)
class InputDoc:
    """One article as read, before analysis; ``name`` is what errors and outputs call it."""

    name: str
    text: str
    meta: ArticleMeta


def iter_paths(paths: Sequence[str]) -> Iterator[Path | InputError]:
    """Expand folders into their article files, in a stable order.

    A problem with one path is yielded as an error, not raised, so that the
    other inputs of the same run are still processed.
    """
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            yield InputError("no such file or directory", source=raw)
        elif path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
            if not found:
                suffixes = ", ".join(sorted(ARTICLE_SUFFIXES))
                yield InputError(f"directory holds no article files ({suffixes})", source=raw)
            yield from found
        else:
            yield path


def read_article(path: Path) -> tuple[str, ArticleMeta]:
    """Text and metadata of one article file; raises InputError naming the file."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(
                f"file is {size:,} bytes, over the {MAX_BYTES:,}-byte cap per article", source=str(path)
            )
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", source=str(path)) from exc
    return decode_article(data, str(path), is_html=path.suffix.lower() in HTML_SUFFIXES or None)


def read_stdin(name: str = "-") -> tuple[str, ArticleMeta]:
    """Read one article from standard input (text or HTML)."""
    data = sys.stdin.buffer.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputError(f"input is over the {MAX_BYTES:,}-byte cap per article", source=name)
    return decode_article(data, name)


def decode_article(data: bytes, name: str, *, is_html: bool | None = None) -> tuple[str, ArticleMeta]:
    """Bytes to (text, meta): checks emptiness, binary content and UTF-8, extracts HTML."""
    if not data.strip():
        raise InputError("file is empty", source=name)
    if b"\x00" in data[:8192]:
        raise InputError("file looks binary (NUL bytes), not text or HTML", source=name)
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not valid UTF-8 (byte {exc.start})", source=name) from exc
    if is_html is None:
        is_html = bool(_HTML_START.match(data[:512]))
    if is_html:
        return html_to_article(raw, name)
    text = normalize_text(raw)
    if not text:  # only a BOM, or only Unicode spaces ("\u3000", form feeds): nothing to analyze
        raise InputError("file is empty", source=name)
    return split_headline(text)


def split_headline(text: str) -> tuple[str, ArticleMeta]:
    """A plain-text file whose first line is a headline: keep it as the title, not as text.

    A headline is a short first line without closing punctuation, followed by body
    text; the annotated articles store the body only, and so do we.
    """
    first, sep, rest = text.partition("\n")
    words = first.split()
    if (
        sep
        and rest.strip()
        and 2 <= len(words) <= 25
        and not first.rstrip().endswith((".", "!", "?", ":", '"', "\u201d"))
    ):
        return rest.strip(), ArticleMeta(title=first.strip())
    return text, ArticleMeta()


def normalize_text(text: str) -> str:
    """Line endings unified and outer blank space trimmed; offsets refer to this text."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def html_to_article(html: str, name: str) -> tuple[str, ArticleMeta]:
    """Main text and metadata of a web page, via trafilatura (no network)."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, favor_precision=True
        )
    except Exception as exc:  # trafilatura raises assorted parser errors on hostile markup
        raise InputError(f"cannot parse HTML: {exc}", source=name) from exc
    text = getattr(doc, "text", None) if doc is not None else None
    # a page whose "main text" is a menu ("Home | About") has no article to analyze
    if not text or len(re.findall(r"[^\W\d_]{2,}", text)) < MIN_BODY_WORDS:
        raise InputError("HTML has no article body", source=name)
    meta = ArticleMeta(
        title=getattr(doc, "title", None) or None,
        url=getattr(doc, "url", None) or None,
        outlet=getattr(doc, "sitename", None) or None,
        author=getattr(doc, "author", None) or None,
        published=getattr(doc, "date", None) or None,
    )
    return normalize_text(text), meta
