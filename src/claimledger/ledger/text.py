"""Turning a content span into the comparable bag the claim merger works on.

Two outlets rarely use the same words: "1,500 North Korean soldiers" and "about 1,500
troops from Pyongyang" should still meet. So content is reduced to crude stems,
synonyms fold to one word ("soldiers", "forces" -> troops), and country names,
demonyms and capitals fold to an entity token ("@KP").
"""

from __future__ import annotations

import re
from functools import cache

from claimledger import lexicons
from claimledger.ledger.gazetteer import Gazetteer, load
from claimledger.store.actors import alias_key

#: Words two reports of one claim need not share: function words, reporting verbs, small numbers.
STOPWORDS = lexicons.words("ledger", "stopwords")
#: Words that make a statement negative; dropped from the topic bag so that a denial
#: and the assertion it denies still share their topic.
NEGATION = lexicons.words("ledger", "negation")
#: Words that dismiss what they speak of ("fake news", "groundless rumours").
DISMISSALS = lexicons.words("ledger", "dismissals")
#: Cue words of an opinion, a hope or a forecast ("thinks", "hopes", "predicted").
OPINION_CUES = lexicons.words("ledger", "opinion_cues")
#: Cue words that report a question; words that open an embedded question whatever the cue
#: ("would not say how many ..."), and words that open one after a question cue ("asked if").
QUESTION_CUES = lexicons.words("ledger", "question_cues")
QUESTION_OPENERS = lexicons.words("ledger", "question_openers")
QUESTION_WORDS = lexicons.words("ledger", "question_words")
#: Words that put a number into the future or the possible: "could be sent", "possible total".
PROJECTION = lexicons.words("ledger", "projection")
#: Words that make a statement a clause (see :func:`has_predicate`).
PREDICATE_WORDS = lexicons.words("ledger", "predicate_words")
#: "KYIV (Harbor Wire) — ": a dateline says where a wire filed from, not what was said.
#: A run of spaces is taken whole (`` ++``) and the blank after the parenthesis belongs to it,
#: so that no two quantifiers can share a run of blanks: statements are untrusted text, and
#: "A" followed by a few thousand spaces took cubic time (minutes) with overlapping ones.
_DATELINE = re.compile(r"^\s*[A-Z](?:[A-Z.,'-]| ++)+\s*(?:\([^)]{1,60}\)\s*)?[—–-]+\s*")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*[A-Za-z]|[A-Za-z]|\d[\d,.]*")


def stem(word: str) -> str:
    """A crude suffix stripper: good enough to make 'deployed' meet 'deployment'."""
    for suffix in ("ments", "ment", "ings", "ing", "ies", "ied", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def number_token(raw: str) -> str | None:
    try:
        value = float(raw.replace(",", ""))
    except ValueError:
        return None
    return f"#{value:g}"


@cache
def _gaz() -> Gazetteer:
    return load()


def tokens(text: str) -> list[str]:
    """Case-preserving word tokens."""
    return _WORD.findall(text.replace("’", "'"))


def bag(text: str) -> frozenset[str]:
    """The comparable set of a statement: stems, folded synonyms, entity and number tokens."""
    gaz = _gaz()
    words = tokens(_DATELINE.sub("", text))
    out: set[str] = set()
    i = 0
    while i < len(words):
        matched = False
        for n in (3, 2, 1):
            if i + n > len(words):
                continue
            chunk = words[i : i + n]
            if not chunk[0][:1].isupper():
                continue
            code = gaz.country_alias.get(alias_key(" ".join(chunk)))
            if code:
                out.add(f"@{code}")
                i += n
                matched = True
                break
        if matched:
            continue
        w = words[i]
        i += 1
        if w[0].isdigit():
            num = number_token(w)
            if num:
                out.add(num)
            continue
        low = w.lower().strip("'.")
        if low.endswith("'s"):
            low = low[:-2]
        if low in STOPWORDS or low in NEGATION or len(low) < 2:
            continue
        out.add(gaz.thing.get(low, stem(low)))
    return frozenset(out)


def name_words(text: str) -> frozenset[str]:
    """The bag words of the statement's multi-word names: runs of two or more capitalised
    words ("Affordable Care Act", "Hillary Clinton", "Lincoln Savings Bank FSB"). A name says
    what a statement is about, not what it says of it, so two statements must share words
    besides their names to be one claim (:func:`claimledger.ledger.claims.same_proposition`).
    A run is broken by anything but blanks between the words ("Clinton, Sanders"), except a
    title's full stop ("Mrs. Clinton"), and ends at a possessive ("Obama's Affordable Care
    Act"); a word also written in lower case elsewhere in the statement is not only a name's;
    a headline's capitals make no names."""
    gaz = _gaz()
    text = _DATELINE.sub("", text.replace("’", "'"))
    found = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text)]
    if _headline(found):
        return frozenset()  # "We Do Not Pay Candidates To Appear At Debates"
    named: set[str] = set()
    elsewhere: set[str] = set()
    run: list[str] = []
    last_end = -1
    for k, (w, start, end) in enumerate(found):
        capital = w[:1].isupper() and gaz.country_alias.get(alias_key(w)) is None
        gap = text[last_end:start].strip()
        joined = bool(run) and (not gap or (gap == "." and len(found[k - 1][0]) <= 3))
        if not (capital and (joined or not run)):
            _close_run(run, named, elsewhere)
            run = []
        if capital:
            run.append(w)
            if w.endswith("'s"):
                _close_run(run, named, elsewhere)
                run = []
        else:
            elsewhere.add(_form(w))
        last_end = end
    _close_run(run, named, elsewhere)
    return frozenset(named - elsewhere - {""})


