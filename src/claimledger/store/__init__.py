"""Persistence: articles, their analysis, actors and the ledger, on SQLite or PostgreSQL."""

from claimledger.store.actors import GRADES, Actors, alias_key
from claimledger.store.database import resolve_url
from claimledger.store.store import Store

__all__ = ["GRADES", "Actors", "Store", "alias_key", "resolve_url"]
