"""Articles to add, read and validated before anything is written.

Every input (a .txt/.html file, a row of a batch file, a dict or a DataFrame
row) becomes one :class:`Candidate`: its bytes exactly as received, the
metadata it will have in the manifest, and where it came from for messages.
Any problem raises a one-line :class:`FramingError` naming the file (and the
batch row); nothing here writes.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import pandas as pd

from ..core.errors import FramingError
from ..core.storage import read_csv
from ..core.study import check_name
from .batches import BATCH_SUFFIXES, NonText, batch_frames
from .decode import decode_bytes, extract_html, looks_binary, looks_like_html, mostly_non_text

# One article is a few KB to a few hundred KB even as full HTML; 5 MB means a wrong file.
MAX_ARTICLE_BYTES = 5 * 1024 * 1024
TEXT_SUFFIXES = {".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html"}
COLUMN_MAP_KEYS = ("text_col", "outlet_col", "title_col", "date_col", "url_col", "event_col",
                   "language_col", "id_col")
_LANG_RE = re.compile(r"^[a-z]{2}$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EXTRA_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
# Columns of batch files and listings that are never kept as extra metadata.
_KNOWN_COLUMNS = frozenset({"text", "outlet", "title", "headline", "published", "date", "url", "event",
                            "language", "article_id", "id", "file", "raw_path", "format", "encoding", "sha256",
                            "duplicate_of"})
# `framing add --format`: force a format for every input ('text' is stored as 'txt').
FORMATS = {"html": "html", "text": "txt", "txt": "txt"}


def extra_columns(columns, used=()) -> list[str]:
    """Columns of a batch file or listing kept as extra manifest metadata (``lean``,
    ``country``...): every column that is not a known one or mapped, named like an identifier."""
    skip = _KNOWN_COLUMNS | {str(c) for c in used if c}
    return [str(c) for c in columns if str(c) not in skip and _EXTRA_RE.match(str(c))]


@dataclass
class Candidate:
    """One article ready to be written (all fields validated)."""

    article_id: str
    explicit_id: bool  # given by the user (an id column, --article-id, a listing), not derived
    outlet: str
    title: str
    published: str
    event: str
    language: str
    url: str
    fmt: str
    encoding: str
    data: bytes
    sha256: str
    source: str       # file name for messages
    row: int | None   # 1-based data row in a batch file
    extra: dict[str, str] = field(default_factory=dict)  # further metadata columns (lean, country, ...)


def metadata_defaults(outlet: str | None = None, title: str | None = None, published: str | None = None,
                      url: str | None = "", event: str | None = "", language: str | None = "en") -> dict[str, str]:
    """The metadata every article starts from (the keyword arguments of adding):
    '' where not given, language ``en``."""
    return {"outlet": outlet or "", "title": title or "", "published": published or "",
            "url": url or "", "event": event or "", "language": language or "en"}


def check_column_map(column_map: dict[str, str | None]) -> None:
    """Refuse keyword arguments that are not batch column names (:data:`COLUMN_MAP_KEYS`)."""
    unknown = set(column_map) - set(COLUMN_MAP_KEYS)
    if unknown:
        raise TypeError(f"unexpected keyword(s): {', '.join(sorted(unknown))}")


def sanitize_stem(stem: str) -> str:
    """A file stem as a safe id part: runs of other characters become '-', at most
    80 characters, ``article`` if nothing is left."""
    clean = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip(".-_")[:80]
    return clean or "article"


def _iso_date(value: str, source: str, row: int | None) -> str:
    """'' or a valid ``YYYY-MM-DD`` (a full ISO timestamp is cut to its date)."""
    value = (value or "").strip()
    if not value:
        return ""
    head = value[:10]
    try:
        if not _DATE_RE.match(head) or (len(value) > 10 and value[10] not in "T "):
            raise ValueError
        _dt.date.fromisoformat(head)
    except ValueError:
        raise FramingError(f"date {value!r} is not an ISO date", path=source, row=row,
                           fix="write it as YYYY-MM-DD (or leave it empty)") from None
    return head


def _one_line(value: Any) -> str:
    """The value on one line, runs of whitespace as one space, no leading/trailing space."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    value = str(value)
    # every whitespace character but " " is non-printable: a printable value
    # without doubled or outer spaces is already in this form (the common case)
    if value.isprintable() and "  " not in value and value[:1] != " " and value[-1:] != " ":
        return value
    return " ".join(value.split())


