"""Near-duplicate detection: MinHash signatures and LSH bands over word shingles.

Wire copies and light rewrites must count once, or one agency report looks like
fifteen confirmations. A signature is computed once at ingest and stored; LSH bands
make finding the candidates a lookup instead of a comparison with every article.

A copy is similar (estimated Jaccard of the shingle sets at least
:data:`DUPLICATE_THRESHOLD`) or contained: a trimmed copy shares most of *its own* text
with the longer one but is much smaller, so their Jaccard stays low (75% of a text
contained in one 1.33 times its size is a Jaccard of 0.47). Containment of the smaller
set A in the larger B follows from the Jaccard estimate J and the two set sizes, which
are stored with the signature: ``|A & B| = J (|A| + |B|) / (1 + J)``, divided by ``|A|``.

What the bands can find: two articles become candidates when they share one band, with
probability ``1 - (1 - J**4) ** 32``: 0.87 at J = 0.5, 0.52 at J = 0.39, 0.24 at J = 0.3.
A copy contained at C in a text r times its size has ``J = C / (1 + r - C)``, so a
trimmed copy is found reliably (at least 0.87) when fully contained in a text up to
twice its size, 80% contained up to 1.25 times, 70% contained only at about the same
size (0.94); a short extract of a long article (C = 1, r = 3: 0.33) mostly is not.

Why our own instead of ``datasketch``: it would pull in scipy (35 MB) for twenty lines
of numpy; the hash family is multiply-shift on 64-bit words, universal enough here.
"""

from __future__ import annotations

import hashlib
import operator
import re
import struct
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

NUM_PERM = 128
ROWS = 4  # 32 bands of 4 rows: candidate threshold ~ (1/32) ** (1/4) ~ 0.42
SHINGLE = 3
#: Estimated Jaccard similarity of 3-word shingles from which an article is a copy.
DUPLICATE_THRESHOLD = 0.6
#: Estimated share of the smaller article's shingles found in the other, from which it is a
#: copy. Measured on PolNeAR (924 articles): same-outlet rewrites and live-blog updates are
#: 75-80% contained, the most contained pair that is no copy (a short piece sharing a few
#: paragraphs with a longer one) 53%. On Reuters-21578, pairs contained 70-80% are nearly
#: all later versions and corrections of one story.
CONTAINMENT_THRESHOLD = 0.7
#: Shingles (about words) the smaller article needs before containment can make it a copy:
#: below this, boilerplate does (Reuters-21578's one-paragraph briefs "X sells convertible
#: debt", "U.S. power output" share 70% of their shingles with those about other companies
#: and weeks). Short copies are still found by their similarity.
CONTAINMENT_MIN_SHINGLES = 100

_WORD = re.compile(r"\w+")


def shingles(text: str) -> set[bytes]:
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return {" ".join(words).encode()}
    return {" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


def signature(text: str) -> list[int]:
    """MinHash signature of ``text``: NUM_PERM 32-bit minima."""
    return signature_of(shingles(text))


@cache
def _hash_family() -> tuple[Any, np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """numpy and the multiply-shift parameters, made on first use: a command that only reads
    the store (``claims``) should not pay numpy's import at start-up."""
    import numpy as np

    rng = np.random.default_rng(20241018)
    a = rng.integers(1, 2**63, size=NUM_PERM, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 2**63, size=NUM_PERM, dtype=np.uint64)
    return np, a, b


def signature_of(shingle_set: set[bytes]) -> list[int]:
    """MinHash signature of a shingle set (so that the set's size is had for free)."""
    np, a, b = _hash_family()
    hashed = np.fromiter(
        (int.from_bytes(hashlib.blake2b(s, digest_size=8).digest(), "little") for s in shingle_set),
        dtype=np.uint64,
    )
    with np.errstate(over="ignore"):
        mixed = (hashed[:, None] * a[None, :] + b[None, :]) >> np.uint64(32)
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


def containment(jaccard: float, size_a: int, size_b: int) -> float:
    """Estimated share of the smaller set's shingles found in the other, from the Jaccard
    estimate and the two set sizes (at most 1: the estimate is noisy)."""
    small, large = sorted((size_a, size_b))
    if small <= 0:
        return 0.0
    return min(1.0, jaccard * (small + large) / ((1 + jaccard) * small))


def is_copy(jaccard: float, contained: float | None, smaller: int | None) -> bool:
    """Whether two articles are copies: similar enough, or the smaller (of ``smaller``
    shingles) contained enough in the other. ``contained`` is None when a size is unknown
    (an article stored before sizes were kept): similarity alone decides."""
    if jaccard >= DUPLICATE_THRESHOLD:
        return True
    return (
        contained is not None
        and smaller is not None
        and smaller >= CONTAINMENT_MIN_SHINGLES
        and contained >= CONTAINMENT_THRESHOLD
    )
