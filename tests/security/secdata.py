"""Hostile data for the security tests: payloads, articles built from them, store fingerprints.

Every article here is built by hand (no model): its text, title, outlet, author, URL, source
names, counted things and quantities carry attacks. The spans are computed from the text, so
the store, the ledger and every renderer treat them exactly as they would a real analysis.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from claimledger.models import (
    ArticleAnalysis,
    ArticleMeta,
    Attribution,
    Factuality,
    Hedge,
    Quantity,
    SourceType,
    Span,
    article_id,
)

#: Markup that must never reach a page unescaped (each one is unique, so a hit names its field).
MARKUP = (
    "<script>alert('xss-script')</script>",
    '"><script>alert("xss-break-double")</script>',
    "' onmouseover='alert(\"xss-break-single\")' x='",
    '" onfocus="alert(\'xss-autofocus\')" autofocus="',
    "</textarea><script>alert('xss-textarea')</script>",
    "<svg onload=alert('xss-svg')>",
    "<img src=x onerror=alert('xss-img')>",
    "</title><script>alert('xss-title')</script>",
    "</style><script>alert('xss-style')</script>",
    "<!--<script>alert('xss-comment')</script>-->",
    "<iframe srcdoc=\"<script>alert('xss-srcdoc')</script>\"></iframe>",
    "<a href=\"javascript:alert('xss-anchor')\">click</a>",
    "]]><script>alert('xss-cdata')</script>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('xss-mxss')>",
    '<base href="//evil.example/"><meta http-equiv="refresh" content="0;url=javascript:alert(\'xss-meta\')">',
)
#: Template syntax of Jinja2 and friends: it must come out as the same text, never evaluated.
TEMPLATE = ("{{7*7191}}", "{% print 7*7191 %}", "${7*7191}", "#{7*7191}", "<%= 7*7191 %>")
TEMPLATE_RESULT = str(7 * 7191)  # 50337: appears nowhere unless something evaluated a template
#: Article URLs that must never become links (only http and https may).
BAD_URLS = (
    "javascript:alert('xss-url')",
    " JaVaScRiPt:alert('xss-url-case')",
    "java\tscript:alert('xss-url-tab')",
    "data:text/html,<script>alert('xss-url-data')</script>",
    "vbscript:msgbox('xss-url-vb')",
)
#: http(s) URLs that try to break out of the attribute they are printed in.
BREAKING_URLS = (
    "https://news.example/a\"><script>alert('xss-url-break')</script>",
    "http://news.example/?q=<svg onload=alert('xss-url-query')>&x=' onclick='alert(1)",
)
ALL_TEXT_PAYLOADS = MARKUP + TEMPLATE
#: Payloads that, if present verbatim in an HTML document, mean something was not escaped.
RAW_FORBIDDEN = tuple(p for p in MARKUP + BAD_URLS[3:] + BREAKING_URLS if any(c in p for c in "<>\"'"))


class _Text:
    """Appends pieces to an article text and returns each piece's span."""

    def __init__(self) -> None:
        self.text = ""

    def add(self, piece: str) -> Span:
        start = len(self.text)
        self.text += piece
        return Span(piece, start, start + len(piece))


@dataclass(frozen=True)
class HostileSpec:
    source: str
    second_source: str
    figure: str  # "500", "12,000"
    value: float
    thing: str  # the counted thing, possibly hostile
    content_tail: str
    second_content: str
    title: str
    outlet: str
    author: str
    url: str
    published: str
    second_type: SourceType = "person"


FACT = (Factuality("source", "certain", "positive"), Factuality("author", "certain", "positive"))

