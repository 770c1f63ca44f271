"""Error analysis: the disagreements behind the scores, as keyword-in-context lines.

Scores say how often a measure misses; reading the misses says why, and is
how a dictionary is refined (Grimmer & Stewart 2013, "Text as Data",
*Political Analysis* 21(3): validate by reading). Every false negative, false
positive and boundary disagreement of the overlap-level matching becomes one
KWIC line (``helpers.core.text.kwic_context``, the concordance display of
Sinclair 1991), grouped by the lexicon entry responsible, so the summary is
the short list of lexicon rows to add, fix, drop or narrow.
"""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np
import pandas as pd

from ..core.text import kwic_context
from .scores import restrict_to_gold
from .spans import SPAN_CATEGORIES, match_spans, texts_by_article

MISSING_ENTRY = "(missing entry)"
NOT_DETECTED = "(not detected)"

ERROR_COLUMNS = ["category", "kind", "entry", "article_id", "start", "end", "label",
                 "left", "match", "right", "kwic", "other_start", "other_end", "other_text"]
SUMMARY_COLUMNS = ["category", "kind", "entry", "n", "examples"]


def _fold(text: str) -> str:
    """Case and quote-style folding for comparing a gold phrase with lexicon entries."""
    table = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
    return " ".join(text.translate(table).casefold().split())


def _entry_table(*tables: pd.DataFrame | None) -> pd.DataFrame:
    """(entry, category) pairs from a lexicon table and the predictions, deduplicated."""
    parts = [t[["entry", "category"]].astype(str) for t in tables
             if t is not None and len(t) and {"entry", "category"} <= set(t.columns)]
    if not parts:
        return pd.DataFrame(columns=["entry", "category"])
    out = pd.concat(parts, ignore_index=True)
    return out[out["entry"] != ""].drop_duplicates().reset_index(drop=True)


def lexicon_entry_for(text: str, category: str, entries: pd.DataFrame) -> str:
    """The lexicon entry that covers ``text`` (folded; ``word*`` entries as prefixes).

    Prefers an entry of ``category``; an entry of another category is returned
    as ``"entry (in <category>)"``; none gives :data:`MISSING_ENTRY`.
    """
    folded = _fold(text)
    best = None
    for entry, cat in zip(entries["entry"], entries["category"]):
        e = _fold(entry)
        hit = folded.startswith(e[:-1]) if e.endswith("*") else folded == e
        if hit:
            if cat == category:
                return entry
            best = best or f"{entry} (in {cat})"
    return best or MISSING_ENTRY


def error_analysis(gold: pd.DataFrame, predicted: pd.DataFrame,
                   texts: Mapping[str, str] | pd.Series, *, lexicon: pd.DataFrame | None = None,
                   width: int = 40, articles: Any = None) -> pd.DataFrame:
    """False negatives, false positives and boundary disagreements as KWIC lines.

    Matching is the one-to-one overlap matching of ``score``, on the
    hand-coded material only (``restrict_to_gold``). ``kind`` is ``FN`` (gold
    span nobody predicted), ``FP`` (prediction no gold span overlaps) or
    ``boundary`` (matched at overlap level but not exactly; the prediction is
    in ``other_*``). ``entry`` groups the lines: a prediction's lexicon entry
    (FP, boundary); for an FN, the lexicon entry whose folded text equals the
    gold text if ``lexicon`` (columns entry[, category]) or the predictions
    have one -- a row the matcher should have found -- else ``(missing
    entry)``, a row to consider adding. FNs of quotes and sources get ``(not
    detected)``. ``left``, ``match``, ``right``: ``kwic_context`` with
    ``width`` characters of context; ``kwic`` is ``left[match]right``.
    """
    text_map = texts_by_article(texts)
    g_all, p_all, cats = restrict_to_gold(gold, predicted, articles)
    entries = _entry_table(lexicon, predicted)
    rows = []

    def add(kind, cat, entry, art, s, e, label, other=None):
        text = text_map.get(art, "")
        left, match, right = kwic_context(text, s, e, width)
        rows.append({"category": cat, "kind": kind, "entry": entry, "article_id": art,
                     "start": s, "end": e, "label": label, "left": left, "match": match,
                     "right": right, "kwic": f"{left}[{match}]{right}",
                     "other_start": other[0] if other else np.nan,
                     "other_end": other[1] if other else np.nan,
                     "other_text": text[other[0]:other[1]] if other else ""})

    for cat in cats:
        g_cat, p_cat = g_all[g_all["category"] == cat], p_all[p_all["category"] == cat]
        for art in sorted(set(g_cat["article_id"]) | set(p_cat["article_id"])):
            g = g_cat[g_cat["article_id"] == art].reset_index(drop=True)
            p = p_cat[p_cat["article_id"] == art].reset_index(drop=True)
            matches = match_spans(g, p, "overlap")
            mg, mp = {gi for gi, _ in matches}, {pi for _, pi in matches}
            for gi in range(len(g)):
                if gi in mg:
                    continue
                s, e = int(g.at[gi, "start"]), int(g.at[gi, "end"])
                if cat in SPAN_CATEGORIES:
                    entry = NOT_DETECTED
                else:
                    entry = lexicon_entry_for(text_map.get(art, "")[s:e], cat, entries)
                add("FN", cat, entry, art, s, e, str(g.at[gi, "label"]))
            for pi in range(len(p)):
                if pi in mp:
                    continue
                add("FP", cat, str(p.at[pi, "entry"]) or "(none)", art, int(p.at[pi, "start"]),
                    int(p.at[pi, "end"]), str(p.at[pi, "label"]))
            for gi, pi in matches:
                gs, ge = int(g.at[gi, "start"]), int(g.at[gi, "end"])
                ps, pe = int(p.at[pi, "start"]), int(p.at[pi, "end"])
                if (gs, ge) != (ps, pe):
                    add("boundary", cat, str(p.at[pi, "entry"]) or "(none)", art, gs, ge,
                        str(g.at[gi, "label"]), (ps, pe))
    out = pd.DataFrame(rows, columns=ERROR_COLUMNS)
    return out.sort_values(["category", "kind", "entry", "article_id", "start"],
                           kind="stable").reset_index(drop=True)


def error_summary(errors: pd.DataFrame) -> pd.DataFrame:
    """One row per (category, kind, entry) of :func:`error_analysis`: how many lines
    and the distinct matched texts -- the short list of lexicon rows to add (FN,
    ``(missing entry)``), fix (FN with an entry) or drop or narrow (FP)."""
    if errors.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    grouped = errors.groupby(["category", "kind", "entry"], sort=True)
    out = grouped.agg(n=("match", "size"),
                      examples=("match", lambda m: "; ".join(dict.fromkeys(m))))
    return out.reset_index().sort_values(["category", "kind", "n", "entry"],
                                         ascending=[True, True, False, True],
                                         kind="stable").reset_index(drop=True)
