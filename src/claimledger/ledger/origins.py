"""Following channels back to the first-hand source of a claim.

Five outlets quoting the same intelligence agency are one origin, so corroboration
is counted by origin, never by repetition:

* a named source is its own origin ("Reuters, citing South Korea's spy agency" and
  "CNN, citing Seoul's NIS" both resolve to the NIS actor);
* an outlet given as the source ("..., according to The Lantern") is followed back: if
  the claim has that outlet carrying a named source (as a channel, or in the outlet's own
  article), or the same article names a source for it, that source is the origin;
  otherwise the outlet is;
* an anonymous source is keyed by whoever carried it (the channel, else the outlet of
  the original article), so one outlet's "officials" count once however often copied;
* an outlet's own unattributed statement is an origin only when nobody in the claim
  names one; otherwise it is the outlet repeating what is already sourced; in an agency
  copy (its source the agency, its channel the outlet that carried it) it is the agency's;
* a near-duplicate article (wire copy) stands for the article it copies;
* a report relayed inside one article ("the Post reported that the senator said X": two
  reports, one inside the other's statement) has one origin, the inner speaker: the
  outer one is a channel;
* a question put to someone ("asked whether troops had been sent?") is nobody's
  assertion, so its source is no origin;
* one quotation, word for word, credited to two named speakers (a quote misread as a
  commentator's, or repeated by someone who quotes it: "Perez: 'We're going to put a lot of
  coal miners out of business'" is Clinton's words) is one utterance, so one origin
  (:func:`_one_utterance`): the speaker most of the claim's reports credit, else the one it
  does not name ("... unlike my husband and President Obama" is not Obama's), else one a
  report quotes inside the writer's words ("Romney faulted Trump for 'the greed ...'"), not
  only as a bare quotation (which a moderator may have read out), else the first
  credited (a hyphenated word is its parts: "third-grade" is "third grade");
* a description of a speaker ("the GOP front-runner", "a Clinton campaign official", "the
  candidate", "a speech"; :mod:`claimledger.ledger.descriptions`), unnamed or an actor that is
  only a role ("Republican candidate"), is a named speaker of the claim when it can be tied
  to one (:func:`_tie`): the one whose name it holds (or a list that names her: "Clinton and
  the State Department"), else the one its own article names for the claim, else, for a
  person's role or a speech, the claim's only named person. Groups ("critics", "60 percent")
  and sources who chose not to be named ("a source familiar with") are other people and stay
  origins of their own, and so does a description whose statement names the speaker it
  would be tied to (it speaks of her: someone else);
* a report whose statement opens with someone's proposal or call ("Trump's proposal to ban
  ...", "his call for a ban on ...", credited to "Jewish groups" or "the organization")
  mentions that person's claim, it does not make it (:func:`_mentions`): its origin is the
  claim's named speaker the possessive names, or, for "his"/"her"/"their" in a report whose
  source is no named person, the claim's only named person;
* one body or person under a short and a long name in one claim ("Tax Policy Center" and
  "Tax Policy Center at the Urban Institute and Brookings Institution"; "Bill" and "Bill
  Clinton") is one origin (:func:`_one_body`): a name whose words begin another origin's
  name, when the longer goes on with a preposition ("at", "of", "in", "for") or the shorter
  is a person's one given name.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from claimledger import lexicons
from claimledger.ledger import descriptions
from claimledger.ledger.claims import Member

OriginKey = tuple[str, int | str]


@dataclass(frozen=True)
class ClaimOrigins:
    """What one claim rests on: origins, who repeated it, when it was seen."""

    origins: list[tuple[OriginKey, str]]  # in first-seen order, with display names
    member_origin: dict[tuple[str, str], tuple[OriginKey, str] | None]
    outlets: list[str]
    articles: list[str]
    first_seen: str | None
    last_seen: str | None
    anonymous_only: bool


def trace(members: Sequence[Member], names: dict[int, str], kinds: dict[int, str]) -> ClaimOrigins:
    """Origins of one claim (``members`` in first-seen order)."""
    carried = _Carried.of(members, kinds)
    named = any(m.source_type != "author" for m in members)
    relays = _relays(members)
    questions = {m.key for m in members if _question(m.content)}
    # Equal origins are one object: the ledger build holds one per attribution of the store.
    shared: dict[tuple[OriginKey, str], tuple[OriginKey, str]] = {}
    member_origin: dict[tuple[str, str], tuple[OriginKey, str] | None] = {}
    for m in members:
        found = None if m.key in questions or m.key in relays else _origin(m, named, carried, names, kinds)
        member_origin[m.key] = None if found is None else shared.setdefault(found, found)
    _tie(members, member_origin, names, kinds)
    _mentions(members, member_origin, names, kinds)
    _one_utterance(members, member_origin, names)
    _one_body(member_origin, names, kinds)
    for key, found in member_origin.items():
        if found is not None:
            member_origin[key] = shared.setdefault(found, found)
    for outer, inner in relays.items():  # the relay stands for what it relays
        member_origin[outer] = member_origin.get(inner)
    seen: dict[OriginKey, str] = {}
    anonymous_only = True
    for m in members:
        found = member_origin[m.key]
        if found is not None:
            seen.setdefault(found[0], found[1])
            anonymous_only = anonymous_only and found[0][0] == "anon"
    outlets, articles = _repeated_by(members)
    dates = sorted(m.published for m in members if m.published)
    return ClaimOrigins(
        origins=list(seen.items()),
        member_origin=member_origin,
        outlets=outlets,
        articles=articles,
        first_seen=dates[0] if dates else None,
        last_seen=dates[-1] if dates else None,
        anonymous_only=anonymous_only and bool(seen),
    )


@dataclass(frozen=True)
class _Carried:
    """The named (non-outlet) sources of one claim, by who carried them: an outlet given
    as a source is followed back through these."""

    relayed: dict[int, Counter[int]]  # outlet actor -> the named sources it carried
    in_article: dict[str, Counter[int]]  # article -> named (non-outlet) sources in this claim

    @classmethod
    def of(cls, members: Sequence[Member], kinds: dict[int, str]) -> _Carried:
        relayed: dict[int, Counter[int]] = {}
        in_article: dict[str, Counter[int]] = {}
        for m in members:
            if m.source_actor is None or kinds.get(m.source_actor) == "outlet":
                continue
            in_article.setdefault(m.article_id, Counter())[m.source_actor] += 1
            if m.channel_actor is not None:
                relayed.setdefault(m.channel_actor, Counter())[m.source_actor] += 1
            if m.outlet_actor is not None:
                relayed.setdefault(m.outlet_actor, Counter())[m.source_actor] += 1
        return cls(relayed, in_article)


def _origin(
    m: Member, named: bool, carried: _Carried, names: dict[int, str], kinds: dict[int, str]
) -> tuple[OriginKey, str] | None:
    """The origin of one member and its display name, by the rules of the module doc;
    None for an outlet's own statement when the claim names a source (``named``)."""
    if m.source_type == "author":
        credited = m.source_actor if m.channel_actor is not None else m.outlet_actor
        if named or credited is None:
            return None
        return ("actor", credited), names.get(credited, str(m.outlet))
    if m.source_actor is not None:
        if kinds.get(m.source_actor) == "outlet":
            found = carried.relayed.get(m.source_actor) or carried.in_article.get(m.article_id)
            if found:
                first = found.most_common(1)[0][0]
                return ("actor", first), names[first]
        return ("actor", m.source_actor), names[m.source_actor]
    carrier = m.channel_actor if m.channel_actor is not None else m.outlet_actor
    label = (
        names.get(carrier, m.outlet or "unknown outlet") if carrier is not None else (m.outlet or "unknown")
    )
    return ("anon", carrier if carrier is not None else (m.outlet or "")), f"anonymous source via {label}"


