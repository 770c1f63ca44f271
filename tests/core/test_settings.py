"""A study's settings file: every key optional, each mistake one line naming the key and the fix."""

from __future__ import annotations

import tomllib

import pytest

from helpers.core.errors import FramingError
from helpers.core.settings import SETTINGS, check_settings, read_settings, settings_template
from helpers.core.study import Study


def test_absent_file_means_defaults(tmp_path):
    s = read_settings(tmp_path / "study.toml")
    assert s["group"] == "outlet" and s["events"] == [] and s["base_lexicons"] is None and s["top_n"] is None


def test_the_template_parses_to_the_defaults_and_documents_every_key():
    text = settings_template("my-study")
    assert tomllib.loads(text) == {}  # every key commented out = at its default
    for key in SETTINGS:
        assert f"# {key} = " in text


@pytest.mark.parametrize("values, words", [
    ({"colour": "red"}, r"unknown setting\(s\) colour"),
    ({"group": "lean; rm"}, "not a column name"),
    ({"events": "e1"}, "must be a list"),
    ({"contrasts": [["left"]]}, "not a pair"),
    ({"contrasts": [["left", "left"]]}, "not a pair"),
    ({"top_n": 0}, "whole number"),
    ({"title": 3}, "must be text"),
])
def test_bad_settings_are_one_line_errors(values, words):
    with pytest.raises(FramingError, match=words) as err:
        check_settings(values, "data/studies/x/study.toml")
    assert "\n" not in str(err.value) and "study.toml" in str(err.value)


def test_a_broken_file_names_itself(tmp_path):
    path = tmp_path / "study.toml"
    path.write_text('group = "lean\n', encoding="utf-8")
    with pytest.raises(FramingError, match="not a valid TOML file"):
        read_settings(path)


def test_study_reads_its_settings_and_the_command_line_wins(tmp_path):
    folder = tmp_path / "data" / "studies" / "ev"
    folder.mkdir(parents=True)
    (folder / "study.toml").write_text('group = "lean"\noutlet_order = ["right", "left"]\ntop_n = 10\n',
                                       encoding="utf-8")
    study = Study.open("ev", root=tmp_path)
    assert study.settings["group"] == "lean"
    assert study.figure_options == {"outlet_order": ["right", "left"], "top_n": 10}
    cli = Study.open("ev", root=tmp_path, figure_options={"top_n": 5, "outlet_order": []})
    assert cli.figure_options == {"outlet_order": ["right", "left"], "top_n": 5}
    assert Study.from_params(study.to_params(), root=tmp_path) == study
