"""The corpus manifest: ``manifest.csv``, one row per article of a corpus folder.

A corpus folder (``data/corpora/NAME/``, :attr:`helpers.core.study.Study.corpus_dir`)
holds ``manifest.csv`` and ``raw/``. The manifest gives each article's metadata
and the sha256 of its raw bytes (columns in docs/ARCHITECTURE.md); it is the
source of truth: a raw file it does not list is not part of the corpus.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..core.errors import FramingError
from ..core.storage import read_csv
from ..core.study import check_name

DEFAULT_EVENT = "unspecified-event"
MANIFEST_COLUMNS = ["article_id", "outlet", "title", "published", "event", "language", "url",
                    "raw_path", "format", "encoding", "sha256"]
# Optional column: the id of the first article with the same bytes, for a text that another
# outlet also published ('' otherwise; absent from corpora without such articles).
DUPLICATE_OF = "duplicate_of"
_RAW_PATH_RE = re.compile(r"^raw/[A-Za-z0-9][A-Za-z0-9._-]*$")


def manifest_path(corpus_dir: Path) -> Path:
    """The manifest of the corpus in ``corpus_dir`` (a corpus folder holds ``manifest.csv`` and ``raw/``)."""
    return Path(corpus_dir) / "manifest.csv"


def read_manifest(corpus_dir: Path, must_exist: bool = True) -> pd.DataFrame:
    """The manifest exactly as stored (all str, checked; extra metadata columns after the
    standard ones), or an empty one if allowed and absent."""
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
    # further columns are the corpus's own metadata (lean, country, ...), kept after the standard ones
    return df[MANIFEST_COLUMNS + [c for c in df.columns if c not in MANIFEST_COLUMNS]]


def load_manifest(corpus_dir: Path) -> pd.DataFrame:
    """The corpus manifest (all columns str); an empty ``event`` becomes :data:`DEFAULT_EVENT`."""
    df = read_manifest(corpus_dir, must_exist=True).copy()
    df["event"] = df["event"].replace("", DEFAULT_EVENT)
    return df.sort_values("article_id", kind="stable").reset_index(drop=True)
