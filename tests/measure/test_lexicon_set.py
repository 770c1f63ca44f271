"""A study's lexicon set: shared lists + the study's own lists - its drops."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from helpers.core.errors import FramingError
from helpers.measure import compile_matcher, load_lexicon_set, match_texts

HEADER = "entry,category,subcategory,case_sensitive,note,source\n"


def write(folder: Path, name: str, body: str, header: str = HEADER) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(header + body, encoding="utf-8")
    return path


@pytest.fixture
def layers(tmp_path):
    shared, own = tmp_path / "shared", tmp_path / "own"
    write(shared, "hedges.csv", "reportedly,hedges,evidential,False,,Hyland\nmay,hedges,epistemic,True,,Hyland\n")
    write(shared, "anonymous_sourcing.csv", "sources said,anonymous_sourcing,anonymous_source,False,,t\n")
    write(shared, "actors_general.csv", "IS,naming,islamic_state,True,,t\nUS,naming,united_states,True,,t\n")
    write(own, "actors.csv", "Kim Jong Un,naming,kim,False,,study\nRocket Man,naming,kim,False,,study\n")
    write(own, "loaded_terms.csv", "witch hunt,loaded_terms,delegitimising,False,,study\n")
    write(own, "partisan_cues.csv", "radical left,partisan_cues,left,False,,study\n")
    return shared, own


def test_the_study_adds_its_own_lists_and_categories(layers):
    shared, own = layers
    lex = load_lexicon_set(shared, own)
    assert {"witch hunt", "Kim Jong Un", "reportedly", "radical left"} <= set(lex["entry"])
    assert set(lex.loc[lex["entry"] == "radical left", "category"]) == {"partisan_cues"}
    assert set(lex.loc[lex["entry"] == "witch hunt", "layer"]) == {"study"}
    assert set(lex.loc[lex["entry"] == "reportedly", "layer"]) == {"shared"}
    assert list(lex["lexicon"]) == sorted(lex["lexicon"])  # stable row ids for the matcher


def test_base_lexicons_choose_the_shared_files(layers):
    shared, own = layers
    lex = load_lexicon_set(shared, own, base=["hedges"])
    assert "sources said" not in set(lex["entry"]) and "reportedly" in set(lex["entry"])
    assert set(load_lexicon_set(shared, own, base=[])["layer"]) == {"study"}
    with pytest.raises(FramingError, match="lexicon not found"):
        load_lexicon_set(shared, own, base=["hedgez"])


def test_drop_removes_a_shared_entry_and_a_typo_is_an_error(layers):
    shared, own = layers
    write(own, "drop.csv", "IS,naming,misfires on all-caps headlines\n", header="entry,category,note\n")
    lex = load_lexicon_set(shared, own)
    assert "IS" not in set(lex["entry"]) and "US" in set(lex["entry"])
    write(own, "drop.csv", "IS,naming,\nreportedlyy,hedges,\n", header="entry,category,note\n")
    with pytest.raises(FramingError, match=r"drop.csv, row 2: drop entry 'reportedlyy'"):
        load_lexicon_set(shared, own)


def test_an_own_entry_replaces_the_shared_one(layers):
    shared, own = layers
    write(own, "hedges.csv", "reportedly,hedges,attribution_hedge,False,,study re-label\n")
    lex = load_lexicon_set(shared, own)
    rows = lex[lex["entry"] == "reportedly"]
    assert len(rows) == 1 and rows["subcategory"].item() == "attribution_hedge"


def test_measured_with_the_set(layers):
    shared, own = layers
    matcher = compile_matcher(load_lexicon_set(shared, own))
    hits = match_texts(pd.Series({"a": "Kim Jong Un called it a witch hunt, sources said."}), matcher)
    assert set(hits["entry"]) == {"Kim Jong Un", "witch hunt", "sources said"}


def test_acronyms_are_not_counted_on_a_line_in_capitals(layers):
    shared, own = layers
    matcher = compile_matcher(load_lexicon_set(shared, own))
    text = "WHAT IS THE US PETROLEUM RESERVE?\n\nThe US said IS fighters fled. This is it."
    hits = match_texts(pd.Series({"a": text}), matcher)
    got = [(h.matched, h.start) for h in hits.itertuples() if h.category == "naming"]
    assert got == [("US", text.index("US said")), ("IS", text.index("IS fighters"))]
    for h in hits.itertuples():
        assert text[h.start:h.end] == h.matched


def test_an_empty_lexicon_set_matches_nothing(tmp_path):
    shared, own = tmp_path / "shared", tmp_path / "own"
    write(shared, "hedges.csv", "")
    lex = load_lexicon_set(shared, own)
    assert lex.empty
    assert match_texts(pd.Series({"a": "Anything at all."}), compile_matcher(lex)).empty
    with pytest.raises(FramingError, match="no lexicon files"):
        load_lexicon_set(tmp_path / "nothing", own)
