"""Chunking sentence x quote pairs by article changes nothing (helpers.compare.tables)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers import compare
from helpers.compare import placement, rates, tables
from compare_util import articles_table, hits_table, sentences_table


def test_sentence_quote_pairs_in_article_chunks_change_nothing(monkeypatch):
    rng = np.random.default_rng(2)
    sents = sentences_table({f"a{i}": 6 for i in range(7)})
    q = pd.DataFrame([(f"a{i}", int(s), int(s) + int(n), 3, "anonymous" if n % 2 else "named_person")
                      for i in range(7) for s, n in zip(rng.integers(0, 500, 3), rng.integers(1, 250, 3))],
                     columns=["article_id", "start", "end", "n_tokens", "speaker_class"])
    hits = hits_table([(f"a{i}", j, "hedges", bool(j % 2)) for i in range(7) for j in range(0, 6, 2)])
    arts = articles_table([(f"a{i}", "XY"[i % 2], "e") for i in range(7)])
    whole = (compare.category_rates(hits, sents, arts, quotes=q, n_boot=50),
             compare.framing_map_data(sents, hits, q, arts))
    chunked = tables.per_article_chunks
    for user in (rates, placement):   # the modules that chunk sentence x quote pairs
        monkeypatch.setattr(user, "per_article_chunks",
                            lambda s, qq, f, chunk_articles=2000: chunked(s, qq, f, chunk_articles=2))
    assert compare.framing_map_data(sents, hits, q, arts)["quote"].sum() > 0
    pd.testing.assert_frame_equal(compare.category_rates(hits, sents, arts, quotes=q, n_boot=50), whole[0])
    pd.testing.assert_frame_equal(compare.framing_map_data(sents, hits, q, arts), whole[1])
