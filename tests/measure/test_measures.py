"""The measure_corpus entry point (helpers.measure.measures) on hand-made segments."""

import numpy as np
import pandas as pd
import pytest

from helpers.core.errors import FramingError
from helpers.measure.measures import measure_corpus
from measures_util import ARTICLES, articles_table, clean_text, lexicon, make_segments


def test_measure_corpus_hits_slice_back_to_the_clean_text(seed_cues):
    seg = make_segments(ARTICLES)
    arts = articles_table(["a1", "a2"])
    m = measure_corpus(seg, arts, lexicon(), seed_cues)
    assert set(m.hits["category"]) >= {"loaded_terms", "naming", "hedges", "boosters",
                                        "reporting_verbs"}
    text = clean_text(seg, "a1")
    assert all(text[s:e] == x for s, e, x in
               zip(m.hits.start[m.hits.article_id == "a1"], m.hits.end[m.hits.article_id == "a1"],
                   m.hits.matched[m.hits.article_id == "a1"]))


def test_measure_corpus_requires_article_metadata(seed_cues):
    seg = make_segments({"a": [("body", "Iran.")]})
    with pytest.raises(FramingError, match="outlet"):
        measure_corpus(seg, pd.DataFrame({"article_id": ["a"]}), lexicon(), seed_cues)


def test_empty_corpus_and_articles_without_text(seed_cues):
    cols = ["article_id", "segment_index", "segment", "start", "end", "text", "line_first",
            "line_last"]
    m = measure_corpus(make_segments({}).reindex(columns=cols), articles_table([]), lexicon(), seed_cues)
    assert m.features.empty and m.article_features.empty and m.hits.empty
    assert list(m.article_features.columns[:3]) == ["article_id", "outlet", "event"]
    assert m.quotes.empty and m.attributions.empty
    seg = make_segments({"a": [("body", "")], "b": [("headline", "  "), ("body", "Iran")]})
    w = measure_corpus(seg, articles_table(["a", "b", "c"]), lexicon(), seed_cues).article_features
    w = w.set_index("article_id")
    assert w.loc["a", "n_tokens"] == 0 and np.isnan(w.loc["a", "naming_per_1000"])
    assert w.loc["b", "naming_count"] == 1 and w.loc["b", "naming_per_1000"] == 1000
    assert w.loc["c", "n_sentences"] == 0


def test_clean_texts_do_not_depend_on_row_order():
    """Offsets index helpers.clean.cleaning.assemble_texts: the same texts in any row order."""
    from helpers.clean.cleaning import assemble_texts

    seg = make_segments(ARTICLES)
    got, want = assemble_texts(seg.sample(frac=1, random_state=3)), assemble_texts(seg)
    pd.testing.assert_series_equal(got, want)
    assert got.index.name == "article_id"
    assert got.to_dict() == {aid: clean_text(seg, aid) for aid in ARTICLES}
