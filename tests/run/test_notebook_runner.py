"""Unit tests of the notebook runner: parameters, declared outputs, normalisation
(the README table: tests/test_readme.py)."""

from __future__ import annotations

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from helpers.core.errors import FramingError
from helpers.core.study import Study
from helpers.run import notebooks


def _nb(outputs_src="OUTPUTS = {'processed': ['a.csv'], 'figures': ['f.png']}"):
    nb = new_notebook()
    p = new_code_cell("STUDY = {'name': 'x'}")
    p.metadata["tags"] = ["parameters"]
    o = new_code_cell(outputs_src)
    o.metadata["tags"] = ["outputs"]
    nb.cells = [new_markdown_cell("# t"), p, o]
    return nb


def test_declared_outputs_reads_the_literal(tmp_path):
    path = tmp_path / "01-x.ipynb"
    nbformat.write(_nb(), path)
    assert notebooks.declared_outputs(path) == {"processed": ["a.csv"], "figures": ["f.png"]}


def test_declared_outputs_refuses_computed_values(tmp_path):
    path = tmp_path / "01-x.ipynb"
    nbformat.write(_nb("OUTPUTS = make_outputs()"), path)
    with pytest.raises(ValueError):
        notebooks.declared_outputs(path)


def test_check_outputs_names_the_missing_file(tmp_path):
    study = Study.open("demo", root=tmp_path)
    with pytest.raises(FramingError, match="processed/a.csv"):
        notebooks.check_outputs(study, {"processed": ["a.csv"]})


def test_parameters_source_is_stable(tmp_path):
    one = notebooks.parameters_source(Study.open("c", root=tmp_path))
    assert one == notebooks.parameters_source(Study.open("c", root=tmp_path))
    assert "\n    'output': 'reports/c',\n" in one and str(tmp_path) not in one  # no machine paths


def test_normalise_strips_run_specific_metadata():
    nb = _nb()
    nb.metadata["widgets"] = {"x": 1}
    nb.metadata["language_info"] = {"name": "python", "version": "3.11.7"}
    cell = nb.cells[1]
    cell.metadata["execution"] = {"iopub.execute_input": "2026-01-01T00:00:00"}
    cell["id"] = "random-id"
    cell.outputs = [new_output("stream", name="stdout", text="hi")]
    notebooks.normalise_notebook(nb)
    assert nb.metadata == {"kernelspec": {"name": "framing", "display_name": "Python (framing)",
                                          "language": "python"},
                           "language_info": {"name": "python"}}
    assert cell["id"] == "cell-01"
    assert cell.metadata == {"tags": ["parameters"]}


def test_normalise_merges_a_print_the_kernel_flushed_in_two_messages():
    """ipykernel flushes stdout on a timer: one print may arrive as "text" then "\\n"."""
    split = _nb()
    split.cells[1].outputs = [new_output("stream", name="stdout", text="191 hits"),
                              new_output("stream", name="stdout", text="\n"),
                              new_output("display_data", data={"text/plain": "table"}),
                              new_output("stream", name="stdout", text="next\n"),
                              new_output("stream", name="stderr", text="warning\n")]
    whole = _nb()
    whole.cells[1].outputs = [new_output("stream", name="stdout", text="191 hits\n"),
                              new_output("display_data", data={"text/plain": "table"}),
                              new_output("stream", name="stdout", text="next\n"),
                              new_output("stream", name="stderr", text="warning\n")]
    for nb in (split, whole):
        notebooks.normalise_notebook(nb)
    assert nbformat.writes(split) == nbformat.writes(whole)


def _two_notebooks(tmp_path):
    study = Study.open("demo", root=tmp_path)
    study.notebook_sources.mkdir(parents=True)
    first, second = study.notebook_sources / "01-a.ipynb", study.notebook_sources / "02-b.ipynb"
    nbformat.write(_nb("OUTPUTS = {'processed': ['a.csv']}"), first)
    nbformat.write(_nb("OUTPUTS = {'figures': ['f.png']}"), second)
    return study, [first, second]


def _fake_execute(calls, contents):
    def execute(source, target, study, **kw):
        calls.append(source.name)
        outputs = notebooks.declared_outputs(source)
        for kind, names in outputs.items():
            for name in names:
                path = getattr(study, kind) / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(contents.get(name, "x"))
        if target != source:  # the committed study is executed in place
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("{}")
        return target
    return execute


def test_unchanged_notebooks_are_not_re_executed(tmp_path, monkeypatch):
    study, sources = _two_notebooks(tmp_path)
    calls, contents = [], {}
    monkeypatch.setattr(notebooks, "execute_notebook", _fake_execute(calls, contents))
    notebooks.run_notebooks(study, notebooks=sources)
    assert calls == ["01-a.ipynb", "02-b.ipynb"]
    calls.clear()
    notebooks.run_notebooks(study, notebooks=sources)
    assert calls == []
    # an earlier notebook's output changed: only the later notebooks re-run
    contents["a.csv"] = "changed"
    (study.processed / "a.csv").write_text("changed")
    notebooks.run_notebooks(study, notebooks=sources)
    assert calls == ["02-b.ipynb"]
    calls.clear()
    # a declared output is missing: that notebook re-runs
    (study.figures / "f.png").unlink()
    notebooks.run_notebooks(study, notebooks=sources)
    assert calls == ["02-b.ipynb"]
    calls.clear()
    # the notebook source changed
    nbformat.write(_nb("OUTPUTS = {'processed': ['a.csv']}  # edited"), sources[0])
    notebooks.run_notebooks(study, notebooks=sources)
    assert calls == ["01-a.ipynb"]
    calls.clear()
    # caching off (as for the committed study): everything runs
    notebooks.run_notebooks(study, notebooks=sources, cache=False)
    assert calls == ["01-a.ipynb", "02-b.ipynb"]


