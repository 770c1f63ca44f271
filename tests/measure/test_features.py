"""Feature tables (helpers.measure.features): long features, one row per article, naming."""

import numpy as np
import pytest

from helpers.measure.features import (FEATURE_COLUMNS, NAMING_COLUMNS, SEGMENT_GROUPS, VOICES,
                                      article_features, long_features, naming_table)
from measures_util import annotated, articles_table


@pytest.fixture(scope="module")
def parts(seed_cues):
    return annotated(seed_cues)


def test_long_features_has_every_cell_and_consistent_totals(parts):
    _, sent, q, _, hits = parts
    cats = ["loaded_terms", "naming", "hedges"]
    f = long_features(hits, sent, q, articles_table(["a1", "a2"]), cats)
    assert list(f.columns) == FEATURE_COLUMNS
    assert len(f) == 2 * len(SEGMENT_GROUPS) * len(VOICES) * len(cats)
    cell = f.set_index(["article_id", "segment_group", "voice", "category"])
    assert cell.loc[("a1", "all", "all", "loaded_terms"), "count"] == 2
    assert cell.loc[("a1", "body", "quoted", "loaded_terms"), "count"] == 1
    assert cell.loc[("a1", "headline_lede", "own", "loaded_terms"), "count"] == 1
    assert cell.loc[("a1", "all", "quoted", "naming"), "count"] == 1
    assert cell.loc[("a1", "footnote", "own", "naming"), "count"] == 1
    assert cell.loc[("a1", "all", "all", "hedges"), "count"] == 0  # zero cell present
    # tokens: quoted + own == all, and the groups add up
    tok = cell["tokens"].xs("naming", level="category")
    for g in SEGMENT_GROUPS:
        assert tok[("a1", g, "own")] + tok[("a1", g, "quoted")] == tok[("a1", g, "all")]
    assert sum(tok[("a1", g, "all")] for g in SEGMENT_GROUPS[:-1]) == tok[("a1", "all", "all")]
    assert tok[("a1", "all", "all")] == sent[sent.article_id == "a1"].n_tokens.sum()
    assert tok[("a1", "all", "quoted")] == 6
    r = cell.loc[("a1", "all", "all", "loaded_terms")]
    assert r["rate_per_1000"] == pytest.approx(2 * 1000 / r["tokens"])
    # no tokens -> no rate, not a zero rate
    assert np.isnan(cell.loc[("a2", "caption", "all", "naming"), "rate_per_1000"])


def test_article_features_and_naming(parts):
    _, sent, q, a, hits = parts
    arts = articles_table(["a1", "a2"], outlet="Out")
    f = long_features(hits, sent, q, arts, ["loaded_terms", "naming"])
    w = article_features(f, sent, q, a, arts)
    assert list(w.columns[:12]) == [
        "article_id", "outlet", "event", "n_tokens", "n_sentences", "quoted_token_share",
        "sources_named_person", "sources_named_institution", "sources_anonymous",
        "sources_unattributed", "verbs_neutral", "verbs_evaluative"]
    assert list(w.columns[12:]) == ["loaded_terms_count", "loaded_terms_per_1000",
                                    "naming_count", "naming_per_1000"]
    row = w.set_index("article_id").loc["a1"]
    assert row["sources_named_person"] == 1 and row["naming_count"] == 5
    n = naming_table(hits, arts)
    assert list(n.columns) == NAMING_COLUMNS
    got = {(r.article_id, r.actor, r.surface_form): r.count for r in n.itertuples()}
    assert got == {("a1", "iran", "Iran"): 2, ("a1", "iran", "Tehran"): 1,
                   ("a1", "israel", "Israel"): 1, ("a1", "israel", "Tel Aviv"): 1}
