"""Hedges and evidentials: how sure the reporting is about a claim.

Four kinds (GUIDELINES.md, "Hedges / verification status"):

* **hedge**: epistemic markers ("reportedly", "purported", "appeared to",
  "is expected to", "might have been exposed", "A preliminary estimate") and
  non-denials ("did not deny");
* **unverified**: "has yet to be independently verified", "could not immediately
  verify", "would not disclose", "without providing evidence", "not clear yet";
* **denial**: "denied", "dismissed reports ... as", "rejected claims";
* **confirmation**: "confirmed", "had seen evidence", "first confirmation".

Markers come from ``data/hedges.json`` and are found three ways, all built once
per component: single words (by lower-case form), pre-nominal adjectives (only
as modifiers, so that "he alleged that" stays an attribution cue) and spaCy
Matcher phrase patterns; verbs such as *deny* and *confirm* are read off the
dependency parse because their kind flips with negation ("denied" is a denial,
"did not deny" a hedge, "could not confirm" unverified). Overlaps keep the
longest marker. Each marker gets a *scope*: the clause or complement it governs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from claimledger import lexicons
from claimledger.models import HEDGE_KINDS, Hedge, HedgeKind, Span
from claimledger.pipeline import budget, extensions
from claimledger.syntax import deps

extensions.register()

#: Dependents that are not part of the clause a marker governs (trimmed at the edges).
_NON_CLAUSE_DEPS = frozenset({"advcl", "conj", "cc", "parataxis", "mark", "preconj", "punct"})
#: Dependents that are not part of a noun phrase's scope (relative clauses and the like).
_NON_NP_DEPS = frozenset({"relcl", "acl", "appos", "punct", "cc", "conj"})
_VERB_GROUP_DEPS = frozenset({"aux", "auxpass", "neg"})
_MAX_CLIMB = 64
_MAX_CHILDREN = 48
#: How many tokens a "*" or "+" in a phrase pattern is assumed to span when sizing match windows.
_MAX_REPEAT = 4
#: Attributes a doc must carry before any parse-dependent rule runs.
_PARSE_ATTRS = ("TAG", "LEMMA", "DEP")
#: Words too frequent to serve as a pattern's trigger when a rarer required word exists.
_COMMON_WORDS = lexicons.words("hedges", "common_words")
_LEXICAL_KEYS = frozenset({"LOWER", "ORTH", "TEXT", "OP", "IS_PUNCT", "IS_ALPHA", "IS_DIGIT", "LENGTH"})


@dataclass(frozen=True)
class _Candidate:
    start: int  # token indices, end exclusive
    end: int
    kind: HedgeKind
    lemma: str
    scope_rule: str
    anchor: int  # the token the scope is computed from
    extend: str = ""  # how to make the span unique: "head" | "object" | ""


@dataclass(frozen=True)
class _PhraseRule:
    kind: HedgeKind
    lemma: str
    scope: str
    trim_end: int


@dataclass(frozen=True)
class _VerbRule:
    positive: HedgeKind | None
    negated: HedgeKind | None
    require_object: frozenset[str] | None
    or_prep: str | None
    exclude_objects: frozenset[str]


class HedgeLexicon:
    """``data/hedges.json`` as lookup tables and Matcher patterns, built once."""

    def __init__(self, vocab: Vocab, lang: str = "en") -> None:
        data = lexicons.load("hedges", lang)
        self.words: dict[str, HedgeKind] = _kind_table(data.get("words", {}))
        self.adjectives: dict[str, HedgeKind] = _kind_table(data.get("adjectives", {}))
        # A phrase pattern can only match near one of its rarer words, so the Matcher runs on
        # small windows around those instead of on every token of the doc.
        # trigger word -> how many tokens a match may reach to its left and right
        self.lower_triggers: dict[str, tuple[int, int]] = {}
        self.lemma_triggers: dict[str, tuple[int, int]] = {}
        self.rules: dict[int, _PhraseRule] = {}  # by match id (the key's hash, the same in every vocab)
        # Patterns that only look at word forms can run on an unparsed doc too.
        self.matcher = Matcher(vocab)
        self.lexical_matcher = Matcher(vocab)
        for i, entry in enumerate(data.get("phrases", [])):
            key = f"hedges.{i}.{entry['lemma']}"
            self.rules[vocab.strings.add(key)] = _PhraseRule(
                kind=_check_kind(entry["kind"]),
                lemma=str(entry["lemma"]),
                scope=str(entry.get("scope", "clause")),
                trim_end=int(entry.get("trim_end", 0)),
            )
            pattern = entry["pattern"]
            lexical = all(set(tok) <= _LEXICAL_KEYS for tok in pattern)
            self.matcher.add(key, [pattern])
            if lexical:
                self.lexical_matcher.add(key, [pattern])
            attr, index, trigger_words = _trigger(pattern)
            widths = [_MAX_REPEAT if tok.get("OP") in ("*", "+") else 1 for tok in pattern]
            reach = (sum(widths[:index]), sum(widths[index + 1 :]))
            table = self.lower_triggers if attr == "LOWER" else self.lemma_triggers
            for word in trigger_words:
                old = table.get(word, (0, 0))
                table[word] = (max(old[0], reach[0]), max(old[1], reach[1]))
        self.verbs: dict[str, _VerbRule] = {}
        for lemma, spec in data.get("verbs", {}).items():
            req = spec.get("require_object")
            self.verbs[lemma] = _VerbRule(
                positive=_check_kind(spec["positive"]) if spec.get("positive") else None,
                negated=_check_kind(spec["negated"]) if spec.get("negated") else None,
                require_object=frozenset(data[req]) if req else None,
                or_prep=spec.get("or_prep"),
                exclude_objects=frozenset(data.get(spec["exclude_objects"], ()))
                if spec.get("exclude_objects")
                else frozenset(),
            )
        # Hash arrays so that one vectorised pass over the doc finds every token worth a look.
        strings = vocab.strings
        self.lower_hashes = np.array(
            [strings.add(w) for w in {*self.words, *self.adjectives, *self.lower_triggers}], dtype="uint64"
        )
        self.lemma_hashes = np.array(
            [strings.add(w) for w in {*self.verbs, *self.lemma_triggers}], dtype="uint64"
        )


def _trigger(pattern: list[dict[str, Any]]) -> tuple[str, int, frozenset[str]]:
    """The words one required token of ``pattern`` must have: the rarest-looking such token."""
    best: tuple[tuple[int, int], str, int, frozenset[str]] | None = None
    for index, tok in enumerate(pattern):
        if tok.get("OP") not in (None, "+", "1"):
            continue
        for attr in ("LOWER", "LEMMA"):
            value = tok.get(attr)
            if isinstance(value, str):
                words = frozenset({value.lower()})
            elif isinstance(value, dict) and isinstance(value.get("IN"), list):
                words = frozenset(str(w).lower() for w in value["IN"])
            else:
                continue
            score = (len(words & _COMMON_WORDS), len(words))
            if best is None or score < best[0]:
                best = (score, attr, index, words)
    if best is None:
        raise ValueError(f"hedges lexicon: pattern {pattern!r} needs a required LOWER or LEMMA token")
    return best[1], best[2], best[3]


def _check_kind(kind: str) -> HedgeKind:
    """Fail at load time, not on some article, when the lexicon names an unknown kind."""
    if kind not in HEDGE_KINDS:
        raise ValueError(f"hedges lexicon: unknown kind {kind!r}")
    return cast(HedgeKind, kind)


def _kind_table(groups: Mapping[str, Iterable[str]]) -> dict[str, HedgeKind]:
    return {word.lower(): _check_kind(kind) for kind, words in groups.items() for word in words}


class HedgeFinder:
    """spaCy component: sets ``doc._.hedges`` to a list of :class:`Hedge` records."""

    def __init__(self, nlp: Language, name: str = "claimledger_hedges") -> None:
        self.name = name
        self.lexicon = HedgeLexicon(nlp.vocab, nlp.lang if nlp.lang in lexicons.SUPPORTED_LANGUAGES else "en")

    def __call__(self, doc: Doc) -> Doc:
        doc._.hedges = find_hedges(doc, self.lexicon)
        return doc


@Language.factory(
    "claimledger_hedges",
    assigns=["doc._.hedges"],
    requires=["token.tag", "token.lemma", "token.dep", "token.head"],
    default_config={},
)
def make_hedge_finder(nlp: Language, name: str) -> HedgeFinder:
    """Factory so that ``nlp.add_pipe("claimledger_hedges")`` works after importing this module."""
    return HedgeFinder(nlp, name)


_DEFAULT_LEXICONS: dict[int, tuple[Vocab, HedgeLexicon]] = {}


def _default_lexicon(vocab: Vocab) -> HedgeLexicon:
    """One lexicon per vocab for callers of :func:`find_hedges` outside a pipeline."""
    cached = _DEFAULT_LEXICONS.get(id(vocab))
    if cached is None or cached[0] is not vocab:
        cached = _DEFAULT_LEXICONS[id(vocab)] = (vocab, HedgeLexicon(vocab))
    return cached[1]


def find_hedges(doc: Doc, lexicon: HedgeLexicon | None = None) -> list[Hedge]:
    """All hedge/evidential markers of ``doc`` in text order, ids ``h1``, ``h2``, ...

    Pure: reads the doc, writes nothing. Without a parse only the word-form
    rules run, so a tokenizer-only doc still gets its "reportedly"s.
    """
    if lexicon is None:
        lexicon = _default_lexicon(doc.vocab)
    if len(doc) == 0:
        return []
    tick = budget.ticker(doc, "claimledger_hedges")
    parsed = all(doc.has_annotation(attr) for attr in _PARSE_ATTRS)
    lowers = doc.to_array("LOWER")
    lower_hits = np.flatnonzero(np.isin(lowers, lexicon.lower_hashes)).tolist()
    lemma_hits: list[int] = []
    if parsed:
        lemma_hits = np.flatnonzero(np.isin(doc.to_array("LEMMA"), lexicon.lemma_hashes)).tolist()
    candidates = list(_word_candidates(doc, lexicon, parsed, lower_hits))
    tick()
    candidates.extend(_phrase_candidates(doc, lexicon, parsed, sorted({*lower_hits, *lemma_hits}), tick))
    if parsed:
        candidates.extend(_verb_candidates(doc, lexicon, lemma_hits))
    tick()
    chosen = _resolve_overlaps(candidates)
    out: list[Hedge] = []
    taken = [(c.start, c.end) for c in chosen]
    first_seen: dict[str, int] = {}
    text = doc.text
    for n, cand in enumerate(chosen):
        tick()
        start, end = _make_unique(doc, text, cand, taken, n, first_seen) if parsed else (cand.start, cand.end)
        taken[n] = (start, end)
        out.append(
            Hedge(
                id=f"h{n + 1}",
                span=_char_span(doc, text, start, end),
                kind=cand.kind,
                scope=_char_span(doc, text, *_scope(doc, cand, parsed)),
                lemma=cand.lemma,
            )
        )
    return out


def _char_span(doc: Doc, text: str, start: int, end: int) -> Span:
    """Token range as a :class:`Span`, sliced from the text (``doc.text`` is rebuilt on every access)."""
    start_char = doc[start].idx
    last = doc[end - 1]
    end_char = last.idx + len(last.text)
    return Span(text[start_char:end_char], start_char, end_char)


# --- candidates ---------------------------------------------------------------


def _word_candidates(doc: Doc, lex: HedgeLexicon, parsed: bool, hits: list[int]) -> Iterable[_Candidate]:
    for i in hits:
        tok = doc[i]
        low = tok.lower_
        kind = lex.words.get(low)
        if kind is not None:
            yield _Candidate(tok.i, tok.i + 1, kind, low, "clause", tok.i, "head")
            continue
        kind = lex.adjectives.get(low)
        if kind is not None and parsed and tok.dep_ in ("amod", "compound", "nmod") and tok.head.i > tok.i:
            yield _Candidate(tok.i, tok.i + 1, kind, low, "np", tok.head.i, "head")


def _windows(doc: Doc, lex: HedgeLexicon, parsed: bool, hits: list[int]) -> list[tuple[int, int]]:
    """Merged token windows around trigger words: the only places a phrase pattern can match."""
    spans: list[tuple[int, int]] = []
    n = len(doc)
    for i in hits:
        tok = doc[i]
        reach = lex.lower_triggers.get(tok.lower_)
        if parsed:
            by_lemma = lex.lemma_triggers.get(tok.lemma_)
            if by_lemma is not None:
                reach = (
                    by_lemma if reach is None else (max(reach[0], by_lemma[0]), max(reach[1], by_lemma[1]))
                )
        if reach is not None:
            spans.append((max(0, i - reach[0]), min(n, i + reach[1] + 1)))
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _no_tick() -> None:
    return None


def _phrase_candidates(
    doc: Doc, lex: HedgeLexicon, parsed: bool, hits: list[int], tick: Callable[[], None] = _no_tick
) -> Iterable[_Candidate]:
    matches: list[tuple[int, int, int]] = []
    for w_start, w_end in _windows(doc, lex, parsed, hits):
        tick()
        window = doc[w_start:w_end]
        # Annotation was checked once for the whole doc, not once per window.
        found = (lex.matcher if parsed else lex.lexical_matcher)(window, allow_missing=True)
        matches.extend((m_id, w_start + s, w_start + e) for m_id, s, e in found)
    for match_id, start, end in matches:
        rule = lex.rules.get(match_id)
        if rule is None:
            continue
        end -= rule.trim_end
        if end <= start:
            continue
        anchor = doc[start:end].root.i if parsed else start
        yield _Candidate(start, end, rule.kind, rule.lemma, rule.scope, anchor)


def _verb_candidates(doc: Doc, lex: HedgeLexicon, hits: list[int]) -> Iterable[_Candidate]:
    for i in hits:
        tok = doc[i]
        rule = lex.verbs.get(tok.lemma_)
        if rule is None or not tok.tag_.startswith("VB") or tok.dep_ in ("amod", "compound"):
            continue
        negated = _is_negated(tok)
        kind = rule.negated if negated else rule.positive
        if kind is None or not _object_ok(tok, rule):
            continue
        start = _verb_group_start(tok)
        lemma = f"not {tok.lemma_}" if negated else tok.lemma_
        yield _Candidate(start, tok.i + 1, kind, lemma, "complement", tok.i, "object")


def _is_negated(verb: Token) -> bool:
    """Negation on the verb, or on the first conjunct ("would not confirm or deny")."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    return verb.dep_ == "conj" and verb.head.i < verb.i and any(c.dep_ == "neg" for c in verb.head.children)