def _relays(members: Sequence[Member]) -> dict[tuple[str, str], tuple[str, str]]:
    """Members whose statement, in their article, holds another member's whole statement,
    each with the innermost one it holds: they relay it ("X reported that Y said ..."), so
    the inner report's origin is theirs."""
    by_article: dict[str, list[Member]] = {}
    for m in members:
        by_article.setdefault(m.article_id, []).append(m)
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for group in by_article.values():
        for outer in group:
            held = [m for m in group if m is not outer and _holds(outer, m)]
            if held:
                out[outer.key] = min(held, key=lambda m: len(m.content)).key
    return out


def _holds(outer: Member, inner: Member) -> bool:
    """Whether ``outer``'s statement holds all of ``inner``'s, and more."""
    end, inner_end = outer.content_start + len(outer.content), inner.content_start + len(inner.content)
    return (
        outer.content_start <= inner.content_start
        and inner_end <= end
        and len(inner.content) < len(outer.content)
    )


def _question(content: str) -> bool:
    """A statement that is a question: it asserts nothing."""
    return content.rstrip(" \"'\u201d\u2019)").endswith("?")


def _repeated_by(members: Sequence[Member]) -> tuple[list[str], list[str]]:
    """The outlets and the articles that carried the claim, in first-seen order."""
    outlets: list[str] = []
    articles: list[str] = []
    for m in members:
        if m.outlet and m.outlet not in outlets:
            outlets.append(m.outlet)
        if m.article_id not in articles:
            articles.append(m.article_id)
    return outlets, articles


