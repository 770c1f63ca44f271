"""The corpus layer: raw articles stored byte for byte, described by ``manifest.csv``.

``data/corpora/NAME/raw/*`` holds each article exactly as received (text or
HTML); ``manifest.csv`` gives one row per article with its metadata and the
sha256 of the raw bytes (columns in docs/ARCHITECTURE.md). :func:`add_articles`
(and ``framing add``) is the only writer: it validates everything first and
refuses bad input with a one-line :class:`FramingError`, leaving ``data/``
byte-identical. :func:`load_corpus` re-checks every hash on read.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import io
import json
import re
import sys
import unicodedata
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..core.errors import FramingError
from ..core.runtime import paused_cyclic_gc
from ..core.study import check_name
from ..core.storage import atomic_file, atomic_write_bytes, read_csv, write_csv

DEFAULT_EVENT = "unspecified-event"
MANIFEST_COLUMNS = ["article_id", "outlet", "title", "published", "event", "language", "url",
                    "raw_path", "format", "encoding", "sha256"]
# One article is a few KB to a few hundred KB even as full HTML; 5 MB means a wrong file.
MAX_ARTICLE_BYTES = 5 * 1024 * 1024
# A batch file (CSV/JSONL/Parquet) of many articles.
MAX_BATCH_BYTES = 1024 * 1024 * 1024
TEXT_SUFFIXES = {".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html"}
BATCH_SUFFIXES = {".csv", ".jsonl", ".ndjson", ".parquet"}
COLUMN_MAP_KEYS = ("text_col", "outlet_col", "title_col", "date_col", "url_col", "event_col",
                   "language_col", "id_col")
_RAW_PATH_RE = re.compile(r"^raw/[A-Za-z0-9][A-Za-z0-9._-]*$")
# A batch of at least this many articles is stored as one raw shard (below):
# 100,000 small files cost more to write, list and hash than the analysis of them.
SHARD_MIN_ARTICLES = 1000
# Rows per Parquet row group in a shard; shards are sorted by article_id, so a
# pipeline chunk (a run of consecutive ids) reads one or two row groups.
SHARD_ROW_GROUP = 500
_LANG_RE = re.compile(r"^[a-z]{2}$")
_HTML_SNIFF_RE = re.compile(r"<(?:!doctype html|html|body|article|p|div)\b", re.IGNORECASE)


class AssumedEncodingWarning(UserWarning):
    """A raw file was not UTF-8 and was decoded with a detected legacy encoding."""


# ----------------------------------------------------------------------------- manifest

def manifest_path(corpus_dir: Path) -> Path:
    """The manifest of the corpus in ``corpus_dir`` (a corpus folder holds ``manifest.csv`` and ``raw/``)."""
    return Path(corpus_dir) / "manifest.csv"


def read_manifest(corpus_dir: Path, must_exist: bool = True) -> pd.DataFrame:
    """The manifest exactly as stored (all str, checked), or an empty one if allowed and absent."""
    path = manifest_path(corpus_dir)
    if not path.exists():
        if must_exist:
            raise FramingError("manifest not found", path=path,
                               fix=f"add articles with `framing add FILES --corpus {Path(corpus_dir).name}`")
        return pd.DataFrame({c: pd.Series(dtype=str) for c in MANIFEST_COLUMNS})
    df = read_csv(path, dtype=str)
    missing = [c for c in MANIFEST_COLUMNS if c not in df.columns]
    if missing:
        raise FramingError(f"unreadable manifest: missing column(s) {', '.join(missing)}", path=path,
                           fix="restore it from git or rebuild the corpus with `framing add`")
    dup = df["article_id"][df["article_id"].duplicated()]
    if len(dup):
        row = int(dup.index[0]) + 1
        raise FramingError(f"unreadable manifest: duplicate article_id {dup.iloc[0]!r}", path=path,
                           row=row, fix="restore it from git")
    for i, (aid, raw_path) in enumerate(zip(df["article_id"], df["raw_path"]), start=1):
        try:
            check_name(aid, "article_id")
        except FramingError:
            raise FramingError(f"unreadable manifest: invalid article_id {aid!r}", path=path, row=i,
                               fix="restore it from git") from None
        if not _RAW_PATH_RE.match(raw_path):
            raise FramingError(f"unreadable manifest: raw_path {raw_path!r} is not raw/FILE", path=path,
                               row=i, fix="restore it from git")
    return df[MANIFEST_COLUMNS]


def load_manifest(corpus_dir: Path) -> pd.DataFrame:
    """The corpus manifest (all columns str); an empty ``event`` becomes :data:`DEFAULT_EVENT`."""
    df = read_manifest(corpus_dir, must_exist=True).copy()
    df["event"] = df["event"].replace("", DEFAULT_EVENT)
    return df.sort_values("article_id", kind="stable").reset_index(drop=True)


# ----------------------------------------------------------------------------- decoding

# every byte value except the C0 controls that are not tab, newline, form feed, CR
_NOT_BINARY_CONTROL = bytes(b for b in range(256) if not (b < 32 and b not in (9, 10, 12, 13)))
_PRINTABLE_ASCII = b"\t\n\r\f" + bytes(range(0x20, 0x7f))


def _looks_binary(data: bytes) -> bool:
    """NUL bytes, or many control bytes other than tab/newline/CR/FF, in the first 64 KB."""
    head = data[:65536]
    if b"\x00" in head:
        return True
    # deleting every other byte value leaves the controls (one C-speed pass)
    controls = len(head.translate(None, _NOT_BINARY_CONTROL))
    return controls > max(2, len(head) // 100)


def decode_bytes(data: bytes, path: str | Path, row: int | None = None) -> tuple[str, str]:
    """Decode raw article bytes: ``(text, encoding)``.

    UTF-8 (a BOM is recorded as ``utf-8-sig``); otherwise charset-normalizer
    chooses between cp1252 and latin-1 and an :class:`AssumedEncodingWarning`
    says so; anything else is refused (the study compares English-language
    Western outlets, so other legacy encodings mean a wrong file).
    """
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data.decode("utf-8-sig"), "utf-8-sig"
        except UnicodeDecodeError:
            pass
    else:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["cp1252", "latin_1"]).best()
    if best is None:
        raise FramingError("unknown text encoding (not UTF-8, cp1252 or latin-1)", path=path, row=row,
                           fix="re-save the file as UTF-8")
    encoding = "latin-1" if best.encoding in ("latin_1", "iso8859_1") else best.encoding
    text = data.decode(encoding)
    where = f"{path}, row {row}" if row is not None else str(path)
    warnings.warn(f"{where}: not UTF-8; decoded as {encoding} (assumed; check the text or re-save as UTF-8)",
                  AssumedEncodingWarning, stacklevel=3)
    return text, encoding


def _mostly_non_text(text: str) -> bool:
    """More than 1% (and over 2) control, surrogate, private-use or unassigned characters."""
    sample = text[:65536]
    # Only characters outside printable ASCII can be non-text. Deleting the
    # printable ASCII bytes from the UTF-8 form (C speed) keeps every multibyte
    # sequence whole, so what remains decodes to exactly those characters.
    odd = sample.encode("utf-8", "surrogatepass").translate(None, _PRINTABLE_ASCII) \
        .decode("utf-8", "surrogatepass")
    bad = sum(odd.count(ch) for ch in set(odd) if unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn"))
    return bad > max(2, len(sample) // 100)


def extract_html(html: str) -> tuple[str, str, str]:
    """``(text, title, date)`` from an HTML page via trafilatura (paragraphs as lines).

    Uses trafilatura's main-content extraction (Barbaresso 2021, "Trafilatura:
    A Web Scraping Library and Command-Line Tool for Text Discovery and
    Extraction", ACL demos); ``title``/``date`` are '' when not found.
    """
    import trafilatura

    text = trafilatura.extract(html, output_format="txt", include_comments=False,
                               include_tables=True, include_images=False, include_links=False,
                               deduplicate=False) or ""
    meta = trafilatura.extract_metadata(html)
    title = (meta.title or "") if meta is not None else ""
    date = (meta.date or "") if meta is not None else ""
    return text, " ".join(title.split()), date


# ----------------------------------------------------------------------------- loading

def load_corpus(corpus_dir: Path) -> pd.DataFrame:
    """Manifest plus ``text`` (decoded raw text; for HTML the extracted text).

    Every raw file's sha256 is checked against the manifest; a mismatch or a
    missing file raises :class:`FramingError` naming the file.
    """
    manifest = load_manifest(corpus_dir)
    out = manifest.copy()
    out["text"] = read_raw_texts(manifest, Path(corpus_dir))
    return out


# ----------------------------------------------------------------------------- raw shards
#
# A raw shard ``raw/STEM-DIGEST.parquet`` holds the articles of one large batch
# byte for byte: columns ``article_id`` (str) and ``data`` (the article's bytes
# as received, whose sha256 is in the manifest), sorted by article_id. Like
# every raw file it is written once and never edited; each article in it is
# hash-checked on every read, exactly as a one-article file is.

def is_shard(raw_path: str) -> bool:
    """Whether a manifest ``raw_path`` names a raw shard (many articles) rather than one file."""
    return raw_path.endswith(".parquet")


def write_shard(path: Path, article_ids: list[str], datas: list[bytes]) -> None:
    """Write a raw shard atomically (temporary file, then rename)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    order = sorted(range(len(article_ids)), key=article_ids.__getitem__)
    schema = pa.schema([("article_id", pa.string()), ("data", pa.binary())])
    with atomic_file(path, keep_identical=False) as out:
        # one row group at a time: the batch's bytes are never copied whole into Arrow
        with pq.ParquetWriter(out.path, schema, compression="zstd") as writer:
            for a in range(0, len(order), SHARD_ROW_GROUP):
                rows = order[a:a + SHARD_ROW_GROUP]
                writer.write_table(pa.table({"article_id": [article_ids[i] for i in rows],
                                             "data": [datas[i] for i in rows]}, schema=schema))


