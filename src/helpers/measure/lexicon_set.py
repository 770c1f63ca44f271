"""A study's lexicon set: the shared lists plus the study's own, minus its drops.

Two layers (see ``data/lexicons/README.md``):

- **shared** (``data/lexicons/``): general lists that hold for any story —
  hedges, boosters, reporting verbs, anonymous sourcing. A study uses all of
  them, or the files named in its ``base_lexicons`` setting.
- **the study's own** (``data/studies/NAME/lexicons/``): story-bound lists —
  the actor table (``actors.csv``), loaded terms, categories of its own — and
  ``drop.csv``, shared entries this study does not count (``IS`` where it
  misfires on an all-caps headline). An own entry with the key of a shared
  one replaces it, so a study can also re-label or re-case a shared entry.

The result has the columns of :func:`helpers.measure.lexicon.load_lexicons`
plus ``layer`` (``shared`` / ``study``); rows are ordered by file name, shared
before own, so the matcher's row ids and the cache fingerprint are stable.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from ..core.errors import FramingError
from .lexicon import LEXICON_COLUMNS, load_lexicons, normalise_entry

DROP_FILE = "drop.csv"
DROP_COLUMNS = ("entry", "category", "note")


def _key(entry: str, category: str, case_sensitive: bool) -> tuple[str, str]:
    prefix = entry.endswith("*")
    return normalise_entry(entry.rstrip("*"), case_sensitive) + ("*" if prefix else ""), category


def read_drops(path: str | Path) -> pd.DataFrame:
    """The study's ``drop.csv``: columns ``entry, category, note`` (``row`` added, 1-based)."""
    path = Path(path)
    if not path.exists():
        return pd.DataFrame(columns=["row", *DROP_COLUMNS])
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FramingError("not UTF-8", path=path, fix="save the file as UTF-8") from exc
    rows = list(csv.DictReader(io.StringIO(text)))
    header = rows[0].keys() if rows else next(csv.reader(io.StringIO(text)), [])
    missing = [c for c in ("entry", "category") if c not in header]
    if missing:
        raise FramingError(f"missing column(s) {', '.join(missing)}", path=path,
                           fix="the header must be " + ",".join(DROP_COLUMNS))
    out = [{"row": i, "entry": (r.get("entry") or "").strip(), "category": (r.get("category") or "").strip(),
            "note": r.get("note") or ""} for i, r in enumerate(rows, start=1)
           if any((v or "").strip() for v in r.values())]
    return pd.DataFrame(out, columns=["row", *DROP_COLUMNS])


def own_lexicon_files(folder: str | Path) -> list[str]:
    """File stems of a study's own lexicon CSVs (every CSV but ``drop.csv``)."""
    folder = Path(folder)
    return [p.stem for p in sorted(folder.glob("*.csv")) if p.name != DROP_FILE] if folder.is_dir() else []


def combine_lexicons(shared: pd.DataFrame, own: pd.DataFrame | None = None,
                     drops: pd.DataFrame | None = None, *, drop_path: str | Path = DROP_FILE) -> pd.DataFrame:
    """Shared entries, minus drops and entries the study redefines, plus the study's own.

    A drop must name an entry of the shared set (``entry`` + ``category``, matched
    with the entry's own case rule); one that matches nothing is an error, so a
    typo never leaves an entry counted.
    """
    shared = shared.assign(layer="shared")
    own = (own if own is not None else pd.DataFrame(columns=list(LEXICON_COLUMNS))).assign(layer="study")
    shared_keys = [_key(e, c, bool(cs)) for e, c, cs in
                   shared[["entry", "category", "case_sensitive"]].itertuples(index=False)]
    remove = {_key(e, c, bool(cs)) for e, c, cs in own[["entry", "category", "case_sensitive"]].itertuples(index=False)}
    if drops is not None and len(drops):
        folded = {(k[0].lower(), k[1]) for k in shared_keys}
        for row, entry, category in drops[["row", "entry", "category"]].itertuples(index=False):
            exact, loose = _key(entry, category, True), _key(entry, category, False)
            if exact not in shared_keys and (loose[0].lower(), category) not in folded:
                raise FramingError(f"drop entry {entry!r} in category {category!r} is not a shared entry",
                                   path=drop_path, row=int(row),
                                   fix="copy the entry and category exactly from data/lexicons/")
            remove.update({exact, loose})
            remove.update(k for k in shared_keys if (k[0].lower(), k[1]) == (loose[0].lower(), category))
    keep = [k not in remove for k in shared_keys]
    out = pd.concat([shared[keep], own], ignore_index=True)
    order = out["lexicon"].astype(str) + "\x00" + out["layer"].map({"shared": "0", "study": "1"})
    out = out.iloc[order.argsort(kind="stable")].reset_index(drop=True)
    out["row"] = out["row"].astype("int64")
    out["case_sensitive"] = out["case_sensitive"].astype(bool)
    return out


def load_lexicon_set(shared_folder: str | Path, own_folder: str | Path | None = None,
                     base: list[str] | None = None) -> pd.DataFrame:
    """Read the two layers from their folders and :func:`combine_lexicons` them.

    ``base``: the shared files to use (stems); None = all of them.
    """
    shared_folder = Path(shared_folder)
    own_files = own_lexicon_files(own_folder) if own_folder is not None else []
    if base is None and not any(shared_folder.glob("*.csv")) and not own_files:
        raise FramingError("no lexicon files", path=shared_folder,
                           fix="add lexicon CSV files to data/lexicons/ or to the study's lexicons/ folder")
    shared = (load_lexicons(shared_folder, names=list(base)) if base
              else pd.DataFrame(columns=list(LEXICON_COLUMNS)) if base is not None or not any(shared_folder.glob("*.csv"))
              else load_lexicons(shared_folder))
    own = load_lexicons(Path(own_folder), names=own_files) if own_files else None
    drop_path = Path(own_folder or ".") / DROP_FILE
    drops = read_drops(drop_path) if own_folder is not None else None
    return combine_lexicons(shared, own, drops, drop_path=drop_path)


def study_lexicon(study) -> pd.DataFrame:
    """The lexicon set of a :class:`~helpers.core.study.Study`: its shared folder
    (``study.lexicons``, filtered by the ``base_lexicons`` setting) and its own
    (``study.study_lexicons``)."""
    return load_lexicon_set(study.lexicons, study.study_lexicons, study.settings.get("base_lexicons"))
