"""Quantities: every number a report gives, with its bounds and what it counts.

A claim's numbers are what readers compare across articles ("about 1,500" vs "as many
as 10,000"), so the hedging words around a number matter as much as the digits. This
stage reads the parsed Doc once, left to right, and writes ``doc._.quantities``: a list
of :class:`claimledger.models.Quantity` in text order (``q1``, ``q2``, ...), unlinked
(``attribution_id=None``; the linking stage attaches them).

All word lists live in ``data/quantities.json``; the rules they feed are:

* **Numbers**: digits with thousands commas and decimals ("23,654", "2.335"), digits with
  a glued multiplier ("5bn", "$3.2m"; never "3.2 m", which is metres), number words
  ("twenty-five", "one hundred and twenty", "ten thousand"), mixed ("1.5 million"), "a"
  before a multiplier ("a million").
* **Money** is in units of its currency ("$2.4 billion" -> 2400000000, unit "USD");
  a per-unit tail belongs to it ("$2.75 a share", unit "USD per share").
* **Percent** is the percent number ("11%" -> 11, unit "percent").
* **Fractions and ratios** are decimals rounded to 3 significant digits: "two-thirds"
  -> 0.667, "half of" -> 0.5, "one in five" -> 0.2, "three of every 1,000" -> 0.003.
* **Dozens**: "a dozen" -> 12 and "two dozen" -> 24 are *approximate*.
* **Vague plurals** before "of" are *lower bounds* at twice their base: "dozens of" ->
  24, "hundreds of" -> 200, "thousands of" -> 2000, "tens of thousands of" -> 20000,
  "hundreds of thousands of" -> 200000.
* **Qualifiers**: a phrase right before the number ("about", "as many as", "at least",
  the longest wins) or right after it ("or more", "-plus", "or so"). An explicit phrase
  beats the implicit qualifier of a dozen or vague form. upper_bound sets ``high``,
  lower_bound sets ``low``, exact/approximate set ``value`` only.
* **Ranges**: "between X and Y", "X to Y", "X-Y", "from X to Y", "X or Y": ``value`` is
  None, ``low``/``high`` are set; a currency, percent sign or multiplier written only
  once is shared ("1.5 to 2 million" -> 1500000..2000000).
* **Tallies**: "X-Y" after a vote/score cue ("a vote of 174-235") has no value.
* **Span**: qualifier + number + the head noun with its modifiers ("about 1,500 North
  Korean soldiers"), a bare "of" complement ("cases of measles"), a partitive ("five of
  the fatalities"), or, for a numeral standing alone as a subject, its verb ("two were
  reported"). A bracketed unit conversion right after a quantity joins it ("1,000 acres
  (400 hectares)") instead of counting twice.
* **Skipped**: dates and clock times (spaCy DATE/TIME entities unless they measure a
  duration such as "two weeks"), years (a bare 1800-2099 number), ordinals, identifiers
  ("No. 3", "Article 5", "3M", names the NER labels), exponents ("10^400"), numbers too
  long to be a count, referential numbers ("the two men"), idioms ("one more", "one of"),
  a bare pronoun "one" ("One said ..."), and partitives of superlatives ("two of the
  most isolated regimes").
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from claimledger import extensions, lexicons
from claimledger.models import Qualifier, Quantity, Span

extensions.register()

_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^\.\d+$")
_DIGITS_ABBREV = re.compile(r"^((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)([a-z]+)$")
_DIGIT_FRACTION = re.compile(r"^(\d{1,4})/(\d{1,5})$")
_YEAR = re.compile(r"^(?:1[89]\d\d|20\d\d)$")
_WORD_SPLIT = re.compile(r"[$€£¥₹₽₩%~+]|\d[\d,]*(?:\.\d+)?[a-z]*|\.\d+|[^\W\d]+(?:\.)?|[-–—/]|\S")
_MAX_TOKEN_CHARS = 40
_MAX_VALUE = 1e18
_MAX_HEAD_DISTANCE = 5
_MAX_TAIL_TOKENS = 6
_HEAD_DEPS = frozenset({"nummod", "quantmod", "compound", "amod", "nmod", "npadvmod", "advmod"})
_NOUN_MOD_DEPS = frozenset({"compound", "amod", "nmod", "nummod", "poss", "npadvmod"})
_SUBJ_DEPS = frozenset({"nsubj", "nsubjpass"})
_VERB_GAP_DEPS = frozenset({"aux", "auxpass", "neg", "advmod"})
_HYPHENS = frozenset({"-", "‐", "‑"})
_NUMBER_WORD_KINDS = frozenset({"small", "hundred", "mult", "dozen", "fraction"})


# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class _Lexicon:
    """``data/quantities.json`` compiled to sets and tuple-keyed dicts, built once."""

    before: dict[tuple[str, ...], Qualifier]
    before_max: int
    after: dict[tuple[str, ...], Qualifier]
    after_max: int
    range_openers: frozenset[str]
    range_connectors: frozenset[str]
    alt_connectors: frozenset[str]
    ratio_connectors: tuple[tuple[str, ...], ...]
    small: dict[str, int]
    hundred: dict[str, int]
    multipliers: dict[str, int]
    abbreviations: dict[str, int]
    dozen: dict[str, int]
    vague: dict[str, int]
    vague_factor: int
    fractions: dict[str, int]
    currency_symbols: dict[str, str]
    currency_words: dict[tuple[str, ...], str]
    percent_words: tuple[tuple[str, ...], ...]
    per_unit: frozenset[str]
    durations: frozenset[str]
    calendar: frozenset[str]
    date_followers: frozenset[str]
    identifier_cues: frozenset[str]
    identifier_labels: frozenset[str]
    tally_cues: frozenset[str]
    referential: frozenset[str]
    not_quantity: tuple[tuple[str, ...], ...]
    superlative: frozenset[str]
    brackets: dict[str, str]


def _phrases(items: Iterable[str]) -> list[tuple[str, ...]]:
    return [tuple(p.lower().split()) for p in items if p.strip()]


@cache
def _lexicon(lang: str = "en") -> _Lexicon:
    raw = lexicons.load("quantities", lang)

    def qualifier_table(key: str) -> dict[tuple[str, ...], Qualifier]:
        table: dict[tuple[str, ...], Qualifier] = {}
        for qual, items in raw[key].items():
            for phrase in _phrases(items):
                table[phrase] = qual
        return table

    before, after = qualifier_table("qualifiers_before"), qualifier_table("qualifiers_after")
    return _Lexicon(
        before=before,
        before_max=max((len(p) for p in before), default=0),
        after=after,
        after_max=max((len(p) for p in after), default=0),
        range_openers=frozenset(raw["range_openers"]),
        range_connectors=frozenset(raw["range_connectors"]),
        alt_connectors=frozenset(raw["alternative_connectors"]),
        ratio_connectors=tuple(sorted(_phrases(raw["ratio_connectors"]), key=len, reverse=True)),
        small={k: int(v) for k, v in raw["small_numbers"].items()},
        hundred={k: int(v) for k, v in raw["hundred"].items()},
        multipliers={k: int(v) for k, v in raw["multipliers"].items()},
        abbreviations={k: int(v) for k, v in raw["multiplier_abbreviations"].items()},
        dozen={k: int(v) for k, v in raw["dozen"].items()},
        vague={k: int(v) for k, v in raw["vague_plurals"].items()},
        vague_factor=int(raw["vague_plural_factor"]),
        fractions={k: int(v) for k, v in raw["fractions"].items()},
        currency_symbols={k.lower(): v for k, v in raw["currency_symbols"].items()},
        currency_words={tuple(k.lower().split()): v for k, v in raw["currency_words"].items()},
        percent_words=tuple(sorted(_phrases(raw["percent_words"]), key=len, reverse=True)),
        per_unit=frozenset(raw["per_unit_words"]),
        durations=frozenset(w.lower() for w in raw["duration_units"]),
        calendar=frozenset(w.lower() for w in raw["calendar_words"]),
        date_followers=frozenset(raw["date_followers"]),
        identifier_cues=frozenset(w.lower() for w in raw["identifier_cues"]),
        identifier_labels=frozenset(raw["identifier_entity_labels"]),
        tally_cues=frozenset(raw["tally_cues"]),
        referential=frozenset(raw["referential_determiners"]),
        not_quantity=tuple(_phrases(raw["not_quantity_phrases"])),
        superlative=frozenset(raw["superlative_markers"]),
        brackets={pair[0]: pair[1] for pair in raw["conversion_brackets"]},
    )


# --------------------------------------------------------------------------- numbers


def _word_kind(word: str, lex: _Lexicon) -> str | None:
    """The role of one lower-cased token in a written number, or None."""
    if word in lex.small:
        return "small"
    if word in lex.hundred:
        return "hundred"
    if word in lex.multipliers:
        return "mult"
    if word in lex.dozen:
        return "dozen"
    if word in lex.fractions:
        return "fraction"
    if word in lex.vague:
        return "vague"
    if word in ("a", "an"):
        return "a"
    if not word or len(word) > _MAX_TOKEN_CHARS or not (word[0].isdigit() or word[0] == "."):
        return None
    if _DIGITS.match(word):
        return "digits"
    m = _DIGITS_ABBREV.match(word)
    if m and m.group(2) in lex.abbreviations:
        return "digits"
    if _DIGIT_FRACTION.match(word):
        return "dfrac"
    return None


def _digits_value(word: str, lex: _Lexicon) -> tuple[Decimal, int] | None:
    """Value and glued multiplier of a digit token ("2.4" -> 2.4, "5bn" -> 5e9)."""
    try:
        if _DIGITS.match(word):
            return Decimal(word.replace(",", "")), 1
        m = _DIGITS_ABBREV.match(word)
        if m and m.group(2) in lex.abbreviations:
            mult = lex.abbreviations[m.group(2)]
            return Decimal(m.group(1).replace(",", "")) * mult, mult
    except InvalidOperation:
        return None
    return None


@dataclass(frozen=True)
class _Parsed:
    value: Decimal
    multiplier: int  # the largest multiplier applied (for sharing across a range)
    fraction: bool  # a division happened: round to 3 significant digits
    vague: bool  # "thousands of": a lower bound
    dozen: bool  # "two dozen": approximate


def _parse_words(words: Sequence[str], lex: _Lexicon) -> _Parsed | None:
    """Value of a written number given as lower-cased tokens (no currency, no percent)."""
    words = [w for w in words if w not in _HYPHENS and w != "and"]
    if not words:
        return None
    if all(w in lex.vague or w == "of" for w in words):
        bases = [lex.vague[w] for w in words if w != "of"]
        if not bases:
            return None
        value = Decimal(lex.vague_factor)
        for b in bases:
            value *= b
        return _Parsed(value, max(bases), False, True, False)
    total, current = Decimal(0), None
    seen_number = fraction = dozen = False
    multiplier = 1
    for w in words:
        kind = _word_kind(w, lex)
        if kind == "a":
            if current is None:
                current = Decimal(1)
            continue
        if kind == "digits":
            parsed = _digits_value(w, lex)
            if parsed is None or seen_number:
                return None
            current, multiplier = parsed[0], max(multiplier, parsed[1])
        elif kind == "dfrac":
            m = _DIGIT_FRACTION.match(w)
            if m is None or int(m.group(2)) == 0 or seen_number:
                return None
            current, fraction = Decimal(int(m.group(1))) / Decimal(int(m.group(2))), True
        elif kind == "small":
            current = (current or Decimal(0)) + lex.small[w]
        elif kind == "hundred":
            current = (current or Decimal(1)) * lex.hundred[w]
            multiplier = max(multiplier, lex.hundred[w])
        elif kind == "mult":
            total += (current or Decimal(1)) * lex.multipliers[w]
            multiplier = max(multiplier, lex.multipliers[w])
            current = None
        elif kind == "dozen":
            current, dozen = (current or Decimal(1)) * lex.dozen[w], True
        elif kind == "fraction":
            current, fraction = (current or Decimal(1)) / lex.fractions[w], True
        else:
            return None
        seen_number = True
    if not seen_number:
        return None
    return _Parsed(total + (current or Decimal(0)), multiplier, fraction, False, dozen)


def _to_float(value: Decimal, fraction: bool) -> float | None:
    """A finite float, 3 significant digits for fractions; None when absurdly large."""
    try:
        out = float(value)
    except (OverflowError, InvalidOperation, ValueError):
        return None
    if not math.isfinite(out) or abs(out) > _MAX_VALUE:
        return None
    if fraction and out != 0:
        out = float(f"{out:.3g}")
    return out


def parse_number(text: str) -> float | None:
    """The value of a number as written, or None when ``text`` is not one number.

    Handles what news writes: "1,500", "2.4", "1.5 million", "$2.4 billion" (units of the
    currency), "10%" (10), "half", "two-thirds", "one in five", "ten thousand",
    "twenty-five", "a dozen", "two dozen", "dozens" (24), "thousands of" (2000). It never
    raises; numbers too long or too large to be a count give None.
    """
    lex = _lexicon()
    low = text.strip().lower()
    if not low or len(low) > 200:
        return None
    words = _WORD_SPLIT.findall(low)
    words = [w for w in words if w.lower() not in lex.currency_symbols and w not in ("%", "~", "+")]
    while words and words[-1] == "of":
        words.pop()
    for phrase in [*lex.percent_words, *lex.currency_words]:
        if len(phrase) <= len(words) and tuple(words[-len(phrase) :]) == phrase:
            words = words[: -len(phrase)]
            break
    for conn in lex.ratio_connectors:
        for k in range(1, len(words) - len(conn)):
            if tuple(words[k : k + len(conn)]) == conn:
                a, b = _parse_words(words[:k], lex), _parse_words(words[k + len(conn) :], lex)
                if a is None or b is None or b.value == 0:
                    return None
                return _to_float(a.value / b.value, True)
    parsed = _parse_words(words, lex)
    if parsed is None:
        return None
    return _to_float(parsed.value, parsed.fraction)


# --------------------------------------------------------------------------- reading a Doc


@dataclass
class _Number:
    """One written number in the Doc: tokens [start, end) incl. currency and percent."""

    start: int
    num_start: int  # first token of the number proper (after a currency symbol)
    num_end: int  # end of the number proper (before a percent sign or currency word)
    end: int
    parsed: _Parsed
    currency: str | None
    percent: bool

    @property
    def plain(self) -> bool:
        return self.currency is None and not self.percent


class _Reader:
    """One pass over one Doc; holds the lexicon and the Doc's lower-cased tokens."""

    def __init__(self, doc: Doc, lex: _Lexicon) -> None:
        self.doc = doc
        self.lex = lex
        self.n = len(doc)
        self.lower: list[str] = [t.lower_ for t in doc]
        self.has_dep = doc.has_annotation("DEP")
        self.has_ents = doc.has_annotation("ENT_IOB")
        self.prev_thing = ""

    # -- small helpers
    def kind(self, i: int) -> str | None:
        return _word_kind(self.lower[i], self.lex) if 0 <= i < self.n else None

    def seq(self, i: int, phrase: tuple[str, ...]) -> bool:
        return 0 <= i and i + len(phrase) <= self.n and tuple(self.lower[i : i + len(phrase)]) == phrase

    def glued(self, i: int) -> bool:
        """Token i is written with no space before token i + 1."""
        return 0 <= i < self.n - 1 and self.doc[i].whitespace_ == ""

    def is_noun(self, i: int) -> bool:
        return bool(self.doc[i].tag_.startswith("NN"))

    # -- numbers
    def starts_number(self, i: int) -> bool:
        kind = self.kind(i)
        if kind in ("digits", "dfrac", "small", "hundred", "mult"):
            return True
        if kind == "a":
            return self.kind(i + 1) in ("hundred", "mult", "dozen", "fraction")
        if kind == "vague":
            return self.lower[i + 1] == "of" if i + 1 < self.n else False
        if kind == "fraction":
            return self.lower[i] in ("half", "halves") and self.half_ok(i)
        return False

    def half_ok(self, i: int) -> bool:
        nxt = self.lower[i + 1] if i + 1 < self.n else ""
        if nxt in ("of", "a", "an") or self.kind(i + 1) == "mult":
            return True
        return i + 1 < self.n and self.doc[i + 1].tag_ in ("DT", "PRP$")

    def read_number(self, i: int) -> _Number | None:
        """The written number starting at token i (maybe with a currency symbol), or None."""
        lex, start, currency = self.lex, i, None
        if self.lower[i] in lex.currency_symbols and i + 1 < self.n and self.starts_number(i + 1):
            currency = lex.currency_symbols[self.lower[i]]
            i += 1
        if not self.starts_number(i):
            return None
        words, k = [self.lower[i]], i + 1
        prev_kind = self.kind(i)
        while k < self.n:
            word, kind = self.lower[k], self.kind(k)
            if word in _HYPHENS and self.glued(k - 1) and self.glued(k):
                nxt = self.kind(k + 1)
                if nxt in _NUMBER_WORD_KINDS and prev_kind != "digits":
                    k += 1
                    continue
                break
            if word == "and" and prev_kind in ("hundred", "mult") and self.kind(k + 1) == "small":
                k += 1
                continue
            if word == "of" and prev_kind == "vague" and self.kind(k + 1) == "vague":
                words.append("of")
                k += 1
                continue
            if prev_kind == "digits" and word in lex.abbreviations and self.glued(k - 1):
                kind = "mult"
            elif not self.continues(prev_kind, kind, words):
                break
            words.append(word if kind != "mult" or word not in lex.abbreviations else _abbrev_word(word, lex))
            prev_kind = kind
            k += 1
        # a singular fraction needs "of" or a hyphen to be a fraction ("a third of" but
        # not "a third term"); otherwise drop it and keep what came before.
        while words and self.kind_of(words[-1]) == "fraction" and not self.fraction_ok(words, k):
            words.pop()
            k -= 1
            while k > i and self.lower[k - 1] in _HYPHENS:
                k -= 1
        if not words or words == ["a"] or words == ["an"]:
            return None
        parsed = _parse_words(words, lex)
        if parsed is None:
            return None
        num_end, end, percent = k, k, False
        for phrase in lex.percent_words:
            if self.seq(k, phrase):
                end, percent = k + len(phrase), True
                break
        if currency is None and not percent:
            for cw, code in lex.currency_words.items():
                if self.seq(k, cw):
                    end, currency = k + len(cw), code
                    break
        return _Number(start, i, num_end, end, parsed, currency, percent)

    def kind_of(self, word: str) -> str | None:
        return _word_kind(word, self.lex)

    def fraction_ok(self, words: list[str], k: int) -> bool:
        last = words[-1]
        if last in ("half", "halves"):
            return len(words) > 1 or self.half_ok(k - 1)
        if len(words) == 1:
            return False
        hyphenated = k - 2 >= 0 and self.lower[k - 2] in _HYPHENS
        return hyphenated or (k < self.n and self.lower[k] == "of")

    @staticmethod
    def continues(prev: str | None, kind: str | None, words: list[str]) -> bool:
        """Whether a number word of ``kind`` extends a number ending in ``prev``."""
        if kind is None or kind in ("vague", "digits", "dfrac"):
            return False
        if prev == "digits":
            return kind in ("hundred", "mult", "dozen")
        if prev == "small":
            if kind == "small":
                return len(words) >= 1 and words[-1].endswith("ty")
            return kind in ("hundred", "mult", "dozen", "fraction")
        if prev == "hundred":
            return kind in ("small", "mult")
        if prev == "mult":
            return kind == "mult"
        if prev == "a":
            return kind in ("hundred", "mult", "dozen", "fraction")
        if prev == "fraction":
            return kind == "a" or kind == "mult"
        return False

    # -- context
    def qualifier_before(self, s: int) -> tuple[int, Qualifier] | None:
        for length in range(min(self.lex.before_max, s), 0, -1):
            qual = self.lex.before.get(tuple(self.lower[s - length : s]))
            if qual is not None:
                return s - length, qual
        return None

    def qualifier_after(self, e: int) -> tuple[int, Qualifier] | None:
        for length in range(min(self.lex.after_max, self.n - e), 0, -1):
            qual = self.lex.after.get(tuple(self.lower[e : e + length]))
            if qual is not None:
                return e + length, qual
        return None

    def ent(self, i: int) -> str:
        return str(self.doc[i].ent_type_) if self.has_ents else ""

    def skip_reason(self, num: _Number, head: int | None) -> str | None:
        """Why the number at ``num`` is not a quantity (date, identifier, ...), or None."""
        lex, doc = self.lex, self.doc
        s, e = num.num_start, num.num_end
        ents = {self.ent(j) for j in range(s, e)}
        if ents & lex.identifier_labels and num.currency is None:
            return "identifier-entity"
        if "ORDINAL" in ents and not num.parsed.fraction:
            return "ordinal"
        head_word = self.lower[head] if head is not None else ""
        if head_word in lex.calendar or (e < self.n and self.lower[e] in lex.calendar):
            return "date"
        if s > 0 and self.lower[s - 1] in lex.calendar and num.plain:
            return "date"
        if ents & {"DATE", "TIME"} and num.plain:
            after = head + 1 if head is not None else e
            if head_word not in lex.durations or (after < self.n and self.lower[after] in lex.date_followers):
                return "date"
        if num.plain and e - s == 1 and _YEAR.match(self.lower[s]) and head is None:
            return "year"
        prev = s - 1 if num.currency is None else num.start - 1
        if prev >= 0:
            cue = self.lower[prev]
            if cue == "." and prev > 0:
                cue = self.lower[prev - 1]
            if cue in lex.identifier_cues or cue == "#":
                return "identifier"
            if self.glued(prev) and doc[prev].is_alpha:
                return "identifier"
        if (e < self.n and self.lower[e] == "^") or (s > 0 and self.lower[s - 1] == "^"):
            return "exponent"
        last = e - 1
        if self.glued(last) and num.end == e and e < self.n and doc[e].is_alpha:
            return "identifier"
        for phrase in lex.not_quantity:
            for off in range(len(phrase)):
                if self.seq(s - off, phrase):
                    return "idiom"
        return None

    def head_noun(self, anchor: int, e: int) -> int | None:
        """The noun the number at ``anchor`` counts, to its right within a few tokens."""
        if not self.has_dep:
            return None
        tok = self.doc[anchor]
        for _ in range(4):
            if tok.dep_ not in _HEAD_DEPS or tok.head.i <= tok.i:
                break
            tok = tok.head
            if tok.i >= e and self.is_noun(tok.i):
                break
        h = tok.i
        if h < e or h - e >= _MAX_HEAD_DISTANCE or not self.is_noun(h):
            return None
        if any(self.doc[j].is_punct and self.lower[j] not in _HYPHENS for j in range(e, h)):
            return None
        return h

    def noun_left_edge(self, h: int, lo: int) -> int:
        """First token of the head noun's premodifiers ("North Korean" in front of soldiers)."""
        left = h
        for child in self.doc[h].lefts:
            if child.i >= lo and child.dep_ in _NOUN_MOD_DEPS:
                left = min(left, child.left_edge.i)
        return max(left, lo)

    def of_tail(self, h: int, allow_det: bool) -> int | None:
        """End token of an "of NP" complement right after ``h`` ("cases of measles")."""
        if h + 1 >= self.n or self.lower[h + 1] != "of":
            return None
        of = self.doc[h + 1]
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if self.has_dep else None
        if pobj is None or pobj.i <= of.i or pobj.i - of.i > _MAX_TAIL_TOKENS:
            return None
        between = range(of.i + 1, pobj.i)
        if not allow_det and any(self.doc[j].tag_ in ("DT", "PRP$", "POS") for j in between):
            return None
        if any(self.doc[j].is_punct and self.lower[j] not in _HYPHENS for j in between):
            return None
        return int(pobj.i)

    def superlative_between(self, a: int, b: int) -> bool:
        return any(
            self.doc[j].tag_ in ("JJS", "RBS") or self.lower[j] in self.lex.superlative for j in range(a, b)
        )

    # -- one quantity
    def quantity_at(self, i: int) -> tuple[dict[str, Any] | None, int]:
        """The quantity starting at token i and the index to continue from."""
        first = self.read_number(i)
        if first is None:
            return None, i + 1
        lex = self.lex
        span_start, span_end = first.start, first.end
        qual: Qualifier = "exact"
        value = low = high = None
        last = first
        explicit = self.qualifier_before(first.start)
        opener = self.lower[first.start - 1] if first.start > 0 else ""
        kind = "single"
        # ranges and tallies: X to Y, X-Y, between X and Y, from X to Y, X or Y
        second: _Number | None = None
        if first.end < self.n:
            conn = self.lower[first.end]
            if (
                conn in lex.range_connectors or conn in lex.alt_connectors
            ) and first.end + 1 < self.n:
                cand = self.read_number(first.end + 1)
                if cand is not None and not cand.parsed.vague and not first.parsed.vague:
                    if conn == "and" and opener != "between":
                        cand = None
                    elif conn in lex.alt_connectors and not (first.plain and cand.plain):
                        cand = None
                    second = cand
        ratio: _Number | None = None
        if second is None and first.plain and not first.parsed.vague:
            for conn_words in lex.ratio_connectors:
                if self.seq(first.end, conn_words) and first.end + len(conn_words) < self.n:
                    cand = self.read_number(first.end + len(conn_words))
                    if (
                        cand is not None
                        and cand.plain
                        and not cand.parsed.fraction
                        and not cand.parsed.vague
                        and cand.parsed.value > 1
                        and first.parsed.value <= cand.parsed.value
                        and not _YEAR.match(self.lower[cand.num_start])
                    ):
                        ratio = cand
                    break
        a_val = _to_float(first.parsed.value, first.parsed.fraction)
        if second is not None:
            kind = "range"
            last = second
            a_dec, b_dec = first.parsed.value, second.parsed.value
            if first.parsed.multiplier == 1 and second.parsed.multiplier > 1:
                if a_dec * second.parsed.multiplier <= b_dec:
                    a_dec *= second.parsed.multiplier
            conn = self.lower[first.end]
            tally_context = any(self.lower[j] in lex.tally_cues for j in range(max(0, first.start - 4), first.start))
            if conn in _HYPHENS and first.plain and second.plain and (tally_context or a_dec > b_dec):
                kind = "tally"
            lo_f = _to_float(a_dec, first.parsed.fraction)
            hi_f = _to_float(b_dec, second.parsed.fraction)
            if lo_f is None or hi_f is None:
                return None, second.end
            if lo_f > hi_f:
                lo_f, hi_f = hi_f, lo_f
            span_end = second.end
            if kind == "tally":
                qual = "exact"
            else:
                qual, low, high = "range", lo_f, hi_f
                if opener in lex.range_openers:
                    span_start = first.start - 1
                    explicit = self.qualifier_before(span_start)
            if first.currency is None and second.currency is not None:
                first.currency = second.currency
            if first.percent is False and second.percent:
                first.percent = True
        elif ratio is not None:
            kind = "ratio"
            last = ratio
            value = _to_float(first.parsed.value / ratio.parsed.value, True)
            span_end = ratio.end
        else:
            value = a_val
        if kind in ("single", "ratio") and value is None:
            return None, last.end
        # the noun it counts and the span's right end
        anchor = last.end - 1
        head = None if (last.currency or last.percent) and kind != "ratio" else self.head_noun(anchor, last.end)
        if last.percent:
            head = self.head_noun(anchor, last.end)
        reason = self.skip_reason(first, head if kind != "range" else None)
        if reason is None and kind == "range":
            reason = self.skip_reason(second, None) if second is not None else None
            if reason in ("identifier", "idiom"):
                reason = None
        if reason is not None:
            return None, last.end
        post = self.qualifier_after(last.end)
        if post is not None and kind != "tally":
            span_end = max(span_end, post[0])
            if explicit is None and kind != "range":
                qual = post[1]
        thing = ""
        if first.currency and not first.percent:
            thing = first.currency
            if (
                span_end + 1 < self.n
                and self.lower[span_end] in lex.per_unit
                and self.is_noun(span_end + 1)
            ):
                thing = f"{first.currency} per {self.doc[span_end + 1].text}"
                span_end += 2
        elif first.percent:
            thing = "percent"
            if head is not None and head >= span_end:
                span_end = head + 1
        else:
            if head is not None and head >= last.end:
                left = self.noun_left_edge(head, max(last.end, post[0] if post else last.end))
                tail = self.of_tail(head, allow_det=False)
                span_end = (tail if tail is not None else head) + 1
                thing = self.doc[left:span_end].text
            elif span_end < self.n and self.lower[span_end] == "of":
                tail = self.of_tail(span_end - 1, allow_det=True)
                if tail is not None:
                    if self.superlative_between(span_end + 1, tail + 1):
                        return None, tail + 1
                    pobj = self.doc[tail]
                    thing = self.doc[self.noun_left_edge(tail, span_end + 1) : tail + 1].text
                    if pobj.tag_ == "PRP":
                        thing = self.prev_thing
                    span_end = tail + 1
            else:
                span_end, thing = self.bare_tail(anchor, span_end)
        # bare "one" as a pronoun ("One said ...") and referential "the two men"
        if kind == "single" and explicit is None and first.plain:
            words = self.lower[first.num_start : first.num_end]
            if words == ["one"] and (head is None or head < last.end) and span_end == first.end:
                return None, last.end
            if words == ["one"] and span_end > first.end and head is None:
                return None, last.end
            prev = first.start - 1
            if (
                prev >= 0
                and all(w.isalpha() or w in _HYPHENS for w in words)
                and self.doc[prev].tag_ in ("DT", "PRP$", "POS", "WP$")
                and self.lower[prev] in lex.referential
            ):
                return None, last.end
        # a bracketed conversion right after joins this quantity: "1,000 acres (400 hectares)"
        close = lex.brackets.get(self.lower[span_end]) if span_end < self.n else None
        if close is not None and span_end + 1 < self.n:
            inner = self.read_number(span_end + 1)
            if inner is not None:
                for j in range(inner.end, min(self.n, inner.end + 4)):
                    if self.lower[j] == close:
                        span_end = j + 1
                        break
        # qualifiers: explicit phrase > dozen/vague form > exact
        if explicit is not None:
            span_start = min(span_start, explicit[0])
            if kind != "range":
                qual = explicit[1]
        elif kind == "single" and post is None:
            if first.parsed.vague:
                qual = "lower_bound"
            elif first.parsed.dozen:
                qual = "approximate"
        if kind == "tally":
            value = low = high = None
        elif qual == "upper_bound":
            high, low = value, None
        elif qual == "lower_bound":
            low, high = value, None
        if kind == "tally":
            thing = "tally"
        elif not thing:
            thing = self.prev_thing
        else:
            self.prev_thing = thing
        rec = {
            "start": span_start,
            "end": span_end,
            "num": (first.start, last.end),
            "value": value if kind not in ("range", "tally") else None,
            "low": low,
            "high": high,
            "qualifier": qual,
            "thing": thing,
        }
        return rec, max(span_end, last.end)

    def bare_tail(self, anchor: int, span_end: int) -> tuple[int, str]:
        """A numeral with no noun: "two involving school-aged children", "two were reported"."""
        if not self.has_dep:
            return span_end, ""
        tok = self.doc[anchor]
        for child in tok.rights:
            if child.dep_ in ("acl", "relcl") and child.i == span_end:
                end = child.right_edge.i + 1
                if end - span_end <= _MAX_TAIL_TOKENS:
                    return end, ""
        if tok.dep_ in _SUBJ_DEPS and tok.head.i > tok.i and tok.head.i - span_end <= 3:
            if all(self.doc[j].dep_ in _VERB_GAP_DEPS for j in range(span_end, tok.head.i)):
                return tok.head.i + 1, ""
        return span_end, ""

    def run(self) -> list[Quantity]:
        out: list[Quantity] = []
        text = self.doc.text
        i = 0
        while i < self.n:
            if not self.might_start(i):
                i += 1
                continue
            rec, nxt = self.quantity_at(i)
            i = max(nxt, i + 1)
            if rec is None:
                continue
            first_tok, last_tok = self.doc[rec["start"]], self.doc[rec["end"] - 1]
            start, end = first_tok.idx, last_tok.idx + len(last_tok.text)
            n0, n1 = rec["num"]
            ntok0, ntok1 = self.doc[n0], self.doc[n1 - 1]
            out.append(
                Quantity(
                    id=f"q{len(out) + 1}",
                    span=Span(text[start:end], start, end),
                    value=rec["value"],
                    low=rec["low"],
                    high=rec["high"],
                    qualifier=rec["qualifier"],
                    unit_or_thing=rec["thing"],
                    number_text=text[ntok0.idx : ntok1.idx + len(ntok1.text)],
                )
            )
        return out

    def might_start(self, i: int) -> bool:
        """Cheap pre-filter so most tokens cost one set lookup."""
        word = self.lower[i]
        return bool(word) and (word[0].isdigit() or word[0] == "." or _word_kind(word, self.lex) is not None
                               or word in self.lex.currency_symbols)


