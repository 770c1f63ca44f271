"""The quotes and attributions tables (helpers.measure.speech) and their per-article summary."""

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from helpers.measure.sentences import split_sentences
from helpers.measure.speech import article_source_summary, extract_quotes_and_attributions, find_quotes
from measures_util import clean_text, lexicon, make_segments


def test_per_article_summary(seed_cues):
    seg = make_segments({"a": [("body", '"Yes, yes," Ali Larijani said. Reuters said. '
                                        '"No," officials claimed. Scare \'quotes\' here.')],
                         "b": [("body", "Nothing quoted")]})
    sent = split_sentences(seg)
    q, a = extract_quotes_and_attributions(seg, lexicon(), seed_cues, sentences=sent)
    s = article_source_summary(q, a, sent).set_index("article_id")
    assert s.loc["a", "sources_named_person"] == 1
    assert s.loc["a", "sources_named_institution"] == 1
    assert s.loc["a", "sources_anonymous"] == 1
    assert s.loc["a", "sources_unattributed"] == 1
    assert s.loc["a", "verbs_neutral"] == 2 and s.loc["a", "verbs_evaluative"] == 1
    assert s.loc["a", "quoted_token_share"] == pytest.approx(4 / sent[sent.article_id == "a"].n_tokens.sum())
    assert s.loc["b", "quoted_token_share"] == 0 and s.loc["b", "sources_anonymous"] == 0


def test_find_quotes_matches_the_combined_pass(seed_cues):
    seg = make_segments({"a": [("body", '"A," Ali Larijani said.')]})
    pd.testing.assert_frame_equal(find_quotes(seg, lexicon(), seed_cues),
                                  extract_quotes_and_attributions(seg, lexicon(), seed_cues)[0])


@settings(max_examples=30, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("Ab said, . '\"“” He told Reuters:")),
                        max_size=60), min_size=1, max_size=3))
def test_extraction_never_fails_and_offsets_slice_back(seed_cues, paragraphs):
    seg = make_segments({"a": [("body", p) for p in paragraphs]})
    q, a = extract_quotes_and_attributions(seg, lexicon(), seed_cues)
    text = clean_text(seg, "a")
    assert all(text[s:e] == t for s, e, t in zip(q["start"], q["end"], q["text"]))
    assert set(q["speaker_class"]) <= {"named_person", "named_institution", "anonymous",
                                       "unattributed"}
    assert (a["speaker_class"] != "unattributed").all()
