"""One validation: every result table of scoring a study's measures against its gold spans.

Built here once, from tables already in memory, so every caller -- the run
layer writing ``validation/*.csv``, a notebook, a test -- gets the same
tables: scores and rank correlations (van Rijsbergen 1979; Krippendorff 2018,
ch. 12), the error lines and their summary (Grimmer & Stewart 2013), the
checked gold spans and the predictions that were scored.
"""

from __future__ import annotations

from typing import Any, Mapping

import pandas as pd

from .errors import error_analysis, error_summary
from .gold import not_scorable, scorable
from .scores import count_correlation, restrict_to_gold, score, score_by_label
from .spans import predicted_spans

#: The result tables of :func:`validate_measures`, in the order they are written.
OUTPUT_TABLES = ("scores", "label_scores", "correlation", "errors", "error_summary", "gold",
                 "not_scorable", "predicted")


def validate_measures(gold: pd.DataFrame, measures: Any, texts: Mapping[str, str] | pd.Series,
                      lexicon_entries: pd.DataFrame | None) -> dict[str, pd.DataFrame]:
    """Score ``measures`` against ``gold`` on the hand-coded articles.

    ``gold``: checked gold spans (``load_gold`` / ``parse_gold``).
    ``measures``: the measure tables (``helpers.measure.features.Measures`` or a
    dict with ``hits``, ``quotes`` and optionally ``attributions``).
    ``texts``: article_id -> clean text. ``lexicon_entries``: a table with
    ``entry`` and ``category`` columns (e.g. the study's ``load_lexicons``
    output), used to name the lexicon row behind a false negative; None or
    empty when there is no lexicon.

    Returns the :data:`OUTPUT_TABLES` by name, in that order: ``scores``
    (``score``), ``label_scores`` (``score_by_label``: per source class, cue
    kind, actor, ...), ``correlation`` (``count_correlation``), ``errors``
    (``error_analysis``), ``error_summary``, ``gold`` (the spans scored),
    ``not_scorable`` (gold spans on lines cleaning removed, counted apart) and
    ``predicted`` (the predicted spans of the gold articles and categories,
    i.e. those that were scored). The articles scored are every article of
    the gold table, also those listed by a bare row with no span.
    """
    predicted = predicted_spans(measures)
    articles = sorted(set(gold["article_id"]))
    _, scored, _ = restrict_to_gold(gold, predicted, articles)
    errors = error_analysis(gold, predicted, texts, lexicon=lexicon_entries, articles=articles)
    return {
        "scores": score(gold, predicted, articles=articles),
        "label_scores": score_by_label(gold, predicted, articles=articles),
        "correlation": count_correlation(gold, predicted, articles),
        "errors": errors,
        "error_summary": error_summary(errors),
        "gold": _spans_scored(gold),
        "not_scorable": not_scorable(gold).reset_index(drop=True),
        "predicted": scored.reset_index(drop=True),
    }


def _spans_scored(gold: pd.DataFrame) -> pd.DataFrame:
    """The gold spans that were scored: the table as given when all of it was."""
    spans = scorable(gold)
    spans = spans[spans["category"].astype(str) != ""]
    return gold if len(spans) == len(gold) else spans.reset_index(drop=True)
