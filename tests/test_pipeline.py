"""Chunked, cached stages: same tables as one pass, nothing rewritten on a rerun,
one changed article recomputes only its chunk."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pandas as pd
import pytest

from helpers.corpus import MANIFEST_COLUMNS, add_articles
from helpers.run import pipeline
from helpers.core.errors import FramingError
from helpers.core.paths import DEFAULT_CORPUS, study_paths
from helpers.core.storage import read_csv, write_csv

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "new_articles"
CORPUS = "new-articles"


def _project(tmp: Path) -> Path:
    """A project root with the study's data files and the seed corpus."""
    for name in ("lexicons", "rules", "attribution"):
        shutil.copytree(ROOT / "data" / name, tmp / "data" / name)
    shutil.copytree(ROOT / "data" / "corpora" / DEFAULT_CORPUS, tmp / "data" / "corpora" / DEFAULT_CORPUS)
    return tmp


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = _project(tmp_path_factory.mktemp("proj"))
    files = sorted(FIXTURES.glob("*.txt")) + sorted(FIXTURES.glob("*.html"))
    add_articles(files, CORPUS, manifest=FIXTURES / "manifest.csv", root=root)
    return root


def _snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file()}


# ----------------------------------------------------------------------------- chunking

def test_chunk_bounds_cover_every_id_once_and_respect_the_cap():
    ids = [f"a{i:05d}" for i in range(5000)]
    bounds = pipeline.chunk_bounds(ids, 50)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(ids)
    assert all(a < b for a, b in bounds)
    assert all(b1 == a2 for (_, b1), (a2, _) in zip(bounds, bounds[1:]))
    assert max(b - a for a, b in bounds) <= 16 * 50
    assert 40 <= len(bounds) <= 200  # expected ~100 chunks of ~50


def test_inserting_an_id_changes_only_the_chunk_that_receives_it():
    ids = [f"a{i:05d}" for i in range(0, 4000, 2)]
    before = pipeline.chunk_bounds(ids, 20)
    new = sorted(ids + ["a00999"])
    after = pipeline.chunk_bounds(new, 20)
    groups_before = {tuple(ids[a:b]) for a, b in before}
    groups_after = {tuple(new[a:b]) for a, b in after}
    changed = groups_after - groups_before
    # the new id lands in one chunk, or splits it in two if it is itself a boundary
    assert 1 <= len(changed) <= 2
    assert len(groups_before - groups_after) == 1
    (old_group,) = groups_before - groups_after
    assert sorted(x for g in changed for x in g) == sorted(old_group + ("a00999",))


def test_chunk_size_must_be_positive():
    with pytest.raises(FramingError, match="chunk size"):
        pipeline.chunk_bounds(["a"], 0)


# ----------------------------------------------------------------------------- equivalence

def test_chunked_tables_equal_one_pass_byte_for_byte(project, tmp_path):
    one = study_paths(CORPUS, tmp_path / "one", project)
    many = study_paths(CORPUS, tmp_path / "many", project)
    pipeline.run_study(one, chunk_size=10_000, processes=1)
    pipeline.run_study(many, chunk_size=2, processes=2)
    assert pipeline.read_state(one.processed)["clean"]["chunks"] == 1
    assert pipeline.read_state(many.processed)["clean"]["chunks"] > 3
    names = sorted(p.name for p in one.processed.glob("*.csv"))
    assert "hits.csv" in names and "category_rates.csv" in names
    for name in names:
        assert (one.processed / name).read_bytes() == (many.processed / name).read_bytes(), name


def test_seed_study_tables_unchanged_by_chunking(tmp_path):
    """The committed seed tables are what the chunked stages write (one chunk or one per article)."""
    root = _project(tmp_path / "p")
    committed = ROOT / "data" / "processed" / DEFAULT_CORPUS
    if not (committed / "hits.csv").exists():
        pytest.skip("seed study tables not built yet (make report)")
    for size in (1000, 1):
        paths = study_paths(DEFAULT_CORPUS, tmp_path / f"out{size}", root)
        pipeline.clean_stage(paths, chunk_size=size, processes=1)
        pipeline.measure_stage(paths, processes=1)
        for name in list(pipeline.CLEAN_TABLES.values()) + list(pipeline.MEASURE_TABLES.values()):
            assert (paths.processed / name).read_bytes() == (committed / name).read_bytes(), (size, name)


