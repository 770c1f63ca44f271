"""The study's stages as functions that read and write the processed folder.

Notebooks call these (and nothing else that computes), so the notebooks and
``framing run`` share one code path:

    clean_stage(paths)    raw corpus -> articles.csv, segments.csv, audit.csv
    measure_stage(paths)  segments   -> sentences, quotes, attributions, hits,
                                        features, article_features, naming
    compare_stage(paths)  features   -> category_rates.csv, category_rates_by_event.csv

Chunks and caching
------------------
Articles (sorted by article_id) are cut into chunks by content-defined
chunking: a chunk ends after an article whose id hashes to 0 modulo the
target size (capped at four times the target). Adding, removing or editing
one article therefore changes only the chunk that holds it. Each chunk has a
key: the sha256 of everything its result depends on (the members' manifest
rows, which carry the raw sha256s; the rules files; the lexicons via
:func:`helpers.measure.lexicon.lexicon_fingerprint`; the source cues; the package
version). A chunk's tables are stored under ``PROCESSED/_chunks/<stage>/<key>/``
as Parquet. A chunk whose folder exists is not recomputed;
``PROCESSED/_stages.json`` (deterministic, no timestamps, no paths) records
each stage's fingerprint so an unchanged stage is skipped without reading
anything.

Tables in the processed folder
------------------------------
Per-article tables (``articles.csv``, ``article_features.csv``) are always
CSV. The long tables (one row per line, segment, sentence, quote, hit,
feature) are CSV for corpora up to :data:`CSV_MAX_ARTICLES` articles: each
chunk gets a header-first CSV part (made once from its Parquet and kept), and
the CSV is the byte concatenation of the parts in article order. Above that
size a long table would run to millions of rows, more than a spreadsheet
opens (Excel stops at 1,048,576) and slow to write, so it is published as a
Parquet folder ``PROCESSED/TABLE/part-NNNNN.parquet`` (hard links to the
chunk files: no copy), which pandas, R's arrow, DuckDB and Spark read as one
table. :func:`read_table` reads either form.

Per-chunk work is a top-level function taking and returning small dicts, so
it runs the same in this process, in a ``multiprocessing`` pool, or on Dask
workers (:mod:`helpers.run.distributed`); only small totals travel back.
"""

from __future__ import annotations

import gc
import hashlib
import io
import json
import os
import shutil
import tempfile
import warnings
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

import pandas as pd

from ..clean import cleaning as clean
from ..corpus import dataset
from ..measure import features
from ..core.errors import FramingError
from ..measure.lexicon import load_lexicons
from ..core.paths import StudyPaths, corpus_dir, data_dir, rules_dir
from ..core.storage import atomic_write_bytes, atomic_write_text, csv_bytes, ordinary_mode, read_csv, write_csv

ARTICLE_COLUMNS = ["article_id", "outlet", "title", "published", "event", "language", "url",
                   "raw_path", "format", "encoding", "sha256", "n_raw_lines", "n_kept_lines",
                   "n_removed_lines", "n_segments", "clean_chars"]
STAGES_FILE = "_stages.json"
CHUNKS_DIR = "_chunks"
# ~1,000 articles per chunk: a few MB of tables per chunk, and enough chunks
# at 100k articles to keep two processes busy.
DEFAULT_CHUNK_ARTICLES = 1000
CLEAN_TABLES = {"articles": "articles.csv", "segments": "segments.csv", "audit": "audit.csv"}
MEASURE_TABLES = {"sentences": "sentences.csv", "quotes": "quotes.csv",
                  "attributions": "attributions.csv", "hits": "hits.csv",
                  "features": "features.csv", "article_features": "article_features.csv",
                  "naming": "naming.csv"}
COMPARE_TABLES = {"category_rates": "category_rates.csv",
                  "category_rates_by_event": "category_rates_by_event.csv"}
RATE_CATEGORIES = ["loaded_terms", "hedges", "boosters", "anonymous_sourcing", "reporting_verbs"]
COMPARE_BOOTSTRAP = 2000
# One row per article: always CSV, whatever the corpus size.
ARTICLE_TABLES = ("articles", "article_features")
# Long tables are CSV up to this many articles (20k articles ~ 1.2M hits, past
# Excel's 1,048,576-row limit), a Parquet folder above (module docstring).
CSV_MAX_ARTICLES = 20_000
CSV_MODES = ("auto", "always", "never")


# ----------------------------------------------------------------------------- tables

def articles_table(corpus: pd.DataFrame, segments: pd.DataFrame, audit: pd.DataFrame) -> pd.DataFrame:
    """One row per article: the manifest (without text) plus what cleaning kept and removed."""
    meta = corpus.drop(columns=["text"], errors="ignore").copy()
    meta["event"] = meta["event"].replace("", dataset.DEFAULT_EVENT)
    kept = (audit["action"] == "kept").groupby(audit["article_id"])  # vectorised, no per-group lambda
    lines = pd.DataFrame({"n_raw_lines": kept.size(), "n_kept_lines": kept.sum().astype(int)})
    lines.index.name = "article_id"
    lines["n_removed_lines"] = lines["n_raw_lines"] - lines["n_kept_lines"]
    segs = segments.groupby("article_id").agg(n_segments=("segment_index", "size"),
                                              clean_chars=("end", "max"))
    out = meta.merge(lines, on="article_id", how="left").merge(segs, on="article_id", how="left")
    for col in ("n_raw_lines", "n_kept_lines", "n_removed_lines", "n_segments", "clean_chars"):
        out[col] = out[col].fillna(0).astype(int)
    return out[[c for c in ARTICLE_COLUMNS if c in out.columns]].sort_values(
        "article_id", kind="stable").reset_index(drop=True)


