"""The study's stages as functions of a :class:`~helpers.core.study.Study`.

Notebooks call these (and nothing else that computes), so the notebooks and
``framing run`` share one code path:

    clean_stage(study)    raw corpus -> articles, segments, audit
    measure_stage(study)  segments   -> sentences, quotes, attributions, hits,
                                        features, article_features, naming
    compare_stage(study)  features   -> category_rates, category_rates_by_event

Each per-article stage is cached chunk by chunk (:mod:`helpers.run.chunks`)
and published in the study's processed folder (:mod:`helpers.run.publish`).
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

import pandas as pd

from ..compare import category_rates
from ..core.errors import FramingError
from ..core.runtime import system_arrow_allocator
from ..core.storage import write_csv
from ..core.study import Study
from ..corpus import check_raw, load_manifest, manifest_path
from ..measure import Measures, study_lexicon
from .chunks import (Chunk, chunk_dir, chunk_ready, chunk_size, clean_fingerprint, csv_mode, digest, measure_fingerprint,
                     plan_chunks, read_state, recorded_folders, write_state)
from .cluster import dask_runner
from .publish import prune_chunks, publish_tables, published_path
from .tables import CLEAN_TABLES, COMPARE_TABLES, MEASURE_TABLES, load_chunk_tables, read_csv_table, read_measures
from .tasks import Runner, progress_bar, run_tasks
from .work import clean_and_measure_chunk, clean_chunk, measure_chunk

RATE_CATEGORIES = ["loaded_terms", "hedges", "boosters", "anonymous_sourcing", "reporting_verbs"]
COMPARE_BOOTSTRAP = 2000


@dataclass
class StageReport:
    """What a stage did: chunks in total, chunks computed, files rewritten."""

    stage: str
    chunks: int
    computed: int
    written: list[str]
    skipped: bool


@dataclass(frozen=True)
class Plan:
    """The chunks of one run and the fingerprints their keys were made with."""

    chunks: list[Chunk]
    size: int
    clean_fp: str
    measure_fp: str


def plan(study: Study, size: int | None = None, manifest: pd.DataFrame | None = None) -> Plan:
    """Chunk the study's manifest and key the chunks with the current rules, lexicons and cues."""
    if manifest is None:
        manifest = load_manifest(study.corpus_dir)
    n = chunk_size(read_state(study.processed), size)
    cfp, mfp = clean_fingerprint(study), measure_fingerprint(study)
    return Plan(plan_chunks(manifest, cfp, mfp, n), n, cfp, mfp)


def stage_folders(study: Study, stage: str, size: int | None = None) -> list[Path]:
    """The chunk folders of a stage, in article order: as recorded by its last run
    (no re-planning, which costs seconds at 100k articles), else planned now."""
    if size is None:
        folders = recorded_folders(study.processed, stage)
        if folders is not None:
            return folders
    key = "clean_key" if stage == "clean" else "measure_key"
    return [chunk_dir(study.processed, stage, getattr(c, key)) for c in plan(study, size).chunks]


def verify_raw(study: Study, progress: bool = False, manifest: pd.DataFrame | None = None) -> int:
    """Check raw articles against the manifest's sha256 (also for cached chunks)."""
    if manifest is None:
        manifest = load_manifest(study.corpus_dir)
    return check_raw(manifest, study.corpus_dir, progress)


def run_stage(study: Study, stage: str, fingerprint: str, chunks: list[tuple[str, dict]],
              func: Callable[[dict], dict], tables: dict[str, str], runner: Runner | None,
              processes: int | None, progress: bool, extra: dict[str, Any],
              n_articles: int, csv: str) -> StageReport:
    """Compute missing chunks, publish the stage's tables, record the fingerprint."""
    processed = study.processed
    state = read_state(processed)
    keys = [k[:32] for k, _ in chunks]
    targets = [published_path(processed, n, f, n_articles, csv) for n, f in tables.items()]
    fingerprint = digest(fingerprint, json.dumps([str(t.name) for t in targets]))
    folders = [chunk_dir(processed, stage, k) for k, _ in chunks]
    ready = [chunk_ready(f, tables) for f in folders]
    if state.get(stage, {}).get("fingerprint") == fingerprint and all(t.exists() for t in targets) and all(ready):
        return StageReport(stage, len(chunks), 0, [], True)
    # largest chunks first (longest-processing-time-first scheduling): the last
    # tasks are small, so no process idles long at the end of the stage
    todo = sorted((t for (k, t), ok in zip(chunks, ready) if not ok), key=lambda t: -t.get("n", 0))
    desc = {"clean": "cleaning", "measure": "measures"}.get(stage, stage)
    if runner is not None and todo:
        runner(func, todo, desc)
    else:
        run_tasks(func, todo, desc, processes=processes, progress=progress)
    written = publish_tables(processed, folders, tables, n_articles, csv)
    prune_chunks(processed, stage, set(keys))
    state = read_state(processed)
    state.update(extra)
    state[stage] = {"fingerprint": fingerprint, "chunks": len(chunks), "keys": keys}
    write_state(processed, state)
    return StageReport(stage, len(chunks), len(todo), written, False)


