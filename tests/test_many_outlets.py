"""Many outlets and events, and large corpora: bootstrap blocks, capped and
sampled figures, one colour helper (issue 5)."""

import numpy as np
import pandas as pd
import pytest

from helpers import compare


# ------------------------------------------------------------------ bootstrap

def test_bootstrap_blocks_are_resamples_with_replacement():
    blocks = list(compare._bootstrap_blocks(np.random.default_rng(1), 50, 103, block_bytes=8 * 50 * 10))
    assert [len(b) for b in blocks] == [10] * 10 + [3]      # block size bounded by block_bytes
    w = np.vstack(blocks)
    assert w.shape == (103, 50)
    assert (w.sum(axis=1) == 50).all()                       # each replicate draws n units
    assert (w >= 0).all() and (w == np.round(w)).all()
    assert abs(w.mean() - 1.0) < 1e-12                       # every unit has expectation 1
    assert 0.8 < w.var(axis=0).mean() < 1.2                  # multinomial variance 1 - 1/n
    assert not (w == w[0]).all()                             # replicates differ


def test_bootstrap_weights_deterministic_per_seed():
    a = compare._bootstrap_weights(np.random.default_rng(7), 30, 40)
    b = compare._bootstrap_weights(np.random.default_rng(7), 30, 40)
    c = compare._bootstrap_weights(np.random.default_rng(8), 30, 40)
    assert (a == b).all() and not (a == c).all()


def test_ratio_quantiles_blocks_equal_one_matrix():
    rng = np.random.default_rng(3)
    counts = rng.poisson(2, size=(40, 3)).astype(float)
    tokens = np.full((40, 3), 100.0)
    w = compare._bootstrap_weights(np.random.default_rng(5), 40, 200)
    whole = compare._ratio_quantiles(w, counts, tokens, 0.9)
    parts = compare._ratio_quantiles([w[:70], w[70:]], counts, tokens, 0.9)
    np.testing.assert_allclose(whole, parts)
    rate = counts.sum(0) / tokens.sum(0) * 1000
    assert ((whole[0] <= rate) & (rate <= whole[1])).all()
