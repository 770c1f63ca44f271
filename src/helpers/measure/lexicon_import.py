"""Turn published word lists into lexicon rows: LIWC-style ``.dic`` files and plain lists.

LIWC dictionaries (Pennebaker et al., LIWC2015 manual, "dictionary format")
open with a category block between two ``%`` lines (``1<TAB>posemo``), then
one entry per line followed by the numbers of its categories; a trailing
``*`` marks a prefix entry ("abandon*" = every word starting "abandon"),
which is exactly the project's prefix syntax, so it is kept as written.
Whatever the project's matcher cannot express — a ``*`` inside a word, LIWC's
bracketed context rules (``kind (of)``), an unknown category number — is
refused with its line number rather than imported in a changed sense.

Plain word lists: one entry per line; blank lines and lines starting with
``#`` are skipped.

These functions are pure (text in, rows out); the run layer reads the file
and writes the study's lexicon CSV.
"""

from __future__ import annotations

import re

from ..core.errors import FramingError
from .lexicon import check_entry

_NUMBER = re.compile(r"^\d+$")


def _entry_row(entry: str, category: str, subcategory: str, source: str, note: str = "") -> dict[str, str]:
    return {"entry": entry, "category": category, "subcategory": subcategory,
            "case_sensitive": "False", "note": note, "source": source}


def parse_dic(text: str, *, path: str, category: str, source: str,
              only: list[str] | None = None) -> list[dict[str, str]]:
    """Rows of a LIWC-style dictionary: each (entry, LIWC category) pair becomes a row of
    ``category`` with the LIWC category name as subcategory. ``only``: the LIWC
    category names to import (default all)."""
    lines = text.splitlines()
    marks = [i for i, line in enumerate(lines) if line.strip() == "%"]
    if len(marks) < 2:
        raise FramingError("no category block between two '%' lines", path=path, row=1,
                           fix="a .dic file starts with %, one 'number<TAB>name' per line, then %")
    names: dict[str, str] = {}
    for i in range(marks[0] + 1, marks[1]):
        parts = lines[i].split()
        if not parts:
            continue
        if len(parts) < 2 or not _NUMBER.match(parts[0]):
            raise FramingError(f"category line {lines[i]!r} is not 'number name'", path=path, row=i + 1,
                               fix="write the category number, a tab and its name")
        names[parts[0]] = parts[1]
    wanted = set(only or names.values())
    unknown = sorted(wanted - set(names.values()))
    if unknown:
        raise FramingError(f"LIWC categories {', '.join(unknown)} are not in the file", path=path,
                           fix=f"choose from {', '.join(sorted(names.values()))}")
    rows: list[dict[str, str]] = []
    for i in range(marks[1] + 1, len(lines)):
        line = lines[i].strip()
        if not line:
            continue
        parts = line.split("\t") if "\t" in line else line.split()
        entry, numbers = parts[0].strip(), [p.strip() for p in parts[1:] if p.strip()]
        if "(" in line or "<" in line:
            raise FramingError(f"entry {line!r} has a LIWC context rule the matcher cannot express",
                               path=path, row=i + 1, fix="delete the line or write its phrases as plain entries")
        if not numbers:
            raise FramingError(f"entry {entry!r} names no category", path=path, row=i + 1,
                               fix="add the category numbers after a tab")
        check_entry(path, i + 1, entry)
        for number in numbers:
            if number not in names:
                raise FramingError(f"entry {entry!r} has category number {number!r} not in the header",
                                   path=path, row=i + 1, fix="use a number from the category block")
            if names[number] in wanted:
                rows.append(_entry_row(entry, category, names[number], source))
    return rows


def parse_word_list(text: str, *, path: str, category: str, subcategory: str, source: str) -> list[dict[str, str]]:
    """Rows of a plain word list (one entry per line; ``#`` comments and blank lines skipped)."""
    rows = []
    for i, raw in enumerate(text.splitlines(), start=1):
        entry = raw.strip()
        if not entry or entry.startswith("#"):
            continue
        check_entry(path, i, entry)
        rows.append(_entry_row(entry, category, subcategory, source))
    return rows
