"""Coreference within one article: who each attribution's source refers to.

A reader resolves "Clinton", "Mrs. Clinton", "she" and "the former secretary of state"
to one person from what the article itself says; this module does the same with the
parse the pipeline already made (nothing is parsed again), in four steps:

1. **The article's people.** PERSON entities, less those in lines set in title case
   (headlines and subheads, :func:`claimledger.pipeline.headlines.title_lines`: "Rip Donald
   Trump" there is a verb and a name) and less names whose last word makes them an
   organization ("Patriot Coal"). Leading words that are not part of a name are dropped:
   honorifics and titles ("Mr.", "Sen.", "former") always; any other leading word unless it
   is a known given name, when what follows it is a full name the article also writes on
   its own ("Billionaire Donald Trump" beside "Donald Trump") or the article writes the word
   in lower case elsewhere ("Crooked" beside "crooked"). A lone word at the start of a
   sentence ("Meh", "Harsh") is a name only if the article also capitalizes it in
   mid-sentence. Full names (two words or more) are grouped into people by surname and
   given name, a middle name or initial being optional ("Donald J. Trump" is "Donald
   Trump"; "Bill Clinton" is not "Hillary Clinton"); a person's name is the full form the
   article uses most (in title case if the article only writes it in capitals). A proper
   noun the model left unlabelled, or took for an organization, that is the surname of one
   of these people is a mention of them too ("Trump" as an ORG); so is a known given name
   the model left unlabelled before a word it labels a person elsewhere ("Mehmet Oz" beside
   a lone "Oz"), a full name. A speaker written as one proper noun that is no person yet
   ("McLenney said", the article having spelt her otherwise before) becomes one.
2. **Names.** A surname, a given name alone, or a titled name ("Mr. Trump", "Sen. Cruz")
   is the one person of the article it fits. An honorific of the other gender rules a
   person out: "Mr. Obama" in an article naming only "Michelle Obama" in full is another
   Obama, known by his surname. When several fit, the salient one wins: one named before
   it, then one who was the subject of a clause in the last paragraphs, then the one the
   article already calls by that surname, then the one it names most. Not simply the one
   named last: "his wife, Heidi Cruz" is named last, but "Cruz said" after it is still Ted
   Cruz. An appositive is cut off ("Rendell, a Clinton surrogate" is "Ed Rendell"). A lone
   name that fits no one but misspells by one letter the surname of the one person named in
   full ("McLenney" for "Tyresha McClenney") is that person; a one-word source that is a
   person's surname is that person even when it is also a title ("Mr. King said").
3. **Pronouns.** Each person's gender comes from an honorific ("Mrs."), a gendered role
   ("congresswoman") or, when those are silent, a given name (lexicon ``people``); "he"
   never refers to a known woman nor "she" to a known man, nor either to an organization.
   A pronoun refers to the latest compatible person who was a speaker or the subject of a
   clause outside quotation marks, within its paragraph and the :data:`WINDOW_PARAGRAPHS`
   before; failing that, to a person merely mentioned there; failing that, to the last
   compatible speaker before, if no other compatible person has been named since (a
   profile quotes its subject for paragraphs on end); failing that, to no one (a wrong name
   is worse than none). A subject inside what someone was reported saying ("Roe said
   [Hale doesn't care]") is not a subject of the story: the "she said" after it is Roe's.
   "It" is the organization last quoted within the window; "I" inside
   a quotation is whoever is quoted, and "we" too when that is an organization.
4. **Descriptions.** Titles before names ("Vermont Sen. Bernie Sanders", "Secretary of
   State John Kerry") and appositives ("Kaine, the Democratic vice-presidential nominee")
   give people roles, wherever in the article they are written; "the senator", "the
   Vermont senator", "the former secretary of state" refer to the person last named before
   them who holds that role (or named right after, in the same paragraph), a past one for
   "the former ...", and never one whose title contradicts the description ("the
   Republican nominee" is not the "Democratic nominee"). With no one titled so, "the
   Republican nominee" is the one person the article calls a Republican. Such a
   description then names a person, so its source type becomes ``person``; so does a
   pronoun resolved to one, and a source typed otherwise that is a person's name. Outside
   quotations such a description that names a role's holder is also a subject or mention of
   them for the pronouns after ("the president appeared cowed ... he barely mentioned"). The
   author's kin ("my father", outside quotations) are the people the article introduces so
   ("my father, James Roe"; "my parents, James and Ann Roe": the man and the woman, by their
   given names, the surname written once being both's), wherever the kin noun is written.

Everything is one pass over the entities and the attributions plus bounded look-backs,
so the cost grows with the article's length, not its square.
"""

from __future__ import annotations

import dataclasses
import re
import sys
import unicodedata
from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Sequence
from typing import TypeVar

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from claimledger import lexicons
from claimledger.models import Attribution, SourceType, Span
from claimledger.pipeline.headlines import Casing, title_lines
from claimledger.syntax.quotes import find_quotes
from claimledger.syntax.sources import relative_antecedent

_LEX = lexicons.load("people")
_MALE = frozenset(_LEX["male_given_names"])
_FEMALE = frozenset(_LEX["female_given_names"])
_HONORIFICS: dict[str, str] = dict(_LEX["honorifics"])
_ROLE_FORMS: dict[str, str] = dict(_LEX["role_forms"])
_ROLE_GENDERS: dict[str, str] = dict(_LEX["role_genders"])
_MODIFIERS = frozenset(_LEX["title_modifiers"])
_MODIFIER_FORMS: dict[str, str] = dict(_LEX["modifier_forms"])
_FORMER = frozenset(_LEX["former_words"])
_NOT_ROLE = frozenset(_LEX["not_role_words"])
_PRONOUNS: dict[str, str] = dict(_LEX["pronouns"])
_PARTICLES = frozenset(_LEX["name_particles"])
_SUFFIXES = frozenset(_LEX["name_suffixes"])
_ORG_WORDS = frozenset(_LEX["organization_name_words"])
_ORG_HEADS = frozenset(_LEX["generic_organization_heads"])
_KIND_UNSTATED = frozenset(_LEX["kind_unstated_heads"])
_SOURCES = lexicons.load("sources")
_OUTLETS = frozenset(o.lower() for o in _SOURCES["outlets"])
_OUTLET_WORDS = frozenset(_SOURCES["outlet_words"])
_KIN: dict[str, str] = dict(_LEX["kin_words"])
_KIN_GROUPS: dict[str, tuple[str, str]] = {
    group: (pair.split()[0], pair.split()[1]) for group, pair in _LEX["kin_groups"].items()
}
#: Roles that are a party ("Republican Tom Brandt"): not a role that tells two people apart.
_PARTIES = frozenset(v for v in _MODIFIER_FORMS.values() if v in _ROLE_FORMS.values())
_LONGEST_ROLE = max(len(form.split()) for form in _ROLE_FORMS)
#: The last words of the role forms: a description's head ("president", "state" of "secretary of state").
_ROLE_HEADS = frozenset(form.split()[-1] for form in _ROLE_FORMS)
_GENDERS = ("male", "female")
_POSSESSIVES = frozenset({"his", "her"})

