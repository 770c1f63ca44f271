"""The sample-size caveat (helpers.compare.outlets)."""

from __future__ import annotations

from helpers import compare
from compare_util import articles_table


def test_sample_size_note_reflects_counts():
    one_each = compare.sample_size_note(articles_table([("a1", "X", "e"), ("b1", "Y", "e")]))
    assert "X: 1, Y: 1" in one_each and "one article" in one_each and "one event" in one_each
    several = compare.sample_size_note(articles_table([("a1", "X", "e"), ("a2", "X", "f"), ("b1", "Y", "e"),
                                                       ("b2", "Y", "f")]))
    assert "resample articles" in several and "one article" not in several
