"""Canonical actors and their aliases, with get-or-create ``lookup`` and reversible edits.

A user's ``merge`` never deletes anything: the merged actor points at the one it was
merged into, its aliases stay where they were, and ``split`` undoes it. Every edit is
written to ``actor_events``, so the alias history can always be read back.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Collection
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update
from sqlalchemy.engine import Engine

from claimledger.errors import ClaimLedgerError, InputError, NotFound
from claimledger.store import schema
from claimledger.store.database import storage_errors, writing

GRADES = ("A", "B", "C", "D", "E", "F")
Row = dict[str, Any]


def alias_key(name: str) -> str:
    """The form aliases are matched on: case, accents, articles and punctuation dropped."""
    s = unicodedata.normalize("NFKD", name.replace("\u2019", "'")).encode("ascii", "ignore").decode().lower()
    s = s.replace("'s ", " ").replace("s' ", "s ")
    s = re.sub(r"'s$", "", s)
    s = re.sub(r"[^a-z0-9]+", " ", s).strip()
    s = re.sub(r"^the ", "", s)
    return s


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def preferred(a: tuple[str, str | None], b: tuple[str, str | None]) -> tuple[str, str | None]:
    """Of two readings (kind, country) of one actor's name, the one with a country ("Royal
    Bank of Canada" read as Canada's), else the first by kind and country: the same whichever
    mention is met first, so that adding articles gives what a rebuild gives."""
    return min(a, b, key=lambda r: (r[1] is None, r[0], r[1] or ""))


class DerivedConflict(ClaimLedgerError):
    """New articles' actors cannot be added to the stored ones as a rebuild would make them."""


