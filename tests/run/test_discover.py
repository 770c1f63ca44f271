"""``framing discover`` -> mark rows -> ``framing lexicon accept`` on a small hand-written study."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from conftest import ROOT, copy_project
from helpers import cli
from helpers.core.errors import FramingError
from helpers.core.storage import read_csv, write_csv
from helpers.core.study import Study
from helpers.measure.lexicon import read_lexicon_file
from helpers.run.labels import actor_names
from helpers.run.discover import accept_candidates, merge_into_lexicon, reviewed_source

CORPUS = "summit-week"
# Written for this test: two outlets report one fictional summit.
ARTICLES = {
    ("harbor-1", "Harbor Gazette"): (
        "Leaders agree to meet\n\n"
        "President Trump said on Tuesday that he would meet Kim Jong Un, the North Korean leader, in June. "
        "Mr. Kim did not comment. The North Korean leader has threatened the United States before.\n\n"
        "Officials said the brutal regime had tested missiles. Mr. Kim is expected to travel by train."),
    ("harbor-2", "Harbor Gazette"): (
        "Talks planned for June\n\n"
        "North Korean leader Kim Jong Un agreed to talks with the United States, officials said. "
        "Kim said the talks would be good. Mr. Trump said he was hopeful."),
    ("valley-1", "The Valley Observer"): (
        "Summit set as critics worry\n\n"
        "Donald Trump will meet Kim Jong Un next month. Critics said Mr. Trump was naive about Mr. Kim. "
        "The North Korean leader has not given up a single weapon, critics said.\n\n"
        "Mr. Kim runs a horrific prison system, rights groups said."),
    ("valley-2", "The Valley Observer"): (
        "A risky meeting\n\n"
        "Mr. Trump will fly to the summit with Kim Jong Un. Mr. Kim has ignored warnings before. "
        "Critics called the plan reckless."),
}


@pytest.fixture()
def project(tmp_path) -> Path:
    root = copy_project(tmp_path / "project", "lexicons", "rules", "attribution")
    shutil.copytree(ROOT / "data" / "discover", root / "data" / "discover")
    files = []
    for (article_id, outlet), text in ARTICLES.items():
        path = tmp_path / f"{article_id}.txt"
        path.write_text(text, encoding="utf-8")
        assert cli.main(["add", str(path), "--corpus", CORPUS, "--outlet", outlet, "--event", "summit",
                         "--root", str(root)]) == 0
        files.append(path)
    return root


def _mark(path: Path, rows) -> None:
    df = read_csv(path, dtype=str)
    df.loc[rows(df), "accept"] = "x"
    write_csv(df, path)


def test_discover_then_accept_writes_the_marked_rows_with_their_source(project, capsys):
    assert cli.main(["discover", CORPUS, "--root", str(project), "--min-count", "2"]) == 0
    study = Study.open(CORPUS, root=project, in_place=False)
    out = capsys.readouterr().out
    assert "candidate actor" in out and "lexicon accept" in out
    actors = read_csv(study.candidates / "actors.csv", dtype=str)
    kim = actors.loc[actors["form"] == "Kim Jong Un", "actor"].iloc[0]
    assert set(actors.loc[actors["actor"] == kim, "form"]) >= {"Kim Jong Un", "Mr. Kim", "North Korean leader"}
    assert actors["example"].str.contains(r"\[Kim Jong Un\]").any()
    assert set(actors.loc[actors["actor"] == kim, "display"]) == {"Kim Jong Un"}  # offered for review
    terms = read_csv(study.candidates / "loaded_terms.csv", dtype=str)
    assert {"horrific", "reckless"} <= set(terms["term"])
    assert not (project / "data" / "studies" / CORPUS / "lexicons").exists()  # nothing without an accept

    _mark(study.candidates / "actors.csv", lambda df: df["actor"] == kim)
    _mark(study.candidates / "loaded_terms.csv", lambda df: df["term"].isin(["horrific", "reckless"]))
    assert cli.main(["lexicon", "accept", CORPUS, "--root", str(project)]) == 0
    lex = read_lexicon_file(study.study_lexicons / "actors.csv")
    assert set(lex["subcategory"]) == {kim} and "Mr. Kim" in set(lex["entry"])
    assert actor_names([study.study_lexicons]) == {kim: "Kim Jong Un"}  # the display column came along
    assert set(lex["source"]) == {reviewed_source(CORPUS)} == {f"discovered from corpus {CORPUS}, reviewed"}
    loaded = read_lexicon_file(study.study_lexicons / "loaded_terms.csv")
    assert set(loaded["entry"]) == {"horrific", "reckless"} and set(loaded["category"]) == {"loaded_terms"}
    assert not any("reviewed" in p.read_text(encoding="utf-8") for p in (project / "data" / "lexicons").glob("*.csv"))

    # accepting again adds nothing: entries are merged by the lexicon's duplicate key
    before = (study.study_lexicons / "actors.csv").read_bytes()
    assert accept_candidates(study) == {"actors.csv": 0, "loaded_terms.csv": 0}
    assert (study.study_lexicons / "actors.csv").read_bytes() == before


def test_merge_skips_duplicates_and_refuses_a_row_the_loader_refuses(tmp_path):
    path = tmp_path / "actors.csv"
    row = {"entry": "Kim Jong-un", "category": "naming", "subcategory": "kim", "case_sensitive": "False",
           "note": "", "source": "s"}
    assert merge_into_lexicon(path, pd.DataFrame([row])) == 1
    assert merge_into_lexicon(path, pd.DataFrame([{**row, "entry": "kim jong un"}])) == 0  # same key
    write_csv(read_csv(path, dtype=str).assign(display="Kim Jong-un"), path)  # a hand-written name
    assert merge_into_lexicon(path, pd.DataFrame([{**row, "entry": "Mr. Kim"}])) == 1
    assert list(read_csv(path, dtype=str)["display"]) == ["Kim Jong-un", ""]  # kept, not required
    before = path.read_bytes()
    with pytest.raises(FramingError):
        merge_into_lexicon(path, pd.DataFrame([{**row, "entry": "Kim*x"}]))
    assert path.read_bytes() == before
    assert len(read_lexicon_file(path)) == 2


def test_accept_refuses_an_unknown_mark(project):
    study = Study.open(CORPUS, root=project, in_place=False)
    assert cli.main(["discover", CORPUS, "--root", str(project)]) == 0
    df = read_csv(study.candidates / "actors.csv", dtype=str)
    df.loc[0, "accept"] = "maybe"
    write_csv(df, study.candidates / "actors.csv")
    with pytest.raises(FramingError, match="maybe"):
        accept_candidates(study)


def test_accepted_actors_are_counted_by_the_next_run(project):
    from helpers.run.stages import run_study
    from helpers.run.tables import read_table

    assert cli.main(["discover", CORPUS, "--root", str(project), "--min-count", "2"]) == 0
    study = Study.open(CORPUS, root=project, in_place=False)
    _mark(study.candidates / "actors.csv", lambda df: df["form"].isin(["Kim Jong Un", "Mr. Kim"]))
    assert cli.main(["lexicon", "accept", CORPUS, "--root", str(project)]) == 0
    kim = read_lexicon_file(study.study_lexicons / "actors.csv")["subcategory"].iloc[0]
    run_study(study, compare=False)
    naming = read_table(study, "naming")
    assert kim in set(naming["actor"])


def test_explore_right_after_discover_measures_the_study_and_shows_the_candidates(project, capsys):
    """The candidates view is reachable before any `framing run`: explore cleans and
    measures a never-run study first, and leaves a measured study as it is."""
    from helpers.run.explorer import ensure_measured

    assert cli.main(["discover", CORPUS, "--root", str(project), "--min-count", "2"]) == 0
    capsys.readouterr()
    assert cli.main(["explore", CORPUS, "--root", str(project)]) == 0
    assert "measured the study first" in capsys.readouterr().out
    study = Study.open(CORPUS, root=project, in_place=False)
    page = study.explorer.read_text(encoding="utf-8")
    assert "Kim Jong Un" in page and "loaded_terms.csv" in page  # the candidates view and its files
    assert ensure_measured(study) is False


def test_discover_groups_by_a_manifest_column_as_run_does(tmp_path, capsys):
    """`group = "lean"` (or --group lean) is a manifest column, not a cleaned-table column:
    discovery reads it as `framing run` does, and names the columns when it is absent."""
    root = copy_project(tmp_path / "project", "lexicons", "rules", "attribution")
    shutil.copytree(ROOT / "data" / "discover", root / "data" / "discover")
    batch = pd.DataFrame([{"article_id": aid, "outlet": outlet, "event": "summit", "text": text,
                           "lean": "left" if outlet.startswith("Harbor") else "right"}
                          for (aid, outlet), text in ARTICLES.items()])
    write_csv(batch, tmp_path / "batch.csv")
    assert cli.main(["add", str(tmp_path / "batch.csv"), "--corpus", CORPUS, "--id-col", "article_id",
                     "--root", str(root)]) == 0
    assert cli.main(["discover", CORPUS, "--group", "lean", "--min-count", "2", "--root", str(root)]) == 0
    actors = read_csv(Study.open(CORPUS, root=root, in_place=False).candidates / "actors.csv", dtype=str)
    groups = " ".join(actors["groups"])
    assert "left" in groups and "right" in groups and "Harbor" not in groups
    capsys.readouterr()
    assert cli.main(["discover", CORPUS, "--group", "country", "--root", str(root)]) == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]  # after the cleaning stage's progress bar
    assert err.startswith("framing discover: error:") and "no column 'country'" in err and "lean" in err
