"""The explorer page of a study: read its processed tables, write ``explorer.html``.

The page itself is built, purely, by :mod:`helpers.present.explore`; this
module decides which files it reads (CSV, or the Parquet folders a large
corpus has instead; for a large corpus only the sampled articles' rows) and
where the page goes (``framing explore``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from ..core.errors import FramingError
from ..core.paths import DEFAULT_CORPUS, reports_dir, study_paths
from ..core.storage import atomic_write_text, read_csv
from ..present.explore import (DEFAULT_MAX_ARTICLES, OPTIONAL_TABLES, REQUIRED_TABLES, build_explorer_html,
                               sample_articles)
from .pipeline import read_parquet_parts

OUTPUT_NAME = "explorer.html"


def _read_table(processed_dir: Path, name: str, article_ids: list[str] | None) -> pd.DataFrame | None:
    """Table ``name`` as ``NAME.csv`` or, for a large corpus, the Parquet folder
    ``NAME/part-*.parquet``; only the rows of ``article_ids`` when given (pushed
    down into the Parquet reader). None if neither form exists."""
    csv, folder = processed_dir / f"{name}.csv", processed_dir / name
    wanted = None if article_ids is None else [str(a) for a in article_ids]
    if csv.exists():
        df = read_csv(csv)
        return df if wanted is None else df[df["article_id"].astype(str).isin(wanted)].reset_index(drop=True)
    parts = sorted(folder.glob("part-*.parquet")) if folder.is_dir() else []
    if not parts:
        return None
    return read_parquet_parts(parts, filters=None if wanted is None else [("article_id", "in", wanted)])


def load_processed(processed_dir: str | Path, article_ids: list[str] | None = None) -> dict[str, pd.DataFrame]:
    """Read the tables the explorer needs from a processed folder (CSV, or the
    Parquet folders a large corpus has instead).

    ``segments``, ``hits`` and ``article_features`` are required; ``quotes``
    is used for shading quoted passages when present. ``article_ids`` keeps
    only those articles' rows of every table but ``article_features`` (which
    gives the corpus size), so a sample of a large corpus is read, not all of it.
    """
    processed_dir = Path(processed_dir)
    if not processed_dir.is_dir():
        raise FramingError("processed folder not found", path=processed_dir,
                           fix="run the study first (make report, or framing run CORPUS)")
    tables: dict[str, pd.DataFrame] = {}
    for name, columns in {**REQUIRED_TABLES, **OPTIONAL_TABLES}.items():
        path = processed_dir / f"{name}.csv"
        df = _read_table(processed_dir, name, None if name == "article_features" else article_ids)
        if df is None:
            if name in OPTIONAL_TABLES:
                continue
            raise FramingError("file not found", path=path, fix="run the earlier notebook or stage")
        missing = [c for c in columns if c not in df.columns]
        if missing:
            raise FramingError(f"missing column(s) {', '.join(missing)}", path=path,
                               fix="rewrite the table with the columns in docs/ARCHITECTURE.md")
        tables[name] = df
    return tables


def build_explorer(processed_dir: str | Path, *, title: str,
                   max_articles: int = DEFAULT_MAX_ARTICLES) -> str:
    """The explorer HTML for the tables in ``processed_dir`` (deterministic: same tables, same bytes)."""
    # a large corpus: read only the sampled articles' rows (the payload samples the same ones)
    meta = _read_table(Path(processed_dir), "article_features", None)
    ids = None if meta is None else sample_articles(meta["article_id"].astype(str).tolist(), max_articles)
    if meta is not None and len(ids) == meta["article_id"].nunique():
        ids = None
    return build_explorer_html(load_processed(processed_dir, ids), title=title, max_articles=max_articles)


def explorer_paths(corpus: str, output: str | Path | None = None,
                   root: str | Path | None = None) -> tuple[Path, Path]:
    """(processed folder to read, HTML file to write) for ``corpus``.

    Default output: the seed study's ``notebooks/explorer.html``; for another
    corpus ``reports/NAME/explorer.html`` (where ``framing run`` writes). With
    ``output`` the page goes to ``OUTPUT/explorer.html`` and reads
    ``OUTPUT/processed`` if that exists, else the corpus' default tables.
    """
    default_out = None if corpus == DEFAULT_CORPUS else reports_dir(corpus, root)
    default = study_paths(corpus, default_out, root)
    if output is None:
        return default.processed, default.notebooks / OUTPUT_NAME
    chosen = study_paths(corpus, output, root)
    processed = chosen.processed if chosen.processed.is_dir() else default.processed
    return processed, chosen.notebooks / OUTPUT_NAME


def write_explorer(corpus: str, output: str | Path | None = None, root: str | Path | None = None,
                   *, max_articles: int = DEFAULT_MAX_ARTICLES) -> Path:
    """Build and write the explorer of ``corpus`` (atomic, untouched if identical); returns its path."""
    processed, target = explorer_paths(corpus, output, root)
    page = build_explorer(processed, title=f"Framing explorer: {corpus}", max_articles=max_articles)
    atomic_write_text(target, page)
    return target


def command_explore(args: argparse.Namespace) -> int:
    """``framing explore [CORPUS] [--output DIR]``."""
    path = write_explorer(args.corpus, getattr(args, "output", None), getattr(args, "root", None))
    print(path)
    return 0
