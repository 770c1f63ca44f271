"""Candidate-term statistics agree with the published tools they stand in for."""

from __future__ import annotations

from conftest import ROOT
from helpers.discover import LR_CRITICAL, phrases, stop_words, tokenize


# Written for this test: short reports that repeat a few phrases at different rates.
DOCS = [
    "The witch hunt goes on, the president said. The witch hunt is a hoax, he said again.",
    "Officials called the border wall a national emergency. The border wall will cost billions.",
    "Critics said the national emergency was a power grab. A power grab, they said, by the White House.",
    "The White House said the border wall and the national emergency were needed. Witch hunt, he wrote.",
    "It's the president's wall, O’Brien’s aides said of the border wall.",
]


def test_stop_words_come_from_the_data_file():
    stop = stop_words(ROOT / "data" / "discover" / "stop_words.csv")
    assert {"the", "and", "of"} <= stop and "wall" not in stop


def test_tokenize_cuts_possessives_and_folds_apostrophes():
    assert tokenize("The president's wall, O’Brien’s aides; it's") == ["the", "president", "wall", "o'brien",
                                                                     "aides", "it"]


def test_phrases_match_nltk_likelihood_ratio():
    from nltk.collocations import (BigramAssocMeasures, BigramCollocationFinder, TrigramAssocMeasures,
                                   TrigramCollocationFinder)

    docs = [tokenize(t) for t in DOCS] * 3
    stop = stop_words()
    bad = lambda w: w in stop or len(w) < 2  # noqa: E731
    want = set()
    f2 = BigramCollocationFinder.from_documents(docs)
    f2.apply_freq_filter(2)
    f2.apply_ngram_filter(lambda a, b: bad(a) or bad(b))
    want |= {g for g, s in f2.score_ngrams(BigramAssocMeasures.likelihood_ratio) if s > LR_CRITICAL}
    f3 = TrigramCollocationFinder.from_documents(docs)
    f3.apply_freq_filter(2)
    f3.apply_ngram_filter(lambda a, b, c: bad(a) or bad(c))
    want |= {g for g, s in f3.score_ngrams(TrigramAssocMeasures.likelihood_ratio) if s > LR_CRITICAL}
    got = phrases(docs, stop)
    assert ("witch", "hunt") in got and ("border", "wall") in got
    assert got == want


def test_words_written_as_names_carry_no_valence():
    from helpers.discover import name_words, rank_terms, valence_of, word_stats

    # Written for this test: "Earnest" is a press secretary's name here, "brutal" an evaluation.
    texts = ["The briefing was led by press secretary Josh Earnest on Monday.",
             "Reporters asked Earnest about the brutal crackdown.",
             "A spokesman for Earnest said the crackdown was brutal."]
    names = name_words(word_stats(texts))
    assert "earnest" in names and "brutal" not in names
    vader = {"earnest": 2.3, "brutal": -3.1}
    assert valence_of("earnest", vader, names) == 0.0
    assert valence_of("josh earnest", vader) == 2.3  # without the corpus' evidence the lexicon decides
    assert valence_of("brutal crackdown", vader, names) == -3.1
    import pandas as pd
    dist = pd.DataFrame({"event": "e", "group": "a", "term": ["earnest", "brutal"], "count": 2, "z": 1.0})
    ranked = rank_terms(dist, vader, {}, name_words=names)
    assert ranked["term"].tolist() == ["brutal", "earnest"] and ranked["valence"].tolist() == [-3.1, 0.0]


def test_collocations_of_chunks_added_up_equal_one_pass():
    """Pass 1 in chunks: integer-coded counts added up give the phrases of one pass, though
    the sum keeps no n-gram seen once (nor one no candidate reads)."""
    from helpers.discover.ngrams import add_ngram_tables, ngram_table
    from helpers.discover.terms import collocations

    docs = [tokenize(t) for t in DOCS] * 3
    stop = stop_words()
    parts = [ngram_table(docs[i:i + 2], stop) for i in range(0, len(docs), 2)]
    total = add_ngram_tables(parts)
    assert collocations(total, stop) == phrases(docs, stop)
    assert total.n == sum(map(len, docs)) and total.words.sum() == total.n
    for keys, counts in (total.pairs, total.triples, total.skips):
        assert len(keys) and counts.min() >= 2 and (keys[1:] > keys[:-1]).all()
    assert len(total.pairs[0]) < sum(len(p.pairs[0]) for p in parts)  # singletons left out
    # each kept pair is counted as in the documents
    pair = dict(zip(zip(total.vocab[total.pairs[0] // len(total.vocab)], total.vocab[total.pairs[0] % len(total.vocab)]),
                    total.pairs[1]))
    assert pair[("witch", "hunt")] == sum(list(zip(d, d[1:])).count(("witch", "hunt")) for d in docs)
