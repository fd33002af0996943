"""What a statement says of its subject: its predicates, read from the stored text.

Two statements that share their topic words are not one claim unless they say the same
of it: "to ban Muslims from entering the United States" (a proposal) and "65 percent of
Republicans supported his call for a temporary ban on Muslims entering the United States"
(a poll) share four words and no predicate. Each sentence's main predicate is its first
verb after its subject, skipping auxiliaries, modals and adverbs ("has not yet released"
-> release); for "X is Y" it is Y's words ("was smart" -> smart). A verb is known by its
form (``lexicons/data/verbs.json``, drawn from a tagger) or by its place: after "to", a
modal or a subject pronoun ("they support", "should ban"), or in "-ed". Statements in the
store are not parsed again: the rule reads the words, so a rebuild stays cheap.

The words before the predicate are the subject. An infinitive, a gerund or a pronoun
("to vote in the primary", "he is leaning toward supporting Trump") speaks of someone it
does not name, most often the speaker: two such statements from different speakers are
two propositions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from claimledger import lexicons
from claimledger.ledger import text as textmod

#: Forms of "be": what follows is the predicate ("is a fraud") unless it is a participle.
COPULA = frozenset({"is", "are", "was", "were", "be", "been", "being", "am", "'s", "'re", "'m"})
#: Skipped before the predicate: modals and the auxiliaries of "have" and "do".
AUXILIARY = frozenset(
    {"has", "have", "had", "having", "do", "does", "did", "will", "would", "should", "could", "can"}
    | {"may", "might", "must", "shall", "'ll", "'d", "'ve", "wo", "ca", "ought", "cannot"}
)
#: Words that make the next word a verb: "to", the modals and auxiliaries, subject pronouns.
PRONOUNS = frozenset({"i", "we", "he", "she", "they", "you", "it", "there", "who"})
#: Words in a subject that name no one: "he", "it", "this", "that".
EMPTY_SUBJECT = PRONOUNS | frozenset({"this", "that", "these", "those", "let's", "and", "but", "so", "then"})
#: Adverbs skipped wherever they stand ("is still getting crushed"); words in "-ly" too.
ADVERBS = frozenset(
    {
        "still",
        "just",
        "also",
        "already",
        "even",
        "now",
        "always",
        "ever",
        "yet",
        "only",
        "again",
        "soon",
        "too",
    }
)
#: Contractions: the pronoun's auxiliary ("they've made", "I'm leaving", "we'll see").
_CONTRACTED = {"'ve": False, "'ll": False, "'d": False, "'re": True, "'m": True, "'s": True}
#: The subject of a statement whose subject is "it": a company or a body speaking of itself
#: ("it agreed to limit its holdings"), whose names the ledger does not always fold into one.
ITSELF = "~it"
#: At most this many words of "X is Y" make Y's predicate.
COMPLEMENT_WORDS = 3
#: Sentences of a statement read for predicates (a long quotation says many things).
SENTENCES = 6
_SENTENCE = re.compile(r"(?<=[.!?;:])[\"'\u201d\u2019)]*\s+|(?<!\s)\s+[-\u2014\u2013]{1,2}\s+")
#: A piece ending so is an abbreviation ("Mr.", "Sen.", "U.S."), not a sentence's end.
_ABBREVIATION = re.compile(r"(?:\b[A-Z][a-z]{0,3}|[A-Z]\.[A-Z]|\b[a-z])\.$")


@cache
def _lexicon() -> tuple[dict[str, str], dict[str, str], frozenset[str]]:
    data = lexicons.load("verbs")
    return dict(data["forms"]), dict(data["synonyms"]), frozenset(data["passive_auxiliaries"])


@cache
def _locative() -> frozenset[str]:
    return frozenset(lexicons.load("verbs")["locative_prepositions"])


def key(word: str) -> str:
    """A word's comparable lemma: the verb lexicon's lemma where it knows the form, else a
    crude one ("banned", "bans" -> "ban"; "releasing", "release" -> "releas"); synonyms fold."""
    forms, synonyms, _ = _lexicon()
    w = word.lower().replace("\u2019", "'").strip("'.")
    if w.endswith("'s"):
        w = w[:-2]
    lemma = forms.get(w)
    if lemma is None:
        lemma = w
        for suffix in ("ing", "ed", "es", "s"):
            if w.endswith(suffix) and len(w) - len(suffix) >= 3:
                lemma = w[: -len(suffix)]
                if lemma[-1] == lemma[-2] and lemma[-1] not in "aeiousl":
                    lemma = lemma[:-1]  # "bann" -> "ban"
                break
    lemma = synonyms.get(lemma, lemma)
    return lemma[:-1] if len(lemma) > 3 and lemma.endswith("e") else lemma


@dataclass(frozen=True, slots=True)
class Predication:
    """A statement's predicates (one tuple of keys per sentence read), its words' keys, and
    its first sentence's subject keys (empty: an infinitive, a gerund or a pronoun)."""

    predicates: tuple[tuple[str, ...], ...]
    lemmas: frozenset[str]
    subject: tuple[str, ...]


