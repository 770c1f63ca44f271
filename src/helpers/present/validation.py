"""Figure: precision and recall of the automated measures against hand coding.

Drawn from the scores table of :func:`helpers.validate.score`; it lives here,
not in ``validate``, because validation and presentation are sibling stages
that must not import each other.

A score from 13 gold spans is not a score from 1,300: each bar carries its
counts (matched / predicted for precision, matched / gold for recall) and a
95 % Wilson score interval (Wilson 1927, *JASA* 22; Brown, Cai & DasGupta
2001, *Statistical Science* 16, recommend it for small n).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from scipy.stats import norm

from ..core.escape import plot_text
from .labels import category_name
from .style import OKABE_ITO, apply_style

LEVEL = 0.95


def wilson_interval(k: np.ndarray, n: np.ndarray, level: float = LEVEL) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of the proportion ``k / n`` (NaN where ``n`` is 0)."""
    k, n = np.asarray(k, dtype=float), np.asarray(n, dtype=float)
    z = norm.ppf(1 - (1 - level) / 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def plot_validation_scores(scores: pd.DataFrame):
    """Precision and recall per category: bars and 95 % intervals at overlap level,
    black ticks at exact level, each bar labelled with its counts.

    ``scores`` is :func:`helpers.validate.score` output. Returns ``(fig, data)``;
    ``data`` is exactly what is drawn (long: category, level, measure, value,
    matched, of, low, high), ready for ``save_figure(fig, "validation_scores", data, figures_dir)``.
    """
    apply_style()
    sub = scores[scores["category"] != "(all)"].copy()
    rows = []
    for measure, denominator in (("precision", "n_predicted"), ("recall", "n_gold")):
        part = sub[["category", "level", measure, "tp", denominator]].rename(
            columns={measure: "value", "tp": "matched", denominator: "of"})
        part.insert(2, "measure", measure)
        rows.append(part)
    data = pd.concat(rows, ignore_index=True)
    data["low"], data["high"] = wilson_interval(data["matched"], data["of"])
    data = data.sort_values(["category", "level", "measure"], kind="stable").reset_index(drop=True)
    cats = list(dict.fromkeys(sub["category"]))
    fig, ax = plt.subplots(figsize=(8, 0.8 * max(len(cats), 1) + 1.6))
    y = np.arange(len(cats))
    # measure colours from the colour-blind-safe set, skipping the two outlet colours
    colours = {"precision": OKABE_ITO[2], "recall": OKABE_ITO[3]}
    for offset, measure in ((-0.2, "precision"), (0.2, "recall")):
        for level in ("overlap", "exact"):
            d = (data[(data["measure"] == measure) & (data["level"] == level)]
                 .set_index("category").reindex(cats))
            vals = d["value"].to_numpy(float)
            if level == "overlap":
                ax.barh(y + offset, np.nan_to_num(vals), height=0.38, color=colours[measure],
                        label=f"{measure} (overlap)")
                ax.errorbar(vals, y + offset, xerr=[vals - d["low"].to_numpy(float), d["high"].to_numpy(float) - vals],
                            fmt="none", ecolor="#333333", elinewidth=1, capsize=2.5, zorder=3,
                            label="95% interval" if measure == "precision" else None)
                for yy, m, n in zip(y + offset, d["matched"], d["of"]):
                    if pd.notna(n):
                        ax.text(1.03, yy, f"{int(m)}/{int(n)}", va="center", fontsize=8, color="#444444",
                                transform=ax.get_yaxis_transform())
            else:
                ax.scatter(vals, y + offset, marker="|", s=260, linewidths=2, color="black",
                           label="exact match" if measure == "precision" else None, zorder=4)
    n_gold = sub[sub["level"] == "overlap"].set_index("category")["n_gold"].reindex(cats)
    ax.set_yticks(y, [f"{plot_text(category_name(c))}\n({int(n)} gold spans)" if pd.notna(n) else plot_text(category_name(c))
                      for c, n in zip(cats, n_gold)])
    ax.invert_yaxis()
    ax.set_xlim(0, 1.0)
    ax.set_xlabel("score against hand coding (bars: any overlap, with 95% Wilson interval; ticks: exact span)")
    # legend in reading order (the bars, then what is drawn on them), not drawing order
    handles = dict(zip(*ax.get_legend_handles_labels()[::-1]))
    keys = [k for k in ("precision (overlap)", "recall (overlap)", "95% interval", "exact match") if k in handles]
    ax.legend([handles[k] for k in keys], keys, loc="upper left", bbox_to_anchor=(1.1, 1), frameon=False)
    ax.set_title("Precision and recall of the automated measures per category\n"
                 "(right: matched / predicted for precision, matched / gold for recall)", fontsize=11)
    fig.tight_layout()
    return fig, data
