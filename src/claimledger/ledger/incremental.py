"""Adding new articles to the ledger at a cost that does not grow with the store.

The ledger is a function of the stored articles (:func:`claimledger.ledger.build.rebuild`).
An update makes the same ledger by recomputing only the part that new articles can change,
found through the ledger's index (:mod:`claimledger.ledger.index`) with SQL:

1. **The region** (claims that are clustered again): the claims of stored statements close
   enough to a new one to be merged with it or to deny it (two shared words that no more than
   ``BLOCK_CAP`` statements have, then the overlap and Jaccard of the merge or denial rules),
   or identical to one; then, again and again, the claims close to any statement of those,
   until none is added. Clustering never links two statements outside such a closure, so
   clustering the region alone gives the region's claims as a rebuild would. Also in it:
   the statements of a word that the new ones make too common to block on (its candidate
   pairs go), and those with a figure whose thing has a word the new ones make common
   (their figures' particular words change).
2. **The context** (claims whose contradictions and grades are recomputed, not their
   members): claims with a statement close to the region's (a denial can pair them) or a
   figure in a block of the region's figures within the contradiction window; and, for the
   one-denial-per-denier rule, the claims close to those.
3. The region's and the context's claims are written again (members, figures, actors,
   contradictions, grades) in one transaction; everything else stays.

Claim ids stay those a rebuild gives (a claim's id is its first-seen statement's).

Where the update cannot be confined it rebuilds the ledger instead, and says why: the ledger
has no index or was built with other rules or lexicons (``LEDGER_VERSION``, the lexicon
files), it is stale, a new outlet appears, a new person's name changes whom stored mentions
name, or new actors cannot be added as a rebuild would add them (see
:meth:`claimledger.store.actors.Actors.add_derived`). ``claimledger rebuild`` rebuilds on demand.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from claimledger.errors import ClaimLedgerError
from claimledger.ledger import actors as actor_rules
from claimledger.ledger import build, figures, inputs
from claimledger.ledger import index as ledger_index
from claimledger.ledger import text as textmod
from claimledger.ledger.build import BuildSummary, claim_id
from claimledger.ledger.claims import (
    BLOCK_CAP,
    DENIAL_OVERLAP,
    MERGE_JACCARD,
    MERGE_OVERLAP,
    Member,
    cluster,
    collapse_identical,
    judge_pairs,
    shared_words,
)
from claimledger.ledger.contradictions import (
    WINDOW_DAYS,
    Contradiction,
    denial_contradictions,
    estimate_contradictions,
)
from claimledger.ledger.gazetteer import load
from claimledger.ledger.origins import ClaimOrigins, trace
from claimledger.ledger.people import NameForm, People, folded_words, name_form
from claimledger.store import ledgerindex as lx
from claimledger.store.actors import DerivedConflict, alias_key
from claimledger.store.store import Store

Key = tuple[str, str]
Row = dict[str, Any]
#: A stored statement is near a new one when a merge or a denial could pair them.
NEAR_OVERLAP = min(MERGE_OVERLAP, DENIAL_OVERLAP)
NEAR_JACCARD = MERGE_JACCARD


class Unconfined(ClaimLedgerError):
    """The update cannot be confined to what the new articles touch: rebuild instead."""


def update(store: Store, *, progress: Callable[[str], None] | None = None) -> BuildSummary:
    """Add the articles stored since the ledger was built to it; rebuild where that cannot
    be confined (the summary's ``mode`` and ``reason`` say which and why)."""
    try:
        return _Update(store, progress or (lambda _name: None)).run()
    except (Unconfined, DerivedConflict) as why:
        summary = build.rebuild(store, progress=progress)
        return replace(summary, mode="rebuild", reason=str(why))


class _ActorTables:
    """The actor tables as read since this update last wrote them: an update reads them at
    several steps, and each read is of the whole table."""

    def __init__(self, store: Store) -> None:
        self.actors = store.actors
        self.clear()

    def clear(self) -> None:
        self._all: dict[int, Row] | None = None
        self._aliases: dict[str, int] | None = None
        self._edited: dict[str, int] | None = None
        self._derived: set[int] | None = None

    def all(self) -> dict[int, Row]:
        if self._all is None:
            self._all = self.actors.all()
        return self._all

    def alias_map(self) -> dict[str, int]:
        if self._aliases is None:
            self._aliases = self.actors.alias_map()
        return self._aliases

    def edited_alias_map(self) -> dict[str, int]:
        if self._edited is None:
            self._edited = self.actors.edited_alias_map()
        return self._edited

    def derived_ids(self) -> set[int]:
        if self._derived is None:
            self._derived = self.actors.derived_ids()
        return self._derived


def _order(m: Member) -> tuple[str, int, str]:
    """The order a rebuild reads statements in (article, position, id)."""
    return (m.article_id, m.content_start, m.id)


class _Update:
    def __init__(self, store: Store, phase: Callable[[str], None]) -> None:
        self.store = store
        self.phase = phase
        self.gaz = load()
        self.titles = frozenset(alias_key(t) for t in self.gaz.titles)
        self.pool = inputs.Pool()
        self.tables = _ActorTables(store)
        self.counts: dict[str, int] = {}  # token -> statements (fingerprints) that have it, new ones counted
        self.new_aliases: set[str] = set()
        self.new_surnames: set[str] = set()
        self.common_seeds: set[Key] = set()
        self.renamed: set[str] = set()
        self.retire: set[int] = set()  # stored articles naming a surname whose people changed

    # ------------------------------------------------------------------ the steps

    def run(self) -> BuildSummary:
        store = self.store
        found = lx.state(store)
        if found.get("version") != ledger_index.version(build.LEDGER_VERSION):
            raise Unconfined("the ledger has no index, or was built with other rules or lexicons")
        stored, built = lx.counts(store)
        if found.get("articles") != str(built):
            raise Unconfined("the ledger is stale (an earlier build did not finish)")
        added = lx.new_articles(store)
        if not added:
            return BuildSummary(0, 0, 0, 0, mode="update")
        if len(added) > built:
            raise Unconfined(f"{len(added)} new articles against {built} in the ledger: a rebuild is cheaper")
        self.added = frozenset(added)
        self.alias_before = self.tables.alias_map()
        self._index_names()
        self._check_outlets()
        self._surnames()
        self.retire = self._retirements()
        self._words()
        new_members = self._new_members()
        self.phase("new statements")
        seeds = self._seeds(new_members)
        region_claims, region_keys = self._closure(new_members, seeds)
        self.phase("region")
        region = self._region(region_keys, region_claims)
        self.phase("clustering")
        context = self._context(region)
        self.phase("context")
        change = self._recompute(region, context)
        self.phase("recomputed")
        lx.apply(store, change)
        self.phase("written")
        claims, contradictions, estimates, actors = lx.totals(store)
        return BuildSummary(
            claims,
            contradictions,
            estimates,
            actors,
            mode="update",
            added=len(added),
            touched=len(change.claims),
        )

    def _index_names(self) -> None:
        """The new articles' name words, first: every read of mentions below finds theirs too."""
        hedge = inputs.hedge_kinds(self.store, self.pool, self.added)
        rows = inputs.attributions(self.store, self.pool, hedge, self.added)
        lx.replace_names(self.store, self.added, ledger_index.name_rows(ledger_index.name_entries(rows)))

    def _check_outlets(self) -> None:
        """The outlets after the new articles; a new outlet must not change what stored
        mentions of its name resolve to (else: rebuild)."""
        new = lx.outlets(self.store, only=self.added)
        old = lx.outlets(self.store, exclude=self.added)
        self.outlets = old | new
        fresh = new - old
        words = {max(k.split(), key=len) for k in map(alias_key, fresh) if k}
        if not words:
            return
        nobody = People([], self.titles)
        before = actor_rules.Resolver(self.gaz, old, nobody)
        after = actor_rules.Resolver(self.gaz, self.outlets, nobody)
        for written, stype, _art in lx.mentions_like(self.store, _lookup(words), self.added):
            if stype == "raw":
                continue  # how a name is written, not what it names: no outlet changes it
            kind = "organization" if stype == "channel" else stype
            a, b = before.spec(written, kind), after.spec(written, kind)
            if (a[:3] if a else None) != (b[:3] if b else None):
                raise Unconfined(f"the new outlet changes what {written!r} names in stored articles")

    def _words(self) -> None:
        """The common words after the new articles' things, and those they make common."""
        self.new_quantities = list(inputs.quantities(self.store, self.pool, self.added))
        new = figures.word_counts(q.counted or q.thing or "" for q in self.new_quantities)
        before = lx.word_counts(self.store, new)
        self.word_counts = {w: before.get(w, 0) + n for w, n in new.items()}
        at = figures.COMMON_AT
        self.newly_common = {w for w, n in self.word_counts.items() if before.get(w, 0) < at <= n}
        self.common = frozenset(
            lx.common_words(self.store, at) | {w for w, n in self.word_counts.items() if n >= at}
        )

    def _new_members(self) -> list[Member]:
        """The new statements (without their actors: enough to find what they touch), and
        their index words written, so that the words' counts include them."""
        meta = self._meta(self.added)
        hedge = inputs.hedge_kinds(self.store, self.pool, self.added)
        rows = list(inputs.attributions(self.store, self.pool, hedge, self.added))
        self.new_surnames = {
            f.surname
            for r in rows
            if r.source_type == "person"
            and (f := _form(str(r.source_resolved or r.source_text), self.titles)) is not None
            and f.full
        }
        members, _un = _members(rows, self.new_quantities, meta, _no_actors(rows, meta), self.common)
        tokens = {t for m in members for t in m.bag}
        before = lx.token_counts(self.store, tokens, BLOCK_CAP) if tokens else {}
        lx.replace_tokens(self.store, self.added, ledger_index.token_rows(members))
        after = lx.token_counts(self.store, tokens, BLOCK_CAP) if tokens else {}
        self.counts.update(after)
        self.crossing = {t for t in tokens if before.get(t, 0) <= BLOCK_CAP < after.get(t, 0)}
        return members

    def _seeds(self, new_members: Sequence[Member]) -> set[Key]:
        """Stored statements that must be clustered again whatever their words: those of a
        word now too common to block on, those identical to a new one, and those with a
        figure whose thing has a word now common."""
        seeds = self._uncapped_pairs()
        if self.renamed:
            seeds |= set(lx.claims_of(self.store, self.renamed))
        if self.retire:  # the claims of actors a new name files under another
            seeds |= set(lx.members_of(self.store, lx.claims_with_actors(self.store, self.retire)))
        seeds |= lx.members_with_fp(self.store, {ledger_index.fingerprint(m) for m in new_members})
        words = {t for w in self.newly_common for t in textmod.bag(w)}
        if words:
            self.common_seeds = {k for k in lx.items_with(self.store, words) if k[0] not in self.added}
            seeds |= self.common_seeds
        return {k for k in seeds if k[0] not in self.added}

    def _uncapped_pairs(self) -> set[Key]:
        """Stored statements that were near each other through a word the new statements
        make too common to block on, and are no longer candidates without it."""
        if not self.crossing:
            return set()
        posted = lx.postings(self.store, self.crossing)
        node: dict[str, list[Key]] = defaultdict(list)  # fingerprint -> its statements
        for entries in posted.values():
            for key, fp in entries:
                if key[0] not in self.added and key not in node[fp]:
                    node[fp].append(key)
        rep = {fp: keys[0] for fp, keys in node.items()}
        bags = lx.member_bags(self.store, set(rep.values()))
        self._count({t for bag in bags.values() for t in bag if not t.startswith("#")})
        open_now = {t for t in self.counts if self.counts[t] <= BLOCK_CAP and not t.startswith("#")}
        seeds: set[Key] = set()
        for _word, entries in sorted(posted.items()):
            fps = sorted({fp for _k, fp in entries if fp in rep})
            for x, fx in enumerate(fps):
                a = bags.get(rep[fx], set())
                for fy in fps[x + 1 :]:
                    b = bags.get(rep[fy], set())
                    both = a & b
                    after = len(both & open_now)
                    before = after + len(both & self.crossing)
                    if before >= 2 > after and _near(a, b):
                        seeds |= set(node[fx]) | set(node[fy])
        return seeds

    def _closure(self, new_members: Sequence[Member], seeds: set[Key]) -> tuple[set[str], set[Key]]:
        """The stored claims to cluster again, and their statements (see the module doc)."""
        claims: set[str] = set()
        keys: set[Key] = set()
        frontier = {m.key: set(m.bag) for m in new_members}
        pending = set(seeds)
        while True:
            pending |= self._near(frontier) - keys
            pending = {k for k in pending if k[0] not in self.added}
            if not pending:
                return claims, keys
            of = lx.claims_of(self.store, {k[0] for k in pending})
            fresh = {of[k] for k in pending if k in of} - claims
            claims |= fresh
            joined = set(lx.members_of(self.store, fresh)) - keys
            keys |= joined
            frontier = lx.member_bags(self.store, joined)
            pending = set()

    def _near(self, bags: Mapping[Key, set[str]]) -> set[Key]:
        """Stored statements near any of ``bags``: two shared blocking words (not over the
        cap), then the overlap and Jaccard of a merge or a denial."""
        if not bags:
            return set()
        tokens = {t for bag in bags.values() for t in bag if not t.startswith("#")}
        self._count(tokens)
        open_words = {t for t in tokens if self.counts.get(t, 0) <= BLOCK_CAP}
        posted = lx.postings(self.store, open_words)
        shared: dict[tuple[Key, Key], int] = defaultdict(int)
        for x, bag in bags.items():
            for t in bag & open_words:
                for y, _fp in posted.get(t, ()):
                    if y != x:
                        shared[(x, y)] += 1
        pairs = [(x, y) for (x, y), n in shared.items() if n >= 2]
        other = lx.member_bags(self.store, {y for _x, y in pairs})
        return {y for x, y in pairs if _near(bags[x], other.get(y, set()))}

    def _count(self, tokens: Collection[str]) -> None:
        missing = [t for t in tokens if t not in self.counts]
        if missing:
            found = lx.token_counts(self.store, missing, BLOCK_CAP)
            for t in missing:
                self.counts[t] = found.get(t, 0)

    def _capped(self, members: Iterable[Member]) -> frozenset[str]:
        tokens = {t for m in members for t in m.bag if not t.startswith("#")}
        self._count(tokens)
        return frozenset(t for t in tokens if self.counts.get(t, 0) > BLOCK_CAP)

    # ------------------------------------------------------------------ the region

    def _region(self, keys: set[Key], old_claims: set[str]) -> _Region:
        """The region's statements (the new ones and ``keys``) with their actors, clustered."""
        # whole articles: also those only a question of names a renamed or retired actor in
        articles = (
            {k[0] for k in keys}
            | self.added
            | self.renamed
            | lx.articles_with_speakers(self.store, self.retire)
        )
        loaded = self._load(articles, create=True)
        wanted = keys | {m.key for m in loaded.members if m.article_id in self.added}
        members = sorted((m for m in loaded.members if m.key in wanted), key=_order)
        clustering = cluster(members, self._capped(members))
        clusters = [[members[i] for i in idxs] for idxs in clustering.clusters]
        return _Region(old_claims, clusters, loaded)

    def _context(self, region: _Region) -> _Loaded:
        """The claims whose contradictions the region's change can change (see the module doc)."""
        members = [m for ms in region.clusters for m in ms]
        region_keys = {m.key for m in members}
        near = self._near({m.key: set(m.bag) for m in members})
        blocks = [
            (e.head, e.kind, e.frame, tok, e.window[0].toordinal(), e.window[1].toordinal())
            for m in members
            for e in m.estimates
            if ledger_index.compared(e) and e.window is not None
            for tok in sorted(e.particular)
        ]
        near |= lx.item_partners(self.store, blocks, WINDOW_DAYS)
        near -= region_keys
        of = lx.claims_of(self.store, {k[0] for k in near})
        context = {of[k] for k in near if k in of} - region.old_claims
        stored = lx.members_of(self.store, context)
        # the claims that deny (or are denied by) the context's: one denial per denier and claim
        second = self._near(lx.member_bags(self.store, set(stored))) - region_keys - set(stored)
        of2 = lx.claims_of(self.store, {k[0] for k in second})
        outer = {of2[k] for k in second if k in of2} - region.old_claims - context
        stored_outer = lx.members_of(self.store, outer)
        every = {**stored, **stored_outer}
        loaded = self._load({k[0] for k in every}, create=False)
        loaded.keep(set(every))
        loaded.stored = every
        loaded.context = context
        return loaded

    # ------------------------------------------------------------------ loading

    def _meta(self, articles: Collection[str]) -> dict[str, inputs.Article]:
        meta = inputs.articles(self.store, self.pool, articles)
        originals = {str(m.duplicate_of) for m in meta.values() if m.duplicate_of} - set(meta)
        if originals:
            meta.update(inputs.articles(self.store, self.pool, originals))
        return meta

    def _load(self, articles: Collection[str], *, create: bool) -> _Loaded:
        """Every statement of ``articles`` as a member, with its actors (``create``: the new
        articles' actors are added; otherwise every actor must exist already)."""
        meta = self._meta(articles)
        hedge = inputs.hedge_kinds(self.store, self.pool, articles)
        rows = list(inputs.attributions(self.store, self.pool, hedge, articles))
        quantities = list(inputs.quantities(self.store, self.pool, articles))
        resolved, alias_now = self._actors(rows, meta, create=create)
        speakers: list[Row] = []
        members, unattributed = _members(rows, quantities, meta, resolved, self.common, speakers)
        loaded = _Loaded(
            members, unattributed, meta, resolved, alias_now, build._article_countries(quantities)
        )
        loaded.articles, loaded.speakers = set(articles), speakers
        return loaded

    def _actors(
        self, rows: Sequence[inputs.Attribution], meta: Mapping[str, inputs.Article], *, create: bool
    ) -> tuple[actor_rules.Resolved, dict[str, int]]:
        """The actors of ``rows`` as a rebuild resolves them; see :func:`actor_rules.resolve`."""
        store = self.store
        written = [r.source_resolved or r.source_text for r in rows] + [r.channel_text for r in rows]
        written += [m.author for m in meta.values()]
        surnames = {f.surname for w in written if w and (f := _form(w, self.titles)) is not None}
        people = self._people(surnames)
        wanted = actor_rules._Wanted(
            actor_rules.Resolver(self.gaz, self.outlets, people), self.tables.edited_alias_map()
        )
        source_name, channel_name = actor_rules._row_names(rows, meta, wanted)
        outlet_names = {
            art: (wanted.want(str(m.outlet), "organization") if m.outlet else None) for art, m in meta.items()
        }
        wire_names = actor_rules.wire_targets(meta, wanted)
        for spec in build._countries_talked_about(rows, self.gaz):
            wanted.add(spec)
        if create:
            ids = store.actors.add_derived(list(wanted.specs.values()), self.retire)
            self.tables.clear()
        else:
            ids = {}
            names = {str(r["name"]): i for i, r in self.tables.all().items()}
            held = self.tables.alias_map()
            for name in wanted.specs:
                # an actor of that name, else the actor named before it that has the name as an alias
                found = names.get(name, held.get(alias_key(name)))
                if found is None:
                    raise Unconfined(f"{name!r} is named in stored articles but is no actor")
                ids[name] = found
        alias_now = self.tables.alias_map()
        if create:  # aliases added, dropped or taken by another: statements naming them name another
            before = self.alias_before
            self.new_aliases |= {k for k in set(alias_now) | set(before) if alias_now.get(k) != before.get(k)}

        def to_id(name: actor_rules.Target) -> int | None:
            if name is None or isinstance(name, int):
                return name
            return alias_now.get(alias_key(name), ids[name])

        actors = self.tables.all()
        resolved = actor_rules.Resolved(
            source=[to_id(n) for n in source_name],
            channel=[to_id(n) for n in channel_name],
            outlet={art: to_id(n) for art, n in outlet_names.items()},
            names={i: str(r["name"]) for i, r in actors.items()},
            kinds={i: str(r["kind"]) for i, r in actors.items()},
            wire={art: to_id(n) for art, n in wire_names.items()},
        )
        return resolved, alias_now

    def _people(self, surnames: set[str]) -> People:
        """The people of ``surnames`` as a rebuild groups them (:class:`People` groups each
        surname apart, so the mentions of those surnames are all it needs)."""
        return People(self._person_mentions(surnames), self.titles)

    def _surnames(self) -> None:
        """Surnames whose people the new articles change ("Baker" was James Baker, the only
        Baker named in full; a new article names Howard Baker too): every stored article
        naming one is resolved again (its statements join the region), and the people of
        those surnames are derived again (:meth:`_resync`)."""
        todo = {f.surname for _a, w in self._new_person_mentions() if (f := _form(w, self.titles)) and f.full}
        if not todo:
            return
        mentions = self._person_mentions(todo)
        before = People([m for m in mentions if m[0] not in self.added], self.titles)
        after = People(mentions, self.titles)
        moved, fresh = before.changed(after, todo)
        suspects = moved | {k[0] for k in fresh}
        if not suspects:
            return
        # the stored mentions naming a suspect surname, resolved with the people before and after
        old = actor_rules.Resolver(self.gaz, self.outlets, before)
        new = actor_rules.Resolver(self.gaz, self.outlets, after)
        changed: set[str] = set()
        naming: dict[str, set[str]] = defaultdict(set)  # surname -> articles naming it
        for written, stype, art in lx.mentions_like(self.store, _lookup(suspects), self.added):
            named = {s for s in suspects if _names(written, s)}
            if not named or not art:
                continue
            for s in named:
                naming[s].add(art)
            if stype == "raw":  # a name as written becomes an alias of whom it names
                if before.canonical(written) != after.canonical(written):
                    changed |= named
                continue
            kind = "organization" if stype == "channel" else stype
            a, b = old.spec(written, kind), new.spec(written, kind)
            if (a[:3] if a else None) != (b[:3] if b else None):
                changed |= named
        if changed:
            self.renamed = {art for s in changed for art in naming[s]}
            self._resync(changed)

    def _retirements(self) -> set[int]:
        """Stored actors whose own name a new actor takes ("Tehran Radio" comes before
        "Tehran radio", which a rebuild files under it): their claims join the region."""
        meta = self._meta(self.added)
        hedge = inputs.hedge_kinds(self.store, self.pool, self.added)
        rows = list(inputs.attributions(self.store, self.pool, hedge, self.added))
        written = [w for r in rows for w in (r.source_resolved or r.source_text, r.channel_text) if w]
        surnames = {f.surname for w in written if (f := _form(w, self.titles)) is not None}
        wanted = actor_rules._Wanted(
            actor_rules.Resolver(self.gaz, self.outlets, self._people(surnames)),
            self.tables.edited_alias_map(),
        )
        actor_rules._row_names(rows, meta, wanted)
        for m in meta.values():
            if m.outlet:
                wanted.want(str(m.outlet), "organization")
        derived = self.tables.derived_ids()
        names = {i: str(r["name"]) for i, r in self.tables.all().items()}
        retire: set[int] = set()
        for name, _kind, _country, aliases in wanted.specs.values():
            for key in {alias_key(a) for a in (name, *aliases)}:
                holder = self.alias_before.get(key)
                if holder in derived and holder is not None and names[holder] > name:
                    if alias_key(names[holder]) == key:
                        retire.add(holder)
        return retire

    def _new_person_mentions(self) -> list[tuple[str, str]]:
        hedge = inputs.hedge_kinds(self.store, self.pool, self.added)
        return [
            (r.article_id, str(r.source_resolved or r.source_text))
            for r in inputs.attributions(self.store, self.pool, hedge, self.added)
            if r.source_type == "person"
        ]

    def _resync(self, surnames: set[str]) -> None:
        """Drop what the people of ``surnames`` no longer have: the aliases no mention leads
        to any more, and the people no mention names (the region's resolution adds what is
        new). Every mention of such a person names its surname, so the articles naming the
        surnames hold every mention a rebuild would derive them from."""
        articles = self.renamed | self.added
        meta = self._meta(articles)
        hedge = inputs.hedge_kinds(self.store, self.pool, articles)
        rows = list(inputs.attributions(self.store, self.pool, hedge, articles))
        old_rows = [r for r in rows if r.article_id not in self.added]
        written = [w for r in rows for w in (r.source_resolved or r.source_text, r.channel_text) if w]
        names = {f.surname for w in written if (f := _form(w, self.titles)) is not None}
        mentions = self._person_mentions(names)
        edited = self.tables.edited_alias_map()

        def specs(people: People, some: Sequence[inputs.Attribution]) -> dict[str, actor_rules.Spec]:
            wanted = actor_rules._Wanted(actor_rules.Resolver(self.gaz, self.outlets, people), edited)
            actor_rules._row_names(some, meta, wanted)
            return wanted.specs

        was = specs(People([m for m in mentions if m[0] not in self.added], self.titles), old_rows)
        now = specs(People(mentions, self.titles), rows)
        keep: dict[str, set[str]] = {}
        for name, spec in was.items():
            if spec[1] != "person" or not any(_names(name, s) for s in surnames):
                if name not in now or now[name][:3] != spec[:3]:
                    raise Unconfined(f"a new name changes what {name!r} is")
                continue
            keep[name] = {alias_key(a) for a in now[name][3]} if name in now else set()
        try:
            self.store.actors.drop_derived(keep)
            self.tables.clear()
        except DerivedConflict as why:
            raise Unconfined(str(why)) from why

    def _person_mentions(self, surnames: set[str]) -> list[tuple[str, str]]:
        """The stored person mentions of ``surnames`` (a rebuild's people are grouped from
        every person source, a question's too)."""
        return [
            (art, str(resolved or text))
            for art, _aid, text, resolved in lx.person_mentions(self.store, _lookup(surnames))
            if (resolved or text) and _surname(str(resolved or text), self.titles) in surnames
        ]

    # ------------------------------------------------------------------ recompute

    def _recompute(self, region: _Region, context: _Loaded) -> lx.Change:
        """The region's and the context's claims, contradictions and grades, as rows."""
        hood = _Hood.of(region, context)
        rows, dropped, kept, agreeing = self._contradictions(hood, region, context)
        change = lx.Change(
            drop_claims=set(region.old_claims), contradictions=rows, articles=sorted(self.added)
        )
        change.drop_contradictions = dropped
        self._claims(hood, change, rows, kept, agreeing)
        loaded = region.loaded
        redo = [c for c, cid in enumerate(hood.ids) if cid in hood.redo]
        out = build._LedgerRows(
            members=[m for c in redo for m in hood.groups[c]],
            clusters=_spans([len(hood.groups[c]) for c in redo]),
            traced=[hood.traced[c] for c in redo],
            ids=[hood.ids[c] for c in redo],
            names=hood.names,
            unattributed=[q for q in loaded.unattributed if q.article_id in self.added],
            meta={**context.meta, **loaded.meta},
            article_country=loaded.article_country,
        )
        change.members = list(out.member_rows())
        change.estimates = list(out.estimate_rows())
        # claims outside the neighbourhood whose statements name a new alias
        if self.new_aliases:
            for cid, search in lx.claims_mentioning(self.store, {k for k in self.new_aliases if k}).items():
                if cid not in hood.redo and cid not in region.old_claims:
                    change.about[cid] = {
                        a for line in search.split("\n") for a in build.mentioned(line, loaded.alias_now)
                    }
        # the index: the figures of the new articles, and of those whose things name a word now common
        remade = {k[0] for k in self.common_seeds} | self.added
        change.items_of = {m.key for m in loaded.members if m.article_id in remade}
        change.items = list(ledger_index.item_rows(m for m in loaded.members if m.article_id in remade))
        change.words = self.word_counts
        change.speakers_of, change.speakers = loaded.articles, loaded.speakers
        touched = lx.actors_of_claims(self.store, region.old_claims | context.context)
        for r in change.members:
            touched |= {int(r[k]) for k in ("source_actor_id", "origin_actor_id") if r[k] is not None}
        change.touched_actors = touched
        return change

    def _contradictions(
        self, hood: _Hood, region: _Region, context: _Loaded
    ) -> tuple[list[Row], list[Row], list[Row], set[tuple[int, int]]]:
        """The contradictions recomputed, those they replace, those that stand (of claims
        redone), and the claim pairs whose figures agree.

        A denial is recomputed when its assertion is redone or its denier is in the region
        (one contradiction per denier and assertion: every denial of a redone assertion is
        in the neighbourhood); a figure conflict when a side is in the region.
        """
        ids, redo, new_ids, members = hood.ids, hood.redo, hood.new_ids, hood.members
        nodes = collapse_identical(members)
        pairs = judge_pairs(members, shared_words(members, nodes, self._capped(members)))
        pairs = [(i, j) for i, j in pairs if ids[hood.claim_of[i]] in redo or ids[hood.claim_of[j]] in redo]
        stored = lx.contradictions_of(self.store, region.old_claims | context.context)
        dropped = [
            r
            for r in stored
            if r["a"] in region.old_claims
            or r["b"] in region.old_claims
            or (r["kind"] == "denial" and r["a"] in context.context)
        ]
        kept = [r for r in stored if r not in dropped]
        kept_keys = {frozenset((r["a"], r["b"])) for r in kept if r["kind"] == "denial"}
        found: list[Contradiction] = [
            c
            for c in denial_contradictions(pairs, members, hood.claim_of, hood.origin_name)
            if (ids[c.a] in redo or ids[c.b] in new_ids) and frozenset((ids[c.a], ids[c.b])) not in kept_keys
        ]
        agreeing: set[tuple[int, int]] = set()
        found += [
            c
            for c in estimate_contradictions(members, hood.claim_of, hood.origin_name, agreeing)
            if ids[c.a] in new_ids or ids[c.b] in new_ids
        ]
        rows = [{"a": ids[c.a], "b": ids[c.b], "kind": c.kind, "reason": c.reason} for c in found]
        return rows, dropped, [r for r in kept if r["a"] in redo or r["b"] in redo], agreeing

    def _claims(
        self, hood: _Hood, change: lx.Change, rows: list[Row], kept: list[Row], agreeing: set[tuple[int, int]]
    ) -> None:
        """The claim rows of the claims redone, graded, with their actors."""
        position = {cid: c for c, cid in enumerate(hood.ids)}
        outside = ({r["a"] for r in kept} | {r["b"] for r in kept}) - set(position)
        stored = lx.stored_claims(self.store, outside | hood.context)
        origins = {cid: len(hood.traced[c].origins) for cid, c in position.items()}
        origins.update({cid: s.origin_count for cid, s in stored.items() if cid not in position})
        opposed: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
        for r in rows + kept:
            opposed[r["a"]].append((r["b"], r["kind"], origins[r["b"]]))
            opposed[r["b"]].append((r["a"], r["kind"], origins[r["a"]]))
        agrees = build.agrees_with(agreeing, hood.ids)
        for c, cid in enumerate(hood.ids):
            if cid not in hood.redo:
                continue
            g, t = hood.groups[c], hood.traced[c]
            partners = set(agrees.get(c, ()))
            if cid in hood.context:  # its agreements with claims outside the neighbourhood stand
                before = stored[cid].data.get("agrees_with", [])
                partners |= {p for p in before if p not in hood.old_claims}
            against = sorted(opposed.get(cid, []))
            grade, reasons = build.grade_claim(g, t, against, bool(partners))
            change.claims.append(build.claim_row(cid, g, t, against, grade, reasons, sorted(partners)))
            for a_id, actor, role in sorted(build.claim_actors(cid, g, t, hood.alias_now)):
                change.claim_actors.append({"claim_id": a_id, "actor_id": actor, "role": role})


@dataclass
class _Hood:
    """The neighbourhood: the region's new claims and the context's, in a rebuild's order."""

    groups: list[list[Member]]  # each claim's statements, first seen first; claims by first seen
    ids: list[str]
    traced: list[ClaimOrigins]
    members: list[Member]  # every statement, in a rebuild's reading order
    claim_of: dict[int, int]  # statement index -> claim index
    origin_name: dict[Key, str]
    names: dict[int, str]
    new_ids: set[str]  # the region's claims
    context: set[str]
    old_claims: set[str]
    alias_now: dict[str, int]

    @property
    def redo(self) -> set[str]:
        return self.new_ids | self.context

    @classmethod
    def of(cls, region: _Region, context: _Loaded) -> _Hood:
        groups: list[list[Member]] = [list(ms) for ms in region.clusters]
        by_claim: dict[str, list[Member]] = defaultdict(list)
        for m in context.members:
            by_claim[context.stored[m.key].claim_id].append(m)
        groups += [sorted(ms, key=lambda m: m.sort_key) for ms in by_claim.values()]
        groups.sort(key=lambda g: g[0].sort_key)
        ids = [claim_id(g[0]) for g in groups]
        for cid, g in zip(ids, groups, strict=True):
            if g[0].key in context.stored and context.stored[g[0].key].claim_id != cid:
                raise Unconfined(f"claim {context.stored[g[0].key].claim_id} is not its first statement's")
        names = {**context.resolved.names, **region.loaded.resolved.names}
        kinds = {**context.resolved.kinds, **region.loaded.resolved.kinds}
        traced = [trace(g, names, kinds) for g in groups]
        members = sorted((m for g in groups for m in g), key=_order)
        index_of = {m.key: i for i, m in enumerate(members)}
        origin_name: dict[Key, str] = {}
        for t in traced:
            for key, origin in t.member_origin.items():
                if origin is not None:
                    origin_name[key] = origin[1]
        return cls(
            groups=groups,
            ids=ids,
            traced=traced,
            members=members,
            claim_of={index_of[m.key]: c for c, g in enumerate(groups) for m in g},
            origin_name=origin_name,
            names=names,
            new_ids={claim_id(ms[0]) for ms in region.clusters},
            context=set(context.context),
            old_claims=set(region.old_claims),
            alias_now=region.loaded.alias_now,
        )


def _near(a: set[str], b: set[str]) -> bool:
    """Could a merge or a denial pair two statements with these words?"""
    both = len(a & b)
    return bool(a and b) and both / min(len(a), len(b)) >= NEAR_OVERLAP and both / len(a | b) >= NEAR_JACCARD


def _spans(sizes: Sequence[int]) -> list[list[int]]:
    out: list[list[int]] = []
    at = 0
    for n in sizes:
        out.append(list(range(at, at + n)))
        at += n
    return out


def _names(written: str, surname: str) -> bool:
    """Does ``written`` hold ``surname`` as words (folded as :mod:`people` folds names)?"""
    return f" {surname} " in _folded(written)


@lru_cache(maxsize=200_000)
def _folded(written: str) -> str:
    return " " + " ".join(folded_words(written)) + " "


@lru_cache(maxsize=200_000)
def _form(written: str, titles: frozenset[str]) -> NameForm | None:
    """:func:`name_form`, once per written form (news repeats names)."""
    return name_form(written, titles)


def _surname(written: str, titles: frozenset[str]) -> str | None:
    form = _form(written, titles)
    return form.surname if form is not None else None


def _no_actors(
    rows: Sequence[inputs.Attribution], meta: Mapping[str, inputs.Article]
) -> actor_rules.Resolved:
    n = len(rows)
    return actor_rules.Resolved([None] * n, [None] * n, dict.fromkeys(meta), {}, {})


def _members(
    rows: Sequence[inputs.Attribution],
    quantities: Sequence[inputs.Quantity],
    meta: Mapping[str, inputs.Article],
    resolved: actor_rules.Resolved,
    common: frozenset[str],
    speakers: list[Row] | None = None,
) -> tuple[list[Member], list[inputs.Quantity]]:
    return build._make_members(
        list(rows), quantities, meta, resolved, build._article_countries(quantities), common, speakers
    )


class _Loaded:
    """Statements loaded from whole articles, with what made them."""

    def __init__(
        self,
        members: list[Member],
        unattributed: list[inputs.Quantity],
        meta: dict[str, inputs.Article],
        resolved: actor_rules.Resolved,
        alias_now: dict[str, int],
        article_country: Callable[[str, str], str | None],
    ) -> None:
        self.members = members
        self.unattributed = unattributed
        self.meta = meta
        self.resolved = resolved
        self.alias_now = alias_now
        self.article_country = article_country
        self.stored: dict[Key, lx.StoredMember] = {}
        self.context: set[str] = set()
        self.articles: set[str] = set()  # the articles read
        self.speakers: list[Row] = []  # their questions' speakers

    def keep(self, keys: set[Key]) -> None:
        self.members = [m for m in self.members if m.key in keys]


class _Region:
    def __init__(self, old_claims: set[str], clusters: list[list[Member]], loaded: _Loaded) -> None:
        self.old_claims = old_claims
        self.clusters = clusters
        self.loaded = loaded


def _lookup(keys: Collection[str]) -> set[str]:
    """The index words surnames or alias keys are found by."""
    return {ledger_index.lookup_word(k) for k in keys}
