"""House style shared by every figure: palette, fonts, titles and captions, and
byte-stable saving.

Every figure function of :mod:`helpers.present` returns ``(fig, data)`` where
``data`` is exactly what is drawn, and colours outlets with
:func:`outlet_palette`, so an outlet has the same colour in every figure.
:func:`save_figure` writes NAME.png, NAME.svg and NAME.csv byte-stably (no
dates, fixed SVG ids), and only when the bytes changed.

Designed for more than two outlets: the outlet order
(:func:`helpers.compare.ordered_outlets`) fixes order and colour, ``top_n`` /
``max_*`` cut long lists (the caption then says what was cut, see
:func:`cut_note`), and figures facet by event where a table has several
(:func:`shown_events`).
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..compare import ordered_outlets
from ..core.escape import plot_text
from ..core.study import check_name
from ..core.runtime import release_memory
from ..core.storage import atomic_write_bytes, write_csv
from .display import FigureView, figure_alt, figure_view

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
MAX_HEIGHT = 40.0  # inches: a figure taller than this is cut (events) rather than drawn unreadable

# Fixed SVG id salt and no dates: identical figures give identical bytes. The
# salt is frozen text (the name of the module that first saved the committed
# figures), not this module's name: changing it changes the ids in every SVG.
# SVG text stays text (``<text>`` elements in FONT, falling back to the viewer's
# sans-serif), not glyph outlines: a reader can select, search and copy it, a
# screen reader can read it, an editor can restyle it for a journal; the files are
# 2-3x smaller where figures are mostly labels, and saving them skipped the glyph
# conversion (about 30 % of the SVG time on the bench.small study). Without DejaVu Sans
# installed a viewer takes SVG_FALLBACK_FONTS, else its default sans-serif (Arial,
# Helvetica, Liberation Sans: all narrower), anchored where matplotlib placed them,
# so nothing overruns; the PNG is the exact rendering.
_SAVE_RC = {"svg.hashsalt": "helpers.plots", "svg.fonttype": "none"}
# Named after FONT in each SVG's font-family: Bitstream Vera Sans has DejaVu Sans's
# metrics (DejaVu grew from it) and Verdana nearly so, so a viewer without DejaVu
# keeps the label widths the layout measured. Matplotlib ships DejaVu Sans, so the
# PNG always uses FONT.
SVG_FALLBACK_FONTS = ["Bitstream Vera Sans", "Verdana"]
_SVG_METADATA = {"Date": None, "Creator": None}
_PNG_METADATA = {"Software": None}


# ------------------------------------------------------------------ style and colour

def apply_style() -> None:
    """The house style: seaborn whitegrid, DejaVu Sans, sizes readable in a report."""
    import seaborn as sns

    sns.set_theme(style="whitegrid", context="notebook", font=FONT, rc={
        "font.family": "sans-serif", "font.sans-serif": [FONT, *SVG_FALLBACK_FONTS],
        "axes.titlesize": 12, "axes.labelsize": 11, "xtick.labelsize": 10, "ytick.labelsize": 10,
        "legend.fontsize": 9, "legend.title_fontsize": 10, "figure.titlesize": 13,
        "figure.dpi": 100, "savefig.dpi": DPI, **_SAVE_RC,
        # titles at the top of their axes: no figure puts ticks or labels on top, so the
        # automatic position lands there anyway, and finding it measured the x axis of
        # every titled panel at each layout pass and draw (a quarter of the distinctive-terms
        # layout time, bench.small); same bytes
        "axes.titley": 1.0,
    })


def outlet_palette(outlets: Sequence[str], order: Sequence[str] | None = None) -> dict[str, str]:
    """A fixed colour per outlet: position in ``order`` (else sorted names) picks the colour.

    The first ``len(OUTLET_COLOURS)`` (10) outlets get distinct colours
    (Okabe-Ito colour-blind-safe set, then Tol's muted); every further outlet
    gets the same dark grey ``OTHER_OUTLETS``, so the first ten stay
    distinguishable however many outlets there are (:func:`palette_note` says so
    in the caption). Same inputs, same colours, in every figure.
    """
    names = ordered_outlets(list(outlets) + list(order or []), order)
    return {o: OUTLET_COLOURS[i] if i < len(OUTLET_COLOURS) else OTHER_OUTLETS
            for i, o in enumerate(names)}


def palette_note(outlets: Sequence[str]) -> str | None:
    """Caption text when some of ``outlets`` share the grey of :func:`outlet_palette`."""
    k = len(OUTLET_COLOURS)
    n = len(dict.fromkeys(outlets))
    return (f"Outlets after the first {k} (in outlet order) share one grey; read them by name."
            if n > k else None)


def text_colour(colour: str) -> tuple[float, float, float]:
    """The outlet colour, darkened if too light to read as text on white (e.g. yellow)."""
    rgb = np.array(mpl.colors.to_rgb(colour))
    lum = float(rgb @ [0.299, 0.587, 0.114])
    return tuple(rgb * (0.55 / lum)) if lum > 0.55 else tuple(rgb)


def colour_ticklabels(labels, palette: dict[str, str]) -> None:
    """Colour tick labels naming an outlet (``NAME`` or ``NAME · ...``) in its text colour."""
    for lab in labels:
        text = lab.get_text()  # as drawn: through plot_text
        for outlet, colour in palette.items():
            if text == plot_text(outlet) or text.startswith(plot_text(outlet) + " ·"):
                lab.set_color(text_colour(colour))
                break


# ------------------------------------------------------------------ titles, captions, legends

def _wrap(text: str, width: int = 95) -> str:
    return "\n".join(textwrap.fill(part, width) for part in text.split("\n"))


def finish_figure(fig, title: str, caption: str | None = None) -> None:
    """Bold wrapped title on top, grey wrapped caption (what was cut, notes) below."""
    width = fig.get_figwidth()  # about 8 title characters (13 pt bold) per inch
    fig.suptitle(_wrap(title, max(40, int(width * 8))), fontsize=13, fontweight="bold")
    if caption:  # supxlabel: constrained layout reserves room for it below the axes
        fig.supxlabel(_wrap(caption, max(60, int(width * 12))), x=0.01, ha="left", fontsize=9,
                      color="#444444")


def legend_right(ax, handles, title: str | None = None) -> None:
    """Legend just right of ``ax`` (the top-right panel); as an axes legend it is
    part of the panel's box, so constrained layout keeps it clear of the title."""
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0,
              frameon=False, title=title)


