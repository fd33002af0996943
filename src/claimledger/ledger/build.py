"""Rebuilding the ledger from what is stored: actors, claims, origins, contradictions, grades.

The ledger is derived data: it is rebuilt as a whole after each ingest (and after an
actor is merged or split) and swapped in with one transaction. Claim ids are stable
across rebuilds as long as a claim's first-seen attribution stays the same.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from claimledger.ledger import actors as actor_rules
from claimledger.ledger import figures, inputs, predicates
from claimledger.ledger import index as ledger_index
from claimledger.ledger import text as textmod
from claimledger.ledger.claims import Clustering, Estimate, Member, cluster
from claimledger.ledger.contradictions import Contradiction, denial_contradictions, estimate_contradictions
from claimledger.ledger.gazetteer import Gazetteer, load
from claimledger.ledger.grading import Evidence, credibility
from claimledger.ledger.origins import ClaimOrigins, OriginKey, trace
from claimledger.store.actors import alias_key
from claimledger.store.store import Store

LEDGER_VERSION = "ledger.v2"
Row = dict[str, Any]


@dataclass(frozen=True)
class BuildSummary:
    claims: int
    contradictions: int
    estimates: int
    actors: int
    #: "rebuild" (the whole ledger) or "update" (only what new articles touch, see
    #: :mod:`claimledger.ledger.incremental`); why an update rebuilt instead
    mode: str = "rebuild"
    reason: str = ""
    #: an update: the articles it added and the claims it recomputed
    added: int = 0
    touched: int = 0


def claim_id(member: Member) -> str:
    return "c" + hashlib.sha1(f"{member.article_id}:{member.id}".encode()).hexdigest()[:10]


def rebuild(store: Store, *, progress: Callable[[str], None] | None = None) -> BuildSummary:
    """Recompute the whole ledger from stored articles and swap it in.

    ``progress`` is called with the name of each phase as it ends (the scale bench
    measures memory per phase with it).

    Memory: the build needs every attribution at once (claims merge across the whole
    store), so it keeps one compact :class:`Member` per attribution and little else.
    Rows are read as tuples of the columns used (:mod:`claimledger.ledger.inputs`), what
    is only needed to make the members is dropped once they are made, and the rows of
    the ledger are written as they are made, 1,000 at a time, never all held at once.
    """
    phase = progress or (lambda _name: None)
    gaz = load()
    meta, rows, quantities = _load_inputs(store)
    phase("loaded")
    countries = _countries_talked_about(rows, gaz)
    phase("bags")
    resolved = actor_rules.resolve(store, rows, meta, extra=countries)
    phase("actors")
    article_country = _article_countries(quantities)
    word_counts = figures.word_counts(q.counted or q.thing or "" for q in quantities)
    common = figures.common_of(word_counts)
    speakers: list[Row] = []
    name_words = list(ledger_index.name_entries(rows))  # before the rows are emptied into members
    members, unattributed = _make_members(rows, quantities, meta, resolved, article_country, common, speakers)
    del rows, quantities  # emptied or copied into the members: only the members live on
    phase("members")
    clustering = cluster(members)
    clusters = clustering.clusters
    phase("clustering")
    traced = _trace_origins(members, clusters, resolved)
    phase("origins")
    agreeing: set[tuple[int, int]] = set()
    contradictions = _find_contradictions(clustering, members, traced, agreeing)
    del clustering
    phase("contradictions")
    ids = [claim_id(members[idxs[0]]) for idxs in clusters]
    names = {i: str(r["name"]) for i, r in store.actors.all().items()}
    claim_rows, actor_rows = _grade_claims(
        members, clusters, traced, contradictions, ids, store.actors.alias_map(), agrees_with(agreeing, ids)
    )
    phase("rows")
    rows_out = _LedgerRows(members, clusters, traced, ids, names, unattributed, meta, article_country)
    estimates = sum(len(m.estimates) for m in members) + len(unattributed)
    contradiction_rows = [
        {"a": ids[c.a], "b": ids[c.b], "kind": c.kind, "reason": c.reason} for c in contradictions
    ]
    phase("estimates")
    index_rows = {
        "ledger_tokens": ledger_index.token_rows(members),
        "ledger_items": ledger_index.item_rows(members),
        "ledger_words": ledger_index.word_rows(word_counts),
        "ledger_articles": ledger_index.article_rows(sorted(meta)),
        "ledger_names": ledger_index.name_rows(name_words),
    }
    _write(
        store,
        claim_rows,
        actor_rows,
        contradiction_rows,
        rows_out,
        speakers,
        articles=len(meta),
        index=index_rows,
    )
    phase("written")
    return BuildSummary(len(claim_rows), len(contradiction_rows), estimates, len(names))


# --------------------------------------------------------------------------- load inputs


def _load_inputs(
    store: Store,
) -> tuple[dict[str, inputs.Article], list[inputs.Attribution], list[inputs.Quantity]]:
    """Articles, attributions and quantities as compact tuples, read in one go.

    The string pool and the hedge kinds are only needed while the rows are read, so they
    are dropped here, before the build goes on.
    """
    pool = inputs.Pool()
    meta = inputs.articles(store, pool)
    hedge_kind = inputs.hedge_kinds(store, pool)
    rows = list(inputs.attributions(store, pool, hedge_kind))
    del hedge_kind
    quantities = list(inputs.quantities(store, pool))
    return meta, rows, quantities


def _countries_talked_about(rows: Sequence[inputs.Attribution], gaz: Gazetteer) -> list[actor_rules.Spec]:
    """Countries talked about become actors too, so that `claims --about "North Korea"` works."""
    bags = {r.bag for r in rows if not r.question}
    codes = sorted({t[1:] for bag in bags for t in bag if t.startswith("@")})
    return [(gaz.country_name[c], "country", c, gaz.country_aliases.get(c, ())) for c in codes]


# --------------------------------------------------------------------------- link actors


def _article_countries(quantities: Iterable[inputs.Quantity]) -> Callable[[str, str], str | None]:
    """The country an article's figures name for a thing, by (article, thing head).

    A figure whose thing names no country ("10,000 troops") takes the country that the
    article's other figures for the same thing name ("1,500 North Korean soldiers").
    """
    named_country: dict[tuple[str, str], str] = {}
    for q in quantities:
        country, head = textmod.thing_key(q.thing or "")
        if country:
            named_country.setdefault((q.article_id, head), country)

    def article_country(article: str, head: str) -> str | None:
        return named_country.get((article, head))

    return article_country


def _make_members(
    rows: list[inputs.Attribution],
    quantities: Sequence[inputs.Quantity],
    meta: Mapping[str, inputs.Article],
    resolved: actor_rules.Resolved,
    article_country: Callable[[str, str], str | None],
    common: frozenset[str] = frozenset(),
    speakers: list[Row] | None = None,
) -> tuple[list[Member], list[inputs.Quantity]]:
    """One compact :class:`Member` per attribution, with its actors and its figures; a
    question makes no member (it asserts nothing, and neither do its figures), only a row
    of ``speakers`` naming its actor.

    The members are all the later phases need of the attributions, so ``rows`` is
    emptied as they are made and the per-row actor ids are cleared once used. Also
    returns the figures outside any attribution: the outlet's own statements.
    """

    def effective(article_id: str) -> str:
        dup = meta[article_id].duplicate_of if article_id in meta else None
        return str(dup) if dup and dup in meta else article_id

    by_attr: dict[tuple[str, str], list[inputs.Quantity]] = defaultdict(list)
    for q in quantities:
        if q.attribution_id:
            by_attr[(q.article_id, q.attribution_id)].append(q)

    members: list[Member] = []
    rate_bases: set[tuple[str, str]] = set()  # figures that are the base of a rate: no estimates at all
    asked: set[tuple[str, str]] = set()  # figures inside a question: nobody asserts them
    rows.reverse()  # popped from the end, in order: each row is freed as its member is made
    for i in range(len(rows)):
        r = rows.pop()
        art = r.article_id
        if r.question:
            asked.update((q.article_id, q.id) for q in by_attr.pop((art, r.id), ()))
            if speakers is not None and resolved.source[i] is not None:
                speakers.append({"article_id": art, "attribution_id": r.id, "actor_id": resolved.source[i]})
            continue
        frame = "projected" if textmod.is_projection(r.content) else "current"
        m = _member(r, meta.get(art), resolved, i, effective(art), frame)
        article = meta.get(art)
        m.estimates = tuple(
            _estimate(
                q,
                r.bag,
                "projected" if figures.sought(r.content, q.start - r.content_start) else frame,
                article_country,
                textmod.place_of(r.content, q.start - r.content_start, q.end - r.content_start),
                article.published if article else None,
                common,
                figures.after_change_verb(r.content, q.start - r.content_start),
            )
            for q in by_attr.pop((art, r.id), ())
            # a number that counts nothing asserted is no estimate
            if q.kind != "label" and not _rate_base(q, r, rate_bases)
        )
        members.append(m)
    del by_attr
    # Figures outside any attribution are the outlet's own statements; the others live on in the members.
    attributed = {(e.article_id, e.id) for m in members for e in m.estimates} | rate_bases | asked
    unattributed = [q for q in quantities if (q.article_id, q.id) not in attributed]
    resolved.source.clear()
    resolved.channel.clear()
    return members, unattributed


def _rate_base(q: inputs.Quantity, r: inputs.Attribution, seen: set[tuple[str, str]]) -> bool:
    """Is ``q`` the base of a rate in ``r``'s content ("for every four shares")? Noted in ``seen``."""
    if figures.base_of_rate(r.content, q.start - r.content_start):
        seen.add((q.article_id, q.id))
        return True
    return False


