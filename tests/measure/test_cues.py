"""Attribution cues found in the lexicon matcher's own scan, and auxiliaries before a verb."""

import random

import pandas as pd

from helpers.corpus.synthetic import corpus_segments, generate_corpus
from helpers.measure import SourceCues, compile_matcher, measure_corpus, measure_matcher
from helpers.measure.cues import _AUX_TAIL_RE, with_auxiliaries

LEXICON = pd.DataFrame({
    "lexicon": "t", "row": [1, 2, 3], "entry": ["said", "regime", "claim*"],
    "category": ["reporting_verbs", "loaded_terms", "reporting_verbs"],
    "subcategory": ["neutral", "x", "evaluative"], "case_sensitive": False, "note": "",
    "source": ""})
CUES = SourceCues.from_frame(pd.DataFrame({
    "cue": ["said", "has denied", "according to", "in a statement", "official"],
    "cue_type": ["verb", "verb", "preposition", "noun", "role"],
    "note": "", "class": ["neutral", "evaluative", "neutral", "neutral", ""]}))


def _by_pattern(masked: str, start: int) -> int:
    """with_auxiliaries as its documented pattern, word by word."""
    for _ in range(3):
        if start < 3 or masked[start - 1] != " ":
            return start
        m = _AUX_TAIL_RE.search(masked, max(0, start - 12), start)
        if m is None:
            return start
        start = m.start()
    return start


def test_with_auxiliaries_follows_its_pattern():
    words = ["has", "Has", "HAS", "also", "x-has", "o'has", "(has", "\x00has", "said", "Thas",
             "reportedly", "is", "again", "then", "İs", "”has", "a", "", "will", "REPEATEDLY"]
    rng = random.Random(7)
    for _ in range(20000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 5))) + " said"
        at = len(text) - 4
        assert with_auxiliaries(text, at) == _by_pattern(text, at), text
    text = "Iran has also said"
    assert text[with_auxiliaries(text, text.index("said")):] == "has also said"


def test_one_scan_gives_the_same_tables_as_two():
    corpus = generate_corpus(40, seed=3)
    seg = corpus_segments(corpus)
    arts = corpus[["article_id", "outlet", "event"]]
    one = measure_corpus(seg, arts, LEXICON, CUES, matcher=measure_matcher(LEXICON, CUES))
    two = measure_corpus(seg, arts, LEXICON, CUES, matcher=compile_matcher(LEXICON))
    assert len(one.attributions) > 0
    for name in ("hits", "quotes", "attributions", "features", "article_features", "naming"):
        pd.testing.assert_frame_equal(getattr(one, name), getattr(two, name))
    assert not one.hits["category"].str.startswith("<").any()