def _missing_file(path: Path) -> FramingError:
    return FramingError("raw file listed in the manifest is missing", path=path,
                        fix="restore it from git or remove its manifest row")


def _missing_from_shard(article_id: str, path: Path) -> FramingError:
    return FramingError(f"article {article_id!r} is missing from its raw shard", path=path,
                        fix="restore the shard from git or remove the article's manifest row")


@contextmanager
def _reading_shard(path: Path):
    """Open a raw shard (``pyarrow.parquet.ParquetFile``); a missing or damaged shard
    becomes one :class:`FramingError` naming it."""
    import pyarrow.parquet as pq

    if not path.is_file():
        raise FramingError("raw shard listed in the manifest is missing", path=path,
                           fix="restore it from git or remove its manifest rows")
    try:
        yield pq.ParquetFile(path)
    except FramingError:
        raise
    except Exception as exc:  # pyarrow raises many types for a damaged file
        raise FramingError(f"unreadable raw shard ({type(exc).__name__})", path=path,
                           fix="restore it from git or re-add the batch") from exc


def read_shard(path: Path, article_ids: list[str] | None = None) -> dict[str, bytes]:
    """``{article_id: bytes}`` of a raw shard: all articles, or only ``article_ids``
    (row groups whose id range cannot hold them are skipped)."""
    with _reading_shard(path) as pf:
        groups = list(range(pf.metadata.num_row_groups))
        if article_ids is not None:
            groups = _row_groups_holding(pf.metadata, sorted(article_ids))
        table = pf.read_row_groups(groups, columns=["article_id", "data"])
    stored = zip(table.column("article_id").to_pylist(), table.column("data").to_pylist())
    if article_ids is None:
        return dict(stored)
    wanted = set(article_ids)
    return {a: d for a, d in stored if a in wanted}


