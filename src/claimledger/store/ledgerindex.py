"""The SQL of an incremental ledger update: what it reads through the ledger's index, and
the one transaction that writes the part of the ledger it recomputed.

Every read here is bounded by what the new articles touch (a word's statements, a block's
figures, a claim's members), not by the size of the store, except the few small lookups
named as such (the outlets, the common words).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from sqlalchemy import Connection, String, and_, column, delete, func, insert, or_, select, text, update

from claimledger.store import listing, schema
from claimledger.store.database import storage_errors, writing
from claimledger.store.store import LEDGER_LOCK, Store

Row = dict[str, Any]
Key = tuple[str, str]  # (article id, attribution id)
CHUNK = 500


def _chunks(values: Iterable[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    it = iter(sorted(set(values)))
    while chunk := list(islice(it, size)):
        yield chunk


def state(store: Store) -> dict[str, str]:
    with storage_errors("cannot read the ledger state"), store.engine.connect() as conn:
        return {r.key: r.value for r in conn.execute(select(schema.ledger_state))}


def counts(store: Store) -> tuple[int, int]:
    """(articles stored, articles the ledger was built from)."""
    with storage_errors("cannot read the ledger state"), store.engine.connect() as conn:
        stored = conn.execute(select(func.count()).select_from(schema.articles)).scalar_one()
        built = conn.execute(select(func.count()).select_from(schema.ledger_articles)).scalar_one()
    return int(stored), int(built)


def new_articles(store: Store) -> list[str]:
    """Articles stored but not yet in the ledger."""
    a, la = schema.articles, schema.ledger_articles
    query = select(a.c.id).where(~select(la.c.article_id).where(la.c.article_id == a.c.id).exists())
    with storage_errors("cannot read articles"), store.engine.connect() as conn:
        return sorted(str(r[0]) for r in conn.execute(query))


def outlets(store: Store, only: Collection[str] | None = None, exclude: Collection[str] = ()) -> set[str]:
    """The outlets of the store's articles (one row per outlet: small), or of ``only``."""
    a = schema.articles
    query = select(a.c.outlet).where(a.c.outlet.is_not(None)).distinct()
    with storage_errors("cannot read articles"), store.engine.connect() as conn:
        if only is None:
            if exclude:
                query = query.where(a.c.id.not_in(sorted(exclude)))
            return {str(r[0]) for r in conn.execute(query)}
        found: set[str] = set()
        for chunk in _chunks(only):
            found |= {str(r[0]) for r in conn.execute(query.where(a.c.id.in_(chunk)))}
        return found


def word_counts(store: Store, words: Collection[str]) -> dict[str, int]:
    w = schema.ledger_words
    out: dict[str, int] = {}
    with storage_errors("cannot read the ledger index"), store.engine.connect() as conn:
        for chunk in _chunks(words):
            out.update({str(r.word): int(r.n) for r in conn.execute(select(w).where(w.c.word.in_(chunk)))})
    return out


def common_words(store: Store, at: int) -> set[str]:
    """Words used ``at`` times or more (a few thousand rows: grows with the vocabulary)."""
    w = schema.ledger_words
    with storage_errors("cannot read the ledger index"), store.engine.connect() as conn:
        return {str(r[0]) for r in conn.execute(select(w.c.word).where(w.c.n >= at))}


def token_counts(store: Store, tokens: Collection[str], cap: int) -> dict[str, int]:
    """How many distinct statements (fingerprints) have each token, counted up to ``cap`` + 1
    (all the update needs to know is whether a word is over the cap): one bounded query a
    token, so a word in every statement costs no more than a rare one."""
    t = schema.ledger_tokens
    out: dict[str, int] = {}
    with storage_errors("cannot read the ledger index"), store.engine.connect() as conn:
        for token in sorted(set(tokens)):
            inner = select(t.c.fp).where(t.c.token == token).distinct().limit(cap + 1).subquery()
            out[token] = int(conn.execute(select(func.count()).select_from(inner)).scalar_one())
    return out


