"""Per-article features: annotated hits, long and wide feature tables, naming.

One entry point, :func:`measure_corpus`, runs sentences, quotations and
attribution, lexicon matching, hit annotation and aggregation, and returns a
:class:`Measures` bundle; :func:`write_measures` / :func:`read_measures` store
it in a processed folder (schemas in docs/ARCHITECTURE.md, codebook in
data/README.md).

Rates are per 1,000 tokens (token definition: :mod:`helpers.sentences`), the
usual normalisation for comparing lexical frequencies across texts of
different length (Biber, Conrad & Reppen 1998, *Corpus Linguistics*, ch. 9).
Voice follows quotation: a hit inside a direct quotation is ``quoted`` (the
source's words), any other hit is ``own`` (the outlet's words).

Everything here is vectorised: offsets are mapped with ``np.searchsorted`` on
``article_code << 32 | offset`` keys and counts are ``np.bincount`` over a
dense article x segment_group x voice x category grid, so zero cells are
present by construction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import FramingError
from .quotes import (ATTRIBUTION_COLUMNS, QUOTE_COLUMNS, article_source_summary,
                     extract_quotes_and_attributions)
from .sentences import SENTENCE_COLUMNS, split_sentences

HIT_COLUMNS = ["article_id", "segment", "segment_index", "sentence_index", "start", "end",
               "matched", "lexicon", "category", "subcategory", "entry", "in_quote", "quote_index"]
FEATURE_COLUMNS = ["article_id", "outlet", "event", "segment_group", "voice", "category",
                   "count", "tokens", "rate_per_1000"]
NAMING_COLUMNS = ["article_id", "outlet", "event", "actor", "surface_form", "count"]
DEFAULT_CATEGORIES = ("loaded_terms", "hedges", "boosters", "reporting_verbs",
                      "anonymous_sourcing", "naming")
SEGMENT_GROUPS = ("headline_lede", "body", "caption", "footnote", "all")
VOICES = ("own", "quoted", "all")
# segment -> segment_group index (the last group, "all", is computed)
_GROUP_OF = {"headline": 0, "lede": 0, "body": 1, "caption": 2, "footnote": 3}
_SHIFT = np.int64(32)


@dataclass
class Measures:
    """Everything measured on a corpus; each field is one processed CSV."""

    sentences: pd.DataFrame
    quotes: pd.DataFrame
    hits: pd.DataFrame
    features: pd.DataFrame
    article_features: pd.DataFrame
    naming: pd.DataFrame
    attributions: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=ATTRIBUTION_COLUMNS))


# ------------------------------------------------------------------ helpers

def _codes(ids: pd.Series, categories: pd.Index, what: str) -> np.ndarray:
    """Integer article codes of ``ids`` in ``categories``; unknown ids are an error."""
    codes = pd.Categorical(ids, categories=categories).codes.astype(np.int64)
    if (codes < 0).any():
        bad = ids[codes < 0].iloc[0]
        raise FramingError(f"{what} refers to article_id {bad!r} that has no segments",
                           fix="measure hits, quotes and sentences of the same segments table")
    return codes


def _keys(codes: np.ndarray, offsets) -> np.ndarray:
    return (codes << _SHIFT) | np.asarray(offsets, dtype=np.int64)


def _group_index(segment_names) -> np.ndarray:
    """segment name -> 0..3 (headline_lede, body, caption, footnote)."""
    names = pd.Series(segment_names, dtype="object")
    idx = names.map(_GROUP_OF)
    if idx.isna().any():
        bad = names[idx.isna()].iloc[0]
        raise FramingError(f"unknown segment {bad!r}",
                           fix="segments must be headline, lede, body, caption or footnote")
    return idx.to_numpy(dtype=np.int64)


# ------------------------------------------------------------------ hits

def annotate_hits(raw_hits: pd.DataFrame, segments: pd.DataFrame, sentences: pd.DataFrame,
                  quotes: pd.DataFrame) -> pd.DataFrame:
    """Add segment, segment_index, sentence_index, in_quote, quote_index to matcher hits.

    ``raw_hits`` has article_id, start, end, matched, lexicon, category,
    subcategory, entry (``helpers.matcher.match_texts``). A hit belongs to the
    segment / sentence / quotation whose span contains its start offset.
    Returns the hits.csv table sorted by article_id, start, end, lexicon, entry.
    """
    cats = pd.Index(sorted(segments["article_id"].unique()))
    if raw_hits.empty:
        out = raw_hits.reindex(columns=HIT_COLUMNS).astype({"in_quote": bool})
        out["quote_index"] = pd.array([], dtype="Int64")
        for c in ("segment_index", "sentence_index", "start", "end"):
            out[c] = out[c].astype("int64")
        return out
    h_codes = _codes(raw_hits["article_id"], cats, "a hit")
    h_key = _keys(h_codes, raw_hits["start"].to_numpy())

    seg = segments.sort_values(["article_id", "start"], kind="stable")
    s_key = _keys(_codes(seg["article_id"], cats, "a segment"), seg["start"].to_numpy())
    si = np.searchsorted(s_key, h_key, side="right") - 1
    seg_names = seg["segment"].to_numpy(dtype=object)[si]
    seg_index = seg["segment_index"].to_numpy(dtype=np.int64)[si]

    sent = sentences.sort_values(["article_id", "start"], kind="stable")
    t_key = _keys(_codes(sent["article_id"], cats, "a sentence"), sent["start"].to_numpy())
    ti = np.searchsorted(t_key, h_key, side="right") - 1
    sent_index = sent["sentence_index"].to_numpy(dtype=np.int64)[np.maximum(ti, 0)]

    in_quote = np.zeros(len(raw_hits), dtype=bool)
    quote_index = np.full(len(raw_hits), -1, dtype=np.int64)
    if not quotes.empty:
        q = quotes.sort_values(["article_id", "start"], kind="stable")
        q_codes = _codes(q["article_id"], cats, "a quote")
        q_start = _keys(q_codes, q["start"].to_numpy())
        q_end = _keys(q_codes, q["end"].to_numpy())
        qi = np.searchsorted(q_start, h_key, side="right") - 1
        ok = qi >= 0
        in_quote[ok] = h_key[ok] < q_end[qi[ok]]
        quote_index[in_quote] = q["quote_index"].to_numpy(dtype=np.int64)[qi[in_quote]]

    out = pd.DataFrame({
        "article_id": raw_hits["article_id"].to_numpy(),
        "segment": seg_names,
        "segment_index": seg_index,
        "sentence_index": sent_index,
        "start": raw_hits["start"].to_numpy(dtype=np.int64),
        "end": raw_hits["end"].to_numpy(dtype=np.int64),
        "matched": raw_hits["matched"].to_numpy(),
        "lexicon": raw_hits["lexicon"].to_numpy(),
        "category": raw_hits["category"].to_numpy(),
        "subcategory": raw_hits["subcategory"].to_numpy(),
        "entry": raw_hits["entry"].to_numpy(),
        "in_quote": in_quote,
        "quote_index": pd.array(np.where(in_quote, quote_index, 0), dtype="Int64"),
    })
    out.loc[~in_quote, "quote_index"] = pd.NA
    return out.sort_values(["article_id", "start", "end", "lexicon", "entry"],
                           kind="stable").reset_index(drop=True)


# ------------------------------------------------------------------ features

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
                               fix="pass the manifest loaded with helpers.dataset.load_corpus")
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
        c = cats_idx.get_indexer(ids)
        if (c < 0).any():
            raise FramingError(f"article_id {ids[c < 0].iloc[0]!r} is not in the articles table",
                               fix="pass the manifest of the same corpus as the segments")
        return c.astype(np.int64)

    tokens = _token_grid(sentences, quotes, codes_of, n_art)              # (A, 5, 3)
    counts4 = np.zeros((n_art, 4, 2, n_cat), dtype=np.int64)
    if not hits.empty:
        cat_code = pd.Index(categories).get_indexer(hits["category"])
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
    :func:`helpers.quotes.article_source_summary`.
    """
    arts = _article_frame(articles)
    out = arts.copy()
    n_tok = sentences.groupby("article_id")["n_tokens"].sum()
    n_sent = sentences.groupby("article_id").size()
    out["n_tokens"] = n_tok.reindex(out["article_id"], fill_value=0).to_numpy(dtype=np.int64)
    out["n_sentences"] = n_sent.reindex(out["article_id"], fill_value=0).to_numpy(dtype=np.int64)
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
    ids = allcells["article_id"].astype(object)
    cats = allcells["category"].astype(object)
    count_w = pd.DataFrame({"article_id": ids, "category": cats, "v": allcells["count"]}) \
        .pivot(index="article_id", columns="category", values="v").reindex(columns=categories)
    rate_w = pd.DataFrame({"article_id": ids, "category": cats, "v": allcells["rate_per_1000"]}) \
        .pivot(index="article_id", columns="category", values="v").reindex(columns=categories)
    for c in categories:
        out[f"{c}_count"] = count_w[c].reindex(out["article_id"]).fillna(0).to_numpy(dtype=np.int64)
        out[f"{c}_per_1000"] = rate_w[c].reindex(out["article_id"]).to_numpy(dtype=float)
    return out