#: Paragraphs before a pronoun's own that may hold what it refers to.
WINDOW_PARAGRAPHS = 2
#: Candidates a pronoun looks back over at most (a bound on the cost, never reached in news).
MAX_LOOKBACK = 40
#: People one surname, given name or role is looked up among (a bound on the cost: an article
#: naming 30 Smiths or 30 senators is not news, and the first ones named are kept).
MAX_NAMESAKES = 30
#: Letters a lone name must have to be read as a misspelling of a surname of the article.
MIN_MISSPELT = 6
#: Words a title before a name is read over, right to left ("Republican presidential nominee").
MAX_TITLE_WORDS = 6

_RELATIVE = frozenset({"who", "which", "that"})
_DEFINITE = frozenset({"the", "this", "that"})
#: Words that open a noun phrase and never a name.
_DETERMINERS = _DEFINITE | {"a", "an", "these", "those", "some", "any", "each", "every", "another"}
#: Words after which a description's head is complete: "the senator from Texas", "the secretary general of".
_TAIL = frozenset({"of", "from", "for", "at", "in", "with", "on"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_NP_DEPS = frozenset({"det", "compound", "amod", "poss", "nmod", "nummod", "cc", "conj"})
_LETTER = re.compile(r"[^\W\d_]")
_T = TypeVar("_T", bound=tuple[int, int, int])


def _bare(word: str) -> str:
    """A word as the lexicons list it: lower case, without periods ("Sen." -> "sen")."""
    return word.lower().replace(".", "")


def _key(word: str) -> str:
    """A name word for matching: accents, apostrophes and case dropped ("O’Malley" -> "omalley")."""
    s = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9-]", "", s)


def _given_gender(word: str) -> str | None:
    low = _key(word)
    if low in _MALE:
        return "male"
    if low in _FEMALE:
        return "female"
    return None


# -- roles ---------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Role:
    """A role a person holds in the article ("senator"), past or present, with its modifiers."""

    role: str
    former: bool = False
    modifiers: frozenset[str] = frozenset()  # capitalized words before the role ("Vermont", "GOP")
    gender: str | None = None

    def agrees(self, held: Role) -> bool:
        """A description agrees with a title unless both qualify the role and share nothing."""
        return not self.modifiers or not held.modifiers or bool(self.modifiers & held.modifiers)


def role_of(words: Sequence[str]) -> Role | None:
    """The role a title or description names, its role noun last ("the Vermont senator").

    Its modifiers are the capitalized words before the role noun ("Vermont", "GOP"), which
    tell one senator or nominee from another; "presidential" or "former" do not.
    """
    kept = [w for w in words if _LETTER.search(w)]
    low = [_bare(w) for w in kept]
    for size in range(min(_LONGEST_ROLE, len(low)), 0, -1):
        form = " ".join(low[-size:])
        role = _ROLE_FORMS.get(form)
        if role is None:
            continue
        before = low[:-size]
        if before and before[-1] in _NOT_ROLE:  # "deputy secretary" is not the secretary
            return None
        if any(w.split("-")[0] in _NOT_ROLE for w in before[-2:] if w not in _MODIFIERS):
            return None  # "vice presidential nominee", "vice-presidential candidate": another role
        proper = (w for w, orig in zip(before, kept, strict=False) if orig[:1].isupper())
        mods = frozenset(
            _MODIFIER_FORMS.get(w, w) for w in proper if w not in _MODIFIERS and w not in _DEFINITE
        )
        return Role(role, any(w in _FORMER for w in before), mods, _ROLE_GENDERS.get(form))
    return None


def description_roles(text: str) -> list[Role]:
    """The roles a definite description names ("the senator from Texas"), if it is one.

    A title with no article ("Former DNC chairman", "Senator from Texas") is one too, when
    it opens with a title word; "the former first lady and U.S. senator" names two roles.
    """
    words = text.replace(",", " ").split()
    if not words or any(w.endswith(("'s", "’s")) for w in words):
        return []
    if words[0].lower() in _DEFINITE:
        words = words[1:]
    elif not _title_size([*words, ""]):
        return []
    parts: list[list[str]] = [[]]
    for w in words:
        if w.lower() == "and":
            parts.append([])
        else:
            parts[-1].append(w)
    return [r for r in (_head_role(p) for p in parts) if r is not None]


def _head_role(words: Sequence[str]) -> Role | None:
    """The role of a description's head, before any "of"/"from" phrase after it."""
    cuts = [len(words)] + [i for i, w in enumerate(words) if w.lower() in _TAIL and i > 0]
    for cut in cuts:
        role = role_of(words[:cut])
        if role is not None:
            return role
    return None


# -- people --------------------------------------------------------------------------------


@dataclasses.dataclass
class Person:
    """One person of the article: the full names it is written with, gender, roles, mentions."""

    surname: str
    first: str  # the given name of a full name, "" for a person named by one word only
    given: str = ""  # the word whose gender the given-name lists may know
    forms: dict[str, list[int]] = dataclasses.field(default_factory=dict)  # form -> [count, -first offset]
    gender: str | None = None
    strong: set[str] = dataclasses.field(default_factory=set)  # genders from honorifics and roles
    roles: set[Role] = dataclasses.field(default_factory=set)
    mentions: list[int] = dataclasses.field(default_factory=list)  # char offsets, sorted
    lone: list[int] = dataclasses.field(default_factory=list)  # offsets where they are named by one word
    subjects: list[int] = dataclasses.field(default_factory=list)  # offsets where they are a subject

    count: int = 0  # how often the article names them (in full, or once for a lone name)
    since: int = -1  # where the article first names them so (-1: not yet)
    _name: str | None = None

    def add_form(self, form: str, pos: int) -> None:
        seen = self.forms.setdefault(form, [0, -pos])
        seen[0] += 1
        self.count += 1
        self.since = pos if self.since < 0 else min(self.since, pos)
        self._name = None

    @property
    def name(self) -> str:
        if self._name is None:
            self._name = self._best_form()
        return self._name

    def _best_form(self) -> str:
        """The full form the article uses most; on a tie the shorter, then the earlier.

        A form in capitals ("HILLARY CLINTON", a transcript's speaker line) only if there is
        no other, and then in title case.
        """
        best = max(
            self.forms,
            key=lambda f: (f != f.upper(), self.forms[f][0], -len(f.split()), self.forms[f][1]),
        )
        return best.title() if best == best.upper() else best

    def settle_gender(self) -> None:
        """Honorifics and gendered roles decide; a given name only when they are silent."""
        if len(self.strong) == 1:
            self.gender = next(iter(self.strong))
        elif self.strong:
            self.gender = None  # conflicting evidence: say nothing
        else:
            self.gender = _given_gender(self.given or self.first) if self.given or self.first else None

    def last_before(self, pos: int) -> int | None:
        k = bisect_left(self.mentions, pos)
        return self.mentions[k - 1] if k else None


@dataclasses.dataclass(frozen=True)
class NameParts:
    """A name as written, less what is not part of it."""

    words: tuple[str, ...]
    gender: str | None  # from an honorific or a gendered title in front
    title: tuple[str, ...]  # the title words dropped from the front, for roles

    @property
    def full(self) -> bool:
        """Given name and surname ("De Blasio" is a surname)."""
        return len(self.words) > 1 and self.words[0].lower() not in _PARTICLES


class People:
    """The article's people, from its PERSON entities (see the module docstring, step 1)."""

    def __init__(
        self, doc: Doc, skip: Sequence[tuple[int, int]], casing: Casing, window: Callable[[int], int]
    ) -> None:
        self.casing = casing
        self.window = window  # where the paragraphs that a mention at an offset may look back to start
        self.persons: list[Person] = []
        self.by_surname: dict[str, list[int]] = {}
        self.by_first: dict[str, list[int]] = {}
        self.holders: dict[str, list[int]] = {}  # role -> persons holding it
        self.full_names: dict[tuple[str, str], int] = {}  # (surname, given name) -> person
        ents = [e for e in doc.ents if e.label_ == "PERSON" and not _inside(e.start_char, skip)]
        others = {_key(e.text) for e in doc.ents if e.label_ in ("ORG", "GPE", "NORP", "FAC")}
        #: the first word of each organization the article names in two words or more, and that
        #: name: a lone "Peabody" beside "Peabody Energy" is the company, not a person
        self.org_heads: dict[str, str] = {}
        #: (offset, name, lower-cased words) of the organizations the article names in two words or more
        self.orgs: list[tuple[int, str, frozenset[str]]] = []
        for e in doc.ents:
            words = _plain_words(e)
            if words and words[0].lower() == "the":  # "the Association of Flight Attendants"
                words = words[1:]
            if e.label_ != "ORG" or len(words) < 2 or _inside(e.start_char, skip):
                continue
            if words[0][:1].isupper():
                self.org_heads.setdefault(_key(words[0]), " ".join(words))
                self.orgs.append((e.start_char, " ".join(words), frozenset(_key(w) for w in words)))
        ents += _unlabelled_full_names(doc, ents, skip)
        self.raw = {" ".join(_plain_words(e)) for e in ents}
        parts = [(e, self._parts(e)) for e in ents if not _title_phrase(e)]
        found = [(e, p) for e, p in parts if p is not None and _key(p.words[-1]) not in _ORG_WORDS]
        for ent, p in found:
            if p.full and _key(" ".join(p.words)) not in others:
                self._add_full(p.words, ent.start_char)
        named = [(e, p) for e, p in found if self._known(p, others)]
        named += self._unlabelled(doc, skip)
        named.sort(key=lambda m: m[0].start)
        for ent, p in named:  # honorifics and gendered titles, before any lone name is read
            self._mark_gender(p, ent.start_char)
        for person in self.persons:
            person.settle_gender()
        #: every mention of a person, in text order: (span, person)
        self.mentions: list[tuple[SpacySpan, int]] = []
        for ent, p in named:
            k = self.lookup(p, ent.start_char, create=self._name_like(ent, p))
            if k is not None:
                self.mentions.append((ent, k))
                if not p.full:
                    self.persons[k].lone.append(ent.start_char)
                insort(self.persons[k].mentions, ent.start_char)
                if ent.root.dep_ in _SUBJECTS:
                    self.persons[k].subjects.append(ent.start_char)
                self._add_roles(k, ent, p)

    def _known(self, p: NameParts, others: set[str]) -> bool:
        """A full name grouped above, or a lone one that is not an organization's name (or the
        first word of one) elsewhere."""
        if p.full:
            return self._full(p.words) is not None
        return bool(self._fits(p.words[-1])) or (
            _key(p.words[-1]) not in others and self.organization(p.words[-1]) is None
        )

    def organization(self, word: str) -> str | None:
        """The organization a lone word stands for ("Peabody" for "Peabody Energy"), when the
        article names one that opens with it and no person of the article is called so."""
        if self._fits(word):
            return None
        return self.org_heads.get(_key(word))

    def organization_called(self, head: str, pos: int) -> str | None:
        """The organization "police" or "the bank" stands for: the last one named before
        ``pos`` with that word in its name, else the only one the article names so."""
        fits = [(at, name) for at, name, words in self.orgs if head in words]
        before = [name for at, name in fits if at < pos]
        if before:
            return before[-1]
        return fits[0][1] if len({name for _, name in fits}) == 1 else None

    def salient_organization(self, head: str, pos: int) -> str | None:
        """The organization "the bank" or "the union" stands for when no name of the article
        holds the word: the article about Wells Fargo says "the bank" and never "Wells Fargo
        Bank". It is the organization named most, twice at least and before ``pos``, when no
        other is named as often; an outlet, or a name that gives its kind as another word
        ("the Senate Banking Committee"), is no candidate. Only for the heads of
        ``kind_unstated_heads``: "police" never stands for a company."""
        if head not in _KIND_UNSTATED or any(head in words for _, _, words in self.orgs):
            return None
        counts: dict[str, int] = {}
        first: dict[str, int] = {}
        for at, name, words in self.orgs:
            if words & _ORG_HEADS or words & _OUTLET_WORDS or name.lower() in _OUTLETS:
                continue
            counts[name] = counts.get(name, 0) + 1
            first.setdefault(name, at)
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
            return None
        return ranked[0][0] if first[ranked[0][0]] < pos else None

    def _unlabelled(self, doc: Doc, skip: Sequence[tuple[int, int]]) -> list[tuple[SpacySpan, NameParts]]:
        """Surnames and given names of the people above that the model did not label a person.

        The small model often reads a lone "Trump" as an organization or as nothing; a
        proper noun that is the surname of someone named in full is that person, unless it
        is part of a longer name ("Trump Tower", "the Clinton Foundation").
        """
        out: list[tuple[SpacySpan, NameParts]] = []
        for tok in doc:
            if tok.pos_ != "PROPN" or tok.ent_type_ == "PERSON" or not tok.text[:1].isupper():
                continue
            if tok.dep_ == "compound" or _in_name(tok) or not self._fits(tok.text):
                continue
            if _inside(tok.idx, skip):
                continue
            span = doc[tok.i : tok.i + 1]
            p = self._parts(span)
            if p is not None:
                out.append((span, p))
        return out

    def _parts(self, ent: SpacySpan) -> NameParts | None:
        p = self.clean(_plain_words(ent))
        if p is None or p.gender is not None:
            return p
        return dataclasses.replace(p, gender=_gender_before(ent))

    def clean(self, words: Sequence[str]) -> NameParts | None:
        """Honorifics, titles and epithets dropped from the front of a name."""
        out = [w for w in words if _LETTER.search(w)]
        gender: str | None = None
        title: list[str] = []
        while len(out) > 1:
            size = _title_size(out)
            if size:
                said = _HONORIFICS.get(_bare(out[0])) or _ROLE_GENDERS.get(_bare(" ".join(out[:size])))
                gender = gender or (said if said in _GENDERS else None)
                title += out[:size]
                out = out[size:]
            elif self._epithet(out):
                title.append(out[0])
                out = out[1:]
            else:
                break
        if not out or len(out) > 5 or not all(w[:1].isupper() or w.lower() in _PARTICLES for w in out):
            return None
        return NameParts(tuple(out), gender, tuple(title))

    def _epithet(self, words: Sequence[str]) -> bool:
        """A leading word that is not part of the name: see the module docstring, step 1."""
        first = words[0]
        if _given_gender(first) or not first[:1].isupper() or first.lower() in _PARTICLES | _DETERMINERS:
            return False
        if len(words) > 2 and " ".join(words[1:]) in self.raw:
            return True
        return self.casing.lower[first.lower()] > 0

    def known_name(self, name: str) -> bool:
        """A full name the article writes as a person's, or one that opens with a given name."""
        words = name.split()
        return len(words) > 1 and (name in self.raw or _given_gender(words[0]) is not None)

    def _name_like(self, ent: SpacySpan, p: NameParts) -> bool:
        """A lone word at a sentence's start ("Meh", "Harsh") must be written as a name elsewhere."""
        if len(p.words) > 1 or p.title or not ent[0].is_sent_start:
            return True
        return self.casing.capitalized[p.words[0]] > 0

    def _add_full(self, words: Sequence[str], pos: int) -> None:
        k = self._full(words)
        if k is None:
            surname, first = _surname(words), _key(words[0])
            k = self._new(Person(surname, first))
            self.full_names[(surname, first)] = k
            _add_capped(self.by_first, first, k)
        self.persons[k].add_form(" ".join(words), pos)

    def _new(self, person: Person) -> int:
        self.persons.append(person)
        k = len(self.persons) - 1
        _add_capped(self.by_surname, person.surname, k)
        return k

    def _full(self, words: Sequence[str]) -> int | None:
        return self.full_names.get((_surname(words), _key(words[0])))

    def _mark_gender(self, p: NameParts, pos: int) -> None:
        """An honorific or gendered title is evidence of its bearer's gender.

        On a lone surname it counts only for the one person of that surname whose given name
        does not say otherwise; "Mr. Obama" in an article naming only "Michelle Obama" in full
        is someone else, known by his surname (made a person of his own here).
        """
        if p.gender is None:
            return
        if p.full:
            k = self._full(p.words)
            if k is not None:
                self.persons[k].strong.add(p.gender)
            return
        fits = self._fits(p.words[-1])
        same = [k for k in fits if _given_gender(self.persons[k].first) in (None, p.gender)]
        if len(same) == 1:
            self.persons[same[0]].strong.add(p.gender)
        elif fits and not same:
            self._lone(p, pos)

    def _fits(self, word: str) -> list[int]:
        k = _key(word)
        return self.by_surname.get(k) or self.by_first.get(k) or []

    def lookup(self, p: NameParts, pos: int, *, create: bool = False) -> int | None:
        """The person a cleaned name is, as of ``pos``; a lone unknown name becomes one if ``create``."""
        if p.full:
            return self._full(p.words)
        fits = self._fits(p.words[-1])
        if p.gender:
            fits = [k for k in fits if self.persons[k].gender in (None, p.gender)]
        if len(fits) > 1:
            return max(fits, key=lambda k: self._salience(k, pos))
        if fits:
            return fits[0]
        k = self._misspelt(p.words[-1])
        if k is not None:
            return k
        return self._lone(p, pos) if create else None

    def _misspelt(self, word: str) -> int | None:
        """The one person named in full whose surname this lone word misspells by one letter
        ("McLenney" for "Tyresha McClenney", "Bornsten" for "Harold Bornstein"): the same
        first letter, one letter added, dropped or changed, and a word of :data:`MIN_MISSPELT`
        letters or more ("Osama" is not "Obama")."""
        low = _key(word)
        if len(low) < MIN_MISSPELT:
            return None
        near = {k for k, person in enumerate(self.persons) if person.first and _one_off(low, person.surname)}
        return near.pop() if len(near) == 1 else None

    def _lone(self, p: NameParts, pos: int) -> int:
        """A person the article names by one word only ("Melanie", or "Mr. Obama" beside "Michelle Obama")."""
        for k in self.by_surname.get(_key(p.words[-1]), ()):
            if not self.persons[k].first and self.persons[k].gender in (None, p.gender):
                return k
        k = self._new(Person(_key(p.words[-1]), "", given=_key(p.words[-1])))
        self.persons[k].add_form(" ".join(p.words), pos)
        if p.gender:
            self.persons[k].strong.add(p.gender)
        self.persons[k].settle_gender()
        return k

    def _salience(self, k: int, pos: int) -> tuple[bool, bool, int, int, int]:
        """Which of several people a lone name is: one introduced before it; then one who was
        the subject of a clause in the last paragraphs ("Jeh Johnson says ... Johnson said");
        then the one the article already calls by that name ("Cruz" for Ted, not for "his
        wife, Heidi Cruz"); then the one written in full most; then the first."""
        person = self.persons[k]
        j = bisect_left(person.subjects, pos)
        recent = j > 0 and person.subjects[j - 1] >= self.window(pos)
        lone = bisect_left(person.lone, pos)
        return (person.since < pos, recent, lone, person.count, -person.since)

    def _add_roles(self, k: int, ent: SpacySpan, p: NameParts) -> None:
        person = self.persons[k]
        for words in (list(p.title), _title_before(ent), *_appositives(ent)):
            role = role_of(words) if words else None
            if role is None:
                continue
            if not any(r.role == role.role for r in person.roles):
                _add_capped(self.holders, role.role, k)
            person.roles.add(role)
            if role.gender and not person.strong:
                person.strong.add(role.gender)
                person.settle_gender()


def _unlabelled_full_names(
    doc: Doc, ents: Sequence[SpacySpan], skip: Sequence[tuple[int, int]]
) -> list[SpacySpan]:
    """Full names the model left unlabelled: a known given name right before a word it labels a
    person elsewhere in the article ("Mehmet Oz" unlabelled, "Oz" a PERSON further on).

    The two words must be a name of their own (no proper noun on either side) and the given
    name unlabelled, so that an organization's name ("Peter Pan Bus Lines") is not read as one.
    """
    lone = {_key(e.text) for e in ents if len(e) == 1}
    if not lone:
        return []
    labelled = {e.start for e in ents}
    out: list[SpacySpan] = []
    for tok in doc[:-1]:
        nxt = doc[tok.i + 1]
        if tok.ent_type_ or tok.pos_ != "PROPN" or nxt.pos_ != "PROPN" or nxt.ent_type_ not in ("", "PERSON"):
            continue
        if _given_gender(tok.text) is None or _key(nxt.text) not in lone or not nxt.text[:1].isupper():
            continue
        if tok.i in labelled or nxt.i in labelled or _inside(tok.idx, skip):
            continue
        before = doc[tok.i - 1] if tok.i > 0 else None
        after = doc[nxt.i + 1] if nxt.i + 1 < len(doc) else None
        if (before is not None and before.pos_ == "PROPN") or (after is not None and after.pos_ == "PROPN"):
            continue
        out.append(doc[tok.i : nxt.i + 1])
    return out


def _one_off(a: str, b: str) -> bool:
    """Two different words of the same first letter, one letter added (not a plural's "s"),
    dropped or changed."""
    if a == b or not a or not b or a[0] != b[0] or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    if long_ == short + "s":  # "the Trumps" are a family, not a misspelt Trump
        return False
    i = next((i for i, (x, y) in enumerate(zip(short, long_, strict=False)) if x != y), len(short))
    return short[i:] == long_[i + 1 :]


def _title_phrase(ent: SpacySpan) -> bool:
    """'Charlotte Mayor' before 'Jennifer Roberts': a place and a title the model took for a name."""
    doc = ent.doc
    after = doc[ent.end] if ent.end < len(doc) else None
    return _bare(ent[-1].text) in _ROLE_FORMS and after is not None and after.text[:1].isupper()


def _add_capped(index: dict[str, list[int]], key: str, k: int) -> None:
    """Index a person under ``key``, up to :data:`MAX_NAMESAKES` people per key (a bound on cost)."""
    found = index.setdefault(key, [])
    if len(found) < MAX_NAMESAKES:
        found.append(k)


def _in_name(tok: Token) -> bool:
    """Part of a longer proper name: a proper noun next to it that is not a title ("Sen.")."""
    doc = tok.doc
    after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    before = doc[tok.i - 1] if tok.i > 0 else None
    if after is not None and after.pos_ == "PROPN" and not after.is_punct:
        return True
    if before is None or before.pos_ != "PROPN":
        return False
    word = _bare(before.text)
    return word not in _HONORIFICS and word not in _ROLE_FORMS


def _plain_words(ent: SpacySpan) -> list[str]:
    """An entity's words without a trailing possessive or punctuation; a hyphenated name is one
    word ("Ban Ki-moon" is two words, "Ban" and "Ki-moon", as the tokenizer's "Ki", "-", "moon")."""
    toks = list(ent)
    while toks and (toks[-1].is_punct or toks[-1].lower_ in ("'s", "’s", "'", "’")):
        toks.pop()
    words: list[str] = []
    for i, t in enumerate(toks):
        glued = i > 0 and not toks[i - 1].whitespace_
        if words and glued and (t.text in _HYPHENS or toks[i - 1].text in _HYPHENS):
            words[-1] += t.text
        else:
            words.append(t.text)
    if words and words[-1].endswith(("'s", "’s")):
        words[-1] = words[-1][:-2]
    return words


_HYPHENS = frozenset({"-", "\u2010", "\u2011"})


def _title_size(words: Sequence[str]) -> int:
    """How many leading words are an honorific, a title modifier or a role ("Secretary of State")."""
    low = [_bare(w) for w in words[:-1]]
    if low[0] in _HONORIFICS or low[0] in _MODIFIERS:
        return 1
    for size in range(min(_LONGEST_ROLE, len(low)), 0, -1):
        if " ".join(low[:size]) in _ROLE_FORMS:
            return size
    return 0


def _surname(words: Sequence[str]) -> str:
    """The last word that is not a generational suffix ("King" of "Martin Luther King Jr.")."""
    for w in reversed(words):
        if _bare(w) not in _SUFFIXES:
            return _key(w)
    return _key(words[-1])


def _gender_before(ent: SpacySpan) -> str | None:
    """The gender an honorific right before the entity marks ("Mrs." Clinton)."""
    if ent.start == 0:
        return None
    said = _HONORIFICS.get(_bare(ent.doc[ent.start - 1].text))
    return said if said in _GENDERS else None


def _title_before(ent: SpacySpan) -> list[str]:
    """The words right before a name that may be its title ("Republican presidential nominee")."""
    doc = ent.doc
    words: list[str] = []
    i = ent.start - 1
    while i >= 0 and len(words) < MAX_TITLE_WORDS and _title_word(doc[i]):
        words.insert(0, doc[i].text)
        i -= 1
    return words


def _title_word(tok: Token) -> bool:
    if tok.ent_type_ == "PERSON" or tok.is_space or tok.is_sent_end:
        return False
    if tok.is_punct:
        return tok.text in ("-", "–")
    if tok.pos_ == "ADP":
        return tok.lower_ == "of"
    return tok.pos_ in ("PROPN", "NOUN", "ADJ") or tok.tag_ == "NNP"


def _appositives(ent: SpacySpan) -> list[list[str]]:
    """Noun phrases in apposition to a name, up to their head ("the Democratic nominee")."""
    root = ent.root
    doc = ent.doc
    out: list[list[str]] = []
    for child in root.children:
        if child.dep_ == "appos" and child.i >= ent.end and child.pos_ in ("NOUN", "PROPN"):
            out.append([t.text for t in doc[child.left_edge.i : child.i + 1]])
    head = root.head
    if root.dep_ == "appos" and head.i < ent.start and head.pos_ == "NOUN":
        out.append([t.text for t in doc[head.left_edge.i : head.i + 1]])
    return out


def _inside(pos: int, ranges: Sequence[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in ranges)


# -- the article's layout ------------------------------------------------------------------


class _Layout:
    """Paragraphs and quotations: "within the last paragraphs" and "inside a quote" by bisection."""

    def __init__(self, text: str) -> None:
        self.paragraphs = [0] + [m.end() for m in re.finditer(r"\n\s*", text)]
        quotes = find_quotes(text)
        self.quote_starts = [a for a, _ in quotes]
        self.quote_reach: list[int] = []
        for _, end in quotes:
            self.quote_reach.append(max(end, self.quote_reach[-1]) if self.quote_reach else end)

    def window_start(self, pos: int) -> int:
        """Where the paragraph :data:`WINDOW_PARAGRAPHS` before the one holding ``pos`` starts."""
        k = bisect_right(self.paragraphs, pos) - 1
        return self.paragraphs[max(0, k - WINDOW_PARAGRAPHS)]

    def same_paragraph(self, a: int, b: int) -> bool:
        return bisect_right(self.paragraphs, a) == bisect_right(self.paragraphs, b)

    def quoted(self, pos: int) -> bool:
        k = bisect_right(self.quote_starts, pos) - 1
        return k >= 0 and self.quote_reach[k] > pos


# -- resolution ----------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Resolution:
    """Who a source is: a name (None when the article does not say) and the source type that makes."""

    name: str | None
    source_type: SourceType
    person: int | None = None  # the person of the article, when it is one


_SUBJECT, _MENTION, _SPEAKER = 0, 1, 2


class Coref:
    """Resolves the sources of one article's attributions, in the order they are written."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        text = doc.text
        self.layout = _Layout(text)
        self.people = People(doc, title_lines(text), Casing.of(text), self.layout.window_start)
        # (offset, person, kind): the people named outside quotations, and the speakers so far
        self.events: list[tuple[int, int, int]] = [
            (ent.start_char, k, _SUBJECT if ent.root.dep_ in _SUBJECTS else _MENTION)
            for ent, k in self.people.mentions
            if not self.layout.quoted(ent.start_char)
        ]
        self.kin = self._author_kin(title_lines(text))
        self._described(title_lines(text))
        self.events.sort()
        self.speakers: list[tuple[int, int, int]] = []
        self.org_speakers: list[tuple[int, str]] = []  # (offset, name) of the organizations quoted so far
        self.reported: list[tuple[int, int]] = []  # (start, end) of the contents attributed so far, sorted
        self._heads: dict[str, set[str]] | None = None  # see _qualified, read once when first asked

    def _author_kin(self, skip: Sequence[tuple[int, int]]) -> dict[str, int]:
        """The author's kin the article names: kin noun ("father") -> person.

        "My father, James Roe" names the author's father; "my parents, James and Ann Roe"
        the father and the mother, by the genders of their given names, the surname written
        once being both's. Outside quotations "my" is always the author, so every "my father"
        of the article is that one person, a subject or a mention for the pronouns after it
        ("My father bought land. He ..."). A kin noun introduced with two names ("my
        brother, Tom Roe" and "my brother, Bill Roe") refers to no one.
        """
        people = self.people
        found: dict[str, int] = {}
        clash: set[str] = set()
        uses: list[tuple[int, str, int]] = []  # (offset of "my", kin noun, event kind)
        for tok in self.doc:
            word = tok.lower_
            if word not in _KIN and word not in _KIN_GROUPS:
                continue
            mine = next((c for c in tok.children if c.dep_ == "poss" and c.lower_ == "my"), None)
            if mine is None or self.layout.quoted(tok.idx) or _inside(tok.idx, skip):
                continue
            if word in _KIN:
                uses.append((mine.idx, word, _SUBJECT if tok.dep_ in _SUBJECTS else _MENTION))
            for noun, k in self._kin_named(tok):
                if found.get(noun, k) != k:
                    clash.add(noun)
                found[noun] = k
                gender = _KIN[noun]
                if gender in _GENDERS:
                    people.persons[k].strong.add(gender)
                    people.persons[k].settle_gender()
        kin = {noun: k for noun, k in found.items() if noun not in clash}
        for pos, noun, kind in uses:
            if noun in kin:
                self.events.append((pos, kin[noun], kind))
                insort(people.persons[kin[noun]].mentions, pos)
        return kin

    def _described(self, skip: Sequence[tuple[int, int]]) -> None:
        """Definite descriptions outside quotations that name a person of the article by a role
        they hold ("the president" for President Obama) are subjects or mentions of them for
        the pronouns after: "In defeat, the president appeared cowed. ... he barely mentioned"."""
        for tok in self.doc:
            if tok.lower_ not in _ROLE_HEADS or not tok.text.islower() or tok.pos_ != "NOUN":
                continue
            first = tok.left_edge
            if first.lower_ != "the" or self.layout.quoted(tok.idx) or _inside(tok.idx, skip):
                continue
            roles = description_roles(self.doc[first.i : tok.i + 1].text)
            k = self._holder(roles[0], first.idx) if len(roles) == 1 else None
            if k is not None:
                self.events.append((first.idx, k, _SUBJECT if tok.dep_ in _SUBJECTS else _MENTION))

    def _kin_named(self, tok: Token) -> list[tuple[str, int]]:
        """The people a kin noun's appositive names, each with the kin noun it makes them."""
        names: list[list[str]] = []
        for child in tok.children:
            if child.dep_ != "appos" or child.pos_ != "PROPN" or child.i < tok.i:
                continue
            for head in (child, *child.conjuncts):
                toks = [t for t in self.doc[head.left_edge.i : head.i + 1] if not t.is_punct]
                if toks and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in toks):
                    names.append([t.text for t in toks])
        if not names:
            return []
        last = names[-1]
        if len(last) > 1:  # "James and Ann Roe": the surname written once is both's
            names = [n + last[-1:] if len(n) == 1 and _given_gender(n[0]) else n for n in names]
        pos = tok.idx
        people: list[int] = []
        for name in names:
            parts = self.people.clean(name)
            if parts is None:
                continue
            if parts.full:
                self.people._add_full(parts.words, pos)
            k = self.people.lookup(parts, pos, create=True)
            if k is not None:
                self.people.persons[k].settle_gender()
                people.append(k)
        word = tok.lower_
        if word in _KIN:
            return [(word, people[0])] if len(people) == 1 else []
        out: list[tuple[str, int]] = []
        for gender, noun in zip(_GENDERS, _KIN_GROUPS[word], strict=True):
            fit = [k for k in people if self.people.persons[k].gender == gender]
            if len(fit) == 1:
                out.append((noun, fit[0]))
        return out

    def resolve_all(self, attributions: Sequence[Attribution]) -> list[Resolution]:
        """Every attribution's resolution, in list order; first-person sources after the rest."""
        out: list[Resolution | None] = [None] * len(attributions)
        order = sorted(
            (k for k, a in enumerate(attributions) if a.source is not None),
            key=lambda k: _start(attributions[k]),
        )
        later: list[int] = []
        for k in order:
            att = attributions[k]
            if _PRONOUNS.get(_low(att)) in ("speaker", "group"):
                later.append(k)
                continue
            res = self.resolve(att)
            out[k] = res
            self._remember(att, res)
        if later:
            quoting = _Quoting(attributions, out)
            for k in later:
                out[k] = quoting.first_person(attributions[k])
        return [r or Resolution(None, a.source_type) for r, a in zip(out, attributions, strict=True)]

    def resolve(self, att: Attribution) -> Resolution:
        """One source, given the sources before it (see the module docstring)."""
        assert att.source is not None
        written, pos, keep = att.source.text.strip(), att.source.start, att.source_type
        kind = _PRONOUNS.get(written.lower())
        if kind in _GENDERS:
            k = self._possessor(att.source, kind or "") if written.lower() in _POSSESSIVES else None
            k = self._pronoun(pos, kind or "") if k is None else k
            return self._person(k, "person") if k is not None else Resolution(None, keep)
        if kind == "organization":
            return Resolution(self._last_org(pos), keep)
        if written.lower() in _RELATIVE:
            return self._relative(att.source, keep)
        named = self._named_in_apposition(written, pos)  # "An attorney for Pagliano, Mark MacDougall"
        named = self._kin_of(written, pos) if named is None else named  # "my father", named once
        if named is not None:
            return self._person(named, "person")
        head = _generic_head(written)
        if head is not None and keep != "person":
            org = (
                self.people.organization_called(head, pos)
                or self._qualified(head)
                or self.people.salient_organization(head, pos)
            )
            if org is not None:
                return Resolution(org, "organization")
        campaign = _CAMPAIGN.match(written)
        if campaign is not None:  # "her campaign": the campaign of the person "her" refers to
            k = self._pronoun(pos, _PRONOUNS[campaign.group(1).lower()])
            if k is None:
                return Resolution(None, keep)
            return Resolution(f"{self.people.persons[k].name}'s {campaign.group(2).lower()}", "organization")
        # "King" as a source is Larry King of the article, not a description ("the king")
        roles = [] if self._surname_of_article(written) else description_roles(written)
        if roles:
            k = next((h for h in (self._holder(r, pos) for r in roles) if h is not None), None)
            if k is None and _definite(written) and not any(self.people.holders.get(r.role) for r in roles):
                k = self._salient(pos, roles[0])
            return self._person(k, "person") if k is not None else Resolution(None, keep)
        k, cleaned = self._source_person(att.source, keep)
        if k is not None:  # a person of the article, whatever the source looked like ("Nervo" as a place)
            return self._person(k, "person")
        lone = len(written.split()) == 1 and written[:1].isupper()
        org = self.people.organization(written) if lone else None
        if org is not None and keep in ("person", "organization"):
            return Resolution(org, "organization")
        if keep != "person":
            return Resolution(None, keep)
        if cleaned and cleaned != written and self.people.known_name(cleaned):
            return Resolution(cleaned, keep)  # "Sen. Ruth Hale", not named elsewhere: "Ruth Hale"
        return Resolution(None, keep)

    def _source_person(self, source: Span, keep: SourceType) -> tuple[int | None, str | None]:
        """The person of the article a source names, and its name cleaned; a speaker named by one
        proper noun that is no person yet becomes one (:meth:`_unlabelled_speaker`)."""
        written = source.text.strip()
        k, cleaned = self._person_of(written, source.start, self._honorific_before(source))
        if k is None and keep == "person":
            k = self._unlabelled_speaker(source)
        return k, cleaned

    def _surname_of_article(self, written: str) -> bool:
        """One capitalized word that is the surname or given name of a person of the article."""
        return " " not in written and written[:1].isupper() and bool(self.people._fits(written))

    def _kin_of(self, written: str, pos: int) -> int | None:
        """The person "my father" is, outside quotations, when the article names the author's father."""
        kin = _MY_KIN.match(written)
        return None if kin is None or self.layout.quoted(pos) else self.kin.get(kin.group(1).lower())

    def _unlabelled_speaker(self, source: Span) -> int | None:
        """A speaker written as one proper noun that is no person of the article yet ("Roe
        said ..." only ever at a sentence start, or spelt "Ann Rowe" before): one from here
        on, so that the pronouns after her quotation are hers, not someone's she spoke of."""
        span = self.doc.char_span(source.start, source.end, alignment_mode="expand")
        if span is None or len(span) != 1 or span[0].pos_ != "PROPN" or span[0].text.isupper():
            return None  # "CNS", "NATO": an acronym is no one's name
        if span[0].ent_type_ not in ("", "PERSON"):
            return None
        p = self.people.clean([span[0].text])
        if p is None or self.people.organization(span[0].text) is not None:
            return None
        return self.people.lookup(p, source.start, create=True)

    def _named_in_apposition(self, written: str, pos: int) -> int | None:
        """The person a description names after a comma ("A lawyer for the firm, Ann Roe"):
        the full name, every word capitalised, of a person of the article."""
        if "," not in written:
            return None
        tail = written.rsplit(",", 1)[1].split()
        if len(tail) < 2 or not all(w[:1].isupper() for w in tail):
            return None
        k, _ = self._person_of(" ".join(tail), pos)
        return k

    def _person(self, k: int | None, source_type: SourceType) -> Resolution:
        if k is None:
            return Resolution(None, source_type)
        return Resolution(self.people.persons[k].name, source_type, k)

    def _honorific_before(self, source: Span) -> str | None:
        """The gender of an honorific the source span leaves out ("Mrs." before "Reyes")."""
        span = self.doc.char_span(source.start, source.end, alignment_mode="expand")
        return _gender_before(span) if span is not None else None

    def _person_of(self, written: str, pos: int, gender: str | None = None) -> tuple[int | None, str | None]:
        """The person a written name is (an appositive after a comma cut off), and the name cleaned."""
        head = written.split(",", 1)[0].strip()
        words = head.split()
        if not words or "and" in words or "&" in words or words[0].lower() in _DETERMINERS:
            return None, None
        if len(words) == 1 and "." in words[0]:  # "U.N.": an abbreviation, not a surname
            return None, None
        if words[-1].endswith(("'s", "’s")):
            words[-1] = words[-1][:-2]
        parts = self.people.clean(words)
        if parts is None:
            return None, None
        if gender and not parts.gender:
            parts = dataclasses.replace(parts, gender=gender)
        return self.people.lookup(parts, pos), " ".join(parts.words)

    def _relative(self, source: Span, keep: SourceType) -> Resolution:
        """'Musk and Ramaswamy, who had opposed ...': a relative pronoun names its noun phrase."""
        text = _antecedent(self.doc, source)
        if text is None:
            return Resolution(None, keep)
        k, _ = self._person_of(text, source.start)
        for role in description_roles(text) if k is None else ():  # "the Senate majority leader, who"
            k = self._holder(role, source.start)
            if k is not None:
                break
        return self._person(k, keep) if k is not None else Resolution(text, keep)

    def _pronoun(self, pos: int, gender: str) -> int | None:
        """The latest compatible speaker or subject in the window, else the latest mention."""
        lo = self.layout.window_start(pos)
        persons = self.people.persons

        def fits(event: tuple[int, int, int]) -> bool:
            return persons[event[1]].gender in (None, gender)

        speaker = _latest(self.speakers, pos, lo, fits)
        # "Roe said Hale is wrong. '...,' she said": Hale, the subject of reported speech, is no
        # subject of the story; Roe goes on
        subject = _latest(
            self.events, pos, lo, lambda e: e[2] == _SUBJECT and fits(e) and not self._reported(e[0])
        )
        best = max((c for c in (speaker, subject) if c is not None), default=None)
        if best is None:
            best = _latest(self.events, pos, lo, fits)
        if best is None:  # an earlier speaker, if no one it could be confused with was named since
            best = _latest(self.speakers, pos, 0, fits)
            since = _latest(self.events, pos, 0, fits)
            if best is not None and since is not None and since[0] > best[0] and since[1] != best[1]:
                best = None
        return best[1] if best is not None else None

    def _possessor(self, source: Span, gender: str) -> int | None:
        """Whose "his plan" is, when its own sentence named one person of that gender before it:
        "Clinton took shots at Sanders, particularly on his plan to ..." is Sanders', whoever
        spoke last. None when the sentence named none or two (then the latest speaker or
        subject, :meth:`_pronoun`)."""
        span = self.doc.char_span(source.start, source.end, alignment_mode="expand")
        if span is None or not self.doc.has_annotation("SENT_START"):
            return None
        start = span.sent.start_char
        lo, hi = bisect_left(self.events, (start,)), bisect_left(self.events, (source.start,))
        persons = self.people.persons
        # a person known to be of the pronoun's gender: a "Twitter" the model took for a
        # person, of no known gender, is no possessor
        found = {k for _, k, _ in self.events[lo:hi] if persons[k].gender == gender}
        return found.pop() if len(found) == 1 else None

    def _reported(self, pos: int) -> bool:
        """Whether ``pos`` lies in what someone was reported saying ("Roe said [Hale doesn't
        care]"), among the :data:`MAX_LOOKBACK` contents starting last before it."""
        k = bisect_right(self.reported, (pos, sys.maxsize)) - 1  # doc.text would rebuild the text
        stop = max(-1, k - MAX_LOOKBACK)
        while k > stop:
            if self.reported[k][1] > pos:
                return True
            k -= 1
        return False

    def _qualified(self, head: str) -> str | None:
        """The one organization the article writes as a proper name before ``head`` in lower
        case ("Charlotte-Mecklenburg police"), which "police" alone then stands for; None
        when it writes none or several ("Tulsa police" and "Charlotte police")."""
        if self._heads is None:
            self._heads = _qualified_heads(self.doc)
        found = self._heads.get(head, set())
        return next(iter(found)) if len(found) == 1 else None

    def _salient(self, pos: int, role: Role) -> int | None:
        """Whom a definite description no one in the article is titled with refers to ("the
        New York businessman said", "the Vermont senator acknowledged"): the latest speaker
        or subject of a clause within the window, as a reader takes it. Not someone the
        article gives another role ("Judge Ann Roe" is not "the GOP nominee"; a party is no
        other role unless the description names the other party), nor one of the other
        gender; no one when there is none."""
        lo = self.layout.window_start(pos)
        persons = self.people.persons
        parties = role.modifiers & _PARTIES

        def fits(event: tuple[int, int, int]) -> bool:
            person = persons[event[1]]
            if role.gender is not None and person.gender not in (None, role.gender):
                return False
            held = {r.role for r in person.roles}
            return held <= _PARTIES and not (parties and held and not held & parties)

        speaker = _latest(self.speakers, pos, lo, fits)
        subject = _latest(self.events, pos, lo, lambda e: e[2] == _SUBJECT and fits(e))
        best = max((c for c in (speaker, subject) if c is not None), default=None)
        return best[1] if best is not None else None

    def _last_org(self, pos: int) -> str | None:
        lo = self.layout.window_start(pos)
        k = bisect_left(self.org_speakers, (pos,)) - 1
        return self.org_speakers[k][1] if k >= 0 and self.org_speakers[k][0] >= lo else None

    def _holder(self, role: Role, pos: int) -> int | None:
        """The person last named before ``pos`` who holds ``role`` (past or present, as asked).

        The title may come later in the article ("Senator from Texas says ..." in a subhead
        above "Sen. Ted Cruz"): it is the person's all along. Someone named only after the
        description qualifies when named in the same paragraph ("The state attorney general
        is investigating ..., Eric Schneiderman said"), or anywhere after it when no one else
        in the article holds the role ("Attorney General Eric Schneiderman" paragraphs later).

        With no one titled so, "the Republican nominee" is the one person the article
        calls a Republican, if there is exactly one.
        """
        best: tuple[tuple[bool, bool, bool, int], int] | None = None
        holders = [
            k
            for k in self.people.holders.get(role.role, ())
            if any(r.role == role.role and role.agrees(r) for r in self.people.persons[k].roles)
        ]
        for k in holders:
            person = self.people.persons[k]
            held = [r for r in person.roles if r.role == role.role and role.agrees(r)]
            last = person.last_before(pos)
            later = self._named_next(person, pos, anywhere=len(holders) == 1)
            if not held or (last is None and later is None):
                continue
            tense = any(r.former == role.former for r in held)
            shared = any(role.modifiers & r.modifiers for r in held)
            rank = (last is not None, tense, shared, last if last is not None else -(later or 0))
            if best is None or rank > best[0]:
                best = (rank, k)
        if best is not None:
            return best[1]
        for mod in sorted(role.modifiers):
            if mod in _ROLE_FORMS.values() and mod != role.role:
                one = {k for k in self.people.holders.get(mod, ()) if self.people.persons[k].last_before(pos)}
                if len(one) == 1:
                    return one.pop()
        return None

    def _named_next(self, person: Person, pos: int, *, anywhere: bool = False) -> int | None:
        """Where ``person`` is next named after ``pos``: in the same paragraph, or anywhere
        after it when they are the article's only holder of the role described."""
        k = bisect_left(person.mentions, pos)
        nxt = person.mentions[k] if k < len(person.mentions) else None
        return nxt if nxt is not None and (anywhere or self.layout.same_paragraph(pos, nxt)) else None

    def _remember(self, att: Attribution, res: Resolution) -> None:
        """A person or organization source is a candidate for the pronouns after it; what
        anyone is reported saying is no place for the subjects of the story."""
        assert att.source is not None
        insort(self.reported, (att.content.start, att.content.end))
        pos = att.source.start
        if res.person is not None:
            self.speakers.append((pos, res.person, _SPEAKER))
            insort(self.people.persons[res.person].mentions, pos)
        elif res.source_type == "organization" and _low(att) not in _PRONOUNS and _low(att) not in _RELATIVE:
            self.org_speakers.append((pos, res.name or att.source.text))


class _Quoting:
    """Who is quoting at an offset: the innermost direct or mixed quotation holding it."""

    def __init__(self, attributions: Sequence[Attribution], done: Sequence[Resolution | None]) -> None:
        self.attributions = attributions
        self.done = done
        quoted = [k for k, a in enumerate(attributions) if a.quote_type != "indirect"]
        self.order = sorted(quoted, key=lambda k: attributions[k].content.start)
        self.starts = [attributions[k].content.start for k in self.order]

    def first_person(self, att: Attribution) -> Resolution:
        """'I' is whoever is quoted; 'we' the organization quoted."""
        assert att.source is not None
        pos = att.source.start
        want = "person" if _PRONOUNS.get(_low(att)) == "speaker" else "organization"
        j = bisect_right(self.starts, pos) - 1
        stop = max(-1, j - MAX_LOOKBACK)
        while j > stop:
            k = self.order[j]
            outer = self.attributions[k]
            if outer is not att and outer.content.start <= pos < outer.content.end:
                return self._speaker(outer, self.done[k], want) or Resolution(None, att.source_type)
            j -= 1
        return Resolution(None, att.source_type)

    @staticmethod
    def _speaker(outer: Attribution, res: Resolution | None, want: str) -> Resolution | None:
        if res is None or outer.source is None:
            return None
        name = res.name or outer.source.text
        if res.source_type != want or name.lower() in _PRONOUNS or name.lower() in _RELATIVE:
            return None
        return Resolution(name, res.source_type, res.person)


def _latest(seen: Sequence[_T], pos: int, lo: int, ok: Callable[[_T], bool]) -> _T | None:
    """The last entry of ``seen`` (sorted by offset) before ``pos``, from ``lo`` on, that is ``ok``."""
    k = bisect_left(seen, (pos,)) - 1
    stop = max(-1, k - MAX_LOOKBACK)
    while k > stop and seen[k][0] >= lo:
        if ok(seen[k]):
            return seen[k]
        k -= 1
    return None


#: "my father", "My mother": the author's kin, when the article names them (Coref._author_kin).
_MY_KIN = re.compile(r"^my\s+(\w+)$", re.I)
#: "his campaign", "her team": a person's campaign, named after the person the pronoun is.
_CAMPAIGN = re.compile(r"^(his|her)\s+(campaign|team)$", re.I)


def _definite(written: str) -> bool:
    """A singular definite description: "the senator", not "a senator" nor "the senators"."""
    words = written.split()
    return len(words) > 1 and words[0].lower() == "the"


def _qualified_heads(doc: Doc) -> dict[str, set[str]]:
    """Each generic head the text writes in lower case after a run of capitalised words
    ("Charlotte-Mecklenburg police", "Teamsters union"): head -> {"Charlotte-Mecklenburg Police"}."""
    out: dict[str, set[str]] = {}
    for tok in doc:
        if tok.lower_ not in _ORG_HEADS or not tok.text.islower():
            continue
        j = tok.i
        while j > 0:
            prev = doc[j - 1]
            glued = prev.text in _HYPHENS and j > 1 and not doc[j - 2].whitespace_ and not prev.whitespace_
            if not (glued or prev.text[:1].isupper()) or prev.lower_ in _DETERMINERS:
                break
            if prev.ent_type_ == "PERSON":  # "the Trump foundation" is no organization's name
                break
            j -= 1
        if j < tok.i and doc[j].text not in _HYPHENS and not (doc[j].is_sent_start and j + 1 == tok.i):
            out.setdefault(tok.lower_, set()).add(f"{doc[j : tok.i].text} {tok.text.title()}")
    return out


def _generic_head(written: str) -> str | None:
    """A common noun ("police", "the bank") that stands for an organization of the article."""
    words = [_key(w) for w in written.split()]
    if words and words[0] == "the":
        words = words[1:]
    return words[0] if len(words) == 1 and words[0] in _ORG_HEADS else None


def _start(att: Attribution) -> int:
    return att.source.start if att.source is not None else att.content.start


def _low(att: Attribution) -> str:
    return att.source.text.strip().lower() if att.source is not None else ""


def _antecedent(doc: Doc, source: Span) -> str | None:
    """The noun phrase a relative pronoun stands for ("Musk and Ramaswamy, who ...")."""
    span = doc.char_span(source.start, source.end, alignment_mode="expand")
    found = relative_antecedent(span.root) if span is not None else None
    if span is None or found is None:
        return None
    noun = found
    while noun.dep_ == "conj" and noun.head is not noun:  # "Musk and Ramaswamy, who": the whole coordination
        noun = noun.head
    toks = [noun] + [t for c in noun.children if c.dep_ in _NP_DEPS and c.i < noun.i for t in c.subtree]
    toks += [t for c in noun.children if c.dep_ in ("cc", "conj") for t in c.subtree if t.i < span.root.i]
    idx = sorted(t.i for t in toks)
    while idx and doc[idx[-1]].is_punct:
        idx.pop()
    return doc[idx[0] : idx[-1] + 1].text if idx else None


def resolve_sources(doc: Doc, attributions: Sequence[Attribution]) -> list[Resolution]:
    """Who each attribution's source is within this article (in the order given)."""
    return Coref(doc).resolve_all(attributions)