def _member(
    r: inputs.Attribution,
    article: inputs.Article | None,
    resolved: actor_rules.Resolved,
    i: int,
    effective_article: str,
    frame: str,
) -> Member:
    """The member for attribution ``r``, the ``i``-th row (figures are added by the caller)."""
    return Member(
        article_id=r.article_id,
        id=r.id,
        content=r.content,
        content_start=r.content_start,
        bag=r.bag,
        negative=r.negative or textmod.is_dismissal(r.content),
        denies=r.denies or textmod.is_dismissal(r.content),
        hedged=r.hedged,
        confirmed=r.confirmed,
        source_type=r.source_type,
        source_text=r.source_resolved or r.source_text or str(_credited(article) or ""),
        source_actor=resolved.source[i],
        channel_actor=_channel(r, article, resolved, i),
        outlet=article.outlet if article else None,
        outlet_actor=resolved.outlet.get(effective_article),
        published=article.published if article else None,
        duplicate=bool(article and article.duplicate_of),
        projected=frame == "projected",
        negated=textmod.is_negated(r.content),
        clause=textmod.has_predicate(r.content) and not textmod.relative_clause(r.content),
        opinion=r.opinion,
        name_words=tuple(sorted(textmod.name_words(r.content))),
        predication=predicates.predication(r.content),
    )


