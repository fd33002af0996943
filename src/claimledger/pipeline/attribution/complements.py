"""What the verb rule asks of a cue's complement and subject.

Each test here is one question about the parse of a verb cue, answered the same way
wherever :mod:`~claimledger.pipeline.attribution.verbs` asks it: is the subject someone
who can evaluate, a document, a recording; is this clause a that-clause, a bare
complement, an adjunct; which tokens of a noun-phrase content belong to it.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from claimledger.models import SourceType
from claimledger.pipeline.attribution.grammar import CLAUSAL_DEPS, SMALL_CLAUSE_DEPS, SUBJ_DEPS
from claimledger.pipeline.attribution.vocabulary import (
    ADDRESSEE_VERBS,
    ADJUNCT_OPENERS,
    ASIDE_OPENERS,
    CONVENED,
    HUMAN_PRONOUNS,
    NON_HOLDERS,
    PROPORTIONS,
    SUBORDINATORS,
    TIME_PREPS,
    VAGUE_TOPICS,
    VISUAL_NOUNS,
    VOTE_NOUNS,
)
from claimledger.syntax.quotes import Quotes
from claimledger.syntax.sources import (
    ORG_NOUNS,
    Lexicon,
    inherited_subject,
    is_person_noun,
    relative_antecedent,
    source_span,
    source_type,
    stray_conjoined_cue_owner,
    subject_of,
)

#: The source types (SPEC.md) that can hold a stance: a person, a group, an organisation or a
#: country, named or not. A schema list, not vocabulary: it follows ``SourceType``.
_HUMAN_TYPES: frozenset[SourceType] = frozenset(
    {"person", "organization", "country", "anonymous", "unnamed_group"}
)


def human_subject(verb: Token, lex: Lexicon) -> bool:
    """Evaluative verbs ('criticized the plan') attribute only when someone does the evaluating."""
    subj = subject_of(verb) or inherited_subject(verb, lex)
    if subj is not None and relative_pronoun(subj):
        subj = relative_antecedent(subj)  # "the union, which denounced ...": the union evaluates
    if subj is None:
        # "a group backing Bush", "pastors supporting Cruz": the participle speaks for its noun
        noun = noun_of_participle(verb, lex)
        return noun is not None and holds_a_stance(noun, lex)
    return holds_a_stance(subj, lex)


def holds_a_stance(subj: Token, lex: Lexicon) -> bool:
    """A person, group or organisation, by a pronoun, a name or a noun that names people."""
    if subj.lower_ in NON_HOLDERS:
        return False
    if subj.ent_type_ in ("PERCENT", "CARDINAL") or subj.lemma_.lower() in PROPORTIONS:
        # "19 percent of students support ...", "a majority of voters", "most oppose it": a share
        # of people holds what they hold (a poll's answer, the share alone when the poll is named)
        whole = [g for c in subj.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
        if whole:
            return whole[0].dep_ == "pobj" and holds_a_stance(whole[0], lex)
        return subj.ent_type_ == "PERCENT" or subj.lemma_.lower() in PROPORTIONS
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


def relative_pronoun(tok: Token) -> bool:
    """A relative "that" or "which" ("the ministry, which said ..."), standing for its noun."""
    return tok.lower_ in ("that", "which") and relative_antecedent(tok) is not None


def document_subject(subj: Token | None, lex: Lexicon) -> bool:
    """A poll, survey, record or study as the subject: what it shows is reported, not depicted."""
    if subj is not None and relative_pronoun(subj):
        subj = relative_antecedent(subj)
    if subj is None or subj.lemma_.lower() in VISUAL_NOUNS:
        return False
    return source_type(source_span(subj.doc, subj, lex), lex) == "document"


def document_or_agent(subj: Token | None) -> bool:
    """'show/find' attribute only with a report-like or human subject, not a video."""
    return subj is not None and subj.lemma_.lower() not in VISUAL_NOUNS


def recording_says_that(subj: Token | None, verb: Token) -> bool:
    """'The video shows that ...': a recording offered as evidence for a clause (not history)."""
    if subj is None or subj.lemma_.lower() == "history":
        return False
    return any(
        c.dep_ == "ccomp" and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
        for c in verb.children
    )


def quote_after_colon(text: str, content: tuple[int, int], squotes: Quotes) -> tuple[int, int]:
    """'X scolded him: "...," she said': the speaker's words are the quote after the colon
    (GUIDELINES rule 4: one record, the cue closest to the content)."""
    start, end = content
    for q in squotes.touching(start, end):
        if q[1] == end and q[0] > start and text[start : q[0]].rstrip().endswith(":"):
            return q
    return content


def through_colon(text: str, content: tuple[int, int], sent_end: int) -> tuple[int, int]:
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


def time_word(tok: Token) -> bool:
    """Part of a time adjunct ("Friday", "on Friday", "again")."""
    return (
        tok.ent_type_ in ("DATE", "TIME")
        or tok.pos_ == "ADV"
        or (tok.dep_ == "prep" and any(g.ent_type_ in ("DATE", "TIME") for g in tok.children))
    )


def reduced_relative(verb: Token, dobj: Token) -> list[Token]:
    """'cited disparaging remarks Trump had made about her': a relative clause without "that"
    the parser hung on the verb as its clause; it belongs to the object."""
    for child in verb.children:
        if child.dep_ == "ccomp" and child.left_edge.i == dobj.right_edge.i + 1:
            return list(child.subtree)
    return []


def object_of_reduced_relative(verb: Token, comp: Token) -> Token | None:
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


def pronoun_with_charge(verb: Token, dobj: Token) -> bool:
    """'accusing her of lying', 'blamed them for the delay': a pronoun object counts when
    the verb says what it is accused, blamed or praised of or for."""
    return dobj.pos_ == "PRON" and any(
        c.dep_ == "prep" and c.lower_ in ("of", "for") and c.i > dobj.i for c in verb.children
    )


def as_predicate(verb: Token, dobj: Token) -> list[Token]:
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


def _that_clause(clause: Token) -> bool:
    """A clause opened by the complementizer "that" with a subject of its own."""
    opener = clause.left_edge
    if opener.lower_ != "that" or not any(c.dep_ in SUBJ_DEPS for c in clause.children):
        return False
    if opener.dep_ in ("mark", "advmod", "dep"):
        return True
    # "that" as the object of a clause whose object is already there cannot be a relative pronoun
    return opener.dep_ == "dobj" and any(
        c.dep_ in ("dobj", "attr") and c.i != opener.i for c in clause.children
    )


def opens_adjunct(clause: Token) -> bool:
    """A clause set off by a comma whose first word subordinates ('..., after he admitted ...')."""
    first = clause.left_edge
    return first.i > 0 and first.doc[first.i - 1].text == "," and first.lower_ in ADJUNCT_OPENERS


def bare_clause(clause: Token) -> bool:
    """'said after the convention he would not accept ...': a finite clause with its own
    subject and no subordinator is a complement, whatever the parser made of it."""
    return (
        clause.tag_ != "VBG"
        and any(g.dep_ in SUBJ_DEPS for g in clause.children)
        and not any(
            g.dep_ == "mark" or (g.dep_ == "advmod" and g.lower_ in SUBORDINATORS and g.i < clause.i)
            for g in clause.children
        )
    )


def misparsed_that_clauses(verb: Token, lemma: str) -> list[Token]:
    """A that-clause the parser hung elsewhere: as an adverbial clause of the cue ("tweeted in
    the morning that ..."), or as a relative clause of the addressee ("told a meeting of
    leaders that few people understood ...", where "that" is no relative pronoun)."""
    found = [c for c in verb.rights if c.dep_ == "advcl" and (_that_clause(c) or bare_clause(c))]
    if not found and lemma in ADDRESSEE_VERBS:
        for obj in verb.rights:
            if obj.dep_ in ("dobj", "dative"):
                found = [t for t in obj.subtree if t.dep_ == "relcl" and _that_clause(t)]
                break
    return found[:1]


def embedded_question(verb: Token) -> Token | None:
    """The if/whether clause a question verb asks, wherever the parser hung it."""
    for child in verb.rights:
        if child.dep_ in ("ccomp", "advcl") and any(
            g.dep_ == "mark" and g.lower_ in ("if", "whether") for g in child.children
        ):
            return child
    return None


def as_tag(verb: Token) -> bool:
    """'As the mayor said, the bridge stays shut', '..., as one official put it': an
    as-clause whose cue has no complement of its own reports the clause it hangs on."""
    return (
        verb.dep_ == "advcl"
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)
        and not any(c.dep_ in CLAUSAL_DEPS for c in verb.children)
        and all(c.lower_ == "it" for c in verb.children if c.dep_ == "dobj")
    )