def _make_candidate(data: bytes, fmt: str | None, meta: dict[str, str], source: str,
                    row: int | None, default_id: str, explicit_id: bool,
                    sha256: str | None = None) -> Candidate:
    """Validate one article's bytes and metadata (no I/O)."""
    if len(data) == 0:
        raise FramingError("empty article", path=source, row=row, fix="remove it or supply its text")
    if len(data) > MAX_ARTICLE_BYTES:
        raise FramingError(f"article is {len(data):,} bytes, over the {MAX_ARTICLE_BYTES:,}-byte limit",
                           path=source, row=row, fix="check that this is a single news article")
    if looks_binary(data):
        raise FramingError("binary data, not text", path=source, row=row,
                           fix="supply the article as UTF-8 .txt or .html")
    text, encoding = decode_bytes(data, source, row)
    if mostly_non_text(text):
        raise FramingError("mostly non-text characters", path=source, row=row,
                           fix="supply the article as UTF-8 .txt or .html")
    if fmt is None:
        fmt = "html" if looks_like_html(text) else "txt"
    title, published = meta.get("title", ""), meta.get("published", "")
    if fmt == "html":
        body, html_title, html_date = extract_html(text)
        if not body.strip():
            raise FramingError("no article text found in the HTML", path=source, row=row,
                               fix="supply the article text as .txt instead")
        title = title or html_title
        published = published or html_date
    elif not text.strip():
        raise FramingError("article has no text (only whitespace)", path=source, row=row,
                           fix="remove it or supply its text")
    outlet = _one_line(meta.get("outlet"))
    if not outlet:
        raise FramingError("no outlet given", path=source, row=row,
                           fix="pass --outlet NAME (or an outlet column in the batch file)")
    language = _one_line(meta.get("language")).lower() or "en"
    if not _LANG_RE.match(language):
        raise FramingError(f"language {language!r} is not an ISO 639-1 code", path=source, row=row,
                           fix="use a two-letter code such as en")
    article_id = meta.get("article_id") or default_id
    if explicit_id:
        try:
            check_name(article_id, "article_id")
        except FramingError as exc:
            raise FramingError(str(exc), path=source, row=row) from None
    return Candidate(article_id=article_id, explicit_id=explicit_id, outlet=outlet,
                     title=_one_line(title), published=_iso_date(published, source, row),
                     event=_one_line(meta.get("event")), language=language,
                     url=_one_line(meta.get("url")), fmt=fmt, encoding=encoding, data=data,
                     sha256=sha256 or hashlib.sha256(data).hexdigest(), source=source, row=row,
                     extra={k: _one_line(v) for k, v in (meta.get("extra") or {}).items()})


