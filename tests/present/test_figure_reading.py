"""What a reader sees in the figures: markers that are not outlets, intervals with counts, names."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from helpers import compare, present
from helpers.core.study import SEED_STUDY, Study
from helpers.present.framing_map import MARKER_STYLE
from helpers.present.headline_body import poisson_interval
from helpers.present.validation import wilson_interval
from helpers.run import tables


def test_framing_map_markers_use_no_outlet_hue():
    outlets = {matplotlib.colors.to_hex(c) for c in present.OUTLET_COLOURS}
    for marker, colour, _ in MARKER_STYLE.values():
        assert matplotlib.colors.to_hex(colour) not in outlets
        r, g, b = matplotlib.colors.to_rgb(colour)
        assert max(r, g, b) - min(r, g, b) < 0.05  # black, grey or white: no hue at all


def test_exact_poisson_interval_of_a_headline_rate():
    low, high = poisson_interval(np.array([0, 1]), np.array([57, 57]))
    assert low[0] == 0 and abs(high[0] - 3.6889 / 57 * 1000) < 0.01
    assert abs(low[1] - 0.02532 / 57 * 1000) < 0.01 and abs(high[1] - 5.5716 / 57 * 1000) < 0.01


def test_wilson_interval_matches_the_formula():
    low, high = wilson_interval(np.array([11, 0]), np.array([13, 0]))
    assert abs(low[0] - 0.5777) < 1e-3 and abs(high[0] - 0.9567) < 1e-3
    assert np.isnan(low[1]) and np.isnan(high[1])


def test_headline_figure_shares_its_scale_and_shows_counts():
    study = Study.open(SEED_STUDY)
    hvb = compare.headline_vs_body(tables.read_table(study, "features"))
    fig, data = present.plot_headline_vs_body(hvb, categories=["hedges", "boosters"])
    axes = fig.axes
    assert axes[0].get_xlim() == axes[1].get_xlim()
    labels = {t.get_text() for ax in axes for t in ax.texts}
    want = {f"{int(c)}/{int(t)}" for c, t in zip(data["count"], data["tokens"])}
    assert want <= labels
    assert (data["rate_low"] <= data["rate_per_1000"]).all() and (data["rate_per_1000"] <= data["rate_high"]).all()
    assert [ax.get_title() for ax in axes[:2]] == ["Hedges", "Boosters"]  # in the order asked
    plt.close(fig)


def test_naming_panels_are_titled_by_display_name():
    study = Study.open(SEED_STUDY)
    shares = compare.naming_shares(tables.read_table(study, "naming"))
    fig, data = present.plot_naming_shares(shares, max_actors=3)
    titles = [ax.get_title(loc="left") for ax in fig.axes if ax.get_visible()]
    assert titles and all("_" not in t and t[:1].isupper() for t in titles)
    # one shared axis: tick labels only under the last panel
    fig.canvas.draw()
    shown = [any(t.get_text() for t in ax.get_xticklabels() if t.get_visible()) for ax in fig.axes[:len(titles)]]
    assert shown[-1] and not any(shown[:-1])
    plt.close(fig)


def test_validation_figure_carries_counts_and_intervals():
    scores = pd.DataFrame({"category": ["hedges", "hedges"], "level": ["overlap", "exact"],
                           "n_gold": [13, 13], "n_predicted": [11, 11], "tp": [11, 10], "fp": [0, 1],
                           "fn": [2, 3], "precision": [1.0, 10 / 11], "recall": [11 / 13, 10 / 13]})
    fig, data = present.plot_validation_scores(scores)
    texts = {t.get_text() for t in fig.axes[0].texts}
    assert {"11/11", "11/13"} <= texts
    assert {"matched", "of", "low", "high"} <= set(data.columns)
    assert "Hedges" in fig.axes[0].get_yticklabels()[0].get_text()
    plt.close(fig)
