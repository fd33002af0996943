"""Attribution extraction: who says what, through which cue and channel.

Rules over the dependency parse, each one a small function that proposes
candidates; ``AttributionFinder`` merges them, drops overlaps and numbers them.

* **verb cues** ("X said/told/warned/estimated that ..."): a cue verb from
  ``data/cues.json`` with a clausal, infinitive or (for some verbs) noun-phrase
  complement; the source is its subject, or the subject of the clause it hangs
  from ("..., warning that ...").
* **direct quotes**: a quotation whose sentence holds a cue outside the quote
  ("'...,' Solovey told the AP"; "'The bridge,' he said, 'is closed.'" is one
  content from the first mark to the last); a quote with no cue of its own
  continues the previous attribution (GUIDELINES rule 5).
* **"according to X"** and **"X, citing Y"**: when X is an outlet and the clause
  already has a speaker, X becomes the channel ("Zelensky said, according to
  CNN"); otherwise X is the source.
* **nominal cues** with an explicit source ("Some estimates put ... at 12,000",
  "X's statement that ...").

Source-less passives ("it was reported that") are left to the hedges stage, as
the guidelines ask; they lower the author's commitment instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from claimledger import extensions, lexicons
from claimledger.models import Attribution, QuoteType, SourceType, Span

EXTRACTOR = "attribution.v1"
extensions.register()

_OPEN_CLOSE = {"\u201c": "\u201d", "\u00ab": "\u00bb", "\u201e": "\u201c"}
_CLAUSAL_DEPS = frozenset({"ccomp", "parataxis"})
_SUBJ_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
_MAX_QUOTE_CHARS = 4000


@dataclass
class _Candidate:
    source: SpacySpan | None
    cue: SpacySpan | None
    content: tuple[int, int]  # char offsets
    channel: SpacySpan | None = None
    quote_type: QuoteType = "indirect"
    priority: int = 0
    cue_lemma: str = ""


class Lexicon:
    """The cue and source word lists, as sets, built once per component."""

    def __init__(self, lang: str = "en") -> None:
        cues = lexicons.load("cues", lang)
        src = lexicons.load("sources", lang)
        self.clausal = frozenset(cues["clausal"])
        self.infinitive = frozenset(cues["infinitive"])
        self.object = frozenset(cues["object"])
        self.object_human = frozenset(cues["object_human"])
        self.label_stop = frozenset(cues["label_stop"])
        self.call = frozenset(cues["call"])
        self.document_put = frozenset(cues["document_put"])
        self.particles: dict[str, list[str]] = cues["particles"]
        self.citing = frozenset(cues["citing"])
        self.nouns = frozenset(cues["nouns"])
        self.all_verbs = self.clausal | self.infinitive | self.object | self.call | self.object_human
        self.document_nouns = frozenset(src["document_nouns"])
        self.group_nouns = frozenset(src["group_nouns"])
        self.person_titles = frozenset(src["person_titles"])
        self.pronouns: dict[str, str] = src["pronouns"]
        self.outlets = frozenset(o.lower() for o in src["outlets"])
        self.outlet_words = frozenset(src["outlet_words"])
        self.platforms = frozenset(p.lower() for p in src["platforms"])
        self.not_channels = frozenset(src["not_channels"])

    def is_outlet(self, span: SpacySpan) -> bool:
        """News outlets and platforms relay statements: they are channels."""
        name = _strip_det(span.text).lower()
        full = span.text.strip().lower()
        if name in self.outlets or name in self.platforms or full in self.platforms:
            return True
        if (
            span.root.lower_ in ("media", "newspaper", "newspapers", "broadcaster", "tabloid")
            and full not in self.not_channels
        ):
            return True  # "local media", "a state broadcaster"
        if name in self.not_channels or span.text.lower() in self.not_channels:
            return False
        ents = [e for e in span.ents if e.label_ in ("ORG", "WORK_OF_ART", "NORP", "PRODUCT")]
        if ents:
            words = {t.lower_ for t in ents[0]}
            return bool(words & self.outlet_words) or _strip_det(ents[0].text).lower() in self.outlets
        return False


def _strip_det(text: str) -> str:
    return re.sub(r"^(the|a|an)\s+", "", text.strip(), flags=re.IGNORECASE)


# --------------------------------------------------------------------------- quotes


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Char spans of quotations, marks included, never crossing a paragraph.

    Curly quotes pair by shape; straight double quotes pair in order within a
    paragraph. An unbalanced mark yields nothing rather than a runaway span.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for para in text.split("\n"):
        i, n = 0, len(para)
        straight_open: int | None = None
        while i < n:
            ch = para[i]
            if ch in _OPEN_CLOSE:
                close = para.find(_OPEN_CLOSE[ch], i + 1)
                if close != -1 and close - i < _MAX_QUOTE_CHARS:
                    spans.append((pos + i, pos + close + 1))
                    i = close + 1
                    continue
            elif ch == '"':
                if straight_open is None:
                    straight_open = i
                else:
                    if i - straight_open < _MAX_QUOTE_CHARS:
                        spans.append((pos + straight_open, pos + i + 1))
                    straight_open = None
            i += 1
        pos += len(para) + 1
    spans.sort()
    return [s for s in spans if s[1] - s[0] > 2]


# --------------------------------------------------------------------------- helpers


def _cue_span(doc: Doc, verb: Token, lex: Lexicon) -> SpacySpan:
    """The minimal verbal group: auxiliaries, negation and particles around the cue."""
    left = verb.i
    for child in sorted(verb.lefts, key=lambda t: -t.i):
        if child.dep_ in ("aux", "auxpass", "neg") and child.i == left - 1:
            left = child.i
        elif (
            child.dep_ in ("aux", "auxpass", "neg") and child.i == left - 2 and doc[left - 1].dep_ == "advmod"
        ):
            left = child.i
    right = verb.i
    parts = lex.particles.get(verb.lemma_.lower(), [])
    for child in verb.rights:
        if child.i == right + 1 and (child.dep_ == "prt" or (child.dep_ == "prep" and child.lower_ in parts)):
            right = child.i
    return doc[left : right + 1]


def _subject(verb: Token) -> Token | None:
    """The subject nearest the verb ("LONDON -- President X said": X, not the dateline)."""
    subs = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    if not subs:
        return None
    before = [c for c in subs if c.i < verb.i]
    return before[-1] if before else subs[0]


def _agent(verb: Token) -> Token | None:
    """The 'by X' of a passive cue ("was told by commanders")."""
    for child in verb.children:
        if child.dep_ == "agent":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    return None


def _inherited_subject(verb: Token, lex: Lexicon | None = None) -> Token | None:
    """A participle or conjoined cue borrows the subject of the verb it hangs from.

    "The ministry denied that its forces had struck, calling the reports fake": the
    parser may hang "calling" inside the denied clause; a reporting participle then
    belongs to the nearest reporting verb above it, not to the clause's subject.
    """
    cur = verb
    first: Token | None = None
    for _ in range(4):
        if cur.dep_ in ("advcl", "conj", "xcomp", "acl", "ccomp") and cur.head is not cur:
            cur = cur.head
            subj = _subject(cur)
            if subj is None:
                continue
            if first is None:
                first = subj
            if lex is None or verb.tag_ != "VBG" or cur.lemma_.lower() in lex.clausal:
                return subj
        else:
            break
    return first


def source_span(doc: Doc, head: Token, lex: Lexicon) -> SpacySpan:
    """The speaker as written: the subject phrase without relative clauses.

    An appositive name wins ("The Ukrainian President, Volodymyr Zelensky" ->
    "Volodymyr Zelensky"); other appositives are kept, since they are part of how
    the speaker was written.
    """
    has_conj = any(c.dep_ == "conj" for c in head.children)
    for child in head.children:
        if child.dep_ == "appos" and child.ent_type_ == "PERSON" and not has_conj:
            return _entity_or_subtree(doc, child)
    if head.ent_type_ == "PERSON" and head.pos_ == "PROPN" and not has_conj:
        for ent in doc.ents:
            if ent.start <= head.i < ent.end:
                return ent
    drop = {"relcl", "acl", "punct"}
    toks = [head]
    for child in head.children:
        if child.dep_ in drop and child.i > head.i:
            continue
        toks.extend(child.subtree)
    idx = sorted(t.i for t in toks)
    start, end = idx[0], idx[-1] + 1
    while end > start + 1 and doc[end - 1].is_punct:
        end -= 1
    while end > start + 1 and doc[start].is_punct:
        start += 1
    return doc[start:end]


def _entity_or_subtree(doc: Doc, tok: Token) -> SpacySpan:
    for ent in doc.ents:
        if ent.start <= tok.i < ent.end:
            return ent
    sub = list(tok.subtree)
    return doc[sub[0].i : sub[-1].i + 1]


def source_type(span: SpacySpan | None, lex: Lexicon) -> SourceType:
    """SPEC.md's source types, from entities, determiners, number and head nouns."""
    if span is None or len(span) == 0:
        return "unnamed_group"
    root = span.root
    low = root.lower_
    if len(span) == 1 and low in lex.pronouns:
        return lex.pronouns[low]  # type: ignore[return-value]
    ent_labels = {e.label_ for e in span.ents}
    head_lemma = root.lemma_.lower()
    if root.ent_type_ == "PERSON" or ("PERSON" in ent_labels and root.pos_ == "PROPN"):
        return "person"
    if head_lemma in lex.document_nouns and root.pos_ == "NOUN":
        return "document"
    if root.ent_type_ in ("GPE",) and root.pos_ == "PROPN":
        return "country"
    if root.ent_type_ in ("ORG", "NORP", "FAC") and root.pos_ == "PROPN":
        return "organization"
    if root.pos_ == "PROPN":
        return "person" if root.ent_type_ in ("", "PERSON") else "organization"
    if head_lemma in lex.group_nouns or root.pos_ == "NOUN":
        plural = root.tag_ in ("NNS", "NNPS")
        det = next((c.lower_ for c in root.children if c.dep_ == "det"), "")
        if plural:
            return "unnamed_group"
        if head_lemma in _ORG_NOUNS:
            return "organization"
        if (
            det in ("a", "an", "one", "another")
            or head_lemma in lex.group_nouns
            or _PERSON_SUFFIX.search(head_lemma)
        ):
            return "anonymous"
        return "organization"
    return "unnamed_group"