def read_articles(paths: StudyPaths) -> pd.DataFrame:
    """``articles.csv`` of a study, as written by :func:`clean_stage`."""
    return read_csv(paths.processed / "articles.csv", dtype={"article_id": str, "published": str})


# ----------------------------------------------------------------------------- fingerprints

def _sha(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for p in parts:
        b = p.encode("utf-8") if isinstance(p, str) else p
        h.update(len(b).to_bytes(8, "little"))  # length-prefixed: no ambiguity between parts
        h.update(b)
    return h.hexdigest()


def files_fingerprint(files: Iterable[Path]) -> str:
    """sha256 over (name, bytes) of ``files`` in name order."""
    parts: list[bytes | str] = []
    for f in sorted(files, key=lambda p: p.name):
        parts += [f.name, f.read_bytes()]
    return _sha(*parts)


def clean_fingerprint(root: str | Path | None = None) -> str:
    """What cleaning depends on besides the articles: rules files and package version."""
    from .. import __version__

    return _sha("clean", __version__, files_fingerprint(rules_dir(root).glob("*.csv")))


def measure_fingerprint(root: str | Path | None = None,
                        lexicon: pd.DataFrame | None = None) -> str:
    """What measuring depends on besides the segments: lexicons, source cues, version."""
    from .. import __version__
    from ..measure.lexicon import lexicon_fingerprint

    lex = lexicon if lexicon is not None else load_lexicons(root)
    cues = data_dir(root) / "attribution" / "source_cues.csv"
    return _sha("measure", __version__, lexicon_fingerprint(lex),
                cues.read_bytes() if cues.exists() else b"")


# ----------------------------------------------------------------------------- chunks

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
    m = m[dataset.MANIFEST_COLUMNS]
    chunks = []
    for i, (a, b) in enumerate(chunk_bounds(list(m["article_id"]), target)):
        part = m.iloc[a:b]
        ckey = _sha(clean_fp, csv_bytes(part))
        chunks.append(Chunk(i, tuple(part["article_id"]), ckey, _sha(measure_fp, ckey), part))
    return chunks


def _chunk_dir(processed: Path, stage: str, key: str) -> Path:
    return processed / CHUNKS_DIR / stage / key[:32]


def _write_chunk_tables(folder: Path, tables: dict[str, pd.DataFrame]) -> None:
    """One Parquet file per table; the folder appears atomically when complete.

    CSV parts are made later, only for tables published as CSV
    (:func:`_csv_part`)."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        for name, df in tables.items():
            df.reset_index(drop=True).to_parquet(tmp / f"{name}.parquet", index=False)
        if folder.exists():  # an identical result from a concurrent writer
            shutil.rmtree(tmp)
        else:
            os.replace(tmp, folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


# Per-process caches: the lexicon, its compiled matcher, the source cues and the
# compiled cleaning rules are built once per worker, not once per chunk (about
# 0.1 s each time); keyed by the stage fingerprint, which covers those files,
# so an edited lexicon or rules file is never served stale.
_LEXICON_CACHE: dict[tuple[str, str], tuple[pd.DataFrame, Any, Any]] = {}
_RULES_CACHE: dict[tuple[str, str], dict] = {}


def _measure_inputs(root: str, fingerprint: str) -> tuple[pd.DataFrame, Any, Any]:
    """(lexicon, compiled matcher, source cues) for a measure fingerprint, cached."""
    from ..measure.matcher import compile_matcher
    from ..measure.quotes import SourceCues, load_source_cues

    key = (root, fingerprint)
    if key not in _LEXICON_CACHE or not fingerprint:
        _LEXICON_CACHE.clear()
        lexicon = load_lexicons(root)
        _LEXICON_CACHE[key] = (lexicon, compile_matcher(lexicon),
                               SourceCues.from_frame(load_source_cues(root)))
    return _LEXICON_CACHE[key]


def _compiled_rules(root: str, fingerprint: str) -> dict:
    """The memo of compiled cleaning rules for a clean fingerprint (outlet -> rules)."""
    key = (root, fingerprint)
    if key not in _RULES_CACHE or not fingerprint:
        _RULES_CACHE.clear()
        _RULES_CACHE[key] = {}
    return _RULES_CACHE[key]


@contextmanager
def _without_cyclic_gc():
    """Pause the cyclic garbage collector while a chunk is computed.

    The stages allocate millions of small, acyclic objects (tuples, strings),
    which trigger collections that scan the whole heap again and again; pausing
    it measured ~15% faster per chunk. Reference counting still frees
    everything; cycles wait until the chunk is done.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _clean_tables(task: dict[str, Any]) -> dict[str, pd.DataFrame]:
    """The cleaning tables of one chunk (articles, segments, audit), not written."""
    rows = pd.DataFrame(task["rows"], columns=dataset.MANIFEST_COLUMNS)
    base = corpus_dir(task["corpus"], task["root"])
    corpus = rows.copy()
    corpus["event"] = corpus["event"].replace("", dataset.DEFAULT_EVENT)
    corpus["text"] = dataset.read_raw_texts(rows, base)  # each article hash-checked
    segments, audit = clean.clean_corpus(corpus, task["root"],
                                         _compiled_rules(task["root"], task.get("fingerprint", "")))
    segments = segments[clean.SEGMENT_COLUMNS].sort_values(["article_id", "segment_index"], kind="stable")
    audit = audit[clean.AUDIT_COLUMNS].sort_values(["article_id", "line_no"], kind="stable")
    arts = articles_table(corpus, segments, audit)
    return {"articles": arts, "segments": segments, "audit": audit}


def clean_chunk(task: dict[str, Any]) -> dict[str, Any]:
    """Clean one chunk and write its tables; returns small totals.

    ``task``: root, corpus, out (chunk folder), rows (manifest records),
    fingerprint (of the rules the chunk key was made with).
    Runs anywhere the package is installed and the data folder is readable.
    """
    with _without_cyclic_gc():
        tables = _clean_tables(task)
        _write_chunk_tables(Path(task["out"]), tables)
    return {"stage": "clean", "articles": len(tables["articles"]), "segments": len(tables["segments"]),
            "lines": len(tables["audit"])}


def _measure_tables(task: dict[str, Any], segments: pd.DataFrame,
                    articles: pd.DataFrame) -> features.Measures:
    lexicon, matcher, cues = _measure_inputs(task["root"], task.get("fingerprint", ""))
    return features.measure_corpus(segments, articles, lexicon, root=task["root"], matcher=matcher, cues=cues)


def measure_chunk(task: dict[str, Any]) -> dict[str, Any]:
    """Measure one cleaned chunk and write its tables; returns small totals.

    ``task``: root, source (the clean chunk folder), out (this chunk's folder),
    fingerprint (of the lexicons and cues the chunk key was made with).
    """
    src = Path(task["source"])
    segments = pd.read_parquet(src / "segments.parquet")
    articles = pd.read_parquet(src / "articles.parquet")
    with _without_cyclic_gc():
        return _write_measures(task, _measure_tables(task, segments, articles))


def _write_measures(task: dict[str, Any], m: features.Measures) -> dict[str, Any]:
    _write_chunk_tables(Path(task["out"]), {name: getattr(m, name) for name in MEASURE_TABLES})
    return {"stage": "measure", "articles": len(m.article_features), "hits": len(m.hits),
            "quotes": len(m.quotes), "sentences": len(m.sentences)}


def clean_and_measure_chunk(task: dict[str, Any]) -> dict[str, Any]:
    """Both per-article stages of one chunk in one pass: ``task["clean"]`` (a
    :func:`clean_chunk` task, or None when the chunk is already cleaned) and
    ``task["measure"]`` (a :func:`measure_chunk` task). The cleaned tables go
    to the measures straight from memory; each stage's folder is written as
    by its own function, so the results are the same."""
    if task["clean"] is None:
        return measure_chunk(task["measure"])
    with _without_cyclic_gc():
        tables = _clean_tables(task["clean"])
        _write_chunk_tables(Path(task["clean"]["out"]), tables)
        segments = tables["segments"].reset_index(drop=True)
        return _write_measures(task["measure"], _measure_tables(task["measure"], segments,
                                                                tables["articles"]))


# ----------------------------------------------------------------------------- running tasks

Runner = Callable[[Callable[[dict], dict], list[dict], str], list[dict]]


def _available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def run_tasks(func: Callable[[dict], dict], tasks: list[dict], desc: str, *,
              processes: int | None = None, progress: bool = False) -> list[dict]:
    """Run ``func`` over ``tasks`` here (one task or ``processes=1``) or in a process pool.

    Workers are forked where the platform allows (fast start, and no need for
    an ``if __name__ == "__main__"`` guard in the calling script), else
    spawned; they return only the small dicts the chunk functions return.
    """
    if not tasks:
        return []
    n = processes if processes is not None else min(2, _available_cpus())
    n = max(1, min(n, len(tasks)))
    bar = _bar(len(tasks), desc, progress)
    results = []
    try:
        if n == 1:
            for t in tasks:
                results.append(func(t))
                bar.update(1)
        else:
            import multiprocessing as mp
            from concurrent.futures import ProcessPoolExecutor

            method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
            with ProcessPoolExecutor(max_workers=n, mp_context=mp.get_context(method),
                                     initializer=single_threaded_worker) as pool:
                for r in pool.map(func, tasks):
                    results.append(r)
                    bar.update(1)
    finally:
        bar.close()
    return results


def single_threaded_worker() -> None:
    """Initialise a worker process: one thread for Arrow's conversions and I/O, and for BLAS.

    The pool already has one process per core; pyarrow would otherwise start a
    thread pool per process (and per ``to_parquet`` call) sized to all cores,
    and the threads of the two workers would compete for the same cores.
    """
    import pyarrow as pa
    from threadpoolctl import threadpool_limits

    pa.set_cpu_count(1)
    pa.set_io_thread_count(1)
    threadpool_limits(1)  # BLAS too (the bootstrap's matrix products)


def _bar(total: int, desc: str, progress: bool):
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="chunk", disable=not progress, leave=True)


