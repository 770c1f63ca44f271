"""Outlet comparison: rates with honest intervals, distinctive terms, naming,
sources, headline vs body, content selection and the framing-map table.

Every function is pure: tables in, tables out (see docs/ARCHITECTURE.md for the
input contracts). Nothing here reads or writes files.

Methods
-------
- Rates per 1,000 tokens with percentile bootstrap intervals (Efron & Tibshirani
  1993, ch. 13). The resampling unit is the article when an outlet has several,
  the sentence when it has one; the column ``resampled`` says which.
- Distinctive terms: weighted log-odds ratio with an informative Dirichlet prior
  (Monroe, Colaresi & Quinn 2008, "Fightin' Words", Political Analysis 16(4),
  sec. 3.5).
- Content selection: TF-IDF cosine similarity between sentences of different
  outlets covering the same event (Salton & Buckley 1988; scikit-learn).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Iterator, Sequence

import numpy as np
import pandas as pd

from ..clean.cleaning import assemble_texts
from ..core.errors import FramingError
from ..core.normalize import fold
from ..measure.features import VOICES
from ..measure.lexicon import normalise_entry
from ..measure.quotes import SOURCE_CLASSES, VERB_CLASSES
from ..measure.sentences import (ALNUM, DIGIT, DOTCOMMA, JOINER, SPACE, TOKEN_RE, char_flags,
                                 codepoints)

MAP_CATEGORIES = ("hedges", "loaded_terms", "boosters", "anonymous_sourcing")
REST = "(all other outlets)"
ALL_EVENTS = "(mean over events)"

# Runs of tokens joined by whitespace only: an n-gram never crosses anything else.
_RUN_RE = re.compile(rf"(?:{TOKEN_RE.pattern})(?:\s+(?:{TOKEN_RE.pattern}))*", TOKEN_RE.flags)


# --------------------------------------------------------------------------- utils

def _require(df: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise FramingError(f"{what} lacks column(s) {', '.join(missing)}",
                           fix="pass the table described in docs/ARCHITECTURE.md")


def _as_bool(values: pd.Series) -> pd.Series:
    """CSV booleans may arrive as bool or as the strings 'True'/'False'."""
    if values.dtype == bool:
        return values
    return values.astype(str).str.strip().str.lower().isin({"true", "1", "yes"})


def _outlet_map(articles: pd.DataFrame) -> pd.DataFrame:
    _require(articles, ["article_id", "outlet"], "articles")
    cols = ["article_id", "outlet"] + (["event"] if "event" in articles.columns else [])
    out = articles[cols].drop_duplicates("article_id").copy()
    if "event" not in out.columns:
        out["event"] = ""
    out["article_id"] = out["article_id"].astype(str)
    out["event"] = out["event"].fillna("").astype(str)
    return out


def _with_outlet(df: pd.DataFrame, articles: pd.DataFrame | None) -> pd.DataFrame:
    """Add outlet/event from ``articles`` unless ``df`` already has them."""
    df = df.copy()
    df["article_id"] = df["article_id"].astype(str)
    if "outlet" in df.columns and "event" in df.columns:
        df["event"] = df["event"].fillna("").astype(str)
        return df
    if articles is None:
        raise FramingError("table has no outlet column",
                           fix="pass the manifest as `articles`")
    meta = _outlet_map(articles)
    df = df.drop(columns=[c for c in ("outlet", "event") if c in df.columns])
    return df.merge(meta, on="article_id", how="left", validate="many_to_one")


def _rng(seed: int, key: str) -> np.random.Generator:
    """One generator per group, derived from the seed and a stable hash of the key,
    so adding an outlet does not change the intervals of the others."""
    return np.random.default_rng([int(seed), zlib.crc32(key.encode("utf-8"))])


# Memory bound of one block of bootstrap replicates (the index draws; the
# multiplicities take as much again).
BOOT_BLOCK_BYTES = 50 * 2**20


def _bootstrap_blocks(rng: np.random.Generator, n_units: int, n_boot: int,
                      block_bytes: int = BOOT_BLOCK_BYTES) -> Iterator[np.ndarray]:
    """(b x n_units) multiplicities of resamples with replacement, ``n_boot`` rows in all.

    The ordinary nonparametric bootstrap (Efron & Tibshirani 1993, ch. 6): each
    replicate draws ``n_units`` unit indices uniformly with replacement. Indices
    for a block of replicates come from one ``rng.integers`` call and become
    multiplicities with one ``np.bincount`` (row r's indices offset by r *
    n_units), about 4x faster than one multinomial draw per replicate at 20,000
    units. Blocks hold at most ``block_bytes`` of indices; the block size depends
    only on ``n_units``, so a seed gives the same replicates every time.
    """
    per = int(max(1, min(n_boot, block_bytes // (8 * max(n_units, 1)))))
    for b0 in range(0, n_boot, per):
        b = min(per, n_boot - b0)
        idx = rng.integers(0, n_units, size=(b, n_units), dtype=np.int64)
        idx += (np.arange(b, dtype=np.int64) * n_units)[:, None]
        yield np.bincount(idx.ravel(), minlength=b * n_units).reshape(b, n_units).astype(float)


def _bootstrap_weights(rng: np.random.Generator, n_units: int, n_boot: int) -> np.ndarray:
    """All (n_boot x n_units) multiplicities of :func:`_bootstrap_blocks` at once
    (for small ``n_units``, e.g. events in a paired comparison)."""
    return np.vstack(list(_bootstrap_blocks(rng, n_units, n_boot)))


def _ratio_quantiles(weights: np.ndarray | Iterable[np.ndarray], counts: np.ndarray, tokens: np.ndarray,
                     ci: float) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval of sum(counts)/sum(tokens)*1000 under the resampling weights
    (one matrix or an iterable of row blocks, e.g. :func:`_bootstrap_blocks`)."""
    blocks = [weights] if isinstance(weights, np.ndarray) else weights
    parts = []
    for w in blocks:
        num = w @ counts                         # (b x K)
        den = w @ tokens                         # (b x K)
        with np.errstate(invalid="ignore", divide="ignore"):
            parts.append(np.where(den > 0, num / np.where(den > 0, den, 1.0) * 1000.0, np.nan))
    rates = np.vstack(parts)
    lo_q, hi_q = (1.0 - ci) / 2.0, 1.0 - (1.0 - ci) / 2.0
    all_nan = np.all(np.isnan(rates), axis=0)
    lo = np.full(rates.shape[1], np.nan)
    hi = np.full(rates.shape[1], np.nan)
    if (~all_nan).any():
        lo[~all_nan] = np.nanquantile(rates[:, ~all_nan], lo_q, axis=0)
        hi[~all_nan] = np.nanquantile(rates[:, ~all_nan], hi_q, axis=0)
    return lo, hi


# ------------------------------------------------------------------ category rates

