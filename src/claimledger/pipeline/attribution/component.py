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

Quotation marks are handled in :mod:`claimledger.syntax.quotes`; who the source is, its type
and its channel, in :mod:`claimledger.syntax.sources`.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from claimledger import lexicons
from claimledger.models import Attribution, QuoteType, SourceType, Span
from claimledger.pipeline import budget, extensions
from claimledger.pipeline.attribution.vocabulary import (
    ADDRESSEE_VERBS,
    ADJUNCT_OPENERS,
    ASIDE_OPENERS,
    CALL_NOUNS,
    CAUSATIVES,
    CONVENED,
    DOCUMENT_OBJECT_VERBS,
    EVIDENCE_VERBS,
    FILLER_SUBJECTS,
    FILLER_VERBS,
    FINDINGS,
    FOR_NOUNS,
    HUMAN_PRONOUNS,
    IMPERSONAL_CUES,
    IMPRESSION_VERBS,
    INTENTIONS,
    NON_HOLDERS,
    NOT_CUES,
    PLACING_VERBS,
    QUESTION_VERBS,
    SELF_PRONOUNS,
    STANCE_NOUNS,
    SUBORDINATORS,
    TAG_VERBS_READ_AS_NOUNS,
    TIME_PREPS,
    VISUAL_NOUNS,
)
from claimledger.syntax.parsetree import subtree_extents
from claimledger.syntax.quotes import (
    Quotes,
    adjacent_quote,
    clip_paragraph,
    cut_trailing_adjunct,
    find_quotes,
    quote_kind,
    with_quotes,
)
from claimledger.syntax.sources import (
    ORG_NOUNS,
    Lexicon,
    agent_of,
    channel_of,
    inherited_subject,
    is_person_noun,
    relative_antecedent,
    source_span,
    source_type,
    stray_conjoined_cue_owner,
    subject_of,
)

__all__ = [
    "EXTRACTOR",
    "AttributionFinder",
    "Lexicon",
    "find_attributions",
    "find_quotes",
    "make_attribution_finder",
    "source_span",
    "source_type",
]

EXTRACTOR = "attribution.v1"
extensions.register()

_CLAUSAL_DEPS = frozenset({"ccomp", "parataxis"})
#: Cue words tried per sentence by each rule. A rule may read its cue's clause, as long as
#: the sentence, so this keeps a degenerate "sentence" (5,000 cues and no full stop) linear
#: in its length; a real sentence has a handful of cues.
MAX_CUES_PER_SENTENCE = 64
_SUBJ_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})


@dataclass
class _Candidate:
    source: SpacySpan | None
    cue: SpacySpan | None
    content: tuple[int, int]  # char offsets
    channel: SpacySpan | None = None
    quote_type: QuoteType = "indirect"
    priority: int = 0
    cue_lemma: str = ""


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


def _content_from_tokens(doc: Doc, tokens: Iterable[Token]) -> tuple[int, int] | None:
    """Char span of a complement without its complementizer and final punctuation."""
    idx = [t.i for t in tokens]
    if not idx:
        return None
    return _content_between(doc, min(idx), max(idx))


def _content_between(doc: Doc, first: int, last: int) -> tuple[int, int] | None:
    """:func:`_content_from_tokens` for the tokens ``first`` to ``last`` (both included)."""
    start, end = first, last + 1
    while start < end and (
        (doc[start].dep_ == "mark" and doc[start].lower_ in ("that",))
        # a complementizer "that" the parser gave another role ("told the reporter that he had left")
        or (doc[start].lower_ == "that" and doc[start].tag_ == "IN")
        or (doc[start].dep_ in ("advmod", "dep") and doc[start].lower_ == "that" and doc[start].tag_ == "WDT")
    ):
        start += 1
    while start < end and doc[start].is_punct and doc[start].text not in ('"', "\u201c", "''"):
        start += 1
    # "... should be released but": a conjunction whose second half is another report
    while end > start and (
        (doc[end - 1].is_punct and doc[end - 1].text not in ('"', "\u201d", "''"))
        or (doc[end - 1].dep_ == "cc" and end - 1 > start)
    ):
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


def _contiguous(
    doc: Doc, toks: list[Token], anchor: Token, bridge: tuple[int, int] | None = None
) -> list[Token]:
    """Keep the contiguous run of tokens around the anchor (content spans are contiguous).

    ``bridge`` is a token range the run may cross: a reporting tag set inside its
    content ("The bridge, the mayor said, will stay closed") leaves the content whole.
    """
    have = {t.i for t in toks}
    if (
        bridge is not None
        and any(i < bridge[0] and not doc[i].is_punct for i in have)
        and any(i > bridge[1] and not doc[i].is_punct for i in have)
    ):
        have.update(range(bridge[0], bridge[1] + 1))
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
    tick = budget.ticker(doc, "claimledger_attributions")
    text = doc.text  # rebuilt from the tokens on every access: read it once
    quotes = find_quotes(text)
    all_quotes = Quotes(quotes)
    extents = subtree_extents(doc)
    cands: list[_Candidate] = []
    for sent in doc.sents:
        tick()
        # a quote just before the sentence too: the parser may end a sentence at '?"' and start
        # the next at its cue ('"How many times?" Clinton said.')
        squotes = Quotes(all_quotes.touching(sent.start_char - 2, sent.end_char))
        cands.extend(_verb_cues(doc, text, sent, squotes, lex, tick, extents))
        cands.extend(_according_to(doc, text, sent, lex))
        cands.extend(_in_a_poll(doc, text, sent, lex))
        cands.extend(_document_put(doc, text, sent, lex))
        cands.extend(_noun_cues(doc, sent, lex))
        cands.extend(_verbs_tagged_as_nouns(doc, sent, lex))
        cands.extend(_trailing_tag_read_as_noun(doc, sent, lex))
    cands.extend(_speaker_labels(doc, text, lex, tick))
    cands.extend(_introduced_paragraphs(doc, text, lex))
    cands = [r for c in cands if (r := _tidy(text, c)) is not None]
    datelines = [m.span() for m in _DATELINE.finditer(text)]
    if datelines:  # "LOS ANGELES, Sept. 28 (UPI) --" opens the story; it says nothing
        cands = [c for c in cands if c.source is None or not _in_any(c.source, datelines)]
    kept = _drop_same_speaker_nesting(_select(cands, tick))
    kept.extend(_follow_on_quotes(text, quotes, kept, tick))
    kept.sort(key=lambda c: c.content[0])
    return [_to_record(text, i, c, lex) for i, c in enumerate(kept, start=1)]


#: A content that is only a reporting tag ("a source said."): the parser's, not a claim.
_BARE_TAG = re.compile(r"\W*(?:\w+\W+){0,4}(?:said|says|say|told|added|adds)\W*$", re.IGNORECASE)


def _tidy(text: str, c: _Candidate) -> _Candidate | None:
    """The last checks every candidate passes, whichever rule proposed it.

    An indirect content stays in its cue's paragraph (a heading after a blank line is
    no part of it), and a content that is only another reporting tag is dropped.
    """
    start, end = c.content
    if c.quote_type == "indirect" and c.cue is not None:
        clipped = clip_paragraph(text, c.content, c.cue.start_char)
        if clipped is None:
            return None
        start, end = clipped
        while end > start and text[end - 1].isspace():
            end -= 1
    if end <= start or _BARE_TAG.match(text, start, end):
        return None
    if c.cue is not None and start > c.cue.end_char and text.rfind("\n", 0, start) >= c.cue.end_char:
        # 'The governor added:' and then a paragraph of his words: the whole paragraph is his
        lead = text[c.cue.end_char : start]
        if lead.strip() == ":":
            para_end = text.find("\n", start)
            end = len(text) if para_end == -1 else para_end
            while end > start and (text[end - 1].isspace() or text[end - 1] == "."):
                end -= 1
    if (start, end) == c.content:
        return c
    return dataclasses.replace(c, content=(start, end))


