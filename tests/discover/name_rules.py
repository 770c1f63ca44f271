"""What the discovery rule tests share: the project's name cues and stop words, and the
actor forms that discovery makes of a few hand-written texts."""

from __future__ import annotations

import pandas as pd

from conftest import ROOT
from helpers.discover import actor_forms, find_in_text, find_mentions, load_name_cues, stop_words, word_stats

CUES = load_name_cues(ROOT / "data" / "discover" / "name_cues.csv")
STOP = stop_words()


def forms_of(texts: dict[str, str], min_count: int = 1) -> pd.DataFrame:
    """The actor forms discovery finds in ``texts`` (article id -> text)."""
    names, descs, stats = find_mentions(pd.Series(texts), CUES, STOP)
    return actor_forms(names, descs, CUES, stats, min_count=min_count)


def actors_of(forms: pd.DataFrame, form: str) -> set[str]:
    """The actors that have ``form`` among their forms."""
    return set(forms.loc[forms["form"] == form, "actor"])


def found_in(text: str):
    """Names and descriptions found in one text, read on its own."""
    return find_in_text(text, CUES, word_stats([text]), STOP)
