"""Validation of a study's measures against its gold file, read and written here.

The tables scored are those of the run the study belongs to (its processed
folder, also for a run with ``--output``); nothing is recomputed in memory:
a study that has not been run is an error that says so.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..clean import assemble_texts
from ..core.errors import FramingError
from ..core.storage import read_csv, write_csv
from ..core.study import Study
from ..corpus import load_corpus
from ..measure import study_lexicon
from ..present import text_table
from ..validate import OUTPUT_TABLES, load_gold, uses_raw_offsets, validate_measures
from .tables import read_measures, read_table


def lexicon_entries(study: Study) -> pd.DataFrame:
    """All lexicon entries of the study (``entry``, ``category``), to group validation errors."""
    return study_lexicon(study)[["entry", "category"]].astype(str)


def raw_characters(corpus: pd.DataFrame) -> pd.Series:
    """article_id -> the raw text as a coding tool counts its characters: the decoded
    text with the byte-order mark of a ``utf-8-sig`` file put back as U+FEFF (decoding
    drops it; a tool reading the file as UTF-8 counts it, shifting every offset by one)."""
    bom = corpus["encoding"].astype(str).str.lower().eq("utf-8-sig") if "encoding" in corpus \
        else pd.Series(False, index=corpus.index)
    text = corpus["text"].astype(str)
    return pd.Series(["\ufeff" + t if b else t for t, b in zip(text, bom)],
                     index=corpus["article_id"].astype(str).tolist(), dtype=object)


def run_validation(study: Study, offsets: str = "clean") -> dict[str, Any]:
    """Score the study's measures against its gold file (``study.gold``, categories
    mapped by ``study.gold_map`` when that file exists) and write the result CSVs
    (:data:`OUTPUT_TABLES`) to ``study.validation``. Returns the tables by name
    and ``written`` (the table names, in order)."""
    if not study.gold.is_file():
        raise FramingError("gold file not found", path=study.gold,
                           fix="give the path of a gold span CSV (see data/README.md, gold/)")
    if not (study.processed / "segments.csv").exists() and not (study.processed / "_stages.json").exists():
        raise FramingError("the study has no processed tables", path=study.processed,
                           fix=f"run it first: framing run {study.name}"
                               + ("" if study.committed else f" --output {study.relative(study.notebooks)}"))
    segments = read_table(study, "segments")
    audit = read_table(study, "audit")
    texts = assemble_texts(segments)
    raw_texts = (raw_characters(load_corpus(study.corpus_dir))
                 if uses_raw_offsets(read_csv(study.gold, dtype=str), offsets) else None)
    gold = load_gold(study.gold, texts=texts, offsets=offsets,
                     mapping=study.gold_map if study.gold_map.exists() else None,
                     segments=segments, audit=audit, raw_texts=raw_texts)
    result: dict[str, Any] = validate_measures(gold, read_measures(study), texts, lexicon_entries(study))
    for name in OUTPUT_TABLES:
        write_csv(result[name], study.validation / f"{name}.csv")
    # shown in notebook 04 with left/match/right aligned on the keyword
    result["errors"] = text_table(result["errors"])
    result["written"] = list(OUTPUT_TABLES)
    return result


def format_scores(scores: pd.DataFrame) -> str:
    """The score table as fixed-width text for the terminal."""
    shown = scores[["category", "level", "n_gold", "n_predicted", "tp", "fp", "fn",
                    "precision", "recall", "f1", "label_accuracy"]].copy()
    for col in ("precision", "recall", "f1", "label_accuracy"):
        shown[col] = shown[col].map(lambda v: "" if pd.isna(v) else f"{v:.2f}")
    return shown.to_string(index=False)
