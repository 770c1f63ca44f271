"""Create a study's folder and write its own lexicons (``framing new``, ``framing lexicon import``).

The only writers into ``data/studies/NAME/``: each write goes to a temporary
file that is checked with the project's lexicon loader before it replaces
the study's file, so a bad import leaves the study as it was.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..core.errors import FramingError
from ..core.settings import settings_template
from ..core.storage import atomic_write_text
from ..core.study import Study
from ..measure.lexicon import REQUIRED_COLUMNS, normalise_entry, read_lexicon_file
from ..measure.lexicon_import import merge_rows, parse_dic, parse_word_list
from ..measure.lexicon_set import DROP_COLUMNS, DROP_FILE

# The story-bound lists a new study starts with (header only): what `framing new` writes.
STARTER_LEXICONS = ("actors", "loaded_terms")


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
    for name in STARTER_LEXICONS:
        path = study.study_lexicons / f"{name}.csv"
        if not path.exists():
            atomic_write_text(path, _csv_text([], REQUIRED_COLUMNS))
            written.append(path)
    drop = study.study_lexicons / DROP_FILE
    if not drop.exists():
        atomic_write_text(drop, _csv_text([], DROP_COLUMNS))
        written.append(drop)
    return written


def _key(row: dict[str, str]) -> tuple[str, str]:
    cs = str(row.get("case_sensitive", "False")) == "True"
    entry = row["entry"]
    return normalise_entry(entry.rstrip("*"), cs) + ("*" if entry.endswith("*") else ""), row["category"]


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
    existing = (read_lexicon_file(target).drop(columns=["lexicon", "row"]).astype(str).to_dict("records")
                if target.exists() else [])
    rows, added = merge_rows(existing, new, _key)
    text_out = _csv_text(rows, REQUIRED_COLUMNS)
    check = target.with_name(f".{target.name}.check")
    try:  # validate the whole result with the loader before the study's file changes
        check.parent.mkdir(parents=True, exist_ok=True)
        check.write_text(text_out, encoding="utf-8")
        read_lexicon_file(check)
    finally:
        check.unlink(missing_ok=True)
    atomic_write_text(target, text_out)
    return target, len(new), added