def _tie(
    members: Sequence[Member],
    member_origin: dict[tuple[str, str], tuple[OriginKey, str] | None],
    names: dict[int, str],
    kinds: dict[int, str],
) -> None:
    """Tie each description of a speaker to the named speaker it describes, in place (the
    rules of the module doc): a description is no independent origin when the claim names
    whom it describes."""
    named: list[int] = []  # the claim's named speakers, first seen first
    by_article: dict[str, Counter[int]] = {}
    for m in members:
        found = member_origin[m.key]
        actor = found[0][1] if found is not None and found[0][0] == "actor" else None
        if isinstance(actor, int) and _named(actor, names, kinds):
            if actor not in named:
                named.append(actor)
            by_article.setdefault(m.article_id, Counter())[actor] += 1
    if not named:
        return
    for m in members:
        found = member_origin[m.key]
        if found is None or m.source_type == "author":
            continue
        if m.source_actor is None:
            text = m.source_text
        elif descriptions.is_description(names.get(m.source_actor, "")):
            text = names[m.source_actor]
        else:
            continue
        tied = _tied_to(m, text, named, by_article.get(m.article_id), names, kinds)
        if tied is not None:
            member_origin[m.key] = (("actor", tied), names[tied])


def _tied_to(
    m: Member,
    text: str,
    named: Sequence[int],
    in_article: Counter[int] | None,
    names: dict[int, str],
    kinds: dict[int, str],
) -> int | None:
    """The named speaker a description (``text``, the source of ``m``) is, or None."""
    what = descriptions.kind(text)
    if what == descriptions.UNNAMED:
        return None
    # a statement that names a speaker speaks of her: its source is someone else
    fits = [a for a in named if not _names(m.content, names[a])]
    holds = [a for a in fits if _names(text, names[a])]
    if holds and (what != descriptions.GROUP or descriptions.is_list(text)):
        # "A Clinton campaign official", "One Clinton spokesman", "Clinton and the State Department"
        return holds[0]
    if what == descriptions.GROUP or (what == descriptions.OTHER and descriptions.names_someone(text)):
        return None  # other people; "a Time magazine report" is Time's, whoever else speaks
    if in_article:
        here = [a for a, _n in in_article.most_common() if a in fits]
        if here:
            return here[0]
    if what == descriptions.THING or (what == descriptions.ONE and descriptions.person_role(text)):
        people = [a for a in fits if kinds.get(a) == "person"]
        if len(people) == 1 and len([a for a in named if kinds.get(a) == "person"]) == 1:
            return people[0]
    return None


