"""Figure: who is quoted, with which reporting verbs, and how much of the text is quoted."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd

from ..compare import ordered_outlets
from ..core.escape import plot_text
from .style import (NEUTRAL, colour_ticklabels, finish_figure, join_notes, outlet_palette,
                    palette_note)
from .unavailable import unavailable_figure


SOURCE_COLOURS = {  # darker = more accountable attribution; evaluative verbs stand out
    "named_person": "#1f3b5a", "named_institution": "#5b84b1", "anonymous": "#b9b9b9",
    "unattributed": "#e6e6e6", "neutral": "#9c9c9c", "evaluative": "#a23b72",
}


def plot_source_profile(profile: pd.DataFrame, *, outlet_order: Sequence[str] | None = None,
                        note: str | None = None):
    """Three panels from :func:`helpers.compare.source_profile`, one row per
    outlet: who is quoted (direct quotes by speaker class, stacked shares), how
    speech is reported (neutral vs evaluative reporting verbs) and how much of
    the text is quoted speech (bar in the outlet's colour)."""
    if profile.empty:
        return unavailable_figure("Sources and reporting verbs by outlet",
                                  "No quotations or reporting verbs to profile: this corpus has no articles with text.")
    order = ordered_outlets(profile["outlet"], outlet_order)
    pal = outlet_palette(order, order)
    groups = [("speaker_class", "Who is quoted\n(share of direct quotes)"),
              ("verb_class", "Reporting verbs\n(share of verbs of saying)"),
              ("voice", "Quoted speech\n(share of all tokens)")]
    data = profile[profile["group"].isin([g for g, _ in groups])].copy()
    fig, axes = plt.subplots(1, 3, sharey=True, layout="constrained",
                             gridspec_kw={"width_ratios": [1.6, 1.2, 1.0]},
                             figsize=(12, max(2.6, 0.42 * len(order) + 1.8)))
    y_of = {o: i for i, o in enumerate(order)}
    label_counts = len(order) <= 12
    for ax, (group, title) in zip(axes, groups):
        g = data[data["group"] == group]
        items = list(dict.fromkeys(g["item"]))
        left = {o: 0.0 for o in order}
        for item in items:
            gi = g[g["item"] == item]
            ys = [y_of[o] for o in gi["outlet"]]
            lefts = [left[o] for o in gi["outlet"]]
            shares = gi["share"].fillna(0).to_numpy(float)
            colours = [pal[o] for o in gi["outlet"]] if group == "voice" else SOURCE_COLOURS.get(item, NEUTRAL)
            ax.barh(ys, shares, left=lefts, height=0.68, color=colours, edgecolor="white",
                    label=item.replace("_", " "))
            for o, sh, c, l0 in zip(gi["outlet"], shares, gi["count"], lefts):
                if label_counts and group == "voice":
                    ax.text(l0 + sh + 0.02, y_of[o], f"{sh:.0%} ({int(c)} tokens)", va="center",
                            fontsize=8, color="#222222")
                elif label_counts and sh >= 0.1:
                    dark = group != "voice" and item in ("named_person", "evaluative")
                    ax.text(l0 + sh / 2, y_of[o], f"{int(c)}", ha="center", va="center", fontsize=8,
                            color="white" if dark else "#222222")
                left[o] += sh
        if group == "voice":  # the rest of the text, for scale
            ax.barh(range(len(order)), [1 - left[o] for o in order], left=[left[o] for o in order],
                    height=0.68, color="#f0f0f0", edgecolor="white")
        ax.set_xlim(0, 1)
        ax.xaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0))
        ax.set_title(title)
        ax.set_xlabel("share")
        ax.grid(axis="y", visible=False)
        if group != "voice":
            below = ax.transAxes + mpl.transforms.ScaledTranslation(0, -0.62, fig.dpi_scale_trans)
            ax.legend(loc="upper center", bbox_to_anchor=(0.5, 0.0), bbox_transform=below,
                      ncol=2, frameon=False, fontsize=8)  # under the x label, whatever the height
    axes[0].set_yticks(range(len(order)), [plot_text(o) for o in order])
    axes[0].set_ylim(len(order) - 0.5, -0.5)
    colour_ticklabels(axes[0].get_yticklabels(), pal)
    finish_figure(fig, "Sources and attribution by outlet: who is quoted, with which verbs, and how much",
            join_notes("Numbers in bars: counts (quotes, verbs, tokens in quotes)." if label_counts else None,
                  "Rows without bars: the outlet has no direct quotes / reporting verbs.", palette_note(order),
                  note))
    return fig, data.reset_index(drop=True)