def test_a_kernel_is_launched_early_only_when_a_notebook_surely_runs(tmp_path, monkeypatch):
    study, sources = _two_notebooks(tmp_path)
    calls, kernels, launched = [], [], []
    execute = _fake_execute(calls, {})

    def recording(source, target, study, **kw):
        kernels.append(kw.get("kernel"))
        return execute(source, target, study, **kw)

    monkeypatch.setattr(notebooks, "execute_notebook", recording)
    monkeypatch.setattr(notebooks.SharedKernel, "launch", lambda self: launched.append(self) or self)
    assert notebooks.notebooks_pending(study, sources)  # never executed
    with notebooks.early_kernel(study, sources) as kernel:
        assert launched == [kernel]
        notebooks.run_notebooks(study, notebooks=sources, kernel=kernel)
    assert calls == ["01-a.ipynb", "02-b.ipynb"] and kernels == [kernel, kernel]
    # an unchanged rerun launches none (its notebooks are cached)
    assert not notebooks.notebooks_pending(study, sources)
    with notebooks.early_kernel(study, sources) as kernel:
        assert kernel is None
        notebooks.run_notebooks(study, notebooks=sources, kernel=kernel)
    assert len(launched) == 1 and len(calls) == 2


def test_notebook_key_follows_parameters_stages_gold_and_code(tmp_path, monkeypatch):
    study, sources = _two_notebooks(tmp_path)
    key = notebooks.notebook_key(study, sources[0])
    assert key == notebooks.notebook_key(study, sources[0])
    other = Study.open("demo", root=tmp_path, figure_options={"top_n": 5})
    assert notebooks.notebook_key(other, sources[0]) != key
    study.processed.mkdir(parents=True)
    (study.processed / "_stages.json").write_text("{}")
    with_stages = notebooks.notebook_key(study, sources[0])
    assert with_stages != key
    study.gold.parent.mkdir(parents=True, exist_ok=True)
    study.gold.write_text("article_id,start,end,category\n")
    with_gold = notebooks.notebook_key(study, sources[0])
    assert with_gold != with_stages
    from helpers.run import chunks
    monkeypatch.setattr(chunks, "code_fingerprint", lambda *names: "code edited in place")
    assert notebooks.notebook_key(study, sources[0]) != with_gold


def test_committed_study_is_always_executed(tmp_path, monkeypatch):
    study = Study.open(root=tmp_path)
    assert study.committed
    study.notebook_sources.mkdir(parents=True)
    src = study.notebook_sources / "01-a.ipynb"
    nbformat.write(_nb("OUTPUTS = {'processed': ['a.csv']}"), src)
    calls = []
    monkeypatch.setattr(notebooks, "execute_notebook", _fake_execute(calls, {}))
    notebooks.run_notebooks(study, notebooks=[src])
    notebooks.run_notebooks(study, notebooks=[src])
    assert calls == ["01-a.ipynb", "01-a.ipynb"]
    assert not (study.processed / notebooks.NOTEBOOKS_FILE).exists()


def test_the_discovery_notebook_runs_when_there_are_candidates(tmp_path):
    from conftest import ROOT

    (tmp_path / "notebooks").mkdir()
    for nb in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"):
        (tmp_path / "notebooks" / nb.name).write_bytes(nb.read_bytes())
    study = Study.open("ev", root=tmp_path)
    assert "00-discover.ipynb" not in [p.name for p in notebooks.study_notebooks(study)]
    study.candidates.mkdir(parents=True)
    (study.candidates / "actors.csv").write_text("actor,form\n", encoding="utf-8")
    assert "00-discover.ipynb" in [p.name for p in notebooks.study_notebooks(study)]
    assert "00-discover.ipynb" in [p.name for p in notebooks.study_notebooks(Study.open(root=tmp_path))]


def test_kernel_reset_empties_the_session_and_freezes_what_survives(monkeypatch):
    import gc

    import matplotlib as mpl

    from helpers.run import kernel_state

    class Shell:
        resets = 0

        def reset(self, new_session):
            Shell.resets += new_session

    monkeypatch.setattr(kernel_state, "_STARTED", None)
    try:
        kernel_state.fresh_state(Shell())  # the kernel's start: recorded, nothing reset
        assert Shell.resets == 0 and gc.get_freeze_count() > 0
        size = mpl.rcParams["font.size"]
        with mpl.rc_context():  # restore the test process's rc whatever happens
            mpl.rcParams["font.size"] = size + 3  # a notebook changed the style
            gc.unfreeze()
            kernel_state.fresh_state(Shell())  # between notebooks
            assert Shell.resets == 1 and mpl.rcParams["font.size"] == size
            assert gc.get_freeze_count() > 0  # later collections skip the long-lived objects
    finally:
        gc.unfreeze()
