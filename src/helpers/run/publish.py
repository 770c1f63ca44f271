"""Publishing a stage's chunk tables in the processed folder.

Per-article tables (``articles.csv``, ``article_features.csv``) are always
CSV. The long tables (one row per line, segment, sentence, quote, hit,
feature) are CSV for corpora up to :data:`CSV_MAX_ARTICLES` articles: each
chunk gets a header-first CSV part (made once from its Parquet and kept), and
the CSV is the byte concatenation of the parts in article order. Above that
size a long table would run to millions of rows, more than a spreadsheet
opens (Excel stops at 1,048,576) and slow to write, so it is published as a
Parquet folder ``PROCESSED/TABLE/part-NNNNN.parquet`` (hard links to the
chunk files: no copy), which pandas, R's arrow, DuckDB and Spark read as one
table.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Sequence

import pandas as pd

from ..core.errors import FramingError
from ..core.storage import atomic_dir, atomic_file, atomic_write_bytes, csv_bytes
from ..core.study import CSV_MODES
from .chunks import CHUNKS_DIR

# One row per article: always CSV, whatever the corpus size.
ARTICLE_TABLES = ("articles", "article_features")
# Long tables are CSV up to this many articles (20k articles ~ 1.2M hits, past
# Excel's 1,048,576-row limit), a Parquet folder above (module docstring).
CSV_MAX_ARTICLES = 20_000


def wants_csv(name: str, n_articles: int, csv: str = "auto") -> bool:
    """Whether table ``name`` of a corpus of ``n_articles`` is published as CSV.

    ``csv``: ``'auto'`` (long tables as CSV up to :data:`CSV_MAX_ARTICLES`
    articles), ``'always'`` or ``'never'``; per-article tables are always CSV.
    """
    if csv not in CSV_MODES:
        raise FramingError(f"unknown CSV mode {csv!r}", fix=f"use one of: {', '.join(CSV_MODES)}")
    if name in ARTICLE_TABLES or csv == "always":
        return True
    return csv == "auto" and n_articles <= CSV_MAX_ARTICLES


def published_path(processed: Path, name: str, fname: str, n_articles: int, csv: str = "auto") -> Path:
    """Where table ``name`` is published: ``fname`` (CSV) or the folder ``name/`` (Parquet)."""
    return processed / fname if wants_csv(name, n_articles, csv) else processed / name


def concat_csv_parts(parts: Sequence[Path], target: Path) -> bool:
    """Write the CSV parts (each with the same header) as one CSV, atomically, only if changed.

    Streams part by part, so a table of millions of rows never sits in memory.
    """
    with atomic_file(target) as out:
        with open(out.path, "wb") as fh_out:
            for i, part in enumerate(parts):
                with open(part, "rb") as fh:
                    header = fh.readline()
                    if i == 0:
                        fh_out.write(header)
                    shutil.copyfileobj(fh, fh_out, 1 << 20)
    return out.changed


def csv_part(folder: Path, name: str) -> Path:
    """The chunk's CSV part of table ``name``, made from its Parquet once and kept."""
    part = folder / f"{name}.csvpart"
    if not part.exists():
        atomic_write_bytes(part, csv_bytes(pd.read_parquet(folder / f"{name}.parquet")))
    return part


def _link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)  # free: the published part is the chunk file itself
    except OSError:  # another file system, or links not allowed
        shutil.copyfile(src, dst)


def publish_parquet(folders: Sequence[Path], name: str, target: Path) -> bool:
    """Publish table ``name`` of the chunks as the Parquet folder ``target``
    (``part-NNNNN.parquet`` in article order); swapped in whole, only if changed."""
    sources = [f / f"{name}.parquet" for f in folders]
    if target.is_dir():
        parts = sorted(target.glob("part-*.parquet"))
        if len(parts) == len(sources) and all(os.path.samefile(a, b) for a, b in zip(parts, sources)):
            return False
    with atomic_dir(target, replace=True) as out:
        for i, src in enumerate(sources):
            _link_or_copy(src, out.path / f"part-{i:05d}.parquet")
    return True


def remove_parquet_folder(folder: Path) -> bool:
    """Remove a published Parquet folder (only one this module made: part files only)."""
    if not folder.is_dir() or any(not p.name.startswith("part-") for p in folder.iterdir()):
        return False
    shutil.rmtree(folder)
    return True


def publish_tables(processed: Path, folders: Sequence[Path], tables: dict[str, str],
                   n_articles: int, csv: str = "auto") -> list[str]:
    """Publish each table of the chunks as CSV or as a Parquet folder (:func:`wants_csv`),
    removing the other form so no stale copy remains. Returns what was rewritten."""
    written = []
    for name, fname in tables.items():
        csv_target, pq_target = processed / fname, processed / name
        if wants_csv(name, n_articles, csv):
            if concat_csv_parts([csv_part(f, name) for f in folders], csv_target):
                written.append(fname)
            if remove_parquet_folder(pq_target):
                written.append(f"{name}/")
        else:
            if publish_parquet(folders, name, pq_target):
                written.append(f"{name}/")
            if csv_target.exists():
                csv_target.unlink()
                written.append(fname)
    return written


def prune_chunks(processed: Path, stage: str, keep: set[str]) -> None:
    """Remove chunk folders no current chunk refers to (stale results)."""
    folder = processed / CHUNKS_DIR / stage
    if not folder.exists():
        return
    for d in folder.iterdir():
        if d.name not in keep:
            shutil.rmtree(d, ignore_errors=True)
