"""Linking: resolve sources, attach hedges and quantities, compute factuality.

Runs after the hedges, quantities and attributions stages and never re-parses:

* ``source_resolved``: who the source is within the article (a surname, a pronoun, a
  description such as "the senator"), by :mod:`claimledger.pipeline.coref`; a
  description that turns out to name a person makes the source a ``person``.
* hedges and quantities inside an attribution's content (or its cue: "did not
  deny") are linked to it.
* factuality, FactBank style, for each holder in the chain (source, channel,
  author): the source's certainty comes from its cue ("said" certain, "believe"
  probable, "fear" possible, "denied" negative) lowered by modals and hedges in
  the content; the author only reports, so it stays uncommitted ("unknown")
  unless it chose a factive cue ("confirmed", "revealed") or marked the claim
  unverified.
* author statements: sentences outside every attribution, with a finite verb,
  are the outlet's own assertions, with the author's factuality from the hedges
  in them.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from claimledger import lexicons
from claimledger.models import Attribution, Certainty, Factuality, Hedge, Polarity, Quantity, Span
from claimledger.pipeline import budget, coref, extensions
from claimledger.pipeline.attribution.vocabulary import ADJUNCT_OPENERS
from claimledger.syntax import deps
from claimledger.syntax.datelines import after_dateline
from claimledger.syntax.parsetree import first_yielded, last_yielded

extensions.register()


_R = TypeVar("_R", Hedge, Quantity)


class _ByOffset(Generic[_R]):
    """Records sorted by start offset: those within a span are found by bisection, not a scan."""

    def __init__(self, records: Sequence[_R]) -> None:
        order = sorted(range(len(records)), key=lambda k: records[k].span.start)
        self.records: Sequence[_R] = records
        self.starts = [records[k].span.start for k in order]
        self.order = order

    def within(self, outer: Span) -> list[int]:
        """Positions (in the original list) of the records inside ``outer``, in list order."""
        lo = bisect_left(self.starts, outer.start)
        hi = bisect_right(self.starts, outer.end)
        return sorted(k for k in self.order[lo:hi] if _within(self.records[k].span, outer))


class Linker:
    """Ties the other stages' records together for one Doc.

    Linear in the number of records: hedges and quantities are found inside a content
    by bisection over their offsets, sources by :mod:`~claimledger.pipeline.coref`, so 5,000
    attributions and 5,000 quantities cost no more than their count says.
    """

    def __init__(self, nlp: Language, name: str = "claimledger_link") -> None:
        self.name = name
        cues = lexicons.load("cues")
        self.probable = frozenset(cues["certainty"]["probable"])
        self.possible = frozenset(cues["certainty"]["possible"])
        self.negative = frozenset(cues["certainty"]["negative"])
        self.factive = frozenset(cues["factive"])
        self.doubt = frozenset(cues["nonfactive_doubt"])
        self.modal_probable = frozenset(cues["content_modals"]["probable"])
        self.modal_possible = frozenset(cues["content_modals"]["possible"])

    def __call__(self, doc: Doc) -> Doc:
        tick = budget.ticker(doc, "claimledger_link")
        hedges: list[Hedge] = list(doc._.hedges or [])
        quantities: list[Quantity] = list(doc._.quantities or [])
        attributions: list[Attribution] = list(doc._.attributions or [])
        resolutions = coref.resolve_sources(doc, attributions)
        hedge_index, quantity_index = _ByOffset(hedges), _ByOffset(quantities)
        linked: list[Attribution] = []
        q_owner: dict[str, str] = {}
        for att, who in zip(attributions, resolutions, strict=True):
            tick()
            resolved = who.name
            found = set(hedge_index.within(att.content))
            if att.cue:
                found.update(hedge_index.within(att.cue))
            hs = tuple(hedges[k].id for k in sorted(found))
            qs = tuple(
                quantities[k].id
                for k in quantity_index.within(att.content)
                if quantities[k].id not in q_owner
            )
            for qid in qs:
                q_owner[qid] = att.id
            fact = self.factuality(doc, att, resolved, [hedges[k] for k in sorted(found)])
            done = dataclasses.replace(
                att,
                source_resolved=resolved,
                source_type=who.source_type,
                hedge_ids=hs,
                quantity_ids=qs,
                factuality=fact,
            )
            linked.append(done)
        statements = self.author_statements(
            doc, linked, hedges, quantities, q_owner, 1, (hedge_index, quantity_index), tick
        )
        doc._.attributions = linked
        doc._.statements = statements
        doc._.quantities = [dataclasses.replace(q, attribution_id=q_owner.get(q.id)) for q in quantities]
        return doc

    def factuality(
        self, doc: Doc, att: Attribution, resolved: str | None, hedges: Sequence[Hedge]
    ) -> tuple[Factuality, ...]:
        """Each holder's commitment to the content, innermost source first."""
        cue_lemma, negated = _cue_info(doc, att)
        certainty: Certainty = "certain"
        polarity: Polarity = "positive"
        if cue_lemma in self.probable:
            certainty = "probable"
        elif cue_lemma in self.possible:
            certainty = "possible"
        if cue_lemma in self.negative:
            polarity = "negative"
        if negated:  # "did not confirm", "did not deny": the source leaves it open
            certainty, polarity = "unknown", "unknown"
        content_words = {w.lower() for w in re.findall(r"\w+", att.content.text)}
        if att.quote_type == "indirect" and certainty == "certain":
            if content_words & self.modal_possible:
                certainty = "possible"
            elif content_words & self.modal_probable:
                certainty = "probable"
        kinds = {h.kind for h in hedges}
        if "hedge" in kinds and certainty == "certain":
            certainty = "probable"
        holder = resolved or (att.source.text if att.source else "(unnamed source)")
        chain = [Factuality(holder, certainty, polarity)]
        if att.channel is not None:
            chain.append(Factuality(att.channel.text, "unknown", "unknown"))
        author_c: Certainty = "unknown"
        author_p: Polarity = "unknown"
        if cue_lemma in self.factive and not negated and "unverified" not in kinds:
            author_c, author_p = certainty, polarity  # a factive cue commits the writer too
        chain.append(Factuality("author", author_c, author_p))
        return tuple(chain)

    def author_statements(
        self,
        doc: Doc,
        attributions: Sequence[Attribution],
        hedges: Sequence[Hedge],
        quantities: Sequence[Quantity],
        q_owner: dict[str, str],
        start: int,
        indexes: tuple[_ByOffset[Hedge], _ByOffset[Quantity]] | None = None,
        tick: Callable[[], None] | None = None,
    ) -> list[Attribution]:
        """Sentences no one else is credited with are the outlet's own assertions."""
        spans = [(a.content.start, a.content.end) for a in attributions]
        spans += [(a.cue.start, a.cue.end) for a in attributions if a.cue]
        taken = _Taken(spans)
        hedge_index, quantity_index = indexes or (_ByOffset(hedges), _ByOffset(quantities))
        out: list[Attribution] = []
        n = start
        full = doc.text  # rebuilt from the tokens on every access: read it once
        for sent in doc.sents:
            if tick is not None:
                tick()
            if _is_question(sent):
                continue
            for part in _free_clauses(doc, sent, taken):
                if not _is_assertion(part) or _is_fragment(part):
                    continue
                mark = _opening_mark(part)  # a concession's "while": the clause without it
                begin = mark.nbor().idx if mark is not None and mark.i + 1 < part.end else part.start_char
                begin = after_dateline(full, begin, part.end_char)
                text = full[begin : part.end_char].rstrip().rstrip(" ,;")
                span = Span(text, begin, begin + len(text))
                hs = [hedges[k] for k in hedge_index.within(span)]
                qs = [quantities[k] for k in quantity_index.within(span)]
                out.append(self._statement(part, span, hs, qs, q_owner, n))
                n += 1
        return out

    def _statement(
        self,
        part: SpacySpan,
        span: Span,
        hedges: Sequence[Hedge],
        quantities: Sequence[Quantity],
        q_owner: dict[str, str],
        n: int,
    ) -> Attribution:
        """One clause the writer asserts, with its own hedges and quantities (those within ``span``)."""
        hs = [h for h in hedges if _within(h.span, span)]
        qs = tuple(q.id for q in quantities if _within(q.span, span) and q.id not in q_owner)
        sid = f"s{n}"
        for qid in qs:
            q_owner[qid] = sid
        return Attribution(
            id=sid,
            source=None,
            source_type="author",
            cue=None,
            content=span,
            quote_type="indirect",
            factuality=(self._author_factuality(part, hs),),
            hedge_ids=tuple(h.id for h in hs),
            quantity_ids=qs,
            extractor="statement.v1",
        )

    def _author_factuality(self, sent: SpacySpan, hedges: Sequence[Hedge]) -> Factuality:
        kinds = {h.kind for h in hedges}
        words = {t.lower_ for t in sent}
        certainty: Certainty = "certain"
        polarity: Polarity = (
            "negative" if any(t.dep_ == "neg" and t.head.dep_ == "ROOT" for t in sent) else "positive"
        )
        if "unverified" in kinds:
            certainty, polarity = "unknown", "unknown"
        elif "hedge" in kinds or words & self.modal_probable:
            certainty = "probable"
        elif words & self.modal_possible:
            certainty = "possible"
        if "denial" in kinds:
            polarity = "negative"
        return Factuality("author", certainty, polarity)


