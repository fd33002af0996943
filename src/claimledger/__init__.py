"""claimledger: a ledger of attributed claims in news reporting.

The library comes first; the CLI and the web app call these functions::

    from claimledger import analyze
    result = analyze(text)          # -> ArticleAnalysis
    result.to_dict()                # SPEC.md's JSON, with offsets and ids
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from claimledger.errors import (
    AnalysisTimeout,
    ClaimLedgerError,
    EvalError,
    ExtractionError,
    InputError,
    NotFound,
    SchemaVersionError,
    StorageError,
)
from claimledger.models import ArticleAnalysis, ArticleMeta, Attribution, Factuality, Hedge, Quantity, Span

__version__ = "0.1.0"

logging.getLogger("claimledger").addHandler(logging.NullHandler())

if TYPE_CHECKING:
    from claimledger.analysis.article import ExtractOptions, analyze, analyze_json
    from claimledger.engine.runner import analyze_many

__all__ = [
    "AnalysisTimeout",
    "ArticleAnalysis",
    "ArticleMeta",
    "Attribution",
    "ClaimLedgerError",
    "EvalError",
    "ExtractOptions",
    "ExtractionError",
    "Factuality",
    "Hedge",
    "InputError",
    "NotFound",
    "Quantity",
    "SchemaVersionError",
    "Span",
    "StorageError",
    "analyze",
    "analyze_json",
    "analyze_many",
]


def __getattr__(name: str) -> Any:
    """Import spaCy only when analysis is asked for: `claimledger --help` stays fast."""
    if name in ("analyze", "analyze_json", "ExtractOptions"):
        # deferred: spaCy is imported only when analysis is asked for
        from claimledger.analysis import article

        return getattr(article, name)
    if name == "analyze_many":
        # deferred: the same lazy route as the others, so that `import claimledger` stays light
        from claimledger.engine.runner import analyze_many

        return analyze_many
    raise AttributeError(name)
