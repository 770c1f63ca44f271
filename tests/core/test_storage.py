"""Atomic, skip-if-identical writes with ordinary permissions."""

from __future__ import annotations

import os
import stat

import pandas as pd
import pytest

from helpers.core.errors import FramingError
from helpers.core.storage import atomic_write_bytes, csv_bytes, read_csv, write_csv


def test_write_is_skipped_when_identical(tmp_path):
    p = tmp_path / "a" / "b.txt"
    assert atomic_write_bytes(p, b"x") is True
    mtime = p.stat().st_mtime_ns
    assert atomic_write_bytes(p, b"x") is False
    assert p.stat().st_mtime_ns == mtime
    assert atomic_write_bytes(p, b"y") is True and p.read_bytes() == b"y"
    assert not [f for f in p.parent.iterdir() if f.name.endswith(".tmp")]


def test_written_files_are_readable_by_others(tmp_path):
    old = os.umask(0o022)
    try:
        p = tmp_path / "c.txt"
        atomic_write_bytes(p, b"x")
        assert stat.S_IMODE(p.stat().st_mode) == 0o644
    finally:
        os.umask(old)


def test_csv_round_trip_keeps_empty_strings(tmp_path):
    df = pd.DataFrame({"a": ["", "x"], "b": [1.5, 2.0]})
    write_csv(df, tmp_path / "t.csv")
    assert csv_bytes(df).endswith(b"\n") and b"\r" not in csv_bytes(df)
    back = read_csv(tmp_path / "t.csv")
    assert back["a"].tolist() == ["", "x"]


def test_missing_csv_names_the_file(tmp_path):
    with pytest.raises(FramingError, match="t.csv"):
        read_csv(tmp_path / "t.csv")


def test_leftovers_of_killed_writes_are_recognised_and_removed(tmp_path):
    from helpers.core.storage import atomic_dir, atomic_file, is_leftover, remove_leftovers

    with atomic_file(tmp_path / "a.csv") as out:
        left_file = out.path
        out.path.write_text("x")
        os.link(out.path, tmp_path / "kept")  # what a kill before the rename leaves: the temp file
    (tmp_path / "kept").rename(left_file)
    with atomic_dir(tmp_path / "sub" / "chunk") as out:
        left_dir = out.path
    left_dir.mkdir()  # what a kill before the rename leaves: the temp folder
    mine = [tmp_path / ".bashrc", tmp_path / ".notes.tmp", tmp_path / "sub" / "x.tmp"]
    for p in mine:
        p.write_text("not ours")
    assert is_leftover(left_file) and is_leftover(left_dir)
    assert not any(is_leftover(p) for p in mine)
    assert remove_leftovers(tmp_path, recursive=False) == [left_file]
    assert remove_leftovers(tmp_path) == [left_dir]
    assert all(p.exists() for p in mine) and (tmp_path / "a.csv").read_text() == "x"


def test_candidate_cells_a_spreadsheet_would_run_are_guarded_and_accept_undoes_the_guard(tmp_path):
    import pandas as pd

    from helpers.core.storage import formula_safe, write_csv
    from helpers.measure.lexicon import REQUIRED_COLUMNS
    from helpers.run.discover import accepted_rows

    row = {"accept": "x", "entry": "=HYPERLINK(1)", "category": "naming", "subcategory": "a", "case_sensitive": "False",
           "note": "@note", "source": "s", "example": "-left [match] right", "count": 3}
    df = pd.DataFrame([row, {**row, "accept": "", "entry": "plain"}])[["accept", *REQUIRED_COLUMNS, "example", "count"]]
    path = tmp_path / "actors.csv"
    write_csv(formula_safe(df), path)
    text = path.read_text(encoding="utf-8")
    assert "'=HYPERLINK(1)" in text and "'-left" in text and "'@note" in text and ",plain," in text
    got = accepted_rows(path, "demo")
    assert list(got["entry"]) == ["=HYPERLINK(1)"] and list(got["note"]) == ["@note"]
