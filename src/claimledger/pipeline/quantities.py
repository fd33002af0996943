"""Quantities: every number a report gives, with its bounds and what it counts.

A claim's numbers are what readers compare across articles ("about 1,500" vs "as many
as 10,000"), so the hedging words around a number matter as much as the digits. This
stage reads the parsed Doc once, left to right, and writes ``doc._.quantities``: a list
of :class:`claimledger.models.Quantity` in text order (``q1``, ``q2``, ...), unlinked
(``attribution_id=None``; the linking stage attaches them).

All word lists live in ``data/quantities.json``; the rules they feed are:

* **Numbers** as written (digits, number words, glued multipliers, "1.5 million") are
  read by :mod:`claimledger.syntax.numbers`; this stage decides what they count and how sure.
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
  Ranges go up: "from 30 to 20 percent" and "46 percent to 42 percent" are two values.
* **Tallies**: "X-Y" or "X to Y" next to a vote/score cue ("a vote of 174-235", "voted
  51 to 49", "a 5-4 ruling"), or "X-Y" going down, has no value (value/low/high None).
* **Span**: qualifier + number + the head noun with its modifiers ("about 1,500 North
  Korean soldiers"), a bare "of" complement ("cases of measles"), a partitive ("five of
  the fatalities"), or, for a numeral standing alone as a subject, its verb ("two were
  reported"). A bracketed unit conversion right after a quantity joins it ("1,000 acres
  (400 hectares)") instead of counting twice.
* **Labels**: digits before a singular noun name something ("the 411 show", "a 2014
  study"); a count above one takes a plural, duration, measure or collective noun
  ("20 staff", "50 aircraft"). "one" before a noun is an article ("one tweet") unless the
  noun is a unit ("one day") or a qualifier precedes ("at least one person").
* **Skipped**: dates and clock times (spaCy DATE/TIME entities unless they measure a
  duration such as "two weeks"), years (a bare 1800-2099 number), ordinals, identifiers
  ("No. 3", "Article 5", "3M", "Boeing 737", "1-800-273-8255", names the NER labels),
  addresses ("131 West 23rd Street"), decades ("the 90's"), exponents ("10^400"), numbers too
  long to be a count, referential numbers ("the two men"), idioms ("one more", "one of"),
  a bare pronoun "one" ("One said ..."), and partitives of superlatives ("two of the
  most isolated regimes").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc

from claimledger import lexicons
from claimledger.models import Qualifier, Quantity, Span
from claimledger.pipeline import budget, extensions
from claimledger.syntax import deps
from claimledger.syntax.numbers import (
    HYPHENS,
    Number,
    NumberReader,
    QuantityLexicon,
    parse_number,
    quantity_lexicon,
    to_float,
    word_kind,
)

__all__ = ["QuantityFinder", "find_quantities", "make_quantity_finder", "parse_number"]

extensions.register()

#: "rose", "fell": a figure right after one is a change's size ("rose 360 mln to 27.7 billion")
_CHANGE_FORMS = lexicons.words("figures", "change_verb_forms")
_YEAR = re.compile(r"^(?:1[89]\d\d|20\d\d)$")
_MAX_HEAD_DISTANCE = 5
_MAX_TAIL_TOKENS = 6
_HEAD_DEPS = frozenset({"nummod", "quantmod", "compound", "amod", "nmod", "npadvmod", "advmod"})
_NOUN_MOD_DEPS = frozenset({"compound", "amod", "nmod", "nummod", "poss", "npadvmod"})
_VERB_GAP_DEPS = frozenset({"aux", "auxpass", "neg", "advmod"})


# --------------------------------------------------------------------------- reading a Doc


@dataclass
class _Core:
    """The numeric heart of a quantity: one number, a range, a tally or a ratio."""

    kind: str  # single | range | tally | ratio
    first: Number
    last: Number
    value: float | None = None
    low: float | None = None
    high: float | None = None
    currency: str | None = None
    percent: bool = False
    start: int = 0  # includes "between" / "from"

    @property
    def plain(self) -> bool:
        return self.currency is None and not self.percent

    @property
    def anchor(self) -> int:
        """The last number's last token: the counted noun is looked for from here."""
        return self.last.end - 1