def _per_article_chunks(sentences: pd.DataFrame, quotes: pd.DataFrame,
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
        got = _per_article_chunks(sentences, q, shares)
    else:
        got = q.groupby(["article_id", "sentence_index"])["n_tokens"].sum().astype(float)
    out = out.add(got.reindex(idx).fillna(0.0), fill_value=0.0)
    cap = pd.Series(sentences["n_tokens"].astype(float).to_numpy(), index=idx)
    return np.minimum(out, cap)


def _units_from_hits(hits: pd.DataFrame, sentences: pd.DataFrame,
                     quotes: pd.DataFrame | None, categories: list[str]) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """One row per sentence: counts per (category, voice) and tokens per voice."""
    _require(sentences, ["article_id", "sentence_index", "n_tokens"], "sentences")
    _require(hits, ["article_id", "sentence_index", "category"], "hits")
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
    _require(features, ["article_id", "segment_group", "voice", "category", "count", "tokens"], "features")
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
    ``_bootstrap_blocks``), one generator per outlet from ``seed`` and the
    outlet name, so results are deterministic and independent of other outlets.

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
    units = _with_outlet(units, articles)
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
            blocks = _bootstrap_blocks(_rng(seed, "|".join(map(str, gkey))), len(g), n_boot)
            lo, hi = _ratio_quantiles(blocks, c_mat, t_mat, ci)
        for i, (c, v) in enumerate(keys):
            rows.append((*gkey, c, v, count[i], tokens[i], rate[i], lo[i], hi[i],
                         resampled, len(g), n_articles, n_boot, ci))
    out = pd.DataFrame(rows, columns=group_cols + [
        "category", "voice", "count", "tokens", "rate_per_1000", "ci_low", "ci_high",
        "resampled", "n_units", "n_articles", "n_boot", "ci"])
    out["count"] = out["count"].round().astype(int)
    return out.sort_values(group_cols + ["category", "voice"], kind="stable").reset_index(drop=True)


def paired_event_differences(features: pd.DataFrame, outlet_a: str, outlet_b: str, *,
                             categories: Sequence[str] | None = None, segment_group: str = "all",
                             voice: str = "all", n_boot: int = 2000, seed: int = 0,
                             ci: float = 0.95) -> pd.DataFrame:
    """Per-event paired differences of rates (outlet_a minus outlet_b).

    Pairing by event removes what the story itself contributes (a missile story
    has more military vocabulary whoever writes it). For each event covered by
    both outlets: rate = sum(count) / sum(tokens) * 1000 over that outlet's
    articles on the event. Rows with ``level == 'mean'`` (event
    ``'(mean over events)'``) give the mean difference over events with a
    percentile bootstrap interval resampling events, only when two or more
    events are shared (with one event there is nothing to resample: empty
    interval). Also counts the events where a is higher.
    """
    rate = _event_rates(features, categories, segment_group, voice, [outlet_a, outlet_b])
    return _paired(rate, outlet_a, outlet_b, n_boot, seed, ci)


def paired_differences(features: pd.DataFrame, pairs: Sequence[tuple[str, str]], *,
                       categories: Sequence[str] | None = None, segment_group: str = "all",
                       voice: str = "all", n_boot: int = 2000, seed: int = 0,
                       ci: float = 0.95) -> pd.DataFrame:
    """:func:`paired_event_differences` for each (outlet_a, outlet_b) in ``pairs``,
    concatenated; the features table is filtered and summed once for all pairs."""
    outlets = sorted({o for p in pairs for o in p})
    rate = _event_rates(features, categories, segment_group, voice, outlets)
    frames = [_paired(rate, a, b, n_boot, seed, ci) for a, b in pairs]
    return pd.concat(frames, ignore_index=True) if frames else _paired(rate, "", "", n_boot, seed, ci)


def _event_rates(features: pd.DataFrame, categories, segment_group: str, voice: str,
                 outlets: Sequence[str]) -> pd.DataFrame:
    """(category, event) x outlet rates per 1,000 tokens from the long features."""
    _require(features, ["outlet", "event", "segment_group", "voice", "category", "count", "tokens"],
             "features")
    f = features[(features["segment_group"] == segment_group) & (features["voice"] == voice)]
    if categories is not None:
        f = f[f["category"].isin(categories)]
    f = f[f["outlet"].isin(outlets)].assign(event=lambda d: d["event"].fillna("").astype(str))
    agg = f.groupby(["category", "event", "outlet"], observed=True)[["count", "tokens"]].sum()
    with np.errstate(invalid="ignore", divide="ignore"):
        agg["rate"] = np.where(agg["tokens"] > 0, agg["count"] / agg["tokens"] * 1000.0, np.nan)
    return agg["rate"].unstack("outlet")


def _paired(rate: pd.DataFrame, outlet_a: str, outlet_b: str, n_boot: int, seed: int,
            ci: float) -> pd.DataFrame:
    rate = rate.copy()
    for o in (outlet_a, outlet_b):
        if o not in rate.columns:
            rate[o] = np.nan
    rate = rate.dropna(subset=[outlet_a, outlet_b])
    rows = []
    for cat, g in rate.groupby(level="category", sort=True, observed=True):
        diffs = (g[outlet_a] - g[outlet_b]).to_numpy(float)
        for (c, ev), ra, rb, d in zip(g.index, g[outlet_a], g[outlet_b], diffs):
            rows.append((c, ev, "event", ra, rb, d, np.nan, np.nan, 1, int(d > 0)))
        n = len(diffs)
        lo = hi = np.nan
        if n >= 2 and n_boot > 0:
            w = _bootstrap_weights(_rng(seed, f"{outlet_a}|{outlet_b}|{cat}"), n, n_boot)
            means = (w @ diffs) / n
            lo, hi = np.quantile(means, [(1 - ci) / 2, 1 - (1 - ci) / 2])
        rows.append((cat, ALL_EVENTS, "mean", g[outlet_a].mean(), g[outlet_b].mean(),
                     float(diffs.mean()), lo, hi, n, int((diffs > 0).sum())))
    out = pd.DataFrame(rows, columns=["category", "event", "level", "rate_a", "rate_b",
                                      "difference", "ci_low", "ci_high", "n_events",
                                      "n_events_a_higher"])
    out.insert(0, "outlet_b", outlet_b)
    out.insert(0, "outlet_a", outlet_a)
    return out.reset_index(drop=True)


# ------------------------------------------------------------- distinctive terms

def log_odds_dirichlet(counts_a, counts_b, prior) -> pd.DataFrame:
    """Monroe, Colaresi & Quinn (2008) log-odds ratio with a Dirichlet prior.

    For term w with counts y_a, y_b (totals n_a, n_b) and prior alpha_w
    (alpha_0 = sum of alpha):

        delta_w = log((y_a + a_w) / (n_a + a_0 - y_a - a_w))
                - log((y_b + a_w) / (n_b + a_0 - y_b - a_w))        (paper eq. 16)
        var_w  ~= 1 / (y_a + a_w) + 1 / (y_b + a_w)                 (eqs. 18-20)
        z_w     = delta_w / sqrt(var_w)

    Positive z: the term is more typical of a. Inputs are aligned arrays or
    Series (the result keeps a Series' index). Every alpha_w must be > 0.
    """
    index = counts_a.index if isinstance(counts_a, pd.Series) else None
    ya = np.asarray(counts_a, dtype=float)
    yb = np.asarray(counts_b, dtype=float)
    a = np.asarray(prior, dtype=float)
    if not (ya.shape == yb.shape == a.shape):
        raise FramingError("counts_a, counts_b and prior differ in length",
                           fix="align them on the same vocabulary")
    if (a <= 0).any():
        raise FramingError("Dirichlet prior has a non-positive entry",
                           fix="give every term a prior > 0 (e.g. from corpus counts)")
    a0, na, nb = a.sum(), ya.sum(), yb.sum()
    delta = (np.log(ya + a) - np.log(na + a0 - ya - a)
             - np.log(yb + a) + np.log(nb + a0 - yb - a))
    var = 1.0 / (ya + a) + 1.0 / (yb + a)
    return pd.DataFrame({"delta": delta, "variance": var, "z": delta / np.sqrt(var)}, index=index)


