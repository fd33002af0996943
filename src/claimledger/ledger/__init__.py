"""The cross-article rules: link actors, merge claims, trace origins, flag contradictions, grade (no formatting)."""
