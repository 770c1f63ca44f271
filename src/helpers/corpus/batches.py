"""Batch files of many articles (CSV, JSONL, Parquet) read as tables of str.

A batch has one row per article: a text column and metadata columns (mapped
by name when adding). Every cell comes back as str, '' for a missing value,
so the checks in :mod:`helpers.corpus.candidates` see one kind of input.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from ..core.errors import FramingError
from .decode import decode_bytes, looks_binary

BATCH_SUFFIXES = {".csv", ".jsonl", ".ndjson", ".parquet"}
# A batch file (CSV/JSONL/Parquet) of many articles.
MAX_BATCH_BYTES = 1024 * 1024 * 1024
# Rows of a Parquet batch converted to Python at a time: the batch is never
# held twice (as Arrow and as Python strings) in full.
PARQUET_READ_ROWS = 5000


class NonText(str):
    """A batch cell that was not a string (a number, a list, a date ...), as its str form
    with its ``kind``: fine for an event or a date column, refused in a text, outlet or
    title column (a Parquet text column of numbers used to be added as ``12345``)."""

    kind: str = "value"

    def __new__(cls, value: str, kind: str) -> NonText:
        obj = super().__new__(cls, value)
        obj.kind = kind
        return obj

    def __reduce__(self):  # keep the mark through pickling (process pools)
        return (NonText, (str(self), self.kind))


def _missing(v: object) -> bool:
    return v is None or (isinstance(v, float) and v != v) or v is pd.NaT


def _kind(v: object) -> str:
    import numpy as np

    if isinstance(v, dict):
        return "mapping"
    if isinstance(v, (list, tuple, np.ndarray)):
        return "list"
    if isinstance(v, (bool, np.bool_)):
        return "boolean"
    if isinstance(v, (int, float, np.number)):
        return "number"
    return type(v).__name__


def mark_cell(v: object) -> str:
    """A cell as str: itself if a str, '' if missing, else a :class:`NonText`."""
    if isinstance(v, str):
        return v
    if _missing(v):
        return ""
    return NonText(str(v), _kind(v))


def _as_str_frame(df: pd.DataFrame) -> pd.DataFrame:
    """str cells ('' for missing); cells that were not strings marked :class:`NonText`."""
    out = {}
    for col in df.columns:
        values = df[col].tolist()
        out[col] = [mark_cell(v) for v in values]
    return pd.DataFrame(out, columns=df.columns, index=df.index, dtype=object)


def _check_batch_size(path: Path) -> None:
    size = path.stat().st_size
    if size == 0:
        raise FramingError("empty batch file", path=path, fix="supply rows of articles")
    if size > MAX_BATCH_BYTES:
        raise FramingError(f"batch file over the {MAX_BATCH_BYTES:,}-byte limit", path=path,
                           fix="split it into smaller files")


def _unreadable_parquet(path: Path, exc: Exception) -> FramingError:
    return FramingError(f"unreadable Parquet ({type(exc).__name__})", path=path,
                        fix="re-export the file as Parquet, CSV or JSONL")


def read_batch_text(path: Path) -> str:
    """The text of a CSV or JSONL batch file: refused if binary, decoded as
    :func:`helpers.corpus.decode.decode_bytes` decodes an article."""
    data = path.read_bytes()
    if looks_binary(data):
        raise FramingError("binary data, not a text batch file", path=path, fix="supply UTF-8 CSV or JSONL")
    return decode_bytes(data, path)[0]


def read_batch(path: Path) -> pd.DataFrame:
    """A batch file as one str DataFrame ('' for missing); a file that cannot be read
    whole (size, format, a bad JSONL line) is refused with a :class:`FramingError`."""
    _check_batch_size(path)
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        try:
            df = pd.read_parquet(path)
        except Exception as exc:  # pyarrow raises many types for a bad file
            raise _unreadable_parquet(path, exc) from exc
        return _as_str_frame(df)
    text = read_batch_text(path)
    if suffix == ".csv":
        try:
            df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[])
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise FramingError(f"unreadable CSV ({str(exc).splitlines()[0]})", path=path,
                               fix="write it as UTF-8 CSV with a header row") from exc
        return df
    records = []
    for i, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise FramingError(f"invalid JSON on line {i} ({exc.msg})", path=path, row=len(records) + 1,
                               fix="write one JSON object per line") from None
        if not isinstance(obj, dict):
            raise FramingError(f"line {i} is not a JSON object", path=path, row=len(records) + 1,
                               fix="write one JSON object per line")
        records.append({k: mark_cell(v) for k, v in obj.items()})
    if not records:
        raise FramingError("no records in the JSONL file", path=path, fix="supply one JSON object per line")
    return pd.DataFrame(records).fillna("")


def batch_frames(path: Path) -> Iterator[pd.DataFrame]:
    """A batch file as str DataFrames ('' for missing), in file order: Parquet in
    pieces of :data:`PARQUET_READ_ROWS` rows, CSV and JSONL whole (:func:`read_batch`)."""
    if path.suffix.lower() != ".parquet":
        yield read_batch(path)
        return
    import pyarrow.parquet as pq

    _check_batch_size(path)
    try:
        pf = pq.ParquetFile(path)
        batches = pf.iter_batches(batch_size=PARQUET_READ_ROWS)
        for batch in batches:
            yield _as_str_frame(batch.to_pandas())
    except FramingError:
        raise
    except Exception as exc:  # pyarrow raises many types for a bad file
        raise _unreadable_parquet(path, exc) from exc
