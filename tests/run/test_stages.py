"""Chunked, cached stages: same tables as one pass, nothing rewritten on a rerun,
one changed article recomputes only its chunk."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest

from conftest import NEW_ARTICLES, ROOT, copy_project, install_fixture_study
from helpers.core.errors import FramingError
from helpers.core.storage import read_csv, write_csv
from helpers.core.study import SEED_STUDY, Study
from helpers.corpus import MANIFEST_COLUMNS, add_articles
from helpers.run import chunks, stages, tables, work
from helpers.run.notebooks import study_notebooks

CORPUS = "new-articles"


def _project(tmp: Path) -> Path:
    """A project root with the study's data files (the fixture articles' own study folder
    included) and the seed corpus."""
    root = copy_project(tmp, "lexicons", "rules", "attribution", "seed_corpus")
    install_fixture_study(root, CORPUS)
    return root


def _add(root: Path, files) -> Study:
    study = Study.open(CORPUS, root=root)
    add_articles(files, study.corpus_dir, manifest=NEW_ARTICLES / "manifest.csv")
    return study


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = _project(tmp_path_factory.mktemp("proj"))
    _add(root, sorted(NEW_ARTICLES.glob("*.txt")) + sorted(NEW_ARTICLES.glob("*.html")))
    return root


def _snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file()}


# ----------------------------------------------------------------------------- chunking

def test_chunk_bounds_cover_every_id_once_and_respect_the_cap():
    ids = [f"a{i:05d}" for i in range(5000)]
    bounds = chunks.chunk_bounds(ids, 50)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(ids)
    assert all(a < b for a, b in bounds)
    assert all(b1 == a2 for (_, b1), (a2, _) in zip(bounds, bounds[1:]))
    assert max(b - a for a, b in bounds) <= 16 * 50
    assert 40 <= len(bounds) <= 200  # expected ~100 chunks of ~50


def test_inserting_an_id_changes_only_the_chunk_that_receives_it():
    ids = [f"a{i:05d}" for i in range(0, 4000, 2)]
    before = chunks.chunk_bounds(ids, 20)
    new = sorted(ids + ["a00999"])
    after = chunks.chunk_bounds(new, 20)
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
        chunks.chunk_bounds(["a"], 0)


# ----------------------------------------------------------------------------- equivalence

def test_chunked_tables_equal_one_pass_byte_for_byte(project, tmp_path):
    one = Study.open(CORPUS, tmp_path / "one", root=project)
    many = Study.open(CORPUS, tmp_path / "many", root=project)
    stages.run_study(one, size=10_000, processes=1)
    stages.run_study(many, size=2, processes=2)
    assert chunks.read_state(one.processed)["clean"]["chunks"] == 1
    assert chunks.read_state(many.processed)["clean"]["chunks"] > 3
    names = sorted(p.name for p in one.processed.glob("*.csv"))
    assert "hits.csv" in names and "category_rates.csv" in names
    for name in names:
        assert (one.processed / name).read_bytes() == (many.processed / name).read_bytes(), name


def test_seed_study_tables_unchanged_by_chunking(tmp_path):
    """The committed seed tables are what the chunked stages write (one chunk or one per article)."""
    root = _project(tmp_path / "p")
    committed = ROOT / "data" / "processed" / SEED_STUDY  # committed: missing tables fail, never skip
    for size in (1000, 1):
        paths = Study.open(SEED_STUDY, tmp_path / f"out{size}", root=root)
        stages.clean_stage(paths, size=size, processes=1)
        stages.measure_stage(paths, processes=1)
        for name in list(tables.CLEAN_TABLES.values()) + list(tables.MEASURE_TABLES.values()):
            assert (paths.processed / name).read_bytes() == (committed / name).read_bytes(), (size, name)


def test_stage_results_match_the_written_tables(project, tmp_path):
    paths = Study.open(CORPUS, tmp_path / "out", root=project)
    articles, segments, audit = stages.clean_stage(paths, size=3, processes=1)
    assert list(articles.columns) == work.ARTICLE_COLUMNS
    assert len(articles) == 12 and articles["article_id"].is_monotonic_increasing
    assert set(articles["event"]) == {"gulf-tanker-seizure", "golan-drone"}
    assert len(tables.read_articles(paths)) == 12
    assert len(read_csv(paths.processed / "segments.csv")) == len(segments)
    assert len(read_csv(paths.processed / "audit.csv")) == len(audit)
    m = stages.measure_stage(paths, processes=1)
    assert len(read_csv(paths.processed / "hits.csv")) == len(m.hits) > 0
    assert m.hits["in_quote"].dtype == bool
    assert set(m.article_features["article_id"]) == set(articles["article_id"])


# ----------------------------------------------------------------------------- caching

def test_rerun_without_change_rewrites_and_recomputes_nothing(project, tmp_path, monkeypatch):
    paths = Study.open(CORPUS, tmp_path / "out", root=project)
    stages.run_study(paths, size=3, processes=1)
    before = _snapshot(paths.processed)
    calls = []
    for module, name in ((stages, "clean_chunk"), (stages, "measure_chunk"),
                         (stages, "clean_and_measure_chunk"), (work, "clean_tables")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda t, real=real, name=name: calls.append(name) or real(t))
    reports = stages.run_study(paths, processes=1)
    stages.clean_stage(paths)
    stages.measure_stage(paths)
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
    files = sorted(NEW_ARTICLES.glob("*.txt")) + sorted(NEW_ARTICLES.glob("*.html"))
    _add(root, files)
    paths = Study.open(CORPUS, tmp_path / "out", root=root)
    first = stages.run_study(paths, size=2, processes=1)
    n_chunks = first[0].chunks
    assert n_chunks >= 4
    hits_before = read_csv(paths.processed / "hits.csv", dtype={"article_id": str})
    calls: list[tuple[str, list[str]]] = []
    real_clean = work.clean_tables  # the cleaning of a chunk, on its own or fused with measures
    monkeypatch.setattr(work, "clean_tables",
                        lambda t: calls.append(("clean", list(pd.DataFrame(t["rows"])["article_id"]))) or real_clean(t))
    _edit_article(root, "valley-drone-1", "an escalation", "a clear escalation of Iranian aggression")
    reports = stages.run_study(paths, processes=1)
    assert [(r.stage, r.computed) for r in reports] == [("clean", 1), ("measure", 1)]
    assert len(calls) == 1 and "valley-drone-1" in calls[0][1]
    hits_after = read_csv(paths.processed / "hits.csv", dtype={"article_id": str})
    other = lambda h: h[h["article_id"] != "valley-drone-1"].reset_index(drop=True)  # noqa: E731
    pd.testing.assert_frame_equal(other(hits_before), other(hits_after))
    assert (hits_after["article_id"] == "valley-drone-1").sum() > (hits_before["article_id"] == "valley-drone-1").sum()
    # stale chunk folders are removed
    assert len(list((paths.processed / chunks.CHUNKS_DIR / "clean").iterdir())) == n_chunks


def test_editing_a_lexicon_recomputes_measures_not_cleaning(tmp_path):
    root = _project(tmp_path / "p")
    _add(root, sorted(NEW_ARTICLES.glob("*.txt")))
    paths = Study.open(CORPUS, tmp_path / "out", root=root)
    stages.run_study(paths, size=3, processes=1)
    lex = root / "data" / "lexicons" / "boosters.csv"
    lex.write_text(lex.read_text(encoding="utf-8") + "plain and simple,boosters,,False,,test\n", encoding="utf-8")
    clean_r, measure_r = stages.run_study(paths, processes=1)
    assert clean_r.skipped and measure_r.computed == measure_r.chunks
    hits = read_csv(paths.processed / "hits.csv")
    assert "plain and simple" in set(hits["entry"])


def test_code_fingerprint_follows_the_source_files_not_the_bytecode(tmp_path):
    pkg = tmp_path / "pkg"
    (pkg / "clean" / "__pycache__").mkdir(parents=True)
    (pkg / "measure").mkdir()
    (pkg / "clean" / "rules.py").write_text("A = 1\n")
    (pkg / "measure" / "hits.py").write_text("B = 1\n")
    before = chunks.code_fingerprint("clean", package=pkg)
    (pkg / "clean" / "__pycache__" / "rules.cpython-311.pyc").write_bytes(b"\0")
    (pkg / "measure" / "hits.py").write_text("B = 2\n")  # another stage's code
    assert chunks.code_fingerprint("clean", package=pkg) == before
    chunks.code_fingerprint.cache_clear()
    (pkg / "clean" / "rules.py").write_text("A = 2\n")
    assert chunks.code_fingerprint("clean", package=pkg) != before


def test_edited_measure_code_recomputes_measures_not_cleaning(tmp_path, monkeypatch):
    # an editable install keeps its version when its code is edited in place
    root = _project(tmp_path / "p")
    _add(root, sorted(NEW_ARTICLES.glob("*.txt")))
    paths = Study.open(CORPUS, tmp_path / "out", root=root)
    stages.run_study(paths, size=3, processes=1)
    real = chunks.code_fingerprint
    monkeypatch.setattr(chunks, "code_fingerprint",
                        lambda *names: real(*names) + ("edited" if "measure" in names else ""))
    clean_r, measure_r = stages.run_study(paths, processes=1)
    assert clean_r.skipped and measure_r.computed == measure_r.chunks


def test_an_edited_raw_file_is_refused_even_when_cached(project, tmp_path):
    root = _project(tmp_path / "p")
    _add(root, sorted(NEW_ARTICLES.glob("*.txt"))[:2])
    paths = Study.open(CORPUS, tmp_path / "out", root=root)
    stages.run_study(paths, processes=1)
    raw = next((root / "data" / "corpora" / CORPUS / "raw").iterdir())
    raw.write_bytes(raw.read_bytes() + b"\nedited")
    with pytest.raises(FramingError, match="sha256 does not match"):
        stages.run_study(paths, processes=1)


# ----------------------------------------------------------------------------- guards

def test_validation_notebook_only_with_gold(tmp_path):
    (tmp_path / "notebooks").mkdir()
    for nb in ("01-corpus.ipynb", "04-validation.ipynb"):
        (tmp_path / "notebooks" / nb).write_text("{}")
    assert [p.name for p in study_notebooks(Study.open("x", root=tmp_path))] == ["01-corpus.ipynb"]
    (tmp_path / "data" / "gold").mkdir(parents=True)
    (tmp_path / "data" / "gold" / "x.csv").write_text("")
    assert [p.name for p in study_notebooks(Study.open("x", root=tmp_path))] == ["01-corpus.ipynb",
                                                                                 "04-validation.ipynb"]


def test_empty_corpus_is_refused(tmp_path):
    root = _project(tmp_path / "p")
    base = root / "data" / "corpora" / "empty"
    write_csv(pd.DataFrame(columns=MANIFEST_COLUMNS), base / "manifest.csv")
    with pytest.raises(FramingError, match="no articles"):
        stages.run_study(Study.open("empty", tmp_path / "out", root=root), processes=1)


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
    paths = Study.open(CORPUS, tmp_path / "out", root=project)
    _, segments, _ = stages.clean_stage(paths, processes=1)
    seg = segments[segments["article_id"] == "northern-drone-1"]
    assert seg.iloc[0]["segment"] == "headline"
    assert seg.iloc[0]["text"] == "Drone brought down over Golan, Israel blames militias"
    text = "\n".join(seg["text"])
    assert "intercepted a drone over the occupied Golan Heights" in text
    for furniture in ("All rights reserved", "Most read", "Subscribe", "Markets slide"):
        assert furniture not in text


def test_txt_headline_under_a_masthead_and_nav_line_is_kept(project, tmp_path):
    paths = Study.open(CORPUS, tmp_path / "out", root=project)
    _, segments, _ = stages.clean_stage(paths, processes=1)
    heads = segments[segments["segment"] == "headline"].set_index("article_id")["text"]
    assert heads["harbor-drone-1"] == "Israel says it downed drone launched toward Golan Heights"


def test_a_study_measures_with_its_own_lexicon_set(project, tmp_path):
    """The lexicon folder is a setting of the study: the shared data/lexicons/ is neither read
    for the study's measures nor changed."""
    import shutil

    own = tmp_path / "own-lexicons"
    shutil.copytree(project / "data" / "lexicons", own)
    lex = own / "boosters.csv"
    lex.write_text(lex.read_text(encoding="utf-8") + "plain and simple,boosters,,False,,test\n", encoding="utf-8")
    shared = {p.name: p.read_bytes() for p in (project / "data" / "lexicons").iterdir()}
    study = Study.open(CORPUS, tmp_path / "out", root=project, lexicons=own)
    stages.run_study(study, processes=1)
    assert "plain and simple" in set(tables.read_table(study, "hits")["entry"])
    default = Study.open(CORPUS, tmp_path / "default", root=project)
    stages.run_study(default, processes=1)
    assert "plain and simple" not in set(tables.read_table(default, "hits")["entry"])
    assert {p.name: p.read_bytes() for p in (project / "data" / "lexicons").iterdir()} == shared
