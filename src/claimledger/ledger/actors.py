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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from claimledger import lexicons
from claimledger.ledger.gazetteer import Gazetteer, load
from claimledger.ledger.inputs import Article, Attribution
from claimledger.ledger.people import People
from claimledger.store.actors import alias_key, preferred
from claimledger.store.store import Store

Spec = tuple[str, str, str | None, tuple[str, ...]]  # name, kind, country, aliases
#: Where a mention leads: a spec's name (str), an edited actor's id (int), or no actor.
#: Two types, never one string with a marker: a name is text from an article ("=7").
Target = str | int | None
#: "the agency", "The institute": a definite description that refers back to the last organization.
_GENERIC = re.compile(
    r"^(?:the|this|that)\s+(?:agency|institute|ministry|service|department|office|organization|"
    r"organisation|group|company|firm|centre|center|body|watchdog|monitor|think tank|bureau|fund|"
    r"campaign|committee|commission|administration|bank|board|court)$",
    re.I,
)
#: Where ``last_org`` keeps an article's campaign named last, for "the campaign".
_CAMPAIGN_KEY = "campaign:"
ANONYMOUS_TYPES = frozenset({"anonymous", "unnamed_group", "document"})
_ORG_ASIDE = re.compile(r",\s")
#: The writer speaking of themself: the article's author, where the article names one.
_FIRST_PERSON = frozenset({"i", "me"})
#: Pronouns and function words: never an actor by themselves (see ledger.json).
NEVER_ACTORS = lexicons.words("ledger", "never_actors")
#: A candidate's campaign, however written: "Clinton's campaign", "the Trump team", "Hillary
#: Clinton Campaign"; its actor is the person's canonical name + " campaign", one per person.
_CAMPAIGN = re.compile(
    r"^(?:the\s+)?(?P<who>[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,3}?)(?:['\u2019]s)?"
    r"\s+(?:presidential\s+)?(?:campaign|team|camp)$",
    re.I,
)
#: Nouns that name a person's role ("senator", "nominee"), parties aside: a source that ends
#: in one ("GOP candidate") is a description of a person, never an organization's name.
_ROLE_NOUNS = frozenset(
    form for form, role in lexicons.load("people")["role_forms"].items() if " " not in form
) - {"republican", "democrat"}
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
    #: article -> the news agency it is a copy of (its ``wire``), for the agency copies only
    wire: dict[str, int | None] = field(default_factory=dict)


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


def _role_description(words: Sequence[str]) -> bool:
    """A person's role, not an organization's name: "GOP candidate", "U.S. senator" (a role
    noun written in lower case last; "HuffPost Pollster" and "Center for Justice" are names)."""
    last = words[-1]
    return (
        len(words) > 1
        and last.islower()
        and alias_key(last) in _ROLE_NOUNS
        and not {"of", "for", "on", "at", "in"} & set(words)
    )


def _strip_the(written: str) -> str:
    """An organization's name without "the", without an aside after a comma ("China,
    Pyongyang's only ally, ...") and without lower-case words before it ("nonpartisan
    Congressional Budget Office"): a name starts with a capital."""
    name = _ORG_ASIDE.split(written, maxsplit=1)[0].strip()
    words = name.split()
    while len(words) > 1 and (words[0].lower() == "the" or words[0][:1].islower()):
        words.pop(0)
    return " ".join(words) or written


