"""Helpers for a comparative framing study of news.

One module per stage, data flowing one way:

    dataset   raw articles + manifest (data/corpora/NAME/)
    clean     clean segments + cleaning audit
    lexicon   lexicon tables (data/lexicons/)
    matcher   lexicon hits with offsets
    quotes    direct quotations and attribution
    features  per-article features, naming table
    kwic      keyword-in-context lines
    compare   outlet comparison statistics
    plots     house style and byte-stable figure saving
    notebooks executing and normalising the numbered notebooks

Nothing here does I/O at import time.
"""

__version__ = "0.1.0"
