"""Tests for helpers.compare.compare on small hand-made tables (contract: docs/ARCHITECTURE.md)."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.compare import compare
from helpers.core.errors import FramingError


# ----------------------------------------------------------------- fixtures

def _articles(spec):
    """spec: list of (article_id, outlet, event)."""
    return pd.DataFrame(spec, columns=["article_id", "outlet", "event"])


def _sentences(n_per_article: dict[str, int], n_tokens: int = 10) -> pd.DataFrame:
    rows = []
    for aid, n in n_per_article.items():
        for i in range(n):
            rows.append((aid, i, "body", 0, i * 100, i * 100 + 90, n_tokens))
    return pd.DataFrame(rows, columns=["article_id", "sentence_index", "segment", "segment_index",
                                       "start", "end", "n_tokens"])


def _hits(rows) -> pd.DataFrame:
    """rows: (article_id, sentence_index, category, in_quote)."""
    return pd.DataFrame(rows, columns=["article_id", "sentence_index", "category", "in_quote"])


# ------------------------------------------------------------ category_rates

def test_constant_rate_gives_zero_width_interval():
    sents = _sentences({"a1": 20})
    hits = _hits([("a1", i, "hedges", False) for i in range(20)])  # 1 per 10 tokens everywhere
    out = compare.category_rates(hits, sents, _articles([("a1", "X", "e")]), n_boot=200, seed=1)
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
    hits = _hits([(a, 0, "loaded_terms", False) for a, kk in zip(aids, k) for _ in range(kk)])
    arts = _articles([(a, "X", "e") for a in aids])
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
    sents = _sentences({"a1": 2})          # sentence 0: [0, 90), sentence 1: [100, 190)
    quotes = pd.DataFrame({"article_id": ["a1"], "quote_index": [0], "start": [10], "end": [55],
                           "sentence_index": [0], "n_tokens": [4], "speaker_class": ["anonymous"]})
    hits = _hits([("a1", 0, "hedges", True), ("a1", 1, "hedges", False), ("a1", 1, "hedges", False)])
    out = compare.category_rates(hits, sents, _articles([("a1", "X", "e")]), quotes=quotes, n_boot=50)
    r = out.set_index("voice")
    assert r.loc["quoted", "tokens"] == pytest.approx(4)
    assert r.loc["own", "tokens"] == pytest.approx(16)
    assert r.loc["quoted", "count"] == 1 and r.loc["own", "count"] == 2 and r.loc["all", "count"] == 3
    assert r.loc["quoted", "rate_per_1000"] == pytest.approx(250.0)


def test_unknown_sentence_is_a_framing_error():
    sents = _sentences({"a1": 1})
    with pytest.raises(FramingError, match="row 1"):
        compare.category_rates(_hits([("a1", 5, "hedges", False)]), sents,
                               _articles([("a1", "X", "e")]), n_boot=10)


def test_rates_from_features_resample_articles():
    rows = []
    for i, c in enumerate([1, 2, 3]):
        for v, tok, cnt in (("own", 80, c), ("quoted", 20, 0), ("all", 100, c)):
            rows.append((f"b{i}", "Y", "e", "all", v, "hedges", cnt, tok, cnt / tok * 1000))
    rows.append(("c0", "Z", "e", "all", "all", "hedges", 2, 100, 20.0))
    feats = pd.DataFrame(rows, columns=["article_id", "outlet", "event", "segment_group", "voice",
                                        "category", "count", "tokens", "rate_per_1000"])
    arts = _articles([("b0", "Y", "e"), ("b1", "Y", "e"), ("b2", "Y", "e"), ("c0", "Z", "e")])
    out = compare.category_rates(feats, None, arts, n_boot=300)
    y = out[(out.outlet == "Y") & (out.voice == "all")].iloc[0]
    assert y.rate_per_1000 == pytest.approx(20.0) and y.resampled == "articles"
    assert 10.0 <= y.ci_low <= 20.0 <= y.ci_high <= 30.0
    z = out[(out.outlet == "Z") & (out.voice == "all")].iloc[0]
    assert z.resampled == "none" and math.isnan(z.ci_low)


def test_paired_event_differences():
    rows = []
    for ev, ra, rb in (("e1", 10, 5), ("e2", 8, 6), ("e3", 4, 6)):
        rows.append((f"{ev}a", "A", ev, "all", "all", "hedges", ra, 1000))
        rows.append((f"{ev}b", "B", ev, "all", "all", "hedges", rb, 1000))
    feats = pd.DataFrame(rows, columns=["article_id", "outlet", "event", "segment_group", "voice",
                                        "category", "count", "tokens"])
    out = compare.paired_event_differences(feats, "A", "B", n_boot=300)
    ev = out[out.level == "event"]
    assert list(ev.difference) == [5.0, 2.0, -2.0]
    mean = out[out.level == "mean"].iloc[0]
    assert mean.difference == pytest.approx(5 / 3) and mean.n_events == 3
    assert mean.n_events_a_higher == 2
    assert -2.0 <= mean.ci_low <= mean.difference <= mean.ci_high <= 5.0
    one = compare.paired_event_differences(feats[feats.event == "e1"], "A", "B", n_boot=50)
    assert math.isnan(one[one.level == "mean"].ci_low.iloc[0])


# ------------------------------------------------------------- log-odds

def _paper_log_odds(ya: dict, yb: dict, alpha: dict):
    """Direct, loop-based transcription of Monroe, Colaresi & Quinn (2008), eqs. 16, 18-20."""
    na, nb, a0 = sum(ya.values()), sum(yb.values()), sum(alpha.values())
    out = {}
    for w in alpha:
        a = alpha[w]
        omega_a = (ya.get(w, 0) + a) / (na + a0 - ya.get(w, 0) - a)   # posterior odds of w in a
        omega_b = (yb.get(w, 0) + a) / (nb + a0 - yb.get(w, 0) - a)
        delta = math.log(omega_a) - math.log(omega_b)                 # eq. 16
        var = 1 / (ya.get(w, 0) + a) + 1 / (yb.get(w, 0) + a)          # eqs. 18-19
        out[w] = (delta, var, delta / math.sqrt(var))                 # eq. 20
    return out


COUNTS = pd.DataFrame([
    ("A", "missile", 12), ("A", "regime", 5), ("A", "said", 7), ("A", "iran", 9), ("A", "proxies", 1),
    ("B", "missile", 6), ("B", "said", 9), ("B", "iran", 10), ("B", "washington", 4), ("B", "allies", 2),
    ("C", "missile", 2), ("C", "said", 3), ("C", "tehran", 5), ("C", "regime", 1),
], columns=["outlet", "term", "count"])


def test_log_odds_matches_paper_formulas_pairwise():
    out = compare.distinctive_terms(COUNTS, mode="pairwise", alpha0=50.0)
    corpus = COUNTS.groupby("term")["count"].sum()
    alpha = {w: 50.0 * c / corpus.sum() for w, c in corpus.items()}
    assert set(zip(out.outlet_a, out.outlet_b)) == {("A", "B"), ("A", "C"), ("B", "C")}
    for (a, b), g in out.groupby(["outlet_a", "outlet_b"]):
        ya = dict(COUNTS[COUNTS.outlet == a][["term", "count"]].values)
        yb = dict(COUNTS[COUNTS.outlet == b][["term", "count"]].values)
        ref = _paper_log_odds(ya, yb, alpha)
        assert len(g) == len(alpha)  # rare terms are kept
        for r in g.itertuples():
            d, v, z = ref[r.term]
            assert r.delta == pytest.approx(d, rel=1e-12)
            assert r.variance == pytest.approx(v, rel=1e-12)
            assert r.z == pytest.approx(z, rel=1e-12)
        assert list(g.z) == sorted(g.z, reverse=True)


def test_log_odds_one_vs_rest_and_default_prior():
    out = compare.distinctive_terms(COUNTS, mode="one_vs_rest")
    corpus = COUNTS.groupby("term")["count"].sum()
    alpha = {w: float(c) for w, c in corpus.items()}  # default alpha0 = corpus size
    g = out[out.outlet_a == "C"]
    assert set(g.outlet_b) == {compare.REST}
    yc = dict(COUNTS[COUNTS.outlet == "C"][["term", "count"]].values)
    rest = {w: corpus[w] - yc.get(w, 0) for w in corpus.index}
    ref = _paper_log_odds(yc, rest, alpha)
    for r in g.itertuples():
        assert r.z == pytest.approx(ref[r.term][2], rel=1e-12)
    assert g.iloc[0].term == "tehran"


def test_log_odds_rejects_zero_prior():
    with pytest.raises(FramingError):
        compare.log_odds_dirichlet([1, 2], [2, 1], [0.0, 1.0])


def test_log_odds_antisymmetric():
    a, b, p = np.array([3, 0, 5.0]), np.array([1, 4, 5.0]), np.array([0.5, 0.5, 1.0])
    fwd, back = compare.log_odds_dirichlet(a, b, p), compare.log_odds_dirichlet(b, a, p)
    np.testing.assert_allclose(fwd.z, -back.z)


# ------------------------------------------------------------- term_counts

def test_term_counts_ngrams_voice_and_stop_words():
    segs = pd.DataFrame({
        "article_id": ["a1", "a1"], "segment_index": [0, 1], "segment": ["headline", "body"],
        "start": [0, 17],
        "text": ["Iran's new missile", "Officials said: “the missile program, is defensive”."],
    })
    arts = _articles([("a1", "X", "e")])
    tc = compare.term_counts(segs, arts)
    counts = dict(zip(tc.term, tc["count"]))
    assert counts["missile"] == 2 and counts["iran's"] == 1
    assert counts["iran's new"] == 1 and counts["officials said"] == 1
    assert "said the" not in counts            # punctuation and quote mark between
    assert "missile officials" not in counts   # segment break
    assert "program is" not in counts          # comma
    quote_start = 17 + segs.text[1].index("the")
    quotes = pd.DataFrame({"article_id": ["a1"], "start": [quote_start],
                           "end": [17 + segs.text[1].index("”")]})
    own = dict(zip(*compare.term_counts(segs, arts, voice="own", quotes=quotes)[["term", "count"]].T.values))
    quoted = dict(zip(*compare.term_counts(segs, arts, voice="quoted", quotes=quotes)[["term", "count"]].T.values))
    assert own["missile"] == 1 and quoted["missile"] == 1 and "defensive" in quoted and "defensive" not in own
    nostop = compare.term_counts(segs, arts, stop_words="english")
    assert "the" not in set(nostop.term) and "the missile" not in set(nostop.term)
    assert "missile" in set(nostop.term)


# ------------------------------------------------------------- naming, sources, headline

def test_naming_shares_sum_to_one():
    naming = pd.DataFrame([
        ("a1", "X", "e", "iran", "Iran", 5), ("a1", "X", "e", "iran", "Tehran", 3),
        ("a1", "X", "e", "iran", "the regime", 2), ("a2", "Y", "e", "iran", "Iran", 4),
        ("a2", "Y", "e", "us", "Washington", 2), ("a2", "Y", "e", "us", "the US", 1),
        ("a3", "X", "e", "us", "Washington", 0),
    ], columns=["article_id", "outlet", "event", "actor", "surface_form", "count"])
    out = compare.naming_shares(naming)
    sums = out.groupby(["outlet", "actor"])["share"].sum()
    np.testing.assert_allclose(sums.to_numpy(), 1.0)
    assert ("X", "us") not in sums.index  # never named: no shares
    y_iran = out[(out.outlet == "Y") & (out.actor == "iran")].set_index("surface_form")
    assert y_iran.loc["the regime", "count"] == 0 and y_iran.loc["Iran", "share"] == 1.0
    assert out[(out.outlet == "X") & (out.surface_form == "Tehran")].share.iloc[0] == pytest.approx(0.3)


def test_source_profile():
    arts = _articles([("a1", "X", "e"), ("a2", "Y", "e")])
    quotes = pd.DataFrame({"article_id": ["a1", "a1", "a1", "a2"],
                           "speaker_class": ["named_person", "anonymous", "anonymous", "unattributed"]})
    af = pd.DataFrame({"article_id": ["a1", "a2"], "n_tokens": [100, 200],
                       "quoted_token_share": [0.25, 0.1], "verbs_neutral": [3, 0],
                       "verbs_evaluative": [1, 2]})
    out = compare.source_profile(quotes, af, arts).set_index(["outlet", "group", "item"])
    assert out.loc[("X", "speaker_class", "anonymous"), "share"] == pytest.approx(2 / 3)
    assert out.loc[("X", "speaker_class", "named_institution"), "count"] == 0
    assert out.loc[("X", "verb_class", "evaluative"), "share"] == pytest.approx(0.25)
    assert out.loc[("Y", "voice", "quoted_tokens"), "count"] == 20
    assert out.loc[("Y", "speaker_class", "unattributed"), "share"] == 1.0


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


# ------------------------------------------------------------- content alignment

def test_align_content_copied_sentence_shared_unrelated_unique():
    texts = {
        "a1": "Iran denied a Reuters report on ballistic missiles in Iraq. The weather was sunny in Paris.",
        "b1": "Local football club wins the regional cup. Iran denied a Reuters report on ballistic missiles in Iraq.",
    }
    sents = pd.DataFrame([
        ("a1", 0, 0, 59, 10), ("a1", 1, 60, 90, 6), ("b1", 0, 0, 42, 7), ("b1", 1, 43, 102, 10),
    ], columns=["article_id", "sentence_index", "start", "end", "n_tokens"])
    arts = _articles([("a1", "X", "e"), ("b1", "Y", "e")])
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
    table, summary = compare.align_content(sents, {"a1": "Hello"}, _articles([("a1", "X", "solo")]))
    assert table.status.tolist() == ["single_outlet"]
    assert math.isnan(summary.shared_share.iloc[0])


# ------------------------------------------------------------- framing map

def test_framing_map_data():
    sents = _sentences({"a1": 3})
    hits = pd.DataFrame([("a1", 0, "hedges"), ("a1", 0, "loaded_terms"), ("a1", 2, "anonymous_sourcing"),
                         ("a1", 2, "reporting_verbs")], columns=["article_id", "sentence_index", "category"])
    quotes = pd.DataFrame({"article_id": ["a1", "a1"], "start": [110, 150], "end": [250, 160],
                           "speaker_class": ["named_person", "anonymous"]})
    out = compare.framing_map_data(sents, hits, quotes, _articles([("a1", "X", "e")]))
    assert out.outlet.tolist() == ["X"] * 3
    assert out.markers.tolist() == ["hedges;loaded_terms", "quote;anonymous_source", "quote;anonymous_source"]
    assert out.quote.tolist() == [0, 2, 1]
    assert out.anonymous_source.tolist() == [0, 1, 1]
    assert out.token_start.tolist() == [0, 10, 20]
    assert out.position.tolist() == [0.0, 0.5, 1.0]


# ------------------------------------------------------------- caveat

def test_sample_size_note_reflects_counts():
    one_each = compare.sample_size_note(_articles([("a1", "X", "e"), ("b1", "Y", "e")]))
    assert "X: 1, Y: 1" in one_each and "one article" in one_each and "one event" in one_each
    several = compare.sample_size_note(_articles([("a1", "X", "e"), ("a2", "X", "f"), ("b1", "Y", "e"),
                                                  ("b2", "Y", "f")]))
    assert "resample articles" in several and "one article" not in several


# ------------------------------------------------------------- properties


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["X", "Y", "Z"]), st.sampled_from(["iran", "us"]),
                          st.sampled_from(["f1", "f2", "f3"]), st.integers(0, 5)), min_size=1, max_size=25))
def test_naming_shares_property(rows):
    naming = pd.DataFrame([(f"a{i}", o, "e", a, f, c) for i, (o, a, f, c) in enumerate(rows)],
                          columns=["article_id", "outlet", "event", "actor", "surface_form", "count"])
    out = compare.naming_shares(naming)
    if len(out):
        np.testing.assert_allclose(out.groupby(["outlet", "actor"])["share"].sum().to_numpy(), 1.0)
        assert (out["count"] <= out["total"]).all()
    assert out["count"].sum() == naming["count"].sum()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), min_size=2, max_size=12))
def test_log_odds_matches_paper_property(pairs):
    ya = {f"w{i}": a for i, (a, _) in enumerate(pairs)}
    yb = {f"w{i}": b for i, (_, b) in enumerate(pairs)}
    alpha = {w: 0.5 + ya[w] + yb[w] for w in ya}
    ref = _paper_log_odds(ya, yb, alpha)
    got = compare.log_odds_dirichlet(pd.Series(ya), pd.Series(yb), pd.Series(alpha))
    for w in ya:
        assert got.loc[w, "z"] == pytest.approx(ref[w][2], rel=1e-9, abs=1e-12)


# ------------------------------------------------------------- the seed articles

@pytest.fixture(scope="module")
def seed():
    pytest.importorskip("helpers.measure.features")
    from helpers.clean.cleaning import assemble_texts, clean_corpus
    from helpers.corpus import load_corpus
    from helpers.measure.features import measure_corpus

    corpus = load_corpus("iran-missiles-2018")
    segments, _ = clean_corpus(corpus)
    return measure_corpus(segments, corpus), segments, assemble_texts(segments), corpus


TOI, SPUTNIK = "000_efd457a551fe66f5", "002_4de3182402dd3c07"


def _sentence_with(table, texts, aid, words):
    rows = table[table.article_id == aid]
    for r in rows.itertuples():
        if words in texts[aid][r.start:r.end]:
            return r.sentence_index
    raise AssertionError(words)


def test_seed_rates_tokens_and_intervals(seed):
    m, _, _, corpus = seed
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


def test_seed_alignment_hand_checked(seed):
    m, segments, texts, corpus = seed
    table, summary = compare.align_content(m.sentences, segments, corpus)
    st = table.set_index(["article_id", "sentence_index"])
    # same fact, different words (checked by hand): the TOI headline and Sputnik's
    # "Tehran has been supplying its Shi'ite allies in Iraq with short-range ballistic missiles ..."
    head = _sentence_with(m.sentences, texts, TOI, "Tehran denies supplying")
    sup = _sentence_with(m.sentences, texts, SPUTNIK, "Tehran has been supplying")
    assert st.loc[(TOI, head), "status"] == "shared"
    assert st.loc[(TOI, head), "best_match_sentence"] == sup
    # background only Sputnik gives (the nuclear deal) has no counterpart in TOI
    deal = _sentence_with(m.sentences, texts, SPUTNIK, "withdrew the country from the Iran nuclear deal")
    assert st.loc[(SPUTNIK, deal), "status"] == "unique"
    # the photo credit is a caption: not compared
    credit = _sentence_with(m.sentences, texts, TOI, "AP Photo/Hadi Mizban")
    assert st.loc[(TOI, credit), "status"] == "excluded"
    assert set(summary.outlet) == {"Sputnik", "The Times of Israel"}


def test_seed_distinctive_terms_and_framing_map(seed):
    m, segments, texts, corpus = seed
    terms = compare.distinctive_terms(compare.term_counts(segments, corpus))
    z = terms.set_index("term")["z"]
    assert terms.outlet_a.iloc[0] == "Sputnik"
    assert z["daesh"] > 0 and z["proxies"] < 0   # Daesh* only in Sputnik; "proxies" 3x in TOI
    assert len(terms) == terms.term.nunique()
    fm = compare.framing_map_data(m.sentences, m.hits, m.quotes, corpus)
    s = _sentence_with(m.sentences, texts, TOI, "spreading Iranophobia")
    row = fm[(fm.article_id == TOI) & (fm.sentence_index == s)].iloc[0]
    assert row.quote >= 1 and row.loaded_terms >= 1


# ------------------------------------------------- scale: same results as brute force

def _dense_best_match(texts: list[str], outlets: list[str]):
    """Brute-force reference: the full dense similarity matrix, same-outlet cells -1,
    first argmax (what align_content computed before it went blockwise)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    x = TfidfVectorizer(lowercase=True, stop_words="english").fit_transform(texts)
    sim = (x @ x.T).toarray()
    o = np.asarray(outlets)
    sim[o[:, None] == o[None, :]] = -1.0
    best = sim.argmax(axis=1)
    return x, best, sim[np.arange(len(texts)), best]


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
    x, best, best_sim = _dense_best_match(texts, outlets)
    got, got_sim = compare._best_other_match(x.tocsr(), np.asarray(outlets), np.arange(60),
                                             max_cells=max_cells)
    np.testing.assert_array_equal(got, best)
    np.testing.assert_array_equal(got_sim, best_sim)   # bit for bit, not approx
    sub = np.array([3, 10, 59])
    got, got_sim = compare._best_other_match(x.tocsr(), np.asarray(outlets), sub, max_cells=max_cells)
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
    return sents, pd.Series(texts), _articles(arts)