SPECS = (
    HostileSpec(
        source=f"The {MARKUP[0]} Agency",
        second_source=f"Colonel {MARKUP[1]} Smith",
        figure="500",
        value=500.0,
        thing="soldiers",
        content_tail=f"had arrived in the town {MARKUP[5]} {TEMPLATE[0]}",
        second_content=f"the convoy {MARKUP[4]} was delayed {TEMPLATE[1]}",
        title=f"{MARKUP[7]} Troops arrive {MARKUP[2]}",
        outlet=f"Harbor {MARKUP[3]} Wire",
        author=f"{MARKUP[8]} Mara Quell",
        url=BAD_URLS[0],
        published="2025-03-05",
    ),
    HostileSpec(
        source=f"The {MARKUP[2]} Ministry",
        second_source=f"Mayor {MARKUP[6]} Varga",
        figure="12,000",
        value=12000.0,
        thing="soldiers",
        content_tail=f"had arrived in the town {MARKUP[9]} {TEMPLATE[2]}",
        second_content=f"the roads {MARKUP[10]} were closed {TEMPLATE[3]}",
        title=f"{MARKUP[11]} Thousands more {MARKUP[12]}",
        outlet=f"Lantern {MARKUP[13]} Post",
        author=f"{MARKUP[14]} Pell Arden",
        url=BAD_URLS[1],
        published="2025-03-06",
    ),
    HostileSpec(
        source=f"The {TEMPLATE[0]} Institute",
        second_source=f"Minister {MARKUP[7]} Oster",
        figure="300",
        value=300.0,
        thing=f"{MARKUP[5]} drones",
        content_tail=f"were seen near the border {MARKUP[8]} {TEMPLATE[4]}",
        second_content=f"the sightings {MARKUP[0]} were real",
        title=f"{TEMPLATE[0]} Drones {MARKUP[4]}",
        outlet=f"Quayside {MARKUP[1]} Bulletin",
        author=f"{TEMPLATE[1]} Ilse Varga",
        url=BAD_URLS[2],
        published="2025-03-06",
    ),
    HostileSpec(
        source=f"The {MARKUP[10]} Bureau",
        second_source=f"Spokesman {MARKUP[11]} Norr",
        figure="40",
        value=40.0,
        thing=f"{MARKUP[4]} tanks",
        content_tail=f"had crossed the river {MARKUP[3]} {MARKUP[13]}",
        second_content=f"the tanks {MARKUP[12]} were old {MARKUP[14]}",
        title=f"{MARKUP[6]} Tanks cross {MARKUP[9]}",
        outlet=f"Tidewater {MARKUP[5]} Gazette",
        author=f"{MARKUP[0]} Oda Lind",
        url=BAD_URLS[3],
        published="2025-03-07",
    ),
    HostileSpec(
        source=f"The {MARKUP[14]} Office",
        second_source=f"Doctor {MARKUP[12]} Vale",
        figure="75",
        value=75.0,
        thing="ambulances",
        content_tail=f"were waiting at the gate {MARKUP[6]}",
        second_content=f"the hospital {MARKUP[2]} was full",
        title=f"{MARKUP[3]} Ambulances wait",
        outlet=f"Hollow {MARKUP[9]} Courier",
        author="Ren Oakes",
        url=BREAKING_URLS[0],
        published="2025-03-08",
    ),
    HostileSpec(
        source=f"The {MARKUP[8]} Council",
        second_source=f"Judge {MARKUP[5]} Amsel",
        figure="12",
        value=12.0,
        thing="ferries",
        content_tail=f"were cancelled {MARKUP[1]}",
        second_content=f"the port {MARKUP[7]} would reopen",
        title=f"Ferries cancelled {MARKUP[10]}",
        outlet=f"Velmara {MARKUP[11]} Times",
        author=f"{MARKUP[13]} Sal Brand",
        url=BAD_URLS[4],
        published="2025-03-09",
    ),
    HostileSpec(
        source=f"The {MARKUP[9]} Port Authority",
        second_source=f"Captain {MARKUP[0]} Hale",
        figure="9",
        value=9.0,
        thing="ships",
        content_tail=f"were held in the bay {MARKUP[11]}",
        second_content=f"the cargo {MARKUP[3]} was grain",
        title=f"Ships held {MARKUP[5]}",
        outlet=f"Coastline {MARKUP[12]} Review",
        author="Ana Holm",
        url=BREAKING_URLS[1],
        published="2025-03-09",
    ),
)


def hostile_article(spec: HostileSpec, n: int) -> ArticleAnalysis:
    """One article in the shape the pipeline produces, every shown field carrying a payload."""
    t = _Text()
    source = t.add(spec.source)
    t.add(" ")
    cue = t.add("said")
    t.add(" that ")
    quantity_span = t.add(f"about {spec.figure} {spec.thing}")
    tail = t.add(f" {spec.content_tail}")
    content = Span(quantity_span.text + tail.text, quantity_span.start, tail.end)
    t.add(". ")
    hedge = t.add("Reportedly")
    t.add(", ")
    second_content = t.add(spec.second_content)
    t.add(", ")
    second_source = t.add(spec.second_source)
    t.add(" ")
    second_cue = t.add("added")
    t.add(".")
    text = t.text
    attributions = (
        Attribution(
            id="a1",
            source=source,
            source_type="organization",
            cue=cue,
            content=content,
            quote_type="indirect",
            factuality=FACT,
            quantity_ids=(f"q{n}",),
        ),
        Attribution(
            id="a2",
            source=second_source,
            source_type=spec.second_type,
            cue=second_cue,
            content=second_content,
            quote_type="indirect",
            factuality=FACT,
            hedge_ids=("h1",),
        ),
    )
    quantity = Quantity(
        id=f"q{n}",
        span=quantity_span,
        value=spec.value,
        low=None,
        high=None,
        qualifier="approximate",
        unit_or_thing=spec.thing,
        number_text=spec.figure,
        attribution_id="a1",
        # A particular thing (a capitalised word): the ledger compares only figures of one.
        thing=f"Varnian {spec.thing}",
        unit=spec.thing,
    )
    hedges = (Hedge(id="h1", span=hedge, kind="hedge", scope=second_content, lemma="reportedly"),)
    meta = ArticleMeta(
        title=spec.title, url=spec.url, outlet=spec.outlet, author=spec.author, published=spec.published
    )
    return ArticleAnalysis(
        id=article_id(text),
        text=text,
        meta=meta,
        attributions=attributions,
        quantities=(quantity,),
        hedges=hedges,
    )


def hostile_articles() -> list[ArticleAnalysis]:
    return [hostile_article(spec, n) for n, spec in enumerate(SPECS)]


def fingerprint(db: str | Path) -> tuple[str, dict[str, int]]:
    """A hash of every row of every table (and of the table list), and each table's row count.

    Works on SQLite and PostgreSQL alike: what a test compares before and after an attack."""
    from sqlalchemy import inspect, text

    from claimledger.store import Store

    digest = hashlib.sha256()
    counts: dict[str, int] = {}
    with Store.open(str(db)) as store:
        tables = sorted(inspect(store.engine).get_table_names())
        with store.engine.connect() as conn:
            for table in tables:
                rows = sorted(repr(tuple(r)) for r in conn.execute(text(f'SELECT * FROM "{table}"')))
                counts[table] = len(rows)
                digest.update(f"{table}:{len(rows)}\n".encode())
                for row in rows:
                    digest.update(row.encode("utf-8", "surrogatepass"))
    return digest.hexdigest(), counts
