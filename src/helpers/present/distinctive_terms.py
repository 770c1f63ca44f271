"""Figure: distinctive terms (Fightin' Words), z-score against frequency, labels placed
without overlap."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..compare import REST, ordered_outlets
from ..core.escape import plot_text
from ..core.errors import FramingError
from .style import (NEUTRAL, OTHER_OUTLETS, cut_note, finish_figure, join_notes, outlet_palette, freeze_layout,
                    palette_note)
from .unavailable import groups_phrase, unavailable_figure

TITLE = ("Distinctive terms: weighted log-odds z-scores with an informative Dirichlet prior "
         "(Monroe, Colaresi & Quinn 2008)")


COUNT_TICKS = mpl.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}")

# offsets (points) tried for a label, nearest first: right, then left of its point, one
# line (9 pt) further up or down at each step, up to seven lines away
CANDIDATES = [(dx, sign * 9 * step) for step in range(8) for sign in ((1,) if step == 0 else (1, -1))
              for dx in (6, -6)]


def _place_labels(ax, points: list[tuple[float, float, str, str]], fontsize: float = 8.5) -> None:
    """Greedy label placement: try offsets around each point (in points) and keep
    the first whose box lies inside the panel and overlaps no placed label; a thin
    leader line marks far moves. A label with no free spot keeps the first spot
    inside the panel (rare: seven lines up and down are tried on either side).

    Each label is measured once (right of its point); its box at every other
    offset is that box moved (and, left of the point, moved by its width), so a
    label costs one text layout, not one per offset tried (that was most of this
    figure's time on a 5-outlet study, bench.small)."""
    renderer = ax.figure.canvas.get_renderer()
    scale = ax.figure.dpi / 72.0  # points -> display pixels
    placed: list[mpl.transforms.Bbox] = []
    panel = ax.get_window_extent(renderer)
    for x, y, text, colour in points:
        probe = ax.annotate(text, (x, y), xytext=CANDIDATES[0], textcoords="offset points", fontsize=fontsize,
                            ha="left", va="center", color=colour)
        probe.set_in_layout(False)  # labels must not move the axes they were placed in
        first = probe.get_window_extent(renderer)
        probe.remove()
        best = inside = None
        for dx, dy in CANDIDATES:
            shift_x = (dx - CANDIDATES[0][0]) * scale - (0 if dx > 0 else first.width)
            box = first.translated(shift_x, dy * scale).expanded(1.05, 1.15)
            if not (panel.x0 <= box.x0 and box.x1 <= panel.x1 and panel.y0 <= box.y0 and box.y1 <= panel.y1):
                continue  # over the frame, the ticks or the next panel
            inside = inside or (box, dx, dy)
            if not any(box.overlaps(b) for b in placed):
                best = (box, dx, dy)
                break
        if best is None:  # nowhere free: the first spot inside the panel, else the first spot
            best = inside or (first, *CANDIDATES[0])
        box, dx, dy = best
        ax.annotate(text, (x, y), xytext=(dx, dy), textcoords="offset points", fontsize=fontsize,
                    ha="left" if dx > 0 else "right", va="center", color=colour).set_in_layout(False)
        if abs(dy) > 9:
            ax.annotate("", (x, y), xytext=(dx, dy), textcoords="offset points",
                        arrowprops={"arrowstyle": "-", "color": colour, "lw": 0.5, "alpha": 0.6}
                        ).set_in_layout(False)
        placed.append(box)


def plot_distinctive_terms(terms: pd.DataFrame, *, pair: tuple[str, str] | None = None,
                           top_n: int = 12, outlet_order: Sequence[str] | None = None,
                           z_threshold: float = 1.96, max_panels: int = 12, max_points: int = 200,
                           unit: str = "outlet", note: str | None = None):
    """Fightin' Words plot (Monroe et al. 2008, fig. style): z-score against term
    frequency, terms beyond +-``z_threshold`` coloured by the outlet they are
    typical of, the ``top_n`` most distinctive on each side labelled.

    ``terms`` comes from :func:`helpers.compare.distinctive_terms`. Pairwise
    tables plot one pair (``pair``, default the first); one-vs-rest tables plot
    one panel per outlet (at most ``max_panels``). Each panel draws only its
    ``max_points`` terms of largest |z| (the labelled ones among them), so the
    files stay small at any vocabulary size; the returned data (the CSV) keeps
    every term of the drawn panels, with ``shown`` saying which are drawn.
    With fewer than two groups (``outlet_order`` names them; ``unit`` is
    their kind) or no counted terms, the figure says so instead."""
    if terms.empty:
        groups = list(dict.fromkeys(outlet_order or []))
        if outlet_order is None:
            why = f"Distinctive terms need two {unit}s or more with counted words; this table has none to compare."
        elif len(groups) < 2:
            why = (f"Distinctive terms compare the wording of two {unit}s or more; this corpus has "
                   f"{groups_phrase(groups, unit)}.")
        else:
            why = (f"No words were counted in the articles of the {len(groups)} {unit}s, so there are no "
                   "terms to compare.")
        return unavailable_figure(TITLE, why)
    order = ordered_outlets(pd.concat([terms["outlet_a"], terms["outlet_b"]]).loc[lambda s: s != REST],
                            outlet_order)
    pal = outlet_palette(order, order)
    one_vs_rest = (terms["outlet_b"] == REST).any()
    if one_vs_rest:
        panels = [(o, REST) for o in order if o in set(terms["outlet_a"])]
    else:
        pairs = list(dict.fromkeys(zip(terms["outlet_a"], terms["outlet_b"])))
        if pair is not None:
            if tuple(pair) not in pairs and tuple(pair[::-1]) not in pairs:
                raise FramingError(f"pair {pair!r} not in the table", fix=f"use one of {pairs[:5]}")
            panels = [tuple(pair)]
        else:
            panels = pairs[:1]
    n_panels = len(panels)
    panels = panels[:max_panels]
    n_cols = min(len(panels), 3)
    n_rows = int(np.ceil(len(panels) / n_cols))
    fig, axes = plt.subplots(n_rows, n_cols, squeeze=False, layout="constrained",
                             figsize=(max(8.0, 6.2 * n_cols), 5.2 * n_rows))
    frames, to_label, n_drawn = [], [], []
    for ax, (a, b) in zip(axes.flat, panels):
        swap = not one_vs_rest and not ((terms["outlet_a"] == a) & (terms["outlet_b"] == b)).any()
        g = terms[(terms["outlet_a"] == (b if swap else a)) & (terms["outlet_b"] == (a if swap else b))].copy()
        if swap:
            g = g.rename(columns={"count_a": "count_b", "count_b": "count_a", "n_a": "n_b", "n_b": "n_a"})
            g[["outlet_a", "outlet_b"]] = [a, b]
            g["delta"], g["z"] = -g["delta"], -g["z"]
        g = g.sort_values(["z", "term"], ascending=[False, True], kind="stable")
        top = g[g["z"] > 0].head(top_n)  # labelled even below the threshold: most distinctive
        bottom = g[g["z"] < 0].sort_values(["z", "term"], kind="stable").head(top_n)
        g["labelled"] = g.index.isin(top.index.union(bottom.index))
        strongest = g["z"].abs().sort_values(ascending=False, kind="stable").index[:max(max_points, 0)]
        g["shown"] = g["labelled"] | g.index.isin(strongest)
        col_b = pal.get(b, "#555555")
        g["colour"] = np.where(g["z"] >= z_threshold, pal[a], np.where(g["z"] <= -z_threshold, col_b, NEUTRAL))
        drawn = g[g["shown"]]
        n_drawn.append((int(len(drawn)), int(len(g))))
        ax.scatter(drawn["frequency"].clip(lower=1), drawn["z"], c=drawn["colour"],
                   s=np.where(drawn["colour"] == NEUTRAL, 8, 18), alpha=0.75, linewidths=0)
        ax.set_xscale("log")
        ax.xaxis.set_major_formatter(COUNT_TICKS)  # 1, 10, 100 rather than 10^0, 10^1, 10^2
        for yline in (z_threshold, -z_threshold):
            ax.axhline(yline, color="#777777", lw=0.8, ls="--")
        ax.axhline(0, color="#444444", lw=0.6)
        lab = g[g["labelled"]]
        to_label.append((ax, [(max(f, 1), z, t, "#555555" if c == NEUTRAL else c) for f, z, t, c in
                              zip(lab["frequency"], lab["z"], map(plot_text, lab["term"]), lab["colour"])]))
        other = "all other outlets" if b == REST else b
        ax.set_title(plot_text(f"{a} vs {other}"))
        ax.set_xlabel("frequency in all outlets (count, log scale)" if b == REST
                      else "frequency in the two outlets (count, log scale)")
        # both sides named: below 0 is as much a finding as above it
        ax.set_ylabel(plot_text(f"z-score (> 0: more typical of {a};\n< 0: of {other})"))
        frames.append(g)
    for ax in list(axes.flat)[len(panels):]:
        ax.set_visible(False)
    data = pd.concat(frames, ignore_index=True)
    kept, total = max(k for k, _ in n_drawn), max(t for _, t in n_drawn)
    finish_figure(fig, TITLE,
            join_notes(f"Dashed lines: |z| = {z_threshold}; coloured: beyond it"
                  + ("" if (data["z"].abs() >= z_threshold).any() else " (no term is, here)")
                  + f". Labelled: the {top_n} "
                  "highest and lowest z per panel, significant or not.",
                  f"Drawn: the {kept:,} terms of largest |z| of {total:,} per panel (every term is in the CSV)."
                  if kept < total else None,
                  cut_note(len(panels), n_panels, "panels"),
                  palette_note(order) if any(pal.get(o) == OTHER_OUTLETS for p in panels for o in p) else None,
                  note))
    # settle the layout first (overlaps are judged in final display coordinates) and keep
    # it: the labels are not part of it, so saving need not solve it a second time
    freeze_layout(fig)
    for ax, points in to_label:
        _place_labels(ax, points)
    return fig, data