def _credited(article: inputs.Article | None) -> str | None:
    """Whom an article's own statements are credited to: the agency it copies, else its outlet."""
    return (article.wire or article.outlet) if article else None


def _channel(
    r: inputs.Attribution, article: inputs.Article | None, resolved: actor_rules.Resolved, i: int
) -> int | None:
    """The row's channel; for an agency copy's own statement (its source is the agency),
    the outlet that carried it, unless that outlet is the agency itself."""
    if r.source_type == "author" and article is not None and article.wire:
        carrier = resolved.outlet.get(r.article_id)
        return carrier if carrier != resolved.source[i] else None
    if resolved.channel[i] is None and resolved.source[i] is None:
        # "officials said" in an agency copy: they spoke to the agency ("anonymous source via
        # Associated Press"), not to the outlet that carried its story
        return resolved.wire.get(r.article_id)
    return resolved.channel[i]


# --------------------------------------------------------------------------- trace origins, contradictions


def _trace_origins(
    members: Sequence[Member], clusters: Sequence[Sequence[int]], resolved: actor_rules.Resolved
) -> list[ClaimOrigins]:
    """Each claim's first-hand origins: corroboration is counted by origin, not by repetition."""
    return [trace([members[i] for i in idxs], resolved.names, resolved.kinds) for idxs in clusters]


def agrees_with(agreeing: Iterable[tuple[int, int]], ids: Sequence[str]) -> dict[int, list[str]]:
    """Each claim's partners whose figures bear its own out (by claim index), as sorted ids."""
    found: dict[int, set[str]] = defaultdict(set)
    for a, b in agreeing:
        found[a].add(ids[b])
        found[b].add(ids[a])
    return {c: sorted(others) for c, others in found.items()}


