"""Many outlets and events, and large corpora: bootstrap blocks, capped and
sampled figures, one colour helper (issue 5)."""

import numpy as np
import pandas as pd

from helpers import compare
from helpers.compare import alignment, terms


# ------------------------------------------------------------------ bootstrap

def test_bootstrap_blocks_are_resamples_with_replacement():
    blocks = list(compare.bootstrap_blocks(np.random.default_rng(1), 50, 103, block_bytes=8 * 50 * 10))
    assert [len(b) for b in blocks] == [10] * 10 + [3]      # block size bounded by block_bytes
    w = np.vstack(blocks)
    assert w.shape == (103, 50)
    assert (w.sum(axis=1) == 50).all()                       # each replicate draws n units
    assert (w >= 0).all() and (w == np.round(w)).all()
    assert abs(w.mean() - 1.0) < 1e-12                       # every unit has expectation 1
    assert 0.8 < w.var(axis=0).mean() < 1.2                  # multinomial variance 1 - 1/n
    assert not (w == w[0]).all()                             # replicates differ


def test_bootstrap_weights_deterministic_per_seed():
    a = compare.bootstrap_weights(np.random.default_rng(7), 30, 40)
    b = compare.bootstrap_weights(np.random.default_rng(7), 30, 40)
    c = compare.bootstrap_weights(np.random.default_rng(8), 30, 40)
    assert (a == b).all() and not (a == c).all()


def test_ratio_quantiles_blocks_equal_one_matrix():
    rng = np.random.default_rng(3)
    counts = rng.poisson(2, size=(40, 3)).astype(float)
    tokens = np.full((40, 3), 100.0)
    w = compare.bootstrap_weights(np.random.default_rng(5), 40, 200)
    whole = compare.ratio_quantiles(w, counts, tokens, 0.9)
    parts = compare.ratio_quantiles([w[:70], w[70:]], counts, tokens, 0.9)
    np.testing.assert_allclose(whole, parts)
    rate = counts.sum(0) / tokens.sum(0) * 1000
    assert ((whole[0] <= rate) & (rate <= whole[1])).all()


# ------------------------------------------------------------------ figures with many outlets

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from helpers import present
from test_plots import make_study  # noqa: E402

OUTLETS_30 = [f"Outlet {i:02d}" for i in range(30)]


def _caption(fig) -> str:
    return " ".join(fig._supxlabel.get_text().split()) if fig._supxlabel else ""


def test_map_articles_take_turns_over_outlets_and_events():
    # outlet A has 50 articles listed first: a plain head(10) would show only A
    arts = pd.DataFrame({"article_id": [f"a{i:02d}" for i in range(50)] + ["b1", "b2", "c1"],
                         "outlet": ["A"] * 50 + ["B", "B", "C"],
                         "event": [f"e{i % 2}" for i in range(50)] + ["e0", "e1", "e0"]})
    ids = compare.map_articles(arts, 6)
    assert ids == ["a00", "a02", "a01", "b1", "b2", "c1"]
    got = arts.set_index("article_id").loc[ids]
    assert got["outlet"].value_counts().to_dict() == {"A": 3, "B": 2, "C": 1}
    assert set(got.loc[got["outlet"] == "A", "event"]) == {"e0", "e1"}   # A's events take turns
    assert list(got["outlet"]) == sorted(got["outlet"])                   # display order: by outlet
    # the outlet order decides who gets the spare turns, and the display order
    ids_c = compare.map_articles(arts, 4, outlet_order=["C", "B"])
    assert list(arts.set_index("article_id").loc[ids_c, "outlet"]) == ["C", "B", "B", "A"]
    assert compare.map_articles(arts, 6) == compare.map_articles(arts.iloc[::-1], 6)  # input order irrelevant
    assert len(compare.map_articles(arts, None)) == len(arts)


def test_framing_map_data_for_some_articles_equals_the_full_table_rows():
    study = make_study(outlets=("A", "B", "C"), events=("e1", "e2"))
    full = compare.framing_map_data(study["sentences"], study["hits"], study["quotes"], study["articles"])
    ids = compare.map_articles(study["articles"], 3)
    part = compare.framing_map_data(study["sentences"], study["hits"], study["quotes"], study["articles"],
                                    article_ids=ids)
    assert set(part["article_id"]) == set(ids)
    pd.testing.assert_frame_equal(part, full[full["article_id"].isin(ids)].reset_index(drop=True))