def test_stage_results_match_the_written_tables(project, tmp_path):
    paths = study_paths(CORPUS, tmp_path / "out", project)
    articles, segments, audit = pipeline.clean_stage(paths, chunk_size=3, processes=1)
    assert list(articles.columns) == pipeline.ARTICLE_COLUMNS
    assert len(articles) == 12 and articles["article_id"].is_monotonic_increasing
    assert set(articles["event"]) == {"gulf-tanker-seizure", "golan-drone"}
    assert len(pipeline.read_articles(paths)) == 12
    assert len(read_csv(paths.processed / "segments.csv")) == len(segments)
    assert len(read_csv(paths.processed / "audit.csv")) == len(audit)
    m = pipeline.measure_stage(paths, processes=1)
    assert len(read_csv(paths.processed / "hits.csv")) == len(m.hits) > 0
    assert m.hits["in_quote"].dtype == bool
    assert set(m.article_features["article_id"]) == set(articles["article_id"])


# ----------------------------------------------------------------------------- caching

def test_rerun_without_change_rewrites_and_recomputes_nothing(project, tmp_path, monkeypatch):
    paths = study_paths(CORPUS, tmp_path / "out", project)
    pipeline.run_study(paths, chunk_size=3, processes=1)
    before = _snapshot(paths.processed)
    calls = []
    for name in ("clean_chunk", "measure_chunk", "clean_and_measure_chunk", "_clean_tables"):
        real = getattr(pipeline, name)
        monkeypatch.setattr(pipeline, name, lambda t, real=real, name=name: calls.append(name) or real(t))
    reports = pipeline.run_study(paths, processes=1)
    pipeline.clean_stage(paths)
    pipeline.measure_stage(paths)
    assert calls == []
    assert all(r.skipped for r in reports)
    assert _snapshot(paths.processed) == before


def _edit_article(root: Path, article_id: str, old: str, new: str) -> None:
    """Correct one article's raw text and its manifest hash (as a re-import would)."""
    base = root / "data" / "corpora" / CORPUS
    manifest = read_csv(base / "manifest.csv", dtype=str)
    row = manifest.index[manifest["article_id"] == article_id][0]
    raw = base / manifest.loc[row, "raw_path"]
    data = raw.read_bytes()
    assert old.encode() in data
    data = data.replace(old.encode(), new.encode())
    raw.write_bytes(data)
    manifest.loc[row, "sha256"] = hashlib.sha256(data).hexdigest()
    write_csv(manifest, base / "manifest.csv")


def test_changing_one_article_recomputes_only_its_chunk(tmp_path, monkeypatch):
    root = _project(tmp_path / "p")
    files = sorted(FIXTURES.glob("*.txt")) + sorted(FIXTURES.glob("*.html"))
    add_articles(files, CORPUS, manifest=FIXTURES / "manifest.csv", root=root)
    paths = study_paths(CORPUS, tmp_path / "out", root)
    first = pipeline.run_study(paths, chunk_size=2, processes=1)
    n_chunks = first[0].chunks
    assert n_chunks >= 4
    hits_before = read_csv(paths.processed / "hits.csv", dtype={"article_id": str})
    calls: list[tuple[str, list[str]]] = []
    real_clean = pipeline._clean_tables  # the cleaning of a chunk, on its own or fused with measures
    monkeypatch.setattr(pipeline, "_clean_tables",
                        lambda t: calls.append(("clean", list(pd.DataFrame(t["rows"])["article_id"]))) or real_clean(t))
    _edit_article(root, "valley-drone-1", "an escalation", "a clear escalation of Iranian aggression")
    reports = pipeline.run_study(paths, processes=1)
    assert [(r.stage, r.computed) for r in reports] == [("clean", 1), ("measure", 1)]
    assert len(calls) == 1 and "valley-drone-1" in calls[0][1]
    hits_after = read_csv(paths.processed / "hits.csv", dtype={"article_id": str})
    other = lambda h: h[h["article_id"] != "valley-drone-1"].reset_index(drop=True)  # noqa: E731
    pd.testing.assert_frame_equal(other(hits_before), other(hits_after))
    assert (hits_after["article_id"] == "valley-drone-1").sum() > (hits_before["article_id"] == "valley-drone-1").sum()
    # stale chunk folders are removed
    assert len(list((paths.processed / pipeline.CHUNKS_DIR / "clean").iterdir())) == n_chunks


def test_editing_a_lexicon_recomputes_measures_not_cleaning(tmp_path):
    root = _project(tmp_path / "p")
    add_articles(sorted(FIXTURES.glob("*.txt")), CORPUS, manifest=FIXTURES / "manifest.csv", root=root)
    paths = study_paths(CORPUS, tmp_path / "out", root)
    pipeline.run_study(paths, chunk_size=3, processes=1)
    lex = root / "data" / "lexicons" / "boosters.csv"
    lex.write_text(lex.read_text(encoding="utf-8") + "plain and simple,boosters,,False,,test\n", encoding="utf-8")
    clean_r, measure_r = pipeline.run_study(paths, processes=1)
    assert clean_r.skipped and measure_r.computed == measure_r.chunks
    hits = read_csv(paths.processed / "hits.csv")
    assert "plain and simple" in set(hits["entry"])


