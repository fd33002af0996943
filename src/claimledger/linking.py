"""Linking: resolve sources, attach hedges and quantities, compute factuality.

Runs after the hedges, quantities and attributions stages and never re-parses:

* ``source_resolved``: a surname or title ("Zelensky", "Mr. Obama") becomes the
  longest PERSON name in the article ending with it; a personal pronoun becomes
  the nearest preceding person named as a speaker or subject.
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
from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from claimledger import extensions, lexicons
from claimledger.models import Attribution, Certainty, Factuality, Hedge, Polarity, Quantity, Span

extensions.register()

_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers"})
_TITLE = re.compile(
    r"^(mr|mrs|ms|dr|sen|rep|gov|gen|president|prime minister|minister|senator|secretary)\.?\s+", re.I
)


class Linker:
    """Ties the other stages' records together for one Doc."""

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
        hedges: list[Hedge] = list(doc._.hedges or [])
        quantities: list[Quantity] = list(doc._.quantities or [])
        attributions: list[Attribution] = list(doc._.attributions or [])
        names = _person_names(doc)
        linked: list[Attribution] = []
        q_owner: dict[str, str] = {}
        for att in attributions:
            resolved = resolve_source(doc, att, names, linked)
            hs = tuple(
                h.id for h in hedges if _within(h.span, att.content) or (att.cue and _within(h.span, att.cue))
            )
            qs = tuple(q.id for q in quantities if _within(q.span, att.content) and q.id not in q_owner)
            for qid in qs:
                q_owner[qid] = att.id
            fact = self.factuality(doc, att, resolved, [h for h in hedges if h.id in hs])
            linked.append(
                dataclasses.replace(
                    att, source_resolved=resolved, hedge_ids=hs, quantity_ids=qs, factuality=fact
                )
            )
        statements = self.author_statements(doc, linked, hedges, quantities, q_owner, start=1)
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
    ) -> list[Attribution]:
        """Sentences no one else is credited with are the outlet's own assertions."""
        taken = [(a.content.start, a.content.end) for a in attributions]
        taken += [(a.cue.start, a.cue.end) for a in attributions if a.cue]
        out: list[Attribution] = []
        n = start
        for sent in doc.sents:
            for part in _free_clauses(doc, sent, taken):
                if not _is_assertion(part):
                    continue
                text = part.text.rstrip(" ,;")
                span = Span(text, part.start_char, part.start_char + len(text))
                out.append(self._statement(part, span, hedges, quantities, q_owner, n))
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
        """One clause the writer asserts, with its own hedges and quantities."""
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


def _person_names(doc: Doc) -> list[SpacySpan]:
    return [e for e in doc.ents if e.label_ == "PERSON" and len(e) >= 1]


def resolve_source(
    doc: Doc, att: Attribution, names: Sequence[SpacySpan], previous: Sequence[Attribution]
) -> str | None:
    """The full name a source refers to within this article, when we can tell."""
    if att.source is None:
        return None
    written = att.source.text.strip()
    low = written.lower()
    if low in _PERSON_PRONOUNS:
        return _nearest_person(doc, att.source.start, names, previous)
    if low in ("who", "which", "that"):
        return _antecedent(doc, att.source)
    bare = _TITLE.sub("", written)
    tokens = bare.split()
    if not tokens:
        return None
    last = tokens[-1].strip(".,'’s")
    best: str | None = None
    for ent in names:
        words = ent.text.split()
        if len(words) > len(tokens) and words[-1].strip(".,'’s") == last:
            if best is None or len(ent.text) > len(best):
                best = ent.text
    if best:
        return best
    if att.source_type == "person" and len(tokens) >= 2 and bare != written:
        return bare
    return None


def _antecedent(doc: Doc, source: Span) -> str | None:
    """'Musk and Ramaswamy, who had opposed ...': a relative pronoun names its noun phrase."""
    span = doc.char_span(source.start, source.end, alignment_mode="expand")
    if span is None or span.root.head.dep_ != "relcl":
        return None
    noun = span.root.head.head
    while noun.dep_ == "conj" and noun.head is not noun:  # "Musk and Ramaswamy, who": the whole coordination
        noun = noun.head
    toks = [noun] + [t for c in noun.children if c.dep_ in _NP_DEPS and c.i < noun.i for t in c.subtree]
    toks += [t for c in noun.children if c.dep_ in ("cc", "conj") for t in c.subtree if t.i < span.root.i]
    idx = sorted(t.i for t in toks)
    while idx and doc[idx[-1]].is_punct:
        idx.pop()
    return doc[idx[0] : idx[-1] + 1].text if idx else None


_NP_DEPS = frozenset({"det", "compound", "amod", "poss", "nmod", "nummod", "cc", "conj"})


def _nearest_person(
    doc: Doc, pos: int, names: Sequence[SpacySpan], previous: Sequence[Attribution]
) -> str | None:
    """The person last named before a pronoun: a previous speaker wins over a passing mention."""
    cands: list[tuple[int, str]] = []
    for att in previous:
        if att.source is not None and att.source_type == "person" and att.source.start < pos:
            name = att.source_resolved or att.source.text
            if name.lower() not in _PERSON_PRONOUNS:
                cands.append((att.source.start, name))
    for ent in names:
        if ent.start_char < pos:
            cands.append((ent.start_char, ent.text))
    if not cands:
        return None
    pos_best, name = max(cands)
    # prefer the full form of that name if the article has one
    last = name.split()[-1]
    full = [e.text for e in names if e.text.split()[-1] == last and len(e.text) > len(name)]
    return max(full, key=len) if full else name


def _free_clauses(doc: Doc, sent: SpacySpan, taken: Sequence[tuple[int, int]]) -> list[SpacySpan]:
    """The sentence when no one else is credited in it; else its clauses outside every attribution.

    "While the authenticity of the video has yet to be independently verified, X told
    the AP ...": the while-clause is the writer's own statement.
    """
    if not any(_ov((sent.start_char, sent.end_char), t) for t in taken):
        return [sent]
    parts: list[SpacySpan] = []
    for tok in sent:
        if tok.dep_ not in ("advcl", "conj") or not any(
            c.dep_ in ("nsubj", "nsubjpass") for c in tok.children
        ):
            continue
        sub = list(tok.subtree)
        span = doc[sub[0].i : sub[-1].i + 1]
        if any(_ov((span.start_char, span.end_char), t) for t in taken):
            continue
        if any(p.start <= span.start and span.end <= p.end for p in parts):
            continue
        parts.append(span)
    return parts


def _is_assertion(sent: SpacySpan) -> bool:
    """A declarative sentence with a finite verb, long enough to state something."""
    words = [t for t in sent if not t.is_punct and not t.is_space]
    if len(words) < 5 or sent.text.rstrip().endswith("?"):
        return False
    return any(t.pos_ in ("VERB", "AUX") and t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in sent)


def _within(inner: Span, outer: Span) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _ov(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])