def run_clean(study: Study, *, size: int | None = None, processes: int | None = None,
              runner: Runner | None = None, progress: bool = False, manifest: pd.DataFrame | None = None,
              checked: frozenset[str] = frozenset(), chunks: list[Chunk] | None = None) -> StageReport:
    """The cleaning stage without loading its results (for large corpora and the CLI).

    Every raw article's sha256 is checked: while reading it for a chunk to
    compute, else (cached chunks) by :func:`verify_raw` first. ``checked``:
    clean keys of chunks computed (so hash-checked) earlier in the same run;
    ``manifest`` and ``chunks``: the manifest and its plan if the caller has them.
    """
    if manifest is None:
        manifest = load_manifest(study.corpus_dir)
    if manifest.empty:
        raise FramingError("the corpus has no articles", path=manifest_path(study.corpus_dir),
                           fix=f"add articles with `framing add FILES --corpus {study.name}`")
    state = read_state(study.processed)
    size, csv = chunk_size(state, size), csv_mode(state, study.csv)
    cfp = clean_fingerprint(study)
    if chunks is None:
        chunks = plan_chunks(manifest, cfp, "", size)
    cached = [c for c in chunks if c.clean_key not in checked
              and chunk_ready(chunk_dir(study.processed, "clean", c.clean_key), CLEAN_TABLES)]
    verify_raw(study, progress, pd.concat([c.rows for c in cached]) if cached else manifest.iloc[:0])
    tasks = []
    for c in chunks:
        out = chunk_dir(study.processed, "clean", c.clean_key)
        # rows are only needed for chunks to compute; a cached chunk's task is never run
        tasks.append((c.clean_key, {"study": study, "rows": [] if out.is_dir() else c.rows, "out": str(out),
                                    "fingerprint": cfp, "n": len(c.article_ids)}))
    fingerprint = digest("clean-stage", *[k for k, _ in tasks])
    return run_stage(study, "clean", fingerprint, tasks, clean_chunk, CLEAN_TABLES, runner,
                     processes, progress, {"chunk_size": size, "csv": csv}, len(manifest), csv)


def run_measure(study: Study, *, size: int | None = None, processes: int | None = None,
                runner: Runner | None = None, progress: bool = False,
                manifest: pd.DataFrame | None = None, planned: Plan | None = None) -> StageReport:
    """The measuring stage without loading its results (needs :func:`run_clean` first)."""
    if manifest is None:
        manifest = load_manifest(study.corpus_dir)
    p = planned if planned is not None else plan(study, size, manifest)
    csv = csv_mode(read_state(study.processed), study.csv)
    tasks = []
    for c in p.chunks:
        src = chunk_dir(study.processed, "clean", c.clean_key)
        if not chunk_ready(src, CLEAN_TABLES):
            raise FramingError("cleaned chunk missing", path=src, fix="run the cleaning stage first")
        tasks.append((c.measure_key, {"study": study, "source": str(src), "fingerprint": p.measure_fp,
                                      "out": str(chunk_dir(study.processed, "measure", c.measure_key)),
                                      "n": len(c.article_ids)}))
    fingerprint = digest("measure-stage", *[k for k, _ in tasks])
    return run_stage(study, "measure", fingerprint, tasks, measure_chunk, MEASURE_TABLES, runner,
                     processes, progress, {"chunk_size": p.size, "csv": csv}, len(manifest), csv)


