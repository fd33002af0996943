"""Untrusted JSON to text fields, or one :class:`InputError` naming where it came from.

A JSONL line and a web request's JSON body are read the same way. Three things that
``json.loads`` lets through would otherwise surface far from their cause: nesting deep
enough to exhaust the parser's recursion (RecursionError), invalid UTF-8 in bytes, and
``"\\ud800"`` escapes, which decode to lone surrogates that no database or encoder
accepts (UnicodeEncodeError when the article is stored).
"""

from __future__ import annotations

import json
import re
from typing import Any

from claimledger.errors import InputError

_SURROGATE = re.compile("[\ud800-\udfff]")


def json_object(data: str | bytes, where: str) -> dict[str, Any]:
    """The JSON object in ``data``; InputError naming ``where`` for anything else."""
    try:
        obj = json.loads(data)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON ({exc.msg} at column {exc.colno})", source=where) from exc
    except UnicodeDecodeError as exc:  # bytes that are not UTF-8 (json.loads decodes them strictly)
        raise InputError(f"not valid UTF-8 (byte {exc.start})", source=where) from exc
    except RecursionError as exc:
        raise InputError("JSON nested too deeply", source=where) from exc
    if not isinstance(obj, dict):
        raise InputError("expected a JSON object", source=where)
    return obj


def unicode_text(value: str, field: str, where: str) -> str:
    """``value`` if it is Unicode text; InputError if it holds a lone surrogate."""
    bad = _SURROGATE.search(value)
    if bad:
        raise InputError(
            f"field {field!r} is not valid Unicode (lone surrogate U+{ord(bad.group()):04X})", source=where
        )
    return value


def text_field(obj: dict[str, Any], key: str, where: str) -> str | None:
    """The string at ``key`` (None when absent or null); InputError for another type or bad text."""
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"field {key!r} must be a string", source=where)
    return unicode_text(value, key, where)