#: A wire dateline at the start of a paragraph: "LOS ANGELES, Sept. 28 (UPI) --", "KYIV (Reuters) -".
_DATELINE = re.compile(
    r"^[A-Z][A-Z.'\u2019 -]{1,40}(?:, [A-Z][\w.]{1,12}(?: [A-Z\d][\w.]{0,12})?)?"
    r" ?\([A-Z][\w .&-]{0,30}\) ?[-\u2013\u2014]{1,2}",
    re.MULTILINE,
)


def _in_any(span: SpacySpan, ranges: list[tuple[int, int]]) -> bool:
    return any(span.start_char < end and start < span.end_char for start, end in ranges)


def _verb_cues(
    doc: Doc,
    text: str,
    sent: SpacySpan,
    squotes: Quotes,
    lex: Lexicon,
    tick: Callable[[], None],
    extents: tuple[list[int], list[int]],
) -> Iterator[_Candidate]:
    tried = 0
    for tok in sent:
        if tok.pos_ not in ("VERB", "AUX") or squotes.inside(tok.idx):
            continue  # a cue inside a quote belongs to the quoted speaker, handled as nesting
        lemma = tok.lemma_.lower()
        if lemma == "put" and any(c.dep_ == "dobj" and c.lower_ == "it" for c in tok.children):
            lemma = "say"  # "as one official put it", "she put it bluntly: ..."
        if lemma == "continue" and _goes_on_speaking(doc, tok, squotes):
            lemma = "add"  # 'Limbaugh continued: "..."' goes on speaking; "continued to rise" does not
        if lemma not in lex.all_verbs and not any(c.dep_ == "ccomp" for c in tok.children):
            continue  # not a cue, and no clause for an open-class cue (below) to report
        tick()
        tried += 1
        if tried > MAX_CUES_PER_SENTENCE:
            return
        if lemma in lex.all_verbs:
            cand = _verb_candidate(doc, text, tok, lemma, squotes, lex, extents)
        else:
            cand = _open_class_cue(doc, text, tok, lemma, squotes, lex)
        if cand is not None:
            yield cand


def _goes_on_speaking(doc: Doc, verb: Token, squotes: Quotes) -> bool:
    """'"...," she continued.', 'She continued: "..."': an intransitive "continue" by a quote."""
    if verb.i + 1 < len(doc) and doc[verb.i + 1].text == ":":
        return True
    if any(c.dep_ not in ("nsubj", "punct", "advmod", "ccomp", "parataxis") for c in verb.children):
        return False  # "continued to rise", "continued the talks", "continued into the night"
    closing = any(t.is_quote and squotes.inside(t.idx - 1) for t in doc[max(0, verb.i - 3) : verb.i])
    after = doc[verb.i + 2] if verb.i + 2 < len(doc) else None
    return closing or (after is not None and after.is_quote and doc[verb.i + 1].text == ",")


def _open_class_cue(
    doc: Doc, text: str, verb: Token, lemma: str, squotes: Quotes, lex: Lexicon
) -> _Candidate | None:
    """Any verb with a that-clause and a human subject reports a stance ("Trump bristled that ...").

    The cue lexicon cannot list every verb of saying or thinking; a person, group
    or organisation with an explicit that-complement is attribution in the
    guidelines' sense whatever the verb.
    """
    if lemma in NOT_CUES or verb.pos_ != "VERB":
        return None
    comps = [
        c
        for c in verb.children
        if c.dep_ == "ccomp"
        and c.i > verb.i
        and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
    ]
    subj = subject_of(verb)
    if not comps or subj is None or not _human_subject(verb, lex):
        return None
    content = _content_from_tokens(doc, comps[0].subtree)
    if content is None:
        return None
    content, quote_type = with_quotes(text, content, squotes)
    return _Candidate(
        source=source_span(doc, subj, lex),
        cue=_cue_span(doc, verb, lex),
        content=content,
        channel=channel_of(doc, verb, lex),
        quote_type=quote_type,
        priority=1,
        cue_lemma=lemma,
    )


