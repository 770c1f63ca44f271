"""Source profiles (helpers.compare.sources)."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import compare
from compare_util import articles_table


def test_source_profile():
    arts = articles_table([("a1", "X", "e"), ("a2", "Y", "e")])
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
