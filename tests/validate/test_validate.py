"""Tests for helpers.validate: gold loading (gold), raw->clean offsets (offsets),
predicted spans and one-to-one matching (spans), scores and counts correlation
(scores), error analysis (errors), the result tables of one validation
(results), and the ``framing validate`` command.

The synthetic corpus below has hand-placed spans; every expected score is
worked out by hand in the comments next to the assertion.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pytest

import helpers.validate as v
from helpers.core.errors import FramingError
from helpers.core.storage import csv_bytes
from helpers.core.study import SEED_STUDY
from helpers.core.text import kwic_context

TEXTS = {
    "a1": "Officials allegedly said the regime may strike soon. Critics called it a lie.",
    "a2": "Iran reportedly moved missiles. It could possibly escalate, apparently.",
}


def span(article: str, phrase: str, occurrence: int = 1) -> tuple[int, int]:
    """Offsets of the n-th occurrence of ``phrase`` in a synthetic text."""
    text, pos = TEXTS[article], -1
    for _ in range(occurrence):
        pos = text.index(phrase, pos + 1)
    return pos, pos + len(phrase)


def spans(rows: list[tuple], with_entry: bool = False) -> pd.DataFrame:
    """Rows of (article, phrase, category[, label[, entry]]) -> span table."""
    out = []
    for r in rows:
        article, phrase, category = r[:3]
        label = r[3] if len(r) > 3 else ""
        entry = r[4] if len(r) > 4 else phrase.lower()
        s, e = span(article, phrase)
        out.append({"article_id": article, "start": s, "end": e, "category": category,
                    "label": label, "entry": entry, "text": phrase})
    return pd.DataFrame(out, columns=v.SPAN_COLUMNS)


GOLD = spans([
    ("a1", "allegedly", "hedges"),
    ("a1", "may", "hedges"),
    ("a2", "reportedly", "hedges"),
    ("a2", "possibly", "hedges"),
    ("a2", "apparently", "hedges"),
    ("a1", "Officials", "sources", "anonymous"),
    ("a1", "Critics", "sources", "anonymous"),
])
PRED = spans([
    ("a1", "allegedly", "hedges"),          # exact
    ("a1", "may strike", "hedges"),         # overlaps gold "may", not exact
    ("a2", "reportedly", "hedges"),         # exact
    ("a2", "could", "hedges"),              # no gold: FP
    ("a1", "Officials", "sources", "anonymous"),  # exact, label agrees
    ("a1", "Critics", "sources", "named"),        # exact, label disagrees
    ("a1", "lie", "loaded_terms"),          # category not hand-coded: ignored
])


def row(scores: pd.DataFrame, category: str, level: str) -> pd.Series:
    return scores[(scores["category"] == category) & (scores["level"] == level)].iloc[0]


# ---------------------------------------------------------------- scoring

def test_score_by_hand():
    scores = v.score(GOLD, PRED)
    # hedges, exact: gold 5, predicted 4; exact matches allegedly + reportedly -> tp 2
    # fp = 4 - 2 = 2, fn = 5 - 2 = 3; P = 2/4 = 0.5, R = 2/5 = 0.4, F1 = 2*.5*.4/.9 = 4/9
    h = row(scores, "hedges", "exact")
    assert (h.tp, h.fp, h.fn) == (2, 2, 3)
    assert h.precision == pytest.approx(0.5)
    assert h.recall == pytest.approx(0.4)
    assert h.f1 == pytest.approx(4 / 9)
    # hedges, overlap: "may strike" now matches "may" -> tp 3, fp 1 ("could"),
    # fn 2 ("possibly", "apparently"); P = 3/4, R = 3/5, F1 = 2*.75*.6/1.35 = 2/3
    h = row(scores, "hedges", "overlap")
    assert (h.tp, h.fp, h.fn) == (3, 1, 2)
    assert h.precision == pytest.approx(0.75)
    assert h.recall == pytest.approx(0.6)
    assert h.f1 == pytest.approx(2 / 3)
    # sources: both exact; labels agree on 1 of 2 -> label accuracy 0.5
    s = row(scores, "sources", "exact")
    assert (s.tp, s.fp, s.fn, s.n_labelled) == (2, 0, 0, 2)
    assert s.label_accuracy == pytest.approx(0.5)
    # loaded_terms has no gold spans, so it is not scored at all
    assert "loaded_terms" not in set(scores["category"])
    # (all), overlap: tp 3 + 2 = 5 of predicted 4 + 2 = 6 and gold 5 + 2 = 7
    a = row(scores, "(all)", "overlap")
    assert a.precision == pytest.approx(5 / 6)
    assert a.recall == pytest.approx(5 / 7)


def test_one_predicted_span_cannot_satisfy_two_gold_spans():
    # gold marks "regime" and "may" separately; one prediction covers both
    gold = spans([("a1", "regime", "loaded_terms"), ("a1", "may", "loaded_terms")])
    pred = spans([("a1", "regime may", "loaded_terms")])
    o = row(v.score(gold, pred), "loaded_terms", "overlap")
    # tp 1 (one-to-one), fn 1, fp 0 -> P = 1/1, R = 1/2
    assert (o.tp, o.fp, o.fn) == (1, 0, 1)
    assert o.precision == 1.0 and o.recall == 0.5


def test_greedy_matching_prefers_largest_overlap():
    gold = pd.DataFrame({"start": [0, 8], "end": [10, 20]})
    pred = pd.DataFrame({"start": [0, 9], "end": [9, 20]})
    # pairs by shared chars: (g1,p2)=11, (g0,p0)=9, (g0,p1)=1, (g1,p0)=1 -> take 11 then 9
    assert v.match_spans(gold, pred, "overlap") == [(0, 0), (1, 1)]
    assert v.match_spans(gold, pred, "exact") == []
    # an identical span wins over an equally large overlap ([0,12) shares 10 too)
    assert v.match_spans(pd.DataFrame({"start": [0], "end": [10]}),
                         pd.DataFrame({"start": [0, 0], "end": [12, 10]})) == [(0, 1)]
    # touching spans ([0,5) and [5,9)) share no character
    assert v.match_spans(pd.DataFrame({"start": [0], "end": [5]}),
                         pd.DataFrame({"start": [5], "end": [9]})) == []


def test_no_predictions_gives_empty_precision_zero_recall():
    scores = v.score(GOLD[GOLD.category == "hedges"], PRED.iloc[0:0])
    h = row(scores, "hedges", "overlap")
    assert math.isnan(h.precision) and h.recall == 0.0 and math.isnan(h.f1)


def test_count_correlation_by_hand():
    ids = [f"x{i}" for i in range(5)]
    gold_counts, pred_counts = [0, 1, 2, 3, 4], [0, 2, 1, 3, 5]
    gold = pd.DataFrame([{"article_id": a, "start": j, "end": j + 1, "category": "hedges", "label": ""}
                         for a, n in zip(ids, gold_counts) for j in range(n)])
    pred = pd.DataFrame([{"article_id": a, "start": j, "end": j + 1, "category": "hedges", "label": ""}
                         for a, n in zip(ids, pred_counts) for j in range(n)])
    corr = v.count_correlation(gold, pred, ids)
    # ranks 1..5 vs 1,3,2,4,5: d^2 = 0+1+1+0+0 = 2; rho = 1 - 6*2/(5*(25-1)) = 0.9
    r = corr.iloc[0]
    assert r.spearman_rho == pytest.approx(0.9)
    assert (r.n_articles, r.gold_total, r.predicted_total, r.note) == (5, 10, 11, "")


def test_count_correlation_flags_small_n():
    corr = v.count_correlation(GOLD, PRED, ["a1", "a2"])
    h = corr[corr.category == "hedges"].iloc[0]
    # hedges: gold a1=2, a2=3; predicted a1=2, a2=2 -> predicted constant: undefined
    assert math.isnan(h.spearman_rho)
    assert "constant" in h.note and "too few articles" in h.note


# ---------------------------------------------------------------- error analysis

def test_error_analysis_groups_by_entry():
    lexicon = pd.DataFrame({"entry": ["possibly", "could"], "category": ["hedges", "hedges"]})
    errors = v.error_analysis(GOLD, PRED, TEXTS, lexicon=lexicon, width=12)
    hedges = errors[errors.category == "hedges"]
    fn = hedges[hedges.kind == "FN"].set_index("match")["entry"].to_dict()
    # "possibly" is a lexicon row the matcher missed; "apparently" is in no lexicon
    assert fn == {"possibly": "possibly", "apparently": v.MISSING_ENTRY}
    fp = hedges[hedges.kind == "FP"]
    assert list(fp.entry) == ["could"] and list(fp.match) == ["could"]
    assert fp.iloc[0].kwic == "issiles. It [could] possibly es"  # 12 characters either side
    s, e = span("a2", "could")
    assert tuple(fp.iloc[0][["left", "match", "right"]]) == kwic_context(TEXTS["a2"], s, e, 12)
    b = hedges[hedges.kind == "boundary"].iloc[0]
    assert (b.match, b.other_text) == ("may", "may strike")
    # matched sources are not errors
    assert errors[errors.category == "sources"].empty
    summary = v.error_summary(errors).set_index(["kind", "entry"])
    assert summary.loc[("FN", v.MISSING_ENTRY), "examples"] == "apparently"
    assert summary.loc[("FP", "could"), "n"] == 1


def test_error_analysis_kwic_shows_line_breaks_as_one_space():
    texts = {"n": "First line.\n\nSecond  line here."}
    gold = pd.DataFrame([{"article_id": "n", "start": 13, "end": 19, "category": "hedges", "label": ""}])
    errors = v.error_analysis(gold, pd.DataFrame(columns=v.SPAN_COLUMNS), texts, width=8)
    line = errors.iloc[0]
    assert (line.kind, line.entry, line.match) == ("FN", v.MISSING_ENTRY, "Second")
    assert line.kwic == "t line. [Second] line he"


def test_lexicon_entry_for_prefers_own_category_and_reads_prefix_entries():
    entries = pd.DataFrame({"entry": ["regime", "allege*", "Critic\u2019s"],
                            "category": ["loaded_terms", "hedges", "sources"]})
    assert v.lexicon_entry_for("Allegedly", "hedges", entries) == "allege*"
    assert v.lexicon_entry_for("regime", "hedges", entries) == "regime (in loaded_terms)"
    assert v.lexicon_entry_for("critic's", "sources", entries) == "Critic\u2019s"
    assert v.lexicon_entry_for("strike", "hedges", entries) == v.MISSING_ENTRY


def test_error_summary_of_no_errors_is_an_empty_table():
    empty = v.error_summary(pd.DataFrame(columns=v.ERROR_COLUMNS))
    assert empty.empty and list(empty.columns) == v.SUMMARY_COLUMNS


# ---------------------------------------------------------------- gold loading

def write(tmp_path: Path, text: str, name: str = "gold.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_load_gold_maps_categories_and_checks_text(tmp_path):
    s, e = span("a1", "allegedly")
    s2, e2 = span("a1", "Officials")
    gold = write(tmp_path, "article_id,start,end,category,text,label\n"
                 f"a1,{s},{e},Doubt,allegedly,\n"
                 f"a1,{s2},{e2},Source,Officials,anonymous\n")
    mapping = write(tmp_path, "gold_category,category\ndoubt,hedges\nSource,sources\n", "map.csv")
    out = v.load_gold(gold, texts=TEXTS, mapping=mapping)
    assert list(out.category) == ["sources", "hedges"]  # sorted by start
    assert list(out.gold_category) == ["Source", "Doubt"]
    assert list(out.row) == [2, 1]
    assert out.iloc[0].label == "anonymous"


@pytest.mark.parametrize("line, message", [
    ("a1,,9,hedges,", "row 1: missing or non-integer offsets"),
    ("a1,5,5,hedges,", "row 1: start 5 must be >= 0 and less than end 5"),
    ("a1,70,900,hedges,", "row 1: span 70-900 runs past the end of the text"),
    ("zz,0,3,hedges,", "row 1: unknown article_id 'zz'"),
    ("a1,0,3,Vibes,", "row 1: unknown category 'Vibes'"),
    ("a1,0,3,hedges,Iran", "row 1: text 'Iran' does not match the text at 0-3 ('Off')"),
    ("a1,0,3,hedges,,sideways", "row 1: unknown offsets 'sideways'"),
])
def test_load_gold_errors_name_file_and_row(tmp_path, line, message):
    path = write(tmp_path, "article_id,start,end,category,text,offsets\n" + line + "\n")
    with pytest.raises(FramingError) as info:
        v.load_gold(path, texts=TEXTS)
    assert str(info.value).startswith(f"{path}, {message}")
    assert "\n" not in str(info.value)


def test_load_gold_error_row_is_one_based_data_row(tmp_path):
    s, e = span("a1", "allegedly")
    path = write(tmp_path, f"article_id,start,end,category\na1,{s},{e},hedges\na1,{s},{e},nope\n")
    with pytest.raises(FramingError, match=r"row 2: unknown category 'nope'"):
        v.load_gold(path, texts=TEXTS)


def test_parse_gold_checks_a_table_in_memory():
    s, e = span("a2", "reportedly")
    table = pd.DataFrame({"article_id": ["a2"], "start": [str(s)], "end": [str(e)],
                          "category": ["Doubt"], "text": ["reportedly"]})
    out = v.parse_gold(table, texts=TEXTS, mapping={"Doubt": "hedges"})
    assert list(out.columns) == v.GOLD_COLUMNS
    assert out.iloc[0][["row", "start", "end", "category", "gold_category", "label", "text"]].tolist() == \
        [1, s, e, "hedges", "Doubt", "", "reportedly"]
    # without a mapping, only project categories; errors name the table (or the file) and row
    with pytest.raises(FramingError) as info:
        v.parse_gold(table, texts=TEXTS)
    assert str(info.value).startswith("gold table, row 1: unknown category 'Doubt'")
    with pytest.raises(FramingError, match=r"^gold.csv, row 1: unknown category 'Doubt'"):
        v.parse_gold(table, texts=TEXTS, path="gold.csv")


def test_uses_raw_offsets():
    clean = pd.DataFrame({"article_id": ["a1"], "offsets": [" Clean"]})
    raw = pd.DataFrame({"article_id": ["a1", "a1"], "offsets": ["clean", " RAW "]})
    assert not v.uses_raw_offsets(clean)
    assert not v.uses_raw_offsets(clean.drop(columns=["offsets"]))
    assert v.uses_raw_offsets(raw)
    assert v.uses_raw_offsets(clean, offsets="raw")


def test_load_gold_missing_columns_and_bad_mapping(tmp_path):
    with pytest.raises(FramingError, match="no column"):
        v.load_gold(write(tmp_path, "article_id,start,category\na1,0,hedges\n"), texts=TEXTS)
    bad_map = write(tmp_path, "gold_category,category\nDoubt,hedgehogs\n", "map.csv")
    with pytest.raises(FramingError, match=r"map.csv, row 1: unknown project category 'hedgehogs'"):
        v.load_mapping(bad_map)


# raw capture: indented lines, a no-break space, a removed navigation line
from raw_capture import AUDIT, CLEAN, RAW, SEGMENTS  # noqa: E402  (shared raw-capture example)


def test_raw_offsets_convert_to_clean(tmp_path):
    assert CLEAN[SEGMENTS.start[1]:SEGMENTS.end[1]] == SEGMENTS.text[1]
    rows = []
    for phrase in ("Header", "text here", "Second line", "Body\u00a0text"):
        s = RAW.index(phrase)
        rows.append(f"r,{s},{s + len(phrase)},hedges,raw")
    path = write(tmp_path, "article_id,start,end,category,offsets\n" + "\n".join(rows) + "\n")
    out = v.load_gold(path, texts={"r": CLEAN}, segments=SEGMENTS, audit=AUDIT, raw_texts={"r": RAW})
    assert sorted(out.text) == ["Body text", "Header", "Second line", "text here"]
    # the same without raw_texts (lines assumed to end in \n)
    out2 = v.load_gold(path, texts={"r": CLEAN}, segments=SEGMENTS, audit=AUDIT)
    assert list(out2.text) == list(out.text)


def test_raw_to_clean_offset_by_hand():
    a, s = AUDIT, SEGMENTS
    # "  Body\u00a0text here." starts at raw 24; "Body" at raw 26 -> clean 13 (segment start)
    assert v.raw_to_clean_offset(RAW.index("Body"), audit=a, segments=s) == 13
    assert v.raw_to_clean_offset(RAW.index("text here"), audit=a, segments=s) == CLEAN.index("text here")
    # an end offset is looked up on its last character: the end of "Header" stays on line 1
    end = RAW.index("Header") + len("Header")
    assert v.raw_to_clean_offset(end, audit=a, segments=s, is_end=True) == len("Header")
    # an offset inside the stripped indent maps to the start of the clean line
    assert v.raw_to_clean_offset(1, audit=a, segments=s, raw_text=RAW) == 0
    with pytest.raises(LookupError, match=r"raw line 3 was removed by cleaning \(navigation\)"):
        v.raw_to_clean_offset(RAW.index("Nav"), audit=a, segments=s)
    with pytest.raises(LookupError, match="not inside any raw line"):
        v.raw_to_clean_offset(len(RAW) + 5, audit=a, segments=s, raw_text=RAW)


def test_raw_offsets_follow_crlf_line_ends_when_the_raw_text_is_given():
    raw = RAW.replace("\n", "\r\n")
    s = raw.index("Second")
    assert v.raw_to_clean_offset(s, audit=AUDIT, segments=SEGMENTS, raw_text=raw) == CLEAN.index("Second")


def test_raw_span_on_removed_line_is_not_scorable(tmp_path):
    # issue 15: counted apart, never an error (tests/validate/test_real_gold.py scores it)
    s = RAW.index("Nav")
    path = write(tmp_path, f"article_id,start,end,category\nr,{s},{s + 3},hedges\n")
    got = v.load_gold(path, texts={"r": CLEAN}, offsets="raw", segments=SEGMENTS, audit=AUDIT)
    assert got.note.tolist() == [v.NOT_SCORABLE_REMOVED]
    with pytest.raises(FramingError, match="raw offsets need the cleaning audit"):
        v.load_gold(path, texts={"r": CLEAN}, offsets="raw")


# ---------------------------------------------------------------- predicted spans, chart

def test_predicted_spans_from_hits_and_quotes():
    hits = pd.DataFrame({"article_id": ["a1"], "start": [10], "end": [19], "matched": ["allegedly"],
                         "category": ["hedges"], "entry": ["allegedly"]})
    quotes = pd.DataFrame({
        "article_id": ["a1", "a1", "a2"], "start": [30, 60, 5], "end": [40, 70, 9],
        "text": ["q1", "q2", "q3"], "speaker": ["Qasemi", "Qasemi", ""],
        "speaker_start": [0, 0, ""], "speaker_end": [6, 6, ""],
        "speaker_class": ["named_person", "named_person", "unattributed"], "verb": ["said", "said", ""]})
    out = v.predicted_spans({"hits": hits, "quotes": quotes})
    assert out.groupby("category").size().to_dict() == {"hedges": 1, "quotes": 3, "sources": 1}
    src = out[out.category == "sources"].iloc[0]
    assert (src.start, src.end, src.label) == (0, 6, "named_person")  # the class itself (issue 15)


def test_predicted_spans_from_a_measures_object_with_attributions():
    class Measures:  # any object with the tables as attributes (like measure.features.Measures)
        hits = None
        quotes = pd.DataFrame(columns=["article_id", "start", "end", "text", "speaker",
                                       "speaker_start", "speaker_end", "speaker_class", "verb"])
        attributions = pd.DataFrame({
            "article_id": ["a1", "a1"], "speaker": ["Officials", "Critics"],
            "speaker_start": [0, 53], "speaker_end": [9, 60],
            "speaker_class": ["anonymous", "named_institution"]})
    out = v.predicted_spans(Measures())
    assert list(out.columns) == v.SPAN_COLUMNS
    assert out[["start", "end", "category", "label", "entry", "text"]].values.tolist() == [
        [0, 9, "sources", "anonymous", "anonymous", "Officials"],
        [53, 60, "sources", "named_institution", "named_institution", "Critics"]]  # class as label
    empty = v.predicted_spans({})
    assert empty.empty and list(empty.columns) == v.SPAN_COLUMNS



def test_plot_validation_scores_returns_what_it_draws():
    from helpers.present import plot_validation_scores

    fig, data = plot_validation_scores(v.score(GOLD, PRED))
    assert set(data.category) == {"hedges", "sources"}
    assert len(data) == 2 * 2 * 2  # categories x levels x measures
    pick = data.set_index(["category", "level", "measure"])["value"]
    assert pick["hedges", "overlap", "recall"] == pytest.approx(0.6)
    assert pick["hedges", "exact", "recall"] == pytest.approx(0.4)
    bars = fig.axes[0].patches
    assert len(bars) == 4
    assert sorted(round(b.get_width(), 3) for b in bars) == [0.6, 0.75, 1.0, 1.0]
    import matplotlib.pyplot as plt
    plt.close(fig)


# ---------------------------------------------------------------- the seed gold file



DEFAULT_CORPUS = SEED_STUDY


@pytest.fixture(scope="module")
def seed(seed_study, seed_corpus):
    """The seed corpus cleaned exactly as the pipeline does (no processed folder needed)."""
    from helpers.clean.cleaning import assemble_texts, clean_corpus

    segments, audit = clean_corpus(seed_corpus, seed_study.rules)
    return {"corpus": seed_corpus, "segments": segments, "audit": audit,
            "texts": assemble_texts(segments),
            "raw": seed_corpus.set_index("article_id")["text"]}


def _make_gold_module(seed_study):
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_gold", seed_study.gold.parent / "make_gold.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_seed_gold_file_checks_against_clean_text(seed, seed_study):
    gold = v.load_gold(seed_study.gold, texts=seed["texts"], mapping=seed_study.gold_map)
    assert set(gold.category) == {"hedges", "loaded_terms", "reporting_verbs", "quotes", "sources"}
    assert set(gold.article_id) == set(seed["texts"].index)
    assert set(gold[gold.category == "sources"].label) == {"named", "anonymous"}


def test_seed_gold_file_is_rebuilt_from_the_hand_coding(seed, seed_study):
    from helpers.core.storage import read_csv

    mg = _make_gold_module(seed_study)
    coding = seed_study.gold.with_name(f"{seed_study.name}.coding.csv")
    built = mg.build_gold(read_csv(coding, dtype=str), seed["texts"])
    committed = read_csv(seed_study.gold, dtype={"article_id": str, "label": str, "text": str})
    pd.testing.assert_frame_equal(built.reset_index(drop=True), committed, check_dtype=False)
    with pytest.raises(ValueError, match="occurs 0 times"):
        mg.locate("Iran said", "Iran", 1, "Tehran said")


def test_seed_raw_offsets_convert_like_clean_ones(seed, seed_study, tmp_path):
    # Sputnik's lines are indented by four spaces in the raw capture; ToI uses curly quotes.
    gold = v.load_gold(seed_study.gold, texts=seed["texts"], mapping=seed_study.gold_map)
    picks = gold[gold.text.isin(["Reportedly", "purported", "Iranophobia", "Qais al-Khazali",
                                 "for the purposes of self-defense"])]
    lines = ["article_id,start,end,category,text,offsets"]
    for r in picks.itertuples():
        raw = seed["raw"][r.article_id]
        # the raw capture has a no-break space in "of\u00a0self-defense"; clean text has a space
        found = list(re.finditer(re.escape(r.text).replace("\\ ", "[ \u00a0]"), raw))
        assert len(found) == 1
        s, e = found[0].span()
        lines.append(f"{r.article_id},{s},{e},{r.gold_category},{r.text},raw")
    path = write(tmp_path, "\n".join(lines) + "\n")
    out = v.load_gold(path, texts=seed["texts"], mapping=seed_study.gold_map,
                      segments=seed["segments"], audit=seed["audit"], raw_texts=seed["raw"])
    assert len(out) == 5
    assert list(zip(out.start, out.end)) == list(zip(picks.start, picks.end))


# ---------------------------------------------------------------- one validation (results)

def test_validate_measures_builds_the_tables_from_the_measures():
    gold = GOLD.drop(columns=["entry"])
    hits = PRED[PRED.category != "sources"].rename(columns={"text": "matched"})
    measures = {"hits": hits.drop(columns=["label"]),
                "quotes": pd.DataFrame(columns=["article_id", "start", "end", "text", "speaker",
                                                "speaker_start", "speaker_end", "speaker_class"]),
                "attributions": pd.DataFrame({
                    "article_id": ["a1", "a1", "a9"], "speaker": ["Officials", "Critics", "Nobody"],
                    "speaker_start": [0, 53, 0], "speaker_end": [9, 60, 6],
                    "speaker_class": ["anonymous", "named_person", "named_person"]})}
    result = v.validate_measures(gold, measures, TEXTS, None)
    assert tuple(result) == v.OUTPUT_TABLES
    pd.testing.assert_frame_equal(result["gold"], gold)  # the spans scored (all of them here)
    assert result["not_scorable"].empty
    # the scored predictions: gold articles and categories only (not loaded_terms, not a9)
    predicted = result["predicted"]
    assert list(predicted.columns) == v.SPAN_COLUMNS and list(predicted.index) == list(range(6))
    assert set(predicted.category) == {"hedges", "sources"} and set(predicted.article_id) == {"a1", "a2"}
    # the same numbers as scoring PRED directly (test_score_by_hand)
    pd.testing.assert_frame_equal(result["scores"], v.score(GOLD, PRED))
    pd.testing.assert_frame_equal(result["correlation"], v.count_correlation(GOLD, PRED, ["a1", "a2"]))
    pd.testing.assert_frame_equal(result["errors"], v.error_analysis(GOLD, PRED, TEXTS))
    pd.testing.assert_frame_equal(result["error_summary"], v.error_summary(result["errors"]))


def test_validate_measures_reproduces_the_committed_validation_tables(seed, seed_study, seed_lexicon,
                                                                     seed_cues):
    """The seed study measured in memory and scored against its gold file gives
    data/processed/NAME/validation/*.csv byte for byte (as the run layer writes them)."""
    from helpers.measure import measure_corpus

    measures = measure_corpus(seed["segments"], seed["corpus"].drop(columns=["text"]), seed_lexicon, seed_cues)
    gold = v.load_gold(seed_study.gold, texts=seed["texts"], mapping=seed_study.gold_map)
    result = v.validate_measures(gold, measures, seed["texts"], seed_lexicon)
    for name in v.OUTPUT_TABLES:
        assert csv_bytes(result[name]) == (seed_study.validation / f"{name}.csv").read_bytes(), name


# ---------------------------------------------------------------- matching invariants

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_spans = st.lists(st.tuples(st.integers(0, 60), st.integers(1, 12)), max_size=8).map(
    lambda xs: pd.DataFrame({"start": [s for s, _ in xs], "end": [s + n for s, n in xs]}))


@settings(max_examples=150, deadline=None)
@given(_spans, _spans)
def test_matching_is_one_to_one_and_overlap_contains_exact(gold, pred):
    exact, overlap = v.match_spans(gold, pred, "exact"), v.match_spans(gold, pred, "overlap")
    for matches in (exact, overlap):
        assert len({g for g, _ in matches}) == len(matches) == len({p for _, p in matches})
    assert len(exact) <= len(overlap) <= min(len(gold), len(pred))
    for g, p in overlap:  # every overlap match really shares a character
        assert min(gold.end[g], pred.end[p]) > max(gold.start[g], pred.start[p])


