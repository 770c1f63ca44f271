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