class Actors:
    """The ``actors`` table family of a store (``store.actors``)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # -- reading ----------------------------------------------------------------------------

    def state(self) -> tuple[object, ...]:
        """A cheap summary that changes whenever the actors, their aliases, the user's edits or
        the ledger change (what a cached view of the actors must be computed again after)."""
        ac, aa, ev, ca, st = (
            schema.actors,
            schema.actor_aliases,
            schema.actor_events,
            schema.claim_actors,
            schema.ledger_state,
        )
        with storage_errors("cannot read actors"), self.engine.connect() as conn:
            found: list[object] = []
            for query in (
                select(
                    func.count(),
                    func.max(ac.c.id),
                    func.sum(ac.c.merged_into),
                    func.sum(func.length(ac.c.name)),
                    func.sum(func.length(ac.c.kind)),
                ),
                select(
                    func.count(),
                    func.max(aa.c.id),
                    func.sum(aa.c.actor_id),
                    func.sum(func.length(aa.c.key)),
                    func.count().filter(aa.c.active.is_(True)),
                ),
                select(func.count(), func.max(ev.c.id)),
                select(func.count()).select_from(ca),
            ):
                found.extend(conn.execute(query).one())
            found.extend(sorted((r.key, r.value) for r in conn.execute(select(st))))
        return tuple(found)

    def alias_map(self) -> dict[str, int]:
        """Every active alias key -> the canonical actor id it resolves to now."""
        with storage_errors("cannot read actors"), self.engine.connect() as conn:
            return _alias_map(conn)

    def edited_alias_map(self) -> dict[str, int]:
        """Like ``alias_map``, but only aliases of actors a user has edited (rated, merged, split)."""
        with storage_errors("cannot read actors"), self.engine.connect() as conn:
            derived = _derived(conn)
            return {k: i for k, i in _alias_map(conn).items() if i not in derived}

    def derived_ids(self) -> set[int]:
        """Actors no user has edited: they come and go with the articles that name them."""
        with storage_errors("cannot read actors"), self.engine.connect() as conn:
            return _derived(conn)

    def split_pairs(self) -> set[frozenset[int]]:
        """Pairs of actors a user split apart (so that nobody suggests joining them again)."""
        ev = schema.actor_events
        with storage_errors("cannot read actors"), self.engine.connect() as conn:
            rows = conn.execute(select(ev.c.actor_id, ev.c.other_id).where(ev.c.action == "split"))
            return {frozenset((int(r.actor_id), int(r.other_id))) for r in rows if r.other_id is not None}

    def all(self) -> dict[int, Row]:
        with storage_errors("cannot read actors"), self.engine.connect() as conn:
            return {r.id: dict(r._mapping) for r in conn.execute(select(schema.actors))}

    def find(self, name: str) -> Row:
        """The canonical actor that ``name`` (a name or any alias) refers to."""
        with storage_errors("cannot read actors"), self.engine.connect() as conn:
            actor_id = _find_id(conn, name)
            return _row(conn, _resolve(conn, actor_id))

    def aliases(self, actor_id: int) -> list[Row]:
        """Aliases of the actor and of everything merged into it, with their history."""
        aa = schema.actor_aliases
        with storage_errors("cannot read actors"), self.engine.connect() as conn:
            ids = _members(conn, actor_id)
            rows = conn.execute(select(aa).where(aa.c.actor_id.in_(ids)).order_by(aa.c.id))
            return [dict(r._mapping) for r in rows]

    def events(self) -> list[Row]:
        with storage_errors("cannot read actors"), self.engine.connect() as conn:
            rows = conn.execute(select(schema.actor_events).order_by(schema.actor_events.c.id))
            return [{**dict(r._mapping), "detail": json.loads(r.detail)} for r in rows]

    # -- get-or-create ----------------------------------------------------------------------

    def lookup_many(self, specs: list[tuple[str, str, str | None, tuple[str, ...]]]) -> dict[str, int]:
        """Get-or-create each (name, kind, country, aliases); returns name -> canonical id.

        One transaction for the whole batch: the ledger build resolves thousands.
        """
        out: dict[str, int] = {}
        with storage_errors("cannot write actors"), writing(self.engine) as conn:
            known = _alias_map(conn)
            for name, kind, country, aliases in specs:
                out[name] = _lookup(conn, known, name, kind, country, aliases)
        return out

    def sync_derived(self, specs: list[tuple[str, str, str | None, tuple[str, ...]]]) -> dict[str, int]:
        """Make the actors nobody edited exactly those ``specs`` describe; returns name -> id.

        Actors are derived from the articles until a user edits one, so the registry of a
        store filled in many runs (or by a run that was killed and resumed) equals that of
        one run over the same articles: an alias one rebuild guessed ("Smith" before
        "John Smith" was seen) does not outlive it. Edited actors and their aliases win
        and are never touched; an unedited actor keeps its id while its name is needed.
        """
        ac, aa = schema.actors, schema.actor_aliases
        out: dict[str, int] = {}
        with storage_errors("cannot write actors"), writing(self.engine) as conn:
            derived = _derived(conn)
            wanted = {spec[0] for spec in specs}
            by_name: dict[str, int] = {}
            stale: list[int] = []
            for r in conn.execute(select(ac.c.id, ac.c.name)):
                if r.id in derived and r.name in wanted:
                    by_name[r.name] = r.id
                elif r.id in derived:
                    stale.append(r.id)
            for chunk in _chunks(sorted(derived)):
                conn.execute(delete(aa).where(aa.c.actor_id.in_(chunk)))
            for chunk in _chunks(stale):
                conn.execute(delete(ac).where(ac.c.id.in_(chunk)))
            if stale:  # the ledger names them until the rebuild swaps it: mark it stale
                conn.execute(delete(schema.ledger_state).where(schema.ledger_state.c.key == "articles"))
            known = _alias_map(conn)  # edited actors only, now
            for name, kind, country, aliases in sorted(specs):
                out[name] = _lookup(conn, known, name, kind, country, aliases, reuse=by_name)
            # a name kept for reuse that an earlier name's alias took ("Reagan administration"
            # after "Reagan Administration") is no actor now: a sync from nothing has no such row
            used = set(out.values())
            unused = sorted(i for i in by_name.values() if i not in used)
            for chunk in _chunks(unused):
                conn.execute(delete(aa).where(aa.c.actor_id.in_(chunk)))
                conn.execute(delete(ac).where(ac.c.id.in_(chunk)))
            if unused:
                conn.execute(delete(schema.ledger_state).where(schema.ledger_state.c.key == "articles"))
        return out

    def add_derived(
        self, specs: list[tuple[str, str, str | None, tuple[str, ...]]], retire: Collection[int] = ()
    ) -> dict[str, int]:
        """What new articles' mentions lead to, added to the stored actors as
        :meth:`sync_derived` over the whole store would add them; returns name -> id.

        That sync takes the specs in name order and gives an alias to the first actor that
        wants it: so a new actor whose name comes first takes an alias (even its own name)
        from an actor whose name comes later, and a new name that is the alias of an actor
        named before it is that actor. An actor of ``retire`` whose own name a new actor
        takes is filed under it (its aliases move, it goes), as the sync files a name that is
        an earlier actor's alias. Where the result could differ otherwise (an edited actor's
        name, another kind for a known name, another actor that would lose its own name)
        nothing is written and :class:`DerivedConflict` says why: the caller rebuilds.
        """
        with storage_errors("cannot write actors"), writing(self.engine) as conn:
            adder = _Adder(conn, set(retire))
            return {spec[0]: adder.add(*spec) for spec in sorted(specs)}

    def drop_derived(self, keep: dict[str, set[str]]) -> None:
        """Of the derived actors named in ``keep``, drop the automatic aliases whose key is not
        kept, and the actor itself when no key is (no mention leads to it any more); the
        alias of the actor's own name goes only with the actor."""
        ac, aa = schema.actors, schema.actor_aliases
        with storage_errors("cannot write actors"), writing(self.engine) as conn:
            derived = _derived(conn)
            for name, keys in sorted(keep.items()):
                found = conn.execute(select(ac.c.id).where(ac.c.name == name)).first()
                if found is None:
                    continue
                actor = int(found[0])
                if actor not in derived:
                    raise DerivedConflict(f"{name!r} names an edited actor")
                if not keys:
                    conn.execute(delete(aa).where(aa.c.actor_id == actor))
                    conn.execute(delete(ac).where(ac.c.id == actor))
                    continue
                for r in conn.execute(select(aa.c.id, aa.c.key).where(aa.c.actor_id == actor)).all():
                    if r.key not in keys and r.key != alias_key(name):
                        conn.execute(delete(aa).where(aa.c.id == r.id))

    def lookup(self, name: str, kind: str, country: str | None = None, aliases: tuple[str, ...] = ()) -> int:
        """Get-or-create one actor (like sqlite-utils ``Table.lookup``)."""
        return self.lookup_many([(name, kind, country, aliases)])[name]

    # -- user edits -------------------------------------------------------------------------

    def set_grade(self, name: str, grade: str) -> Row:
        grade = grade.upper()
        if grade not in GRADES:
            raise InputError(f"grade must be one of {', '.join(GRADES)}, not {grade!r}")
        with storage_errors("cannot rate actor"), writing(self.engine) as conn:
            actor_id = _resolve(conn, _find_id(conn, name))
            old = _row(conn, actor_id)["grade"]
            conn.execute(update(schema.actors).where(schema.actors.c.id == actor_id).values(grade=grade))
            _event(conn, "rate", actor_id, None, {"from": old, "to": grade})
            return _row(conn, actor_id)

    def merge(self, into: str, other: str) -> Row:
        """Make ``other`` an alias set of ``into``; undone by ``split(other)``."""
        with storage_errors("cannot merge actors"), writing(self.engine) as conn:
            a = _resolve(conn, _find_id(conn, into))
            b = _resolve(conn, _find_id(conn, other))
            if a == b:
                raise InputError(f"{into!r} and {other!r} are already the same actor")
            conn.execute(update(schema.actors).where(schema.actors.c.id == b).values(merged_into=a))
            _event(conn, "merge", a, b, {"into": _row(conn, a)["name"], "merged": _row(conn, b)["name"]})
            return _row(conn, a)

    def split(self, name: str, alias: str | None = None) -> Row:
        """Undo a merge of ``name``, or detach ``alias`` from it into an actor of its own."""
        aa = schema.actor_aliases
        with storage_errors("cannot split actor"), writing(self.engine) as conn:
            if alias is None:
                actor_id = _find_id(conn, name)
                row = _row(conn, actor_id)
                if row["merged_into"] is None:
                    raise InputError(
                        f"{row['name']!r} was not merged into another actor; give --alias to detach one"
                    )
                conn.execute(
                    update(schema.actors).where(schema.actors.c.id == actor_id).values(merged_into=None)
                )
                _event(conn, "split", actor_id, row["merged_into"], {"unmerged": row["name"]})
                return _row(conn, actor_id)
            owner = _resolve(conn, _find_id(conn, name))
            key = alias_key(alias)
            members = _members(conn, owner)
            hit = conn.execute(
                select(aa.c.id, aa.c.actor_id).where(
                    aa.c.key == key, aa.c.active.is_(True), aa.c.actor_id.in_(members)
                )
            ).first()
            if hit is None:
                raise NotFound(f"{alias!r} is not an alias of {name!r}")
            kind = _row(conn, hit.actor_id)["kind"]
            conn.execute(update(aa).where(aa.c.id == hit.id).values(active=False))
            new_id = _create(conn, alias, kind, _row(conn, owner)["country"])
            _add_alias(conn, new_id, alias, "user")
            _event(conn, "split", owner, new_id, {"alias": alias, "from": _row(conn, owner)["name"]})
            return _row(conn, new_id)


