"""Long tables are CSV for small corpora and Parquet folders for large ones;
``helpers.run.tables.read_table`` reads either, and switching forms leaves no stale copy."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from conftest import NEW_ARTICLES as FIXTURES
from conftest import copy_project
from helpers.core.errors import FramingError
from helpers.core.study import Study
from helpers.corpus import add_articles
from helpers.run import chunks, notebooks, publish, stages, tables

CORPUS = "new-articles"
LONG = ["segments", "audit", "sentences", "quotes", "attributions", "hits", "features", "naming"]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("proj"))
    files = sorted(FIXTURES.glob("*.txt")) + sorted(FIXTURES.glob("*.html"))
    add_articles(files, Study.open(CORPUS, root=root).corpus_dir, manifest=FIXTURES / "manifest.csv")
    return root


def test_auto_mode_switches_at_the_documented_size():
    assert publish.wants_csv("hits", publish.CSV_MAX_ARTICLES)
    assert not publish.wants_csv("hits", publish.CSV_MAX_ARTICLES + 1)
    # one row per article: always CSV
    assert publish.wants_csv("article_features", 10**6)
    assert publish.wants_csv("hits", 10**6, "always") and not publish.wants_csv("hits", 1, "never")
    with pytest.raises(FramingError, match="CSV mode"):
        publish.wants_csv("hits", 1, "sometimes")


def test_parquet_form_holds_the_same_rows_as_the_csv_form(project, tmp_path):
    as_csv = Study.open(CORPUS, tmp_path / "csv", root=project)
    as_pq = Study.open(CORPUS, tmp_path / "pq", root=project)
    stages.run_study(as_csv, processes=1)
    stages.run_study(as_pq.with_options(csv="never"), processes=1)
    for name in LONG:
        fname = f"{name}.csv"
        assert (as_csv.processed / fname).is_file() and not (as_csv.processed / name).exists()
        assert (as_pq.processed / name).is_dir() and not (as_pq.processed / fname).exists()
        parts = sorted((as_pq.processed / name).glob("part-*.parquet"))
        assert parts, name
        from_folder = pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)
        from_csv = pd.read_csv(as_csv.processed / fname, keep_default_na=False, dtype=str)
        assert len(from_folder) == len(from_csv), name
        assert list(from_folder.columns) == list(from_csv.columns), name
    for name in ("articles", "article_features", "category_rates"):
        assert (as_pq.processed / f"{name}.csv").read_bytes() == (as_csv.processed / f"{name}.csv").read_bytes()


def test_read_table_is_the_same_from_chunks_folder_and_csv(project, tmp_path):
    paths = Study.open(CORPUS, tmp_path / "r", root=project)
    stages.run_study(paths.with_options(csv="never"), processes=1)
    from_chunks = tables.read_table(paths, "hits")
    shutil.rmtree(paths.processed / chunks.CHUNKS_DIR)  # as in a copy without the cache
    from_folder = tables.read_table(paths, "hits")
    pd.testing.assert_frame_equal(from_folder, from_chunks)
    sliced = tables.read_table(paths, "hits", columns=["article_id", "category"],
                                 filters=[("category", "==", "hedges")])
    assert list(sliced.columns) == ["article_id", "category"] and set(sliced["category"]) == {"hedges"}
    assert len(sliced) == int((from_chunks["category"] == "hedges").sum())


def test_switching_forms_removes_the_other_one_and_a_rerun_rewrites_nothing(project, tmp_path):
    paths = Study.open(CORPUS, tmp_path / "s", root=project)
    stages.run_study(paths.with_options(csv="never"), processes=1)
    # the mode sticks for callers that do not say (the notebooks)
    again = stages.run_study(paths, processes=1)
    assert all(r.skipped for r in again)
    assert (paths.processed / "hits").is_dir()
    reports = stages.run_study(paths.with_options(csv="always"), processes=1)
    assert (paths.processed / "hits.csv").is_file() and not (paths.processed / "hits").exists()
    assert any("hits.csv" in r.written for r in reports)
    hits = tables.read_table(paths, "hits")
    shutil.rmtree(paths.processed / chunks.CHUNKS_DIR)
    assert len(tables.read_table(paths, "hits")) == len(hits)


def test_check_outputs_accepts_a_parquet_folder_for_a_declared_csv(project, tmp_path):
    paths = Study.open(CORPUS, tmp_path / "o", root=project)
    stages.run_study(paths.with_options(csv="never"), processes=1)
    found = notebooks.check_outputs(paths, {"processed": ["hits.csv", "articles.csv"]})
    assert found == [paths.processed / "hits", paths.processed / "articles.csv"]
    with pytest.raises(FramingError, match="declared output"):
        notebooks.check_outputs(paths, {"processed": ["nothing.csv"]})


def test_read_table_names_the_missing_table(tmp_path):
    paths = Study.open(CORPUS, tmp_path / "none", root=tmp_path)
    with pytest.raises(FramingError, match="table hits not found"):
        tables.read_table(paths, "hits")


def test_every_table_reads_back_from_csv_with_the_types_of_the_stage(project, tmp_path):
    """The one table reader: a table published as CSV (all a fresh clone has) reads back
    equal to the stage's own Parquet chunks, typed (nullable offsets, flags, '' kept)."""
    study = Study.open(CORPUS, tmp_path / "typed", root=project)
    stages.run_study(study, processes=1)
    names = list(tables.CLEAN_TABLES) + list(tables.MEASURE_TABLES)
    from_chunks = {name: tables.read_table(study, name) for name in names}
    shutil.rmtree(study.processed / chunks.CHUNKS_DIR)
    (study.processed / chunks.STAGES_FILE).unlink()
    for name in names:
        from_csv = tables.read_table(study, name)
        a, b = from_chunks[name], from_csv
        assert list(a.columns) == list(b.columns), name
        for col in a.columns:
            left, right = a[col], b[col]
            if left.dtype == object or right.dtype == object:  # text: '' kept, never NaN
                assert left.astype(str).tolist() == right.astype(str).tolist(), (name, col)
            else:
                pd.testing.assert_series_equal(left, right, check_dtype=False, obj=f"{name}.{col}")
    hits = tables.read_table(study, "hits")
    assert hits["in_quote"].dtype == bool and str(hits["quote_index"].dtype) == "Int64"
    audit = tables.read_table(study, "audit")
    assert str(audit["segment_index"].dtype) == "Int64" and (audit["reason"] != "").all()
    measures = tables.read_measures(study)
    assert len(measures.hits) == len(hits) and measures.quotes["speaker_start"].dtype.name == "Int64"
