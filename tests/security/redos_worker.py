"""Worst-case inputs for a regular expression, and a worker process that times them.

``attack_inputs`` reads the pattern's parse tree (``re._parser``, the parser ``re`` itself
uses) and builds the classic ReDoS inputs: for every quantifier that can repeat many times,
the shortest text that leads to it, then one character (or a pair of characters) it accepts
repeated ``n`` times, then a character that makes the match fail, so that the engine tries
every way of sharing the run among overlapping quantifiers.

Run as a script it is the worker: one JSON job per line on stdin (pattern, flags, operations,
length), one JSON line on stdout before and after each timed call, so that the parent can kill
it when a call never returns.
"""

from __future__ import annotations

import json
import re
import sys
import time
from re import _constants as C  # type: ignore[attr-defined]  # the constants of re's own parser
from re import _parser as P  # type: ignore[attr-defined]
from typing import Any

REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT)
CATEGORY_CHAR = {
    C.CATEGORY_DIGIT: "1",
    C.CATEGORY_NOT_DIGIT: "a",
    C.CATEGORY_SPACE: " ",
    C.CATEGORY_NOT_SPACE: "a",
    C.CATEGORY_WORD: "a",
    C.CATEGORY_NOT_WORD: " ",
}
PROBES = " a1.-A\n\t'\"<>_/"
TAILS = ("\x00", "!")
#: Quantifiers bounded above this are "long" (``{0,60}`` counts, ``{1,2}`` does not).
LONG = 16


def _class_chars(items: Any) -> list[str]:
    chars: list[str] = []
    negate = False
    for op, av in items:
        if op is C.NEGATE:
            negate = True
        elif op is C.LITERAL:
            chars.append(chr(av))
        elif op is C.RANGE:
            chars += [chr(av[0]), chr(av[1])]
        elif op is C.CATEGORY:
            chars.append(CATEGORY_CHAR.get(av, "a"))
    if negate:
        banned = set(chars)
        return [c for c in PROBES if c not in banned][:4]
    return chars


def chars_of(seq: Any) -> list[str]:
    """Representative characters that some part of ``seq`` accepts."""
    out: list[str] = []
    for op, av in seq:
        if op is C.LITERAL:
            out.append(chr(av))
        elif op is C.NOT_LITERAL:
            out.append("a" if av != ord("a") else "b")
        elif op is C.ANY:
            out += ["a", "\n"]
        elif op is C.IN:
            out += _class_chars(av)
        elif op in REPEATS:
            out += chars_of(av[2])
        elif op is C.SUBPATTERN:
            out += chars_of(av[3])
        elif op is C.ATOMIC_GROUP:
            out += chars_of(av)
        elif op is C.BRANCH:
            for branch in av[1]:
                out += chars_of(branch)
        elif op in (C.ASSERT, C.ASSERT_NOT):
            out += chars_of(av[1])
    return list(dict.fromkeys(out))


def shortest(seq: Any) -> str:
    """A short text that ``seq`` matches (or nearly: lookarounds are ignored)."""
    s = ""
    for op, av in seq:
        if op is C.LITERAL:
            s += chr(av)
        elif op is C.NOT_LITERAL:
            s += "a" if av != ord("a") else "b"
        elif op is C.ANY:
            s += "a"
        elif op is C.IN:
            s += (_class_chars(av) or ["a"])[0]
        elif op in REPEATS:
            s += shortest(av[2]) * av[0]
        elif op is C.SUBPATTERN:
            s += shortest(av[3])
        elif op is C.ATOMIC_GROUP:
            s += shortest(av)
        elif op is C.BRANCH:
            s += shortest(av[1][0])
    return s


def pumps(seq: Any, prefix: str = "") -> list[tuple[str, str]]:
    """(prefix, pump) for every long quantifier: the text before it and what it repeats."""
    out: list[tuple[str, str]] = []
    items = list(seq)
    for i, (op, av) in enumerate(items):
        before = prefix + shortest(items[:i])
        if op in REPEATS:
            _lo, hi, sub = av
            if hi is C.MAXREPEAT or hi > LONG:
                chars = chars_of(sub)
                out += [(before, c) for c in chars]
                body = shortest(sub)
                if body and body not in chars:
                    out.append((before, body))
                out += [(before, a + b) for a in chars[:6] for b in chars[:6] if a < b]
            out += pumps(sub, before)
        elif op is C.SUBPATTERN:
            out += pumps(av[3], before)
        elif op is C.ATOMIC_GROUP:
            out += pumps(av, before)
        elif op is C.BRANCH:
            for branch in av[1]:
                out += pumps(branch, before)
        elif op in (C.ASSERT, C.ASSERT_NOT):
            out += pumps(av[1], before)
    return list(dict.fromkeys(out))


def attack_inputs(pattern: str | bytes, flags: int, n: int) -> list[str]:
    """Worst-case texts of about ``n`` characters (as str; bytes patterns get them latin-1)."""
    tree = P.parse(pattern, flags)
    texts: list[str] = []
    for prefix, pump in pumps(list(tree)):
        body = pump * max(1, n // len(pump))
        texts += [prefix + body + tail for tail in TAILS]
    # Patterns without a long quantifier still get long inputs (they must stay linear).
    everything = "".join(chars_of(list(tree))) or "a"
    texts += [everything * max(1, n // len(everything)) + tail for tail in TAILS]
    return list(dict.fromkeys(texts))


OPS = ("search", "match", "fullmatch", "findall", "split")


def run(job: dict[str, Any]) -> None:
    pattern: str | bytes = job["pattern"].encode("latin-1") if job["bytes"] else job["pattern"]
    compiled = re.compile(pattern, job["flags"])
    texts = [*attack_inputs(pattern, job["flags"], job["n"]), *job.get("extra", [])]
    for i, text in enumerate(texts):
        subject: str | bytes = text.encode("latin-1", "replace") if job["bytes"] else text
        for op in job["ops"]:
            desc = f"{op} on {text[:24]!r}...{text[-3:]!r} ({len(text):,} chars)"
            print(json.dumps({"start": desc}), flush=True)
            started = time.perf_counter()
            getattr(compiled, op)(subject)
            print(json.dumps({"took": time.perf_counter() - started, "desc": desc, "i": i}), flush=True)
    print(json.dumps({"done": len(texts)}), flush=True)


def main() -> None:
    for line in sys.stdin:
        run(json.loads(line))


if __name__ == "__main__":
    main()