def _verb_candidate(
    doc: Doc,
    text: str,
    verb: Token,
    lemma: str,
    squotes: Quotes,
    lex: Lexicon,
    extents: tuple[list[int], list[int]],
) -> _Candidate | None:
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in IMPRESSION_VERBS:
        return None  # "appeared to know": the writer's impression, not a report
    if verb.dep_ in ("ccomp", "xcomp") and verb.head.lemma_.lower() in CAUSATIVES and verb.i > verb.head.i:
        return None  # "let them know that ...": the one who lets is speaking, not "them"
    if lemma in lex.citing and verb.dep_ == "advcl" and verb.head.lemma_.lower() in lex.all_verbs:
        return None  # "reported, citing X": folded into the head cue below
    children = list(verb.children)
    extra_citing: list[Token] = []
    subj = subject_of(verb)
    if subj is not None and squotes.inside(subj.idx):
        # '"... Full panic mode," said Leslie Wimes': a word of the quote is never its speaker
        outside = [c for c in children if c.dep_ in ("nsubj", "csubj") and not squotes.inside(c.idx)]
        subj = outside[0] if outside else subj
    if (
        lemma in FILLER_VERBS
        and subj is not None
        and subj.lower_ in FILLER_SUBJECTS
        and verb.i + 1 < len(doc)
        and doc[verb.i + 1].text in (",", "\u2014", "--")
    ):
        return None  # "Well, look, you know, ...": a filler, not a report
    if lemma in EVIDENCE_VERBS and not _document_or_agent(subj) and not _recording_says_that(subj, verb):
        return None  # "a video showing soldiers": depiction; "the video shows that ...": evidence
    # "Polls show Trump leading", "Records show no gifts": a report-like subject makes the
    # evidential verb a report whatever its complement (a video's "showing" stays depiction)
    by_document = lemma in EVIDENCE_VERBS and _document_subject(subj, lex)
    content: tuple[int, int] | None = None
    quote_type: QuoteType = "indirect"
    priority = 1
    clausal = [c for c in children if c.dep_ in _CLAUSAL_DEPS and lemma in lex.clausal]
    if lemma in lex.clausal and not clausal:
        clausal = _misparsed_that_clauses(verb, lemma)
    if not clausal and lemma in lex.object_human:
        # "condemned what he called a brazen breach": a free relative is the object
        clausal = [c for c in children if c.dep_ == "ccomp" and c.left_edge.tag_ == "WP" and c.i > verb.i]
    if lemma in EVIDENCE_VERBS and not by_document and not (lemma == "find" and _human_subject(verb, lex)):
        # "a judge found the law unconstitutional" reports a finding; "showed them marching" depicts
        clausal = [c for c in clausal if any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)]
    # "said Friday that she thinks X but said 'Y'": a second cue without a subject of its own,
    # hung on the first as a complement, is the speaker's next report, not what was said
    clausal = [
        c
        for c in clausal
        if not (
            c.lemma_.lower() in lex.clausal
            and subject_of(c) is None
            and any(verb.i < o.i < c.i for o in clausal)
        )
    ]
    # '"...," Warren told him, after he admitted he had ...': with the quotation before the
    # tag, a clause after it that opens with a subordinator is the telling's circumstance
    if any(c.i < verb.i for c in clausal):
        clausal = [c for c in clausal if c.i < verb.i or not _opens_adjunct(c)]
    # a complement that is itself a cue with its own speaker is another record (GUIDELINES rule 4)
    clausal = [
        c
        for c in clausal
        if not (c.lemma_.lower() in lex.clausal and subject_of(c) is not None and len(clausal) > 1)
    ]
    clausal.sort(key=lambda c: (c.i < verb.i, abs(c.i - verb.i)))
    if clausal:
        comp = clausal[0]
        # the complement's first and last tokens, from the subtree extents: listing the subtree
        # of every cue of a long chain ("A said B said C said ...") would be quadratic
        lo, hi = extents
        drop = _adjunct_reports(comp, lex)
        edges: list[int] = [lo[comp.i], hi[comp.i]]
        if comp.dep_ == "advcl" and _bare_clause(comp):
            # "said after the convention he would ...": the adjunct before the subject is the cue's
            edges[0] = min(c.left_edge.i for c in comp.children if c.dep_ in _SUBJ_DEPS)
        if drop:
            edges = [t.i for t in comp.subtree if t.i not in drop]
        if comp.i > verb.i and not any(c.dep_ in _SUBJ_DEPS or c.dep_ == "expl" for c in comp.children):
            # "said between 20 and 25 workers were missing": the parser hung the subject on the cue
            for c in verb.rights:
                if (
                    verb.i < c.i < comp.i
                    and c.dep_ in ("prep", "npadvmod", "dobj", "nsubj")
                    and not (c.dep_ == "dobj" and c.pos_ == "PROPN")
                ):
                    edges += [lo[c.i], hi[c.i]]
        antecedent = _object_of_reduced_relative(verb, comp)
        if antecedent is not None and edges:
            # "mentioned disparaging remarks Trump had made": the clause was the object's
            edges.append(lo[antecedent.i])
        content = _content_between(doc, min(edges), max(edges)) if edges else None
        if content is not None:
            content = clip_paragraph(text, content, verb.idx)
        if content is not None:
            content, quote_type = with_quotes(text, content, squotes)
            content = cut_trailing_adjunct(text, content)
            after_colon = _quote_after_colon(text, content, squotes) if comp.i < verb.i else content
            if after_colon != content:
                content, quote_type = after_colon, "direct"
            elif comp.i > verb.i and quote_type == "indirect":
                content = _through_colon(text, content, verb.sent.end_char)
        priority = 3 if quote_type == "direct" else 2
    else:
        quoted = adjacent_quote(text, verb, squotes, (extents[0][verb.i], extents[1][verb.i]))
        if quoted is not None and lemma in lex.clausal:
            content, quote_type, priority = quoted, "direct", 3
        elif (
            (verb.dep_ in ("ccomp", "parataxis") or _as_tag(verb))
            and lemma in lex.clausal
            and subj is not None
            and _set_off(doc, verb)
        ):
            # "This development is urgent, Zelensky said": the cue hangs from its content
            head = verb.head
            excl = {t.i for t in verb.subtree}
            # "X reported, citing Y, that ...": the parser may hang citing on the content
            for sib in head.children:
                if sib.lemma_.lower() in lex.citing and sib.dep_ == "advcl" and sib.i > verb.i:
                    excl.update(t.i for t in sib.subtree)
                    extra_citing.append(sib)
            lo, hi = extents
            toks = _contiguous(doc, _subtree_excluding(head, excl), head, bridge=(lo[verb.i], hi[verb.i]))
            content = _content_from_tokens(doc, toks)
            if content is not None:
                content, quote_type = with_quotes(text, content, squotes)
            priority = 2
        else:
            xcomp = [c for c in children if c.dep_ == "xcomp" and lemma in lex.infinitive]
            # "called Friday for ...": a date the parser made an object is no content
            dobj = [c for c in children if c.dep_ in ("dobj", "oprd") and c.ent_type_ not in ("DATE", "TIME")]
            predicate = [t for c in children if c.dep_ in ("oprd", "xcomp") for t in c.subtree]
            predicate += _as_predicate(verb, dobj[0]) if dobj else []
            if lemma in lex.call and dobj and (predicate or squotes.inside(dobj[0].idx)):
                # "called the test a violation": an object and what it is called; "called an
                # emergency meeting" names nothing; in "what he called a breach" the name is all
                named = [] if dobj[0].tag_ == "WP" else [t for d in dobj for t in d.subtree]
                toks = named + predicate
                content = _content_from_tokens(doc, toks)
            elif xcomp and not (lemma in INTENTIONS and not _human_subject(verb, lex)):
                # "the bill seeks to ban ...", "studies that seek to find ...": no one's intention
                toks = [t for c in children if c.dep_ == "dobj" for t in c.subtree] + list(xcomp[0].subtree)
                # "called on President Obama to retaliate": the addressee after the particle
                toks += [
                    t
                    for c in children
                    if c.dep_ == "prep" and c.i == verb.i + 1 and c.lower_ in ("on", "upon")
                    for g in c.children
                    if g.dep_ == "pobj"
                    for t in g.subtree
                ]
                content = _content_from_tokens(doc, toks)
            elif (
                dobj
                and (dobj[0].pos_ in ("NOUN", "PROPN", "NUM") or _pronoun_with_charge(verb, dobj[0]))
                and not (lemma in lex.call and _convened(dobj[0]) and not _quoted_after(squotes, verb))
                and (
                    lemma in lex.object
                    or by_document
                    or (lemma in lex.object_human and _human_subject(verb, lex))
                    # "The report mentions three cases", "The ad cites his record"
                    or (lemma in DOCUMENT_OBJECT_VERBS and _document_subject(subj, lex))
                )
            ):
                toks = _object_content(verb, dobj[0], small_clause=by_document)
                if lemma not in lex.clausal:
                    toks += _reduced_relative(verb, dobj[0])
                content = _content_from_tokens(doc, toks)
                priority = 0
            elif by_document and (small := _small_clause(verb)):
                # "every recent poll has shown him trailing Trump"
                content = _content_from_tokens(doc, small)
                priority = 0
            elif lemma in QUESTION_VERBS and _embedded_question(verb) is not None:
                # "Hannity asked Trump if the project was still in his plans"
                question = _embedded_question(verb)
                assert question is not None
                content = _content_from_tokens(doc, question.subtree)
                priority = 1
            elif lemma in lex.object_human and _gerund(verb) is not None and _human_subject(verb, lex):
                # "Sanders supports raising the minimum wage": the stance is on an action
                gerund = _gerund(verb)
                assert gerund is not None
                content = _content_from_tokens(doc, gerund.subtree)
                priority = 0
            elif lemma in lex.object_human and _human_subject(verb, lex):
                # "called for an inquiry", "pointed to the figures": the content is the prepositional object
                preps = [
                    c
                    for c in children
                    if c.dep_ == "prep"
                    and (c.lower_ in ("for", "to", "on", "against") or (c.lower_ == "of" and lemma == "warn"))
                    and not any(g.ent_type_ in ("DATE", "TIME") for g in c.children)
                    # "called on Friday for ...": a date or an adverb may come between
                    and all(_time_word(doc[k]) for k in range(verb.i + 1, c.i))
                    and c.i <= verb.i + 4
                ]
                # "called for reducing the rate": a gerund object is a pcomp
                pobj = [g for p in preps for g in p.children if g.dep_ in ("pobj", "pcomp")]
                # "called for compensation to be clawed back": the parser makes "for" a clause mark
                for_clause = [
                    c
                    for c in children
                    if c.dep_ == "advcl"
                    and any(g.dep_ == "mark" and g.i == verb.i + 1 for g in c.children)
                    and doc[verb.i + 1].lower_ == "for"
                ]
                if pobj:
                    content = _content_from_tokens(doc, pobj[0].subtree)
                    priority = 0
                elif for_clause:
                    toks = [t for t in for_clause[0].subtree if t.i > verb.i + 1]
                    content = _content_from_tokens(doc, toks)
                    priority = 0
    if content is None and lemma in lex.clausal:
        # "X reported, citing Y, that ...": the parser may hang the that-clause on "citing"
        via_citing = [
            g for c in children if c.lemma_.lower() in lex.citing for g in c.children if g.dep_ == "ccomp"
        ]
        if via_citing:
            content = _content_from_tokens(doc, via_citing[0].subtree)
            priority = 2
    if content is None:
        return None
    if quote_type == "indirect":
        content, quote_type = with_quotes(text, content, squotes)
    if any(c.dep_ == "nsubjpass" for c in children) or (
        verb.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in children)
    ):
        subj = agent_of(verb)
        if subj is None:
            return None  # source-less passive: a hedge, not an attribution
    if subj is None:
        subj = inherited_subject(verb, lex)
    if subj is not None and subj.lower_ in ("that", "which") and relative_antecedent(subj) is None:
        return None  # a demonstrative "that" or "which" names no holder
    if subj is None:
        return None
    # a relative pronoun is kept as written ("the ministry, which said ..."): linking resolves it
    src = doc[subj.i : subj.i + 1] if _relative_pronoun(subj) else source_span(doc, subj, lex)
    if (
        src.root.lower_ in ("it", "there")
        and lemma not in IMPERSONAL_CUES
        and not (src.root.lower_ == "it" and quote_type == "direct")
    ):
        return None  # "it seems", "it is expected": impersonal; '"...," it added' quotes a holder
    channel = channel_of(doc, verb, lex)
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
    subj = subject_of(verb) or inherited_subject(verb, lex)
    if subj is not None and _relative_pronoun(subj):
        subj = relative_antecedent(subj)  # "the union, which denounced ...": the union evaluates
    if subj is None or subj.lower_ in NON_HOLDERS:
        return False
    if subj.pos_ == "PRON":
        return subj.lower_ in HUMAN_PRONOUNS
    if subj.ent_type_ in ("DATE", "CARDINAL", "MONEY", "PERCENT", "QUANTITY"):
        return False
    kind = source_type(source_span(subj.doc, subj, lex), lex)
    if kind == "unnamed_group" and subj.pos_ == "NOUN":
        # a plural common noun is a group of people only if it names people ("analysts", not "fears")
        lemma = subj.lemma_.lower()
        return lemma in lex.group_nouns or lemma in ORG_NOUNS or is_person_noun(lemma)
    return kind in _HUMAN_TYPES


