"""Term counts equal the token-by-token n-gram walk (helpers.compare.terms)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import compare
from helpers.compare import terms
from compare_util import articles_table, dense_best_match


def test_term_counts_ngrams_voice_and_stop_words():
    segs = pd.DataFrame({
        "article_id": ["a1", "a1"], "segment_index": [0, 1], "segment": ["headline", "body"],
        "start": [0, 17],
        "text": ["Iran's new missile", "Officials said: “the missile program, is defensive”."],
    })
    arts = articles_table([("a1", "X", "e")])
    tc = compare.term_counts(segs, arts)
    counts = dict(zip(tc.term, tc["count"]))
    assert counts["missile"] == 2 and counts["iran's"] == 1
    assert counts["iran's new"] == 1 and counts["officials said"] == 1
    assert "said the" not in counts            # punctuation and quote mark between
    assert "missile officials" not in counts   # segment break
    assert "program is" not in counts          # comma
    quote_start = 17 + segs.text[1].index("the")
    quotes = pd.DataFrame({"article_id": ["a1"], "start": [quote_start],
                           "end": [17 + segs.text[1].index("”")]})
    own = dict(zip(*compare.term_counts(segs, arts, voice="own", quotes=quotes)[["term", "count"]].T.values))
    quoted = dict(zip(*compare.term_counts(segs, arts, voice="quoted", quotes=quotes)[["term", "count"]].T.values))
    assert own["missile"] == 1 and quoted["missile"] == 1 and "defensive" in quoted and "defensive" not in own
    nostop = compare.term_counts(segs, arts, stop_words="english")
    assert "the" not in set(nostop.term) and "the missile" not in set(nostop.term)
    assert "missile" in set(nostop.term)


def test_term_counts_leave_out_house_style():
    segs = pd.DataFrame({
        "article_id": ["a1", "a1", "a1", "b1", "b1"], "segment_index": [0, 1, 2, 0, 1],
        "segment": ["headline", "lede", "body", "headline", "body"], "start": [0, 40, 140, 0, 40],
        "text": ["U.S. envoy meets Mr. Smith", "WASHINGTON (Reuters) — The U.S. envoy said 2,500 troops",
                 "Fox News's Mr. Smith told Fox News that the U.N. and the U.K. agreed in 2018.",
                 "Envoy arrives in BEIRUT", "BEIRUT, Lebanon: Mr. Smith spoke to The New York Times in Washington."],
    })
    arts = articles_table([("a1", "Fox News", "e"), ("b1", "The New York Times", "e")])
    tc = compare.term_counts(segs, arts)
    terms_ = set(tc.term)
    assert {"u.s.", "u.n.", "u.k.", "u.s. envoy", "smith", "envoy", "washington", "troops"} <= terms_
    assert not {"u", "s", "n", "k", "mr", "mr smith", "2018", "2,500", "2,500 troops"} & terms_
    assert not {"fox", "news", "fox news", "news's", "york", "times", "new york", "reuters", "lebanon"} & terms_
    assert tc[tc.term == "beirut"]["count"].sum() == 1                     # in the headline, not the dateline
    x = tc[tc.outlet == "Fox News"].set_index("term")["count"]
    assert x["washington"] == 0 if "washington" in x else True   # the dateline is not a word of a1
    assert tc[(tc.outlet == "The New York Times") & (tc.term == "washington")]["count"].item() == 1
    assert x["u.s."] == 2 and x["smith"] == 2 and x["told"] == 1 and "told that" not in x
    # off: the tokens as before
    raw = set(compare.term_counts(segs, arts, house_style=False).term)
    assert {"u", "s", "mr", "fox news", "2018", "washington"} <= raw and "u.s." not in raw
    # the comparison unit relabelled: the outlet names are given
    lean = compare.term_counts(segs, arts.assign(outlet=["right", "left"]),
                               outlet_names=["Fox News", "The New York Times"])
    assert not {"fox", "york"} & set(lean.term) and "right" in set(lean.outlet)
    view = compare.term_counts(segs, arts.assign(outlet_name=arts["outlet"], outlet=["right", "left"]))
    pd.testing.assert_frame_equal(view, lean)   # the comparison view keeps the outlets as outlet_name


def _term_counts_reference(segments, articles, *, ngram_range=(1, 2), voice=None, quotes=None,
                           stop_words=None, by_event=False, house_style=True):
    """The token-by-token n-gram walk term_counts used before it was vectorised
    (house style: the same masking, word form and dropped words, applied text by text)."""
    from collections import Counter

    from helpers.compare import house_style as hs
    from helpers.core.normalize import fold

    segs = segments.merge(articles, on="article_id")
    segs = segs.sort_values(["article_id", "segment_index"], kind="stable")
    word_of, dropped = fold, (lambda w: False)
    if house_style:
        texts = []
        for row in segs.itertuples(index=False):
            first = row.segment != "headline" and not any(
                a == row.article_id and sg != "headline" for a, sg, _ in texts)
            texts.append((row.article_id, row.segment,
                          hs.mask_house_style([row.text], sorted(set(segs["outlet"])), [first])[0]))
        segs = segs.assign(text=[t for _, _, t in texts])
        word_of, dropped = hs.term_word, hs.is_house_word
    spans = {}
    if quotes is not None:
        for aid, g in quotes.groupby("article_id"):
            spans[aid] = list(zip(g["start"], g["end"]))
    stops = terms._stop_set(stop_words)
    keys = ["outlet", "event"] if by_event else ["outlet"]
    counter = Counter()
    for row in segs.itertuples(index=False):
        text, toks = str(row.text), compare.token_spans(str(row.text))
        quoted = [any(s <= row.start + ts < e for s, e in spans.get(row.article_id, [])) for ts, _, _ in toks]
        for i in range(len(toks)):
            for n in range(ngram_range[0], ngram_range[1] + 1):
                j = i + n
                if j > len(toks) or any(text[toks[k][1]:toks[k + 1][0]].strip() for k in range(i, j - 1)) \
                        or len(set(quoted[i:j])) > 1 \
                        or voice == "own" and quoted[i] or voice == "quoted" and not quoted[i]:
                    break
                words = [word_of(t) for _, _, t in toks[i:j]]
                if not any(w in stops or dropped(w) for w in words):
                    counter[(*(getattr(row, k) for k in keys), n, " ".join(words))] += 1
    out = pd.DataFrame([(*k, c) for k, c in counter.items()], columns=keys + ["n", "term", "count"])
    return out[keys + ["term", "n", "count"]].sort_values(keys + ["term"], kind="stable").reset_index(drop=True)


_PIECES = ["Iran", "IRAN’s", "missile", "surface-to-surface", "the", "of", " ", "  ", "\n", "\u2009",
           ", ", ". ", " “", "” ", " (", ") ", "1.5", "Daesh*", "_", "it's", "U.S.", "Mr.", "X", "2018",
           "WASHINGTON —", "the X’s"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_PIECES), max_size=25), min_size=1, max_size=4),
       st.lists(st.tuples(st.integers(0, 120), st.integers(0, 40)), max_size=4),
       st.sampled_from([None, "own", "quoted"]), st.sampled_from([None, "english"]),
       st.sampled_from([(1, 1), (1, 2), (2, 3)]))
def test_term_counts_equals_token_walk(paras, qspans, voice, stops, ngrams):
    rows, pos = [], 0
    for i, p in enumerate(paras):
        text = "".join(p)
        rows.append(("a1", i, "body", pos, text))
        pos += len(text) + 2
    segs = pd.DataFrame(rows, columns=["article_id", "segment_index", "segment", "start", "text"])
    quotes = pd.DataFrame({"article_id": "a1", "start": [s for s, _ in qspans],
                           "end": [s + n for s, n in qspans]}) if qspans else None
    if voice and quotes is None:
        quotes = pd.DataFrame({"article_id": [], "start": [], "end": []})
    arts = articles_table([("a1", "X", "e")])
    kw = dict(ngram_range=ngrams, voice=voice, quotes=quotes, stop_words=stops)
    got = compare.term_counts(segs, arts, **kw)
    want = _term_counts_reference(segs, arts, **kw)
    pd.testing.assert_frame_equal(got, want, check_dtype=len(want) > 0)


def test_term_counts_equals_token_walk_on_synthetic_corpus():
    from helpers.corpus import synthetic

    corpus = synthetic.generate_corpus(40, words_per_article=150)
    segs = synthetic.corpus_segments(corpus)
    arts = corpus[["article_id", "outlet", "event"]]
    text = corpus.set_index("article_id")["text"]
    # quotes: every "..." span in the synthetic text, plus spans starting mid-run
    q = [(a, m.start() + 1, m.end() - 1) for a, t in text.items() for m in re.finditer(r'["“][^"”]*["”]', t)]
    q += [(a, 10, 40) for a in text.index[:10]]
    quotes = pd.DataFrame(q, columns=["article_id", "start", "end"])
    for kw in (dict(), dict(by_event=True, stop_words="english"), dict(voice="own", quotes=quotes),
               dict(voice="quoted", quotes=quotes, ngram_range=(1, 3))):
        pd.testing.assert_frame_equal(compare.term_counts(segs, arts, **kw),
                                      _term_counts_reference(segs, arts, **kw))


def test_seed_term_counts_and_alignment_equal_references(seed_measured):
    m, segments, texts, corpus = seed_measured
    arts = corpus[["article_id", "outlet", "event"]]
    for kw in (dict(), dict(voice="own", quotes=m.quotes, stop_words="english"),
               dict(voice="quoted", quotes=m.quotes)):
        pd.testing.assert_frame_equal(compare.term_counts(segments, arts, **kw),
                                      _term_counts_reference(segments, arts, **kw))
    table, _ = compare.align_content(m.sentences, segments, corpus)
    g = table[table.status.isin(["shared", "unique"])]
    _, best, best_sim = dense_best_match(g["text"].tolist(), g["outlet"].tolist())
    assert g["best_match_sentence"].tolist() == g["sentence_index"].to_numpy()[best].tolist()
    np.testing.assert_array_equal(g["similarity"].to_numpy(), np.round(best_sim, 6))
