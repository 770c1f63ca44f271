"""The study's stages as functions that read and write the processed folder.

Notebooks call these (and nothing else that computes), so the notebooks and
``framing run`` share one code path:

    clean_stage(paths)    raw corpus -> articles.csv, segments.csv, audit.csv
    measure_stage(paths)  segments   -> sentences, quotes, attributions, hits,
                                        features, article_features, naming
"""

from __future__ import annotations

import pandas as pd

from . import clean, dataset, features
from .lexicon import load_lexicons
from .paths import StudyPaths
from .storage import read_csv, write_csv

ARTICLE_COLUMNS = ["article_id", "outlet", "title", "published", "event", "language", "url",
                   "raw_path", "format", "encoding", "sha256", "n_raw_lines", "n_kept_lines",
                   "n_removed_lines", "n_segments", "clean_chars"]


def articles_table(corpus: pd.DataFrame, segments: pd.DataFrame, audit: pd.DataFrame) -> pd.DataFrame:
    """One row per article: the manifest (without text) plus what cleaning kept and removed."""
    meta = corpus.drop(columns=["text"], errors="ignore").copy()
    meta["event"] = meta["event"].replace("", dataset.DEFAULT_EVENT)
    lines = audit.groupby("article_id")["action"].agg(
        n_raw_lines="size", n_kept_lines=lambda a: int((a == "kept").sum()))
    lines["n_removed_lines"] = lines["n_raw_lines"] - lines["n_kept_lines"]
    segs = segments.groupby("article_id").agg(n_segments=("segment_index", "size"),
                                              clean_chars=("end", "max"))
    out = meta.merge(lines, on="article_id", how="left").merge(segs, on="article_id", how="left")
    for col in ("n_raw_lines", "n_kept_lines", "n_removed_lines", "n_segments", "clean_chars"):
        out[col] = out[col].fillna(0).astype(int)
    return out[[c for c in ARTICLE_COLUMNS if c in out.columns]].sort_values(
        "article_id", kind="stable").reset_index(drop=True)


def read_articles(paths: StudyPaths) -> pd.DataFrame:
    """``articles.csv`` of a study, as written by :func:`clean_stage`."""
    return read_csv(paths.processed / "articles.csv", dtype={"article_id": str, "published": str})


def clean_stage(paths: StudyPaths) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Load the corpus (checking every raw hash), clean it, write the tables.

    Returns (articles, segments, audit).
    """
    corpus = dataset.load_corpus(paths.corpus, paths.root)
    segments, audit = clean.clean_corpus(corpus, paths.root)
    articles = articles_table(corpus, segments, audit)
    clean.write_clean(segments, audit, paths.processed)
    write_csv(articles, paths.processed / "articles.csv")
    return articles, segments, audit


def measure_stage(paths: StudyPaths) -> features.Measures:
    """Match the lexicons, find quotes and sources, compute features; write the tables."""
    segments = clean.read_segments(paths.processed)
    articles = read_articles(paths)
    lexicon = load_lexicons(paths.root)
    measures = features.measure_corpus(segments, articles, lexicon, root=paths.root)
    features.write_measures(measures, paths.processed)
    return measures
