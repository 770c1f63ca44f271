"""Orchestration, the only layer that reads and writes a study's files: chunk planning and
caching, process pools or Dask, publishing and reading tables, notebooks, explorer, README, validation.

The names below are loaded on first use (PEP 562 module ``__getattr__``): importing one
module of the run layer (``from helpers.run import stages``) must not import the others,
or ``framing run`` would carry the figures' libraries (matplotlib, scipy, via the explorer)
that only the notebook kernel uses (issue 17: peak memory of a small study).
"""

from __future__ import annotations

import importlib
from typing import Any

EXPORTS = {
    "chunks": ("CHUNKS_DIR", "DEFAULT_CHUNK_ARTICLES", "STAGES_FILE", "Chunk", "chunk_bounds", "plan_chunks",
               "read_state"),
    "cluster": ("LOCAL", "dask_runner"),
    "explorer": ("build_explorer", "load_explorer_tables", "write_explorer"),
    "notebooks": ("check_outputs", "clear_study_outputs", "declared_outputs", "execute_notebook", "run_notebooks",
                  "source_notebooks", "study_notebooks"),
    "publish": ("ARTICLE_TABLES", "CSV_MAX_ARTICLES", "published_path", "wants_csv"),
    "readme": ("outputs_table", "update_readme"),
    "stages": ("COMPARE_BOOTSTRAP", "RATE_CATEGORIES", "StageReport", "clean_stage", "compare_stage",
               "measure_stage", "run_study", "study_category_rates", "study_rate_categories"),
    "studies": ("STARTER_LEXICONS", "create_study", "import_lexicon"),
    "tables": ("CLEAN_TABLES", "COMPARE_TABLES", "MEASURE_TABLES", "read_articles", "read_measures",
               "read_parquet_parts", "read_table"),
    "tasks": ("run_tasks",),
    "validation": ("run_validation",),
    "view": ("ComparisonView", "comparison_view", "group_labels", "nesting_table"),
    "work": ("ARTICLE_COLUMNS",),
}
HOME = {name: module for module, names in EXPORTS.items() for name in names}

__all__ = sorted(HOME)


def __getattr__(name: str) -> Any:
    """A re-exported name, imported from its module when first asked for."""
    module = HOME.get(name)
    if module is None:  # submodules (``from helpers.run import stages``) are found by the import system
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(HOME))