def _quote_after_colon(text: str, content: tuple[int, int], squotes: Quotes) -> tuple[int, int]:
    """'X scolded him: "...," she said': the speaker's words are the quote after the colon
    (GUIDELINES rule 4: one record, the cue closest to the content)."""
    start, end = content
    for q in squotes.touching(start, end):
        if q[1] == end and q[0] > start and text[start : q[0]].rstrip().endswith(":"):
            return q
    return content


def _time_word(tok: Token) -> bool:
    """Part of a time adjunct ("Friday", "on Friday", "again")."""
    return (
        tok.ent_type_ in ("DATE", "TIME")
        or tok.pos_ == "ADV"
        or (tok.dep_ == "prep" and any(g.ent_type_ in ("DATE", "TIME") for g in tok.children))
    )


def _reduced_relative(verb: Token, dobj: Token) -> list[Token]:
    """'cited disparaging remarks Trump had made about her': a relative clause without "that"
    the parser hung on the verb as its clause; it belongs to the object."""
    for child in verb.children:
        if child.dep_ == "ccomp" and child.left_edge.i == dobj.right_edge.i + 1:
            return list(child.subtree)
    return []


def _object_of_reduced_relative(verb: Token, comp: Token) -> Token | None:
    """The common-noun object right before a clause the parser made the cue's complement
    ("cited remarks Trump had made"): the clause, lacking its own object, modifies it.
    An addressee ("told reporters the port had closed") is not such an object."""
    if comp.dep_ != "ccomp" or comp.i < verb.i or verb.lemma_.lower() in ADDRESSEE_VERBS:
        return None
    if any(c.dep_ in ("dobj", "attr", "ccomp", "xcomp", "acomp", "mark") for c in comp.children):
        return None
    for child in verb.children:
        if (
            child.dep_ == "dobj"
            and child.pos_ == "NOUN"
            and child.ent_type_ not in ("DATE", "TIME")
            and child.right_edge.i + 1 == comp.left_edge.i
        ):
            return child
    return None


def _pronoun_with_charge(verb: Token, dobj: Token) -> bool:
    """'accusing her of lying', 'blamed them for the delay': a pronoun object counts when
    the verb says what it is accused, blamed or praised of or for."""
    return dobj.pos_ == "PRON" and any(
        c.dep_ == "prep" and c.lower_ in ("of", "for") and c.i > dobj.i for c in verb.children
    )


def _as_predicate(verb: Token, dobj: Token) -> list[Token]:
    """'described the country as beset by X': the "as" predicate the parser hung on the verb,
    with what follows it in the clause (a time or place adjunct ends it)."""
    out: list[Token] = []
    for child in verb.rights:
        if child.i < dobj.i or child.is_punct:
            continue
        opens = (child.dep_ == "prep" and child.lower_ == "as") or (
            child.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ == "as" for g in child.children)
        )
        if opens or (out and child.dep_ in ("prep", "advcl") and child.lower_ not in TIME_PREPS):
            out.extend(child.subtree)
        elif out:
            break
    return out


def _document_subject(subj: Token | None, lex: Lexicon) -> bool:
    """A poll, survey, record or study as the subject: what it shows is reported, not depicted."""
    if subj is not None and _relative_pronoun(subj):
        subj = relative_antecedent(subj)
    if subj is None or subj.lemma_.lower() in VISUAL_NOUNS:
        return False
    return source_type(source_span(subj.doc, subj, lex), lex) == "document"


def _that_clause(clause: Token) -> bool:
    """A clause opened by the complementizer "that" with a subject of its own."""
    opener = clause.left_edge
    if opener.lower_ != "that" or not any(c.dep_ in _SUBJ_DEPS for c in clause.children):
        return False
    if opener.dep_ in ("mark", "advmod", "dep"):
        return True
    # "that" as the object of a clause whose object is already there cannot be a relative pronoun
    return opener.dep_ == "dobj" and any(
        c.dep_ in ("dobj", "attr") and c.i != opener.i for c in clause.children
    )


def _opens_adjunct(clause: Token) -> bool:
    """A clause set off by a comma whose first word subordinates ('..., after he admitted ...')."""
    first = clause.left_edge
    return first.i > 0 and first.doc[first.i - 1].text == "," and first.lower_ in ADJUNCT_OPENERS


def _bare_clause(clause: Token) -> bool:
    """'said after the convention he would not accept ...': a finite clause with its own
    subject and no subordinator is a complement, whatever the parser made of it."""
    return (
        clause.tag_ != "VBG"
        and any(g.dep_ in _SUBJ_DEPS for g in clause.children)
        and not any(
            g.dep_ == "mark" or (g.dep_ == "advmod" and g.lower_ in SUBORDINATORS and g.i < clause.i)
            for g in clause.children
        )
    )


def _misparsed_that_clauses(verb: Token, lemma: str) -> list[Token]:
    """A that-clause the parser hung elsewhere: as an adverbial clause of the cue ("tweeted in
    the morning that ..."), or as a relative clause of the addressee ("told a meeting of
    leaders that few people understood ...", where "that" is no relative pronoun)."""
    found = [c for c in verb.rights if c.dep_ == "advcl" and (_that_clause(c) or _bare_clause(c))]
    if not found and lemma in ADDRESSEE_VERBS:
        for obj in verb.rights:
            if obj.dep_ in ("dobj", "dative"):
                found = [t for t in obj.subtree if t.dep_ == "relcl" and _that_clause(t)]
                break
    return found[:1]


def _embedded_question(verb: Token) -> Token | None:
    """The if/whether clause a question verb asks, wherever the parser hung it."""
    for child in verb.rights:
        if child.dep_ in ("ccomp", "advcl") and any(
            g.dep_ == "mark" and g.lower_ in ("if", "whether") for g in child.children
        ):
            return child
    return None