_ORG_NOUNS = frozenset(
    {
        "government",
        "administration",
        "ministry",
        "agency",
        "campaign",
        "police",
        "military",
        "team",
        "company",
        "firm",
        "group",
        "bank",
        "court",
        "committee",
        "council",
        "department",
        "office",
        "board",
        "party",
        "union",
        "army",
        "navy",
        "commission",
        "parliament",
        "congress",
        "senate",
        "house",
        "cabinet",
        "kremlin",
        "regime",
        "embassy",
        "consulate",
        "organization",
        "organisation",
        "institute",
        "university",
        "network",
        "club",
    }
)
_PERSON_SUFFIX = re.compile(r"(er|or|ist|ian|ant|ent|man|woman|person|ee|eer|ier|ess|ive|at)$")


def _content_from_tokens(doc: Doc, tokens: Iterable[Token]) -> tuple[int, int] | None:
    """Char span of a complement without its complementizer and final punctuation."""
    idx = sorted(t.i for t in tokens)
    if not idx:
        return None
    start, end = idx[0], idx[-1] + 1
    while start < end and (doc[start].dep_ == "mark" and doc[start].lower_ in ("that", "whether", "if")):
        start += 1
    while start < end and doc[start].is_punct and doc[start].text not in ('"', "\u201c"):
        start += 1
    while end > start and (doc[end - 1].is_punct and doc[end - 1].text not in ('"', "\u201d")):
        end -= 1
    if end <= start:
        return None
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def _subtree_excluding(tok: Token, exclude: set[int]) -> list[Token]:
    out: list[Token] = []
    stack = [tok]
    while stack:
        t = stack.pop()
        if t.i in exclude:
            continue
        out.append(t)
        stack.extend(t.children)
    return out


