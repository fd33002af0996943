"""Every human view: the terminal and HTML views of an article, and the charts the web pages draw."""

from __future__ import annotations

from claimledger.render.html import render_html
from claimledger.render.text import render_text

__all__ = ["render_html", "render_text"]