def _through_colon(text: str, content: tuple[int, int], sent_end: int) -> tuple[int, int]:
    """'notes that three things are happening at once: home values are rising, ...': what
    the colon opens spells out the complement; the content runs on to the sentence's end."""
    m = _COLON_AFTER.match(text, content[1], sent_end)
    if m is None:
        return content
    end = sent_end
    while end > content[1] and (text[end - 1].isspace() or text[end - 1] in ".;"):
        end -= 1
    return (content[0], end)


_COLON_AFTER = re.compile(r"[ \t]*:[ \t]*[\w\u201c\"']")


def _as_tag(verb: Token) -> bool:
    """'As the mayor said, the bridge stays shut', '..., as one official put it': an
    as-clause whose cue has no complement of its own reports the clause it hangs on."""
    return (
        verb.dep_ == "advcl"
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)
        and not any(c.dep_ in _CLAUSAL_DEPS for c in verb.children)
        and all(c.lower_ == "it" for c in verb.children if c.dep_ == "dobj")
    )


def _set_off(doc: Doc, verb: Token) -> bool:
    """Whether a cue's clause stands apart from what it hangs on ('..., Zelensky said').

    Punctuation before the clause marks a reporting tag; without it the clause is
    embedded ("We asked what our followers thought" is no report by the followers).
    """
    first = verb.left_edge.i
    return doc[first].is_punct or first == verb.sent.start or doc[first - 1].is_punct


def _gerund(verb: Token) -> Token | None:
    """The -ing complement right after a verb ("supports raising taxes"), if any."""
    for child in verb.rights:
        if child.dep_ in ("xcomp", "dobj", "ccomp") and child.tag_ == "VBG" and child.i <= verb.i + 2:
            if not any(c.dep_ in _SUBJ_DEPS for c in child.children):
                return child
        break
    return None


def _convened(dobj: Token) -> bool:
    """'called an emergency meeting' convenes; 'calling this undeniable proof' names."""
    return dobj.lemma_.lower() in CONVENED or any(
        c.dep_ == "det" and c.lower_ in ("a", "an") for c in dobj.children
    )


def _quoted_after(squotes: Quotes, verb: Token) -> bool:
    """A quotation in the verb's clause after it: "called the plan 'a disaster'"."""
    right = verb.right_edge
    return any(squotes.inside(t.idx) for t in verb.doc[verb.i + 1 : right.i + 1])


def _recording_says_that(subj: Token | None, verb: Token) -> bool:
    """'The video shows that ...': a recording offered as evidence for a clause (not history)."""
    if subj is None or subj.lemma_.lower() == "history":
        return False
    return any(
        c.dep_ == "ccomp" and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
        for c in verb.children
    )


def _document_or_agent(subj: Token | None) -> bool:
    """'show/find' attribute only with a report-like or human subject, not a video."""
    return subj is not None and subj.lemma_.lower() not in VISUAL_NOUNS


def _object_content(verb: Token, dobj: Token, small_clause: bool = False) -> list[Token]:
    """A noun-phrase content plus what the verb attaches after it ("confirmed two cases in X").

    With ``small_clause`` (a poll or record that "shows Cruz 16 points ahead of Trump") the
    object's predicate, which the parser hangs on the verb, belongs to the content too.
    """
    toks = list(dobj.subtree)
    deps = _SMALL_CLAUSE_DEPS if small_clause else ("prep", "npadvmod")
    for child in verb.rights:
        if child.i > dobj.i and child.dep_ in deps:
            toks.extend(child.subtree)
    # "attacked him as a fraud during the debate, with jabs ...": adjuncts from the time on
    times = [t.i for t in toks if t.i > dobj.right_edge.i and t.dep_ == "prep" and t.lower_ in TIME_PREPS]
    if times:
        toks = [t for t in toks if t.i < min(times)]
    return _without_closing_aside(toks)


def _without_closing_aside(toks: list[Token]) -> list[Token]:
    """'question the wisdom of backing Scott, who has never faced a race': a closing relative
    clause or appositive set off by a comma tells the reader about the object; the stance
    is on the object. (A clause inside a clausal content stays: the speaker said it.)"""
    if not toks:
        return toks
    have = {t.i for t in toks}
    last = max(have)
    doc = toks[0].doc
    cut = last + 1
    for tok in toks:
        for child in tok.rights:
            opener = child.left_edge
            if (
                child.dep_ in ("relcl", "appos")
                and child.right_edge.i == last
                and opener.lower_ in ASIDE_OPENERS
                and opener.i - 1 in have
                and doc[opener.i - 1].text in (",", "--", "\u2014", "\u2013")
            ):
                cut = min(cut, opener.i - 1)
    return [t for t in toks if t.i < cut]


_SMALL_CLAUSE_DEPS = ("prep", "npadvmod", "advmod", "acomp", "xcomp", "oprd")


def _small_clause(verb: Token) -> list[Token]:
    """'shown him trailing Trump': the parser's dative and its predicate, as one content."""
    dative = [c for c in verb.children if c.dep_ == "dative" and c.i > verb.i]
    if not dative:
        return []
    pred = [c for c in verb.children if c.dep_ in ("xcomp", "ccomp", "acomp") and c.i > dative[0].i]
    if not pred:
        return []
    return list(dative[0].subtree) + list(pred[0].subtree)


def _adjunct_reports(comp: Token, lex: Lexicon) -> set[int]:
    """The tokens to cut off a complement: 'while the other said ...', ', calling it X' (other reports)."""
    drop: set[int] = set()
    for child in comp.children:
        if child.dep_ == "conj" and stray_conjoined_cue_owner(child, lex) is not None:
            # "said Trump was ignorant and criticized him": the second cue is not content
            drop.update(t.i for t in child.subtree)
            drop.update(c.i for c in comp.children if c.dep_ in ("cc", "punct") and c.i < child.i)
            continue
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
            if any(t.lemma_.lower() in lex.clausal and subject_of(t) is not None for t in child.subtree):
                drop.update(t.i for t in child.subtree)
        if _concession_about_the_speaker(comp, child):
            # "claimed that X was smart, although he again refused to ...": the writer's aside
            drop.update(t.i for t in child.subtree)
            drop.add(child.i - 1 if child.left_edge.i == child.i else child.left_edge.i - 1)
    return drop


def _concession_about_the_speaker(comp: Token, child: Token) -> bool:
    """A closing ', although he ...' clause whose subject is the speaker again, by name or pronoun."""
    if child.dep_ != "advcl" or child.i < comp.i:
        return False
    marks = [g for g in child.children if g.dep_ == "mark" and g.lower_ in ("although", "though")]
    if not marks or marks[0].i == 0 or child.doc[marks[0].i - 1].text != ",":
        return False
    if child.right_edge.i < comp.right_edge.i:
        return False  # not the closing part of the complement
    inner, speaker = subject_of(child), subject_of(comp.head)
    if inner is None or speaker is None:
        return False
    return inner.lower_ in ("he", "she", "they") or inner.lower_ == speaker.lower_


