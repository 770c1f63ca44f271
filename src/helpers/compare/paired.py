"""Paired differences of rates between two outlets, event by event, with a
percentile bootstrap over events for their mean (Efron & Tibshirani 1993, ch. 13).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .bootstrap import bootstrap_weights, group_rng
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
