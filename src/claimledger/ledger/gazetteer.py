"""Names of countries, institutions and outlets: pycountry plus our curated file.

pycountry keeps ISO names current; ``data/countries_extra.json`` adds what ISO lacks
and news uses as actors: demonyms ("North Korean"), capitals ("Pyongyang", "Moscow"),
institutions ("NIS"), organization classes ("spy agency" = intelligence) and outlets.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import pycountry

from claimledger import lexicons
from claimledger.store.actors import alias_key


@dataclass(frozen=True)
class Institution:
    name: str
    country: str | None
    org_class: str | None
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Gazetteer:
    """Lookup tables keyed by :func:`alias_key`."""

    country_alias: dict[str, str]  # alias key -> alpha-2
    country_name: dict[str, str]  # alpha-2 -> display name
    demonym: dict[str, str]  # alpha-2 -> first demonym
    country_aliases: dict[str, tuple[str, ...]]  # alpha-2 -> every alias as written
    org_class: dict[str, str]  # phrase key -> class
    institutions: dict[str, Institution]  # alias key -> institution
    by_class: dict[tuple[str | None, str | None], Institution]
    outlets: dict[str, str]  # alias key -> canonical outlet name
    outlet_aliases: dict[str, tuple[str, ...]]
    titles: frozenset[str]
    thing: dict[str, str]  # word or phrase key -> canonical thing
    max_country_words: int

    def country(self, name: str) -> str | None:
        """alpha-2 if ``name`` is exactly a country, demonym or capital."""
        return self.country_alias.get(alias_key(name))

    def qualified(self, key: str) -> tuple[str, str] | None:
        """("KR", "spy agency") for "south korea spy agency"; None when no country leads or ends it."""
        words = key.split()
        for n in range(min(self.max_country_words, len(words) - 1), 0, -1):
            code = self.country_alias.get(" ".join(words[:n]))
            if code:
                return code, " ".join(words[n:])
        if " of " in f" {key} ":
            head, _, tail = key.rpartition(" of ")
            code = self.country_alias.get(tail)
            if code and head:
                return code, head
        return None

    def strip_title(self, key: str) -> str:
        words = key.split()
        while len(words) > 1:
            two = " ".join(words[:2])
            if two in self.titles:
                words = words[2:]
            elif words[0] in self.titles:
                words = words[1:]
            else:
                break
        return " ".join(words)


def _add_agencies(outlets: dict[str, str], outlet_aliases: dict[str, tuple[str, ...]]) -> None:
    """The news agencies of ``wires.json`` are outlets too (an agency copy's statements are
    credited to one), with the aliases a dateline or a ``wire`` field uses; an outlet listed
    in both keeps its curated entry and gains the agency's aliases."""
    for entry in lexicons.load("wires")["agencies"]:
        name = outlets.get(alias_key(entry["name"]), entry["name"])
        merged = tuple(dict.fromkeys((*outlet_aliases.get(name, ()), *entry["aliases"])))
        outlet_aliases[name] = merged
        for alias in (entry["name"], *entry["aliases"]):
            outlets.setdefault(alias_key(alias), name)


@cache
def load() -> Gazetteer:
    data: dict[str, Any] = lexicons.load("countries_extra")
    country_alias: dict[str, str] = {}
    names: dict[str, str] = {}
    demonym: dict[str, str] = {}
    aliases: dict[str, list[str]] = {}

    def add(code: str, alias: str, *, override: bool = False) -> None:
        k = alias_key(alias)
        if k and (override or k not in country_alias):
            country_alias[k] = code
            aliases.setdefault(code, []).append(alias)

    curated: dict[str, dict[str, Any]] = data["countries"]
    for code, extra in curated.items():
        for alias in [
            extra["short"],
            *extra.get("demonyms", []),
            *extra.get("capitals", []),
            *extra.get("aliases", []),
        ]:
            add(code, alias, override=True)
    for c in pycountry.countries:
        code = c.alpha_2
        display = getattr(c, "common_name", None) or c.name
        names[code] = curated.get(code, {}).get("short", display)
        for alias in (display, c.name, getattr(c, "official_name", None)):
            if alias:
                add(code, alias)
        demonym[code] = (curated.get(code, {}).get("demonyms") or [names[code]])[0]
    org_class = {alias_key(p): cls for cls, phrases in data["org_classes"].items() for p in [cls, *phrases]}
    institutions: dict[str, Institution] = {}
    by_class: dict[tuple[str | None, str | None], Institution] = {}
    for entry in data["institutions"]:
        inst = Institution(entry["name"], entry["country"], entry["class"], tuple(entry["aliases"]))
        for alias in (inst.name, *inst.aliases):
            institutions[alias_key(alias)] = inst
        if inst.country and inst.org_class:
            by_class[(inst.country, inst.org_class)] = inst
    outlets: dict[str, str] = {}
    outlet_aliases: dict[str, tuple[str, ...]] = {}
    for entry in data["outlets"]:
        outlet_aliases[entry["name"]] = tuple(entry["aliases"])
        for alias in (entry["name"], *entry["aliases"]):
            outlets[alias_key(alias)] = entry["name"]
    _add_agencies(outlets, outlet_aliases)
    thing = {alias_key(w): canon for canon, words in data["thing_synonyms"].items() for w in words}
    return Gazetteer(
        country_alias=country_alias,
        country_name=names,
        demonym=demonym,
        country_aliases={k: tuple(v) for k, v in aliases.items()},
        org_class=org_class,
        institutions=institutions,
        by_class=by_class,
        outlets=outlets,
        outlet_aliases=outlet_aliases,
        titles=frozenset(alias_key(t) for t in data["titles"]),
        thing=thing,
        max_country_words=max(len(k.split()) for k in country_alias),
    )
