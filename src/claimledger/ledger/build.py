"""Rebuilding the ledger from what is stored: actors, claims, origins, contradictions, grades.

The ledger is derived data: it is rebuilt as a whole after each ingest (and after an
actor is merged or split) and swapped in with one transaction. Claim ids are stable
across rebuilds as long as a claim's first-seen attribution stays the same.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from typing import Any

from claimledger.ledger import actors as actor_rules
from claimledger.ledger import inputs
from claimledger.ledger import text as textmod
from claimledger.ledger.claims import Estimate, Member, cluster
from claimledger.ledger.contradictions import Contradiction, denial_contradictions, estimate_contradictions
from claimledger.ledger.gazetteer import load
from claimledger.ledger.grading import Evidence, credibility
from claimledger.ledger.origins import ClaimOrigins, OriginKey, trace
from claimledger.store.actors import alias_key
from claimledger.store.store import Store

LEDGER_VERSION = "ledger.v1"
Row = dict[str, Any]


@dataclass(frozen=True)
class BuildSummary:
    claims: int
    contradictions: int
    estimates: int
    actors: int


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
    pool = inputs.Pool()
    meta = inputs.articles(store, pool)
    hedge_kind = inputs.hedge_kinds(store, pool)
    rows = list(inputs.attributions(store, pool, hedge_kind))
    del hedge_kind
    quantities = list(inputs.quantities(store, pool))
    del pool
    phase("loaded")
    # Countries talked about become actors too, so that `claims --about "North Korea"` works.
    codes = sorted({t[1:] for bag in {r.bag for r in rows} for t in bag if t.startswith("@")})
    countries = [(gaz.country_name[c], "country", c, gaz.country_aliases.get(c, ())) for c in codes]
    phase("bags")
    resolved = actor_rules.resolve(store, rows, meta, extra=countries)
    phase("actors")

    def effective(article_id: str) -> str:
        dup = meta[article_id].duplicate_of if article_id in meta else None
        return str(dup) if dup and dup in meta else article_id

    by_attr: dict[tuple[str, str], list[inputs.Quantity]] = defaultdict(list)
    for q in quantities:
        if q.attribution_id:
            by_attr[(q.article_id, q.attribution_id)].append(q)

    # A figure whose thing names no country ("10,000 troops") takes the country that the
    # article's other figures for the same thing name ("1,500 North Korean soldiers").
    named_country: dict[tuple[str, str], str] = {}
    for q in quantities:
        country, head = textmod.thing_key(q.thing or "")
        if country:
            named_country.setdefault((q.article_id, head), country)

    def article_country(article: str, head: str) -> str | None:
        return named_country.get((article, head))

    members: list[Member] = []
    rows.reverse()  # popped from the end, in order: each row is freed as its member is made
    for i in range(len(rows)):
        r = rows.pop()
        art, att = r.article_id, r.id
        content = r.content
        frame = "projected" if textmod.is_projection(content) else "current"
        article = meta.get(art)
        m = Member(
            article_id=art,
            id=att,
            content=content,
            content_start=r.content_start,
            bag=r.bag,
            negative=r.negative,
            hedged=r.hedged,
            confirmed=r.confirmed,
            source_type=r.source_type,
            source_text=r.source_resolved
            or r.source_text
            or str((article.outlet if article else None) or ""),
            source_actor=resolved.source[i],
            channel_actor=resolved.channel[i],
            outlet=article.outlet if article else None,
            outlet_actor=resolved.outlet.get(effective(art)),
            published=article.published if article else None,
            duplicate=bool(article and article.duplicate_of),
            projected=frame == "projected",
        )
        m.estimates = tuple(
            _estimate(
                q,
                r.bag,
                frame,
                article_country,
                textmod.place_of(content, q.start - r.content_start, q.end - r.content_start),
            )
            for q in by_attr.pop((art, att), ())
        )
        members.append(m)
    del rows, by_attr
    # Figures outside any attribution are the outlet's own statements; the others live on in the members.
    attributed = {(e.article_id, e.id) for m in members for e in m.estimates}
    unattributed = [q for q in quantities if (q.article_id, q.id) not in attributed]
    del quantities, attributed
    resolved.source.clear()
    resolved.channel.clear()
    phase("members")

    clustering = cluster(members)
    clusters = clustering.clusters
    phase("clustering")
    claim_of = {i: c for c, idxs in enumerate(clusters) for i in idxs}
    traced: list[ClaimOrigins] = [
        trace([members[i] for i in idxs], resolved.names, resolved.kinds) for idxs in clusters
    ]
    origin_name: dict[tuple[str, str], str] = {}
    for t in traced:
        for key, found in t.member_origin.items():
            if found is not None:
                origin_name[key] = found[1]
    phase("origins")
    contradictions: list[Contradiction] = denial_contradictions(
        clustering.denials, members, claim_of, origin_name
    )
    contradictions += estimate_contradictions(members, claim_of, origin_name)
    del claim_of, origin_name, clustering
    phase("contradictions")
    ids = [claim_id(members[idxs[0]]) for idxs in clusters]
    against: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for con in contradictions:
        against[con.a].append((con.b, con.kind))
        against[con.b].append((con.a, con.kind))

    alias_now = store.actors.alias_map()
    names = {i: str(r["name"]) for i, r in store.actors.all().items()}

    def member_row(cid: str, m: Member, found: tuple[OriginKey, str] | None) -> Row:
        origin_actor = found[0][1] if found and found[0][0] == "actor" else None
        return {
            "claim_id": cid,
            "article_id": m.article_id,
            "attribution_id": m.id,
            "source_actor_id": m.source_actor,
            "source": names.get(m.source_actor, m.source_text) if m.source_actor else m.source_text,
            "origin_actor_id": origin_actor,
            "origin": found[1] if found else None,
            "outlet": m.outlet,
            "published": m.published,
        }

    # The claims (and who they involve) first; their members and figures are then written
    # as they are made, in the same order.
    claim_rows: list[Row] = []
    actor_rows: set[tuple[str, int, str]] = set()
    for c, idxs in enumerate(clusters):
        ms = [members[i] for i in idxs]
        t = traced[c]
        evidence = Evidence(
            origins=len(t.origins),
            anonymous_only=t.anonymous_only,
            reports=len(ms),
            hedged_reports=sum(m.hedged for m in ms),
            confirmed_reports=sum(m.confirmed for m in ms),
            contradicting_origins=tuple(len(traced[o].origins) for o, _k in against[c]),
            contradiction_kinds=tuple(k for _o, k in against[c]),
        )
        grade, reasons = credibility(evidence)
        rep = next((m for m in ms if not m.duplicate), ms[0])
        cid = ids[c]
        for m in ms:
            found = t.member_origin[m.key]
            origin_actor = found[0][1] if found and found[0][0] == "actor" else None
            if m.source_actor is not None:
                actor_rows.add((cid, m.source_actor, "source"))
            if isinstance(origin_actor, int):
                actor_rows.add((cid, origin_actor, "origin"))
            if m.channel_actor is not None:
                actor_rows.add((cid, m.channel_actor, "channel"))
            for actor_id in _mentioned(m.content, alias_now):
                actor_rows.add((cid, actor_id, "about"))
        data = {
            "origins": [name for _k, name in t.origins],
            "outlets": t.outlets,
            "articles": t.articles,
            "contradicted_by": sorted({ids[o] for o, _k in against[c]}),
            "contradictions": [{"claim": ids[o], "kind": k} for o, k in against[c]],
            "reasons": reasons,
            "negative": rep.negative,
        }
        claim_rows.append(
            {
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
        )
    phase("rows")

    def member_rows() -> Iterator[Row]:
        for c, idxs in enumerate(clusters):
            for i in idxs:
                m = members[i]
                yield member_row(ids[c], m, traced[c].member_origin[m.key])

    def estimate_rows() -> Iterator[Row]:
        for c, idxs in enumerate(clusters):
            for i in idxs:
                m = members[i]
                if m.estimates:
                    row = member_row(ids[c], m, traced[c].member_origin[m.key])
                    for e in m.estimates:
                        yield _estimate_row(e, ids[c], row)
        for q in unattributed:
            art = meta.get(q.article_id)
            frame = "projected" if textmod.is_projection(q.text) else "current"
            e = _estimate(q, textmod.bag(q.text), frame, article_country, None)
            outlet = art.outlet if art else None
            yield _estimate_row(
                e,
                None,
                {
                    "source": outlet,
                    "origin": outlet,
                    "outlet": outlet,
                    "published": art.published if art else None,
                },
            )

    estimates = sum(len(m.estimates) for m in members) + len(unattributed)
    contradiction_rows = [
        {"a": ids[c.a], "b": ids[c.b], "kind": c.kind, "reason": c.reason} for c in contradictions
    ]
    phase("estimates")
    store.replace_ledger(
        claim_rows,
        member_rows(),
        ({"claim_id": a, "actor_id": b, "role": r} for a, b, r in sorted(actor_rows)),
        contradiction_rows,
        estimate_rows(),
        articles=len(meta),
    )
    phase("written")
    return BuildSummary(len(claim_rows), len(contradiction_rows), estimates, len(names))


def _estimate(
    q: inputs.Quantity,
    context: Collection[str],
    frame: str,
    article_country: Callable[[str, str], str | None],
    place: str | None,
) -> Estimate:
    """A stored quantity in comparable form; the country comes from the thing, else the
    article's other figures for the same thing, else the one country the statement names."""
    country, head = textmod.thing_key(q.thing or "")
    if country is None:
        country = article_country(q.article_id, head)
    if country is None:
        named = [t[1:] for t in context if t.startswith("@")]
        country = named[0] if len(named) == 1 else None
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
        "thing": e.thing,
        "thing_country": e.country,
        "thing_head": e.head,
        "place": e.place,
        "frame": e.frame,
        "text": e.text,
        "start": e.start,
        "end": e.end,
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
