"""Near-duplicate detection: MinHash signatures and LSH bands over word shingles.

Wire copies and light rewrites must count once, or one agency report looks like
fifteen confirmations. A signature is computed once at ingest and stored; LSH bands
make finding the candidates a lookup instead of a comparison with every article.

Why our own instead of ``datasketch``: it would pull in scipy (35 MB) for twenty lines
of numpy; the hash family is multiply-shift on 64-bit words, universal enough here.
"""

from __future__ import annotations

import hashlib
import operator
import re
import struct

import numpy as np

NUM_PERM = 128
ROWS = 4  # 32 bands of 4 rows: candidate threshold ~ (1/32) ** (1/4) ~ 0.42
SHINGLE = 3
#: Estimated Jaccard similarity of 3-word shingles from which an article is a copy.
DUPLICATE_THRESHOLD = 0.6

_rng = np.random.default_rng(20241018)
_A = _rng.integers(1, 2**63, size=NUM_PERM, dtype=np.uint64) | np.uint64(1)
_B = _rng.integers(0, 2**63, size=NUM_PERM, dtype=np.uint64)
_WORD = re.compile(r"\w+")


def shingles(text: str) -> set[bytes]:
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return {" ".join(words).encode()}
    return {" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


def signature(text: str) -> list[int]:
    """MinHash signature of ``text``: NUM_PERM 32-bit minima."""
    hashed = np.fromiter(
        (int.from_bytes(hashlib.blake2b(s, digest_size=8).digest(), "little") for s in shingles(text)),
        dtype=np.uint64,
    )
    with np.errstate(over="ignore"):
        mixed = (hashed[:, None] * _A[None, :] + _B[None, :]) >> np.uint64(32)
    return [int(v) for v in mixed.min(axis=0)]


def encode(sig: list[int]) -> str:
    return "".join(f"{v:08x}" for v in sig)


def decode(raw: str) -> list[int]:
    # struct rather than int(..., 16) per value: ingest decodes every candidate it compares.
    data = bytes.fromhex(raw)
    return list(struct.unpack(f">{len(data) // 4}I", data))


def bands(sig: list[int]) -> list[str]:
    """LSH band keys; two articles sharing one are candidate duplicates."""
    return [
        f"{b}:" + hashlib.blake2b(encode(sig[b * ROWS : (b + 1) * ROWS]).encode(), digest_size=8).hexdigest()
        for b in range(NUM_PERM // ROWS)
    ]


def similarity(a: list[int], b: list[int]) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets."""
    if len(a) != len(b):
        raise ValueError("signatures of different lengths")
    same: int = sum(map(operator.eq, a, b))  # map: ingest compares every candidate
    return same / NUM_PERM
