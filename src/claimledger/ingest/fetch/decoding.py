"""Content-Encoding undone as the body streams, in bounded pieces, whatever the layers.

httpx inflates each layer of ``Content-Encoding: gzip, gzip`` whole before handing a
chunk over: 3.5 KB of gzip-of-gzip becomes gigabytes in one call, long before any size
cap can look at it. Here every layer inflates at most :data:`PIECE` bytes at a time
(zlib's ``max_length``), and the next layer pulls from it, so what the caller counts
against its cap is the decoded body itself, and memory stays a few pieces per layer.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from typing import Protocol

from claimledger.errors import FetchError

#: The most one layer inflates in one step.
PIECE = 64 * 1024
#: More layers than this is an attack, not a server (curl refuses more than 5 too).
MAX_LAYERS = 5
_IDENTITY = frozenset({"", "identity"})
_GZIP = frozenset({"gzip", "x-gzip"})


class _Inflater(Protocol):
    @property
    def unconsumed_tail(self) -> bytes: ...
    @property
    def eof(self) -> bool: ...

    def decompress(self, data: bytes, max_length: int = ..., /) -> bytes: ...


def codings(header: str | None) -> list[str]:
    """The encodings to undo, outermost first (the header lists them in the order applied)."""
    names = [c.strip().lower() for c in (header or "").split(",")]
    return [c for c in reversed(names) if c not in _IDENTITY]


def decode_stream(chunks: Iterable[bytes], header: str | None, *, source: str) -> Iterator[bytes]:
    """The decoded body of ``chunks`` (raw bytes off the wire), in pieces of at most PIECE bytes."""
    layers = codings(header)
    if len(layers) > MAX_LAYERS:
        raise FetchError(
            f"{len(layers)} content encodings stacked (at most {MAX_LAYERS} are read)", source=source
        )
    stream: Iterator[bytes] = iter(chunks)
    for name in layers:
        if name in _GZIP:
            stream = _inflate(stream, name, source, zlib.MAX_WBITS | 16)
        elif name == "deflate":
            stream = _inflate(stream, name, source, None)
        else:
            raise FetchError(f"content encoding {name!r} is not supported", source=source)
    return stream


def _inflate(source_chunks: Iterator[bytes], name: str, source: str, wbits: int | None) -> Iterator[bytes]:
    """One layer. ``wbits`` None: "deflate", which servers send with or without the zlib header."""
    inflater: _Inflater | None = zlib.decompressobj(wbits) if wbits is not None else None
    try:
        for data in source_chunks:
            if inflater is None:
                inflater = _deflate_inflater(data)
            while data or not inflater.eof:
                out = inflater.decompress(data, PIECE)
                data = inflater.unconsumed_tail
                if out:
                    yield out
                if inflater.eof or (not data and len(out) < PIECE):
                    break  # the rest of this input is inflated; what follows a gzip member is ignored
            if inflater.eof:
                return
    except zlib.error as exc:
        raise FetchError(f"cannot decode the {name} body: {exc}", source=source) from exc


def _deflate_inflater(first: bytes) -> _Inflater:
    """zlib-wrapped deflate as the standard says, or the raw deflate some servers send."""
    probe = zlib.decompressobj()
    try:
        probe.decompress(first[:2], 0)
    except zlib.error:
        return zlib.decompressobj(-zlib.MAX_WBITS)
    return zlib.decompressobj()