def test_framing_map_shows_every_outlet_and_says_how_many_of_how_many():
    study = make_study(outlets=tuple(OUTLETS_30[:6]), events=("e1", "e2", "e3"), n_sent=3)
    md = compare.framing_map_data(study["sentences"], study["hits"], study["quotes"], study["articles"])
    fig, data = present.plot_framing_map(md, max_articles=8)
    assert data["outlet"].nunique() == 6
    assert "Showing 8 of 18 articles" in _caption(fig)
    fig, _ = present.plot_framing_map(md[md["article_id"].isin(compare.map_articles(study["articles"], 8))],
                                    max_articles=8, of_articles=100_000)
    assert "Showing 8 of 100,000 articles" in _caption(fig)
    plt.close("all")


def _naming_30():
    rows = []
    for i, o in enumerate(OUTLETS_30):
        for actor, forms in (("iran", ["Iran", "Tehran"]), ("israel", ["Israel", "Tel Aviv"])):
            for k, form in enumerate(forms):
                rows.append((f"art{i}", o, "e1", actor, form, 1 + i + k))
    return pd.DataFrame(rows, columns=["article_id", "outlet", "event", "actor", "surface_form", "count"])


def test_naming_shares_with_30_outlets_is_capped_and_says_so():
    shares = compare.naming_shares(_naming_30())
    fig, data = present.plot_naming_shares(shares, max_outlets=12)
    assert data["outlet"].nunique() == 30                       # the CSV keeps every outlet
    ax = fig.axes[0]
    shown = [t.get_text() for t in ax.get_yticklabels()]
    assert shown == sorted(OUTLETS_30[-12:])                    # busiest 12, in outlet order
    assert "18 more outlets not shown, see the CSV" in _caption(fig)
    assert "share one grey" in _caption(fig)
    assert fig.get_figheight() < 20                             # was about 25 inches per 2 actors
    fig, _ = present.plot_naming_shares(shares, max_outlets=12, outlet_order=OUTLETS_30[::-1])
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == OUTLETS_30[-12:][::-1]
    plt.close("all")


def test_few_outlets_get_no_overflow_notes():
    naming = _naming_30()
    shares = compare.naming_shares(naming[naming["outlet"].isin(OUTLETS_30[:2])])
    fig, _ = present.plot_naming_shares(shares)
    assert "not shown" not in _caption(fig) and "grey" not in _caption(fig)
    assert present.palette_note(OUTLETS_30[:10]) is None and present.palette_note(OUTLETS_30[:11])
    plt.close("all")


def test_outlet_colours_same_in_every_figure_when_order_is_the_full_list():
    pal_all = present.outlet_palette(OUTLETS_30, OUTLETS_30)
    pal_some = present.outlet_palette(OUTLETS_30[5:8], OUTLETS_30)
    assert all(pal_some[o] == pal_all[o] for o in OUTLETS_30[5:8])


# ------------------------------------------------------------------ spelling variants

def test_spelling_variants_of_one_name_are_one_form():
    naming = pd.DataFrame({
        "article_id": ["a1", "a1", "a2", "a2", "a3"],
        "outlet": ["X", "X", "Y", "Y", "Y"],
        "event": "e1",
        "actor": ["iraqi_groups", "iraqi_groups", "iraqi_groups", "iraqi_groups", "iran"],
        "surface_form": ["Popular Mobilization Forces", "militias", "Popular Mobilisation Forces",
                         "Popular Mobilization Forces", "Iran"],
        "count": [3, 1, 2, 1, 4]})
    shares = compare.naming_shares(naming)
    forms = shares[shares["actor"] == "iraqi_groups"]
    assert set(forms["surface_form"]) == {"Popular Mobilization Forces", "militias"}  # most used spelling
    pmf = forms[forms["surface_form"] == "Popular Mobilization Forces"].set_index("outlet")
    assert pmf["count"].to_dict() == {"X": 3, "Y": 3}
    assert set(pmf["spellings"]) == {"Popular Mobilisation Forces; Popular Mobilization Forces"}
    assert set(shares.loc[shares["actor"] == "iran", "spellings"]) == {""}
    fig, _ = present.plot_naming_shares(shares)
    labels = [t.get_text() for ax in fig.axes if ax.get_legend() for t in ax.get_legend().get_texts()]
    assert labels.count("Popular Mobilization Forces") == 1 and "Popular Mobilisation Forces" not in labels
    assert "Popular Mobilisation Forces = Popular Mobilization Forces" in _caption(fig)
    plt.close("all")
    # different names are never pooled, whatever their case or apostrophes
    assert compare.spelling_key("Shi'ite militia*") == compare.spelling_key("Shiite Militia")
    assert compare.spelling_key("Israel") != compare.spelling_key("Israeli")


