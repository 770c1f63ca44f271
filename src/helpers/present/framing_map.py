"""Figure: the framing map, each article as a row of sentences with its markers."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd

from ..compare import map_articles, ordered_outlets
from ..core.escape import plot_text
from ..core.errors import FramingError
from .style import (OTHER_OUTLETS, colour_ticklabels, cut_note, finish_figure, join_notes,
                    legend_right, outlet_palette, palette_note)
from .unavailable import unavailable_figure

ROW_GAP = 1.5  # distance between article rows (lanes use +-0.5)
# Markers are told apart by shape, fill and lane, never by hue: every hue may be an
# outlet's (style.OUTLET_COLOURS), so a coloured marker would read as an outlet.
MARKER_STYLE = {  # marker, face colour, lane offset within an article row
    "loaded_terms": ("s", "#1a1a1a", 0.30),
    "hedges": ("^", "#ffffff", 0.48),
    "boosters": ("v", "#ffffff", -0.46),
    "anonymous_source": ("*", "#1a1a1a", -0.30),
}
MARKER_EDGE = "#1a1a1a"


def row_labels(arts: pd.DataFrame) -> list[str]:
    """One y label per article: the outlet alone when it has one article in the
    map, else "OUTLET · article k" (k counts that outlet's rows; the ids are in the CSV)."""
    counts = arts["outlet"].value_counts()
    seen: dict[str, int] = {}
    out = []
    for outlet in arts["outlet"]:
        seen[outlet] = seen.get(outlet, 0) + 1
        out.append(outlet if counts[outlet] == 1 else f"{outlet} · article {seen[outlet]}")
    return out


def plot_framing_map(map_data: pd.DataFrame, *, outlet_order: Sequence[str] | None = None,
                     events: Sequence[str] | None = None, max_articles: int = 40,
                     of_articles: int | None = None, note: str | None = None):
    """Each article as a row of its sentences (x: token position from the
    headline; bar length = sentence length), with markers for loaded terms,
    hedges, boosters, direct quotes (black underline) and anonymous sources.
    Needs :func:`helpers.compare.framing_map_data` with ``articles`` given;
    ``events`` keeps only those events (e.g. one map per event).

    At most ``max_articles`` rows: outlets take turns
    (:func:`helpers.compare.map_articles`), so a large corpus shows every outlet,
    not the first outlet's first articles. ``of_articles``: how many articles
    ``map_data`` was itself sampled from (default: those in it), for the caption
    "Showing k of n articles"."""
    if "outlet" not in map_data.columns:
        raise FramingError("framing map data has no outlet column",
                           fix="call compare.framing_map_data(..., articles=manifest)")
    if events is not None:
        map_data = map_data[map_data["event"].astype(str).isin([str(e) for e in events])]
        if map_data.empty:
            raise FramingError(f"no articles for events {list(events)!r}", fix="check the event ids")
    if map_data.empty:
        return unavailable_figure("Framing map: where each article puts its markers",
                                  "No sentences to draw: this corpus has no articles with text.")
    order = ordered_outlets(map_data["outlet"], outlet_order)
    pal = outlet_palette(order, order)
    arts = map_data[["article_id", "outlet", "event"]].drop_duplicates("article_id")
    n_all = len(arts) if of_articles is None else int(of_articles)
    keep = map_articles(arts, max_articles, outlet_order=order)
    arts = arts.set_index("article_id").loc[keep].reset_index()
    data = map_data[map_data["article_id"].isin(arts["article_id"])].copy()
    rows = list(arts["article_id"])
    x_max = float((data["token_start"] + data["n_tokens"]).max() or 1)
    fig, ax = plt.subplots(layout="constrained", figsize=(12, max(2.8, min(1.3, max(0.6, 13.0 / len(rows))) * len(rows) + 1.6)))
    gap = ROW_GAP
    # One collection per kind of mark, not one artist per sentence and marker: 40
    # articles make thousands of marks, and drawing and saving them one by one took
    # most of this figure's time (bench.small). Same shapes, colours and order.
    row_y = {aid: k * gap for k, aid in enumerate(rows)}
    d = data.assign(y=data["article_id"].map(row_y))
    d["head"] = d["segment"].isin(["headline", "lede"])
    d["stripe"] = d.groupby("article_id").cumcount() % 2 == 1  # alternate greys tell sentences apart
    face = [mpl.colors.to_rgba(pal[o], 0.55) if h else mpl.colors.to_rgba("#d9d9d9" if st else "#bdbdbd")
            for o, h, st in zip(d["outlet"], d["head"], d["stripe"])]
    boxes = [mpl.patches.Rectangle((x, y - 0.16), max(n, 0.5), 0.32)
             for x, y, n in zip(d["token_start"], d["y"], d["n_tokens"])]
    ax.add_collection(mpl.collections.PatchCollection(boxes, facecolors=face, edgecolors="white",
                                                      linewidths=0.6, zorder=1))
    present = set()
    quoted = d[d["quote"] > 0]
    if len(quoted):
        segs = [[(x, y - 0.22), (x + n, y - 0.22)]
                for x, y, n in zip(quoted["token_start"], quoted["y"], quoted["n_tokens"])]
        ax.add_collection(mpl.collections.LineCollection(segs, colors="#222222", linewidths=2.5,
                                                         capstyle="butt", zorder=2))
        present.add("quote")
    mid = d["token_start"] + d["n_tokens"] / 2
    for col, (marker, colour, lane) in MARKER_STYLE.items():
        if col not in d.columns:
            continue
        hit = d[col].fillna(0) > 0
        if hit.any():
            size = 6 + 2 * (d.loc[hit, col].clip(upper=4) - 1)  # marker diameter in points, as before
            ax.scatter(mid[hit], d.loc[hit, "y"] - lane, marker=marker, s=size**2, c=colour,
                       edgecolors=MARKER_EDGE, linewidths=0.9, zorder=3)
            present.add(col)
    ax.set_yticks([k * gap for k in range(len(rows))], [plot_text(label) for label in row_labels(arts)])
    colour_ticklabels(ax.get_yticklabels(), pal)
    ax.set_ylim((len(rows) - 1) * gap + 0.7, -0.7)
    ax.set_xlim(-0.01 * x_max, x_max * 1.01)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("position in the article (tokens from the start of the headline)")
    handles = [mpl.patches.Patch(facecolor="#bdbdbd", label="sentence")]
    shown = list(dict.fromkeys(arts["outlet"]))
    for o in shown[:10]:  # the headline swatch in each outlet's own colour
        handles.append(mpl.patches.Patch(facecolor=pal[o], alpha=0.55, label=f"headline / lede: {plot_text(o)}"))
    names = {"loaded_terms": "loaded term", "hedges": "hedge", "boosters": "booster",
             "anonymous_source": "anonymous source"}
    for col, (marker, colour, _) in MARKER_STYLE.items():
        if col in present:
            handles.append(mpl.lines.Line2D([], [], marker=marker, color=colour, linestyle="none",
                                            markeredgecolor=MARKER_EDGE, markeredgewidth=0.9, label=names[col]))
    if "quote" in present:
        handles.append(mpl.lines.Line2D([], [], color="#222222", lw=2.5, label="direct quote"))
    legend_right(ax, handles)
    finish_figure(fig, "Framing map: where loaded terms, hedges, quotes and anonymous sources fall in each article",
            join_notes("Larger markers: more than one in the sentence. Markers are black or white "
                       "(shape and lane tell them apart); colour marks only the outlet's headline and lede.",
                  cut_note(len(rows), n_all, "articles") and
                  f"Showing {len(rows)} of {n_all:,} articles, taken in turn from each outlet.",
                  palette_note(order) if any(pal[o] == OTHER_OUTLETS for o in arts["outlet"]) else None,
                  note))
    return fig, data.reset_index(drop=True)
