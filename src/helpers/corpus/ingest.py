"""Lenient ingest: add the usable articles of a batch and list the bad ones together.

``framing add`` (:func:`helpers.corpus.add.add_articles`) refuses a batch with
any bad row and leaves ``data/`` unchanged; that is right for curated input.
Exports from news databases often have a few broken rows (no text, no outlet,
a malformed date, a ragged CSV line, a duplicate), and a researcher wants the
rest analysed and the broken ones named. ``framing add FILES --skip-bad``
does that: every row (or file) is validated on its own with the checks of a
strict add (:mod:`helpers.corpus.candidates`), the good ones are added in one
:func:`add_articles` call (so ids, hashes and the manifest are exactly what a
clean batch would give), and the bad ones are reported at the end: which
file, which row, why.

Inputs: ``.txt``/``.html`` files, folders of them (a ``manifest.csv`` inside
the folder is used as the listing unless ``--manifest`` is given), and batch
files (``.csv``, ``.jsonl``, ``.parquet``) with column mapping
(``text_col``, ``outlet_col``, ...). Row numbers are 1-based data rows (the
header is not counted) of the input file.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import pandas as pd

from ..core.errors import FramingError
from .add import add_articles
from .batches import BATCH_SUFFIXES, mark_cell, read_batch, read_batch_text
from .candidates import (TEXT_SUFFIXES, Candidate, check_column_map, check_format, collect_candidates,
                         metadata_defaults, missing_file_error, missing_listed_files, read_listing,
                         rows_to_candidates, sanitize_stem)
from .decode import AssumedEncodingWarning
from .manifest import read_manifest

FOLDER_LISTING = "manifest.csv"


@dataclass(frozen=True)
class BadRow:
    """One input row or file that was not added, and why."""

    source: str
    row: int | None
    reason: str

    def line(self) -> str:
        where = self.source if self.row is None else f"{self.source}, row {self.row}"
        return f"{where}: {self.reason}"


@dataclass
class IngestResult:
    """The added manifest rows, the skipped inputs, and how many inputs there were."""

    added: pd.DataFrame
    bad: list[BadRow] = field(default_factory=list)
    total: int = 0

    def report(self) -> str:
        """The bad-row report: one line per skipped row, most useful first (by file, row)."""
        if not self.bad:
            return f"all {self.total} input(s) added"
        lines = [f"{len(self.bad)} of {self.total} input(s) skipped:"]
        lines += ["  " + b.line() for b in self.bad]
        return "\n".join(lines)


def _reason(exc: FramingError) -> str:
    """The message of ``exc`` without its ``file, row N:`` prefix (the report says where)."""
    text = str(exc)
    if exc.path is not None:
        where = str(exc.path) + (f", row {exc.row}" if exc.row is not None else "") + ": "
        if text.startswith(where):
            return text[len(where):]
    return text


class NothingUsable(FramingError):
    """Every input was bad; ``bad`` lists them all."""

    def __init__(self, bad: list[BadRow], total: int) -> None:
        first = bad[0].line() if bad else "no inputs"
        super().__init__(f"no usable articles: all {total} input(s) are bad (first: {first})",
                         fix="fix the rows listed, or check the column mapping (--text-col, ...)")
        self.bad, self.total = bad, total


# ----------------------------------------------------------------------------- reading

def expand_inputs(items: Iterable[str | Path]) -> tuple[list[Path], Path | None]:
    """Files to read: folders become their .txt/.html files (sorted); a folder's
    ``manifest.csv`` is returned as the listing."""
    files: list[Path] = []
    listing = None
    for item in items:
        p = Path(item)
        if p.is_dir():
            files += sorted(f for f in p.iterdir()
                            if f.is_file() and f.suffix.lower() in TEXT_SUFFIXES)
            if (p / FOLDER_LISTING).is_file() and listing is None:
                listing = p / FOLDER_LISTING
        else:
            files.append(p)
    return files, listing


def read_csv_lenient(path: Path) -> tuple[pd.DataFrame, list[int], list[BadRow]]:
    """A CSV batch as str columns, skipping rows with the wrong number of fields.

    Returns (table, the 1-based data-row number of each table row, bad rows).
    """
    text = read_batch_text(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise FramingError("empty CSV", path=path, fix="write a header row and one row per article") from None
    except csv.Error as exc:
        raise FramingError(f"unreadable CSV header ({exc})", path=path, fix="write it as UTF-8 CSV") from None
    rows, numbers, bad = [], [], []
    n = 0
    while True:
        try:
            rec = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            n += 1
            bad.append(BadRow(str(path), n, f"malformed CSV row ({exc})"))
            continue
        n += 1
        if not rec:  # a blank line is not a row
            continue
        if len(rec) != len(header):
            bad.append(BadRow(str(path), n, f"{len(rec)} fields, the header has {len(header)}"
                                            " (check quoting of commas and line breaks)"))
            continue
        rows.append(rec)
        numbers.append(n)
    return pd.DataFrame(rows, columns=header, dtype=str), numbers, bad


def read_jsonl_lenient(path: Path) -> tuple[pd.DataFrame, list[int], list[BadRow]]:
    """A JSONL batch as str columns, skipping lines that are not JSON objects."""
    text = read_batch_text(path)
    records, numbers, bad = [], [], []
    n = 0
    for line in text.splitlines():
        if not line.strip():
            continue
        n += 1
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            bad.append(BadRow(str(path), n, f"invalid JSON ({exc.msg})"))
            continue
        if not isinstance(obj, dict):
            bad.append(BadRow(str(path), n, "not a JSON object"))
            continue
        records.append({k: mark_cell(v) for k, v in obj.items()})
        numbers.append(n)
    return pd.DataFrame(records, dtype=object).fillna(""), numbers, bad


def read_batch_lenient(path: Path) -> tuple[pd.DataFrame, list[int], list[BadRow]]:
    """Any batch file: (table of str, row numbers, rows that could not even be parsed)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return read_csv_lenient(path)
    if suffix in (".jsonl", ".ndjson"):
        return read_jsonl_lenient(path)
    df = read_batch(path)
    return df, list(range(1, len(df) + 1)), []