# ------------------------------------------------------------------ report text on large corpora

def test_headline_markers_text_is_capped_and_says_so():
    study = make_study(outlets=tuple(OUTLETS_30[:5]), events=("e1", "e2", "e3", "e4"), n_sent=3)
    hits = study["hits"].assign(segment="headline")
    text = present.describe_headline_markers(hits, study["articles"], ["hedges"], max_articles=7)
    bullets = [line for line in text.splitlines() if line.startswith("- ")]
    assert len(bullets) == 7
    assert {b.split("**")[1] for b in bullets} == set(OUTLETS_30[:5])   # every outlet has a turn
    assert "Showing 7 of 20 articles" in text
    full = present.describe_headline_markers(hits, study["articles"], ["hedges"], max_articles=20)
    assert "Showing" not in full and len(full.splitlines()) == 20


# ------------------------------------------------------------------ rates from features = rates from hits

def test_rates_from_features_equal_rates_from_hits_when_outlets_have_several_articles(seed_lexicon, seed_cues):
    from helpers.measure import measures as features
    from helpers.corpus import synthetic

    corpus = synthetic.generate_corpus(60, outlets=3, events=2, words_per_article=200)
    m = features.measure_corpus(synthetic.corpus_segments(corpus), corpus[["article_id", "outlet", "event"]],
                                seed_lexicon, seed_cues)
    arts = corpus[["article_id", "outlet", "event"]]
    cats = ["loaded_terms", "hedges", "boosters", "anonymous_sourcing", "reporting_verbs"]
    f = m.features[m.features["segment_group"] == "all"]
    for by_event in (False, True):
        from_hits = compare.category_rates(m.hits, m.sentences, arts, quotes=m.quotes, categories=cats,
                                           by_event=by_event, n_boot=300, seed=0)
        from_features = compare.category_rates(f, None, arts, categories=cats, by_event=by_event,
                                               n_boot=300, seed=0)
        assert set(from_hits["resampled"]) == {"articles"}
        assert from_hits.loc[from_hits["voice"] == "quoted", "count"].sum() > 0   # both voices exercised
        pd.testing.assert_frame_equal(from_hits, from_features)


def test_kwic_limit_keeps_the_first_lines_and_needs_only_their_texts():
    from helpers.present.concordance import kwic

    texts = pd.Series({f"a{i}": f"The regime said {i}." for i in range(5)})
    hits = pd.DataFrame({"article_id": list(texts.index), "segment": "body", "sentence_index": 0,
                         "start": 4, "end": 10, "matched": "regime", "category": "loaded_terms",
                         "subcategory": "", "entry": "regime", "in_quote": False})
    full = kwic(hits, texts)
    assert kwic(hits, texts, limit=2).equals(full.head(2))
    # texts of the lines beyond the limit are never looked up
    assert kwic(hits, texts.iloc[:2], limit=2)["right"].tolist() == [" said 0.", " said 1."]


def test_large_tables_are_summarised_small_ones_shown_whole(capsys):
    small = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["X", "Y"], "n_tokens": [10, 20]})
    pd.testing.assert_frame_equal(present.article_feature_view(small), small.set_index("article_id").T)
    big = pd.DataFrame({"article_id": [f"a{i}" for i in range(30)], "outlet": ["X", "Y", "Y"] * 10,
                        "n_tokens": range(30)})
    view = present.article_feature_view(big)
    assert list(view.columns) == ["X", "Y"]
    assert view.loc["articles"].tolist() == [10, 20]
    assert view.loc["n_tokens", "X"] == np.mean(range(0, 30, 3))
    assert "30 articles" in capsys.readouterr().out
    assert present.first_rows(big, 50).equals(big) and capsys.readouterr().out == ""
    assert len(present.first_rows(big, 5, "quotes")) == 5
    assert "first 5 of 30 quotes" in capsys.readouterr().out


def test_rates_by_event_with_30_outlets_shows_fewer_events_and_says_so():
    study = make_study(outlets=tuple(OUTLETS_30), events=tuple(f"e{i}" for i in range(10)), n_sent=2)
    rates = compare.category_rates(study["hits"], study["sentences"], study["articles"], quotes=study["quotes"],
                                   categories=["hedges"], by_event=True, n_boot=10)
    fig, data = present.plot_category_rates(rates, categories=["hedges"])
    assert fig.get_figheight() <= present.MAX_HEIGHT
    assert data["outlet"].nunique() == 30
    n_events = data["event"].nunique()
    assert 1 <= n_events < 10 and f"Showing {n_events} of 10 events" in _caption(fig)
    plt.close("all")
    five = rates[rates["outlet"].isin(OUTLETS_30[:5])]
    fig, data = present.plot_category_rates(five, categories=["hedges"])
    assert data["event"].nunique() == 10 and "Showing" not in _caption(fig)    # 5 x 10 fits
    plt.close("all")