def _find_contradictions(
    clustering: Clustering,
    members: Sequence[Member],
    traced: Sequence[ClaimOrigins],
    agreeing: set[tuple[int, int]],
) -> list[Contradiction]:
    """Denials met while clustering and figures that cannot both be true, between claims;
    pairs of claims whose figures bear each other out are added to ``agreeing``.

    A contradiction names the origins on each side, so this comes after the tracing.
    """
    claim_of = {i: c for c, idxs in enumerate(clustering.clusters) for i in idxs}
    origin_name: dict[tuple[str, str], str] = {}
    for t in traced:
        for key, found in t.member_origin.items():
            if found is not None:
                origin_name[key] = found[1]
    contradictions: list[Contradiction] = denial_contradictions(
        clustering.denials, members, claim_of, origin_name
    )
    contradictions += estimate_contradictions(members, claim_of, origin_name, agreeing)
    return contradictions


# --------------------------------------------------------------------------- grades


def _grade_claims(
    members: Sequence[Member],
    clusters: Sequence[Sequence[int]],
    traced: Sequence[ClaimOrigins],
    contradictions: Sequence[Contradiction],
    ids: Sequence[str],
    alias_now: dict[str, int],
    agrees: Mapping[int, Sequence[str]],
) -> tuple[list[Row], set[tuple[str, int, str]]]:
    """The claim rows, each with its grade and reasons, and who each claim involves.

    The claims are held in full (they are far fewer than the members); their members
    and figures are written later as they are made, in the same order.
    """
    against: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for con in contradictions:
        against[con.a].append((con.b, con.kind))
        against[con.b].append((con.a, con.kind))
    claim_rows: list[Row] = []
    actor_rows: set[tuple[str, int, str]] = set()
    for c, idxs in enumerate(clusters):
        ms = [members[i] for i in idxs]
        t = traced[c]
        opposed = sorted((ids[o], k, len(traced[o].origins)) for o, k in against[c])
        grade, reasons = grade_claim(ms, t, opposed, bool(agrees.get(c)))
        actor_rows |= _claim_actors(ids[c], ms, t, alias_now)
        claim_rows.append(claim_row(ids[c], ms, t, opposed, grade, reasons, agrees.get(c, ())))
    return claim_rows, actor_rows


def grade_claim(
    ms: Sequence[Member], t: ClaimOrigins, opposed: Sequence[tuple[str, str, int]], agree: bool
) -> tuple[int, list[str]]:
    """The grade of one claim (members ``ms``, origins ``t``) and its reasons; ``opposed``:
    (claim id, kind, origins) of each contradicting claim; ``agree``: another origin's
    figure bears one of its figures out."""
    evidence = Evidence(
        origins=len(t.origins),
        anonymous_only=t.anonymous_only,
        reports=len(ms),
        hedged_reports=sum(m.hedged for m in ms),
        confirmed_reports=sum(m.confirmed for m in ms),
        contradicting_origins=tuple(n for _o, _k, n in opposed),
        contradiction_kinds=tuple(k for _o, k, _n in opposed),
        opinion_reports=sum(m.opinion for m in ms),
        figures_agree=agree,
    )
    return credibility(evidence)


def claim_actors(
    cid: str, ms: Sequence[Member], t: ClaimOrigins, alias_now: dict[str, int]
) -> set[tuple[str, int, str]]:
    """:func:`_claim_actors`, for the incremental update."""
    return _claim_actors(cid, ms, t, alias_now)


def mentioned(content: str, aliases: dict[str, int]) -> set[int]:
    """:func:`_mentioned`, for the incremental update."""
    return _mentioned(content, aliases)