def _row_groups_holding(meta, ids: list[str]) -> list[int]:
    """Row groups whose article_id range (from the column statistics) holds one of the
    sorted ``ids``; a row group without statistics is always read."""
    import bisect

    out = []
    for g in range(meta.num_row_groups):
        stats = meta.row_group(g).column(0).statistics
        if stats is None or not stats.has_min_max:
            out.append(g)
            continue
        i = bisect.bisect_left(ids, stats.min)
        if i < len(ids) and ids[i] <= stats.max:
            out.append(g)
    return out


def _iter_shard(path: Path):
    """(article_id, bytes) of every article of a raw shard, one row group in memory at a time."""
    with _reading_shard(path) as pf:
        for batch in pf.iter_batches(columns=["article_id", "data"]):
            yield from zip(batch.column(0).to_pylist(), batch.column(1).to_pylist())


def _raw_bytes(rows: pd.DataFrame, base: Path) -> list[tuple[Path, bytes]]:
    """(where, bytes) of each manifest row's raw article, from its file or its shard."""
    shard_ids: dict[str, list[str]] = {}
    for aid, raw_path in zip(rows["article_id"], rows["raw_path"]):
        if is_shard(raw_path):
            shard_ids.setdefault(raw_path, []).append(aid)
    shards = {rp: read_shard(base / rp, ids) for rp, ids in shard_ids.items()}
    out = []
    for aid, raw_path in zip(rows["article_id"], rows["raw_path"]):
        path = base / raw_path
        if raw_path in shards:
            data = shards[raw_path].get(aid)
            if data is None:
                raise _missing_from_shard(aid, path)
        else:
            if not path.is_file():
                raise _missing_file(path)
            data = path.read_bytes()
        out.append((path, data))
    return out


