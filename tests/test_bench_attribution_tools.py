"""The attribution bench helpers (bench.attribution_errors, bench.source_classes,
bench.measure_ab): error types, the Wilson interval, scoring a coded sample, and the
one-line fix when their data is absent. Small hand-made inputs only."""

import pandas as pd
import pytest

from bench import attribution_errors, measure_ab, source_classes
from helpers.present.validation import wilson_interval


def test_error_types_sort_cues_and_sources():
    errors = pd.DataFrame({
        "category": ["cues", "cues", "cues", "sources", "sources", "cues"],
        "kind": ["FN", "FN", "FP", "FN", "FP", "boundary"],
        "match": ["saying", "believes", "called", "he", "a group", "said"],
        "left": ["Trump denied it, ", "He ", "a group ", "", "", ""]})
    counts = attribution_errors.error_types(errors)
    assert counts["cue FN participle after comma (saying)"] == 1
    assert counts["cue FN think/believe/want (believes)"] == 1
    assert counts["cue FP called"] == 1
    assert counts["source FN pronoun he"] == 1
    assert counts["source FP lower-case phrase"] == 1
    assert counts["cue boundary"] == 1


def test_wilson_interval_known_values():
    """The interval the source-class bench prints (Wilson 1927; values from Newcombe 1998)."""
    lo, hi = wilson_interval(0, 10)
    assert lo == pytest.approx(0.0, abs=1e-12) and hi == pytest.approx(0.2775, abs=1e-3)
    lo, hi = wilson_interval(8, 10)
    assert lo == pytest.approx(0.4902, abs=1e-3) and hi == pytest.approx(0.9433, abs=1e-3)


def test_draw_leaves_out_earlier_samples_and_keeps_its_size():
    texts = pd.Series({"a": "Officials said it. Trump said so. Aides said no."})
    attrs = pd.DataFrame({"article_id": ["a", "a", "a"], "start": [10, 25, 39], "end": [14, 29, 43],
                          "speaker_start": [0, 19, 34], "speaker_end": [9, 24, 38],
                          "speaker_class": ["anonymous"] * 3})
    first = source_classes.draw(attrs, texts, 1, seed=0)
    second = source_classes.draw(attrs, texts, 2, seed=0, exclude=[first.astype(str)])
    assert len(second) == 2
    assert not set(second["cue_start"]) & set(first["cue_start"])


def test_score_compares_codes_with_the_project_classes(capsys):
    texts = pd.Series({"a": "Officials said it. Trump said so."})
    attrs = pd.DataFrame({"article_id": ["a", "a"], "start": [10, 25], "end": [14, 29],
                          "speaker_start": [0, 19], "speaker_end": [9, 24],
                          "speaker_class": ["anonymous", "anonymous"]})
    sample = pd.DataFrame({
        "article_id": ["a", "a", "a"], "cue_start": [10, 25, 25], "cue_end": [14, 29, 29],
        "speaker_start": [0, 19, 19], "speaker_end": [9, 24, 24],
        "span_crc": [source_classes.span_crc("Officials"), source_classes.span_crc("Trump"),
                     "00000000"],
        "code": ["anonymous", "named_person", "named_person"]})
    assert source_classes.score(sample, attrs, texts) == 0
    out = capsys.readouterr().out
    assert "2 scored" in out and "1 with moved offsets" in out
    assert "source_class_accuracy: 0.50" in out


@pytest.mark.parametrize("main, argv", [
    (attribution_errors.main, []), (source_classes.main, ["score"])])
def test_missing_data_prints_the_fix(tmp_path, capsys, main, argv):
    assert main(argv + ["--data", str(tmp_path / "absent")]) == 2
    assert "--data" in capsys.readouterr().err


def test_measure_ab_needs_a_checkout(tmp_path, capsys):
    assert measure_ab.main(["--base", str(tmp_path)]) == 2
    assert "git worktree add" in capsys.readouterr().err