def _according_to(doc: Doc, text: str, sent: SpacySpan, lex: Lexicon) -> Iterator[_Candidate]:
    tried = 0
    for tok in sent:
        if tok.lower_ != "according":
            continue
        tried += 1
        if tried > MAX_CUES_PER_SENTENCE:
            return
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is None or nxt.lower_ != "to":
            continue
        pobj = [c for c in nxt.children if c.dep_ == "pobj"]
        if tok.i == sent.start:
            # "According to X, the move reeks of fear": read by the comma, whatever the parse
            # (the parser may make the phrase the root, or the name)
            fronted = _fronted_according(doc, sent, tok, lex)
            if fronted is not None:
                yield fronted
                continue
        if tok.head.i == tok.i:
            continue  # "According to MSNBC:" as a sentence of its own: no clause to attribute
        head = tok.head
        if pobj:
            src = source_span(doc, pobj[0], lex)
        else:
            # "according to show insiders": the parser read a verb into the name; the source is
            # the words after "to", up to the next punctuation
            end = nxt.i + 1
            while end < sent.end and not doc[end].is_punct and end - nxt.i <= 8:
                end += 1
            if end == nxt.i + 1 or end - nxt.i > 8:
                continue
            src = doc[nxt.i + 1 : end]
        if (
            head.lemma_.lower() in lex.all_verbs
            and subject_of(head) is not None
            and lex.is_outlet(src)
            and src.root.lemma_.lower() not in lex.document_nouns  # "a Reuters survey" reports
        ):
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
            quote_type=quote_kind(text, content),
            priority=2,
            cue_lemma="according to",
        )


def _in_a_poll(doc: Doc, text: str, sent: SpacySpan, lex: Lexicon) -> Iterator[_Candidate]:
    """'In the latest poll, Clinton led Trump by 5 points': a finding reported by the poll."""
    tok = doc[sent.start]
    if tok.lower_ != "in" or tok.dep_ != "prep" or tok.head.pos_ not in ("VERB", "AUX"):
        return
    pobj = [c for c in tok.children if c.dep_ == "pobj"]
    if not pobj or pobj[0].lemma_.lower() not in FINDINGS:
        return
    head = tok.head
    toks = _contiguous(doc, _subtree_excluding(head, {t.i for t in tok.subtree}), head)
    content = _content_from_tokens(doc, toks)
    if content is None:
        return
    yield _Candidate(
        source=source_span(doc, pobj[0], lex),
        cue=doc[tok.i : tok.i + 1],
        content=content,
        quote_type=quote_kind(text, content),
        priority=1,
        cue_lemma="in",
    )


def _fronted_according(doc: Doc, sent: SpacySpan, tok: Token, lex: Lexicon) -> _Candidate | None:
    """'According to X, <clause>.': the source before the first comma, the clause after it."""
    comma = next((t.i for t in doc[tok.i + 2 : min(sent.end, tok.i + 18)] if t.text == ","), None)
    if comma is None or comma == tok.i + 2:
        return None
    body = list(doc[comma + 1 : sent.end])
    if len(body) < 3 or not any(t.pos_ in ("VERB", "AUX") or t.tag_ in ("VBZ", "NNS") for t in body):
        return None
    content = _content_from_tokens(doc, body)
    if content is None:
        return None
    phrase = doc[tok.i + 2 : comma]
    src = source_span(doc, phrase.root, lex) if phrase.root.ent_type_ == "PERSON" else phrase
    if src.start < phrase.start or src.end > phrase.end:
        src = phrase
    return _Candidate(
        source=src,
        cue=doc[tok.i : tok.i + 2],
        content=content,
        quote_type=quote_kind(doc.text, content),
        priority=2,
        cue_lemma="according to",
    )


def _document_put(doc: Doc, text: str, sent: SpacySpan, lex: Lexicon) -> Iterator[_Candidate]:
    """'Some estimates put the total at 12,000': a document subject with a placing verb."""
    tried = 0
    for tok in sent:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in PLACING_VERBS:
            continue
        tried += 1
        if tried > MAX_CUES_PER_SENTENCE:
            return
        subj = subject_of(tok)
        if subj is None or subj.lemma_.lower() not in lex.document_nouns:
            continue
        if any(c.dep_ == "dobj" and c.lower_ == "it" for c in tok.children):
            continue  # "as a memo put it": a way of saying, read with the other cues
        after = [t for c in tok.children if c.i > tok.i and c.dep_ != "punct" for t in c.subtree]
        content = _content_from_tokens(doc, after)
        if content is not None:  # "... at 12,000 -- a number reflecting ...": the gloss is the writer's
            dash = _GLOSS_DASH.search(text, content[0], content[1])
            if dash:
                content = (content[0], dash.start())
        if content is None:
            continue
        yield _Candidate(
            source=source_span(doc, subj, lex),
            cue=doc[tok.i : tok.i + 1],
            content=content,
            priority=2,
            cue_lemma=tok.lemma_.lower(),
        )


_GLOSS_DASH = re.compile(r"\s[\u2014\u2013-]{1,2}\s")


def _that_clauses(tok: Token, deps: tuple[str, ...]) -> list[Token]:
    return [
        c
        for c in tok.children
        if c.dep_ in deps and any(g.lower_ == "that" and g.dep_ == "mark" for g in c.children)
    ]


def _noun_cues(doc: Doc, sent: SpacySpan, lex: Lexicon) -> Iterator[_Candidate]:
    """'X's statement that ...', 'a warning by X that ...', 'fears are rising in X that ...'."""
    tried = 0
    for tok in sent:
        if tok.pos_ != "NOUN" or (
            tok.lemma_.lower() not in lex.nouns and tok.lemma_.lower() not in CALL_NOUNS
        ):
            continue
        tried += 1
        if tried > MAX_CUES_PER_SENTENCE:
            return
        comp = _that_clauses(tok, ("acl", "ccomp", "relcl"))
        holder = [c for c in tok.children if c.dep_ == "poss"]
        if comp and not holder:
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == "by":
                    holder = [g for g in c.children if g.dep_ == "pobj"]
        if not comp and tok.dep_ == "nsubj" and tok.lemma_.lower() in STANCE_NOUNS:
            # the parser hangs the that-clause and the holder on the verb: "fears are rising in X that Y"
            comp = _that_clauses(tok.head, ("advcl", "ccomp"))
            holder = [
                g
                for c in tok.head.children
                if c.dep_ == "prep" and c.lower_ in ("in", "among")
                for g in c.children
                if g.dep_ == "pobj"
            ]
        if not comp and holder and tok.lemma_.lower() in CALL_NOUNS:
            # "Pence's call for a special prosecutor", "his pledge to cut taxes"
            comp = [
                g
                for c in tok.children
                if c.dep_ == "prep"
                and c.lower_ == "for"
                and c.i == tok.i + 1
                and tok.lemma_.lower() in FOR_NOUNS
                for g in c.children
                if g.dep_ in ("pobj", "pcomp")
            ] + [c for c in tok.children if c.dep_ == "acl" and c.i > tok.i and _infinitive(c)]
        if not comp or not holder:
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


def _infinitive(tok: Token) -> bool:
    return tok.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _verbs_tagged_as_nouns(doc: Doc, sent: SpacySpan, lex: Lexicon) -> Iterator[_Candidate]:
    """'Trump claims that he should be the exception': the small model often reads a
    present-tense cue after a name as a plural noun ("claims", NNS) with the name as the
    root; a bare plural right after its head, opening a that-clause, is the verb."""
    tried = 0
    for tok in sent:
        if tok.tag_ != "NNS" or tok.i == sent.start or tok.lemma_.lower() not in lex.clausal:
            continue
        tried += 1
        if tried > MAX_CUES_PER_SENTENCE:
            return  # each try may read a subtree: a capped number keeps a sentence linear
        holder = doc[tok.i - 1]
        if holder.pos_ not in ("PROPN", "PRON", "NOUN") or not (
            tok.head.i == holder.i or holder.head.i == tok.i
        ):
            continue
        modifiers = [c for c in tok.children if c.dep_ in ("det", "poss", "amod", "compound", "nummod")]
        if any(c.i != holder.i for c in modifiers):
            continue  # "his claims that ...", "new claims that ...": a noun after all
        comp = [c for c in _that_clauses(tok, ("acl", "ccomp", "relcl")) if c.i > tok.i]
        if not comp:
            continue
        content = _content_from_tokens(doc, comp[0].subtree)
        if content is None:
            continue
        words = _contiguous(doc, _subtree_excluding(holder, {tok.i}), holder)
        yield _Candidate(
            source=source_span(doc, holder, lex)
            if holder.head.i == tok.i
            else doc[words[0].i : words[-1].i + 1],
            cue=doc[tok.i : tok.i + 1],
            content=content,
            priority=2,
            cue_lemma=tok.lemma_.lower(),
        )