# ----------------------------------------------------------------------------- state

def read_state(processed: Path) -> dict[str, Any]:
    """``_stages.json`` of a processed folder ({} if absent or unreadable)."""
    path = processed / STAGES_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_state(processed: Path, state: dict[str, Any]) -> bool:
    return atomic_write_text(processed / STAGES_FILE, json.dumps(state, indent=1, sort_keys=True) + "\n")


def _csv_mode(state: dict[str, Any], csv: str | None) -> str:
    """An explicit CSV mode, else the one the folder was built with, else ``'auto'``
    (so the notebooks keep what ``framing run --csv`` chose)."""
    mode = csv or state.get("csv") or "auto"
    if mode not in CSV_MODES:
        raise FramingError(f"unknown CSV mode {mode!r}", fix=f"use one of: {', '.join(CSV_MODES)}")
    return mode


def _chunk_size(state: dict[str, Any], chunk_size: int | None) -> int:
    """An explicit size, else the one the folder was built with, else the default."""
    if chunk_size is not None:
        return int(chunk_size)
    return int(state.get("chunk_size") or DEFAULT_CHUNK_ARTICLES)


def concat_csv_parts(parts: Sequence[Path], target: Path) -> bool:
    """Write the CSV parts (each with the same header) as one CSV, atomically, only if changed.

    Streams part by part, so a table of millions of rows never sits in memory.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            for i, part in enumerate(parts):
                with open(part, "rb") as fh:
                    header = fh.readline()
                    if i == 0:
                        out.write(header)
                    shutil.copyfileobj(fh, out, 1 << 20)
        if target.exists() and _same_bytes(Path(tmp), target):
            os.unlink(tmp)
            return False
        os.replace(tmp, target)
        return True
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def wants_csv(name: str, n_articles: int, csv: str = "auto") -> bool:
    """Whether table ``name`` of a corpus of ``n_articles`` is published as CSV.

    ``csv``: ``'auto'`` (long tables as CSV up to :data:`CSV_MAX_ARTICLES`
    articles), ``'always'`` or ``'never'``; per-article tables are always CSV.
    """
    if csv not in CSV_MODES:
        raise FramingError(f"unknown CSV mode {csv!r}", fix=f"use one of: {', '.join(CSV_MODES)}")
    if name in ARTICLE_TABLES or csv == "always":
        return True
    return csv == "auto" and n_articles <= CSV_MAX_ARTICLES


def _csv_part(folder: Path, name: str) -> Path:
    """The chunk's CSV part of table ``name``, made from its Parquet once and kept."""
    part = folder / f"{name}.csvpart"
    if not part.exists():
        atomic_write_bytes(part, csv_bytes(pd.read_parquet(folder / f"{name}.parquet")))
    return part


