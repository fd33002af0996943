"""Verb cues: "X said/told/warned/estimated that ...", '"...," X said', "X called for ...".

A cue verb from ``data/cues.json`` with a clausal, infinitive or (for some verbs)
noun-phrase complement; the source is its subject, the "by X" of a passive, or the
subject of the clause it hangs from ("..., warning that ..."). A verb outside the
lexicon still reports a stance with a human subject and a that-clause ("Trump
bristled that ...").

:func:`_verb_candidate` reads a listed cue in steps: reject what is no report,
find the content (the first of :data:`_CONTENT_STEPS` that applies decides), find
the holder, then credit a cited source ("Reuters reported, citing X, that ...").
A new way for a verb's content to be written is one more content step.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from claimledger.models import QuoteType
from claimledger.pipeline.attribution.complements import (
    about_nothing_new,
    adjunct_reports,
    as_predicate,
    as_tag,
    bare_clause,
    cites_a_source,
    conjoined_tag,
    convened,
    decided_by_vote,
    document_or_agent,
    document_subject,
    embedded_question,
    gerund,
    human_subject,
    misparsed_that_clauses,
    noun_of_participle,
    object_content,
    object_of_reduced_relative,
    opens_adjunct,
    pronoun_with_charge,
    quote_after_colon,
    quoted_after,
    recording_says_that,
    reduced_relative,
    relative_pronoun,
    set_off,
    small_clause_tokens,
    stranded_subject,
    through_colon,
    time_word,
)
from claimledger.pipeline.attribution.context import MAX_CUES_PER_SENTENCE, Candidate, Context, Priority
from claimledger.pipeline.attribution.grammar import (
    CLAUSAL_DEPS,
    SUBJ_DEPS,
    content_between,
    content_from_tokens,
    contiguous,
    cue_span,
    subtree_excluding,
)
from claimledger.pipeline.attribution.vocabulary import (
    CAUSATIVES,
    DOCUMENT_OBJECT_VERBS,
    EVIDENCE_VERBS,
    FILLER_SUBJECTS,
    FILLER_VERBS,
    IMPERSONAL_CUES,
    IMPRESSION_VERBS,
    INTENTIONS,
    MESSAGE_OBJECTS,
    NOT_CUES,
    PRONOUN_STANCE_VERBS,
    QUESTION_VERBS,
    SHORT_ANSWERS,
    STANCE_PRONOUNS,
)
from claimledger.syntax.quotes import (
    Quotes,
    adjacent_quote,
    clip_paragraph,
    cut_trailing_adjunct,
    with_quotes,
)
from claimledger.syntax.sources import (
    agent_of,
    channel_of,
    inherited_subject,
    relative_antecedent,
    source_span,
    subject_of,
)


def verb_cues(ctx: Context) -> Iterator[Candidate]:
    """Every verb of the sentence that is a cue, listed or open-class, with its content."""
    doc, squotes, lex = ctx.doc, ctx.quotes, ctx.lex
    tried = 0
    for tok in ctx.sent:
        if tok.pos_ not in ("VERB", "AUX") or squotes.inside(tok.idx):
            continue  # a cue inside a quote belongs to the quoted speaker, handled as nesting
        lemma = lex.cue_lemma(tok)
        if lemma == "put" and any(c.dep_ == "dobj" and c.lower_ == "it" for c in tok.children):
            lemma = "say"  # "as one official put it", "she put it bluntly: ..."
        if lemma == "continue" and _goes_on_speaking(doc, tok, squotes):
            lemma = "add"  # 'Limbaugh continued: "..."' goes on speaking; "continued to rise" does not
        if lemma not in lex.all_verbs and not any(c.dep_ == "ccomp" for c in tok.children):
            continue  # not a cue, and no clause for an open-class cue (below) to report
        ctx.tick()
        tried += 1
        if tried > MAX_CUES_PER_SENTENCE:
            return
        if lemma in lex.all_verbs:
            cand = _verb_candidate(ctx, tok, lemma)
        else:
            cand = _open_class_cue(ctx, tok, lemma)
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


def _open_class_cue(ctx: Context, verb: Token, lemma: str) -> Candidate | None:
    """Any verb with a that-clause and a human subject reports a stance ("Trump bristled that ...").

    The cue lexicon cannot list every verb of saying or thinking; a person, group
    or organisation with an explicit that-complement is attribution in the
    guidelines' sense whatever the verb.
    """
    doc, lex = ctx.doc, ctx.lex
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
    if not comps or subj is None or not human_subject(verb, lex):
        return None
    content = content_from_tokens(doc, comps[0].subtree)
    if content is None:
        return None
    content, quote_type = with_quotes(ctx.text, content, ctx.quotes)
    return Candidate(
        source=source_span(doc, subj, lex),
        cue=cue_span(doc, verb, lex),
        content=content,
        channel=channel_of(doc, verb, lex),
        quote_type=quote_type,
        priority=Priority.LOOSE,
        cue_lemma=lemma,
    )


# --------------------------------------------------------------------------- a listed cue, in steps


@dataclass(frozen=True, slots=True)
class _Cue:
    """A listed cue verb being read: what every step of :func:`_verb_candidate` looks at."""

    ctx: Context
    verb: Token
    lemma: str
    children: list[Token]
    #: The subject, one outside any quotation when the parser offers one (a word of the quote
    #: is never its speaker).
    subj: Token | None
    #: A report-like subject ("Polls show Trump leading") makes an evidential verb a report
    #: whatever its complement (a video's "showing" stays depiction).
    by_document: bool


@dataclass(frozen=True, slots=True)
class _Content:
    """What a content step found: ``span`` is None when the step applies but finds nothing."""

    span: tuple[int, int] | None
    quote_type: QuoteType = "indirect"
    priority: Priority = Priority.LOOSE
    #: "citing" clauses the step found hung on the content rather than on the cue.
    cited: tuple[Token, ...] = ()


def _verb_candidate(ctx: Context, verb: Token, lemma: str) -> Candidate | None:
    """A listed cue verb: its content, then its holder, then a cited source."""
    if _never_a_report(ctx, verb, lemma):
        return None
    cue = _read_cue(ctx, verb, lemma)
    if cue is None:
        return None
    found = _content(cue)
    if found.span is None:
        return None
    content, quote_type = found.span, found.quote_type
    if quote_type == "indirect":
        content, quote_type = with_quotes(ctx.text, content, ctx.quotes)
    if _asked_of_its_subject(cue):
        return _credited(cue, None, content, quote_type, found)  # the asker is not named
    holder = _holder(cue, quote_type)
    if holder is None:
        return None
    return _credited(cue, holder, content, quote_type, found)


#: What a participle with a clause of its own has ("was asked", "asked by reporters"), besides a subject.
_OWN_CLAUSE_DEPS = ("aux", "auxpass", "agent", "expl")


def _asked_of_its_subject(cue: _Cue) -> bool:
    """ "Asked whether he would run, Okafor said ...": a bare passive participle of a question
    verb puts the question to the subject it hangs on; the one who asked is not named.

    The question is still reported (its content stays), with no source rather than the
    one who was asked. "Asked by reporters whether ..." names its asker (the passive's agent).
    """
    verb = cue.verb
    return (
        cue.lemma in QUESTION_VERBS
        and verb.tag_ == "VBN"
        and verb.dep_ in ("advcl", "acl", "conj", "ccomp", "xcomp")
        and not any(c.dep_ in SUBJ_DEPS or c.dep_ in _OWN_CLAUSE_DEPS for c in verb.children)
    )


def _never_a_report(ctx: Context, verb: Token, lemma: str) -> bool:
    """Constructions in which a cue verb reports nothing, or is read with another cue."""
    head = verb.head.lemma_.lower()
    if verb.dep_ == "xcomp" and head in IMPRESSION_VERBS:
        return True  # "appeared to know": the writer's impression, not a report
    if verb.dep_ in ("ccomp", "xcomp") and head in CAUSATIVES and verb.i > verb.head.i:
        return True  # "let them know that ...": the one who lets is speaking, not "them"
    if verb.dep_ == "xcomp" and head in ctx.lex.infinitive and verb.i > verb.head.i and head != "say":
        # "declined to say whether ...", "refused to admit any fault": the infinitive is the
        # content of the cue before it, by the same holder (GUIDELINES rule 3), not a report
        return True
    # "reported, citing X": folded into the head cue (:func:`_credited`)
    return (
        lemma in ctx.lex.citing
        and verb.dep_ == "advcl"
        and head in ctx.lex.all_verbs
        and cites_a_source(verb, ctx.lex, _reporter(ctx, verb.head))
    )


def _reporter(ctx: Context, verb: Token) -> SpacySpan | None:
    """The subject of a cue as a source span, if it has one."""
    subj = subject_of(verb)
    return None if subj is None else source_span(ctx.doc, subj, ctx.lex)


def _read_cue(ctx: Context, verb: Token, lemma: str) -> _Cue | None:
    """The cue with its subject, or None for a filler or a depiction."""
    doc, squotes = ctx.doc, ctx.quotes
    children = list(verb.children)
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
    if lemma in EVIDENCE_VERBS and not document_or_agent(subj) and not recording_says_that(subj, verb):
        return None  # "a video showing soldiers": depiction; "the video shows that ...": evidence
    by_document = lemma in EVIDENCE_VERBS and document_subject(subj, ctx.lex)
    return _Cue(ctx, verb, lemma, children, subj, by_document)


def _content(cue: _Cue) -> _Content:
    """The first content step that applies decides; a listed clausal cue with nothing found
    may still have its that-clause hung on "citing" ("X reported, citing Y, that ...")."""
    for step in _CONTENT_STEPS:
        found = step(cue)
        if found is not None:
            break
    else:
        found = _Content(None)
    if found.span is None and cue.lemma in cue.ctx.lex.clausal:
        via_citing = [
            g
            for c in cue.children
            if c.lemma_.lower() in cue.ctx.lex.citing
            for g in c.children
            if g.dep_ == "ccomp"
        ]
        if via_citing:
            span = content_from_tokens(cue.ctx.doc, via_citing[0].subtree)
            return _Content(span, priority=Priority.REPORTED_CLAUSE, cited=found.cited)
    return found


def _holder(cue: _Cue, quote_type: QuoteType) -> SpacySpan | None:
    """Who reports: the subject, the agent of a passive, or the subject the cue inherits."""
    doc, verb, lex = cue.ctx.doc, cue.verb, cue.ctx.lex
    subj = cue.subj
    if any(c.dep_ == "nsubjpass" for c in cue.children) or (
        verb.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in cue.children)
    ):
        subj = agent_of(verb)
        if subj is None:
            return None  # source-less passive: a hedge, not an attribution
    if subj is None:
        subj = inherited_subject(verb, lex)
    if subj is None and cue.lemma in lex.clausal:
        subj = stranded_subject(verb, lex)
    if subj is None:
        noun = noun_of_participle(verb, lex)
        if noun is not None:
            # "analysts saying ...": the noun with what comes before it, not the participle's clause
            return doc[noun.left_edge.i : noun.i + 1]
    if subj is not None and subj.lower_ in ("that", "which") and relative_antecedent(subj) is None:
        return None  # a demonstrative "that" or "which" names no holder
    if subj is None:
        return None
    # a relative pronoun is kept as written ("the ministry, which said ..."): linking resolves it
    src = doc[subj.i : subj.i + 1] if relative_pronoun(subj) else source_span(doc, subj, lex)
    if (
        src.root.lower_ in ("it", "there")
        and cue.lemma not in IMPERSONAL_CUES
        and not (src.root.lower_ == "it" and quote_type == "direct")
    ):
        return None  # "it seems", "it is expected": impersonal; '"...," it added' quotes a holder
    return src


def _credited(
    cue: _Cue, src: SpacySpan | None, content: tuple[int, int], quote_type: QuoteType, found: _Content
) -> Candidate:
    """The candidate, with a cited source: "Reuters reported, citing X, that ...": X is the
    source, Reuters the channel."""
    doc, verb, lex = cue.ctx.doc, cue.verb, cue.ctx.lex
    channel = channel_of(doc, verb, lex)
    source: SpacySpan | None = src
    for child in cue.children + list(found.cited):
        if (
            child.lemma_.lower() in lex.citing
            and child.dep_ in ("advcl", "xcomp", "conj")
            and cites_a_source(child, lex, src)
        ):
            cited = [g for g in child.children if g.dep_ == "dobj"]
            if cited:
                if src is not None and lex.is_outlet(src):
                    channel = src
                source = source_span(doc, cited[0], lex)
                cited_comp = [g for g in child.children if g.dep_ == "ccomp"]
                if cited_comp:
                    content = content_from_tokens(doc, cited_comp[0].subtree) or content
    return Candidate(
        source=source,
        cue=cue_span(doc, verb, lex),
        content=content,
        channel=channel,
        quote_type=quote_type,
        priority=found.priority,
        cue_lemma=cue.lemma,
    )


# --------------------------------------------------------------------------- content steps
# Each step returns None when its construction does not apply, so the next one is tried,
# or a _Content (whose span may be None: the construction applies but yields nothing).


def _clausal_content(cue: _Cue) -> _Content | None:
    """A reported clause: "said (that) the bridge would reopen", '"...," he said'."""
    clausal = _complements(cue)
    if not clausal:
        return None
    ctx, verb, comp = cue.ctx, cue.verb, clausal[0]
    text, squotes = ctx.text, ctx.quotes
    edges = _complement_edges(cue, comp)
    content = content_between(ctx.doc, min(edges), max(edges)) if edges else None
    if content is not None:
        content = clip_paragraph(text, content, verb.idx)
    if content is None:
        return _Content(None, priority=Priority.REPORTED_CLAUSE)
    quote_type: QuoteType
    content, quote_type = with_quotes(text, content, squotes)
    content = cut_trailing_adjunct(text, content)
    after_colon = quote_after_colon(text, content, squotes) if comp.i < verb.i else content
    if after_colon != content:
        content, quote_type = after_colon, "direct"
    elif comp.i > verb.i and quote_type == "indirect":
        content = through_colon(text, content, verb.sent.end_char)
    priority = Priority.DIRECT_QUOTE if quote_type == "direct" else Priority.REPORTED_CLAUSE
    return _Content(content, quote_type, priority)


def _complements(cue: _Cue) -> list[Token]:
    """The cue's reported clauses, the nearest first, those after the cue before those before it."""
    verb, lemma, lex = cue.verb, cue.lemma, cue.ctx.lex
    clausal = [c for c in cue.children if c.dep_ in CLAUSAL_DEPS and lemma in lex.clausal]
    if lemma in lex.clausal and not clausal:
        clausal = misparsed_that_clauses(verb, lemma)
    if not clausal and lemma in lex.object_human:
        # "condemned what he called a brazen breach": a free relative is the object
        clausal = [c for c in cue.children if c.dep_ == "ccomp" and c.left_edge.tag_ == "WP" and c.i > verb.i]
    if lemma in EVIDENCE_VERBS and not cue.by_document and not (lemma == "find" and human_subject(verb, lex)):
        # "a judge found the law unconstitutional" reports a finding; "showed them marching" depicts
        clausal = [c for c in clausal if any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)]
    # "said Friday that she thinks X but said 'Y'": a second cue without a subject of its own,
    # hung on the first as a complement, is the speaker's next report, not what was said
    clausal = [
        c
        for c in clausal
        if not (
            lex.cue_lemma(c) in lex.clausal
            and subject_of(c) is None
            and any(verb.i < o.i < c.i for o in clausal)
        )
    ]
    # '"...," Warren told him, after he admitted he had ...': with the quotation before the
    # tag, a clause after it that opens with a subordinator is the telling's circumstance
    if any(c.i < verb.i for c in clausal):
        clausal = [c for c in clausal if c.i < verb.i or not opens_adjunct(c)]
    # a complement that is itself a cue with its own speaker is another record (GUIDELINES rule 4)
    clausal = [
        c
        for c in clausal
        if not (lex.cue_lemma(c) in lex.clausal and subject_of(c) is not None and len(clausal) > 1)
    ]
    clausal.sort(key=lambda c: (c.i < verb.i, abs(c.i - verb.i)))
    return clausal


