"""Lexicon files: loading, validation messages, fingerprint."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.core.errors import FramingError
from helpers.measure.lexicon import CATEGORIES, LEXICON_COLUMNS, lexicon_fingerprint, load_lexicons, normalise_entry

HEADER = "entry,category,subcategory,case_sensitive,note,source\n"
GOOD = "reportedly,hedges,evidential,False,,test\nmay,hedges,epistemic,True,month trap,test\n"


def folder_of(tmp_path: Path) -> Path:
    return tmp_path / "data" / "lexicons"


def make(tmp_path: Path, body: str, name: str = "mine", header: str = HEADER) -> Path:
    folder = folder_of(tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


def test_project_lexicons_load(seed_study, seed_lexicon):
    """The seed study's set: the shared lists plus its own actors and loaded terms."""
    assert not (seed_study.lexicons / "actors.csv").exists()  # story-bound lists live with the study
    df = seed_lexicon.drop(columns="layer")
    assert list(df.columns) == list(LEXICON_COLUMNS)
    assert set(df["category"]) == set(CATEGORIES)
    assert set(df["lexicon"]) >= {"hedges", "boosters", "reporting_verbs", "anonymous_sourcing",
                                  "loaded_terms", "actors"}
    assert df["case_sensitive"].dtype == bool
    cs = set(df.loc[df["case_sensitive"], "entry"])
    assert {"IS", "US", "may"} <= cs
    # one word, two categories: documented and intended
    alleged = df[df["entry"] == "alleged"]
    assert set(alleged["category"]) == {"hedges", "reporting_verbs"}
    assert (df["source"] != "").all()


def test_names_selects_files(tmp_path):
    make(tmp_path, GOOD, "a")
    make(tmp_path, "Iran,naming,iran,False,,test\n", "b")
    assert set(load_lexicons(folder_of(tmp_path), names=["b"])["lexicon"]) == {"b"}
    assert len(load_lexicons(folder_of(tmp_path))) == 3
    with pytest.raises(FramingError, match="lexicon not found"):
        load_lexicons(folder_of(tmp_path), names=["nope"])


@pytest.mark.parametrize("body, row, words", [
    (GOOD + ",hedges,epistemic,False,,test\n", 3, "empty entry"),
    (GOOD + "probably,hedgse,epistemic,False,,test\n", 3, "did you mean 'hedges'"),
    (GOOD + "probably,booster,epistemic,False,,test\n", 3, "did you mean 'boosters'"),
    (GOOD + "probably,Hedges,epistemic,False,,test\n", 3, "not a lower-case name"),
    ("Reportedly,hedges,evidential,False,,test\n" + GOOD, 2, "duplicate"),
    (GOOD + "so called,hedges,x,False,,t\nso-called,hedges,x,False,,t\n", 4, "duplicate"),
    (GOOD + "ter*rorist,hedges,x,False,,t\n", 3, "'*'"),
    (GOOD + '"so-called,hedges,x,False,,t\n', 3, "unbalanced"),
    (GOOD + "“quoted,hedges,x,False,,t\n", 3, "unbalanced"),
    (GOOD + "probably,hedges,x,yes,,t\n", 3, "True or False"),
    (GOOD + "probably,hedges,x,False,t\n", 3, "fields"),
])
def test_bad_rows_name_file_and_row(tmp_path, body, row, words):
    path = make(tmp_path, body)
    before = path.read_bytes()
    with pytest.raises(FramingError) as err:
        load_lexicons(folder_of(tmp_path))
    msg = str(err.value)
    assert f"mine.csv, row {row}" in msg
    assert words in msg
    assert "\n" not in msg
    assert path.read_bytes() == before


def test_missing_column(tmp_path):
    make(tmp_path, "probably,hedges,x,,t\n", header="entry,category,subcategory,note,source\n")
    with pytest.raises(FramingError, match="missing column.*case_sensitive"):
        load_lexicons(folder_of(tmp_path))


def test_case_sensitive_entries_are_not_duplicates_of_other_cases(tmp_path):
    make(tmp_path, "US,naming,united_states,True,,t\nus,naming,pronoun,True,,t\n")
    assert len(load_lexicons(folder_of(tmp_path))) == 2


def test_loading_writes_nothing(tmp_path):
    make(tmp_path, GOOD)
    folder = folder_of(tmp_path)
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}
    load_lexicons(folder_of(tmp_path))
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()} == before


def test_fingerprint_tracks_content(tmp_path):
    make(tmp_path, GOOD)
    a = lexicon_fingerprint(load_lexicons(folder_of(tmp_path)))
    assert a == lexicon_fingerprint(load_lexicons(folder_of(tmp_path)))
    make(tmp_path, GOOD.replace("True", "False"))
    assert lexicon_fingerprint(load_lexicons(folder_of(tmp_path))) != a
    assert len(a) == 64


def test_normalise_entry():
    assert normalise_entry("Shi’ite  Allies") == "shiite allies"
    assert normalise_entry("so-called") == normalise_entry("so called")
    assert normalise_entry("US", case_sensitive=True) == "US"
