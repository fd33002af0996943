"""Speaking verbs whose content is a prepositional object: "referred to the harbour report".

Some verbs tell what someone spoke of, asked for or stood for only through a preposition:
"the mayor referred to the flood report", "the union pushed for a new contract", "she
complained about the delays", "he apologized for the remarks", "they voted against the
levy". The verb alone reports nothing ("the bus responded slowly"; "she referred the case
on"); with a person, group or organisation as its subject and the preposition right after it,
the preposition's object is the content, a stance on a thing (the loosest priority). A
participle after a dash ('will "go with a suspension" – referring to a procedural move') is
the writer's gloss of the words before it, not the speaker's; "did not respond to a request
for comment" answers nothing (``request_nouns``). "Referred
to the pier as a death trap" keeps the name given. The verbs and their prepositions are
``prepositional_objects`` in ``attribution.json``; the verbs of ``cues.json`` that read such
an object as one of their content steps ("called for an inquiry") are left to that step.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from claimledger.pipeline.attribution.complements import as_predicate, human_subject, time_word
from claimledger.pipeline.attribution.context import MAX_CUES_PER_SENTENCE, Candidate, Context, Priority
from claimledger.pipeline.attribution.grammar import CLAUSAL_DEPS, content_from_tokens
from claimledger.pipeline.attribution.vocabulary import PREPOSITIONAL_OBJECTS, REQUEST_NOUNS, TIME_PREPS
from claimledger.syntax.quotes import with_quotes
from claimledger.syntax.sources import channel_of, inherited_subject, source_span, subject_of

#: Dashes: a participle after one glosses the words before it, in the writer's voice.
_DASHES = ("-", "--", "\u2013", "\u2014")
#: How far after its verb the preposition may come: "pushed hard on Friday for ..."
_REACH = 4


def prepositional_objects(ctx: Context) -> Iterator[Candidate]:
    """Every listed verb of the sentence with a human holder and a content after its preposition."""
    doc, lex = ctx.doc, ctx.lex
    tried = 0
    for verb in ctx.sent:
        preps = PREPOSITIONAL_OBJECTS.get(lex.cue_lemma(verb))
        if verb.pos_ != "VERB" or not preps or ctx.quotes.inside(verb.idx):
            continue
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
            continue  # "was referred to a specialist": no one who speaks is named
        if any(c.dep_ in CLAUSAL_DEPS and c.i > verb.i for c in verb.children):
            continue  # "agreed with Ruiz that ...": the clause is the report, a verb rule's
        if verb.tag_ == "VBG" and verb.i > 0 and doc[verb.i - 1].text in _DASHES:
            continue  # 'will "go with a suspension" – referring to a procedural move': the writer's gloss
        prep = _opening(verb, preps)
        if prep is None:
            continue
        objects = [g for g in prep.children if g.dep_ in ("pobj", "pcomp")]
        if not objects or objects[0].lemma_.lower() in REQUEST_NOUNS:
            continue  # "did not respond to a request for comment": no content
        subj = subject_of(verb) or inherited_subject(verb, lex)
        if subj is None or not human_subject(verb, lex):
            continue
        tried += 1
        if tried > MAX_CUES_PER_SENTENCE:
            return
        ctx.tick()
        toks = _object_tokens(objects[0])
        toks += as_predicate(verb, objects[0])  # "referred to the pier as a death trap"
        content = content_from_tokens(doc, toks)
        if content is None:
            continue
        content, quote_type = with_quotes(ctx.text, content, ctx.quotes)
        yield Candidate(
            source=source_span(doc, subj, lex),
            cue=doc[verb.i : prep.i + 1] if prep.i == verb.i + 1 else doc[verb.i : verb.i + 1],
            content=content,
            channel=channel_of(doc, verb, lex),
            quote_type=quote_type,
            priority=Priority.NOUN_PHRASE,
            cue_lemma=f"{lex.cue_lemma(verb)} {prep.lower_}",
        )


def _opening(verb: Token, preps: frozenset[str]) -> Token | None:
    """The verb's listed preposition, right after it or after a time word ("pushed on Friday for")."""
    doc = verb.doc
    for child in verb.rights:
        if child.i > verb.i + _REACH:
            break
        if child.dep_ == "prep" and child.lower_ in preps:
            if all(time_word(doc[k]) for k in range(verb.i + 1, child.i)):
                return child
            return None
    return None


def _object_tokens(obj: Token) -> list[Token]:
    """The object with what hangs on it, up to a time or circumstance adjunct ("during the debate")."""
    toks = list(obj.subtree)
    cut = [c.i for c in obj.rights if c.dep_ == "prep" and c.lower_ in TIME_PREPS]
    return [t for t in toks if t.i < min(cut)] if cut else toks