def postings(store: Store, tokens: Collection[str]) -> dict[str, list[tuple[Key, str]]]:
    """token -> the (member, fingerprint) pairs that have it."""
    t = schema.ledger_tokens
    out: dict[str, list[tuple[Key, str]]] = defaultdict(list)
    with storage_errors("cannot read the ledger index"), store.engine.connect() as conn:
        for chunk in _chunks(tokens):
            query = select(t.c.token, t.c.article_id, t.c.attribution_id, t.c.fp).where(t.c.token.in_(chunk))
            for r in conn.execute(query):
                out[str(r.token)].append(((str(r.article_id), str(r.attribution_id)), str(r.fp)))
    return out


def bags(store: Store, articles: Collection[str]) -> dict[Key, set[str]]:
    """The indexed words of every member of ``articles``."""
    t = schema.ledger_tokens
    out: dict[Key, set[str]] = defaultdict(set)
    with storage_errors("cannot read the ledger index"), store.engine.connect() as conn:
        for chunk in _chunks(articles):
            query = select(t.c.token, t.c.article_id, t.c.attribution_id).where(t.c.article_id.in_(chunk))
            for r in conn.execute(query):
                out[(str(r.article_id), str(r.attribution_id))].add(str(r.token))
    return out


def member_bags(store: Store, keys: Collection[Key]) -> dict[Key, set[str]]:
    """The indexed words of the statements ``keys``."""
    t = schema.ledger_tokens
    out: dict[Key, set[str]] = defaultdict(set)
    wanted = set(keys)
    with storage_errors("cannot read the ledger index"), store.engine.connect() as conn:
        # by article (a search of the index; a tuple IN scans it whole on SQLite), then by key
        for chunk in _chunks({k[0] for k in wanted}):
            query = select(t.c.token, t.c.article_id, t.c.attribution_id).where(t.c.article_id.in_(chunk))
            for r in conn.execute(query):
                key = (str(r.article_id), str(r.attribution_id))
                if key in wanted:
                    out[key].add(str(r.token))
    return out


def claims_of(store: Store, articles: Collection[str]) -> dict[Key, str]:
    """The claim of every member of ``articles``."""
    m = schema.claim_members
    out: dict[Key, str] = {}
    with storage_errors("cannot read claims"), store.engine.connect() as conn:
        for chunk in _chunks(articles):
            query = select(m.c.claim_id, m.c.article_id, m.c.attribution_id).where(m.c.article_id.in_(chunk))
            for r in conn.execute(query):
                out[(str(r.article_id), str(r.attribution_id))] = str(r.claim_id)
    return out


@dataclass
class StoredMember:
    claim_id: str
    origin: str | None
    source_actor_id: int | None


def members_of(store: Store, claims: Collection[str]) -> dict[Key, StoredMember]:
    """The members of ``claims``, with what the ledger stored for each."""
    m = schema.claim_members
    out: dict[Key, StoredMember] = {}
    with storage_errors("cannot read claims"), store.engine.connect() as conn:
        for chunk in _chunks(claims):
            query = select(
                m.c.claim_id, m.c.article_id, m.c.attribution_id, m.c.origin, m.c.source_actor_id
            ).where(m.c.claim_id.in_(chunk))
            for r in conn.execute(query):
                out[(str(r.article_id), str(r.attribution_id))] = StoredMember(
                    str(r.claim_id), r.origin, r.source_actor_id
                )
    return out