def _prior_vector(totals: pd.Series, prior, alpha0: float | None) -> np.ndarray:
    if isinstance(prior, pd.Series):
        return prior.reindex(totals.index).fillna(0).to_numpy(float)
    if prior == "informative":
        # corpus relative frequencies scaled to alpha0 (default: the corpus size,
        # i.e. the prior is the corpus counts themselves)
        scale = float(totals.sum()) if alpha0 is None else float(alpha0)
        return totals.to_numpy(float) / totals.sum() * scale
    if prior == "uniform":
        scale = 0.01 * len(totals) if alpha0 is None else float(alpha0)
        return np.full(len(totals), scale / len(totals))
    raise FramingError(f"unknown prior {prior!r}", fix="use 'informative', 'uniform' or a Series")


def distinctive_terms(token_counts: pd.DataFrame, *, mode: str = "pairwise",
                      prior="informative", alpha0: float | None = None,
                      outlet_order: Sequence[str] | None = None,
                      min_count: int = 0) -> pd.DataFrame:
    """Fightin' Words z-scores for every term, between outlets.

    ``token_counts`` is long [outlet, term, count] (e.g. from :func:`term_counts`).
    ``mode='pairwise'`` compares every pair (a before b in ``outlet_order``, else
    sorted names); ``'one_vs_rest'`` compares each outlet with all others pooled.
    The informative prior is the whole corpus' term frequencies scaled to
    ``alpha0`` (default: corpus token count, i.e. alpha_w = corpus count of w);
    ``prior='uniform'`` spreads ``alpha0`` (default 0.01 per term) evenly; a
    Series gives alpha_w directly. Rare terms are kept unless ``min_count`` (on
    the corpus total) says otherwise: the prior already shrinks them.

    Returns outlet_a, outlet_b, term, count_a, count_b, n_a, n_b, alpha, delta,
    variance, z, frequency (count_a + count_b), sorted by pair, z descending, term.
    """
    _require(token_counts, ["outlet", "term", "count"], "token_counts")
    if mode not in ("pairwise", "one_vs_rest"):
        raise FramingError(f"unknown mode {mode!r}", fix="use 'pairwise' or 'one_vs_rest'")
    wide = token_counts.pivot_table(index="term", columns="outlet", values="count",
                                    aggfunc="sum", fill_value=0).sort_index()
    totals = wide.sum(axis=1)
    keep = (totals > 0) & (totals >= min_count)
    wide, totals = wide[keep], totals[keep]
    outlets = list(outlet_order) if outlet_order is not None else sorted(wide.columns)
    outlets = [o for o in outlets if o in wide.columns]
    alpha = _prior_vector(totals, prior, alpha0)
    if mode == "pairwise":
        pairs = [(outlets[i], outlets[j]) for i in range(len(outlets)) for j in range(i + 1, len(outlets))]
    else:
        pairs = [(o, REST) for o in outlets]
    frames = []
    for a, b in pairs:
        ya = wide[a].to_numpy(float)
        yb = (totals.to_numpy(float) - ya) if b == REST else wide[b].to_numpy(float)
        # with a user-given alpha0 some terms can get alpha 0 only if their total is 0 (dropped)
        res = log_odds_dirichlet(ya, yb, alpha)
        frames.append(pd.DataFrame({
            "outlet_a": a, "outlet_b": b, "term": wide.index, "count_a": ya.astype(int),
            "count_b": yb.astype(int), "n_a": int(ya.sum()), "n_b": int(yb.sum()),
            "alpha": alpha, "delta": res["delta"].to_numpy(), "variance": res["variance"].to_numpy(),
            "z": res["z"].to_numpy(), "frequency": (ya + yb).astype(int)}))
    cols = ["outlet_a", "outlet_b", "term", "count_a", "count_b", "n_a", "n_b", "alpha",
            "delta", "variance", "z", "frequency"]
    if not frames:
        return pd.DataFrame(columns=cols)
    out = pd.concat(frames, ignore_index=True)
    order = {o: i for i, o in enumerate(outlets + [REST])}
    out["_a"] = out["outlet_a"].map(order)
    out["_b"] = out["outlet_b"].map(order)
    out["_z"] = -out["z"]
    out = out.sort_values(["_a", "_b", "_z", "term"], kind="stable")
    return out[cols].reset_index(drop=True)


def token_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, token) for each token of ``text``.

    Uses the project's token definition (``helpers.measure.sentences.TOKEN_RE``), so
    term counts agree with ``n_tokens``.
    """
    return [(m.start(), m.end(), m.group(0)) for m in TOKEN_RE.finditer(text)]


def _stop_set(stop_words) -> frozenset[str]:
    """Lowercased stop words: none, scikit-learn's English list, or the given ones."""
    if stop_words is None:
        return frozenset()
    if stop_words == "english":
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS  # bundled list, no download
        return frozenset(ENGLISH_STOP_WORDS)
    return frozenset(w.lower() for w in stop_words)


def _in_spans(positions: np.ndarray, spans: list[tuple[int, int]]) -> np.ndarray:
    """For each offset: does it fall inside any half-open [start, end) span?

    The spans are merged into disjoint intervals first, so one binary search per
    offset replaces a scan over every quote of the article."""
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if e <= s:
            continue  # an empty span covers nothing
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    if not merged or not len(positions):
        return np.zeros(len(positions), dtype=bool)
    starts = np.array([m[0] for m in merged])
    ends = np.array([m[1] for m in merged])
    k = np.searchsorted(starts, positions, side="right") - 1
    return (k >= 0) & (positions < ends[np.maximum(k, 0)])


def _token_runs(text: str, base: int,
                spans: list[tuple[int, int]] | None) -> list[tuple[list[str], bool]]:
    """Maximal runs of tokens joined by whitespace only and of one voice.

    Returns (tokens as written, quoted) per run; a token is quoted when its
    start (``base`` + offset in ``text``) lies in one of ``spans``. Without a
    span touching the text, ``_RUN_RE`` (token, then whitespace + token, repeated)
    finds the runs and ``str.split`` their tokens: tokens hold no whitespace and
    ``\\s`` is ``str.isspace``, so this equals the token-by-token walk below.
    """
    runs = [m.group(0).split() for m in _RUN_RE.finditer(text)]
    if not spans or not any(s < base + len(text) and e > base for s, e in spans):
        return [(run, False) for run in runs]
    starts = [m.start() for m in TOKEN_RE.finditer(text)]
    quoted = _in_spans(np.array(starts, dtype=np.int64) + base, spans).tolist()
    out = []
    pos = 0
    for run in runs:   # split a run where the voice changes inside it
        end = pos + len(run)
        q = quoted[pos:end]
        if q.count(q[0]) == len(q):
            out.append((run, q[0]))
        else:
            first = 0
            for k in range(1, len(q)):
                if q[k] != q[k - 1]:
                    out.append((run[first:k], q[k - 1]))
                    first = k
            out.append((run[first:], q[-1]))
        pos = end
    return out


_HASH_BASES = (0x100000001B3, 0x9E3779B97F4A7C15)   # odd, so invertible modulo 2**64


