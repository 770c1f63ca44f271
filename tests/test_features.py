"""Hit annotation, long/wide features, naming and the measure_corpus entry point."""

import numpy as np
import pandas as pd
import pytest

from helpers.core.errors import FramingError
from helpers.measure.features import (FEATURE_COLUMNS, HIT_COLUMNS, NAMING_COLUMNS, SEGMENT_GROUPS, VOICES,
                              annotate_hits, article_features, long_features, measure_corpus,
                              naming_table, read_measures, write_measures)
from helpers.measure.sentences import split_sentences
from helpers.measure.speech import extract_quotes_and_attributions
from measures_util import articles_table, clean_text, lexicon, make_segments

ARTICLES = {
    "a1": [("headline", "Iran regime denies report"),
           ("lede", "Tehran reportedly moved missiles."),
           ("body", '"The regime of Israel clearly lies," Ali Larijani said. Its proxies act.'),
           ("caption", "Iran. (AP Photo)"),
           ("footnote", "*Tel Aviv is not a capital")],
    "a2": [("body", "Nothing here.")],
}


def _raw_hits(segments, words):
    """Hand-made matcher output: every occurrence of each (word, category, subcategory)."""
    rows = []
    for aid in segments["article_id"].unique():
        text = clean_text(segments, aid)
        for w, cat, sub in words:
            i = text.find(w)
            while i >= 0:
                rows.append({"article_id": aid, "start": i, "end": i + len(w), "matched": w,
                             "lexicon": cat, "category": cat, "subcategory": sub, "entry": w})
                i = text.find(w, i + 1)
    return pd.DataFrame(rows).sort_values(["article_id", "start"]).reset_index(drop=True)


@pytest.fixture(scope="module")
def parts(seed_cues):
    seg = make_segments(ARTICLES)
    sent = split_sentences(seg)
    q, a = extract_quotes_and_attributions(seg, lexicon(), seed_cues, sentences=sent)
    raw = _raw_hits(seg, [("regime", "loaded_terms", "delegitimising"),
                          ("Iran", "naming", "iran"), ("Tehran", "naming", "iran"),
                          ("Tel Aviv", "naming", "israel"), ("Israel", "naming", "israel")])
    hits = annotate_hits(raw, seg, sent, q)
    return seg, sent, q, a, hits


def test_annotate_hits_places_every_hit(parts):
    seg, sent, q, _, hits = parts
    assert list(hits.columns) == HIT_COLUMNS
    text = clean_text(seg, "a1")
    by = {(r.matched, r.start): r for r in hits.itertuples()}
    first_regime = text.find("regime")
    quoted_regime = text.find("regime", first_regime + 1)
    r = by[("regime", first_regime)]
    assert (r.segment, r.segment_index, r.sentence_index, r.in_quote) == ("headline", 0, 0, False)
    r = by[("regime", quoted_regime)]
    assert (r.segment, r.segment_index, r.in_quote, r.quote_index) == ("body", 2, True, 0)
    assert r.sentence_index == 2
    r = by[("Tel Aviv", text.find("Tel Aviv"))]
    assert (r.segment, r.in_quote) == ("footnote", False) and pd.isna(r.quote_index)
    r = by[("Israel", text.find("Israel"))]
    assert r.in_quote
    assert all(text[s:e] == m for s, e, m in zip(hits.start, hits.end, hits.matched))


def test_annotate_hits_refuses_unknown_articles(parts):
    seg, sent, q, _, _ = parts
    raw = pd.DataFrame([{"article_id": "zz", "start": 0, "end": 1, "matched": "x", "lexicon": "l",
                         "category": "c", "subcategory": "", "entry": "x"}])
    with pytest.raises(FramingError, match="zz"):
        annotate_hits(raw, seg, sent, q)


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


