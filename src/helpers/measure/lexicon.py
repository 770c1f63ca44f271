"""Lexicons as data: load and validate ``data/lexicons/*.csv``.

One CSV per lexicon, one row per entry, columns ``entry, category,
subcategory, case_sensitive, note, source`` (see ``data/lexicons/README.md``
for the entry syntax and provenance). Loading only reads; a file that breaks
a rule raises :class:`~helpers.core.errors.FramingError` naming the file and its
1-based data row, so the user can fix the CSV without touching code.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..core.errors import FramingError

# The categories the project's notebooks and codebook know; a study may add its own
# (any lower-case name), which are counted and compared like these.
CATEGORIES: tuple[str, ...] = (
    "loaded_terms", "hedges", "boosters", "reporting_verbs", "anonymous_sourcing", "naming",
)
CATEGORY_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
REQUIRED_COLUMNS: tuple[str, ...] = (
    "entry", "category", "subcategory", "case_sensitive", "note", "source",
)
# Columns of the table returned by load_lexicons, in this order.
LEXICON_COLUMNS: tuple[str, ...] = ("lexicon", "row") + REQUIRED_COLUMNS

# Apostrophe and hyphen look-alikes an outlet may type; see normalise_entry.
APOSTROPHES = "'\u2019\u2018\u02bc\u02b9\u2032`\u00b4"
HYPHENS = "-\u2010\u2011\u2012"
_BOOL = {"True": True, "False": False}
_WORD_RE = re.compile(r"\w")
# Regular-expression syntax and markup: entries are matched literally on word
# boundaries, so an entry such as ``^said$`` or ``said|told`` can never match
# (a final ``$`` would have to be typed in the article right after the word).
_NEVER_IN_TEXT_RE = re.compile(r"[\^\\|{}<>]")


@lru_cache(maxsize=1 << 17)  # discovery calls it once per mention, on few distinct forms
def normalise_entry(entry: str, case_sensitive: bool = False) -> str:
    """The matching key of an entry: what two entries must share to be duplicates.

    Follows the matcher's policy: apostrophes are optional (``Shi'ite`` =
    ``Shiite``), a hyphen and a space between words are the same separator
    (``so-called`` = ``so called``), whitespace runs are one space, and case is
    folded unless the entry is case-sensitive.
    """
    key = entry.strip()
    for ch in APOSTROPHES:
        key = key.replace(ch, "")
    for ch in HYPHENS:
        key = key.replace(ch, " ")
    key = " ".join(key.split())
    return key if case_sensitive else key.lower()


def _check_quotes(path: Path, lines: list[str]) -> None:
    # Entries never span lines, so a line with an odd number of '"' is a broken
    # CSV quote that would silently swallow the following rows.
    for line_no, line in enumerate(lines, start=1):
        if line.count('"') % 2:
            raise FramingError("unbalanced double quote", path=path, row=line_no - 1,
                               fix='close the quoted field or remove the stray "')


def check_entry(path: Path | str, row: int, entry: str) -> None:
    """Refuse an entry the matcher cannot express (empty, padded, inner '*', no word, unbalanced quotes)."""
    if not entry.strip():
        raise FramingError("empty entry", path=path, row=row, fix="write the word or phrase, or delete the row")
    if entry != entry.strip():
        raise FramingError(f"entry {entry!r} has leading or trailing spaces", path=path, row=row,
                           fix="remove the spaces")
    if "*" in entry[:-1]:
        raise FramingError(f"entry {entry!r} has '*' before its end", path=path, row=row,
                           fix="'*' is only allowed as the last character (prefix entry)")
    if not _WORD_RE.search(entry):
        raise FramingError(f"entry {entry!r} has no letter or digit", path=path, row=row,
                           fix="entries must contain a word")
    bad = sorted(set(_NEVER_IN_TEXT_RE.findall(entry)))
    if bad or entry.endswith("$"):
        shown = " ".join(bad or ["$"])
        raise FramingError(f"entry {entry!r} has {shown}, which can never match article text", path=path, row=row,
                           fix="entries are literal words, not regular expressions: write the word itself "
                               "(a final '*' matches any ending)")
    # ‘’ are not checked: ’ doubles as the apostrophe.
    for opening, closing in ("“”", "()", "[]"):
        if entry.count(opening) != entry.count(closing):
            raise FramingError(f"entry {entry!r} has unbalanced {opening}{closing}", path=path, row=row,
                               fix="balance or remove the quote/bracket")


def read_lexicon_file(path: str | Path) -> pd.DataFrame:
    """Read and validate one lexicon CSV; returns its rows with ``lexicon`` and ``row`` columns."""
    path = Path(path)
    try:
        raw = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FramingError("not UTF-8", path=path, fix="save the file as UTF-8") from exc
    lines = raw.splitlines()
    if not lines:
        raise FramingError("empty file", path=path, fix="add the header " + ",".join(REQUIRED_COLUMNS))
    _check_quotes(path, lines)
    reader = csv.reader(io.StringIO(raw), strict=True)
    try:
        records = list(reader)
    except csv.Error as exc:
        raise FramingError(f"unreadable CSV ({exc})", path=path, row=max(reader.line_num - 1, 1),
                           fix="fix the quoting of that row") from exc
    header = [h.strip() for h in records[0]]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise FramingError(f"missing column(s) {', '.join(missing)}", path=path,
                           fix="the header must be " + ",".join(REQUIRED_COLUMNS))
    col = {name: header.index(name) for name in REQUIRED_COLUMNS}
    out: list[dict] = []
    seen: dict[tuple[str, str], int] = {}
    for row, values in enumerate(records[1:], start=1):
        if not any(v.strip() for v in values):
            continue  # blank line
        if len(values) != len(header):
            raise FramingError(f"{len(values)} fields, header has {len(header)}", path=path, row=row,
                               fix="quote fields that contain commas")
        rec = {name: values[i] for name, i in col.items()}
        check_entry(path, row, rec["entry"])
        if not CATEGORY_RE.match(rec["category"]):
            raise FramingError(f"category {rec['category']!r} is not a lower-case name", path=path, row=row,
                               fix="use one of " + ", ".join(CATEGORIES) + " or a name of your own "
                                   "(lower-case letters, digits and _)")
        near = difflib.get_close_matches(rec["category"], CATEGORIES, n=1, cutoff=0.8)
        if near and near[0] != rec["category"]:
            # A typo of a known category would otherwise become a new, silently separate one.
            raise FramingError(f"unknown category {rec['category']!r}", path=path, row=row,
                               fix=f"did you mean {near[0]!r}? (a new category needs a name unlike the known ones)")
        if rec["case_sensitive"] not in _BOOL:
            raise FramingError(f"case_sensitive is {rec['case_sensitive']!r}", path=path, row=row,
                               fix="write True or False")
        rec["case_sensitive"] = _BOOL[rec["case_sensitive"]]
        key = (normalise_entry(rec["entry"].rstrip("*"), rec["case_sensitive"]) +
               ("*" if rec["entry"].endswith("*") else ""), rec["category"])
        if key in seen:
            raise FramingError(f"duplicate entry {rec['entry']!r} in category {rec['category']!r} "
                               f"(same as row {seen[key]})", path=path, row=row,
                               fix="delete one of the two rows")
        seen[key] = row
        out.append({"lexicon": path.stem, "row": row, **rec})
    return pd.DataFrame(out, columns=list(LEXICON_COLUMNS))


def load_lexicons(folder: Path, names: list[str] | None = None) -> pd.DataFrame:
    """All lexicons in ``folder`` (the study's lexicon set, ``data/lexicons/`` by
    default; or only ``names``, file stems) as one table.

    Columns: ``lexicon`` (file stem), ``row`` (1-based data row in that file),
    then the file's columns; ``case_sensitive`` is bool. Rows are in file-name
    then file order, so row positions are stable ids for the matcher.
    """
    folder = Path(folder)
    if names is None:
        paths = sorted(folder.glob("*.csv"))
    else:
        paths = [folder / f"{name}.csv" for name in names]
        for p in paths:
            if not p.exists():
                raise FramingError("lexicon not found", path=p,
                                   fix=f"choose from {', '.join(x.stem for x in sorted(folder.glob('*.csv')))}")
    if not paths:
        raise FramingError("no lexicon files", path=folder, fix="add lexicon CSV files to the study's lexicon folder")
    frames = [read_lexicon_file(p) for p in paths]
    df = pd.concat(frames, ignore_index=True)
    df["row"] = df["row"].astype("int64")
    df["case_sensitive"] = df["case_sensitive"].astype(bool)
    return df


def lexicon_fingerprint(df: pd.DataFrame) -> str:
    """sha256 of the table's canonical CSV (columns in :data:`LEXICON_COLUMNS` order).

    Any edit to an entry, flag, category or row order changes it, so cached
    hits can be keyed on it.
    """
    canon = df.loc[:, [c for c in LEXICON_COLUMNS if c in df.columns]].reset_index(drop=True)
    buf = io.StringIO()
    canon.to_csv(buf, index=False, lineterminator="\n")
    return hashlib.sha256(buf.getvalue().encode("utf-8")).hexdigest()
