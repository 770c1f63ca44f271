"""The manifest title is the headline when given; the text's first line stays the fallback."""

from __future__ import annotations

import pandas as pd

from conftest import ROOT
from helpers.clean import assemble_texts, clean_corpus

BODY = ("WASHINGTON — The senate passed the bill on Tuesday after a long debate, officials said.\n\n"
        "Critics said the measure would raise costs for families across the country.\n")


def segs(text, title=""):
    """Cleaned as a run cleans it: the generic rules and heuristics of the project."""
    corpus = pd.DataFrame({"article_id": ["a1"], "outlet": ["Some Outlet"], "text": [text], "title": [title]})
    return clean_corpus(corpus, ROOT / "data" / "rules")


def test_title_matching_a_line_makes_it_the_headline():
    text = "Photo: a view of the chamber (AP Photo/Someone)\n\nSenate passes the spending bill\n\n" + BODY
    segments, _ = segs(text, title="Senate Passes the Spending Bill")
    head = segments[segments["segment"] == "headline"]
    assert head["text"].tolist() == ["Senate passes the spending bill"]
    assert segments.iloc[0]["segment"] != "headline"  # the caption above it is not the headline


def test_page_title_with_a_site_suffix_still_finds_the_line():
    segments, _ = segs("Senate passes the spending bill\n\n" + BODY, title="Senate passes the spending bill | The Daily")
    assert segments[segments["segment"] == "headline"]["text"].tolist() == ["Senate passes the spending bill"]


def test_a_text_without_its_headline_gets_the_title_as_its_headline():
    segments, audit = segs(BODY, title="Senate passes spending bill")
    assert segments.iloc[0][["segment", "text", "line_first", "line_last"]].tolist() == \
        ["headline", "Senate passes spending bill", 0, 0]
    assert segments.iloc[1]["segment"] == "lede" and segments.iloc[1]["text"].startswith("WASHINGTON")
    assert audit["line_no"].min() == 1  # the title is not a raw line: no audit row
    text = assemble_texts(segments)["a1"]
    for s, e, t in zip(segments["start"], segments["end"], segments["text"]):
        assert text[s:e] == t  # offsets still slice the clean text


def test_without_a_title_the_first_line_stays_the_headline():
    text = "Senate passes the spending bill\n\n" + BODY
    assert segs(text)[0].iloc[0]["segment"] == "headline"
    assert segs(text, title="A different page title about something else")[0].iloc[0]["text"] == \
        "Senate passes the spending bill"  # a headline-like first line is kept over an unrelated title
