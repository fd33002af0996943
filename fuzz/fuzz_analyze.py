"""atheris harness: ``analyze`` on text from libFuzzer's bytes.

Run by ``make fuzz`` (``fuzz/run.py``); by hand::

    .venv/bin/python fuzz/fuzz_analyze.py -max_total_time=60 -rss_limit_mb=2048 -timeout=60 \\
        out/fuzz/corpus/analyze fuzz/seeds/analyze

A finding is any exception that is not a plain input refusal: a stage that raised
(``analyze`` wraps it in ExtractionError, so the cause is checked), an AnalysisTimeout
(a hang), offsets that do not match the text, or NaN/Infinity in the JSON.
"""

from __future__ import annotations

import json
import math
import sys

import atheris

with atheris.instrument_imports(include=["claimledger"]):
    from claimledger.analysis.article import ExtractOptions, analyze
    from claimledger.errors import ClaimLedgerError, ExtractionError
    from claimledger.pipeline.load import load_pipeline

NLP = load_pipeline()
OPTIONS = ExtractOptions(time_budget=30)
#: Pieces of news text, so that random bytes reach the attribution, hedge and quantity rules.
FRAGMENTS = [
    "The minister said that ",
    " officials said ",
    "He told the Associated Press that ",
    " according to Reuters, ",
    ", citing officials, ",
    "Reportedly, ",
    " did not deny ",
    " could not confirm ",
    "PENCE: ",
    '" \u2015 Sonya Herridge\n',
    '"We will not back down," he said. ',
    "\u201cThe bridge,\u201d she said, \u201cis closed.\u201d ",
    "Some estimates put the total at 12,000 -- ",
    "about 1,500 soldiers",
    " between 5 and 7 million people",
    "thousands of ",
    "two-thirds of ",
    "one in five ",
    "$2.4bn",
    "45%",
    "10^400",
    "1e308",
    "9" * 400,
    ". ",
    "\n\n",
    "\u200b",
    "\u202e",
    '"',
    "\u201c",
    "\u201d",
    "\u00ab",
]


def text_from(data: bytes) -> str:
    fdp = atheris.FuzzedDataProvider(data)
    if fdp.ConsumeBool():
        return str(fdp.ConsumeUnicodeNoSurrogates(len(data)))
    parts: list[str] = []
    while fdp.remaining_bytes():
        if fdp.ConsumeBool():
            parts.append(FRAGMENTS[fdp.ConsumeIntInRange(0, len(FRAGMENTS) - 1)])
        else:
            parts.append(fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 16)))
    return "".join(parts)


def check(text: str) -> None:
    try:
        result = analyze(text, nlp=NLP, input_name="fuzz", options=OPTIONS)
    except ExtractionError as exc:
        if exc.__cause__ is not None and not isinstance(exc.__cause__, ClaimLedgerError):
            raise exc.__cause__ from exc  # a stage crashed: report the original error
        if "cap" in str(exc):
            return  # over a size cap: refused, as documented
        raise  # AnalysisTimeout and anything else
    spans = []
    for a in (*result.attributions, *result.statements):
        spans += [s for s in (a.content, a.source, a.cue, a.channel) if s is not None]
    for h in result.hedges:
        spans += [h.span, h.scope]
    for q in result.quantities:
        spans.append(q.span)
        values = [v for v in (q.low, q.value, q.high) if v is not None]
        if not all(math.isfinite(v) for v in values) or values != sorted(values):
            raise AssertionError(f"bad quantity values {q}")
    for s in spans:
        if not 0 <= s.start <= s.end <= len(text) or text[s.start : s.end] != s.text:
            raise AssertionError(f"span {s!r} does not match the text")
    json.dumps(result.to_dict(), allow_nan=False)


def test_one_input(data: bytes) -> None:
    check(text_from(data))


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
