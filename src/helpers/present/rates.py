"""Figure: framing markers per 1,000 tokens by outlet and voice, with bootstrap intervals.

Panels of one category share their x scale (events compare by position), each
point is labelled with its count of markers, and event rows are labelled by
the event's name (``event_labels``, e.g. the manifest's ``event_label``
column via :func:`helpers.run.labels.study_names`), else its id.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..compare import ordered_outlets
from ..core.escape import plot_text
from .labels import category_name
from .style import (MAX_HEIGHT, colour_ticklabels, finish_figure, join_notes, legend_right,
                    outlet_palette, palette_note, shown_events)
from .unavailable import unavailable_figure


MAX_COUNT_LABELS = 120


def plot_category_rates(rates: pd.DataFrame, *, categories: Sequence[str] | None = None,
                        voices: Sequence[str] = ("own", "quoted"),
                        outlet_order: Sequence[str] | None = None, max_events: int = 10,
                        event_labels: dict[str, str] | None = None, note: str | None = None):
    """Dot plot: rate per 1,000 tokens by outlet, one panel per category, one row
    per event (when ``rates`` has an event column), own voice as filled circles
    and quoted voice as open diamonds, bootstrap intervals as lines.
    """
    r = rates[rates["voice"].isin(voices)].copy()
    if categories is not None:
        r = r[r["category"].isin(categories)]
    if r.empty:
        return unavailable_figure("Framing markers per 1,000 tokens by outlet",
                                  "No rates to draw: this corpus has no measured tokens in these categories "
                                  "and voices (no articles, or no text after cleaning).")
    cats = list(categories) if categories is not None else sorted(r["category"].unique())
    cats = [c for c in cats if c in set(r["category"])]
    order = ordered_outlets(r["outlet"], outlet_order)
    pal = outlet_palette(order, order)
    row_h = max(2.6, 0.45 * len(order) + 1.0)
    # many outlets x many events: fewer event rows, so the figure stays under MAX_HEIGHT
    events, ev_note = shown_events(r, max(1, min(max_events, int(MAX_HEIGHT // row_h))))
    if "event" in r.columns:
        r = r[r["event"].astype(str).isin(events)]
    n_rows, n_cols = len(events), len(cats)
    fig, axes = plt.subplots(n_rows, n_cols, squeeze=False, sharey=True, sharex="col", layout="constrained",
                             figsize=(max(6.0, 3.2 * n_cols), row_h * n_rows))
    marks = {"own": ("o", "full"), "quoted": ("D", "none"), "all": ("s", "full")}
    offsets = dict(zip(voices, np.linspace(-0.18, 0.18, len(voices)) if len(voices) > 1 else [0.0]))
    y_of = {o: i for i, o in enumerate(order)}
    # a count beside every point while they stay readable (and cheap to draw); past
    # that the counts are in the CSV and the caption says so
    label_counts = len(r) <= MAX_COUNT_LABELS
    for ri, ev in enumerate(events):
        for ci, cat in enumerate(cats):
            ax = axes[ri][ci]
            sub = r[(r["category"] == cat) & ((r["event"].astype(str) == ev) if "event" in r.columns else True)]
            for row in sub.itertuples():
                y = y_of[row.outlet] + offsets[row.voice]
                m, fill = marks.get(row.voice, ("o", "full"))
                col = pal[row.outlet]
                if np.isfinite(row.ci_low):
                    ax.plot([row.ci_low, row.ci_high], [y, y], color=col, lw=1.6, alpha=0.8)
                ax.plot([row.rate_per_1000], [y], marker=m, ms=7, color=col, fillstyle=fill,
                        markeredgewidth=1.5, linestyle="none")
                if label_counts and np.isfinite(row.count):
                    right = row.ci_high if np.isfinite(row.ci_high) else row.rate_per_1000
                    ax.annotate(f"{int(round(row.count))}", (right, y), xytext=(3, 0), textcoords="offset points",
                                va="center", fontsize=7, color="#444444")
            ax.set_yticks(range(len(order)), [plot_text(o) for o in order])
            ax.set_ylim(len(order) - 0.5, -0.5)
            if ri == 0:
                ax.set_title(plot_text(category_name(cat)))
            if ci == 0 and ev and n_rows > 1:
                name = (event_labels or {}).get(ev) or (f"event {ev}" if ev.isdigit() else ev)
                ax.set_ylabel(plot_text(name), rotation=0, ha="right", va="center", fontweight="bold", labelpad=8)
            ax.set_xlabel("per 1,000 tokens" if ri == n_rows - 1 else "")
            colour_ticklabels(ax.get_yticklabels(), pal)
    for ci, cat in enumerate(cats):  # one x scale per category, set once all rows are drawn
        c = r[r["category"] == cat]
        top = np.nanmax(np.concatenate([c["rate_per_1000"].to_numpy(float), c["ci_high"].to_numpy(float)]))
        axes[0][ci].set_xlim(0, (top if np.isfinite(top) and top > 0 else 1.0) * 1.12)
    handles = [mpl.lines.Line2D([], [], marker=marks.get(v, ("o", "full"))[0], color="#333333",
                                fillstyle=marks.get(v, ("o", "full"))[1], linestyle="none",
                                label=f"{v} voice" if v != "all" else "all text") for v in voices]
    legend_right(axes[0][-1], handles)
    units = sorted(set(r["resampled"])) if "resampled" in r.columns else []
    ci = float(r["ci"].iloc[0]) if "ci" in r.columns else 0.95
    unit_text = {"sentences": "sentences within the outlet's single article",
                 "articles": "the outlet's articles", "none": "none (one article, no sentences)"}
    caption = join_notes("Numbers: markers counted." if label_counts else
                         "Markers counted: the count column of the CSV.",
                         f"Lines: {ci:.0%} percentile bootstrap intervals; resampling unit: "
                    + "; ".join(unit_text.get(u, u) for u in units) + "." if units else None,
                    ev_note, palette_note(order), note)
    finish_figure(fig, "Framing markers per 1,000 tokens by outlet, in the outlet's own voice and in quotes",
            caption)
    cols = [c for c in r.columns]
    return fig, r[cols].reset_index(drop=True)
