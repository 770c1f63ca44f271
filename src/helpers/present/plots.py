"""House style, outlet colours, byte-stable figure saving and the study's figures.

Every figure function takes the table from :mod:`helpers.compare.compare` (or the
processed tables), returns ``(fig, data)`` where ``data`` is exactly what is
drawn, and uses :func:`outlet_palette` so an outlet has the same colour in
every figure. :func:`save_figure` writes NAME.png, NAME.svg and NAME.csv
byte-stably (no dates, fixed SVG ids), and only when the bytes changed.

Designed for more than two outlets: ``outlet_order`` fixes order and colour,
``top_n``/``max_*`` cut long lists (the caption then says what was cut), and
figures facet by event where a table has several.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..core.errors import FramingError
from ..core.paths import check_name
from ..core.storage import atomic_write_bytes, write_csv

# Okabe & Ito (2008), "Color Universal Design", the colour-blind-safe set, reordered
# so the first two (the seed pair) contrast most; Paul Tol's "muted" scheme (Tol
# 2021, SRON/EPS/TN/09-002).
OKABE_ITO = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#f0e442"]
TOL_MUTED = ["#332288", "#88ccee", "#44aa99", "#117733", "#999933", "#ddcc77", "#cc6677",
             "#882255", "#aa4499"]
# Outlet colours: Okabe-Ito without its yellow (unreadable as text, pale as a bar),
# then three muted Tol colours far from those seven. Past ten, colours stop being
# told apart at a glance, so further outlets share OTHER_OUTLETS and are read
# from their labels (every figure labels outlets by name); see outlet_palette.
OUTLET_COLOURS = OKABE_ITO[:7] + ["#882255", "#999933", "#332288"]
OTHER_OUTLETS = "#5f5f5f"
NEUTRAL = "#9a9a9a"
DPI = 150
FONT = "DejaVu Sans"
# Fixed SVG id salt and no dates: identical figures give identical bytes.
_SAVE_RC = {"svg.hashsalt": "helpers.present.plots", "svg.fonttype": "path"}
_SVG_METADATA = {"Date": None, "Creator": None}
_PNG_METADATA = {"Software": None}

MAX_HEIGHT = 40.0  # inches: a figure taller than this is cut (events) rather than drawn unreadable
ROW_GAP = 1.5  # framing map: distance between article rows (lanes use +-0.5)
MARKER_STYLE = {  # framing map: marker, colour, lane offset within an article row
    "loaded_terms": ("s", "#d55e00", 0.30),
    "hedges": ("^", "#0072b2", 0.48),
    "boosters": ("v", "#009e73", -0.46),
    "anonymous_source": ("*", "#000000", -0.30),
}


# ------------------------------------------------------------------ style

def apply_style() -> None:
    """The house style: seaborn whitegrid, DejaVu Sans, sizes readable in a report."""
    import seaborn as sns

    sns.set_theme(style="whitegrid", context="notebook", font=FONT, rc={
        "font.family": "sans-serif", "font.sans-serif": [FONT],
        "axes.titlesize": 12, "axes.labelsize": 11, "xtick.labelsize": 10, "ytick.labelsize": 10,
        "legend.fontsize": 9, "legend.title_fontsize": 10, "figure.titlesize": 13,
        "figure.dpi": 100, "savefig.dpi": DPI, **_SAVE_RC,
    })


def outlet_order(outlets: Sequence[str], order: Sequence[str] | None = None) -> list[str]:
    """Outlets in display order: ``order`` first (those present), then the rest sorted
    (:func:`helpers.compare.compare.ordered_outlets`)."""
    from ..compare import ordered_outlets

    return ordered_outlets(outlets, order)


def outlet_palette(outlets: Sequence[str], order: Sequence[str] | None = None) -> dict[str, str]:
    """A fixed colour per outlet: position in ``order`` (else sorted names) picks the colour.

    The first ``len(OUTLET_COLOURS)`` (10) outlets get distinct colours
    (Okabe-Ito colour-blind-safe set, then Tol's muted); every further outlet
    gets the same dark grey ``OTHER_OUTLETS``, so the first ten stay
    distinguishable however many outlets there are (:func:`palette_note` says so
    in the caption). Same inputs, same colours, in every figure.
    """
    names = outlet_order(list(outlets) + list(order or []), order)
    return {o: OUTLET_COLOURS[i] if i < len(OUTLET_COLOURS) else OTHER_OUTLETS
            for i, o in enumerate(names)}


def palette_note(outlets: Sequence[str]) -> str | None:
    """Caption text when some of ``outlets`` share the grey of :func:`outlet_palette`."""
    k = len(OUTLET_COLOURS)
    n = len(dict.fromkeys(outlets))
    return (f"Outlets after the first {k} (in outlet order) share one grey; read them by name."
            if n > k else None)


# ------------------------------------------------------------------ saving

def figure_bytes(fig: mpl.figure.Figure) -> dict[str, bytes]:
    """PNG and SVG bytes of ``fig``, with no dates or software stamps and fixed ids."""
    out = {}
    # Constrained layout re-solves on every draw and drifts in the last float
    # digits, which changes SVG clip-path ids; solve it once, then freeze it.
    if fig.get_layout_engine() is not None and not isinstance(
            fig.get_layout_engine(), mpl.layout_engine.PlaceHolderLayoutEngine):
        fig.canvas.draw()
        fig.set_layout_engine("none")
    with mpl.rc_context(_SAVE_RC):
        for fmt, meta in (("png", _PNG_METADATA), ("svg", _SVG_METADATA)):
            buf = io.BytesIO()
            fig.savefig(buf, format=fmt, dpi=DPI, bbox_inches="tight", metadata=meta)
            out[fmt] = buf.getvalue()
    return out


def save_figure(fig: mpl.figure.Figure, name: str, data: pd.DataFrame,
                figures_dir: str | Path) -> dict[str, Path]:
    """Write NAME.png, NAME.svg and NAME.csv (exactly the plotted data) into ``figures_dir``.

    Byte-stable (see :func:`figure_bytes`) and atomic; files whose bytes are
    unchanged are not rewritten. Returns {'png': path, 'svg': path, 'csv': path}.
    Side effect: the figure's constrained layout is solved once and frozen, so
    later draws (a second save, the notebook display) give the same bytes.
    """
    check_name(name, "figure name")
    folder = Path(figures_dir)
    paths = {ext: folder / f"{name}.{ext}" for ext in ("png", "svg", "csv")}
    for fmt, blob in figure_bytes(fig).items():
        atomic_write_bytes(paths[fmt], blob)
    write_csv(data, paths["csv"])
    return paths


def plot_and_save(plot: Callable[..., tuple[mpl.figure.Figure, pd.DataFrame]], name: str,
                  figures_dir: str | Path, *args, **kwargs):
    """Call a ``plot_*`` function and save its figure; returns (fig, data, paths)."""
    fig, data = plot(*args, **kwargs)
    return fig, data, save_figure(fig, name, data, figures_dir)


# ------------------------------------------------------------------ shared bits

def _wrap(text: str, width: int = 95) -> str:
    return "\n".join(textwrap.fill(part, width) for part in text.split("\n"))


def _finish(fig, title: str, caption: str | None = None) -> None:
    width = fig.get_figwidth()  # about 8 title characters (13 pt bold) per inch
    fig.suptitle(_wrap(title, max(40, int(width * 8))), fontsize=13, fontweight="bold")
    if caption:  # supxlabel: constrained layout reserves room for it below the axes
        fig.supxlabel(_wrap(caption, max(60, int(width * 12))), x=0.01, ha="left", fontsize=9,
                      color="#444444")


def text_colour(colour: str) -> tuple[float, float, float]:
    """The outlet colour, darkened if too light to read as text on white (e.g. yellow)."""
    rgb = np.array(mpl.colors.to_rgb(colour))
    lum = float(rgb @ [0.299, 0.587, 0.114])
    return tuple(rgb * (0.55 / lum)) if lum > 0.55 else tuple(rgb)


def _color_ticklabels(labels, palette: dict[str, str]) -> None:
    for lab in labels:
        text = lab.get_text()
        for outlet, colour in palette.items():
            if text == outlet or text.startswith(outlet + " ·"):
                lab.set_color(text_colour(colour))
                break


def _legend_right(ax, handles, title: str | None = None) -> None:
    """Legend just right of ``ax`` (the top-right panel); as an axes legend it is
    part of the panel's box, so constrained layout keeps it clear of the title."""
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0,
              frameon=False, title=title)


