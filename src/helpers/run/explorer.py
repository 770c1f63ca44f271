"""The explorer page of a study: read its processed tables, write ``explorer.html``.

The page itself is built, purely, by :mod:`helpers.present.explore`; this
module reads the tables it needs through the one table reader
(:func:`helpers.run.tables.read_table`: chunks, CSV or Parquet folders; for a
large corpus only the sampled articles' rows) and writes the page to the
study's :attr:`~helpers.core.study.Study.explorer`. When ``framing discover`` wrote
candidate files for the study, the page gets a candidates view (tick rows, export the
file ``framing lexicon accept`` reads). A study that was never run is cleaned and measured
first (:func:`ensure_measured`), so the view can be opened right after ``framing discover``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..core.errors import FramingError
from ..core.storage import atomic_write_text
from ..core.study import Study
from ..core.storage import read_csv
from ..present.explore import (DEFAULT_MAX_ARTICLES, OPTIONAL_TABLES, REQUIRED_TABLES, build_explorer_html,
                               candidates_payload, sample_articles)
from .discover import ACCEPT_MARKS, CANDIDATE_FILES
from .labels import study_names
from .stages import run_clean, run_measure
from .tables import file_name, read_table


def check_processed(study: Study) -> None:
    if not study.processed.is_dir():
        raise FramingError("processed folder not found", path=study.processed,
                           fix=f"run the study first (make report, or framing run {study.name})")


def ensure_measured(study: Study, progress: bool = False) -> bool:
    """Run the cleaning and measuring stages (cached, hash-checked) when the study has no
    measured tables yet; a study that has them is left as it is. Returns whether it ran them."""
    try:
        read_table(study, "article_features", columns=["article_id"])
        return False
    except FramingError:
        run_clean(study, progress=progress)
        run_measure(study, progress=progress)
        return True


def load_explorer_tables(study: Study, article_ids: list[str] | None = None) -> dict[str, pd.DataFrame]:
    """The tables the explorer needs: ``segments``, ``hits`` and ``article_features``
    (required) and ``quotes`` (for shading quoted passages, when present).
    ``article_ids`` keeps only those articles' rows of every table but
    ``article_features`` (which gives the corpus size), so a sample of a large
    corpus is read, not all of it."""
    check_processed(study)
    wanted = None if article_ids is None else [str(a) for a in article_ids]
    tables: dict[str, pd.DataFrame] = {}
    for name, columns in {**REQUIRED_TABLES, **OPTIONAL_TABLES}.items():
        rows = None if wanted is None or name == "article_features" else [("article_id", "in", wanted)]
        try:
            df = read_table(study, name, filters=rows)
        except FramingError:
            if name in OPTIONAL_TABLES:
                continue
            raise
        missing = [c for c in columns if c not in df.columns]
        if missing:
            raise FramingError(f"missing column(s) {', '.join(missing)}", path=study.processed / file_name(name),
                               fix="rewrite the table with the columns in docs/ARCHITECTURE.md")
        tables[name] = df
    return tables


def load_candidates(study: Study) -> dict | None:
    """The candidates view's data when ``framing discover`` wrote candidate files for the study
    (every value read as text), else None."""
    files = [study.candidates / f for f in CANDIDATE_FILES.values() if (study.candidates / f).exists()]
    if not files:
        return None
    return candidates_payload({f.name: read_csv(f, dtype=str) for f in files}, study=study.name,
                              folder=study.relative(study.candidates), marks=ACCEPT_MARKS)


def build_explorer(study: Study, *, title: str | None = None, max_articles: int = DEFAULT_MAX_ARTICLES) -> str:
    """The explorer HTML of a study's tables (deterministic: same tables, same bytes);
    ``title`` defaults to "Framing explorer: NAME"."""
    check_processed(study)
    # a large corpus: read only the sampled articles' rows (the payload samples the same ones)
    meta = read_table(study, "article_features", columns=["article_id"])
    ids = sample_articles(meta["article_id"].astype(str).tolist(), max_articles)
    if len(ids) == meta["article_id"].nunique():
        ids = None
    return build_explorer_html(load_explorer_tables(study, ids), title=title or f"Framing explorer: {study.name}",
                               max_articles=max_articles, names=study_names(study),
                               candidates=load_candidates(study))


def write_explorer(study: Study, *, max_articles: int = DEFAULT_MAX_ARTICLES) -> Path:
    """Build and write the study's explorer page (atomic, untouched if identical); returns its path."""
    atomic_write_text(study.explorer, build_explorer(study, max_articles=max_articles))
    return study.explorer
