"""Normaliser: clean form of a line, same-length folding, mixed-script detection."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.core.normalize import fold, mixed_script_words, normalize_line


def test_normalize_line_spaces_indent_and_nfc():
    assert normalize_line("    in\u00a0Iraq with\u202fmissiles  ") == "in Iraq with missiles"
    assert normalize_line("caf\u0065\u0301") == "caf\u00e9"  # NFC composes e + combining acute
    assert normalize_line("\u2003a\u2009b\tc\u3000") == "a b c"


def test_normalize_line_keeps_quotes_dashes_and_case():
    line = "\u201cThe lie\u201d \u2014 Iran\u2019s \u2018view\u2019"
    assert normalize_line(line) == line


@given(st.text())
def test_normalize_line_has_no_outer_or_unicode_spaces(s):
    out = normalize_line(s)
    assert out == out.strip()
    assert not any(ch.isspace() and ch != " " for ch in out)


@settings(max_examples=300)
@given(st.text())
def test_fold_keeps_length(s):
    assert len(fold(s)) == len(s)


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=50))
def test_fold_offsets_slice_consistently(s):
    folded = fold(s)
    for i in range(0, len(s), 7):
        assert len(folded[i:i + 5]) == len(s[i:i + 5])


def test_fold_maps_case_quotes_dashes_spaces():
    assert fold("\u0130stanbul") == "istanbul"  # 'İ'.lower() is two code points
    assert fold("Iran\u2019s \u2018x\u2019 \u02bcy \u2032") == "iran's 'x' 'y '"
    assert fold("\u201cA\u201d \u201eb\u201d \u2033") == '"a" "b" "'
    assert fold("a\u2014b\u2013c\u2212d\u2010e") == "a-b-c-d-e"
    assert fold("a\tb\nc\u00a0d") == "a b c d"


def test_fold_homoglyphs_to_latin():
    assert fold("\u0421omment") == "comment"          # Cyrillic capital ES, as on the Sputnik page
    assert fold("\u0440\u0430\u0440\u0435r") == "paper"  # Cyrillic r, a, r, e
    assert fold("\u039fK") == "ok"                     # Greek capital omicron


def test_mixed_script_words():
    text = "\u2022 \u0421omment on this"
    assert mixed_script_words(text) == [(2, 9, "\u0421omment")]
    assert mixed_script_words("Plain English words") == []
    assert mixed_script_words("\u041c\u043e\u0441\u043a\u0432\u0430 and Moscow") == []  # whole words in one script
    assert mixed_script_words("\u03b1lpha") == [(0, 5, "\u03b1lpha")]
