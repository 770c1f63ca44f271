"""Paired differences of rates between groups (outlets, or any comparison unit),
event by event, with a percentile bootstrap over events for their mean (Efron &
Tibshirani 1993, ch. 13); the family of all pairs with a sign-flip permutation
test and Holm (1979) / Benjamini-Hochberg (1995) adjustment (:func:`paired_comparisons`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..core.errors import FramingError
from .bootstrap import bootstrap_weights, group_rng
from .outlets import ordered_outlets
from .tables import require_columns

# The event label of the rows that summarise all shared events.
ALL_EVENTS = "(mean over events)"


def paired_event_differences(features: pd.DataFrame, outlet_a: str, outlet_b: str, *,
                             categories: Sequence[str] | None = None, segment_group: str = "all",
                             voice: str = "all", n_boot: int = 2000, seed: int = 0,
                             ci: float = 0.95) -> pd.DataFrame:
    """Per-event paired differences of rates (outlet_a minus outlet_b).

    Pairing by event removes what the story itself contributes (a missile story
    has more military vocabulary whoever writes it). For each event covered by
    both outlets: rate = sum(count) / sum(tokens) * 1000 over that outlet's
    articles on the event. Rows with ``level == 'mean'`` (event
    ``'(mean over events)'``) give the mean difference over events with a
    percentile bootstrap interval resampling events, only when two or more
    events are shared (with one event there is nothing to resample: empty
    interval). Also counts the events where a is higher.
    """
    rate = _event_rates(features, categories, segment_group, voice, [outlet_a, outlet_b])
    return _paired(rate, outlet_a, outlet_b, n_boot, seed, ci)


def paired_differences(features: pd.DataFrame, pairs: Sequence[tuple[str, str]], *,
                       categories: Sequence[str] | None = None, segment_group: str = "all",
                       voice: str = "all", n_boot: int = 2000, seed: int = 0,
                       ci: float = 0.95) -> pd.DataFrame:
    """:func:`paired_event_differences` for each (outlet_a, outlet_b) in ``pairs``,
    concatenated; the features table is filtered and summed once for all pairs."""
    outlets = sorted({o for p in pairs for o in p})
    rate = _event_rates(features, categories, segment_group, voice, outlets)
    frames = [_paired(rate, a, b, n_boot, seed, ci) for a, b in pairs]
    return pd.concat(frames, ignore_index=True) if frames else _paired(rate, "", "", n_boot, seed, ci)


def _event_rates(features: pd.DataFrame, categories, segment_group: str, voice: str,
                 outlets: Sequence[str]) -> pd.DataFrame:
    """(category, event) x outlet rates per 1,000 tokens from the long features."""
    require_columns(features, ["outlet", "event", "segment_group", "voice", "category", "count", "tokens"],
                    "features")
    f = features[(features["segment_group"] == segment_group) & (features["voice"] == voice)]
    if categories is not None:
        f = f[f["category"].isin(categories)]
    f = f[f["outlet"].isin(outlets)].assign(event=lambda d: d["event"].fillna("").astype(str))
    agg = f.groupby(["category", "event", "outlet"], observed=True)[["count", "tokens"]].sum()
    with np.errstate(invalid="ignore", divide="ignore"):
        agg["rate"] = np.where(agg["tokens"] > 0, agg["count"] / agg["tokens"] * 1000.0, np.nan)
    return agg["rate"].unstack("outlet")


def _paired(rate: pd.DataFrame, outlet_a: str, outlet_b: str, n_boot: int, seed: int,
            ci: float) -> pd.DataFrame:
    rate = rate.copy()
    for o in (outlet_a, outlet_b):
        if o not in rate.columns:
            rate[o] = np.nan
    rate = rate.dropna(subset=[outlet_a, outlet_b])
    rows = []
    for cat, g in rate.groupby(level="category", sort=True, observed=True):
        diffs = (g[outlet_a] - g[outlet_b]).to_numpy(float)
        for (c, ev), ra, rb, d in zip(g.index, g[outlet_a], g[outlet_b], diffs):
            rows.append((c, ev, "event", ra, rb, d, np.nan, np.nan, 1, int(d > 0)))
        n = len(diffs)
        lo = hi = np.nan
        if n >= 2 and n_boot > 0:
            w = bootstrap_weights(group_rng(seed, f"{outlet_a}|{outlet_b}|{cat}"), n, n_boot)
            means = (w @ diffs) / n
            lo, hi = np.quantile(means, [(1 - ci) / 2, 1 - (1 - ci) / 2])
        rows.append((cat, ALL_EVENTS, "mean", g[outlet_a].mean(), g[outlet_b].mean(),
                     float(diffs.mean()), lo, hi, n, int((diffs > 0).sum())))
    out = pd.DataFrame(rows, columns=["category", "event", "level", "rate_a", "rate_b",
                                      "difference", "ci_low", "ci_high", "n_events",
                                      "n_events_a_higher"])
    out.insert(0, "outlet_b", outlet_b)
    out.insert(0, "outlet_a", outlet_a)
    return out.reset_index(drop=True)


# ------------------------------------------------------------------ the family of paired comparisons

# Columns of :func:`paired_comparisons` (the CSV ``paired_differences.csv``; codebook in data/README.md).
PAIRED_COLUMNS = ["category", "voice", "outlet_a", "outlet_b", "n_events", "comparable", "reason",
                  "rate_a", "rate_b", "difference", "ci_low", "ci_high", "n_events_a_higher",
                  "p_value", "p_holm", "p_bh", "differs"]
# Up to this many shared events the sign-flip test enumerates every flip exactly.
EXACT_FLIPS_MAX_EVENTS = 12


def sign_flip_p(diffs: np.ndarray, rng: np.random.Generator, n_perm: int = 10_000) -> float:
    """Two-sided p-value of a paired sign-flip permutation test of mean difference 0.

    Under the null hypothesis that each event's difference is as likely to be
    positive as negative (a distribution symmetric about 0), flipping the signs
    leaves its law unchanged (Fisher 1935, sec. 21; Good 2005, *Permutation,
    Parametric and Bootstrap Tests of Hypotheses*, ch. 3). The p-value is the
    share of sign patterns whose |mean| is at least the observed |mean|: over
    all 2**n patterns when n <= :data:`EXACT_FLIPS_MAX_EVENTS`, else over
    ``n_perm`` random patterns plus the observed one, (1 + k) / (1 + n_perm)
    (Phipson & Smyth 2010), so it is never 0. With n events the smallest
    attainable p is 2 / 2**n: two events can never give p < 0.5.
    """
    d = np.asarray(diffs, dtype=float)
    n = len(d)
    if n == 0:
        return float("nan")
    observed = abs(d.mean())
    tol = 1e-9 * max(1.0, float(np.abs(d).max()))
    if n <= EXACT_FLIPS_MAX_EVENTS:
        signs = 1 - 2 * ((np.arange(2 ** n)[:, None] >> np.arange(n)) & 1)
        return float(np.mean(np.abs(signs @ d) / n >= observed - tol))
    signs = rng.choice(np.array([-1.0, 1.0]), size=(int(n_perm), n))
    k = int(np.sum(np.abs(signs @ d) / n >= observed - tol))
    return (1 + k) / (1 + int(n_perm))


def holm_adjust(p: np.ndarray) -> np.ndarray:
    """Holm (1979) step-down adjusted p-values (family-wise error rate).

    Sorted ascending, p_(i) is multiplied by (m - i + 1), made monotone by a
    running maximum and capped at 1; NaN entries are not part of the family."""
    p = np.asarray(p, dtype=float)
    out = np.full(len(p), np.nan)
    ok = np.flatnonzero(~np.isnan(p))
    m = len(ok)
    if m:
        order = ok[np.argsort(p[ok], kind="stable")]
        adj = np.maximum.accumulate(p[order] * (m - np.arange(m)))
        out[order] = np.minimum(adj, 1.0)
    return out


def bh_adjust(p: np.ndarray) -> np.ndarray:
    """Benjamini & Hochberg (1995) step-up adjusted p-values (false discovery rate).

    Sorted ascending, p_(i) * m / i, made monotone from the largest down by a
    running minimum and capped at 1; NaN entries are not part of the family."""
    p = np.asarray(p, dtype=float)
    out = np.full(len(p), np.nan)
    ok = np.flatnonzero(~np.isnan(p))
    m = len(ok)
    if m:
        order = ok[np.argsort(p[ok], kind="stable")]
        raw = p[order] * m / np.arange(1, m + 1)
        out[order] = np.minimum(np.minimum.accumulate(raw[::-1])[::-1], 1.0)
    return out


def all_pairs(groups: Sequence[str]) -> list[tuple[str, str]]:
    """Every unordered pair of ``groups``, a before b in the given order."""
    g = list(dict.fromkeys(groups))
    return [(a, b) for i, a in enumerate(g) for b in g[i + 1:]]


def paired_comparisons(features: pd.DataFrame, *, pairs: Sequence[tuple[str, str]] | None = None,
                       outlet_order: Sequence[str] | None = None,
                       categories: Sequence[str] | None = None, segment_group: str = "all",
                       voice: str = "all", n_boot: int = 2000, n_perm: int = 10_000, seed: int = 0,
                       ci: float = 0.95, adjust: str = "holm") -> pd.DataFrame:
    """The family of paired comparisons by event: one row per (category, pair of groups).

    ``pairs`` are the contrasts a study names, as (a, b) tuples; by default
    every pair of the groups in ``features`` (its ``outlet`` column, the
    comparison unit, in ``outlet_order`` then sorted). For each pair and
    category, the events both groups cover are paired as in
    :func:`paired_event_differences` (the story's own vocabulary cancels):
    ``difference`` is the mean over shared events of rate_a - rate_b (per 1,000
    tokens), ``ci_low``/``ci_high`` its percentile bootstrap interval over
    events (Efron & Tibshirani 1993, ch. 13), ``p_value`` the two-sided
    sign-flip permutation test of :func:`sign_flip_p`.

    The tests of all comparable rows form one family: ``p_holm`` is Holm's
    (1979) adjustment (family-wise error), ``p_bh`` Benjamini & Hochberg's
    (1995) (false discovery rate); ``differs`` is True when the adjusted p of
    ``adjust`` (``'holm'`` or ``'bh'``) is below 1 - ``ci``. A pair sharing
    fewer than two events is listed with ``comparable`` False and the
    ``reason``; its difference is given for one shared event, its interval and
    p-values are empty. An empty or unusable table gives an empty table with
    the columns :data:`PAIRED_COLUMNS`.
    """
    if adjust not in ("holm", "bh"):
        raise FramingError(f"unknown adjustment {adjust!r}", fix="use 'holm' or 'bh'")
    require_columns(features, ["outlet", "event", "segment_group", "voice", "category", "count", "tokens"],
                    "features")
    present_groups = [str(o) for o in pd.unique(features["outlet"].dropna())]
    if pairs is None:
        pairs = all_pairs(ordered_outlets(present_groups, outlet_order))
    pairs = [(str(a), str(b)) for a, b in pairs]
    f = features[(features["segment_group"] == segment_group) & (features["voice"] == voice)]
    cats = list(dict.fromkeys(categories)) if categories is not None else sorted(
        str(c) for c in pd.unique(f["category"]))
    rate = _event_rates(f, cats, segment_group, voice, sorted({o for p in pairs for o in p}))
    rows = []
    for cat in cats:
        r = rate.xs(cat, level="category") if cat in rate.index.get_level_values("category") else None
        for a, b in pairs:
            rows.append(_one_contrast(r, cat, voice, a, b, present_groups, n_boot, n_perm, seed, ci))
    out = pd.DataFrame(rows, columns=PAIRED_COLUMNS)
    if out.empty:
        return out
    out["p_holm"] = holm_adjust(out["p_value"].to_numpy(float))
    out["p_bh"] = bh_adjust(out["p_value"].to_numpy(float))
    chosen = out["p_holm" if adjust == "holm" else "p_bh"]
    out["differs"] = (chosen < 1 - ci).fillna(False).astype(bool) & out["comparable"]
    return out


def _one_contrast(rate: pd.DataFrame | None, cat: str, voice: str, a: str, b: str,
                  present_groups: list[str], n_boot: int, n_perm: int, seed: int, ci: float) -> list:
    """One row of :func:`paired_comparisons` (adjusted columns filled later)."""
    nan = float("nan")
    missing = [g for g in (a, b) if g not in present_groups]
    if a == b or missing or rate is None or a not in rate.columns or b not in rate.columns:
        why = ("a group compared with itself" if a == b else
               f"no articles of {', '.join(missing)}" if missing else f"no {cat!r} rows in this voice")
        return [cat, voice, a, b, 0, False, why, nan, nan, nan, nan, nan, 0, nan, nan, nan, False]
    g = rate[[a, b]].dropna()
    diffs = (g[a] - g[b]).to_numpy(float)
    n = len(diffs)
    ra, rb = (float(g[a].mean()), float(g[b].mean())) if n else (nan, nan)
    diff = float(diffs.mean()) if n else nan
    higher = int((diffs > 0).sum())
    if n < 2:
        why = ("no shared event" if n == 0 else
               "one shared event: a paired comparison needs two or more")
        return [cat, voice, a, b, n, False, why, ra, rb, diff, nan, nan, higher, nan, nan, nan, False]
    rng = group_rng(seed, f"{a}|{b}|{cat}")
    lo = hi = nan
    if n_boot > 0:
        w = bootstrap_weights(rng, n, n_boot)
        lo, hi = (float(x) for x in np.quantile((w @ diffs) / n, [(1 - ci) / 2, 1 - (1 - ci) / 2]))
    p = sign_flip_p(diffs, rng, n_perm)
    return [cat, voice, a, b, n, True, "", ra, rb, diff, lo, hi, higher, p, nan, nan, False]