def _complement_edges(cue: _Cue, comp: Token) -> list[int]:
    """The token indices that bound the complement's content (its first and last at least)."""
    verb, lex = cue.verb, cue.ctx.lex
    # the complement's first and last tokens, from the subtree extents: listing the subtree
    # of every cue of a long chain ("A said B said C said ...") would be quadratic
    lo, hi = cue.ctx.extents
    drop = adjunct_reports(comp, lex)
    edges: list[int] = [lo[comp.i], hi[comp.i]]
    if comp.dep_ == "advcl" and bare_clause(comp):
        # "said after the convention he would ...": the adjunct before the subject is the cue's
        edges[0] = min(c.left_edge.i for c in comp.children if c.dep_ in SUBJ_DEPS)
    if drop:
        edges = [t.i for t in comp.subtree if t.i not in drop]
    if comp.i > verb.i and not any(c.dep_ in SUBJ_DEPS or c.dep_ == "expl" for c in comp.children):
        # "said between 20 and 25 workers were missing": the parser hung the subject on the cue
        for c in verb.rights:
            if (
                verb.i < c.i < comp.i
                and c.dep_ in ("prep", "npadvmod", "dobj", "nsubj")
                and not (c.dep_ == "dobj" and c.pos_ == "PROPN")
            ):
                edges += [lo[c.i], hi[c.i]]
    antecedent = object_of_reduced_relative(verb, comp)
    if antecedent is not None and edges:
        # "mentioned disparaging remarks Trump had made": the clause was the object's
        edges.append(lo[antecedent.i])
    return edges


