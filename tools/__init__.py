"""Developer tools run by the Makefile: benchmarks, the eval gate, the bench corpus (not the library)."""
