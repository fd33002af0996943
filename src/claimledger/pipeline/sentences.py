"""Sentence boundaries: the parser may end a sentence only where the text can.

The small model sometimes ends a sentence after a plain word in mid-clause
("Clinton cited disparaging remarks | Trump had made about ..."), and the
attribution rules, which read a sentence at a time, then lose the clause or its
speaker. This stage runs before the parser and marks each token that follows a
word on the same line as no sentence start, which the parser respects; a sentence
can still end after punctuation and at a line break, and always ends at a blank line
(a paragraph never runs into the next). A closing quotation mark glued to the word
before it closes that sentence rather than opening the next. A run of words without
punctuation is left to the parser after :data:`MAX_RUN` tokens, so text with no
punctuation at all never becomes one giant sentence.
"""

from __future__ import annotations

from typing import cast

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from thinc.types import Ints2d

NAME = "claimledger_sentences"
#: Tokens in a row, without punctuation or a line break, over which no sentence may end.
MAX_RUN = 100
#: Closing marks: glued to the word before them, they end its sentence, never start one.
_CLOSING = frozenset({'"', "\u201d", "'", "\u2019", "''", ")", "]"})


def hold_sentences(doc: Doc) -> Doc:
    """Mark tokens after a word on the same line as no sentence start (before parsing).

    The marks are written in one ``Doc.from_array`` call: setting ``Token.is_sent_start``
    token by token rescans the document each time, which is quadratic in its length.
    """
    marks = [0] * len(doc)  # 1: starts a sentence, -1: does not, 0: the parser decides
    run = 0
    for i in range(1, len(doc)):
        prev, tok = doc[i - 1], doc[i]
        if tok.is_space:
            run = 0
        elif prev.is_space and "\n\n" in prev.text:
            marks[i] = 1  # a blank line ends a paragraph, and its sentence
            run = 0
        elif tok.text in _CLOSING and not prev.whitespace_ and not prev.is_space:
            marks[i] = -1  # 'all bets are off."' : the mark closes, never opens
        elif prev.is_space or "\n" in prev.whitespace_:
            run = 0
        elif prev.text[-1].isalnum():
            if run < MAX_RUN:
                marks[i] = -1
            run += 1
        else:
            run = 0
    if any(marks):
        values = numpy.array(marks, dtype=numpy.int64).astype(numpy.uint64).reshape(-1, 1)
        doc.from_array([SENT_START], cast(Ints2d, values))
    return doc


@Language.factory(NAME, assigns=["token.is_sent_start"])
def make_sentence_holder(nlp: Language, name: str) -> object:
    """Factory so that ``nlp.add_pipe("claimledger_sentences", before="parser")`` works."""
    return hold_sentences
