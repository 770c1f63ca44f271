"""Discovery read in chunks, here or in a process pool, gives the tables of one pass."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import ROOT
from helpers.clean import assemble_texts
from helpers.corpus.synthetic import corpus_segments, generate_corpus
from helpers.discover import (discover_candidates, house_style, load_name_cues, load_vader_lexicon, phrases,
                              stop_words, term_candidates, term_counts, tokenize)
from helpers.run.discover import pool_runner

CUES = load_name_cues(ROOT / "data" / "discover" / "name_cues.csv")
STOP = stop_words()


@pytest.fixture(scope="module")
def generated():
    corpus = generate_corpus(24, seed=3, outlets=3, events=2)
    texts = assemble_texts(corpus_segments(corpus))
    # the articles table in another order than the texts: examples follow the table's order
    articles = corpus[["article_id", "outlet", "event"]].iloc[::-1].reset_index(drop=True)
    return texts, articles


def test_chunks_in_a_pool_give_the_one_pass_tables(generated):
    texts, articles = generated
    vader = load_vader_lexicon()
    one = discover_candidates(texts, articles, CUES, vader, "gen", min_count=2, stop=STOP, chunk=len(texts))
    many = discover_candidates(texts, articles, CUES, vader, "gen", min_count=2, stop=STOP, chunk=5,
                               run=pool_runner(processes=2))
    assert len(one.actors) > 5 and len(one.terms) > 20 and (one.actors["kind"] == "description").any()
    for attr in ("actors", "terms", "forms", "distinctive", "baseline"):
        pd.testing.assert_frame_equal(getattr(many, attr), getattr(one, attr))


def test_examples_from_first_holders_equal_the_search_of_every_holder(generated):
    """The example of a term: the first article of its group (articles order) that counts
    the term and writes it, as the per-article search found it before chunks."""
    texts, articles = generated
    found = discover_candidates(texts, articles, CUES, {}, "gen", stop=STOP, chunk=5)
    docs = {a: tokenize(t) for a, t in texts.items()}
    drop = STOP | house_style(articles["outlet"].unique(), CUES.honorifics)
    counts = term_counts(docs, drop, phrases(list(docs.values()), STOP))
    ranked = found.terms[["event", "term", "group", "count", "z", "valence", "modifies", "score", "rank"]]
    want = term_candidates(ranked, found.distinctive, texts, articles, "gen", counts=counts)
    assert (want["example"] != "").mean() > 0.9
    pd.testing.assert_frame_equal(found.terms, want)


def test_term_counts_with_numpy_equal_the_counter_walk(generated):
    from helpers.discover import term_counts_array

    texts, articles = generated
    docs = {a: tokenize(t) for a, t in texts.items()}
    drop = STOP | house_style(articles["outlet"].unique(), CUES.honorifics)
    ph = phrases(list(docs.values()), STOP)
    assert any(len(g) == 3 for g in ph) and any(len(g) == 2 for g in ph)
    key = ["article_id", "term"]
    want = term_counts(docs, drop, ph).sort_values(key).reset_index(drop=True)
    got = term_counts_array(docs, drop, ph).sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want)


def test_running_sum_adds_parts_as_they_come_in_order():
    """The reduce's running sum: parts added in order as they come, never all held at once,
    each row re-added a logarithmic number of times."""
    from helpers.discover.scan import RunningSum

    work, held = [], []

    def add(parts):
        work.append(sum(map(len, parts)))
        return [x for p in parts for x in p]

    total = RunningSum(add, len)
    for i in range(64):
        total.push([i])
        held.append(len(total.waiting))
    assert total.result() == list(range(64))
    assert max(held) < 64 // 2 and sum(work) <= 64 * 7  # log2(64) + 1 passes over the rows at most