def _contiguous(doc: Doc, toks: list[Token], anchor: Token) -> list[Token]:
    """Keep the contiguous run of tokens around the anchor (content spans are contiguous)."""
    have = {t.i for t in toks}
    lo = hi = anchor.i
    while lo - 1 in have:
        lo -= 1
    while hi + 1 in have:
        hi += 1
    return [doc[i] for i in range(lo, hi + 1)]


# --------------------------------------------------------------------------- the component


class AttributionFinder:
    """Proposes attribution candidates by rule, then keeps the best non-overlapping ones."""

    def __init__(self, nlp: Language, name: str = "claimledger_attributions") -> None:
        self.name = name
        self.lex = Lexicon(nlp.lang if nlp.lang in lexicons.SUPPORTED_LANGUAGES else "en")

    def __call__(self, doc: Doc) -> Doc:
        doc._.attributions = find_attributions(doc, self.lex)
        return doc


@Language.factory(
    "claimledger_attributions",
    assigns=["doc._.attributions"],
    requires=["token.dep", "token.lemma", "token.tag", "token.ent_type"],
)
def make_attribution_finder(nlp: Language, name: str) -> AttributionFinder:
    """Factory for the attribution stage."""
    return AttributionFinder(nlp, name)


def find_attributions(doc: Doc, lex: Lexicon | None = None) -> list[Attribution]:
    """All attributions in a parsed Doc, in text order, ids a1, a2, ..."""
    lex = lex or Lexicon()
    quotes = find_quotes(doc.text)
    cands: list[_Candidate] = []
    for sent in doc.sents:
        squotes = [q for q in quotes if q[0] < sent.end_char and q[1] > sent.start_char]
        cands.extend(_verb_cues(doc, sent, squotes, lex))
        cands.extend(_according_to(doc, sent, lex))
        cands.extend(_document_put(doc, sent, lex))
        cands.extend(_noun_cues(doc, sent, lex))
    cands.extend(_speaker_labels(doc, lex))
    kept = _drop_same_speaker_nesting(_select(cands))
    kept.extend(_follow_on_quotes(doc, quotes, kept))
    kept.sort(key=lambda c: c.content[0])
    return [_to_record(doc, i, c, lex) for i, c in enumerate(kept, start=1)]


