"""Inputs as items: files, folders, JSONL lines and CSV rows read into articles, or the error
naming each (the fields are in docs/ingestion.md).

Both the local reader (``ingest``) and the fetchers (``fetch``) produce :class:`Item`s, so
everything after this point treats a file, a JSONL line, a page and a feed entry alike.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from claimledger.errors import ClaimLedgerError, InputError, SkippedInput
from claimledger.ingest.jsontext import json_object, text_field
from claimledger.ingest.reading import MAX_BYTES, META_FIELDS, folder_files, iter_paths, read_article
from claimledger.models import ArticleMeta
from claimledger.store.dates import dated
from claimledger.store.pages import EntryRef, PageRecord

#: Files read as many articles, one a line or a row; a folder's are read along with its articles.
TABLE_SUFFIXES = (".jsonl", ".csv")


@dataclass(frozen=True)
class Item:
    name: str
    text: str
    meta: ArticleMeta
    page: PageRecord | None = None
    entry: EntryRef | None = None
    #: What to report about an article stored anyway (a relative date, kept as text).
    warnings: tuple[str, ...] = ()


def parse_jsonl_line(line: str, where: str) -> Item | None:
    """One JSONL article; None for a blank line; InputError naming ``where`` otherwise."""
    if not line.strip():
        return None
    obj = json_object(line, where)
    text = text_field(obj, "text", where)
    if text is None or not text.strip():
        raise InputError("missing or empty 'text' field", source=where)
    meta = {key: text_field(obj, key, where) for key in META_FIELDS}
    return item_of(where, text, ArticleMeta(**meta))


def item_of(name: str, text: str, meta: ArticleMeta, *, strict: bool = True) -> Item:
    """An item whose date is read (see :func:`dated`): an impossible one raises
    InputError naming ``name`` when ``strict``; a relative one is a warning."""
    meta, warning = dated(meta, source=name, strict=strict)
    return Item(name=name, text=text, meta=meta, warnings=(warning,) if warning else ())


def read_inputs(paths: Sequence[str]) -> Iterator[Item | InputError]:
    """Every article in ``paths`` (files, folders, .jsonl, .csv), or the error reading it."""
    for raw in paths:
        path = Path(raw)
        tables = list(folder_files(path, TABLE_SUFFIXES)) if path.is_dir() else []
        for found_table in tables:
            yield from _read_table(found_table) if isinstance(found_table, Path) else [found_table]
        if path.suffix.lower() in TABLE_SUFFIXES and not path.is_dir():
            yield from _read_table(path)
            continue
        for found in iter_paths([raw]):
            if isinstance(found, InputError):
                if isinstance(found, SkippedInput) or not tables:
                    yield found
                continue
            try:
                text, meta = read_article(found)
                yield item_of(str(found), text, meta)
            except InputError as exc:
                yield exc


def _read_table(path: Path) -> Iterator[Item | InputError]:
    return _read_csv(path) if path.suffix.lower() == ".csv" else _read_jsonl(path)


#: A JSONL line longer than this is skipped: room for an article at the 5 MB cap written
#: with ``\\uXXXX`` escapes, and a bound on what one line may cost to hold.
MAX_LINE_BYTES = 2 * MAX_BYTES


def _read_jsonl(path: Path) -> Iterator[Item | InputError]:
    """Each line's article, or the error naming its file and line: a bad line (invalid
    UTF-8 or JSON, a lone surrogate, over the cap) is skipped, never the lines around it."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield InputError(f"cannot read file: {exc.strerror or exc}", source=str(path))
        return
    with handle:
        n = 0
        while True:
            try:
                line = handle.readline(MAX_LINE_BYTES + 1)
            except OSError as exc:
                yield InputError(f"cannot read file: {exc.strerror or exc}", source=f"{path}:{n + 1}")
                return
            if not line:
                return
            n += 1
            where = f"{path}:{n}"
            if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
                _skip_line(handle)
                yield InputError(f"line is over the {MAX_LINE_BYTES:,}-byte cap", source=where)
                continue
            try:
                text = line.decode("utf-8-sig" if n == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield InputError(f"not valid UTF-8 (byte {exc.start + 1} of the line)", source=where)
                continue
            try:
                item = parse_jsonl_line(text, where)
            except InputError as exc:
                yield exc
                continue
            if item is not None:
                yield item


def _read_csv(path: Path) -> Iterator[Item | InputError]:
    """Each row's article, named ``FILE:LINE`` (the line the row starts on): a header row
    names the columns, ``text`` and any of :data:`META_FIELDS` (others are ignored); a bad
    row is skipped, never the rows around it."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield InputError(f"cannot read file: {exc.strerror or exc}", source=str(path))
        return
    # an article at the 5 MB cap fits in a field (the csv module's default is 128 KB)
    csv.field_size_limit(max(csv.field_size_limit(), MAX_LINE_BYTES))
    with handle:
        reader = csv.reader(_csv_lines(handle))
        try:
            header = [h.strip().lower() for h in next(reader, [])]
        except (csv.Error, UnicodeDecodeError, OSError) as exc:
            yield InputError(f"cannot read the header row: {_csv_problem(exc)}", source=f"{path}:1")
            return
        if "text" not in header:
            yield InputError(
                "CSV header has no 'text' column (a row per article: text, url, outlet, ...)",
                source=str(path),
            )
            return
        while True:
            start = reader.line_num + 1
            where = f"{path}:{start}"
            try:
                row = next(reader)
            except StopIteration:
                return
            except (csv.Error, UnicodeDecodeError, OSError) as exc:
                # the reader cannot resynchronise after bad bytes or an unterminated quote
                yield InputError(f"{_csv_problem(exc)}; the rest of the file is not read", source=where)
                return
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                yield InputError(f"{len(row)} cells for {len(header)} columns", source=where)
                continue
            fields = dict(zip(header, row, strict=False))
            text = fields.get("text", "").replace("\r\n", "\n").strip()
            if not text:
                yield InputError("missing or empty 'text' field", source=where)
                continue
            if "\x00" in text:
                yield InputError("'text' holds NUL characters, not text", source=where)
                continue
            meta = ArticleMeta(**{k: (fields.get(k) or "").strip() or None for k in META_FIELDS})
            try:
                yield item_of(where, text, meta)
            except InputError as exc:
                yield exc


class _LongLine(csv.Error):
    pass


def _csv_lines(handle: BinaryIO) -> Iterator[str]:
    """The file's lines decoded one at a time, so that bad bytes are met at their row, after
    every row before them was read (a decoding reader fails a whole block early)."""
    first = True
    while line := handle.readline(MAX_LINE_BYTES + 1):
        if len(line) > MAX_LINE_BYTES:
            raise _LongLine(f"a line over the {MAX_LINE_BYTES:,}-byte cap")
        yield line.decode("utf-8-sig" if first else "utf-8")
        first = False


def _csv_problem(exc: Exception) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return "not valid UTF-8"
    if isinstance(exc, OSError):
        return f"cannot read file: {exc.strerror or exc}"
    if isinstance(exc, _LongLine):
        return str(exc)
    return f"not valid CSV ({exc})"


def _skip_line(handle: BinaryIO) -> None:
    """Read past the rest of an overlong line, a block at a time."""
    while block := handle.readline(1 << 16):
        if block.endswith(b"\n"):
            return


class EntryError(InputError):
    """A feed entry that could not be read, so that its failure is recorded against it."""

    def __init__(self, message: str, entry: EntryRef) -> None:
        self.entry = entry
        super().__init__(message)


def entry_error(exc: ClaimLedgerError, entry: EntryRef) -> InputError:
    """``exc`` tied to a feed entry (its message unchanged)."""
    return EntryError(str(exc), entry)