def test_measure_corpus_write_read_roundtrip(tmp_path, seed_cues):
    seg = make_segments(ARTICLES)
    arts = articles_table(["a1", "a2"])
    m = measure_corpus(seg, arts, lexicon(), seed_cues)
    assert set(m.hits["category"]) >= {"loaded_terms", "naming", "hedges", "boosters",
                                        "reporting_verbs"}
    text = clean_text(seg, "a1")
    assert all(text[s:e] == x for s, e, x in
               zip(m.hits.start[m.hits.article_id == "a1"], m.hits.end[m.hits.article_id == "a1"],
                   m.hits.matched[m.hits.article_id == "a1"]))
    written = write_measures(m, tmp_path)
    assert len(written) == 7
    assert write_measures(m, tmp_path) == []  # identical bytes: nothing rewritten
    back = read_measures(tmp_path)
    for name in ("sentences", "quotes", "hits", "features", "article_features", "naming",
                 "attributions"):
        a, b = getattr(m, name), getattr(back, name)
        assert list(a.columns) == list(b.columns), name
        assert len(a) == len(b), name
    assert back.hits["in_quote"].dtype == bool
    assert back.hits["quote_index"].isna().sum() == m.hits["quote_index"].isna().sum()
    pd.testing.assert_series_equal(back.features["count"], m.features["count"].astype("int64"))


def test_measure_corpus_requires_article_metadata(seed_cues):
    seg = make_segments({"a": [("body", "Iran.")]})
    with pytest.raises(FramingError, match="outlet"):
        measure_corpus(seg, pd.DataFrame({"article_id": ["a"]}), lexicon(), seed_cues)


def test_empty_corpus_and_articles_without_text(tmp_path, seed_cues):
    cols = ["article_id", "segment_index", "segment", "start", "end", "text", "line_first",
            "line_last"]
    m = measure_corpus(make_segments({}).reindex(columns=cols), articles_table([]), lexicon(), seed_cues)
    assert m.features.empty and m.article_features.empty and m.hits.empty
    assert list(m.article_features.columns[:3]) == ["article_id", "outlet", "event"]
    write_measures(m, tmp_path)
    assert read_measures(tmp_path).quotes.empty
    seg = make_segments({"a": [("body", "")], "b": [("headline", "  "), ("body", "Iran")]})
    w = measure_corpus(seg, articles_table(["a", "b", "c"]), lexicon(), seed_cues).article_features
    w = w.set_index("article_id")
    assert w.loc["a", "n_tokens"] == 0 and np.isnan(w.loc["a", "naming_per_1000"])
    assert w.loc["b", "naming_count"] == 1 and w.loc["b", "naming_per_1000"] == 1000
    assert w.loc["c", "n_sentences"] == 0


def test_clean_texts_do_not_depend_on_row_order():
    """Offsets index helpers.clean.cleaning.assemble_texts: the same texts in any row order."""
    from helpers.clean.cleaning import assemble_texts

    seg = make_segments(ARTICLES)
    got, want = assemble_texts(seg.sample(frac=1, random_state=3)), assemble_texts(seg)
    pd.testing.assert_series_equal(got, want)
    assert got.index.name == "article_id"
    assert got.to_dict() == {aid: clean_text(seg, aid) for aid in ARTICLES}


def test_hit_order_ties_and_unsorted_inputs(seed_cues):
    """Hits come out sorted by article, start, end, lexicon, entry whatever the input order."""
    seg = make_segments(ARTICLES)
    sent = split_sentences(seg)
    q, _ = extract_quotes_and_attributions(seg, lexicon(), seed_cues, sentences=sent)
    raw = _raw_hits(seg, [("regime", "loaded_terms", "delegitimising"),
                          ("regime", "aaa_terms", "x"), ("Iran", "naming", "iran"),
                          ("Iran", "aaa_naming", "aaa"), ("Tehran", "naming", "iran")])
    raw.loc[raw.index[::3], "entry"] = "Z"
    raw.loc[raw["lexicon"] == "aaa_naming", "entry"] = "zz"  # lexicon and entry orders disagree
    shuffled = raw.sample(frac=1, random_state=7)
    hits = annotate_hits(shuffled, seg.sample(frac=1, random_state=2),
                         sent.sample(frac=1, random_state=4), q.sample(frac=1, random_state=5))
    want = hits.sort_values(["article_id", "start", "end", "lexicon", "entry"], kind="stable")
    assert hits["start"].tolist() == want["start"].tolist()
    assert list(zip(hits["lexicon"], hits["entry"])) == list(zip(want["lexicon"], want["entry"]))
    ref = annotate_hits(raw.sort_values(["article_id", "start", "end", "lexicon", "entry"],
                                        kind="stable"), seg, sent, q)
    pd.testing.assert_frame_equal(hits.reset_index(drop=True), ref.reset_index(drop=True))
