"""Figure: how each outlet names each actor, as shares of surface forms.

Forms are categories, not an order, so they take a qualitative palette (Paul
Tol's "light" scheme, Tol 2021, SRON/EPS/TN/09-002: colour-blind-safe and pale,
so no bar reads as an outlet's saturated colour), every segment carries its
count (and its share where it is wide enough), and the panels share one
percentage axis, labelled once under the last panel of each column.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..compare import ordered_outlets
from ..core.escape import plot_text
from ..core.errors import FramingError
from ..core.names import title_from_id
from .style import (OTHER_OUTLETS, colour_ticklabels, cut_note, finish_figure, join_notes,
                    outlet_palette, palette_note)
from .unavailable import unavailable_figure


# Tol's "light" qualitative scheme; pale grey is kept for "other forms"
FORM_COLOURS = ["#77aadd", "#ee8866", "#eedd88", "#ffaabb", "#99ddff", "#44bb99", "#bbcc33", "#aaaa00"]
OTHER_FORMS = "#dddddd"
LEGEND_ENTRY_IN = 0.2  # height of one legend row at the house font size, in inches


def plot_naming_shares(shares: pd.DataFrame, *, actors: Sequence[str] | None = None,
                       outlet_order: Sequence[str] | None = None, top_n: int = 8,
                       max_actors: int = 8, max_outlets: int = 12, actor_labels: dict[str, str] | None = None,
                       note: str | None = None):
    """Stacked bars: for each actor (one panel), the share of each surface form
    among the outlet's mentions of that actor. Forms beyond the ``top_n`` most
    used (over all outlets) are pooled as 'other forms'.

    With more than ``max_outlets`` outlets, the ``max_outlets`` with the most
    naming hits are drawn (in outlet order) and the caption says how many are
    left out; the returned data (the CSV) keeps every outlet. With more than
    three outlets the actor panels are laid out in two columns.

    Panel titles are the actors' names: ``actor_labels`` (the lexicon's
    ``display`` column, :func:`helpers.run.labels.actor_names`), else the id
    title-cased (:func:`helpers.core.names.title_from_id`).
    """
    s = shares.copy()
    if not (s["count"] > 0).any():
        return unavailable_figure("How each outlet names each actor",
                                  "No actor of the naming lexicon is mentioned in this corpus, so there are "
                                  "no naming choices to compare.")
    totals = s.groupby("actor")["count"].sum().sort_values(ascending=False, kind="stable")
    all_actors = list(actors) if actors is not None else sorted(totals.index, key=lambda a: (-totals[a], a))
    shown = all_actors[:max_actors]
    s = s[s["actor"].isin(shown)]
    rows = []
    for actor, g in s.groupby("actor", sort=False):
        ft = g.groupby("surface_form")["count"].sum()
        top = sorted(ft.index, key=lambda f: (-ft[f], f))[:top_n]
        g = g.assign(form=np.where(g["surface_form"].isin(top), g["surface_form"], "other forms"))
        agg = g.groupby(["outlet", "form"], as_index=False)["count"].sum()
        agg["total"] = agg.groupby("outlet")["count"].transform("sum")
        agg["share"] = agg["count"] / agg["total"]
        agg.insert(0, "actor", actor)
        agg["form_rank"] = agg["form"].map({f: i for i, f in enumerate(top + ["other forms"])})
        rows.append(agg)
    if not rows:
        raise FramingError("no naming counts to plot", fix="check naming.csv and the actors argument")
    data = pd.concat(rows, ignore_index=True)
    data["actor_rank"] = data["actor"].map({a: i for i, a in enumerate(shown)})
    data = data.sort_values(["actor_rank", "outlet", "form_rank"], kind="stable").reset_index(drop=True)
    full_order = ordered_outlets(shares["outlet"], outlet_order)
    pal = outlet_palette(full_order, full_order)
    hits = shares.groupby("outlet")["count"].sum()
    busiest = sorted(full_order, key=lambda o: (-hits.get(o, 0), full_order.index(o)))[:max_outlets]
    order = [o for o in full_order if o in set(busiest)]   # drawn in the fixed outlet order
    drawn = data[data["outlet"].isin(order)]
    actors_here = [a for a in shown if a in set(data["actor"])]
    n_cols = 1 if len(order) <= 3 or len(actors_here) < 2 else 2
    n_rows = int(np.ceil(len(actors_here) / n_cols))
    panel_h = max(1.6, (0.42 if n_cols == 1 else 0.3) * len(order) + (0.9 if n_cols == 1 else 1.9))
    if n_cols == 1:  # the legend sits beside its panel: the panel must be as tall as its entries and title
        entries = int(drawn.groupby("actor")["form"].nunique().max()) if len(drawn) else 1
        panel_h = max(panel_h, LEGEND_ENTRY_IN * (entries + 2))
    fig, axes = plt.subplots(n_rows, n_cols, squeeze=False, layout="constrained", sharex=True,
                             figsize=(10 if n_cols == 1 else 15, panel_h * n_rows))
    y_of = {o: i for i, o in enumerate(order)}
    for k, (ax, actor) in enumerate(zip(axes.flat, actors_here)):
        g = drawn[drawn["actor"] == actor]
        forms = list(dict.fromkeys(data[data["actor"] == actor].sort_values("form_rank")["form"]))
        named = [f for f in forms if f != "other forms"]
        colours = {f: FORM_COLOURS[i % len(FORM_COLOURS)] for i, f in enumerate(named)}
        if "other forms" in forms:
            colours["other forms"] = OTHER_FORMS
        left = {o: 0.0 for o in order}
        bars = {}
        for form in forms:
            gf = g[g["form"] == form]
            ys = [y_of[o] for o in gf["outlet"]]
            lefts = [left[o] for o in gf["outlet"]]
            bars[form] = ax.barh(ys, gf["share"], left=lefts, color=colours[form], edgecolor="white",
                                 label=plot_text(form), height=0.7)
            for o, sh, c, l0 in zip(gf["outlet"], gf["share"], gf["count"], lefts):
                if len(order) <= 12 and sh >= 0.03:  # every segment a reader can see gets its count
                    text = (f"{sh:.0%}\n(n={c})" if sh >= 0.12 and len(order) <= 6
                            else f"{sh:.0%}" if sh >= 0.12 else f"{c}")
                    ax.text(l0 + sh / 2, y_of[o], text, ha="center", va="center", fontsize=7.5, color="#222222")
                left[o] += sh
        # handles and labels given explicitly: a form starting with "_" would otherwise be left
        # out of the legend (matplotlib's mark of a private artist), and "$" read as mathtext
        drawn_forms = [f for f in forms if len(bars[f])]
        legend = ([bars[f] for f in drawn_forms], [plot_text(f) for f in drawn_forms])
        ax.set_yticks(range(len(order)), [plot_text(o) for o in order])
        ax.set_ylim(len(order) - 0.5, -0.5)
        ax.set_xlim(0, 1)
        ax.xaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0))
        for o in order:
            if o not in set(g["outlet"]):
                ax.text(0.01, y_of[o], "not named", va="center", fontsize=8, color="#666666")
        ax.set_title(plot_text((actor_labels or {}).get(actor) or title_from_id(actor)), loc="left", fontweight="bold")
        last_in_column = k + n_cols >= len(actors_here)
        ax.tick_params(axis="x", labelbottom=last_in_column)
        if n_cols == 1:
            ax.set_xlabel("share of the outlet's mentions of this actor" if last_in_column else "")
            ax.legend(*legend, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False, title="surface form")
        else:  # two columns: the legend goes under its panel, where there is room
            below = ax.transAxes + mpl.transforms.ScaledTranslation(0, -0.42, fig.dpi_scale_trans)
            ax.legend(*legend, loc="upper center", bbox_to_anchor=(0.5, 0.0), bbox_transform=below, ncol=3,
                      frameon=False, fontsize=8)
        colour_ticklabels(ax.get_yticklabels(), pal)
    for ax in list(axes.flat)[len(actors_here):]:
        ax.set_visible(False)
    left_out = len(full_order) - len(order)
    finish_figure(fig, "Naming choices: share of each name form among an outlet's mentions of each actor "
                       "(one panel per actor)",
            join_notes(cut_note(len(actors_here), len(all_actors), "actors (most mentioned first)"),
                  f"Forms beyond the {top_n} most used per actor are pooled as 'other forms'.",
                  f"Showing the {len(order)} outlets with the most naming hits; {left_out} more "
                  f"outlet{'s' if left_out != 1 else ''} not shown, see the CSV." if left_out else None,
                  palette_note(full_order) if any(pal[o] == OTHER_OUTLETS for o in order) else None,
                  _spellings_note(shares, actors_here), note))
    return fig, data.drop(columns=["actor_rank", "form_rank"])


def _spellings_note(shares: pd.DataFrame, actors: Sequence[str]) -> str | None:
    """Caption text naming the spelling variants counted as one form."""
    if "spellings" not in shares.columns:
        return None
    v = shares[shares["actor"].isin(actors) & (shares["spellings"] != "")]
    pooled = sorted(set(v["spellings"]))
    return ("Spellings counted as one form: " + "; ".join(p.replace("; ", " = ") for p in pooled) + "."
            if pooled else None)
