"""Every human view: the terminal and HTML views of an article, and the charts the web pages draw.

The views load on first use (PEP 562): the CLI imports :mod:`claimledger.render.terminal`
at start-up, and that should not cost rich and the HTML templates.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from claimledger.render.html import render_html
    from claimledger.render.text import render_text

__all__ = ["render_html", "render_text"]


def __getattr__(name: str) -> Any:
    if name == "render_html":
        from claimledger.render.html import render_html  # deferred: see the module docstring

        return render_html
    if name == "render_text":
        from claimledger.render.text import render_text  # deferred: see the module docstring

        return render_text
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