def item_partners(
    store: Store, blocks: Iterable[tuple[str, str, str, str, int, int]], slack: int
) -> set[Key]:
    """Members with a figure in one of ``blocks`` (head, kind, frame, token, first day, last
    day) whose days come within ``slack`` days of the block's."""
    i = schema.ledger_items
    found: set[Key] = set()
    wanted: dict[tuple[str, str, str, str], list[tuple[int, int]]] = defaultdict(list)
    for head, kind, frame, token, first, last in blocks:
        wanted[(head, kind, frame, token)].append((first, last))
    with storage_errors("cannot read the ledger index"), store.engine.connect() as conn:
        for (head, kind, frame, token), spans in sorted(wanted.items()):
            lo = min(f for f, _l in spans) - slack
            hi = max(last for _f, last in spans) + slack
            query = select(i.c.article_id, i.c.attribution_id, i.c.first_day, i.c.last_day).where(
                i.c.head == head,
                i.c.kind == kind,
                i.c.frame == frame,
                i.c.token == token,
                i.c.first_day <= hi,
                i.c.last_day >= lo,
            )
            for r in conn.execute(query):
                if any(r.first_day <= last + slack and r.last_day >= first - slack for first, last in spans):
                    found.add((str(r.article_id), str(r.attribution_id)))
    return found


def items_with(store: Store, tokens: Collection[str]) -> set[Key]:
    """Members with a figure whose particular tokens include one of ``tokens``."""
    i = schema.ledger_items
    found: set[Key] = set()
    with storage_errors("cannot read the ledger index"), store.engine.connect() as conn:
        for chunk in _chunks(tokens):
            query = select(i.c.article_id, i.c.attribution_id).where(i.c.token.in_(chunk)).distinct()
            found |= {(str(r[0]), str(r[1])) for r in conn.execute(query)}
    return found


def person_mentions(store: Store, words: Collection[str]) -> list[tuple[str, str, str | None, str | None]]:
    """(article, attribution, source text, resolved) of the person sources with one of the
    name ``words`` (see :func:`claimledger.ledger.index.name_words`; the caller checks the name)."""
    a, n = schema.attributions, schema.ledger_names
    out: set[tuple[str, str, str | None, str | None]] = set()
    with storage_errors("cannot read attributions"), store.engine.connect() as conn:
        for chunk in _chunks(words):
            query = (
                select(a.c.article_id, a.c.id, a.c.source_text, a.c.source_resolved)
                .join(n, and_(n.c.article_id == a.c.article_id, n.c.attribution_id == a.c.id))
                .where(n.c.word.in_(chunk), a.c.source_type == "person")
            )
            out |= {(str(r[0]), str(r[1]), r[2], r[3]) for r in conn.execute(query)}
    return sorted(out, key=lambda r: (r[0], r[1]))


def members_with_fp(store: Store, fps: Collection[str]) -> set[Key]:
    """Statements with one of the fingerprints ``fps`` (identical to one of those statements)."""
    t = schema.ledger_tokens
    found: set[Key] = set()
    with storage_errors("cannot read the ledger index"), store.engine.connect() as conn:
        for chunk in _chunks(fps):
            query = select(t.c.article_id, t.c.attribution_id).where(t.c.fp.in_(chunk)).distinct()
            found |= {(str(r[0]), str(r[1])) for r in conn.execute(query)}
    return found


def totals(store: Store) -> tuple[int, int, int, int]:
    """(claims, contradictions, estimates, actors) in the ledger."""
    with storage_errors("cannot read the ledger"), store.engine.connect() as conn:
        c, x, e, a = (
            int(conn.execute(select(func.count()).select_from(t)).scalar_one())
            for t in (schema.claims, schema.contradictions, schema.estimates, schema.actors)
        )
    return c, x, e, a


def statements(store: Store, keys: Collection[Key]) -> dict[Key, tuple[str, str | None]]:
    """(content, cue) of the attributions ``keys``."""
    a = schema.attributions
    out: dict[Key, tuple[str, str | None]] = {}
    wanted = set(keys)
    with storage_errors("cannot read attributions"), store.engine.connect() as conn:
        for chunk in _chunks({k[0] for k in wanted}):
            query = select(a.c.article_id, a.c.id, a.c.content_text, a.c.cue_text).where(
                a.c.article_id.in_(chunk)
            )
            for r in conn.execute(query):
                key = (str(r.article_id), str(r.id))
                if key in wanted:
                    out[key] = (str(r.content_text), r.cue_text)
    return out