def check_raw(manifest: pd.DataFrame, base: Path, progress: bool = False) -> int:
    """Check every raw article of ``manifest`` against its sha256 (files and shards).

    Raises :class:`FramingError` naming the file (and the article, for a
    shard) on a missing file or a mismatch. Returns the number checked.
    """
    from tqdm import tqdm

    expected = dict(zip(manifest["article_id"], manifest["sha256"]))
    bar = tqdm(total=len(manifest), desc="ingest", unit="article", disable=not progress)
    try:
        sharded = np.fromiter((is_shard(r) for r in manifest["raw_path"]), dtype=bool, count=len(manifest))
        files = manifest[~sharded]
        for raw_path, sha in zip(files["raw_path"], files["sha256"]):
            path = base / raw_path
            if not path.is_file():
                raise _missing_file(path)
            _check_sha(path.read_bytes(), sha, path)
            bar.update(1)
        for raw_path, group in manifest[sharded].groupby("raw_path", sort=True):
            wanted = set(group["article_id"])
            for aid, data in _iter_shard(base / raw_path):  # one row group at a time
                if aid in wanted:
                    _check_sha(data, expected[aid], base / raw_path, aid)
                    wanted.discard(aid)
                    bar.update(1)
            if wanted:
                raise _missing_from_shard(min(wanted), base / raw_path)
    finally:
        bar.close()
    return len(manifest)


def _check_sha(data: bytes, sha: str, path: Path, article_id: str | None = None) -> None:
    if hashlib.sha256(data).hexdigest() != sha:
        what = f" (article {article_id!r})" if article_id else ""
        raise FramingError(f"sha256 does not match the manifest{what} (raw files must never be edited)",
                           path=path, fix="restore the original bytes from git or re-add the article")