def _object_ok(verb: Token, rule: _VerbRule) -> bool:
    """Keep "rejected claims" and "denied that ..." apart from "rejected the bill" and "was denied bail"."""
    objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass", "dative")]
    if rule.exclude_objects:
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
        if passive and any(c.dep_ == "dobj" for c in verb.children):
            return False  # "was denied bail": something withheld, not a claim rejected
        if any(o.lemma_.lower() in rule.exclude_objects for o in objects):
            return False
    if rule.require_object is None:
        return True
    if rule.or_prep and any(c.dep_ == "prep" and c.lower_ == rule.or_prep for c in verb.children):
        return True
    return any(o.lemma_.lower() in rule.require_object for o in objects)


def _verb_group_start(verb: Token) -> int:
    """Leftmost auxiliary/negation contiguous with the verb ("could not immediately verify")."""
    doc = verb.doc
    start = verb.i
    i = verb.i - 1
    while i >= 0:
        t = doc[i]
        if t.head.i != verb.i:
            break
        if t.dep_ in _VERB_GROUP_DEPS and t.tag_ != "TO":
            start = i
        elif not (t.dep_ == "advmod" and t.tag_.startswith("RB")):
            break
        i -= 1
    return start


def _resolve_overlaps(candidates: list[_Candidate]) -> list[_Candidate]:
    """Longest marker wins ("did not deny" over "deny"); ties go to the earlier one."""
    ordered = sorted(candidates, key=lambda c: (-(c.end - c.start), c.start))
    taken: set[int] = set()
    kept: list[_Candidate] = []
    for cand in ordered:
        if any(i in taken for i in range(cand.start, cand.end)):
            continue
        taken.update(range(cand.start, cand.end))
        kept.append(cand)
    return sorted(kept, key=lambda c: c.start)