class _Reader(NumberReader):
    """One pass over one Doc: the numbers it reads become quantities, with their context."""

    def __init__(self, doc: Doc, lex: QuantityLexicon) -> None:
        super().__init__(doc, lex)
        self.text: str = doc.text  # Doc.text rebuilds the string on every access
        self.has_dep = doc.has_annotation("DEP")
        self.has_ents = doc.has_annotation("ENT_IOB")
        self.prev_thing = ""
        self.prev_thing_sent = -10
        # sentence start tokens, once: Token.sent walks the sentence, per number that is quadratic
        self.sent_starts: list[int] = []
        if self.has_dep:
            flags = doc.to_array("SENT_START").tolist()
            self.sent_starts = [j for j, flag in enumerate(flags) if flag == 1]

    # -- small helpers
    def is_noun(self, i: int) -> bool:
        return self.tag(i).startswith("NN")

    def ent(self, i: int) -> str:
        return str(self.doc[i].ent_type_) if self.has_ents else ""

    def sentence_starts(self, i: int) -> tuple[int, int]:
        """Start tokens of the sentence holding token i and of the one before it."""
        if not self.has_dep:
            return 0, 0
        k = bisect_right(self.sent_starts, i) - 1
        cur = self.sent_starts[k] if k >= 0 else 0
        if cur == 0:
            return cur, cur
        k = bisect_right(self.sent_starts, cur - 1) - 1
        return cur, (self.sent_starts[k] if k >= 0 else 0)

    def estimated_thing(self, anchor: int) -> str:
        """What a bare N counts, said by the verb: the object of "put/estimate X at N", the
        subject of "X rose to N" or "X reached N" ("the death toll had risen to 17")."""
        if not self.has_dep:
            return ""
        tok = self.doc[anchor]
        verb, dep = tok.head, "dobj"
        if tok.dep_ == "pobj" and tok.head.lower_ == "at":
            verb = tok.head.head
        elif (
            tok.dep_ == "pobj"
            and tok.head.lower_ == "to"
            and tok.head.head.lemma_.lower() in self.lex.change_verbs
        ):
            verb, dep = tok.head.head, "nsubj"
        elif tok.dep_ == "dobj" and tok.head.lemma_.lower() in self.lex.reach_verbs:
            dep = "nsubj"
        else:
            return ""
        if not verb.tag_.startswith("VB"):
            return ""
        obj = next((c for c in verb.children if c.dep_ == dep and c.tag_.startswith("NN")), None)
        if obj is None:
            return ""
        if obj.lemma_.lower() in self.lex.number_nouns:
            # "the number of displaced families reached 4,000": the families are counted
            of = [g for c in obj.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
            obj = next((g for g in of if g.dep_ == "pobj" and g.tag_.startswith("NN")), obj)
        return str(self.doc[self.noun_left_edge(obj.i, obj.left_edge.i) : obj.i + 1].text)

    # -- the numeric core: one number, a range, a tally or a ratio
    def read_core(self, i: int) -> _Core | None:
        first = self.read_number(i)
        if first is None:
            return None
        lex = self.lex
        core = _Core(
            "single", first, first, currency=first.currency, percent=first.percent, start=first.start
        )
        if first.parsed.vague:
            core.value = to_float(first.parsed.value, False)
            return core
        conn = self.word(first.end)
        if conn in lex.range_connectors or conn in lex.alt_connectors:
            second = self.read_number(first.end + 1)
            if second is not None and self.make_range(core, second, conn):
                return core
        for conn_words in lex.ratio_connectors:
            if self.seq(first.end, conn_words):
                ratio = self.read_number(first.end + len(conn_words))
                if ratio is not None and self.make_ratio(core, ratio):
                    return core
                break
        core.value = to_float(first.parsed.value, first.parsed.fraction)
        return core

    def make_range(self, core: _Core, second: Number, conn: str) -> bool:
        """Turn ``core`` into a range or tally with ``second``; False when they are not one."""
        first, lex = core.first, self.lex
        opener = self.word(first.start - 1)
        if second.parsed.vague or second.parsed.fraction != first.parsed.fraction:
            return False
        if conn == "and" and opener != "between":
            return False
        if conn in lex.alt_connectors and not (first.plain and second.plain):
            return False
        if first.percent and not second.percent and (second.currency or conn == "to"):
            return False  # "rising 3.4 pct to 15.33 guilders": a rise and a level
        if first.currency and second.currency and first.currency != second.currency:
            return False
        a_dec, b_dec = first.parsed.value, second.parsed.value
        if first.parsed.multiplier == 1 and second.parsed.multiplier > 1:
            if a_dec * second.parsed.multiplier <= b_dec:
                a_dec *= second.parsed.multiplier
        hyphen = conn in HYPHENS
        plain = first.plain and second.plain
        if hyphen and self.word(second.end) in HYPHENS and self.glued(second.end - 1):
            core.kind, core.last = "identifier", second  # "1-800-273-8255" is a phone number
            return True
        window = range(max(0, first.start - 4), first.start)
        tally_cue = (
            any(self.lower[j] in lex.tally_cues for j in window) or self.word(second.end) in lex.tally_cues
        )
        core.last = second
        core.currency = first.currency or second.currency
        core.percent = first.percent or second.percent
        if plain and (hyphen or conn == "to") and (tally_cue or (hyphen and a_dec >= b_dec)):
            core.kind = "tally"
            return True
        if conn == "to" and opener in _CHANGE_FORMS and a_dec * 10 <= b_dec:
            # "notes rose 360 mln to 27.7 billion": the size of a rise, then the level it reached
            core.last = first
            core.currency, core.percent = first.currency, first.percent
            return False
        if a_dec >= b_dec:  # ranges go up; "46 percent to 42 percent" is a result, "from 30 to 20" a change
            core.last = first
            core.currency, core.percent = first.currency, first.percent
            return False
        low, high = to_float(a_dec, first.parsed.fraction), to_float(b_dec, second.parsed.fraction)
        if low is None or high is None:
            core.last = first
            return False
        core.kind, core.low, core.high = "range", low, high
        if opener in lex.range_openers:
            core.start = first.start - 1
        return True

    def make_ratio(self, core: _Core, second: Number) -> bool:
        """Turn ``core`` into a ratio ("one in five", "$4 of every $5"); False when it is not."""
        first = core.first
        if first.percent or second.percent or first.currency != second.currency:
            return False
        if second.parsed.fraction or second.parsed.vague or first.parsed.fraction:
            return False
        if second.parsed.value <= 1 or first.parsed.value > second.parsed.value:
            return False
        if _YEAR.match(self.lower[second.num_start]) and second.num_end - second.num_start == 1:
            return False
        value = to_float(first.parsed.value / second.parsed.value, True)
        if value is None:
            return False
        core.kind, core.last, core.value = "ratio", second, value
        core.currency, core.percent = None, False
        return True

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
        h = int(tok.i)
        if h < e or h - e >= _MAX_HEAD_DISTANCE or not self.is_noun(h):
            return None
        between = range(e, h)
        if any(self.doc[j].is_punct and self.lower[j] not in HYPHENS for j in between):
            return None
        if any(self.tag(j) == "CD" or self.lower[j] in self.lex.range_connectors for j in between):
            return None
        return h

    def noun_left_edge(self, h: int, lo: int) -> int:
        """First token of the head noun's premodifiers ("North Korean" in front of soldiers)."""
        left = h
        for child in self.doc[h].lefts:
            if child.i >= lo and child.dep_ in _NOUN_MOD_DEPS:
                left = min(left, int(child.left_edge.i))
        while left < h and (self.doc[left].is_punct or self.tag(left) == "DT"):
            left += 1
        return max(left, lo)

    def of_tail(self, h: int, allow_det: bool) -> int | None:
        """End token of an "of NP" complement right after ``h`` ("cases of measles")."""
        if self.word(h + 1) != "of" or not self.has_dep:
            return None
        of = self.doc[h + 1]
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None)
        if pobj is None or pobj.i <= of.i or pobj.i - of.i > _MAX_TAIL_TOKENS:
            return None
        between = range(of.i + 1, pobj.i)
        if not allow_det and any(self.tag(j) in ("DT", "PRP$", "POS") for j in between):
            return None
        if any(self.doc[j].is_punct and self.lower[j] not in HYPHENS for j in between):
            return None
        return int(pobj.i)

    def superlative_between(self, a: int, b: int) -> bool:
        return any(
            self.tag(j) in ("JJS", "RBS") or self.lower[j] in self.lex.superlative for j in range(a, b)
        )

    def bare_tail(self, anchor: int, end: int) -> int:
        """A numeral with no noun: "two involving school-aged children", "two were reported"."""
        if not self.has_dep:
            return end
        tok = self.doc[anchor]
        for child in tok.rights:
            if child.dep_ in ("acl", "relcl") and child.i == end:
                right = int(child.right_edge.i) + 1
                if right - end <= _MAX_TAIL_TOKENS:
                    return right
        if tok.dep_ in deps.NOMINAL_SUBJECTS and tok.head.i > tok.i and tok.head.i - end <= 3:
            if all(self.doc[j].dep_ in _VERB_GAP_DEPS for j in range(end, tok.head.i)):
                return int(tok.head.i) + 1
        return end

    def skip_reason(self, num: Number, head: int | None) -> str | None:
        """Why the number ``num`` is not a quantity (date, identifier, ...), or None.

        The checks run in a fixed order and the first that applies names the reason.
        """
        ents = {self.ent(j) for j in range(num.num_start, num.num_end)}
        return (
            self.entity_reason(num, ents)
            or self.calendar_reason(num, head, ents)
            or self.identifier_reason(num)
            or self.written_form_reason(num)
            or self.idiom_reason(num)
        )

    def entity_reason(self, num: Number, ents: set[str]) -> str | None:
        """What the NER says the number is part of: a name ("Boeing 737") or an ordinal."""
        if ents & self.lex.identifier_labels and num.currency is None:
            return "identifier-entity"
        if "ORDINAL" in ents and not num.parsed.fraction:
            return "ordinal"
        return None

    def calendar_reason(self, num: Number, head: int | None, ents: set[str]) -> str | None:
        """Dates, clock times, years and street addresses: numbers that place, not count."""
        lex = self.lex
        s, e = num.num_start, num.num_end
        head_word = self.lower[head] if head is not None else ""
        if head_word in lex.calendar or self.word(e) in lex.calendar:
            return "date"
        if num.plain and self.word(s - 1) in lex.calendar:
            return "date"
        if head_word in lex.address_words and head is not None and self.tag(head) == "NNP":
            return "address"
        after = head + 1 if head is not None else e
        if num.plain and self.word(after) in lex.date_followers:
            return "date"
        if ents & {"DATE", "TIME"} and num.plain and head_word not in lex.durations:
            return "date"
        if num.plain and e - s == 1 and _YEAR.match(self.lower[s]):
            if head is None or self.tag(head) in ("NN", "NNP"):
                return "year"
        return None

    def identifier_reason(self, num: Number) -> str | None:
        """A number named by the word before it: "No. 3", "#5", "Article 5", "3M"-like glue."""
        prev = num.start - 1
        if prev < 0:
            return None
        cue = self.lower[prev]
        if cue == "." and prev > 0:
            cue = self.lower[prev - 1]
        if cue in self.lex.identifier_cues or cue == "#":
            return "identifier"
        if self.glued(prev) and self.doc[prev].is_alpha:
            return "identifier"
        if num.plain and self.tag(prev) in ("NNP", "NNPS") and self.doc[prev].is_alpha:
            return "identifier"
        return None

    def written_form_reason(self, num: Number) -> str | None:
        """How the number is written says it is no count: "10^400", "the 90's", a phone
        number's tail, "737MAX", or a compound modifier such as "a 5-member board"."""
        s, e = num.num_start, num.num_end
        if self.word(e) == "^" or self.word(s - 1) == "^":
            return "exponent"
        if self.word(e) in ("'s", "’s", "s") and self.glued(e - 1):
            return "decade"
        if self.word(s - 1) in HYPHENS and self.glued(s - 2) and self.kind(s - 2) == "digits":
            return "identifier"  # the tail of "800-273-8255"
        if num.end == e and self.glued(e - 1) and e < self.n and self.doc[e].is_alpha:
            return "identifier"
        hyphen_after = self.word(e) in HYPHENS and self.glued(e - 1) and self.glued(e)
        if num.plain and hyphen_after and self.qualifier_after(e) is None:
            unit = self.word(e + 1)
            if unit.isalpha() and unit not in self.lex.durations and unit not in self.lex.measure_units:
                return "compound-modifier"
        return None

    def idiom_reason(self, num: Number) -> str | None:
        """A number inside a fixed phrase that counts nothing ("one more", "one of")."""
        s = num.num_start
        for phrase in self.lex.not_quantity:
            for off in range(len(phrase)):
                if self.seq(s - off, phrase):
                    return "idiom"
        return None

    # -- one quantity
    def quantity_at(self, i: int) -> tuple[Quantity | None, int]:
        """The quantity starting at token i and the index to continue from."""
        core = self.read_core(i)
        if core is None:
            return None, i + 1
        first, last = core.first, core.last
        resume = last.end
        if core.kind == "identifier":
            return None, resume
        if core.kind != "tally" and (core.value if core.kind in ("single", "ratio") else core.low) is None:
            return None, resume
        head = self.counted_noun(core)
        if self.skipped(core, head):
            return None, resume
        explicit = self.qualifier_before(core.start)
        post = self.qualifier_after(last.end) if core.kind != "tally" else None
        thing, end = self.thing_span(core, head, post[0] if post else last.end)
        if thing is None:
            return None, end
        if core.kind == "single" and explicit is None and post is None and core.plain:
            if self.not_a_count(core, head, end):
                return None, resume
        end = self.conversion_end(end)
        qual = _qualifier(core, explicit, post)
        start = explicit[0] if explicit is not None else core.start
        value, low, high = _bounds(core, qual)
        thing = self.thing_in_context(core, thing, start)
        quantity = self.make(start, max(end, last.end), first, last, value, low, high, qual, thing)
        return quantity, max(end, resume)

    def counted_noun(self, core: _Core) -> int | None:
        """The counted noun: from the last number, else (ranges) from the first. Money
        counts its currency, so it has none (unless it is a ratio: "$4 of every $5")."""
        if core.currency and core.kind != "ratio":
            return None
        head = self.head_noun(core.anchor, core.last.end)
        if head is None and core.kind == "range":
            head = self.head_noun(core.first.end - 1, core.last.end)
        return head

    def skipped(self, core: _Core, head: int | None) -> bool:
        """Not a quantity (see :meth:`skip_reason`); a range is a span of dates or years
        when its second number is one ("from 1990 to 2000")."""
        if self.skip_reason(core.first, head) is not None:
            return True
        return core.kind == "range" and self.skip_reason(core.last, head) in ("date", "year", "ordinal")

    def thing_span(self, core: _Core, head: int | None, end: int) -> tuple[str | None, int]:
        """What the quantity counts and where its span ends (``end``: after the number and
        any qualifier after it); thing None when it is no quantity (resume at the end)."""
        if core.currency and core.kind != "ratio":
            return self.money_thing(core.currency, end)
        if core.percent:
            return "percent", (head + 1 if head is not None and head >= end else end)
        if core.kind == "tally":
            return "tally", end
        if head is not None and head >= end:
            return self.noun_thing(head, end)
        if self.word(end) == "of":
            return self.of_thing(end)
        if core.kind == "single":
            return "", self.bare_tail(core.anchor, end)
        return "", end

    def money_thing(self, currency: str, end: int) -> tuple[str, int]:
        """Money counts its currency, with a per-unit tail: "$2.75 a share"."""
        if self.word(end) in self.lex.per_unit and end + 1 < self.n and self.is_noun(end + 1):
            return f"{currency} per {self.doc[end + 1].text}", end + 2
        return currency, end

    def noun_thing(self, head: int, end: int) -> tuple[str, int]:
        """The head noun with its premodifiers and a bare "of" complement ("cases of
        measles"), and "-old" for ages."""
        left = self.noun_left_edge(head, end)
        tail = self.of_tail(head, allow_det=False)
        end = (tail if tail is not None else head) + 1
        if self.seq(end, ("-", "old")):
            end += 2
        return self.doc[left:end].text, end

    def of_thing(self, end: int) -> tuple[str | None, int]:
        """A partitive: "five of the fatalities"; none of a superlative ("two of the most
        isolated regimes"), and no thing from a pronoun ("two of them")."""
        tail = self.of_tail(end - 1, allow_det=True)
        if tail is None:
            return "", end
        if self.superlative_between(end + 1, tail + 1):
            return None, tail + 1
        if self.tag(tail) in ("PRP", "WDT", "DT"):
            return "", tail + 1
        return self.doc[self.noun_left_edge(tail, end + 1) : tail + 1].text, tail + 1

    def not_a_count(self, core: _Core, head: int | None, end: int) -> bool:
        """An unqualified plain number that names or refers instead of counting.

        "one" is an article unless it counts a unit ("one tweet" but "one day"); a count
        above one takes a plural noun ("the 411 show", "a 2014 study" are labels); "the
        two men" refers back to people already counted.
        """
        lex, first, last = self.lex, core.first, core.last
        words = self.lower[first.num_start : first.num_end]
        unit = head is not None and (
            self.lower[head] in lex.durations or self.lower[head] in lex.measure_units
        )
        if words == ["one"] and not unit:
            return True
        singular = head is not None and self.tag(head) == "NN" and self.word(last.end) not in HYPHENS
        collective = head is not None and self.lower[head] in lex.collective_nouns
        if (
            singular
            and not unit
            and not collective
            and first.parsed.value > 1
            and self.kind(first.num_start) == "digits"
        ):
            return True
        prev = first.start - 1
        return (
            prev >= 0
            and self.lower[prev] in lex.referential
            and self.tag(prev) in ("DT", "PRP$", "POS", "WP$")
            and (all(w.isalpha() or w in HYPHENS for w in words) or (head is None and end == last.end))
        )

    def conversion_end(self, end: int) -> int:
        """A bracketed conversion right after joins the quantity: "1,000 acres (400 hectares)"
        is one figure, not two."""
        close = self.lex.brackets.get(self.word(end))
        if close is not None and self.read_number(end + 1) is not None:
            for j in range(end + 2, min(self.n, end + 6)):
                if self.lower[j] == close:
                    return j + 1
        return end

    def thing_in_context(self, core: _Core, thing: str, start: int) -> str:
        """What is counted, when no noun says it: "put the total at N" -> total, else the
        last thing counted in this or the previous sentence. Remembers ``thing`` for later."""
        if not thing and core.kind == "single":
            thing = self.estimated_thing(core.anchor)
        if core.kind == "tally":
            return thing
        sent, prev_sent = self.sentence_starts(start)
        if thing:
            self.prev_thing, self.prev_thing_sent = thing, sent
        elif self.prev_thing_sent in (sent, prev_sent):
            thing = self.prev_thing
        return thing

    def make(
        self,
        start: int,
        end: int,
        first: Number,
        last: Number,
        value: float | None,
        low: float | None,
        high: float | None,
        qual: Qualifier,
        thing: str,
    ) -> Quantity:
        doc, text = self.doc, self.text
        a, b = doc[start], doc[end - 1]
        n0, n1 = doc[first.start], doc[last.end - 1]
        c0, c1 = int(a.idx), int(b.idx) + len(b.text)
        return Quantity(
            id="",
            span=Span(text[c0:c1], c0, c1),
            value=value,
            low=low,
            high=high,
            qualifier=qual,
            unit_or_thing=thing,
            number_text=text[n0.idx : n1.idx + len(n1.text)],
        )

    def run(self) -> list[Quantity]:
        tick = budget.ticker(self.doc, "claimledger_quantities")
        out: list[Quantity] = []
        i = 0
        while i < self.n:
            if not self.might_start(i):
                i += 1
                continue
            tick()
            quantity, nxt = self.quantity_at(i)
            i = max(nxt, i + 1)
            if quantity is not None:
                out.append(replace(quantity, id=f"q{len(out) + 1}"))
        return out

    def might_start(self, i: int) -> bool:
        """Cheap pre-filter so most tokens cost one or two lookups."""
        word = self.lower[i]
        if not word:
            return False
        return (
            word[0].isdigit()
            or word[0] == "."
            or word in self.lex.currency_symbols
            or (word_kind(word, self.lex) is not None)
        )