def _abbrev_word(word: str, lex: _Lexicon) -> str:
    """The multiplier word with the same value as a glued abbreviation ("bn" -> "billion")."""
    value = lex.abbreviations[word]
    for name, v in lex.multipliers.items():
        if v == value:
            return name
    return word


# --------------------------------------------------------------------------- public API


def find_quantities(doc: Doc, lang: str = "en") -> list[Quantity]:
    """Every quantity in ``doc`` in text order, ids ``q1``, ``q2``, ...; never raises on text."""
    if len(doc) == 0:
        return []
    return _Reader(doc, _lexicon(lang)).run()


class QuantityFinder:
    """spaCy component writing ``doc._.quantities``; the lexicon is compiled once here."""

    def __init__(self, nlp: Language, name: str = "claimledger_quantities", lang: str = "en") -> None:
        self.name = name
        self.lang = lang
        self.lexicon = _lexicon(lang)

    def __call__(self, doc: Doc) -> Doc:
        doc._.quantities = find_quantities(doc, self.lang)
        return doc


@Language.factory(
    "claimledger_quantities",
    assigns=["doc._.quantities"],
    requires=["token.dep", "token.head", "token.tag", "token.ent_type"],
    default_config={"lang": "en"},
)
def make_quantity_finder(nlp: Language, name: str, lang: str) -> QuantityFinder:
    """Factory for ``nlp.add_pipe("claimledger_quantities")``."""
    return QuantityFinder(nlp, name, lang)