def _content(word: str) -> bool:
    low = word.lower().strip("'.")
    return bool(low) and low not in textmod.STOPWORDS and low not in textmod.NEGATION and not low[0].isdigit()


def _sentence(words: list[str]) -> tuple[tuple[str, ...], list[str]]:
    """The predicate keys of one sentence and the words of its subject."""
    forms, _syn, passive = _lexicon()
    subject: list[str] = []
    expect = True  # at the start: "to", a gerund, an imperative
    copula = False
    lows = [w.lower().replace("\u2019", "'") for w in words]
    for k, low in enumerate(lows):
        tail = low[-3:] if low[-3:] in _CONTRACTED else low[-2:]
        if tail in _CONTRACTED and low[: -len(tail)] in EMPTY_SUBJECT:
            subject.append(low[: -len(tail)])
            copula, expect = _CONTRACTED[tail], True
            continue
        if low in ADVERBS:
            continue
        if low in COPULA:
            copula, expect = True, True
            continue
        if low in AUXILIARY or low in passive or low in textmod.NEGATION or low.endswith("n't"):
            expect = True
            continue
        if low == "to" or (low.endswith("ly") and len(low) > 4):
            expect = expect or low == "to"
            continue
        if not low[:1].isalpha():
            continue
        # a form the tagger calls a verb anywhere; any word in "-ed" or "-ing" after "to", an
        # auxiliary or a pronoun ("undocumented immigrants" is an adjective's)
        participle = len(low) > 4 and low.endswith(("ed", "ing"))
        lower_case = words[k][:1].islower() or k == 0
        verb = low in forms or (expect and (participle or (not copula and k > 0 and _content(low))))
        if verb and lower_case and not _content(low):
            expect = True  # a reporting verb ("he said,"): what it reports comes next
            continue
        if verb and low.endswith("ed") and (k == 0 or not expect) and _before_noun(lows, k):
            verb = False  # "undocumented immigrants", "the classified emails": an adjective
        if verb and lower_case:
            return (key(low),), subject
        if copula and low in _locative():
            return (key("locate"),), subject  # "are in Crimea": where the subject is
        if copula and low in DETERMINERS:
            continue
        if copula:
            if not _content(low):
                return (), subject  # "to be around 12 billion": no word says what it is
            complement = [key(w) for w in lows[k:] if _content(w)][:COMPLEMENT_WORDS]
            return tuple(complement), subject
        expect = low in PRONOUNS
        subject.append(low)
    return (), subject


#: Words before a noun that make an "-ed" word after them an adjective ("the released emails").
DETERMINERS = frozenset(
    {
        "the",
        "a",
        "an",
        "his",
        "her",
        "their",
        "its",
        "our",
        "my",
        "your",
        "some",
        "many",
        "all",
        "these",
        "those",
    }
)


