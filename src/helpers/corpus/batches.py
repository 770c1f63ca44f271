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


def _as_str_frame(df: pd.DataFrame) -> pd.DataFrame:
    return df.astype(object).where(df.notna(), "").astype(str)


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
        records.append({k: "" if v is None else str(v) for k, v in obj.items()})
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
