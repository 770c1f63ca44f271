"""The synthetic corpus generator: deterministic, well-formed, lexicon-bearing."""

from __future__ import annotations

import re

import pandas as pd

from helpers.measure.matcher import compile_matcher, match_texts
from helpers.corpus.synthetic import CORPUS_COLUMNS, generate_corpus, write_parquet


def test_same_seed_same_corpus_other_seed_other_corpus():
    a = generate_corpus(40, seed=3)
    assert a.equals(generate_corpus(40, seed=3))
    assert not a["text"].equals(generate_corpus(40, seed=4)["text"])
    # a prefix of a bigger corpus is the smaller corpus
    assert generate_corpus(60, seed=3).head(40).equals(a)


def test_shape_and_columns():
    df = generate_corpus(30, seed=1, outlets=3, events=4, words_per_article=200)
    assert list(df.columns) == CORPUS_COLUMNS
    assert df["article_id"].is_unique
    assert all(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", a) for a in df["article_id"])
    assert df["outlet"].nunique() == 3 and df["event"].nunique() == 4
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in df["published"])
    for title, text in zip(df["title"], df["text"]):
        assert text.startswith(title + "\n\n")
        assert len(text.split()) >= 200
        assert "\n\n\n" not in text


def test_contains_every_category_and_quotes(seed_lexicon):
    df = generate_corpus(50, seed=0)
    hits = match_texts(df.set_index("article_id")["text"], compile_matcher(seed_lexicon))
    per_article = len(hits) / len(df)
    assert 20 < per_article < 150
    assert set(hits["category"]) == {"loaded_terms", "hedges", "boosters", "reporting_verbs",
                                     "anonymous_sourcing", "naming"}
    assert df["text"].str.contains("“").any() and df["text"].str.contains('"').any()
    # outlets differ (loaded-term rate), so comparisons have something to find
    rates = (hits[hits.category == "loaded_terms"].merge(df[["article_id", "outlet"]])
             .groupby("outlet").size() / df.groupby("outlet").size())
    assert rates.max() > 1.5 * rates.min()


def test_write_parquet_round_trip_and_skip_if_identical(tmp_path):
    df = generate_corpus(5, seed=2)
    path = tmp_path / "corpus.parquet"
    assert write_parquet(df, path) is True
    assert write_parquet(df, path) is False
    pd.testing.assert_frame_equal(pd.read_parquet(path), df)


def test_corpus_segments_slice_back_to_the_text():
    from helpers.corpus.synthetic import corpus_segments

    df = generate_corpus(6, seed=5, words_per_article=120)
    seg = corpus_segments(df)
    texts = dict(zip(df["article_id"], df["text"]))
    for a, s, e, t in zip(seg["article_id"], seg["start"], seg["end"], seg["text"]):
        assert texts[a][s:e] == t
    assert seg.groupby("article_id")["segment"].first().eq("headline").all()
    joined = seg.groupby("article_id")["text"].agg("\n\n".join)
    assert all(joined[a] == texts[a] for a in texts)


def test_more_outlets_than_house_styles_get_numbered_names_and_their_own_text():
    df = generate_corpus(60, seed=2, outlets=30, events=2, words_per_article=120)
    assert df["outlet"].nunique() == 30
    assert "Global Wire 2" in set(df["outlet"]) and "Global Wire" in set(df["outlet"])
    # the same style under two names does not repeat the same paragraphs
    a = set(df.loc[df["outlet"] == "Global Wire", "text"].str.split("\n\n").explode())
    b = set(df.loc[df["outlet"] == "Global Wire 2", "text"].str.split("\n\n").explode())
    assert a != b
    # six outlets or fewer: exactly as before (the benchmark corpora do not change)
    assert generate_corpus(12, seed=0, outlets=5).equals(generate_corpus(12, seed=0, outlets=5))
    import pytest
    with pytest.raises(ValueError):
        generate_corpus(5, outlets=0)