#: A statement of at least this many words whose every lower-case word is a short or a
#: function word is in headline case.
HEADLINE_WORDS = 5


def _headline(found: list[tuple[str, int, int]]) -> bool:
    return len(found) >= HEADLINE_WORDS and not any(
        len(w) > 3 and _form(w) for w, _s, _e in found if w[:1].islower()
    )


def headline_case(text: str) -> bool:
    """Is the statement in headline case ("We Do Not Pay Candidates To Appear At Debates")?
    Its capitals say nothing of names or sentence starts."""
    text = _DATELINE.sub("", text.replace("’", "'"))
    return _headline([(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text)])


def _close_run(run: list[str], named: set[str], elsewhere: set[str]) -> None:
    if len(run) > 1:
        named.update(_form(w) for w in run)
    elif run:
        elsewhere.add(_form(run[0]))


def _form(word: str) -> str:
    """A word as :func:`bag` keeps it ("" for a word it drops)."""
    low = word.lower().strip("'.")
    if low.endswith("'s"):
        low = low[:-2]
    if low in STOPWORDS or low in NEGATION or len(low) < 2 or word[:1].isdigit():
        return ""
    return _gaz().thing.get(low, stem(low))


def has_predicate(text: str) -> bool:
    """Does the statement have a predicate (an auxiliary, a common verb, a word in -ed or -ing,
    or "to" before a word)? A noun phrase alone ("former Gov. Jeb Bush") states nothing."""
    words = [w.lower().strip("'") for w in tokens(text)]
    for k, w in enumerate(words):
        if w in PREDICATE_WORDS or (len(w) > 4 and w.endswith(("ed", "ing"))):
            return True
        if w == "to" and k + 1 < len(words) and words[k + 1].isalpha():
            return True
    return False


_RELATIVE = lexicons.words("ledger", "relative_openers")
_AUXILIARIES = lexicons.words("ledger", "auxiliaries")
_GAP_VERBS = lexicons.words("ledger", "gap_verbs")


def relative_clause(text: str) -> bool:
    """Is the statement a relative clause cut from its noun ("which an FBI investigation said
    was careless", "that he thought would displace American workers", "that could happen")?
    It speaks of something it does not name, so it is no proposition. A capitalised "That"
    opens a sentence, and "that" before a subject and its verb is a complement ("that Cruz
    is more conservative")."""
    words = [w.lower() for w in tokens(text[:80])]
    if not words or words[0] not in _RELATIVE or not text.lstrip()[:1].islower():
        return False
    if words[0] != "that":
        return True
    if len(words) > 1 and words[1] in _AUXILIARIES:
        return True
    return any(
        words[k] in _GAP_VERBS and words[k + 1] in _AUXILIARIES for k in range(2, min(len(words) - 1, 6))
    )


def is_negated(text: str) -> bool:
    """Does the statement carry a negation ("has not sent", "I hope not")? Two statements
    that differ in it never state the same proposition."""
    return any(w.lower().strip("'") in NEGATION or w.lower().endswith("n't") for w in tokens(text))