def conjoined_tag(verb: Token) -> bool:
    """'This includes a special force, Defense Secretary Ash Carter told a Senate panel.': a
    closing reporting tag the parser joined to the clause it reports as a second conjunct.

    Only a comma joins them (no "and" or "but"), the tag has its own subject and no
    complement of its own (an addressee at most), and it closes the sentence or a clause.
    """
    if verb.dep_ != "conj" or verb.i < verb.head.i:
        return False
    doc, first = verb.doc, verb.left_edge.i
    if first == 0 or doc[first - 1].text != ",":
        return False
    if any(c.dep_ in ("cc", "preconj") and verb.head.i < c.i < verb.i for c in verb.head.children):
        return False
    if not any(c.dep_ in SUBJ_DEPS and c.i < verb.i for c in verb.children):
        return False
    # a complement of its own makes it a clause, not a tag; an addressee ("told a panel") is fine
    own = {"ccomp", "xcomp", "parataxis", "conj", "advcl", "acomp", "attr"}
    if verb.lemma_.lower() not in ADDRESSEE_VERBS:
        own.add("dobj")
    if any(c.dep_ in own for c in verb.rights):
        return False
    after = verb.right_edge.i + 1
    return after >= len(doc) or doc[after].is_punct or doc[after].is_sent_start is True


