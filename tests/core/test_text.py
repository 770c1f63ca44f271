"""The one KWIC context rule (helpers.core.text), shared by the notebooks' KWIC
tables and validation's error lines."""

from __future__ import annotations

import pytest

from helpers.core.text import kwic_context, one_line


def test_context_is_cut_at_width_and_whitespace_runs_read_as_one_space():
    text = "Iran denied it.\n\nThe report, citing\tofficials, said missiles were moved."
    start = text.index("citing")
    left, match, right = kwic_context(text, start, start + len("citing"), 12)
    assert (left, match, right) == ("d it. The report, "[-12:], "citing", " officials, ")
    assert len(left) == 12 and len(right) == 12


def test_context_at_the_edges_and_zero_width():
    text = "Reportedly, Iran moved missiles"
    assert kwic_context(text, 0, 10, 5) == ("", "Reportedly", ", Ira")
    assert kwic_context(text, 25, 31, 0) == ("", text[25:31], "")
    assert one_line("a \n\n\t b") == "a b"
    with pytest.raises(ValueError):
        kwic_context(text, 0, 1, -1)