def _quote_next_to_cue(cue: _Cue) -> _Content | None:
    """'"...," Solovey told the AP', 'He said: "..."': a quotation right by the cue's clause."""
    if cue.lemma not in cue.ctx.lex.clausal:
        return None
    lo, hi = cue.ctx.extents
    quoted = adjacent_quote(cue.ctx.text, cue.verb, cue.ctx.quotes, (lo[cue.verb.i], hi[cue.verb.i]))
    if quoted is None:
        return None
    return _Content(quoted, "direct", Priority.DIRECT_QUOTE)


def _short_answer(cue: _Cue) -> _Content | None:
    """ "46 percent said yes", "three-quarters said the same of Sanders": a poll's answer, a
    bare word right after the cue (with what hangs on it) that stands for a clause."""
    if cue.lemma not in cue.ctx.lex.clausal:
        return None
    nxt = cue.verb.i + 1
    for child in cue.children:
        if child.dep_ not in ("dobj", "intj", "attr") or child.lower_ not in SHORT_ANSWERS:
            continue
        first = child.left_edge.i
        if first == nxt:
            return _Content(content_from_tokens(cue.ctx.doc, child.subtree))
    return None


def _set_off_tag(cue: _Cue) -> _Content | None:
    """ "This development is urgent, Zelensky said": the cue hangs from its content."""
    ctx, verb, lex = cue.ctx, cue.verb, cue.ctx.lex
    if not (
        (verb.dep_ in ("ccomp", "parataxis") or as_tag(verb) or conjoined_tag(verb))
        and cue.lemma in lex.clausal
        and cue.subj is not None
        and set_off(ctx.doc, verb)
    ):
        return None
    head = verb.head
    excl = {t.i for t in verb.subtree}
    cited: list[Token] = []
    # "X reported, citing Y, that ...": the parser may hang citing on the content
    for sib in head.children:
        if sib.lemma_.lower() in lex.citing and sib.dep_ == "advcl" and sib.i > verb.i:
            excl.update(t.i for t in sib.subtree)
            cited.append(sib)
    lo, hi = ctx.extents
    toks = contiguous(ctx.doc, subtree_excluding(head, excl), head, bridge=(lo[verb.i], hi[verb.i]))
    content = content_from_tokens(ctx.doc, toks)
    quote_type: QuoteType = "indirect"
    if content is not None:
        content, quote_type = with_quotes(ctx.text, content, ctx.quotes)
    return _Content(content, quote_type, Priority.REPORTED_CLAUSE, tuple(cited))