def _trailing_tag_read_as_noun(doc: Doc, sent: SpacySpan, lex: Lexicon) -> Iterator[_Candidate]:
    """'..., Federal Election Commission records show.': the sentence's closing reporting tag
    with its verb read as a noun; the clause before the comma is the content."""
    end = sent.end
    while end > sent.start and doc[end - 1].is_punct:
        end -= 1
    if end - sent.start < 6:
        return
    cue = doc[end - 1]
    if cue.tag_ not in ("NN", "NNS") or cue.lemma_.lower() not in TAG_VERBS_READ_AS_NOUNS:
        return
    commas = [t.i for t in doc[max(sent.start, end - 20) : end - 1] if t.text == ","]
    if not commas:
        return
    comma = commas[-1]
    holder = doc[comma + 1 : end - 1]
    if not len(holder) or not any(t.pos_ in ("NOUN", "PROPN") for t in holder):
        return
    if any(t.pos_ in ("VERB", "AUX") and t.dep_ not in ("acl", "amod") for t in holder):
        return  # "..., he says." is parsed right; a verb in between is another clause
    body = doc[sent.start : comma]
    if not any(t.pos_ in ("VERB", "AUX") for t in body):
        return
    yield _Candidate(
        source=holder,
        cue=doc[cue.i : cue.i + 1],
        content=(body.start_char, body.end_char),
        priority=2,
        cue_lemma=cue.lemma_.lower(),
    )


_LABEL = re.compile(
    r"^[\"\u201c]?(?P<label>(?:[A-Z][\w.'\u2019-]*\s+){0,3}[A-Z][\w.'\u2019-]*):[ \t]+(?P<body>\S.*)$",
    re.MULTILINE,
)


#: The tail of a signed quotation: '..." \u2015 Sonya Herridge' at the end of a line. The quote
#: itself opens at the line's first quotation mark at least 11 characters before the closing
#: one; it is found from here, so that a line of 10,000 marks is read once, not once per mark.
_SIGNATURE = re.compile(
    r"[\u201d\"][ \t\u00a0]*[\u2015\u2014][ \t\u00a0]*"
    r"(?P<name>[A-Z][\w.'\u2019-]*(?:[ \t\u00a0]+[A-Z][\w.'\u2019-]*){0,3})[ \t\u00a0]*$",
    re.MULTILINE,
)
_QUOTE_OPENING = re.compile(r"[\u201c\u201d\"]")


def _speaker_labels(doc: Doc, text: str, lex: Lexicon, tick: Callable[[], None]) -> Iterator[_Candidate]:
    """Transcripts and headlines: 'PENCE: Well, look ...', 'Pat Caddell: Voters are worried'."""
    named: dict[str, list[int]] = {}
    for m in _LABEL.finditer(text):
        tick()
        label = m.group("label")
        if label.lower() in lex.label_stop or len(m.group("body").split()) < 3:
            continue
        src = doc.char_span(m.start("label"), m.end("label"), alignment_mode="expand")
        cue = doc.char_span(m.end("label"), m.end("label") + 1, alignment_mode="expand")
        if src is None or cue is None:
            continue
        if not (
            label.isupper()
            or (len(src) == 1 and src[0].pos_ == "PROPN")
            or src.root.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")  # not "Stealth Over Health:"
            or src[-1].lemma_.lower() in lex.document_nouns  # "Poll: Clinton and Trump in dead heat"
            or _named_elsewhere(text, label.split()[-1], named, (m.start(), m.end()))  # "Sanders said"
        ):
            continue
        body_end = m.end("body")
        while body_end > m.start("body") and text[body_end - 1] in " \t":
            body_end -= 1
        yield _Candidate(
            source=src,
            cue=cue,
            content=(m.start("body"), body_end),
            quote_type="direct",
            priority=1,
            cue_lemma=":",
        )
    for m in _SIGNATURE.finditer(text):  # '"..." \u2015 Sonya Herridge': a signed quotation
        tick()
        close = m.start()
        line = text.rfind("\n", 0, close) + 1
        opening = _QUOTE_OPENING.search(text, line, max(line, close - 10))
        if opening is None:
            continue
        quote = (opening.start(), close + 1)
        name_end = m.end("name") - (1 if m.group("name").endswith(".") else 0)  # "― Steve Quinlan."
        src = doc.char_span(m.start("name"), name_end, alignment_mode="expand")
        bar = close + 1 + len(m.group()[1:]) - len(m.group()[1:].lstrip(" \t\u00a0"))
        cue = doc.char_span(bar, bar + 1)  # the bar alone: a token of its own (pipeline.SPLIT_MARKS)
        if src is None:
            continue
        yield _Candidate(
            source=src,
            cue=cue,
            content=quote,
            quote_type="direct",
            priority=1,
            cue_lemma="\u2015",
        )


def _introduced_paragraphs(doc: Doc, text: str, lex: Lexicon) -> Iterator[_Candidate]:
    """'Limbaugh added:' as a paragraph of its own, then his words as the next paragraph."""
    for m in _INTRODUCING_LINE.finditer(text):
        colon = m.end() - 1
        span = doc.char_span(m.start(), colon, alignment_mode="expand")
        if span is None or len(span) > 8:
            continue
        verbs = [t for t in span if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in lex.clausal]
        subj = subject_of(verbs[-1]) if verbs else None
        if subj is None or not m.start() <= subj.idx < colon:
            continue
        start = colon + 1
        while start < len(text) and text[start].isspace():
            start += 1
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        while end > start and (text[end - 1].isspace() or text[end - 1] == "."):
            end -= 1
        if end - start < 12:
            continue
        yield _Candidate(
            source=source_span(doc, subj, lex),
            cue=_cue_span(doc, verbs[-1], lex),
            content=(start, end),
            quote_type=quote_kind(text, (start, end)),
            priority=2,
            cue_lemma=verbs[-1].lemma_.lower(),
        )


#: A paragraph that only introduces the next one: "Limbaugh added:".
_INTRODUCING_LINE = re.compile(r"^[^\n:]{3,80}:[ \t]*\n", re.MULTILINE)


def _named_elsewhere(text: str, word: str, seen: dict[str, list[int]], line: tuple[int, int]) -> bool:
    """A word the text also writes capitalized in mid-sentence, off the label's line, is a name."""
    if word not in seen:
        mid_sentence = re.finditer(r"(?<=[a-z0-9,;] )" + re.escape(word) + r"\b", text)
        seen[word] = [m.start() for m in mid_sentence] if word[:1].isupper() else []
    return any(not line[0] <= at < line[1] for at in seen[word])


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


class _SpanIndex:
    """Candidates by content start, so that the ones overlapping a range are found by bisection."""

    def __init__(self) -> None:
        self.keys: list[tuple[int, int]] = []  # (start, insertion number), sorted
        self.items: list[_Candidate] = []  # in the order of ``keys``
        self.longest = 0

    def add(self, cand: _Candidate) -> None:
        start, end = cand.content
        key = (start, len(self.keys))
        at = bisect_right(self.keys, key)
        self.keys.insert(at, key)
        self.items.insert(at, cand)
        self.longest = max(self.longest, end - start)

    def starting_in(self, lo: int, hi: int) -> list[_Candidate]:
        """The candidates whose content starts in [lo, hi)."""
        a = bisect_right(self.keys, (lo, -1))
        b = bisect_right(self.keys, (hi, -1))
        return self.items[a:b]

    def overlapping(self, start: int, end: int) -> list[_Candidate]:
        """The candidates whose content overlaps [start, end)."""
        return [c for c in self.starting_in(start - self.longest, end) if c.content[1] > start]


