"""What the ledger build reads from the store, in the least memory that does the job.

The build reads every stored attribution, quantity, hedge and article at once, so
the form of a row decides its memory: a dict of every column costs several times a
tuple of the few columns the build uses. Here each row is a named tuple of those
columns only, read as a stream; equal strings (an article's id on each of its rows, an
outlet, a statement repeated across copies) are one object, and so are equal token
bags; a hedge list and a factuality are read into three flags as the row is read.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator
from typing import NamedTuple

from claimledger.ledger import text as textmod
from claimledger.store.store import Store


class Article(NamedTuple):
    outlet: str | None
    published: str | None
    duplicate_of: str | None
    wire: str | None = None  # the agency it is a copy of, which its own statements are credited to
    author: str | None = None  # the writer, whose own "I" it is


class Attribution(NamedTuple):
    """A stored attribution as the build uses it."""

    article_id: str
    id: str
    source_text: str | None
    source_resolved: str | None
    source_type: str
    channel_text: str | None
    content: str
    content_start: int
    bag: tuple[str, ...]  # sorted
    negative: bool  # a denial among its hedges, or a negative holder in its factuality
    hedged: bool
    confirmed: bool
    denies: bool = False  # a denial cue among its hedges ("denied", "rejected")
    opinion: bool = False  # the cue gives a view or a forecast ("thinks", "predicted")
    question: bool = False  # it reports a question: it has a speaker but asserts nothing


class Quantity(NamedTuple):
    article_id: str
    id: str
    attribution_id: str | None
    text: str
    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    qualifier: str
    thing: str
    #: From the figures stage; None in quantities stored before it (re-analyse to fill).
    counted: str | None = None
    unit: str | None = None
    kind: str | None = None
    frame: str | None = None
    time_text: str | None = None


class Pool:
    """One object per distinct string and per distinct bag while the rows are read."""

    def __init__(self) -> None:
        self.strings: dict[str, str] = {}
        self.bags: dict[str, tuple[str, ...]] = {}

    def s(self, value: str) -> str:
        return self.strings.setdefault(value, value)

    def opt(self, value: str | None) -> str | None:
        return None if value is None else self.strings.setdefault(value, value)

    def bag(self, content: str) -> tuple[str, ...]:
        """The statement's bag as a sorted tuple (a frozenset of 15 words is about 700 bytes)."""
        found = self.bags.get(content)
        if found is None:
            found = tuple(sorted(self.s(t) for t in textmod.bag(content)))
            self.bags[content] = found
        return found


def articles(store: Store, pool: Pool, only: Collection[str] | None = None) -> dict[str, Article]:
    """id -> outlet, published, duplicate_of, wire, author, in id order (``only``: of these
    articles; so for every reader below)."""
    out: dict[str, Article] = {}
    for art, outlet, published, dup, wire, author in store.ledger_rows(
        "articles", ("id", "outlet", "published", "duplicate_of", "wire", "author"), ("id",), only
    ):
        out[pool.s(art)] = Article(
            pool.opt(outlet), pool.opt(published), pool.opt(dup), pool.opt(wire), pool.opt(author)
        )
    return out


def hedge_kinds(store: Store, pool: Pool, only: Collection[str] | None = None) -> dict[tuple[str, str], str]:
    """(article, hedge id) -> kind."""
    return {
        (pool.s(art), pool.s(hid)): pool.s(kind)
        for art, hid, kind in store.ledger_rows(
            "hedges", ("article_id", "id", "kind"), ("article_id", "start", "id"), only
        )
    }


_ATTRIBUTION_COLUMNS = (
    "article_id",
    "id",
    "source_text",
    "source_resolved",
    "source_type",
    "channel_text",
    "cue_text",
    "content_text",
    "content_start",
    "certainty",
    "factuality",
    "hedge_ids",
)


def attributions(
    store: Store, pool: Pool, hedge_kind: dict[tuple[str, str], str], only: Collection[str] | None = None
) -> Iterator[Attribution]:
    """Every stored attribution, by article and position in its text; a question is
    marked (it has a speaker, but it asserts nothing, so it makes no claim)."""
    for row in store.ledger_rows(
        "attributions", _ATTRIBUTION_COLUMNS, ("article_id", "content_start", "id"), only
    ):
        art, att, source, resolved, stype, channel, cue, content, start, certainty, factuality, hedge_ids = (
            row
        )
        question = textmod.is_question(content, cue)
        art = pool.s(art)
        kinds = [hedge_kind.get((art, h)) for h in json.loads(hedge_ids)]
        content = pool.s(content)
        yield Attribution(
            article_id=art,
            id=pool.s(att),
            source_text=pool.opt(source),
            source_resolved=pool.opt(resolved),
            source_type=pool.s(stype),
            channel_text=pool.opt(channel),
            content=content,
            content_start=start,
            bag=pool.bag(content),
            negative="denial" in kinds or _factuality_negative(factuality),
            hedged="hedge" in kinds or "unverified" in kinds or certainty in ("possible", "probable"),
            confirmed="confirmation" in kinds,
            denies="denial" in kinds,
            opinion=textmod.is_opinion_cue(cue),
            question=question,
        )


_QUANTITY_COLUMNS = (
    "article_id",
    "id",
    "attribution_id",
    "text",
    "start",
    "end",
    "value",
    "low",
    "high",
    "qualifier",
    "thing",
    "counted",
    "unit",
    "kind",
    "frame",
    "time_text",
)


def quantities(store: Store, pool: Pool, only: Collection[str] | None = None) -> Iterator[Quantity]:
    """Every stored quantity, by article and position in its text."""
    for (
        art,
        qid,
        att,
        text,
        start,
        end,
        value,
        low,
        high,
        qualifier,
        thing,
        counted,
        unit,
        kind,
        frame,
        time_text,
    ) in store.ledger_rows("quantities", _QUANTITY_COLUMNS, ("article_id", "start", "id"), only):
        yield Quantity(
            pool.s(art),
            pool.s(qid),
            pool.opt(att),
            pool.s(text),
            start,
            end,
            value,
            low,
            high,
            pool.s(qualifier),
            pool.s(thing),
            pool.opt(counted),
            pool.opt(unit),
            pool.opt(kind),
            pool.opt(frame),
            pool.opt(time_text),
        )


def _factuality_negative(raw: str) -> bool:
    return any(f.get("polarity") == "negative" for f in json.loads(raw or "[]"))
