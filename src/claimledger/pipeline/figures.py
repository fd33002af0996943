"""Figures: what each number counts, whose and where it is, of what kind, and when.

The quantities stage reads a number and its counted noun ("about 1,500 North Korean
soldiers"); that alone files "$24 million" under USD and "46 percent" under percent, and
the ledger then compares a super PAC's money with a minimum wage. This stage reads the
parse around each quantity and adds (see :class:`claimledger.models.Quantity`):

* ``thing``: what is counted and whose/where it is, from the parse: the counted noun with
  its modifiers, a following "of"/"in"/"for" phrase ("Bahia cocoa crop for 1986/87"), a
  participle with its agent ("Certron shares held by Louart Corp"), the subject of an
  owning verb ("delegates won by Ted Cruz"), a place it was sent to; for money and
  percentages, what they measure: an "of" phrase ("46 percent of the vote"), the noun
  they modify ("a $15 minimum wage"), or the subject of the clause ("the unemployment
  rate rose to 5%"). ``""`` when the sentence does not say.
* ``unit``: the currency, "percent", or the counted noun's lemma: kept apart from the thing.
* ``kind``: ``stock`` (a force size, a holding), ``flow`` ("50 a day"), ``cumulative``
  (casualties: killed, wounded, lost), ``change`` ("another 1,500", "up 5%", "rose by
  200"), ``share`` (a percentage), or ``label``: a number that counts nothing the
  sentence asserts ("not one but two", ages as labels); the ledger keeps labels out of
  estimates.
* ``frame``: ``projected`` when the clause speaks of what will or could be ("are expected
  to send", "by December"), else ``current``.
* ``time``: the time phrase the statement gives for the figure ("last week", "by
  December", "previously"); the ledger dates it against the article.

Word lists are in ``data/figures.json``. A pure reading of the parse: nothing is
re-tokenised, and a quantity costs a few dozen token visits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from claimledger import lexicons
from claimledger.models import Quantity
from claimledger.pipeline import extensions

NAME = "claimledger_figures"
extensions.register()

_PEOPLE = lexicons.load("people")
_MALE = frozenset(_PEOPLE["male_given_names"])
_FEMALE = frozenset(_PEOPLE["female_given_names"])
_PERSON_PRONOUNS = frozenset({"he", "she", "they"})
_NP_LEFT_DEPS = frozenset({"compound", "amod", "nmod", "poss", "case", "npadvmod", "det"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_OBJECT_DEPS = frozenset({"dobj", "attr", "oprd", "npadvmod", "dative"})
_MAX_NP = 6  # words of a noun phrase kept in a thing
_MAX_THING = 14  # words of a whole thing


@dataclass(frozen=True)
class FigureLexicon:
    casualty: frozenset[str]
    flow: frozenset[str]
    change_before: frozenset[str]
    change_after: frozenset[str]
    change_verbs: frozenset[str]
    change_particles: frozenset[str]
    owner_verbs: dict[str, str]
    place_preps: frozenset[str]
    thing_preps: frozenset[str]
    projection_preps: frozenset[str]
    base_preps: frozenset[str]
    opinion_verbs: frozenset[str]
    projection_words: frozenset[str]
    past_words: frozenset[str]
    generic: frozenset[str]
    change_nouns: frozenset[str]
    participles: dict[str, str]
    subject_verbs: frozenset[str]
    company_nouns: frozenset[str]
    time_labels: frozenset[str]
    time_openers: frozenset[str]
    durations: frozenset[str]
    table_measures: dict[str, str]
    table_periods: frozenset[str]
    note_verbs: frozenset[str]
    note_subjects: frozenset[str]
    enumeration: frozenset[str]
    scores: frozenset[str]
    name_nouns: frozenset[str]
    polls: frozenset[str]
    change_forms: frozenset[str]
    measures: frozenset[str]
    acting_verbs: frozenset[str]


@cache
def figure_lexicon(lang: str = "en") -> FigureLexicon:
    raw = lexicons.load("figures", lang)

    def w(key: str) -> frozenset[str]:
        return frozenset(raw[key])

    return FigureLexicon(
        casualty=w("casualty_words"),
        flow=w("flow_markers"),
        change_before=w("change_before"),
        change_after=w("change_after"),
        change_verbs=w("change_verbs"),
        change_particles=w("change_particles"),
        owner_verbs=dict(raw["owner_verbs"]),
        place_preps=w("place_preps"),
        thing_preps=w("thing_preps"),
        projection_preps=w("projection_preps"),
        base_preps=w("base_preps"),
        opinion_verbs=w("opinion_verbs"),
        projection_words=w("projection_words"),
        past_words=w("past_words"),
        generic=w("generic_things"),
        change_nouns=w("change_nouns"),
        participles=dict(raw["irregular_participles"]),
        subject_verbs=w("subject_verbs"),
        company_nouns=w("company_nouns"),
        time_labels=w("time_labels"),
        time_openers=w("time_openers"),
        durations=w("duration_units"),
        table_measures=dict(raw["table_measures"]),
        table_periods=w("table_periods"),
        note_verbs=w("note_verbs"),
        note_subjects=w("note_subjects"),
        enumeration=w("enumeration_nouns"),
        scores=w("score_nouns"),
        name_nouns=w("name_nouns"),
        polls=w("poll_nouns"),
        change_forms=w("change_verb_forms"),
        measures=w("measure_units"),
        acting_verbs=w("acting_verbs"),
    )


def _lower(tok: Token) -> str:
    return str(tok.lower_)


def _lemma(tok: Token) -> str:
    return str(tok.lemma_).lower()


def _is_noun(tok: Token) -> bool:
    return str(tok.tag_).startswith("NN")


def _is_verb(tok: Token) -> bool:
    return str(tok.pos_) in ("VERB", "AUX")


@dataclass(frozen=True)
class _Site:
    """Where a figure stands in the parse: its number, the noun it counts (if any), the
    token its clause hangs on and that token's governor, and the unit read so far. What
    the thing and the kind of a figure are read from."""

    q: Quantity
    span: Span
    number: Span
    noun: Token | None
    anchor: Token
    gov: Token | None
    unit: str

    def parts(self) -> tuple[Quantity, Span, Span, Token | None, Token, Token | None, str]:
        return self.q, self.span, self.number, self.noun, self.anchor, self.gov, self.unit


class _Describer:
    """Describes the quantities of one Doc."""

    def __init__(self, doc: Doc, lex: FigureLexicon) -> None:
        self.doc = doc
        self.lex = lex
        self.parsed = doc.has_annotation("DEP")
        self.dates = (
            [e for e in doc.ents if e.label_ in ("DATE", "TIME")] if doc.has_annotation("ENT_IOB") else []
        )
        title = doc._.title if Doc.has_extension("title") else None
        self.title_company = company_of_title(title)
        self.title_period = period_of_title(title, lex.table_periods)
        self._company: str | None | bool = False  # computed on first use
        self.last: tuple[int, str, str, str] | None = (
            None  # the last figure: sentence start, thing, unit, kind
        )
        self._actors: list[tuple[int, str, str, str | None]] | None = None  # computed on first use

    # ------------------------------------------------------------------ the article's company
    @property
    def company(self) -> str | None:
        """The company a wire story is about: the one its headline names with a ticker
        ("Cobanco Inc <CBCO> Year Net"), else an organisation that is the subject of the
        story's first sentence ("Brown-Forman Inc said ..."); None when neither says."""
        if self._company is False:
            self._company = self.title_company or self.first_subject_org()
        return self._company if isinstance(self._company, str) else None

    def first_subject_org(self) -> str | None:
        if not self.parsed:
            return None
        first = next(iter(self.doc.sents), None)
        if first is None:
            return None
        subj = next((c for c in first.root.children if c.dep_ in _SUBJECT_DEPS), None)
        if subj is None or subj.ent_type_ != "ORG":
            return None
        return self.np(subj)

    def company_ref(self, tok: Token) -> bool:
        """Is ``tok`` the story's way of naming its company ("it", "its", "the company")?"""
        low = _lower(tok)
        if tok.pos_ == "PRON" or tok.tag_ == "PRP$":
            return low in ("it", "its", "we", "our", "us")
        return bool(
            _lemma(tok) in self.lex.company_nouns
            and any(c.dep_ == "det" and _lower(c) == "the" for c in tok.lefts)
            and not any(c.dep_ in ("compound", "amod", "poss") for c in tok.lefts)
        )

    def owner_of(self, noun: Token) -> str | None:
        """Whose a noun is by its possessive: the company for "its"/"our" ("its Merchandise
        Group"); a named possessor is already in the noun phrase."""
        for c in noun.lefts:
            if c.dep_ == "poss" and self.company_ref(c):
                return self.company
        return None

    def participle(self, verb: Token) -> str:
        """The verb's past participle, for "<noun> <participle> by <subject>"."""
        low, lem, forms = _lower(verb), _lemma(verb), self.lex.participles
        if verb.tag_ in ("VBN", "VBD"):
            return forms.get(low, low)
        if lem in forms:
            return forms[lem]
        if lem.endswith("e"):
            return lem + "d"
        if len(lem) > 2 and lem.endswith("y") and lem[-2] not in "aeiou":
            return lem[:-1] + "ied"
        return lem + "ed"

    # ------------------------------------------------------------------ noun phrases
    def np(self, head: Token, exclude: Span | None = None) -> str:
        """A compact noun phrase: the head with its premodifiers (no determiners, no numbers
        of the figure itself) and a bare "of" complement."""
        left = head.i
        for child in head.lefts:
            if child.dep_ in _NP_LEFT_DEPS and child.dep_ != "det":
                left = min(left, child.left_edge.i)
        words = [
            t
            for t in self.doc[left : head.i + 1]
            if not (exclude is not None and exclude.start <= t.i < exclude.end)
            and t.dep_ != "det"
            and (not t.like_num or t.tag_ == "JJ" and t.is_alpha)  # "fourth quarter" keeps "fourth"
            and t.pos_ not in ("PUNCT", "NUM", "SYM", "X")
            and t.tag_ != "PRP$"
            and any(ch.isalnum() for ch in t.text)
        ]
        words = words[-_MAX_NP:]
        out = " ".join(t.text for t in words) if words else head.text
        of = next((c for c in head.rights if c.dep_ == "prep" and _lower(c) == "of"), None)
        if of is not None:
            pobj = next((g for g in of.children if g.dep_ == "pobj"), None)
            inside = exclude is not None and pobj is not None and exclude.start <= pobj.i < exclude.end
            if pobj is not None and pobj.pos_ != "PRON" and not inside:
                out += " of " + self.np_simple(pobj)
        return out

    def np_simple(self, head: Token) -> str:
        left = head.i
        for child in head.lefts:
            if child.dep_ in _NP_LEFT_DEPS and child.dep_ != "det":
                left = min(left, child.left_edge.i)
        words = [
            t
            for t in self.doc[left : head.i + 1]
            if t.dep_ != "det" and t.tag_ != "PRP$" and any(ch.isalnum() for ch in t.text)
        ]
        return " ".join(t.text for t in words[-_MAX_NP:]) or head.text

    def named(self, tok: Token) -> str | None:
        """A subject or agent worth naming: not a relative word; a pronoun subject of a
        reported clause is the reporter ("Louart said it holds ..." -> Louart)."""
        if tok.tag_ in ("WDT", "WP"):
            # "a crisis that hurt millions": the relative pronoun is its antecedent
            clause = tok.head
            if tok.dep_ in _SUBJECT_DEPS and clause.dep_ == "relcl" and _is_noun(clause.head):
                return self.np(clause.head)
            return None
        if tok.tag_ == "EX":
            return None
        if tok.pos_ == "PRON":
            person = _lower(tok) in _PERSON_PRONOUNS
            clause = tok.head
            if tok.dep_ in _SUBJECT_DEPS and clause.dep_ == "ccomp" and clause.head is not clause:
                outer = next((c for c in clause.head.children if c.dep_ in _SUBJECT_DEPS), None)
                if outer is not None and outer.pos_ != "PRON" and (not person or outer.pos_ == "PROPN"):
                    # "Louart said it holds ...", "Doe said he raised ...": the one who says
                    return self.company if self.company_ref(outer) and self.company else self.np(outer)
            if person:
                return self.antecedent(tok)
            if self.company_ref(tok):
                return self.company or (self.antecedent(tok) if _lower(tok) == "it" else None)
            return None
        if self.company_ref(tok) and self.company:
            return self.company
        return self.np(tok)

    def antecedent(self, pronoun: Token) -> str | None:
        """Who a pronoun subject stands for: the nearest person ("he", "she", "they") or
        organisation ("it") named as a clause's subject before it, in its sentence or the
        two before ("Jane Doe entered the race. In March she raised $4.2 million" -> Jane
        Doe), the look-back the article's coreference makes for pronoun sources; a name
        whose given name says the other gender is skipped; None when no one fits."""
        low = _lower(pronoun)
        want = "ORG" if low == "it" else "PERSON"
        gender = "m" if low == "he" else "f" if low == "she" else None
        if self._actors is None:
            self._actors = self.subject_names()
        lo = self.sentence_start_before(pronoun.sent, 2)
        for start, label, name, sex in reversed(self._actors):
            if start >= pronoun.i:
                continue
            if start < lo:
                break
            if label == want and not (gender and sex and sex != gender):
                return name
        return None

    def is_person(self, tok: Token | None) -> bool:
        """A person named or a personal pronoun ("he", "she")."""
        return tok is not None and (tok.ent_type_ == "PERSON" or _lower(tok) in _PERSON_PRONOUNS)

    def sentence_start_before(self, sent: Span, n: int) -> int:
        """The first token of the sentence ``n`` before ``sent`` (or of the first)."""
        start = sent.start
        for _ in range(n):
            if start == 0:
                break
            start = self.doc[start - 1].sent.start
        return start

    def subject_names(self) -> list[tuple[int, str, str, str | None]]:
        """(token, label, name, gender) of each person or organisation named as a clause's
        subject; a person's name is the fullest form the article gave before ("Sanders" ->
        "Bernie Sanders")."""
        out: list[tuple[int, str, str, str | None]] = []
        full: dict[str, str] = {}
        for ent in self.doc.ents:
            if ent.label_ not in ("PERSON", "ORG"):
                continue
            words = [t.text for t in ent if t.is_alpha or t.text.endswith(".")]
            if not words:
                continue
            name = " ".join(words)
            if ent.label_ == "PERSON":
                if len(words) > 1:
                    full[words[-1]] = name
                else:
                    name = full.get(words[0], name)
            if ent.root.dep_ not in _SUBJECT_DEPS:
                continue
            first = name.split()[0].lower()
            sex = "m" if first in _MALE else "f" if first in _FEMALE else None
            out.append((ent.start, ent.label_, name, sex))
        return out

    # ------------------------------------------------------------------ the figure's tokens
    def tokens(self, q: Quantity) -> tuple[Span, Span] | None:
        span = self.doc.char_span(q.span.start, q.span.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        at = q.span.text.find(q.number_text)
        number = None
        if at >= 0:
            number = self.doc.char_span(
                q.span.start + at, q.span.start + at + len(q.number_text), alignment_mode="expand"
            )
        return span, (number if number is not None and len(number) else span)

    def counted_noun(self, q: Quantity, span: Span, number: Span) -> Token | None:
        """The noun the figure counts, when the quantities stage found one in its span."""
        if not q.unit_or_thing or q.unit_or_thing in ("percent", "tally") or q.unit_or_thing.isupper():
            return None
        if q.unit_or_thing.split(" per ")[0].isupper():
            return None
        nouns = [t for t in span if _is_noun(t) and not (number.start <= t.i < number.end) and not t.like_num]
        if not nouns:
            return None
        root = span.root
        if root in nouns:
            # "cases of measles": the root is "cases", the thing continues after it
            return root
        return nouns[-1]

    def governor(self, anchor: Token) -> Token | None:
        """The verb (or adjective predicate) the figure hangs from, through a preposition."""
        tok = anchor
        for _ in range(3):
            head = tok.head
            if head is tok:
                return None
            if _is_verb(head) or head.pos_ == "ADJ" and head.dep_ in ("ROOT", "acomp", "ccomp", "xcomp"):
                return head
            if head.dep_ == "prep" or head.pos_ == "ADP" or tok.dep_ in ("nummod", "quantmod", "compound"):
                tok = head
                continue
            if (
                head.pos_ == "ADV"
                and _lower(head) in self.lex.change_particles
                and tok.dep_ in ("npadvmod", "prep", "pobj")
            ):
                tok = head  # "the index was down 1.1 pct": through the particle to its verb
                continue
            return None
        return None

    # ------------------------------------------------------------------ kind
    def is_rhetorical(self, number: Span) -> bool:
        """'not one, but two', 'not just three but four': the number is a figure of speech."""
        before = [_lower(t) for t in self.doc[max(0, number.start - 3) : number.start]]
        after = [_lower(t) for t in self.doc[number.end : min(len(self.doc), number.end + 4)]]
        if "not" in before and "but" in after:
            return True
        if before[-2:] in (["not", "just"], ["not", "only"], ["not", "merely"]) or before[-1:] == ["not"]:
            return "but" in after
        return bool(
            before[-1:] == ["but"]
            and "not" in [_lower(t) for t in self.doc[max(0, number.start - 8) : number.start]]
        )

    def is_age(self, q: Quantity, number: Span) -> bool:
        if (
            q.unit_or_thing.endswith("-old")
            or "year-old" in q.span.text
            or "years old" in self.doc[number.start : min(len(self.doc), number.end + 3)].text
        ):
            return True
        # "Jane Roe, 45, said": a bare number in apposition to a person
        first = number[0]
        prev = self.doc[number.start - 1] if number.start > 0 else None
        nxt = self.doc[number.end] if number.end < len(self.doc) else None
        return bool(
            not q.unit_or_thing
            and prev is not None
            and prev.text == ","
            and nxt is not None
            and nxt.text in (",", ")")
            and number.start >= 2
            and self.doc[number.start - 2].ent_type_ == "PERSON"
            and first.like_num
        )

    def is_change(self, q: Quantity, span: Span, number: Span, anchor: Token, gov: Token | None) -> bool:
        lex = self.lex
        before = [_lower(t) for t in self.doc[max(0, span.start - 2) : span.start]]
        if (
            before
            and before[-1] in lex.change_before
            or any(_lower(t) in lex.change_before for t in span[: max(0, number.start - span.start)])
        ):
            return True
        if before and before[-1] in lex.change_particles and self.doc[span.start - 1].dep_ != "prt":
            return True  # "up 5%"; "will pick up 45", "make up 14 billion gallons" are no changes
        if (
            before
            and before[-1] in lex.change_forms
            and gov is not None
            and _lemma(gov) in lex.change_verbs
            and (
                _lower(anchor) in lex.measures
                or _lower(anchor) in _PERCENT_WORDS
                or anchor.like_num
                or number.start <= anchor.i < number.end
                or not _is_noun(anchor)
                or anchor.ent_type_ in ("MONEY", "PERCENT")
            )
            and _lemma(gov) not in lex.casualty
        ):
            return True  # "lending rose 89 mln marks", "sales fell 12 pct": the size of a rise
        nxt = [_lower(t) for t in self.doc[number.end : min(len(self.doc), number.end + 2)]]
        if nxt[:1] and nxt[0] in lex.change_after:
            return True
        after_span = _lower(self.doc[span.end]) if span.end < len(self.doc) else ""
        if after_span in lex.change_after and after_span != "extra":
            return True
        if (
            _lemma(anchor) in lex.change_nouns
            or _lemma(anchor.head) in lex.change_nouns
            and anchor.dep_ in ("nummod", "compound", "amod", "nmod", "quantmod")
        ):
            return True
        if gov is not None and _lemma(gov) in lex.change_verbs:
            prep = anchor.head if anchor.head.dep_ == "prep" else None
            if prep is not None and _lower(prep) == "by":
                return True
            # "cut 200 jobs", "added 300": the object of a change verb; "rose to 5%" is a level
            if anchor.dep_ == "dobj" and anchor.head == gov and _lemma(gov) not in lex.owner_verbs:
                return True
        return False

    def is_cumulative(self, anchor: Token, gov: Token | None, span: Span) -> bool:
        cas = self.lex.casualty
        if _lemma(anchor) in cas or _lower(anchor) in cas:
            return True
        if any(_lemma(t) in cas for t in span):
            return True
        for child in anchor.children:
            if child.dep_ in ("acl", "relcl", "amod") and (_lemma(child) in cas or _lower(child) in cas):
                if child.dep_ == "relcl" and any(
                    c.dep_ == "nsubj" and c.tag_ in ("WDT", "WP") for c in child.children
                ):
                    continue  # "two gunmen who killed 14": the killers, not the killed
                return True
        nxt = self.doc[span.end] if span.end < len(self.doc) else None
        if nxt is not None and (_lower(nxt) in cas) and nxt.pos_ in ("ADJ", "VERB"):
            return True
        if gov is not None and (_lemma(gov) in cas or _lower(gov) in cas):
            return True
        return False

    def is_flow(self, q: Quantity, span: Span) -> bool:
        if (
            " per " in q.unit_or_thing
            and q.unit_or_thing.split(" per ")[-1].lower().rstrip("s") in self.lex.flow
        ):
            return True
        after = [_lower(t) for t in self.doc[span.end : min(len(self.doc), span.end + 3)]]
        if after[2:3] and after[2] in ("ago", "before", "earlier"):
            return False  # "from 107,207 a year before": when, not a rate
        if after[:1] and after[0] in (
            "daily",
            "weekly",
            "monthly",
            "annually",
            "yearly",
            "hourly",
            "quarterly",
        ):
            return True
        for k in range(len(after) - 1):
            if after[k] in ("a", "an", "per", "each", "every") and after[k + 1].rstrip("s") in self.lex.flow:
                return True
        return False

    # ------------------------------------------------------------------ thing
    def noun_thing(self, noun: Token, span: Span, number: Span, gov: Token | None) -> str:
        if noun.i < span.start or noun.i >= span.end:
            parts = [self.np(noun)]
        else:
            parts = [self.np_in_span(noun, span, number)]
        owned = any(c.dep_ == "poss" for c in noun.lefts)
        if (mine := self.owner_of(noun)) is not None:
            parts.append(f"of {mine}")
        for child in noun.rights:
            if child.dep_ == "prep" and _lower(child) in self.lex.thing_preps and _lower(child) != "of":
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if pobj is not None and pobj.pos_ != "PRON" and not self.is_date(pobj):
                    parts.append(f"{child.text} {self.np_simple(pobj)}")
            elif child.dep_ == "relcl" and (says := self.relative_says(child)):
                # "27 million voters who are eligible to vote", "three aides who sent the
                # memos to Doe": what the relative clause says sets the counted apart
                parts.append(f"that {says}")
            elif child.dep_ == "acl" and child.tag_ == "VBN":
                agent = next((g for g in child.children if g.dep_ == "agent"), None)
                if agent is not None:
                    pobj = next((g for g in agent.children if g.dep_ == "pobj"), None)
                    if pobj is not None and (name := self.named(pobj)):
                        parts.append(f"{child.text} by {name}")
                        owned = True
                else:
                    neg = any(g.dep_ == "neg" for g in child.children)
                    parts.append(f"not {child.text}" if neg else child.text)
                    parts.extend(self.place_of(child))
        parts.extend(self.clause_parts(noun, span, gov, owned))
        return _clip(" ".join(p for p in parts if p))

    def clause_parts(self, noun: Token, span: Span, gov: Token | None, owned: bool) -> list[str]:
        """What the clause adds to the counted noun: its owner or agent ("held by Louart",
        "withheld by State", "hurt by crisis"), what it did ("that received stays"), where."""
        out: list[str] = []
        # the noun's relation to its clause, read from the word of the figure that the
        # clause governs ("dozens" in "dozens of papers")
        rel = noun
        while span.start <= rel.head.i < span.end and rel.head.i != rel.i:
            rel = rel.head
        if gov is not None and rel.head == gov:
            lemma = _lemma(gov)
            goal = next((c for c in gov.children if c.dep_ in ("xcomp", "advcl") and c.tag_ == "VB"), None)
            if rel.dep_ == "dobj" and lemma in ("take", "need", "require") and goal is not None:
                # "it takes 1,237 delegates to win the nomination": a threshold, not a holding
                obj = next((c for c in goal.children if c.dep_ == "dobj"), None)
                what = f" {self.np(obj)}" if obj is not None and obj.pos_ != "PRON" else ""
                out.append(f"needed to {goal.text}{what}")
            elif rel.dep_ == "dobj" and not owned and lemma in self.lex.owner_verbs:
                subj = self.subject_of(gov)
                if subj is not None and (name := self.named(subj)):
                    participle = self.lex.owner_verbs[lemma]
                    out.append(f"of {name}" if participle == "of" else f"{participle} by {name}")
                    out.extend(self.place_of(gov))
            elif rel.dep_ == "dobj" and not owned and lemma not in ("be", "say") and _is_verb(gov):
                # any other verb: "State withheld seven email chains" -> "email chains withheld by State"
                subj = self.subject_of(gov)
                if subj is not None and (name := self.named(subj)):
                    out.append(f"{self.participle(gov)} by {name}")
                    out.extend(self.place_of(gov))
            elif rel.dep_ == "nsubjpass" or (rel.dep_ == "nsubj" and lemma in self.lex.casualty):
                out.append(gov.text)
                out.extend(self.agent_of(gov))
                out.extend(self.place_of(gov))
            elif rel.dep_ == "nsubj":
                out.extend(self.subject_parts(gov))
        elif rel.dep_ == "pobj" and rel.head.dep_ == "agent" and _is_verb(rel.head.head):
            # "endorsed by dozens of papers" -> "papers that endorsed <the endorsed>"
            verb = rel.head.head
            subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
            if subj is not None and _lower(verb).endswith("ed") and (name := self.named(subj)):
                out.append(f"that {_lower(verb)} {name}")
        return out

    def relative_says(self, verb: Token) -> str | None:
        """What a restrictive relative clause whose subject is the relative pronoun says of
        its noun: "who sent such content to Doe" -> "sent such content to Doe", "who are
        eligible to vote" -> "are eligible to vote"; None for a clause after a comma (it
        adds, it does not set apart), one whose relative pronoun is its object, or one that
        says nothing but a pronoun."""
        first = verb.left_edge
        if first.i == 0 or self.doc[first.i - 1].text in (",", "(", "—", "–", "-"):
            return None
        if not any(c.dep_ in _SUBJECT_DEPS and c.tag_ in ("WDT", "WP") for c in verb.children):
            return None
        return self.clause_says(verb)

    def clause_says(self, verb: Token, bare_be: bool = False) -> str | None:
        """A clause's predicate in few words: its verb (with auxiliaries, negation and
        particle), its object or complement, and its first phrase ("sent such content to
        Doe"); a bare "be" says something only with a phrase after it when ``bare_be``
        ("is on the wrong path")."""
        words = [
            c.text
            for c in verb.lefts
            if c.dep_ in ("aux", "auxpass", "neg") and _lemma(c) != "do" and c.tag_ != "TO"
        ]
        words.append(verb.text)
        words += ["not" for c in verb.rights if c.dep_ == "neg"]  # "who aren't happy"
        words += [c.text for c in verb.rights if c.dep_ == "prt"]  # "who had come out"
        comp = next((c for c in verb.rights if c.dep_ in ("dobj", "attr", "acomp", "oprd")), None)
        if comp is not None:
            if comp.pos_ == "PRON":
                return None
            words.append(self.np(comp) if _is_noun(comp) else comp.text)
            goal = next((c for c in comp.children if c.dep_ == "xcomp" and c.tag_ == "VB"), None)
            if goal is not None:  # "eligible to cast a ballot"
                obj = next((c for c in goal.children if c.dep_ == "dobj" and c.pos_ != "PRON"), None)
                words += ["to", goal.text, *([self.np(obj)] if obj is not None else [])]
        elif _lemma(verb) == "be" and not bare_be:
            return None
        for c in verb.rights:
            if c.dep_ in ("prep", "dative", "agent"):
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None and pobj.pos_ != "PRON" and not self.is_date(pobj):
                    words += [c.text, self.np_simple(pobj)]
                    break
        if comp is None and _lemma(verb) == "be" and len(words) < 3:
            return None
        return " ".join(words)

    def opinion_of(self, verb: Token) -> str | None:
        """What a verb of opinion says its subject holds: "(Americans) feel the country is
        on the wrong path" -> "feel country is on wrong path", "(voters) support Doe"."""
        inner = next((c for c in verb.children if c.dep_ == "ccomp"), None)
        if inner is None or any(c.dep_ == "dobj" for c in verb.children):
            return self.clause_says(verb)  # "(women) preferred Clinton": the object is the view
        subj = next((c for c in inner.children if c.dep_ in _SUBJECT_DEPS), None)
        says = self.clause_says(inner, bare_be=True)
        if subj is None or subj.pos_ == "PRON" or says is None:
            return None
        neg = [c.text for c in verb.lefts if c.dep_ == "neg"]
        return " ".join([*neg, verb.text, self.np(subj), says])

    def subject_parts(self, gov: Token) -> list[str]:
        """What a clause says of the counted noun that is its subject."""
        lemma = _lemma(gov)
        if lemma in self.lex.opinion_verbs:
            # "two out of three Americans feel the country is on the wrong path": what
            # they hold sets them apart
            says = self.opinion_of(gov)
            return [f"that {says}"] if says is not None else []
        out: list[str] = []
        obj = next((c for c in gov.children if c.dep_ == "dobj"), None)
        if (
            obj is not None
            and obj.pos_ != "PRON"
            and lemma not in ("be", "have")
            and gov.tag_ in ("VBD", "VBN")
        ):
            # "12 families have received stays" -> "families that received stays": what
            # they got or did sets them apart; an ongoing activity ("instructors are
            # training crews") is what they do, not which they are
            what = self.np(obj)
            if any(c.like_num for c in obj.lefts) or _lower(obj) in self.lex.measures:
                # "banks that provided 50 mln dlrs in credit lines": what the sum is in
                what = " ".join(p.split(" ", 1)[1] for p in self.preps_of(obj)[:1])
            if what:
                out.append(f"that {gov.text} {what}")
        out.extend(self.place_of(gov))
        return out

    def np_in_span(self, noun: Token, span: Span, number: Span) -> str:
        """The counted noun with its modifiers inside the figure's span (no number, no qualifier)."""
        words = [
            t
            for t in self.doc[max(span.start, number.end) : noun.i + 1]
            if not t.like_num
            and t.pos_ not in ("NUM", "PUNCT", "DET", "ADV", "ADP", "SYM")
            and t.dep_ not in ("quantmod", "advmod", "det", "cc")
            and t.tag_ not in ("$", "JJR", "RBR")
        ]
        out = " ".join(t.text for t in words[-_MAX_NP:]) or noun.text
        of = next((c for c in noun.rights if c.dep_ == "prep" and _lower(c) == "of"), None)
        if of is not None:
            pobj = next((g for g in of.children if g.dep_ == "pobj"), None)
            if pobj is not None and pobj.pos_ != "PRON":
                out += " of " + self.np_simple(pobj)
        return out

    def agent_of(self, verb: Token) -> list[str]:
        """'held by 550 stockholders': the agent of a passive verb."""
        agent = next((g for g in verb.children if g.dep_ == "agent"), None)
        pobj = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None
        name = self.named(pobj) if pobj is not None else None
        return [f"by {name}"] if name else []

    def place_of(self, verb: Token) -> list[str]:
        """'sent to Russia', 'deployed in Kursk': a place phrase of the verb."""
        out = []
        for child in verb.rights:
            if child.dep_ == "prep" and _lower(child) in self.lex.place_preps:
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if pobj is not None and pobj.ent_type_ in ("GPE", "LOC", "FAC", "NORP"):
                    out.append(f"{child.text} {self.np_simple(pobj)}")
                    break
        return out

    def measured_thing(self, anchor: Token, span: Span, gov: Token | None, share: bool = False) -> str:
        """What money or a percentage measures: an "of" phrase, the noun it modifies, or the
        clause's subject; for a share in a poll, whose share it is and in which poll."""
        found = self.poll_share(anchor, span, gov) if share else None
        if found is None:
            found = self.phrase_thing(anchor, span, gov)
            if share and found and (poll := self.poll_of(anchor)) and poll not in found:
                found = _clip(found + poll)  # "6 percent of the vote in a Post-ABC poll"
        if found is not None:
            return found
        if gov is None:
            return ""
        subj = self.subject_of(gov)
        owner = self.named(subj) if subj is not None and not (span.start <= subj.i < span.end) else None
        if anchor.dep_ in _OBJECT_DEPS and anchor.head == gov and _lemma(gov) != "be" and owner:
            if _lemma(gov) in self.lex.subject_verbs and not self.is_person(subj):
                # "the loss would total 80 mln dlrs": what totals it is its subject (a person
                # who "raised $3 million" raised it: the sum is no measure of her)
                return owner
            if _lemma(gov) == "have":
                # "the bank has 500 mln dlrs in deposits": deposits of the bank
                held = self.preps_of(anchor)
                return _clip(" ".join([*held, f"of {owner}"])) if held else ""
            # "Colombia can earn 1,500 mln dlrs from coffee": earned by Colombia from coffee
            parts = [f"{self.participle(gov)} by {owner}"]
            parts.extend(self.preps_of(anchor) or self.preps_of(gov))
            return _clip(" ".join(parts))
        if anchor.head.dep_ == "prep" and _lower(anchor.head) in (
            "to",
            "from",
            "at",
            "by",
            "of",
            "around",
            "near",
        ):
            # "raised its stake in Meston to 64 pct": the figure measures the verb's object
            obj = next(
                (
                    c
                    for c in gov.children
                    if c.dep_ == "dobj"
                    and not (span.start <= c.i < span.end)
                    and not self.change_by(c, anchor, gov)
                    and not self.is_figure(c)
                ),
                None,
            )
            if obj is not None and obj.pos_ != "PRON":
                parts = [self.np(obj)]
                parts.extend(self.preps_of(obj))
                if owner and any(c.dep_ == "poss" and c.pos_ == "PRON" for c in obj.lefts):
                    parts.append(f"of {owner}")
                return _clip(" ".join(parts))
        if (
            owner
            and subj is not None
            and (_lemma(gov) in ("be", "become", "remain") or _lemma(gov) in self.lex.subject_verbs)
        ):
            # "growth was highest in Portugal at five pct": growth in Portugal
            place = self.place_of(gov) or (self.place_of(gov.head) if gov.head.i != gov.i else [])
            mine = self.owner_of(subj)
            # "orders for machinery were down 6.1 pct": the subject's own phrases say which
            own = self.preps_of(subj) if _is_noun(subj) and not self.company_ref(subj) else []
            parts = [owner, *own, *([f"of {mine}"] if mine else []), *place]
            return _clip(" ".join(dict.fromkeys(parts)))
        return owner or ""

    # ------------------------------------------------------------------ poll shares
    def poll_share(self, anchor: Token, span: Span, gov: Token | None) -> str | None:
        """Whose share a poll gives, among whom, in which poll: "Smith leads Doe, 46 percent
        to 44 percent" (the first share is the first named's), "Doe at 17 percent", "Smith
        led with 45 percent", "17 percent for Doe", "43% of Ohio voters support Smith".
        None when the sentence names no one the share is for."""
        sent = anchor.sent
        who: str | None = None
        group: str | None = None
        nxt = [_lower(t) for t in self.doc[span.end : min(sent.end, span.end + 3)]]
        prev = [_lower(t) for t in self.doc[max(sent.start, span.start - 3) : span.start]]
        first_of_pair = nxt[:1] == ["to"] and len(nxt) > 1 and self.doc[span.end + 1].like_num
        second_of_pair = prev[-1:] == ["to"] and any(w in ("percent", "%", "pct") for w in prev[:-1])
        if first_of_pair or second_of_pair:
            people = self.people_before(sent, span.start)
            if len(people) >= 2:
                who = people[-2] if first_of_pair else people[-1]
        if who is None:
            who = self.share_owner(anchor)
        of = next((c for c in anchor.rights if c.dep_ == "prep" and _lower(c) == "of"), None)
        pobj = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
        if who is None and pobj is not None and anchor.dep_ in _SUBJECT_DEPS and gov is not None:
            # "43% of Ohio voters support Smith": the voters that support Smith
            what = self.predicate(gov)
            if what and pobj.pos_ != "PRON":
                return _clip(f"{self.np(pobj)} that {what}{self.poll_of(anchor)}")
        if who is None:
            return None
        if pobj is not None and pobj.pos_ != "PRON":
            group = self.np(pobj)
        if group is None:
            among = next(
                (t for t in sent if _lower(t) == "among" and t.dep_ == "prep"),
                None,
            )
            inner = next((g for g in among.children if g.dep_ == "pobj"), None) if among is not None else None
            group = self.np(inner) if inner is not None else None
        thing = f"share for {who}" + (f" among {group}" if group else "")
        return _clip(thing + self.poll_of(anchor))

    def people_before(self, sent: Span, end: int) -> list[str]:
        """The people a sentence names before token ``end``, in order, each once."""
        out: list[str] = []
        for ent in self.doc.ents:
            if ent.start >= sent.start and ent.end <= end and ent.label_ == "PERSON":
                name = ent.text.removesuffix("'s").removesuffix("’s")
                if name not in out:
                    out.append(name)
        return out

    def share_owner(self, anchor: Token) -> str | None:
        """The person a share is given to: "17% for Doe", "Doe at 17 percent", "had Smith at
        4 percent", "Smith led with 45 percent", "Smith 45%"."""
        for child in anchor.rights:
            if child.dep_ == "prep" and _lower(child) == "for":
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if pobj is not None and pobj.ent_type_ == "PERSON":
                    return self.np_simple(pobj)
        head = anchor.head
        if anchor.dep_ == "pobj" and _lower(head) in ("at", "with"):
            host = head.head
            if host.ent_type_ == "PERSON" and _is_noun(host):
                return self.np_simple(host)
            if _is_verb(host):
                deps = ("dobj",) if _lower(head) == "at" else tuple(_SUBJECT_DEPS)
                for c in host.children:
                    if c.dep_ in deps and c.ent_type_ == "PERSON":
                        return self.np_simple(c)
                    if c.dep_ == "agent":
                        pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                        if pobj is not None and pobj.ent_type_ in ("PERSON", "ORG"):
                            return self.np_simple(pobj)
        if anchor.i > 0:
            before = self.doc[anchor.left_edge.i - 1] if anchor.left_edge.i > 0 else None
            if before is not None and before.ent_type_ == "PERSON" and before.head.i == anchor.i:
                return self.np_simple(before)  # "Smith 45%"
        return None

    def predicate(self, verb: Token) -> str | None:
        """What a clause says its subject does, for "N% of voters <support Smith>"; through
        a verb of saying to what is said ("said they would vote for Kasich")."""
        if _lemma(verb) in ("say", "think", "believe", "tell"):
            inner = next((c for c in verb.children if c.dep_ == "ccomp"), None)
            if inner is None:
                return None
            verb = inner
        if _lemma(verb) == "be":
            return None
        obj = next((c for c in verb.children if c.dep_ in ("dobj", "attr", "acomp")), None)
        aux = " ".join(c.text for c in verb.lefts if c.dep_ in ("aux", "neg") and _lower(c) != "do")
        head = f"{aux} {verb.text}".strip()
        if obj is not None and obj.pos_ != "PRON":
            return f"{head} {self.np(obj)}"
        for c in verb.rights:
            if c.dep_ == "prep":
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None and pobj.pos_ != "PRON":
                    return f"{head} {c.text} {self.np_simple(pobj)}"
        return None

    def poll_of(self, anchor: Token) -> str:
        """ " in <the poll>" when the figure's clause (or one it reports) names the poll it
        comes from; a poll in a clause the figure only explains ("our poll missed voters
        because 80 percent of his friends vote for X") is not its poll."""
        clause: set[int] = set()
        tok = anchor
        while tok.head.i != tok.i and tok.dep_ not in ("advcl", "relcl", "acl", "parataxis"):
            tok = tok.head
            clause.add(tok.i)
        for t in anchor.sent:
            if (
                _lemma(t) in self.lex.polls
                and _is_noun(t)
                and t.dep_ in (*_SUBJECT_DEPS, "pobj", "dobj")
                and self.hangs_from(t, clause | {anchor.i})
            ):
                name = self.np_simple(t)
                return f" in {name}"
        return ""

    @staticmethod
    def hangs_from(tok: Token, clause: set[int]) -> bool:
        """Does ``tok`` hang (through nouns and prepositions, not another clause) from one of ``clause``?"""
        for _ in range(5):
            if tok.head.i == tok.i or tok.dep_ in ("advcl", "relcl", "acl", "parataxis", "ccomp"):
                return False
            tok = tok.head
            if tok.i in clause:
                return True
        return False

    def phrase_thing(self, anchor: Token, span: Span, gov: Token | None) -> str | None:
        """What the figure's own phrase says it measures: "56 percent of the vote", "an
        increase in sales", "a profit of 5.6 mln stg", "a $15 minimum wage"; None if nothing."""
        nxt = self.doc[span.end] if span.end < len(self.doc) else None
        if nxt is not None and _lower(nxt) == "of":
            pobj = next((g for g in nxt.children if g.dep_ == "pobj"), None)
            if pobj is not None and pobj.pos_ != "PRON":
                # "56 percent of the vote": whose vote is the clause's subject's
                thing = self.np(pobj)
                subj = self.subject_of(gov) if gov is not None else None
                if subj is not None and not (span.start <= subj.i <= pobj.i) and (name := self.named(subj)):
                    if gov is not None and anchor.dep_ == "dobj" and _lemma(gov) in self.lex.acting_verbs:
                        # "S&P downgraded 225 mln dlrs of debt of X": debt of X downgraded by S&P
                        thing += f" {self.participle(gov)} by {name}"
                    else:
                        thing += f" for {name}"
                return _clip(thing)
        if _lemma(anchor) in self.lex.change_nouns and (inner := self.changed_noun(anchor)) is not None:
            # "a seven pct increase in sales": the change is of sales
            return self.with_owner(inner, gov)
        head = anchor.head
        if (
            anchor.dep_ == "pobj"
            and _lower(head) in ("of", "at", "to", "from")
            and _is_noun(head.head)
            and not (span.start <= head.head.i < span.end)
        ):
            # "a profit of 5.6 mln stg", "an offer at 46 dlrs", "an increase in sales to 337 mln"
            owner_noun = head.head
            if _lemma(owner_noun) in self.lex.change_nouns and (inner := self.changed_noun(owner_noun)):
                return self.with_owner(inner, gov)
            if _lower(head) in ("of", "at") or _lemma(owner_noun) not in self.lex.change_nouns:
                return self.with_owner(owner_noun, gov, exclude=span)
        if (
            anchor.dep_ in ("nummod", "compound", "amod", "nmod", "quantmod", "npadvmod")
            and _is_noun(head)
            and not (span.start <= head.i < span.end)
        ):
            return self.with_owner(head, gov, exclude=span)
        if (
            _is_noun(anchor)
            and anchor.i == span.end - 1
            and anchor.i > span.start
            and _lower(self.doc[anchor.i - 1]) in _PERCENT_WORDS
            and _lower(anchor) not in _PERCENT_WORDS
        ):
            # "a 4.4 percent stake", "a 35 percent tariff on imports": what the share is of
            return self.with_owner(anchor, gov, exclude=span[:-1])
        return None

    def level_of_change(self, noun: Token) -> bool:
        """Is the noun the level or base of a change ("fell 14 pct to 8,191 contracts",
        "rose from 300 cars")? The object of "to"/"from" of a change verb."""
        head = noun.head
        if noun.dep_ != "pobj" or _lower(head) not in ("to", "from") or head.dep_ != "prep":
            return False
        verb = head.head
        changes = _lemma(verb) in self.lex.change_verbs or _lower(verb) in self.lex.change_forms
        if not (_is_verb(verb) and changes):
            return False
        # "raised $185,000 from two emails": a figure of another unit is what changed hands
        return not any(
            c.dep_ == "dobj"
            and (c.like_num or any(g.dep_ == "nummod" for g in c.children))
            and not self.change_by(c, noun, verb)
            for c in verb.children
        )

    def change_by(self, obj: Token, anchor: Token, verb: Token) -> bool:
        """Is a change verb's object the size of the change ("declined 1.6 pct to 55.9 pct",
        "fell 219 mln francs to 19.3 billion francs"), not what changed, for the level
        ``anchor`` after "to"/"from"?"""
        return bool(
            _lower(anchor.head) in ("to", "from")
            and (_lemma(verb) in self.lex.change_verbs or _lower(verb) in self.lex.change_forms)
            and (obj.like_num or any(c.dep_ == "nummod" for c in obj.children))
            and (
                _lower(obj) in _PERCENT_WORDS
                or _lower(obj) in self.lex.measures
                or _lemma(obj) == _lemma(anchor)
            )
        )

    def changed_noun(self, change: Token) -> Token | None:
        """What a change noun changes: "an increase in sales" -> sales."""
        for child in change.rights:
            if child.dep_ == "prep" and _lower(child) in ("in", "of"):
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if pobj is not None and pobj.pos_ != "PRON" and not pobj.like_num and _is_noun(pobj):
                    return pobj
        return None

    def with_owner(self, noun: Token, gov: Token | None, exclude: Span | None = None) -> str:
        """The noun phrase, and whose it is: its possessive ("its sales" -> the company's)
        or the subject of the clause that reports it as its own ("X reported a rise in sales")."""
        thing = self.np(noun, exclude=exclude)
        mine = self.owner_of(noun)
        if mine is None and any(c.tag_ == "PRP$" for c in noun.lefts) and gov is not None:
            subj = self.subject_of(gov)
            mine = self.named(subj) if subj is not None else None
        if mine is None and gov is not None and _lemma(gov) in ("report", "post", "have", "show", "record"):
            subj = self.subject_of(gov)
            mine = self.named(subj) if subj is not None else None
        if (
            mine is None
            and not any(c.dep_ == "poss" for c in noun.lefts)
            and not any(w[:1].isupper() for w in thing.split()[1:])
        ):
            mine = self.reporting_company(noun)
        parts = [thing, *([f"of {mine}"] if mine and mine not in thing else []), *self.preps_of(noun)]
        return _clip(" ".join(dict.fromkeys(parts)))

    def reporting_company(self, tok: Token, story_only: bool = False) -> str | None:
        """The company that reports a clause about its own books ("Williams Cos said a fourth
        quarter charge of 250 mln dlrs contributed to the loss": Williams Cos's charge): the
        subject of the verb of saying the clause hangs from, when that is the story's
        company or an organisation."""
        for _ in range(6):
            head = tok.head
            if head.i == tok.i:
                return None
            if tok.dep_ == "ccomp" and _lemma(head) in ("say", "report", "announce", "disclose"):
                subj = next((c for c in head.children if c.dep_ in _SUBJECT_DEPS), None)
                company = self.company
                if subj is not None and subj.pos_ == "PRON" and company and self.company_ref(subj):
                    return company  # "It said ... a 102.5 mln dlr mortgage loan" in a story about it
                if subj is None or subj.pos_ == "PRON":
                    return None
                if company and (self.company_ref(subj) or subj.text in company.split()):
                    return company
                return self.np(subj) if subj.ent_type_ == "ORG" and not story_only else None
            tok = head
        return None

    def subject_of(self, verb: Token) -> Token | None:
        """The verb's subject, or the subject of the clause it hangs from ("increasing its
        stake to 19.9 pct" in a sentence about GAF)."""
        tok = verb
        for _ in range(3):
            subj = next((c for c in tok.children if c.dep_ in _SUBJECT_DEPS), None)
            if subj is not None:
                return subj
            if tok.dep_ == "acl" and tok.tag_ in ("VBN", "VBG") and _is_noun(tok.head):
                return tok.head  # "a program projected to cost 1 bln dlrs": the program costs it
            if tok.dep_ not in ("advcl", "xcomp", "conj", "pcomp") or tok.head is tok:
                return None
            tok = tok.head
        return None

    def preps_of(self, noun: Token) -> list[str]:
        out = []
        for child in noun.rights:
            if child.dep_ == "prep" and _lower(child) in self.lex.thing_preps and _lower(child) != "of":
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if (
                    pobj is not None
                    and pobj.pos_ != "PRON"
                    and not self.is_date(pobj)
                    and not any(_SEASON.match(t.text) for t in pobj.subtree)  # a time, see season_of
                ):
                    out.append(f"{child.text} {self.np_simple(pobj)}")
        return out[:2]

    def is_figure(self, tok: Token) -> bool:
        """Is the noun itself a sum or a count ("totalled 16.8 billion dlrs"), not a thing
        another figure could measure?"""
        return bool(
            tok.like_num
            or _lower(tok) in _PERCENT_WORDS
            or _lower(tok) in self.lex.measures
            or tok.ent_type_ in ("MONEY", "PERCENT", "QUANTITY")
        )

    def is_date(self, tok: Token) -> bool:
        return tok.ent_type_ in ("DATE", "TIME")

    # ------------------------------------------------------------------ results tables
    def line_of(self, tok: Token) -> Span:
        """The tokens of ``tok``'s line (a wire results table has one row a line)."""
        if "\n" in tok.text:
            return self.doc[tok.i : tok.i + 1]  # a line break of its own
        start = tok.i
        while (
            start > 0 and "\n" not in self.doc[start - 1].text and "\n" not in self.doc[start - 1].whitespace_
        ):
            start -= 1
        end = tok.i + 1
        while (
            end < len(self.doc)
            and "\n" not in self.doc[end].text
            and "\n" not in self.doc[end - 1].whitespace_
        ):
            end += 1
        return self.doc[start:end]

    def table_row(self, number: Span) -> tuple[str, str | None, str] | None:
        """A results-table row ("Shr loss six cts vs profit two cts", "Net 807,000 vs
        2,858,000"): (what the row's figure measures, of which company and period; its time,
        "a year earlier" after "vs"; the unit a bare number is in), or None."""
        line = self.line_of(number[0])
        words = [t for t in line if not t.is_space]
        lows = [_lower(t) for t in words]
        if "vs" not in lows and "vs." not in lows or len(words) > 16:
            return None
        label: list[str] = []
        for t in words:
            if t.like_num or not t.is_alpha and t.text not in ("-", "'"):
                break
            label.append(_lower(t))
        base = [w for w in label if w not in ("loss", "profit")] or label
        if not base or len(label) > 4:
            return None
        measure = self.lex.table_measures.get(" ".join(base), " ".join(base))
        before = [_lower(t) for t in self.doc[line.start : number.start]]
        vs_at = max((i for i, w in enumerate(before) if w in ("vs", "vs.")), default=-1)
        sign = next((w for w in reversed(before[vs_at + 1 :] or before) if w in ("loss", "profit")), None)
        if sign is None:
            sign = next((w for w in label if w in ("loss", "profit")), None)
        if sign == "loss":
            for word in ("earnings", "income", "profit"):
                measure = measure.replace(word, "loss")
        period = self.section_period(line) or self.title_period
        thing = " ".join(p for p in (self.company, measure) if p)
        if period:
            thing += f" for {period}"
        after = [_lower(t) for t in self.doc[number.end : line.end]]
        time = None
        if vs_at >= 0:
            time = (
                "previously"
                if "prior" in after and "yr" not in after and "year" not in after
                else "a year earlier"
            )
        nxt = after[0] if after else ""
        unit = "cents" if nxt in ("cts", "ct") else "USD" if nxt in ("dlrs", "dlr") else ""
        return _clip(thing), time, unit

    def results_note(self, span: Span) -> str | None:
        """A sum in a note to a results table ("Year net includes a charge of 2.1 mln dlrs
        for ...", "NOTE: Qtr includes gain of ..."): the item (the verb's object) in the
        results the note's subject names, of the headline's company ("charge in Zanzibar
        Widget Inc year net"); None for any other sentence."""
        verb = span.root
        for _ in range(10):
            if _lemma(verb) in self.lex.note_verbs and _is_verb(verb):
                break
            if verb.head.i == verb.i:
                return None
            verb = verb.head
        else:
            return None
        notes = self.lex.note_subjects
        subjects = [
            c for c in verb.children if c.dep_ in _SUBJECT_DEPS and (_lower(c) in notes or _lemma(c) in notes)
        ]
        # "Note: Year net includes ...": the results the note is about, before the word "note"
        subj = min(subjects, key=lambda c: _lower(c) in ("note", "notes"), default=None)
        if subj is None:
            return None
        if _lower(subj) in ("note", "notes"):
            if subj.i != subj.sent.start or any(c.dep_ == "det" for c in subj.children):
                return None  # "the note includes a list": no results table's note
            results = "results"  # "NOTE: Includes gains of ...": the table's results
        else:
            results = " ".join(_lower(t) for t in subj.subtree if not t.is_punct and t.dep_ != "det")
        of = span.root.head
        item = (
            of.head  # "gain of 586,826 dlrs", "provision for separation pay of 1.5 mln dlrs"
            if _lower(of) == "of" and _is_noun(of.head) and not (span.start <= of.head.i < span.end)
            else next(
                (c for c in verb.children if c.dep_ == "dobj" and not (span.start <= c.i < span.end)), None
            )
        )
        if item is None and verb.i + 1 < len(self.doc):
            nxt = self.doc[verb.i + 1]  # "includes charge 156,000 dlrs": "charge" read as a verb
            if nxt.is_alpha and not nxt.like_num and not (span.start <= nxt.i < span.end):
                item = nxt
        while (
            item is not None
            and item.dep_ == "pobj"
            and _lower(item.head) in ("from", "for", "on", "of")
            and _is_noun(item.head.head)
            and _lower(item.head.head) not in self.lex.measures  # not the sum before ("dlrs")
        ):
            item = item.head.head  # "profits from sale of units of 1 mln dlrs": the profits
        what = ""
        if item is not None:
            what = " ".join([self.np_simple(item), *self.preps_of(item)[:1]])
        whose = f"{self.company} {results}" if self.company else results
        return _clip(f"{what} in {whose}" if what else whose)

    def section_period(self, line: Span) -> str | None:
        """The period of a results table's section: the last short line above without a
        figure that names one ("Year", "12 mths", "Nine mths")."""
        i = line.start - 1
        for _ in range(40):
            if i < 0:
                return None
            above = self.line_of(self.doc[i])
            words = [t for t in above if not t.is_space]
            i = above.start - 1
            if not words:
                continue
            lows = [_lower(t) for t in words]
            if "vs" in lows or len(words) > 4:
                if "vs" not in lows:
                    return None
                continue
            if any(w in self.lex.table_periods for w in lows):
                return " ".join(t.text for t in words).lower()
        return None

    # ------------------------------------------------------------------ labels
    def is_time_label(self, q: Quantity, span: Span, number: Span, noun: Token | None) -> bool:
        """A duration that says when ("three years after", "in the first 20 days", "a year
        ago"), a number inside a name ("the Gang of Eight"), or a ratio's term."""
        durations = self.lex.durations
        unit = _lemma(noun) if noun is not None else ""
        if unit in durations or _lower(span[-1]) in durations:
            nxt = self.doc[span.end] if span.end < len(self.doc) else None
            if nxt is not None and _lower(nxt) in self.lex.time_labels:
                return True
            before = [_lower(t) for t in self.doc[max(0, number.start - 2) : number.start]]
            if any(w in self.lex.time_openers for w in before):
                return True
            after = [_lower(t) for t in self.doc[span.end : min(len(self.doc), span.end + 2)]]
            if after == ["to", "go"] or after[:1] in (["left"], ["remaining"]):
                return True  # "with two months to go": how long until, not a count
            if noun is not None and self.adverbial(noun):
                return True  # "spoke for 45 minutes", "bans abortions after 20 weeks": how long, when
            if (
                noun is not None
                and noun.dep_ in ("compound", "nmod", "amod")
                and _is_noun(noun.head)
                and noun.head.i > noun.i
            ):
                return True  # "24 month loans", "a 30-minute drive": a term that describes a noun
        first = number[0]
        sent = first.sent
        if (
            first.is_alpha
            and first.text[:1].isupper()
            and first.i > sent.start
            and first.i > 0
            and self.doc[first.i - 1].text not in ('"', "“", "'", ":", "(", "-", "—")
            and not self.doc[first.i - 1].is_space
        ):
            return True  # "the Gang of Eight", "Big Ten": a capitalised number word inside a name
        window = [_lower(t) for t in self.doc[max(0, span.start - 4) : span.start]]
        return "ratio" in window

    def adverbial(self, noun: Token) -> bool:
        """A length of time that says how long or when a verb's act happens, not something
        the clause counts: the object of a preposition of the verb ("posted there for three
        years") or the verb's bare modifier ("go back six months")."""
        head = noun.head
        if noun.dep_ == "npadvmod" and _is_verb(head):
            return True
        return noun.dep_ == "pobj" and head.dep_ == "prep" and _is_verb(head.head)

    def counts_nothing(
        self, q: Quantity, span: Span, number: Span, noun: Token | None, gov: Token | None
    ) -> bool:
        """A number that counts nothing the sentence asserts: list numbering ("12." alone
        on its line), a number inside markup (a tweet's date attribute), a number that
        names ("the KIMS system 5000", "Flight 17"), a score's terms ("a 5-to-3
        decision"), or the size of a list the writer announces ("there are two ways")."""
        doc = self.doc
        bare = not q.unit_or_thing or (noun is not None and _lemma(noun) in self.lex.durations)
        if bare and self.alone(span):
            return True
        if doc.text.rfind("<", 0, span.start_char) > doc.text.rfind(">", 0, span.start_char):
            return True  # inside a tag: "<tweet tweet-date="February 9, 2016">"
        first = number[0]
        if not q.unit_or_thing and first.i > 0:
            prev = doc[first.i - 1]
            if (
                _lower(prev) in self.lex.name_nouns
                or _lemma(prev) in self.lex.name_nouns
                or prev.tag_ == "NNP"
                and first.head.i == prev.i
            ) and prev.pos_ in ("NOUN", "PROPN"):
                return True  # "the KIMS system 5000", "Flight 17", "Boeing 747"
        before = [_lower(t) for t in doc[max(0, first.i - 4) : first.i]]
        if before[-1:] == ["every"] or before[-2:] in (["or", "minus"], ["error", "of"]):
            return True  # "one for every 10 shares": a ratio; "plus or minus 3 points": a margin
        if doc.text[max(0, number.start_char - 5) : number.start_char].lower().endswith("-for-") or doc.text[
            number.end_char : number.end_char + 5
        ].lower().startswith("-for-"):
            return True  # "a three-for-two stock split": a ratio's terms
        tail = doc.text[number.end_char : number.end_char + 12].lower()
        if re.match(r"\s*-\s*to\s*-\s*\d|\s*-\s*\d+\b", tail) and (
            "to" in tail or any(_lemma(t) in self.lex.scores for t in doc[number.end : number.end + 5])
        ):
            return True  # "a 5-to-3 decision", "a 7-2 vote"
        if q.unit_or_thing and re.match(r"\s*to\s*-\s*\d", tail):
            return False
        if noun is not None and _lemma(noun) in self.lex.enumeration:
            sent = first.sent
            there = gov is not None and any(c.dep_ == "expl" for c in gov.children)
            colon = any(t.text == ":" for t in doc[span.end : sent.end])
            if there or colon:
                return True  # "there are two ways the plan can fail", "three lessons:"
        return False

    def alone(self, span: Span) -> bool:
        """Is the figure all its sentence or line says ("12.", "11 mths" over a table)?"""
        for part in (span[0].sent, self.line_of(span[0])):
            rest = [
                t for t in part if not (span.start <= t.i < span.end) and not t.is_punct and not t.is_space
            ]
            if not rest:
                return True
        return False

    def time_after(self, span: Span) -> str | None:
        """A date right after the figure ("21 cts a share in 1985's fourth quarter", "27.52
        pct in November"), when nothing else in its clause gives one."""
        for ent in self.dates:
            if span.end <= ent.start <= span.end + 2:
                between = self.doc[span.end : ent.start]
                if all(t.is_punct or t.pos_ == "ADP" for t in between):
                    prep = self.doc[ent.start - 1] if ent.start > 0 else None
                    return f"{prep.text} {ent.text}" if prep is not None and prep.pos_ == "ADP" else ent.text
        return None

    # ------------------------------------------------------------------ time and frame
    def time_of(self, anchor: Token, gov: Token | None, span: Span) -> tuple[str | None, bool]:
        """The time phrase of the figure's clause and whether it projects ("by December")."""
        sent = anchor.sent
        gov_i = gov.i if gov is not None else None
        # "lard usage in the 1986/87 season amounted to 104 mln lbs": the subject's time is the figure's
        subj = self.subject_of(gov) if gov is not None and _lemma(gov) in self.lex.subject_verbs else None
        subj_i = subj.i if subj is not None and not (span.start <= subj.i < span.end) else None
        best: tuple[int, str, bool] | None = None
        for ent in self.dates:
            if ent.start < sent.start or ent.end > sent.end or (span.start <= ent.start < span.end):
                continue
            root = ent.root
            linked = False
            tok = root
            for _ in range(5):
                if tok.i == anchor.i or tok.i in (gov_i, subj_i):
                    linked = True
                    break
                if tok.head is tok or (tok is not root and _is_verb(tok)):
                    break  # the date belongs to another clause
                if (
                    tok.dep_ == "prep"
                    and _lower(tok) in self.lex.base_preps
                    and not (tok.left_edge.i <= anchor.i <= tok.right_edge.i)
                ):
                    break  # "off 29.3 pct from 748,119 a year before": the base's time, not the change's
                tok = tok.head
            if not linked:
                continue
            prep = self.doc[ent.start - 1] if ent.start > 0 else None
            projects = prep is not None and _lower(prep) in self.lex.projection_preps
            text = f"{prep.text} {ent.text}" if prep is not None and prep.pos_ == "ADP" else ent.text
            dist = abs(root.i - anchor.i)
            if best is None or dist < best[0]:
                best = (dist, text, projects)
        if best is not None:
            return best[1], best[2]
        for owner in (anchor, subj if subj_i is not None else None):
            season = self.season_of(owner) if owner is not None else None
            if season:
                return season, False
        if gov is not None:
            for child in gov.children:
                if child.dep_ == "advmod" and _lower(child) in self.lex.past_words:
                    return child.text, False
        return None, False

    def season_of(self, noun: Token) -> str | None:
        """A crop or fiscal year the noun is said to be in ("usage in the 1986/87 season",
        "the crop for 1986/87"): the tagger does not call these dates."""
        for child in noun.rights:
            if child.dep_ == "prep" and _lower(child) in ("in", "for", "during"):
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if pobj is None:
                    continue
                if any(_SEASON.match(t.text) for t in pobj.subtree):
                    words = [t.text for t in self.doc[pobj.left_edge.i : pobj.i + 1] if not t.is_punct][-5:]
                    return f"{child.text} {' '.join(words)}"
        return None

    def projected(self, gov: Token | None, span: Span) -> bool:
        words = self.lex.projection_words
        if any(_lower(t) in words for t in span):
            return True
        tok = gov
        for _ in range(4):
            if tok is None:
                return False
            if _lower(tok) in words or _lemma(tok) in words:
                return True
            if any(
                c.dep_ in ("aux", "auxpass") and (_lower(c) in words or _lemma(c) in words)
                for c in tok.children
            ):
                return True
            if tok.head is tok:
                return False
            tok = tok.head  # "a scenario in which Trump receives N", "its goal of accepting N"
        return False

    # ------------------------------------------------------------------ one figure
    def describe(self, q: Quantity) -> Quantity:
        found = self.tokens(q)
        if found is None or not self.parsed:
            return replace(
                q,
                unit=_unit_of(q, None),
                thing=q.unit_or_thing if _unit_of(q, None) != q.unit_or_thing else "",
            )
        span, number = found
        noun = self.counted_noun(q, span, number)
        anchor = noun if noun is not None else span.root
        gov = self.governor(anchor)
        if gov is None and noun is not None and noun.i != span.root.i:
            gov = self.governor(span.root)  # "hurt millions of Americans": through the figure's head
        unit = _unit_of(q, noun)
        ago = self.ago(span)
        if ago:
            unit = unit.split(" per ")[0]  # "1.76 billion dlrs a year ago" is no rate
        row = self.table_row(number)
        if row is not None:
            thing, time, row_unit = row
            if not row_unit:
                # a bare amount: shares in a share count's row, else money in the report's
                # currency (the quantities stage may carry "cts" over from the row above)
                row_unit = "shares" if "shares" in thing else unit if unit.isupper() else "USD"
            unit = row_unit
            return replace(q, thing=thing, unit=unit, kind="stock", frame="current", time=time)
        if unit == "ct":
            unit = "cents"
        site = _Site(q, span, number, noun, anchor, gov, unit)
        thing, unit = self.thing_of(site)
        time, projects = self.time_of(anchor, gov, span)
        if ago or time is None:
            time = ago or self.time_after(span)
        kind = self.kind_of(replace(site, unit=unit), ago)
        compared = self.compared_with(span, unit)
        if compared is not None and kind != "label":
            # "1,500 people were killed ... compared to probably 150,000 in Syria"
            own = self.preps_of(anchor)
            thing = compared[0]
            for phrase in own:  # "killed in Libya" vs "in Syria": the other's place is not this one's
                cut = thing.rfind(f" {phrase.split()[0]} ")
                thing = thing[:cut] if cut > 0 else thing
            thing = _clip(" ".join([thing, *own]))
            unit, kind = unit or compared[1], compared[2]
        if kind != "label":
            self.last = (anchor.sent.start, thing, unit, kind)
        base = anchor.head.dep_ == "prep" and _lower(anchor.head) == "from" and kind != "change"
        frame = "projected" if not base and (projects or self.projected(gov, span)) else "current"
        return replace(q, thing=thing, unit=unit, kind=kind, frame=frame, time=time)

    def named_count(self, q: Quantity, noun: Token) -> bool:
        """Is the noun the quantities stage took for what a number counts one named person or
        organisation ("only 19 support Doe")? A number above one cannot count a name."""
        between = self.doc[noun.i - 1] if noun.i > 0 else noun  # "19 support Doe": a verb read as a noun
        return (
            noun.tag_ == "NNP"
            and (noun.ent_type_ in ("PERSON", "ORG") or between.tag_ in ("NN", "VB", "VBP"))
            and q.value is not None
            and q.value > 1
            and noun.text[:1].isupper()
            and not noun.text.isupper()
            and _lower(noun) not in self.lex.measures
        )

    def elided(self, span: Span, number: Span) -> tuple[str, str]:
        """(thing, unit) of a number whose counted noun the writer left out: the noun of the
        figure before it in its sentence or the one before ("52 voters backed Smith and only
        19 support Doe" -> "voters that support Doe"), else nothing."""
        rest = " ".join(t.text for t in self.doc[number.end : span.end] if not t.is_punct)
        if self.last is None or not self.last[1] or self.last[0] < self.sentence_start_before(span.sent, 1):
            return "", ""
        _start, thing, unit, _kind = self.last
        counted = thing.split()[0]
        same = counted.lower().rstrip("s") == unit.lower().rstrip("s")
        if not unit or unit in ("percent", "USD") or unit.isupper() or not same:
            return "", ""
        return _clip(f"{counted} that {rest}" if len(rest.split()) > 1 else f"{counted} for {rest}"), unit

    def thing_of(self, site: _Site) -> tuple[str, str]:
        """(thing, unit) of a figure outside a results table."""
        q, span, number, noun, anchor, gov, unit = site.parts()
        note = self.results_note(span)
        if note is not None:
            thing = note + (" per share" if unit == "cents" or "share" in _lower(span[-1]) else "")
        elif noun is not None:
            thing = self.noun_thing(noun, span, number, gov)
            level = thing == noun.text and self.level_of_change(noun)
            if thing == noun.text and (_lower(noun) in self.lex.measures or level):
                # "bank lending rose 89 mln marks": a measure says what it measures by its
                # clause; so does the level a change reached ("volume fell 14 pct to 8,191
                # contracts": the volume, in contracts)
                thing = self.measured_thing(anchor, span, gov) or thing
            if level and thing != noun.text and " of " not in thing:
                # "car sales fell to 4,922 from 12,861 cars, the automaker said" in a story whose
                # headline names the company with its ticker: its sales (a trade body or an
                # agency that reports a country's figures owns none of them)
                mine = self.reporting_company(noun, story_only=True)
                if mine and mine == self.title_company and mine not in thing:
                    thing = _clip(f"{thing} of {mine}")
        elif (
            q.unit_or_thing
            and q.unit_or_thing not in ("percent", "tally")
            and not q.unit_or_thing.split(" per ")[0].isupper()
        ):
            # a bare number: what the clause says it is ("the total will be 7,600"), else
            # what the quantities stage took from the verb or the sentence before
            thing = self.bare_thing(q, anchor, span, gov)
        else:
            thing = self.measured_thing(anchor, span, gov, share=q.unit_or_thing == "percent")
        if thing.lower() in self.lex.generic:
            thing = ""
        if noun is not None and self.named_count(q, noun):
            # "40 voters back Smith, while only 19 support Doe": the counted noun is elided
            thing, unit = self.elided(span, number)
        return thing, unit

    def compared_with(self, span: Span, unit: str) -> tuple[str, str, str] | None:
        """The (thing, unit, kind) of the figure this one is compared with in its sentence
        ("compared to probably 150,000", "vs 154.2 mln lbs", "against 1.69"), or None."""
        if self.last is None or self.last[0] != span[0].sent.start or not self.last[1]:
            return None
        i = span.start - 1
        while i > 0 and self.doc[i].pos_ == "ADV":
            i -= 1  # "compared to probably 150,000"
        words = [_lower(t) for t in self.doc[max(0, i - 1) : i + 1]]
        if not (
            words[-1:] in (["vs"], ["vs."], ["versus"], ["against"])
            or words in (["compared", "to"], ["compared", "with"], ["comparison", "with"])
        ):
            return None
        _start, thing, last_unit, kind = self.last
        if unit and last_unit and unit != last_unit:
            return None
        return thing, last_unit, kind

    def kind_of(self, site: _Site, ago: str | None) -> str:
        """label, change, flow, cumulative, share or stock, in that order of precedence."""
        q, span, number, noun, anchor, gov, unit = site.parts()
        if (
            q.unit_or_thing == "tally"
            or self.is_rhetorical(number)
            or self.is_age(q, number)
            or self.is_time_label(q, span, number, noun)
            or self.counts_nothing(q, span, number, noun, gov)
        ) and not (ago and not (noun is not None and _lemma(noun) in self.lex.durations)):
            return "label"
        if self.is_change(q, span, number, anchor, gov):
            return "change"
        if not ago and self.is_flow(q, span):
            return "flow"  # "losing 1,200 soldiers a day" is a rate, casualties or not
        if (
            unit != "percent"
            and not unit.split(" per ")[0].isupper()
            and self.is_cumulative(anchor, gov, span)
        ):
            return "cumulative"
        if unit == "percent":
            return "share"
        return "stock"

    def ago(self, span: Span) -> str | None:
        """ "a year ago" at the end of a figure's span: its time, not a rate."""
        nxt = self.doc[span.end] if span.end < len(self.doc) else None
        if (
            nxt is None
            or _lower(nxt) not in ("ago", "earlier", "before")
            or span[-1].lemma_
            not in (
                "year",
                "month",
                "week",
                "day",
                "quarter",
            )
        ):
            return None
        start = span.end - 1
        if start > span.start and _lower(self.doc[start - 1]) in ("a", "an", "one"):
            start -= 1
        return f"{self.doc[start : span.end].text} {nxt.text}"

    def bare_thing(self, q: Quantity, anchor: Token, span: Span, gov: Token | None) -> str:
        """A bare number whose noun the sentence before gave ("Rubio has 28, Kasich has
        six" after "delegates"): that noun, whose the clause says it is."""
        if gov is not None and anchor.dep_ in ("dobj", "attr") and anchor.head == gov:
            lemma = _lemma(gov)
            subj = self.subject_of(gov)
            name = self.named(subj) if subj is not None else None
            if name and lemma in self.lex.owner_verbs:
                participle = self.lex.owner_verbs[lemma]
                return (
                    f"{q.unit_or_thing} of {name}"
                    if participle == "of"
                    else f"{q.unit_or_thing} {participle} by {name}"
                )
        return self.measured_thing(anchor, span, gov) or q.unit_or_thing


_TICKER = re.compile(r"<([^<>]+)>")
_PERCENT_WORDS = frozenset({"percent", "pct", "%", "per", "cent", "percentage"})
_SEASON = re.compile(r"^(1[89]|20)\d\d/\d\d$")


def company_of_title(title: str | None) -> str | None:
    """The company a wire headline names with its ticker: "Cobanco Inc <CBCO> Year Net" ->
    "Cobanco Inc", "<Cinram Ltd> 4th Qtr Net" -> "Cinram Ltd"; None without a ticker."""
    if not title:
        return None
    found = _TICKER.search(title)
    if found is None:
        return None
    before = title[: found.start()].strip(" ,-")
    return before or found.group(1).strip() or None


def period_of_title(title: str | None, periods: frozenset[str]) -> str | None:
    """The period a results headline names after the ticker ("... <CRTN> 4th Qtr Net" -> "4th qtr")."""
    if not title:
        return None
    found = _TICKER.search(title)
    if found is None:
        return None
    words = []
    for word in title[found.end() :].split():
        if word.lower() not in periods:
            break
        words.append(word.lower())
    return " ".join(words) or None


def _unit_of(q: Quantity, noun: Token | None) -> str:
    if noun is not None:
        return _lemma(noun)
    return (
        q.unit_or_thing
        if (q.unit_or_thing in ("percent",) or q.unit_or_thing.split(" per ")[0].isupper())
        else ""
    )


def _clip(text: str) -> str:
    words = text.split()
    return " ".join(words[:_MAX_THING])


def describe_figures(doc: Doc, quantities: Iterable[Quantity], lang: str = "en") -> list[Quantity]:
    """``quantities`` of ``doc`` with their thing, unit, kind, frame and time."""
    describer = _Describer(doc, figure_lexicon(lang))
    return [describer.describe(q) for q in quantities]


class FigureDescriber:
    """The registered component: rewrites ``doc._.quantities`` with what each counts."""

    def __init__(self, nlp: Language, name: str = NAME, lang: str = "en") -> None:
        self.name = name
        self.lang = lang
        figure_lexicon(lang)  # a broken lexicon fails at start, not on some article

    def __call__(self, doc: Doc) -> Doc:
        if doc._.quantities is None:
            raise ValueError(f"{self.name} needs claimledger_quantities to run first")
        doc._.quantities = describe_figures(doc, doc._.quantities, self.lang)
        return doc


@Language.factory(NAME, default_config={"lang": "en"})
def make_figure_describer(nlp: Language, name: str, lang: str) -> FigureDescriber:
    return FigureDescriber(nlp, name, lang)