def read_raw_texts(rows: pd.DataFrame, base: Path) -> list[str]:
    """The texts of manifest ``rows`` (raw files or shards under ``base``), each checked
    against its sha256 and decoded with its recorded encoding; HTML goes through the extractor.

    A missing file, a hash mismatch or an undecodable file raises :class:`FramingError`
    naming the file."""
    texts = []
    for r, (path, data) in zip(rows.itertuples(index=False), _raw_bytes(rows, base)):
        _check_sha(data, r.sha256, path, r.article_id if is_shard(r.raw_path) else None)
        try:
            text = data.decode(r.encoding or "utf-8")
        except (UnicodeDecodeError, LookupError) as exc:
            raise FramingError(f"cannot decode as {r.encoding!r}", path=path,
                               fix="correct the encoding column of the manifest") from exc
        texts.append(extract_html(text)[0] if r.format == "html" else text)
    return texts


# ----------------------------------------------------------------------------- adding

@dataclass
class _Candidate:
    """One article ready to be written (all fields validated)."""

    article_id: str
    explicit_id: bool
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


def _sanitize_stem(stem: str) -> str:
    clean = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip(".-_")[:80]
    return clean or "article"


def _iso_date(value: str, source: str, row: int | None) -> str:
    """'' or a valid ``YYYY-MM-DD`` (a full ISO timestamp is cut to its date)."""
    value = (value or "").strip()
    if not value:
        return ""
    head = value[:10]
    try:
        if not re.match(r"^\d{4}-\d{2}-\d{2}$", head) or (len(value) > 10 and value[10] not in "T "):
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
                    sha256: str | None = None) -> _Candidate:
    """Validate one article's bytes and metadata (no I/O)."""
    if len(data) == 0:
        raise FramingError("empty article", path=source, row=row, fix="remove it or supply its text")
    if len(data) > MAX_ARTICLE_BYTES:
        raise FramingError(f"article is {len(data):,} bytes, over the {MAX_ARTICLE_BYTES:,}-byte limit",
                           path=source, row=row, fix="check that this is a single news article")
    if _looks_binary(data):
        raise FramingError("binary data, not text", path=source, row=row,
                           fix="supply the article as UTF-8 .txt or .html")
    text, encoding = decode_bytes(data, source, row)
    if _mostly_non_text(text):
        raise FramingError("mostly non-text characters", path=source, row=row,
                           fix="supply the article as UTF-8 .txt or .html")
    if fmt is None:
        fmt = "html" if _HTML_SNIFF_RE.search(text[:4096]) else "txt"
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
    return _Candidate(article_id=article_id, explicit_id=explicit_id, outlet=outlet,
                      title=_one_line(title), published=_iso_date(published, source, row),
                      event=_one_line(meta.get("event")), language=language,
                      url=_one_line(meta.get("url")), fmt=fmt, encoding=encoding, data=data,
                      sha256=sha256 or hashlib.sha256(data).hexdigest(), source=source, row=row)


# Rows of a Parquet batch converted to Python at a time: the batch is never
# held twice (as Arrow and as Python strings) in full.
PARQUET_READ_ROWS = 5000


def _as_str_frame(df: pd.DataFrame) -> pd.DataFrame:
    return df.astype(object).where(df.notna(), "").astype(str)


def _check_batch_size(path: Path) -> None:
    size = path.stat().st_size
    if size == 0:
        raise FramingError("empty batch file", path=path, fix="supply rows of articles")
    if size > MAX_BATCH_BYTES:
        raise FramingError(f"batch file over the {MAX_BATCH_BYTES:,}-byte limit", path=path,
                           fix="split it into smaller files")


