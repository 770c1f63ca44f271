"""Keyword in context: concordance lines for lexicon hits.

A KWIC line shows ``width`` characters either side of a hit, cut from the
article's clean text at the hit's offsets by the project's one context rule,
:func:`helpers.core.text.kwic_context` (whitespace runs shown as one space;
the text never altered otherwise), so a hit reads the same here as in the
validation's error lines. :func:`kwic_html` renders lines for notebooks with
every piece of article text escaped as text (``html.escape``), never as HTML.

Why not ``nltk.text.ConcordanceIndex``: it indexes single whitespace tokens, so
it cannot show a phrase entry (``according to``) nor the hit itself (it lists
every occurrence of the word); on the seed's 182 hits it can show 139 (76 %),
this function all 182 at the hits' own offsets (``python -m bench.libraries``;
ConcordanceIndex is about 3x faster per line, 0.09 against 0.29 ms, which a
notebook does not notice). The hand-written cut is kept.
"""

from __future__ import annotations

import html

import pandas as pd

from ..core.text import kwic_context
from .display import CONTEXT_CSS, HtmlText, TextTable, context_text

KWIC_COLUMNS = ["left", "match", "right", "article_id", "outlet", "segment", "sentence_index",
                "category", "entry", "in_quote", "start", "end"]


def kwic(hits: pd.DataFrame, texts: pd.Series, *, category: str | None = None,
         entry: str | None = None, actor: str | None = None, article_id: str | None = None,
         voice: str | None = None, width: int = 60,
         articles: pd.DataFrame | None = None, limit: int | None = None) -> pd.DataFrame:
    """Concordance lines for the hits that pass the filters.

    ``hits``: hits.csv table; ``texts``: Series article_id -> clean text
    (``helpers.clean.cleaning.assemble_texts``). Filters: ``category``, ``entry``
    (lexicon entry), ``actor`` (naming subcategory), ``article_id``, ``voice``
    (``own`` = outside quotations, ``quoted`` = inside, None/``all`` = both).
    ``articles`` (article_id, outlet) adds the outlet; otherwise ``outlet`` is
    taken from ``hits`` if it has one, else ''. Rows keep hits.csv order.
    ``limit``: only the first that many lines (their contexts alone are cut,
    so a few lines of a large corpus cost no more than of a small one).
    """
    if voice not in (None, "all", "own", "quoted"):
        raise ValueError("voice must be 'own', 'quoted', 'all' or None")
    if width < 0:
        raise ValueError("width must be >= 0")
    keep = pd.Series(True, index=hits.index)
    if category is not None:
        keep &= hits["category"] == category
    if entry is not None:
        keep &= hits["entry"] == entry
    if actor is not None:
        keep &= (hits["category"] == "naming") & (hits["subcategory"] == actor)
    if article_id is not None:
        keep &= hits["article_id"] == article_id
    if voice == "own":
        keep &= ~hits["in_quote"].astype(bool)
    elif voice == "quoted":
        keep &= hits["in_quote"].astype(bool)
    sel = hits[keep]
    if limit is not None:
        sel = sel.head(int(limit))
    text_of = texts.to_dict()
    lefts, matches, rights = [], [], []
    for aid, s, e in zip(sel["article_id"].tolist(), sel["start"].tolist(), sel["end"].tolist()):
        left, match, right = kwic_context(text_of.get(aid, ""), s, e, width)
        lefts.append(left)
        matches.append(match)
        rights.append(right)
    if articles is not None:
        outlet = sel["article_id"].map(articles.drop_duplicates("article_id")
                                       .set_index("article_id")["outlet"]).fillna("")
    elif "outlet" in sel.columns:
        outlet = sel["outlet"]
    else:
        outlet = pd.Series("", index=sel.index)
    out = pd.DataFrame({
        "left": lefts, "match": matches, "right": rights,
        "article_id": sel["article_id"].to_numpy(),
        "outlet": outlet.to_numpy(),
        "segment": sel["segment"].to_numpy(),
        "sentence_index": sel["sentence_index"].to_numpy(),
        "category": sel["category"].to_numpy(),
        "entry": sel["entry"].to_numpy(),
        "in_quote": sel["in_quote"].astype(bool).to_numpy(),
        "start": sel["start"].to_numpy(),
        "end": sel["end"].to_numpy(),
    })
    return TextTable(out[KWIC_COLUMNS])


def kwic_html(df: pd.DataFrame, *, max_rows: int | None = 500) -> HtmlText:
    """An HTML table of KWIC lines with the match highlighted; all text escaped.

    Left context is right-aligned so matches line up on the keyword, in
    monospace. The result is a ``str`` that a notebook renders as HTML
    (``display(kwic_html(lines))``) and whose ``repr`` is the same lines as
    fixed-width plain text, for viewers without HTML.
    """
    esc = html.escape
    rows = []
    view = df if max_rows is None else df.head(max_rows)
    for r in view.itertuples(index=False):
        voice = "quoted" if getattr(r, "in_quote", False) else "own"
        rows.append(
            "<tr>"
            f"<td class='q'>{esc(str(getattr(r, 'outlet', '')))}</td>"
            f"<td class='q'>{esc(str(r.article_id))}</td>"
            f"<td class='q'>{esc(str(getattr(r, 'segment', '')))}</td>"
            f"<td class='q'>{esc(voice)}</td>"
            f"<td class='l'>{esc(r.left)}</td>"
            f"<td><mark>{esc(r.match)}</mark></td>"
            f"<td>{esc(r.right)}</td>"
            "</tr>")
    more = "" if max_rows is None or len(df) <= max_rows else \
        f"<p>{len(df) - max_rows} more lines not shown</p>"
    head = ("<tr><th>outlet</th><th>article</th><th>segment</th><th>voice</th>"
            "<th>left</th><th>match</th><th>right</th></tr>")
    plain = pd.DataFrame({
        "outlet": [str(v) for v in view.get("outlet", pd.Series("", index=view.index))],
        "article": view["article_id"].astype(str).tolist(),
        "segment": [str(v) for v in view.get("segment", pd.Series("", index=view.index))],
        "voice": ["quoted" if q else "own" for q in view.get("in_quote", pd.Series(False, index=view.index))],
        "left": view["left"].tolist(), "match": [f"[{m}]" for m in view["match"]],
        "right": view["right"].tolist()})
    text = context_text(plain, max_rows=None)
    if more:
        text += f"\n{len(df) - max_rows} more lines not shown"
    return HtmlText(f"{CONTEXT_CSS}<table class='ctx'>{head}{''.join(rows)}</table>{more}", text)


def kwic_styler(df: pd.DataFrame):
    """A pandas Styler of KWIC lines: escaped text, right-aligned left context, bold match."""
    return (df.style.format(escape="html")
            .set_properties(subset=["left"], **{"text-align": "right", "font-family": "monospace"})
            .set_properties(subset=["match"], **{"font-weight": "bold", "background-color": "#ffe08a",
                                                 "font-family": "monospace"})
            .set_properties(subset=["right"], **{"text-align": "left", "font-family": "monospace"})
            .hide(axis="index"))
