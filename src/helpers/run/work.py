"""The work on one chunk: clean it, measure it, write its Parquet tables.

Each function takes a small task dict holding the :class:`~helpers.core.study.Study`
(pickled to the worker: the study's name is never resolved again there) and
the chunk's folders, and returns small totals.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from ..clean import AUDIT_COLUMNS, SEGMENT_COLUMNS, clean_corpus
from ..core.runtime import paused_cyclic_gc
from ..core.study import Study
from ..corpus import DEFAULT_EVENT, MANIFEST_COLUMNS, read_raw_texts
from ..measure import (Measures, SourceCues, load_source_cues, measure_corpus, measure_matcher,
                       study_lexicon)
from .chunks import write_chunk_tables
from .tables import MEASURE_TABLES

ARTICLE_COLUMNS = MANIFEST_COLUMNS + ["n_raw_lines", "n_kept_lines", "n_removed_lines",
                                      "n_segments", "clean_chars"]

# Per-process caches: the lexicon, its compiled matcher, the source cues and the
# compiled cleaning rules are built once per worker, not once per chunk (about
# 0.1 s each time); keyed by the stage fingerprint, which covers those files,
# so an edited lexicon or rules file is never served stale.
_MEASURE_INPUTS: dict[tuple[str, str], tuple[pd.DataFrame, Any, SourceCues]] = {}
_COMPILED_RULES: dict[tuple[str, str], dict] = {}


def articles_table(corpus: pd.DataFrame, segments: pd.DataFrame, audit: pd.DataFrame) -> pd.DataFrame:
    """One row per article: the manifest (without text) plus what cleaning kept and removed."""
    meta = corpus.drop(columns=["text"], errors="ignore").copy()
    meta["event"] = meta["event"].replace("", DEFAULT_EVENT)
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


def measure_inputs(study: Study, fingerprint: str) -> tuple[pd.DataFrame, Any, SourceCues]:
    """(lexicon, compiled matcher, source cues) of a study for a measure fingerprint, cached."""
    key = (str(study.lexicons), str(study.study_lexicons), fingerprint)
    if key not in _MEASURE_INPUTS or not fingerprint:
        _MEASURE_INPUTS.clear()
        lexicon = study_lexicon(study)
        cues = SourceCues.from_frame(load_source_cues(study.source_cues))
        # one matcher for lexicons and attribution cues: a single scan of every text
        _MEASURE_INPUTS[key] = (lexicon, measure_matcher(lexicon, cues), cues)
    return _MEASURE_INPUTS[key]


def compiled_rules(study: Study, fingerprint: str) -> dict:
    """The memo of compiled cleaning rules for a clean fingerprint (outlet -> rules)."""
    key = (str(study.rules), fingerprint)
    if key not in _COMPILED_RULES or not fingerprint:
        _COMPILED_RULES.clear()
        _COMPILED_RULES[key] = {}
    return _COMPILED_RULES[key]


def clean_tables(task: dict[str, Any]) -> dict[str, pd.DataFrame]:
    """The cleaning tables of one chunk (articles, segments, audit), not written."""
    study: Study = task["study"]
    rows = pd.DataFrame(task["rows"], columns=MANIFEST_COLUMNS)
    corpus = rows.copy()
    corpus["event"] = corpus["event"].replace("", DEFAULT_EVENT)
    corpus["text"] = read_raw_texts(rows, study.corpus_dir)  # each article hash-checked
    segments, audit = clean_corpus(corpus, study.rules, compiled_rules(study, task.get("fingerprint", "")))
    segments = segments[SEGMENT_COLUMNS].sort_values(["article_id", "segment_index"], kind="stable")
    audit = audit[AUDIT_COLUMNS].sort_values(["article_id", "line_no"], kind="stable")
    return {"articles": articles_table(corpus, segments, audit), "segments": segments, "audit": audit}


def clean_chunk(task: dict[str, Any]) -> dict[str, Any]:
    """Clean one chunk and write its tables; returns small totals.

    ``task``: study, rows (manifest records), out (chunk folder), fingerprint
    (of the rules the chunk key was made with).
    """
    with paused_cyclic_gc():
        tables = clean_tables(task)
        write_chunk_tables(Path(task["out"]), tables)
    return {"stage": "clean", "articles": len(tables["articles"]), "segments": len(tables["segments"]),
            "lines": len(tables["audit"])}


def measure_tables(task: dict[str, Any], segments: pd.DataFrame, articles: pd.DataFrame) -> Measures:
    lexicon, matcher, cues = measure_inputs(task["study"], task.get("fingerprint", ""))
    return measure_corpus(segments, articles, lexicon, cues, matcher=matcher)


def write_measures(task: dict[str, Any], m: Measures) -> dict[str, Any]:
    write_chunk_tables(Path(task["out"]), {name: getattr(m, name) for name in MEASURE_TABLES})
    return {"stage": "measure", "articles": len(m.article_features), "hits": len(m.hits),
            "quotes": len(m.quotes), "sentences": len(m.sentences)}


def measure_chunk(task: dict[str, Any]) -> dict[str, Any]:
    """Measure one cleaned chunk and write its tables; returns small totals.

    ``task``: study, source (the clean chunk folder), out (this chunk's folder),
    fingerprint (of the lexicons and cues the chunk key was made with).
    """
    src = Path(task["source"])
    segments = pd.read_parquet(src / "segments.parquet")
    articles = pd.read_parquet(src / "articles.parquet")
    with paused_cyclic_gc():
        return write_measures(task, measure_tables(task, segments, articles))


def clean_and_measure_chunk(task: dict[str, Any]) -> dict[str, Any]:
    """Both per-article stages of one chunk in one pass: ``task["clean"]`` (a
    :func:`clean_chunk` task, or None when the chunk is already cleaned) and
    ``task["measure"]`` (a :func:`measure_chunk` task). The cleaned tables go
    to the measures straight from memory; each stage's folder is written as
    by its own function, so the results are the same."""
    if task["clean"] is None:
        return measure_chunk(task["measure"])
    with paused_cyclic_gc():
        tables = clean_tables(task["clean"])
        write_chunk_tables(Path(task["clean"]["out"]), tables)
        segments = tables["segments"].reset_index(drop=True)
        return write_measures(task["measure"], measure_tables(task["measure"], segments, tables["articles"]))
