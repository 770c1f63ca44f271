"""Distinctive terms between outlets: the weighted log-odds ratio with an
informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin' Words",
Political Analysis 16(4), sec. 3.5).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..core.errors import FramingError
from .tables import require_columns

# outlet_b of a one-vs-rest comparison: every other outlet pooled.
REST = "(all other outlets)"


def log_odds_dirichlet(counts_a, counts_b, prior) -> pd.DataFrame:
    """Monroe, Colaresi & Quinn (2008) log-odds ratio with a Dirichlet prior.

    For term w with counts y_a, y_b (totals n_a, n_b) and prior alpha_w
    (alpha_0 = sum of alpha):

        delta_w = log((y_a + a_w) / (n_a + a_0 - y_a - a_w))
                - log((y_b + a_w) / (n_b + a_0 - y_b - a_w))        (paper eq. 16)
        var_w  ~= 1 / (y_a + a_w) + 1 / (y_b + a_w)                 (eqs. 18-20)
        z_w     = delta_w / sqrt(var_w)

    Positive z: the term is more typical of a. Inputs are aligned arrays or
    Series (the result keeps a Series' index). Every alpha_w must be > 0.
    """
    index = counts_a.index if isinstance(counts_a, pd.Series) else None
    ya = np.asarray(counts_a, dtype=float)
    yb = np.asarray(counts_b, dtype=float)
    a = np.asarray(prior, dtype=float)
    if not (ya.shape == yb.shape == a.shape):
        raise FramingError("counts_a, counts_b and prior differ in length",
                           fix="align them on the same vocabulary")
    if (a <= 0).any():
        raise FramingError("Dirichlet prior has a non-positive entry",
                           fix="give every term a prior > 0 (e.g. from corpus counts)")
    a0, na, nb = a.sum(), ya.sum(), yb.sum()
    delta = (np.log(ya + a) - np.log(na + a0 - ya - a)
             - np.log(yb + a) + np.log(nb + a0 - yb - a))
    var = 1.0 / (ya + a) + 1.0 / (yb + a)
    return pd.DataFrame({"delta": delta, "variance": var, "z": delta / np.sqrt(var)}, index=index)


def _prior_vector(totals: pd.Series, prior, alpha0: float | None) -> np.ndarray:
    if isinstance(prior, pd.Series):
        return prior.reindex(totals.index).fillna(0).to_numpy(float)
    if prior == "informative":
        # corpus relative frequencies scaled to alpha0 (default: the corpus size,
        # i.e. the prior is the corpus counts themselves)
        scale = float(totals.sum()) if alpha0 is None else float(alpha0)
        return totals.to_numpy(float) / totals.sum() * scale
    if prior == "uniform":
        scale = 0.01 * len(totals) if alpha0 is None else float(alpha0)
        return np.full(len(totals), scale / len(totals))
    raise FramingError(f"unknown prior {prior!r}", fix="use 'informative', 'uniform' or a Series")


def distinctive_terms(token_counts: pd.DataFrame, *, mode: str = "pairwise",
                      prior="informative", alpha0: float | None = None,
                      outlet_order: Sequence[str] | None = None,
                      min_count: int = 0) -> pd.DataFrame:
    """Fightin' Words z-scores for every term, between outlets.

    ``token_counts`` is long [outlet, term, count] (e.g. from
    :func:`~helpers.compare.terms.term_counts`).
    ``mode='pairwise'`` compares every pair (a before b in ``outlet_order``, else
    sorted names); ``'one_vs_rest'`` compares each outlet with all others pooled.
    The informative prior is the whole corpus' term frequencies scaled to
    ``alpha0`` (default: corpus token count, i.e. alpha_w = corpus count of w);
    ``prior='uniform'`` spreads ``alpha0`` (default 0.01 per term) evenly; a
    Series gives alpha_w directly. Rare terms are kept unless ``min_count`` (on
    the corpus total) says otherwise: the prior already shrinks them.

    Returns outlet_a, outlet_b, term, count_a, count_b, n_a, n_b, alpha, delta,
    variance, z, frequency (count_a + count_b), sorted by pair, z descending, term.
    """
    require_columns(token_counts, ["outlet", "term", "count"], "token_counts")
    if mode not in ("pairwise", "one_vs_rest"):
        raise FramingError(f"unknown mode {mode!r}", fix="use 'pairwise' or 'one_vs_rest'")
    wide = token_counts.pivot_table(index="term", columns="outlet", values="count",
                                    aggfunc="sum", fill_value=0).sort_index()
    totals = wide.sum(axis=1)
    keep = (totals > 0) & (totals >= min_count)
    wide, totals = wide[keep], totals[keep]
    outlets = list(outlet_order) if outlet_order is not None else sorted(wide.columns)
    outlets = [o for o in outlets if o in wide.columns]
    alpha = _prior_vector(totals, prior, alpha0)
    if mode == "pairwise":
        pairs = [(outlets[i], outlets[j]) for i in range(len(outlets)) for j in range(i + 1, len(outlets))]
    else:
        pairs = [(o, REST) for o in outlets]
    frames = []
    for a, b in pairs:
        ya = wide[a].to_numpy(float)
        yb = (totals.to_numpy(float) - ya) if b == REST else wide[b].to_numpy(float)
        # with a user-given alpha0 some terms can get alpha 0 only if their total is 0 (dropped)
        res = log_odds_dirichlet(ya, yb, alpha)
        frames.append(pd.DataFrame({
            "outlet_a": a, "outlet_b": b, "term": wide.index, "count_a": ya.astype(int),
            "count_b": yb.astype(int), "n_a": int(ya.sum()), "n_b": int(yb.sum()),
            "alpha": alpha, "delta": res["delta"].to_numpy(), "variance": res["variance"].to_numpy(),
            "z": res["z"].to_numpy(), "frequency": (ya + yb).astype(int)}))
    cols = ["outlet_a", "outlet_b", "term", "count_a", "count_b", "n_a", "n_b", "alpha",
            "delta", "variance", "z", "frequency"]
    if not frames:
        return pd.DataFrame(columns=cols)
    out = pd.concat(frames, ignore_index=True)
    order = {o: i for i, o in enumerate(outlets + [REST])}
    out["_a"] = out["outlet_a"].map(order)
    out["_b"] = out["outlet_b"].map(order)
    out["_z"] = -out["z"]
    out = out.sort_values(["_a", "_b", "_z", "term"], kind="stable")
    return out[cols].reset_index(drop=True)
