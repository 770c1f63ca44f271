"""Figure: which lexicon entries (loaded terms, name forms, ...) each outlet uses,
as a heatmap of rates per 1,000 tokens with raw counts (seaborn's ``heatmap``)."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from ..compare import ordered_outlets
from ..core.escape import plot_text
from .labels import category_name
from .style import (colour_ticklabels, cut_note, finish_figure, join_notes, outlet_palette,
                    palette_note)
from .unavailable import unavailable_figure


def _in_quote(hits: pd.DataFrame) -> pd.Series:
    if "in_quote" not in hits.columns:
        return pd.Series(False, index=hits.index)
    v = hits["in_quote"]
    return v if v.dtype == bool else v.astype(str).str.lower().eq("true")


def term_rates(hits: pd.DataFrame, article_features: pd.DataFrame, *, category: str = "loaded_terms",
               top_n: int = 20) -> tuple[pd.DataFrame, int]:
    """Per entry and outlet: count and rate per 1,000 tokens for the ``top_n``
    most frequent entries of ``category``; also returns the number of entries."""
    h = hits[hits["category"] == category]
    if "outlet" not in h.columns:
        h = h.merge(article_features[["article_id", "outlet"]].astype({"article_id": str}),
                    on="article_id", how="left")
    tokens = article_features.groupby("outlet")["n_tokens"].sum()
    counts = h.groupby(["entry", "outlet"]).size().unstack("outlet", fill_value=0)
    counts = counts.reindex(columns=tokens.index, fill_value=0)
    quoted = (h[_in_quote(h)].groupby(["entry", "outlet"]).size().unstack("outlet", fill_value=0)
              .reindex(index=counts.index, columns=tokens.index, fill_value=0))
    n_entries = len(counts)
    totals = counts.sum(axis=1)
    keep = totals.sort_values(ascending=False, kind="stable").index[:top_n]
    keep = sorted(keep, key=lambda e: (-totals[e], e))
    long = counts.loc[keep].stack().rename("count").reset_index()
    long["in_quote_count"] = quoted.loc[keep].stack().to_numpy()
    long["tokens"] = long["outlet"].map(tokens)
    long["rate_per_1000"] = long["count"] / long["tokens"] * 1000.0
    long.insert(0, "category", category)
    return long, n_entries


def plot_term_heatmap(hits: pd.DataFrame, article_features: pd.DataFrame, *,
                      category: str = "loaded_terms", top_n: int = 20,
                      outlet_order: Sequence[str] | None = None, unit: str = "outlet",
                      note: str | None = None):
    """Heatmap of lexicon entries (rows, most frequent first) by outlet (columns, labelled by
    ``unit``, the compared group: a study's ``group``, e.g. "lean"):
    colour = uses per 1,000 tokens of the outlet, number = raw count. Works for
    ``loaded_terms``, ``naming`` (surface forms), ``hedges`` ...

    Drawn with :func:`seaborn.heatmap`, which expresses exactly this plot (a
    matrix of colours with a text per cell, its colour chosen for contrast)."""
    data, n_entries = term_rates(hits, article_features, category=category, top_n=top_n)
    if data.empty or not n_entries:   # a lexicon category this corpus never uses: say so, do not fail
        name = category.replace("_", " ")
        why = (f"No {name} in this corpus: no lexicon entry of the category {category!r} occurs in "
               f"{'its ' + format(article_features['article_id'].nunique(), ',') + ' articles' if len(article_features) else 'it (it has no articles)'}.")
        return unavailable_figure(f"Which {name} each outlet uses", why)
    order = ordered_outlets(data["outlet"], outlet_order)
    pal = outlet_palette(order, order)
    entries = list(dict.fromkeys(data["entry"]))
    rate = data.pivot(index="entry", columns="outlet", values="rate_per_1000").reindex(index=entries, columns=order)
    cnt = data.pivot(index="entry", columns="outlet", values="count").reindex(index=entries, columns=order)
    qcnt = data.pivot(index="entry", columns="outlet", values="in_quote_count").reindex(index=entries, columns=order)
    col_w = min(1.1, max(0.45, 9.0 / len(order)))  # inches per outlet column: narrower when many
    fig, ax = plt.subplots(layout="constrained",
                           figsize=(max(5.0, col_w * len(order) + 3.5), max(3.0, 0.32 * len(entries) + 1.8)))
    numbers = len(order) * len(entries) <= 600 and col_w >= 0.8  # numbers only where they fit
    labels = np.array([[f"{int(v)} ({int(q)} quoted)" if q > 0 else f"{int(v)}" for v, q in zip(vs, qs)]
                       for vs, qs in zip(cnt.to_numpy(), qcnt.to_numpy())]) if numbers else False
    # seaborn draws the cells, the numbers (dark or white by the cell's luminance) and the colour bar
    sns.heatmap(rate.astype(float), ax=ax, cmap="Blues", vmin=0, annot=labels, fmt="",
                annot_kws={"fontsize": 8}, linewidths=0.8, linecolor="white",
                xticklabels=[plot_text(o) for o in order], yticklabels=[plot_text(e) for e in entries],
                cbar_kws={"label": "uses per 1,000 tokens of the outlet", "shrink": 0.8})
    ax.tick_params(axis="y", rotation=0)
    ax.tick_params(axis="x", rotation=0 if len(order) <= 3 else (30 if len(order) <= 8 else 60))
    plt.setp(ax.get_xticklabels(), ha="right" if len(order) > 3 else "center", rotation_mode="anchor")
    ax.set_xlabel(plot_text(unit.replace("_", " ").capitalize()))
    ax.set_ylabel(plot_text("name form" if category == "naming" else category_name(category).lower())
                  + " (lexicon entry)")
    colour_ticklabels(ax.get_xticklabels(), pal)
    what = "names for the actors" if category == "naming" else category_name(category).lower()
    finish_figure(fig, f"Which {plot_text(what)} each outlet uses: rate per 1,000 tokens"
                 + (" (numbers: raw counts, of which inside direct quotes)" if col_w >= 0.8 else ""),
            join_notes(None if col_w >= 0.8 else "Too many outlets to print counts: see the CSV.",cut_note(len(entries), n_entries, "entries (most frequent first)"), palette_note(order), note))
    return fig, data
