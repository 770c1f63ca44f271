"""The Study: one place that checks a study's name and resolves its locations."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.core.errors import FramingError
from helpers.core.study import SEED_STUDY, Study, check_figure_options


def test_the_seed_study_in_place_uses_the_committed_folders(tmp_path):
    s = Study.open(SEED_STUDY, root=tmp_path)
    root = tmp_path.resolve()
    assert s.committed and s.output is None
    assert s.processed == root / "data" / "processed" / SEED_STUDY
    assert (s.figures, s.notebooks) == (root / "figures", root / "notebooks")
    assert s.corpus_dir == root / "data" / "corpora" / SEED_STUDY
    assert s.lexicons == root / "data" / "lexicons" and s.rules == root / "data" / "rules"
    assert s.gold == root / "data" / "gold" / f"{SEED_STUDY}.csv"
    assert s.validation == s.processed / "validation" and s.explorer == root / "notebooks" / "explorer.html"


def test_any_other_run_writes_under_its_output_folder(tmp_path):
    root = tmp_path.resolve()
    other = Study.open("my-study", root=tmp_path)
    assert not other.committed and other.output == root / "reports" / "my-study"
    assert other.processed == root / "reports" / "my-study" / "processed"
    assert other.figures == root / "reports" / "my-study" / "figures"
    rerun = Study.open(SEED_STUDY, root=tmp_path, in_place=False)  # `framing run` of the seed corpus
    assert not rerun.committed and rerun.processed == root / "reports" / SEED_STUDY / "processed"
    elsewhere = Study.open("my-study", tmp_path.parent / "elsewhere", root=tmp_path)
    assert elsewhere.output == (tmp_path.parent / "elsewhere").resolve()


@pytest.mark.parametrize("name", ["../x", "/abs", "a/b", ".", "..", "", "-x", "x" * 101])
def test_names_that_could_escape_a_folder_are_refused(tmp_path, name):
    with pytest.raises(FramingError, match="invalid corpus name"):
        Study.open(name, root=tmp_path)


@pytest.mark.parametrize("output", [".", "data/processed/x", "data/lexicons", "figures", "notebooks",
                                    "notebooks/sub", "src", "tests", "docs", "bench"])
def test_an_output_folder_may_not_touch_the_committed_study_or_the_code(tmp_path, output):
    with pytest.raises(FramingError, match="output folder"):
        Study.open("x", output, root=tmp_path)


def test_own_data_files_override_the_shared_ones(tmp_path):
    s = Study.open("x", root=tmp_path, lexicons="data/studies/x/lexicons", rules=tmp_path / "r",
                   source_cues="cues.csv", gold="g.csv", gold_map="m.csv")
    root = tmp_path.resolve()
    assert s.lexicons == root / "data" / "studies" / "x" / "lexicons"
    assert (s.rules, s.source_cues, s.gold, s.gold_map) == (root / "r", root / "cues.csv", root / "g.csv",
                                                            root / "m.csv")


def test_notebook_parameters_rebuild_the_same_study_with_portable_paths(tmp_path):
    s = Study.open("x", "reports/custom", root=tmp_path, lexicons="lex",
                   figure_options={"outlet_order": [" B", "A "], "top_n": 7}, csv="never")
    params = s.to_params()
    assert params["output"] == "reports/custom" and params["lexicons"] == "lex"  # relative: no machine paths
    assert params["figure_options"] == {"outlet_order": ["B", "A"], "top_n": 7}
    assert Study.from_params(params, root=tmp_path) == s
    seed = Study.open(SEED_STUDY, root=tmp_path)
    assert seed.to_params()["output"] is None and Study.from_params(seed.to_params(), root=tmp_path) == seed
    with pytest.raises(FramingError, match="unknown or missing"):
        Study.from_params({"name": "x", "typo": 1}, root=tmp_path)


def test_figure_options_are_checked():
    assert check_figure_options({}) == {}
    assert check_figure_options({"outlet_order": ["B", " A ", ""], "top_n": 12}) == {"outlet_order": ["B", "A"],
                                                                                      "top_n": 12}
    with pytest.raises(FramingError, match="top-n"):
        check_figure_options({"top_n": 0})
    with pytest.raises(FramingError, match="unknown figure option"):
        check_figure_options({"colour": "red"})
    with pytest.raises(FramingError, match="CSV mode"):
        Study.open("x", root=Path("/tmp"), csv="sometimes")

