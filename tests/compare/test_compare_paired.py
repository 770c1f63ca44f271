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


# ------------------------------------------------------------------ the family of all pairs

def _features(spec):
    """spec: (outlet, event, count) rows, 1,000 tokens each, category hedges."""
    return pd.DataFrame([(f"{o}{e}", o, e, "all", "own", "hedges", c, 1000) for o, e, c in spec],
                        columns=["article_id", "outlet", "event", "segment_group", "voice",
                                 "category", "count", "tokens"])


def test_holm_and_bh_adjustments_match_hand_computation():
    import numpy as np
    p = np.array([0.01, 0.04, 0.03, np.nan, 0.20])
    # Holm: sorted 0.01, 0.03, 0.04, 0.20 times 4, 3, 2, 1 -> 0.04, 0.09, 0.08 -> monotone 0.09, 0.20
    np.testing.assert_allclose(compare.holm_adjust(p), [0.04, 0.09, 0.09, np.nan, 0.20])
    # BH: p * 4 / rank -> 0.04, 0.06, 0.0533, 0.20 -> running min from the top
    np.testing.assert_allclose(compare.bh_adjust(p), [0.04, 0.04 * 4 / 3 * 1.0, 0.04 * 4 / 3, np.nan, 0.20])


def test_sign_flip_p_exact_and_floor():
    import numpy as np
    rng = np.random.default_rng(0)
    assert compare.sign_flip_p(np.array([1.0, 2.0]), rng) == 0.5          # 2 events: p >= 0.5
    assert compare.sign_flip_p(np.array([1.0] * 6), rng) == 2 / 64        # all same sign: the floor
    assert compare.sign_flip_p(np.array([1.0, -1.0, 2.0, -2.0]), rng) == 1.0
    big = compare.sign_flip_p(np.arange(1.0, 21.0), rng, n_perm=999)      # Monte Carlo, never 0
    assert big == 1 / 1000


def test_paired_comparisons_every_pair_with_reasons_and_adjustment():
    spec = [(o, f"e{i}", base + i % 3) for i in range(8) for o, base in (("A", 20), ("B", 5), ("C", 6))]
    spec += [("D", "e0", 3), ("E", "x9", 1)]   # D shares one event, E none
    t = compare.paired_comparisons(_features(spec), voice="own", n_boot=300, categories=["hedges"])
    assert list(t.columns) == compare.PAIRED_COLUMNS
    assert len(t) == 10                                          # every pair of 5 groups
    ab = t[(t.outlet_a == "A") & (t.outlet_b == "B")].iloc[0]
    assert ab.comparable and ab.n_events == 8 and ab.difference == pytest.approx(15.0)
    assert ab.ci_low == pytest.approx(15.0) and ab.p_value == pytest.approx(2 / 256)
    assert ab.p_holm == pytest.approx(min(1.0, ab.p_value * 3)) and ab.differs
    bc = t[(t.outlet_a == "B") & (t.outlet_b == "C")].iloc[0]
    assert bc.difference == pytest.approx(-1.0) and bc.differs      # B always one below C
    ad = t[(t.outlet_a == "A") & (t.outlet_b == "D")].iloc[0]
    assert not ad.comparable and ad.n_events == 1 and "one shared event" in ad.reason
    assert ad.difference == pytest.approx(17.0) and math.isnan(ad.p_value)
    ae = t[(t.outlet_a == "A") & (t.outlet_b == "E")].iloc[0]
    assert ae.reason == "no shared event" and ae.n_events == 0 and not ae.differs
    assert t.comparable.sum() == 3 and t.p_holm.notna().sum() == 3  # the family: comparable rows only
    # named contrasts, in the study's direction; an unknown group is listed with its reason
    named = compare.paired_comparisons(_features(spec), pairs=[("C", "A"), ("A", "Z")], voice="own", n_boot=50)
    assert list(zip(named.outlet_a, named.outlet_b)) == [("C", "A"), ("A", "Z")]
    assert named.difference.iloc[0] < 0 and named.reason.iloc[1] == "no articles of Z"
    assert named.p_holm.iloc[0] == named.p_value.iloc[0]          # a family of one
    # same seed, same table
    pd.testing.assert_frame_equal(t, compare.paired_comparisons(_features(spec), voice="own", n_boot=300,
                                                                categories=["hedges"]))


def test_paired_comparisons_of_empty_and_single_group_tables():
    empty = compare.paired_comparisons(_features([]), voice="own")
    assert empty.empty and list(empty.columns) == compare.PAIRED_COLUMNS
    one = compare.paired_comparisons(_features([("A", "e1", 1), ("A", "e2", 2)]), voice="own")
    assert one.empty


def test_describe_paired_names_groups_from_the_data():
    from helpers import present
    spec = [(o, f"e{i}", base + i % 3) for i in range(8) for o, base in (("Left Daily", 20), ("Right Post", 5))]
    t = compare.paired_comparisons(_features(spec), voice="own", n_boot=300, categories=["hedges"])
    text = present.describe_paired(t, ["hedges"], unit="lean")
    assert text.startswith("- **Hedges**: of 1 lean pair sharing ≥ 2 events, 1 differs after Holm adjustment: "
                           "Left Daily uses more than Right Post (+15.0 per 1,000 tokens")
    assert "8 events, Holm p = 0.008" in text
    few = compare.paired_comparisons(_features([(o, e, c) for o, e, c in spec if e in ("e0", "e1")]),
                                     voice="own", n_boot=50, categories=["hedges"])
    assert "none differ after Holm adjustment" in present.describe_paired(few, ["hedges"])
    assert "cannot give p below 0.5" in present.describe_paired(few, ["hedges"])
    lone = compare.paired_comparisons(_features([("A", "e1", 1), ("B", "e1", 2), ("B", "e2", 1)]),
                                      voice="own", categories=["hedges"])
    assert present.describe_paired(lone, ["hedges"]) == (
        "- **Hedges**: no outlet pair shares two or more events, so no paired comparison by event can be "
        "made (1 of 1 pair shares one event, 0 none).")
    assert "fewer than two outlets" in present.describe_paired(lone.iloc[:0], ["hedges"])


def test_describe_paired_escapes_names():
    from helpers import present
    spec = [(o, f"e{i}", base + i % 3) for i in range(8) for o, base in (("<b>A*", 20), ("B_", 5))]
    text = present.describe_paired(compare.paired_comparisons(_features(spec), voice="own", n_boot=50,
                                                              categories=["hedges"]), ["hedges"])
    assert "<b>" not in text and "A*" not in text and "uses more than" in text
