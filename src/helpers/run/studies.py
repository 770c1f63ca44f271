"""Create a study's folder and write its own lexicons (``framing new``, ``framing lexicon import``).

The only writers into ``data/studies/NAME/`` (``framing lexicon accept`` merges
through :func:`merge_into_lexicon` too): each lexicon write goes to a temporary
file that is checked with the project's lexicon loader before it replaces the
study's file, so a bad import leaves the study as it was.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from ..core.errors import FramingError
from ..core.settings import settings_template
from ..core.storage import atomic_file, atomic_write_text, csv_bytes, read_csv
from ..core.study import Study
from ..measure.lexicon import REQUIRED_COLUMNS, normalise_entry, read_lexicon_file
from ..measure.lexicon_import import parse_dic, parse_word_list
from ..measure.lexicon_set import DROP_COLUMNS, DROP_FILE

# The story-bound lists a new study starts with (header only): what `framing new` writes,
# each with its columns (the actor table offers the optional ``display`` name, data/README.md).
STARTER_LEXICONS = {"actors": (*REQUIRED_COLUMNS, "display"), "loaded_terms": REQUIRED_COLUMNS}


def _csv_text(rows: list[dict[str, str]], columns) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def create_study(study: Study) -> list[Path]:
    """Write ``study.toml`` (commented defaults) and empty own lexicons; refuse an existing study."""
    if (study.study_dir / "study.toml").exists():
        raise FramingError("the study already exists", path=study.study_dir / "study.toml",
                           fix="edit its study.toml, or choose another name")
    written = [study.study_dir / "study.toml"]
    atomic_write_text(written[0], settings_template(study.name))
    for name, columns in STARTER_LEXICONS.items():
        path = study.study_lexicons / f"{name}.csv"
        if not path.exists():
            atomic_write_text(path, _csv_text([], columns))
            written.append(path)
    drop = study.study_lexicons / DROP_FILE
    if not drop.exists():
        atomic_write_text(drop, _csv_text([], DROP_COLUMNS))
        written.append(drop)
    return written


def _entry_key(entry: str, category: str, case_sensitive: str) -> tuple[str, str]:
    """The lexicon loader's duplicate key: the normalised entry (a prefix '*' kept) and the category."""
    cs = str(case_sensitive) == "True"
    return (normalise_entry(entry.rstrip("*"), cs) + ("*" if entry.endswith("*") else ""), category)


def merge_into_lexicon(path: Path, rows: pd.DataFrame) -> int:
    """Append ``rows`` to the lexicon CSV at ``path`` (created if missing), skipping entries
    it already has; the result is validated by the lexicon loader before it replaces the file.
    Optional columns (an actor's ``display``) of the file and of ``rows`` are kept.
    Returns the number of rows added."""
    if path.exists():
        current = read_csv(path, dtype=str)
        missing = [c for c in REQUIRED_COLUMNS if c not in current.columns]
        if missing:
            raise FramingError(f"missing column(s) {', '.join(missing)}", path=path,
                               fix="the header must be " + ",".join(REQUIRED_COLUMNS))
    else:
        current = pd.DataFrame(columns=list(REQUIRED_COLUMNS))
    seen = {_entry_key(e, c, s) for e, c, s in zip(current["entry"], current["category"], current["case_sensitive"])}
    new = []
    for r in rows.itertuples(index=False):
        key = _entry_key(r.entry, r.category, r.case_sensitive)
        if key not in seen:
            seen.add(key)
            new.append(r._asdict())
    if not new:
        return 0
    columns = list(dict.fromkeys([*current.columns, *REQUIRED_COLUMNS, *rows.columns]))
    merged = pd.concat([current, pd.DataFrame(new, columns=list(rows.columns))], ignore_index=True)
    merged = merged.reindex(columns=columns).fillna("")
    with atomic_file(path) as out:
        out.path.write_bytes(csv_bytes(merged))
        read_lexicon_file(out.path)  # refuse (and keep the old file) if the result does not load
    return len(new)


def import_lexicon(study: Study, source_file: str | Path, *, category: str, subcategory: str = "",
                   source: str = "", liwc_categories: list[str] | None = None,
                   into: str | None = None) -> tuple[Path, int, int]:
    """Import a LIWC ``.dic`` or a plain word list into the study's lexicon file ``into``
    (default: the category's name). Returns (file, rows read, rows added); entries
    already in the file are kept as they are."""
    source_file = Path(source_file)
    if not source_file.is_file():
        raise FramingError("file not found", path=source_file, fix="give the path of a .dic or .txt word list")
    if not source:
        raise FramingError("--source is required", fix='cite the list, e.g. --source "Author (Year), Title; licence"')
    try:
        text = source_file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FramingError("not UTF-8", path=source_file, fix="save the list as UTF-8") from exc
    if source_file.suffix.lower() == ".dic":
        new = parse_dic(text, path=str(source_file), category=category, source=source, only=liwc_categories)
    else:
        new = parse_word_list(text, path=str(source_file), category=category,
                              subcategory=subcategory or category, source=source)
    target = study.study_lexicons / f"{into or category}.csv"
    return target, len(new), merge_into_lexicon(target, pd.DataFrame(new, columns=list(REQUIRED_COLUMNS)))
