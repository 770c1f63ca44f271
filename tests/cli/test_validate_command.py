"""``framing validate``: scores the tables of the run it belongs to (the committed
study, or a run's ``--output`` folder), writes them beside those tables, and
reports bad gold files in one line."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import ROOT, copy_project
from helpers.cli import main
from helpers.core.storage import read_csv, write_csv
from helpers.core.study import SEED_STUDY, Study

OUTPUTS = ("scores", "correlation", "errors", "error_summary", "gold", "predicted")


def _seed_root(tmp_path: Path) -> Path:
    """A copy of the seed study's inputs and committed processed tables."""
    return copy_project(tmp_path / "project", "seed_corpus", "seed_processed", "lexicons", "rules",
                        "attribution", "gold")


def test_validate_reproduces_the_committed_validation_tables(tmp_path, capsys):
    root = _seed_root(tmp_path)
    study = Study.open(SEED_STUDY, root=root)
    shutil.rmtree(study.validation)
    assert main(["validate", "--root", str(root)]) == 0  # default: the committed study and its gold file
    printed = capsys.readouterr().out
    assert "reporting_verbs" in printed and "precision" in printed
    assert f"to data/processed/{SEED_STUDY}/validation" in printed
    committed = Study.open(SEED_STUDY, root=ROOT).validation
    for name in OUTPUTS:
        assert (study.validation / f"{name}.csv").read_bytes() == (committed / f"{name}.csv").read_bytes(), name
    # a rerun with the same inputs rewrites nothing
    before = {p.name: p.stat().st_mtime_ns for p in study.validation.iterdir()}
    assert main(["validate", SEED_STUDY, "--gold", f"data/gold/{SEED_STUDY}.csv", "--root", str(root)]) == 0
    assert {p.name: p.stat().st_mtime_ns for p in study.validation.iterdir()} == before


def test_validate_reads_the_tables_of_the_run_named_by_output(tmp_path):
    root = _seed_root(tmp_path)
    seed = Study.open(SEED_STUDY, root=root)
    run = Study.open(SEED_STUDY, tmp_path / "my-run", root=root)
    shutil.copytree(seed.processed, run.processed, ignore=shutil.ignore_patterns("validation", "_*"))
    hits = read_csv(run.processed / "hits.csv")
    write_csv(hits[hits["category"] != "hedges"], run.processed / "hits.csv")  # this run found no hedges
    assert main(["validate", SEED_STUDY, "--output", str(tmp_path / "my-run"), "--root", str(root)]) == 0
    scores = read_csv(run.validation / "scores.csv").set_index(["category", "level"])
    committed = read_csv(seed.validation / "scores.csv").set_index(["category", "level"])
    assert scores.loc[("hedges", "overlap"), "n_predicted"] == 0
    assert committed.loc[("hedges", "overlap"), "n_predicted"] > 0
    assert not (seed.validation / "x").exists() and read_csv(seed.validation / "scores.csv").equals(
        read_csv(Study.open(SEED_STUDY, root=ROOT).validation / "scores.csv"))  # the committed study untouched


def test_validate_without_tables_says_to_run_the_study_first(tmp_path, capsys):
    root = copy_project(tmp_path / "project", "seed_corpus", "lexicons", "rules", "attribution", "gold")
    assert main(["validate", SEED_STUDY, "--output", "reports/none", "--root", str(root)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "no processed tables" in err
    assert f"framing run {SEED_STUDY} --output reports/none" in err


def test_validate_error_is_one_line_exit_2(tmp_path, capsys):
    root = _seed_root(tmp_path)
    bad = tmp_path / "bad.csv"
    bad.write_text("article_id,start,end,category\n000_efd457a551fe66f5,0,6,Source\nnope,0,3,Cue\n",
                   encoding="utf-8")
    assert main(["validate", SEED_STUDY, "--gold", str(bad), "--root", str(root)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert err.startswith("framing validate: error: ") and "row 2: unknown article_id 'nope'" in err
    assert main(["validate", SEED_STUDY, "--map", str(tmp_path / "none.csv"), "--root", str(root)]) == 2
    assert "mapping file not found" in capsys.readouterr().err


def test_validate_names_a_missing_gold_file(tmp_path, capsys):
    root = _seed_root(tmp_path)
    assert main(["validate", "--gold", str(tmp_path / "nope.csv"), "--root", str(root)]) == 2
    assert "gold file not found" in capsys.readouterr().err
