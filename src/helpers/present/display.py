"""Objects that display right in a notebook, in HTML and as plain text.

A notebook cell shows whatever its last expression is (or what ``display``
gets); a ``str`` of HTML is shown as a quoted string, and pandas right-aligns
text, so a context column (a raw line, ``left`` of a KWIC line) loses the
layout that makes it readable. Each object here carries its own two
renderings, as IPython's display protocol expects (``_repr_html_`` for
JupyterLab, VS Code, nbconvert and GitHub; ``__repr__`` for a terminal or a
viewer without HTML):

* :class:`HtmlText` -- HTML that is also a ``str`` (KWIC tables), with a
  fixed-width plain-text fallback;
* :class:`TextTable` -- a DataFrame whose text columns are left-aligned and
  whose ``left`` / ``match`` / ``right`` columns line up on the keyword, in
  monospace; every cell escaped (``html.escape``), never HTML;
* :class:`FigureView` -- a saved figure's PNG embedded with alternative text
  (title and caption), which the ``image/png`` output type cannot carry
  (WCAG 2.1, 1.1.1 Non-text Content).

The HTML is deterministic (no random ids), so executed notebooks stay byte-stable.
"""

from __future__ import annotations

import base64
import html
from pathlib import Path

import pandas as pd

# !important: JupyterLab's and nbconvert's own table style right-aligns every cell
CONTEXT_CSS = ("<style>table.ctx td,table.ctx th{font-family:monospace;white-space:pre;padding:1px 6px;"
               "text-align:left!important;vertical-align:top}table.ctx td.l{text-align:right!important}"
               ".ctx mark{background:#ffe08a;font-weight:bold}.ctx td.q{color:#555}</style>")


class HtmlText(str):
    """A ``str`` of HTML that a notebook renders as HTML; ``repr`` is ``plain``.

    Still a ``str`` (so it can be written to a file or searched in a test);
    ``plain`` is the readable text shown where HTML is not rendered.
    """

    plain: str

    def __new__(cls, markup: str, plain: str = ""):
        obj = super().__new__(cls, markup)
        obj.plain = plain
        return obj

    def _repr_html_(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        return self.plain


def _cell(value) -> str:
    if value is None or (not isinstance(value, str) and pd.api.types.is_scalar(value) and pd.isna(value)):
        return ""
    return str(value)


def context_html(df: pd.DataFrame, *, max_rows: int | None = 500) -> str:
    """``df`` as an escaped HTML table: ``left`` right-aligned, ``match`` marked,
    every other column left-aligned, all in monospace so contexts line up."""
    esc = html.escape
    view = df if max_rows is None else df.head(max_rows)
    cols = [str(c) for c in view.columns]
    head = "".join(f"<th>{esc(c)}</th>" for c in cols)
    rows = []
    for values in view.itertuples(index=False, name=None):
        cells = []
        for col, value in zip(cols, values):
            text = esc(_cell(value))
            if col == "left":
                cells.append(f"<td class='l'>{text}</td>")
            elif col == "match":
                cells.append(f"<td><mark>{text}</mark></td>")
            else:
                cells.append(f"<td>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    more = ("" if max_rows is None or len(df) <= max_rows
            else f"<p>{len(df) - max_rows} more rows not shown</p>")
    return f"{CONTEXT_CSS}<table class='ctx'><tr>{head}</tr>{''.join(rows)}</table>{more}"


def context_text(df: pd.DataFrame, *, max_rows: int | None = 500) -> str:
    """``df`` as fixed-width plain text, ``left`` right-aligned so matches line up."""
    view = df if max_rows is None else df.head(max_rows)
    cols = [str(c) for c in view.columns]
    cells = [[_cell(v) for v in row] for row in view.itertuples(index=False, name=None)]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(cols)]

    def line(values):
        return "  ".join(v.rjust(w) if c == "left" else v.ljust(w)
                         for c, v, w in zip(cols, values, widths)).rstrip()

    out = [line(cols)] + [line(r) for r in cells]
    if max_rows is not None and len(df) > max_rows:
        out.append(f"{len(df) - max_rows} more rows not shown")
    return "\n".join(out)


class TextTable(pd.DataFrame):
    """A DataFrame shown with left-aligned text and keyword-aligned context.

    Selecting columns or rows keeps the type (pandas ``_constructor``), so a
    notebook's ``errors[[...]]`` still displays this way. Everything else is a
    plain DataFrame.
    """

    @property
    def _constructor(self):
        return TextTable

    def _repr_html_(self) -> str:
        return context_html(self, max_rows=pd.get_option("display.max_rows"))


def text_table(df: pd.DataFrame) -> TextTable:
    """``df`` (not copied deeply) as a :class:`TextTable`."""
    return TextTable(df)


class FigureView:
    """A saved figure's PNG, shown with alternative text.

    ``_repr_html_`` embeds the PNG bytes as a data URI in an ``<img alt=...>``;
    ``__repr__`` is the alternative text itself, with the file name.
    """

    def __init__(self, png: bytes, alt: str, name: str = ""):
        self.png, self.alt, self.name = png, alt, name

    def _repr_html_(self) -> str:
        data = base64.b64encode(self.png).decode("ascii")
        return (f"<img src=\"data:image/png;base64,{data}\" alt=\"{html.escape(self.alt)}\" "
                f"style=\"max-width:100%\"/>")

    def __repr__(self) -> str:
        return f"[figure {self.name}: {self.alt}]" if self.name else f"[figure: {self.alt}]"


def figure_alt(fig) -> str:
    """Alternative text for ``fig``: its title, then its caption (one line each joined)."""
    parts = []
    for artist in (getattr(fig, "_suptitle", None), getattr(fig, "_supxlabel", None)):
        text = artist.get_text().replace("\\$", "$") if artist is not None else ""  # drawn through plot_text
        if text:
            parts.append(" ".join(text.split()))
    if not parts:
        parts = [" ".join(ax.get_title().split()) for ax in fig.axes if ax.get_title()]
    return ". ".join(p.rstrip(".") for p in parts if p) + ("." if parts else "")


def figure_view(png_path: str | Path, alt: str) -> FigureView:
    """A :class:`FigureView` of the PNG at ``png_path`` (read once, as written)."""
    path = Path(png_path)
    return FigureView(path.read_bytes(), alt, path.stem)
