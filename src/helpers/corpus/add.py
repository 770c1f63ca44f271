"""Adding articles to a corpus: the only writer of ``raw/`` and ``manifest.csv``.

:func:`add_articles` (and ``framing add``) validates every input first
(:mod:`helpers.corpus.candidates`) and refuses bad input with a one-line
:class:`FramingError`, leaving the corpus folder byte-identical; then it
copies each article's bytes verbatim into ``raw/`` (one file each, or one raw
shard per large batch) and rewrites the manifest. :func:`helpers.corpus.raw.load_corpus`
re-checks every hash on read.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pandas as pd

from ..core.errors import FramingError
from ..core.locks import exclusive
from ..core.runtime import paused_cyclic_gc
from ..core.storage import atomic_write_bytes, remove_leftovers, write_csv
from .candidates import Candidate, check_column_map, collect_candidates, metadata_defaults, sanitize_stem
from .manifest import DUPLICATE_OF, MANIFEST_COLUMNS, manifest_path, read_manifest
from .raw import write_shard

# A batch of at least this many articles is stored as one raw shard:
# 100,000 small files cost more to write, list and hash than the analysis of them.
SHARD_MIN_ARTICLES = 1000


def _as_items(paths_or_records: Any) -> list[Any]:
    if isinstance(paths_or_records, (str, Path, dict, pd.DataFrame)):
        return [paths_or_records]
    return list(paths_or_records)


def _shard_sources(cands: list[Candidate]) -> set[str]:
    """Batch sources with at least :data:`SHARD_MIN_ARTICLES` articles: stored as raw shards."""
    counts: dict[str, int] = {}
    for c in cands:
        if c.row is not None:
            counts[c.source] = counts.get(c.source, 0) + 1
    return {src for src, n in counts.items() if n >= SHARD_MIN_ARTICLES}


def _shard_path(source: str, cands: list[Candidate]) -> str:
    """``raw/STEM-DIGEST.parquet``: named by the batch and the content it holds."""
    digest = hashlib.sha256("".join(sorted(c.sha256 for c in cands)).encode("ascii")).hexdigest()[:12]
    stem = sanitize_stem(Path(source).stem)[:60]
    return f"raw/{stem}-{digest}.parquet"


def _same_content(path: Path, sha256: str) -> bool:
    return hashlib.sha256(path.read_bytes()).hexdigest() == sha256


def _check_duplicates(cands: list[Candidate], existing: pd.DataFrame, corpus_path: Path,
                      sharded: set[str] = frozenset()) -> dict[str, str]:
    """Refuse content already present (sha256) in the same outlet and ids already taken;
    make derived ids unique. Returns ``{article_id: id of the first article with the same
    bytes}`` for texts that another outlet already published (wire copy, a framing
    finding: kept, and marked in the manifest's ``duplicate_of`` column)."""
    first: dict[str, str] = {}            # sha256 -> the first article with these bytes
    outlets: dict[tuple[str, str], str] = {}  # (sha256, outlet) -> article
    for sha, aid, outlet in zip(existing["sha256"], existing["article_id"], existing["outlet"]):
        first.setdefault(sha, aid)
        outlets.setdefault((sha, outlet), aid)
    taken = set(existing["article_id"])
    raw_dir = corpus_path / "raw"
    duplicates: dict[str, str] = {}
    for c in cands:
        where = dict(path=c.source, row=c.row)
        if (c.sha256, c.outlet) in outlets:
            raise FramingError(f"duplicate: same bytes as article {outlets[c.sha256, c.outlet]!r} "
                               f"of the same outlet", **where,
                               fix="drop it; it is already in the corpus or in this batch")
        if c.article_id in taken:
            if c.explicit_id:
                raise FramingError(f"duplicate article_id {c.article_id!r}", **where,
                                   fix="choose another id")
            base = f"{sanitize_stem(c.article_id)[:60]}-{c.sha256[:12]}"
            c.article_id = next(i for i in (base, *(f"{base}-{k}" for k in range(2, len(taken) + 3)))
                                if i not in taken)
        raw_file = None if c.source in sharded else raw_dir / f"{c.article_id}.{c.fmt}"
        # a raw file with exactly these bytes is the leftover of an add that was killed
        # before its manifest write: it is rewritten (same bytes), not refused
        if raw_file is not None and raw_file.exists() and not _same_content(raw_file, c.sha256):
            raise FramingError(f"raw file {raw_file.name} exists but is not in the manifest", **where,
                               fix="remove the stray file or choose another id")
        if c.sha256 in first:
            duplicates[c.article_id] = first[c.sha256]
        first.setdefault(c.sha256, c.article_id)
        outlets[c.sha256, c.outlet] = c.article_id
        taken.add(c.article_id)
    return duplicates


def add_articles(paths_or_records: Any, corpus_dir: Path, *, outlet: str | None = None,
                 title: str | None = None, published: str | None = None, url: str = "",
                 event: str = "", language: str = "en", article_id: str | None = None,
                 manifest: str | Path | None = None, fmt: str | None = None,
                 **column_map: str | None) -> pd.DataFrame:
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
    (column ``file`` plus metadata columns); a row naming a file that does not
    exist is refused. ``fmt`` (``'html'`` or ``'text'``) forces the format of
    every input (``framing add --format``); otherwise a file's suffix decides,
    and a batch row is HTML only when it starts as a page.

    The same bytes under a *different* outlet are added and marked: the
    manifest's ``duplicate_of`` column (written once a corpus has such an
    article) holds the id of the first article with those bytes; the same bytes
    twice in one outlet are refused.

    All inputs are validated before anything is written; on any problem a
    one-line :class:`FramingError` is raised and ``data/`` is untouched. Raw
    files are written first, then the manifest; if the manifest write fails
    the new raw files are removed again. Returns the added manifest rows.
    The corpus's write lock (:func:`helpers.core.locks.exclusive`) is held from
    reading the manifest to writing it, so concurrent adds take turns.
    """
    check_column_map(column_map)
    base = Path(corpus_dir)
    with exclusive(base, f"corpus {base.name}"):
        remove_leftovers(base)  # temporary files of an add that was killed before its renames
        return _add_locked(paths_or_records, base, outlet=outlet, title=title, published=published, url=url,
                           event=event, language=language, article_id=article_id, manifest=manifest,
                           fmt=fmt, column_map=column_map)


def _add_locked(paths_or_records: Any, base: Path, *, outlet: str | None, title: str | None,
                published: str | None, url: str, event: str, language: str, article_id: str | None,
                manifest: str | Path | None, fmt: str | None, column_map: dict[str, str | None]) -> pd.DataFrame:
    """:func:`add_articles` under the corpus lock."""
    defaults = metadata_defaults(outlet, title, published, url, event, language)
    existing = read_manifest(base, must_exist=False)
    items = _as_items(paths_or_records)
    if not items:
        raise FramingError("no input files given", fix="name at least one file")
    # validating 100,000 rows allocates millions of small acyclic objects: pausing
    # the cyclic garbage collector meanwhile saves its repeated heap scans
    with paused_cyclic_gc():
        cands = collect_candidates(items, defaults, article_id, str(manifest) if manifest else None, column_map,
                                   fmt=fmt)
    sharded = _shard_sources(cands)
    duplicates = _check_duplicates(cands, existing, base, sharded)
    shards: dict[str, list[Candidate]] = {}
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
        "format": c.fmt, "encoding": c.encoding, "sha256": c.sha256, **c.extra} for c in cands])
    extras = sorted({k for c in cands for k in c.extra} - set(MANIFEST_COLUMNS))
    if duplicates or DUPLICATE_OF in existing.columns:
        added[DUPLICATE_OF] = [duplicates.get(c.article_id, "") for c in cands]
        extras = [DUPLICATE_OF] + [e for e in extras if e != DUPLICATE_OF]
    added = added.reindex(columns=MANIFEST_COLUMNS + extras)
    new_manifest = (pd.concat([existing, added], ignore_index=True)
                    .sort_values("article_id", kind="stable").reset_index(drop=True))
    # duplicate_of, then extra metadata columns (lean, country, ...) follow the standard ones; '' where a row has none
    first_cols = MANIFEST_COLUMNS + ([DUPLICATE_OF] if DUPLICATE_OF in new_manifest.columns else [])
    new_manifest = new_manifest[first_cols + [c for c in new_manifest.columns if c not in first_cols]]
    new_manifest = new_manifest.fillna("")

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
