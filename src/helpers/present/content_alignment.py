"""Figure: content selection, the sentences each outlet shares with other outlets' coverage."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from ..compare import ordered_outlets
from ..core.escape import plot_text
from .style import colour_ticklabels, finish_figure, join_notes, outlet_palette, palette_note, shown_events
from .unavailable import groups_phrase, unavailable_figure

TITLE = "Content selection: which sentences each outlet shares with other outlets' coverage"


def plot_content_alignment(summary: pd.DataFrame, *, outlet_order: Sequence[str] | None = None,
                           max_events: int = 10, event_labels: dict[str, str] | None = None,
                           unit: str = "outlet", note: str | None = None):
    """A heatmap, event (row) by outlet (column), of the share of the outlet's
    sentences on that event that have a counterpart in another outlet's coverage
    (:func:`helpers.compare.align_content`); each cell prints "shared of sentences"
    and the share, an empty cell means the outlet did not cover the event.

    One matrix instead of a panel of bars per event: events and outlets compare
    along rows and columns on one colour scale (0-100 %), the counts stay
    readable, and the figure does not grow a panel per event (ten bar panels
    were the second-slowest figure of the bench.small study). Rows are titled by
    the event's name (``event_labels``, e.g. the manifest's ``event_label``
    column via :func:`helpers.run.labels.study_names`), else its id; columns are
    labelled by ``unit``, the compared group (a study's ``group``, e.g. "lean"). Drawn with
    :func:`seaborn.heatmap`, which chooses each number's colour for contrast."""
    if summary.empty or summary["outlet"].nunique() < 2:
        return unavailable_figure(TITLE, "Content selection compares an outlet's sentences with other outlets' "
                                  f"coverage of the same event; this corpus has {groups_phrase(summary['outlet'], unit)}.")
    events, ev_note = shown_events(summary, max_events)
    s = summary[summary["event"].astype(str).isin(events)].copy()
    order = ordered_outlets(s["outlet"], outlet_order)
    pal = outlet_palette(order, order)
    key = s["event"].astype(str)
    shared = s.assign(event=key).pivot(index="event", columns="outlet", values="shared").reindex(index=events, columns=order)
    total = (s.assign(event=key, total=s["shared"] + s["unique"])
             .pivot(index="event", columns="outlet", values="total").reindex(index=events, columns=order))
    share = shared / total.where(total > 0)
    labels = np.array([[f"{int(sh)} of {int(t)}\n({sh / t:.0%})" if t == t and t > 0 else ""
                        for sh, t in zip(srow, trow)] for srow, trow in zip(shared.to_numpy(), total.to_numpy())])
    col_w = min(1.3, max(0.9, 9.0 / len(order)))  # inches per outlet: room for "123 of 456"
    fig, ax = plt.subplots(layout="constrained",
                           figsize=(max(7.5, col_w * len(order) + 3.8), max(3.6, 0.55 * len(events) + 1.9)))
    names = [plot_text((event_labels or {}).get(ev) or ev) if ev else "all articles" for ev in events]
    sns.heatmap(share.astype(float), ax=ax, cmap="Blues", vmin=0, vmax=1, annot=labels, fmt="",
                annot_kws={"fontsize": 8.5}, linewidths=0.8, linecolor="white",
                xticklabels=[plot_text(o) for o in order], yticklabels=names,
                cbar_kws={"label": "sentences shared", "shrink": 0.8,
                          "format": "{x:.0%}"})
    ax.tick_params(axis="y", rotation=0)
    ax.tick_params(axis="x", rotation=0 if len(order) <= 3 else 30)
    plt.setp(ax.get_xticklabels(), ha="right" if len(order) > 3 else "center", rotation_mode="anchor")
    ax.set_xlabel(plot_text(unit.replace("_", " ").capitalize()))
    ax.set_ylabel("Event")
    colour_ticklabels(ax.get_xticklabels(), pal)
    thr = s["threshold"].iloc[0] if "threshold" in s.columns and len(s) else None
    finish_figure(fig, TITLE,
                  join_notes("Each cell: sentences with a similar sentence in another outlet's coverage of the "
                             "event, of the outlet's sentences on it (empty: the outlet has no article on it)."
                             + (f" Similar = TF-IDF cosine similarity >= {thr:g}." if thr is not None else ""),
                             ev_note, palette_note(order), note))
    return fig, s.reset_index(drop=True)
