"""Display names a study's data gives: actors (lexicon ``display`` column) and
events (manifest ``event_label`` column), for the explorer and figures.

Both columns are optional. An actor without a ``display`` gets
:func:`helpers.core.names.title_from_id` of its id, with the actor's own
all-capital entries as its acronyms (``irgc`` -> "IRGC", ``united_states`` ->
"United States"); an event without a label is shown by
:func:`helpers.present.labels.display_name`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..core.names import acronyms_of, title_from_id
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
    """actor id (naming subcategory) -> its name: the ``display`` of its first row that
    has one, else the id title-cased with the actor's all-capital entries upper-cased."""
    given: dict[str, str] = {}
    entries: dict[str, list[str]] = {}
    for folder in folders:
        for path in sorted(Path(folder).glob("*.csv")) if Path(folder).is_dir() else []:
            frame = read_csv(path, dtype=str)
            if "category" not in frame.columns or "subcategory" not in frame.columns:
                continue
            frame = frame[frame["category"] == "naming"]
            for actor, entry in zip(frame["subcategory"], frame.get("entry", pd.Series("", index=frame.index))):
                entries.setdefault(str(actor), []).append(str(entry))
            for actor, name in _names(frame, "subcategory", "display").items():
                given.setdefault(actor, name)
    return {actor: given.get(actor) or title_from_id(actor, acronyms_of(forms))
            for actor, forms in entries.items()}


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
