"""analyze: one article in, its attributions, quantities, hedges and sourcing profile out.

This is the library function under ``claimledger analyze``; the CLI, the ledger and
the batch engines all call it (or :func:`analyze_many`), so every entry point gives
the same result for the same text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from claimledger.analysis.profile import sourcing_profile
from claimledger.errors import ClaimLedgerError, ExtractionError
from claimledger.models import ArticleAnalysis, ArticleMeta, article_id
from claimledger.pipeline import budget
from claimledger.pipeline.limits import DEFAULT_TIME_BUDGET, MAX_CHARS, MAX_TOKENS
from claimledger.pipeline.load import load_pipeline

__all__ = [
    "DEFAULT_TIME_BUDGET",
    "MAX_CHARS",
    "MAX_TOKENS",
    "ExtractOptions",
    "analyze",
    "analyze_json",
    "analyze_many",
    "from_doc",
    "run_pipeline",
]


@dataclass(frozen=True)
class ExtractOptions:
    """Options passed through every stage (one object instead of many keywords).

    ``max_chars``, ``max_tokens`` and ``time_budget`` (seconds per article, ``None`` for
    no limit) are the per-article limits of :mod:`claimledger.pipeline.budget`.
    """

    batch_size: int = 8
    n_process: int = 1
    max_chars: int = MAX_CHARS
    max_tokens: int = MAX_TOKENS
    time_budget: float | None = DEFAULT_TIME_BUDGET


def analyze(
    text: str,
    meta: ArticleMeta | None = None,
    *,
    options: ExtractOptions | None = None,
    nlp: Language | None = None,
    input_name: str | None = None,
) -> ArticleAnalysis:
    """Analyze one article's text.

    Raises :class:`ExtractionError` when the article is over a size cap or a stage fails,
    and its subclass :class:`~claimledger.errors.AnalysisTimeout` when analysis runs over
    ``options.time_budget`` seconds.
    """
    opts = options or ExtractOptions()
    meta = meta or ArticleMeta()
    name = input_name or meta.url or meta.title
    budget.check_size(text, name, opts.max_chars)
    pipeline = nlp or load_pipeline()
    try:
        doc = run_pipeline(pipeline, text, opts, name, title=meta.title)
    except ClaimLedgerError:
        raise
    except Exception as exc:  # a bug in a stage must not take the batch down silently
        raise ExtractionError(f"analysis failed: {type(exc).__name__}: {exc}", source=input_name) from exc
    return from_doc(doc, meta, input_name=input_name)


def run_pipeline(
    pipeline: Language, text: str, opts: ExtractOptions, name: str | None = None, *, title: str | None = None
) -> Doc:
    """``pipeline(text)`` within the per-article limits: the token cap, then the deadline.

    The deadline is checked before every stage (spaCy's own stages cannot be stopped
    half-way) and inside our components (:func:`claimledger.pipeline.budget.ticker`).
    """
    doc = budget.make_doc(pipeline, text)
    doc._.title = title
    budget.check_tokens(doc, name, opts.max_tokens)
    budget.start(doc, opts.time_budget, name or f"article {article_id(text)}")
    try:
        for stage, proc in pipeline.pipeline:
            budget.check(doc, stage)
            doc = proc(doc)
    finally:
        budget.clear(doc)
    return doc


def analyze_many(
    items: Iterable[tuple[str, ArticleMeta]],
    *,
    batch_size: int = 8,
    nlp: Language | None = None,
    time_budget: float | None = DEFAULT_TIME_BUDGET,
) -> Iterator[ArticleAnalysis]:
    """Analyze many articles in input order, batched through ``nlp.pipe``.

    Small batches keep memory flat (peak grows with batch_size x article length).
    This runs in this process; :func:`claimledger.engine.runner.analyze_many` spreads
    the same work over worker processes.

    ``time_budget`` is per article, counted from when its Doc is made; inside a batch
    it also covers the stages the batch shares, so the engines redo a batch that ran
    over one article at a time (:func:`claimledger.engine.runner.analyze_chunk`).
    """
    pipeline = nlp or load_pipeline()
    opts_one = ExtractOptions(batch_size=batch_size, time_budget=time_budget)

    def checked() -> Iterator[tuple[Doc, ArticleMeta]]:
        for text, meta in items:
            name = meta.url or meta.title
            budget.check_size(text, name, opts_one.max_chars)
            doc = budget.make_doc(pipeline, text)
            doc._.title = meta.title
            budget.check_tokens(doc, name, opts_one.max_tokens)
            budget.start(doc, opts_one.time_budget, name or f"article {article_id(text)}")
            yield doc, meta

    for doc, meta in pipeline.pipe(checked(), as_tuples=True, batch_size=batch_size):
        budget.clear(doc)
        yield from_doc(doc, meta)


def analyze_json(text: str, meta: ArticleMeta | None = None) -> str:
    """The serialized twin of :func:`analyze` (SPEC.md's JSON plus offsets and ids)."""
    return json.dumps(analyze(text, meta).to_dict(), ensure_ascii=False)


def from_doc(doc: Doc, meta: ArticleMeta, *, input_name: str | None = None) -> ArticleAnalysis:
    """Collect what our components wrote on a processed Doc."""
    for name in ("attributions", "quantities", "hedges"):
        if getattr(doc._, name) is None:
            raise ExtractionError(f"pipeline did not set doc._.{name}: is the component missing?")
    attributions = tuple(doc._.attributions)
    statements = tuple(doc._.statements or ())
    hedges = tuple(doc._.hedges)
    text = doc.text  # rebuilt from the tokens on every access
    return ArticleAnalysis(
        id=article_id(text),
        text=text,
        meta=meta,
        attributions=attributions,
        quantities=tuple(doc._.quantities),
        hedges=hedges,
        statements=statements,
        profile=sourcing_profile(attributions + statements, hedges),
        input=input_name,
    )


def to_gold_shape(analysis: ArticleAnalysis) -> dict[str, Any]:
    """The article as SPEC.md's contract, for the reference scorer (extra fields kept)."""
    return analysis.to_dict()
