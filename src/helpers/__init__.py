"""Helpers for a comparative framing study of news.

One subpackage per stage, data flowing one way (each may import only those
above it; ``present`` and ``validate`` are siblings):

    core      the Study (every location and setting), storage, errors, text rules
    corpus    raw articles + manifest (data/corpora/NAME/), raw shards, hash checks
    clean     clean segments + the per-line cleaning audit
    measure   sentences, lexicon hits with offsets, quotes, attribution, features
    compare   rates with intervals, paired differences, distinctive terms, naming, alignment
    present   figures, notebook tables and prose, KWIC, the explorer page
    validate  scores against hand-coded gold spans
    run       chunks, cache, processes or Dask, table I/O, notebooks (the only file I/O of a study)
    cli       the ``framing`` command

Nothing here does I/O at import time. docs/ARCHITECTURE.md draws the stages
and the tables that pass between them.
"""

__version__ = "0.1.0"
