"""Does an HTML document carry only our own markup? A parser-based check, stricter than htmlcheck.

What counts as "ours" is read from the sources that write HTML (the Jinja templates, the
annotated-article renderer, the SVG charts, the story report), so a new template tag is
allowed automatically while a tag that only an attacker could have written is not.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import claimledger

PKG = Path(claimledger.__file__).resolve().parent
HTML_SOURCES = (
    *sorted((PKG / "web" / "templates").glob("*.html")),
    PKG / "render" / "html.py",
    PKG / "render" / "charts.py",
    PKG / "ledger" / "story.py",
)
#: Never ours, whatever a source file happens to mention.
FORBIDDEN_TAGS = frozenset(
    "script iframe frame frameset object embed applet img image base textarea math mtext mglyph "
    "noscript template xmp plaintext noembed portal video audio source track foreignobject".split()
)
URL_ATTRS = frozenset({"href", "src", "action", "formaction", "xlink:href", "poster", "background", "data"})
BOOLEAN_ATTRS = frozenset({"required", "selected"})


def _source_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in HTML_SOURCES)


def our_tags() -> frozenset[str]:
    found = {m.group(1).lower() for m in re.finditer(r"</?([a-zA-Z][a-zA-Z0-9]*)[\s>/]", _source_text())}
    return frozenset(found - FORBIDDEN_TAGS)


def our_attributes() -> frozenset[str]:
    found = {m.group(1).lower() for m in re.finditer(r"\b([a-zA-Z][\w:-]*)=[\"'{]", _source_text())}
    return frozenset(found | BOOLEAN_ATTRS) - {a for a in found if a.lower().startswith("on")}


OUR_TAGS = our_tags()
OUR_ATTRS = our_attributes()


def _scheme_of(value: str) -> str:
    """The scheme a browser would see: it drops whitespace and control characters first."""
    cleaned = "".join(ch for ch in value if ch > " " and ch != "\x7f").lower()
    m = re.match(r"([a-z][a-z0-9+.-]*):", cleaned)
    return m.group(1) if m else ""


class Inspector(HTMLParser):
    """Collects everything that could execute or that is not our own markup, and the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text_parts: list[str] = []
        self.titles = 0
        self.styles: list[str] = []
        self._in_style = False
        self._svg = 0  # SVG has <title> elements of its own (tooltips)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)
        if tag == "svg":
            self._svg += 1
        if tag == "title" and not self._svg:
            self.titles += 1
        if tag == "style":
            self._in_style = True
            self.styles.append("")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False
        if tag == "svg":
            self._svg = max(0, self._svg - 1)

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles[-1] += data
        else:
            self.text_parts.append(data)

    def handle_comment(self, data: str) -> None:
        self.problems.append(f"HTML comment {data[:40]!r}: our pages have none")

    def handle_pi(self, data: str) -> None:
        self.problems.append(f"processing instruction {data[:40]!r}")

    def _check(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN_TAGS or tag not in OUR_TAGS:
            self.problems.append(f"<{tag}> is not our markup")
        names = [n for n, _ in attrs]
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"event handler {name}= on <{tag}>")
            elif name not in OUR_ATTRS:
                self.problems.append(f"attribute {name}= on <{tag}> is not ours")
            if name in URL_ATTRS and value:
                scheme = _scheme_of(value)
                if scheme and scheme not in ("http", "https"):
                    self.problems.append(f"{name}={value[:60]!r} on <{tag}>: {scheme}: URL")
                if value.strip().startswith(("//", "\\\\", "/\\")):
                    self.problems.append(f"{name}={value[:60]!r} on <{tag}>: protocol-relative URL")
            if name == "style" and re.search(r"url\(|expression|javascript|@import|behavior", value, re.I):
                self.problems.append(f"style={value[:60]!r} on <{tag}>")
            if name == "srcdoc":
                self.problems.append(f"srcdoc on <{tag}>")
        if tag == "meta" and "http-equiv" in names:
            self.problems.append("<meta http-equiv> (refresh or CSP override)")
        if tag == "link" and dict(attrs).get("href", "") != "/static/style.css":
            self.problems.append(f"<link href={dict(attrs).get('href')!r}>")

    @property
    def text(self) -> str:
        return "".join(self.text_parts)


def inspect(html: str) -> Inspector:
    found = Inspector()
    found.feed(html)
    found.close()
    for css in found.styles:
        if "<" in css or "expression(" in css or "javascript" in css.lower():
            found.problems.append(f"style element carries markup or script: {css[:60]!r}")
    if found.titles > 1:
        found.problems.append(f"{found.titles} <title> elements: something broke out of the title")
    return found


def problems(html: str, forbidden: tuple[str, ...] = (), never: tuple[str, ...] = ()) -> list[str]:
    """Everything wrong with ``html``: active or foreign markup, raw payloads, evaluated templates."""
    found = inspect(html).problems
    found += [f"payload present unescaped: {p[:50]!r}" for p in forbidden if p in html]
    found += [f"{s!r} present: a template was evaluated" for s in never if s in html]
    return found
