"""People across articles: one actor, and one clean name, per person however articles write it.

Articles name a person in many forms: "Hillary Clinton", "Hillary Rodham Clinton", "Sen.
Bernie Sanders", "Donald J. Trump", "Clinton", and a headline's "Crooked Hillary Clinton".
Forms are grouped by surname: two full forms are the same person when the given names of
the shorter one appear, in order, among those of the longer one (an initial standing for
any name with its letter), so "Donald J. Trump" and "Billionaire Donald Trump" join
"Donald Trump" while "Bill Clinton" never joins "Hillary Clinton". Two groups are never
joined when each has its own first name ("Jeb Bush" and "George Bush" stay apart, whatever
form could bridge them).

A person's name is the form used in the most articles (ties: the shorter, then the
alphabetically first), so an epithet that one headline glued to a name does not name the
person. A bare surname is the person who holds at least :data:`DOMINANT_SHARE` of the
articles naming someone of that surname in full, else stays a name of its own: two people
are never merged on a surname alone when their first names conflict.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

#: A bare surname is taken for the person holding this share of the articles that name
#: someone of that surname in full (Trump in 2016 news); below it, it stays ambiguous.
DOMINANT_SHARE = 0.75

_APPOSITIVE = re.compile(r",\s*(?:a|an|the|who|whose|which|[a-z])", re.UNICODE)
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*\.?", re.UNICODE)
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
#: Lower-case words inside a name: "Bill de Blasio", "Osama bin Laden".
_PARTICLES = frozenset(
    {
        "de",
        "del",
        "della",
        "di",
        "da",
        "du",
        "la",
        "le",
        "van",
        "von",
        "der",
        "den",
        "bin",
        "al",
        "ibn",
        "ter",
        "st",
    }
)
#: A list of people ("A and B", "A, B and C", "A & B").
_SEVERAL = re.compile(r"\s(?:and|&)\s|,\s*[A-Z][^,]*\s(?:and|&)\s", re.UNICODE)
#: More words than a person's name has (given names, surname): a headline or a clause.
MAX_NAME_WORDS = 4


def fold(word: str) -> str:
    """A word as names are compared: accents, case, dots and apostrophes dropped, and the
    ways one name is transliterated ("Zelenskyy", "Zelenskiy", "Zelensky") made one."""
    ascii_form = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
    folded = re.sub(r"[^a-z-]", "", ascii_form.lower())
    return _TRANSLITERATION.sub("y", folded) if len(folded) > 4 else folded


def folded_words(text: str) -> list[str]:
    """The words of ``text`` as :func:`name_form` reads them (possessive dropped), folded."""
    return [fold(re.sub(r"['\u2019]s$", "", w)) for w in _WORD.findall(text)]


#: Endings that transliterations of one Slavic name spell differently.
_TRANSLITERATION = re.compile(r"(?:yy|iy|ij|yi)$")


@dataclass(frozen=True)
class NameForm:
    """A person's name as written, reduced to what identifies the person."""

    written: str
    given: tuple[str, ...]  # folded given names and initials, in order
    surname: str  # folded

    @property
    def full(self) -> bool:
        return bool(self.given)

    @property
    def first(self) -> str | None:
        """The first given name when it is a whole name, not an initial."""
        return self.given[0] if self.given and len(self.given[0]) > 1 else None


def name_form(written: str, titles: frozenset[str]) -> NameForm | None:
    """``written`` as a :class:`NameForm`: titles, an appositive after a comma ("Rendell, a
    Clinton surrogate") and a possessor ("Ukraine's President Zelensky") dropped; a suffix
    ("Jr.") kept with the surname, since it names another person.

    ``titles`` are folded title words ("sen", "president"); None when no single person's
    name is left (a list of people, a headline).
    """
    if _SEVERAL.search(written):
        return None  # "Jeb Bush and Chris Christie" names several people, not one
    text = _APPOSITIVE.split(written, maxsplit=1)[0]
    text = re.split(r"['\u2019]s\s", text)[-1]
    words = [re.sub(r"['\u2019]s$", "", w) for w in _WORD.findall(text)]
    words = _name_run([w for w in words if fold(w)], titles)
    suffix: list[str] = []
    while len(words) > 1 and fold(words[-1]) in _SUFFIXES:
        suffix.insert(0, words.pop())
    if not words or len(words) > MAX_NAME_WORDS:
        return None  # "Hillary Clinton Slams Donald Trump" is a headline, not a name
    folded = [fold(w) for w in words]
    surname = " ".join([folded[-1], *(fold(w) for w in suffix)])
    return NameForm(written=" ".join(words + suffix), given=tuple(folded[:-1]), surname=surname)


def _name_run(words: list[str], titles: frozenset[str]) -> list[str]:
    """The name at the end of ``words``: the last run of capitalised words (with particles
    such as "de" or "bin" inside it), after the last title in it. "former Florida Gov. Jeb
    Bush" is "Jeb Bush"; "the Vermont senator" and text that is not a name give nothing."""
    start = len(words)
    while start > 0:
        w = words[start - 1]
        inside = start < len(words) and fold(w) in _PARTICLES
        if not (w[:1].isupper() or inside):
            break
        start -= 1
    run = words[start:]
    while run and fold(run[0]) in _PARTICLES:
        run.pop(0)
    titled = [k for k, w in enumerate(run[:-1]) if fold(w) in titles]
    return run[titled[-1] + 1 :] if titled else run


def _matches(short: str, long: str) -> bool:
    """One given name against another: equal, or an initial of it (either way)."""
    if len(short) == 1 or len(long) == 1:
        return short[0] == long[0]
    return short == long