@Language.factory(
    "claimledger_link",
    assigns=["doc._.attributions", "doc._.quantities", "doc._.statements"],
    requires=["doc._.attributions", "doc._.hedges", "doc._.quantities"],
)
def make_linker(nlp: Language, name: str) -> Linker:
    """Factory for the linking stage."""
    return Linker(nlp, name)


def _cue_info(doc: Doc, att: Attribution) -> tuple[str, bool]:
    if att.cue is None:
        return "", False
    span = doc.char_span(att.cue.start, att.cue.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return att.cue.text.lower(), False
    verbs = [t for t in span if t.pos_ in ("VERB", "NOUN") or t.dep_ == "ROOT"] or [span.root]
    negated = any(t.dep_ == "neg" for t in span) or any(c.dep_ == "neg" for v in verbs for c in v.children)
    lemma = "according to" if span.text.lower() == "according to" else verbs[-1].lemma_.lower()
    return lemma, negated


class _Taken:
    """Character ranges credited to someone: "does this range overlap one" is a bisection.

    The ranges sorted by start, with the largest end seen so far: a range [a, b) overlaps
    one of them iff the largest end among those starting before b is past a.
    """

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        ordered = sorted(t for t in spans if t[1] > t[0])
        self.starts = [t[0] for t in ordered]
        self.reach: list[int] = []
        for _, end in ordered:
            self.reach.append(max(end, self.reach[-1]) if self.reach else end)

    def overlaps(self, start: int, end: int) -> bool:
        if end <= start:
            return False
        k = bisect_left(self.starts, end) - 1
        return k >= 0 and self.reach[k] > start


class _Contained:
    """Token ranges within one sentence: "is [s, e) inside one of them" in log time.

    A Fenwick tree over start offsets keeping the largest end, so that the largest end
    among the ranges starting at or before s is one query.
    """

    def __init__(self, size: int) -> None:
        self.tree = [-1] * (size + 1)

    def add(self, start: int, end: int) -> None:
        i = start + 1
        while i < len(self.tree):
            self.tree[i] = max(self.tree[i], end)
            i += i & -i

    def contains(self, start: int, end: int) -> bool:
        best, i = -1, start + 1
        while i > 0:
            best = max(best, self.tree[i])
            i -= i & -i
        return best >= end


def _free_clauses(doc: Doc, sent: SpacySpan, taken: _Taken) -> list[SpacySpan]:
    """The sentence when no one else is credited in it; else its clauses outside every attribution.

    "While the authenticity of the video has yet to be independently verified, X told
    the AP ...": the while-clause is the writer's own statement.
    """
    if not taken.overlaps(sent.start_char, sent.end_char):
        return [sent]
    parts: list[SpacySpan] = []
    seen = _Contained(len(sent))  # the parts within the sentence (all of them, for a parsed doc)
    outside: list[SpacySpan] = []  # any others
    for tok in sent:
        if tok.dep_ not in ("advcl", "conj") or not any(
            c.dep_ in deps.NOMINAL_SUBJECTS for c in tok.children
        ):
            continue
        span = doc[first_yielded(tok).i : last_yielded(tok).i + 1]  # not the whole subtree, per clause
        if taken.overlaps(span.start_char, span.end_char):
            continue
        rel_start, rel_end = span.start - sent.start, span.end - sent.start
        inner = 0 <= rel_start and rel_end <= len(sent)
        if inner and seen.contains(rel_start, rel_end):
            continue
        if any(p.start <= span.start and span.end <= p.end for p in outside):
            continue
        if inner:
            seen.add(rel_start, rel_end)
        else:
            outside.append(span)
        parts.append(span)
    return parts


def _is_assertion(sent: SpacySpan) -> bool:
    """A declarative sentence with a finite verb, long enough to state something."""
    words = [t for t in sent if not t.is_punct and not t.is_space]
    if len(words) < 5 or sent.text.rstrip().endswith("?"):
        return False
    return any(t.pos_ in ("VERB", "AUX") and t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in sent)


def _is_question(sent: SpacySpan) -> bool:
    """A sentence ending in a question mark (inside closing quotes too) asks; it asserts nothing."""
    return sent.text.rstrip().rstrip("\"'\u201d\u2019)").endswith("?")


#: Subordinators of concession: the writer grants what their clause says ("While the video
#: has yet to be verified, ..."), so the clause is the writer's statement, without the word.
_CONCESSIVE = frozenset({"while", "although", "though", "whereas"})


def _opening_mark(part: SpacySpan) -> Token | None:
    """The subordinator that opens ``part`` ("because", "if", "while"), if one does."""
    first = part[0]
    if first.dep_ == "mark" and first.head == part.root and first.lower_ in ADJUNCT_OPENERS | _CONCESSIVE:
        return first
    return None


def _is_fragment(part: SpacySpan) -> bool:
    """A clause of reason, time or condition ("because he was not authorised to brief
    journalists", "if the talks fail") leans on another clause: no assertion of its own."""
    mark = _opening_mark(part)
    return mark is not None and mark.lower_ not in _CONCESSIVE


def _within(inner: Span, outer: Span) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end