# ----------------------------------------------------------------------------- validating

class SeenArticles:
    """Content (per outlet) and explicit ids already in the corpus or accepted from this batch.
    The same bytes under another outlet are accepted (marked ``duplicate_of`` when added)."""

    def __init__(self, existing: pd.DataFrame) -> None:
        self.sha = {(sha, outlet): aid for sha, outlet, aid
                    in zip(existing["sha256"], existing["outlet"], existing["article_id"])}
        self.ids = set(existing["article_id"])

    def problem(self, cand: Candidate) -> str | None:
        if (cand.sha256, cand.outlet) in self.sha:
            return f"duplicate: same text as article {self.sha[cand.sha256, cand.outlet]!r} of the same outlet"
        if cand.explicit_id and cand.article_id in self.ids:
            return f"duplicate article_id {cand.article_id!r}"
        return None

    def accept(self, cand: Candidate) -> None:
        self.sha[cand.sha256, cand.outlet] = cand.article_id
        if cand.explicit_id:
            self.ids.add(cand.article_id)


def check_batch(df: pd.DataFrame, numbers: list[int], source: str, defaults: dict[str, str],
                column_map: dict[str, str | None], seen: SeenArticles, progress: bool = False,
                fmt: str | None = None) -> tuple[list[int], list[BadRow]]:
    """Validate a batch table row by row with the checks of a strict add.

    Returns (positions of the good rows in ``df``, bad rows). A problem of the
    whole file (e.g. a mapped column that does not exist) makes every row bad.
    """
    from tqdm import tqdm

    stem = sanitize_stem(Path(source).stem)
    good, bad = [], []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AssumedEncodingWarning)
        for i in tqdm(range(len(df)), desc=f"checking {Path(source).name}", unit="row",
                      disable=not progress):
            try:
                (cand,) = rows_to_candidates(df.iloc[[i]], source, stem, defaults, column_map, fmt=check_format(fmt))
            except FramingError as exc:
                if exc.row is None:  # the file as a whole: no row of it can be used
                    return [], [BadRow(source, None, _reason(exc))]
                bad.append(BadRow(source, numbers[i], _reason(exc)))
                continue
            problem = seen.problem(cand)
            if problem:
                bad.append(BadRow(source, numbers[i], problem))
                continue
            seen.accept(cand)
            good.append(i)
    return good, bad


