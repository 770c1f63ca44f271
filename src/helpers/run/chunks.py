"""Chunks of a corpus, their cache keys, and the record of a processed folder.

Articles (sorted by article_id) are cut into chunks by content-defined
chunking: a chunk ends after an article whose id hashes to 0 modulo the target
size. Adding, removing or editing one article therefore changes only the chunk
that holds it. Each chunk has a key: the sha256 of everything its result
depends on (the members' manifest rows, which carry the raw sha256s; the rules
files; the lexicons via :func:`helpers.measure.lexicon.lexicon_fingerprint`;
the source cues; the package version and the code of the stages up to this
one, :func:`code_fingerprint`). A chunk's tables are stored under
``PROCESSED/_chunks/<stage>/<key>/`` as Parquet; a chunk whose folder exists
is not recomputed. ``PROCESSED/_stages.json`` (deterministic: no timestamps,
no paths) records each stage's fingerprint and chunk keys, so an unchanged
stage is skipped without reading anything.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

import pandas as pd

from .. import __version__
from ..core.errors import FramingError
from ..core.storage import atomic_dir, atomic_write_text, csv_bytes
from ..core.study import CSV_MODES, Study
from ..corpus import MANIFEST_COLUMNS
from ..measure import lexicon_fingerprint, study_lexicon

STAGES_FILE = "_stages.json"
CHUNKS_DIR = "_chunks"
# ~1,000 articles per chunk: a few MB of tables per chunk, and enough chunks
# at 100k articles to keep two processes busy.
DEFAULT_CHUNK_ARTICLES = 1000


def digest(*parts: bytes | str) -> str:
    """sha256 over length-prefixed parts (no ambiguity between parts)."""
    h = hashlib.sha256()
    for p in parts:
        b = p.encode("utf-8") if isinstance(p, str) else p
        h.update(len(b).to_bytes(8, "little"))
        h.update(b)
    return h.hexdigest()


def files_fingerprint(files: Iterable[Path]) -> str:
    """sha256 over (name, bytes) of ``files`` in name order."""
    parts: list[bytes | str] = []
    for f in sorted(files, key=lambda p: p.name):
        parts += [f.name, f.read_bytes()]
    return digest(*parts)


# The subpackages whose code each cached product depends on (a stage imports only
# those above it, so the list is the stage and everything before it).
CLEAN_CODE = ("core", "corpus", "clean")
MEASURE_CODE = CLEAN_CODE + ("measure",)


@functools.lru_cache(maxsize=None)
def code_fingerprint(*subpackages: str, package: Path | None = None) -> str:
    """sha256 over the source files (code and templates) of ``subpackages`` of
    ``helpers``, or of the whole package when none is named.

    Part of every cache key beside the version, so that editing the code in place
    (an editable install keeps its version) never reuses a table or a notebook
    made by the old code. Read once per process: the files do not change under a
    running command. ``package`` is the package folder (default: this one's).
    """
    package = package or Path(__file__).resolve().parent.parent
    roots = [package / name for name in subpackages] if subpackages else [package]
    parts: list[bytes | str] = []
    for root in roots:
        files = [root] if root.is_file() else sorted(
            p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")
        for f in files:
            parts += [f.relative_to(package).as_posix(), f.read_bytes()]
    return digest(*parts)


def clean_fingerprint(study: Study) -> str:
    """What cleaning depends on besides the articles: the rules files, the package
    version and the code of the stages up to cleaning."""
    return digest("clean", __version__, code_fingerprint(*CLEAN_CODE),
                  files_fingerprint(study.rules.glob("*.csv")))


def measure_fingerprint(study: Study, lexicon: pd.DataFrame | None = None) -> str:
    """What measuring depends on besides the segments: lexicons, source cues, version
    and the code of the stages up to measuring."""
    lex = lexicon if lexicon is not None else study_lexicon(study)
    cues = study.source_cues
    return digest("measure", __version__, code_fingerprint(*MEASURE_CODE), lexicon_fingerprint(lex),
                  cues.read_bytes() if cues.exists() else b"")


def chunk_bounds(article_ids: Sequence[str], target: int = DEFAULT_CHUNK_ARTICLES) -> list[tuple[int, int]]:
    """Content-defined chunk boundaries over sorted ids: ``[(start, stop), ...]``.

    A chunk ends after an id whose CRC-32 is 0 modulo ``target`` (sizes are
    geometric with mean ``target``), or, as a guard that almost never fires
    (probability about e^-16 per chunk), when it reaches ``16 * target`` ids.
    Boundaries depend only on the ids themselves, so inserting or editing an
    article changes only the chunk that contains it (the idea of
    content-defined chunking in LBFS, Muthitacharoen, Chen & Mazieres 2001,
    applied to ids).
    """
    if target < 1:
        raise FramingError(f"chunk size must be at least 1, got {target}", fix="use e.g. 1000")
    bounds, start = [], 0
    cap = 16 * target
    for i, aid in enumerate(article_ids):
        if zlib.crc32(aid.encode("utf-8")) % target == 0 or i + 1 - start >= cap:
            bounds.append((start, i + 1))
            start = i + 1
    if start < len(article_ids):
        bounds.append((start, len(article_ids)))
    return bounds


@dataclass(frozen=True)
class Chunk:
    """One chunk of articles, the keys of its clean and measure results, and its
    manifest rows (stored form)."""

    index: int
    article_ids: tuple[str, ...]
    clean_key: str
    measure_key: str
    rows: pd.DataFrame = field(default=None, compare=False, repr=False)  # type: ignore[assignment]


def plan_chunks(manifest: pd.DataFrame, clean_fp: str, measure_fp: str,
                target: int = DEFAULT_CHUNK_ARTICLES) -> list[Chunk]:
    """Cut the manifest (sorted by article_id) into chunks and key them."""
    m = manifest.sort_values("article_id", kind="stable").reset_index(drop=True)
    m = m[MANIFEST_COLUMNS]
    chunks = []
    for i, (a, b) in enumerate(chunk_bounds(list(m["article_id"]), target)):
        part = m.iloc[a:b]
        ckey = digest(clean_fp, csv_bytes(part))
        chunks.append(Chunk(i, tuple(part["article_id"]), ckey, digest(measure_fp, ckey), part))
    return chunks


def chunk_dir(processed: Path, stage: str, key: str) -> Path:
    """The cache folder of one chunk's result of ``stage``."""
    return processed / CHUNKS_DIR / stage / key[:32]


PARQUET_MAGIC = b"PAR1"


def chunk_ready(folder: Path, names: Iterable[str]) -> bool:
    """Whether a chunk folder holds every table ``names`` as a whole Parquet file.

    Folders appear by an atomic rename (:func:`write_chunk_tables`), so a killed
    run cannot leave a partial one; this also catches a folder damaged from
    outside (a file deleted, or truncated by an interrupted copy): each file must
    end with Parquet's footer magic. A damaged folder is removed (so it is
    recomputed) and False returned. Cheap: one stat and a 4-byte read per file,
    not a hash of every byte (which would cost seconds per rerun at 100k articles).
    """
    if not folder.is_dir():
        return False
    for name in names:
        f = folder / f"{name}.parquet"
        try:
            with open(f, "rb") as fh:
                fh.seek(-len(PARQUET_MAGIC), os.SEEK_END)
                whole = fh.read() == PARQUET_MAGIC
        except OSError:  # missing, or shorter than the magic
            whole = False
        if not whole:
            shutil.rmtree(folder, ignore_errors=True)
            return False
    return True


def write_chunk_tables(folder: Path, tables: dict[str, pd.DataFrame]) -> None:
    """One Parquet file per table; the folder appears atomically when complete
    (an existing folder is an identical result of a concurrent writer and is kept)."""
    with atomic_dir(folder) as out:
        for name, df in tables.items():
            df.reset_index(drop=True).to_parquet(out.path / f"{name}.parquet", index=False)


# ----------------------------------------------------------------------------- the folder's record

def read_state(processed: Path) -> dict[str, Any]:
    """``_stages.json`` of a processed folder ({} if absent or unreadable)."""
    try:
        state = json.loads((processed / STAGES_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def write_state(processed: Path, state: dict[str, Any]) -> bool:
    return atomic_write_text(processed / STAGES_FILE, json.dumps(state, indent=1, sort_keys=True) + "\n")


def csv_mode(state: dict[str, Any], csv: str | None) -> str:
    """An explicit CSV mode, else the one the folder was built with, else ``'auto'``
    (so the notebooks keep what ``framing run --csv`` chose)."""
    mode = csv or state.get("csv") or "auto"
    if mode not in CSV_MODES:
        raise FramingError(f"unknown CSV mode {mode!r}", fix=f"use one of: {', '.join(CSV_MODES)}")
    return mode


def chunk_size(state: dict[str, Any], size: int | None) -> int:
    """An explicit size, else the one the folder was built with, else the default."""
    if size is not None:
        return int(size)
    return int(state.get("chunk_size") or DEFAULT_CHUNK_ARTICLES)


def recorded_folders(processed: Path, stage: str) -> list[Path] | None:
    """The chunk folders recorded by the stage's last run, in article order, if all are present."""
    keys = read_state(processed).get(stage, {}).get("keys")
    if keys is None:
        return None
    folders = [processed / CHUNKS_DIR / stage / k for k in keys]
    return folders if all(f.is_dir() for f in folders) else None