def _objects(cue: _Cue) -> list[Token]:
    """The cue's objects; "called Friday for ...": a date the parser made an object is none."""
    return [c for c in cue.children if c.dep_ in ("dobj", "oprd") and c.ent_type_ not in ("DATE", "TIME")]


def _name_given(cue: _Cue) -> _Content | None:
    """ "called the test a violation": an object and what it is called; "called an emergency
    meeting" names nothing; in "what he called a breach" the name is all."""
    dobj = _objects(cue)
    if cue.lemma not in cue.ctx.lex.call or not dobj:
        return None
    predicate = [t for c in cue.children if c.dep_ in ("oprd", "xcomp") for t in c.subtree]
    predicate += as_predicate(cue.verb, dobj[0])
    if not (predicate or cue.ctx.quotes.inside(dobj[0].idx)):
        return None
    named = [] if dobj[0].tag_ == "WP" else [t for d in dobj for t in d.subtree]
    return _Content(content_from_tokens(cue.ctx.doc, named + predicate))


def _infinitive_content(cue: _Cue) -> _Content | None:
    """ "urged them to leave", "called on President Obama to retaliate": an infinitive cue."""
    verb, lex = cue.verb, cue.ctx.lex
    xcomp = [c for c in cue.children if c.dep_ == "xcomp" and cue.lemma in lex.infinitive]
    if not xcomp or (cue.lemma in INTENTIONS and not human_subject(verb, lex)):
        return None  # "the bill seeks to ban ...", "studies that seek to find ...": no one's intention
    toks = [t for c in cue.children if c.dep_ == "dobj" for t in c.subtree] + list(xcomp[0].subtree)
    # "called on President Obama to retaliate": the addressee after the particle
    toks += [
        t
        for c in cue.children
        if c.dep_ == "prep" and c.i == verb.i + 1 and c.lower_ in ("on", "upon")
        for g in c.children
        if g.dep_ == "pobj"
        for t in g.subtree
    ]
    return _Content(content_from_tokens(cue.ctx.doc, toks))