def stranded_subject(verb: Token, lex: Lexicon) -> Token | None:
    """The subject right before a finite cue that the parser hung elsewhere: "Senator Harry
    Reid, the minority leader, said that ...", "Marcel Lazar, 44, said that ...", where the
    name became a conjunct or an appositive of a phrase before it and the cue has no subject.

    The words just before the cue (an appositive, an age, a date or an adverb between are
    skipped) must name someone who can hold a view.
    """
    if verb.tag_ not in ("VBD", "VBZ", "VBP") or verb.dep_ not in ("ROOT", "ccomp", "conj"):
        return None
    doc = verb.doc
    k = verb.i - 1
    while k >= verb.sent.start and (
        doc[k].is_punct or doc[k].pos_ == "ADV" or doc[k].ent_type_ in ("DATE", "TIME")
    ):
        k -= 1
    if k < verb.sent.start:
        return None
    left = doc[k]
    if left.dep_ == "appos" and (left.pos_ == "NUM" or left.pos_ == "NOUN") and left.head.i < left.i:
        left = left.head  # "Reid, the minority leader,", "Lazar, 44,": the name the appositive is of
    if left.pos_ not in ("PROPN", "NOUN") or left.head.i == verb.i or left.is_ancestor(verb):
        return None  # the cue's own dependent, or the head of the clause the cue is in
    if left.dep_ in SUBJ_DEPS:
        return None  # a subject of another verb: that verb's clause, not this cue's holder
    kind = source_type(source_span(doc, left, lex), lex)
    return left if kind in _HUMAN_TYPES else None


def cites_a_source(citing: Token, lex: Lexicon, reporter: Span | None) -> bool:
    """ "reported, citing officials, that ...": "citing" names who the report comes from, a
    person, a group, an outlet or a document; "said, citing low growth and unemployment"
    names the speaker's reasons, a report of its own. Whatever an outlet (``reporter``, the
    holder of the cue "citing" goes with) cites is its source."""
    cited = [g for g in citing.children if g.dep_ == "dobj"]
    if not cited:
        return False
    head = cited[0]
    if head.pos_ in ("PROPN", "PRON"):
        return True
    if reporter is not None and lex.is_outlet(reporter):
        return True  # "Local media reported, citing emergency services, ...": an outlet's source
    lemma = head.lemma_.lower()
    return (
        lemma in lex.group_nouns or lemma in ORG_NOUNS or lemma in lex.document_nouns or is_person_noun(lemma)
    )


def noun_of_participle(verb: Token, lex: Lexicon) -> Token | None:
    """ "with analysts saying the trend would continue", "a memo warning that ...": a cue
    participle after a noun it modifies speaks for that noun, if it names someone who can
    hold a view or a document."""
    head = verb.head
    if verb.dep_ != "acl" or verb.tag_ != "VBG" or head.i > verb.i or head.pos_ not in ("NOUN", "PROPN"):
        return None
    if head.ent_type_ in ("DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY"):
        return None
    kind = source_type(source_span(verb.doc, head, lex), lex)
    if kind == "unnamed_group" and head.pos_ == "NOUN":
        lemma = head.lemma_.lower()
        human = lemma in lex.group_nouns or lemma in ORG_NOUNS or is_person_noun(lemma)
        return head if human else None
    return head if kind in _HUMAN_TYPES or kind == "document" else None