def naming_table(hits: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """naming.csv: article x actor (subcategory) x surface form (lexicon entry) counts."""
    arts = _article_frame(articles)
    nh = hits[hits["category"] == "naming"]
    if nh.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c == "count" else "object")
                             for c in NAMING_COLUMNS})
    counts = (nh.groupby(["article_id", "subcategory", "entry"], sort=True).size()
              .rename("count").reset_index()
              .rename(columns={"subcategory": "actor", "entry": "surface_form"}))
    out = counts.merge(arts, on="article_id", how="left")
    return out[NAMING_COLUMNS].sort_values(["article_id", "actor", "surface_form"],
                                           kind="stable").reset_index(drop=True)


# ------------------------------------------------------------------ entry point

def measure_corpus(segments: pd.DataFrame, articles: pd.DataFrame,
                   lexicon: pd.DataFrame | None = None,
                   root: str | Path | None = None) -> Measures:
    """Measure everything on cleaned segments: the one entry point of this stage.

    ``segments``: segments.csv table (``helpers.clean.clean_corpus``);
    ``articles``: at least article_id, outlet, event (the manifest);
    ``lexicon``: ``helpers.lexicon.load_lexicons`` output (loaded from ``root``
    when None). Pure apart from reading the lexicon and cue files.
    """
    from .clean import assemble_texts
    from .lexicon import load_lexicons
    from .matcher import compile_matcher, match_texts

    if lexicon is None:
        lexicon = load_lexicons(root)
    sentences = split_sentences(segments)
    texts = assemble_texts(segments)
    raw = match_texts(texts, compile_matcher(lexicon))
    # quotations reuse the matcher's reporting-verb hits instead of matching again
    verbs = raw.loc[raw["category"] == "reporting_verbs", ["article_id", "start", "end"]]
    quotes, attributions = extract_quotes_and_attributions(segments, lexicon, sentences=sentences,
                                                           verbs_found=verbs, root=root)
    hits = annotate_hits(raw, segments, sentences, quotes)
    categories = feature_categories(lexicon, hits)
    features = long_features(hits, sentences, quotes, articles, categories)
    wide = article_features(features, sentences, quotes, attributions, articles)
    naming = naming_table(hits, articles)
    return Measures(sentences, quotes, hits, features, wide, naming, attributions)