def mentions_like(
    store: Store, words: Collection[str], exclude: Collection[str]
) -> list[tuple[str, str, str | None]]:
    """(source or channel as written, source type, article) of stored attributions whose source
    or channel has one of the name ``words``, outside the articles ``exclude``; a source
    resolved to another text ("he", "Hirabayashi") comes twice, the second time as written
    with the type "raw"."""
    a, n = schema.attributions, schema.ledger_names
    out: list[tuple[str, str, str | None]] = []
    skip = set(exclude)
    seen: set[tuple[str, str]] = set()
    with storage_errors("cannot read attributions"), store.engine.connect() as conn:
        for chunk in _chunks(words):
            query = (
                select(
                    a.c.article_id,
                    a.c.id,
                    a.c.source_text,
                    a.c.source_resolved,
                    a.c.source_type,
                    a.c.channel_text,
                )
                .join(n, and_(n.c.article_id == a.c.article_id, n.c.attribution_id == a.c.id))
                .where(n.c.word.in_(chunk))
                .order_by(a.c.article_id, a.c.id)
            )
            for r in conn.execute(query):
                if r.article_id in skip or (r.article_id, r.id) in seen:
                    continue
                seen.add((r.article_id, r.id))
                written = r.source_resolved or r.source_text
                if written:
                    out.append((str(written), str(r.source_type), r.article_id))
                if r.source_text and r.source_text != written:  # as written, before it was resolved
                    out.append((str(r.source_text), "raw", r.article_id))
                if r.channel_text:
                    out.append((str(r.channel_text), "channel", r.article_id))
    return out


def replace_names(store: Store, articles: Collection[str], rows: Iterable[Row]) -> None:
    """The name words of ``articles``, written first in an update so that its reads of
    mentions include the new articles' own."""
    n = schema.ledger_names
    with storage_errors("cannot write the ledger index"), writing(store.engine) as conn:
        for chunk in _chunks(articles):
            conn.execute(delete(n).where(n.c.article_id.in_(chunk)))
        _insert(conn, n, rows)


def claims_mentioning(store: Store, keys: Collection[str]) -> dict[str, str]:
    """Claims whose statements may name one of the alias ``keys`` (their words in order, case
    aside: a superset the caller checks): id -> search text."""
    c = schema.claims
    out: dict[str, str] = {}
    with storage_errors("cannot read claims"), store.engine.connect() as conn:
        for chunk in _chunks(keys, 50):
            if store.dialect == "sqlite":  # the full-text index, not a scan of the claims
                hits = select(c.c.id, c.c.search_text).where(c.c.id.in_(_fts_hits(chunk)))
                out.update({str(r.id): str(r.search_text) for r in conn.execute(hits)})
                continue
            cond = or_(*(func.lower(c.c.search_text).like(_words_pattern(k)) for k in chunk))
            out.update(
                {
                    str(r.id): str(r.search_text)
                    for r in conn.execute(select(c.c.id, c.c.search_text).where(cond))
                }
            )
    return out


def _fts_hits(keys: Sequence[str]) -> Any:
    """SQLite: the claims whose full-text entry has every word of one of ``keys`` (stemmed
    on both sides, so a superset of the claims that name the key)."""
    match = " OR ".join("(" + " AND ".join(_quoted(w) for w in k.split()) + ")" for k in keys if k.split())
    found = text("SELECT claim_id FROM claims_fts WHERE claims_fts MATCH :q").bindparams(q=match or '""')
    return found.columns(column("claim_id", String))


def _quoted(word: str) -> str:
    """An FTS5 string for ``word`` (an alias key's word: letters and digits only)."""
    return '"' + word.replace('"', '""') + '"'


def _words_pattern(key: str) -> str:
    """A LIKE pattern matching text with the words of alias ``key`` in order (anything
    between); an alias key holds only lower-case letters, digits and spaces."""
    return "%" + "%".join(w for w in key.split() if w.isalnum()) + "%"


@dataclass
class StoredClaim:
    origin_count: int
    data: dict[str, Any]


