"""Where in an article the framing markers fall: markers in the headline and lede
versus the body (the inverted pyramid), and the per-sentence framing-map table.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .outlets import article_outlets
from .tables import per_article_chunks, require_columns

# The lexicon categories a framing map counts by default.
MAP_CATEGORIES = ("hedges", "loaded_terms", "boosters", "anonymous_sourcing")


def headline_vs_body(features: pd.DataFrame, *, voice: str = "all") -> pd.DataFrame:
    """Markers in the headline + lede versus the body, by outlet and category.

    Headlines and ledes are what most readers see (the inverted pyramid), so a
    marker placed there weighs more than the same marker deep in the body.
    Returns outlet, category, segment_group (headline_lede | body), count, tokens,
    rate_per_1000, n_articles, articles_with_marker, and ``rate_vs_body``
    (headline_lede rate minus body rate, on both rows of a pair).
    """
    require_columns(features, ["article_id", "outlet", "segment_group", "voice", "category", "count",
                               "tokens"], "features")
    f = features[(features["voice"] == voice)
                 & features["segment_group"].isin(["headline_lede", "body"])].copy()
    g = f.groupby(["outlet", "category", "segment_group"], observed=True)
    out = g.agg(count=("count", "sum"), tokens=("tokens", "sum"), n_articles=("article_id", "nunique"),
                articles_with_marker=("count", lambda s: int((s > 0).sum()))).reset_index()
    with np.errstate(invalid="ignore", divide="ignore"):
        out["rate_per_1000"] = np.where(out["tokens"] > 0, out["count"] / out["tokens"] * 1000.0, np.nan)
    wide = out.pivot_table(index=["outlet", "category"], columns="segment_group", values="rate_per_1000",
                           observed=True)
    diff = (wide.get("headline_lede") - wide.get("body")) if {"headline_lede", "body"} <= set(wide.columns) \
        else pd.Series(np.nan, index=wide.index)
    out["rate_vs_body"] = out.set_index(["outlet", "category"]).index.map(diff)
    cols = ["outlet", "category", "segment_group", "count", "tokens", "rate_per_1000",
            "n_articles", "articles_with_marker", "rate_vs_body"]
    out["_g"] = out["segment_group"].map({"headline_lede": 0, "body": 1})
    return out.sort_values(["outlet", "category", "_g"], kind="stable")[cols].reset_index(drop=True)


def framing_map_data(sentences: pd.DataFrame, hits: pd.DataFrame, quotes: pd.DataFrame,
                     articles: pd.DataFrame | None = None, *,
                     categories: Sequence[str] = MAP_CATEGORIES,
                     article_ids: Sequence[str] | None = None) -> pd.DataFrame:
    """Per article and sentence: which framing markers fall in it.

    ``article_ids`` (e.g. from :func:`~helpers.compare.outlets.map_articles`)
    limits the table to those articles, computed from their rows only (a map
    shows a few dozen articles; at 100,000 articles the full table costs most
    of a minute).

    Columns: article_id, [outlet, event,] sentence_index, segment, n_tokens,
    token_start (tokens before this sentence in the article), position (0..1,
    sentence order), one count column per category in ``categories`` (lexicon
    hits), ``quote`` (direct quotes overlapping the sentence), ``anonymous_source``
    (anonymous_sourcing hits plus quotes whose speaker is anonymous), and
    ``markers`` (';'-joined names of the non-zero markers).
    """
    require_columns(sentences, ["article_id", "sentence_index", "n_tokens"], "sentences")
    if article_ids is not None:
        keep = set(map(str, article_ids))
        sentences = sentences[sentences["article_id"].astype(str).isin(keep)]
        hits = hits[hits["article_id"].astype(str).isin(keep)]
        quotes = quotes[quotes["article_id"].astype(str).isin(keep)]
    s = sentences.copy()
    s["article_id"] = s["article_id"].astype(str)
    s = s.sort_values(["article_id", "sentence_index"], kind="stable").reset_index(drop=True)
    key = ["article_id", "sentence_index"]
    h = hits.assign(article_id=hits["article_id"].astype(str))
    h = h[h["category"].isin(categories)]
    cnt = h.groupby(key + ["category"]).size().unstack("category", fill_value=0)
    cols = list(categories)
    for c in cols:
        s[c] = s.set_index(key).index.map(cnt[c] if c in cnt.columns else pd.Series(dtype=int))
        s[c] = s[c].fillna(0).astype(int)
    q = quotes.assign(article_id=quotes["article_id"].astype(str))
    if {"start", "end"} <= set(s.columns) and {"start", "end"} <= set(q.columns) and len(q):
        def overlapping(ss: pd.DataFrame, qq: pd.DataFrame) -> pd.DataFrame:
            pairs = ss[key + ["start", "end"]].merge(qq[["article_id", "start", "end", "speaker_class"]],
                                                     on="article_id", suffixes=("", "_q"))
            return pairs[(pairs["start_q"] < pairs["end"]) & (pairs["end_q"] > pairs["start"])]
        pairs = per_article_chunks(s, q, overlapping)
    else:
        pairs = q[key + ["speaker_class"]] if len(q) else pd.DataFrame(columns=key + ["speaker_class"])
    n_q = pairs.groupby(key).size()
    n_anon_q = pairs[pairs["speaker_class"] == "anonymous"].groupby(key).size()
    idx = s.set_index(key).index
    s["quote"] = idx.map(n_q).fillna(0).astype(int)
    anon = idx.map(n_anon_q).fillna(0).astype(int)
    s["anonymous_source"] = (s["anonymous_sourcing"] if "anonymous_sourcing" in s.columns else 0) + anon
    s["n_tokens"] = s["n_tokens"].astype(int)
    s["token_start"] = s.groupby("article_id")["n_tokens"].cumsum() - s["n_tokens"]
    n_sent = s.groupby("article_id")["sentence_index"].transform("size")
    s["position"] = np.where(n_sent > 1, s.groupby("article_id").cumcount() / (n_sent - 1).clip(lower=1), 0.0)
    marker_cols = [c for c in cols if c != "anonymous_sourcing"] + ["quote", "anonymous_source"]
    present = s[marker_cols].to_numpy() > 0
    s["markers"] = [";".join(m for m, p in zip(marker_cols, row) if p) for row in present]
    out_cols = ["article_id", "sentence_index"]
    if articles is not None:
        s = s.merge(article_outlets(articles), on="article_id", how="left")
        out_cols = ["article_id", "outlet", "event", "sentence_index"]
    if "segment" not in s.columns:
        s["segment"] = ""
    out_cols += ["segment", "n_tokens", "token_start", "position"] + cols + ["quote", "anonymous_source", "markers"]
    return s[out_cols].reset_index(drop=True)
