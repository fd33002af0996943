"""Which news agency an article is a copy of: the input's ``wire`` field, or its dateline.

An outlet carrying an agency's story ("WASHINGTON (AP) — ...") does not report what the
story asserts itself: the agency does. The ledger credits such a copy's unattributed
statements to the agency, so the agency is read here, once, when the article is stored.

The agencies and their aliases are data (``lexicons/data/wires.json``). A dateline names
an agency in parentheses before a dash, at the start of one of the first lines (a title
may come first): "DALLAS (AP) —", "NEW YORK, Nov. 19 (UPI) —", "Dec 29 (Reuters) -",
"Mexico City (AFP) –". An agency not in the list counts only after a city in capitals
("KYIV (Harbor Wire) —"), the classic dateline, so that "Sen. Ted Cruz (R-Texas) —"
at the start of a paragraph is not read as an agency called "R-Texas".
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from claimledger import lexicons

#: How many non-empty lines from the top may hold the dateline (title, byline, dateline).
DATELINE_LINES = 3

_DATELINE = re.compile(
    r"^(?P<place>[^()\n]{0,80}?)\s*\((?P<agency>[^()\n]{1,40})\)\s*(?:\u2014|\u2013|--?)\s*\S"
)
_NAME_WORD = re.compile(r"^[A-Z][\w.&'\u2019-]*$")


def key(name: str) -> str:
    """The form agency names are matched on: case, accents, punctuation and a leading
    "the" dropped (as the ledger matches actor aliases)."""
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"[^a-z0-9]+", " ", s).strip()
    return re.sub(r"^the ", "", s)


@cache
def _agencies() -> tuple[dict[str, str], frozenset[str]]:
    data = lexicons.load("wires")
    names: dict[str, str] = {}
    for entry in data["agencies"]:
        for alias in (entry["name"], *entry["aliases"]):
            names[key(alias)] = entry["name"]
    return names, frozenset(key(w) for w in data["absent"])


def agencies() -> dict[str, str]:
    """Every known alias key -> the agency's canonical name."""
    return dict(_agencies()[0])


def canonical(value: str | None) -> str | None:
    """The agency a ``wire`` value names: its canonical name when known ("AP" -> "Associated
    Press"), the value as given otherwise, None for an empty value or a marker of none ("NA")."""
    if value is None:
        return None
    value = " ".join(value.split())
    known, absent = _agencies()
    k = key(value)
    if not k or k in absent or value.lower() in absent:
        return None
    return known.get(k, value)


def from_dateline(text: str) -> str | None:
    """The agency named by a dateline at the start of one of the first lines, or None."""
    lines = [line.strip() for line in text.lstrip()[:2000].splitlines() if line.strip()]
    for line in lines[:DATELINE_LINES]:
        found = _dateline_agency(line)
        if found:
            return found
    return None


def wire_of(given: str | None, text: str) -> str | None:
    """The agency an article is a copy of: the input's ``wire`` field, else its dateline."""
    return canonical(given) or from_dateline(text)


def _dateline_agency(line: str) -> str | None:
    m = _DATELINE.match(line)
    if m is None:
        return None
    place, agency = m.group("place").strip(" ,"), " ".join(m.group("agency").split())
    if place and not all(w[0].isupper() or w[0].isdigit() for w in place.split()):
        return None  # a sentence, not a place and date
    known = _agencies()[0].get(key(agency))
    if known:
        return known
    city = place.split()[0] if place else ""
    words = agency.split()
    if sum(c.isalpha() for c in city) < 2 or city != city.upper() or not 1 <= len(words) <= 4:
        return None
    return agency if all(_NAME_WORD.match(w) for w in words) else None