def _batch_frames(path: Path):
    """A batch file as str DataFrames ('' for missing): Parquet in pieces of
    :data:`PARQUET_READ_ROWS` rows, CSV and JSONL whole."""
    if path.suffix.lower() != ".parquet":
        yield _batch_frame(path)
        return
    import pyarrow.parquet as pq

    _check_batch_size(path)
    try:
        pf = pq.ParquetFile(path)
        batches = pf.iter_batches(batch_size=PARQUET_READ_ROWS)
        for batch in batches:
            yield _as_str_frame(batch.to_pandas())
    except FramingError:
        raise
    except Exception as exc:  # pyarrow raises many types for a bad file
        raise FramingError(f"unreadable Parquet ({type(exc).__name__})", path=path,
                           fix="re-export the file as Parquet, CSV or JSONL") from exc


def _batch_frame(path: Path) -> pd.DataFrame:
    """Read a batch file into a str DataFrame ('' for missing)."""
    _check_batch_size(path)
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        try:
            df = pd.read_parquet(path)
        except Exception as exc:  # pyarrow raises many types for a bad file
            raise FramingError(f"unreadable Parquet ({type(exc).__name__})", path=path,
                               fix="re-export the file as Parquet, CSV or JSONL") from exc
        return _as_str_frame(df)
    data = path.read_bytes()
    if _looks_binary(data):
        raise FramingError("binary data, not a text batch file", path=path, fix="supply UTF-8 CSV or JSONL")
    text, _ = decode_bytes(data, path)
    if suffix == ".csv":
        try:
            df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[])
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise FramingError(f"unreadable CSV ({str(exc).splitlines()[0]})", path=path,
                               fix="write it as UTF-8 CSV with a header row") from exc
        return df
    records = []
    for i, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise FramingError(f"invalid JSON on line {i} ({exc.msg})", path=path, row=len(records) + 1,
                               fix="write one JSON object per line") from None
        if not isinstance(obj, dict):
            raise FramingError(f"line {i} is not a JSON object", path=path, row=len(records) + 1,
                               fix="write one JSON object per line")
        records.append({k: "" if v is None else str(v) for k, v in obj.items()})
    if not records:
        raise FramingError("no records in the JSONL file", path=path, fix="supply one JSON object per line")
    return pd.DataFrame(records).fillna("")


def _rows_to_candidates(df: pd.DataFrame, source: str, stem: str, defaults: dict[str, str],
                        column_map: dict[str, str | None], first_row: int = 1) -> list[_Candidate]:
    """Candidates from a table of articles (batch file, records or DataFrame);
    ``first_row``: the 1-based row number of ``df``'s first row in its file."""
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
    texts = df[text_col].tolist()
    for i, raw_text in enumerate(texts):
        row = first_row + i
        meta = {k: (_one_line(col[i]) if col is not None else "") or defaults.get(k, "")
                for k, col in zip(keys, columns)}
        text = "" if raw_text is None or (isinstance(raw_text, float) and pd.isna(raw_text)) else str(raw_text)
        explicit = bool(meta.get("article_id"))
        data = text.encode("utf-8")
        sha = hashlib.sha256(data).hexdigest()
        out.append(_make_candidate(data, None, meta, source, row, f"{stem}-{sha[:12]}", explicit, sha))
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
    return meta


def _as_items(paths_or_records: Any) -> list[Any]:
    if isinstance(paths_or_records, (str, Path, dict, pd.DataFrame)):
        return [paths_or_records]
    return list(paths_or_records)


