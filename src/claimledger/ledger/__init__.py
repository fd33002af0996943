"""Cross-article rules: link actors, merge claims, trace origins, contradictions, grades (no formatting)."""
