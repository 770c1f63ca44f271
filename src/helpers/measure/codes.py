"""Integer codes and sort orders for tables grouped by article.

Every table of this stage (segments, sentences, quotations, hits) comes
grouped by article, so an article_id column is a few runs of equal values:
ids are looked up once per run (:func:`run_codes`), and rows are placed with
``np.searchsorted`` on ``article_code << 32 | offset`` keys (:func:`offset_keys`)
instead of a pandas groupby or merge.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

_SHIFT = np.int64(32)  # offsets and indices within one article stay below 2**32


def runs(values) -> tuple[np.ndarray, np.ndarray]:
    """(first row, length) of every run of equal consecutive values."""
    arr = np.asarray(values, dtype=object)
    n = len(arr)
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    change = np.ones(n, dtype=bool)
    change[1:] = arr[1:] != arr[:-1]
    first = np.flatnonzero(change)
    return first, np.diff(np.append(first, n))


def run_codes(values, categories: pd.Index) -> np.ndarray:
    """``categories.get_indexer(values)`` (-1 where absent), looked up once per run."""
    arr = np.asarray(values, dtype=object)
    first, length = runs(arr)
    return np.repeat(categories.get_indexer(arr[first]).astype(np.int64), length)


def sorted_ids(values) -> pd.Index:
    """The distinct values, sorted (as ``sorted(Series.unique())``)."""
    arr = np.asarray(values, dtype=object)
    first, _ = runs(arr)
    # missing ids (NaN/None) are left out, as pandas groupby does
    return pd.Index(sorted({v for v in arr[first].tolist() if v is not None and v == v}),
                    dtype=object)


def stable_order(keys: np.ndarray) -> np.ndarray | None:
    """Stable sorting order of int64 ``keys``; None when they are sorted already."""
    if len(keys) < 2 or bool((keys[1:] >= keys[:-1]).all()):
        return None
    return np.argsort(keys, kind="stable")


def offset_keys(codes: np.ndarray, offsets) -> np.ndarray:
    """One sortable int64 per row: article code in the high bits, offset in the low 32."""
    return (codes << _SHIFT) | np.asarray(offsets, dtype=np.int64)


def article_slices(df: pd.DataFrame, second: str, articles: pd.Index
                   ) -> tuple[pd.DataFrame, list[tuple[int, int]]]:
    """``df`` sorted by (article_id, ``second``) (stable; rows of other articles dropped)
    and the (first, last+1) rows of each of ``articles`` (sorted ids) in it.

    Tables arrive sorted, so usually nothing is sorted: the order is only checked.
    """
    codes = run_codes(df["article_id"], articles)
    known = codes >= 0
    if not known.all():
        df, codes = df[known], codes[known]
    order = stable_order(offset_keys(codes, df[second].to_numpy(dtype=np.int64)))
    if order is not None:
        df, codes = df.iloc[order], codes[order]
    positions = np.arange(len(articles))
    lo = np.searchsorted(codes, positions, side="left")
    hi = np.searchsorted(codes, positions, side="right")
    return df, list(zip(lo.tolist(), hi.tolist()))
