"""Scores: how well the predicted spans agree with the gold spans, per category.

* precision = tp / (tp + fp), recall = tp / (tp + fn), F1 their harmonic mean
  (van Rijsbergen 1979, *Information Retrieval*, ch. 7), empty where the
  denominator is zero; true positives are the one-to-one matches of
  :func:`helpers.validate.spans.match_spans`, at ``exact`` and ``overlap`` level;
* for sources, label accuracy (``named`` / ``anonymous``) on matched spans;
* Spearman's rank correlation of per-article counts (hand vs automated), the
  usual check that a measure orders documents like a human coder does
  (Krippendorff 2018, *Content Analysis*, ch. 12; Grimmer & Stewart 2013,
  "Text as Data", *Political Analysis* 21(3)).

Only hand-coded material is scored (:func:`restrict_to_gold`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .gold import not_scorable, scorable
from .spans import coarse_label, match_spans

#: Below this many articles a rank correlation says nothing (with n = 4 even a
#: perfect rho has p = 0.083, two-sided); we still report it, with a note.
MIN_ARTICLES_FOR_CORRELATION = 5

SCORE_COLUMNS = ["category", "level", "n_gold", "n_predicted", "tp", "fp", "fn",
                 "precision", "recall", "f1", "n_labelled", "label_accuracy", "n_not_scorable"]
LABEL_SCORE_COLUMNS = ["category", "label", "level", "n_gold", "n_predicted", "tp", "fp", "fn",
                       "precision", "recall", "f1"]
CORRELATION_COLUMNS = ["category", "n_articles", "gold_total", "predicted_total",
                       "spearman_rho", "note"]


def _article_ids(articles: Any) -> list[str]:
    if isinstance(articles, pd.DataFrame):
        articles = articles["article_id"]
    return sorted({str(a) for a in articles})


def restrict_to_gold(gold: pd.DataFrame, predicted: pd.DataFrame,
                     articles: Any = None) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Keep what was hand-coded: the gold articles (or ``articles``: ids, a Series or a
    table with ``article_id``) and the gold categories.

    Returns (gold spans to score, predicted rows, sorted gold categories); an
    article in the gold file -- also one listed by a bare row, with no span --
    counts as fully coded for every gold category. Spans that cannot be scored
    (:func:`helpers.validate.gold.not_scorable`, on lines cleaning removed, so
    no prediction can fall on them) are left out and counted by :func:`score`.
    """
    ids = sorted(set(gold["article_id"].astype(str))) if articles is None else _article_ids(articles)
    spans = scorable(gold)
    spans = spans[spans["category"].astype(str) != ""]
    apart = not_scorable(gold)
    cats = sorted(set(spans["category"]) | set(apart["category"]))
    pred = predicted[predicted["article_id"].astype(str).isin(ids) & predicted["category"].isin(cats)]
    g = spans[spans["article_id"].astype(str).isin(ids)]
    return g, pred, cats


def _ratio(num: int, den: int) -> float:
    return num / den if den else np.nan


def score(gold: pd.DataFrame, predicted: pd.DataFrame, *, articles: Any = None) -> pd.DataFrame:
    """Precision, recall and F1 per gold category at ``exact`` and ``overlap`` level.

    Only hand-coded material is scored (:func:`restrict_to_gold`). A last row
    per level, category ``(all)``, pools the counts (micro-average). For
    ``sources`` (or any category whose gold spans carry labels) the
    ``label_accuracy`` column gives the share of matched spans with both labels
    set whose coarse labels (:func:`helpers.validate.spans.coarse_label`) agree.
    ``n_not_scorable``: gold spans of the category on lines cleaning removed
    (not in n_gold, fn or recall).
    """
    g_all, p_all, cats = restrict_to_gold(gold, predicted, articles)
    apart = not_scorable(gold)
    if articles is not None:
        apart = apart[apart["article_id"].astype(str).isin(_article_ids(articles))]
    rows = []
    for level in ("exact", "overlap"):
        pooled = dict(n_gold=0, n_predicted=0, tp=0)
        for cat in cats:
            g_cat, p_cat = g_all[g_all["category"] == cat], p_all[p_all["category"] == cat]
            tp = labelled = agree = 0
            for art in sorted(set(g_cat["article_id"]) | set(p_cat["article_id"])):
                g = g_cat[g_cat["article_id"] == art].reset_index(drop=True)
                p = p_cat[p_cat["article_id"] == art].reset_index(drop=True)
                matches = match_spans(g, p, level)
                tp += len(matches)
                for gi, pi in matches:
                    gl, pl = str(g.at[gi, "label"]), str(p.at[pi, "label"])
                    if gl and pl:
                        labelled += 1
                        agree += coarse_label(gl) == coarse_label(pl)
            n_g, n_p = len(g_cat), len(p_cat)
            row = _score_row(cat, level, n_g, n_p, tp, labelled, agree)
            row["n_not_scorable"] = int((apart["category"] == cat).sum())
            rows.append(row)
            pooled["n_gold"] += n_g
            pooled["n_predicted"] += n_p
            pooled["tp"] += tp
        row = _score_row("(all)", level, pooled["n_gold"], pooled["n_predicted"], pooled["tp"], 0, 0)
        row["n_not_scorable"] = len(apart)
        rows.append(row)
    return pd.DataFrame(rows, columns=SCORE_COLUMNS)


