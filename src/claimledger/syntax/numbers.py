"""Numbers as news writes them: digits, number words, multipliers, fractions, dozens.

The quantities stage compares what reports count, so a number must read the same
however it is written. This module turns written numbers into values, from a string
(``parse_number``) or from a parsed Doc's tokens (``NumberReader``, which the
quantities stage builds on); what a number counts, and how sure the writer is, are
decided there.

* **Numbers**: digits with thousands commas and decimals ("23,654", "2.335"), digits with
  a glued multiplier ("5bn", "$3.2m"; never "3.2 m", which is metres), number words
  ("twenty-five", "one hundred and twenty", "ten thousand"), mixed ("1.5 million"), "a"
  before a multiplier ("a million").
* Fractions, dozens and vague plurals get the values :mod:`claimledger.pipeline.quantities`
  documents ("two-thirds" -> 0.667, "two dozen" -> 24, "thousands of" -> 2000); a
  singular fraction needs "of" or a hyphen ("a third of", not "a third term").

The word tables come from ``data/quantities.json``, compiled once by
``quantity_lexicon``. The whole lexicon lives here, below the quantities stage,
because both modules read it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from spacy.tokens import Doc

from claimledger import lexicons
from claimledger.models import Qualifier

_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^\.\d+$")
_DIGITS_ABBREV = re.compile(r"^((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)([a-z]+)\.?$")
_DIGIT_FRACTION = re.compile(r"^(\d{1,4})/(\d{1,5})$")
_WORD_SPLIT = re.compile(
    r"\d{1,4}/\d{1,5}(?![\d/])|[$€£¥₹₽₩%~+]|\d[\d,]*(?:\.\d+)?[a-z]*|\.\d+|[^\W\d]+(?:\.)?|[-–—/]|\S"
)
_MAX_TOKEN_CHARS = 40
_MAX_VALUE = 1e18
HYPHENS = frozenset({"-", "‐", "‑"})
_NUMBER_WORD_KINDS = frozenset({"small", "hundred", "mult", "dozen", "fraction"})


# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class QuantityLexicon:
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
    spaced: dict[str, int]
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
    measure_units: frozenset[str]
    address_words: frozenset[str]
    collective_nouns: frozenset[str]
    change_verbs: frozenset[str]
    reach_verbs: frozenset[str]
    number_nouns: frozenset[str]


def _phrases(items: Iterable[str]) -> list[tuple[str, ...]]:
    return [tuple(p.lower().split()) for p in items if p.strip()]


@cache
def quantity_lexicon(lang: str = "en") -> QuantityLexicon:
    """``data/quantities.json`` for ``lang``, compiled once per process."""
    raw = lexicons.load("quantities", lang)

    def qualifier_table(key: str) -> dict[tuple[str, ...], Qualifier]:
        table: dict[tuple[str, ...], Qualifier] = {}
        for qual, items in raw[key].items():
            for phrase in _phrases(items):
                table[phrase] = qual
        return table

    before, after = qualifier_table("qualifiers_before"), qualifier_table("qualifiers_after")
    return QuantityLexicon(
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
        spaced={k: int(v) for k, v in raw["spaced_multiplier_abbreviations"].items()},
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
        measure_units=frozenset(w.lower() for w in raw["measure_units"]),
        address_words=frozenset(w.lower() for w in raw["address_words"]),
        collective_nouns=frozenset(w.lower() for w in raw["collective_nouns"]),
        change_verbs=frozenset(raw["change_verbs"]),
        reach_verbs=frozenset(raw["reach_verbs"]),
        number_nouns=frozenset(raw["number_nouns"]),
    )


# --------------------------------------------------------------------------- numbers


def word_kind(word: str, lex: QuantityLexicon) -> str | None:
    """The role of one lower-cased token in a written number, or None."""
    if word in lex.small:
        return "small"
    if word in lex.hundred:
        return "hundred"
    if word in lex.multipliers or word in lex.spaced:
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


def _digits_value(word: str, lex: QuantityLexicon) -> tuple[Decimal, int] | None:
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


def _parse_words(words: Sequence[str], lex: QuantityLexicon) -> _Parsed | None:
    """Value of a written number given as lower-cased tokens (no currency, no percent)."""
    words = [w for w in words if w not in HYPHENS and w != "and"]
    if not words:
        return None
    if all(w in lex.vague or w == "of" for w in words):
        return _parse_vague(words, lex)
    acc = _Sum()
    for w in words:
        if not acc.add(w, word_kind(w, lex), lex):
            return None
    if not acc.seen_number:
        return None
    return _Parsed(acc.total + (acc.current or Decimal(0)), acc.multiplier, acc.fraction, False, acc.dozen)


def _parse_vague(words: Sequence[str], lex: QuantityLexicon) -> _Parsed | None:
    """ "thousands of", "tens of thousands of": a lower bound at twice the base."""
    bases = [lex.vague[w] for w in words if w != "of"]
    if not bases:
        return None
    value = Decimal(lex.vague_factor)
    for b in bases:
        value *= b
    return _Parsed(value, max(bases), False, True, False)


@dataclass
class _Sum:
    """A written number's value as it is read word by word ("two hundred and twenty
    thousand"): ``current`` is the group being built, ``total`` what the multipliers
    already closed."""

    total: Decimal = Decimal(0)
    current: Decimal | None = None
    multiplier: int = 1
    fraction: bool = False
    dozen: bool = False
    seen_number: bool = False

    def add(self, w: str, kind: str | None, lex: QuantityLexicon) -> bool:
        """Read one word of ``kind``; False when it cannot be part of the number."""
        if kind == "a":
            if self.current is None:
                self.current = Decimal(1)
            return True
        if kind == "digits":
            parsed = _digits_value(w, lex)
            if parsed is None or self.seen_number:
                return False
            self.current, self.multiplier = parsed[0], max(self.multiplier, parsed[1])
        elif kind == "dfrac":
            m = _DIGIT_FRACTION.match(w)
            if m is None or int(m.group(2)) == 0 or self.seen_number:
                return False
            self.current, self.fraction = Decimal(int(m.group(1))) / Decimal(int(m.group(2))), True
        elif kind == "small":
            self.current = (self.current or Decimal(0)) + lex.small[w]
        elif kind == "hundred":
            self.current = (self.current or Decimal(1)) * lex.hundred[w]
            self.multiplier = max(self.multiplier, lex.hundred[w])
        elif kind == "mult":
            factor = lex.multipliers.get(w)
            if factor is None:  # a wire's "mln" counts only after a number: "3.4 mln shares"
                if self.current is None:
                    return False
                factor = lex.spaced[w]
            self.total += (self.current or Decimal(1)) * factor
            self.multiplier = max(self.multiplier, factor)
            self.current = None
        elif kind == "dozen":
            self.current, self.dozen = (self.current or Decimal(1)) * lex.dozen[w], True
        elif kind == "fraction":
            self.current, self.fraction = (self.current or Decimal(1)) / lex.fractions[w], True
        else:
            return False
        self.seen_number = True
        return True


def to_float(value: Decimal, fraction: bool) -> float | None:
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
    lex = quantity_lexicon()
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
    parsed = _parse_words(words, lex)
    if parsed is not None:
        return to_float(parsed.value, parsed.fraction)
    for conn in lex.ratio_connectors:  # "one in five", "three of every 1,000"
        for k in range(1, len(words) - len(conn)):
            if tuple(words[k : k + len(conn)]) == conn:
                a, b = _parse_words(words[:k], lex), _parse_words(words[k + len(conn) :], lex)
                if a is None or b is None or b.value == 0:
                    return None
                return to_float(a.value / b.value, True)
    return None


# --------------------------------------------------------------------------- reading a Doc


@dataclass(frozen=True)
class Number:
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


class NumberReader:
    """Reads the written numbers of one Doc from its lower-cased tokens (the quantities stage extends it)."""

    def __init__(self, doc: Doc, lex: QuantityLexicon) -> None:
        self.doc = doc
        self.lex = lex
        self.n = len(doc)
        strings = doc.vocab.strings  # to_array avoids building a Token per word
        self.lower: list[str] = [strings[h] for h in doc.to_array("LOWER").tolist()]

    # -- small helpers
    def kind(self, i: int) -> str | None:
        return word_kind(self.lower[i], self.lex) if 0 <= i < self.n else None

    def word(self, i: int) -> str:
        return self.lower[i] if 0 <= i < self.n else ""

    def seq(self, i: int, phrase: tuple[str, ...]) -> bool:
        return 0 <= i and i + len(phrase) <= self.n and tuple(self.lower[i : i + len(phrase)]) == phrase

    def glued(self, i: int) -> bool:
        """Token i is written with no space before token i + 1."""
        return 0 <= i < self.n - 1 and self.doc[i].whitespace_ == ""

    def tag(self, i: int) -> str:
        return str(self.doc[i].tag_) if 0 <= i < self.n else ""

    # -- numbers
    def starts_number(self, i: int) -> bool:
        kind = self.kind(i)
        if kind in ("digits", "small"):
            return True
        if kind == "dfrac":  # "3/4 of"; "9/11" and "24/7" are names
            return self.word(i + 1) == "of"
        if kind == "a":
            return self.kind(i + 1) in ("hundred", "mult", "dozen", "fraction")
        if kind == "vague":
            return self.word(i + 1) == "of"
        if kind == "fraction":
            return self.lower[i] in ("half", "halves") and self.half_ok(i)
        return False

    def half_ok(self, i: int) -> bool:
        nxt = self.word(i + 1)
        if nxt in ("of", "a", "an") or self.kind(i + 1) == "mult":
            return True
        return self.tag(i + 1) in ("DT", "PRP$")

    def read_number(self, i: int) -> Number | None:
        """The written number starting at token i (maybe with a currency symbol), or None."""
        lex, start, currency = self.lex, i, None
        if not 0 <= i < self.n:
            return None
        if self.lower[i] in lex.currency_symbols and i + 1 < self.n and self.starts_number(i + 1):
            currency = lex.currency_symbols[self.lower[i]]
            i += 1
        if not self.starts_number(i):
            return None
        words, k = self.number_words(i, currency)
        k = self.drop_dangling(words, i, k)
        if not words or words in (["a"], ["an"]):
            return None
        parsed = _parse_words(words, lex)
        if parsed is None:
            return None
        end, currency, percent = self.unit_after(k, currency)
        return Number(start, i, k, end, parsed, currency, percent)

    def number_words(self, i: int, currency: str | None) -> tuple[list[str], int]:
        """The words of the number starting at token i and the token after them: glued
        hyphens and a joining "and" are stepped over, a glued abbreviation ("5bn") reads
        as its multiplier word."""
        lex = self.lex
        words, k = [self.lower[i]], i + 1
        prev_kind = self.kind(i)
        while k < self.n:
            word, kind = self.lower[k], self.kind(k)
            if word in HYPHENS and self.glued(k - 1) and self.glued(k):
                nxt = self.kind(k + 1)
                if nxt in _NUMBER_WORD_KINDS and (prev_kind != "digits" or nxt in ("hundred", "mult")):
                    k += 1
                    continue
                break
            if word == "and" and prev_kind in ("hundred", "mult") and self.kind(k + 1) == "small":
                k += 1
                continue
            if word == "of" and prev_kind == "vague" and self.kind(k + 1) == "vague":
                words += ["of", self.lower[k + 1]]
                k += 2
                continue
            if (
                word == "of"
                and prev_kind == "fraction"
                and self.kind(k + 1) == "a"
                and self.kind(k + 2) == "mult"
            ):
                k += 1  # "a quarter of a million"
                continue
            if prev_kind == "digits" and word in lex.abbreviations and self.glued(k - 1):
                if not (currency or self.doc[k].text.islower()):
                    break  # "3M" is a company; "$5M" and "5m" are money
                kind = "mult"
                word = _abbrev_word(word, lex)
            elif not _continues(prev_kind, kind, words):
                break
            words.append(word)
            prev_kind = kind
            k += 1
        return words, k

    def drop_dangling(self, words: list[str], i: int, k: int) -> int:
        """Drop from ``words`` (read from token i up to k) what only looked like part of
        the number; returns the new k.

        A singular fraction needs "of" or a hyphen to be a fraction ("a third of" but not
        "a third term"); otherwise it is dropped and what came before is kept. A trailing
        "a" belongs to what follows ("half a percentage point").
        """
        while words and word_kind(words[-1], self.lex) == "fraction" and not self.fraction_ok(words, k):
            words.pop()
            k -= 1
            while k > i and self.lower[k - 1] in HYPHENS:
                k -= 1
        if len(words) > 1 and words[-1] in ("a", "an"):
            words.pop()
            k -= 1
        return k

    def unit_after(self, k: int, currency: str | None) -> tuple[int, str | None, bool]:
        """End, currency and percent once a percent word ("11 percent") or a currency word
        ("5 million dollars") after the number at token k is taken in."""
        lex = self.lex
        for phrase in lex.percent_words:
            if self.seq(k, phrase):
                return k + len(phrase), currency, True
        if currency is None:
            for cw, code in lex.currency_words.items():
                if self.seq(k, cw):
                    return k + len(cw), code, False
        return k, currency, False

    def fraction_ok(self, words: list[str], k: int) -> bool:
        last = words[-1]
        if last in ("half", "halves"):
            return len(words) > 1 or self.half_ok(k - 1)
        if len(words) == 1:
            return False
        hyphenated = self.word(k - 2) in HYPHENS
        return hyphenated or self.word(k) == "of"


def _continues(prev: str | None, kind: str | None, words: list[str]) -> bool:
    """Whether a number word of ``kind`` extends a number ending in ``prev``."""
    if kind is None or kind in ("vague", "digits", "dfrac"):
        return False
    if prev == "digits":
        return kind in ("hundred", "mult", "dozen")
    if prev == "small":
        if kind == "small":
            return words[-1].endswith("ty")
        return kind in ("hundred", "mult", "dozen", "fraction")
    if prev == "hundred":
        return kind in ("small", "mult")
    if prev == "mult":
        return kind == "mult"
    if prev == "a":
        return kind in ("hundred", "mult", "dozen", "fraction")
    if prev == "fraction":
        return kind in ("a", "mult")
    return False


def _abbrev_word(word: str, lex: QuantityLexicon) -> str:
    """The multiplier word with the same value as a glued abbreviation ("bn" -> "billion")."""
    value = lex.abbreviations[word]
    for name, v in lex.multipliers.items():
        if v == value:
            return name
    return word