class Resolver:
    """Rule-based mention -> actor spec, with corpus-wide surname resolution."""

    def __init__(self, gaz: Gazetteer, outlets: Iterable[str], people: People) -> None:
        self.gaz = gaz
        self.outlets = dict(gaz.outlets)
        for name in outlets:
            self.outlets.setdefault(alias_key(name), name)
        self.people = people

    def outlet(self, name: str) -> Spec:
        canon = self.outlets.get(alias_key(name), name)
        return (canon, "outlet", None, (name, *self.gaz.outlet_aliases.get(canon, ())))

    def spec(self, written: str | None, source_type: str) -> Spec | None:
        if not written:
            return None
        gaz = self.gaz
        key = alias_key(written)
        if not key or key in NEVER_ACTORS:
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
            return self._qualified(written, source_type, *qualified)
        campaign = self._campaign(written)
        if campaign is not None:
            return campaign
        if source_type == "person" or self.people.knows(written):  # "Donald J. Trump" typed an organization
            return self._person(written)
        holder = _DOCUMENT_HOLDER.search(written)
        if holder and source_type in ("document", "organization"):  # "reports from South Korean intelligence"
            return self.spec(holder.group(1), "organization")
        if source_type in ANONYMOUS_TYPES:
            return None
        return self._organization(written)

    def _campaign(self, written: str) -> Spec | None:
        """A person's campaign or team ("Clinton's campaign", "the Trump team") as one
        organization named after the person's canonical name, so that every way of writing
        it, in every article, is one actor."""
        found = _CAMPAIGN.match(written.strip())
        if found is None or not all(w[:1].isupper() for w in found.group("who").split()):
            return None
        who = self.people.named(found.group("who"))
        if who is None or alias_key(who) in NEVER_ACTORS:
            return None
        return (f"{who} campaign", "organization", None, (written,))

    def _organization(self, written: str) -> Spec | None:
        """A named organization; a common noun ("the bank", "her campaign") names none.

        A known name after a leading word or two ("Even China", "Rival Reuters") is that
        name; an unresolved common noun would join every other article's "the bank".
        """
        words = _strip_the(written).split()
        for drop in (1, 2):
            if len(words) > drop:
                rest = " ".join(words[drop:])
                key = alias_key(rest)
                if key in self.gaz.institutions or key in self.outlets or key in self.gaz.country_alias:
                    return self.spec(rest, "organization")
        if not any(w[:1].isupper() for w in words):
            return None
        if _role_description(words):
            return None
        return (" ".join(words), "organization", None, (written,))

    def _qualified(self, written: str, source_type: str, code: str, rest: str) -> Spec | None:
        """A body qualified by its country: "South Korea's spy agency", "Seoul's NIS"."""
        gaz = self.gaz
        inst = gaz.institutions.get(rest)
        if inst is not None and inst.country not in (None, code):
            inst = None  # "India's Supreme Court" is not the one in the gazetteer
        cls = gaz.org_class.get(rest)
        if inst is None and cls:
            inst = gaz.by_class.get((code, cls))
        if inst:
            return (inst.name, "organization", inst.country, (written, *inst.aliases))
        if cls:
            return (f"{gaz.demonym[code]} {cls}", "organization", code, (written,))
        if source_type == "person":
            return self._person(written, country=code)
        if source_type in ANONYMOUS_TYPES or _role_description(_strip_the(written).split()):
            return None  # "U.S. senator" is a person's role
        return (_strip_the(written), "organization", code, (written,))

    def _person(self, written: str, country: str | None = None) -> Spec | None:
        name = self.people.canonical(written)
        if name is None or alias_key(name) in NEVER_ACTORS:
            return None
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
    mentions = [
        (r.article_id, str(r.source_resolved or r.source_text)) for r in rows if r.source_type == "person"
    ]
    people = People(mentions, frozenset(alias_key(t) for t in gaz.titles))
    wanted = _Wanted(Resolver(gaz, outlets, people), store.actors.edited_alias_map())
    source_name, channel_name = _row_names(rows, meta, wanted)
    outlet_names = {
        art: (wanted.want(str(m.outlet), "organization") if m.outlet else None) for art, m in meta.items()
    }
    wire_names = wire_targets(meta, wanted)
    for spec in extra:
        wanted.add(spec)
    ids = store.actors.sync_derived(list(wanted.specs.values()))
    alias_now = store.actors.alias_map()

    def to_id(name: Target) -> int | None:
        if name is None or isinstance(name, int):
            return name
        return alias_now.get(alias_key(name), ids[name])

    actors = store.actors.all()
    return Resolved(
        source=[to_id(n) for n in source_name],
        channel=[to_id(n) for n in channel_name],
        outlet={art: to_id(n) for art, n in outlet_names.items()},
        names={i: str(r["name"]) for i, r in actors.items()},
        kinds={i: str(r["kind"]) for i, r in actors.items()},
        wire={art: to_id(n) for art, n in wire_names.items()},
    )


def wire_targets(meta: Mapping[str, Article], wanted: _Wanted) -> dict[str, Target]:
    """The agency each agency copy carries ("WASHINGTON (AP) —" on another outlet's page):
    an anonymous source in it spoke to the agency, not to the outlet that carried the copy."""
    return {
        art: wanted.want(str(m.wire), "organization")
        for art, m in meta.items()
        if m.wire and m.wire != m.outlet
    }


