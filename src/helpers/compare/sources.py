"""Who is quoted and how, by outlet: speaker classes of direct quotes, neutral vs
evaluative reporting verbs (cf. Caldas-Coulthard 1994) and the quoted share of tokens.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..measure import SOURCE_CLASSES, VERB_CLASSES
from .outlets import article_outlets, with_outlet
from .tables import require_columns


def source_profile(quotes: pd.DataFrame, article_features: pd.DataFrame,
                   articles: pd.DataFrame) -> pd.DataFrame:
    """Who is quoted and how, by outlet (long table).

    group ``speaker_class``: direct quotes by speaker class (quotes.csv; share of
    the outlet's quotes); group ``verb_class``: neutral vs evaluative reporting
    verbs (article_features.csv ``verbs_*``, which also counts indirect speech;
    cf. Caldas-Coulthard 1994 on neutral vs evaluative verbs of saying);
    group ``voice``: tokens inside direct quotes as a share of all tokens.
    Returns outlet, group, item, count, total, share, n_articles.
    """
    meta = article_outlets(articles)
    af = with_outlet(article_features, articles)
    require_columns(af, ["n_tokens", "quoted_token_share", "verbs_neutral", "verbs_evaluative"],
                    "article_features")
    q = quotes.copy()
    q["article_id"] = q["article_id"].astype(str)
    q = q.merge(meta[["article_id", "outlet"]], on="article_id", how="left")
    outlets = sorted(set(meta["outlet"]))
    rows = []
    for o in outlets:
        qo = q[q["outlet"] == o]
        ao = af[af["outlet"] == o]
        n_art = int(meta[meta["outlet"] == o]["article_id"].nunique())
        cls = qo["speaker_class"].value_counts() if "speaker_class" in qo.columns else pd.Series(dtype=int)
        total = int(len(qo))
        for c in SOURCE_CLASSES:  # the speaker classes of quotes.csv
            k = int(cls.get(c, 0))
            rows.append((o, "speaker_class", c, k, total, k / total if total else np.nan, n_art))
        vn, ve = int(ao["verbs_neutral"].sum()), int(ao["verbs_evaluative"].sum())
        for c, k in zip(VERB_CLASSES, (vn, ve)):
            rows.append((o, "verb_class", c, k, vn + ve, k / (vn + ve) if vn + ve else np.nan, n_art))
        tok = float(ao["n_tokens"].sum())
        qt = float((ao["quoted_token_share"].astype(float) * ao["n_tokens"]).sum())
        rows.append((o, "voice", "quoted_tokens", round(qt), round(tok), qt / tok if tok else np.nan, n_art))
    return pd.DataFrame(rows, columns=["outlet", "group", "item", "count", "total", "share", "n_articles"])