def _before_noun(lows: list[str], k: int) -> bool:
    """Is the "-ed" word at ``k`` an adjective: at its sentence's start or after a
    determiner, and before a word that is no preposition or function word?"""
    opens = k == 0 or lows[k - 1] in DETERMINERS
    return opens and k + 1 < len(lows) and _content(lows[k + 1])


def predication(text: str) -> Predication:
    """The predicates, keys and subject of a statement (see the module's doc)."""
    clean = text.replace("''", '"').replace("\u2019", "'")
    if textmod.headline_case(clean):
        clean = clean.lower()  # "We Do Not Pay Candidates To Appear At Debates"
    sentences = _sentences(clean)[:SENTENCES]
    predicates: list[tuple[str, ...]] = []
    subject: tuple[str, ...] = ()
    for n, s in enumerate(sentences):
        words = textmod.tokens(s)
        if not words:
            continue
        found, subj = _sentence(words)
        if found:
            predicates.append(found)
        if n == 0:
            subject = tuple(sorted({key(w) for w in subj if _content(w) and w.lower() not in EMPTY_SUBJECT}))
            if not subject and any(w.lower() in ("it", "its") for w in subj):
                subject = (ITSELF,)
    words = textmod.tokens(clean)
    lemmas = {key(w) for w in words if _content(w)}
    lemmas.update(k for p in predicates for k in p)
    if any(w.lower() in _locative() for w in words[:-1]):
        lemmas.add(key("locate"))  # "training crews on the peninsula" says where they are
    return Predication(tuple(predicates), frozenset(lemmas), subject)


def _sentences(text: str) -> list[str]:
    out: list[str] = []
    for piece in _SENTENCE.split(text):
        if not piece or not piece.strip():
            continue
        if out and _ABBREVIATION.search(out[-1].rstrip()):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


def same_predicate(a: Predication, b: Predication, same_speaker: bool) -> bool:
    """Does each statement say what the other says: one of its predicates is among the
    other's words? One speaker's two reports need it one way only (one of them is often a
    paraphrase: "the judge a hater of Donald Trump who had railroaded him" and "I have a judge
    who is a hater"). A statement with no predicate found is not held to it."""
    if not a.predicates or not b.predicates:
        return True
    there, back = _said_in(a.predicates, b.lemmas), _said_in(b.predicates, a.lemmas)
    return (there or back) if same_speaker else (there and back)


def _said_in(predicates: tuple[tuple[str, ...], ...], lemmas: frozenset[str]) -> bool:
    return any(k in lemmas for p in predicates for k in p)


def same_subject(
    a: Predication, b: Predication, same_speaker: bool, speakers: tuple[str, str] = ("", "")
) -> bool:
    """Can the two statements speak of one subject? One speaker's are taken to (the subject
    read from the words is rough). Else two named subjects must share a word; an unnamed one
    (an infinitive, a pronoun) is its speaker, so it meets a named one that names that
    speaker (``speakers``: the two sources as written) and never another unnamed one, except
    "it" (an organisation speaking of itself, perhaps under two names)."""
    if same_speaker:
        return True
    if a.subject and b.subject:
        if ITSELF in a.subject or ITSELF in b.subject:
            return a.subject == b.subject or _names(
                a if ITSELF in b.subject else b, speakers[1] if ITSELF in b.subject else speakers[0]
            )
        return bool(set(a.subject).intersection(b.subject))
    if a.subject:
        return _names(a, speakers[1])
    if b.subject:
        return _names(b, speakers[0])
    return False


def _names(named: Predication, speaker: str) -> bool:
    """Does the named subject name the other statement's speaker?"""
    return bool(set(named.subject).intersection(key(w) for w in textmod.tokens(speaker) if _content(w)))
