"""From source mentions to canonical actors: countries, people, organizations, outlets.

Rules, in order (the first that applies wins):

1. an alias already in the store (so a user's ``actor merge``/``split`` always wins);
2. the outlet itself, for the outlet's own unattributed statements (source type author);
3. a curated institution ("NIS"), a known outlet ("AP", or any outlet in the corpus);
4. a country, its demonym or its capital ("Pyongyang", "North Korean", "the Kremlin");
5. a country-qualified body: "South Korea's spy agency" and "Seoul's NIS" become one
   organization of South Korea (curated institution if there is one for that class);
6. a person: titles dropped, a bare surname resolved to the one full name with that
   surname seen anywhere in the corpus ("Zelensky" -> "Volodymyr Zelensky");
7. anything else named is an organization; anonymous sources get no actor (their
   origin is keyed by the outlet or channel that carried them, see ``origins``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from claimledger.ledger.gazetteer import Gazetteer, load
from claimledger.ledger.inputs import Article, Attribution
from claimledger.store.actors import alias_key
from claimledger.store.store import Store

Spec = tuple[str, str, str | None, tuple[str, ...]]  # name, kind, country, aliases
#: "the agency", "The institute": a definite description that refers back to the last organization.
_GENERIC = re.compile(
    r"^(?:the|this|that)\s+(?:agency|institute|ministry|service|department|office|organization|"
    r"organisation|group|company|firm|centre|center|body|watchdog|monitor|think tank)$",
    re.I,
)
ANONYMOUS_TYPES = frozenset({"anonymous", "unnamed_group", "document"})
_DOCUMENT_HOLDER = re.compile(
    r"\b(?:report|reports|assessment|estimate|estimates|statement|findings)\s+(?:from|by|of)\s+(.+)$", re.I
)


@dataclass
class Resolved:
    """Actor ids for every attribution (in the order given) and article, after get-or-create in the store."""

    source: list[int | None]
    channel: list[int | None]
    outlet: dict[str, int | None]
    names: dict[int, str]
    kinds: dict[int, str]


def _strip_title_words(gaz: Gazetteer, written: str) -> str:
    words = written.replace("’", "'").split()
    while len(words) > 1:
        if len(words) > 2 and alias_key(" ".join(words[:2])) in gaz.titles:
            words = words[2:]
        elif alias_key(words[0]) in gaz.titles:
            words = words[1:]
        else:
            break
    return " ".join(words)


def _strip_the(written: str) -> str:
    return written[4:] if written.lower().startswith("the ") else written


class Resolver:
    """Rule-based mention -> actor spec, with corpus-wide surname resolution."""

    def __init__(self, gaz: Gazetteer, outlets: Iterable[str], people: Iterable[str]) -> None:
        self.gaz = gaz
        self.outlets = dict(gaz.outlets)
        for name in outlets:
            self.outlets.setdefault(alias_key(name), name)
        surnames: dict[str, set[str]] = defaultdict(set)
        for written in people:
            full = _strip_title_words(gaz, written)
            if len(full.split()) >= 2:
                surnames[alias_key(full.split()[-1])].add(full)
        self.surnames = {k: next(iter(v)) for k, v in surnames.items() if len(v) == 1}

    def outlet(self, name: str) -> Spec:
        canon = self.outlets.get(alias_key(name), name)
        return (canon, "outlet", None, (name, *self.gaz.outlet_aliases.get(canon, ())))

    def spec(self, written: str | None, source_type: str) -> Spec | None:
        if not written:
            return None
        gaz = self.gaz
        key = alias_key(written)
        if not key:
            return None
        inst = gaz.institutions.get(key)
        if inst:
            return (inst.name, "organization", inst.country, (written, *inst.aliases))
        if key in self.outlets:
            return self.outlet(written)
        code = gaz.country_alias.get(key)
        if code:
            return (gaz.country_name[code], "country", code, (written,))
        qualified = gaz.qualified(key)
        if qualified:
            code, rest = qualified
            inst = gaz.institutions.get(rest)
            cls = gaz.org_class.get(rest)
            if inst is None and cls:
                inst = gaz.by_class.get((code, cls))
            if inst:
                return (inst.name, "organization", inst.country, (written, *inst.aliases))
            if cls:
                return (f"{gaz.demonym[code]} {cls}", "organization", code, (written,))
            if source_type == "person":
                return self._person(written, country=code)
            if source_type in ANONYMOUS_TYPES:
                return None
            return (_strip_the(written), "organization", code, (written,))
        if source_type == "person":
            return self._person(written)
        holder = _DOCUMENT_HOLDER.search(written)
        if holder and source_type in ("document", "organization"):  # "reports from South Korean intelligence"
            return self.spec(holder.group(1), "organization")
        if source_type in ANONYMOUS_TYPES:
            return None
        return (_strip_the(written), "organization", None, (written,))

    def _person(self, written: str, country: str | None = None) -> Spec:
        name = _strip_title_words(self.gaz, written)
        if "'s " in name:  # "Ukraine's President Zelensky" -> "Zelensky"
            name = _strip_title_words(self.gaz, name.rsplit("'s ", 1)[1])
        if len(name.split()) == 1:
            name = self.surnames.get(alias_key(name), name)
        return (name, "person", country, (written, name))


def resolve(
    store: Store,
    rows: Sequence[Attribution],
    meta: Mapping[str, Article],
    extra: Iterable[Spec] = (),
) -> Resolved:
    """The actors behind every attribution (and ``extra``), honouring the user's edits.

    Only aliases of actors a user edited are taken from the store (rule 1); every other
    actor is derived again from all stored articles, so the result depends on what is
    stored, not on the order or the runs it was stored in.
    """
    gaz = load()
    outlets = {str(m.outlet) for m in meta.values() if m.outlet}
    people = [str(r.source_resolved or r.source_text) for r in rows if r.source_type == "person"]
    wanted = _Wanted(Resolver(gaz, outlets, people), store.actors.edited_alias_map())
    source_name, channel_name = _row_names(rows, meta, wanted)
    outlet_names = {
        art: (wanted.want(str(m.outlet), "organization") if m.outlet else None) for art, m in meta.items()
    }
    for spec in extra:
        wanted.add(spec)
    ids = store.actors.sync_derived(list(wanted.specs.values()))
    alias_now = store.actors.alias_map()

    def to_id(name: str | None) -> int | None:
        if name is None:
            return None
        if name.startswith("="):
            return int(name[1:])
        return alias_now.get(alias_key(name), ids[name])

    actors = store.actors.all()
    return Resolved(
        source=[to_id(n) for n in source_name],
        channel=[to_id(n) for n in channel_name],
        outlet={art: to_id(n) for art, n in outlet_names.items()},
        names={i: str(r["name"]) for i, r in actors.items()},
        kinds={i: str(r["kind"]) for i, r in actors.items()},
    )


class _Wanted:
    """The actor specs that mentions lead to, one per name, with every alias that led to it.

    A mention whose alias belongs to an actor a user edited leads to that actor's id
    instead (as ``"=<id>"``), so that ``actor merge``/``split`` always wins (rule 1).
    """

    def __init__(self, resolver: Resolver, known: Mapping[str, int]) -> None:
        self.resolver = resolver
        self.known = known
        self.specs: dict[str, Spec] = {}

    def add(self, spec: Spec) -> None:
        """One spec per name, with the aliases of every mention that led to it."""
        have = self.specs.get(spec[0])
        if have is None:
            self.specs[spec[0]] = spec
        else:
            self.specs[spec[0]] = (*have[:3], tuple(dict.fromkeys((*have[3], *spec[3]))))

    def want(self, written: str | None, source_type: str) -> str | None:
        """The spec name (or ``"=<id>"``) a mention leads to; None for no actor."""
        if not written:
            return None
        key = alias_key(written)
        if key in self.known:
            return f"={self.known[key]}"
        spec = self.resolver.spec(written, source_type)
        if spec is None:
            return None
        self.add(spec)
        return spec[0]


def _row_names(
    rows: Sequence[Attribution], meta: Mapping[str, Article], wanted: _Wanted
) -> tuple[list[str | None], list[str | None]]:
    """The spec name each row's source and channel lead to, by the row's index.

    Rows are read in text order within each article, so that "the agency" can refer
    back to the organization named last before it.
    """
    source_name: list[str | None] = [None] * len(rows)
    channel_name: list[str | None] = [None] * len(rows)
    last_org: dict[str, str] = {}  # article -> the organization named last, for "the agency"
    for i in sorted(range(len(rows)), key=lambda i: (rows[i].article_id, rows[i].content_start)):
        r = rows[i]
        source_name[i] = _source_name(r, meta, wanted, last_org)
        channel_name[i] = wanted.want(r.channel_text, "organization")
    return source_name, channel_name


def _source_name(
    r: Attribution, meta: Mapping[str, Article], wanted: _Wanted, last_org: dict[str, str]
) -> str | None:
    """The spec name the row's source leads to: the outlet for its own statements (rule
    2), the organization named last for "the agency", else what the mention resolves to."""
    art = r.article_id
    written = r.source_resolved or r.source_text
    if r.source_type == "author":
        credited = _credited(meta.get(art))
        return wanted.want(credited, "organization") if credited else None
    if written and _GENERIC.match(written) and art in last_org:
        return last_org[art]
    name = wanted.want(written, r.source_type)
    raw = r.source_text
    if name and not name.startswith("=") and raw and raw != written:  # "Zelensky" for the full name
        spec = wanted.specs[name]
        wanted.specs[name] = (spec[0], spec[1], spec[2], (*spec[3], raw))
    if name is not None and (name.startswith("=") or wanted.specs[name][1] == "organization"):
        last_org[art] = name
    return name


def _credited(article: Article | None) -> str | None:
    """Whom an article's own unattributed statements are credited to (rule 2): the news
    agency it is a copy of ("WASHINGTON (AP) —" carried by another outlet reports what the
    AP asserts, not what that outlet does), else its outlet."""
    if article is None:
        return None
    return article.wire or article.outlet
