"""The ledger's index: what an incremental update finds the touched part of the ledger by.

A full rebuild writes it with the ledger, an update adds to it (see
:mod:`claimledger.ledger.incremental`). Five tables:

* ``ledger_tokens``: each member's comparable words, with a fingerprint shared by identical
  statements, so that the candidates of a new statement (statements sharing two words no
  more than :data:`~claimledger.ledger.claims.BLOCK_CAP` statements have) are one query;
* ``ledger_items``: the blocks figures are compared in, with each figure's days;
* ``ledger_words``: how often the store's things use each lower-case word (the common
  words of :func:`claimledger.ledger.figures.common_words`);
* ``ledger_articles``: the articles the ledger was built from;
* ``ledger_names``: the name words of every attribution's source and channel, so that the
  stored mentions of a surname or an outlet's name are found by word.

``version`` names what the ledger was built with (the rules' version and the lexicons):
a ledger built with other rules cannot be added to, only rebuilt.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

from claimledger import lexicons
from claimledger.ledger import figures
from claimledger.ledger.claims import Estimate, Member, node_fingerprint
from claimledger.ledger.figures import COMPARED_KINDS
from claimledger.ledger.inputs import Attribution
from claimledger.ledger.people import folded_words
from claimledger.store.actors import alias_key

Row = dict[str, object]


@lru_cache(maxsize=1)
def version(ledger_version: str) -> str:
    """The ledger's rules and the lexicons they read, as one string."""
    digest = hashlib.sha1(ledger_version.encode())
    for path in sorted(lexicons.DATA_DIR.glob("*.json")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return f"{ledger_version}:{digest.hexdigest()[:16]}"


def fingerprint(m: Member) -> str:
    """A short id shared by identical statements (a fragment has its own)."""
    fp = node_fingerprint(m)
    raw = repr(fp) if fp is not None else f"fragment:{m.article_id}:{m.id}"
    return hashlib.sha1(raw.encode()).hexdigest()[:20]


def token_rows(members: Iterable[Member]) -> Iterator[Row]:
    for m in members:
        fp = fingerprint(m)
        for tok in m.bag:
            yield {"token": tok, "article_id": m.article_id, "attribution_id": m.id, "fp": fp}


def compared(e: Estimate) -> bool:
    """Is the figure compared with others at all (see ``estimate_contradictions``)?"""
    return (
        e.kind in COMPARED_KINDS
        and bool(e.particular)
        and e.window is not None
        and not figures.partitive(e.text)
    )


def item_rows(members: Iterable[Member]) -> Iterator[Row]:
    for m in members:
        for e in m.estimates:
            if not compared(e):
                continue
            assert e.window is not None
            for tok in sorted(e.particular):
                yield {
                    "head": e.head,
                    "kind": e.kind,
                    "frame": e.frame,
                    "token": tok,
                    "first_day": e.window[0].toordinal(),
                    "last_day": e.window[1].toordinal(),
                    "article_id": m.article_id,
                    "attribution_id": m.id,
                }


def word_rows(counts: dict[str, int]) -> Iterator[Row]:
    for word, n in sorted(counts.items()):
        yield {"word": word, "n": n}


def article_rows(ids: Sequence[str]) -> Iterator[Row]:
    for art in ids:
        yield {"article_id": art}


def name_words(text: str | None) -> set[str]:
    """The words ``text`` is found by: folded as people's names are compared (a surname) and
    as alias keys (an outlet's or organisation's name)."""
    if not text:
        return set()
    return {w for w in folded_words(text) if w} | set(alias_key(text).split())


def lookup_word(key: str) -> str:
    """The word a surname or alias key is looked up by (its first: "bush jr" by "bush")."""
    words = key.split()
    return words[0] if words else key


def name_entries(rows: Iterable[Attribution]) -> Iterator[tuple[str, str, str]]:
    """(word, article, attribution) of every name word of ``rows``, compact enough for a
    rebuild to hold for the whole store."""
    for r in rows:
        words = name_words(r.source_text) | name_words(r.source_resolved) | name_words(r.channel_text)
        for w in sorted(words):
            yield (w, r.article_id, r.id)


def name_rows(entries: Iterable[tuple[str, str, str]]) -> Iterator[Row]:
    for word, art, att in entries:
        yield {"word": word, "article_id": art, "attribution_id": att}
