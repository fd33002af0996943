"""Scoring extraction against annotated articles (the library side of `claimledger eval`)."""