def _verb_cues(
    doc: Doc, sent: SpacySpan, squotes: list[tuple[int, int]], lex: Lexicon
) -> Iterator[_Candidate]:
    for tok in sent:
        lemma = tok.lemma_.lower()
        if tok.pos_ not in ("VERB", "AUX") or lemma not in lex.all_verbs:
            continue
        if _inside(tok.idx, squotes):
            continue  # a cue inside a quote belongs to the quoted speaker, handled as nesting
        cand = _verb_candidate(doc, tok, lemma, squotes, lex)
        if cand is not None:
            yield cand


def _verb_candidate(
    doc: Doc, verb: Token, lemma: str, squotes: list[tuple[int, int]], lex: Lexicon
) -> _Candidate | None:
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in ("appear", "seem"):
        return None  # "appeared to know": the writer's impression, not a report
    if lemma in lex.citing and verb.dep_ == "advcl" and verb.head.lemma_.lower() in lex.all_verbs:
        return None  # "reported, citing X": folded into the head cue below
    children = list(verb.children)
    extra_citing: list[Token] = []
    subj = _subject(verb)
    if lemma in _EVIDENCE_VERBS and not _document_or_agent(subj):
        return None  # "a video showing soldiers": depiction, not attribution
    content: tuple[int, int] | None = None
    quote_type: QuoteType = "indirect"
    priority = 1
    clausal = [c for c in children if c.dep_ in _CLAUSAL_DEPS and lemma in lex.clausal]
    if lemma in _EVIDENCE_VERBS:
        clausal = [c for c in clausal if any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)]
    # a complement that is itself a cue with its own speaker is another record (GUIDELINES rule 4)
    clausal = [
        c
        for c in clausal
        if not (c.lemma_.lower() in lex.clausal and _subject(c) is not None and len(clausal) > 1)
    ]
    clausal.sort(key=lambda c: (c.i < verb.i, abs(c.i - verb.i)))
    if clausal:
        comp = clausal[0]
        toks = _drop_adjunct_reports(list(comp.subtree), comp, lex)
        if comp.i > verb.i and not any(c.dep_ in _SUBJ_DEPS or c.dep_ == "expl" for c in comp.children):
            # "said between 20 and 25 workers were missing": the parser hung the subject on the cue
            toks += [
                t
                for c in verb.rights
                if verb.i < c.i < comp.i
                and c.dep_ in ("prep", "npadvmod", "dobj", "nsubj")
                and not (c.dep_ == "dobj" and c.pos_ == "PROPN")
                for t in c.subtree
            ]
        content = _content_from_tokens(doc, toks)
        if content is not None:
            content = _clip_paragraph(doc.text, content, verb.idx)
            content, quote_type = _with_quotes(doc.text, content, squotes)
            content = _cut_trailing_adjunct(doc.text, content)
        priority = 3 if quote_type == "direct" else 2
    else:
        quoted = _adjacent_quote(doc, verb, squotes)
        if quoted is not None and lemma in lex.clausal:
            content, quote_type, priority = quoted, "direct", 3
        elif verb.dep_ in ("ccomp", "parataxis") and lemma in lex.clausal and subj is not None:
            # "This development is urgent, Zelensky said": the cue hangs from its content
            head = verb.head
            excl = {t.i for t in verb.subtree}
            # "X reported, citing Y, that ...": the parser may hang citing on the content
            for sib in head.children:
                if sib.lemma_.lower() in lex.citing and sib.dep_ == "advcl" and sib.i > verb.i:
                    excl.update(t.i for t in sib.subtree)
                    extra_citing.append(sib)
            toks = _contiguous(doc, _subtree_excluding(head, excl), head)
            content = _content_from_tokens(doc, toks)
            if content is not None:
                content, quote_type = _with_quotes(doc.text, content, squotes)
            priority = 2
        else:
            xcomp = [c for c in children if c.dep_ == "xcomp" and lemma in lex.infinitive]
            dobj = [c for c in children if c.dep_ in ("dobj", "oprd")]
            if lemma in lex.call and dobj:
                toks = [t for d in dobj for t in d.subtree]
                toks += [t for c in children if c.dep_ in ("oprd", "xcomp") for t in c.subtree]
                content = _content_from_tokens(doc, toks)
            elif xcomp:
                toks = [t for c in children if c.dep_ == "dobj" for t in c.subtree] + list(xcomp[0].subtree)
                content = _content_from_tokens(doc, toks)
            elif (
                dobj
                and dobj[0].pos_ in ("NOUN", "PROPN")
                and (lemma in lex.object or (lemma in lex.object_human and _human_subject(verb, lex)))
            ):
                content = _content_from_tokens(doc, _object_content(verb, dobj[0]))
                priority = 0
            elif lemma in lex.object_human and _human_subject(verb, lex):
                # "called for an inquiry", "pointed to the figures": the content is the prepositional object
                preps = [
                    c
                    for c in children
                    if c.dep_ == "prep" and c.i == verb.i + 1 and c.lower_ in ("for", "to", "on")
                ]
                pobj = [g for p in preps for g in p.children if g.dep_ == "pobj"]
                if pobj:
                    content = _content_from_tokens(doc, pobj[0].subtree)
                    priority = 0
    if content is None:
        return None
    if quote_type == "indirect":
        content, quote_type = _with_quotes(doc.text, content, squotes)
    if any(c.dep_ == "nsubjpass" for c in children) or (
        verb.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in children)
    ):
        subj = _agent(verb)
        if subj is None:
            return None  # source-less passive: a hedge, not an attribution
    if subj is None:
        subj = _inherited_subject(verb, lex)
    if subj is not None and subj.lower_ in ("that", "which"):
        subj = subj.head.head if subj.head.dep_ == "relcl" else None
    if subj is None:
        return None
    src = source_span(doc, subj, lex)
    if src.root.lower_ in ("it", "there") and lemma not in ("say", "report", "announce", "warn"):
        return None  # "it seems", "it is expected": impersonal, no holder
    channel = _channel_of(doc, verb, lex)
    source: SpacySpan = src
    # "Reuters reported, citing X, that ...": X is the source, Reuters the channel
    for child in children + extra_citing:
        if child.lemma_.lower() in lex.citing and child.dep_ in ("advcl", "xcomp", "conj"):
            cited = [g for g in child.children if g.dep_ == "dobj"]
            if cited:
                if lex.is_outlet(src):
                    channel = src
                source = source_span(doc, cited[0], lex)
                cited_comp = [g for g in child.children if g.dep_ == "ccomp"]
                if cited_comp:
                    content = _content_from_tokens(doc, cited_comp[0].subtree) or content
    return _Candidate(
        source=source,
        cue=_cue_span(doc, verb, lex),
        content=content,
        channel=channel,
        quote_type=quote_type,
        priority=priority,
        cue_lemma=lemma,
    )


