"""Per-article limits: a time budget (a cooperative deadline) and the size caps.

Every article is untrusted, so analysis of one article is bounded in size and in time:

* **Size** (:data:`MAX_CHARS`, :data:`MAX_TOKENS`): checked before any statistical
  component runs. spaCy's memory and time grow linearly with tokens (peak RSS about
  3 GB and about 70 seconds for a 1,000,000-character news text with ~190,000 tokens
  on one core), so the two caps bound both. The token cap catches what the character
  cap cannot: a million quotation marks is a million tokens, five times a normal text.
* **Time** (:data:`DEFAULT_TIME_BUDGET` seconds per article, ``None`` for no limit): a
  deadline is attached to the Doc when it is made (:func:`start`) and checked between
  pipeline stages and inside our own components, in their loops over sentences, tokens,
  quotes and candidates (:func:`ticker`). Past it, :class:`AnalysisTimeout` names the
  article, the budget and the stage. The deadline lives on the Doc, not in a signal
  handler or a thread-local, so it works the same in Dask worker threads.

spaCy's tokenizer is quadratic in the length of a run of prefix or suffix characters with
no space in it (10,000 quotation marks in a row: 17 s; 40,000: 4.5 minutes; 400,000
would be hours), before any deadline can be checked. :func:`make_doc` tokenizes such a
run (over :data:`RUN_CHARS` characters, mostly punctuation) in pieces of ``RUN_CHARS``,
which is linear; every other text is tokenized exactly as ``nlp.make_doc`` does.

spaCy's own statistical components (tok2vec, tagger, parser, NER) cannot be interrupted
from outside; they are linear in the number of tokens, which the caps bound, so the
worst overshoot is one such stage on a capped article (about 30 seconds here). Our
components are linear too (sorted offsets and bisection instead of pairwise scans);
the deadline is the backstop for whatever is not.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from claimledger.errors import AnalysisTimeout, ExtractionError
from claimledger.pipeline.limits import MAX_CHARS, MAX_TOKENS

#: A run of this many characters with no space, over half of them punctuation, is tokenized
#: in pieces of this length (see the module docstring).
RUN_CHARS = 100
_LONG_RUN = re.compile(r"\S{" + str(RUN_CHARS + 1) + ",}")

_KEY = "claimledger.deadline"

#: The clock the deadline reads (tests replace it to make time pass on demand).
clock: Callable[[], float] = time.monotonic


def start(doc: Doc, seconds: float | None, name: str | None) -> None:
    """Attach a deadline ``seconds`` from now to ``doc`` (``None``: no limit)."""
    if seconds is None:
        doc.user_data.pop(_KEY, None)
        return
    if seconds <= 0:
        raise ValueError(f"time budget must be positive, got {seconds!r}")
    # plain values only: user_data is serialized with the Doc
    doc.user_data[_KEY] = (clock() + seconds, float(seconds), name)


def clear(doc: Doc) -> None:
    """Remove the deadline once the Doc is done with (results may still be read)."""
    doc.user_data.pop(_KEY, None)


def _noop() -> None:
    return None


def ticker(doc: Doc, stage: str) -> Callable[[], None]:
    """A cheap callable that raises :class:`AnalysisTimeout` once ``doc``'s deadline has passed.

    Components call it in their loops; with no deadline on the Doc it does nothing.
    """
    found: Any = doc.user_data.get(_KEY)
    if found is None:
        return _noop
    at, seconds, name = found

    def tick() -> None:
        if clock() >= at:
            raise AnalysisTimeout(seconds, stage, source=name)

    return tick


def check(doc: Doc, stage: str) -> None:
    """Raise :class:`AnalysisTimeout` if ``doc``'s deadline has passed (before ``stage``)."""
    ticker(doc, stage)()


def check_size(text: str, name: str | None, max_chars: int = MAX_CHARS) -> None:
    """:class:`ExtractionError` for an article over the character cap."""
    if len(text) > max_chars:
        raise ExtractionError(
            f"article has {len(text):,} characters, over the {max_chars:,}-character cap", source=name
        )


def check_tokens(doc: Doc, name: str | None, max_tokens: int = MAX_TOKENS) -> None:
    """:class:`ExtractionError` for an article over the token cap (before the costly stages)."""
    if len(doc) > max_tokens:
        raise ExtractionError(
            f"article has {len(doc):,} tokens, over the {max_tokens:,}-token cap", source=name
        )


def _hostile(run: str) -> bool:
    """A run the tokenizer would split one character at a time, re-slicing what is left each time."""
    return sum(1 for ch in run if not ch.isalnum()) > RUN_CHARS // 2


def make_doc(nlp: Language, text: str) -> Doc:
    """``nlp.make_doc(text)``, linear in the text however it is written.

    Long runs of punctuation without a space are tokenized in pieces of :data:`RUN_CHARS`
    (tokens do not cross the cut points); the rest, and any text without such a run,
    exactly as spaCy's tokenizer does it. The Doc's text is always ``text``.
    """
    runs = [m for m in _LONG_RUN.finditer(text) if _hostile(m.group())]
    if not runs:
        return nlp.make_doc(text)
    words: list[str] = []
    spaces: list[bool] = []

    def add(part: str) -> None:
        if part:
            for tok in nlp.tokenizer(part):
                words.append(tok.text)
                spaces.append(bool(tok.whitespace_))

    pos = 0
    for m in runs:
        add(text[pos : m.start()])
        pieces = [text[at : min(at + RUN_CHARS, m.end())] for at in range(m.start(), m.end(), RUN_CHARS)]
        pos = m.end()
        if text[pos : pos + 1] == " ":  # the run's trailing space, which spaCy keeps on its last token
            pieces[-1] += " "
            pos += 1
        for piece in pieces:
            add(piece)
    add(text[pos:])
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    if doc.text != text:  # cannot happen: each part's tokens spell the part
        raise ExtractionError("tokenizing the article changed its text")
    return doc
