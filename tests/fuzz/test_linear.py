"""Our components stay linear on the inputs that used to make them quadratic.

No model here: the parses are built by hand (spaCy's Doc takes heads, deps, tags and
lemmas), so a 45,000-token article with 10,000 quotation marks costs what our code
costs, not what the parser does. Each case took minutes before the rewrite (a full
``doc.text`` rebuilt per candidate, every pair of candidates compared, every hedge
checked against every other, a subtree listed per cue); the bounds below are an order
of magnitude above what they take now and far below what they took then.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

import pytest
import spacy
from fuzz_strategies import check_quantity_values, check_span
from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from claimledger.models import Attribution, Hedge, Quantity, Span
from claimledger.pipeline import budget
from claimledger.pipeline.attribution.component import MAX_CUES_PER_SENTENCE, AttributionFinder, find_quotes
from claimledger.pipeline.coref import resolve_sources
from claimledger.pipeline.hedges import HedgeFinder
from claimledger.pipeline.linking import Linker
from claimledger.pipeline.quantities import QuantityFinder

SECONDS = 20.0  # generous: these take well under 2 s here, and took minutes before


@pytest.fixture(scope="module")
def blank() -> Language:
    return spacy.blank("en")


Tok = tuple[str, str, str, str, str, int]  # word, tag, pos, lemma, dep, head offset (relative)


def build(blank: Language, sentence: Sequence[Tok], times: int) -> Doc:
    """``times`` copies of a hand-parsed sentence, one after another.

    Tokens are written with a space after them, except before ":" and around line breaks.
    """
    words, tags, pos, lemmas, deps, heads = [], [], [], [], [], []
    for k in range(times):
        base = k * len(sentence)
        for i, (word, tag, upos, lemma, dep, rel) in enumerate(sentence):
            words.append(word)
            tags.append(tag)
            pos.append(upos)
            lemmas.append(lemma)
            deps.append(dep)
            heads.append(base + i + rel)
    spaces = [
        w != "\n" and (i + 1 == len(words) or words[i + 1] not in (":", "\n")) for i, w in enumerate(words)
    ]
    return Doc(
        blank.vocab, words=words, spaces=spaces, tags=tags, pos=pos, lemmas=lemmas, deps=deps, heads=heads
    )


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


# '"It is over," he said.' as spaCy parses it
QUOTED: list[Tok] = [
    ('"', "``", "PUNCT", '"', "punct", 7),
    ("It", "PRP", "PRON", "it", "nsubj", 1),
    ("is", "VBZ", "AUX", "be", "ccomp", 5),
    ("over", "RB", "ADV", "over", "acomp", -1),
    (",", ",", "PUNCT", ",", "punct", -2),
    ('"', "''", "PUNCT", '"', "punct", 2),
    ("he", "PRP", "PRON", "he", "nsubj", 1),
    ("said", "VBD", "VERB", "say", "ROOT", 0),
    (".", ".", "PUNCT", ".", "punct", -1),
]
CURLY = [("\u201c", *QUOTED[0][1:]), *QUOTED[1:5], ("\u201d", *QUOTED[5][1:]), *QUOTED[6:]]


def test_ten_thousand_quotation_marks_and_five_thousand_cues(blank: Language) -> None:
    doc = build(blank, QUOTED + CURLY, 2500)  # 10,000 marks, 5,000 "said", 45,000 tokens
    assert sum(doc.text.count(m) for m in '"\u201c\u201d') == 10_000
    records, seconds = timed(lambda: AttributionFinder(blank)(doc)._.attributions)
    assert seconds < SECONDS
    assert len(records) == 5000
    text = doc.text
    for a in records:
        check_span(text, a.content, a.id)
        assert a.quote_type == "direct" and a.content.text[0] in '"\u201c', a


def test_five_thousand_nested_cues_in_one_sentence(blank: Language) -> None:
    # "Officials said officials said ... it rained": each cue's complement is the rest
    chain: list[Tok] = [("Officials", "NNS", "NOUN", "official", "nsubj", 1)]
    words: list[Tok] = []
    for k in range(5000):
        words.append(("Officials", "NNS", "NOUN", "official", "nsubj", 1))
        words.append(("said", "VBD", "VERB", "say", "ROOT" if k == 0 else "ccomp", 0 if k == 0 else -2))
    words += [("it", "PRP", "PRON", "it", "nsubj", 1), ("rained", "VBD", "VERB", "rain", "ccomp", -2)]
    words.append((".", ".", "PUNCT", ".", "punct", -len(words) + 1))
    del chain
    doc = build(blank, words, 1)
    assert len(list(doc.sents)) == 1
    records, seconds = timed(lambda: AttributionFinder(blank)(doc)._.attributions)
    assert seconds < SECONDS
    assert 0 < len(records) <= MAX_CUES_PER_SENTENCE  # the per-sentence cap, not 5,000 subtree walks
    text = doc.text
    for a in records:
        check_span(text, a.content, a.id)


def test_five_thousand_speaker_labels(blank: Language) -> None:
    line: list[Tok] = [
        ("PENCE", "NNP", "PROPN", "Pence", "ROOT", 0),
        (":", ":", "PUNCT", ":", "punct", -1),
        ("Well", "UH", "INTJ", "well", "intj", -2),
        ("we", "PRP", "PRON", "we", "nsubj", 1),
        ("win", "VBP", "VERB", "win", "appos", -4),
        ("\n", "_SP", "SPACE", "\n", "dep", -1),
    ]
    doc = build(blank, line, 5000)
    records, seconds = timed(lambda: AttributionFinder(blank)(doc)._.attributions)
    assert seconds < SECONDS
    assert len(records) == 5000 and all(a.cue is not None and a.cue.text == ":" for a in records)


def test_five_thousand_repeated_hedges(blank: Language) -> None:
    # every "reportedly" after the first is widened to its head, checked against its neighbours only
    sentence: list[Tok] = [
        ("Troops", "NNS", "NOUN", "troop", "nsubj", 2),
        ("reportedly", "RB", "ADV", "reportedly", "advmod", 1),
        ("left", "VBD", "VERB", "leave", "ROOT", 0),
        (".", ".", "PUNCT", ".", "punct", -1),
    ]
    doc = build(blank, sentence, 5000)
    records, seconds = timed(lambda: HedgeFinder(blank)(doc)._.hedges)
    assert seconds < SECONDS
    assert len(records) == 5000
    assert records[0].span.text == "reportedly" and records[1].span.text == "reportedly left"
    text = doc.text  # rebuilt on every access
    for h in records:
        check_span(text, h.span, h.id)


def test_ten_thousand_numbers_in_one_sentence(blank: Language) -> None:
    words: list[Tok] = []
    for _ in range(10_000):
        words += [
            ("about", "RB", "ADV", "about", "advmod", 1),
            ("1,500", "CD", "NUM", "1,500", "nummod", 1),
            ("soldiers", "NNS", "NOUN", "soldier", "conj", 0),
            (",", ",", "PUNCT", ",", "punct", -1),
        ]
    words.append(("died", "VBD", "VERB", "die", "ROOT", 0))
    n = len(words)
    words = [
        (w, t, p, lem, d, (n - 1 - i) if d == "conj" else r) for i, (w, t, p, lem, d, r) in enumerate(words)
    ]
    doc = build(blank, words, 1)
    records, seconds = timed(lambda: QuantityFinder(blank)(doc)._.quantities)
    assert seconds < SECONDS
    assert len(records) == 10_000
    assert records[0].value == 1500 and records[0].qualifier == "approximate"
    text = doc.text
    for q in records[:50]:
        check_span(text, q.span, q.id)
        check_quantity_values(q)


def test_linking_five_thousand_of_each(blank: Language) -> None:
    sentence: list[Tok] = [
        ("He", "PRP", "PRON", "he", "nsubj", 1),
        ("said", "VBD", "VERB", "say", "ROOT", 0),
        ("about", "RB", "ADV", "about", "advmod", 1),
        ("15", "CD", "NUM", "15", "nummod", 1),
        ("men", "NNS", "NOUN", "man", "nsubj", 1),
        ("reportedly", "RB", "ADV", "reportedly", "advmod", 1),
        ("died", "VBD", "VERB", "die", "ccomp", -5),
        (".", ".", "PUNCT", ".", "punct", -6),
    ]
    doc = build(blank, sentence, 5000)
    text = doc.text
    hedges, quantities, attributions = [], [], []
    for k, sent in enumerate(doc.sents):

        def span(i: int, j: int, s: Any = sent) -> Span:
            a, b = s[i], s[j - 1]
            return Span(text[a.idx : b.idx + len(b)], a.idx, b.idx + len(b))

        hedges.append(Hedge(f"h{k + 1}", span(5, 6), "hedge", span(2, 7), "reportedly"))
        quantities.append(Quantity(f"q{k + 1}", span(2, 5), 15.0, None, None, "approximate", "men", "15"))
        attributions.append(
            Attribution(f"a{k + 1}", span(0, 1), "person", span(1, 2), span(2, 7), "indirect")
        )
    doc._.hedges, doc._.quantities, doc._.attributions = hedges, quantities, attributions
    linked, seconds = timed(lambda: Linker(blank)(doc))
    assert seconds < SECONDS
    assert [a.quantity_ids for a in linked._.attributions[:2]] == [("q1",), ("q2",)]
    assert [a.hedge_ids for a in linked._.attributions[-1:]] == [("h5000",)]
    assert all(q.attribution_id == f"a{k + 1}" for k, q in enumerate(linked._.quantities))


def test_coreference_over_ten_thousand_sources(blank: Language) -> None:
    # "Sen. Tom Brandt said Mrs. Brandt left. She said the senator agreed." 3,500 times in
    # one paragraph: 49,000 tokens, 7,000 names, 10,500 sources, each resolved against the
    # people before it by bounded look-backs, not by scanning them
    sentence: list[Tok] = [
        ("Sen.", "NNP", "PROPN", "Sen.", "compound", 2),
        ("Tom", "NNP", "PROPN", "Tom", "compound", 1),
        ("Brandt", "NNP", "PROPN", "Brandt", "nsubj", 1),
        ("said", "VBD", "VERB", "say", "ROOT", 0),
        ("Mrs.", "NNP", "PROPN", "Mrs.", "compound", 1),
        ("Brandt", "NNP", "PROPN", "Brandt", "nsubj", 1),
        ("left", "VBD", "VERB", "leave", "ccomp", -3),
        (".", ".", "PUNCT", ".", "punct", -4),
        ("She", "PRP", "PRON", "she", "nsubj", 1),
        ("said", "VBD", "VERB", "say", "ROOT", 0),
        ("the", "DT", "DET", "the", "det", 1),
        ("senator", "NN", "NOUN", "senator", "nsubj", 1),
        ("agreed", "VBD", "VERB", "agree", "ccomp", -3),
        (".", ".", "PUNCT", ".", "punct", -4),
    ]
    times = 3500
    doc = build(blank, sentence, times)
    size = len(sentence)
    doc.ents = [
        SpacySpan(doc, k * size + a, k * size + b, label="PERSON")
        for k in range(times)
        for a, b in ((1, 3), (5, 6))
    ]
    text = doc.text

    def span(i: int, j: int) -> Span:
        a, b = doc[i], doc[j - 1]
        return Span(text[a.idx : b.idx + len(b)], a.idx, b.idx + len(b))

    attributions = []
    for k in range(times):
        at = k * size
        attributions += [
            Attribution(
                f"a{3 * k + 1}",
                span(at + 1, at + 3),
                "person",
                span(at + 3, at + 4),
                span(at + 4, at + 7),
                "indirect",
            ),
            Attribution(
                f"a{3 * k + 2}",
                span(at + 8, at + 9),
                "person",
                span(at + 9, at + 10),
                span(at + 10, at + 13),
                "indirect",
            ),
            Attribution(
                f"a{3 * k + 3}",
                span(at + 10, at + 12),
                "anonymous",
                span(at + 12, at + 13),
                span(at + 12, at + 13),
                "indirect",
            ),
        ]
    resolved, seconds = timed(lambda: resolve_sources(doc, attributions))
    assert seconds < SECONDS
    assert [r.name for r in resolved[-3:]] == ["Tom Brandt", "Brandt", "Tom Brandt"]


def test_unclosed_curly_quotes() -> None:
    """Each unclosed mark looks for its closing one only as far as a quotation may reach."""
    text = " \u201cword" * 100_000 + " \u00ab" * 100_000
    spans, seconds = timed(lambda: find_quotes(text))
    assert seconds < SECONDS / 4
    assert spans == []
    # a closing mark takes the nearest open one
    assert find_quotes("\u201c" * 10_000 + "word\u201d") == [(9_999, 10_005)]
    # and 10,000 straight marks that all open stay linear too
    spans, seconds = timed(lambda: find_quotes(' "word' * 100_000))
    assert seconds < SECONDS / 4
    assert spans == []


def test_a_deadline_stops_a_component_mid_loop(blank: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    """The components read the deadline in their loops, not only between stages."""
    doc = build(blank, QUOTED, 200)
    ticks = iter(range(10_000))
    monkeypatch.setattr(budget, "clock", lambda: float(next(ticks)))  # one second per look
    budget.start(doc, 50, "hand-made")
    from claimledger.errors import AnalysisTimeout

    with pytest.raises(AnalysisTimeout) as err:
        AttributionFinder(blank)(doc)
    assert err.value.stage == "claimledger_attributions" and err.value.source == "hand-made"
    assert next(ticks) < 100  # stopped at the 50th look, not after the 200 sentences


def test_the_sentence_stage_on_a_fifty_thousand_token_article(blank: Language) -> None:
    """It marks every token, so it must cost a pass over the text, not a pass per token."""
    from claimledger.pipeline.sentences import hold_sentences

    text = "The mayor said the bridge would close. " * 6_000
    doc = blank.make_doc(text)
    assert len(doc) > 45_000
    _, seconds = timed(lambda: hold_sentences(doc))
    assert seconds < SECONDS / 4
    assert doc[1].is_sent_start is False and doc[8].is_sent_start is None