def test_an_edited_raw_file_is_refused_even_when_cached(project, tmp_path):
    root = _project(tmp_path / "p")
    add_articles(sorted(FIXTURES.glob("*.txt"))[:2], CORPUS, manifest=FIXTURES / "manifest.csv",
                         root=root)
    paths = study_paths(CORPUS, tmp_path / "out", root)
    pipeline.run_study(paths, processes=1)
    raw = next((root / "data" / "corpora" / CORPUS / "raw").iterdir())
    raw.write_bytes(raw.read_bytes() + b"\nedited")
    with pytest.raises(FramingError, match="sha256 does not match"):
        pipeline.run_study(paths, processes=1)


# ----------------------------------------------------------------------------- guards

@pytest.mark.parametrize("output", [".", "data/processed/x", "figures", "notebooks", "notebooks/sub", "src"])
def test_output_folder_may_not_touch_the_seed_study(tmp_path, output):
    with pytest.raises(FramingError, match="output folder"):
        pipeline.check_output_dir(output, tmp_path)


def test_output_folder_default_and_elsewhere_are_fine(tmp_path):
    assert pipeline.check_output_dir("reports/x", tmp_path) == (tmp_path / "reports" / "x").resolve()
    assert pipeline.check_output_dir(tmp_path.parent / "elsewhere", tmp_path).name == "elsewhere"


def test_figure_options_only_what_was_given():
    assert pipeline.figure_options(None, None) == {}
    assert pipeline.figure_options("B, A ,", 12) == {"outlet_order": ["B", "A"], "top_n": 12}
    with pytest.raises(FramingError, match="top-n"):
        pipeline.figure_options(None, 0)


def test_unknown_outlet_in_order_is_refused():
    arts = pd.DataFrame({"outlet": ["A", "B"]})
    pipeline.check_outlet_order(["B", "A"], arts)
    with pytest.raises(FramingError, match="unknown outlet"):
        pipeline.check_outlet_order(["A", "C"], arts)


def test_validation_notebook_only_with_gold(tmp_path):
    (tmp_path / "notebooks").mkdir()
    for nb in ("01-corpus.ipynb", "04-validation.ipynb"):
        (tmp_path / "notebooks" / nb).write_text("{}")
    assert [p.name for p in pipeline.study_notebooks("x", tmp_path)] == ["01-corpus.ipynb"]
    (tmp_path / "data" / "gold").mkdir(parents=True)
    (tmp_path / "data" / "gold" / "x.csv").write_text("")
    assert [p.name for p in pipeline.study_notebooks("x", tmp_path)] == ["01-corpus.ipynb", "04-validation.ipynb"]


def test_empty_corpus_is_refused(tmp_path):
    root = _project(tmp_path / "p")
    base = root / "data" / "corpora" / "empty"
    write_csv(pd.DataFrame(columns=MANIFEST_COLUMNS), base / "manifest.csv")
    with pytest.raises(FramingError, match="no articles"):
        pipeline.run_study(study_paths("empty", tmp_path / "out", root), processes=1)


# ----------------------------------------------------------------------------- bench

@pytest.mark.slow
def test_e2e_bench_reports_every_figure():
    from bench.e2e import format_table, run_e2e

    (row,) = run_e2e([60], processes=2, chunk_size=20)
    assert row["articles"] == 60 and row["chunks"] >= 2
    for key in ("import_s", "clean_measure_s", "compare_s", "total_s"):
        assert row[key] > 0, key
    assert row["peak_rss_mb"] > 50 and 0 < row["peak_pss_mb"] <= row["peak_rss_mb"]
    assert row["rerun_skipped"] is True
    table = format_table([row])
    assert table.startswith("| articles |") and "| 60 |" in table


# ----------------------------------------------------------------------------- new outlets

def test_html_of_an_outlet_without_rules_is_extracted_generically(project, tmp_path):
    paths = study_paths(CORPUS, tmp_path / "out", project)
    _, segments, _ = pipeline.clean_stage(paths, processes=1)
    seg = segments[segments["article_id"] == "northern-drone-1"]
    assert seg.iloc[0]["segment"] == "headline"
    assert seg.iloc[0]["text"] == "Drone brought down over Golan, Israel blames militias"
    text = "\n".join(seg["text"])
    assert "intercepted a drone over the occupied Golan Heights" in text
    for furniture in ("All rights reserved", "Most read", "Subscribe", "Markets slide"):
        assert furniture not in text


def test_txt_headline_under_a_masthead_and_nav_line_is_kept(project, tmp_path):
    paths = study_paths(CORPUS, tmp_path / "out", project)
    _, segments, _ = pipeline.clean_stage(paths, processes=1)
    heads = segments[segments["segment"] == "headline"].set_index("article_id")["text"]
    assert heads["harbor-drone-1"] == "Israel says it downed drone launched toward Golan Heights"
