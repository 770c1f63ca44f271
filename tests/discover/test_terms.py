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


def test_log_odds_of_all_events_at_once_equal_the_per_event_pivot():
    """distinctive_from_totals computes every event's z at once; per event it must equal
    log_odds_dirichlet over the event's pivot table (terms x groups, the corpus prior
    scaled to the event), rows in the pivot's order: an event without every group keeps
    its groups in the order of their first term; one group alone gets z = 0."""
    import numpy as np
    import pandas as pd

    from helpers.compare.distinctive import log_odds_dirichlet
    from helpers.discover import distinctive_from_totals, rank_distinctive

    # written for this test: three events, one without outlet "a", one with "c" alone
    rows = [("e1", "a", "wall", 5), ("e1", "b", "wall", 1), ("e1", "c", "hoax", 2), ("e1", "a", "hoax", 1),
            ("e1", "b", "crisis", 3), ("e2", "c", "alien", 4), ("e2", "b", "zebra", 1), ("e2", "b", "wall", 2),
            ("e2", "c", "zebra", 1), ("e3", "c", "wall", 2), ("e3", "c", "hoax", 1), (None, None, "wall", 7)]
    totals = pd.DataFrame(rows, columns=["event", "group", "term", "count"])
    got = distinctive_from_totals(totals)
    corpus = totals.groupby("term")["count"].sum()
    want = []
    for event, ev in totals.dropna().groupby("event"):
        wide = ev.pivot_table(index="term", columns="group", values="count", aggfunc="sum", fill_value=0)
        first = ev.sort_values(["term", "group"]).drop_duplicates("group")["group"].tolist()
        wide = wide[sorted(first) if len(first) == 3 else first]
        n = wide.sum(axis=1).to_numpy(float)
        prior = corpus.reindex(wide.index).to_numpy(float)
        alpha = prior / prior.sum() * n.sum()
        for g in wide.columns:
            ya = wide[g].to_numpy(float)
            z = (np.zeros(len(ya)) if wide.shape[1] < 2 else log_odds_dirichlet(ya, n - ya, alpha)["z"].to_numpy())
            want += [(event, g, t, int(y), zz) for t, y, zz in zip(wide.index, ya, z) if y > 0]
    want = pd.DataFrame(want, columns=["event", "group", "term", "count", "z"])
    assert got["group"].tolist()[:3] == ["a", "a", "b"] and got[got["event"] == "e2"]["group"].iloc[0] == "c"
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    assert (got[got["event"] == "e3"]["z"] == 0).all()
    base = rank_distinctive(got)
    assert base.groupby("event")["rank"].max().tolist() == [3, 3, 2]
