"""Study-file helpers the notebooks still call from here: project-relative paths,
the table of a notebook's inputs and outputs, and the category rates the rate
figures need (:func:`load_category_rates` reads the compare stage's tables
through the run layer; it moves there with the study object).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..compare import category_rates
from ..core.paths import StudyPaths


def relative(path: str | Path, paths: StudyPaths) -> str:
    """``path`` relative to the project root, for printing (no machine-specific prefixes)."""
    try:
        return Path(path).resolve().relative_to(paths.root.resolve()).as_posix()
    except ValueError:
        return Path(path).name


def io_table(paths: StudyPaths, inputs: list[str | Path], outputs: dict[str, list[str]]) -> pd.DataFrame:
    """A table of a notebook's inputs and declared outputs, as project-relative paths."""
    rows = [("input", relative(p, paths)) for p in inputs]
    for kind, names in outputs.items():
        folder = getattr(paths, kind)
        rows.extend(("output", relative(folder / n, paths)) for n in names)
    return pd.DataFrame(rows, columns=["role", "path"])


RATE_NUMBERS = ["count", "tokens", "rate_per_1000", "ci_low", "ci_high", "n_units", "n_articles", "n_boot", "ci"]


def load_category_rates(paths: StudyPaths, measures, articles: pd.DataFrame, categories: list[str], *,
                        by_event: bool = False, n_boot: int = 2000) -> pd.DataFrame:
    """Category rates with bootstrap intervals (:func:`helpers.compare.category_rates`)
    for the rates figures, computed once per study.

    When every outlet (``by_event``: every event x outlet) has several
    articles, the article is the resampling unit, and the table from the
    per-article features equals the one from hits and sentences (same counts,
    tokens and replicates; tests/test_many_outlets.py). The pipeline's compare
    stage writes exactly that table (``category_rates*.csv``, cached), so it is
    read, not recomputed. Otherwise (an outlet with a single article, as in the
    seed study: its sentences are resampled, which needs the sentence table) it
    is computed from ``measures.hits``, ``sentences`` and ``quotes``.
    """
    from ..run import pipeline  # a later layer: why this function is due to move to run

    groups = ["event", "outlet"] if by_event else ["outlet"]
    several = bool((articles.groupby(groups)["article_id"].nunique() > 1).all())
    if not several:
        return category_rates(measures.hits, measures.sentences, articles, quotes=measures.quotes,
                              categories=categories, by_event=by_event, n_boot=n_boot, seed=0)
    if list(categories) == list(pipeline.RATE_CATEGORIES) and n_boot == pipeline.COMPARE_BOOTSTRAP:
        table = pipeline.compare_stage(paths)["category_rates_by_event" if by_event else "category_rates"]
        table = table.copy()
        for col in RATE_NUMBERS:
            table[col] = pd.to_numeric(table[col].replace("", None))
        if by_event:
            table["event"] = table["event"].astype(str)
        return table
    f = measures.features
    return category_rates(f[f["segment_group"] == "all"], None, articles, categories=categories,
                          by_event=by_event, n_boot=n_boot, seed=0)