def _plain_token_runs(texts: Sequence[str]):
    """Tokens and runs of ``texts``, vectorised over characters.

    Same tokens as ``helpers.measure.sentences.TOKEN_RE`` (its vectorised character
    classes): a character is in a token if it is alphanumeric, or a joiner
    (apostrophe, hyphen) between two alphanumerics, or a dot/comma between two
    digits. Two consecutive tokens are in one run when only whitespace separates
    them (as in ``_RUN_RE``). The texts are joined by NUL, which
    is neither, so nothing crosses from one text to the next.

    Each token is identified by two polynomial hashes (Karp & Rabin 1987) of its
    characters, computed from prefix sums modulo 2**64 with no Python loop over
    tokens. Returns (hash 1, hash 2, start, end, run lengths, joined text).
    """
    text = "\0".join(texts)
    cp = codepoints(text)
    empty = np.zeros(0, dtype=np.int64)
    if not len(cp):
        return empty.astype(np.uint64), empty.astype(np.uint64), empty, empty, empty, ""
    flags = char_flags(cp)
    alnum = (flags & ALNUM) != 0
    in_tok = alnum.copy()
    if len(cp) >= 3:
        digit = (flags & DIGIT) != 0
        in_tok[1:-1] |= ((((flags[1:-1] & JOINER) != 0) & alnum[:-2] & alnum[2:])
                         | (((flags[1:-1] & DOTCOMMA) != 0) & digit[:-2] & digit[2:]))
    edge = np.diff(in_tok.astype(np.int8), prepend=0, append=0)
    starts, ends = np.flatnonzero(edge == 1), np.flatnonzero(edge == -1)   # ends: one past the token
    if not len(starts):
        return empty.astype(np.uint64), empty.astype(np.uint64), empty, empty, empty, ""
    non_space = np.concatenate(([0], np.cumsum((flags & SPACE) == 0)))     # non-space chars before i
    gap_non_space = non_space[starts[1:]] - non_space[ends[:-1]]
    run_id = np.cumsum(np.concatenate(([True], gap_non_space > 0))) - 1
    ucp = cp.astype(np.uint64)
    hashes = []
    for base in _HASH_BASES:   # h = sum cp[j] * base**(j - start) mod 2**64
        pw, inv = _powers(base, len(ucp))
        prefix = np.concatenate(([np.uint64(0)], np.cumsum(ucp * pw, dtype=np.uint64)))
        hashes.append((prefix[ends] - prefix[starts]) * inv[starts])
    hashes[1] += (ends - starts).astype(np.uint64)   # the length, too
    return hashes[0], hashes[1], starts, ends, np.bincount(run_id), text


_POWERS: dict[int, tuple[np.ndarray, np.ndarray]] = {}