def _make_unique(
    doc: Doc, text: str, cand: _Candidate, taken: list[tuple[int, int]], n: int, first_seen: dict[str, int]
) -> tuple[int, int]:
    """Widen a marker whose text already occurred, as the guidelines ask ("confirmed two measles cases").

    Gold spans carry no offsets, so a repeated marker is annotated together with the
    word it attaches to: an adverb or adjective with its head, a verb with its object.
    """
    span = _char_span(doc, text, cand.start, cand.end)
    if not cand.extend or _first_occurrence(text, span.text, first_seen) >= span.start:
        return cand.start, cand.end
    start, end = cand.start, cand.end
    anchor = doc[cand.anchor]
    if cand.extend == "head":
        head = doc[cand.start].head
        if head.i == end:
            end = head.i + 1
        elif head.i == start - 1:
            start = head.i
    elif cand.extend == "object":
        obj = next((c for c in anchor.children if c.dep_ == "dobj"), None)
        if obj is not None and obj.left_edge.i == end and obj.i - end < 6:
            end = obj.i + 1
    # ``taken`` is sorted and disjoint (the overlaps were resolved, and a widening that would
    # overlap is undone here), so only the neighbours can overlap: no scan of every marker
    if (n > 0 and taken[n - 1][1] > start) or (n + 1 < len(taken) and taken[n + 1][0] < end):
        return cand.start, cand.end
    return start, end


