"""Doc extensions our pipeline components write; registering twice is harmless."""

from __future__ import annotations

from spacy.tokens import Doc

DOC_EXTENSIONS = ("hedges", "quantities", "attributions", "statements")


def register() -> None:
    """Register ``doc._.hedges``, ``doc._.quantities``, ``doc._.attributions``, ``doc._.statements``.

    Each holds a list of records from :mod:`claimledger.models`; ``None`` means the
    component that writes it has not run, so a misordered pipeline is visible.
    """
    for name in DOC_EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    # The article's title, when the caller knows it: the figures stage takes a company's
    # name from a wire headline ("Cobanco Inc <CBCO> Year Net") for its table rows.
    if not Doc.has_extension("title"):
        Doc.set_extension("title", default=None)
