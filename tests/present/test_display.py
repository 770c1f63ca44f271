"""Notebook display objects: HTML that renders as HTML, aligned context, figures with alt text."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
from IPython.core.formatters import DisplayFormatter

from helpers.present import (FigureView, HtmlText, TextTable, context_text, finish_figure, kwic_html,
                             save_figure, show_figure, text_table)


def _bundle(obj):
    data, _ = DisplayFormatter().format(obj)
    return data


def _kwic_lines():
    return pd.DataFrame({"left": ["a <script>x", "longer left context"], "match": ["Iran", "regime"],
                         "right": [" said", " & more"], "article_id": ["a1", "a2"],
                         "outlet": ["O1", "O2"], "segment": ["body", "lede"], "in_quote": [False, True]})


def test_kwic_html_is_rendered_as_html_with_plain_fallback():
    out = kwic_html(_kwic_lines())
    bundle = _bundle(out)
    assert "text/html" in bundle and bundle["text/html"].startswith("<style>")
    plain = bundle["text/plain"]
    assert "<table" not in plain and "<style" not in plain
    lines = plain.splitlines()
    # the keyword column starts at the same position on every line
    starts = {line.index("[") for line in lines[1:]}
    assert len(starts) == 1
    assert "&lt;script&gt;" in out and "<script>x" not in out
    assert isinstance(out, str) and isinstance(out, HtmlText)


def test_text_table_aligns_on_keyword_and_keeps_type_on_selection():
    t = text_table(_kwic_lines())
    sub = t[["left", "match", "right"]]
    assert isinstance(sub, TextTable)
    html = _bundle(sub)["text/html"]
    assert "<td class='l'>a &lt;script&gt;x</td>" in html and "<mark>Iran</mark>" in html
    assert "text-align:left" in html and "monospace" in html
    assert "<script>" not in html
    text = context_text(sub)
    assert len({line.index(m) for line, m in zip(text.splitlines()[1:], ["Iran", "regime"])}) == 1


def test_figure_is_shown_with_alt_text(tmp_path):
    fig, ax = plt.subplots()
    ax.plot([0, 1], [1, 0])
    finish_figure(fig, "Hedges by outlet", "Intervals: 95% bootstrap.")
    saved = save_figure(fig, "demo", pd.DataFrame({"x": [1]}), tmp_path)
    assert saved.alt == "Hedges by outlet. Intervals: 95% bootstrap."
    view = show_figure(saved)
    assert isinstance(view, FigureView)
    bundle = _bundle(view)
    assert "image/png" not in bundle
    html = bundle["text/html"]
    assert 'alt="Hedges by outlet. Intervals: 95% bootstrap. Data: demo.csv."' in html
    assert html.startswith('<img src="data:image/png;base64,')
    assert "Hedges by outlet" in bundle["text/plain"]
    assert view.png == (tmp_path / "demo.png").read_bytes()
