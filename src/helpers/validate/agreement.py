"""Agreement between two coders of the same articles: the ceiling a measure is read against.

A score of 0.8 means little until one knows how far two careful people agree
on the same task (Krippendorff 2018, *Content Analysis*, ch. 12; Artstein &
Poesio 2008, "Inter-coder agreement for computational linguistics",
*Computational Linguistics* 34(4)). Two measures are given, per category:

* the second coder's spans scored against the first's with the project's own
  one-to-one matching (:func:`helpers.validate.scores.score`): precision,
  recall and F1 at ``exact`` and ``overlap`` level (F1 is symmetric, so it
  does not matter which coder is called gold);
* Krippendorff's alpha per token (nominal, two coders, no missing values):
  each token of the coded articles (``\\w+`` runs and single other non-space
  characters) is a unit, valued 1 by a coder when one of that coder's spans
  of the category overlaps it, else 0. With the coincidence matrix ``o`` of
  the 2N pairable values (n = 2N, n_c its margins),
  alpha = 1 - (n - 1) * o_01 * 2 / (2 * n_0 * n_1)
  (Krippendorff 2018, sect. 12.2.3). This is the token-wise alpha PolNeAR
  reports (Newell et al. 2018), there over all labels at once.
"""

from __future__ import annotations

import re
from typing import Mapping

import numpy as np
import pandas as pd

from .gold import scorable
from .scores import score
from .spans import texts_by_article

AGREEMENT_COLUMNS = ["category", "level", "n_first", "n_second", "tp", "precision", "recall",
                     "f1", "n_tokens", "alpha"]
_TOKEN_RE = re.compile(r"\w+|[^\w\s]")


def token_bounds(text: str) -> tuple[np.ndarray, np.ndarray]:
    """(starts, ends) of the tokens of a text (the units of the per-token alpha)."""
    bounds = [m.span() for m in _TOKEN_RE.finditer(text)]
    arr = np.array(bounds, dtype=np.int64).reshape(-1, 2)
    return arr[:, 0], arr[:, 1]


def covered_tokens(starts: np.ndarray, ends: np.ndarray, spans: pd.DataFrame,
                   n_chars: int) -> np.ndarray:
    """Boolean per token: does any span (start, end) overlap it?"""
    marks = np.zeros(n_chars + 1, dtype=np.int64)
    for s, e in zip(spans["start"].astype(int), spans["end"].astype(int)):
        s, e = max(0, min(s, n_chars)), max(0, min(e, n_chars))
        if e > s:
            marks[s] += 1
            marks[e] -= 1
    inside = np.cumsum(marks)[:n_chars] > 0
    prefix = np.concatenate(([0], np.cumsum(inside)))
    return (prefix[ends] - prefix[starts]) > 0


def binary_alpha(first: np.ndarray, second: np.ndarray) -> float:
    """Krippendorff's alpha of two coders' 0/1 values on the same units (nominal, no
    missing values); NaN when every value is the same (no variation to agree on)."""
    first, second = np.asarray(first, dtype=bool), np.asarray(second, dtype=bool)
    n = 2 * len(first)
    n1 = int(first.sum() + second.sum())
    n0 = n - n1
    disagree = int((first != second).sum())  # units with one 0 and one 1: o_01 = o_10 = disagree
    if n0 == 0 or n1 == 0:
        return float("nan")
    return 1.0 - (n - 1) * (2 * disagree) / (2 * n0 * n1)


def coder_agreement(first: pd.DataFrame, second: pd.DataFrame,
                    texts: Mapping[str, str] | pd.Series, articles=None) -> pd.DataFrame:
    """Per category and level: the second coder scored against the first, and alpha per token.

    ``first``, ``second``: span tables (article_id, start, end, category[, label]),
    e.g. two parsed gold files; only scorable spans count. ``texts``: article_id ->
    the text both coded (the offsets' text). ``articles``: the articles both
    coded (default: every article in ``texts``); an article either coder left
    without spans still counts. ``n_tokens``/``alpha`` are the same on both levels.
    """
    text_map = texts_by_article(texts)
    ids = sorted(text_map) if articles is None else sorted({str(a) for a in articles})
    a, b = _spans(first, ids), _spans(second, ids)
    scores = score(a, b, articles=ids)
    cats = sorted(set(a["category"]) | set(b["category"]))
    rows = []
    for cat in cats:
        va, vb = [], []
        for art in ids:
            text = text_map.get(art, "")
            starts, ends = token_bounds(text)
            va.append(covered_tokens(starts, ends, a[(a["article_id"] == art) & (a["category"] == cat)],
                                     len(text)))
            vb.append(covered_tokens(starts, ends, b[(b["article_id"] == art) & (b["category"] == cat)],
                                     len(text)))
        va_all = np.concatenate(va) if va else np.zeros(0, bool)
        vb_all = np.concatenate(vb) if vb else np.zeros(0, bool)
        alpha = binary_alpha(va_all, vb_all)
        for level in ("exact", "overlap"):
            sel = scores[(scores["category"] == cat) & (scores["level"] == level)]
            if len(sel):
                r = sel.iloc[0]
                n_a, n_b, tp, p, rc, f1 = (int(r.n_gold), int(r.n_predicted), int(r.tp),
                                           r.precision, r.recall, r.f1)
            else:  # only the second coder used the category
                n_a, n_b, tp = 0, int((b["category"] == cat).sum()), 0
                p, rc, f1 = (0.0 if n_b else np.nan), np.nan, np.nan
            rows.append({"category": cat, "level": level, "n_first": n_a, "n_second": n_b,
                         "tp": tp, "precision": p, "recall": rc, "f1": f1,
                         "n_tokens": len(va_all), "alpha": alpha})
    return pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)


def _spans(table: pd.DataFrame, ids: list[str]) -> pd.DataFrame:
    t = scorable(table)
    t = t[(t["category"].astype(str) != "") & t["article_id"].astype(str).isin(ids)].copy()
    t["article_id"] = t["article_id"].astype(str)
    t["start"] = t["start"].astype(int)
    t["end"] = t["end"].astype(int)
    if "label" not in t.columns:
        t["label"] = ""
    return t.reset_index(drop=True)
