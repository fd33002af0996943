"""Inputs as items: files, folders and JSONL lines read into articles, or the error naming each.

Both the local reader (``ingest``) and the fetchers (``fetch``) produce :class:`Item`s, so
everything after this point treats a file, a JSONL line, a page and a feed entry alike.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from claimledger.errors import ClaimLedgerError, InputError
from claimledger.ingest.reading import iter_paths, read_article
from claimledger.models import ArticleMeta
from claimledger.store.pages import EntryRef, PageRecord

META_FIELDS = ("url", "outlet", "title", "author", "published", "wire")


@dataclass(frozen=True)
class Item:
    name: str
    text: str
    meta: ArticleMeta
    page: PageRecord | None = None
    entry: EntryRef | None = None


def parse_jsonl_line(line: str, where: str) -> Item | None:
    """One JSONL article; None for a blank line; InputError naming ``where`` otherwise."""
    if not line.strip():
        return None
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON ({exc.msg} at column {exc.colno})", source=where) from exc
    if not isinstance(obj, dict):
        raise InputError("expected a JSON object with a 'text' field", source=where)
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError("missing or empty 'text' field", source=where)
    meta: dict[str, str | None] = {}
    for key in META_FIELDS:
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(f"field {key!r} must be a string", source=where)
        meta[key] = value
    return Item(name=where, text=text, meta=ArticleMeta(**meta))


def read_inputs(paths: Sequence[str]) -> Iterator[Item | InputError]:
    """Every article in ``paths`` (files, folders, .jsonl), or the error reading it."""
    for raw in paths:
        path = Path(raw)
        jsonls = (
            sorted(path.rglob("*.jsonl")) if path.is_dir() else ([path] if path.suffix == ".jsonl" else [])
        )
        for jl in jsonls:
            yield from _read_jsonl(jl)
        if path.suffix == ".jsonl" and not path.is_dir():
            continue
        for found in iter_paths([raw]):
            if isinstance(found, InputError):
                if not jsonls:
                    yield found
                continue
            try:
                text, meta = read_article(found)
            except InputError as exc:
                yield exc
                continue
            yield Item(name=str(found), text=text, meta=meta)


def _read_jsonl(path: Path) -> Iterator[Item | InputError]:
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        yield InputError(f"cannot read file: {exc.strerror or exc}", source=str(path))
        return
    with handle:
        try:
            for n, line in enumerate(handle, start=1):
                try:
                    item = parse_jsonl_line(line, f"{path}:{n}")
                except InputError as exc:
                    yield exc
                    continue
                if item is not None:
                    yield item
        except UnicodeDecodeError as exc:
            yield InputError(f"not UTF-8 text ({exc.reason})", source=str(path))


class EntryError(InputError):
    """A feed entry that could not be read, so that its failure is recorded against it."""

    def __init__(self, message: str, entry: EntryRef) -> None:
        self.entry = entry
        super().__init__(message)


def entry_error(exc: ClaimLedgerError, entry: EntryRef) -> InputError:
    """``exc`` tied to a feed entry (its message unchanged)."""
    return EntryError(str(exc), entry)