def cut_note(kept: int, total: int, what: str) -> str | None:
    """Caption text "Showing k of n WHAT." when a figure shows only some of them."""
    return f"Showing {kept} of {total} {what}." if kept < total else None


def shown_events(df: pd.DataFrame, max_events: int) -> tuple[list[str], str | None]:
    """The first ``max_events`` sorted events of ``df`` (``[""]`` without an event
    column) and the caption note saying how many were cut."""
    if "event" not in df.columns:
        return [""], None
    events = sorted(df["event"].astype(str).unique())
    return events[:max_events], cut_note(min(len(events), max_events), len(events), "events")


def join_notes(*parts: str | None) -> str | None:
    """Caption sentences joined with spaces; None when there are none."""
    kept = [p for p in parts if p]
    return " ".join(kept) if kept else None


# ------------------------------------------------------------------ saving and showing

def figure_bytes(fig: mpl.figure.Figure) -> dict[str, bytes]:
    """PNG and SVG bytes of ``fig``, with no dates or software stamps and fixed ids.

    The figure is laid out once and drawn once per format. ``bbox_inches="tight"``
    and a live layout engine each make ``savefig`` lay the whole figure out again
    (every tick label and title measured) before drawing it, i.e. five layout
    passes for two files; on a 40-panel figure these passes were about 60 % of
    the saving time (profiled on the 50-article bench study, ``bench.small``).
    So: solve the layout without drawing (:func:`solve_layout`), freeze it (constrained layout also
    drifts in the last float digits from draw to draw, which changes SVG
    clip-path ids), measure the tight box once and save both formats with it.
    """
    out = {}
    dpi = fig.dpi
    freeze_layout(fig)
    fig.set_dpi(DPI)  # measure text at the saving resolution
    try:
        box = tight_box(fig)
    finally:
        fig.set_dpi(dpi)
    with mpl.rc_context(_SAVE_RC):
        for fmt, meta in (("png", _PNG_METADATA), ("svg", _SVG_METADATA)):
            buf = io.BytesIO()
            fig.savefig(buf, format=fmt, dpi=DPI, bbox_inches=box, metadata=meta)
            out[fmt] = buf.getvalue()
    return out