def check_file(path: Path, defaults: dict[str, str], listing: Path | None,
               column_map: dict[str, str | None], seen: SeenArticles, fmt: str | None = None) -> BadRow | None:
    """Validate one .txt/.html file (with its listing row, if any); None if it is good."""
    try:
        (cand,) = collect_candidates([path], defaults, None, str(listing) if listing else None, column_map,
                                     fmt=fmt, check_listing=False)
    except FramingError as exc:
        return BadRow(str(path), None, _reason(exc))
    problem = seen.problem(cand)
    if problem:
        return BadRow(str(path), None, problem)
    seen.accept(cand)
    return None


# ----------------------------------------------------------------------------- adding

def add_lenient(inputs: Any, corpus_dir: Path, *, outlet: str | None = None, title: str | None = None,
                published: str | None = None, url: str = "", event: str = "", language: str = "en",
                manifest: str | Path | None = None, progress: bool = False, fmt: str | None = None,
                **column_map: str | None) -> IngestResult:
    """Add the usable articles of ``inputs`` to the corpus in ``corpus_dir``; report the rest.

    Arguments as :func:`helpers.corpus.add.add_articles` (plus folders as
    inputs). Good rows keep the ids a clean batch would get (derived ids use
    the batch file's name). Raises :class:`FramingError` only if nothing
    usable remains (``data/`` is then unchanged) or for a problem that is not
    about one input (a bad corpus name, an unreadable listing).
    """
    check_column_map(column_map)
    items = [inputs] if isinstance(inputs, (str, Path)) else list(inputs)
    files, folder_listing = expand_inputs(items)
    listing = Path(manifest) if manifest else folder_listing
    if listing is not None and not listing.is_file():
        raise FramingError("listing not found", path=listing, fix="check the --manifest path")
    check_format(fmt)
    defaults = metadata_defaults(outlet, title, published, url, event, language)
    seen = SeenArticles(read_manifest(corpus_dir, must_exist=False))
    bad: list[BadRow] = []
    total = 0
    good_files: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="framing-ingest-") as tmp:
        if listing is not None:
            # a listing row naming a file that does not exist is a bad row, reported with the rest;
            # the rows kept go to the strict add in a copy of the listing
            rows = read_listing(listing)
            missing = missing_listed_files(rows, listing, files)
            total += len(missing)
            bad += [BadRow(str(listing), row, _reason(missing_file_error(listing, row, name)))
                    for row, name in missing]
            if missing:
                # the rows of the input files (the others name files not being added)
                given = {f.name for f in files}
                kept = rows[[Path(str(f)).name in given for f in rows["file"]]]
                copy = Path(tmp) / "listing" / listing.name
                copy.parent.mkdir()
                kept.to_csv(copy, index=False)
                listing_for_add = copy
            else:
                listing_for_add = listing
        else:
            listing_for_add = None
        for path in files:
            suffix = path.suffix.lower()
            if path.is_file() and suffix in BATCH_SUFFIXES:
                try:
                    df, numbers, unparsed = read_batch_lenient(path)
                except FramingError as exc:
                    total += 1
                    bad.append(BadRow(str(path), None, _reason(exc)))
                    continue
                total += len(df) + len(unparsed)
                good, rows_bad = check_batch(df, numbers, str(path), defaults, column_map, seen, progress, fmt)
                bad += unparsed + rows_bad
                if good:
                    # same stem as the input, so derived ids are those of a clean batch
                    target = Path(tmp) / f"{len(good_files):03d}" / f"{path.stem}.parquet"
                    target.parent.mkdir()
                    df.iloc[good].reset_index(drop=True).to_parquet(target, index=False)
                    good_files.append(target)
            else:
                total += 1
                problem = check_file(path, defaults, listing, column_map, seen, fmt)
                if problem:
                    bad.append(problem)
                else:
                    good_files.append(path)
        bad.sort(key=lambda b: (b.source, b.row or 0))
        if not good_files:
            raise NothingUsable(bad, total)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", AssumedEncodingWarning)
            added = add_articles(good_files, corpus_dir, outlet=outlet, title=title, published=published,
                                 url=url, event=event, language=language, manifest=listing_for_add, fmt=fmt,
                                 **column_map)
    return IngestResult(added, bad, total)

