"""analyze: one article in, its attributions, quantities, hedges and sourcing profile out.

This is the library function under ``claimledger analyze``; the CLI, the ledger and
the batch engines all call it (or :func:`analyze_many`), so every entry point gives
the same result for the same text.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from claimledger.errors import ExtractionError
from claimledger.models import ArticleAnalysis, ArticleMeta
from claimledger.pipeline import load_pipeline
from claimledger.profile import sourcing_profile

#: Characters per article we agree to analyze; spaCy's parser memory grows with length.
MAX_CHARS = 1_000_000


@dataclass(frozen=True)
class ExtractOptions:
    """Options passed through every stage (one object instead of many keywords)."""

    batch_size: int = 8
    n_process: int = 1
    max_chars: int = MAX_CHARS


def article_id(text: str) -> str:
    """Content hash of the normalized text: the same article re-read gets the same id."""
    norm = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


def analyze(
    text: str,
    meta: ArticleMeta | None = None,
    *,
    options: ExtractOptions | None = None,
    nlp: Language | None = None,
    input_name: str | None = None,
) -> ArticleAnalysis:
    """Analyze one article's text."""
    opts = options or ExtractOptions()
    _check_length(text, opts, input_name)
    pipeline = nlp or load_pipeline()
    try:
        doc = pipeline(text)
    except Exception as exc:  # a bug in a stage must not take the batch down silently
        raise ExtractionError(f"analysis failed: {type(exc).__name__}: {exc}", source=input_name) from exc
    return from_doc(doc, meta or ArticleMeta(), input_name=input_name)


def analyze_many(
    items: Iterable[tuple[str, ArticleMeta]],
    *,
    n_process: int = 1,
    batch_size: int = 8,
    nlp: Language | None = None,
) -> Iterator[ArticleAnalysis]:
    """Analyze many articles in input order, batched through ``nlp.pipe``.

    Small batches keep memory flat (peak grows with batch_size x article length).
    With ``n_process`` > 1 the articles go to that many worker processes
    (:mod:`claimledger.engine`), each loading the pipeline once.
    """
    if n_process > 1:
        from claimledger.engine import EngineOptions, Failed, run

        opts = EngineOptions(kind="local", processes=n_process, batch_size=batch_size)
        for result in run(((t, m, None) for t, m in items), opts):
            if isinstance(result, Failed):
                raise ExtractionError(result.error, source=result.name)
            yield result
        return
    pipeline = nlp or load_pipeline()
    opts_one = ExtractOptions(batch_size=batch_size)

    def checked() -> Iterator[tuple[str, ArticleMeta]]:
        for text, meta in items:
            _check_length(text, opts_one, meta.url or meta.title)
            yield text, meta

    for doc, meta in pipeline.pipe(checked(), as_tuples=True, batch_size=batch_size):
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
    return ArticleAnalysis(
        id=article_id(doc.text),
        text=doc.text,
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


def _check_length(text: str, opts: ExtractOptions, name: str | None) -> None:
    if len(text) > opts.max_chars:
        raise ExtractionError(
            f"article has {len(text):,} characters, over the {opts.max_chars:,}-character cap", source=name
        )