def _link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)  # free: the published part is the chunk file itself
    except OSError:  # another file system, or links not allowed
        shutil.copyfile(src, dst)


def publish_parquet(folders: Sequence[Path], name: str, target: Path) -> bool:
    """Publish table ``name`` of the chunks as the Parquet folder ``target``
    (``part-NNNNN.parquet`` in article order); swapped in whole, only if changed."""
    sources = [f / f"{name}.parquet" for f in folders]
    if target.is_dir():
        parts = sorted(target.glob("part-*.parquet"))
        if len(parts) == len(sources) and all(os.path.samefile(a, b) for a, b in zip(parts, sources)):
            return False
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        for i, src in enumerate(sources):
            _link_or_copy(src, tmp / f"part-{i:05d}.parquet")
        os.chmod(tmp, ordinary_mode(0o777))  # mkdtemp makes 0700
        old = None
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
            os.replace(target, old / target.name)
        os.replace(tmp, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return True


def _remove_parquet_folder(folder: Path) -> bool:
    """Remove a published Parquet folder (only one this module made: part files only)."""
    if not folder.is_dir() or any(not p.name.startswith("part-") for p in folder.iterdir()):
        return False
    shutil.rmtree(folder)
    return True


def publish_tables(processed: Path, folders: Sequence[Path], tables: dict[str, str],
                   n_articles: int, csv: str = "auto") -> list[str]:
    """Publish each table of the chunks as CSV or as a Parquet folder (:func:`wants_csv`),
    removing the other form so no stale copy remains. Returns what was rewritten."""
    written = []
    for name, fname in tables.items():
        csv_target, pq_target = processed / fname, processed / name
        if wants_csv(name, n_articles, csv):
            if concat_csv_parts([_csv_part(f, name) for f in folders], csv_target):
                written.append(fname)
            if _remove_parquet_folder(pq_target):
                written.append(f"{name}/")
        else:
            if publish_parquet(folders, name, pq_target):
                written.append(f"{name}/")
            if csv_target.exists():
                csv_target.unlink()
                written.append(fname)
    return written


def published_path(processed: Path, name: str, fname: str, n_articles: int, csv: str = "auto") -> Path:
    """Where table ``name`` is published: ``fname`` (CSV) or the folder ``name/`` (Parquet)."""
    return processed / fname if wants_csv(name, n_articles, csv) else processed / name


def _same_bytes(a: Path, b: Path) -> bool:
    if a.stat().st_size != b.stat().st_size:
        return False
    with open(a, "rb") as fa, open(b, "rb") as fb:
        while True:
            x, y = fa.read(1 << 20), fb.read(1 << 20)
            if x != y:
                return False
            if not x:
                return True


def _prune(processed: Path, stage: str, keep: set[str]) -> None:
    """Remove chunk folders no current chunk refers to (stale results)."""
    folder = processed / CHUNKS_DIR / stage
    if not folder.exists():
        return
    for d in folder.iterdir():
        if d.name not in keep:
            shutil.rmtree(d, ignore_errors=True)


def load_chunk_tables(folders: Sequence[Path], name: str, columns: list[str] | None = None,
                      filters: list | None = None) -> pd.DataFrame:
    """Concatenate table ``name`` from chunk folders (Parquet), in chunk order."""
    return read_parquet_parts([f / f"{name}.parquet" for f in folders], columns, filters)


def read_parquet_parts(files: Sequence[Path], columns: list[str] | None = None,
                       filters: list | None = None) -> pd.DataFrame:
    """Concatenate Parquet files of one table, in the order given."""
    frames = [pd.read_parquet(f, columns=columns, filters=filters) for f in files]
    if not frames:
        return pd.DataFrame(columns=columns or [])
    out = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    # categorical columns (features' segment_group, voice, ...) come back as plain strings,
    # as from measure_corpus: a categorical groupby would add unobserved combinations
    for col in out.columns:
        if isinstance(out[col].dtype, pd.CategoricalDtype):
            out[col] = out[col].astype(object)
    return out


# ----------------------------------------------------------------------------- stages

@dataclass
class StageReport:
    """What a stage did: chunks in total, chunks computed, files rewritten."""

    stage: str
    chunks: int
    computed: int
    written: list[str]
    skipped: bool


def _run_stage(paths: StudyPaths, stage: str, fingerprint: str, chunks: list[tuple[str, dict]],
               func: Callable[[dict], dict], tables: dict[str, str], runner: Runner | None,
               processes: int | None, progress: bool, extra: dict[str, Any],
               n_articles: int, csv: str) -> StageReport:
    """Compute missing chunks, publish the stage's tables, record the fingerprint."""
    processed = paths.processed
    state = read_state(processed)
    keys = [k[:32] for k, _ in chunks]
    targets = [published_path(processed, n, f, n_articles, csv) for n, f in tables.items()]
    fingerprint = _sha(fingerprint, json.dumps([str(t.name) for t in targets]))
    rec = state.get(stage, {})
    folders = [_chunk_dir(processed, stage, k) for k, _ in chunks]
    if (rec.get("fingerprint") == fingerprint and all(t.exists() for t in targets)
            and all(f.is_dir() for f in folders)):
        return StageReport(stage, len(chunks), 0, [], True)
    # largest chunks first (longest-processing-time-first scheduling): the last
    # tasks are small, so no process idles long at the end of the stage
    todo = sorted((t for (k, t), f in zip(chunks, folders) if not f.is_dir()),
                  key=lambda t: -t.get("n", 0))
    desc = {"clean": "cleaning", "measure": "measures"}.get(stage, stage)
    if runner is not None and todo:
        runner(func, todo, desc)
    else:
        run_tasks(func, todo, desc, processes=processes, progress=progress)
    written = publish_tables(processed, folders, tables, n_articles, csv)
    _prune(processed, stage, set(keys))
    state = read_state(processed)
    state.update(extra)
    state[stage] = {"fingerprint": fingerprint, "chunks": len(chunks), "keys": keys}
    _write_state(processed, state)
    return StageReport(stage, len(chunks), len(todo), written, False)


def _plan(paths: StudyPaths, chunk_size: int | None, lexicon: pd.DataFrame | None = None,
          manifest: pd.DataFrame | None = None) -> tuple[list[Chunk], int, str, str]:
    if manifest is None:
        manifest = dataset.load_manifest(paths.corpus, paths.root)
    size = _chunk_size(read_state(paths.processed), chunk_size)
    cfp = clean_fingerprint(paths.root)
    mfp = measure_fingerprint(paths.root, lexicon)
    return plan_chunks(manifest, cfp, mfp, size), size, cfp, mfp


def run_clean(paths: StudyPaths, *, chunk_size: int | None = None, processes: int | None = None,
              runner: Runner | None = None, progress: bool = False,
              manifest: pd.DataFrame | None = None, csv: str | None = None,
              checked: frozenset[str] = frozenset(), chunks: list[Chunk] | None = None) -> StageReport:
    """The cleaning stage without loading its results (for large corpora and the CLI).

    Every raw article's sha256 is checked: while reading it for a chunk to
    compute, else (cached chunks) by :func:`verify_raw` first. ``checked``:
    clean keys of chunks computed (so hash-checked) earlier in the same run.

    ``manifest``: the corpus manifest if the caller has already loaded it
    (and ``chunks``, its :func:`plan_chunks`, if already planned);
    ``csv``: how long tables are published (:func:`wants_csv`).
    """
    if manifest is None:
        manifest = dataset.load_manifest(paths.corpus, paths.root)
    if manifest.empty:
        raise FramingError("the corpus has no articles", path=dataset.manifest_path(paths.corpus, paths.root),
                           fix=f"add articles with `framing add FILES --corpus {paths.corpus}`")
    state = read_state(paths.processed)
    size, csv = _chunk_size(state, chunk_size), _csv_mode(state, csv)
    cfp = clean_fingerprint(paths.root)
    if chunks is None:
        chunks = plan_chunks(manifest, cfp, "", size)
    root = str(paths.root)
    # Every raw article is hash-checked on every run: a chunk to compute checks
    # its articles as it reads them, so only the cached chunks' articles are checked here.
    cached = [c for c in chunks if c.clean_key not in checked
              and _chunk_dir(paths.processed, "clean", c.clean_key).is_dir()]
    verify_raw(paths, progress, pd.concat([c.rows for c in cached]) if cached else manifest.iloc[:0])
    tasks = []
    for c in chunks:
        out = _chunk_dir(paths.processed, "clean", c.clean_key)
        # rows are only needed for chunks to compute; a cached chunk's task is never run
        rows = [] if out.is_dir() else c.rows
        tasks.append((c.clean_key, {"root": root, "corpus": paths.corpus, "rows": rows, "out": str(out),
                                    "fingerprint": cfp, "n": len(c.article_ids)}))
    fingerprint = _sha("clean-stage", *[k for k, _ in tasks])
    return _run_stage(paths, "clean", fingerprint, tasks, clean_chunk, CLEAN_TABLES, runner,
                      processes, progress, {"chunk_size": size, "csv": csv}, len(manifest), csv)


def run_measure(paths: StudyPaths, *, chunk_size: int | None = None, processes: int | None = None,
                runner: Runner | None = None, progress: bool = False,
                manifest: pd.DataFrame | None = None, csv: str | None = None,
                plan: tuple[list[Chunk], int, str, str] | None = None) -> StageReport:
    """The measuring stage without loading its results (needs :func:`run_clean` first);
    ``plan``: :func:`_plan`'s result if the caller has it."""
    if manifest is None:
        manifest = dataset.load_manifest(paths.corpus, paths.root)
    chunks, size, _, mfp = plan if plan is not None else _plan(paths, chunk_size, manifest=manifest)
    csv = _csv_mode(read_state(paths.processed), csv)
    root = str(paths.root)
    tasks = []
    for c in chunks:
        src = _chunk_dir(paths.processed, "clean", c.clean_key)
        if not src.is_dir():
            raise FramingError("cleaned chunk missing", path=src, fix="run the cleaning stage first")
        tasks.append((c.measure_key, {"root": root, "source": str(src), "fingerprint": mfp,
                                      "out": str(_chunk_dir(paths.processed, "measure", c.measure_key)),
                                      "n": len(c.article_ids)}))
    fingerprint = _sha("measure-stage", *[k for k, _ in tasks])
    return _run_stage(paths, "measure", fingerprint, tasks, measure_chunk, MEASURE_TABLES, runner,
                      processes, progress, {"chunk_size": size, "csv": csv}, len(manifest), csv)


def _folders(paths: StudyPaths, stage: str, chunk_size: int | None = None) -> list[Path]:
    """The chunk folders of a stage, in article order: as recorded by its last run
    (no re-planning, which costs seconds at 100k articles), else planned now."""
    keys = read_state(paths.processed).get(stage, {}).get("keys")
    if keys is not None and chunk_size is None:
        folders = [paths.processed / CHUNKS_DIR / stage / k for k in keys]
        if all(f.is_dir() for f in folders):
            return folders
    chunks, _, _, _ = _plan(paths, chunk_size)
    key = "clean_key" if stage == "clean" else "measure_key"
    return [_chunk_dir(paths.processed, stage, getattr(c, key)) for c in chunks]


def clean_stage(paths: StudyPaths, *, chunk_size: int | None = None, processes: int | None = None,
                runner: Runner | None = None, progress: bool = False
                ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Load the corpus (checking every raw hash), clean it, write the tables.

    Cached chunk by chunk (see the module docstring). Returns (articles, segments, audit).
    """
    run_clean(paths, chunk_size=chunk_size, processes=processes, runner=runner, progress=progress)
    folders = _folders(paths, "clean")
    return tuple(load_chunk_tables(folders, name) for name in CLEAN_TABLES)  # type: ignore[return-value]


def measure_stage(paths: StudyPaths, *, chunk_size: int | None = None, processes: int | None = None,
                  runner: Runner | None = None, progress: bool = False) -> features.Measures:
    """Match the lexicons, find quotes and sources, compute features; write the tables."""
    run_measure(paths, chunk_size=chunk_size, processes=processes, runner=runner, progress=progress)
    return load_measures(paths)


def load_measures(paths: StudyPaths, tables: Sequence[str] | None = None) -> features.Measures:
    """The measured tables from the chunk Parquet files (fast; same dtypes as
    :func:`helpers.measure.features.measure_corpus`). ``tables`` limits what is read
    (others are empty frames), e.g. ``["features", "article_features", "naming"]``
    on a very large corpus."""
    folders = _folders(paths, "measure")
    missing = [f for f in folders if not f.is_dir()]
    if missing:
        raise FramingError("measured chunk missing", path=missing[0], fix="run measure_stage first")
    wanted = list(tables) if tables is not None else list(MEASURE_TABLES)
    return features.Measures(**{name: load_chunk_tables(folders, name) if name in wanted
                                else pd.DataFrame() for name in MEASURE_TABLES})


def _recorded_folders(paths: StudyPaths, stage: str) -> list[Path] | None:
    """The chunk folders recorded by the stage's last run, if they are all present."""
    keys = read_state(paths.processed).get(stage, {}).get("keys")
    if keys is None:
        return None
    folders = [paths.processed / CHUNKS_DIR / stage / k for k in keys]
    return folders if all(f.is_dir() for f in folders) else None


def read_table(paths: StudyPaths, name: str, columns: list[str] | None = None,
               filters: list | None = None) -> pd.DataFrame:
    """Table ``name`` of a study (``'segments'``, ``'hits'``, ``'articles'``, ...),
    whatever its published form.

    Read from the stage's Parquet chunks when present (fast, typed as the
    stage made it), else from the published Parquet folder or CSV (e.g. a
    fresh clone of the committed seed study, whose chunk cache is not in git).
    ``columns`` and ``filters`` (pyarrow form, e.g. ``[("segment_group", "==",
    "all")]``) are applied while reading Parquet, so a slice of a large table
    never loads it whole.
    """
    stage = "clean" if name in CLEAN_TABLES else "measure" if name in MEASURE_TABLES else None
    fname = {**CLEAN_TABLES, **MEASURE_TABLES, **COMPARE_TABLES}.get(name, f"{name}.csv")
    folders = _recorded_folders(paths, stage) if stage else None
    if folders is not None:
        return load_chunk_tables(folders, name, columns, filters)
    folder, csv_path = paths.processed / name, paths.processed / fname
    if folder.is_dir():
        return read_parquet_parts(sorted(folder.glob("part-*.parquet")), columns, filters)
    if not csv_path.exists():
        raise FramingError(f"table {name} not found", path=csv_path,
                           fix="run the stage that writes it (framing run, or the earlier notebook)")
    df = read_csv(csv_path, dtype={"article_id": str, "published": str})
    if filters:
        for col, op, value in filters:
            if op not in ("==", "in"):
                raise FramingError(f"filter operator {op!r} not supported on CSV tables", fix="use == or in")
            df = df[df[col] == value] if op == "==" else df[df[col].isin(value)]
    return (df[columns] if columns else df).reset_index(drop=True)


def compare_stage(paths: StudyPaths, *, categories: Sequence[str] | None = None,
                  n_boot: int = COMPARE_BOOTSTRAP, progress: bool = False) -> dict[str, pd.DataFrame]:
    """Category rates by outlet (and by event and outlet) with bootstrap intervals.

    Reads only the ``all`` segment-group rows of the chunked features (a
    fraction of features.csv), so it stays small at 100k articles. Writes
    ``category_rates.csv`` and ``category_rates_by_event.csv`` (columns of
    :func:`helpers.compare.compare.category_rates`).
    """
    cats = list(categories) if categories is not None else list(RATE_CATEGORIES)
    state = read_state(paths.processed)
    fingerprint = _sha("compare", state.get("measure", {}).get("fingerprint", ""),
                       state.get("clean", {}).get("fingerprint", ""), json.dumps(cats), str(n_boot))
    targets = {name: paths.processed / f for name, f in COMPARE_TABLES.items()}
    bar = _bar(2, "comparison", progress)
    try:
        if state.get("compare", {}).get("fingerprint") == fingerprint and all(t.exists() for t in targets.values()):
            bar.update(2)
            return {name: read_csv(t) for name, t in targets.items()}
        measure = [str(f) for f in _folders(paths, "measure")]
        cleaned = [str(f) for f in _folders(paths, "clean")]
        # the two tables are independent: one process each (each reads what it needs)
        tasks = [{"measure": measure, "clean": cleaned, "categories": cats, "n_boot": n_boot,
                  "by_event": by_event, "target": str(targets[name])}
                 for name, by_event in (("category_rates", False), ("category_rates_by_event", True))]
        for _ in run_tasks(compare_table, tasks, "comparison",
                           processes=1 if len(cleaned) < 2 else None):
            bar.update(1)
    finally:
        bar.close()
    state = read_state(paths.processed)
    state["compare"] = {"fingerprint": fingerprint}
    _write_state(paths.processed, state)
    return {name: read_csv(t) for name, t in targets.items()}


def compare_table(task: dict[str, Any]) -> dict[str, Any]:
    """One table of :func:`compare_stage` (by outlet, or by event and outlet), written to
    ``task["target"]``; reads the ``all`` rows of the chunked features and the articles."""
    from .. import compare

    feats = load_chunk_tables([Path(f) for f in task["measure"]], "features",
                              columns=["article_id", "segment_group", "voice", "category", "count", "tokens"],
                              filters=[("segment_group", "==", "all")])
    arts = load_chunk_tables([Path(f) for f in task["clean"]], "articles",
                             columns=["article_id", "outlet", "event"])
    with warnings.catch_warnings():  # pandas' observed= deprecation notes inside compare
        warnings.simplefilter("ignore", FutureWarning)
        table = compare.category_rates(feats, None, arts, categories=task["categories"],
                                       by_event=task["by_event"], n_boot=task["n_boot"], seed=0)
    write_csv(table, Path(task["target"]))
    return {"rows": len(table)}


# ----------------------------------------------------------------------------- framing run

# Folders of the committed seed study and the code: a rerun never writes there.
PROTECTED_FOLDERS = ("data", "figures", "notebooks", "src", "tests", "docs", "bench")


def check_output_dir(output: str | Path, root: str | Path | None = None) -> Path:
    """Resolve a rerun's output folder and refuse one that could overwrite the seed study.

    ``framing run`` writes OUTPUT/processed, OUTPUT/figures and the executed
    notebooks into OUTPUT; the committed study (data/processed/NAME, figures/,
    notebooks/) is made only by ``framing report``.
    """
    from ..core.paths import project_root

    base = project_root(root)
    out = Path(output)
    out = (out if out.is_absolute() else base / out).resolve()
    if out == base:
        raise FramingError("output folder is the project root (its figures/ and notebooks/ are the seed study)",
                           path=out, fix="use the default reports/NAME or another folder")
    for name in PROTECTED_FOLDERS:
        folder = (base / name).resolve()
        if out == folder or folder in out.parents:
            raise FramingError(f"output folder is inside {name}/ of the project", path=out,
                               fix="use the default reports/NAME or a folder outside data/, figures/, notebooks/")
    return out


def figure_options(outlet_order: str | Sequence[str] | None, top_n: int | None) -> dict[str, Any]:
    """The FIGURE_OPTIONS a rerun passes to the notebooks (only what was given)."""
    options: dict[str, Any] = {}
    if outlet_order:
        order = outlet_order.split(",") if isinstance(outlet_order, str) else list(outlet_order)
        order = [o.strip() for o in order if o.strip()]
        if order:
            options["outlet_order"] = order
    if top_n is not None:
        if top_n < 1:
            raise FramingError(f"--top-n must be at least 1, got {top_n}", fix="use e.g. --top-n 20")
        options["top_n"] = int(top_n)
    return options


def check_outlet_order(order: Sequence[str], articles: pd.DataFrame) -> None:
    """Refuse an outlet order naming outlets the corpus does not have (a typo would drop them)."""
    known = set(articles["outlet"])
    unknown = [o for o in order if o not in known]
    if unknown:
        raise FramingError(f"--outlet-order names unknown outlet(s): {', '.join(unknown)}",
                           fix=f"choose from: {', '.join(sorted(known))}")


def study_notebooks(corpus: str, root: str | Path | None = None) -> list[Path]:
    """The numbered notebooks to run; 04-validation only when data/gold/CORPUS.csv exists."""
    from .notebooks import source_notebooks

    gold = data_dir(root) / "gold" / f"{corpus}.csv"
    return [nb for nb in source_notebooks(root) if "validation" not in nb.stem or gold.exists()]


def verify_raw(paths: StudyPaths, progress: bool = False, manifest: pd.DataFrame | None = None) -> int:
    """Check every raw article against the manifest's sha256 (also for cached chunks);
    :func:`helpers.corpus.dataset.check_raw`."""
    if manifest is None:
        manifest = dataset.load_manifest(paths.corpus, paths.root)
    return dataset.check_raw(manifest, corpus_dir(paths.corpus, paths.root), progress)


def run_study(paths: StudyPaths, *, scheduler: str | None = None, processes: int | None = None,
              progress: bool = False, chunk_size: int | None = None,
              csv: str | None = None, compare: bool = True) -> list[StageReport]:
    """Ingest check, cleaning, measures and (``compare``) comparison tables (no notebooks).

    ``scheduler``: None (this machine, a process pool), ``'local'`` (a Dask
    LocalCluster) or a Dask scheduler address ``tcp://HOST:PORT``; ``csv``:
    how long tables are published (:func:`wants_csv`; None keeps the folder's
    mode, else ``'auto'``).
    """
    manifest = dataset.load_manifest(paths.corpus, paths.root)  # read once for every stage
    if scheduler:
        from .distributed import dask_runner

        with dask_runner(scheduler, progress=progress) as runner:
            reports = _run_both(paths, manifest, chunk_size, None, runner, progress, csv)
    else:
        reports = _run_both(paths, manifest, chunk_size, processes, None, progress, csv)
    if compare:
        compare_stage(paths, progress=progress)
    return reports


def _run_both(paths: StudyPaths, manifest: pd.DataFrame, chunk_size: int | None, processes: int | None,
              runner: Runner | None, progress: bool, csv: str | None) -> list[StageReport]:
    """Cleaning and measures, each chunk's two stages in one task
    (:func:`clean_and_measure_chunk`), then each stage published as on its own."""
    plan = _plan(paths, chunk_size, manifest=manifest)
    chunks, _, cfp, mfp = plan
    root = str(paths.root)
    work, computed = [], set()
    for c in chunks:
        cdir = _chunk_dir(paths.processed, "clean", c.clean_key)
        mdir = _chunk_dir(paths.processed, "measure", c.measure_key)
        if mdir.is_dir():
            continue
        clean_task = None
        if not cdir.is_dir():
            clean_task = {"root": root, "corpus": paths.corpus, "rows": c.rows,
                          "out": str(cdir), "fingerprint": cfp}
            computed.add(c.clean_key)
        work.append({"clean": clean_task, "n": len(c.article_ids),
                     "measure": {"root": root, "source": str(cdir), "fingerprint": mfp, "out": str(mdir)}})
    if work:
        # largest first (as in _run_stage); progress counts chunks
        work.sort(key=lambda t: -t["n"])
        if runner is not None:
            runner(clean_and_measure_chunk, work, "cleaning + measures")
        else:
            run_tasks(clean_and_measure_chunk, work, "cleaning + measures", processes=processes,
                      progress=progress)
    return [_computed(run_clean(paths, chunk_size=chunk_size, processes=processes, runner=runner,
                                progress=progress, manifest=manifest, csv=csv, checked=frozenset(computed),
                                chunks=chunks), len(computed)),
            _computed(run_measure(paths, chunk_size=chunk_size, processes=processes, runner=runner,
                                  progress=progress, manifest=manifest, csv=csv, plan=plan), len(work))]


def _computed(report: StageReport, n: int) -> StageReport:
    """The report of a stage whose chunks were computed by the fused pass."""
    report.computed = max(report.computed, n)
    return report


def command_run(args) -> int:
    """``framing run CORPUS``: the whole study on a corpus into reports/CORPUS/ (or --output)."""
    from .notebooks import run_notebooks
    from ..core.paths import check_name, project_root, reports_dir, study_paths

    root = getattr(args, "root", None)
    corpus = check_name(args.corpus)
    base = project_root(root)
    output = check_output_dir(args.output or reports_dir(corpus, root), root)
    paths = study_paths(corpus, output, root)
    options = figure_options(getattr(args, "outlet_order", None), getattr(args, "top_n", None))
    reports = run_study(paths, scheduler=getattr(args, "scheduler", None), progress=True,
                        csv=getattr(args, "csv", None))
    if "outlet_order" in options:
        check_outlet_order(options["outlet_order"], read_articles(paths))
    # the notebooks get the folder relative to the root when it is inside it (portable parameters)
    shown = output.relative_to(base).as_posix() if base in output.parents else str(output)
    nbs = study_notebooks(corpus, root)
    run_notebooks(corpus, shown, root=root, notebooks=nbs, progress=True, options=options)
    for r in reports:
        note = "up to date" if r.skipped else f"{r.computed} of {r.chunks} chunk(s) computed"
        print(f"{r.stage}: {note}")
    print(f"Outputs of corpus {corpus} are in {shown}/:")
    print(f"  {shown}/processed/   tables (articles, segments, audit, hits, features, naming, category rates)")
    print(f"  {shown}/figures/     figures (PNG, SVG and the CSV of what each plots)")
    print(f"  {shown}/*.ipynb      executed notebooks: {', '.join(nb.name for nb in nbs)}")
    print(f"  {shown}/explorer.html  the article explorer")
    print(f"Open {shown}/01-corpus.ipynb first (what cleaning kept and removed), "
          f"then {shown}/03-compare-outlets.ipynb for the figures.")
    return 0
