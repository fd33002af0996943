"""The local web app and JSON API: ``create_app(db)`` (see docs/web.md)."""

from __future__ import annotations

from claimledger.web.app import create_app

__all__ = ["create_app"]
