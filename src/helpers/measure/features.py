"""Per-article features: annotated hits, long and wide feature tables, naming.

One entry point, :func:`measure_corpus`, runs sentences, quotations and
attribution, lexicon matching, hit annotation and aggregation, and returns a
:class:`Measures` bundle; :func:`write_measures` / :func:`read_measures` store
it in a processed folder (schemas in docs/ARCHITECTURE.md, codebook in
data/README.md).

Rates are per 1,000 tokens (token definition: :mod:`helpers.measure.sentences`), the
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

from ..clean.cleaning import assemble_texts
from ..core.errors import FramingError
from .codes import offset_keys, run_codes, runs, sorted_ids, stable_order
from .sentences import SENTENCE_COLUMNS, split_sentences
from .speech import (ATTRIBUTION_COLUMNS, QUOTE_COLUMNS, article_source_summary,
                     extract_quotes_and_attributions)

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
    codes = run_codes(ids, categories)
    if (codes < 0).any():
        bad = ids.iloc[int(np.flatnonzero(codes < 0)[0])]
        raise FramingError(f"{what} refers to article_id {bad!r} that has no segments",
                           fix="measure hits, quotes and sentences of the same segments table")
    return codes


def _group_index(segment_names) -> np.ndarray:
    """segment name -> 0..3 (headline_lede, body, caption, footnote)."""
    names = np.asarray(segment_names, dtype=object)
    first, length = runs(names)
    group = [_GROUP_OF.get(v, -1) if isinstance(v, str) else -1 for v in names[first].tolist()]
    idx = np.repeat(np.array(group, dtype=np.int64), length)
    if (idx < 0).any():
        bad = names[int(np.flatnonzero(idx < 0)[0])]
        raise FramingError(f"unknown segment {bad!r}",
                           fix="segments must be headline, lede, body, caption or footnote")
    return idx


# ------------------------------------------------------------------ hits

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
    h_codes = _codes(raw_hits["article_id"], cats, "a hit")
    h_start = raw_hits["start"].to_numpy(dtype=np.int64)
    h_end = raw_hits["end"].to_numpy(dtype=np.int64)
    # the hits.csv order (article_id, start, end, lexicon, entry; stable) computed first
    perm = _hit_order(h_codes, h_start, h_end, raw_hits["lexicon"].to_numpy(dtype=object),
                      raw_hits["entry"].to_numpy(dtype=object))
    h_codes, h_start, h_end = h_codes[perm], h_start[perm], h_end[perm]
    h_key = offset_keys(h_codes, h_start)

    s_key = offset_keys(_codes(segments["article_id"], cats, "a segment"),
                  segments["start"].to_numpy(dtype=np.int64))
    s_ord = stable_order(s_key)
    seg_names = segments["segment"].to_numpy(dtype=object)
    seg_idx = segments["segment_index"].to_numpy(dtype=np.int64)
    if s_ord is not None:
        s_key, seg_names, seg_idx = s_key[s_ord], seg_names[s_ord], seg_idx[s_ord]
    si = np.searchsorted(s_key, h_key, side="right") - 1

    t_key = offset_keys(_codes(sentences["article_id"], cats, "a sentence"),
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
        q_codes = _codes(quotes["article_id"], cats, "a quote")
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
                               fix="pass the manifest loaded with helpers.corpus.dataset.load_corpus")
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


# ------------------------------------------------------------------ entry point

def measure_corpus(segments: pd.DataFrame, articles: pd.DataFrame, lexicon: pd.DataFrame,
                   cues, *, matcher=None) -> Measures:
    """Measure everything on cleaned segments: the one entry point of this stage.

    ``segments``: segments.csv table (``helpers.clean.cleaning.clean_corpus``);
    ``articles``: at least article_id, outlet, event (the manifest);
    ``lexicon``: ``helpers.measure.lexicon.load_lexicons`` output; ``cues``:
    the source cues (``helpers.measure.sources.load_source_cues`` or its
    ``SourceCues``). Pure: nothing is read or written.
    ``matcher`` (:func:`helpers.measure.matcher.compile_matcher` of ``lexicon``)
    may be passed by a caller that measures many chunks with one lexicon.
    """
    from .matcher import compile_matcher, match_texts

    sentences = split_sentences(segments)
    texts = assemble_texts(segments)
    raw = match_texts(texts, matcher if matcher is not None else compile_matcher(lexicon))
    # quotations reuse the matcher's reporting-verb hits instead of matching again
    verbs = raw.loc[raw["category"].to_numpy(dtype=object) == "reporting_verbs",
                    ["article_id", "start", "end"]]
    quotes, attributions = extract_quotes_and_attributions(segments, lexicon, cues, sentences=sentences,
                                                           verbs_found=verbs, texts=texts)
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
    from ..core.storage import write_csv

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
    from ..core.storage import read_csv

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