def is_dismissal(text: str) -> bool:
    """Does the statement dismiss what it speaks of ("this is fake news", "groundless
    rumours")? Its speaker denies, whatever the parse said of its polarity."""
    words = [w.lower() for w in tokens(text)]
    low = " " + " ".join(words) + " "
    for d in DISMISSALS:
        if f" {d} " not in low:
            continue
        if d in REPORTED_RUMOURS and all(_followed_by_content(words, d)):
            continue  # "rumours that X" reports a rumour; "these are rumours" dismisses one
        return True
    return False


#: Dismissal words that, followed by what they are about ("rumours that", "rumours of"),
#: report a rumour rather than dismiss it.
REPORTED_RUMOURS = frozenset({"rumours", "rumors"})


def _followed_by_content(words: list[str], word: str) -> list[bool]:
    return [
        i + 1 < len(words) and words[i + 1] in ("that", "of", "about")
        for i, w in enumerate(words)
        if w == word
    ]


def is_opinion_cue(cue: str | None) -> bool:
    """Does the cue give the source's view rather than a report ("she thinks", "he hoped")?
    What follows is an opinion or a forecast, which no other report can confirm."""
    return bool(cue) and any(w.lower() in OPINION_CUES for w in tokens(cue or ""))


def is_question(content: str, cue: str | None) -> bool:
    """Does the record report a question ("How many instructors were there?", "would not say
    how many instructors were there", "asked if the port had closed")? A question asserts
    nothing, so it is no claim."""
    if content.rstrip().rstrip("\"'\u201d\u2019)").endswith("?"):
        return True
    first = [w.lower() for w in tokens(content[:40])[:1]]
    if not first:
        return False
    return first[0] in QUESTION_OPENERS or (first[0] in QUESTION_WORDS and _is_question_cue(cue))


def _is_question_cue(cue: str | None) -> bool:
    return bool(cue) and any(w.lower() in QUESTION_CUES for w in tokens(cue or ""))


def is_projection(text: str) -> bool:
    """Does the statement speak of what could be rather than what is? An infinitive ("to
    take in 250,000 refugees", the content of a plan or a promise) is an intention too."""
    words = [w.lower() for w in tokens(text)]
    return bool(words) and (words[0] == "to" or any(w in PROJECTION for w in words))


def thing_key(thing: str) -> tuple[str | None, str]:
    """(country, counted thing) for a quantity: "North Korean soldiers" -> ("KP", "troops")."""
    gaz = _gaz()
    key = alias_key(thing)
    country: str | None = None
    q = gaz.qualified(key)
    if q:
        country, key = q
    words = key.split()
    head = ""
    for n in (2, 1):
        if len(words) >= n:
            tail = " ".join(words[-n:])
            if tail in gaz.thing:
                head = gaz.thing[tail]
                break
    if not head:
        head = stem(words[-1]) if words else ""
    return country, head


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Overlap coefficient: a short rewrite contained in a long report still scores high."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


_PLACE = re.compile(
    r"\b(?P<prep>(?i:in|into|inside|near|across|at|from|to))\s+(?:the\s+)?"
    r"(?P<name>[A-Z][\w'\u2019-]+(?:\s+(?:of\s+)?[A-Z][\w'\u2019-]+){0,3})"
)
#: Months and weekdays: capitalized after "in" or "on", but not places.
_NOT_PLACES = lexicons.words("ledger", "not_places")
#: Lower-case words that may follow a place name; any other makes the name an adjective.
_AFTER_PLACE = lexicons.words("ledger", "after_place")


def place_of(content: str, start: int, end: int) -> str | None:
    """Where a figure is, from the statement it sits in: "50 instructors have arrived in Crimea".

    A capitalised name after a place preposition, nearest after the figure (else before
    it); names followed by a lowercase noun are adjectives ("to Russian units") and
    months and weekdays are not places. A string rule on stored text: nothing is re-parsed.
    """
    found: list[tuple[int, str]] = []
    for m in _PLACE.finditer(content):
        name = m.group("name")
        if name.split()[0].lower() in _NOT_PLACES or content[
            max(0, m.start() - 10) : m.start()
        ].rstrip().endswith("according"):
            continue
        rest = content[m.end() :].lstrip()
        nxt = re.match(r"[a-z]+", rest)
        if nxt and nxt.group(0) not in _AFTER_PLACE:
            continue  # "to Russian units": an adjective, not a place
        found.append((m.start("name"), name))
    if not found:
        return None
    after = [f for f in found if f[0] >= end]
    return (after[0] if after else found[-1])[1]
