"""Parse helpers the components share: quotation marks, sources, numbers, subtrees."""
