"""Sources: whom an attribution credits, as written, of which type, through which channel.

A claim is only as good as its holder. The holder's token is the cue's subject, the
"by X" of a passive cue, or the subject a participle borrows from the verb it hangs
from ("..., warning that ..."); the speaker is then kept as the text names it
(``source_span``: the subject phrase without relative clauses; an appositive name wins,
"The Ukrainian President, Volodymyr Zelensky" -> "Volodymyr Zelensky") and typed for
SPEC.md (``source_type``: person, organization, country, document, anonymous, ...) from
entities, determiners, number and head nouns. News outlets and platforms relay
statements rather than make them: ``Lexicon.is_outlet`` recognizes them and
``channel_of`` finds the one a cue names ("told the Associated Press", "said on
Telegram", "in an interview with CNN"), so "Zelensky said, according to CNN" credits
Zelensky, through CNN.

``Lexicon`` also carries the cue-word lists the attribution rules read: one object,
built once per component from ``data/cues.json`` and ``data/sources.json``.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from claimledger import lexicons
from claimledger.errors import LexiconError
from claimledger.models import SourceType
from claimledger.syntax import deps
from claimledger.syntax.parsetree import first_yielded, last_yielded


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
        self.lemma_fixes: dict[str, str] = _lemma_fixes(cues["lemma_fixes"], lang)
        self.document_nouns = frozenset(src["document_nouns"])
        self.group_nouns = frozenset(src["group_nouns"])
        self.person_titles = frozenset(src["person_titles"])
        self.pronouns: dict[str, str] = src["pronouns"]
        self.outlets = frozenset(o.lower() for o in src["outlets"])
        self.outlet_words = frozenset(src["outlet_words"])
        self.platforms = frozenset(p.lower() for p in src["platforms"])
        self.not_channels = frozenset(src["not_channels"])
        self.media_nouns = frozenset(src["media_nouns"])
        self.channel_object_verbs = frozenset(src["channel_object_verbs"])

    def cue_lemma(self, tok: Token) -> str:
        """The token's lower-cased lemma, corrected where the model gets a cue verb wrong.

        The small model lemmatises "hoping" as "hop" and "retweeted" as "retweete", so a
        cue list that holds "hope" would never see them; the ``lemma_fixes`` of
        ``cues.json`` map such forms to their lemma.
        """
        return self.lemma_fixes.get(tok.lower_) or tok.lemma_.lower()

    def is_outlet(self, span: SpacySpan) -> bool:
        """News outlets and platforms relay statements: they are channels."""
        name = _strip_det(span.text).lower()
        full = span.text.strip().lower()
        if name in self.outlets or name in self.platforms or full in self.platforms:
            return True
        if span.root.lower_ in self.media_nouns and full not in self.not_channels:
            return True  # "local media", "a state broadcaster"
        if name in self.not_channels or span.text.lower() in self.not_channels:
            return False
        ents = [e for e in span_ents(span) if e.label_ in ("ORG", "WORK_OF_ART", "NORP", "PRODUCT")]
        if ents:
            words = {t.lower_ for t in ents[0]}
            return bool(words & self.outlet_words) or _strip_det(ents[0].text).lower() in self.outlets
        return False


def _lemma_fixes(raw: dict[str, object], lang: str) -> dict[str, str]:
    """The ``lemma_fixes`` map, its values checked (the loader checks only its keys)."""
    bad = [form for form, lemma in raw.items() if not isinstance(lemma, str) or not lemma.strip()]
    if bad:
        source = str(lexicons.DATA_DIR / "cues.json")
        raise LexiconError(f"key '{lang}.lemma_fixes': {bad[0]!r} must map to a word", source=source)
    return {form: str(lemma).lower() for form, lemma in raw.items()}


def entity_at(doc: Doc, i: int) -> SpacySpan | None:
    """The named entity holding token ``i``, read off the IOB tags around it.

    The same span ``doc.ents`` would give, without building every entity of the doc
    (``doc.ents`` and ``Span.ents`` do): called once per candidate, that was quadratic.
    """
    tok = doc[i]
    if tok.ent_iob_ not in ("B", "I") or tok.ent_type == 0:
        return None
    start = i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    if doc[start].ent_iob_ != "B" or doc[start].ent_type == 0:
        return None
    end = i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return SpacySpan(doc, start, end, label=doc[start].ent_type)


def span_ents(span: SpacySpan) -> list[SpacySpan]:
    """The named entities wholly inside ``span`` (``span.ents``, in time linear in the span)."""
    doc = span.doc
    out: list[SpacySpan] = []
    i = span.start
    while i < span.end:
        tok = doc[i]
        if tok.ent_iob_ == "B" and tok.ent_type != 0:
            end = i + 1
            while end < len(doc) and doc[end].ent_iob_ == "I":
                end += 1
            if end <= span.end:
                out.append(SpacySpan(doc, i, end, label=tok.ent_type))
            i = end
        else:
            i += 1
    return out


def _strip_det(text: str) -> str:
    return re.sub(r"^(the|a|an)\s+", "", text.strip(), flags=re.IGNORECASE)


def subject_of(verb: Token) -> Token | None:
    """The subject nearest the verb ("LONDON -- President X said": X, not the dateline)."""
    subs = [c for c in verb.children if c.dep_ in deps.ACTIVE_SUBJECTS]
    if not subs:
        return None
    before = [c for c in subs if c.i < verb.i]
    return before[-1] if before else subs[0]


def agent_of(verb: Token) -> Token | None:
    """The 'by X' of a passive cue ("was told by commanders")."""
    for child in verb.children:
        if child.dep_ == "agent":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    return None


_TENSE = {"VBD": "past", "VBN": "past", "VBZ": "present", "VBP": "present"}


def stray_conjoined_cue_owner(verb: Token, lex: Lexicon | None) -> Token | None:
    """The reporting verb a cue was conjoined to, when the parser hung it inside the content.

    "Khan said Trump was ignorant and criticized him": the parser makes "criticized"
    a conjunct of "was", inside what Khan said; a cue verb in the reporting verb's own
    tense, with no subject of its own, is the speaker's second act, not part of the content.
    """
    if lex is None or verb.dep_ != "conj" or verb.pos_ != "VERB" or subject_of(verb) is not None:
        return None
    clause = verb.head
    if clause.dep_ not in ("ccomp", "advcl") or clause.i > verb.i or subject_of(clause) is None:
        return None
    reporter = clause.head
    if lex.cue_lemma(reporter) not in lex.clausal or lex.cue_lemma(verb) not in lex.all_verbs:
        return None
    if _TENSE.get(verb.tag_) != _TENSE.get(reporter.tag_) or subject_of(reporter) is None:
        return None
    return reporter


#: Prepositions whose -ing complement shares the subject of the clause they hang on.
_SAME_SUBJECT_PREPS = frozenset({"by", "in", "after", "before", "while", "upon"})


def inherited_subject(verb: Token, lex: Lexicon | None = None) -> Token | None:
    """A participle or conjoined cue borrows the subject of the verb it hangs from.

    "The ministry denied that its forces had struck, calling the reports fake": the
    parser may hang "calling" inside the denied clause; a reporting participle then
    belongs to the nearest reporting verb above it, not to the clause's subject.
    """
    owner = stray_conjoined_cue_owner(verb, lex)
    if owner is not None:
        return subject_of(owner)
    cur = verb
    first: Token | None = None
    for _ in range(4):
        if cur.dep_ == "pcomp" and cur.head.lower_ in _SAME_SUBJECT_PREPS and cur.head.head.i != cur.head.i:
            # "responded by saying that ...", "told reporters, before insisting that ...", "After
            # suggesting that ..., Rubio left": the speaker is the one who responded, told or
            # left (not so with "criticized him for saying", whose speaker is "him")
            cur = cur.head.head
            subj = subject_of(cur)
            if subj is None:
                continue
            return subj
        if cur.dep_ in ("advcl", "conj", "xcomp", "acl", "ccomp") and cur.head is not cur:
            via_acl = cur.dep_ == "acl"
            cur = cur.head
            if via_acl and cur.pos_ == "NOUN" and cur.dep_ == "dobj" and lex is not None:
                if cur.lemma_.lower() in lex.document_nouns:
                    # "issued a statement calling the test a violation": the issuer speaks
                    cur = cur.head
            subj = subject_of(cur)
            if subj is None:
                continue
            if first is None:
                first = subj
            if lex is None or verb.tag_ != "VBG" or lex.cue_lemma(cur) in lex.clausal:
                return subj
        else:
            break
    return first


def relative_antecedent(tok: Token) -> Token | None:
    """The noun a relative pronoun stands for: "the police department, which reported ...".

    The parser sometimes hangs the relative clause on the main verb as an adverbial
    clause; a "which" or "who" right after a noun (or a noun and a comma) still refers to it.
    """
    if tok.lower_ not in ("that", "which", "who"):
        return None
    if tok.head.dep_ == "relcl" and tok.head.head.i < tok.i:
        return tok.head.head
    if tok.tag_ in ("WDT", "WP") and tok.dep_ == "nsubj" and tok.head.dep_ == "advcl" and tok.i > 0:
        prev = tok.doc[tok.i - 1]
        if prev.text == "," and tok.i > 1:
            prev = tok.doc[tok.i - 2]
        if prev.pos_ in ("NOUN", "PROPN"):
            return prev
    return None


def source_span(doc: Doc, head: Token, lex: Lexicon) -> SpacySpan:
    """The speaker as written: the subject phrase without describing clauses.

    An appositive name wins ("The Ukrainian President, Volodymyr Zelensky" ->
    "Volodymyr Zelensky"); other appositives are kept, since they are part of how
    the speaker was written.
    """
    has_conj = any(c.dep_ == "conj" for c in head.children)
    for child in head.children:
        if child.dep_ == "appos" and child.ent_type_ == "PERSON" and not has_conj:
            return _entity_or_subtree(doc, child)
    if head.ent_type_ == "PERSON" and head.pos_ == "PROPN" and not has_conj:
        ent = entity_at(doc, head.i)
        if ent is not None:
            return ent
    toks = [head]
    for child in head.children:
        if child.dep_ == "punct" and child.i > head.i:
            continue
        if child.dep_ in ("relcl", "acl") and child.i > head.i and not _restrictive(doc, head, child):
            continue
        if child.dep_ == "npadvmod" and child.i > head.i and child.ent_type_ in ("DATE", "TIME"):
            continue  # "Trump this week said": the date is when, not who
        if child.is_space or (child.dep_ == "appos" and child.pos_ == "NUM" and child.i > head.i):
            continue  # a paragraph break the parser hung on the name; "Schiff, 56,": an age
        toks.extend(child.subtree)
    idx = sorted(t.i for t in toks)
    start, end = idx[0], idx[-1] + 1
    while end > start + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    while end > start + 1 and (doc[start].is_punct or doc[start].is_space):
        start += 1
    return doc[start:end]


def _restrictive(doc: Doc, head: Token, clause: Token) -> bool:
    """'Surety companies that had insured the mine' names which companies spoke; a
    clause set off by a comma ('Mr. Ito, who ...') describes a speaker already named."""
    if head.pos_ not in ("NOUN", "NUM") or head.ent_type_ == "PERSON":
        return False
    return not any(doc[i].is_punct for i in range(head.i + 1, clause.left_edge.i))


def _entity_or_subtree(doc: Doc, tok: Token) -> SpacySpan:
    ent = entity_at(doc, tok.i)
    if ent is not None:
        return ent
    return doc[first_yielded(tok).i : last_yielded(tok).i + 1]


def source_type(span: SpacySpan | None, lex: Lexicon) -> SourceType:
    """SPEC.md's source types, from entities, determiners, number and head nouns."""
    if span is None or len(span) == 0:
        return "unnamed_group"
    root = span.root
    low = root.lower_
    if len(span) == 1 and low in lex.pronouns:
        return lex.pronouns[low]  # type: ignore[return-value]
    ent_labels = {e.label_ for e in span_ents(span)}
    head_lemma = root.lemma_.lower()
    if root.ent_type_ == "PERSON" or ("PERSON" in ent_labels and root.pos_ == "PROPN"):
        return "person"
    # "the Battleground States average shows ...": a subject read as an adjective is a noun
    nounlike = root.pos_ == "NOUN" or (root.pos_ == "ADJ" and root.dep_ in deps.NOMINAL_SUBJECTS)
    if head_lemma in lex.document_nouns and nounlike:
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
        if head_lemma in ORG_NOUNS:
            return "organization"
        if (
            det in ("a", "an", "one", "another")
            or head_lemma in lex.group_nouns
            or _PERSON_SUFFIX.search(head_lemma)
        ):
            return "anonymous"
        return "organization"
    return "unnamed_group"


#: Common nouns that name organizations ("the ministry", "companies"): holders, like people.
#: English only, like the attribution rules that read it; loaded once, at import.
ORG_NOUNS = lexicons.words("sources", "org_nouns")
_PERSON_SUFFIX = re.compile(r"(er|or|ist|ian|ant|ent|man|woman|person|ee|eer|ier|ess|ive|at)$")


def is_person_noun(lemma: str) -> bool:
    """Role nouns by their ending ("engineer", "analyst", "resident"): a guess, not a lexicon."""
    return bool(_PERSON_SUFFIX.search(lemma))


def channel_of(doc: Doc, verb: Token, lex: Lexicon) -> SpacySpan | None:
    """'told the Associated Press', 'said on Telegram', 'according to CNN' next to a speaker."""
    for child in verb.children:
        if (
            child.dep_ in ("dobj", "dative")
            and verb.lemma_.lower() in lex.channel_object_verbs
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
