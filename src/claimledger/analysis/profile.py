"""The sourcing profile of one article: who is quoted, how, through whom, and how surely.

It is the first thing an editor asks of a piece ("how much of this is anonymous? how
much is the writer's own say-so? is anything confirmed?"), so every presentation shows
it before the claims themselves. The profile is a plain JSON-serialisable dict so that
the CLI, the JSON API and the HTML report all show the same numbers.

Shape (every key is always present, counts default to 0)::

    {
      "version": 1,
      "attributions": 9,                    # attributions in the article
      "sources": {                          # attributions by kind of source
        "named_person": 3,                  #   source_type person
        "named_organization": 0,            #   organization + country
        "document": 3,                      #   reports, estimates, laws
        "anonymous": 2,                     #   anonymous + unnamed_group
        "author": 1,                        #   the writer's own unattributed assertions
      },
      "by_source_type": {"person": 3, "organization": 0, "country": 0, "document": 3,
                         "anonymous": 0, "unnamed_group": 2, "author": 1},
      "certainty": {                        # attributions linked to >= 1 hedge of that kind
        "hedged": 0, "unverified": 3, "denied": 0, "confirmed": 1,
        "unqualified": 5,                   #   linked to no hedge at all
      },
      "hedges": {"total": 6, "hedge": 2, "unverified": 3, "denial": 0, "confirmation": 1},
      "quotes": {"direct": 1, "indirect": 8, "mixed": 0},
      "channels": [{"channel": "Associated Press", "count": 1}, {"channel": "CNN", "count": 1}],
      "top_sources": [{"source": "Volodymyr Zelensky", "source_type": "person", "count": 2}, ...],
      "named_share": 0.333,                 # named sources / attributions, 3 decimals (0.0 if none)
    }

``channels`` and ``top_sources`` are sorted by count (descending), then by first
appearance. ``top_sources`` excludes the author, who is counted under ``sources``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from claimledger.models import HEDGE_KINDS, SOURCE_TYPES, Attribution, Hedge

PROFILE_VERSION = 1
ALL_SOURCE_TYPES: tuple[str, ...] = (*SOURCE_TYPES, "author")
# Editors think in these buckets, not in the finer source types.
_SOURCE_BUCKETS: dict[str, str] = {
    "person": "named_person",
    "organization": "named_organization",
    "country": "named_organization",
    "document": "document",
    "anonymous": "anonymous",
    "unnamed_group": "anonymous",
    "author": "author",
}
SOURCE_BUCKETS: tuple[str, ...] = ("named_person", "named_organization", "document", "anonymous", "author")
# Hedge kind -> the participle an editor would use for an attribution carrying it.
CERTAINTY_OF_KIND: dict[str, str] = {
    "hedge": "hedged",
    "unverified": "unverified",
    "denial": "denied",
    "confirmation": "confirmed",
}
QUOTE_TYPES: tuple[str, ...] = ("direct", "indirect", "mixed")
_LEADING_THE = re.compile(r"^\s*the\s+", re.IGNORECASE)


def normalize_channel(text: str) -> str:
    """Drop a leading "the" so "the Associated Press" and "Associated Press" count as one channel."""
    return " ".join(_LEADING_THE.sub("", text).split())


def sourcing_profile(
    attributions: Sequence[Attribution], hedges: Sequence[Hedge], *, top_n: int = 5
) -> dict[str, Any]:
    """Count the article's sourcing so an editor sees its balance at a glance (shape in module doc)."""
    by_type = dict.fromkeys(ALL_SOURCE_TYPES, 0)
    buckets = dict.fromkeys(SOURCE_BUCKETS, 0)
    quotes = dict.fromkeys(QUOTE_TYPES, 0)
    certainty = dict.fromkeys((*CERTAINTY_OF_KIND.values(), "unqualified"), 0)
    kind_of = {h.id: h.kind for h in hedges}

    # Channels and sources are keyed case-insensitively; the first spelling seen is shown.
    channels: dict[str, list[Any]] = {}
    sources: dict[str, list[Any]] = {}
    for att in attributions:
        stype = att.source_type if att.source_type in by_type else "anonymous"
        by_type[stype] += 1
        buckets[_SOURCE_BUCKETS[stype]] += 1
        if att.quote_type in quotes:
            quotes[att.quote_type] += 1

        kinds = {kind_of[hid] for hid in att.hedge_ids if hid in kind_of}
        for kind in kinds:
            certainty[CERTAINTY_OF_KIND[kind]] += 1
        if not kinds:
            certainty["unqualified"] += 1

        if att.channel is not None:
            name = normalize_channel(att.channel.text)
            if name:
                channels.setdefault(name.casefold(), [name, 0])[1] += 1
        if stype != "author":
            speaker = " ".join(att.speaker.split())
            sources.setdefault(speaker.casefold(), [speaker, stype, 0])[2] += 1

    hedge_counts: dict[str, int] = {"total": len(hedges), **dict.fromkeys(HEDGE_KINDS, 0)}
    for h in hedges:
        if h.kind in hedge_counts:
            hedge_counts[h.kind] += 1

    total = len(attributions)
    named = buckets["named_person"] + buckets["named_organization"]
    # sorted() is stable, so ties keep their order of first appearance.
    channel_rows = sorted(channels.values(), key=lambda row: -int(row[1]))
    source_rows = sorted(sources.values(), key=lambda row: -int(row[2]))
    return {
        "version": PROFILE_VERSION,
        "attributions": total,
        "sources": buckets,
        "by_source_type": by_type,
        "certainty": certainty,
        "hedges": hedge_counts,
        "quotes": quotes,
        "channels": [{"channel": name, "count": count} for name, count in channel_rows],
        "top_sources": [
            {"source": name, "source_type": stype, "count": count}
            for name, stype, count in source_rows[: max(top_n, 0)]
        ],
        "named_share": round(named / total, 3) if total else 0.0,
    }


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _get(mapping: Any, key: str) -> int:
    """Read a count leniently: a profile may come back from JSON written by an older version."""
    if isinstance(mapping, Mapping):
        value = mapping.get(key, 0)
        if isinstance(value, int):
            return value
    return 0