def alias_map_of(conn: Connection) -> dict[str, int]:
    """:meth:`Actors.alias_map` in the caller's connection."""
    return _alias_map(conn)


def _alias_map(conn: Connection) -> dict[str, int]:
    aa, ac = schema.actor_aliases, schema.actors
    parent = {r.id: r.merged_into for r in conn.execute(select(ac.c.id, ac.c.merged_into))}

    def root(i: int) -> int:
        seen = set()
        while parent.get(i) is not None and i not in seen:
            seen.add(i)
            i = parent[i]
        return i

    rows = conn.execute(select(aa.c.key, aa.c.actor_id).where(aa.c.active.is_(True)).order_by(aa.c.id))
    return {r.key: root(r.actor_id) for r in rows}


def _derived(conn: Connection) -> set[int]:
    """Actors no user has edited: not rated, merged, split, and with only automatic aliases."""
    ac, aa, ev = schema.actors, schema.actor_aliases, schema.actor_events
    edited: set[int] = set()
    candidates: set[int] = set()
    for r in conn.execute(select(ac.c.id, ac.c.grade, ac.c.merged_into)):
        if r.merged_into is not None:
            edited.update((r.id, r.merged_into))
        elif r.grade == "F":
            candidates.add(r.id)
    for e in conn.execute(select(ev.c.actor_id, ev.c.other_id)):
        edited.update((e.actor_id, e.other_id))
    for a in conn.execute(
        select(aa.c.actor_id).where((aa.c.origin != "auto") | aa.c.active.is_(False)).distinct()
    ):
        edited.add(a.actor_id)
    return candidates - edited


