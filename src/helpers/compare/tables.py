"""Column checks and the per-article chunking the comparison modules share.

Every comparison is pure: tables in, tables out (input contracts in
docs/ARCHITECTURE.md). Nothing in this subpackage reads or writes files.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..core.errors import FramingError


def require_columns(df: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    """Raise a FramingError naming the columns of ``df`` that ``what`` needs but lacks."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise FramingError(f"{what} lacks column(s) {', '.join(missing)}",
                           fix="pass the table described in docs/ARCHITECTURE.md")


def per_article_chunks(sentences: pd.DataFrame, quotes: pd.DataFrame,
                       pairs_of, chunk_articles: int = 2000) -> pd.DataFrame:
    """``pairs_of(sentences, quotes)`` applied to groups of whole articles, concatenated.

    The sentence x quote merge per article grows with sentences times quotes;
    over a chunk of articles at a time its peak memory stays bounded, and as no
    article is split, per-article results (and their row order) are unchanged.
    """
    aids = pd.Index(pd.unique(sentences["article_id"]))
    if len(aids) <= chunk_articles:
        return pairs_of(sentences, quotes)
    s_chunk = aids.get_indexer(sentences["article_id"]) // chunk_articles
    q_chunk = aids.get_indexer(quotes["article_id"])
    q_chunk = np.where(q_chunk >= 0, q_chunk // chunk_articles, -1)
    parts = [pairs_of(sentences[s_chunk == c], quotes[q_chunk == c])
             for c in range(int(s_chunk.max()) + 1)]
    return pd.concat(parts)
