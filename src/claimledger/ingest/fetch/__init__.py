"""Articles from the web: pages, RSS/Atom feeds and a watch loop, fetched safely.

``client`` (httpx, caps, redirects, retries, rate limit), ``safety`` (address checks),
``pages`` (page -> article), ``feeds`` (feedparser), ``config`` and ``watch``.
See ``docs/ingestion.md``.
"""

from claimledger.ingest.fetch.client import USER_AGENT, Fetcher, FetchOptions, Response
from claimledger.ingest.fetch.safety import blocked_reason, checked_addresses

__all__ = ["USER_AGENT", "FetchOptions", "Fetcher", "Response", "blocked_reason", "checked_addresses"]