_HUMAN_TYPES = frozenset({"person", "organization", "country", "anonymous", "unnamed_group"})


def _human_subject(verb: Token, lex: Lexicon) -> bool:
    """Evaluative verbs ('criticized the plan') attribute only when someone does the evaluating."""
    subj = _subject(verb) or _inherited_subject(verb, lex)
    if subj is None or subj.lower_ in ("it", "this", "that", "which", "there"):
        return False
    if subj.pos_ == "PRON":
        return subj.lower_ in ("he", "she", "they", "we", "i", "who")
    doc = subj.doc
    return source_type(source_span(doc, subj, lex), lex) in _HUMAN_TYPES and subj.ent_type_ not in (
        "DATE",
        "CARDINAL",
    )


_EVIDENCE_VERBS = frozenset({"show", "find", "indicate", "reveal", "demonstrate", "prove"})
_VISUAL = frozenset({"video", "footage", "image", "photo", "picture", "clip", "history", "map", "photograph"})


def _document_or_agent(subj: Token | None) -> bool:
    """'show/find' attribute only with a report-like or human subject, not a video."""
    return subj is not None and subj.lemma_.lower() not in _VISUAL


def _object_content(verb: Token, dobj: Token) -> list[Token]:
    """A noun-phrase content plus what the verb attaches after it ("confirmed two cases in X")."""
    toks = list(dobj.subtree)
    for child in verb.rights:
        if child.i > dobj.i and child.dep_ in ("prep", "npadvmod") and child.lower_ not in _TIME_PREPS:
            toks.extend(child.subtree)
    return toks


_TIME_PREPS = frozenset({"on", "after", "before", "during", "while", "when", "at", "since", "until"})


def _drop_adjunct_reports(toks: list[Token], comp: Token, lex: Lexicon) -> list[Token]:
    """Cut 'while the other said ...' and ', calling it X' off a complement: other reports."""
    drop: set[int] = set()
    for child in comp.children:
        if (
            child.dep_ == "advcl"
            and child.tag_ == "VBG"
            and child.lemma_.lower() in lex.all_verbs
            and child.i > 0
            and child.doc[child.i - 1].text == ","
        ):
            drop.update(t.i for t in child.subtree)
            drop.add(child.i - 1)
        if child.dep_ == "advcl" and any(
            g.dep_ == "mark" and g.lower_ in ("while", "whereas") for g in child.children
        ):
            if any(t.lemma_.lower() in lex.clausal and _subject(t) is not None for t in child.subtree):
                drop.update(t.i for t in child.subtree)
    return [t for t in toks if t.i not in drop] if drop else toks


