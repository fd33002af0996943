"""Hostile inputs for the fuzz tests, the settings they run under, and the invariants they check.

Two hypothesis profiles: the default one here is small (a few dozen examples per test,
so the folder runs in about a minute beside the rest of the suite); ``make fuzz`` runs
``pytest tests/fuzz --hypothesis-profile=fuzz`` for many more examples and the giant
fixed inputs.
"""

from __future__ import annotations

import json
import math
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from claimledger.models import ArticleAnalysis

_HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture]


def fuzz_profile() -> bool:
    """Whether this run is ``make fuzz`` (``--hypothesis-profile=fuzz``, registered in conftest.py)."""
    return settings.get_current_profile_name() == "fuzz"


def fuzz_settings(examples: int) -> settings:
    """``examples`` per test normally; ten times as many (300 at least) under the 'fuzz' profile."""
    if fuzz_profile():
        return settings(settings.get_profile("fuzz"), max_examples=max(10 * examples, 300))
    return settings(max_examples=examples, deadline=None, suppress_health_check=_HEALTH, database=None)


#: Characters that break naive text handling: controls, bidi and zero-width marks, quotation
#: marks of every shape, lone combining marks, the BOM, line and paragraph separators.
SPECIAL = (
    "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\t\r\n"
    "\u200b\u200c\u200d\u2060\ufeff"  # zero width
    "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"  # bidi
    "\u2028\u2029"
    "\"'\u201c\u201d\u201e\u201f\u2018\u2019\u00ab\u00bb\u2039\u203a\u300c\u300d"  # quotes
    "\u2015\u2014\u2013-:;,.!?()[]{}<>&#%$\u20ac\u00a3^~+/\\"
    "\u0301\u0336\ufe0f"  # combining
    "\U0001f600\U0001f1fa\U0001f1e6"  # astral
    "\u05d0\u05d1\u0627\u0644\u0645"  # Hebrew, Arabic (RTL)
)

#: Pieces of news text and of number notation, so that random text reaches the rules.
FRAGMENTS = (
    "The minister said that ",
    " officials said ",
    "He told the Associated Press that ",
    " according to Reuters, ",
    ", citing officials, ",
    "Reportedly, ",
    " allegedly ",
    " did not deny ",
    " could not confirm ",
    " has yet to be independently verified",
    " denied that ",
    "PENCE: ",
    '" \u2015 Sonya Herridge\n',
    '"We will not back down," he said. "Never." ',
    "\u201cThe bridge,\u201d she said, \u201cis closed.\u201d ",
    "Some estimates put the total at 12,000 -- ",
    "Fears are rising in Kyiv that ",
    "about 1,500 soldiers",
    " between 5 and 7 million people",
    " as many as 10,000 ",
    "thousands of ",
    "tens of thousands of ",
    "two-thirds of ",
    "one in five ",
    " a dozen ",
    "$2.4bn",
    "45%",
    " 3/4 of ",
    "10^400",
    "1e308",
    "-1e308",
    "9" * 400,
    "1" + ",000" * 150,
    "0.000000000000000000000001",
    " a million million million ",
    " 1-800-273-8255 ",
    "No. 3",
    "\u0661\u0662\u0663",  # Arabic-Indic digits
    "\uff11\uff12\uff13",  # full-width digits
    "\u00bd",
    "\u2155",
    "NaN",
    "inf",
    ". ",
    "\n\n",
    " \u200b ",
    "\u202e",
)


def news_like(max_pieces: int = 40) -> st.SearchStrategy[str]:
    """Text made of news fragments, special characters and random Unicode."""
    piece = st.one_of(
        st.sampled_from(FRAGMENTS),
        st.text(alphabet=SPECIAL, max_size=6),
        st.text(max_size=12),
        st.from_regex(r"[A-Z][a-z]{1,8}( [A-Z][a-z]{1,8})?", fullmatch=True),
    )
    return st.lists(piece, max_size=max_pieces).map("".join)


def hostile_text(max_size: int = 400) -> st.SearchStrategy[str]:
    """Random Unicode (controls included), special characters only, or news-like text."""
    return st.one_of(
        st.text(max_size=max_size),
        st.text(alphabet=SPECIAL, max_size=max_size),
        news_like(),
    )


# --------------------------------------------------------------------------- invariants


def check_span(text: str, span: Any, what: str) -> None:
    """A span's offsets lie within the text and the text there is the span's text."""
    assert isinstance(span.start, int) and isinstance(span.end, int), what
    assert 0 <= span.start <= span.end <= len(text), f"{what}: {span} outside 0..{len(text)}"
    assert text[span.start : span.end] == span.text, f"{what}: {span!r} != {text[span.start : span.end]!r}"


def check_quantity_values(q: Any) -> None:
    """Finite values, and low <= value <= high for whichever are set."""
    values = [v for v in (q.low, q.value, q.high) if v is not None]
    for v in values:
        assert isinstance(v, float | int) and math.isfinite(v), q
    assert values == sorted(values), f"not low <= value <= high: {q}"
    if q.qualifier == "range":
        assert q.low is not None and q.high is not None and q.value is None, q


def check_analysis(text: str, result: ArticleAnalysis) -> None:
    """Everything :func:`claimledger.analysis.article.analyze` promises about its output."""
    assert result.text == text
    for att in (*result.attributions, *result.statements):
        check_span(text, att.content, f"{att.id}.content")
        for name in ("source", "cue", "channel"):
            span = getattr(att, name)
            if span is not None:
                check_span(text, span, f"{att.id}.{name}")
    for h in result.hedges:
        check_span(text, h.span, f"{h.id}.span")
        check_span(text, h.scope, f"{h.id}.scope")
    for q in result.quantities:
        check_span(text, q.span, f"{q.id}.span")
        check_quantity_values(q)
    ids = [r.id for r in (*result.attributions, *result.statements)]
    ids += [h.id for h in result.hedges] + [q.id for q in result.quantities]
    assert len(ids) == len(set(ids)), "duplicate ids"
    hedge_ids = {h.id for h in result.hedges}
    quantity_ids = {q.id for q in result.quantities}
    owners = {a.id for a in (*result.attributions, *result.statements)}
    for att in (*result.attributions, *result.statements):
        assert set(att.hedge_ids) <= hedge_ids and set(att.quantity_ids) <= quantity_ids, att.id
    for q in result.quantities:
        assert q.attribution_id is None or q.attribution_id in owners, q
    # the JSON contract: no NaN or Infinity can leak into it
    json.dumps(result.to_dict(), allow_nan=False, ensure_ascii=False)
