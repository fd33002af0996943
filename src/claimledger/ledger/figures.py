"""When two figures are about the same thing at the same time, and when they are not.

A figure's *unit* ("troops", "USD", "percent") says what it is measured in; its *thing*
(from the figures stage: "North Korean troops in Russia", "Certron Corp shares held by
Louart Corp", "vote for the referendum") says what is counted. Two figures are compared
only when both say what they count and the things agree:

* the same unit and the same kind (a stock, a flow, a cumulative count, a share; changes
  and labels are never compared) in the same frame (current or projected);
* things that name something particular (a country, a capitalised name) and of which one
  contains the other: "North Korean troops" meets "North Korean troops in Russia", but
  "shares held by Louart" never meets "shares held by Xyz", and a bare "shares" or
  "percent" meets nothing;
* time windows that overlap: the time the statement gave ("last week", "in July"), else the
  article's date; a figure with no known time ("previously", an undated article) is never
  compared as if it were of any date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from claimledger import lexicons
from claimledger.ledger import text as textmod

#: Kinds that can contradict: a change ("another 1,500") and a label count nothing to compare.
COMPARED_KINDS = frozenset({"stock", "flow", "cumulative", "share"})
#: Time words that say a figure held before the report, without saying when.
PAST_WORDS = lexicons.words("figures", "past_words")

Window = tuple[date, date]
#: Participles the figures stage writes into things ("held by", "sent to"): what a thing
#: *is* does not change with the verb that moved it, so they are left out of its key.
_PARTICIPLES = frozenset(lexicons.load("figures")["owner_verbs"].values()) | lexicons.words(
    "figures", "casualty_words"
)


def _verbal(word: str) -> bool:
    low = word.lower()
    return (
        low in _PARTICIPLES or (len(low) > 4 and low.endswith("ed") and not word[:1].isupper()) or low == "by"
    )


#: Capitalised words that name nothing particular (months, weekdays).
NOT_PARTICULAR = lexicons.words("figures", "not_particular")
#: The same words as a bag has them (lower case, stemmed): a month or weekday says when, not what.
NOT_PARTICULAR_LOWER = frozenset(w.lower() for w in NOT_PARTICULAR) | frozenset(
    textmod.stem(w.lower()) for w in NOT_PARTICULAR
)
#: Words right before a figure that make it the size of a change ("rose 9.3 pct").
CHANGE_FORMS = lexicons.words("figures", "change_verb_forms")
#: A capitalised word met in lower case in this many things of the store is a common word
#: at the start of a sentence ("Revenue passenger miles"), not a name.
COMMON_AT = 3


def common_words(things: Iterable[str]) -> frozenset[str]:
    """Words the store's things use in lower case, :data:`COMMON_AT` times or more: written
    with a capital they begin a sentence, and name nothing particular."""
    return common_of(word_counts(things))


def word_counts(things: Iterable[str]) -> dict[str, int]:
    """How many times the things use each lower-case word (kept by the ledger index, so that
    an update can tell which words new articles make common)."""
    seen: dict[str, int] = {}
    for thing in things:
        for w in textmod.tokens(thing):
            if w[:1].islower():
                seen[w] = seen.get(w, 0) + 1
    return seen


def common_of(counts: dict[str, int]) -> frozenset[str]:
    """The common words of :func:`word_counts`."""
    return frozenset(w for w, n in counts.items() if n >= COMMON_AT)


def partitive(text: str) -> bool:
    """Is the figure a part of another it names ("about 500,000 of Brazil's 700,000
    bankworkers")? It counts a part, never the whole it names."""
    words = text.lower().split()
    if "of" not in words:
        return False
    at = words.index("of")
    return any(ch.isdigit() for w in words[:at] for ch in w) and any(
        ch.isdigit() for w in words[at:] for ch in w
    )


def after_change_verb(content: str, offset: int) -> bool:
    """Is the figure at ``offset`` of ``content`` the size of a change ("grew 95.8 pct",
    "fell 0.1 pct")? "rose to 55.5 pct" is a level: "to" stands between."""
    before = textmod.tokens(content[: max(0, offset)])
    return bool(before) and before[-1].lower() in CHANGE_FORMS


#: Words right before a figure that make it what someone seeks ("a tender offer for").
SOUGHT_OPENERS = lexicons.words("figures", "sought_openers")


def sought(content: str, offset: int) -> bool:
    """Is the figure at ``offset`` of ``content`` what someone seeks ("its tender offer for
    3,300,000 shares", "seeking 2 mln dlrs")? An aim, projected: the shares an offer seeks
    are not the shares it has received."""
    before = [w.lower() for w in textmod.tokens(content[: max(0, offset)])[-2:]]
    return bool(before) and (before[-1] in SOUGHT_OPENERS or " ".join(before) in SOUGHT_OPENERS)


#: Words right before a figure that make it the base of a rate ("for every four shares").
RATE_OPENERS = lexicons.words("figures", "rate_openers")


def base_of_rate(content: str, offset: int) -> bool:
    """Is the figure at ``offset`` of ``content`` the base of a rate or ratio ("three shares
    for every four Bond Corp shares", "for each five shares")? It counts nothing."""
    before = textmod.tokens(content[: max(0, offset)])
    return bool(before) and before[-1].lower() in RATE_OPENERS


def _particular_word(word: str, first: bool, common: frozenset[str]) -> bool:
    """A capitalised word names something, but a month does not, and neither does a common
    word at the head of the thing, where a sentence's capital puts it ("Revenue passenger
    miles"); inside a name ("cars produced by General Motors") a capital is a name's."""
    low = word.lower()
    return word[:1].isupper() and low not in NOT_PARTICULAR and not (first and low in common)


def thing_key(
    thing: str, unit_head: str, country: str | None, common: frozenset[str] = frozenset()
) -> tuple[frozenset[str], frozenset[str]]:
    """(everything the thing says, the particular part of it) as comparable tokens.

    The unit's own token is left out (it is compared apart); the country of the figure
    (from the thing, or the article's other figures) is a particular token; a capitalised
    month, weekday or word of ``common`` (:func:`common_words`) is not.
    """
    words = [w for w in textmod.tokens(thing) if not _verbal(w)]
    thing = " ".join(words)
    key = set(textmod.bag(thing))
    key.discard(unit_head)
    named = " ".join(w for n, w in enumerate(words) if _particular_word(w, n == 0, common))
    particular = {t for t in textmod.bag(named) if t != unit_head}
    if country:
        key.add(f"@{country}")
        particular.add(f"@{country}")
    return frozenset(key), frozenset(particular & key)


def full_key(thing: str, unit_head: str, country: str | None) -> frozenset[str]:
    """Everything the thing says, its verbs included: "Syrian refugees detained" is not
    "Syrian refugees taken in", though a query for "Syrian refugees" finds both."""
    key = set(textmod.bag(thing))
    key.discard(unit_head)
    if country:
        key.add(f"@{country}")
    return frozenset(key)


#: Units that measure (money, weight, time, points): the thing must say what they measure.
MEASURE_HEADS = frozenset(
    textmod.stem(w) for w in lexicons.words("figures", "measure_units")
) | lexicons.words("figures", "measure_units")
#: Units that are money: a sum needs a thing that says what it pays for.
CURRENCY_HEADS = frozenset(
    textmod.stem(w) for w in lexicons.load("quantities")["currency_words"]
) | frozenset(w for w in lexicons.load("quantities")["currency_words"])


def same_thing(
    a_key: frozenset[str], a_particular: frozenset[str], b_key: frozenset[str], b_particular: frozenset[str]
) -> bool:
    """Do two things name the same particular thing? They name the same particulars (the
    same company, country, person: a shared "U.S." alone does not make General Motors' cars
    another maker's) and one contains the other ("North Korean troops" and "North Korean
    troops sent")."""
    if not a_particular or a_particular != b_particular:
        return False
    return a_key <= b_key or b_key <= a_key


def parse_published(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def window(time_text: str | None, published: str | None, projected: bool) -> Window | None:
    """The days a figure is said to hold: the statement's time phrase read against the
    article's date, else the article's date; None when unknown."""
    base = parse_published(published)
    if not time_text:
        return (base, base) if base else None
    phrase = time_text.strip()
    first = phrase.split()[0].lower() if phrase.split() else ""
    if first in PAST_WORDS and len(phrase.split()) == 1:
        return None  # "previously": before the report, but not when
    season = _SEASON.search(phrase)
    if season is not None:
        # a crop or fiscal year ("in the 1986/87 season") runs over parts of two years
        year = int(season.group(1))
        return (date(year, 1, 1), date(year + 1, 12, 31))
    if base is None:
        return None
    span = _SPAN.match(phrase)
    if span is not None:
        # "in the past two years": a sum over the span up to the report, not a day's figure
        count = _SMALL.get(span.group(1).lower(), None) if span.group(1) else 1
        if count is None and span.group(1).isdigit():
            count = int(span.group(1))
        if count:
            days = {"day": 1, "week": 7, "month": 30, "year": 365}[span.group(2).lower()] * count
            return (base - timedelta(days=days - 1), base)
    found = _read_phrase(phrase, base.isoformat(), projected)
    if found is None:
        return (base, base)
    return found


_SEASON = re.compile(r"\b((?:1[89]|20)\d\d)/\d\d\b")
#: "(in) the past two years", "over the last 12 months": a span that ends at the report.
_SPAN = re.compile(
    r"(?:(?:in|over|during|for)\s)?the\s(?:past|last|previous)\s(?:(\w{1,12})\s)?(day|week|month|year)s?",
    re.IGNORECASE,
)
_SMALL: dict[str, int] = dict(lexicons.load("quantities")["small_numbers"])

_LEADING = (
    "in",
    "on",
    "at",
    "by",
    "since",
    "until",
    "through",
    "during",
    "as of",
    "of",
    "from",
    "before",
    "after",
)


@lru_cache(maxsize=65536)
def _read_phrase(phrase: str, base_day: str, projected: bool) -> Window | None:
    low = phrase.lower()
    for prep in _LEADING:
        if low.startswith(prep + " "):
            phrase = phrase[len(prep) + 1 :]
            break
    parser = _parser(base_day, projected)
    try:
        data = parser.get_date_data(phrase)
    except Exception:  # dateparser raises assorted errors on odd text; unknown is the answer
        return None
    when: Any = data.date_obj
    if not isinstance(when, datetime):
        return None
    start = when.date()
    period = data.period or "day"
    if period == "year":
        return (date(start.year, 1, 1), date(start.year, 12, 31))
    if period == "month":
        first = start.replace(day=1)
        nxt = (first + timedelta(days=32)).replace(day=1)
        return (first, nxt - timedelta(days=1))
    if period == "week":
        return (start, start + timedelta(days=6))
    return (start, start)


@lru_cache(maxsize=512)
def _parser(base_day: str, projected: bool) -> Any:
    from dateparser.date import DateDataParser  # deferred: a second to import, needed only for dated figures

    base = datetime.fromisoformat(base_day)
    return DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": base,
            "PREFER_DATES_FROM": "future" if projected else "past",
            "RETURN_TIME_AS_PERIOD": True,
        },
    )


