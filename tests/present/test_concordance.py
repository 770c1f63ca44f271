"""Keyword-in-context lines and their HTML rendering (helpers.present.concordance), cut by
the project's one context rule, helpers.core.text.kwic_context."""

import pandas as pd
import pytest

from helpers.present.concordance import KWIC_COLUMNS, kwic, kwic_html, kwic_styler

TEXTS = pd.Series({"a": "Iran said <b>no</b>.\n\n\"The regime lies,\" he said. The regime fell.",
                   "b": "Tehran & the regime"})


def _hits():
    rows = []
    for aid, text in TEXTS.items():
        i = text.find("regime")
        while i >= 0:
            in_q = aid == "a" and i < text.find('," he')
            rows.append({"article_id": aid, "segment": "body", "segment_index": 1,
                         "sentence_index": 1, "start": i, "end": i + 6, "matched": "regime",
                         "lexicon": "loaded_terms", "category": "loaded_terms",
                         "subcategory": "delegitimising", "entry": "regime", "in_quote": in_q,
                         "quote_index": 0 if in_q else pd.NA})
            i = text.find("regime", i + 1)
        rows.append({"article_id": aid, "segment": "headline", "segment_index": 0,
                     "sentence_index": 0, "start": 0, "end": 4 if aid == "a" else 6,
                     "matched": text[:4 if aid == "a" else 6], "lexicon": "actors",
                     "category": "naming", "subcategory": "iran",
                     "entry": "Iran" if aid == "a" else "Tehran", "in_quote": False,
                     "quote_index": pd.NA})
    return pd.DataFrame(rows).sort_values(["article_id", "start"]).reset_index(drop=True)


def test_kwic_lines_and_filters():
    k = kwic(_hits(), TEXTS, category="loaded_terms", width=10,
             articles=pd.DataFrame({"article_id": ["a", "b"], "outlet": ["A", "B"]}))
    assert list(k.columns) == KWIC_COLUMNS
    assert k["match"].tolist() == ["regime"] * 3
    # the one context rule (helpers.core.text.kwic_context): the paragraph break is
    # shown as one space, and the context still holds ``width`` characters
    assert k["left"].tolist()[0] == '/b>. "The '
    assert k["right"].tolist()[0] == ' lies," he'
    assert k["outlet"].tolist() == ["A", "A", "B"]
    assert kwic(_hits(), TEXTS, voice="quoted")["in_quote"].tolist() == [True]
    assert len(kwic(_hits(), TEXTS, voice="own", category="loaded_terms")) == 2
    assert kwic(_hits(), TEXTS, actor="iran")["entry"].tolist() == ["Iran", "Tehran"]
    assert kwic(_hits(), TEXTS, entry="Tehran", article_id="b")["match"].tolist() == ["Tehran"]
    assert kwic(_hits(), TEXTS, article_id="nope").empty
    assert (kwic(_hits(), TEXTS)["outlet"] == "").all()
    with pytest.raises(ValueError):
        kwic(_hits(), TEXTS, voice="loud")


def test_kwic_context_is_clipped_at_text_edges():
    k = kwic(_hits(), TEXTS, article_id="b", width=100)
    assert k["left"].tolist() == ["", "Tehran & the "]
    assert k["right"].tolist()[1] == ""


def test_kwic_html_escapes_article_text():
    k = kwic(_hits(), TEXTS, article_id="a", width=30)
    out = kwic_html(k)
    assert "<b>no</b>" not in out and "&lt;b&gt;no&lt;/b&gt;" in out
    assert "<mark>regime</mark>" in out and "<mark>Iran</mark>" in out
    assert "&quot;The" in out
    assert "more lines" in kwic_html(k, max_rows=1)


def test_kwic_styler_escapes():
    k = kwic(_hits(), TEXTS, article_id="a", width=30)
    html = kwic_styler(k).to_html()
    assert "<b>no</b>" not in html and "&lt;b&gt;no&lt;/b&gt;" in html
