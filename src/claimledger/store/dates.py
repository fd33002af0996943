"""Publication dates as the store keeps them: an ISO date or time, and the text as given.

Inputs say when an article appeared in many ways ("May 3, 2016", "2016-05-03T10:00:00Z",
"3 May 2016"); stored as given they sorted as strings and compared with nothing. Here
every such text becomes an ISO 8601 date (``2016-05-03``) or a time in UTC
(``2016-05-03T14:00:00+00:00``), which sort and compare as strings do; the text is kept
beside it. An impossible date ("2016-13-45") is an error the caller reports against its
input; a relative one ("yesterday") has no day without a reference date, so it is kept as
text, with no date and a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from claimledger.errors import InputError
from claimledger.models import ArticleMeta

#: Looks like an ISO date (digits and dashes first): one that does not parse is impossible.
_ISO_LIKE = re.compile(r"^\d{4}-\d{1,2}(-\d{1,2})?([T ].*)?$")
_YEAR = re.compile(r"^\d{4}$")
#: What ``--since``/``--until`` and ``?since=``/``?until=`` take: a year, a month or a day.
_SINCE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class Published:
    """``iso``: the date or UTC time (None: none known); ``text``: as the input gave it;
    ``warning``: why a date given is not known (a relative one), else None."""

    iso: str | None
    text: str | None
    warning: str | None = None


def parse_published(value: str | None, *, source: str | None = None) -> Published:
    """``value`` read as a publication date; raises InputError (naming ``source``) for an
    impossible date or a text that is no date at all."""
    if value is None or not value.strip():
        return Published(None, None)
    raw = value.strip()
    iso = _iso(raw) or _words(raw)
    if iso is not None:
        return Published(iso, raw)
    if _ISO_LIKE.match(raw):
        raise InputError(f"published: {raw!r} is not a real date", source=source)
    if _relative(raw):
        return Published(
            None,
            raw,
            warning=f"published: {raw!r} is relative and there is no date to count from; "
            "kept as text, date unknown",
        )
    raise InputError(f"published: {raw!r} is not a date claimledger can read", source=source)


def iso_or_none(value: str | None) -> str | None:
    """The ISO form of ``value``, or None where it has none (relative, impossible, not a
    date): for texts stored before dates were parsed."""
    try:
        return parse_published(value).iso
    except InputError:
        return None


def check_since(value: str, option: str = "--since") -> str:
    """``value`` if it is a real year, month or day (2025, 2025-03, 2025-03-14); raises
    InputError otherwise, so ``2025-13-01`` is refused rather than compared as text.
    ``option`` names the option in the message (``--since``, ``--until``)."""
    m = _SINCE.match(value)
    if m:
        year, month, day = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
        try:
            date(year, month, day)
        except ValueError:
            pass
        else:
            return value
    raise InputError(f"{option} must be a date like 2025-03-14 (a real one), not {value!r}")


def _format(dt: datetime) -> str:
    """A date alone when no time was given (midnight, no zone); else the time in UTC."""
    if dt.tzinfo is None:
        if (dt.hour, dt.minute, dt.second, dt.microsecond) == (0, 0, 0, 0):
            return dt.date().isoformat()
        return dt.isoformat(timespec="seconds")
    return dt.astimezone(UTC).isoformat(timespec="seconds")


def _iso(raw: str) -> str | None:
    if _YEAR.match(raw):
        return raw if int(raw) >= 1 else None
    if re.fullmatch(r"\d{4}-\d{2}", raw):
        try:
            date(int(raw[:4]), int(raw[5:]), 1)
        except ValueError:
            return None
        return raw
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", raw):
            return date(*(int(g) for g in m.groups())).isoformat()
        if _ISO_LIKE.match(raw):
            return _format(datetime.fromisoformat(raw))
    except ValueError:
        return None
    return None


_ABSOLUTE: dict[str, Any] = {
    "PARSERS": ["custom-formats", "absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
}


def _words(raw: str) -> str | None:
    """A date written in words or a local form ("May 3, 2016", "3 May 2016 10:00 EDT"),
    or a month of a year ("May 2016", kept as 2016-05)."""
    if _ISO_LIKE.match(raw) or len(raw) > 100:
        return None
    # deferred: dateparser costs a fifth of a second to import, paid only when a date is read
    import dateparser

    found = dateparser.parse(raw, languages=["en"], settings=_ABSOLUTE)
    if found is not None:
        return _format(found)
    month = dateparser.parse(
        raw, languages=["en"], settings={**_ABSOLUTE, "REQUIRE_PARTS": ["month", "year"]}
    )
    if month is not None and not re.search(r"\b\d{1,2}\b", raw.replace(str(month.year), "")):
        return f"{month.year:04d}-{month.month:02d}"
    return None


def _relative(raw: str) -> bool:
    """Whether ``raw`` names a time relative to now ("yesterday", "3 days ago")."""
    if len(raw) > 100:
        return False
    import dateparser

    return dateparser.parse(raw, languages=["en"], settings={"PARSERS": ["relative-time"]}) is not None


def dated(
    meta: ArticleMeta, *, source: str | None = None, strict: bool = True
) -> tuple[ArticleMeta, str | None]:
    """``meta`` with ``published`` read as a date and the text kept in ``published_text``,
    and the warning to report (a relative date), if any.

    ``strict``: an impossible date raises InputError naming ``source``; otherwise (a date
    a web page's metadata gave, not the user) it is kept as text, with no date.
    """
    given = meta.published_text or meta.published
    try:
        found = parse_published(given, source=source)
    except InputError:
        if strict:
            raise
        found = Published(None, given.strip() if given else None)
    return replace(meta, published=found.iso, published_text=found.text), (
        f"{source}: {found.warning}" if found.warning and source else found.warning
    )