def _clashes(cand: _Candidate, other: _Candidate) -> bool:
    """Whether ``other`` (kept, higher ranked) makes ``cand`` the same attribution twice."""
    ov = _overlap(cand.content, other.content)
    if not ov:
        return False
    if cand.cue is not None and other.cue is not None and cand.cue.start != other.cue.start:
        # "told the audience that she believes we must ...": one report inside the other
        # (rule 3 keeps both, or the outer one alone when the inner holder is the speaker)
        if _nests(other, cand) or _nests(cand, other):
            return False
    small = min(cand.content[1] - cand.content[0], other.content[1] - other.content[0])
    same_source = (
        cand.source is not None and other.source is not None and cand.source.root.i == other.source.root.i
    )
    if ov >= 0.8 * small and (
        same_source
        or abs((cand.content[1] - cand.content[0]) - (other.content[1] - other.content[0])) < 0.3 * small
    ):
        return True
    return cand.cue is not None and other.cue is not None and cand.cue.start == other.cue.start


def _nests(outer: _Candidate, inner: _Candidate) -> bool:
    """'told the audience that she believes ...': the inner cue lies in the outer content,
    which follows its cue ('DuVernay said X, she said' is one report told twice)."""
    assert outer.cue is not None and inner.cue is not None
    return outer.cue.start_char < outer.content[0] <= inner.cue.start_char < outer.content[1]


def _no_tick() -> None:
    return None


def _select(cands: list[_Candidate], tick: Callable[[], None] = _no_tick) -> list[_Candidate]:
    """Keep one attribution per content: higher priority, then the cue nearest the content.

    Nested reporting keeps both records when the contents differ (the inner one is
    a sub-span of the outer one with another source).

    A candidate is compared only with the kept ones it can clash with (:func:`_clashes`):
    those of a similar length overlapping it (they start at most 1.3 times its length
    before it), and those with the same source or the same cue. That keeps thousands of
    candidates linear in practice, where comparing every pair would be quadratic.
    """

    def rank(c: _Candidate) -> tuple[int, int]:
        cue_pos = c.cue.start_char if c.cue is not None else c.content[0]
        dist = min(abs(cue_pos - c.content[0]), abs(cue_pos - c.content[1]))
        return (-c.priority, dist)

    kept: list[_Candidate] = []
    everything = _SpanIndex()
    by_source: dict[int, _SpanIndex] = {}
    by_cue: dict[int, _SpanIndex] = {}
    for cand in sorted(cands, key=rank):
        tick()
        start, end = cand.content
        near = everything.starting_in(start - (13 * (end - start)) // 10 - 1, end)
        source_i = cand.source.root.i if cand.source is not None else None
        same_source = by_source.get(source_i) if source_i is not None else None
        same_cue = by_cue.get(cand.cue.start) if cand.cue is not None else None
        others = [
            *near,
            *(same_source.overlapping(start, end) if same_source else ()),
            *(same_cue.overlapping(start, end) if same_cue else ()),
        ]
        if any(_clashes(cand, other) for other in others):
            continue
        kept.append(cand)
        everything.add(cand)
        if source_i is not None:
            by_source.setdefault(source_i, _SpanIndex()).add(cand)
        if cand.cue is not None:
            by_cue.setdefault(cand.cue.start, _SpanIndex()).add(cand)
    return kept


def _drop_same_speaker_nesting(kept: list[_Candidate]) -> list[_Candidate]:
    """'X said he believed Y' is one record: the inner holder is the outer speaker (rule 3).

    "Is the cue inside another kept content" is one bisection into the contents sorted
    by start, with the two largest ends seen so far (the largest may be the record's own).
    """
    order = sorted(range(len(kept)), key=lambda k: kept[k].content[0])
    starts = [kept[k].content[0] for k in order]
    best: list[tuple[int, int]] = []  # over order[: j + 1]: (largest end, whose)
    second: list[int] = []  # over order[: j + 1]: the largest end of any other
    top_end, top_k, next_end = -1, -1, -1
    for k in order:
        end = kept[k].content[1]
        if end > top_end:
            top_end, top_k, next_end = end, k, top_end
        elif end > next_end:
            next_end = end
        best.append((top_end, top_k))
        second.append(next_end)
    out = []
    for k, c in enumerate(kept):
        if c.source is None or c.cue is None or c.source.text.lower() not in SELF_PRONOUNS:
            out.append(c)
            continue
        cue_at = c.cue.start_char
        j = bisect_right(starts, cue_at) - 1
        if j >= 0 and (best[j][0] if best[j][1] != k else second[j]) > cue_at:
            continue
        out.append(c)
    return out


_CONTINUING_QUOTE_END = re.compile(r"[.!?,;:](?:[\"\u201d]|'')$")


def _follow_on_quotes(
    text: str, quotes: list[tuple[int, int]], kept: list[_Candidate], tick: Callable[[], None] = _no_tick
) -> list[_Candidate]:
    """A quotation with no cue continues the previous attribution (GUIDELINES rule 5).

    One pass over the quotations in text order: the kept contents sorted by start with
    their running largest end tell whether a quotation is covered, and the attributions
    that end before it become candidates for "previous" as the pass moves on.
    """
    out: list[_Candidate] = []
    spans = sorted(c.content for c in kept)
    starts = [a for a, _ in spans]
    reach: list[int] = []  # reach[j]: the largest end among spans[: j + 1]
    for _, end in spans:
        reach.append(max(end, reach[-1]) if reach else end)
    added_reach = -1  # the largest end among the quotations added here
    ordered = sorted(kept, key=lambda c: c.content[0])
    # (end, position in ordered) of the direct and mixed quotes, by end: "previous" candidates
    enders = sorted((c.content[1], i) for i, c in enumerate(ordered) if c.quote_type != "indirect")
    next_ender, prev_at = 0, -1
    for q in quotes:  # sorted by start
        tick()
        j = bisect_right(starts, q[1] - 1) - 1  # kept contents starting before the quote ends
        if (j >= 0 and reach[j] > q[0]) or added_reach > q[0]:
            continue
        body = text[q[0] : q[1]]
        # a short quoted phrase is a scare quote or a title, not a continuing statement
        if len(body.split()) < 6 or not _CONTINUING_QUOTE_END.search(body):
            continue
        while next_ender < len(enders) and enders[next_ender][0] <= q[0]:
            prev_at = max(prev_at, enders[next_ender][1])
            next_ender += 1
        if prev_at < 0 or q[0] - ordered[prev_at].content[1] > 600:
            continue
        base = ordered[prev_at]
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
        added_reach = max(added_reach, q[1])
    return out


def _relative_pronoun(tok: Token) -> bool:
    return tok.lower_ in ("that", "which") and relative_antecedent(tok) is not None


def _typed_source(c: _Candidate, lex: Lexicon) -> SourceType:
    """A relative pronoun is typed by the noun phrase it stands for."""
    src = c.source
    noun = relative_antecedent(src.root) if src is not None and len(src) == 1 else None
    if src is not None and noun is not None and src.root.lower_ in ("that", "which"):
        return source_type(source_span(src.doc, noun, lex), lex)
    return source_type(src, lex)


def _to_record(text: str, n: int, c: _Candidate, lex: Lexicon) -> Attribution:
    def span(s: SpacySpan | None) -> Span | None:
        return Span(s.text, s.start_char, s.end_char) if s is not None else None

    start, end = c.content
    return Attribution(
        id=f"a{n}",
        source=span(c.source),
        source_type=_typed_source(c, lex),
        cue=span(c.cue),
        content=Span(text[start:end], start, end),
        quote_type=c.quote_type,
        channel=span(c.channel),
        extractor=EXTRACTOR,
    )