def overlap(a: Window | None, b: Window | None, slack_days: int) -> bool:
    """Do two windows meet (within ``slack_days``)? Unknown meets nothing."""
    if a is None or b is None:
        return False
    return (a[0] - b[1]).days <= slack_days and (b[0] - a[1]).days <= slack_days


#: A window longer than this many days is a period a figure sums over (a month's output).
PERIOD_DAYS = 7


def same_span(a: Window | None, b: Window | None) -> bool:
    """Could the two windows be the time of one figure? A total over a period ("in March",
    "last year") is not the same measure as one over a period twice as long or as a day's
    figure: March's car output against the year's, a month's deficit against the quarter's."""
    if a is None or b is None:
        return False
    la, lb = (a[1] - a[0]).days + 1, (b[1] - b[0]).days + 1
    if max(la, lb) <= PERIOD_DAYS:
        return True
    # two periods: of like length, and overlapping (January's output is not February's)
    return max(la, lb) <= 2 * min(la, lb) and a[0] <= b[1] and b[0] <= a[1]


def fmt_window(w: Window | None) -> str:
    if w is None:
        return "unknown time"
    return w[0].isoformat() if w[0] == w[1] else f"{w[0].isoformat()}..{w[1].isoformat()}"


def blocks(items: Iterable[tuple[int, frozenset[str]]]) -> dict[str, list[int]]:
    """Index of items by each particular token: only items sharing one are compared."""
    out: dict[str, list[int]] = {}
    for i, particular in items:
        for t in particular:
            out.setdefault(t, []).append(i)
    return out
