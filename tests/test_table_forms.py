"""Long tables are CSV for small corpora and Parquet folders for large ones;
``pipeline.read_table`` reads either, and switching forms leaves no stale copy."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from helpers.corpus import add_articles
from helpers.run import notebooks
from helpers.run import pipeline
from helpers.core.errors import FramingError
from helpers.core.paths import study_paths

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "new_articles"
CORPUS = "new-articles"
LONG = ["segments", "audit", "sentences", "quotes", "attributions", "hits", "features", "naming"]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("proj")
    for name in ("lexicons", "rules", "attribution"):
        shutil.copytree(ROOT / "data" / name, root / "data" / name)
    files = sorted(FIXTURES.glob("*.txt")) + sorted(FIXTURES.glob("*.html"))
    add_articles(files, CORPUS, manifest=FIXTURES / "manifest.csv", root=root)
    return root


def test_auto_mode_switches_at_the_documented_size():
    assert pipeline.wants_csv("hits", pipeline.CSV_MAX_ARTICLES)
    assert not pipeline.wants_csv("hits", pipeline.CSV_MAX_ARTICLES + 1)
    # one row per article: always CSV
    assert pipeline.wants_csv("article_features", 10**6)
    assert pipeline.wants_csv("hits", 10**6, "always") and not pipeline.wants_csv("hits", 1, "never")
    with pytest.raises(FramingError, match="CSV mode"):
        pipeline.wants_csv("hits", 1, "sometimes")


def test_parquet_form_holds_the_same_rows_as_the_csv_form(project, tmp_path):
    as_csv = study_paths(CORPUS, tmp_path / "csv", project)
    as_pq = study_paths(CORPUS, tmp_path / "pq", project)
    pipeline.run_study(as_csv, processes=1)
    pipeline.run_study(as_pq, processes=1, csv="never")
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
    paths = study_paths(CORPUS, tmp_path / "r", project)
    pipeline.run_study(paths, processes=1, csv="never")
    from_chunks = pipeline.read_table(paths, "hits")
    shutil.rmtree(paths.processed / pipeline.CHUNKS_DIR)  # as in a copy without the cache
    from_folder = pipeline.read_table(paths, "hits")
    pd.testing.assert_frame_equal(from_folder, from_chunks)
    sliced = pipeline.read_table(paths, "hits", columns=["article_id", "category"],
                                 filters=[("category", "==", "hedges")])
    assert list(sliced.columns) == ["article_id", "category"] and set(sliced["category"]) == {"hedges"}
    assert len(sliced) == int((from_chunks["category"] == "hedges").sum())


def test_switching_forms_removes_the_other_one_and_a_rerun_rewrites_nothing(project, tmp_path):
    paths = study_paths(CORPUS, tmp_path / "s", project)
    pipeline.run_study(paths, processes=1, csv="never")
    # the mode sticks for callers that do not say (the notebooks)
    again = pipeline.run_study(paths, processes=1)
    assert all(r.skipped for r in again)
    assert (paths.processed / "hits").is_dir()
    reports = pipeline.run_study(paths, processes=1, csv="always")
    assert (paths.processed / "hits.csv").is_file() and not (paths.processed / "hits").exists()
    assert any("hits.csv" in r.written for r in reports)
    hits = pipeline.read_table(paths, "hits")
    shutil.rmtree(paths.processed / pipeline.CHUNKS_DIR)
    assert len(pipeline.read_table(paths, "hits")) == len(hits)


def test_check_outputs_accepts_a_parquet_folder_for_a_declared_csv(project, tmp_path):
    paths = study_paths(CORPUS, tmp_path / "o", project)
    pipeline.run_study(paths, processes=1, csv="never")
    found = notebooks.check_outputs(paths, {"processed": ["hits.csv", "articles.csv"]})
    assert found == [paths.processed / "hits", paths.processed / "articles.csv"]
    with pytest.raises(FramingError, match="declared output"):
        notebooks.check_outputs(paths, {"processed": ["nothing.csv"]})


def test_read_table_names_the_missing_table(tmp_path):
    paths = study_paths(CORPUS, tmp_path / "none", tmp_path)
    with pytest.raises(FramingError, match="table hits not found"):
        pipeline.read_table(paths, "hits")