def test_align_content_equals_dense_reference_and_cap_samples_exactly():
    sents, texts, arts = _align_inputs(np.random.default_rng(11), 9, 8)
    table, summary = compare.align_content(sents, texts, arts)
    for event, g in table.groupby("event"):
        _, best, best_sim = _dense_best_match(g["text"].tolist(), g["outlet"].tolist())
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


def _term_counts_reference(segments, articles, *, ngram_range=(1, 2), voice=None, quotes=None,
                           stop_words=None, by_event=False):
    """The token-by-token n-gram walk term_counts used before it was vectorised."""
    from collections import Counter

    from helpers.core.normalize import fold

    segs = segments.merge(articles, on="article_id")
    spans = {}
    if quotes is not None:
        for aid, g in quotes.groupby("article_id"):
            spans[aid] = list(zip(g["start"], g["end"]))
    stops = compare._stop_set(stop_words)
    keys = ["outlet", "event"] if by_event else ["outlet"]
    counter = Counter()
    for row in segs.sort_values(["article_id", "segment_index"], kind="stable").itertuples(index=False):
        text, toks = str(row.text), compare.token_spans(str(row.text))
        quoted = [any(s <= row.start + ts < e for s, e in spans.get(row.article_id, [])) for ts, _, _ in toks]
        for i in range(len(toks)):
            for n in range(ngram_range[0], ngram_range[1] + 1):
                j = i + n
                if j > len(toks) or any(text[toks[k][1]:toks[k + 1][0]].strip() for k in range(i, j - 1)) \
                        or len(set(quoted[i:j])) > 1 \
                        or voice == "own" and quoted[i] or voice == "quoted" and not quoted[i]:
                    break
                words = [fold(t) for _, _, t in toks[i:j]]
                if not any(w in stops for w in words):
                    counter[(*(getattr(row, k) for k in keys), n, " ".join(words))] += 1
    out = pd.DataFrame([(*k, c) for k, c in counter.items()], columns=keys + ["n", "term", "count"])
    return out[keys + ["term", "n", "count"]].sort_values(keys + ["term"], kind="stable").reset_index(drop=True)