class _Wanted:
    """The actor specs that mentions lead to, one per name, with every alias that led to it.

    A mention whose alias belongs to an actor a user edited leads to that actor's id
    instead (an ``int``, never a string: see :data:`Target`), so that ``actor merge``/``split``
    always wins (rule 1).
    """

    def __init__(self, resolver: Resolver, known: Mapping[str, int]) -> None:
        self.resolver = resolver
        self.known = known
        self.specs: dict[str, Spec] = {}
        #: the kind of the spec the last mention wanted led to (None: no spec)
        self.kind: str | None = None

    def add(self, spec: Spec) -> None:
        """One spec per name, with the aliases of every mention that led to it; where two
        mentions of one name read its kind or country differently, :func:`preferred` decides
        (not which came first, so that adding articles gives what a rebuild gives)."""
        have = self.specs.get(spec[0])
        if have is None:
            self.specs[spec[0]] = spec
        else:
            kind, country = preferred((have[1], have[2]), (spec[1], spec[2]))
            self.specs[spec[0]] = (spec[0], kind, country, tuple(dict.fromkeys((*have[3], *spec[3]))))

    def want(self, written: str | None, source_type: str) -> Target:
        """The spec name (or an edited actor's id) a mention leads to; None for no actor."""
        if not written:
            return None
        key = alias_key(written)
        if key in self.known:
            return self.known[key]
        spec = self.resolver.spec(written, source_type)
        self.kind = spec[1] if spec is not None else None
        if spec is None:
            return None
        self.add(spec)
        return spec[0]


def _row_names(
    rows: Sequence[Attribution], meta: Mapping[str, Article], wanted: _Wanted
) -> tuple[list[Target], list[Target]]:
    """The spec name each row's source and channel lead to, by the row's index.

    Rows are read in text order within each article, so that "the agency" can refer
    back to the organization named last before it.
    """
    source_name: list[Target] = [None] * len(rows)
    channel_name: list[Target] = [None] * len(rows)
    last_org: dict[str, str | int] = {}  # article -> the organization named last, for "the agency"
    for i in sorted(range(len(rows)), key=lambda i: (rows[i].article_id, rows[i].content_start)):
        r = rows[i]
        source_name[i] = _source_name(r, meta, wanted, last_org)
        channel_name[i] = wanted.want(r.channel_text, "organization")
    return source_name, channel_name


def _source_name(
    r: Attribution, meta: Mapping[str, Article], wanted: _Wanted, last_org: dict[str, str | int]
) -> Target:
    """The spec name the row's source leads to: the outlet for its own statements (rule
    2), the organization named last for "the agency", else what the mention resolves to."""
    art = r.article_id
    written = r.source_resolved or r.source_text
    if r.source_type == "author":
        credited = _credited(meta.get(art))
        return wanted.want(credited, "organization") if credited else None
    if written and _GENERIC.match(written):
        if written.lower().endswith("campaign"):  # a campaign, never the agency named last
            return last_org.get(_CAMPAIGN_KEY + art)
        if art in last_org:
            return last_org[art]
    author = meta[art].author if art in meta else None
    if author and written and alias_key(written) in _FIRST_PERSON and r.source_type == "person":
        return wanted.want(author, "person")  # the writer's own "I"
    name = wanted.want(written, r.source_type)
    raw = r.source_text
    if isinstance(name, str) and name and raw and raw != written and _same_name(wanted, raw, name):
        spec = wanted.specs[name]  # "Zelensky" for the full name: an alias, never a pronoun's
        wanted.specs[name] = (spec[0], spec[1], spec[2], (*spec[3], raw))
    # the mention's own reading, not what other mentions of the name made it (that depends
    # on which articles were read before: an update reads fewer than a rebuild)
    if isinstance(name, int) or (name is not None and wanted.kind == "organization"):
        last_org[art] = name
        if isinstance(name, str) and name.endswith(" campaign"):
            last_org[_CAMPAIGN_KEY + art] = name
    return name


def _same_name(wanted: _Wanted, raw: str, name: str) -> bool:
    """Whether the mention as written is itself a name of ``name`` (not "he", not "the
    senator"): only such forms become aliases, which the store matches in every article."""
    if alias_key(raw) in NEVER_ACTORS:
        return False
    spec = wanted.specs[name]
    if spec[1] != "person":
        return True
    return wanted.resolver.people.canonical(raw) == name


def _credited(article: Article | None) -> str | None:
    """Whom an article's own unattributed statements are credited to (rule 2): the news
    agency it is a copy of ("WASHINGTON (AP) —" carried by another outlet reports what the
    AP asserts, not what that outlet does), else its outlet."""
    if article is None:
        return None
    return article.wire or article.outlet