def _with_quotes(
    text: str, content: tuple[int, int], squotes: list[tuple[int, int]]
) -> tuple[tuple[int, int], QuoteType]:
    """Grow a complement to the quotation marks it cuts through; tell direct from mixed."""
    start, end = content
    touched = [q for q in squotes if q[0] < end and q[1] > start]
    if not touched:
        return content, "indirect"
    start = min(start, touched[0][0])
    end = max(end, touched[-1][1])
    if touched[0][0] == start and touched[-1][1] >= end - 1:
        gaps = [text[a[1] : b[0]] for a, b in zip(touched, touched[1:], strict=False)]
        if all(_is_cue_gap(g) for g in gaps):
            return (start, touched[-1][1]), "direct"
    return (start, end), "mixed"


_ADJUNCT_OPENERS = re.compile(
    r"^[\s,;\u2013\u2014-]*"
    r"(while|though|although|as|after|before|when|since|adding|saying|noting|but|and added|referring)\b",
    re.IGNORECASE,
)


def _cut_trailing_adjunct(text: str, content: tuple[int, int]) -> tuple[int, int]:
    """'"we will not shut down" while revealing plans ...': the adjunct is not content."""
    start, end = content
    if text[start] not in ('"', "\u201c"):
        return content
    for q in find_quotes(text[start:end]):
        if q[0] == 0 and _ADJUNCT_OPENERS.match(text[start + q[1] : end]):
            return (start, start + q[1])
    return content


def _clip_paragraph(text: str, content: tuple[int, int], anchor: int) -> tuple[int, int]:
    """A content never runs across a paragraph break away from its cue."""
    para_start = text.rfind("\n", 0, anchor) + 1
    para_end = text.find("\n", anchor)
    para_end = len(text) if para_end == -1 else para_end
    start, end = max(content[0], para_start), min(content[1], para_end)
    return (start, end) if end > start else content


def _is_cue_gap(gap: str) -> bool:
    """The text between two halves of a split quote: ', he said, '."""
    return len(re.findall(r"\w+", gap)) <= 6 and "\n" not in gap


def _adjacent_quote(doc: Doc, verb: Token, squotes: list[tuple[int, int]]) -> tuple[int, int] | None:
    """A quotation right before or after the cue's clause, in the same paragraph.

    '"...," Solovey told the AP.' and 'He said: "..."'; a quote split by its cue
    ('"The bridge," he said, "is closed."') is one content from the first mark to
    the last.
    """
    if not squotes:
        return None
    sub = [t for t in verb.subtree if not (t.is_punct and t.i != verb.i)]
    clause_start = min(t.idx for t in sub)
    clause_end = max(t.idx + len(t.text) for t in sub)
    text = doc.text
    gap_chars = " ,;:-\u2014\u2013"
    before = [
        q for q in squotes if q[1] <= clause_start + 1 and not text[q[1] : clause_start].strip(gap_chars)
    ]
    after = [q for q in squotes if q[0] >= clause_end - 1 and not text[clause_end : q[0]].strip(gap_chars)]
    if before and after:
        return (before[-1][0], after[0][1])
    if before:
        return before[-1]
    if after:
        return after[0]
    return None


def _quote_kind(text: str, content: tuple[int, int]) -> QuoteType:
    body = text[content[0] : content[1]]
    if not any(m in body for m in ('"', "\u201c", "\u201d")):
        return "indirect"
    stripped = body.strip()
    if (
        stripped[:1] in ('"', "\u201c")
        and stripped[-1:] in ('"', "\u201d")
        and len(find_quotes(stripped)) == 1
    ):
        return "direct"
    return "mixed"


def _channel_of(doc: Doc, verb: Token, lex: Lexicon) -> SpacySpan | None:
    """'told the Associated Press', 'said on Telegram', 'according to CNN' next to a speaker."""
    for child in verb.children:
        if (
            child.dep_ in ("dobj", "dative")
            and verb.lemma_.lower() in ("tell", "inform", "write")
            and child.pos_ == "PROPN"
        ):
            span = _entity_or_subtree(doc, child)
            if lex.is_outlet(span):
                return span
        if child.dep_ == "prep" and child.lower_ in ("to", "on", "in", "according", "via"):
            for pobj in _pobjs(child):
                span = _np(doc, pobj)
                if lex.is_outlet(span):
                    return span
                # "in an interview with CNN", "in a post on X"
                for sub in pobj.children:
                    if sub.dep_ == "prep" and sub.lower_ in ("with", "on", "to"):
                        for p2 in _pobjs(sub):
                            inner = _np(doc, p2)
                            if lex.is_outlet(inner):
                                return inner
    return None


