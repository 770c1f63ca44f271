"""Hit annotation (helpers.measure.hits): segment, sentence, quotation and order of every hit."""

import pandas as pd
import pytest

from helpers.core.errors import FramingError
from helpers.measure.hits import HIT_COLUMNS, annotate_hits
from helpers.measure.sentences import split_sentences
from helpers.measure.speech import extract_quotes_and_attributions
from measures_util import ARTICLES, annotated, clean_text, lexicon, make_segments, raw_hits


@pytest.fixture(scope="module")
def parts(seed_cues):
    return annotated(seed_cues)


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


def test_hit_order_ties_and_unsorted_inputs(seed_cues):
    """Hits come out sorted by article, start, end, lexicon, entry whatever the input order."""
    seg = make_segments(ARTICLES)
    sent = split_sentences(seg)
    q, _ = extract_quotes_and_attributions(seg, lexicon(), seed_cues, sentences=sent)
    raw = raw_hits(seg, [("regime", "loaded_terms", "delegitimising"),
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
