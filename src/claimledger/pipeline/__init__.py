"""The spaCy side: the pinned model, our registered components (one module each), and how they are loaded."""