def stored_claims(store: Store, ids: Collection[str]) -> dict[str, StoredClaim]:
    import json

    c = schema.claims
    out: dict[str, StoredClaim] = {}
    with storage_errors("cannot read claims"), store.engine.connect() as conn:
        for chunk in _chunks(ids):
            for r in conn.execute(select(c.c.id, c.c.origin_count, c.c.data).where(c.c.id.in_(chunk))):
                out[str(r.id)] = StoredClaim(int(r.origin_count), json.loads(r.data))
    return out


def contradictions_of(store: Store, claims: Collection[str]) -> list[Row]:
    """Every contradiction with a side in ``claims``."""
    x = schema.contradictions
    seen: set[tuple[str, str, str]] = set()
    out: list[Row] = []
    with storage_errors("cannot read contradictions"), store.engine.connect() as conn:
        for chunk in _chunks(claims):
            for r in conn.execute(select(x).where(or_(x.c.a.in_(chunk), x.c.b.in_(chunk)))):
                key = (str(r.a), str(r.b), str(r.kind))
                if key not in seen:
                    seen.add(key)
                    out.append(dict(r._mapping))
    return out


def replace_tokens(store: Store, articles: Collection[str], rows: Iterable[Row]) -> None:
    """The index words of ``articles``, written before the rest of an update so that the
    words' counts can be read with them (a failed update leaves them for the rebuild)."""
    t = schema.ledger_tokens
    with storage_errors("cannot write the ledger index"), writing(store.engine) as conn:
        for chunk in _chunks(articles):
            conn.execute(delete(t).where(t.c.article_id.in_(chunk)))
        _insert(conn, t, rows)


def _insert(conn: Connection, table: Any, rows: Iterable[Row]) -> None:
    it = iter(rows)
    while batch := list(islice(it, 1000)):
        conn.execute(insert(table), batch)


@dataclass
class Change:
    """What an update writes: the claims it drops and the rows that replace them."""

    drop_claims: set[str] = field(default_factory=set)  # deleted with their members, figures, actors
    claims: list[Row] = field(default_factory=list)  # new rows (also those of rewritten claims)
    members: list[Row] = field(default_factory=list)
    claim_actors: list[Row] = field(default_factory=list)
    actors_of: set[str] = field(default_factory=set)  # claims whose actor rows are replaced
    about: dict[str, set[int]] = field(default_factory=dict)  # claim -> actors it names, replaced
    estimates: list[Row] = field(default_factory=list)
    drop_contradictions: list[Row] = field(default_factory=list)  # (a, b, kind) to delete
    contradictions: list[Row] = field(default_factory=list)
    items: list[Row] = field(default_factory=list)
    items_of: set[Key] = field(default_factory=set)  # members whose items are replaced
    words: Mapping[str, int] = field(default_factory=dict)
    articles: Sequence[str] = ()
    touched_actors: set[int] = field(default_factory=set)
    speakers_of: set[str] = field(default_factory=set)  # articles whose question speakers are replaced
    speakers: list[Row] = field(default_factory=list)