def _cut_note(kept: int, total: int, what: str) -> str | None:
    return f"Showing {kept} of {total} {what}." if kept < total else None


def _events(df: pd.DataFrame, max_events: int) -> tuple[list[str], str | None]:
    if "event" not in df.columns:
        return [""], None
    events = sorted(df["event"].astype(str).unique())
    return events[:max_events], _cut_note(min(len(events), max_events), len(events), "events")


def _join(*parts: str | None) -> str | None:
    kept = [p for p in parts if p]
    return " ".join(kept) if kept else None


# ------------------------------------------------------------------ 1. rates

def plot_category_rates(rates: pd.DataFrame, *, categories: Sequence[str] | None = None,
                        voices: Sequence[str] = ("own", "quoted"),
                        outlet_order: Sequence[str] | None = None, max_events: int = 10,
                        note: str | None = None):
    """Dot plot: rate per 1,000 tokens by outlet, one panel per category, one row
    per event (when ``rates`` has an event column), own voice as filled circles
    and quoted voice as open diamonds, bootstrap intervals as lines.
    """
    r = rates[rates["voice"].isin(voices)].copy()
    if categories is not None:
        r = r[r["category"].isin(categories)]
    if r.empty:
        raise FramingError("nothing to plot: no rates for these categories/voices",
                           fix="check the categories and voices arguments")
    cats = list(categories) if categories is not None else sorted(r["category"].unique())
    cats = [c for c in cats if c in set(r["category"])]
    order = outlet_order_fn(r["outlet"], outlet_order)
    pal = outlet_palette(order, order)
    row_h = max(2.6, 0.45 * len(order) + 1.0)
    # many outlets x many events: fewer event rows, so the figure stays under MAX_HEIGHT
    events, ev_note = _events(r, max(1, min(max_events, int(MAX_HEIGHT // row_h))))
    if "event" in r.columns:
        r = r[r["event"].astype(str).isin(events)]
    n_rows, n_cols = len(events), len(cats)
    fig, axes = plt.subplots(n_rows, n_cols, squeeze=False, sharey=True, layout="constrained",
                             figsize=(max(6.0, 3.2 * n_cols), row_h * n_rows))
    marks = {"own": ("o", "full"), "quoted": ("D", "none"), "all": ("s", "full")}
    offsets = dict(zip(voices, np.linspace(-0.18, 0.18, len(voices)) if len(voices) > 1 else [0.0]))
    y_of = {o: i for i, o in enumerate(order)}
    for ri, ev in enumerate(events):
        for ci, cat in enumerate(cats):
            ax = axes[ri][ci]
            sub = r[(r["category"] == cat) & ((r["event"].astype(str) == ev) if "event" in r.columns else True)]
            for row in sub.itertuples():
                y = y_of[row.outlet] + offsets[row.voice]
                m, fill = marks.get(row.voice, ("o", "full"))
                col = pal[row.outlet]
                if np.isfinite(row.ci_low):
                    ax.plot([row.ci_low, row.ci_high], [y, y], color=col, lw=1.6, alpha=0.8)
                ax.plot([row.rate_per_1000], [y], marker=m, ms=7, color=col, fillstyle=fill,
                        markeredgewidth=1.5, linestyle="none")
            ax.set_yticks(range(len(order)), order)
            ax.set_ylim(len(order) - 0.5, -0.5)
            ax.set_xlim(left=0)
            title = cat.replace("_", " ")
            ax.set_title(f"{title}\n{ev}" if ev and n_rows > 1 else title)
            ax.set_xlabel("per 1,000 tokens")
            _color_ticklabels(ax.get_yticklabels(), pal)
    handles = [mpl.lines.Line2D([], [], marker=marks.get(v, ("o", "full"))[0], color="#333333",
                                fillstyle=marks.get(v, ("o", "full"))[1], linestyle="none",
                                label=f"{v} voice" if v != "all" else "all text") for v in voices]
    _legend_right(axes[0][-1], handles)
    units = sorted(set(r["resampled"])) if "resampled" in r.columns else []
    ci = float(r["ci"].iloc[0]) if "ci" in r.columns else 0.95
    unit_text = {"sentences": "sentences within the outlet's single article",
                 "articles": "the outlet's articles", "none": "none (one article, no sentences)"}
    caption = _join(f"Lines: {ci:.0%} percentile bootstrap intervals; resampling unit: "
                    + "; ".join(unit_text.get(u, u) for u in units) + "." if units else None,
                    ev_note, palette_note(order), note)
    _finish(fig, "Framing markers per 1,000 tokens by outlet, in the outlet's own voice and in quotes",
            caption)
    cols = [c for c in r.columns]
    return fig, r[cols].reset_index(drop=True)


def outlet_order_fn(outlets, order):
    """Alias of :func:`outlet_order` for use inside functions whose parameter has that name."""
    return outlet_order(list(outlets), order)


# ------------------------------------------------------------------ 2. term heatmap

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
                      outlet_order: Sequence[str] | None = None, note: str | None = None):
    """Heatmap of lexicon entries (rows, most frequent first) by outlet (columns):
    colour = uses per 1,000 tokens of the outlet, number = raw count. Works for
    ``loaded_terms``, ``naming`` (surface forms), ``hedges`` ..."""
    data, n_entries = term_rates(hits, article_features, category=category, top_n=top_n)
    if data.empty:
        raise FramingError(f"no hits in category {category!r}", fix="check the category name")
    order = outlet_order_fn(data["outlet"], outlet_order)
    pal = outlet_palette(order, order)
    entries = list(dict.fromkeys(data["entry"]))
    rate = data.pivot(index="entry", columns="outlet", values="rate_per_1000").reindex(index=entries, columns=order)
    cnt = data.pivot(index="entry", columns="outlet", values="count").reindex(index=entries, columns=order)
    qcnt = data.pivot(index="entry", columns="outlet", values="in_quote_count").reindex(index=entries, columns=order)
    col_w = min(1.1, max(0.45, 9.0 / len(order)))  # inches per outlet column: narrower when many
    fig, ax = plt.subplots(layout="constrained",
                           figsize=(max(5.0, col_w * len(order) + 3.5), max(3.0, 0.32 * len(entries) + 1.8)))
    im = ax.imshow(rate.to_numpy(float), aspect="auto", cmap="Blues", vmin=0)
    vmax = np.nanmax(rate.to_numpy(float)) if rate.size else 1
    if len(order) * len(entries) <= 600 and col_w >= 0.8:  # numbers only where they fit
        for i in range(len(entries)):
            for j in range(len(order)):
                v, q = cnt.iat[i, j], qcnt.iat[i, j]
                label = f"{int(v)} ({int(q)} quoted)" if q > 0 else f"{int(v)}"
                ax.text(j, i, label, ha="center", va="center", fontsize=8,
                        color="white" if rate.iat[i, j] > 0.6 * vmax else "#222222")
    ax.set_xticks(range(len(order)), order, rotation=0 if len(order) <= 3 else (30 if len(order) <= 8 else 60),
                  ha="right" if len(order) > 3 else "center", rotation_mode="anchor")
    ax.set_yticks(range(len(entries)), entries)
    ax.grid(False)
    ax.set_xlabel("Outlet")
    ax.set_ylabel(f"{category.replace('_', ' ')} (lexicon entry)")
    _color_ticklabels(ax.get_xticklabels(), pal)
    fig.colorbar(im, ax=ax, label="uses per 1,000 tokens of the outlet", shrink=0.8)
    _finish(fig, f"Which {category.replace('_', ' ')} each outlet uses: rate per 1,000 tokens"
                 + (" (numbers: raw counts, of which inside direct quotes)" if col_w >= 0.8 else ""),
            _join(None if col_w >= 0.8 else "Too many outlets to print counts: see the CSV.",_cut_note(len(entries), n_entries, "entries (most frequent first)"), palette_note(order), note))
    return fig, data


# ------------------------------------------------------------------ 3. naming shares

def plot_naming_shares(shares: pd.DataFrame, *, actors: Sequence[str] | None = None,
                       outlet_order: Sequence[str] | None = None, top_n: int = 8,
                       max_actors: int = 8, max_outlets: int = 12, note: str | None = None):
    """Stacked bars: for each actor (one panel), the share of each surface form
    among the outlet's mentions of that actor. Forms beyond the ``top_n`` most
    used (over all outlets) are pooled as 'other forms'.

    With more than ``max_outlets`` outlets, the ``max_outlets`` with the most
    naming hits are drawn (in outlet order) and the caption says how many are
    left out; the returned data (the CSV) keeps every outlet. With more than
    three outlets the actor panels are laid out in two columns.
    """
    s = shares.copy()
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
    full_order = outlet_order_fn(shares["outlet"], outlet_order)
    pal = outlet_palette(full_order, full_order)
    hits = shares.groupby("outlet")["count"].sum()
    busiest = sorted(full_order, key=lambda o: (-hits.get(o, 0), full_order.index(o)))[:max_outlets]
    order = [o for o in full_order if o in set(busiest)]   # drawn in the fixed outlet order
    drawn = data[data["outlet"].isin(order)]
    actors_here = [a for a in shown if a in set(data["actor"])]
    n_cols = 1 if len(order) <= 3 or len(actors_here) < 2 else 2
    n_rows = int(np.ceil(len(actors_here) / n_cols))
    panel_h = max(1.6, (0.42 if n_cols == 1 else 0.3) * len(order) + (0.9 if n_cols == 1 else 1.9))
    fig, axes = plt.subplots(n_rows, n_cols, squeeze=False, layout="constrained",
                             figsize=(10 if n_cols == 1 else 15, panel_h * n_rows))
    y_of = {o: i for i, o in enumerate(order)}
    for k, (ax, actor) in enumerate(zip(axes.flat, actors_here)):
        g = drawn[drawn["actor"] == actor]
        forms = list(dict.fromkeys(data[data["actor"] == actor].sort_values("form_rank")["form"]))
        colours = dict(zip(forms, mpl.colormaps["cividis"](np.linspace(0.05, 0.95, max(len(forms), 2)))))
        if "other forms" in colours:
            colours["other forms"] = mpl.colors.to_rgba("#cccccc")
        left = {o: 0.0 for o in order}
        for form in forms:
            gf = g[g["form"] == form]
            ys = [y_of[o] for o in gf["outlet"]]
            lefts = [left[o] for o in gf["outlet"]]
            ax.barh(ys, gf["share"], left=lefts, color=colours[form], edgecolor="white", label=form, height=0.7)
            for o, sh, c, l0 in zip(gf["outlet"], gf["share"], gf["count"], lefts):
                if sh >= 0.12 and len(order) <= 12:
                    lum = np.dot(mpl.colors.to_rgb(colours[form]), [0.299, 0.587, 0.114])
                    ax.text(l0 + sh / 2, y_of[o], f"{sh:.0%}\n(n={c})" if len(order) <= 6 else f"{sh:.0%}",
                            ha="center", va="center", fontsize=7.5, color="white" if lum < 0.5 else "#222222")
                left[o] += sh
        ax.set_yticks(range(len(order)), order)
        ax.set_ylim(len(order) - 0.5, -0.5)
        ax.set_xlim(0, 1)
        ax.xaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0))
        for o in order:
            if o not in set(g["outlet"]):
                ax.text(0.01, y_of[o], "not named", va="center", fontsize=8, color="#666666")
        ax.set_title(f"How the outlets name: {actor.replace('_', ' ')}", loc="left")
        if n_cols == 1:
            ax.set_xlabel("share of the outlet's mentions of this actor" if k == len(actors_here) - 1 else "")
            ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False, title="surface form")
        else:  # two columns: the legend goes under its panel, where there is room
            below = ax.transAxes + mpl.transforms.ScaledTranslation(0, -0.42, fig.dpi_scale_trans)
            ax.legend(loc="upper center", bbox_to_anchor=(0.5, 0.0), bbox_transform=below, ncol=3,
                      frameon=False, fontsize=8)
        _color_ticklabels(ax.get_yticklabels(), pal)
    for ax in list(axes.flat)[len(actors_here):]:
        ax.set_visible(False)
    left_out = len(full_order) - len(order)
    _finish(fig, "Naming choices: share of each name form among an outlet's mentions of each actor",
            _join(_cut_note(len(actors_here), len(all_actors), "actors (most mentioned first)"),
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


# ------------------------------------------------------------------ 4. sources

SOURCE_COLOURS = {  # darker = more accountable attribution; evaluative verbs stand out
    "named_person": "#1f3b5a", "named_institution": "#5b84b1", "anonymous": "#b9b9b9",
    "unattributed": "#e6e6e6", "neutral": "#9c9c9c", "evaluative": "#a23b72",
}


def plot_source_profile(profile: pd.DataFrame, *, outlet_order: Sequence[str] | None = None,
                        note: str | None = None):
    """Three panels from :func:`helpers.compare.compare.source_profile`, one row per
    outlet: who is quoted (direct quotes by speaker class, stacked shares), how
    speech is reported (neutral vs evaluative reporting verbs) and how much of
    the text is quoted speech (bar in the outlet's colour)."""
    order = outlet_order_fn(profile["outlet"], outlet_order)
    pal = outlet_palette(order, order)
    groups = [("speaker_class", "Who is quoted\n(share of direct quotes)"),
              ("verb_class", "Reporting verbs\n(share of verbs of saying)"),
              ("voice", "Quoted speech\n(share of all tokens)")]
    data = profile[profile["group"].isin([g for g, _ in groups])].copy()
    fig, axes = plt.subplots(1, 3, sharey=True, layout="constrained",
                             gridspec_kw={"width_ratios": [1.6, 1.2, 1.0]},
                             figsize=(12, max(2.6, 0.42 * len(order) + 1.8)))
    y_of = {o: i for i, o in enumerate(order)}
    label_counts = len(order) <= 12
    for ax, (group, title) in zip(axes, groups):
        g = data[data["group"] == group]
        items = list(dict.fromkeys(g["item"]))
        left = {o: 0.0 for o in order}
        for item in items:
            gi = g[g["item"] == item]
            ys = [y_of[o] for o in gi["outlet"]]
            lefts = [left[o] for o in gi["outlet"]]
            shares = gi["share"].fillna(0).to_numpy(float)
            colours = [pal[o] for o in gi["outlet"]] if group == "voice" else SOURCE_COLOURS.get(item, NEUTRAL)
            ax.barh(ys, shares, left=lefts, height=0.68, color=colours, edgecolor="white",
                    label=item.replace("_", " "))
            for o, sh, c, l0 in zip(gi["outlet"], shares, gi["count"], lefts):
                if label_counts and group == "voice":
                    ax.text(l0 + sh + 0.02, y_of[o], f"{sh:.0%} ({int(c)} tokens)", va="center",
                            fontsize=8, color="#222222")
                elif label_counts and sh >= 0.1:
                    dark = group != "voice" and item in ("named_person", "evaluative")
                    ax.text(l0 + sh / 2, y_of[o], f"{int(c)}", ha="center", va="center", fontsize=8,
                            color="white" if dark else "#222222")
                left[o] += sh
        if group == "voice":  # the rest of the text, for scale
            ax.barh(range(len(order)), [1 - left[o] for o in order], left=[left[o] for o in order],
                    height=0.68, color="#f0f0f0", edgecolor="white")
        ax.set_xlim(0, 1)
        ax.xaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0))
        ax.set_title(title)
        ax.set_xlabel("share")
        ax.grid(axis="y", visible=False)
        if group != "voice":
            below = ax.transAxes + mpl.transforms.ScaledTranslation(0, -0.62, fig.dpi_scale_trans)
            ax.legend(loc="upper center", bbox_to_anchor=(0.5, 0.0), bbox_transform=below,
                      ncol=2, frameon=False, fontsize=8)  # under the x label, whatever the height
    axes[0].set_yticks(range(len(order)), order)
    axes[0].set_ylim(len(order) - 0.5, -0.5)
    _color_ticklabels(axes[0].get_yticklabels(), pal)
    _finish(fig, "Sources and attribution by outlet: who is quoted, with which verbs, and how much",
            _join("Numbers in bars: counts (quotes, verbs, tokens in quotes)." if label_counts else None,
                  "Rows without bars: the outlet has no direct quotes / reporting verbs.", palette_note(order),
                  note))
    return fig, data.reset_index(drop=True)


