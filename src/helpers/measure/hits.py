"""Annotated hits: the matcher's hits placed in their segment, sentence and quotation.

A hit belongs to the segment / sentence / quotation whose span contains its
start offset. Voice follows quotation: a hit inside a direct quotation is
``quoted`` (the source's words), any other hit is ``own`` (the outlet's
words). Offsets are mapped with ``np.searchsorted`` on
``article_code << 32 | offset`` keys (:mod:`helpers.measure.codes`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.errors import FramingError
from .codes import offset_keys, run_codes, sorted_ids, stable_order

# hits.csv; the matcher's own columns are helpers.measure.matcher.MATCH_COLUMNS
HIT_COLUMNS = ["article_id", "segment", "segment_index", "sentence_index", "start", "end",
               "matched", "lexicon", "category", "subcategory", "entry", "in_quote", "quote_index"]


def annotate_hits(raw_hits: pd.DataFrame, segments: pd.DataFrame, sentences: pd.DataFrame,
                  quotes: pd.DataFrame) -> pd.DataFrame:
    """Add segment, segment_index, sentence_index, in_quote, quote_index to matcher hits.

    ``raw_hits`` has article_id, start, end, matched, lexicon, category,
    subcategory, entry (``helpers.measure.matcher.match_texts``). A hit belongs to the
    segment / sentence / quotation whose span contains its start offset.
    Returns the hits.csv table sorted by article_id, start, end, lexicon, entry.
    """
    cats = sorted_ids(segments["article_id"])
    if raw_hits.empty:
        out = raw_hits.reindex(columns=HIT_COLUMNS).astype({"in_quote": bool})
        out["quote_index"] = pd.array([], dtype="Int64")
        for c in ("segment_index", "sentence_index", "start", "end"):
            out[c] = out[c].astype("int64")
        return out
    h_codes = _article_codes(raw_hits["article_id"], cats, "a hit")
    h_start = raw_hits["start"].to_numpy(dtype=np.int64)
    h_end = raw_hits["end"].to_numpy(dtype=np.int64)
    # the hits.csv order (article_id, start, end, lexicon, entry; stable) computed first
    perm = _hit_order(h_codes, h_start, h_end, raw_hits["lexicon"].to_numpy(dtype=object),
                      raw_hits["entry"].to_numpy(dtype=object))
    h_codes, h_start, h_end = h_codes[perm], h_start[perm], h_end[perm]
    h_key = offset_keys(h_codes, h_start)

    s_key = offset_keys(_article_codes(segments["article_id"], cats, "a segment"),
                  segments["start"].to_numpy(dtype=np.int64))
    s_ord = stable_order(s_key)
    seg_names = segments["segment"].to_numpy(dtype=object)
    seg_idx = segments["segment_index"].to_numpy(dtype=np.int64)
    if s_ord is not None:
        s_key, seg_names, seg_idx = s_key[s_ord], seg_names[s_ord], seg_idx[s_ord]
    si = np.searchsorted(s_key, h_key, side="right") - 1

    t_key = offset_keys(_article_codes(sentences["article_id"], cats, "a sentence"),
                  sentences["start"].to_numpy(dtype=np.int64))
    t_ord = stable_order(t_key)
    t_index = sentences["sentence_index"].to_numpy(dtype=np.int64)
    if t_ord is not None:
        t_key, t_index = t_key[t_ord], t_index[t_ord]
    ti = np.searchsorted(t_key, h_key, side="right") - 1
    sent_index = t_index[np.maximum(ti, 0)]

    in_quote = np.zeros(len(raw_hits), dtype=bool)
    quote_index = np.zeros(len(raw_hits), dtype=np.int64)
    if not quotes.empty:
        q_codes = _article_codes(quotes["article_id"], cats, "a quote")
        q_start = offset_keys(q_codes, quotes["start"].to_numpy(dtype=np.int64))
        q_end = offset_keys(q_codes, quotes["end"].to_numpy(dtype=np.int64))
        q_index = quotes["quote_index"].to_numpy(dtype=np.int64)
        q_ord = stable_order(q_start)
        if q_ord is not None:
            q_start, q_end, q_index = q_start[q_ord], q_end[q_ord], q_index[q_ord]
        qi = np.searchsorted(q_start, h_key, side="right") - 1
        ok = qi >= 0
        in_quote[ok] = h_key[ok] < q_end[qi[ok]]
        quote_index[in_quote] = q_index[qi[in_quote]]

    def col(name: str) -> np.ndarray:
        return raw_hits[name].to_numpy()[perm]

    return pd.DataFrame({
        "article_id": col("article_id"),
        "segment": seg_names[si],
        "segment_index": seg_idx[si],
        "sentence_index": sent_index,
        "start": h_start,
        "end": h_end,
        "matched": col("matched"),
        "lexicon": col("lexicon"),
        "category": col("category"),
        "subcategory": col("subcategory"),
        "entry": col("entry"),
        "in_quote": in_quote,
        "quote_index": pd.arrays.IntegerArray(quote_index, ~in_quote),
    })


def _hit_order(codes: np.ndarray, start: np.ndarray, end: np.ndarray, lexicon: np.ndarray,
               entry: np.ndarray) -> np.ndarray:
    """Row order of a stable sort by (article, start, end, lexicon, entry).

    Integers are sorted with ``np.lexsort`` (stable); the rare runs of hits with
    the same article, start and end are then ordered by lexicon and entry in
    Python (ties keep their input order, as in a stable sort).
    """
    perm = np.lexsort((end, start, codes))
    c, s, e = codes[perm], start[perm], end[perm]
    same = (c[1:] == c[:-1]) & (s[1:] == s[:-1]) & (e[1:] == e[:-1])
    if same.any():
        group = np.cumsum(np.concatenate(([True], ~same)))   # runs of equal (article, start, end)
        size = np.bincount(group)[group]
        tie = np.flatnonzero(size > 1)                         # positions in perm
        rows = perm[tie]
        lex, ent = lexicon[rows], entry[rows]
        if all(isinstance(v, str) for v in set(lex.tolist()) | set(ent.tolist())):
            # sort=True ranks strings in Python's order; np.lexsort is stable
            lex_rank = pd.factorize(lex, sort=True)[0]
            ent_rank = pd.factorize(ent, sort=True)[0]
            perm[tie] = rows[np.lexsort((ent_rank, lex_rank, group[tie]))]
        else:  # missing values: compare in Python
            first = np.flatnonzero(np.concatenate(([True], ~same)))
            length = np.diff(np.append(first, len(perm)))
            for f, n in zip(first[length > 1].tolist(), length[length > 1].tolist()):
                block = perm[f:f + n].tolist()
                block.sort(key=lambda i: (lexicon[i], entry[i], i))
                perm[f:f + n] = block
    return perm


def _article_codes(ids: pd.Series, categories: pd.Index, what: str) -> np.ndarray:
    """Integer article codes of ``ids`` in ``categories``; unknown ids are an error."""
    codes = run_codes(ids, categories)
    if (codes < 0).any():
        bad = ids.iloc[int(np.flatnonzero(codes < 0)[0])]
        raise FramingError(f"{what} refers to article_id {bad!r} that has no segments",
                           fix="measure hits, quotes and sentences of the same segments table")
    return codes
