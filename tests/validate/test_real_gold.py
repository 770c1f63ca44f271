"""``framing validate`` on gold files as they come (issue 15): a raw text with a
byte-order mark, a span across a line break, a span on a line cleaning removed,
an article coded with no spans, per-label scores, and two-coder agreement with
Krippendorff's alpha worked out by hand.

The texts are the project's own, written for these tests.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

import helpers.validate as v

from raw_capture import AUDIT, CLEAN, RAW, SEGMENTS  # noqa: E402  (shared raw-capture example)


def gold(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "gold.csv"
    path.write_text("article_id,start,end,category,text\n" + body, encoding="utf-8")
    return path


def test_raw_offsets_counting_a_byte_order_mark(tmp_path):
    raw = "\ufeff" + RAW  # the coder's tool counted the mark: every offset is one more
    s = raw.index("Second")
    path = gold(tmp_path, f"r,{s},{s + 6},hedges,Second\n")
    got = v.load_gold(path, texts={"r": CLEAN}, offsets="raw", segments=SEGMENTS, audit=AUDIT,
                      raw_texts={"r": raw})
    assert (got.start[0], got.end[0], got.text[0]) == (CLEAN.index("Second"), CLEAN.index("Second") + 6,
                                                       "Second")
    # offsets from a tool that dropped the mark are read that way when the text says so
    s = RAW.index("Second")
    path = gold(tmp_path, f"r,{s},{s + 6},hedges,Second\n")
    got = v.load_gold(path, texts={"r": CLEAN}, offsets="raw", segments=SEGMENTS, audit=AUDIT,
                      raw_texts={"r": raw})
    assert got.text[0] == "Second"


def test_a_span_across_a_line_break(tmp_path):
    raw = RAW.replace("\n", "\r\n")
    s, e = raw.index("here."), raw.index("Second") + 6
    path = gold(tmp_path, f'r,{s},{e},quotes,"here.\r\nSecond"\n')
    got = v.load_gold(path, texts={"r": CLEAN}, offsets="raw", segments=SEGMENTS, audit=AUDIT,
                      raw_texts={"r": raw})
    assert got.text[0] == "here.\nSecond"  # the raw "\r\n" is one "\n" in the clean text


def test_a_span_on_a_removed_line_is_counted_apart(tmp_path):
    s = RAW.index("Nav")
    k = RAW.index("Second")
    path = gold(tmp_path, f"r,{s},{s + 3},hedges,Nav\nr,{k},{k + 6},hedges,Second\n")
    got = v.load_gold(path, texts={"r": CLEAN}, offsets="raw", segments=SEGMENTS, audit=AUDIT)
    assert got.note.tolist() == [v.NOT_SCORABLE_REMOVED, ""]
    assert len(v.scorable(got)) == 1 and v.not_scorable(got).text.tolist() == ["Nav"]
    pred = pd.DataFrame({"article_id": ["r"], "start": [CLEAN.index("Second")],
                         "end": [CLEAN.index("Second") + 6], "category": ["hedges"], "label": [""],
                         "entry": ["second"], "text": ["Second"]})
    scores = v.score(got, pred)
    row = scores[(scores.category == "hedges") & (scores.level == "exact")].iloc[0]
    # the removed-line span is neither a miss nor in n_gold: 1 of 1, counted apart
    assert (row.n_gold, row.tp, row.recall, row.n_not_scorable) == (1, 1, 1.0, 1)


TEXTS = {"a": "Ann said yes. Bob said no.", "b": "Cal wrote it. Nobody said more."}


def test_an_article_coded_with_no_spans_counts_its_false_positives(tmp_path):
    path = gold(tmp_path, "a,4,8,reporting_verbs,said\nb,,,,\n")
    got = v.load_gold(path, texts=TEXTS)
    assert got.note.tolist() == ["", v.CODED_ARTICLE]
    pred = pd.DataFrame({"article_id": ["a", "b"], "start": [4, 4], "end": [8, 9],
                         "category": ["reporting_verbs"] * 2, "label": ["", ""],
                         "entry": ["said", "wrote"], "text": ["said", "wrote"]})
    result = v.validate_measures(got, {"hits": pd.DataFrame({
        "article_id": ["a", "b"], "start": [4, 4], "end": [8, 9], "category": ["reporting_verbs"] * 2,
        "entry": ["said", "wrote"], "matched": ["said", "wrote"], "subcategory": ["", ""]})}, TEXTS, None)
    row = result["scores"].query("category == 'reporting_verbs' and level == 'exact'").iloc[0]
    # "wrote" in b is a false positive because b was coded (with no span): P = 1/2
    assert (row.tp, row.fp, row.precision) == (1, 1, 0.5)
    without = v.score(got[got.article_id == "a"], pred)
    assert without.query("category == 'reporting_verbs' and level == 'exact'").precision.iloc[0] == 1.0


def test_scores_per_label():
    g = pd.DataFrame({"article_id": ["a", "a"], "start": [0, 14], "end": [3, 17],
                      "category": ["sources"] * 2, "label": ["named_person", "anonymous"]})
    p = pd.DataFrame({"article_id": ["a", "a"], "start": [0, 14], "end": [3, 17],
                      "category": ["sources"] * 2, "label": ["named_person", "named_person"]})
    by = v.score_by_label(g, p).query("level == 'exact'").set_index("label")
    # named_person: gold 1, predicted 2, one match -> P 1/2, R 1; anonymous: never predicted
    assert (by.loc["named_person", "precision"], by.loc["named_person", "recall"]) == (0.5, 1.0)
    assert by.loc["anonymous", "recall"] == 0.0


def test_two_coders_agreement_and_alpha_by_hand():
    # 10 tokens: "Ann said yes . Bob said no . Cal agreed" ... we use one article:
    text = "Ann said yes . Bob said no"
    # tokens: Ann said yes . Bob said no  (7 units)
    first = pd.DataFrame({"article_id": ["x", "x"], "start": [4, 19], "end": [8, 23],
                          "category": ["cues", "cues"]})          # "said", "said"
    second = pd.DataFrame({"article_id": ["x", "x"], "start": [4, 0], "end": [8, 3],
                           "category": ["cues", "cues"]})         # "said", "Ann"
    out = v.coder_agreement(first, second, {"x": text})
    row = out.query("category == 'cues' and level == 'exact'").iloc[0]
    assert (row.tp, row.precision, row.recall) == (1, 0.5, 0.5)
    # by hand: units (first, second) = Ann(0,1) said(1,1) yes(0,0) .(0,0) Bob(0,0) said(1,0) no(0,0)
    # n = 14 values; n_1 = 2 + 2 = 4, n_0 = 10; disagreeing units = 2 -> o_01 = o_10 = 2
    # alpha = 1 - (n - 1) * (o_01 + o_10) / (2 * n_0 * n_1) = 1 - 13 * 4 / 80 = 0.35
    assert row.n_tokens == 7
    assert math.isclose(row.alpha, 0.35)
    assert math.isclose(v.binary_alpha([1, 0, 1], [1, 0, 1]), 1.0)
    assert math.isnan(v.binary_alpha([0, 0], [0, 0]))


def test_two_gold_files_with_a_known_alpha(tmp_path):
    """A tiny pair of hand-made gold files, read as gold files are."""
    texts = {"x": "Ann said yes . Bob said no", "y": "Cal wrote it"}
    a = tmp_path / "coder1.csv"
    b = tmp_path / "coder2.csv"
    a.write_text("article_id,start,end,category\nx,4,8,reporting_verbs\nx,19,23,reporting_verbs\n"
                 "y,4,9,reporting_verbs\n", encoding="utf-8")
    b.write_text("article_id,start,end,category\nx,4,8,reporting_verbs\ny,,,\n", encoding="utf-8")
    ga, gb = v.load_gold(a, texts=texts), v.load_gold(b, texts=texts)
    out = v.coder_agreement(ga, gb, texts)
    row = out.query("level == 'overlap'").iloc[0]
    # units x: Ann(0,0) said(1,1) yes . Bob(0,0) said(1,0) no(0,0); y: Cal(0,0) wrote(1,0) it(0,0)
    # 10 units, n = 20, n_1 = 3 + 1 = 4, n_0 = 16, 2 disagreeing units
    # alpha = 1 - 19 * 4 / (2 * 16 * 4) = 1 - 76 / 128 = 0.40625
    assert row.n_tokens == 10 and math.isclose(row.alpha, 0.40625)
    assert (row.n_first, row.n_second, row.tp) == (3, 1, 1)
    assert math.isclose(row.f1, 2 * 1.0 * (1 / 3) / (1.0 + 1 / 3))