_PIECES = ["Iran", "IRAN’s", "missile", "surface-to-surface", "the", "of", " ", "  ", "\n", "\u2009",
           ", ", ". ", " “", "” ", " (", ") ", "1.5", "Daesh*", "_", "it's"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_PIECES), max_size=25), min_size=1, max_size=4),
       st.lists(st.tuples(st.integers(0, 120), st.integers(0, 40)), max_size=4),
       st.sampled_from([None, "own", "quoted"]), st.sampled_from([None, "english"]),
       st.sampled_from([(1, 1), (1, 2), (2, 3)]))
def test_term_counts_equals_token_walk(paras, qspans, voice, stops, ngrams):
    rows, pos = [], 0
    for i, p in enumerate(paras):
        text = "".join(p)
        rows.append(("a1", i, "body", pos, text))
        pos += len(text) + 2
    segs = pd.DataFrame(rows, columns=["article_id", "segment_index", "segment", "start", "text"])
    quotes = pd.DataFrame({"article_id": "a1", "start": [s for s, _ in qspans],
                           "end": [s + n for s, n in qspans]}) if qspans else None
    if voice and quotes is None:
        quotes = pd.DataFrame({"article_id": [], "start": [], "end": []})
    arts = _articles([("a1", "X", "e")])
    kw = dict(ngram_range=ngrams, voice=voice, quotes=quotes, stop_words=stops)
    got = compare.term_counts(segs, arts, **kw)
    want = _term_counts_reference(segs, arts, **kw)
    pd.testing.assert_frame_equal(got, want, check_dtype=len(want) > 0)


