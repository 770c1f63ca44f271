"""Figure: precision and recall of the automated measures against hand coding.

Drawn from the scores table of :func:`helpers.validate.score`; it lives here,
not in ``validate``, because validation and presentation are sibling stages
that must not import each other.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .style import OKABE_ITO, apply_style


def plot_validation_scores(scores: pd.DataFrame):
    """Precision and recall per category: bars at overlap level, ticks at exact level.

    ``scores`` is :func:`helpers.validate.score` output. Returns ``(fig, data)``;
    ``data`` is exactly what is drawn (long: category, level, measure, value),
    ready for ``save_figure(fig, "validation_scores", data, figures_dir)``.
    """
    apply_style()
    sub = scores[scores["category"] != "(all)"]
    data = sub.melt(id_vars=["category", "level"], value_vars=["precision", "recall"],
                    var_name="measure", value_name="value")
    data = data.sort_values(["category", "level", "measure"], kind="stable").reset_index(drop=True)
    cats = list(dict.fromkeys(sub["category"]))
    fig, ax = plt.subplots(figsize=(7, 0.7 * max(len(cats), 1) + 1.4))
    y = np.arange(len(cats))
    # measure colours from the colour-blind-safe set, skipping the two outlet colours
    colours = {"precision": OKABE_ITO[2], "recall": OKABE_ITO[3]}
    for offset, measure in ((-0.2, "precision"), (0.2, "recall")):
        for level in ("overlap", "exact"):
            vals = (data[(data["measure"] == measure) & (data["level"] == level)]
                    .set_index("category").reindex(cats)["value"].to_numpy(float))
            if level == "overlap":
                ax.barh(y + offset, np.nan_to_num(vals), height=0.38, color=colours[measure],
                        label=f"{measure} (overlap)")
            else:
                ax.scatter(vals, y + offset, marker="|", s=260, linewidths=2, color="black",
                           label="exact match" if measure == "precision" else None, zorder=3)
    ax.set_yticks(y, cats)
    ax.invert_yaxis()
    ax.set_xlim(0, 1.02)
    ax.set_xlabel("score against hand coding (bars: any overlap; ticks: exact span)")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    ax.set_title("Precision and recall of the automated measures per category")
    fig.tight_layout()
    return fig, data
