"""Likely duplicate actors, each with a reason and the ``actor merge`` command that joins them.

Nothing is merged here: a user reads the reason and runs the command (or presses the
button on the web actors page). Three rules, each for a way one actor is named twice:

1. *same person*: two people with one surname whose given names agree (an initial for a
   name, "Len" for "Leonard": a short form in ``ledger.json``, or a name that opens the
   other, "Chris" and "Christopher"), or a bare surname and the one
   full name with that surname (:mod:`claimledger.ledger.people` leaves a bare surname alone
   when it is not sure enough to join it by itself);
2. *acronym*: "U.N." or "FBI" and the one name whose words' initials spell it;
3. *contained*: a name whose words all stand, in order, inside exactly one longer name
   ("Security Council" in "United Nations Security Council", "Ban" in "Ban Ki-moon"), but
   not a list ("China and Russia"), not the possessor of a thing ("Trump" in "Trump's
   campaign"), and not a person inside an organization's name or the other way round.

A short name found in two longer ones ("Post": the New York Post or the Washington Post?)
is ambiguous and suggests nothing; nor does a pair a user split apart.
"""

from __future__ import annotations

import re
import shlex
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import cache
from typing import Any

from claimledger import lexicons
from claimledger.ledger.gazetteer import load
from claimledger.ledger.people import fold, name_form, within
from claimledger.store import Store
from claimledger.store.actors import alias_key

Row = dict[str, Any]

#: Words an acronym skips ("Federal Bureau of Investigation" is FBI).
_SMALL = frozenset({"of", "the", "and", "for", "on", "in", "at", "to", "a", "an", "de", "&"})
_ACRONYM = re.compile(r"^(?:[A-Z]\.?){2,7}$")
_LIST = re.compile(r"\s(?:and|&|or)\s|,", re.I)
#: Words that make a longer name a part or a kind of the shorter one's actor, not another
#: name for it: "Some Democrats", "Fellow Republicans" (a share of a group), and bodies
#: inside an organization ("United Nations Security Council" is not the United Nations).
_PART_WORDS = frozenset(
    {
        "some", "many", "several", "few", "most", "all", "one", "two", "three", "fellow", "other",
        "former", "senior", "top", "council", "committee", "commission", "department", "office",
        "agency", "bureau", "board", "court", "panel", "division", "unit", "branch", "center",
        "centre", "institute", "foundation", "union", "party", "team", "staff", "spokesman",
        "spokeswoman", "spokesperson", "official", "officials", "congress", "parliament", "senate",
        "house", "ministry", "government", "administration", "army", "military", "police", "embassy",
        "navy", "forces", "cabinet", "campaign", "survey", "poll", "report",
    }
)  # fmt: skip
#: A given name at least this long that opens another ("Len", "Leonard") may be short for it.
_SHORT_FORM = 3


@dataclass(frozen=True)
class Suggestion:
    """Merge ``other`` into ``into`` (ids and names), because of ``reason``."""

    into_id: int
    into: str
    other_id: int
    other: str
    rule: str
    reason: str
    into_claims: int = 0
    other_claims: int = 0

    @property
    def command(self) -> str:
        """The exact command, quoted for a POSIX shell (names are text from articles)."""
        return f"claimledger actor merge {shlex.quote(self.into)} {shlex.quote(self.other)}"

    def to_dict(self) -> Row:
        return {**asdict(self), "command": self.command}


@dataclass(frozen=True)
class _Actor:
    id: int
    name: str
    kind: str
    claims: int
    words: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "words", tuple(alias_key(self.name).split()))


#: The suggestions last computed for each store, with the state of its actors they were
#: computed from (``Actors.state``): the web's actors page asks on every request.
_MEMO: dict[str, tuple[tuple[object, ...], list[Suggestion]]] = {}
_MEMO_STORES = 8


def suggest_merges_memo(store: Store) -> list[Suggestion]:
    """:func:`suggest_merges`, computed again only when the store's actors or ledger changed."""
    key = store.engine.url.render_as_string(hide_password=False)
    state = store.actors.state()
    hit = _MEMO.get(key)
    if hit is not None and hit[0] == state:
        return list(hit[1])
    found = suggest_merges(store)
    if key not in _MEMO and len(_MEMO) >= _MEMO_STORES:
        _MEMO.pop(next(iter(_MEMO)))
    _MEMO[key] = (state, found)
    return list(found)


def suggest_merges(store: Store) -> list[Suggestion]:
    """Every likely duplicate pair among the actors not merged into another, rule by rule."""
    counts = store.actor_claim_counts()
    actors = [
        _Actor(int(i), str(r["name"]), str(r["kind"]), counts.get(int(i), 0))
        for i, r in sorted(store.actors.all().items())
        if r["merged_into"] is None
    ]
    split_apart = store.actors.split_pairs()
    out: list[Suggestion] = []
    seen: set[frozenset[int]] = set(split_apart)
    for found in (_same_person(actors), _acronyms(actors), _contained(actors)):
        for s in found:
            pair = frozenset((s.into_id, s.other_id))
            if pair not in seen:
                seen.add(pair)
                out.append(s)
    return out


def _suggest(into: _Actor, other: _Actor, rule: str, reason: str) -> Suggestion:
    return Suggestion(into.id, into.name, other.id, other.name, rule, reason, into.claims, other.claims)


