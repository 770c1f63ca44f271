"""Benchmarks of the lexicon matcher and the per-article features (``make bench``)."""
