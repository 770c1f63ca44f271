"""Raw articles on disk, byte for byte as received: reading them back hash-checked.

Each manifest row's ``raw_path`` is either one file (``raw/ID.txt`` or
``raw/ID.html``) or a raw shard ``raw/STEM-DIGEST.parquet`` holding the
articles of one large batch: columns ``article_id`` (str) and ``data`` (the
article's bytes as received, whose sha256 is in the manifest), sorted by
article_id. Like every raw file a shard is written once and never edited;
each article in it is hash-checked on every read, exactly as a one-article
file is.
"""

from __future__ import annotations

import bisect
import hashlib
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.errors import FramingError
from ..core.storage import atomic_file
from .decode import extract_html
from .manifest import load_manifest

# Rows per Parquet row group in a shard; shards are sorted by article_id, so a
# pipeline chunk (a run of consecutive ids) reads one or two row groups.
SHARD_ROW_GROUP = 500


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
            groups = row_groups_holding(pf.metadata, sorted(article_ids))
        table = pf.read_row_groups(groups, columns=["article_id", "data"])
    stored = zip(table.column("article_id").to_pylist(), table.column("data").to_pylist())
    if article_ids is None:
        return dict(stored)
    wanted = set(article_ids)
    return {a: d for a, d in stored if a in wanted}


def row_groups_holding(meta, ids: list[str]) -> list[int]:
    """The row groups of a shard (``meta``: its Parquet metadata) whose article_id range,
    from the column statistics, holds one of the sorted ``ids``; a row group without
    statistics is always read."""
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


def _check_sha(data: bytes, sha: str, path: Path, article_id: str | None = None) -> None:
    if hashlib.sha256(data).hexdigest() != sha:
        what = f" (article {article_id!r})" if article_id else ""
        raise FramingError(f"sha256 does not match the manifest{what} (raw files must never be edited)",
                           path=path, fix="restore the original bytes from git or re-add the article")


def check_raw(manifest: pd.DataFrame, corpus_dir: Path, progress: bool = False) -> int:
    """Check every raw article of ``manifest`` (under ``corpus_dir``) against its sha256.

    Files and shards alike; raises :class:`FramingError` naming the file (and
    the article, for a shard) on a missing file or a mismatch. Returns the
    number checked.
    """
    from tqdm import tqdm

    base = Path(corpus_dir)
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


def read_raw_texts(rows: pd.DataFrame, corpus_dir: Path) -> list[str]:
    """The texts of manifest ``rows`` (raw files or shards under ``corpus_dir``), each checked
    against its sha256 and decoded with its recorded encoding; HTML goes through the extractor.

    A missing file, a hash mismatch or an undecodable file raises :class:`FramingError`
    naming the file."""
    texts = []
    for r, (path, data) in zip(rows.itertuples(index=False), _raw_bytes(rows, Path(corpus_dir))):
        _check_sha(data, r.sha256, path, r.article_id if is_shard(r.raw_path) else None)
        try:
            text = data.decode(r.encoding or "utf-8")
        except (UnicodeDecodeError, LookupError) as exc:
            raise FramingError(f"cannot decode as {r.encoding!r}", path=path,
                               fix="correct the encoding column of the manifest") from exc
        texts.append(extract_html(text)[0] if r.format == "html" else text)
    return texts


def load_corpus(corpus_dir: Path) -> pd.DataFrame:
    """Manifest plus ``text`` (decoded raw text; for HTML the extracted text).

    Every raw file's sha256 is checked against the manifest; a mismatch or a
    missing file raises :class:`FramingError` naming the file.
    """
    manifest = load_manifest(corpus_dir)
    out = manifest.copy()
    out["text"] = read_raw_texts(manifest, corpus_dir)
    return out
