"""Versions of an article: what changed between two texts read from the same URL."""

from __future__ import annotations

import difflib
from typing import Any

from claimledger.errors import NotFound
from claimledger.store.store import Store


def article_view(store: Store, ref: str) -> dict[str, Any]:
    """The article ``ref`` (an id or unique prefix) with its page and version links."""
    return store.pages.article(store.pages.resolve(ref))


def article_diff(store: Store, ref: str, other: str | None = None) -> str:
    """A unified diff from the version before ``ref`` (or from ``other``) to ``ref``.

    Lines are the article's paragraphs, as stored; an empty string means no change.
    """
    new = article_view(store, ref)
    if other is not None:
        old = article_view(store, other)
    elif new.get("previous_id"):
        old = store.pages.article(new["previous_id"])
    else:
        raise NotFound(f"article {new['id']} has no earlier version; give a second id to compare with")

    def label(a: dict[str, Any]) -> str:
        version = f" v{a['version']}" if a.get("version") else ""
        return f"{a['id']}{version} ({a.get('fetched_at') or a['ingested_at']})"

    lines = difflib.unified_diff(
        old["text"].splitlines(keepends=False),
        new["text"].splitlines(keepends=False),
        fromfile=label(old),
        tofile=label(new),
        lineterm="",
    )
    return "\n".join(lines)
