"""Headline vs body and the framing-map table (helpers.compare.placement)."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import compare
from compare_util import articles_table, sentences_table


def test_headline_vs_body():
    feats = pd.DataFrame([
        ("a1", "X", "e", "headline_lede", "all", "loaded_terms", 2, 40),
        ("a1", "X", "e", "body", "all", "loaded_terms", 3, 600),
        ("a1", "X", "e", "all", "all", "loaded_terms", 5, 640),
        ("a1", "X", "e", "body", "own", "loaded_terms", 3, 500),
    ], columns=["article_id", "outlet", "event", "segment_group", "voice", "category", "count", "tokens"])
    out = compare.headline_vs_body(feats)
    assert list(out.segment_group) == ["headline_lede", "body"]
    assert out.rate_per_1000.tolist() == pytest.approx([50.0, 5.0])
    assert out.rate_vs_body.tolist() == pytest.approx([45.0, 45.0])


def test_framing_map_data():
    sents = sentences_table({"a1": 3})
    hits = pd.DataFrame([("a1", 0, "hedges"), ("a1", 0, "loaded_terms"), ("a1", 2, "anonymous_sourcing"),
                         ("a1", 2, "reporting_verbs")], columns=["article_id", "sentence_index", "category"])
    quotes = pd.DataFrame({"article_id": ["a1", "a1"], "start": [110, 150], "end": [250, 160],
                           "speaker_class": ["named_person", "anonymous"]})
    out = compare.framing_map_data(sents, hits, quotes, articles_table([("a1", "X", "e")]))
    assert out.outlet.tolist() == ["X"] * 3
    assert out.markers.tolist() == ["hedges;loaded_terms", "quote;anonymous_source", "quote;anonymous_source"]
    assert out.quote.tolist() == [0, 2, 1]
    assert out.anonymous_source.tolist() == [0, 1, 1]
    assert out.token_start.tolist() == [0, 10, 20]
    assert out.position.tolist() == [0.0, 0.5, 1.0]
