"""Keep generated figures in ``docs/*.md`` between markers, so reruns replace them in place."""

from __future__ import annotations

import re
from pathlib import Path


def update_section(path: Path, name: str, body: str, *, title: str | None = None) -> None:
    """Replace (or append) the block between ``<!-- name:start -->`` and ``<!-- name:end -->``."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = f"{start}\n{body.rstrip()}\n{end}"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        heading = f"\n## {title or name.capitalize()}\n\n"
        text = text.rstrip() + "\n" + heading + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
