"""Terminal and HTML views of one article: grouping, marks, escaping and sound markup."""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser

import hypothesis.strategies as st
from hypothesis import given, settings

from claimledger.models import ArticleAnalysis, ArticleMeta, Attribution, Hedge, Quantity, Span
from claimledger.render import render_html, render_text
from claimledger.render.html import LEGEND
from fixtures_analysis import seed_analysis, span

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def _flat(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- text


def test_text_groups_attributions_by_speaker() -> None:
    out = _flat(render_text(seed_analysis(), width=200))
    head = out.index("Volodymyr Zelensky (person; 2 attributions)")
    # a4 (written "Volodymyr Zelensky") and a5 (written "Zelensky") sit together under one heading.
    assert (
        head
        < out.index("a4 cue warning")
        < out.index("a5 cue said via CNN")
        < out.index("Ukrainian officials (unnamed_group")
    )
    assert out.count("(person; 2 attributions)") == 1
    assert "as written Zelensky" in out
    assert "Ihor Solovey (person; 1 attribution)" in out
    assert "The author's own assertions (unattributed; 1 attribution)" in out


def test_text_shows_channel_qualifiers_hedges_and_factuality() -> None:
    out = _flat(render_text(seed_analysis(), width=200))
    assert "told via the Associated Press · direct quote" in out
    assert "≤10,000 troops (upper_bound)" in out
    assert "≈1,500 North Korean soldiers (approximate)" in out
    assert "[unverified: has yet to be independently verified]" in out
    assert "[confirmation: confirm]" in out
    assert "Volodymyr Zelensky: possible, positive (PS+)" in out
    # Direct quotes keep their own marks instead of getting a second pair.
    assert '"For Ukraine, this video is important' in out and '“"For Ukraine' not in out


def test_text_profile_comes_before_attributions_and_lists_unlinked_hedges() -> None:
    out = _flat(render_text(seed_analysis(), width=200))
    assert out.index("Sourcing profile") < out.index("Attributions by source")
    assert "Channels: Associated Press (1), CNN (1)" in out
    unlinked = out[out.index("Hedges not linked to an attribution") :]
    assert "[hedge: reportedly]" in unlinked and "[unverified: would not disclose]" in unlinked
    assert "has yet to be independently verified" not in unlinked  # linked to a2, shown there
    assert "Quantities not linked" not in out


def test_text_lists_quantity_whose_link_was_removed() -> None:
    a = seed_analysis()
    q3 = dataclasses.replace(a.quantities[2], attribution_id=None)
    a7 = dataclasses.replace(a.attributions[6], quantity_ids=())
    atts = a.attributions[:6] + (a7,) + a.attributions[7:]
    out = _flat(render_text(dataclasses.replace(a, quantities=a.quantities[:2] + (q3,), attributions=atts)))
    assert (
        "Quantities not linked to an attribution 12,000 North Korean troops (possible total) (exact)" in out
    )


def test_text_color_switch_and_width() -> None:
    a = seed_analysis()
    plain = render_text(a, width=60)
    assert "\x1b[" not in plain
    assert max(len(line) for line in plain.splitlines()) <= 60
    assert "\x1b[" in render_text(a, color=True, width=60)


def _tricky() -> ArticleAnalysis:
    text = (
        'Officials [bold]said[/bold] <script>alert(1)</script> was found. " onmouseover="alert(1) '
        "the [/] number was [red]5 cats[/red].\nSecond & last paragraph."
    )
    src = span(text, "Officials [bold]")
    cue = span(text, "said")
    content = span(text, '<script>alert(1)</script> was found. " onmouseover="alert(1)')
    qty = span(text, "5 cats")
    return ArticleAnalysis(
        id='x"><script>',
        text=text,
        meta=ArticleMeta(
            title='<script>alert(1)</script> " onmouseover="x [bold]T[/]',
            url="javascript:alert(1)",
            outlet="<b>Outlet</b>",
        ),
        attributions=(
            Attribution(
                "a1",
                source=src,
                source_type="person",
                cue=cue,
                content=content,
                quote_type="indirect",
                source_resolved='Evil " onmouseover="x <img src=x>',
                quantity_ids=("q1",),
            ),
        ),
        quantities=(Quantity("q1", qty, 5, None, None, "exact", "cats [b]", "5"),),
        hedges=(),
    )


def test_text_prints_rich_markup_literally() -> None:
    out = render_text(_tricky(), width=200)
    # "[/]" with nothing open would make rich raise MarkupError if it were parsed as markup.
    assert "[bold]T[/]" in out  # title
    assert "as written Officials [bold]" in _flat(out)
    assert 'Evil " onmouseover="x <img src=x> (person; 1 attribution)' in _flat(out)
    assert "5 cats [b] (exact)" in out


# --------------------------------------------------------------------------- html


class PageParser(HTMLParser):
    """Checks nesting and collects highlights with the text each one really covers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.highlights: list[dict[str, object]] = []
        self._open_hl: list[dict[str, object] | None] = []
        self.article_depth: int | None = None
        self.article_text: list[str] = []
        self.style = ""
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag in VOID:
            return
        self.stack.append(tag)
        if tag == "div" and "article" in (a.get("class") or "").split():
            self.article_depth = len(self.stack)
        if tag == "style":
            self._in_style = True
        record: dict[str, object] | None = None
        if tag == "span" and a.get("data-start") is not None:
            record = {"attrs": a, "text": []}
            self.highlights.append(record)
        self._open_hl.append(record)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack[-3:]}")
            return
        if self.article_depth == len(self.stack) and tag == "div":
            self.article_depth = None
        self.stack.pop()
        self._open_hl.pop()
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        for rec in self._open_hl:
            if rec is not None:
                rec["text"].append(data)  # type: ignore[attr-defined]
        if self.article_depth is not None:
            self.article_text.append(data)
        if self._in_style:
            self.style += data


def _parse(page: str) -> PageParser:
    p = PageParser()
    p.feed(page)
    p.close()
    assert p.errors == []
    assert p.stack == [], f"unclosed tags: {p.stack}"
    return p


def _check_highlights(p: PageParser, text: str) -> dict[str, list[tuple[int, int]]]:
    """Every highlight holds exactly its slice; returns the fragments of each mark."""
    frags: dict[str, list[tuple[int, int]]] = {}
    for h in p.highlights:
        attrs = h["attrs"]
        assert isinstance(attrs, dict)
        start, end = int(attrs["data-start"]), int(attrs["data-end"])
        assert "".join(h["text"]) == text[start:end]  # type: ignore[arg-type]
        # the fragments of a split span share a data-mark; a whole span is named by its offsets
        frags.setdefault(attrs.get("data-mark") or f"{start}-{end} {attrs['class']}", []).append((start, end))
    assert "".join(p.article_text) == text
    return frags


def test_html_seed_highlights_match_text_and_nest() -> None:
    a = seed_analysis()
    p = _parse(render_html(a))
    frags = _check_highlights(p, a.text)
    # 9 contents, 8 sources, 8 cues, 2 channels, 3 quantities, 6 hedges, each highlighted once.
    assert len(frags) == 36
    spans = {
        (s.start, s.end)
        for att in a.attributions
        for s in (att.source, att.cue, att.channel, att.content)
        if s
    }
    spans |= {(q.span.start, q.span.end) for q in a.quantities} | {
        (h.span.start, h.span.end) for h in a.hedges
    }
    assert {(min(f)[0], max(f)[1]) for f in frags.values()} == spans
    assert "\n" in "".join(p.article_text)  # paragraphs survive
    assert "white-space: pre-wrap" in p.style


def test_html_links_pieces_of_each_attribution_to_its_row() -> None:
    a = seed_analysis()
    p = _parse(render_html(a))
    ids = {attrs.get("id") for _, attrs in p.tags}
    for att in a.attributions:
        assert f"attr-{att.id}" in ids and f"row-{att.id}" in ids
    a5 = [h["attrs"] for h in p.highlights if h["attrs"].get("data-attr") == "a5"]  # type: ignore[union-attr]
    classes = {c for attrs in a5 for c in attrs["class"].split()}  # type: ignore[index]
    assert {"hl-source", "hl-cue", "hl-channel", "hl-content"} <= classes
    # a6 and a7 share the "have not been independently verified" hedge.
    shared = [h["attrs"] for h in p.highlights if "hl-unverified" in h["attrs"]["class"]]  # type: ignore[index]
    assert any(attrs.get("data-attr") == "a6 a7" for attrs in shared)  # type: ignore[union-attr]
    refs = [attrs["href"] for tag, attrs in p.tags if tag == "a" and "ref" in (attrs.get("class") or "")]
    assert refs == [f"#row-{att.id}" for att in sorted(a.attributions, key=lambda x: x.content.end)]


def test_html_tooltips_and_table() -> None:
    a = seed_analysis()
    page = render_html(a)
    p = _parse(page)
    titles = [h["attrs"]["title"] for h in p.highlights]  # type: ignore[index]
    assert "source: Volodymyr Zelensky (person) · a4" in titles
    assert any(str(t).startswith("source: Volodymyr Zelensky (person), written “Zelensky”") for t in titles)
    assert "quantity: ≤10,000 troops (upper_bound) · a4" in titles
    assert "channel: Associated Press · a2 · Ihor Solovey" in titles
    row = page[page.index('id="row-a2"') : page.index("</tr>", page.index('id="row-a2"'))]
    for needle in (
        "Ihor Solovey",
        "told",
        "Associated Press",
        "[unverified: has yet to be independently verified]",
    ):
        assert needle in row
    assert "Sourcing profile" in page and "Associated Press (1)" in page


def test_html_every_highlight_class_is_in_the_legend() -> None:
    p = _parse(render_html(seed_analysis()))
    used = {c for h in p.highlights for c in h["attrs"]["class"].split() if c.startswith("hl-")}  # type: ignore[index]
    legend = {css for css, _, _ in LEGEND}
    assert used and used <= legend
    for css in legend:
        assert f".{css} " in p.style  # every legend colour is defined


def test_html_escapes_article_and_metadata() -> None:
    a = _tricky()
    page = render_html(a)
    p = _parse(page)
    assert "<script" not in page.lower()
    assert 'onmouseover="' not in page
    assert "<b>Outlet</b>" not in page and "<img src=x>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&quot; onmouseover=&quot;alert(1)" in page
    assert "&lt;b&gt;Outlet&lt;/b&gt;" in page
    assert all(tag not in {"script", "img"} for tag, _ in p.tags)
    assert all(not k.startswith("on") for _, attrs in p.tags for k in attrs)
    assert all(not (attrs.get("href") or "").startswith("javascript:") for _, attrs in p.tags)
    titles = [h["attrs"]["title"] for h in p.highlights]  # type: ignore[index]
    assert any('Evil " onmouseover="x <img src=x>' in str(t) for t in titles)  # inert text in the tooltip
    _check_highlights(p, a.text)


def test_html_is_self_contained() -> None:
    for a in (seed_analysis(), _tricky()):
        page = render_html(a)
        p = _parse(page)
        for tag, attrs in p.tags:
            assert tag not in {"link", "script", "img", "iframe", "object", "embed"}
            assert "src" not in attrs
        assert "url(" not in p.style and "@import" not in p.style
    # Nothing outside the page is referenced; the only absolute URL is the article's own, as a link.
    assert "http://" not in render_html(_tricky()) and "https://" not in render_html(_tricky())
    seed_page = render_html(seed_analysis())
    assert re.findall(r"https?://[^\"<]+", seed_page) == ["https://example.org/nk-troops"] * 2


def test_html_crossing_and_identical_spans_still_nest() -> None:
    text = "alpha beta gamma delta epsilon zeta"
    content = span(text, "alpha beta gamma")
    att = Attribution(
        "a1",
        source=span(text, "alpha"),
        source_type="person",
        cue=span(text, "delta"),
        content=content,
        quote_type="indirect",
        hedge_ids=("h1",),
    )
    hedge = Hedge("h1", span(text, "delta"), "hedge", span(text, "epsilon"), "delta")  # same span as the cue
    q_cross = Quantity("q1", span(text, "beta gamma delta"), 1, None, None, "exact", "x", "1")
    h_cross = Hedge("h2", span(text, "gamma delta epsilon"), "denial", span(text, "zeta"), "deny")
    a = ArticleAnalysis("t", text, ArticleMeta(title="t"), (att,), (q_cross,), (hedge, h_cross))
    p = _parse(render_html(a))
    frags = _check_highlights(p, text)
    expected = {
        (s.start, s.end) for s in (att.source, att.cue, content, q_cross.span, hedge.span, h_cross.span) if s
    }
    assert {(min(f)[0], max(f)[1]) for f in frags.values()} == expected
    for pieces in frags.values():  # fragments of one mark are contiguous
        pieces.sort()
        assert all(x[1] == y[0] for x, y in zip(pieces, pieces[1:], strict=False))
    assert any(len(pieces) > 1 for pieces in frags.values())  # crossing forced a split
    conts = [h["attrs"] for h in p.highlights if "cont" in h["attrs"]["class"].split()]  # type: ignore[index]
    assert conts and all("id" not in attrs for attrs in conts)  # type: ignore[operator]


def test_html_skips_spans_whose_offsets_do_not_match() -> None:
    a = seed_analysis()
    bad = dataclasses.replace(a.hedges[0], span=Span("presumed", 0, 8))  # text there is "In what "
    page = render_html(dataclasses.replace(a, hedges=(bad,) + a.hedges[1:]))
    p = _parse(page)
    frags = _check_highlights(p, a.text)
    assert len(frags) == 35
    assert "1 span(s) could not be highlighted" in page


@st.composite
def _random_analysis(draw: st.DrawFn) -> ArticleAnalysis:
    text = draw(st.text(alphabet="ab <>&\"'\n[]é", min_size=1, max_size=40))
    n = len(text)
    pairs = draw(st.lists(st.tuples(st.integers(0, n), st.integers(0, n)), max_size=12))
    spans = [Span(text[s:e], s, e) for s, e in ((min(p), max(p)) for p in pairs) if s < e]
    atts, qs, hs = [], [], []
    for i, sp in enumerate(spans):
        kind = i % 3
        if kind == 0:
            atts.append(Attribution(f"a{i}", sp, "person", sp, sp, "direct"))
        elif kind == 1:
            qs.append(Quantity(f"q{i}", sp, 1, None, None, "exact", "t", "1"))
        else:
            hs.append(Hedge(f"h{i}", sp, "unverified", sp, "v"))
    return ArticleAnalysis("r", text, ArticleMeta(title=text), tuple(atts), tuple(qs), tuple(hs))


@settings(max_examples=80, deadline=None)
@given(_random_analysis())
def test_html_any_overlap_nests_and_keeps_text(a: ArticleAnalysis) -> None:
    p = _parse(render_html(a))
    frags = _check_highlights(p, a.text)
    expected = {(s.start, s.end) for x in a.attributions for s in (x.source, x.cue, x.content) if s}
    expected |= {(q.span.start, q.span.end) for q in a.quantities} | {
        (h.span.start, h.span.end) for h in a.hedges
    }
    assert {(min(f)[0], max(f)[1]) for f in frags.values()} == expected