def _collect(items: list[Any], defaults: dict[str, str], article_id: str | None,
             listing_path: str | None, column_map: dict[str, str | None]) -> list[_Candidate]:
    """Read and validate every input (no writes)."""
    listing = None
    if listing_path:
        listing = read_csv(listing_path, dtype=str)
        if "file" not in listing.columns:
            raise FramingError("listing has no 'file' column", path=listing_path,
                               fix="add a column 'file' with each file's name")
    if article_id and len(items) != 1:
        raise FramingError("--article-id given for several inputs", fix="add files one at a time or use a batch id column")
    cands: list[_Candidate] = []
    records: list[dict] = []
    for item in items:
        if isinstance(item, dict):
            records.append(item)
            continue
        if isinstance(item, pd.DataFrame):
            cands += _rows_to_candidates(item.astype(object).where(item.notna(), ""), "<DataFrame>",
                                         "record", defaults, column_map)
            continue
        path = Path(item)
        source = str(path)
        if not path.is_file():
            raise FramingError("file not found", path=source, fix="check the path")
        suffix = path.suffix.lower()
        if suffix in BATCH_SUFFIXES:
            first = 1
            for frame in _batch_frames(path):
                cands += _rows_to_candidates(frame, source, _sanitize_stem(path.stem), defaults,
                                             column_map, first)
                first += len(frame)
            if first == 1:
                raise FramingError("no rows in the batch file", path=source, fix="supply rows of articles")
        elif suffix in TEXT_SUFFIXES:
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
                default_id = f"{_sanitize_stem(stem)}-{hashlib.sha256(data).hexdigest()[:8]}"
            cands.append(_make_candidate(data, TEXT_SUFFIXES[suffix], meta, source, None,
                                         default_id, explicit))
        else:
            raise FramingError(f"unsupported file type {suffix or '(none)'!r}", path=source,
                               fix="use .txt, .html, or a batch .csv/.jsonl/.parquet")
    if records:
        cands += _rows_to_candidates(pd.DataFrame(records).fillna(""), "<records>", "record",
                                     defaults, column_map)
    return cands


def _shard_sources(cands: list[_Candidate]) -> set[str]:
    """Batch sources with at least :data:`SHARD_MIN_ARTICLES` articles: stored as raw shards."""
    counts: dict[str, int] = {}
    for c in cands:
        if c.row is not None:
            counts[c.source] = counts.get(c.source, 0) + 1
    return {src for src, n in counts.items() if n >= SHARD_MIN_ARTICLES}


def _shard_path(source: str, cands: list[_Candidate]) -> str:
    """``raw/STEM-DIGEST.parquet``: named by the batch and the content it holds."""
    digest = hashlib.sha256("".join(sorted(c.sha256 for c in cands)).encode("ascii")).hexdigest()[:12]
    stem = _sanitize_stem(Path(source).stem)[:60]
    return f"raw/{stem}-{digest}.parquet"


def _check_duplicates(cands: list[_Candidate], existing: pd.DataFrame, corpus_path: Path,
                      sharded: set[str] = frozenset()) -> None:
    """Refuse content already present (sha256) and ids already taken; make derived ids unique."""
    by_sha = dict(zip(existing["sha256"], existing["article_id"]))
    taken = set(existing["article_id"])
    raw_dir = corpus_path / "raw"
    for c in cands:
        where = dict(path=c.source, row=c.row)
        if c.sha256 in by_sha:
            raise FramingError(f"duplicate: same bytes as article {by_sha[c.sha256]!r}", **where,
                               fix="drop it; it is already in the corpus or in this batch")
        if c.article_id in taken:
            if c.explicit_id:
                raise FramingError(f"duplicate article_id {c.article_id!r}", **where,
                                   fix="choose another id")
            c.article_id = f"{_sanitize_stem(c.article_id)[:60]}-{c.sha256[:12]}"
            if c.article_id in taken:
                raise FramingError(f"duplicate article_id {c.article_id!r}", **where, fix="choose an id")
        raw_file = None if c.source in sharded else raw_dir / f"{c.article_id}.{c.fmt}"
        if raw_file is not None and raw_file.exists():
            raise FramingError(f"raw file {raw_file.name} exists but is not in the manifest", **where,
                               fix="remove the stray file or choose another id")
        by_sha[c.sha256] = c.article_id
        taken.add(c.article_id)