def test_term_counts_equals_token_walk_on_synthetic_corpus():
    from helpers.corpus import synthetic

    corpus = synthetic.generate_corpus(40, words_per_article=150)
    segs = synthetic.corpus_segments(corpus)
    arts = corpus[["article_id", "outlet", "event"]]
    text = corpus.set_index("article_id")["text"]
    # quotes: every "..." span in the synthetic text, plus spans starting mid-run
    q = [(a, m.start() + 1, m.end() - 1) for a, t in text.items() for m in re.finditer(r'["“][^"”]*["”]', t)]
    q += [(a, 10, 40) for a in text.index[:10]]
    quotes = pd.DataFrame(q, columns=["article_id", "start", "end"])
    for kw in (dict(), dict(by_event=True, stop_words="english"), dict(voice="own", quotes=quotes),
               dict(voice="quoted", quotes=quotes, ngram_range=(1, 3))):
        pd.testing.assert_frame_equal(compare.term_counts(segs, arts, **kw),
                                      _term_counts_reference(segs, arts, **kw))


def test_seed_term_counts_and_alignment_equal_references(seed):
    m, segments, texts, corpus = seed
    arts = corpus[["article_id", "outlet", "event"]]
    for kw in (dict(), dict(voice="own", quotes=m.quotes, stop_words="english"),
               dict(voice="quoted", quotes=m.quotes)):
        pd.testing.assert_frame_equal(compare.term_counts(segments, arts, **kw),
                                      _term_counts_reference(segments, arts, **kw))
    table, _ = compare.align_content(m.sentences, segments, corpus)
    g = table[table.status.isin(["shared", "unique"])]
    _, best, best_sim = _dense_best_match(g["text"].tolist(), g["outlet"].tolist())
    assert g["best_match_sentence"].tolist() == g["sentence_index"].to_numpy()[best].tolist()
    np.testing.assert_array_equal(g["similarity"].to_numpy(), np.round(best_sim, 6))