# ------------------------------------------------------------------ 5. framing map

def plot_framing_map(map_data: pd.DataFrame, *, outlet_order: Sequence[str] | None = None,
                     events: Sequence[str] | None = None, max_articles: int = 40,
                     of_articles: int | None = None, note: str | None = None):
    """Each article as a row of its sentences (x: token position from the
    headline; bar length = sentence length), with markers for loaded terms,
    hedges, boosters, direct quotes (black underline) and anonymous sources.
    Needs :func:`helpers.compare.compare.framing_map_data` with ``articles`` given;
    ``events`` keeps only those events (e.g. one map per event).

    At most ``max_articles`` rows: outlets take turns
    (:func:`helpers.compare.compare.map_articles`), so a large corpus shows every outlet,
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
    order = outlet_order_fn(map_data["outlet"], outlet_order)
    pal = outlet_palette(order, order)
    from ..compare import map_articles

    arts = map_data[["article_id", "outlet", "event"]].drop_duplicates("article_id")
    n_all = len(arts) if of_articles is None else int(of_articles)
    keep = map_articles(arts, max_articles, outlet_order=order)
    arts = arts.set_index("article_id").loc[keep].reset_index()
    data = map_data[map_data["article_id"].isin(arts["article_id"])].copy()
    rows = list(arts["article_id"])
    x_max = float((data["token_start"] + data["n_tokens"]).max() or 1)
    fig, ax = plt.subplots(layout="constrained", figsize=(12, max(2.8, min(1.3, max(0.6, 13.0 / len(rows))) * len(rows) + 1.6)))
    gap = ROW_GAP
    present = set()
    for i, aid in ((k * gap, a) for k, a in enumerate(rows)):
        g = data[data["article_id"] == aid]
        outlet = g["outlet"].iloc[0]
        for k, row in enumerate(g.itertuples()):
            head = row.segment in ("headline", "lede")
            ax.add_patch(mpl.patches.Rectangle(
                (row.token_start, i - 0.16), max(row.n_tokens, 0.5), 0.32,
                facecolor=pal[outlet] if head else ("#d9d9d9" if k % 2 else "#bdbdbd"),
                alpha=0.55 if head else 1.0, edgecolor="white", linewidth=0.6))
            mid = row.token_start + row.n_tokens / 2
            if row.quote > 0:
                ax.plot([row.token_start, row.token_start + row.n_tokens], [i - 0.22, i - 0.22],
                        color="#222222", lw=2.5, solid_capstyle="butt")
                present.add("quote")
            for col, (marker, colour, lane) in MARKER_STYLE.items():
                n = getattr(row, col, 0) if col in g.columns else 0
                if n and n > 0:
                    ax.plot([mid], [i - lane], marker=marker, color=colour, linestyle="none",
                            ms=6 + 2 * min(n - 1, 3), markeredgecolor="white", markeredgewidth=0.4)
                    present.add(col)
    labels = [f"{o} · {a}" for o, a in zip(arts["outlet"], arts["article_id"])]
    ax.set_yticks([k * gap for k in range(len(rows))], labels)
    _color_ticklabels(ax.get_yticklabels(), pal)
    ax.set_ylim((len(rows) - 1) * gap + 0.7, -0.7)
    ax.set_xlim(-0.01 * x_max, x_max * 1.01)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("position in the article (tokens from the start of the headline)")
    handles = [mpl.patches.Patch(facecolor="#bdbdbd", label="sentence"),
               mpl.patches.Patch(facecolor="#777777", alpha=0.55, label="headline / lede\n(outlet colour)")]
    names = {"loaded_terms": "loaded term", "hedges": "hedge", "boosters": "booster",
             "anonymous_source": "anonymous source"}
    for col, (marker, colour, _) in MARKER_STYLE.items():
        if col in present:
            handles.append(mpl.lines.Line2D([], [], marker=marker, color=colour, linestyle="none",
                                            label=names[col]))
    if "quote" in present:
        handles.append(mpl.lines.Line2D([], [], color="#222222", lw=2.5, label="direct quote"))
    _legend_right(ax, handles)
    _finish(fig, "Framing map: where loaded terms, hedges, quotes and anonymous sources fall in each article",
            _join("Larger markers: more than one in the sentence.",
                  _cut_note(len(rows), n_all, "articles") and
                  f"Showing {len(rows)} of {n_all:,} articles, taken in turn from each outlet.",
                  palette_note(order) if any(pal[o] == OTHER_OUTLETS for o in arts["outlet"]) else None,
                  note))
    return fig, data.reset_index(drop=True)


# ------------------------------------------------------------------ 6. distinctive terms

def _place_labels(ax, points: list[tuple[float, float, str, str]], fontsize: float = 8.5) -> None:
    """Greedy label placement: try offsets around each point (in points) and keep
    the first whose box overlaps no placed label; a thin leader line marks far moves."""
    renderer = ax.figure.canvas.get_renderer()
    placed: list[mpl.transforms.Bbox] = []
    candidates = [(6, 0), (6, 9), (6, -9), (-6, 0), (-6, 9), (-6, -9), (6, 18), (6, -18),
                  (-6, 18), (-6, -18), (6, 27), (6, -27), (-6, 27), (-6, -27), (6, 36), (6, -36)]
    for x, y, text, colour in points:
        best = None
        for dx, dy in candidates:
            ann = ax.annotate(text, (x, y), xytext=(dx, dy), textcoords="offset points", fontsize=fontsize,
                              ha="left" if dx > 0 else "right", va="center", color=colour)
            ann.set_in_layout(False)  # labels must not move the axes they were placed in
            box = ann.get_window_extent(renderer).expanded(1.05, 1.15)
            clash = any(box.overlaps(b) for b in placed)
            if not clash:
                best = (ann, box, dx, dy)
                break
            ann.remove()
        if best is None:  # nowhere free: fall back to the first spot
            dx, dy = candidates[0]
            ann = ax.annotate(text, (x, y), xytext=(dx, dy), textcoords="offset points",
                              fontsize=fontsize, ha="left", va="center", color=colour)
            ann.set_in_layout(False)
            best = (ann, ann.get_window_extent(renderer), dx, dy)
        ann, box, dx, dy = best
        if abs(dy) > 9:
            ax.annotate("", (x, y), xytext=(dx, dy), textcoords="offset points",
                        arrowprops={"arrowstyle": "-", "color": colour, "lw": 0.5, "alpha": 0.6}
                        ).set_in_layout(False)
        placed.append(box)


def plot_distinctive_terms(terms: pd.DataFrame, *, pair: tuple[str, str] | None = None,
                           top_n: int = 12, outlet_order: Sequence[str] | None = None,
                           z_threshold: float = 1.96, max_panels: int = 12, note: str | None = None):
    """Fightin' Words plot (Monroe et al. 2008, fig. style): z-score against term
    frequency, terms beyond +-``z_threshold`` coloured by the outlet they are
    typical of, the ``top_n`` most distinctive on each side labelled.

    ``terms`` comes from :func:`helpers.compare.compare.distinctive_terms`. Pairwise
    tables plot one pair (``pair``, default the first); one-vs-rest tables plot
    one panel per outlet (at most ``max_panels``)."""
    from ..compare import REST

    order = outlet_order_fn(pd.concat([terms["outlet_a"], terms["outlet_b"]]).loc[lambda s: s != REST],
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
    frames, to_label = [], []
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
        col_b = pal.get(b, "#555555")
        g["colour"] = np.where(g["z"] >= z_threshold, pal[a], np.where(g["z"] <= -z_threshold, col_b, NEUTRAL))
        x = g["frequency"].clip(lower=1)
        ax.scatter(x, g["z"], c=g["colour"], s=np.where(g["colour"] == NEUTRAL, 8, 18),
                   alpha=0.75, linewidths=0)
        ax.set_xscale("log")
        for yline in (z_threshold, -z_threshold):
            ax.axhline(yline, color="#777777", lw=0.8, ls="--")
        ax.axhline(0, color="#444444", lw=0.6)
        lab = g[g["labelled"]]
        to_label.append((ax, [(max(f, 1), z, t, "#555555" if c == NEUTRAL else c) for f, z, t, c in
                              zip(lab["frequency"], lab["z"], lab["term"], lab["colour"])]))
        other = "all other outlets" if b == REST else b
        ax.set_title(f"{a} vs {other}")
        ax.set_xlabel("frequency in all outlets (count, log scale)" if b == REST
                      else "frequency in the two outlets (count, log scale)")
        ax.set_ylabel(f"z-score: > 0 more typical of {a}")
        frames.append(g)
    for ax in list(axes.flat)[len(panels):]:
        ax.set_visible(False)
    data = pd.concat(frames, ignore_index=True)
    _finish(fig, "Distinctive terms: weighted log-odds z-scores with an informative Dirichlet prior "
                 "(Monroe, Colaresi & Quinn 2008)",
            _join(f"Dashed lines: |z| = {z_threshold}; coloured: beyond it. Labelled: the {top_n} "
                  "highest and lowest z per panel, significant or not.",
                  _cut_note(len(panels), n_panels, "panels"),
                  palette_note(order) if any(pal.get(o) == OTHER_OUTLETS for p in panels for o in p) else None,
                  note))
    fig.canvas.draw()  # settle the layout first: overlaps are judged in final display coordinates
    for ax, points in to_label:
        _place_labels(ax, points)
    return fig, data


# ------------------------------------------------------------------ 7. content selection

def plot_content_alignment(summary: pd.DataFrame, *, outlet_order: Sequence[str] | None = None,
                           max_events: int = 10, note: str | None = None):
    """Horizontal stacked bars per outlet (a panel per event): sentences with a
    counterpart in another outlet's coverage (shared, solid) and without
    (unique, light, hatched), from :func:`helpers.compare.compare.align_content`."""
    events, ev_note = _events(summary, max_events)
    s = summary[summary["event"].astype(str).isin(events)].copy()
    order = outlet_order_fn(s["outlet"], outlet_order)
    pal = outlet_palette(order, order)
    fig, axes = plt.subplots(len(events), 1, squeeze=False, layout="constrained",
                             figsize=(9, sum(max(2.2, 0.45 * len(order) + 1.2) for _ in events)))
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
        ax.set_yticks(ys, outs)
        ax.set_ylim(len(outs) - 0.5, -0.5)
        ax.set_xlim(0, max(1.0, float((shared + unique).max())) * 1.7)  # room for the labels
        ax.set_xlabel("sentences")
        ax.set_title(f"Event: {ev}" if ev else "", loc="left")
        _color_ticklabels(ax.get_yticklabels(), pal)
    handles = [mpl.patches.Patch(facecolor="#555555", label="shared: a similar sentence in another outlet"),
               mpl.patches.Patch(facecolor="#555555", alpha=0.28, hatch="//", label="unique to this outlet")]
    _legend_right(axes[0, 0], handles)
    thr = s["threshold"].iloc[0] if "threshold" in s.columns and len(s) else None
    _finish(fig, "Content selection: which sentences each outlet shares with other outlets' coverage",
            _join(f"Shared = TF-IDF cosine similarity >= {thr:g} with some sentence of another outlet on the same event."
                  if thr is not None else None, ev_note, palette_note(order), note))
    return fig, s.reset_index(drop=True)


# ------------------------------------------------------------------ 8. headline vs body

def plot_headline_vs_body(table: pd.DataFrame, *, outlet_order: Sequence[str] | None = None,
                          categories: Sequence[str] | None = None, note: str | None = None):
    """Dumbbell plot from :func:`helpers.compare.compare.headline_vs_body`: each outlet's
    rate per 1,000 tokens in headline + lede (filled) and body (open), one
    panel per category."""
    t = table if categories is None else table[table["category"].isin(categories)]
    cats = sorted(t["category"].unique()) if categories is None else [c for c in categories if c in set(t["category"])]
    order = outlet_order_fn(t["outlet"], outlet_order)
    pal = outlet_palette(order, order)
    fig, axes = plt.subplots(1, len(cats), squeeze=False, sharey=True, layout="constrained",
                             figsize=(max(6, 3.0 * len(cats)), max(2.6, 0.45 * len(order) + 1.4)))
    for ax, cat in zip(axes[0], cats):
        g = t[t["category"] == cat]
        for i, o in enumerate(order):
            go = g[g["outlet"] == o].set_index("segment_group")["rate_per_1000"]
            hl, bd = go.get("headline_lede", np.nan), go.get("body", np.nan)
            ax.plot([hl, bd], [i, i], color=pal[o], lw=1.2, alpha=0.6)
            ax.plot([hl], [i], "o", color=pal[o], ms=8)
            ax.plot([bd], [i], "o", color=pal[o], ms=8, fillstyle="none", markeredgewidth=1.5)
        ax.set_yticks(range(len(order)), order)
        ax.set_ylim(len(order) - 0.5, -0.5)
        ax.set_xlim(left=0)
        ax.set_title(cat.replace("_", " "))
        ax.set_xlabel("per 1,000 tokens")
        _color_ticklabels(ax.get_yticklabels(), pal)
    handles = [mpl.lines.Line2D([], [], marker="o", color="#333333", linestyle="none", label="headline + lede"),
               mpl.lines.Line2D([], [], marker="o", color="#333333", fillstyle="none", linestyle="none",
                                label="body")]
    _legend_right(axes[0][-1], handles)
    _finish(fig, "Markers in the headline and lede versus the body, per 1,000 tokens",
            _join(palette_note(order), note))
    return fig, t.reset_index(drop=True)