def _named(actor: int, names: dict[int, str], kinds: dict[int, str]) -> bool:
    """Is the actor a named speaker (not an outlet, not a description that became an actor)?"""
    return kinds.get(actor) != "outlet" and not descriptions.is_description(names.get(actor, ""))


_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def _names(text: str, name: str) -> bool:
    """Does ``text`` name the actor called ``name``, by its last capitalised word ("Palmieri"
    of "Jennifer Palmieri", "Clinton" of "Clinton campaign")?"""
    words = [
        w
        for w in re.findall(r"[A-Za-z][A-Za-z'-]+", name)
        if w[:1].isupper() and w.lower().strip(".") not in _SUFFIXES
    ]
    if not words:
        return False
    return re.search(rf"\b{re.escape(words[-1])}\b", text) is not None


#: Two statements are one utterance when both quote (hold a quotation mark), have at least
#: this many comparable words, and the shorter's words are this much the other's (a trimmed
#: quote is the same utterance).
UTTERANCE_WORDS = 4
UTTERANCE_SHARE = 0.85
UTTERANCE_LIMIT = 300
_QUOTE_MARKS = ('"', "\u201c", "''", "\u2018")


def _one_utterance(
    members: Sequence[Member],
    member_origin: dict[tuple[str, str], tuple[OriginKey, str] | None],
    names: dict[int, str],
) -> None:
    """Give one quotation credited to several named speakers one origin, in place (the rule
    of the module doc). Reports with the same words and speaker are compared once, and a
    claim with more than :data:`UTTERANCE_LIMIT` of them is left as it is (a wire story
    copied many times, whose pairs would cost too much)."""
    groups: dict[tuple[frozenset[str], int], list[Member]] = {}
    for m in members:
        actor = _actor_of(member_origin[m.key])
        if actor is not None and len(m.bag) >= UTTERANCE_WORDS and any(q in m.content for q in _QUOTE_MARKS):
            groups.setdefault((_unhyphenated(m.bag), actor), []).append(m)
    if len({actor for _bag, actor in groups}) < 2 or len(groups) > UTTERANCE_LIMIT:
        return
    # how many of the claim's reports credit each speaker, quoted or not
    credited = Counter(_actor_of(member_origin[m.key]) for m in members)
    keys = list(groups)
    done: set[tuple[frozenset[str], int]] = set()
    for words, _actor in keys:
        if (words, _actor) in done:
            continue
        same = [
            k
            for k in keys
            if k not in done and len(words.intersection(k[0])) >= UTTERANCE_SHARE * min(len(words), len(k[0]))
        ]
        speakers = list(dict.fromkeys(actor for _b, actor in same))
        if len(speakers) < 2:
            continue
        said = [m for k in same for m in groups[k]]
        # a speaker some report quotes inside the writer's own words ("X faulted Trump for 'the
        # greed ...'"), not only as a bare quotation a moderator or a columnist may have read out
        framed = {k[1] for k in same if any(not _bare(m.content) for m in groups[k])}
        speaker = min(
            speakers,
            key=lambda a: (
                -credited[a],
                any(_names(m.content, names[a]) for m in said),
                a not in framed,
                speakers.index(a),
            ),
        )
        for m in said:
            member_origin[m.key] = (("actor", speaker), names[speaker])
        done.update(same)