def test_sentence_quote_pairs_in_article_chunks_change_nothing(monkeypatch):
    rng = np.random.default_rng(2)
    sents = _sentences({f"a{i}": 6 for i in range(7)})
    q = pd.DataFrame([(f"a{i}", int(s), int(s) + int(n), 3, "anonymous" if n % 2 else "named_person")
                      for i in range(7) for s, n in zip(rng.integers(0, 500, 3), rng.integers(1, 250, 3))],
                     columns=["article_id", "start", "end", "n_tokens", "speaker_class"])
    hits = _hits([(f"a{i}", j, "hedges", bool(j % 2)) for i in range(7) for j in range(0, 6, 2)])
    arts = _articles([(f"a{i}", "XY"[i % 2], "e") for i in range(7)])
    whole = (compare.category_rates(hits, sents, arts, quotes=q, n_boot=50),
             compare.framing_map_data(sents, hits, q, arts))
    chunked = compare._per_article_chunks
    monkeypatch.setattr(compare, "_per_article_chunks",
                        lambda s, qq, f, chunk_articles=2000: chunked(s, qq, f, chunk_articles=2))
    assert compare.framing_map_data(sents, hits, q, arts)["quote"].sum() > 0
    pd.testing.assert_frame_equal(compare.category_rates(hits, sents, arts, quotes=q, n_boot=50), whole[0])
    pd.testing.assert_frame_equal(compare.framing_map_data(sents, hits, q, arts), whole[1])
