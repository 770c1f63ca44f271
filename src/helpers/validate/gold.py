"""Gold spans: the hand coding a study's measures are scored against.

The reference for a dictionary measure is a careful human reader (Grimmer &
Stewart 2013, "Text as Data", *Political Analysis* 21(3)), whose coding is
itself data that must be checked before it is trusted (Krippendorff 2018,
*Content Analysis*, ch. 12). A gold file has one row per hand-coded span
(see ``data/README.md`` "## gold/"): ``article_id, start, end, category`` and
optionally ``text`` (checked against the offsets), ``label`` and ``offsets``
(``clean`` | ``raw``; raw offsets are converted through the cleaning audit
and segments, see :mod:`helpers.validate.offsets`). Gold categories are
mapped to project categories by a mapping CSV (``gold_category, category``).

:func:`parse_gold` checks an already-read gold table; :func:`load_gold` and
:func:`load_mapping` read the study's gold and mapping CSVs from paths they
are given. Every user error raises :class:`FramingError` naming the row.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any, Mapping

import pandas as pd

from ..core.errors import FramingError
from ..core.storage import read_csv
from .offsets import RawOffsets
from .spans import PROJECT_CATEGORIES, texts_by_article

GOLD_COLUMNS = ["row", "article_id", "start", "end", "category", "gold_category", "label", "text",
                "note"]
#: ``note`` of a gold span that cannot be scored (kept and counted apart, never an error).
NOT_SCORABLE_REMOVED = "not scorable: on a line cleaning removed"
#: ``note`` of a bare row (article_id only): the article was coded, with or without spans.
CODED_ARTICLE = "coded article"
_GOLD_REQUIRED = ("article_id", "start", "end", "category")


def _key(value: Any) -> str:
    """Category names compare case- and space-insensitively (``Doubt `` == ``doubt``)."""
    return " ".join(str(value).split()).casefold()


def load_mapping(path: str | Path | None) -> dict[str, str]:
    """Read a gold-category mapping CSV (``gold_category, category``) into a dict.

    Keys are folded with :func:`_key`. Every project category maps to itself
    unless the file says otherwise, so a gold file written in project
    categories needs no mapping (``path=None`` gives just that). Targets must
    be project categories.
    """
    mapping = {_key(c): c for c in PROJECT_CATEGORIES}
    if path is None:
        return mapping
    table = read_csv(path, dtype=str)
    for col in ("gold_category", "category"):
        if col not in table.columns:
            raise FramingError(f"mapping has no column {col!r}", path=path,
                               fix="give columns gold_category,category")
    for i, row in enumerate(table.itertuples(index=False), start=1):
        target = str(row.category).strip()
        if target not in PROJECT_CATEGORIES:
            raise FramingError(f"unknown project category {target!r}", path=path, row=i,
                               fix=f"use one of {', '.join(PROJECT_CATEGORIES)}")
        if not str(row.gold_category).strip():
            raise FramingError("empty gold_category", path=path, row=i,
                               fix="name the category as written in the gold file")
        mapping[_key(row.gold_category)] = target
    return mapping


def uses_raw_offsets(table: pd.DataFrame, offsets: str = "clean") -> bool:
    """Whether any row of a gold table has raw offsets (``offsets`` is the default
    for rows without an ``offsets`` value): then the raw texts are worth loading,
    so that raw line ends other than ``\\n`` convert correctly."""
    if offsets == "raw":
        return True
    return "offsets" in table.columns and bool((table["offsets"].str.strip().str.lower() == "raw").any())


def _check_header(table: pd.DataFrame, offsets: str, path: str | Path) -> None:
    missing = [c for c in _GOLD_REQUIRED if c not in table.columns]
    if missing:
        raise FramingError(f"gold file has no column(s) {', '.join(missing)}", path=path,
                           fix="give columns article_id,start,end,category[,text,label,offsets]")
    if offsets not in ("clean", "raw"):
        raise FramingError(f"unknown offsets {offsets!r}", path=path, fix="use 'clean' or 'raw'")


def load_gold(path: str | Path, *, texts: Mapping[str, str] | pd.Series,
              offsets: str = "clean", mapping: str | Path | Mapping[str, str] | None = None,
              segments: pd.DataFrame | None = None, audit: pd.DataFrame | None = None,
              raw_texts: Mapping[str, str] | pd.Series | None = None) -> pd.DataFrame:
    """Read a gold span CSV and check it with :func:`parse_gold`.

    ``mapping``: a mapping CSV path (read with :func:`load_mapping`), a dict
    gold category -> project category, or None (project categories only).
    The other arguments are those of :func:`parse_gold`; errors name ``path``.
    """
    path = Path(path)
    table = read_csv(path, dtype=str)
    _check_header(table, offsets, path)
    cat_map = mapping if isinstance(mapping, Mapping) else load_mapping(mapping)
    return parse_gold(table, texts=texts, offsets=offsets, mapping=cat_map, segments=segments,
                      audit=audit, raw_texts=raw_texts, path=path)


def parse_gold(table: pd.DataFrame, *, texts: Mapping[str, str] | pd.Series,
               offsets: str = "clean", mapping: Mapping[str, str] | None = None,
               segments: pd.DataFrame | None = None, audit: pd.DataFrame | None = None,
               raw_texts: Mapping[str, str] | pd.Series | None = None,
               path: str | Path = "gold table") -> pd.DataFrame:
    """Check a gold span table (read as strings); return spans in clean-text offsets.

    ``texts``: article_id -> clean text (``helpers.clean.cleaning.assemble_texts``).
    ``offsets``: ``"clean"`` or ``"raw"`` for rows without an ``offsets`` column
    value. Raw rows need ``segments`` and ``audit`` (and ``raw_texts`` when the
    raw files do not use ``\\n`` line ends or start with a byte-order mark, which
    ``raw_texts`` then keep as U+FEFF). A raw span on a line cleaning removed is
    kept with ``note`` :data:`NOT_SCORABLE_REMOVED` (counted apart, never an
    error); a row with only an article_id marks the article as coded
    (``note`` :data:`CODED_ARTICLE`), so it is scored even with no span.
    ``text`` is compared with the clean text up to whitespace (a span may cross
    a line break). ``mapping``: a dict gold category
    -> project category (as from :func:`load_mapping`; None: project categories
    only). ``path``: where the table came from (the file, for :func:`load_gold`),
    named with the row in error messages.

    Returns :data:`GOLD_COLUMNS`: ``row`` (1-based data row), article_id,
    start, end, category (project category), gold_category, label, text (the
    clean text covered), note ('' for a span to score), sorted by article,
    start, end and category. :func:`scorable` keeps the spans to score.
    """
    _check_header(table, offsets, path)
    cat_map = dict(mapping) if mapping is not None else load_mapping(None)
    cat_map = {_key(k): v for k, v in cat_map.items()}
    text_map = texts_by_article(texts)
    raw_map = texts_by_article(raw_texts) if raw_texts is not None else {}

    rows = []
    converters: dict[str, RawOffsets] = {}  # one per article with raw offsets
    if audit is not None and segments is not None and (table.get("offsets") is not None or offsets == "raw"):
        audit_by = dict(tuple(audit.groupby(audit["article_id"].astype(str), sort=False)))
        seg_by = dict(tuple(segments.groupby(segments["article_id"].astype(str), sort=False)))
        for article in set(table["article_id"].astype(str).str.strip()):
            if article in audit_by and article in seg_by:
                converters[article] = RawOffsets(audit_by[article], seg_by[article],
                                                 raw_map.get(article))
    for i, rec in enumerate(table.to_dict("records"), start=1):
        article = str(rec["article_id"]).strip()
        if article not in text_map:
            raise FramingError(f"unknown article_id {article!r}", path=path, row=i,
                               fix="use an article_id from the corpus manifest")
        gold_cat = str(rec["category"] if rec["category"] == rec["category"] else "").strip()
        if not gold_cat and all(not _cell(rec.get(c)) for c in ("start", "end", "text", "label")):
            # a bare row: the article was coded (it counts even with no span)
            rows.append({"row": i, "article_id": article, "start": -1, "end": -1, "category": "",
                         "gold_category": "", "label": "", "text": "", "note": CODED_ARTICLE})
            continue
        if _key(gold_cat) not in cat_map:
            raise FramingError(f"unknown category {gold_cat!r}", path=path, row=i,
                               fix="add it to the mapping CSV (gold_category,category) "
                                   "or use a project category")
        kind = (_cell(rec.get("offsets")) or offsets).lower()
        if kind not in ("clean", "raw"):
            raise FramingError(f"unknown offsets {kind!r}", path=path, row=i,
                               fix="write 'clean' or 'raw' in the offsets column")
        try:
            start, end = int(_cell(rec["start"])), int(_cell(rec["end"]))
        except ValueError:
            raise FramingError(f"missing or non-integer offsets (start={rec['start']!r}, "
                               f"end={rec['end']!r})", path=path, row=i,
                               fix="give start and end as character offsets") from None
        if start < 0 or start >= end:
            raise FramingError(f"start {start} must be >= 0 and less than end {end}",
                               path=path, row=i, fix="fix the offsets (end is exclusive)")
        given = _cell(rec.get("text"), strip=False)
        note = ""
        if kind == "raw":
            try:
                start, end = _convert_raw(path, i, article, start, end, segments, audit,
                                          raw_map.get(article), given, text_map[article],
                                          converters)
            except _RemovedLine:
                start = end = -1
                note = NOT_SCORABLE_REMOVED
        text = text_map[article]
        if end > len(text):
            raise FramingError(f"span {start}-{end} runs past the end of the text "
                               f"({len(text)} characters)", path=path, row=i,
                               fix=f"check the offsets are {kind} offsets for this article")
        covered = text[start:end] if not note else given
        if given and not note and not same_text(given, covered):
            raise FramingError(f"text {given!r} does not match the text at {start}-{end} "
                               f"({covered!r})", path=path, row=i,
                               fix="correct the offsets or the text column")
        rows.append({"row": i, "article_id": article, "start": start, "end": end,
                     "category": cat_map[_key(gold_cat)], "gold_category": gold_cat,
                     "label": _cell(rec.get("label")), "text": covered, "note": note})
    out = pd.DataFrame(rows, columns=GOLD_COLUMNS)
    out["start"] = out["start"].astype("int64")
    out["end"] = out["end"].astype("int64")
    return out.sort_values(["article_id", "start", "end", "category"], kind="stable").reset_index(drop=True)


def _cell(value: Any, strip: bool = True) -> str:
    """A cell of a table read as strings: '' for missing (None, NaN), else the text."""
    if value is None or value != value:
        return ""
    return str(value).strip() if strip else str(value)


def same_text(given: str, covered: str) -> bool:
    """Whether a gold row's ``text`` is the clean text it covers, up to what cleaning
    changes: NFC, no-break spaces, and the whitespace between lines (a span across a
    line break reads ``a\nb`` in the raw file and ``a b`` or ``a\n\nb`` when clean)."""
    norm = unicodedata.normalize("NFC", given).replace("\u00a0", " ")
    return norm == covered or " ".join(norm.split()) == " ".join(covered.split())


class _RemovedLine(Exception):
    """A raw span on a line cleaning removed: not scorable, but no error."""


def scorable(gold: pd.DataFrame) -> pd.DataFrame:
    """The gold rows that are spans to score (not bare coded-article rows, not spans on
    removed lines)."""
    if "note" not in gold.columns:
        return gold
    return gold[gold["note"].fillna("").astype(str) == ""]


def not_scorable(gold: pd.DataFrame) -> pd.DataFrame:
    """The gold spans counted apart: on a line cleaning removed."""
    if "note" not in gold.columns:
        return gold.iloc[:0]
    return gold[gold["note"].fillna("").astype(str).str.startswith("not scorable")]


def _convert_raw(path: str | Path, row: int, article: str, start: int, end: int,
                 segments: pd.DataFrame | None, audit: pd.DataFrame | None,
                 raw_text: str | None, given: str = "", clean_text: str = "",
                 converters: dict | None = None) -> tuple[int, int]:
    """Raw -> clean offsets of one row. A raw text starting with a byte-order mark
    (U+FEFF, as a tool reading the file as plain UTF-8 sees it) counts it as a
    character; when the row's ``text`` matches only without it (offsets from a tool
    that dropped the mark), the offsets are read that way instead. Raises
    :class:`_RemovedLine` for a span on a line cleaning removed."""
    if segments is None or audit is None:
        raise FramingError("raw offsets need the cleaning audit and segments", path=path, row=row,
                           fix="pass segments= and audit= to load_gold, or give clean offsets")
    converters = {} if converters is None else converters
    conv = converters.get(article)
    if conv is None:
        a = audit[audit["article_id"].astype(str) == article]
        s = segments[segments["article_id"].astype(str) == article]
        conv = converters[article] = RawOffsets(a, s, raw_text)
    shifts = (0, 1) if raw_text is not None and raw_text.startswith("\ufeff") else (0,)
    first = None
    for shift in shifts:
        try:
            new_start = conv.to_clean(start + shift)
            new_end = conv.to_clean(end + shift, is_end=True)
        except LookupError as exc:
            if first is None:
                first = exc
            continue
        if first is None:
            first = (new_start, new_end)
        if not given or len(shifts) == 1:
            return new_start, new_end
        if same_text(given, clean_text[new_start:new_end]):
            return new_start, new_end
    if isinstance(first, tuple):
        return first
    if isinstance(first, LookupError) and "removed by cleaning" in str(first):
        raise _RemovedLine(str(first))
    raise FramingError(f"raw span {start}-{end}: {first}", path=path, row=row,
                       fix="check the offsets are raw offsets of this article, or give clean ones")
