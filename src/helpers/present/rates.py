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
    """Dot plot: rate per 1,000 tokens by outlet, one panel per category (its
    events, when ``rates`` has several, stacked in it as named blocks of outlet
    rows), own voice as filled circles and quoted voice as open diamonds,
    bootstrap intervals as lines.

    Drawn with matplotlib collections, not seaborn's ``pointplot`` (checked
    again with seaborn 0.13.2): ``pointplot`` aggregates raw observations per
    point and its ``errorbar`` is a method name or a function of those
    observations, never given bounds. These intervals are precomputed
    bootstrap percentiles of a ratio (markers / tokens, resampling sentences or
    articles: :func:`helpers.compare.category_rates`), so ``pointplot`` could only
    draw them from made-up rows (low, rate, high as three "observations"), and
    it cannot open the markers of one hue level (the quoted voice).
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
    marks = {"own": ("o", "full"), "quoted": ("D", "none"), "all": ("s", "full")}
    offsets = dict(zip(voices, np.linspace(-0.18, 0.18, len(voices)) if len(voices) > 1 else [0.0]))
    multi = "event" in r.columns and r["event"].astype(str).nunique() > 1
    # Several events: one panel per category, the events stacked in it as blocks of
    # outlet rows under the event's name. (One panel per event and category made 40
    # panels for 10 events, most of this notebook's time and memory, bench.small.)
    block = len(order) + 1.2 if multi else len(order)
    row_in = 0.3 if multi else max(2.6, 0.45 * len(order) + 1.0) / len(order)
    events, ev_note = shown_events(r, max(1, min(max_events, int((MAX_HEIGHT - 1.5) // (row_in * block)))))
    if "event" in r.columns:
        r = r[r["event"].astype(str).isin(events)]
    base = {ev: k * block + (1.0 if multi else 0.0) for k, ev in enumerate(events)}
    n_cols = len(cats)
    height = row_in * block * len(events) + (1.5 if multi else 0.0)
    fig, axes = plt.subplots(1, n_cols, squeeze=False, sharey=True, layout="constrained",
                             figsize=(max(6.0, 3.2 * n_cols), max(2.6, height)))
    y_of = {o: i for i, o in enumerate(order)}
    ev_col = r["event"].astype(str) if "event" in r.columns else pd.Series("", index=r.index)
    y_all = (ev_col.map(base) + r["outlet"].map(y_of) + r["voice"].map(offsets)).to_numpy(float)
    # a count beside every point while they stay readable (and cheap to draw); past
    # that the counts are in the CSV and the caption says so
    label_counts = len(r) <= MAX_COUNT_LABELS
    for ci, cat in enumerate(cats):
        ax = axes[0][ci]
        in_cat = (r["category"] == cat).to_numpy()
        sub, ys = r[in_cat], y_all[in_cat]
        colours = [pal[o] for o in sub["outlet"]]
        finite = np.isfinite(sub["ci_low"].to_numpy(float))
        ax.add_collection(mpl.collections.LineCollection(
            [[(lo, y), (hi, y)] for lo, hi, y in zip(sub["ci_low"][finite], sub["ci_high"][finite], ys[finite])],
            colors=[c for c, f in zip(colours, finite) if f], linewidths=1.6, alpha=0.8))
        for voice in voices:  # one marker collection per voice: filled circles, open diamonds
            v = (sub["voice"] == voice).to_numpy()
            if v.any():
                m, fill = marks.get(voice, ("o", "full"))
                vc = [c for c, keep in zip(colours, v) if keep]
                # clip_on=False: a rate of 0 sits on the axis and is drawn whole, not halved
                ax.scatter(sub["rate_per_1000"][v], ys[v], marker=m, s=49, linewidths=1.5, zorder=3,
                           edgecolors=vc, facecolors=vc if fill == "full" else "none", clip_on=False)
        if label_counts:
            for row, y in zip(sub.itertuples(), ys):
                if np.isfinite(row.count):
                    right = row.ci_high if np.isfinite(row.ci_high) else row.rate_per_1000
                    ax.annotate(f"{int(round(row.count))}", (right, y), xytext=(6, 0), textcoords="offset points",
                                va="center", fontsize=7, color="#444444")
        ticks = [base[ev] + i for ev in events for i in range(len(order))]
        if ci == 0:  # the panels share the y axis: its ticks and labels are set once, for all
            ax.set_yticks(ticks, [plot_text(o) for _ in events for o in order])
            ax.set_ylim(max(ticks) + 0.6, -0.6 if not multi else -0.2)
            colour_ticklabels(ax.get_yticklabels(), pal)
        ax.set_title(plot_text(category_name(cat)))
        ax.set_xlabel("per 1,000 tokens")
        c = r[r["category"] == cat]  # one x scale per category
        top = np.nanmax(np.concatenate([c["rate_per_1000"].to_numpy(float), c["ci_high"].to_numpy(float)]))
        ax.set_xlim(0, (top if np.isfinite(top) and top > 0 else 1.0) * 1.12)
        if multi:
            for ev in events:
                if ci == 0:  # the event's name heads its block, above its outlets
                    name = (event_labels or {}).get(ev) or (f"event {ev}" if ev.isdigit() else ev)
                    ax.text(0.0, base[ev] - 0.75, plot_text(name), transform=ax.get_yaxis_transform(), ha="left",
                            va="center", fontweight="bold", fontsize=10)
                if base[ev] > 1.0:
                    ax.axhline(base[ev] - 1.1, color="#bbbbbb", lw=0.8)
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