def _claim_actors(
    cid: str, ms: Sequence[Member], t: ClaimOrigins, alias_now: dict[str, int]
) -> set[tuple[str, int, str]]:
    """(claim, actor, role) for every source, origin, channel and actor talked about, so
    that a claim can be found by anyone it involves."""
    found_actors: set[tuple[str, int, str]] = set()
    for m in ms:
        found = t.member_origin[m.key]
        origin_actor = found[0][1] if found and found[0][0] == "actor" else None
        if m.source_actor is not None:
            found_actors.add((cid, m.source_actor, "source"))
        if isinstance(origin_actor, int):
            found_actors.add((cid, origin_actor, "origin"))
        if m.channel_actor is not None:
            found_actors.add((cid, m.channel_actor, "channel"))
        for actor_id in _mentioned(m.content, alias_now):
            found_actors.add((cid, actor_id, "about"))
    return found_actors


def claim_row(
    cid: str,
    ms: Sequence[Member],
    t: ClaimOrigins,
    against: Sequence[tuple[str, str, int]],
    grade: int,
    reasons: list[str],
    agrees: Sequence[str] = (),
) -> Row:
    """A claim as stored: its representative statement (the first not copied from
    another article), its grade and the contradicting claims (``against``: id, kind,
    origins; sorted), and the claims whose figures bear its own out (``agrees``)."""
    rep = next((m for m in ms if not m.duplicate), ms[0])
    data = {
        "origins": [name for _k, name in t.origins],
        "outlets": t.outlets,
        "articles": t.articles,
        "contradicted_by": sorted({other for other, _k, _n in against}),
        "contradictions": [{"claim": other, "kind": k} for other, k, _n in against],
        "reasons": reasons,
        "negative": rep.negative,
        "agrees_with": list(agrees),
    }
    return {
        "id": cid,
        "text": rep.content,
        "search_text": "\n".join(dict.fromkeys(m.content for m in ms)),
        "polarity": "negative" if rep.negative else "positive",
        "credibility": grade,
        "origin_count": len(t.origins),
        "article_count": len(t.articles),
        "first_seen": t.first_seen,
        "last_seen": t.last_seen,
        "data": json.dumps(data, ensure_ascii=False),
        "extractor": LEDGER_VERSION,
    }


# --------------------------------------------------------------------------- write


def _write(
    store: Store,
    claim_rows: list[Row],
    actor_rows: set[tuple[str, int, str]],
    contradiction_rows: list[Row],
    rows_out: _LedgerRows,
    speakers: Sequence[Row] = (),
    *,
    articles: int,
    index: Mapping[str, Iterable[Row]] | None = None,
) -> None:
    """Swap the new ledger in, in one transaction, so that readers never see half of it;
    the member and figure rows are made as the store writes them."""
    store.replace_ledger(
        claim_rows,
        rows_out.member_rows(),
        ({"claim_id": a, "actor_id": b, "role": r} for a, b, r in sorted(actor_rows)),
        contradiction_rows,
        rows_out.estimate_rows(),
        articles=articles,
        speakers=speakers,
        index=index,
        version=ledger_index.version(LEDGER_VERSION),
    )


@dataclass(frozen=True)
class _LedgerRows:
    """What the member and figure rows are made from, so that the store can write them
    as they are made instead of holding them all at once."""

    members: Sequence[Member]
    clusters: Sequence[Sequence[int]]
    traced: Sequence[ClaimOrigins]
    ids: Sequence[str]
    names: dict[int, str]
    unattributed: Sequence[inputs.Quantity]
    meta: Mapping[str, inputs.Article]
    article_country: Callable[[str, str], str | None]

    def member_row(self, cid: str, m: Member, found: tuple[OriginKey, str] | None) -> Row:
        origin_actor = found[0][1] if found and found[0][0] == "actor" else None
        return {
            "claim_id": cid,
            "article_id": m.article_id,
            "attribution_id": m.id,
            "source_actor_id": m.source_actor,
            "source": self.names.get(m.source_actor, m.source_text) if m.source_actor else m.source_text,
            "origin_actor_id": origin_actor,
            "origin": found[1] if found else None,
            "outlet": m.outlet,
            "published": m.published,
        }

    def member_rows(self) -> Iterator[Row]:
        for c, idxs in enumerate(self.clusters):
            for i in idxs:
                m = self.members[i]
                yield self.member_row(self.ids[c], m, self.traced[c].member_origin[m.key])

    def estimate_rows(self) -> Iterator[Row]:
        """Each claim's figures with who gave them, then the outlets' own figures (an
        agency copy's: the agency's)."""
        for c, idxs in enumerate(self.clusters):
            for i in idxs:
                m = self.members[i]
                if m.estimates:
                    row = self.member_row(self.ids[c], m, self.traced[c].member_origin[m.key])
                    for e in m.estimates:
                        yield _estimate_row(e, self.ids[c], row)
        for q in self.unattributed:
            art = self.meta.get(q.article_id)
            if q.kind == "label":
                continue
            frame = "projected" if textmod.is_projection(q.text) else "current"
            e = _estimate(
                q, textmod.bag(q.text), frame, self.article_country, None, art.published if art else None
            )
            credited = _credited(art)
            yield _estimate_row(
                e,
                None,
                {
                    "source": credited,
                    "origin": credited,
                    "outlet": art.outlet if art else None,
                    "published": art.published if art else None,
                },
            )