def _qualifier(
    core: _Core, explicit: tuple[int, Qualifier] | None, post: tuple[int, Qualifier] | None
) -> Qualifier:
    """An explicit phrase (before, else after) beats the dozen/vague form, which beats exact."""
    if core.kind == "range":
        return "range"
    if core.kind == "tally":
        return "exact"
    if explicit is not None:
        return explicit[1]
    if post is not None:
        return post[1]
    if core.first.parsed.vague:
        return "lower_bound"
    if core.first.parsed.dozen:
        return "approximate"
    return "exact"


def _bounds(core: _Core, qual: Qualifier) -> tuple[float | None, float | None, float | None]:
    """Value, low and high: an upper bound sets ``high``, a lower bound ``low``; a tally has none."""
    if core.kind == "tally":
        return None, None, None
    if qual == "upper_bound":
        return core.value, None, core.value
    if qual == "lower_bound":
        return core.value, core.value, None
    return core.value, core.low, core.high


# --------------------------------------------------------------------------- public API


def find_quantities(doc: Doc, lang: str = "en") -> list[Quantity]:
    """Every quantity in ``doc`` in text order, ids ``q1``, ``q2``, ...; never raises on text."""
    if len(doc) == 0:
        return []
    return _Reader(doc, quantity_lexicon(lang)).run()


class QuantityFinder:
    """spaCy component writing ``doc._.quantities``; the lexicon is compiled once here."""

    def __init__(self, nlp: Language, name: str = "claimledger_quantities", lang: str = "en") -> None:
        self.name = name
        self.lang = lang
        self.lexicon = quantity_lexicon(lang)

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