def _chunks(ids: list[int], size: int = 500) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def _lookup(
    conn: Connection,
    known: dict[str, int],
    name: str,
    kind: str,
    country: str | None,
    aliases: tuple[str, ...],
    reuse: dict[str, int] | None = None,
) -> int:
    """The actor ``name`` (or one of ``aliases``) is known as, else the actor of that name in
    ``reuse`` (updated to this kind and country), else a new one."""
    key = alias_key(name)
    actor_id = known.get(key)
    if actor_id is None:
        actor_id = (reuse or {}).get(name)
        if actor_id is None:
            actor_id = _create(conn, name, kind, country)
        else:
            ac = schema.actors
            conn.execute(update(ac).where(ac.c.id == actor_id).values(kind=kind, country=country))
        _add_alias(conn, actor_id, name, "auto")
        known[key] = actor_id
    for alias in aliases:
        k = alias_key(alias)
        if k and k not in known:
            _add_alias(conn, actor_id, alias, "auto")
            known[k] = actor_id
    return actor_id


def _create(conn: Connection, name: str, kind: str, country: str | None) -> int:
    ac = schema.actors
    display = name
    n = 1
    while conn.execute(select(ac.c.id).where(ac.c.name == display)).first() is not None:
        n += 1
        display = f"{name} ({n})"
    result = conn.execute(
        insert(ac).values(name=display, kind=kind, country=country, grade="F", created_at=_now())
    )
    pk = result.inserted_primary_key
    assert pk is not None
    return int(pk[0])


def _add_alias(conn: Connection, actor_id: int, alias: str, origin: str) -> None:
    conn.execute(
        insert(schema.actor_aliases).values(
            key=alias_key(alias),
            alias=alias,
            actor_id=actor_id,
            origin=origin,
            active=True,
            created_at=_now(),
        )
    )


def _event(conn: Connection, action: str, actor_id: int, other_id: int | None, detail: Row) -> None:
    conn.execute(
        insert(schema.actor_events).values(
            at=_now(), action=action, actor_id=actor_id, other_id=other_id, detail=json.dumps(detail)
        )
    )


def _find_id(conn: Connection, name: str) -> int:
    ac, aa = schema.actors, schema.actor_aliases
    hit = conn.execute(select(ac.c.id).where(ac.c.name == name)).first()
    if hit is None:
        hit = conn.execute(
            select(aa.c.actor_id).where(aa.c.key == alias_key(name), aa.c.active.is_(True)).order_by(aa.c.id)
        ).first()
    # An id given as a name: ASCII digits only ("²".isdigit() is True, int("²") fails) and within
    # a 64-bit integer (SQLite cannot bind a larger one), so odd input is NotFound, not a crash.
    if hit is None and name.isascii() and name.isdigit() and int(name) < 2**63:
        hit = conn.execute(select(ac.c.id).where(ac.c.id == int(name))).first()
    if hit is None:
        raise NotFound(f"no actor named {name!r}; see `claimledger actor list`")
    return int(hit[0])


