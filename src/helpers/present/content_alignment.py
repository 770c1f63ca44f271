"""Figure: content selection, the sentences each outlet shares with other outlets' coverage."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..compare import ordered_outlets
from ..core.escape import plot_text
from .style import (colour_ticklabels, finish_figure, join_notes, legend_right, outlet_palette,
                    palette_note, shown_events)
from .unavailable import groups_phrase, unavailable_figure


def plot_content_alignment(summary: pd.DataFrame, *, outlet_order: Sequence[str] | None = None,
                           max_events: int = 10, event_labels: dict[str, str] | None = None,
                           note: str | None = None):
    """Horizontal stacked bars per outlet (a panel per event): sentences with a
    counterpart in another outlet's coverage (shared, solid) and without
    (unique, light, hatched), from :func:`helpers.compare.align_content`.

    The panels share one x scale, numbered once under the last panel, so events
    compare by bar length; each panel is titled by the event's name
    (``event_labels``, e.g. the manifest's ``event_label`` column via
    :func:`helpers.run.labels.study_names`), else its id."""
    title = "Content selection: which sentences each outlet shares with other outlets' coverage"
    if summary.empty or summary["outlet"].nunique() < 2:
        return unavailable_figure(title, "Content selection compares an outlet's sentences with other outlets' "
                                  f"coverage of the same event; this corpus has {groups_phrase(summary['outlet'])}.")
    events, ev_note = shown_events(summary, max_events)
    s = summary[summary["event"].astype(str).isin(events)].copy()
    order = ordered_outlets(s["outlet"], outlet_order)
    pal = outlet_palette(order, order)
    fig, axes = plt.subplots(len(events), 1, squeeze=False, sharex=True, layout="constrained",
                             figsize=(9, sum(max(2.2, 0.45 * len(order) + 1.2) for _ in events)))
    x_max = max(1.0, float((s["shared"] + s["unique"]).max())) * 1.7  # room for the labels
    for ax, ev in zip(axes[:, 0], events):
        g = s[s["event"].astype(str) == ev].set_index("outlet")
        outs = [o for o in order if o in g.index]
        ys = np.arange(len(outs))
        shared = g.loc[outs, "shared"].to_numpy(float)
        unique = g.loc[outs, "unique"].to_numpy(float)
        colours = [pal[o] for o in outs]
        ax.barh(ys, shared, color=colours, height=0.65)
        ax.barh(ys, unique, left=shared, color=colours, alpha=0.28, hatch="//", edgecolor="white", height=0.65)
        for y, sh, un in zip(ys, shared, unique):
            tot = sh + un
            if tot:
                ax.text(sh + un, y, f"  {int(sh)} of {int(tot)} shared ({sh / tot:.0%})", va="center", fontsize=9)
        ax.set_yticks(ys, [plot_text(o) for o in outs])
        ax.set_ylim(len(outs) - 0.5, -0.5)
        ax.set_xlim(0, x_max)
        name = (event_labels or {}).get(ev) or ev
        ax.set_title(f"Event: {plot_text(name)}" if ev else "", loc="left")
        colour_ticklabels(ax.get_yticklabels(), pal)
    axes[-1, 0].set_xlabel("sentences")
    handles = [mpl.patches.Patch(facecolor="#555555", label="shared: a similar sentence in another outlet"),
               mpl.patches.Patch(facecolor="#555555", alpha=0.28, hatch="//", label="unique to this outlet")]
    legend_right(axes[0, 0], handles)
    thr = s["threshold"].iloc[0] if "threshold" in s.columns and len(s) else None
    finish_figure(fig, "Content selection: which sentences each outlet shares with other outlets' coverage",
            join_notes(f"Shared = TF-IDF cosine similarity >= {thr:g} with some sentence of another outlet on the same event."
                  if thr is not None else None, ev_note, palette_note(order), note))
    return fig, s.reset_index(drop=True)
