"""Display names a study's data gives: actors (lexicon ``display`` column) and
events (manifest ``event_label`` column), for the explorer and figures.

Both columns are optional; an id without a name is shown by
:func:`helpers.present.labels.display_name` (underscores as spaces, capitalised).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..core.storage import read_csv
from ..core.study import Study
from ..corpus import DEFAULT_EVENT, manifest_path


def _names(frame: pd.DataFrame, key: str, value: str) -> dict[str, str]:
    if key not in frame.columns or value not in frame.columns:
        return {}
    rows = frame[[key, value]].astype(str)
    rows = rows[rows[value].str.strip() != ""]
    return dict(zip(rows[key], rows[value].str.strip()))


def actor_names(folders: list[Path]) -> dict[str, str]:
    """actor id (naming subcategory) -> ``display`` of its first row that has one."""
    out: dict[str, str] = {}
    for folder in folders:
        for path in sorted(Path(folder).glob("*.csv")) if Path(folder).is_dir() else []:
            frame = read_csv(path, dtype=str)
            if "category" in frame.columns:
                frame = frame[frame["category"] == "naming"]
            for actor, name in _names(frame, "subcategory", "display").items():
                out.setdefault(actor, name)
    return out


def event_labels(corpus_dir: Path) -> dict[str, str]:
    """event id -> ``event_label`` from the manifest (an empty event is the default event)."""
    path = manifest_path(corpus_dir)
    if not path.is_file():
        return {}
    frame = read_csv(path, dtype=str)
    if "event" in frame.columns:
        frame = frame.assign(event=frame["event"].replace("", DEFAULT_EVENT))
    return _names(frame, "event", "event_label")


def study_names(study: Study) -> dict[str, dict[str, str]]:
    """``{"actors": {...}, "events": {...}}`` for :func:`helpers.present.explorer_payload`."""
    return {"actors": actor_names([study.lexicons, study.study_lexicons]),
            "events": event_labels(study.corpus_dir)}