def test_paired_differences_for_many_pairs_equal_one_pair_at_a_time():
    study = make_study(outlets=("A", "B", "C"), events=("e1", "e2", "e3"))
    f = study["features"]
    pairs = [("A", "B"), ("A", "C"), ("B", "C")]
    many = compare.paired_differences(f, pairs, categories=["hedges", "loaded_terms"], n_boot=50)
    one = pd.concat([compare.paired_event_differences(f, a, b, categories=["hedges", "loaded_terms"], n_boot=50)
                     for a, b in pairs], ignore_index=True)
    pd.testing.assert_frame_equal(many, one)
    assert set(many["level"]) == {"event", "mean"} and many["ci_low"].notna().any()


def test_term_counts_same_when_token_hashes_collide(monkeypatch):
    segs = pd.DataFrame({"article_id": ["a1", "a1", "a2"], "segment_index": [0, 1, 0],
                         "segment": "body", "start": [0, 30, 0],
                         "text": ["Iran's arms and rams, IRAN’S mars", "ram arm mar", "Arms; rams — mars"]})
    arts = pd.DataFrame({"article_id": ["a1", "a2"], "outlet": ["X", "Y"], "event": "e"})
    want = compare.term_counts(segs, arts)
    assert dict(zip(want.loc[want["outlet"] == "X", "term"], want.loc[want["outlet"] == "X", "count"]))["iran's"] == 2
    # base 1: a token's hash is the sum of its code points, so anagrams collide
    monkeypatch.setattr(terms, "_HASH_BASES", (1, 3))
    pd.testing.assert_frame_equal(compare.term_counts(segs, arts), want)


def test_tfidf_of_distinct_texts_equals_the_vectorizer_on_all_texts():
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = ["Iran moved missiles to Iraq.", "Officials denied it.", "Iran moved missiles to Iraq.",
             "The militias got missiles.", "Officials denied it.", "Iran moved missiles to Iraq.", "the of"]
    codes, uniques = pd.factorize(pd.Series(texts))
    for stops in (None, "english"):
        full = TfidfVectorizer(lowercase=True, stop_words=stops).fit_transform(texts).toarray()
        first = [texts.index(u) for u in uniques]
        got = alignment._tfidf_of_distinct(list(uniques), np.bincount(codes), stops).toarray()
        np.testing.assert_array_equal(got, full[first])


def test_explorer_reads_parquet_folders_and_only_the_sampled_articles(tmp_path, seed_lexicon, seed_cues):
    from helpers.present import explore
    from conftest import study_of_processed
    from helpers.run import explorer
    from helpers.measure import measures as features
    from helpers.corpus import synthetic

    corpus = synthetic.generate_corpus(30, outlets=3, events=2, words_per_article=120)
    segs = synthetic.corpus_segments(corpus)
    m = features.measure_corpus(segs, corpus[["article_id", "outlet", "event"]], seed_lexicon, seed_cues)
    csv_dir, pq_dir = tmp_path / "csv" / "processed", tmp_path / "pq" / "processed"
    for d in (csv_dir, pq_dir):
        d.mkdir(parents=True)
        m.article_features.to_csv(d / "article_features.csv", index=False)
    for name, df in (("segments", segs), ("hits", m.hits), ("quotes", m.quotes)):
        df.to_csv(csv_dir / f"{name}.csv", index=False)
        (pq_dir / name).mkdir()
        half = len(df) // 2
        df.iloc[:half].to_parquet(pq_dir / name / "part-00000.parquet")
        df.iloc[half:].to_parquet(pq_dir / name / "part-00001.parquet")
    # same page from CSV and from Parquet folders, whole or sampled
    for n in (30, 7):
        assert explorer.build_explorer(study_of_processed(csv_dir), title="t", max_articles=n) == \
            explorer.build_explorer(study_of_processed(pq_dir), title="t", max_articles=n)
    keep = explore.sample_articles(corpus["article_id"].tolist(), 7)
    tables = explorer.load_explorer_tables(study_of_processed(pq_dir), keep)
    assert set(tables["hits"]["article_id"]) <= set(keep) and len(tables["article_features"]) == 30
