"""The one reader of a study's processed tables, whatever their form.

A table is read from the stage's Parquet chunks when they are present (fast,
typed as the stage made it), else from its published form: a CSV file, or for
large corpora a Parquet folder ``PROCESSED/TABLE/part-NNNNN.parquet`` (e.g. a
fresh clone of the committed seed study, whose chunk cache is not in git).
CSV keeps no types, so the contract's types are restored on reading
(:func:`typed_csv_table`): ids and texts stay strings ('' stays ''), nullable
offsets are ``Int64``, flags are bool.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd

from ..core.errors import FramingError
from ..core.storage import read_csv
from ..core.study import Study
from ..measure import Measures
from .chunks import recorded_folders

CLEAN_TABLES = {"articles": "articles.csv", "segments": "segments.csv", "audit": "audit.csv"}
MEASURE_TABLES = {"sentences": "sentences.csv", "quotes": "quotes.csv",
                  "attributions": "attributions.csv", "hits": "hits.csv",
                  "features": "features.csv", "article_features": "article_features.csv",
                  "naming": "naming.csv"}
COMPARE_TABLES = {"category_rates": "category_rates.csv",
                  "category_rates_by_event": "category_rates_by_event.csv"}

# Text columns of the contract tables (docs/ARCHITECTURE.md), read from CSV as str.
_TEXT_COLUMNS = ("article_id", "outlet", "event", "title", "published", "language", "url", "raw_path",
                 "format", "encoding", "sha256", "segment", "text", "raw_line", "action", "reason",
                 "rule", "flags", "speaker", "speaker_class", "verb", "verb_class", "matched",
                 "lexicon", "category", "subcategory", "entry", "actor", "surface_form",
                 "segment_group", "voice")
_NULLABLE_INTS = {"quotes": ("speaker_start", "speaker_end"), "attributions": ("speaker_start", "speaker_end"),
                  "hits": ("quote_index",), "audit": ("segment_index",)}
_BOOLS = {"hits": ("in_quote",), "attributions": ("in_quote",)}
# The comparison tables' numbers: '' (an interval that cannot be drawn) is a missing number.
RATE_NUMBERS = ("count", "tokens", "rate_per_1000", "ci_low", "ci_high", "n_units", "n_articles", "n_boot", "ci")


def stage_of(name: str) -> str | None:
    """The stage whose chunks hold table ``name`` (None for the comparison tables)."""
    return "clean" if name in CLEAN_TABLES else "measure" if name in MEASURE_TABLES else None


def file_name(name: str) -> str:
    return {**CLEAN_TABLES, **MEASURE_TABLES, **COMPARE_TABLES}.get(name, f"{name}.csv")


def read_parquet_parts(files: Sequence[Path], columns: list[str] | None = None,
                       filters: list | None = None) -> pd.DataFrame:
    """Concatenate Parquet files of one table, in the order given."""
    frames = [pd.read_parquet(f, columns=columns, filters=filters) for f in files]
    if not frames:
        return pd.DataFrame(columns=columns or [])
    out = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    # categorical columns (features' segment_group, voice, ...) come back as plain strings,
    # as from measure_corpus: a categorical groupby would add unobserved combinations
    for col in out.columns:
        if isinstance(out[col].dtype, pd.CategoricalDtype):
            out[col] = out[col].astype(object)
    return out


def load_chunk_tables(folders: Sequence[Path], name: str, columns: list[str] | None = None,
                      filters: list | None = None) -> pd.DataFrame:
    """Concatenate table ``name`` from chunk folders (Parquet), in chunk order."""
    return read_parquet_parts([f / f"{name}.parquet" for f in folders], columns, filters)


def typed_csv_table(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """Table ``name`` read from CSV (all columns as read with '' kept) with the contract's types."""
    for col in _NULLABLE_INTS.get(name, ()):
        if col in df.columns:
            df[col] = pd.to_numeric(df[col].replace("", pd.NA), errors="raise").astype("Int64")
    for col in _BOOLS.get(name, ()):
        if col in df.columns and df[col].dtype != bool:
            df[col] = df[col].astype(str).map({"True": True, "False": False}).astype(bool)
    numbers = RATE_NUMBERS if name in COMPARE_TABLES else ()
    for col in df.columns:  # rates: '' is a missing number
        if col in numbers or col == "quoted_token_share" or col.endswith("per_1000"):
            # mask, not replace: replace("", nan) on an object column warns about downcasting
            df[col] = pd.to_numeric(df[col].mask(df[col].astype(str) == ""), errors="raise")
    return df


def read_csv_table(path: Path, name: str) -> pd.DataFrame:
    """A published CSV table with its contract types (:func:`typed_csv_table`)."""
    header = pd.read_csv(path, nrows=0).columns if path.exists() else []
    dtype = {c: str for c in header if c in _TEXT_COLUMNS or c in _NULLABLE_INTS.get(name, ())}
    return typed_csv_table(name, read_csv(path, dtype=dtype))


def read_table(study: Study, name: str, columns: list[str] | None = None,
               filters: list | None = None) -> pd.DataFrame:
    """Table ``name`` of a study (``'segments'``, ``'hits'``, ``'articles'``, ...),
    whatever its published form.

    ``columns`` and ``filters`` (pyarrow form, e.g. ``[("segment_group", "==",
    "all")]``) are applied while reading Parquet, so a slice of a large table
    never loads it whole.
    """
    stage = stage_of(name)
    folders = recorded_folders(study.processed, stage) if stage else None
    if folders is not None:
        return load_chunk_tables(folders, name, columns, filters)
    folder, csv_path = study.processed / name, study.processed / file_name(name)
    if folder.is_dir():
        return read_parquet_parts(sorted(folder.glob("part-*.parquet")), columns, filters)
    if not csv_path.exists():
        raise FramingError(f"table {name} not found", path=csv_path,
                           fix=f"run the study first (framing run {study.name}, or the earlier notebook)")
    df = read_csv_table(csv_path, name)
    if filters:
        for col, op, value in filters:
            if op not in ("==", "in"):
                raise FramingError(f"filter operator {op!r} not supported on CSV tables", fix="use == or in")
            df = df[df[col] == value] if op == "==" else df[df[col].isin(value)]
    return (df[columns] if columns else df).reset_index(drop=True)


def read_articles(study: Study) -> pd.DataFrame:
    """``articles.csv`` of a study, as written by the cleaning stage."""
    return read_table(study, "articles")


def read_measures(study: Study, tables: Sequence[str] | None = None) -> Measures:
    """The measured tables of a study (``tables`` limits what is read: the others are
    empty frames, e.g. ``["features", "article_features", "naming"]`` on a very large corpus)."""
    wanted = list(tables) if tables is not None else list(MEASURE_TABLES)
    return Measures(**{name: read_table(study, name) if name in wanted else pd.DataFrame()
                       for name in MEASURE_TABLES})


def table_path(study: Study, name: str) -> Path:
    """Where table ``name`` of a study is published: its CSV file, or the Parquet
    folder that replaces it for a large corpus (the CSV path when neither exists yet)."""
    folder = study.processed / name
    return folder if folder.is_dir() else study.processed / file_name(name)