def _resolve(conn: Connection, actor_id: int) -> int:
    seen = set()
    while actor_id not in seen:
        seen.add(actor_id)
        parent = conn.execute(
            select(schema.actors.c.merged_into).where(schema.actors.c.id == actor_id)
        ).scalar()
        if parent is None:
            return actor_id
        actor_id = int(parent)
    return actor_id


def _members(conn: Connection, actor_id: int) -> list[int]:
    """The actor and every actor merged (transitively) into it."""
    ac = schema.actors
    parent = {r.id: r.merged_into for r in conn.execute(select(ac.c.id, ac.c.merged_into))}
    out = []
    for i in parent:
        j: int | None = i
        seen = set()
        while j is not None and j not in seen:
            if j == actor_id:
                out.append(i)
                break
            seen.add(j)
            j = parent.get(j)
    return out


def _row(conn: Connection, actor_id: int) -> Row:
    hit = conn.execute(select(schema.actors).where(schema.actors.c.id == actor_id)).first()
    if hit is None:
        raise NotFound(f"no actor with id {actor_id}")
    return dict(hit._mapping)


class _Adder:
    """:meth:`Actors.add_derived`, one spec at a time, in name order."""

    def __init__(self, conn: Connection, retire: set[int]) -> None:
        ac = schema.actors
        self.conn = conn
        self.retire = retire
        self.derived = _derived(conn)
        self.named = {
            r.name: (r.id, r.kind, r.country)
            for r in conn.execute(select(ac.c.id, ac.c.name, ac.c.kind, ac.c.country))
        }
        self.known = _alias_map(conn)
        self.names = {i: n for n, (i, _k, _c) in self.named.items()}
        self.gone: set[int] = set()

    def add(self, name: str, kind: str, country: str | None, aliases: tuple[str, ...]) -> int:
        key = alias_key(name)
        have = self.named.get(name)
        holder = self.known.get(key)
        if have is not None and have[0] in self.gone:
            have = None  # filed under the actor that took its name
        if have is not None:
            actor = self._known(name, have, holder, kind, country)
        elif holder is not None and (holder not in self.derived or self.names[holder] < name):
            actor = holder  # the alias of an actor named before it (or edited): that actor
        else:
            actor = _create(self.conn, name, kind, country)
            self.names[actor] = name
            self.derived.add(actor)
            self.take(key, name, actor, name)
        for alias in aliases:
            k = alias_key(alias)
            if k:
                self.take(k, alias, actor, name)
        return actor

    def _known(
        self, name: str, have: tuple[int, str, str | None], holder: int | None, kind: str, country: str | None
    ) -> int:
        """A stored actor's name again: the same actor, with a country if this reading has one."""
        if have[0] not in self.derived:
            raise DerivedConflict(f"{name!r} names an edited actor")
        if holder is not None and holder != have[0]:
            raise DerivedConflict(f"{name!r} is now an alias of {self.names.get(holder)!r}")
        target = preferred((have[1], have[2]), (kind, country))
        if target[0] != have[1]:
            raise DerivedConflict(f"{name!r} is now a {kind}, was a {have[1]}")
        if target[1] != have[2]:  # the reading with a country: a rebuild's too
            ac = schema.actors
            self.conn.execute(update(ac).where(ac.c.id == have[0]).values(country=target[1]))
        return have[0]

    def take(self, key: str, alias: str, actor: int, name: str) -> None:
        """Give ``key`` to ``actor`` (named ``name``) if a sync in name order would."""
        ac, aa = schema.actors, schema.actor_aliases
        holder = self.known.get(key)
        if holder == actor or (
            holder is not None and (holder not in self.derived or self.names[holder] < name)
        ):
            return
        if holder is not None and alias_key(self.names[holder]) == key:
            if holder not in self.retire:
                raise DerivedConflict(f"{self.names[holder]!r} would lose its own name to {name!r}")
            self.conn.execute(update(aa).where(aa.c.actor_id == holder).values(actor_id=actor))
            # the key is the new actor's own name now, written as a sync writes it: its name
            self.conn.execute(update(aa).where(aa.c.actor_id == actor, aa.c.key == key).values(alias=alias))
            for k in [k for k, a in self.known.items() if a == holder]:
                self.known[k] = actor
            self.conn.execute(delete(ac).where(ac.c.id == holder))
            self.gone.add(holder)
            return
        if holder is not None:
            self.conn.execute(delete(aa).where(aa.c.actor_id == holder, aa.c.key == key))
        _add_alias(self.conn, actor, alias, "auto")
        self.known[key] = actor
