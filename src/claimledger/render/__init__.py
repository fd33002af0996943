"""Presentations of one analyzed article: a terminal view and a self-contained HTML page."""

from __future__ import annotations

from claimledger.render.html import render_html
from claimledger.render.text import render_text

__all__ = ["render_html", "render_text"]
