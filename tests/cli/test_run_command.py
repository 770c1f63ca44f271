"""``framing add`` + ``framing run`` on a dozen new articles, as a new user would,
into reports/NAME/ and never over the seed study; a rerun rewrites nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path

import nbformat
import pytest

from conftest import NEW_ARTICLES as FIXTURES
from conftest import copy_project, install_fixture_study
from helpers import cli
from helpers.core.study import SEED_STUDY as DEFAULT_CORPUS
from helpers.core.study import Study
from helpers.run import notebooks

CORPUS = "new-articles"
ORDER = "The Valley Observer,Harbor Gazette,Northern Courier"


def _digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()} if folder.exists() else {}


def _mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _seed_study(root: Path) -> dict[str, dict[str, str]]:
    return {name: _digest(root / name) for name in
            ("data/corpora/" + DEFAULT_CORPUS, "data/processed/" + DEFAULT_CORPUS, "figures", "notebooks")}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the project's inputs and its committed seed study."""
    return copy_project(tmp_path_factory.mktemp("project"), "lexicons", "rules", "attribution", "seed_corpus",
                        "seed_processed", "figures", notebooks=True)


@pytest.fixture(scope="module")
def first_run(project):
    seed_before = _seed_study(project)
    install_fixture_study(project, CORPUS)
    files = [str(p) for p in sorted(FIXTURES.glob("*.txt")) + sorted(FIXTURES.glob("*.html"))]
    assert cli.main(["add", *files, "--manifest", str(FIXTURES / "manifest.csv"),
                     "--corpus", CORPUS, "--root", str(project)]) == 0
    assert cli.main(["run", CORPUS, "--root", str(project), "--top-n", "15",
                     "--outlet-order", ORDER]) == 0
    return seed_before


@pytest.mark.slow
def test_run_writes_the_study_into_its_report_folder(project, first_run):
    out = project / "reports" / CORPUS
    for nb in ("01-corpus.ipynb", "02-framing-measures.ipynb", "03-compare-outlets.ipynb"):
        assert (out / nb).is_file(), nb
    assert not (out / "04-validation.ipynb").exists()  # no gold file for this corpus
    assert (out / "explorer.html").is_file()
    pngs = sorted((out / "figures").glob("*.png"))
    assert len(pngs) >= 8
    for png in pngs:  # every figure with its SVG and the CSV of what it plots
        assert png.stat().st_size > 10_000, png.name
        assert png.with_suffix(".svg").is_file() and png.with_suffix(".csv").is_file(), png.name
    for name in ("rates_by_outlet_and_voice", "actor_naming_shares", "loaded_terms_by_outlet"):
        assert (out / "figures" / f"{name}.png").is_file(), name
    for name in ("articles.csv", "segments.csv", "audit.csv", "hits.csv", "features.csv",
                 "article_features.csv", "naming.csv", "category_rates.csv", "_stages.json"):
        assert (out / "processed" / name).is_file(), name


@pytest.mark.slow
def test_run_leaves_the_seed_study_byte_identical(project, first_run):
    assert _seed_study(project) == first_run


@pytest.mark.slow
def test_notebooks_get_the_study_the_command_built(project, first_run):
    nb = nbformat.read(str(project / "reports" / CORPUS / "03-compare-outlets.ipynb"), as_version=4)
    (params,) = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    namespace: dict = {}
    exec(params.source, namespace)  # the cell is plain Python assigning STUDY
    study = Study.from_params(namespace["STUDY"], root=project)
    assert study == Study.open(CORPUS, root=project, in_place=False, figure_options={
        "outlet_order": ["The Valley Observer", "Harbor Gazette", "Northern Courier"], "top_n": 15})
    assert namespace["STUDY"]["output"] == f"reports/{CORPUS}"  # relative: no machine paths in notebooks


@pytest.mark.slow
def test_run_resolves_the_study_name_once(project, first_run, monkeypatch):
    import helpers.core.study as study_module

    names = []
    real = study_module.check_name
    monkeypatch.setattr(study_module, "check_name",
                        lambda name, what="corpus name": (what == "corpus name" and names.append(name)) or real(name, what))
    assert cli.main(["run", CORPUS, "--root", str(project), "--top-n", "15", "--outlet-order", ORDER]) == 0
    assert names == [CORPUS]  # workers and notebooks receive the Study, not the name


@pytest.mark.slow
def test_rerun_without_change_rewrites_nothing(project, first_run, capsys):
    out = project / "reports" / CORPUS
    before_bytes, before_mtimes = _digest(out), _mtimes(out)
    assert cli.main(["run", CORPUS, "--root", str(project), "--top-n", "15", "--outlet-order", ORDER]) == 0
    printed = capsys.readouterr().out
    assert "clean: up to date" in printed and "measure: up to date" in printed
    assert f"Open reports/{CORPUS}/01-corpus.ipynb first" in printed
    assert _digest(out) == before_bytes
    assert _mtimes(out) == before_mtimes


@pytest.mark.parametrize("output", ["figures", "notebooks", f"data/processed/{DEFAULT_CORPUS}", "."])
def test_run_refuses_to_write_over_the_seed_study(tmp_path, output, capsys):
    assert cli.main(["run", CORPUS, "--root", str(tmp_path), "--output", output]) == 2
    assert "output folder" in capsys.readouterr().err


def test_run_on_a_missing_corpus_is_a_one_line_error(tmp_path, capsys):
    assert cli.main(["run", "nothing-here", "--root", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "manifest not found" in err


def test_parameters_cell_rebuilds_the_study(tmp_path):
    for study in (Study.open(DEFAULT_CORPUS, root=tmp_path),
                  Study.open("x", "reports/x", root=tmp_path, figure_options={"top_n": 5}, csv="always")):
        namespace: dict = {}
        exec(notebooks.parameters_source(study), namespace)
        assert Study.from_params(namespace["STUDY"], root=tmp_path) == study


def test_report_refuses_another_study(tmp_path, capsys):
    assert cli.main(["report", "--corpus", CORPUS, "--root", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"framing run {CORPUS}" in err and len(err.strip().splitlines()) == 1
