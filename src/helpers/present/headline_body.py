"""Figure: markers in the headline and lede versus the body, per outlet (dumbbells).

A headline and lede are short (the seed's are 28 and 57 tokens), so one marker
there is a rate of 17-35 per 1,000 tokens: each point carries its count and
tokens and a 95 % exact Poisson interval for the rate (Garwood 1936,
*Biometrika* 28; tokens as the exposure), and every panel shares one x scale,
so a reader compares categories by position, not by tick labels.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from scipy.stats import chi2

from ..compare import ordered_outlets
from ..core.escape import plot_text
from .labels import category_name
from .style import (colour_ticklabels, finish_figure, join_notes, legend_right, outlet_palette,
                    palette_note)
from .unavailable import unavailable_figure

LEVEL = 0.95


def poisson_interval(count: np.ndarray, tokens: np.ndarray, level: float = LEVEL) -> tuple[np.ndarray, np.ndarray]:
    """Exact (Garwood) interval of a rate per 1,000 tokens for ``count`` events in ``tokens``."""
    count, tokens = np.asarray(count, dtype=float), np.asarray(tokens, dtype=float)
    alpha = 1 - level
    with np.errstate(invalid="ignore", divide="ignore"):
        low = np.where(count > 0, chi2.ppf(alpha / 2, 2 * count) / 2, 0.0)
        high = chi2.ppf(1 - alpha / 2, 2 * count + 2) / 2
        scale = np.where(tokens > 0, 1000.0 / tokens, np.nan)
    return low * scale, high * scale


def plot_headline_vs_body(table: pd.DataFrame, *, outlet_order: Sequence[str] | None = None,
                          categories: Sequence[str] | None = None, note: str | None = None):
    """Dumbbell plot from :func:`helpers.compare.headline_vs_body`: each outlet's
    rate per 1,000 tokens in headline + lede (filled) and body (open) with its 95 %
    interval and its count ("k/tokens"), one panel per category on one shared x scale.

    Drawn with matplotlib, not seaborn's ``pointplot``: each point is one count
    over one exposure with an exact interval computed from them, not an
    aggregate of observations, which is all ``pointplot`` draws intervals for
    (see :func:`helpers.present.plot_category_rates`)."""
    t = table if categories is None else table[table["category"].isin(categories)]
    t = t.copy()
    t["rate_low"], t["rate_high"] = poisson_interval(t["count"], t["tokens"])
    cats = sorted(t["category"].unique()) if categories is None else [c for c in categories if c in set(t["category"])]
    if not cats:
        return unavailable_figure("Markers in the headline and lede versus the body",
                                  "No rates to compare: this corpus has no measured tokens in these categories "
                                  "(no articles, or no text after cleaning).")
    order = ordered_outlets(t["outlet"], outlet_order)
    pal = outlet_palette(order, order)
    fig, axes = plt.subplots(1, len(cats), squeeze=False, sharey=True, sharex=True, layout="constrained",
                             figsize=(max(6, 3.2 * len(cats)), max(2.8, 0.7 * len(order) + 1.6)))
    x_max = float(np.nanmax(t["rate_high"])) if len(t) else 1.0
    for ax, cat in zip(axes[0], cats):
        g = t[t["category"] == cat]
        for i, o in enumerate(order):
            go = g[g["outlet"] == o].set_index("segment_group")
            rows = [(go.loc[s] if s in go.index else None, dy, filled)
                    for s, dy, filled in (("headline_lede", -0.17, True), ("body", 0.17, False))]
            xs = [r["rate_per_1000"] if r is not None else np.nan for r, _, _ in rows]
            ax.plot(xs, [i - 0.17, i + 0.17], color=pal[o], lw=1.0, alpha=0.5)
            for r, dy, filled in rows:
                if r is None:
                    continue
                y = i + dy
                ax.plot([r["rate_low"], r["rate_high"]], [y, y], color=pal[o], lw=1.6, alpha=0.8,
                        solid_capstyle="butt")
                ax.plot([r["rate_per_1000"]], [y], "o", color=pal[o], ms=7,
                        fillstyle="full" if filled else "none", markeredgewidth=1.5,
                        markerfacecolor=pal[o] if filled else "white",
                        clip_on=False)  # a rate of 0 sits on the axis: drawn whole, not halved
                ax.annotate(f"{int(r['count'])}/{int(r['tokens'])}", (r["rate_high"], y), xytext=(3, 0),
                            textcoords="offset points", va="center", fontsize=7.5, color="#444444")
        ax.set_yticks(range(len(order)), [plot_text(o) for o in order])
        ax.set_ylim(len(order) - 0.5, -0.5)
        ax.set_xlim(0, x_max * 1.25)
        ax.set_title(plot_text(category_name(cat)))
        ax.set_xlabel("per 1,000 tokens")
        colour_ticklabels(ax.get_yticklabels(), pal)
    handles = [mpl.lines.Line2D([], [], marker="o", color="#333333", linestyle="none", label="headline + lede"),
               mpl.lines.Line2D([], [], marker="o", color="#333333", fillstyle="none", linestyle="none",
                                label="body"),
               mpl.lines.Line2D([], [], color="#333333", lw=1.6, label="95% interval")]
    legend_right(axes[0][-1], handles)
    finish_figure(fig, "Markers in the headline and lede versus the body, per 1,000 tokens",
                  join_notes("Labels: markers/tokens. Lines: 95% exact Poisson intervals (Garwood 1936); "
                             "a headline and lede are a few dozen tokens, so one marker there is a high rate "
                             "with a wide interval.", palette_note(order), note))
    return fig, t.reset_index(drop=True)
