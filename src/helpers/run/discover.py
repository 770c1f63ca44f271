"""``framing discover`` and ``framing lexicon accept``: the files of discovery.

Discovery reads the study's cleaned articles (running the cleaning stage,
cached, if needed) and writes candidate tables into the study's own folder
(``Study.candidates``); it never writes into the shared ``data/lexicons``.
Accepting merges the rows a reviewer marked into the study's lexicons
(``Study.study_lexicons``), never adding a row without its mark.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..clean import assemble_texts
from ..core.errors import FramingError
from ..core.storage import formula_safe, formula_unsafe, read_csv, write_csv
from ..core.study import Study
from ..corpus import load_manifest
from ..discover import Candidates, discover_candidates, load_name_cues, load_stop_words, load_vader_lexicon
from ..measure.lexicon import REQUIRED_COLUMNS
from .stages import clean_stage
from .studies import merge_into_lexicon
from .view import group_labels
from .tasks import iter_tasks

NAME_CUES = Path("data") / "discover" / "name_cues.csv"  # relative to the project root (for bench/)
CANDIDATE_FILES = {"actors": "actors.csv", "terms": "loaded_terms.csv"}
# candidate file -> the study lexicon its accepted rows go to
LEXICON_FILES = {"actors.csv": "actors.csv", "loaded_terms.csv": "loaded_terms.csv"}
# optional lexicon columns a candidate file may carry into the lexicon (the actor's name)
OPTIONAL_COLUMNS = ("display",)
ACCEPT_MARKS = frozenset({"x", "y", "yes", "1", "true", "accept", "accepted", "ok"})


def reviewed_source(name: str) -> str:
    """The ``source`` of an accepted row."""
    return f"discovered from corpus {name}, reviewed"


def study_texts(study: Study, group: str = "outlet", progress: bool = False) -> tuple[pd.Series, pd.DataFrame]:
    """The study's clean texts (article_id -> text) and its articles table, by the cleaning stage."""
    articles, segments, _ = clean_stage(study, progress=progress)
    if articles.empty:
        raise FramingError("the corpus has no articles", path=study.corpus_dir,
                           fix=f"add articles with `framing add FILES --corpus {study.name}`")
    articles = articles.copy()
    if group not in articles.columns:  # a manifest column (lean, country, ...), read as `framing run` reads it
        articles[group] = articles["article_id"].astype(str).map(group_labels(load_manifest(study.corpus_dir), group))
    articles[group] = articles[group].astype(str)
    return assemble_texts(segments), articles


def pool_runner(processes: int | None = None, progress: bool = False):
    """A runner for :func:`helpers.discover.discover_candidates`: its map tasks in a process
    pool (:func:`helpers.run.tasks.iter_tasks`; one process: here), results in task order as
    they come, so that discovery adds them up without holding them all."""
    def run(func, tasks):
        return iter_tasks(func, tasks, f"discover ({getattr(func, '__name__', 'map')})", processes=processes,
                          progress=progress)
    return run


def discover_study(study: Study, *, group: str = "outlet", min_count: int = 3, top: int = 200,
                   progress: bool = False, processes: int | None = None) -> tuple[Candidates, list[Path]]:
    """Find the candidates of a study and write them to ``study.candidates``
    (``actors.csv``, ``loaded_terms.csv``). Returns the candidates and the files written.

    The texts are read in chunks by a process pool (``processes``; default: up to
    two, as the stages); the files do not depend on how many."""
    texts, articles = study_texts(study, group, progress)
    found = discover_candidates(texts, articles, load_name_cues(study.discover_data / "name_cues.csv"),
                                load_vader_lexicon(), study.name, group=group, min_count=min_count, top=top,
                                stop=load_stop_words(study.discover_data / "stop_words.csv"),
                                run=pool_runner(processes, progress))
    written = []
    for attr, fname in CANDIDATE_FILES.items():
        path = study.candidates / fname
        write_csv(formula_safe(getattr(found, attr)), path)  # a reviewer opens it in a spreadsheet
        written.append(path)
    return found, written


def accepted_rows(path: Path, name: str) -> pd.DataFrame:
    """The rows of a candidate CSV marked in its ``accept`` column, as lexicon rows."""
    df = read_csv(path, dtype=str)
    missing = [c for c in ("accept", *REQUIRED_COLUMNS) if c not in df.columns]
    if missing:
        raise FramingError(f"missing column(s) {', '.join(missing)}", path=path,
                           fix="rerun `framing discover` and mark rows in its accept column")
    marks = df["accept"].str.strip().str.lower()
    unknown = sorted(set(marks[(marks != "") & ~marks.isin(ACCEPT_MARKS) & ~marks.isin({"n", "no", "0", "false"})]))
    if unknown:
        row = int(marks.isin(unknown).to_numpy().nonzero()[0][0]) + 1
        raise FramingError(f"accept is {unknown[0]!r}", path=path, row=row,
                           fix="write x (or yes) to accept a row, leave it empty (or no) to skip it")
    keep = list(REQUIRED_COLUMNS) + [c for c in OPTIONAL_COLUMNS if c in df.columns]
    out = df[marks.isin(ACCEPT_MARKS)].loc[:, keep].copy()
    for col in out.columns:  # the lexicon gets the cells as found, without the spreadsheet guard
        out[col] = out[col].map(formula_unsafe)
    out["source"] = reviewed_source(name)
    return out.reset_index(drop=True)


def accept_candidates(study: Study) -> dict[str, int]:
    """Merge the marked candidate rows into the study's lexicons; returns rows added per lexicon file."""
    files = [study.candidates / f for f in LEXICON_FILES if (study.candidates / f).exists()]
    if not files:
        raise FramingError("no candidate files", path=study.candidates,
                           fix=f"run `framing discover {study.name}` and mark rows in the accept column")
    added = {}
    for path in files:
        rows = accepted_rows(path, study.name)
        added[LEXICON_FILES[path.name]] = merge_into_lexicon(study.study_lexicons / LEXICON_FILES[path.name], rows)
    return added
