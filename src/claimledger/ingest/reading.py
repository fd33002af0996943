"""Reading inputs: plain text, HTML (main text and metadata via trafilatura), stdin.

Every article is untrusted. A file we cannot use raises :class:`InputError` naming
the file and the one problem, so a batch can report it and go on with the others.
"""

from __future__ import annotations

import codecs
import re
import stat
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from claimledger.errors import InputError, SkippedInput
from claimledger.ingest.htmlscan import check_html
from claimledger.models import ArticleMeta

#: Larger inputs are refused: no news article comes near it, and spaCy's cost and
#: memory grow with length (its own default max_length is 1,000,000 characters).
MAX_BYTES = 5_000_000
MIN_BODY_WORDS = 8
ARTICLE_SUFFIXES = frozenset({".txt", ".text", ".md", ".html", ".htm", ".xhtml"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_HTML_START = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<article|<div|<p[\s>])", re.IGNORECASE)


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
            found = list(folder_files(path, ARTICLE_SUFFIXES))
            if not any(isinstance(f, Path) for f in found):
                suffixes = ", ".join(sorted(ARTICLE_SUFFIXES))
                yield InputError(f"directory holds no article files ({suffixes})", source=raw)
            yield from found
        else:
            yield path


def folder_files(root: Path, suffixes: Iterable[str]) -> Iterator[Path | SkippedInput]:
    """The regular files under ``root`` with one of ``suffixes``, sorted; a symbolic link
    that leads outside ``root`` (``notes.txt -> /etc/passwd``) is a :class:`SkippedInput`.

    Whoever wrote the folder chose its links: analysing a folder must never read a file
    the user did not put in it.
    """
    wanted = {s.lower() for s in suffixes}
    base = root.resolve()
    for path in sorted(root.rglob("*")):
        if path.suffix.lower() not in wanted:
            continue
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):  # a dangling link, or a loop (RuntimeError before 3.13)
            if path.is_symlink():
                yield SkippedInput("skipped: a symbolic link that leads nowhere", source=str(path))
            continue
        if not target.is_relative_to(base):
            yield SkippedInput("skipped: a symbolic link to a file outside the folder", source=str(path))
        elif target.is_file():
            yield path


def read_article(path: Path) -> tuple[str, ArticleMeta]:
    """Text and metadata of one article file; raises InputError naming the file.

    A regular file or a pipe (``<(command)``) is read up to the cap and no further, so
    neither a file that grows nor an endless stream can take more; a device (``/dev/zero``,
    a terminal) or a socket is refused before reading.
    """
    name = str(path)
    try:
        mode = path.stat().st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode)):
            raise InputError(f"not a regular file ({_kind(mode)}); give a file or - for stdin", source=name)
        if stat.S_ISREG(mode) and path.stat().st_size > MAX_BYTES:
            raise InputError(
                f"file is {path.stat().st_size:,} bytes, over the {MAX_BYTES:,}-byte cap per article",
                source=name,
            )
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", source=name) from exc
    if len(data) > MAX_BYTES:
        raise InputError(f"input is over the {MAX_BYTES:,}-byte cap per article", source=name)
    return decode_article(data, name, is_html=path.suffix.lower() in HTML_SUFFIXES or None)


def _kind(mode: int) -> str:
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def read_stdin(name: str = "-") -> tuple[str, ArticleMeta]:
    """Read one article from standard input (text or HTML)."""
    data = sys.stdin.buffer.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputError(f"input is over the {MAX_BYTES:,}-byte cap per article", source=name)
    return decode_article(data, name)


#: Byte-order marks and their codecs, longest first: UTF-32's little-endian mark starts
#: with UTF-16's. The codecs named here read the mark and drop it.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_article(data: bytes, name: str, *, is_html: bool | None = None) -> tuple[str, ArticleMeta]:
    """Bytes to (text, meta): UTF-8, or UTF-16/UTF-32 with a byte-order mark; checks
    emptiness and binary content, extracts HTML."""
    if not data.strip():
        raise InputError("file is empty", source=name)
    codec = next((c for bom, c in _BOMS if data.startswith(bom)), "utf-8")
    if codec == "utf-8" and b"\x00" in data[:8192]:
        raise InputError("file looks binary (NUL bytes), not text or HTML", source=name)
    try:
        raw = data.decode(codec)
    except UnicodeDecodeError as exc:
        label = {"utf-8-sig": "UTF-8"}.get(codec, codec.upper())
        raise InputError(f"not valid {label} (byte {exc.start})", source=name) from exc
    if "\x00" in raw[:8192]:
        raise InputError("file looks binary (NUL characters), not text or HTML", source=name)
    if is_html is None:
        is_html = bool(_HTML_START.match(raw[:512]))
    if is_html:
        return html_to_article(raw, name)
    text = normalize_text(raw)
    if not text:  # only a BOM, or only Unicode spaces ("\u3000", form feeds): nothing to analyze
        raise InputError("file is empty", source=name)
    body, given = front_matter(text, name)
    if given is None:
        return split_headline(text)
    if not body:
        raise InputError("no article text after the front matter", source=name)
    if given.get("title"):
        return body, ArticleMeta(**given)
    rest, headline = split_headline(body)
    return rest, ArticleMeta(**{**given, "title": headline.title})


#: The fields a front matter, a JSONL line or a CSV row may give besides the text.
META_FIELDS = ("url", "outlet", "title", "author", "published", "wire")
#: A front matter ends within this many lines, or the file has none.
FRONT_MATTER_LINES = 100


def front_matter(text: str, name: str) -> tuple[str, dict[str, str | None] | None]:
    """The body and the metadata of a text that opens with a front matter block:

        ---
        title: Drones over the harbour
        published: May 3, 2016
        ---

    Only simple ``key: value`` lines (a value may be quoted; ``#`` starts a comment line);
    keys other than :data:`META_FIELDS` are ignored (a blog's ``tags:``). A text without
    a closing ``---`` within :data:`FRONT_MATTER_LINES` lines has no front matter; a line in
    it that is not ``key: value`` is an InputError naming the file and the line.
    """
    lines = text.split("\n", FRONT_MATTER_LINES + 1)
    if lines[0].strip() != "---":
        return text, None
    try:
        end = next(i for i, line in enumerate(lines[1 : FRONT_MATTER_LINES + 1], 1) if line.strip() == "---")
    except StopIteration:
        return text, None
    meta: dict[str, str | None] = {}
    for n, line in enumerate(lines[1:end], 2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition(":")
        key = key.strip().lower()
        if not sep or not re.fullmatch(r"[a-z_][a-z0-9_-]*", key):
            raise InputError(
                f"front matter line {n}: expected 'key: value', not {line.strip()[:60]!r}", source=name
            )
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        if key in META_FIELDS:
            meta[key] = value or None
    body = "\n".join(lines[end + 1 :]).strip()
    return body, meta


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
    """Main text and metadata of a web page, via trafilatura (no network); a page whose
    parsing could take minutes is refused first (:mod:`claimledger.ingest.htmlscan`)."""
    import trafilatura

    check_html(html, name)
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
