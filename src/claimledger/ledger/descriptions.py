"""What an unnamed source's words describe, so that origins can tell a description of a
named speaker from other people.

News names a speaker once and then describes her: "Clinton said ..." and, in the next
article, "the Democratic front-runner said ..."; "Jennifer Palmieri said ..." and "a Clinton
campaign official said ...". Counted as written, each description is one more independent
origin. :func:`kind` sorts an unnamed source's words into

* :data:`ONE`: one person or body described by its role ("the candidate", "the GOP
  front-runner", "a campaign spokeswoman", "the campaign"), or a singular pronoun;
* :data:`THING`: what carried the speaker's spoken words ("a speech", "the rally", "a pool
  report"); a document ("the report", "a study") is OTHER, a poll a GROUP;
* :data:`GROUP`: other people ("critics", "most of his competitors", "60 percent of voters",
  "they"): never the named speaker;
* :data:`UNNAMED`: someone who chose not to be named ("a source familiar with the talks"):
  clearly someone else than the named speakers;
* :data:`OTHER`: anything else (a misread source).

:mod:`claimledger.ledger.origins` ties ONE, THING and OTHER to a named speaker of the same
claim (see its rules); GROUP and UNNAMED stay origins of their own, and so does an OTHER
that names a source of its own ("a Time magazine report").
"""

from __future__ import annotations

import re
from functools import cache

from claimledger import lexicons

ONE = "one"
THING = "thing"
GROUP = "group"
UNNAMED = "unnamed"
OTHER = "other"

_SPEECH = lexicons.words("ledger", "speech_nouns")
_QUANTIFIERS = lexicons.words("ledger", "group_quantifiers")
_UNNAMED = lexicons.words("ledger", "unnamed_persons")
_MODIFIERS = lexicons.words("ledger", "description_modifiers")
#: Words after which a description's head is over ("the senator from Texas", "a source close to").
_CUTS = frozenset(
    "of from for in at who whom that which with on to by close familiar near under over about".split()
)
_SINGULAR_PRONOUNS = frozenset({"he", "she", "i"})
_GROUP_PRONOUNS = frozenset({"they", "we", "them", "us"})
_DETERMINERS = frozenset({"a", "an", "the", "one", "this", "that", "another", "his", "her", "its", "their"})
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.-]*")


@cache
def _person_roles() -> frozenset[str]:
    """Singular words that describe one person by her role ("candidate", "spokeswoman"),
    and "campaign", which speaks for its candidate."""
    people = lexicons.load("people")
    sources = lexicons.load("sources")
    # a role's last word, unless it ends an "of" phrase ("secretary of state": not "state")
    heads = {form.split()[-1] for form in people["role_forms"] if " of " not in form}
    heads |= set(sources["group_nouns"])
    bodies = set(sources["org_nouns"]) | set(sources["document_nouns"])  # "intelligence"
    return frozenset(heads - bodies | {"campaign"})


@cache
def _roles() -> frozenset[str]:
    """Singular words that describe one person or body by its role."""
    return frozenset(_person_roles() | set(lexicons.load("sources")["org_nouns"]))


def person_role(text: str) -> bool:
    """Does the description name a person's role ("the candidate", "a campaign official"),
    not a body's ("the government", "the agency")?"""
    return _head(text) in _person_roles()


def _head(text: str) -> str:
    head_words: list[str] = []
    for w in words(text):
        if w in _CUTS:
            break
        if w:
            head_words.append(w)
    return head_words[-1] if head_words else ""


def words(text: str) -> list[str]:
    return [w.lower().replace("’", "'").strip(".'") for w in _WORD.findall(text)]


def kind(text: str) -> str:
    """What an unnamed source's words (as written) describe: :data:`ONE`, :data:`THING`,
    :data:`GROUP`, :data:`UNNAMED` or :data:`OTHER`."""
    ws = [w for w in words(text) if w]
    if not ws:
        return OTHER
    if len(ws) == 1 and ws[0] in _SINGULAR_PRONOUNS:
        return ONE
    if ws[0] in _GROUP_PRONOUNS:
        return GROUP
    if "and" in ws or any(w in _QUANTIFIERS or w[:1].isdigit() for w in ws):
        return GROUP  # "Clinton and the State Department", "six in 10", "about half"
    head_words: list[str] = []
    for w in ws:
        if w in _CUTS:
            break
        head_words.append(w)
    if not head_words:
        return OTHER
    head = head_words[-1]
    two = " ".join(head_words[-2:])
    if head in _UNNAMED:
        return UNNAMED
    if head in _SPEECH or two in _SPEECH:
        return THING
    if head in _roles():
        return ONE
    if head.endswith("s") and not head.endswith(("ss", "us", "is")) or head.endswith("men"):
        return GROUP  # "critics", "hard-liners", "spokesmen"
    return OTHER


def names_someone(text: str) -> bool:
    """Does the source hold a capitalised word after its first ("a Time magazine report",
    "the report published Tuesday")? It names a source of its own."""
    found = _WORD.findall(text)
    return any(w[:1].isupper() for w in found[1:])


def is_list(text: str) -> bool:
    """Is the source a list of people or bodies ("Clinton and the State Department")?"""
    return "and" in words(text)


def is_description(name: str) -> bool:
    """Is an actor's name only a role and its qualifiers, in two words or more ("Republican
    candidate", "Democratic presidential nominee", "His campaign")? Such an actor is a
    description that became an actor, not a name."""
    ws = [w for w in words(name) if w and w not in _DETERMINERS]
    return (
        len(words(name)) > 1  # "King" alone may be a surname
        and bool(ws)
        and ws[-1] in _person_roles()
        and ws[-1] not in _UNNAMED
        and all(w in _MODIFIERS or w in _roles() for w in ws[:-1])
    )