def freeze_layout(fig: mpl.figure.Figure) -> None:
    """Solve the figure's layout at the saving resolution (:data:`DPI`) and remove its
    layout engine, so no later draw or save lays it out again. A figure function that
    places artists in display coordinates after the layout (labels kept apart, see
    :mod:`helpers.present.distinctive_terms`) calls it first, then places them in the
    coordinates the files are saved in; :func:`figure_bytes` then has nothing to solve.
    A figure already frozen is left as it is."""
    engine = fig.get_layout_engine()
    if engine is None:
        return
    dpi = fig.dpi
    fig.set_dpi(DPI)
    try:
        if not isinstance(engine, mpl.layout_engine.PlaceHolderLayoutEngine):
            solve_layout(fig)
        # no engine at all (not a placeholder), so savefig skips its extra layout pass
        with mpl.rc_context({"figure.autolayout": False, "figure.constrained_layout.use": False}):
            fig.set_layout_engine(None)
    finally:
        fig.set_dpi(dpi)


def solve_layout(fig: mpl.figure.Figure) -> None:
    """Place the axes as the figure's layout engine would on its next draw, without
    drawing: ``draw_without_rendering`` runs the engine and then walks every artist
    through a null renderer, which the saving draws repeat anyway (1.5 s of CPU over
    the ten figures of the bench.small study; the saved bytes are identical)."""
    engine = fig.get_layout_engine()
    if fig.axes and engine is not None:
        engine.execute(fig)


def tight_box(fig: mpl.figure.Figure, pad: float = 0.1) -> mpl.transforms.Bbox:
    """The figure's tight bounding box in inches plus ``pad`` (as ``bbox_inches="tight"``
    with the default ``savefig.pad_inches``), measured once with the Agg
    renderer (at the figure's dpi), rounded to 1/100 inch so both formats and every
    rerun crop alike."""
    box = fig.get_tightbbox(fig.canvas.get_renderer()).padded(pad)
    x0, y0, x1, y1 = (round(float(v), 2) for v in box.extents)
    return mpl.transforms.Bbox.from_extents(x0, y0, x1, y1)


class SavedFigure(dict):
    """What :func:`save_figure` returns: {'png', 'svg', 'csv'} -> path, and ``alt``,
    the figure's alternative text (its title and caption) for :func:`show_figure`."""

    alt: str = ""


def save_figure(fig: mpl.figure.Figure, name: str, data: pd.DataFrame,
                figures_dir: str | Path) -> SavedFigure:
    """Write NAME.png, NAME.svg and NAME.csv (exactly the plotted data) into ``figures_dir``.

    Byte-stable (see :func:`figure_bytes`) and atomic; files whose bytes are
    unchanged are not rewritten. Returns {'png': path, 'svg': path, 'csv': path}
    as a :class:`SavedFigure` whose ``alt`` is the figure's title and caption.
    Side effect: the figure's constrained layout is solved once and frozen, so
    later draws (a second save, the notebook display) give the same bytes.
    """
    check_name(name, "figure name")
    folder = Path(figures_dir)
    paths = SavedFigure({ext: folder / f"{name}.{ext}" for ext in ("png", "svg", "csv")})
    paths.alt = figure_alt(fig)
    for fmt, blob in figure_bytes(fig).items():
        atomic_write_bytes(paths[fmt], blob)
    write_csv(data, paths["csv"])
    return paths


def show_figure(saved: dict[str, Path], alt: str | None = None) -> FigureView:
    """Display a figure's PNG as :func:`save_figure` wrote it (``saved`` is what it
    returned), so the notebook shows exactly the committed file, with alternative
    text (``alt``, else the title and caption :func:`save_figure` recorded, else the
    file name) -- an ``image/png`` output cannot carry any, so it is embedded as HTML.

    Closes the open matplotlib figures, or the inline backend would show them a second
    time, and returns their memory to the system (a many-panel figure is tens of MB)."""
    plt.close("all")
    release_memory()
    png = Path(saved["png"])
    text = alt or getattr(saved, "alt", "") or f"Figure {png.stem}"
    return figure_view(png, f"{text} Data: {png.stem}.csv.")