def _first_occurrence(text: str, needle: str, cache: dict[str, int]) -> int:
    """Offset of the first whole-word occurrence of ``needle``; one scan per distinct marker."""
    if needle not in cache:
        found = re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", text)
        cache[needle] = found.start() if found else len(text)
    return cache[needle]


# --- scope --------------------------------------------------------------------


def _scope(doc: Doc, cand: _Candidate, parsed: bool) -> tuple[int, int]:
    """Token range the marker governs, never leaving the marker's sentence."""
    anchor = doc[cand.anchor]
    if not parsed:
        sent = anchor.sent if doc.has_annotation("SENT_START") else doc[:]
        return sent.start, sent.end
    rule = cand.scope_rule
    result: tuple[int, int] | None = None
    if rule == "np":
        result = _np_range(anchor)
    elif anchor.tag_.startswith("RB") and anchor.head.dep_ == "amod" and anchor.head.head.i != anchor.head.i:
        result = _np_range(anchor.head.head)  # "the two apparently wounded men": the phrase it modifies
    elif rule == "subject":
        subj = _first_child(anchor, deps.SUBJECTS_WITH_PASSIVE_CLAUSAL)
        result = _np_range(subj) if subj is not None else None
    elif rule == "complement":
        # The verb inside the marker says what is at issue ("unable to *verify* X"), else its root.
        verbs = [
            t for t in reversed(doc[cand.start : cand.end]) if t.tag_.startswith("VB") and t.i != anchor.i
        ]
        for tok in [*verbs, anchor]:
            result = _complement_range(tok)
            if result is not None:
                break
    if result is None:
        result = _clause_range(_clause_head(anchor))
    sent = anchor.sent
    start, end = max(result[0], sent.start), min(result[1], sent.end)
    if end <= start:
        return sent.start, sent.end
    return start, end


