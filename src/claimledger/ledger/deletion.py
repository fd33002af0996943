"""Deleting an article, and what it alone supported, with a report of what went.

The article and its analysis rows go in one transaction; the ledger is then rebuilt, so
claims only that article reported disappear, claims other articles also report lose
its reports (their origin counts drop where it was the only way to an origin), and
actors nobody edited who are named nowhere else go with it (actors a user rated, merged
or split stay: those are the user's work). A dry run says what would go and changes
nothing. Under ``claimledger article delete`` and ``POST /articles/{id}/delete``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from claimledger.ledger.build import rebuild
from claimledger.store import Store
from claimledger.store.actors import alias_key

Row = dict[str, Any]


@dataclass
class KeptClaim:
    """A claim other articles also report: it stays, without the deleted article's reports.

    ``new_id`` is its id after the rebuild (a claim's id follows its first report, which
    may have been the deleted article's); the ``*_after`` fields are None in a dry run.
    """

    id: str
    text: str
    reports_before: int
    reports_lost: int
    origins_before: int
    new_id: str | None = None
    origins_after: int | None = None


@dataclass
class Deletion:
    """What deleting one article removes (``dry_run``: would remove)."""

    article: Row
    dry_run: bool
    claims_removed: list[Row] = field(default_factory=list)
    claims_kept: list[KeptClaim] = field(default_factory=list)
    actors_removed: list[Row] = field(default_factory=list)
    copies: list[str] = field(default_factory=list)

    def to_dict(self) -> Row:
        return {
            "article": self.article,
            "dry_run": self.dry_run,
            "claims_removed": self.claims_removed,
            "claims_kept": [asdict(k) for k in self.claims_kept],
            "actors_removed": self.actors_removed,
            "copies": self.copies,
        }


def plan_deletion(store: Store, ref: str) -> Deletion:
    """What deleting the article ``ref`` (an id or a unique prefix) would remove; changes nothing.

    Read from the ledger as it stands, not by rebuilding it (which is what made a dry run on
    a 20,000-article store take 17 s): an actor would go when nobody edited it and the
    ledger needs it for nothing else, as the source or origin of another article's report,
    the channel of or an actor named in a claim that stays, or another article's outlet.
    """
    article_id = store.pages.resolve(ref)
    meta = store.article_meta([article_id])[article_id]
    article = {k: meta.get(k) for k in ("id", "title", "outlet", "url", "published")}
    plan = Deletion(article=article, dry_run=True, copies=store.copies_of(article_id))
    claim_ids = sorted({str(m["claim_id"]) for m in store.claim_members(article_id=article_id)})
    claims = {c["id"]: c for c in store.claims(claim_ids)}
    for cid in claim_ids:
        members = store.claim_members(cid)
        lost = sum(1 for m in members if m["article_id"] == article_id)
        if lost == len(members):
            plan.claims_removed.append({"id": cid, "text": claims[cid]["text"]})
        else:
            plan.claims_kept.append(
                KeptClaim(cid, claims[cid]["text"], len(members), lost, int(claims[cid]["origin_count"]))
            )
    gone = [c["id"] for c in plan.claims_removed]
    involved = {
        int(i)
        for m in store.claim_members(article_id=article_id)
        for i in (m["source_actor_id"], m["origin_actor_id"])
        if i is not None
    }
    involved |= set(store.claim_actors_of(claim_ids))
    outlet = store.actors.alias_map()
    (stored,) = store.article_inputs([article_id])
    for name in (stored.get("outlet"), stored.get("wire")):
        if name and alias_key(str(name)) in outlet:
            involved.add(outlet[alias_key(str(name))])
    stays = store.actors_used_elsewhere(article_id, sorted(involved), gone)
    derived = store.actors.derived_ids()
    actors = store.actors.all()
    plan.actors_removed = [
        {"id": i, "name": actors[i]["name"]} for i in sorted(involved - stays) if i in derived and i in actors
    ]
    return plan


def delete_article(store: Store, ref: str) -> Deletion:
    """Delete the article ``ref`` (an id or a unique prefix), rebuild the ledger and say what went."""
    plan = plan_deletion(store, ref)
    article_id = str(plan.article["id"])
    before = store.actors.all()
    # where each kept claim's reports from other articles are now: its new id
    other_reports: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for k in plan.claims_kept:
        for m in store.claim_members(k.id):
            if m["article_id"] != article_id:
                other_reports[k.id].add((str(m["article_id"]), str(m["attribution_id"])))
    store.delete_article(article_id)
    rebuild(store)
    after = store.actors.all()
    done = Deletion(
        article=plan.article, dry_run=False, claims_removed=plan.claims_removed, copies=plan.copies
    )
    done.actors_removed = [{"id": i, "name": r["name"]} for i, r in sorted(before.items()) if i not in after]
    for k in plan.claims_kept:
        new_id = _claim_now(store, other_reports[k.id])
        new = store.claims([new_id])[0] if new_id else None
        k.new_id = new_id
        k.origins_after = int(new["origin_count"]) if new else 0
        done.claims_kept.append(k)
    return done


def _claim_now(store: Store, reports: set[tuple[str, str]]) -> str | None:
    """The claim that holds most of ``reports`` (article, attribution) after the rebuild."""
    votes: dict[str, int] = defaultdict(int)
    for article_id in sorted({a for a, _ in reports}):
        for m in store.claim_members(article_id=article_id):
            if (article_id, str(m["attribution_id"])) in reports:
                votes[str(m["claim_id"])] += 1
    return max(sorted(votes), key=lambda c: votes[c], default=None)
