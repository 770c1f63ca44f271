"""The committed study is exactly what the code produces now (marker ``reproducible``:
``pytest -m reproducible`` runs these checks apart).

Re-executes every numbered notebook on a copy of the project's inputs in a
temporary folder and compares, byte for byte, the executed notebooks, the
figures (PNG, SVG, CSV), the processed tables and the explorer with the
committed ones. Run `make report` to bring them up to date.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, copy_project
from helpers.core.study import SEED_STUDY, Study
from helpers.run import notebooks

# Byte-for-byte checks that the committed study is what the code produces now:
# `pytest -m reproducible` runs them apart.
pytestmark = pytest.mark.reproducible


def _files(folder: Path, suffixes: set[str]) -> dict[str, bytes]:
    """Files by relative path; the stage cache (``_chunks/``, ``_stages.json``) is not part
    of the committed study (it is git-ignored) and is left out."""
    if not folder.exists():
        return {}
    return {rel: p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.suffix in suffixes
            and not (rel := p.relative_to(folder).as_posix()).startswith("_")}


@pytest.fixture(scope="module")
def rerun(tmp_path_factory) -> Path:
    tmp = copy_project(tmp_path_factory.mktemp("study"), "lexicons", "rules", "attribution", "gold",
                       "seed_corpus", notebooks=True)
    notebooks.run_notebooks(Study.open(SEED_STUDY, root=tmp))
    return tmp


def test_there_are_numbered_notebooks():
    names = [p.name for p in notebooks.source_notebooks(ROOT / "notebooks")]
    assert names[:4] == ["00-discover.ipynb", "01-corpus.ipynb", "02-framing-measures.ipynb", "03-compare-outlets.ipynb"]


@pytest.mark.slow
def test_committed_notebooks_are_current(rerun):
    committed = _files(ROOT / "notebooks", {".ipynb", ".html"})
    fresh = _files(rerun / "notebooks", {".ipynb", ".html"})
    assert sorted(fresh) == sorted(committed)
    stale = [name for name in committed if committed[name] != fresh[name]]
    assert not stale, f"committed notebooks differ from a fresh run: {stale} (run `make report`)"


@pytest.mark.slow
def test_committed_figures_are_current(rerun):
    committed = _files(ROOT / "figures", {".png", ".svg", ".csv"})
    fresh = _files(rerun / "figures", {".png", ".svg", ".csv"})
    assert sorted(fresh) == sorted(committed)
    stale = [name for name in committed if committed[name] != fresh[name]]
    assert not stale, f"committed figures differ from a fresh run: {stale} (run `make report`)"


@pytest.mark.slow
def test_committed_processed_tables_are_current(rerun):
    rel = Path("data/processed") / SEED_STUDY
    committed = _files(ROOT / rel, {".csv", ".json"})
    fresh = _files(rerun / rel, {".csv", ".json"})
    assert sorted(fresh) == sorted(committed)
    stale = [name for name in committed if committed[name] != fresh[name]]
    assert not stale, f"committed processed tables differ from a fresh run: {stale}"


@pytest.mark.slow
def test_declared_outputs_exist(rerun):
    study = Study.open(SEED_STUDY, root=rerun)
    for nb in notebooks.source_notebooks(study.notebook_sources):
        notebooks.check_outputs(study, notebooks.declared_outputs(nb))


def test_notebooks_are_normalised():
    import nbformat

    for nb_path in notebooks.source_notebooks(ROOT / "notebooks"):
        nb = nbformat.read(str(nb_path), as_version=4)
        before = nbformat.writes(nb)
        notebooks.normalise_notebook(nb)
        assert nbformat.writes(nb) == before, f"{nb_path.name} carries run-specific metadata"
        assert any(c.get("outputs") for c in nb.cells if c.cell_type == "code"), \
            f"{nb_path.name} is committed without outputs"
        # warnings print machine-specific paths and make the notebook differ between machines
        stderr = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
                  if o.get("name") == "stderr"]
        assert not stderr, f"{nb_path.name} has stderr output: {stderr[0].get('text', '')[:200]}"


def test_readme_generated_parts_are_current():
    from helpers.run.readme import readme_text

    study = Study.open(SEED_STUDY, root=ROOT)
    assert study.readme.read_text(encoding="utf-8") == readme_text(study), \
        "README's outputs table or findings are stale: run `make report`"


def test_readme_table_lists_every_declared_output():
    from helpers.run.readme import outputs_table

    study = Study.open(SEED_STUDY, root=ROOT)
    table = outputs_table(study)
    for nb in notebooks.source_notebooks(study.notebook_sources):
        for names in notebooks.declared_outputs(nb).values():
            for name in names:
                assert name in table