_FILES = {"sentences": "sentences.csv", "quotes": "quotes.csv", "hits": "hits.csv",
          "features": "features.csv", "article_features": "article_features.csv",
          "naming": "naming.csv", "attributions": "attributions.csv"}


def write_measures(measures: Measures, processed_dir: str | Path) -> list[Path]:
    """Write every table of ``measures`` as CSV into ``processed_dir``; returns changed files."""
    from .storage import write_csv

    changed = []
    for name, fname in _FILES.items():
        path = Path(processed_dir) / fname
        if write_csv(getattr(measures, name), path):
            changed.append(path)
    return changed


def _int_or_na(s: pd.Series) -> pd.Series:
    return pd.to_numeric(s.replace("", pd.NA), errors="raise").astype("Int64")


def _bool(s: pd.Series) -> pd.Series:
    if s.dtype == bool:
        return s
    return s.astype(str).map({"True": True, "False": False}).astype(bool)


def read_measures(processed_dir: str | Path) -> Measures:
    """Read the tables written by :func:`write_measures` with their dtypes restored."""
    from .storage import read_csv

    d = Path(processed_dir)
    tables = {}
    for name, fname in _FILES.items():
        path = d / fname
        if name == "attributions" and not path.exists():
            tables[name] = pd.DataFrame(columns=ATTRIBUTION_COLUMNS)
            continue
        tables[name] = read_csv(path, dtype={"article_id": str, "outlet": str, "event": str,
                                             "text": str, "speaker": str, "verb": str,
                                             "matched": str, "entry": str, "surface_form": str})
    q = tables["quotes"]
    for c in ("speaker_start", "speaker_end"):
        if c in q.columns:
            q[c] = _int_or_na(q[c])
    h = tables["hits"]
    if "quote_index" in h.columns:
        h["quote_index"] = _int_or_na(h["quote_index"])
    if "in_quote" in h.columns:
        h["in_quote"] = _bool(h["in_quote"])
    a = tables["attributions"]
    if "in_quote" in a.columns and len(a):
        a["in_quote"] = _bool(a["in_quote"])
    f = tables["features"]
    if "rate_per_1000" in f.columns:
        f["rate_per_1000"] = pd.to_numeric(f["rate_per_1000"].replace("", np.nan))
    af = tables["article_features"]
    for c in af.columns:
        if c == "quoted_token_share" or c.endswith("_per_1000"):
            af[c] = pd.to_numeric(af[c].replace("", np.nan))
    return Measures(**tables)


__all__ = ["Measures", "annotate_hits", "long_features", "article_features", "naming_table",
           "measure_corpus", "write_measures", "read_measures", "feature_categories",
           "HIT_COLUMNS", "FEATURE_COLUMNS", "NAMING_COLUMNS", "SENTENCE_COLUMNS", "QUOTE_COLUMNS"]