_PROPOSALS = lexicons.words("ledger", "proposal_nouns")
_PRONOUNS = frozenset({"his", "her", "their"})
#: "Trump's proposal", "Donald J. Trump's call", "his controversial call": a possessor (a
#: run of capitalised words with "'s", or a possessive pronoun), two words at most between it
#: and the noun.
_MENTION = re.compile(
    r"^\W*(?:(?P<name>(?:[A-Z][\w.'-]*\s+){0,3}[A-Z][\w.-]*)['\u2019]s|(?P<pronoun>[Hh]is|[Hh]er|[Tt]heir))"
    r"(?P<rest>(?:\s+[a-z][\w-]*){1,3})"
)


def _mention(content: str) -> str | None:
    """The possessor ("Trump", "his") of the proposal or call a statement opens with, or None."""
    found = _MENTION.match(content[:200])
    if found is None or not _PROPOSALS.intersection(found.group("rest").split()):
        return None
    return found.group("name") or found.group("pronoun").lower()


def _mentions(
    members: Sequence[Member],
    member_origin: dict[tuple[str, str], tuple[OriginKey, str] | None],
    names: dict[int, str],
    kinds: dict[int, str],
) -> None:
    """Give a report that mentions a named speaker's proposal that speaker as its origin,
    in place (the rule of the module doc)."""
    named: list[int] = []
    for m in members:
        actor = _actor_of(member_origin[m.key])
        if actor is not None and _named(actor, names, kinds) and actor not in named:
            named.append(actor)
    if not named:
        return
    for m in members:
        found = member_origin[m.key]
        if found is None:
            continue
        possessor = _mention(m.content)
        if possessor is None:
            continue
        own = _actor_of(found)
        if possessor in _PRONOUNS:
            if own is not None and kinds.get(own) == "person" and _named(own, names, kinds):
                continue  # a named person's "his plan" may be his own
            whom = [a for a in named if kinds.get(a) == "person" and a != own]
        else:
            whom = [a for a in named if _names(possessor, names[a])]
        if len(whom) == 1 and whom[0] != own:
            member_origin[m.key] = (("actor", whom[0]), names[whom[0]])


_CONTINUATIONS = frozenset({"at", "of", "in", "for"})


def _one_body(
    member_origin: dict[tuple[str, str], tuple[OriginKey, str] | None],
    names: dict[int, str],
    kinds: dict[int, str],
) -> None:
    """Give one body or person written under a short and a long name one origin, in place
    (the rule of the module doc): a person's, the long name; a body's, the short one."""
    actors = list(dict.fromkeys(a for a in map(_actor_of, member_origin.values()) if a is not None))
    if len(actors) < 2:
        return
    words = {a: names.get(a, "").split() for a in actors}
    into: dict[int, int] = {}
    for short in actors:
        w = words[short]
        if not w:
            continue
        longer = [
            a
            for a in actors
            if a != short
            and len(words[a]) > len(w)
            and words[a][: len(w)] == w
            and (
                (len(w) >= 2 and words[a][len(w)] in _CONTINUATIONS)
                or (len(w) == 1 and kinds.get(short) == "person" and kinds.get(a) == "person")
            )
        ]
        if len(longer) != 1:
            continue
        one = longer[0]
        if kinds.get(short) == "person":
            into[short] = one
        else:
            into[one] = short
    if not into:
        return
    for key, found in member_origin.items():
        actor = _actor_of(found)
        if actor in into:
            target = into[actor]
            member_origin[key] = (("actor", target), names[target])


def _bare(content: str) -> bool:
    """Is the statement a quotation and nothing else (no words of the writer's around it)?"""
    return content.lstrip().startswith(_QUOTE_MARKS)


def _unhyphenated(bag: Collection[str]) -> frozenset[str]:
    """A statement's words with hyphenated words split: "third-grade" and "third grade"
    are one quotation's words, written two ways."""
    return frozenset(part for w in bag for part in w.split("-") if part)


def _actor_of(found: tuple[OriginKey, str] | None) -> int | None:
    if found is None or found[0][0] != "actor" or not isinstance(found[0][1], int):
        return None
    return found[0][1]
