"""Rates of framing markers per 1,000 tokens by outlet, category and voice, with
percentile bootstrap intervals (Efron & Tibshirani 1993, ch. 13).

The resampling unit is the article when an outlet has several, the sentence
when it has one; the column ``resampled`` says which.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..core.errors import FramingError
from ..measure import VOICES
from .bootstrap import bootstrap_blocks, group_rng, ratio_quantiles
from .outlets import with_outlet
from .tables import per_article_chunks, require_columns


def _as_bool(values: pd.Series) -> pd.Series:
    """CSV booleans may arrive as bool or as the strings 'True'/'False'."""
    if values.dtype == bool:
        return values
    return values.astype(str).str.strip().str.lower().isin({"true", "1", "yes"})


def _quoted_tokens_per_sentence(sentences: pd.DataFrame, quotes: pd.DataFrame | None) -> pd.Series:
    """Tokens of direct quotation inside each sentence.

    A quote spanning several sentences gives each sentence a share of its
    ``n_tokens`` proportional to the characters it overlaps (offsets only; the
    clean text is not needed). Capped at the sentence's own token count.
    """
    idx = pd.MultiIndex.from_frame(sentences[["article_id", "sentence_index"]])
    out = pd.Series(0.0, index=idx)
    if quotes is None or quotes.empty:
        return out
    q = quotes.copy()
    q["article_id"] = q["article_id"].astype(str)
    if {"start", "end"} <= set(sentences.columns) and {"start", "end"} <= set(q.columns):
        def shares(s: pd.DataFrame, qq: pd.DataFrame) -> pd.Series:
            pairs = s[["article_id", "sentence_index", "start", "end"]].merge(
                qq[["article_id", "start", "end", "n_tokens"]], on="article_id", suffixes=("", "_q"))
            overlap = (np.minimum(pairs["end"], pairs["end_q"])
                       - np.maximum(pairs["start"], pairs["start_q"])).clip(lower=0)
            length = (pairs["end_q"] - pairs["start_q"]).clip(lower=1)
            pairs["qt"] = pairs["n_tokens"].astype(float) * overlap / length
            return pairs.groupby(["article_id", "sentence_index"])["qt"].sum()
        got = per_article_chunks(sentences, q, shares)
    else:
        got = q.groupby(["article_id", "sentence_index"])["n_tokens"].sum().astype(float)
    out = out.add(got.reindex(idx).fillna(0.0), fill_value=0.0)
    cap = pd.Series(sentences["n_tokens"].astype(float).to_numpy(), index=idx)
    return np.minimum(out, cap)


def _units_from_hits(hits: pd.DataFrame, sentences: pd.DataFrame,
                     quotes: pd.DataFrame | None, categories: list[str]) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """One row per sentence: counts per (category, voice) and tokens per voice."""
    require_columns(sentences, ["article_id", "sentence_index", "n_tokens"], "sentences")
    require_columns(hits, ["article_id", "sentence_index", "category"], "hits")
    sents = sentences.copy()
    sents["article_id"] = sents["article_id"].astype(str)
    sents = sents.sort_values(["article_id", "sentence_index"], kind="stable").reset_index(drop=True)
    h = hits.copy()
    h["article_id"] = h["article_id"].astype(str)
    h["voice"] = np.where(_as_bool(h["in_quote"]) if "in_quote" in h.columns else False,
                          "quoted", "own")
    key = pd.MultiIndex.from_frame(sents[["article_id", "sentence_index"]])
    h_si = pd.to_numeric(h["sentence_index"], errors="coerce")
    h_key = pd.MultiIndex.from_arrays([h["article_id"], h_si])
    unknown = ~h_key.isin(key)
    if unknown.any():
        row = int(np.flatnonzero(unknown)[0]) + 1
        raise FramingError("hit points to a sentence missing from sentences.csv",
                           path="hits.csv", row=row,
                           fix="recompute hits.csv and sentences.csv from the same segments")
    cols = [(c, v) for c in categories for v in ("own", "quoted")]
    counts = (h.assign(sentence_index=h_si.astype(int))
              .groupby(["article_id", "sentence_index", "category", "voice"]).size()
              .unstack(["category", "voice"], fill_value=0))
    counts = counts.reindex(index=key, columns=pd.MultiIndex.from_tuples(cols), fill_value=0)
    quoted = _quoted_tokens_per_sentence(sents, quotes).to_numpy()
    units = sents[["article_id", "sentence_index"]].copy()
    for c in categories:
        own = counts[(c, "own")].to_numpy()
        quo = counts[(c, "quoted")].to_numpy()
        units[f"count|{c}|own"] = own
        units[f"count|{c}|quoted"] = quo
        units[f"count|{c}|all"] = own + quo
    total = sents["n_tokens"].astype(float).to_numpy()
    units["tokens|own"] = total - quoted
    units["tokens|quoted"] = quoted
    units["tokens|all"] = total
    return units, [(c, v) for c in categories for v in VOICES]


def _units_from_features(features: pd.DataFrame, categories: list[str]) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """One row per article from features.csv (segment_group 'all').

    Counts are summed per (article, category, voice) and tokens are the
    article's tokens in each voice (the largest value of its rows), with
    integer codes and ``np.bincount`` / ``np.maximum.at`` rather than a pivot
    table (millions of feature rows at 100,000 articles).
    """
    require_columns(features, ["article_id", "segment_group", "voice", "category", "count", "tokens"],
                    "features")
    f = features[features["segment_group"].to_numpy(dtype=object) == "all"]
    aid_codes, aids = pd.factorize(f["article_id"].astype(str), sort=True)
    n = len(aids)
    units = pd.DataFrame({"article_id": np.asarray(aids, dtype=object)})
    # integer codes: categories in order (-1 for others), then voices
    cat_code = pd.Categorical(f["category"].astype(str), categories=list(categories)).codes.astype(np.int64)
    voice_code = pd.Categorical(f["voice"].astype(str), categories=list(VOICES)).codes.astype(np.int64)
    counts = f["count"].to_numpy(dtype=float)
    tokens = f["tokens"].to_numpy(dtype=float)
    n_keys = len(categories) * len(VOICES)
    keep = (cat_code >= 0) & (voice_code >= 0)
    key = aid_codes[keep] * n_keys + cat_code[keep] * len(VOICES) + voice_code[keep]
    summed = np.bincount(key, weights=counts[keep], minlength=n * n_keys).reshape(n, n_keys)
    tok = np.zeros(n * len(VOICES))
    has_voice = voice_code >= 0
    np.maximum.at(tok, aid_codes[has_voice] * len(VOICES) + voice_code[has_voice], tokens[has_voice])
    tok = tok.reshape(n, len(VOICES))
    for i, c in enumerate(categories):
        for j, v in enumerate(VOICES):
            units[f"count|{c}|{v}"] = summed[:, i * len(VOICES) + j]
    for j, v in enumerate(VOICES):
        units[f"tokens|{v}"] = tok[:, j]
    cols = ["article_id"] + [f"count|{c}|{v}" for c in categories for v in VOICES] + [f"tokens|{v}" for v in VOICES]
    return units[cols], [(c, v) for c in categories for v in VOICES]


def category_rates(hits_or_features: pd.DataFrame, sentences: pd.DataFrame | None,
                   articles: pd.DataFrame, *, quotes: pd.DataFrame | None = None,
                   categories: Sequence[str] | None = None, by_event: bool = False,
                   n_boot: int = 2000, seed: int = 0, ci: float = 0.95) -> pd.DataFrame:
    """Rates per 1,000 tokens by outlet x category x voice with bootstrap intervals.

    ``hits_or_features`` is hits.csv (then ``sentences`` is required, and
    ``quotes`` splits the tokens into own and quoted voice) or features.csv
    (article level; ``sentences`` may be None).

    The rate is sum(count) / sum(tokens) * 1000 over the outlet's text. The
    interval is a percentile bootstrap (Efron & Tibshirani 1993, ch. 13) of that
    ratio: when the outlet has several articles, articles are resampled (the
    interval describes variation across the outlet's coverage); when it has one,
    its sentences are resampled (the interval describes variation *within that
    article* only), see column ``resampled``. From features.csv an outlet with
    one article gets no interval (``resampled == 'none'``). Replicates are drawn
    as unit multiplicities (indices with replacement, in blocks: see
    :func:`~helpers.compare.bootstrap.bootstrap_blocks`), one generator per
    outlet from ``seed`` and the outlet name, so results are deterministic and
    independent of other outlets.

    Returns columns: outlet, [event,] category, voice, count, tokens,
    rate_per_1000, ci_low, ci_high, resampled, n_units, n_articles, n_boot, ci.
    """
    if not 0 < ci < 1:
        raise FramingError(f"ci must be between 0 and 1, got {ci}", fix="use e.g. ci=0.95")
    table = hits_or_features
    from_hits = "sentence_index" in table.columns and "segment_group" not in table.columns
    cats = sorted(set(categories) if categories is not None else set(table["category"].astype(str)))
    if from_hits:
        if sentences is None:
            raise FramingError("category_rates from hits needs sentences",
                               fix="pass sentences.csv as the second argument")
        units, keys = _units_from_hits(table, sentences, quotes, cats)
        level = "sentences"
    else:
        units, keys = _units_from_features(table, cats)
        level = None
    units = with_outlet(units, articles)
    if units["outlet"].isna().any():
        missing = units.loc[units["outlet"].isna(), "article_id"].iloc[0]
        raise FramingError(f"article {missing!r} is not in the manifest",
                           fix="add it to manifest.csv or recompute the tables")
    group_cols = ["event", "outlet"] if by_event else ["outlet"]
    count_cols = [f"count|{c}|{v}" for c, v in keys]
    token_cols = [f"tokens|{v}" for _, v in keys]
    rows = []
    for gkey, g in units.groupby(group_cols, sort=True):
        gkey = gkey if isinstance(gkey, tuple) else (gkey,)
        n_articles = g["article_id"].nunique()
        if n_articles > 1:   # aggregate sentences to articles: the article is the unit
            g = g.groupby("article_id", sort=True)[count_cols + sorted(set(token_cols))].sum().reset_index()
            resampled = "articles"
        else:
            resampled = level or "none"
        c_mat = g[count_cols].to_numpy(float)
        t_mat = g[token_cols].to_numpy(float)
        count = c_mat.sum(axis=0)
        tokens = t_mat.sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            rate = np.where(tokens > 0, count / np.where(tokens > 0, tokens, 1) * 1000.0, np.nan)
        if resampled == "none" or n_boot <= 0:
            lo = hi = np.full(len(keys), np.nan)
        else:
            blocks = bootstrap_blocks(group_rng(seed, "|".join(map(str, gkey))), len(g), n_boot)
            lo, hi = ratio_quantiles(blocks, c_mat, t_mat, ci)
        for i, (c, v) in enumerate(keys):
            rows.append((*gkey, c, v, count[i], tokens[i], rate[i], lo[i], hi[i],
                         resampled, len(g), n_articles, n_boot, ci))
    out = pd.DataFrame(rows, columns=group_cols + [
        "category", "voice", "count", "tokens", "rate_per_1000", "ci_low", "ci_high",
        "resampled", "n_units", "n_articles", "n_boot", "ci"])
    out["count"] = pd.to_numeric(out["count"]).round().astype(int)   # an empty table too
    return out.sort_values(group_cols + ["category", "voice"], kind="stable").reset_index(drop=True)
