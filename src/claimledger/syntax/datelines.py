"""Datelines: "KYIV (Harbor Wire) —", "NEW YORK, March 3 -", "WASHINGTON --".

A dateline says where and when a story was filed, and by which agency; it is no part
of what anyone asserts. The first sentence of a story starts with it, so a claim made
from that sentence would start with it too. These patterns find it, so that a claim's
text and its offsets start after it and a source is never read from it.
"""

from __future__ import annotations

import re

#: A wire dateline naming its agency, at the start of a line: "LOS ANGELES, Sept. 28 (UPI) --",
#: "KYIV (Reuters) -". A source inside one is no source.
WITH_AGENCY = re.compile(
    r"^[A-Z][A-Z.'\u2019 -]{1,40}(?:, [A-Z][\w.]{1,12}(?: [A-Z\d][\w.]{0,12})?)?"
    r" ?\([A-Z][\w .&-]{0,30}\) ?[-\u2013\u2014]{1,2}",
    re.MULTILINE,
)

#: Any dateline opening a paragraph, with or without an agency: a place in capitals, then
#: perhaps a region or a date, perhaps "(Agency)", then a dash and a space.
_OPENING = re.compile(
    r"[A-Z][A-Z.'\u2019-]+(?: [A-Z][A-Z.'\u2019-]+){0,4}"  # KYIV, NEW YORK, ST. LOUIS
    r"(?:, [A-Z][\w.]*(?: [A-Z\d][\w.]*){0,2})?"  # , Ukraine / , March 3 / , Sept. 28
    r"(?: ?\([A-Z][\w .&-]{0,30}\))?"  # (Harbor Wire)
    r" ?(?:\u2014|\u2013|--?) +"
)


def after_dateline(text: str, start: int, end: int) -> int:
    """Where a span of ``text`` starts once a dateline opening it is left out: ``start`` when
    none does. Only a span starting a line can open with one, and its place has four letters
    or more ("US - China talks" opens with none)."""
    if text[text.rfind("\n", 0, start) + 1 : start].strip():
        return start
    m = _OPENING.match(text, start, end)
    if m is None or sum(c.isalpha() for c in m.group().split(",")[0].split("(")[0]) < 4:
        return start
    return m.end() if m.end() < end else start