def score_by_label(gold: pd.DataFrame, predicted: pd.DataFrame, *,
                   articles: Any = None) -> pd.DataFrame:
    """Precision, recall and F1 per (category, label) at ``exact`` and ``overlap`` level.

    A label is a source class, a cue kind, an actor (naming hits), or
    whatever a gold file writes in ``label``. For a label, the gold spans and
    the predicted spans with that label (compared case-insensitively; gold
    ``named`` stands for both named classes) are matched one to one. When a
    category's gold spans carry no label at all (a gold file that codes cues
    but not their kind), the predictions of each label are matched against
    all the category's gold spans, which gives that label's precision (recall
    is left empty: the gold does not say which spans were of that kind).
    """
    g_all, p_all, cats = restrict_to_gold(gold, predicted, articles)
    rows = []
    for cat in cats:
        g_cat, p_cat = g_all[g_all["category"] == cat], p_all[p_all["category"] == cat]
        g_lab = g_cat["label"].fillna("").astype(str).str.strip().str.casefold()
        p_lab = p_cat["label"].fillna("").astype(str).str.strip().str.casefold()
        unlabelled = bool((g_lab == "").all())
        labels = sorted((set(g_lab) | set(p_lab)) - {""})
        for label in labels:
            p_sel = p_lab.str.startswith("named") if label == "named" else p_lab == label
            if unlabelled:
                g_sel = pd.Series(True, index=g_cat.index)
            else:
                g_sel = g_lab == label
                if label.startswith("named_"):
                    g_sel |= g_lab == "named"
            for level in ("exact", "overlap"):
                tp = _pooled_matches(g_cat[g_sel], p_cat[p_sel], level)
                n_g, n_p = int(g_sel.sum()), int(p_sel.sum())
                r = _score_row(cat, level, n_g, n_p, tp, 0, 0)
                if unlabelled:
                    r.update(n_gold=0, fn=0, recall=np.nan, f1=np.nan)
                rows.append({c: r.get(c, label) for c in LABEL_SCORE_COLUMNS})
    return pd.DataFrame(rows, columns=LABEL_SCORE_COLUMNS)


def _pooled_matches(g_cat: pd.DataFrame, p_cat: pd.DataFrame, level: str) -> int:
    """One-to-one matches summed over articles."""
    tp = 0
    for art in sorted(set(g_cat["article_id"]) & set(p_cat["article_id"])):
        tp += len(match_spans(g_cat[g_cat["article_id"] == art], p_cat[p_cat["article_id"] == art],
                              level))
    return tp


def _score_row(cat: str, level: str, n_g: int, n_p: int, tp: int,
               labelled: int, agree: int) -> dict:
    fp, fn = n_p - tp, n_g - tp
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    f1 = (2 * precision * recall / (precision + recall)
          if np.isfinite(precision) and np.isfinite(recall) and precision + recall > 0
          else (0.0 if tp == 0 and n_g and n_p else np.nan))
    return {"category": cat, "level": level, "n_gold": n_g, "n_predicted": n_p, "tp": tp,
            "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1,
            "n_labelled": labelled, "label_accuracy": _ratio(agree, labelled)}


def count_correlation(gold: pd.DataFrame, predicted: pd.DataFrame, articles: Any) -> pd.DataFrame:
    """Spearman's rho per category between hand-coded and automated counts per article.

    ``articles``: the hand-coded article ids (list, Series or a table with
    ``article_id``); articles with no span count as zero. Rho is the Pearson
    correlation of average ranks (Spearman 1904). ``note`` says why a rho is
    empty or should not be read: fewer than
    :data:`MIN_ARTICLES_FOR_CORRELATION` articles, or constant counts.
    """
    ids = _article_ids(articles)
    g_all, p_all, cats = restrict_to_gold(gold, predicted, ids)
    rows = []
    for cat in cats:
        g = g_all[g_all["category"] == cat]["article_id"].astype(str).value_counts()
        p = p_all[p_all["category"] == cat]["article_id"].astype(str).value_counts()
        g = g.reindex(ids, fill_value=0)
        p = p.reindex(ids, fill_value=0)
        note, rho = "", np.nan
        if len(ids) < 2 or g.nunique() < 2 or p.nunique() < 2:
            note = "undefined: counts are constant across articles" if len(ids) >= 2 \
                else "undefined: fewer than 2 articles"
        else:
            rho = float(g.rank().corr(p.rank()))
        if len(ids) < MIN_ARTICLES_FOR_CORRELATION:
            note = "; ".join(x for x in (note, f"n = {len(ids)} < {MIN_ARTICLES_FOR_CORRELATION}: "
                                         "too few articles for the correlation to mean anything") if x)
        rows.append({"category": cat, "n_articles": len(ids), "gold_total": int(g.sum()),
                     "predicted_total": int(p.sum()), "spearman_rho": rho, "note": note})
    return pd.DataFrame(rows, columns=CORRELATION_COLUMNS)
