"""Figure: markers in the headline and lede versus the body, per outlet (dumbbells)."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..compare import ordered_outlets
from .style import (colour_ticklabels, finish_figure, join_notes, legend_right, outlet_palette,
                    palette_note)
from .unavailable import unavailable_figure


def plot_headline_vs_body(table: pd.DataFrame, *, outlet_order: Sequence[str] | None = None,
                          categories: Sequence[str] | None = None, note: str | None = None):
    """Dumbbell plot from :func:`helpers.compare.headline_vs_body`: each outlet's
    rate per 1,000 tokens in headline + lede (filled) and body (open), one
    panel per category."""
    t = table if categories is None else table[table["category"].isin(categories)]
    cats = sorted(t["category"].unique()) if categories is None else [c for c in categories if c in set(t["category"])]
    if not cats:
        return unavailable_figure("Markers in the headline and lede versus the body",
                                  "No rates to compare: this corpus has no measured tokens in these categories "
                                  "(no articles, or no text after cleaning).")
    order = ordered_outlets(t["outlet"], outlet_order)
    pal = outlet_palette(order, order)
    fig, axes = plt.subplots(1, len(cats), squeeze=False, sharey=True, layout="constrained",
                             figsize=(max(6, 3.0 * len(cats)), max(2.6, 0.45 * len(order) + 1.4)))
    for ax, cat in zip(axes[0], cats):
        g = t[t["category"] == cat]
        for i, o in enumerate(order):
            go = g[g["outlet"] == o].set_index("segment_group")["rate_per_1000"]
            hl, bd = go.get("headline_lede", np.nan), go.get("body", np.nan)
            ax.plot([hl, bd], [i, i], color=pal[o], lw=1.2, alpha=0.6)
            ax.plot([hl], [i], "o", color=pal[o], ms=8)
            ax.plot([bd], [i], "o", color=pal[o], ms=8, fillstyle="none", markeredgewidth=1.5)
        ax.set_yticks(range(len(order)), order)
        ax.set_ylim(len(order) - 0.5, -0.5)
        ax.set_xlim(left=0)
        ax.set_title(cat.replace("_", " "))
        ax.set_xlabel("per 1,000 tokens")
        colour_ticklabels(ax.get_yticklabels(), pal)
    handles = [mpl.lines.Line2D([], [], marker="o", color="#333333", linestyle="none", label="headline + lede"),
               mpl.lines.Line2D([], [], marker="o", color="#333333", fillstyle="none", linestyle="none",
                                label="body")]
    legend_right(axes[0][-1], handles)
    finish_figure(fig, "Markers in the headline and lede versus the body, per 1,000 tokens",
            join_notes(palette_note(order), note))
    return fig, t.reset_index(drop=True)
