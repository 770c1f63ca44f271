"""Small hand-made tables and references shared by the tests of helpers.compare."""

from __future__ import annotations

import numpy as np
import pandas as pd


def articles_table(spec):
    """spec: list of (article_id, outlet, event)."""
    return pd.DataFrame(spec, columns=["article_id", "outlet", "event"])


def sentences_table(n_per_article: dict[str, int], n_tokens: int = 10) -> pd.DataFrame:
    rows = []
    for aid, n in n_per_article.items():
        for i in range(n):
            rows.append((aid, i, "body", 0, i * 100, i * 100 + 90, n_tokens))
    return pd.DataFrame(rows, columns=["article_id", "sentence_index", "segment", "segment_index",
                                       "start", "end", "n_tokens"])


def hits_table(rows) -> pd.DataFrame:
    """rows: (article_id, sentence_index, category, in_quote)."""
    return pd.DataFrame(rows, columns=["article_id", "sentence_index", "category", "in_quote"])


# the two seed articles (corpus iran-missiles-2018)
TOI, SPUTNIK = "000_efd457a551fe66f5", "002_4de3182402dd3c07"


def sentence_with(table, texts, aid, words):
    rows = table[table.article_id == aid]
    for r in rows.itertuples():
        if words in texts[aid][r.start:r.end]:
            return r.sentence_index
    raise AssertionError(words)


def dense_best_match(texts: list[str], outlets: list[str]):
    """Brute-force reference: the full dense similarity matrix, same-outlet cells -1,
    first argmax (what align_content computed before it went blockwise)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    x = TfidfVectorizer(lowercase=True, stop_words="english").fit_transform(texts)
    sim = (x @ x.T).toarray()
    o = np.asarray(outlets)
    sim[o[:, None] == o[None, :]] = -1.0
    best = sim.argmax(axis=1)
    return x, best, sim[np.arange(len(texts)), best]