def _same_person(actors: Iterable[_Actor]) -> list[Suggestion]:
    """Rule 1: people of one surname whose given names agree, or a bare surname and its one full name."""
    titles = load().titles
    by_surname: dict[str, list[tuple[_Actor, tuple[str, ...]]]] = defaultdict(list)
    for a in actors:
        if a.kind != "person":
            continue
        form = name_form(a.name, titles)
        if form is not None:
            by_surname[form.surname].append((a, form.given))
    out = []
    for _surname, people in sorted(by_surname.items()):
        full = [(a, g) for a, g in people if g]
        bare = [a for a, g in people if not g]
        if len(full) == 1:
            for a in bare:
                out.append(
                    _suggest(full[0][0], a, "surname", f"{a.name!r} is the surname of {full[0][0].name!r}")
                )
        for i, (a, ga) in enumerate(full):
            for b, gb in full[i + 1 :]:
                reason = _given_names_agree(ga, gb)
                if reason:
                    into, other = (
                        (a, b)
                        if (len(ga), len(a.name), a.claims) >= (len(gb), len(b.name), b.claims)
                        else (b, a)
                    )
                    out.append(_suggest(into, other, "surname", f"same surname; {reason}"))
    return out


def _given_names_agree(a: tuple[str, ...], b: tuple[str, ...]) -> str | None:
    """Why two people's given names may be one person's ("J" for "john"), or None."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if within(short, long):
        return "the given names of one stand, in order, in the other's (an initial for a name)"
    x, y = a[0], b[0]
    shorts = _short_names()
    for s, lng, rest_s, rest_l in ((x, y, a, b), (y, x, b, a)):
        if shorts.get(s) == lng and within((lng, *rest_s[1:]), rest_l):
            return f"{s.title()!r} is a short form of {lng.title()!r}"
    if min(len(x), len(y)) >= _SHORT_FORM and x != y and (x.startswith(y) or y.startswith(x)):
        s, lng = sorted((x, y), key=len)
        return f"{s.title()!r} may be short for {lng.title()!r}"
    return None


@cache
def _short_names() -> dict[str, str]:
    """Short form of a given name -> the name (``ledger.json``: "len" -> "leonard")."""
    return {fold(k): fold(v) for k, v in lexicons.load("ledger")["short_given_names"].items()}


def _initials(words: Iterable[str], *, skip_small: bool) -> str:
    return "".join(w[0] for w in words if w and not (skip_small and w in _SMALL))


def _acronyms(actors: list[_Actor]) -> list[Suggestion]:
    """Rule 2: an acronym and the one longer name whose words' initials spell it."""
    by_initials: dict[str, list[_Actor]] = defaultdict(list)
    for a in actors:
        words = a.words
        if len(words) >= 2 and a.kind != "person":
            for skip in (True, False):
                by_initials[_initials(words, skip_small=skip)].append(a)
    out = []
    for a in actors:
        if not _ACRONYM.match(a.name.replace(" ", "")):
            continue
        letters = a.name.replace(".", "").replace(" ", "").lower()
        matches = {m.id: m for m in by_initials.get(letters, []) if m.id != a.id}
        if len(matches) == 1:
            (into,) = matches.values()
            out.append(_suggest(into, a, "acronym", f"{a.name!r} spells the initials of {into.name!r}"))
    return out


def _contained(actors: list[_Actor]) -> list[Suggestion]:
    """Rule 3: a name standing, whole words in order, inside exactly one longer name."""
    by_word: dict[str, set[int]] = defaultdict(set)
    by_id = {a.id: a for a in actors}
    for a in actors:
        if not _LIST.search(a.name):
            for w in a.words:
                by_word[w].add(a.id)
    out = []
    for a in actors:
        words = a.words
        if not words or _LIST.search(a.name):
            continue
        sets = sorted((by_word.get(w, set()) for w in set(words)), key=len)
        common = set.intersection(*sets) - {a.id}
        hits = [
            b
            for b in (by_id[i] for i in sorted(common))
            if len(b.words) > len(words) and _inside(words, b.words) and _fits(a, b)
        ]
        if len(hits) == 1:
            (into,) = hits
            out.append(_suggest(into, a, "contained", f"{a.name!r} is part of the name {into.name!r}"))
    return out


def _inside(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    n = len(short)
    return any(long[i : i + n] == short for i in range(len(long) - n + 1))


def _fits(a: _Actor, b: _Actor) -> bool:
    """Whether the shorter name ``a`` may name the same actor as ``b``: not a person inside an
    organization's name (or the reverse), not the possessor in "X's campaign"."""
    if (a.kind == "person") != (b.kind == "person") or "country" in (a.kind, b.kind):
        return False  # a country's other names are the gazetteer's
    if _possessor(a.name, b.name):
        return False
    # the words the longer name adds: capitalised parts of a name, none making it a part or a kind
    extra = [w for w in b.name.split() if not set(alias_key(w).split()) <= {*a.words, "the"}]
    if any(not w[:1].isupper() or alias_key(w) in _PART_WORDS for w in extra):
        return False
    if a.kind == "person":  # people are rule 1's: here only a name that opens another ("Ban", "Ban Ki-moon")
        return fold(b.name.split()[0]) == fold(a.name.split()[0])
    return True


def _possessor(short: str, long: str) -> bool:
    """Whether ``short`` stands in ``long`` as a possessor: "Trump" in "Trump's campaign"."""
    low, at = long.lower(), 0
    while (i := low.find(short.lower(), at)) >= 0:
        rest = long[i + len(short) :].lstrip()
        if rest[:1] in ("'", "\u2019"):
            return True
        at = i + 1
    return False
