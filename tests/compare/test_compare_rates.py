"""Rates per 1,000 tokens with bootstrap intervals (helpers.compare.rates)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from helpers import compare
from helpers.core.errors import FramingError
from compare_util import SPUTNIK, TOI, articles_table, hits_table, sentences_table


def test_constant_rate_gives_zero_width_interval():
    sents = sentences_table({"a1": 20})
    hits = hits_table([("a1", i, "hedges", False) for i in range(20)])  # 1 per 10 tokens everywhere
    out = compare.category_rates(hits, sents, articles_table([("a1", "X", "e")]), n_boot=200, seed=1)
    row = out[(out.category == "hedges") & (out.voice == "all")].iloc[0]
    assert row.rate_per_1000 == pytest.approx(100.0)
    assert row.ci_low == pytest.approx(100.0) and row.ci_high == pytest.approx(100.0)
    assert row.resampled == "sentences" and row.n_units == 20


def test_binomial_interval_covers_truth_and_is_deterministic():
    rng = np.random.default_rng(42)
    p, n_art, tok = 0.05, 40, 200
    aids = [f"a{i:02d}" for i in range(n_art)]
    sents = pd.DataFrame({"article_id": aids, "sentence_index": 0, "segment": "body",
                          "segment_index": 0, "start": 0, "end": 10, "n_tokens": tok})
    k = rng.binomial(tok, p, size=n_art)
    hits = hits_table([(a, 0, "loaded_terms", False) for a, kk in zip(aids, k) for _ in range(kk)])
    arts = articles_table([(a, "X", "e") for a in aids])
    out1 = compare.category_rates(hits, sents, arts, n_boot=500, seed=3)
    out2 = compare.category_rates(hits, sents, arts, n_boot=500, seed=3)
    pd.testing.assert_frame_equal(out1, out2)
    row = out1[(out1.voice == "all")].iloc[0]
    assert row.resampled == "articles" and row.n_units == n_art
    assert row.ci_low < p * 1000 < row.ci_high
    # the interval is about as wide as the binomial standard error says (+-1.96 SE)
    se = math.sqrt(p * (1 - p) / (tok * n_art)) * 1000
    assert 0.5 * 3.92 * se < row.ci_high - row.ci_low < 2.0 * 3.92 * se
    out3 = compare.category_rates(hits, sents, arts, n_boot=500, seed=4)
    assert out3.loc[out3.voice == "all", "ci_low"].iloc[0] != row.ci_low


def test_voices_split_tokens_by_quotes():
    sents = sentences_table({"a1": 2})          # sentence 0: [0, 90), sentence 1: [100, 190)
    quotes = pd.DataFrame({"article_id": ["a1"], "quote_index": [0], "start": [10], "end": [55],
                           "sentence_index": [0], "n_tokens": [4], "speaker_class": ["anonymous"]})
    hits = hits_table([("a1", 0, "hedges", True), ("a1", 1, "hedges", False), ("a1", 1, "hedges", False)])
    out = compare.category_rates(hits, sents, articles_table([("a1", "X", "e")]), quotes=quotes, n_boot=50)
    r = out.set_index("voice")
    assert r.loc["quoted", "tokens"] == pytest.approx(4)
    assert r.loc["own", "tokens"] == pytest.approx(16)
    assert r.loc["quoted", "count"] == 1 and r.loc["own", "count"] == 2 and r.loc["all", "count"] == 3
    assert r.loc["quoted", "rate_per_1000"] == pytest.approx(250.0)


def test_unknown_sentence_is_a_framing_error():
    sents = sentences_table({"a1": 1})
    with pytest.raises(FramingError, match="row 1"):
        compare.category_rates(hits_table([("a1", 5, "hedges", False)]), sents,
                               articles_table([("a1", "X", "e")]), n_boot=10)


def test_rates_from_features_resample_articles():
    rows = []
    for i, c in enumerate([1, 2, 3]):
        for v, tok, cnt in (("own", 80, c), ("quoted", 20, 0), ("all", 100, c)):
            rows.append((f"b{i}", "Y", "e", "all", v, "hedges", cnt, tok, cnt / tok * 1000))
    rows.append(("c0", "Z", "e", "all", "all", "hedges", 2, 100, 20.0))
    feats = pd.DataFrame(rows, columns=["article_id", "outlet", "event", "segment_group", "voice",
                                        "category", "count", "tokens", "rate_per_1000"])
    arts = articles_table([("b0", "Y", "e"), ("b1", "Y", "e"), ("b2", "Y", "e"), ("c0", "Z", "e")])
    out = compare.category_rates(feats, None, arts, n_boot=300)
    y = out[(out.outlet == "Y") & (out.voice == "all")].iloc[0]
    assert y.rate_per_1000 == pytest.approx(20.0) and y.resampled == "articles"
    assert 10.0 <= y.ci_low <= 20.0 <= y.ci_high <= 30.0
    z = out[(out.outlet == "Z") & (out.voice == "all")].iloc[0]
    assert z.resampled == "none" and math.isnan(z.ci_low)


def test_seed_rates_tokens_and_intervals(seed_measured):
    m, _, _, corpus = seed_measured
    rates = compare.category_rates(m.hits, m.sentences, corpus, quotes=m.quotes, n_boot=200)
    tokens = m.sentences.groupby("article_id")["n_tokens"].sum()
    r = rates.set_index(["outlet", "category", "voice"])
    for aid, outlet in ((TOI, "The Times of Israel"), (SPUTNIK, "Sputnik")):
        assert r.loc[(outlet, "hedges", "all"), "tokens"] == tokens[aid]
        assert r.loc[(outlet, "hedges", "own"), "tokens"] + r.loc[(outlet, "hedges", "quoted"), "tokens"] \
            == pytest.approx(tokens[aid])
    assert set(rates["resampled"]) == {"sentences"}
    ok = rates.dropna(subset=["ci_low"])
    assert ((ok.ci_low <= ok.rate_per_1000 + 1e-9) & (ok.rate_per_1000 <= ok.ci_high + 1e-9)).all()
    # Sputnik hedges ("Reportedly", "allegedly", ...) are in its own voice: none quoted
    assert r.loc[("Sputnik", "hedges", "quoted"), "count"] == 0
    assert r.loc[("Sputnik", "hedges", "own"), "count"] >= 3
    assert "one article" in compare.sample_size_note(corpus)