def _pobjs(prep: Token) -> list[Token]:
    out = [c for c in prep.children if c.dep_ == "pobj"]
    for c in prep.children:
        if c.dep_ == "prep":  # "according" -> "to" -> CNN
            out.extend(g for g in c.children if g.dep_ == "pobj")
    return out


def _np(doc: Doc, tok: Token) -> SpacySpan:
    toks = [tok] + [
        t for c in tok.children if c.dep_ in ("det", "compound", "amod", "poss", "nmod") for t in c.subtree
    ]
    idx = sorted(t.i for t in toks)
    return doc[idx[0] : idx[-1] + 1]


def _according_to(doc: Doc, sent: SpacySpan, lex: Lexicon) -> Iterator[_Candidate]:
    for tok in sent:
        if tok.lower_ != "according":
            continue
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is None or nxt.lower_ != "to":
            continue
        pobj = [c for c in nxt.children if c.dep_ == "pobj"]
        if not pobj:
            continue
        head = tok.head if tok.head is not tok else None
        if head is None:
            continue
        src = source_span(doc, pobj[0], lex)
        if head.lemma_.lower() in lex.all_verbs and _subject(head) is not None and lex.is_outlet(src):
            continue  # a channel of the verb cue; handled there
        phrase = {t.i for t in tok.subtree}
        toks = _contiguous(doc, _subtree_excluding(head, phrase), head)
        content = _content_from_tokens(doc, toks)
        if content is None:
            continue
        yield _Candidate(
            source=src,
            cue=doc[tok.i : tok.i + 2],
            content=content,
            quote_type=_quote_kind(doc.text, content),
            priority=2,
            cue_lemma="according to",
        )


def _document_put(doc: Doc, sent: SpacySpan, lex: Lexicon) -> Iterator[_Candidate]:
    """'Some estimates put the total at 12,000': a document subject with a placing verb."""
    for tok in sent:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in ("put", "place", "peg", "set"):
            continue
        subj = _subject(tok)
        if subj is None or subj.lemma_.lower() not in lex.document_nouns:
            continue
        after = [t for c in tok.children if c.i > tok.i and c.dep_ != "punct" for t in c.subtree]
        content = _content_from_tokens(doc, after)
        if content is not None:  # "... at 12,000 -- a number reflecting ...": the gloss is the writer's
            dash = re.search(r"\s[\u2014\u2013-]{1,2}\s", doc.text[content[0] : content[1]])
            if dash:
                content = (content[0], content[0] + dash.start())
        if content is None:
            continue
        yield _Candidate(
            source=source_span(doc, subj, lex),
            cue=doc[tok.i : tok.i + 1],
            content=content,
            priority=2,
            cue_lemma=tok.lemma_.lower(),
        )


def _noun_cues(doc: Doc, sent: SpacySpan, lex: Lexicon) -> Iterator[_Candidate]:
    """'X's statement that ...', 'a warning by X that ...'."""
    for tok in sent:
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in lex.nouns:
            continue
        comp = [
            c
            for c in tok.children
            if c.dep_ in ("acl", "ccomp", "relcl")
            and any(g.lower_ == "that" and g.dep_ == "mark" for g in c.children)
        ]
        if not comp:
            continue
        holder = [c for c in tok.children if c.dep_ == "poss"]
        if not holder:
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == "by":
                    holder = [g for g in c.children if g.dep_ == "pobj"]
        if not holder or holder[0].lower_ in ("its", "their", "his", "her") and False:
            continue
        content = _content_from_tokens(doc, comp[0].subtree)
        if content is None:
            continue
        yield _Candidate(
            source=source_span(doc, holder[0], lex),
            cue=doc[tok.i : tok.i + 1],
            content=content,
            priority=1,
            cue_lemma=tok.lemma_.lower(),
        )


_LABEL = re.compile(
    r"^(?P<label>(?:[A-Z][\w.'\u2019-]*\s+){0,3}[A-Z][\w.'\u2019-]*):[ \t]+(?P<body>\S.*)$", re.MULTILINE
)


_SIGNED_QUOTE = re.compile(
    r"(?P<quote>[\u201c\u201d\"][^\n]{10,}?[\u201d\"])[ \t]*[\u2015\u2014][ \t]*"
    r"(?P<name>[A-Z][\w.'\u2019-]*(?:[ \t]+[A-Z][\w.'\u2019-]*){0,3})[ \t]*$",
    re.MULTILINE,
)


