"""The nouns of one analyzed article: spans, attributions, quantities, hedges.

Records are frozen dataclasses so that a stage can never mutate another stage's
output; the linking stage builds new records with :func:`dataclasses.replace`.
Every span keeps its character offsets into the article text, so anything shown
to a user can be traced back to exactly what was read.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal

SourceType = Literal["person", "organization", "country", "document", "anonymous", "unnamed_group", "author"]
Qualifier = Literal["exact", "approximate", "upper_bound", "lower_bound", "range"]
HedgeKind = Literal["hedge", "unverified", "denial", "confirmation"]
Certainty = Literal["certain", "probable", "possible", "unknown"]
Polarity = Literal["positive", "negative", "unknown"]
QuoteType = Literal["direct", "indirect", "mixed"]

SOURCE_TYPES: tuple[str, ...] = (
    "person",
    "organization",
    "country",
    "document",
    "anonymous",
    "unnamed_group",
)
QUALIFIERS: tuple[str, ...] = ("exact", "approximate", "upper_bound", "lower_bound", "range")
HEDGE_KINDS: tuple[str, ...] = ("hedge", "unverified", "denial", "confirmation")


@dataclass(frozen=True)
class Span:
    """Verbatim text with its character offsets in the article."""

    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Hedge:
    """An epistemic marker and the span it governs (its scope)."""

    id: str
    span: Span
    kind: HedgeKind
    scope: Span
    lemma: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.span.text,
            "start": self.span.start,
            "end": self.span.end,
            "kind": self.kind,
            "scope": self.scope.to_dict(),
        }


@dataclass(frozen=True)
class Quantity:
    """A number as reported, with its bounds and what it counts."""

    id: str
    span: Span
    value: float | None
    low: float | None
    high: float | None
    qualifier: Qualifier
    unit_or_thing: str
    number_text: str
    attribution_id: str | None = None
    #: What is counted, and whose/where it is ("North Korean troops in Russia"); "" if unknown.
    thing: str = ""
    #: What the value is measured in: a currency, "percent", or the counted noun ("troops").
    unit: str = ""
    #: stock | flow | cumulative | change | share | label (a label counts nothing asserted).
    kind: str = "stock"
    #: current | projected: what is, or what could be or is expected.
    frame: str = "current"
    #: The time phrase the statement gives for the figure ("last week", "by December"), if any.
    time: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.span.text,
            "start": self.span.start,
            "end": self.span.end,
            "value": _num(self.value),
            "low": _num(self.low),
            "high": _num(self.high),
            "qualifier": self.qualifier,
            "unit_or_thing": self.unit_or_thing,
            "attribution_id": self.attribution_id,
            "thing": self.thing,
            "unit": self.unit,
            "kind": self.kind,
            "frame": self.frame,
            "time": self.time,
        }


@dataclass(frozen=True)
class Factuality:
    """FactBank-style commitment of one holder in the reporting chain to the content."""

    holder: str
    certainty: Certainty
    polarity: Polarity

    def to_dict(self) -> dict[str, Any]:
        return {"holder": self.holder, "certainty": self.certainty, "polarity": self.polarity}


@dataclass(frozen=True)
class Attribution:
    """Content presented as coming from a source, through a cue and maybe a channel."""

    id: str
    source: Span | None
    source_type: SourceType
    cue: Span | None
    content: Span
    quote_type: QuoteType
    channel: Span | None = None
    source_resolved: str | None = None
    factuality: tuple[Factuality, ...] = ()
    hedge_ids: tuple[str, ...] = ()
    quantity_ids: tuple[str, ...] = ()
    extractor: str = "attribution.v1"

    @property
    def direct_quote(self) -> bool:
        return self.quote_type == "direct"

    @property
    def speaker(self) -> str:
        """The name to group by: resolved when we could, as written otherwise."""
        if self.source_resolved:
            return self.source_resolved
        return self.source.text if self.source else "(author)"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source.to_dict() if self.source else None,
            "source_resolved": self.source_resolved,
            "source_type": self.source_type,
            "cue": self.cue.to_dict() if self.cue else None,
            "channel": self.channel.to_dict() if self.channel else None,
            "content": self.content.to_dict(),
            "direct_quote": self.direct_quote,
            "quote_type": self.quote_type,
            "factuality": [f.to_dict() for f in self.factuality],
            "hedge_ids": list(self.hedge_ids),
            "quantity_ids": list(self.quantity_ids),
            "extractor": self.extractor,
        }


@dataclass(frozen=True)
class ArticleMeta:
    """What we know about an article besides its text. ``wire`` is the news agency the
    input credits for the story ("AP"), when the article is an agency copy. ``published`` is
    an ISO date or time (see :mod:`claimledger.store.dates`); ``published_text`` is the date
    as the input wrote it ("May 3, 2016", "yesterday")."""

    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    wire: str | None = None
    published_text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "url": self.url,
            "outlet": self.outlet,
            "author": self.author,
            "published": self.published,
            "wire": self.wire,
            "published_text": self.published_text,
        }


@dataclass(frozen=True)
class ArticleAnalysis:
    """Everything `analyze` found in one article."""

    id: str
    text: str
    meta: ArticleMeta
    attributions: tuple[Attribution, ...]
    quantities: tuple[Quantity, ...]
    hedges: tuple[Hedge, ...]
    statements: tuple[Attribution, ...] = ()
    profile: dict[str, Any] = field(default_factory=dict)
    input: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id}
        if self.input is not None:
            out["input"] = self.input
        out.update(self.meta.to_dict())
        out["text"] = self.text
        out["attributions"] = [a.to_dict() for a in self.attributions]
        out["quantities"] = [q.to_dict() for q in self.quantities]
        out["hedges"] = [h.to_dict() for h in self.hedges]
        out["statements"] = [s.to_dict() for s in self.statements]
        out["profile"] = self.profile
        return out


def _num(v: float | None) -> float | int | None:
    """Integral floats print as ints so that JSON reads like the article."""
    if v is None:
        return None
    return int(v) if float(v).is_integer() and abs(v) < 1e15 else v


def article_id(text: str) -> str:
    """Content hash of the normalized text: the same article re-read gets the same id."""
    norm = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]
