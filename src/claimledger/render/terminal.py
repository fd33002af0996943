"""Untrusted text made safe to print to a terminal: control characters shown, never sent.

An article, an outlet's name, a page title or a file name can carry ESC sequences (clear
the screen, retitle the window, an OSC 8 link), BEL, a carriage return that overwrites the
line before it, or a newline that forges a line of its own ("error: ..."). Everything the
CLI prints that it did not write itself goes through :func:`printable`, which shows such
characters as Python-style escapes (``\\x1b``, ``\\r``), and, in a table, inside a rich
``Text`` (never a markup string, so "[link=...]" prints as written).
"""

from __future__ import annotations

import re

#: C0 controls, DEL, C1 controls, and the bidirectional overrides and isolates that can
#: make a terminal show text in another order than it is stored ("Trojan Source").
_BIDI = "\u202a-\u202e\u2066-\u2069"
_ONE_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
_MULTILINE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")  # keeps \t and \n
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: object, *, multiline: bool = False) -> str:
    """``text`` as a string with every control character escaped; ``multiline`` keeps
    newlines and tabs (an article's body), otherwise the result is one line."""
    return (_MULTILINE if multiline else _ONE_LINE).sub(_escape, str(text))