def apply(store: Store, change: Change) -> None:
    """Write an update in one transaction: readers see the ledger before or after it."""
    c, m, ca, e, x = (
        schema.claims,
        schema.claim_members,
        schema.claim_actors,
        schema.estimates,
        schema.contradictions,
    )
    with storage_errors("cannot write the ledger"), writing(store.engine) as conn:
        if store.dialect == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LEDGER_LOCK})
        for r in change.drop_contradictions:
            conn.execute(delete(x).where(and_(x.c.a == r["a"], x.c.b == r["b"], x.c.kind == r["kind"])))
        dropped = change.drop_claims | {r["id"] for r in change.claims}
        for chunk in _chunks(dropped):
            for table in (m, e):
                conn.execute(delete(table).where(table.c.claim_id.in_(chunk)))
            if store.dialect == "sqlite":
                conn.execute(
                    text("DELETE FROM claims_fts WHERE claim_id IN (SELECT value FROM json_each(:ids))"),
                    {"ids": _json(chunk)},
                )
        for chunk in _chunks(dropped | change.actors_of):
            conn.execute(delete(ca).where(ca.c.claim_id.in_(chunk)))
        for chunk in _chunks(dropped):
            conn.execute(delete(c).where(c.c.id.in_(chunk)))
        _insert(conn, c, change.claims)
        _insert(conn, m, change.members)
        _insert(conn, ca, change.claim_actors)
        _insert(conn, e, change.estimates)
        _insert(conn, x, change.contradictions)
        if store.dialect == "sqlite" and change.claims:
            conn.execute(
                text("INSERT INTO claims_fts(text, claim_id) VALUES (:t, :i)"),
                [{"t": r["search_text"], "i": r["id"]} for r in change.claims],
            )
        for claim, actors in sorted(change.about.items()):
            conn.execute(delete(ca).where(and_(ca.c.claim_id == claim, ca.c.role == "about")))
            _insert(conn, ca, ({"claim_id": claim, "actor_id": a, "role": "about"} for a in sorted(actors)))
        sp = schema.speakers
        for chunk in _chunks(change.speakers_of):
            conn.execute(delete(sp).where(sp.c.article_id.in_(chunk)))
        _insert(conn, sp, change.speakers)
        i = schema.ledger_items
        for chunk in _chunks({k[0] for k in change.items_of}):
            conn.execute(delete(i).where(i.c.article_id.in_(chunk)))
        _insert(conn, i, change.items)
        w = schema.ledger_words
        known = set()
        for chunk in _chunks(change.words):
            known |= {str(r[0]) for r in conn.execute(select(w.c.word).where(w.c.word.in_(chunk)))}
        for word, n in sorted(change.words.items()):
            if word in known:
                conn.execute(update(w).where(w.c.word == word).values(n=n))
            else:
                conn.execute(insert(w).values(word=word, n=n))
        _insert(conn, schema.ledger_articles, ({"article_id": a} for a in change.articles))
        listing.refresh_source_records(conn, change.touched_actors)
        stored = conn.execute(select(func.count()).select_from(schema.ledger_articles)).scalar_one()
        conn.execute(delete(schema.ledger_state).where(schema.ledger_state.c.key == "articles"))
        conn.execute(insert(schema.ledger_state).values(key="articles", value=str(stored)))


def articles_with_speakers(store: Store, actors: Collection[int]) -> set[str]:
    """Articles with a question put by one of ``actors``."""
    sp = schema.speakers
    found: set[str] = set()
    with storage_errors("cannot read speakers"), store.engine.connect() as conn:
        for chunk in _chunks(actors):
            found |= {
                str(r[0])
                for r in conn.execute(select(sp.c.article_id).where(sp.c.actor_id.in_(chunk)).distinct())
            }
    return found


def claims_with_actors(store: Store, actors: Collection[int]) -> set[str]:
    """Claims with one of ``actors`` as a source, an origin or a channel."""
    ca = schema.claim_actors
    found: set[str] = set()
    with storage_errors("cannot read claims"), store.engine.connect() as conn:
        for chunk in _chunks(actors):
            query = select(ca.c.claim_id).where(ca.c.actor_id.in_(chunk), ca.c.role != "about").distinct()
            found |= {str(r[0]) for r in conn.execute(query)}
    return found


def actors_of_claims(store: Store, claims: Collection[str]) -> set[int]:
    """Actors that are a source or an origin of a member of ``claims`` (their records change)."""
    m = schema.claim_members
    found: set[int] = set()
    with storage_errors("cannot read claims"), store.engine.connect() as conn:
        for chunk in _chunks(claims):
            for r in conn.execute(
                select(m.c.source_actor_id, m.c.origin_actor_id).where(m.c.claim_id.in_(chunk))
            ):
                found |= {int(v) for v in r if v is not None}
    return found


def _json(values: Sequence[str]) -> str:
    import json

    return json.dumps(list(values))