def format_profile_lines(profile: Mapping[str, Any]) -> list[str]:
    """A few plain-text lines a reader can take in at once; shared by the terminal and HTML views."""
    total = _get(profile, "attributions")
    src = profile.get("sources", {})
    cert = profile.get("certainty", {})
    hed = profile.get("hedges", {})
    quo = profile.get("quotes", {})
    lines = [
        f"{_plural(total, 'attribution')}: "
        f"{_plural(_get(src, 'named_person'), 'named person', 'named people')}, "
        f"{_plural(_get(src, 'named_organization'), 'named organization')}, "
        f"{_plural(_get(src, 'document'), 'document')}, "
        f"{_get(src, 'anonymous')} anonymous or unnamed, "
        f"{_get(src, 'author')} the author's own (unattributed)",
        f"Quotes: {_get(quo, 'direct')} direct, {_get(quo, 'indirect')} indirect, {_get(quo, 'mixed')} mixed",
        f"Certainty: {_get(cert, 'hedged')} hedged, {_get(cert, 'unverified')} unverified, "
        f"{_get(cert, 'denied')} denied, {_get(cert, 'confirmed')} confirmed, "
        f"{_get(cert, 'unqualified')} without qualification",
        f"Markers in text: {_plural(_get(hed, 'total'), 'marker')} "
        f"({_get(hed, 'hedge')} hedge, {_get(hed, 'unverified')} unverified, "
        f"{_get(hed, 'denial')} denial, {_get(hed, 'confirmation')} confirmation)",
    ]
    channels = [c for c in profile.get("channels", []) if isinstance(c, Mapping)]
    lines.append(
        "Channels: "
        + (
            ", ".join(f"{c.get('channel', '?')} ({_get(c, 'count')})" for c in channels)
            if channels
            else "none"
        )
    )
    top = [s for s in profile.get("top_sources", []) if isinstance(s, Mapping)]
    lines.append(
        "Top sources: "
        + (", ".join(f"{s.get('source', '?')} ({_get(s, 'count')})" for s in top) if top else "none")
    )
    return lines