def within(shorter: tuple[str, ...], longer: tuple[str, ...]) -> bool:
    """Whether the given names ``shorter`` appear in order among ``longer``."""
    k = 0
    for name in longer:
        if k < len(shorter) and _matches(shorter[k], name):
            k += 1
    return k == len(shorter)


@dataclass
class _Group:
    """People forms found to be one person; ``firsts`` are the first names its forms open with."""

    forms: set[tuple[str, ...]] = field(default_factory=set)
    firsts: set[str] = field(default_factory=set)


class People:
    """Every person named in a corpus, with the canonical name of each and its aliases."""

    def __init__(self, mentions: Iterable[tuple[str, str]], titles: frozenset[str]) -> None:
        """``mentions``: (article id, written name) for every person mention in the store."""
        self.titles = titles
        articles: dict[tuple[str, tuple[str, ...]], set[str]] = defaultdict(set)
        spelled: dict[tuple[str, tuple[str, ...]], Counter[str]] = defaultdict(Counter)
        for article, written in mentions:
            form = name_form(written, titles)
            if form is None or not form.full:
                continue
            key = (form.surname, form.given)
            articles[key].add(article)
            spelled[key][form.written] += 1
        self._canonical: dict[tuple[str, tuple[str, ...]], str] = {}
        self._by_surname: dict[str, str] = {}
        self.aliases: dict[str, set[str]] = defaultdict(set)
        by_surname: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for surname, given in articles:
            by_surname[surname].append(given)
        for surname, givens in by_surname.items():
            self._group_surname(surname, givens, articles, spelled)

    def _group_surname(
        self,
        surname: str,
        givens: list[tuple[str, ...]],
        articles: dict[tuple[str, tuple[str, ...]], set[str]],
        spelled: dict[tuple[str, tuple[str, ...]], Counter[str]],
    ) -> None:
        groups = _group(givens)
        reach: list[tuple[int, str]] = []
        for group in groups:
            keys = [(surname, g) for g in group.forms]
            seen = set().union(*(articles[k] for k in keys))
            name = _best_name(keys, articles, spelled)
            for k in keys:
                self._canonical[k] = name
                self.aliases[name].update(spelled[k])
            reach.append((len(seen), name))
        total = sum(n for n, _ in reach)
        top_n, top = max(reach)
        if total and top_n / total >= DOMINANT_SHARE:
            self._by_surname[surname] = top

    def changed(
        self, later: People, surnames: Iterable[str]
    ) -> tuple[set[str], set[tuple[str, tuple[str, ...]]]]:
        """Compared with ``later`` (the same mentions and more), the ``surnames`` whose known
        names now name another person or whose bare surname names another, and the full
        forms ``later`` knows that this does not (a mention of one that is not a person's
        may now resolve as a person)."""
        wanted = set(surnames)
        moved = {
            k[0] for k, name in self._canonical.items() if k[0] in wanted and later._canonical.get(k) != name
        }
        moved |= {s for s in wanted if self._by_surname.get(s) != later._by_surname.get(s)}
        fresh = {k for k in later._canonical if k[0] in wanted and k not in self._canonical}
        return moved, fresh

    def knows(self, written: str) -> bool:
        """Whether ``written`` is a full name of someone named as a person elsewhere."""
        form = name_form(written, self.titles)
        return form is not None and form.full and (form.surname, form.given) in self._canonical

    def canonical(self, written: str) -> str | None:
        """The name of the person ``written`` names; None when it names no one we know of."""
        form = name_form(written, self.titles)
        if form is None:
            return None
        if form.full:
            found = self._canonical.get((form.surname, form.given))
            return found or form.written
        return self._by_surname.get(form.surname, form.written)

    def named(self, written: str) -> str | None:
        """The name of the person ``written`` names, only when it is someone named in full
        somewhere (a full name grouped above, or the surname one person dominates)."""
        form = name_form(written, self.titles)
        if form is None:
            return None
        if form.full:
            return self._canonical.get((form.surname, form.given))
        return self._by_surname.get(form.surname)


def _group(givens: list[tuple[str, ...]]) -> list[_Group]:
    """Forms of one surname grouped into people, shortest forms first so that each longer
    form joins the person its given names contain; a form fitting two people with
    different first names joins neither and stands alone."""
    groups: list[_Group] = []
    for given in sorted(givens, key=lambda g: (len(g), g)):
        fits = [grp for grp in groups if any(within(f, given) for f in grp.forms)]
        first = given[0] if len(given[0]) > 1 else None
        fits = [
            grp for grp in fits if not (first and grp.firsts and first not in grp.firsts and _leads(given))
        ]
        if len(fits) == 1:
            fits[0].forms.add(given)
            if first and not fits[0].firsts and _leads(given):
                fits[0].firsts.add(first)
            continue
        grp = _Group(forms={given}, firsts={first} if first else set())
        groups.append(grp)
    return groups


def _leads(given: tuple[str, ...]) -> bool:
    """Whether a form's first given name is its person's first name (a form of one given name)."""
    return len(given) == 1


def _best_name(
    keys: list[tuple[str, tuple[str, ...]]],
    articles: dict[tuple[str, tuple[str, ...]], set[str]],
    spelled: dict[tuple[str, tuple[str, ...]], Counter[str]],
) -> str:
    """The spelling used in the most articles; ties go to the shorter, then the first."""
    best = min(keys, key=lambda k: (-len(articles[k]), len(k[1]), spelled[k].most_common(1)[0][0]))
    return spelled[best].most_common(1)[0][0]
