"""The one exception tree users see.

    ClaimLedgerError              anything claimledger reports to a user
     +-- InputError               an input file, folder, URL or stdin we cannot read (exit 2)
     |    +-- SkippedInput        one left out on purpose (a link out of its folder): a warning
     |    +-- FetchError          a URL or feed we could not (or would not) fetch, or not usable
     +-- ExtractionError          analysis failed or ran over its budget on one article
     |    +-- AnalysisTimeout     analysis of one article ran over its time budget
     +-- StorageError             the store cannot be opened, written or migrated
     |    +-- SchemaVersionError  the store was written by a newer claimledger
     |    +-- NotAStore           no store there, or a database that is not ours (read-only use)
     +-- NotFound                 an id or name that is not in the store
     +-- EvalError                an annotation folder that does not follow SPEC.md
     +-- LexiconError             a lexicon data file that does not follow claimledger.lexicons' format

Foreign errors (sqlite3, SQLAlchemy, httpx, OSError, UnicodeDecodeError) are mapped to
these exactly once, at the boundary where they happen, with ``raise X(...) from exc``.
"""

from __future__ import annotations


class ClaimLedgerError(Exception):
    """Base of every error claimledger reports; ``exit_code`` is what the CLI exits with."""

    exit_code = 1

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)


class InputError(ClaimLedgerError):
    """An input we cannot read; the message names the input and the problem."""

    exit_code = 2


class SkippedInput(InputError):
    """An input left out on purpose, such as a symbolic link in a folder that leads outside it.

    Commands print it as a warning and do not count it as a failure; code that does not
    know it treats it as the InputError it is, which is the safe side.
    """


class ExtractionError(ClaimLedgerError):
    """Analysis of one article failed."""

    exit_code = 2


class AnalysisTimeout(ExtractionError):
    """Analysis of one article ran over its time budget (see :mod:`claimledger.pipeline.budget`).

    ``budget`` is the budget in seconds, ``stage`` the pipeline stage that was running.
    """

    def __init__(self, budget: float, stage: str, *, source: str | None = None) -> None:
        self.budget = budget
        self.stage = stage
        super().__init__(
            f"analysis ran over its {budget:g}-second time budget per article (stopped in {stage})",
            source=source,
        )

    def __reduce__(self) -> tuple[object, tuple[float, str, str | None]]:
        # picklable across processes (the local pool and Dask workers)
        return _timeout, (self.budget, self.stage, self.source)


def _timeout(budget: float, stage: str, source: str | None) -> AnalysisTimeout:
    return AnalysisTimeout(budget, stage, source=source)


class StorageError(ClaimLedgerError):
    """The store cannot be opened, written or migrated."""

    exit_code = 2


class SchemaVersionError(StorageError):
    """The store's schema is newer than this claimledger understands."""


class NotAStore(StorageError):
    """Nothing at ``--db``, or a database without our schema, where a command only reads.

    A mistyped ``--db`` must fail, not create an empty store that then looks fine.
    """


class NotFound(ClaimLedgerError):
    """An id or name that is not in the store."""

    exit_code = 2


class EvalError(ClaimLedgerError):
    """An annotation folder that does not follow SPEC.md."""

    exit_code = 2


class LexiconError(ClaimLedgerError):
    """A lexicon file (``lexicons/data/*.json``) that is malformed; the message names the file and key.

    Raised when the file is first loaded, so a bad edit stops the pipeline from starting
    instead of silently dropping words from every analysis.
    """


class FetchError(InputError):
    """A URL we could not fetch or refused to (blocked address, timeout, HTTP error, cap).

    ``transient`` marks failures worth retrying later (5xx, 429, connection refused);
    ``status`` is the HTTP status when there was one.
    """

    def __init__(
        self, message: str, *, source: str | None = None, status: int | None = None, transient: bool = False
    ) -> None:
        self.status = status
        self.transient = transient
        super().__init__(message, source=source)


class BudgetSpent(FetchError):
    """A fetch cut short by the caller's time budget (``Fetcher.within``): the input is left
    for a later run, not counted as failed."""