def add_articles(paths_or_records: Any, corpus_dir: Path, *, outlet: str | None = None,
                 title: str | None = None, published: str | None = None, url: str = "",
                 event: str = "", language: str = "en", article_id: str | None = None,
                 manifest: str | Path | None = None, **column_map: str | None) -> pd.DataFrame:
    """Copy articles verbatim into ``corpus_dir/raw/`` and append them to the corpus manifest.

    One file per article, except that a batch file with at least
    :data:`SHARD_MIN_ARTICLES` articles is stored as one raw shard
    (``raw/STEM-DIGEST.parquet``, each article's bytes beside its id).

    ``paths_or_records``: paths of ``.txt``/``.html`` files or batch files
    (``.csv``, ``.jsonl``, ``.parquet`` with a text column and metadata
    columns), dicts, or a DataFrame. Keyword metadata are defaults for every
    article (batch columns override them; HTML title/date fill gaps);
    ``column_map`` names batch columns (``text_col``, ``outlet_col``,
    ``title_col``, ``date_col``, ``url_col``, ``event_col``, ``language_col``,
    ``id_col``). ``manifest`` is an optional CSV listing one row per file
    (column ``file`` plus metadata columns).

    All inputs are validated before anything is written; on any problem a
    one-line :class:`FramingError` is raised and ``data/`` is untouched. Raw
    files are written first, then the manifest; if the manifest write fails
    the new raw files are removed again. Returns the added manifest rows.
    """
    unknown = set(column_map) - set(COLUMN_MAP_KEYS)
    if unknown:
        raise TypeError(f"unexpected keyword(s): {', '.join(sorted(unknown))}")
    defaults = {"outlet": outlet or "", "title": title or "", "published": published or "",
                "url": url or "", "event": event or "", "language": language or "en"}
    base = Path(corpus_dir)
    existing = read_manifest(base, must_exist=False)
    items = _as_items(paths_or_records)
    if not items:
        raise FramingError("no input files given", fix="name at least one file")
    # validating 100,000 rows allocates millions of small acyclic objects: pausing
    # the cyclic garbage collector meanwhile saves its repeated heap scans
    with paused_cyclic_gc():
        cands = _collect(items, defaults, article_id, str(manifest) if manifest else None, column_map)
    sharded = _shard_sources(cands)
    _check_duplicates(cands, existing, base, sharded)
    shards: dict[str, list[_Candidate]] = {}
    for c in cands:
        if c.source in sharded:
            shards.setdefault(c.source, []).append(c)
    shard_path = {src: _shard_path(src, group) for src, group in shards.items()}
    for src, raw_path in shard_path.items():
        if (base / raw_path).exists():
            raise FramingError(f"raw shard {raw_path} exists but is not in the manifest", path=src,
                               fix="remove the stray file")

    added = pd.DataFrame([{
        "article_id": c.article_id, "outlet": c.outlet, "title": c.title, "published": c.published,
        "event": c.event, "language": c.language, "url": c.url,
        "raw_path": shard_path.get(c.source) or f"raw/{c.article_id}.{c.fmt}",
        "format": c.fmt, "encoding": c.encoding, "sha256": c.sha256} for c in cands], columns=MANIFEST_COLUMNS)
    new_manifest = (pd.concat([existing, added], ignore_index=True)
                    .sort_values("article_id", kind="stable").reset_index(drop=True))

    created_dirs = [d for d in (base.parent, base, base / "raw") if not d.exists()]
    written: list[Path] = []
    try:
        for src, group in shards.items():
            target = base / shard_path[src]
            written.append(target)
            write_shard(target, [c.article_id for c in group], [c.data for c in group])
        for c, raw_path in zip(cands, added["raw_path"]):
            if c.source in sharded:
                continue
            target = base / raw_path
            atomic_write_bytes(target, c.data)
            written.append(target)
        write_csv(new_manifest, manifest_path(base))
    except BaseException:
        for target in written:  # roll back: the manifest is the source of truth
            target.unlink(missing_ok=True)
        for d in reversed(created_dirs):
            try:
                d.rmdir()
            except OSError:
                pass
        raise
    return added