def set_off(doc: Doc, verb: Token) -> bool:
    """Whether a cue's clause stands apart from what it hangs on ('..., Zelensky said').

    Punctuation before the clause marks a reporting tag; without it the clause is
    embedded ("We asked what our followers thought" is no report by the followers).
    """
    first = verb.left_edge.i
    return doc[first].is_punct or first == verb.sent.start or doc[first - 1].is_punct


def gerund(verb: Token) -> Token | None:
    """The -ing complement right after a verb ("supports raising taxes"), if any."""
    for child in verb.rights:
        if child.dep_ in ("xcomp", "dobj", "ccomp") and child.tag_ == "VBG" and child.i <= verb.i + 2:
            if not any(c.dep_ in SUBJ_DEPS for c in child.children):
                return child
        break
    return None


def convened(dobj: Token) -> bool:
    """'called an emergency meeting' convenes; 'calling this undeniable proof' names."""
    return dobj.lemma_.lower() in CONVENED or any(
        c.dep_ == "det" and c.lower_ in ("a", "an") for c in dobj.children
    )


def quoted_after(squotes: Quotes, verb: Token) -> bool:
    """A quotation in the verb's clause after it: "called the plan 'a disaster'"."""
    right = verb.right_edge
    return any(squotes.inside(t.idx) for t in verb.doc[verb.i + 1 : right.i + 1])


def object_content(verb: Token, dobj: Token, small_clause: bool = False) -> list[Token]:
    """A noun-phrase content plus what the verb attaches after it ("confirmed two cases in X").

    With ``small_clause`` (a poll or record that "shows Cruz 16 points ahead of Trump") the
    object's predicate, which the parser hangs on the verb, belongs to the content too.
    """
    toks = list(dobj.subtree)
    deps = SMALL_CLAUSE_DEPS if small_clause else ("prep", "npadvmod")
    for child in verb.rights:
        if child.i > dobj.i and child.dep_ in deps:
            toks.extend(child.subtree)
    # "attacked him as a fraud during the debate, with jabs ...": adjuncts from the time on
    times = [t.i for t in toks if t.i > dobj.right_edge.i and t.dep_ == "prep" and t.lower_ in TIME_PREPS]
    if times:
        toks = [t for t in toks if t.i < min(times)]
    return _without_closing_aside(toks)


def about_nothing_new(verb: Token, dobj: Token) -> bool:
    """'expressed his fears on the matter': an object whose only topic points back ('the matter',
    'this issue', 'it') gives no content of its own; the speaker's words are elsewhere."""
    own = ("acl", "relcl", "ccomp", "amod", "compound")
    if dobj.pos_ != "NOUN" or any(c.dep_ in own for c in dobj.children):
        return False
    preps = [c for c in dobj.children if c.dep_ == "prep"]
    preps += [c for c in verb.rights if c.dep_ == "prep" and c.i == dobj.right_edge.i + 1]
    if len(preps) != 1:
        return False
    topics = [g for g in preps[0].children if g.dep_ == "pobj"]
    return len(topics) == 1 and (
        topics[0].lower_ in ("it", "this", "that")
        or (
            topics[0].lemma_.lower() in VAGUE_TOPICS
            and [c.lower_ for c in topics[0].children] in (["the"], ["this"], ["that"])
        )
    )


def decided_by_vote(verb: Token) -> bool:
    """'By a vote of 174-235, the House rejected the package': a body's act, not a stance told."""
    return any(
        c.dep_ == "prep" and c.lower_ in ("by", "in") and g.lemma_.lower() in VOTE_NOUNS
        for c in verb.children
        for g in c.children
        if g.dep_ == "pobj"
    )


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


def small_clause_tokens(verb: Token) -> list[Token]:
    """'shown him trailing Trump': the parser's dative and its predicate, as one content."""
    dative = [c for c in verb.children if c.dep_ == "dative" and c.i > verb.i]
    if not dative:
        return []
    pred = [c for c in verb.children if c.dep_ in ("xcomp", "ccomp", "acomp") and c.i > dative[0].i]
    if not pred:
        return []
    return list(dative[0].subtree) + list(pred[0].subtree)


def adjunct_reports(comp: Token, lex: Lexicon) -> set[int]:
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
            and lex.cue_lemma(child) in lex.all_verbs
            and child.i > 0
            and child.doc[child.i - 1].text == ","
        ):
            drop.update(t.i for t in child.subtree)
            drop.add(child.i - 1)
        if child.dep_ == "advcl" and any(
            g.dep_ == "mark" and g.lower_ in ("while", "whereas") for g in child.children
        ):
            if any(lex.cue_lemma(t) in lex.clausal and subject_of(t) is not None for t in child.subtree):
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
