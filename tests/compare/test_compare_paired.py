"""Paired per-event differences (helpers.compare.paired)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from helpers import compare


def test_paired_event_differences():
    rows = []
    for ev, ra, rb in (("e1", 10, 5), ("e2", 8, 6), ("e3", 4, 6)):
        rows.append((f"{ev}a", "A", ev, "all", "all", "hedges", ra, 1000))
        rows.append((f"{ev}b", "B", ev, "all", "all", "hedges", rb, 1000))
    feats = pd.DataFrame(rows, columns=["article_id", "outlet", "event", "segment_group", "voice",
                                        "category", "count", "tokens"])
    out = compare.paired_event_differences(feats, "A", "B", n_boot=300)
    ev = out[out.level == "event"]
    assert list(ev.difference) == [5.0, 2.0, -2.0]
    mean = out[out.level == "mean"].iloc[0]
    assert mean.difference == pytest.approx(5 / 3) and mean.n_events == 3
    assert mean.n_events_a_higher == 2
    assert -2.0 <= mean.ci_low <= mean.difference <= mean.ci_high <= 5.0
    one = compare.paired_event_differences(feats[feats.event == "e1"], "A", "B", n_boot=50)
    assert math.isnan(one[one.level == "mean"].ci_low.iloc[0])
