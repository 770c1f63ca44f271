"""Distinctive terms: log-odds with an informative Dirichlet prior against the paper's
formulas (helpers.compare.distinctive)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import compare
from helpers.core.errors import FramingError
from compare_util import TOI, sentence_with


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


def test_seed_distinctive_terms_and_framing_map(seed_measured):
    m, segments, texts, corpus = seed_measured
    terms = compare.distinctive_terms(compare.term_counts(segments, corpus))
    z = terms.set_index("term")["z"]
    assert terms.outlet_a.iloc[0] == "Sputnik"
    assert z["daesh"] > 0 and z["proxies"] < 0   # Daesh* only in Sputnik; "proxies" 3x in TOI
    assert len(terms) == terms.term.nunique()
    fm = compare.framing_map_data(m.sentences, m.hits, m.quotes, corpus)
    s = sentence_with(m.sentences, texts, TOI, "spreading Iranophobia")
    row = fm[(fm.article_id == TOI) & (fm.sentence_index == s)].iloc[0]
    assert row.quote >= 1 and row.loaded_terms >= 1
