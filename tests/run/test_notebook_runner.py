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
    assert nb.metadata == {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
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
