"""Content alignment by TF-IDF similarity (helpers.compare.alignment)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from helpers import compare
from helpers.compare import alignment
from helpers.core.errors import FramingError
from compare_util import SPUTNIK, TOI, articles_table, dense_best_match, sentence_with


def test_align_content_copied_sentence_shared_unrelated_unique():
    texts = {
        "a1": "Iran denied a Reuters report on ballistic missiles in Iraq. The weather was sunny in Paris.",
        "b1": "Local football club wins the regional cup. Iran denied a Reuters report on ballistic missiles in Iraq.",
    }
    sents = pd.DataFrame([
        ("a1", 0, 0, 59, 10), ("a1", 1, 60, 90, 6), ("b1", 0, 0, 42, 7), ("b1", 1, 43, 102, 10),
    ], columns=["article_id", "sentence_index", "start", "end", "n_tokens"])
    arts = articles_table([("a1", "X", "e"), ("b1", "Y", "e")])
    table, summary = compare.align_content(sents, pd.Series(texts), arts, threshold=0.3)
    st = table.set_index(["article_id", "sentence_index"])
    assert st.loc[("a1", 0), "text"].startswith("Iran denied")
    assert st.loc[("a1", 0), "status"] == "shared"
    assert st.loc[("a1", 0), "best_match_article"] == "b1" and st.loc[("a1", 0), "best_match_sentence"] == 1
    assert st.loc[("a1", 0), "similarity"] == pytest.approx(1.0)
    assert st.loc[("a1", 1), "status"] == "unique" and st.loc[("b1", 0), "status"] == "unique"
    caps = sents.assign(segment=["body", "caption", "body", "body"])
    table2, summary2 = compare.align_content(caps, pd.Series(texts), arts)
    assert table2.set_index(["article_id", "sentence_index"]).loc[("a1", 1), "status"] == "excluded"
    assert summary2.set_index("outlet").loc["X", "n_sentences"] == 1
    s = summary.set_index("outlet")
    assert s.loc["X", "shared"] == 1 and s.loc["X", "shared_share"] == 0.5
    assert s.loc["X", "shared_token_share"] == pytest.approx(10 / 16)


def test_align_content_single_outlet_event():
    sents = pd.DataFrame([("a1", 0, 0, 5, 1)], columns=["article_id", "sentence_index", "start", "end", "n_tokens"])
    table, summary = compare.align_content(sents, {"a1": "Hello"}, articles_table([("a1", "X", "solo")]))
    assert table.status.tolist() == ["single_outlet"]
    assert math.isnan(summary.shared_share.iloc[0])


def test_seed_alignment_hand_checked(seed_measured):
    m, segments, texts, corpus = seed_measured
    table, summary = compare.align_content(m.sentences, segments, corpus)
    st = table.set_index(["article_id", "sentence_index"])
    # same fact, different words (checked by hand): the TOI headline and Sputnik's
    # "Tehran has been supplying its Shi'ite allies in Iraq with short-range ballistic missiles ..."
    head = sentence_with(m.sentences, texts, TOI, "Tehran denies supplying")
    sup = sentence_with(m.sentences, texts, SPUTNIK, "Tehran has been supplying")
    assert st.loc[(TOI, head), "status"] == "shared"
    assert st.loc[(TOI, head), "best_match_sentence"] == sup
    # background only Sputnik gives (the nuclear deal) has no counterpart in TOI
    deal = sentence_with(m.sentences, texts, SPUTNIK, "withdrew the country from the Iran nuclear deal")
    assert st.loc[(SPUTNIK, deal), "status"] == "unique"
    # the photo credit is a caption: not compared
    credit = sentence_with(m.sentences, texts, TOI, "AP Photo/Hadi Mizban")
    assert st.loc[(TOI, credit), "status"] == "excluded"
    assert set(summary.outlet) == {"Sputnik", "The Times of Israel"}


_WORDS = ["missile", "iran", "iraq", "militia", "report", "denied", "officials", "the",
          "of", "ballistic", "range", "sources", "tehran", "proxies", "launchers"]


def _random_sentences(rng: np.random.Generator, n: int) -> list[str]:
    out = []
    for _ in range(n):
        k = int(rng.integers(0, 7))   # some sentences are empty or stop words only
        out.append(" ".join(rng.choice(_WORDS, size=k)) if k else "the of")
    out[1] = out[0]                   # exact duplicates give ties
    return out


@pytest.mark.parametrize("max_cells", [1, 7, 10**9])
def test_blockwise_best_match_equals_dense(max_cells):
    rng = np.random.default_rng(5)
    texts = _random_sentences(rng, 60)
    outlets = rng.choice(["A", "B", "C"], size=60).tolist()
    x, best, best_sim = dense_best_match(texts, outlets)
    got, got_sim = alignment._best_other_match(x.tocsr(), np.asarray(outlets), np.arange(60),
                                               max_cells=max_cells)
    np.testing.assert_array_equal(got, best)
    np.testing.assert_array_equal(got_sim, best_sim)   # bit for bit, not approx
    sub = np.array([3, 10, 59])
    got, got_sim = alignment._best_other_match(x.tocsr(), np.asarray(outlets), sub, max_cells=max_cells)
    np.testing.assert_array_equal(got, best[sub])


def _align_inputs(rng: np.random.Generator, n_articles: int, n_sent: int):
    texts, rows, arts = {}, [], []
    for a in range(n_articles):
        aid = f"a{a:02d}"
        sents = _random_sentences(rng, n_sent)
        text, pos = "", 0
        for i, s in enumerate(sents):
            rows.append((aid, i, "body", pos, pos + len(s), len(s.split())))
            text += s + ". "
            pos = len(text)
        texts[aid] = text
        arts.append((aid, "XYZ"[a % 3], f"e{a % 2}"))
    sents = pd.DataFrame(rows, columns=["article_id", "sentence_index", "segment", "start", "end", "n_tokens"])
    return sents, pd.Series(texts), articles_table(arts)


def test_align_content_equals_dense_reference_and_cap_samples_exactly():
    sents, texts, arts = _align_inputs(np.random.default_rng(11), 9, 8)
    table, summary = compare.align_content(sents, texts, arts)
    for event, g in table.groupby("event"):
        _, best, best_sim = dense_best_match(g["text"].tolist(), g["outlet"].tolist())
        assert g["best_match_article"].tolist() == g["article_id"].to_numpy()[best].tolist()
        assert g["best_match_sentence"].tolist() == g["sentence_index"].to_numpy()[best].tolist()
        np.testing.assert_array_equal(g["similarity"].to_numpy(), np.round(best_sim, 6))
    capped, csum = compare.align_content(sents, texts, arts, max_sentences_per_event=10, seed=3)
    sampled = capped["status"] != "not_sampled"
    assert (sampled.groupby(capped["event"]).sum() == 10).all()
    pd.testing.assert_frame_equal(capped[sampled], table[sampled])   # a sampled sentence: same result
    assert csum["n_sentences"].sum() == 20 and (csum["shared"] + csum["unique"]).sum() == 20
    again, _ = compare.align_content(sents, texts, arts, max_sentences_per_event=10, seed=3)
    pd.testing.assert_frame_equal(again, capped)
    same, _ = compare.align_content(sents, texts, arts, max_sentences_per_event=10_000)
    pd.testing.assert_frame_equal(same, table)
    with pytest.raises(FramingError):
        compare.align_content(sents, texts, arts, max_sentences_per_event=0)
