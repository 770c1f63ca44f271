"""Naming shares (helpers.compare.naming)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import compare


def test_naming_shares_sum_to_one():
    naming = pd.DataFrame([
        ("a1", "X", "e", "iran", "Iran", 5), ("a1", "X", "e", "iran", "Tehran", 3),
        ("a1", "X", "e", "iran", "the regime", 2), ("a2", "Y", "e", "iran", "Iran", 4),
        ("a2", "Y", "e", "us", "Washington", 2), ("a2", "Y", "e", "us", "the US", 1),
        ("a3", "X", "e", "us", "Washington", 0),
    ], columns=["article_id", "outlet", "event", "actor", "surface_form", "count"])
    out = compare.naming_shares(naming)
    sums = out.groupby(["outlet", "actor"])["share"].sum()
    np.testing.assert_allclose(sums.to_numpy(), 1.0)
    assert ("X", "us") not in sums.index  # never named: no shares
    y_iran = out[(out.outlet == "Y") & (out.actor == "iran")].set_index("surface_form")
    assert y_iran.loc["the regime", "count"] == 0 and y_iran.loc["Iran", "share"] == 1.0
    assert out[(out.outlet == "X") & (out.surface_form == "Tehran")].share.iloc[0] == pytest.approx(0.3)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["X", "Y", "Z"]), st.sampled_from(["iran", "us"]),
                          st.sampled_from(["f1", "f2", "f3"]), st.integers(0, 5)), min_size=1, max_size=25))
def test_naming_shares_property(rows):
    naming = pd.DataFrame([(f"a{i}", o, "e", a, f, c) for i, (o, a, f, c) in enumerate(rows)],
                          columns=["article_id", "outlet", "event", "actor", "surface_form", "count"])
    out = compare.naming_shares(naming)
    if len(out):
        np.testing.assert_allclose(out.groupby(["outlet", "actor"])["share"].sum().to_numpy(), 1.0)
        assert (out["count"] <= out["total"]).all()
    assert out["count"].sum() == naming["count"].sum()