def _first_child(tok: Token, labels: tuple[str, ...]) -> Token | None:
    for dep in labels:
        for child in tok.children:
            if child.dep_ == dep:
                return child
    return None


def _complement_range(tok: Token) -> tuple[int, int] | None:
    """What a verb like confirm/deny/verify is about: its clause, object or passive subject."""
    head = tok if tok.tag_.startswith(("VB", "MD")) or tok.dep_ == "ROOT" else _clause_head(tok)
    found = _own_complement(head)
    if found is None:  # "would neither confirm nor deny the reports": the object hangs on the conjunct
        conj = _first_child(head, ("conj",))
        if conj is not None and conj.tag_.startswith("VB"):
            found = _own_complement(conj)
    return found


def _own_complement(head: Token) -> tuple[int, int] | None:
    ccomp = _first_child(head, ("ccomp", "csubj"))
    if ccomp is not None:
        return _clause_range(ccomp)
    obj = _first_child(head, ("dobj", "pobj"))
    if obj is not None:
        start, end = _np_range(obj, keep_acl=True)
        # "disclose more | about the source": a bare quantifier object takes its topic along.
        nxt = obj.doc[end] if end < len(obj.doc) else None
        if (
            nxt is not None
            and nxt.head.i == head.i
            and nxt.dep_ == "prep"
            and nxt.lower_ in ("about", "on", "of", "regarding", "concerning")
            and obj.n_lefts + obj.n_rights == 0
        ):
            end = nxt.right_edge.i + 1
        return start, end
    prep = _first_child(head, ("prep",))
    if prep is not None and prep.i > head.i:
        pobj = _first_child(prep, ("pobj", "pcomp"))
        if pobj is not None:
            return _np_range(pobj)
    subj = _first_child(head, deps.PASSIVE_SUBJECTS)
    if subj is not None and _first_child(head, ("xcomp",)) is None:
        return _np_range(subj)
    xcomp = _first_child(head, ("xcomp",))
    if xcomp is not None:
        inner = _first_child(xcomp, ("ccomp", "dobj"))
        return _clause_range(inner) if inner is not None else None
    return None