def _speaker_labels(doc: Doc, lex: Lexicon) -> Iterator[_Candidate]:
    """Transcripts and headlines: 'PENCE: Well, look ...', 'Pat Caddell: Voters are worried'."""
    for m in _LABEL.finditer(doc.text):
        label = m.group("label")
        if label.lower() in lex.label_stop or len(m.group("body").split()) < 3:
            continue
        src = doc.char_span(m.start("label"), m.end("label"), alignment_mode="expand")
        cue = doc.char_span(m.end("label"), m.end("label") + 1, alignment_mode="expand")
        if src is None or cue is None or not any(t.pos_ == "PROPN" for t in src):
            continue
        body_end = m.end("body")
        while body_end > m.start("body") and doc.text[body_end - 1] in " \t":
            body_end -= 1
        yield _Candidate(
            source=src,
            cue=cue,
            content=(m.start("body"), body_end),
            quote_type="direct",
            priority=1,
            cue_lemma=":",
        )
    for m in _SIGNED_QUOTE.finditer(doc.text):  # '"..." ― Sonya Herridge': a signed quotation
        src = doc.char_span(m.start("name"), m.end("name"), alignment_mode="expand")
        cue = doc.char_span(m.end("quote"), m.start("name"), alignment_mode="contract")
        if src is None:
            continue
        yield _Candidate(
            source=src,
            cue=cue if cue is not None and len(cue) else None,
            content=(m.start("quote"), m.end("quote")),
            quote_type="direct",
            priority=1,
            cue_lemma="\u2015",
        )


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < pos < e for s, e in spans)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _select(cands: list[_Candidate]) -> list[_Candidate]:
    """Keep one attribution per content: higher priority, then the cue nearest the content.

    Nested reporting keeps both records when the contents differ (the inner one is
    a sub-span of the outer one with another source).
    """

    def rank(c: _Candidate) -> tuple[int, int]:
        cue_pos = c.cue.start_char if c.cue is not None else c.content[0]
        dist = min(abs(cue_pos - c.content[0]), abs(cue_pos - c.content[1]))
        return (-c.priority, dist)

    kept: list[_Candidate] = []
    for cand in sorted(cands, key=rank):
        clash = False
        for other in kept:
            ov = _overlap(cand.content, other.content)
            if not ov:
                continue
            small = min(cand.content[1] - cand.content[0], other.content[1] - other.content[0])
            same_source = (
                cand.source is not None
                and other.source is not None
                and cand.source.root.i == other.source.root.i
            )
            if ov >= 0.8 * small and (
                same_source
                or abs((cand.content[1] - cand.content[0]) - (other.content[1] - other.content[0]))
                < 0.3 * small
            ):
                clash = True
                break
            if cand.cue is not None and other.cue is not None and cand.cue.start == other.cue.start:
                clash = True
                break
        if not clash:
            kept.append(cand)
    return kept


_SELF_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "it"})


def _drop_same_speaker_nesting(kept: list[_Candidate]) -> list[_Candidate]:
    """'X said he believed Y' is one record: the inner holder is the outer speaker (rule 3)."""
    out = []
    for c in kept:
        if c.source is None or c.cue is None or c.source.text.lower() not in _SELF_PRONOUNS:
            out.append(c)
            continue
        cue_at = c.cue.start_char
        if any(o is not c and o.content[0] <= cue_at < o.content[1] for o in kept):
            continue
        out.append(c)
    return out


def _follow_on_quotes(doc: Doc, quotes: list[tuple[int, int]], kept: list[_Candidate]) -> list[_Candidate]:
    """A quotation with no cue continues the previous attribution (GUIDELINES rule 5)."""
    out: list[_Candidate] = []
    covered = [c.content for c in kept]
    ordered = sorted(kept, key=lambda c: c.content[0])
    for q in quotes:
        if any(_overlap(q, c) > 0 for c in covered):
            continue
        body = doc.text[q[0] : q[1]]
        # a short quoted phrase is a scare quote or a title, not a continuing statement
        if len(body.split()) < 6 or not re.search(r"[.!?,;:][\"\u201d]$", body):
            continue
        prev = [c for c in ordered if c.content[1] <= q[0] and c.quote_type != "indirect"]
        if not prev or q[0] - prev[-1].content[1] > 600:
            continue
        base = prev[-1]
        out.append(
            _Candidate(
                source=base.source,
                cue=base.cue,
                content=q,
                channel=base.channel,
                quote_type="direct",
                priority=0,
                cue_lemma=base.cue_lemma,
            )
        )
        covered.append(q)
    return out


def _to_record(doc: Doc, n: int, c: _Candidate, lex: Lexicon) -> Attribution:
    def span(s: SpacySpan | None) -> Span | None:
        return Span(s.text, s.start_char, s.end_char) if s is not None else None

    start, end = c.content
    return Attribution(
        id=f"a{n}",
        source=span(c.source),
        source_type=source_type(c.source, lex),
        cue=span(c.cue),
        content=Span(doc.text[start:end], start, end),
        quote_type=c.quote_type,
        channel=span(c.channel),
        extractor=EXTRACTOR,
    )
