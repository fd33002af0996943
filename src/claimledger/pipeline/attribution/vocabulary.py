"""The English words the attribution rules test, from ``lexicons/data/attribution.json``.

The cue verbs and nouns themselves come from ``cues.json`` through
:class:`~claimledger.syntax.sources.Lexicon`; these are the smaller lists a rule reads
to tell one construction from another ("let them know" is a causative, "a video
showing" a depiction). Each list is checked and turned into a frozenset once, at
import, so a rule's test costs one set lookup and a malformed list fails at start-up,
naming the file and the key, instead of quietly matching nothing
(:func:`claimledger.lexicons.load` checks every list against the file's ``_doc``).
"""

from __future__ import annotations

from claimledger import lexicons
from claimledger.errors import LexiconError

#: The lexicon file (``lexicons/data/<NAME>.json``).
NAME = "attribution"


def words(key: str) -> frozenset[str]:
    """The word list ``key`` of the attribution lexicon (checked by the loader when read)."""
    data = lexicons.load(NAME)
    if key not in data:
        raise LexiconError(f"no word list {key!r}", source=str(lexicons.DATA_DIR / f"{NAME}.json"))
    return frozenset(data[key])


# verb cues (verbs.py, complements.py)
NOT_CUES = words("not_cues")
IMPRESSION_VERBS = words("impression_verbs")
CAUSATIVES = words("causatives")
FILLER_VERBS = words("filler_verbs")
FILLER_SUBJECTS = words("filler_subjects")
EVIDENCE_VERBS = words("evidence_verbs")
VISUAL_NOUNS = words("visual_nouns")
INTENTIONS = words("intentions")
QUESTION_VERBS = words("question_verbs")
ADDRESSEE_VERBS = words("addressee_verbs")
DOCUMENT_OBJECT_VERBS = words("document_object_verbs")
CONVENED = words("convened")
IMPERSONAL_CUES = words("impersonal_cues")
HUMAN_PRONOUNS = words("human_pronouns")
PROPORTIONS = words("proportions")
NON_HOLDERS = words("non_holders")
SUBORDINATORS = words("subordinators")
ADJUNCT_OPENERS = SUBORDINATORS | words("other_adjunct_openers")
ASIDE_OPENERS = words("aside_openers")
TIME_PREPS = words("time_preps")
VAGUE_TOPICS = words("vague_topics")
VOTE_NOUNS = words("vote_nouns")
STANCE_PRONOUNS = words("stance_pronouns")
PRONOUN_STANCE_VERBS = words("pronoun_stance_verbs")
# polls and documents (documents.py)
FINDINGS = words("findings")
PLACING_VERBS = words("placing_verbs")
# nominal cues (nominal.py)
CALL_NOUNS = words("call_nouns")
FOR_NOUNS = words("for_nouns")
STANCE_NOUNS = words("stance_nouns")
TAG_VERBS_READ_AS_NOUNS = words("tag_verbs_read_as_nouns")
NOUN_OBJECTS: dict[str, frozenset[str]] = {
    noun: frozenset(opens) for noun, opens in lexicons.load(NAME)["noun_objects"].items()
}
HUMAN_POSSESSIVES = words("human_possessives")
SHORT_ANSWERS = words("short_answers")
# choosing among candidates (select.py)
SELF_PRONOUNS = words("self_pronouns")
# attitudes told with an adjective (attitudes.py)
ATTITUDE_ADJECTIVES = words("attitude_adjectives")
ATTITUDE_PREPS = words("attitude_preps")
RAISING_ADJECTIVES = words("raising_adjectives")
# cues of a verb and its noun (phrasal.py)
LIGHT_VERB_CUES: dict[str, frozenset[str]] = {
    verb: frozenset(nouns) for verb, nouns in lexicons.load(NAME)["light_verb_cues"].items()
}
LIGHT_VERB_PREPS = words("light_verb_preps")
REPORTING_CUES = words("reporting_cues")
# speaking verbs with a prepositional object (prepositional.py)
REQUEST_NOUNS = words("request_nouns")
PREPOSITIONAL_OBJECTS: dict[str, frozenset[str]] = {
    verb: frozenset(preps) for verb, preps in lexicons.load(NAME)["prepositional_objects"].items()
}
MESSAGE_OBJECTS: dict[str, frozenset[str]] = {
    verb: frozenset(nouns) for verb, nouns in lexicons.load(NAME)["message_objects"].items()
}