def _takes_object(cue: _Cue) -> bool:
    """Whether the cue reports a noun-phrase object: by its lexicon class, or by its subject."""
    lemma, lex = cue.lemma, cue.ctx.lex
    return (
        lemma in lex.object
        or cue.by_document
        or (lemma in lex.object_human and human_subject(cue.verb, lex))
        # "The report mentions three cases", "The ad cites his record"
        or (lemma in DOCUMENT_OBJECT_VERBS and document_subject(cue.subj, lex))
    )


def _offers_a_message(cue: _Cue, dobj: Token) -> bool:
    """ "offered a defense of the bill", "offered his thoughts on X": a verb that reports only
    when what it gives is words or a view (``message_objects``); "offered refuge" gives none."""
    nouns = MESSAGE_OBJECTS.get(cue.lemma)
    return nouns is not None and dobj.lemma_.lower() in nouns and human_subject(cue.verb, cue.ctx.lex)


def _noun_phrase_object(cue: _Cue) -> _Content | None:
    """ "denied the report", "confirmed two cases in X": a noun-phrase content."""
    dobj = _objects(cue)
    if not dobj or not (
        dobj[0].pos_ in ("NOUN", "PROPN", "NUM")
        or pronoun_with_charge(cue.verb, dobj[0])
        or _stance_on_a_pronoun(cue, dobj[0])
    ):
        return None
    if cue.lemma in cue.ctx.lex.call and convened(dobj[0]) and not quoted_after(cue.ctx.quotes, cue.verb):
        return None  # "called an emergency meeting"
    if not (_takes_object(cue) or _offers_a_message(cue, dobj[0])) or about_nothing_new(cue.verb, dobj[0]):
        return None
    if cue.lemma not in cue.ctx.lex.object and decided_by_vote(cue.verb):
        return None  # "By a vote of 174-235, the House rejected the package"
    toks = object_content(cue.verb, dobj[0], small_clause=cue.by_document)
    if cue.lemma not in cue.ctx.lex.clausal:
        toks += reduced_relative(cue.verb, dobj[0])
    return _Content(content_from_tokens(cue.ctx.doc, toks), priority=Priority.NOUN_PHRASE)