def clean_stage(study: Study, *, size: int | None = None, processes: int | None = None,
                runner: Runner | None = None, progress: bool = False
                ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Clean the corpus (checking every raw hash) and publish its tables.
    Returns (articles, segments, audit)."""
    run_clean(study, size=size, processes=processes, runner=runner, progress=progress)
    folders = stage_folders(study, "clean")
    return tuple(load_chunk_tables(folders, name) for name in CLEAN_TABLES)  # type: ignore[return-value]


def measure_stage(study: Study, *, size: int | None = None, processes: int | None = None,
                  runner: Runner | None = None, progress: bool = False) -> Measures:
    """Match the lexicons, find quotes and sources, compute features; publish the tables."""
    run_measure(study, size=size, processes=processes, runner=runner, progress=progress)
    return read_measures(study)


def compare_stage(study: Study, *, categories: Sequence[str] | None = None,
                  n_boot: int = COMPARE_BOOTSTRAP, progress: bool = False) -> dict[str, pd.DataFrame]:
    """Category rates by outlet (and by event and outlet) with bootstrap intervals.

    Reads only the ``all`` segment-group rows of the chunked features (a
    fraction of features.csv), so it stays small at 100k articles. Writes
    ``category_rates.csv`` and ``category_rates_by_event.csv``.
    """
    cats = list(categories) if categories is not None else list(RATE_CATEGORIES)
    state = read_state(study.processed)
    fingerprint = digest("compare", state.get("measure", {}).get("fingerprint", ""),
                         state.get("clean", {}).get("fingerprint", ""), json.dumps(cats), str(n_boot))
    targets = {name: study.processed / f for name, f in COMPARE_TABLES.items()}
    bar = progress_bar(2, "comparison", progress)
    try:
        if state.get("compare", {}).get("fingerprint") == fingerprint and all(t.exists() for t in targets.values()):
            bar.update(2)
            return {name: read_csv_table(t, name) for name, t in targets.items()}
        measure = [str(f) for f in stage_folders(study, "measure")]
        cleaned = [str(f) for f in stage_folders(study, "clean")]
        # the two tables are independent: one process each (each reads what it needs)
        tasks = [{"measure": measure, "clean": cleaned, "categories": cats, "n_boot": n_boot,
                  "by_event": by_event, "target": str(targets[name])}
                 for name, by_event in (("category_rates", False), ("category_rates_by_event", True))]
        for _ in run_tasks(compare_table, tasks, "comparison", processes=1 if len(cleaned) < 2 else None):
            bar.update(1)
    finally:
        bar.close()
    state = read_state(study.processed)
    state["compare"] = {"fingerprint": fingerprint}
    write_state(study.processed, state)
    return {name: read_csv_table(t, name) for name, t in targets.items()}


def compare_table(task: dict[str, Any]) -> dict[str, Any]:
    """One table of :func:`compare_stage` (by outlet, or by event and outlet), written to
    ``task["target"]``; reads the ``all`` rows of the chunked features and the articles."""
    feats = load_chunk_tables([Path(f) for f in task["measure"]], "features",
                              columns=["article_id", "segment_group", "voice", "category", "count", "tokens"],
                              filters=[("segment_group", "==", "all")])
    arts = load_chunk_tables([Path(f) for f in task["clean"]], "articles", columns=["article_id", "outlet", "event"])
    with warnings.catch_warnings():  # pandas' observed= deprecation notes inside compare
        warnings.simplefilter("ignore", FutureWarning)
        table = category_rates(feats, None, arts, categories=task["categories"],
                               by_event=task["by_event"], n_boot=task["n_boot"], seed=0)
    write_csv(table, Path(task["target"]))
    return {"rows": len(table)}


def run_study(study: Study, *, scheduler: str | None = None, processes: int | None = None,
              progress: bool = False, size: int | None = None, compare: bool = True) -> list[StageReport]:
    """Cleaning, measures and (``compare``) comparison tables of a study (no notebooks).

    ``scheduler``: None (this machine, a process pool), ``'local'`` (a Dask
    LocalCluster) or a Dask scheduler address ``tcp://HOST:PORT``.
    """
    system_arrow_allocator()  # what the stages' tables free can go back before the notebooks
    manifest = load_manifest(study.corpus_dir)  # read once for every stage
    if scheduler:
        with dask_runner(scheduler, progress=progress) as runner:
            reports = run_both(study, manifest, size, None, runner, progress)
    else:
        reports = run_both(study, manifest, size, processes, None, progress)
    if compare:
        compare_stage(study, progress=progress)
    return reports


def run_both(study: Study, manifest: pd.DataFrame, size: int | None, processes: int | None,
             runner: Runner | None, progress: bool) -> list[StageReport]:
    """Cleaning and measures, each chunk's two stages in one task
    (:func:`~helpers.run.work.clean_and_measure_chunk`), then each stage published as on its own."""
    p = plan(study, size, manifest)
    work, computed = [], set()
    for c in p.chunks:
        cdir = chunk_dir(study.processed, "clean", c.clean_key)
        mdir = chunk_dir(study.processed, "measure", c.measure_key)
        if chunk_ready(mdir, MEASURE_TABLES) and chunk_ready(cdir, CLEAN_TABLES):
            continue
        clean_task = None
        if not chunk_ready(cdir, CLEAN_TABLES):
            clean_task = {"study": study, "rows": c.rows, "out": str(cdir), "fingerprint": p.clean_fp}
            computed.add(c.clean_key)
        work.append({"clean": clean_task, "n": len(c.article_ids),
                     "measure": {"study": study, "source": str(cdir), "fingerprint": p.measure_fp,
                                 "out": str(mdir)}})
    if work:
        work.sort(key=lambda t: -t["n"])  # largest first, as in run_stage
        if runner is not None:
            runner(clean_and_measure_chunk, work, "cleaning + measures")
        else:
            run_tasks(clean_and_measure_chunk, work, "cleaning + measures", processes=processes, progress=progress)
    cleaned = run_clean(study, size=size, processes=processes, runner=runner, progress=progress,
                        manifest=manifest, checked=frozenset(computed), chunks=p.chunks)
    measured = run_measure(study, size=size, processes=processes, runner=runner, progress=progress,
                           manifest=manifest, planned=p)
    cleaned.computed = max(cleaned.computed, len(computed))
    measured.computed = max(measured.computed, len(work))
    return [cleaned, measured]



def study_category_rates(study: Study, measures: Measures, articles: pd.DataFrame, categories: Sequence[str],
                         *, by_event: bool = False, n_boot: int = COMPARE_BOOTSTRAP) -> pd.DataFrame:
    """Category rates with bootstrap intervals (:func:`helpers.compare.category_rates`)
    for the rates figures, computed once per study.

    When every outlet (``by_event``: every event x outlet) has several
    articles, the article is the resampling unit, and the table from the
    per-article features equals the one from hits and sentences (same counts,
    tokens and replicates; tests/test_many_outlets.py). :func:`compare_stage`
    writes exactly that table (``category_rates*.csv``, cached), so it is
    read, not recomputed. Otherwise (an outlet with a single article, as in the
    seed study: its sentences are resampled, which needs the sentence table) it
    is computed from ``measures.hits``, ``sentences`` and ``quotes``.
    """
    groups = ["event", "outlet"] if by_event else ["outlet"]
    several = bool((articles.groupby(groups)["article_id"].nunique() > 1).all())
    if not several:
        return category_rates(measures.hits, measures.sentences, articles, quotes=measures.quotes,
                              categories=list(categories), by_event=by_event, n_boot=n_boot, seed=0)
    default_view = study.settings.get("group", "outlet") == "outlet" and not study.settings.get("events")
    if default_view and list(categories) == list(RATE_CATEGORIES) and n_boot == COMPARE_BOOTSTRAP:
        return compare_stage(study)["category_rates_by_event" if by_event else "category_rates"]
    f = measures.features
    return category_rates(f[f["segment_group"] == "all"], None, articles, categories=list(categories),
                          by_event=by_event, n_boot=n_boot, seed=0)


def study_rate_categories(study: Study) -> list[str]:
    """The categories a study's rate figures compare: the project's (:data:`RATE_CATEGORIES`)
    that its lexicon set has entries for, then its own categories alphabetically (never
    ``naming``, which is compared as forms per actor)."""
    present = set(study_lexicon(study)["category"])
    own = sorted(present - set(RATE_CATEGORIES) - {"naming"})
    return [c for c in RATE_CATEGORIES if c in present] + own