def _clause_head(tok: Token) -> Token:
    """Nearest verbal head above ``tok`` that heads a clause (not an auxiliary)."""
    cur = tok
    for _ in range(_MAX_CLIMB):
        if cur.tag_.startswith(("VB", "MD")) and cur.dep_ not in ("aux", "auxpass", "amod"):
            return cur
        if cur.head.i == cur.i:
            return cur
        cur = cur.head
    return cur


def _clause_range(head: Token) -> tuple[int, int]:
    """The head's subtree minus adjunct clauses, conjuncts and punctuation at its edges."""
    if head.n_lefts + head.n_rights > _MAX_CHILDREN:  # a degenerate parse: take the subtree as is
        return _trim(head.doc, head.left_edge.i, head.right_edge.i + 1)
    start = end = head.i
    for child in head.children:
        if child.dep_ in _NON_CLAUSE_DEPS:
            continue
        start = min(start, child.left_edge.i)
        end = max(end, child.right_edge.i)
    return _trim(head.doc, start, end + 1)


def _np_range(noun: Token, keep_acl: bool = False) -> tuple[int, int]:
    """The noun phrase without relative clauses; ``keep_acl`` keeps a content clause ("claims that ...")."""
    if noun.n_lefts + noun.n_rights > _MAX_CHILDREN:
        return _trim(noun.doc, noun.left_edge.i, noun.right_edge.i + 1)
    start = end = noun.i
    for child in noun.children:
        if child.dep_ in _NON_NP_DEPS and not (keep_acl and child.dep_ == "acl"):
            continue
        start = min(start, child.left_edge.i)
        end = max(end, child.right_edge.i)
    return _trim(noun.doc, start, end + 1)


def _relative_adverb(tok: Token) -> bool:
    """ "where" in "places where X might have been exposed" (but not "how" in "how many")."""
    return tok.tag_ == "WRB" and tok.dep_ == "advmod" and tok.head.tag_.startswith("VB")


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop edge punctuation, conjunctions, a leading complementiser ("that", "whether") or "where"."""
    while start < end - 1 and (
        doc[start].is_punct or doc[start].dep_ in ("mark", "cc") or _relative_adverb(doc[start])
    ):
        start += 1
    while end - 1 > start and (doc[end - 1].is_punct or doc[end - 1].dep_ == "cc"):
        end -= 1
    return start, end