def _powers(base: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """base**i and base**-i modulo 2**64 for i < n (cached, grown by doubling)."""
    have = _POWERS.get(base)
    if have is None or len(have[0]) < n:
        size = max(n, 2 * len(have[0]) if have else 1 << 20)
        one = np.ones(1, dtype=np.uint64)
        pw = np.concatenate((one, np.cumprod(np.full(size - 1, base, dtype=np.uint64))))
        inv = np.concatenate((one, np.cumprod(np.full(size - 1, pow(base, -1, 2**64), dtype=np.uint64))))
        _POWERS[base] = have = (pw, inv)
    return have[0][:n], have[1][:n]


_ID_BITS = 24   # token ids below 2**24 pack with their group into one int64 (unigrams, bigrams)


class _NgramTable:
    """Accumulates (group, n-gram of token ids) counts over chunks of runs."""

    def __init__(self, lo: int, hi: int):
        self.lo, self.hi = lo, hi
        self.parts: dict[int, list[pd.DataFrame]] = {n: [] for n in range(lo, hi + 1)}

    def add(self, ids: np.ndarray, run_lengths: np.ndarray, run_groups: np.ndarray) -> None:
        """``ids``: the token ids of consecutive runs of ``run_lengths`` tokens."""
        run_of = np.repeat(np.arange(len(run_lengths)), run_lengths)
        left = np.repeat(run_lengths, run_lengths) - (
            np.arange(len(ids)) - np.repeat(np.cumsum(run_lengths) - run_lengths, run_lengths))
        for n in range(self.lo, self.hi + 1):
            starts = np.flatnonzero(left >= n)   # windows that stay inside their run
            if not len(starts):
                continue
            groups = run_groups[run_of[starts]].astype(np.int64)
            bits = 63 - _ID_BITS * n
            if bits > 0 and ids.max() < (1 << _ID_BITS) and groups.max() < (1 << bits):
                # pack (group, ids) into one int64: counting one integer column is
                # several times faster than counting a multi-column frame
                key = groups
                for k in range(n):
                    key = (key << _ID_BITS) | ids[starts + k]
                vc = pd.Series(key).value_counts(sort=False)
                key, mask, cols = vc.index.to_numpy(), (1 << _ID_BITS) - 1, {}
                for k in reversed(range(n)):
                    cols[f"w{k}"] = key & mask
                    key = key >> _ID_BITS
                cols = {"g": key, **{f"w{k}": cols[f"w{k}"] for k in range(n)}, "c": vc.to_numpy()}
                self.parts[n].append(pd.DataFrame(cols))
                continue
            cols = {"g": groups}
            cols.update({f"w{k}": ids[starts + k] for k in range(n)})
            self.parts[n].append(pd.DataFrame(cols).value_counts(sort=False).rename("c").reset_index())

    def counts(self, stop_ids: np.ndarray):
        """Per n: (group codes, [id arrays of each position], counts) without stop words."""
        for n in range(self.lo, self.hi + 1):
            if not self.parts[n]:
                continue
            cols = ["g"] + [f"w{k}" for k in range(n)]
            t = pd.concat(self.parts[n], ignore_index=True).groupby(cols, sort=False)["c"].sum().reset_index()
            keep = ~np.any([stop_ids[t[f"w{k}"].to_numpy()] for k in range(n)], axis=0)
            t = t[keep]
            yield n, (t["g"].to_numpy(), [t[f"w{k}"].to_numpy() for k in range(n)], t["c"].to_numpy())


def term_counts(segments: pd.DataFrame, articles: pd.DataFrame | None = None, *,
                ngram_range: tuple[int, int] = (1, 2), voice: str | None = None,
                quotes: pd.DataFrame | None = None, stop_words=None,
                segment_kinds: Sequence[str] | None = None,
                by_event: bool = False, chunk_segments: int = 20_000) -> pd.DataFrame:
    """Outlet x term counts of lowercased n-grams from the clean segments.

    Tokens: :func:`token_spans`. N-grams never cross punctuation, quote marks or
    segment breaks (two tokens form a bigram only if just whitespace separates
    them), nor a change of voice. ``voice='own'`` / ``'quoted'`` keeps tokens
    outside / inside the quotes of ``quotes`` (offsets into the clean text;
    segment start/end put segment tokens on the same scale). Stop words are kept
    by default; ``stop_words='english'`` (scikit-learn's list) or an iterable
    drops every n-gram containing one. ``segment_kinds`` restricts the segments
    (e.g. ``('headline', 'lede', 'body')``).

    Each segment is split once into runs (tokens joined by whitespace, one
    voice); tokens become integer ids (``pandas.factorize``) and the n-grams,
    windows inside a run, are counted as id tuples with ``groupby``, so memory
    is bounded by ``chunk_segments`` and time is linear in the corpus size.

    Returns [outlet, (event,) term, n, count] sorted by outlet, term.
    """
    _require(segments, ["article_id", "segment", "start", "text"], "segments")
    if voice not in (None, "all", "own", "quoted"):
        raise FramingError(f"unknown voice {voice!r}", fix="use None, 'own' or 'quoted'")
    if voice in ("own", "quoted") and quotes is None:
        raise FramingError("voice filter needs quotes", fix="pass quotes.csv as `quotes`")
    segs = _with_outlet(segments, articles)
    if segment_kinds is not None:
        segs = segs[segs["segment"].isin(segment_kinds)]
    spans: dict[str, list[tuple[int, int]]] = {}
    if quotes is not None and not quotes.empty:
        for aid, g in quotes.assign(article_id=quotes["article_id"].astype(str)).groupby("article_id"):
            spans[aid] = list(zip(g["start"].astype(int), g["end"].astype(int)))
    stops = _stop_set(stop_words)
    lo, hi = ngram_range
    keys = ["outlet", "event"] if by_event else ["outlet"]
    sort_cols = ["article_id"] + (["segment_index"] if "segment_index" in segs.columns else [])
    segs = segs.sort_values(sort_cols, kind="stable")
    group_codes, group_keys = pd.factorize(pd.Series(list(zip(*(segs[k] for k in keys))), dtype=object))
    vocab: dict[str, int] = {}            # folded token -> id
    table = _NgramTable(lo, hi)
    for b0 in range(0, len(segs), chunk_segments):   # bounded memory on any corpus size
        part = segs.iloc[b0:b0 + chunk_segments]
        part_groups = group_codes[b0:b0 + chunk_segments]
        tokens: list[str] = []
        run_lengths: list[int] = []
        run_groups: list[int] = []
        # Segments of articles without quotes are all own voice: their runs and
        # token ids come per group at once (_plain_token_runs: hashes of the
        # folded tokens, one string per distinct token), with no Python loop per
        # segment or token; the others go segment by segment (_token_runs).
        plain = ~part["article_id"].isin(spans.keys()).to_numpy() if spans else np.ones(len(part), bool)
        if voice != "quoted" and plain.any():
            texts = part["text"].astype(str).to_numpy()[plain]
            for g in np.unique(part_groups[plain]):
                group_texts = texts[part_groups[plain] == g].tolist()
                h1, h2, starts, ends, lengths, joined = _plain_token_runs(group_texts)
                if not len(lengths):
                    continue
                codes, _ = pd.factorize(h1)
                # codes follow first appearance: where the running maximum grows is a first token
                first = np.flatnonzero(np.r_[True, codes[1:] > np.maximum.accumulate(codes)[:-1]])
                if (h2 != h2[first][codes]).any():   # two tokens share hash 1: count them as strings
                    tokens.extend(joined[a:b] for a, b in zip(starts.tolist(), ends.tolist()))
                else:
                    words = [fold(joined[a:b]) for a, b in zip(starts[first].tolist(), ends[first].tolist())]
                    ids = np.array([vocab.setdefault(w, len(vocab)) for w in words], dtype=np.int64)
                    table.add(ids[codes], lengths, np.full(len(lengths), int(g)))
                    continue
                run_lengths.extend(lengths.tolist())
                run_groups.extend([int(g)] * len(lengths))
        for aid, text, start, g in zip(part["article_id"].to_numpy()[~plain], part["text"].to_numpy()[~plain],
                                       part["start"].to_numpy()[~plain], part_groups[~plain]):
            for run, quoted in _token_runs(str(text), int(start), spans.get(aid)):
                if voice == "own" and quoted or voice == "quoted" and not quoted:
                    continue
                tokens.extend(run)
                run_lengths.append(len(run))
                run_groups.append(g)
        if not tokens:
            continue
        codes, uniques = pd.factorize(np.array(tokens, dtype=object))
        # fold() lowercases and unifies apostrophe/hyphen variants (Iran’s = Iran's)
        ids = np.array([vocab.setdefault(fold(u), len(vocab)) for u in uniques], dtype=np.int64)
        table.add(ids[codes], np.array(run_lengths), np.array(run_groups))
    words = np.array(sorted(vocab, key=vocab.get), dtype=object)
    stop_ids = np.array([w in stops for w in words], dtype=bool)
    rows = []
    for n, (grp, grams, count) in table.counts(stop_ids):
        terms = [" ".join(t) for t in zip(*(words[c] for c in grams))] if n > 1 else words[grams[0]].tolist()
        keys_of = [group_keys[g] for g in grp.tolist()]
        rows.extend((*k, n, t, c) for k, t, c in zip(keys_of, terms, count.tolist()))
    out = pd.DataFrame(rows, columns=keys + ["n", "term", "count"])
    out = out[keys + ["term", "n", "count"]]
    return out.sort_values(keys + ["term"], kind="stable").reset_index(drop=True)


# ------------------------------------------------------------ naming and sources

# British -ise/-isation spellings and their American -ize/-ization twins
_ISE = re.compile(r"is(e|ed|es|ing|ation|ations)\b")


def spelling_key(form: str) -> str:
    """What two spellings of one name share: the lexicon's entry key (case,
    apostrophes, hyphens: :func:`helpers.measure.lexicon.normalise_entry`) with British
    -ise/-isation folded to -ize/-ization ("Popular Mobilisation Forces" =
    "Popular Mobilization Forces")."""
    return _ISE.sub(r"iz\1", normalise_entry(str(form).rstrip("*")))


def pool_spellings(naming: pd.DataFrame) -> pd.DataFrame:
    """naming.csv with spelling variants of one actor's name counted as one form.

    The actor lexicon lists British and American spellings of a name as two
    entries (so both are matched), and naming.csv counts each entry as its own
    surface form; but a spelling is house style, not a naming choice. Forms of
    one actor with the same :func:`spelling_key` become the variant used most
    often (ties: alphabetical); column ``spellings`` lists the pooled variants
    ('; '-joined, '' when a form has one spelling).
    """
    n = naming.copy()
    n["count"] = pd.to_numeric(n["count"]).astype(int)
    totals = n.groupby(["actor", "surface_form"], sort=True)["count"].sum().reset_index()
    totals["key"] = [spelling_key(f) for f in totals["surface_form"]]
    totals = totals.sort_values(["actor", "key", "count", "surface_form"], ascending=[True, True, False, True],
                                kind="stable")
    canon = totals.groupby(["actor", "key"], sort=False)["surface_form"].transform("first")
    variants = totals.groupby(["actor", "key"], sort=False)["surface_form"].transform(
        lambda f: "; ".join(sorted(f)) if len(f) > 1 else "")
    key = pd.MultiIndex.from_frame(totals[["actor", "surface_form"]])
    rows = pd.MultiIndex.from_arrays([n["actor"], n["surface_form"]])
    n["spellings"] = pd.Series(variants.to_numpy(), index=key).reindex(rows).to_numpy()
    n["surface_form"] = pd.Series(canon.to_numpy(), index=key).reindex(rows).to_numpy()
    return n


def naming_shares(naming: pd.DataFrame) -> pd.DataFrame:
    """Per outlet and actor: how often each surface form names the actor.

    Every form any outlet uses for an actor is listed for every outlet that
    names that actor (count 0 where unused), so shares per outlet x actor sum
    to 1. Spelling variants of one form are pooled first (:func:`pool_spellings`).
    Returns outlet, actor, surface_form, count, total, share, n_articles, spellings.
    """
    _require(naming, ["article_id", "outlet", "actor", "surface_form", "count"], "naming")
    n = pool_spellings(naming)
    spellings = n.drop_duplicates(["actor", "surface_form"]).set_index(["actor", "surface_form"])["spellings"]
    n_articles = n[n["count"] > 0].groupby(["outlet", "actor"])["article_id"].nunique()
    counts = n.groupby(["outlet", "actor", "surface_form"])["count"].sum()
    forms = counts.reset_index()[["actor", "surface_form"]].drop_duplicates()
    pairs = counts.groupby(level=["outlet", "actor"]).sum()
    pairs = pairs[pairs > 0].reset_index()[["outlet", "actor"]]
    grid = pairs.merge(forms, on="actor")
    out = grid.merge(counts.rename("count").reset_index(), on=["outlet", "actor", "surface_form"],
                     how="left")
    out["count"] = out["count"].fillna(0).astype(int)
    out["total"] = out.groupby(["outlet", "actor"])["count"].transform("sum")
    out["share"] = out["count"] / out["total"]
    out["n_articles"] = out.set_index(["outlet", "actor"]).index.map(n_articles).fillna(0).astype(int)
    out["spellings"] = out.set_index(["actor", "surface_form"]).index.map(spellings).fillna("")
    return out.sort_values(["actor", "outlet", "surface_form"], kind="stable").reset_index(drop=True)


def source_profile(quotes: pd.DataFrame, article_features: pd.DataFrame,
                   articles: pd.DataFrame) -> pd.DataFrame:
    """Who is quoted and how, by outlet (long table).

    group ``speaker_class``: direct quotes by speaker class (quotes.csv; share of
    the outlet's quotes); group ``verb_class``: neutral vs evaluative reporting
    verbs (article_features.csv ``verbs_*``, which also counts indirect speech;
    cf. Caldas-Coulthard 1994 on neutral vs evaluative verbs of saying);
    group ``voice``: tokens inside direct quotes as a share of all tokens.
    Returns outlet, group, item, count, total, share, n_articles.
    """
    meta = _outlet_map(articles)
    af = _with_outlet(article_features, articles)
    _require(af, ["n_tokens", "quoted_token_share", "verbs_neutral", "verbs_evaluative"],
             "article_features")
    q = quotes.copy()
    q["article_id"] = q["article_id"].astype(str)
    q = q.merge(meta[["article_id", "outlet"]], on="article_id", how="left")
    outlets = sorted(set(meta["outlet"]))
    rows = []
    for o in outlets:
        qo = q[q["outlet"] == o]
        ao = af[af["outlet"] == o]
        n_art = int(meta[meta["outlet"] == o]["article_id"].nunique())
        cls = qo["speaker_class"].value_counts() if "speaker_class" in qo.columns else pd.Series(dtype=int)
        total = int(len(qo))
        for c in SOURCE_CLASSES:  # the speaker classes of quotes.csv
            k = int(cls.get(c, 0))
            rows.append((o, "speaker_class", c, k, total, k / total if total else np.nan, n_art))
        vn, ve = int(ao["verbs_neutral"].sum()), int(ao["verbs_evaluative"].sum())
        for c, k in zip(VERB_CLASSES, (vn, ve)):
            rows.append((o, "verb_class", c, k, vn + ve, k / (vn + ve) if vn + ve else np.nan, n_art))
        tok = float(ao["n_tokens"].sum())
        qt = float((ao["quoted_token_share"].astype(float) * ao["n_tokens"]).sum())
        rows.append((o, "voice", "quoted_tokens", round(qt), round(tok), qt / tok if tok else np.nan, n_art))
    return pd.DataFrame(rows, columns=["outlet", "group", "item", "count", "total", "share", "n_articles"])


def headline_vs_body(features: pd.DataFrame, *, voice: str = "all") -> pd.DataFrame:
    """Markers in the headline + lede versus the body, by outlet and category.

    Headlines and ledes are what most readers see (the inverted pyramid), so a
    marker placed there weighs more than the same marker deep in the body.
    Returns outlet, category, segment_group (headline_lede | body), count, tokens,
    rate_per_1000, n_articles, articles_with_marker, and ``rate_vs_body``
    (headline_lede rate minus body rate, on both rows of a pair).
    """
    _require(features, ["article_id", "outlet", "segment_group", "voice", "category", "count", "tokens"],
             "features")
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


# ------------------------------------------------------------- content selection

def _clean_texts(segments_or_texts) -> pd.Series:
    """article_id -> clean text (segments joined by the contract's separator)."""
    if isinstance(segments_or_texts, pd.Series):
        return segments_or_texts.rename(index=str)
    if isinstance(segments_or_texts, dict):
        return pd.Series(segments_or_texts).rename(index=str)
    return assemble_texts(segments_or_texts).rename(index=str)


def _sentence_texts(s: pd.DataFrame, segments_or_texts) -> list[str]:
    """Each sentence's text, ``clean_text[start:end]``.

    From segments, cut out of the sentence's own segment (a sentence never
    crosses a segment: docs/ARCHITECTURE.md), so the 100,000 clean texts of a
    large corpus are never assembled; else (or if some sentence is not inside
    its segment) from the assembled clean texts.
    """
    starts, ends = s["start"].astype(int).to_numpy(), s["end"].astype(int).to_numpy()
    if isinstance(segments_or_texts, pd.DataFrame) and "segment_index" in s.columns \
            and {"segment_index", "start", "end", "text"} <= set(segments_or_texts.columns):
        seg = segments_or_texts[["article_id", "segment_index", "start", "end", "text"]]
        seg = seg.assign(article_id=seg["article_id"].astype(str)).drop_duplicates(["article_id", "segment_index"])
        m = s[["article_id", "segment_index"]].merge(seg, on=["article_id", "segment_index"], how="left")
        seg_start = m["start"].to_numpy()
        inside = (~m["text"].isna()).to_numpy() & (seg_start <= starts) & (ends <= m["end"].to_numpy())
        if inside.all():
            seg_start = seg_start.astype(int)
            return [t[b:e] for t, b, e in zip(m["text"].astype(str).tolist(), (starts - seg_start).tolist(),
                                             (ends - seg_start).tolist())]
    text_of = _clean_texts(segments_or_texts).to_dict()   # dict lookups: no Series lookup per sentence
    return [text_of.get(a, "")[b:e] for a, b, e in zip(s["article_id"].tolist(), starts.tolist(), ends.tolist())]


def _best_other_match(x, outlets: np.ndarray, rows: np.ndarray,
                      max_cells: int = 20_000_000) -> tuple[np.ndarray, np.ndarray]:
    """Best match of each sentence in ``rows`` among sentences of *other* outlets.

    ``x``: l2-normalised sparse TF-IDF rows (cosine = dot product). Returns
    (column of the best match, its similarity) for each row in ``rows``. Same
    result as the dense argmax over ``x @ x.T`` with same-outlet cells set to -1
    (ties: the lowest column): rows are taken in blocks of at most ``max_cells /
    n_sentences`` (at most 2,000), each block's product stays sparse and is
    dropped after its row maxima, so memory is bounded whatever the event size.
    A sentence sharing no word with another outlet gets similarity 0 and, as in
    the dense argmax, the first sentence of another outlet.
    """
    n = x.shape[0]
    best = np.zeros(len(rows), dtype=np.int64)
    best_sim = np.zeros(len(rows))
    codes = pd.factorize(outlets)[0]
    xt = x.T.tocsr()
    block = int(max(1, min(2000, max_cells // max(n, 1))))
    for b0 in range(0, len(rows), block):
        r = rows[b0:b0 + block]
        prod = (x[r] @ xt).tocsr()       # same arithmetic as the full product's rows
        counts = np.diff(prod.indptr)
        row_of = np.repeat(np.arange(len(r)), counts)
        other = codes[prod.indices] != codes[r][row_of]
        data = np.where(other & (prod.data > 0), prod.data, 0.0)
        row_max = np.zeros(len(r))
        nonempty = counts > 0
        if nonempty.any():
            first = prod.indptr[:-1][nonempty]
            row_max[nonempty] = np.maximum.reduceat(data, first)
            cand = np.where((data == row_max[row_of]) & (data > 0), prod.indices, n)
            row_best = np.full(len(r), n, dtype=np.int64)
            row_best[nonempty] = np.minimum.reduceat(cand, first)
        else:
            row_best = np.full(len(r), n, dtype=np.int64)
        # no positive similarity: the dense argmax lands on the first 0, i.e. the
        # first sentence of another outlet
        none = row_best == n
        if none.any():
            first_other = np.array([np.argmax(codes != c) for c in range(codes.max() + 1)])
            row_best[none] = first_other[codes[r][none]]
            row_max[none] = 0.0
        best[b0:b0 + block] = row_best
        best_sim[b0:b0 + block] = row_max
    return best, best_sim


def _tfidf_of_distinct(texts: list[str], multiplicity: np.ndarray, stop_words):
    """TF-IDF rows of distinct ``texts`` under the model of the corpus in which
    text k occurs ``multiplicity[k]`` times.

    Equal to the matching rows of scikit-learn's ``TfidfVectorizer(lowercase=True,
    stop_words=...)`` fitted on the whole corpus (same vocabulary; smooth idf =
    ln((1 + n) / (1 + df)) + 1 with document frequencies counting repeats; l2
    norm; the same arithmetic as ``TfidfTransformer``), without tokenising a
    repeated sentence more than once. Raises ValueError if no text has a word.
    """
    from scipy import sparse
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.preprocessing import normalize

    x = sparse.csr_matrix(CountVectorizer(lowercase=True, stop_words=stop_words).fit_transform(texts),
                          dtype=np.float64)
    row_of = np.repeat(np.arange(x.shape[0]), np.diff(x.indptr))
    df = np.bincount(x.indices, weights=multiplicity[row_of].astype(np.float64), minlength=x.shape[1])
    df += 1.0
    idf = np.full_like(df, fill_value=int(multiplicity.sum()) + 1, dtype=np.float64)
    idf /= df
    np.log(idf, out=idf)
    idf += 1.0
    x.data *= idf[x.indices]
    return normalize(x, norm="l2", copy=False)


def _sample_rows(n: int, cap: int | None, seed: int, key: str) -> np.ndarray:
    """All row numbers 0..n-1, or a sorted seeded sample of ``cap`` of them."""
    if cap is None or n <= cap:
        return np.arange(n)
    return np.sort(_rng(seed, key).choice(n, size=int(cap), replace=False))


def align_content(sentences: pd.DataFrame, segments_or_texts, articles: pd.DataFrame, *,
                  threshold: float = 0.2, stop_words="english",
                  segment_kinds: Sequence[str] | None = ("headline", "lede", "body"),
                  max_sentences_per_event: int | None = None, seed: int = 0,
                  ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Content selection: which sentences have a counterpart in another outlet.

    Per event, a TF-IDF model (scikit-learn ``TfidfVectorizer``: lowercase,
    smooth idf, l2 norm, scikit-learn's English stop list by default) is fitted
    on all compared sentences of that event; each sentence is compared by
    cosine similarity with every sentence of the *other* outlets on the event.
    Its best match >= ``threshold`` makes it ``shared``, else ``unique``; with
    no other outlet on the event it is ``single_outlet``. Sentences outside
    ``segment_kinds`` (captions, footnotes: photo credits are not content) are
    kept in the table as ``excluded``.

    Threshold and stop list, measured on the seed pair (38 body/headline/lede
    sentences; each sentence's best match judged by hand as same fact or not):
    with stop words kept, same-fact pairs (0.21-0.28) and unrelated pairs (up
    to 0.24) overlap, because function words carry much of the score. With the
    English stop list, same-fact pairs score 0.25-0.37 and unrelated ones
    0.13-0.19, with two sourcing sentences in between ("officials declined to
    comment" ~ "the report cites Iranian officials", 0.27; "Iraqi and Iranian
    sources said ..." 0.22). At 0.2: 7 matches confirmed by hand, 2 false, 2
    paraphrases missed (best match scored < 0.19); at 0.25: 6 / 1 / 3; at the
    often-used 0.3: 3 / 0 / 6. Hence 0.2. One article pair is a small basis:
    report results at 0.25 and 0.3 too when a finding depends on the threshold.

    Scale: the sentence x sentence similarity is computed in sparse row blocks
    and never held whole (memory stays bounded), and each distinct (outlet,
    sentence text) is matched once (repeated wire copy costs nothing), but the
    work still grows with the square of an event's distinct sentence count. ``max_sentences_per_event`` (default
    None: all) bounds it: in a larger event a seeded random sample (``seed``) of
    that many sentences is matched, each against *all* sentences of the other
    outlets with the TF-IDF model of the whole event, so a sampled sentence gets
    exactly the result it would get without the cap, and the work grows
    linearly. The others get status ``not_sampled`` and are left out of the
    summary, whose shares are then estimates from the sample.

    Returns (sentence table, summary). Sentence table: event, article_id, outlet,
    sentence_index, segment, n_tokens, text, best_match_outlet,
    best_match_article, best_match_sentence, similarity, status. Summary per
    event x outlet: n_sentences (compared), shared, unique, shared_share, tokens,
    shared_tokens, shared_token_share, threshold.
    """
    _require(sentences, ["article_id", "sentence_index", "start", "end"], "sentences")
    if max_sentences_per_event is not None and max_sentences_per_event < 1:
        raise FramingError(f"max_sentences_per_event must be >= 1, got {max_sentences_per_event}",
                           fix="use None (all sentences) or a positive number")
    s = _with_outlet(sentences, articles)
    s = s.sort_values(["article_id", "sentence_index"], kind="stable").reset_index(drop=True)
    s["text"] = _sentence_texts(s, segments_or_texts)
    if "segment" not in s.columns:
        s["segment"] = ""
    if "n_tokens" not in s.columns:
        s["n_tokens"] = [len(token_spans(t)) for t in s["text"]]
    best_outlet = np.full(len(s), "", dtype=object)
    best_article = np.full(len(s), "", dtype=object)
    best_sentence = np.full(len(s), np.nan)
    similarity = np.full(len(s), np.nan)
    status = np.full(len(s), "single_outlet", dtype=object)
    if segment_kinds is not None and "segment" in sentences.columns:
        compared = s["segment"].isin(segment_kinds)
    else:  # no segment labels: compare everything
        compared = pd.Series(True, index=s.index)
    status[~compared.to_numpy()] = "excluded"
    for event, g in s[compared].groupby("event", sort=True):
        if g["outlet"].nunique() < 2:
            continue
        outlets = g["outlet"].to_numpy()
        rows = _sample_rows(len(g), max_sentences_per_event, seed, str(event))
        # Identical sentences of one outlet (wire copy, boilerplate) have identical
        # TF-IDF rows: match each distinct (outlet, text) once, and vectorise it
        # once, with the model of the whole event. Codes follow first
        # appearance, so the lowest-index tie-break is unchanged.
        # (outlet, text) pairs as one integer each: factorizing tuples is slow
        o_codes, _ = pd.factorize(outlets)
        t_codes, t_uniques = pd.factorize(g["text"].to_numpy())
        dup, _ = pd.factorize(o_codes.astype(np.int64) * (len(t_uniques) + 1) + t_codes)
        first = np.flatnonzero(np.r_[True, dup[1:] > np.maximum.accumulate(dup)[:-1]])
        try:
            x = _tfidf_of_distinct(g["text"].to_numpy()[first].tolist(), np.bincount(dup), stop_words)
        except ValueError:  # no usable words at all in this event
            continue
        query, where = np.unique(dup[rows], return_inverse=True)
        best_u, sim_u = _best_other_match(x, outlets[first], query)
        best, best_sim = first[best_u][where], sim_u[where]
        pos = g.index.to_numpy()
        status[pos] = "not_sampled"
        idx = pos[rows]
        best_outlet[idx] = outlets[best]
        best_article[idx] = g["article_id"].to_numpy()[best]
        best_sentence[idx] = g["sentence_index"].to_numpy()[best]
        similarity[idx] = np.round(best_sim, 6)
        status[idx] = np.where(best_sim >= threshold, "shared", "unique")
    s["best_match_outlet"] = best_outlet
    s["best_match_article"] = best_article
    s["best_match_sentence"] = pd.array(pd.Series(best_sentence), dtype="Int64")
    s["similarity"] = similarity
    s["status"] = status
    table = s[["event", "article_id", "outlet", "sentence_index", "segment", "n_tokens", "text",
               "best_match_outlet", "best_match_article", "best_match_sentence", "similarity",
               "status"]].reset_index(drop=True)
    t = table[~table["status"].isin(["excluded", "not_sampled"])]
    t = t.assign(is_shared=t["status"] == "shared", is_unique=t["status"] == "unique")
    t["shared_tok"] = np.where(t["is_shared"], t["n_tokens"], 0)
    summary = t.groupby(["event", "outlet"], sort=True).agg(  # excluded segments not counted
        n_sentences=("sentence_index", "size"), shared=("is_shared", "sum"),
        unique=("is_unique", "sum"), tokens=("n_tokens", "sum"),
        shared_tokens=("shared_tok", "sum")).reset_index()
    compared = summary["shared"] + summary["unique"]
    summary["shared_share"] = np.where(compared > 0, summary["shared"] / compared.where(compared > 0, 1), np.nan)
    summary["shared_token_share"] = np.where(summary["tokens"] > 0,
                                             summary["shared_tokens"] / summary["tokens"].where(summary["tokens"] > 0, 1),
                                             np.nan)
    summary["threshold"] = threshold
    summary = summary[["event", "outlet", "n_sentences", "shared", "unique", "shared_share",
                       "tokens", "shared_tokens", "shared_token_share", "threshold"]]
    return table, summary


# ------------------------------------------------------------------ framing map

def ordered_outlets(outlets: Iterable[str], order: Sequence[str] | None = None) -> list[str]:
    """Outlets in display order: ``order`` first (those present), then the rest sorted."""
    present = list(dict.fromkeys(str(o) for o in outlets))
    if order is None:
        return sorted(present)
    first = [o for o in dict.fromkeys(order) if o in present]
    return first + sorted(o for o in present if o not in first)


def map_articles(articles: pd.DataFrame, max_articles: int | None = 40, *,
                 outlet_order: Sequence[str] | None = None,
                 events: Sequence[str] | None = None) -> list[str]:
    """The articles a framing map shows: a deterministic sample stratified by outlet.

    Outlets take turns in ``outlet_order`` (then the rest sorted), one article
    per turn, so every outlet is shown while the cap allows and none fills it
    alone; within an outlet, its events take turns too (sorted event ids, then
    sorted article ids within an event). ``events`` keeps only those events.
    Returns the article ids in display order: by outlet, then event, then id.
    """
    meta = _outlet_map(articles)
    if events is not None:
        meta = meta[meta["event"].isin([str(e) for e in events])]
    meta = meta.sort_values(["outlet", "event", "article_id"], kind="stable")
    pos = {o: i for i, o in enumerate(ordered_outlets(meta["outlet"], outlet_order))}
    meta = meta.assign(
        _o=meta["outlet"].map(pos),
        _r=meta.groupby(["outlet", "event"]).cumcount(),           # turn within the event
        _e=meta.groupby("outlet")["event"].rank(method="dense"))   # event's place in the outlet
    # within an outlet: first article of each event, then the second of each, ...
    meta = meta.sort_values(["_o", "_r", "_e"], kind="stable")
    meta["_t"] = meta.groupby("_o").cumcount()                     # the outlet's turn number
    picked = meta.sort_values(["_t", "_o"], kind="stable")
    if max_articles is not None:
        picked = picked.head(int(max_articles))
    return picked.sort_values(["_o", "event", "article_id"], kind="stable")["article_id"].tolist()


def framing_map_data(sentences: pd.DataFrame, hits: pd.DataFrame, quotes: pd.DataFrame,
                     articles: pd.DataFrame | None = None, *,
                     categories: Sequence[str] = MAP_CATEGORIES,
                     article_ids: Sequence[str] | None = None) -> pd.DataFrame:
    """Per article and sentence: which framing markers fall in it.

    ``article_ids`` (e.g. from :func:`map_articles`) limits the table to those
    articles, computed from their rows only (a map shows a few dozen articles;
    at 100,000 articles the full table costs most of a minute).

    Columns: article_id, [outlet, event,] sentence_index, segment, n_tokens,
    token_start (tokens before this sentence in the article), position (0..1,
    sentence order), one count column per category in ``categories`` (lexicon
    hits), ``quote`` (direct quotes overlapping the sentence), ``anonymous_source``
    (anonymous_sourcing hits plus quotes whose speaker is anonymous), and
    ``markers`` (';'-joined names of the non-zero markers).
    """
    _require(sentences, ["article_id", "sentence_index", "n_tokens"], "sentences")
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
        pairs = _per_article_chunks(s, q, overlapping)
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
        s = s.merge(_outlet_map(articles), on="article_id", how="left")
        out_cols = ["article_id", "outlet", "event", "sentence_index"]
    if "segment" not in s.columns:
        s["segment"] = ""
    out_cols += ["segment", "n_tokens", "token_start", "position"] + cols + ["quote", "anonymous_source", "markers"]
    return s[out_cols].reset_index(drop=True)


# ---------------------------------------------------------------------- caveats

def sample_size_note(articles: pd.DataFrame) -> str:
    """A plain-language caveat on what the intervals can and cannot say, from the counts."""
    meta = _outlet_map(articles)
    per = meta.groupby("outlet")["article_id"].nunique().sort_index()
    n_events = meta["event"].nunique()
    listing = ", ".join(f"{o}: {n}" for o, n in per.items())
    text = (f"{len(meta)} article{'s' if len(meta) != 1 else ''} from {len(per)} "
            f"outlet{'s' if len(per) != 1 else ''} ({listing}) on {n_events} "
            f"event{'s' if n_events != 1 else ''}.")
    single = [o for o, n in per.items() if n == 1]
    if single and len(single) == len(per):
        text += (" Every outlet is represented by one article, so intervals show variation across "
                 "that article's sentences, not across the outlet's coverage; differences describe "
                 "these articles, not the outlets.")
    elif single:
        text += (f" {', '.join(single)} {'is' if len(single) == 1 else 'are'} represented by one "
                 "article: for them intervals show variation across that article's sentences only, "
                 "for the others across their articles.")
    else:
        text += " Intervals resample articles within each outlet."
    if n_events == 1:
        text += " With one event, outlet differences cannot be separated from the story itself."
    return text
