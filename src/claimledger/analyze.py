"""Temporary alias of :mod:`claimledger.analysis` (removed before release)."""

from claimledger.analysis import ExtractOptions, analyze, analyze_json, analyze_many, article_id, from_doc

__all__ = ["ExtractOptions", "analyze", "analyze_json", "analyze_many", "article_id", "from_doc"]