def _stance_on_a_pronoun(cue: _Cue, dobj: Token) -> bool:
    """ "Obama endorsed her", "most oppose it": a stance verb's pronoun object is what it is on."""
    return dobj.lower_ in STANCE_PRONOUNS and cue.lemma in PRONOUN_STANCE_VERBS and dobj.i == cue.verb.i + 1


def _shown_small_clause(cue: _Cue) -> _Content | None:
    """ "every recent poll has shown him trailing Trump"."""
    if not cue.by_document:
        return None
    small = small_clause_tokens(cue.verb)
    if not small:
        return None
    return _Content(content_from_tokens(cue.ctx.doc, small), priority=Priority.NOUN_PHRASE)


def _question(cue: _Cue) -> _Content | None:
    """ "Hannity asked Trump if the project was still in his plans"."""
    if cue.lemma not in QUESTION_VERBS:
        return None
    question = embedded_question(cue.verb)
    if question is None:
        return None
    return _Content(content_from_tokens(cue.ctx.doc, question.subtree), priority=Priority.LOOSE)


def _gerund_stance(cue: _Cue) -> _Content | None:
    """ "Sanders supports raising the minimum wage": the stance is on an action."""
    if cue.lemma not in cue.ctx.lex.object_human:
        return None
    action = gerund(cue.verb)
    if action is None or not human_subject(cue.verb, cue.ctx.lex):
        return None
    return _Content(content_from_tokens(cue.ctx.doc, action.subtree), priority=Priority.NOUN_PHRASE)