def rows_to_candidates(df: pd.DataFrame, source: str, stem: str, defaults: dict[str, str],
                       column_map: dict[str, str | None], first_row: int = 1,
                       fmt: str | None = None) -> list[Candidate]:
    """Candidates from a table of articles (batch file, records or DataFrame; str cells).

    ``stem`` starts the ids derived for rows without one (``STEM-SHA12``);
    ``first_row``: the 1-based row number of ``df``'s first row in its file;
    ``fmt``: ``'html'`` or ``'txt'`` for every row (``--format``), else a row is
    HTML only when it starts as a page (:func:`helpers.corpus.decode.looks_like_html`).
    A problem of the table as a whole (a mapped column that is missing) raises
    a :class:`FramingError` without a row; a bad row raises one with its row.
    """
    def column(key: str, fallbacks: tuple[str, ...]) -> str | None:
        given = column_map.get(key)
        if given:
            if given not in df.columns:
                raise FramingError(f"missing column {given!r}", path=source,
                                   fix=f"pass --{key.replace('_col', '')}-col with one of: {', '.join(map(str, df.columns))}")
            return given
        return next((c for c in fallbacks if c in df.columns), None)

    text_col = column("text_col", ("text",))
    if text_col is None:
        raise FramingError("missing required column 'text'", path=source,
                           fix="name the text column with --text-col")
    cols = {
        "outlet": column("outlet_col", ("outlet",)),
        "title": column("title_col", ("title", "headline")),
        "published": column("date_col", ("published", "date")),
        "url": column("url_col", ("url",)),
        "event": column("event_col", ("event",)),
        "language": column("language_col", ("language",)),
        "article_id": column("id_col", ("article_id",)),
    }
    out = []
    # plain column lists, walked row by row (to_dict("records") boxes every cell)
    keys = list(cols)
    columns = [df[cols[k]].tolist() if cols[k] is not None else None for k in keys]
    extras = {c: df[c].tolist() for c in extra_columns(df.columns, [text_col, *cols.values()])}
    texts = df[text_col].tolist()
    typed = [("text", text_col, texts)] + [(k, cols[k], columns[keys.index(k)]) for k in ("outlet", "title")
                                           if cols[k] is not None]
    for i, raw_text in enumerate(texts):
        row = first_row + i
        for what, col_name, values in typed:
            if isinstance(values[i], NonText):
                shown = values[i] if len(values[i]) <= 40 else values[i][:37] + "..."
                raise FramingError(f"column {col_name!r} holds a {values[i].kind} ({shown}), not {what} as a string",
                                   path=source, row=row, fix=f"write the {what} as a string in column {col_name!r}")
        meta = {k: (_one_line(col[i]) if col is not None else "") or defaults.get(k, "")
                for k, col in zip(keys, columns)}
        if extras:
            meta["extra"] = {c: "" if v[i] is None or (isinstance(v[i], float) and pd.isna(v[i])) else v[i]
                             for c, v in extras.items()}
        text = "" if raw_text is None or (isinstance(raw_text, float) and pd.isna(raw_text)) else str(raw_text)
        explicit = bool(meta.get("article_id"))
        data = text.encode("utf-8")
        sha = hashlib.sha256(data).hexdigest()
        out.append(_make_candidate(data, fmt, meta, source, row, f"{stem}-{sha[:12]}", explicit, sha))
    return out


def _file_meta(path: Path, listing: pd.DataFrame | None, listing_path: str | None,
               defaults: dict[str, str]) -> dict[str, str]:
    """Metadata for one file: its row in a --manifest listing (if any) over the defaults."""
    meta = dict(defaults)
    if listing is None:
        return meta
    names = listing["file"].map(lambda f: Path(str(f)).name)
    hits = listing[names == path.name]
    if len(hits) != 1:
        raise FramingError(f"{len(hits)} rows for {path.name!r} in the listing", path=listing_path,
                           fix="give each file exactly one row (column 'file')")
    rec = hits.iloc[0].to_dict()
    for key, cols in (("outlet", ("outlet",)), ("title", ("title",)), ("published", ("published", "date")),
                      ("url", ("url",)), ("event", ("event",)), ("language", ("language",)),
                      ("article_id", ("article_id",))):
        for c in cols:
            if c in rec and _one_line(rec[c]):
                meta[key] = _one_line(rec[c])
                break
    extra = extra_columns(listing.columns)
    if extra:
        meta["extra"] = {c: rec.get(c) or "" for c in extra}
    return meta


def _file_candidate(path: Path, suffix: str, listing: pd.DataFrame | None, listing_path: str | None,
                    defaults: dict[str, str], article_id: str | None, fmt: str | None = None) -> Candidate:
    """The candidate of one .txt/.html file (its id: ``article_id``, its listing row's, or its stem;
    its format: ``fmt`` if given, else its suffix's)."""
    source = str(path)
    size = path.stat().st_size
    if size > MAX_ARTICLE_BYTES:
        raise FramingError(f"file is {size:,} bytes, over the {MAX_ARTICLE_BYTES:,}-byte limit",
                           path=source, fix="check that this is a single news article")
    meta = _file_meta(path, listing, listing_path, defaults)
    explicit = bool(article_id or meta.get("article_id"))
    if article_id:
        meta["article_id"] = article_id
    data = path.read_bytes()
    stem = path.stem
    try:
        default_id = check_name(stem, "article_id")
    except FramingError:
        default_id = f"{sanitize_stem(stem)}-{hashlib.sha256(data).hexdigest()[:8]}"
    return _make_candidate(data, fmt or TEXT_SUFFIXES[suffix], meta, source, None, default_id, explicit)