def _estimate(
    q: inputs.Quantity,
    context: Collection[str],
    frame: str,
    article_country: Callable[[str, str], str | None],
    place: str | None,
    published: str | None,
    common: frozenset[str] = frozenset(),
    changed: bool = False,
) -> Estimate:
    """A stored quantity in comparable form; the country comes from the thing, else the
    article's other figures for the same thing, else the one country the statement names.

    The figures stage's frame, kind and time are used when it has run (quantities stored
    before it have ``kind`` None and keep the older reading: their thing is their unit)."""
    country, head = textmod.thing_key(q.thing or "")
    own_country = country
    if country is None:
        country = article_country(q.article_id, head)
    particular_country = country
    if country is None:
        # the one country the statement names places the figure (for queries), but does not
        # make "tonnes" or "years" a particular thing to compare with another's
        named = [t[1:] for t in context if t.startswith("@")]
        country = named[0] if len(named) == 1 else None
    if q.kind is not None:
        frame = "projected" if q.frame == "projected" or frame == "projected" else "current"
        described = q.counted or ""
    else:
        described = q.thing or ""
    key, particular = figures.thing_key(described, head, particular_country, common)
    if country is not None:
        key |= {f"@{country}"}
    kind = q.kind or "stock"
    if changed and kind in ("stock", "share"):
        kind = "change"  # "rose 9.3 pct": the size of a rise, not a level
    full = figures.full_key(described, head, country)
    return Estimate(
        id=q.id,
        article_id=q.article_id,
        value=q.value,
        low=q.low,
        high=q.high,
        qualifier=q.qualifier,
        thing=q.thing,
        country=country,
        head=head,
        frame=frame,
        text=q.text,
        start=q.start,
        end=q.end,
        place=place,
        kind=kind,
        key=key,
        particular=particular,
        window=figures.window(q.time_text, published, frame == "projected"),
        time_text=q.time_text,
        described=described,
        full=full | key,
        unit=q.unit,
        named=own_country is not None or bool(particular - {f"@{particular_country}"}),
    )


def _estimate_row(e: Estimate, claim: str | None, member: Row) -> Row:
    return {
        "article_id": e.article_id,
        "quantity_id": e.id,
        "claim_id": claim,
        "value": e.value,
        "low": e.low,
        "high": e.high,
        "qualifier": e.qualifier,
        "thing": e.described,
        "thing_country": e.country,
        "thing_head": e.head,
        "place": e.place,
        "frame": e.frame,
        "text": e.text,
        "start": e.start,
        "end": e.end,
        # the figures stage's unit ("share", "USD"); the quantities stage's phrase before it ran
        "unit": e.unit or e.thing,
        "kind": e.kind,
        "time_text": e.time_text,
        "day": e.window[0].isoformat() if e.window else None,
        "thing_key": " ".join(sorted(e.key)),
        "source": member.get("source"),
        "origin": member.get("origin"),
        "outlet": member.get("outlet"),
        "published": member.get("published"),
    }


def _mentioned(content: str, aliases: dict[str, int]) -> set[int]:
    """Actors named in a statement (capitalized n-grams that are known aliases)."""
    words = textmod.tokens(content)
    found: set[int] = set()
    for i, w in enumerate(words):
        if not w[:1].isupper():
            continue
        for n in (4, 3, 2, 1):
            if i + n <= len(words):
                hit = aliases.get(alias_key(" ".join(words[i : i + n])))
                if hit is not None:
                    found.add(hit)
                    break
    return found
