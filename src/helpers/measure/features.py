"""Per-article feature tables: counts and rates (features.csv), one row per
article (article_features.csv), and naming choices (naming.csv).

Rates are per 1,000 tokens (token definition: :mod:`helpers.measure.sentences`), the
usual normalisation for comparing lexical frequencies across texts of
different length (Biber, Conrad & Reppen 1998, *Corpus Linguistics*, ch. 9).
Voice follows quotation (:mod:`helpers.measure.hits`): ``quoted`` or ``own``.
Counts are ``np.bincount`` over a dense article x segment_group x voice x
category grid, so zero cells are present by construction. Schemas in
docs/ARCHITECTURE.md, codebook in data/README.md.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.errors import FramingError
from .codes import run_codes, runs
from .speech import article_source_summary

FEATURE_COLUMNS = ["article_id", "outlet", "event", "segment_group", "voice", "category",
                   "count", "tokens", "rate_per_1000"]
NAMING_COLUMNS = ["article_id", "outlet", "event", "actor", "surface_form", "count"]
DEFAULT_CATEGORIES = ("loaded_terms", "hedges", "boosters", "reporting_verbs",
                      "anonymous_sourcing", "naming")
SEGMENT_GROUPS = ("headline_lede", "body", "caption", "footnote", "all")
VOICES = ("own", "quoted", "all")
# segment -> segment_group index (the last group, "all", is computed); embedded posts are
# counted with captions: content the outlet placed beside its own prose, never headline or lede
_GROUP_OF = {"headline": 0, "lede": 0, "body": 1, "caption": 2, "embed": 2, "footnote": 3}


def feature_categories(lexicon: pd.DataFrame | None = None, hits: pd.DataFrame | None = None
                       ) -> list[str]:
    """The fixed categories, then any other category of the lexicon or hits, sorted."""
    extra: set[str] = set()
    for df in (lexicon, hits):
        if df is not None and "category" in df.columns:
            extra |= set(df["category"].astype(str).unique())
    return list(DEFAULT_CATEGORIES) + sorted(extra - set(DEFAULT_CATEGORIES))


def _token_grid(sentences: pd.DataFrame, quotes: pd.DataFrame, codes_of, n_art: int) -> np.ndarray:
    """Tokens as an (articles, 5 groups, 3 voices) array."""
    grid = np.zeros((n_art, 4, 2), dtype=np.int64)
    if not sentences.empty:
        a = codes_of(sentences["article_id"])
        g = _group_index(sentences["segment"])
        grid[:, :, 0] += np.bincount(a * 4 + g, weights=sentences["n_tokens"].to_numpy(),
                                     minlength=n_art * 4).reshape(n_art, 4).astype(np.int64)
    if not quotes.empty:
        a = codes_of(quotes["article_id"])
        g = _group_index(quotes["segment"])
        qt = np.bincount(a * 4 + g, weights=quotes["n_tokens"].to_numpy(),
                         minlength=n_art * 4).reshape(n_art, 4).astype(np.int64)
        qt = np.minimum(qt, grid[:, :, 0])  # never more quoted than all tokens
        grid[:, :, 1] = qt
        grid[:, :, 0] -= qt
    return _add_totals(grid)


def _add_totals(grid: np.ndarray) -> np.ndarray:
    """(A, 4, 2, ...) -> (A, 5, 3, ...) with the 'all' group and voice appended."""
    shape = list(grid.shape)
    shape[1], shape[2] = 5, 3
    full = np.zeros(shape, dtype=grid.dtype)
    full[:, :4, :2] = grid
    full[:, 4, :2] = grid.sum(axis=1)
    full[:, :, 2] = full[:, :, :2].sum(axis=2)
    return full


def _article_frame(articles: pd.DataFrame) -> pd.DataFrame:
    for col in ("article_id", "outlet", "event"):
        if col not in articles.columns:
            raise FramingError(f"articles table lacks column {col!r}",
                               fix="pass the manifest loaded with helpers.corpus.load_corpus")
    return (articles[["article_id", "outlet", "event"]].drop_duplicates("article_id")
            .sort_values("article_id", kind="stable").reset_index(drop=True))


def long_features(hits: pd.DataFrame, sentences: pd.DataFrame, quotes: pd.DataFrame,
                  articles: pd.DataFrame, categories: list[str] | None = None) -> pd.DataFrame:
    """features.csv: count, tokens, rate per 1,000 tokens for every article x
    segment_group x voice x category, zero cells included.

    Rows follow ``articles`` sorted by article_id, then SEGMENT_GROUPS, VOICES
    and ``categories`` order. rate_per_1000 is empty (NaN) where tokens is 0.
    """
    arts = _article_frame(articles)
    cats_idx = pd.Index(arts["article_id"])
    n_art = len(arts)
    categories = list(categories) if categories is not None else feature_categories(hits=hits)
    n_cat = len(categories)

    def codes_of(ids: pd.Series) -> np.ndarray:
        c = run_codes(ids, cats_idx)
        if (c < 0).any():
            raise FramingError(f"article_id {ids[c < 0].iloc[0]!r} is not in the articles table",
                               fix="pass the manifest of the same corpus as the segments")
        return c

    tokens = _token_grid(sentences, quotes, codes_of, n_art)              # (A, 5, 3)
    counts4 = np.zeros((n_art, 4, 2, n_cat), dtype=np.int64)
    if not hits.empty:
        cat_code = run_codes(hits["category"], pd.Index(categories, dtype=object))
        keep = cat_code >= 0
        h = hits[keep]
        a = codes_of(h["article_id"])
        g = _group_index(h["segment"])
        v = h["in_quote"].to_numpy(dtype=bool).astype(np.int64)
        flat = ((a * 4 + g) * 2 + v) * n_cat + cat_code[keep]
        counts4 = np.bincount(flat, minlength=n_art * 8 * n_cat).reshape(n_art, 4, 2, n_cat)
    counts = _add_totals(counts4)                                         # (A, 5, 3, C)
    tok = np.broadcast_to(tokens[..., None], counts.shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(tok > 0, counts * 1000.0 / tok, np.nan)

    per_art = 5 * 3 * n_cat
    art_rep = np.repeat(np.arange(n_art), per_art)
    grid_g = np.tile(np.repeat(np.arange(5), 3 * n_cat), n_art)
    grid_v = np.tile(np.repeat(np.arange(3), n_cat), n_art * 5)
    grid_c = np.tile(np.arange(n_cat), n_art * 15)
    cat = pd.Categorical.from_codes
    return pd.DataFrame({
        "article_id": arts["article_id"].to_numpy(dtype=object)[art_rep],
        "outlet": arts["outlet"].to_numpy(dtype=object)[art_rep],
        "event": arts["event"].to_numpy(dtype=object)[art_rep],
        "segment_group": cat(grid_g, categories=list(SEGMENT_GROUPS)),
        "voice": cat(grid_v, categories=list(VOICES)),
        "category": cat(grid_c, categories=categories),
        "count": counts.reshape(-1),
        "tokens": tok.reshape(-1).copy(),
        "rate_per_1000": rate.reshape(-1),
    })


def article_features(features: pd.DataFrame, sentences: pd.DataFrame, quotes: pd.DataFrame,
                     attributions: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """article_features.csv: one row per article (see docs/ARCHITECTURE.md).

    Counts and rates are the ``all`` segment_group / ``all`` voice cells of
    ``features``; sources and verbs come from
    :func:`helpers.measure.speech.article_source_summary`.
    """
    arts = _article_frame(articles)
    out = arts.copy()
    ids = pd.Index(arts["article_id"], dtype=object)
    n_art = len(ids)
    s_codes = run_codes(sentences["article_id"], ids)
    s_in = s_codes >= 0
    tokens = sentences["n_tokens"].to_numpy(dtype=float)
    out["n_tokens"] = np.bincount(s_codes[s_in], weights=tokens[s_in],
                                  minlength=n_art).astype(np.int64)
    out["n_sentences"] = np.bincount(s_codes[s_in], minlength=n_art).astype(np.int64)
    summary = article_source_summary(quotes, attributions, sentences).set_index("article_id")
    cols = ["quoted_token_share", "sources_named_person", "sources_named_institution",
            "sources_anonymous", "sources_unattributed", "verbs_neutral", "verbs_evaluative"]
    summary = summary.reindex(out["article_id"])
    for c in cols:
        vals = summary[c]
        out[c] = vals.to_numpy() if c == "quoted_token_share" else \
            vals.fillna(0).to_numpy(dtype=np.int64)
    allcells = features[(features["segment_group"] == "all") & (features["voice"] == "all")]
    categories = list(allcells["category"].cat.categories) \
        if isinstance(allcells["category"].dtype, pd.CategoricalDtype) \
        else list(dict.fromkeys(allcells["category"]))
    # the article x category cells placed in two arrays (a pivot without the pandas machinery)
    a_code = run_codes(allcells["article_id"], ids)
    c_code = run_codes(allcells["category"].astype(object), pd.Index(categories, dtype=object))
    keep = (a_code >= 0) & (c_code >= 0)
    pairs = a_code[keep] * max(len(categories), 1) + c_code[keep]
    if len(np.unique(pairs)) < len(pairs):
        raise FramingError("features table has two rows for one article, category and cell",
                           fix="pass the features table written by long_features")
    counts = np.zeros((n_art, len(categories)), dtype=np.int64)
    rates = np.full((n_art, len(categories)), np.nan)
    counts[a_code[keep], c_code[keep]] = allcells["count"].to_numpy()[keep]
    rates[a_code[keep], c_code[keep]] = allcells["rate_per_1000"].to_numpy(dtype=float)[keep]
    for k, c in enumerate(categories):
        out[f"{c}_count"] = counts[:, k]
        out[f"{c}_per_1000"] = rates[:, k]
    return out


def naming_table(hits: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """naming.csv: article x actor (subcategory) x surface form (lexicon entry) counts."""
    arts = _article_frame(articles)
    nh = hits[hits["category"].to_numpy(dtype=object) == "naming"]
    if nh.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c == "count" else "object")
                             for c in NAMING_COLUMNS})
    ids = pd.Index(arts["article_id"], dtype=object)
    a_code = run_codes(nh["article_id"], ids)
    actor = nh["subcategory"].to_numpy(dtype=object)
    form = nh["entry"].to_numpy(dtype=object)
    if (a_code < 0).any() or pd.isna(actor).any() or pd.isna(form).any():
        return _naming_table_grouped(nh, arts)  # hits outside the articles table, missing values
    # sort=True: codes follow the sorted order of the values, as groupby(sort=True) does
    actor_code, actors = pd.factorize(actor, sort=True)
    form_code, forms = pd.factorize(form, sort=True)
    n_a, n_f = max(len(actors), 1), max(len(forms), 1)
    key, count = np.unique((a_code * n_a + actor_code) * n_f + form_code, return_counts=True)
    art = key // (n_a * n_f)
    return pd.DataFrame({
        "article_id": ids.to_numpy(dtype=object)[art],
        "outlet": arts["outlet"].to_numpy(dtype=object)[art],
        "event": arts["event"].to_numpy(dtype=object)[art],
        "actor": np.asarray(actors, dtype=object)[(key // n_f) % n_a],
        "surface_form": np.asarray(forms, dtype=object)[key % n_f],
        "count": count.astype(np.int64),
    })


def _naming_table_grouped(nh: pd.DataFrame, arts: pd.DataFrame) -> pd.DataFrame:
    counts = (nh.groupby(["article_id", "subcategory", "entry"], sort=True).size()
              .rename("count").reset_index()
              .rename(columns={"subcategory": "actor", "entry": "surface_form"}))
    out = counts.merge(arts, on="article_id", how="left")
    return out[NAMING_COLUMNS].sort_values(["article_id", "actor", "surface_form"],
                                           kind="stable").reset_index(drop=True)


def _group_index(segment_names) -> np.ndarray:
    """segment name -> 0..3 (headline_lede, body, caption, footnote)."""
    names = np.asarray(segment_names, dtype=object)
    first, length = runs(names)
    group = [_GROUP_OF.get(v, -1) if isinstance(v, str) else -1 for v in names[first].tolist()]
    idx = np.repeat(np.array(group, dtype=np.int64), length)
    if (idx < 0).any():
        bad = names[int(np.flatnonzero(idx < 0)[0])]
        raise FramingError(f"unknown segment {bad!r}",
                           fix="segments must be headline, lede, body, caption, embed or footnote")
    return idx