def check_format(fmt: str | None) -> str | None:
    """The stored format (``'html'``/``'txt'``) of a ``--format`` value, None for none."""
    if fmt is None or fmt == "":
        return None
    if fmt not in FORMATS:
        raise FramingError(f"unknown format {fmt!r}", fix="use --format html or --format text")
    return FORMATS[fmt]


def read_listing(listing_path: str | Path) -> pd.DataFrame:
    """A ``--manifest`` listing (one row per file, column ``file``), all str."""
    listing = read_csv(listing_path, dtype=str)
    if "file" not in listing.columns:
        raise FramingError("listing has no 'file' column", path=listing_path,
                           fix="add a column 'file' with each file's name")
    return listing


def missing_listed_files(listing: pd.DataFrame, listing_path: str | Path, given: Iterable[Any]) -> list[tuple[int, str]]:
    """(row, file) of listing rows naming a file that is neither among the inputs ``given``
    (by name) nor on disk (as written, or beside the listing). Such a row used to be
    dropped without a word; it is a bad row. Rows are 1-based data rows."""
    names = {Path(str(g)).name for g in given if isinstance(g, (str, Path))}
    here = Path(listing_path).parent
    missing = []
    for row, f in enumerate(listing["file"].tolist(), start=1):
        f = str(f or "")
        if Path(f).name in names or (f and (Path(f).is_file() or (here / f).is_file())):
            continue
        missing.append((row, f))
    return missing


def missing_file_error(listing_path: str | Path, row: int, name: str) -> FramingError:
    return FramingError(f"file {name!r} named by the listing does not exist", path=listing_path, row=row,
                        fix="add the file to the inputs, or remove its row from the listing")


def collect_candidates(items: list[Any], defaults: dict[str, str], article_id: str | None,
                       listing_path: str | None, column_map: dict[str, str | None],
                       fmt: str | None = None, check_listing: bool = True) -> list[Candidate]:
    """Read and validate every input (no writes): paths of .txt/.html or batch files,
    dicts (records) and DataFrames, in order (records last, as one table).

    ``defaults``: :func:`metadata_defaults`; ``article_id``: the id of a single
    input; ``listing_path``: a CSV with one row per file (column ``file`` plus
    metadata; with ``check_listing`` a row naming a missing file is refused);
    ``column_map``: batch column names (:data:`COLUMN_MAP_KEYS`); ``fmt``: a
    format forced on every input (:func:`check_format`).
    """
    fmt = check_format(fmt)
    listing = None
    if listing_path:
        listing = read_listing(listing_path)
        missing = missing_listed_files(listing, listing_path, items) if check_listing else []
        if missing:
            raise missing_file_error(listing_path, *missing[0])
    if article_id and len(items) != 1:
        raise FramingError("--article-id given for several inputs", fix="add files one at a time or use a batch id column")
    cands: list[Candidate] = []
    records: list[dict] = []
    for item in items:
        if isinstance(item, dict):
            records.append(item)
            continue
        if isinstance(item, pd.DataFrame):
            cands += rows_to_candidates(item.astype(object).where(item.notna(), ""), "<DataFrame>",
                                        "record", defaults, column_map, fmt=fmt)
            continue
        path = Path(item)
        source = str(path)
        if not path.is_file():
            raise FramingError("file not found", path=source, fix="check the path")
        suffix = path.suffix.lower()
        if suffix in BATCH_SUFFIXES:
            first = 1
            for frame in batch_frames(path):
                cands += rows_to_candidates(frame, source, sanitize_stem(path.stem), defaults,
                                            column_map, first, fmt)
                first += len(frame)
            if first == 1:
                raise FramingError("no rows in the batch file", path=source, fix="supply rows of articles")
        elif suffix in TEXT_SUFFIXES:
            cands.append(_file_candidate(path, suffix, listing, listing_path, defaults, article_id, fmt))
        else:
            raise FramingError(f"unsupported file type {suffix or '(none)'!r}", path=source,
                               fix="use .txt, .html, or a batch .csv/.jsonl/.parquet")
    if records:
        cands += rows_to_candidates(pd.DataFrame(records).fillna(""), "<records>", "record",
                                    defaults, column_map, fmt=fmt)
    return cands