#: The prepositions that open a stance's content ("called for an inquiry", "railed against
#: the deal") for a verb that lists no particles of its own in ``cues.json``.
_STANCE_PREPS = ("for", "to", "on", "against")


def _prepositional_stance(cue: _Cue) -> _Content | None:
    """ "called for an inquiry", "pointed to the figures": the content is the prepositional object."""
    doc, verb, lemma, lex = cue.ctx.doc, cue.verb, cue.lemma, cue.ctx.lex
    if lemma not in lex.object_human or not human_subject(verb, lex):
        return None
    # a verb with particles in cues.json takes its content after those ("talked about", "referred
    # to"); "spoke to reporters" names whom one spoke to, not what one spoke about
    opening = lex.particles.get(lemma, _STANCE_PREPS)
    preps = [
        c
        for c in cue.children
        if c.dep_ == "prep"
        and (c.lower_ in opening or (c.lower_ == "of" and lemma == "warn"))
        and not any(g.ent_type_ in ("DATE", "TIME") for g in c.children)
        # "called on Friday for ...": a date or an adverb may come between
        and all(time_word(doc[k]) for k in range(verb.i + 1, c.i))
        and c.i <= verb.i + 4
    ]
    # "called for reducing the rate": a gerund object is a pcomp
    pobj = [g for p in preps for g in p.children if g.dep_ in ("pobj", "pcomp")]
    if pobj:
        return _Content(content_from_tokens(doc, pobj[0].subtree), priority=Priority.NOUN_PHRASE)
    # "called for compensation to be clawed back": the parser makes "for" a clause mark
    for_clause = [
        c
        for c in cue.children
        if c.dep_ == "advcl"
        and any(g.dep_ == "mark" and g.i == verb.i + 1 for g in c.children)
        and doc[verb.i + 1].lower_ == "for"
    ]
    if for_clause:
        toks = [t for t in for_clause[0].subtree if t.i > verb.i + 1]
        return _Content(content_from_tokens(doc, toks), priority=Priority.NOUN_PHRASE)
    return _Content(None)


#: The ways a listed cue's content is written, tried in this order; the first that applies
#: decides (a later one is not tried even when the earlier finds no content).
_CONTENT_STEPS: tuple[Callable[[_Cue], _Content | None], ...] = (
    _clausal_content,
    _quote_next_to_cue,
    _short_answer,
    _set_off_tag,
    _name_given,
    _infinitive_content,
    _noun_phrase_object,
    _shown_small_clause,
    _question,
    _gerund_stance,
    _prepositional_stance,
)
