"""Analysing stored articles again with today's extractor, and what that changed in the ledger.

After an upgrade the stored attributions are those of the old rules. ``reanalyze`` reads each
article's text and metadata back from the store, analyses it with the current pipeline (in
this process or on the engine given), swaps its rows in a batch at a time (a killed run
leaves whole articles, each marked with the extractor that made its rows, and a rerun
goes on where it stopped), rebuilds the ledger once and compares the claims before and
after: added, removed, changed (same statement, another grade, origin or report count),
with a few examples, and per article the attributions it gained and lost.

An article whose stored ``extractor`` is the current one is skipped unless ``everything``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from claimledger.analysis.version import extractor_version
from claimledger.engine.runner import EngineOptions, Failed, run
from claimledger.ledger.build import rebuild
from claimledger.models import ArticleAnalysis, ArticleMeta
from claimledger.store import Store
from claimledger.store.dates import check_since

Row = dict[str, Any]
#: Articles analysed, then stored in one transaction, at a time.
BATCH = 32
#: What a claim is compared on, before and after (its id follows its first report's
#: attribution id, which new rules may renumber: the statement is what a reader knows it by).
_COMPARED = ("credibility", "origin_count", "article_count")


@dataclass
class ArticleChange:
    """One article's attributions before and after, as "source: content" lines."""

    id: str
    title: str | None
    before: int
    after: int
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


@dataclass
class ReanalysisReport:
    """What a run did and what it changed in the ledger."""

    extractor: str
    reanalyzed: int = 0
    skipped: int = 0
    failed: list[str] = field(default_factory=list)
    claims_before: int = 0
    claims_after: int = 0
    added: list[Row] = field(default_factory=list)
    removed: list[Row] = field(default_factory=list)
    changed: list[Row] = field(default_factory=list)
    articles: list[ArticleChange] = field(default_factory=list)

    def to_dict(self, *, examples: int = 5, per_article: bool = False) -> Row:
        out: Row = {
            "extractor": self.extractor,
            "reanalyzed": self.reanalyzed,
            "skipped_current": self.skipped,
            "failed": self.failed,
            "claims_before": self.claims_before,
            "claims_after": self.claims_after,
            "claims_added": len(self.added),
            "claims_removed": len(self.removed),
            "claims_changed": len(self.changed),
            "examples": {
                "added": self.added[:examples],
                "removed": self.removed[:examples],
                "changed": self.changed[:examples],
            },
        }
        if per_article:
            out["articles"] = [vars(a) for a in self.articles if a.added or a.removed]
        return out


def reanalyze(
    store: Store,
    *,
    articles: Sequence[str] | None = None,
    since: str | None = None,
    everything: bool = False,
    engine: EngineOptions | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ReanalysisReport:
    """Analyse stored articles again (``articles``: ids or unique prefixes; ``since``: published
    on or after a date; ``everything``: those analysed by the current extractor too),
    rebuild the ledger and report the difference. ``progress(done, total)`` after each batch."""
    version = extractor_version()
    ids = [store.pages.resolve(ref) for ref in articles] if articles is not None else None
    todo, skipped = store.reanalysis_candidates(
        ids=ids, since=check_since(since) if since else None, stale_for=None if everything else version
    )
    report = ReanalysisReport(extractor=version, skipped=skipped)
    before = _claims(store)
    report.claims_before = store.count("claims")
    options = engine or EngineOptions()
    for chunk in _chunks(todo, BATCH):
        inputs = store.article_inputs(chunk)
        old = {aid: _lines(store, aid) for aid in chunk}
        done: list[tuple[str, ArticleAnalysis]] = []
        for result in run(((r["text"], _meta(r), r["id"]) for r in inputs), options):
            if isinstance(result, Failed):
                named = result.error.startswith(f"{result.name}:")
                report.failed.append(result.error if named else f"{result.name}: {result.error}")
                continue
            done.append((str(result.input), result))
        store.replace_analyses(done, version)
        report.reanalyzed += len(done)
        titles = {r["id"]: r["title"] for r in inputs}
        for aid, analysis in done:
            report.articles.append(_article_change(aid, titles.get(aid), old[aid], analysis))
        if progress is not None:
            progress(report.reanalyzed + len(report.failed), len(todo))
    if report.reanalyzed or store.ledger_is_stale():
        rebuild(store)
    after = _claims(store)
    report.claims_after = store.count("claims")
    _compare(before, after, report)
    return report


def _chunks(ids: Sequence[str], size: int) -> Iterator[list[str]]:
    it = iter(ids)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def _meta(row: Row) -> ArticleMeta:
    keys = ("title", "url", "outlet", "author", "published", "wire", "published_text")
    return ArticleMeta(**{k: row.get(k) for k in keys})


def _lines(store: Store, article_id: str) -> list[str]:
    """The article's stored attributions as "source: content" lines."""
    return [
        f"{r['source_resolved'] or r['source_text'] or 'the author'}: {r['content_text']}"
        for r in store.attribution_rows_of(article_id)
    ]


def _article_change(aid: str, title: str | None, old: list[str], analysis: ArticleAnalysis) -> ArticleChange:
    new = [
        f"{a.source_resolved or (a.source.text if a.source else None) or 'the author'}: {a.content.text}"
        for a in analysis.attributions
    ]
    kept_old, kept_new = set(old), set(new)
    return ArticleChange(
        id=aid,
        title=title,
        before=len(old),
        after=len(new),
        added=[line for line in new if line not in kept_old],
        removed=[line for line in old if line not in kept_new],
    )


def _claims(store: Store) -> dict[tuple[str, str], Row]:
    """The ledger's claims by (statement, polarity); of two with one statement, the first by id."""
    out: dict[tuple[str, str], Row] = {}
    for c in sorted(store.claims(), key=lambda c: c["id"]):
        key = (str(c["text"]), str(c["polarity"]))
        out.setdefault(
            key, {"id": c["id"], "text": c["text"], "polarity": c["polarity"]} | {k: c[k] for k in _COMPARED}
        )
    return out


def _compare(
    before: dict[tuple[str, str], Row], after: dict[tuple[str, str], Row], report: ReanalysisReport
) -> None:
    for key, row in after.items():
        old = before.get(key)
        if old is None:
            report.added.append(row)
        elif any(old[k] != row[k] for k in _COMPARED):
            report.changed.append(
                {
                    "id": row["id"],
                    "text": row["text"],
                    **{k: [old[k], row[k]] for k in _COMPARED if old[k] != row[k]},
                }
            )
    report.removed = [row for key, row in before.items() if key not in after]
