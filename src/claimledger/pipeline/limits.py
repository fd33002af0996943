"""The per-article limits, apart from the budget code so that callers need not import spaCy."""

#: Characters per article we agree to analyze; spaCy's parser memory grows with length.
MAX_CHARS = 1_000_000
#: Tokens per article: a normal text has one per 5 characters, so only hostile input
#: (runs of punctuation or quotation marks) comes near it.
MAX_TOKENS = 300_000
#: Seconds per article before :class:`AnalysisTimeout`; a text at the character cap takes
#: about 70 s on one core, so only pathological input reaches it.
DEFAULT_TIME_BUDGET = 120.0
