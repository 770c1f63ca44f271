"""The figure drawn when a comparison cannot be made on this corpus: its title,
and in its body the reason (one group, no hits in a category, no articles), so
a run on any corpus writes every figure (PNG + SVG + CSV) and a reader sees why
one is empty instead of a stack trace or a blank plot.
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import pandas as pd

from .style import finish_figure

# Columns of the CSV saved with such a figure: one row.
UNAVAILABLE_COLUMNS = ["figure", "reason"]


def unavailable_figure(title: str, reason: str):
    """``(fig, data)`` of a figure that says, in its body, why it cannot be drawn;
    ``data`` is one row (figure title, reason) for the CSV beside it."""
    fig, ax = plt.subplots(layout="constrained", figsize=(8.0, 2.6))
    ax.set_axis_off()
    ax.text(0.5, 0.5, textwrap.fill(reason, 80), ha="center", va="center", fontsize=11,
            color="#333333", transform=ax.transAxes)
    finish_figure(fig, title, "Nothing to draw on this corpus; the CSV beside this figure gives the reason.")
    return fig, pd.DataFrame([[title, reason]], columns=UNAVAILABLE_COLUMNS)


def groups_phrase(groups, unit: str = "outlet") -> str:
    """"one outlet (Sputnik)" / "no outlets": how many groups there are, named."""
    groups = list(dict.fromkeys(str(g) for g in groups))
    if not groups:
        return f"no {unit}s"
    if len(groups) == 1:
        return f"one {unit} ({groups[0]})"
    return f"{len(groups)} {unit}s"
