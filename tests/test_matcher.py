"""The matcher: correctness traps, offsets, lexicon edits as data."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.errors import FramingError
from helpers.lexicon import load_lexicons
from helpers.matcher import HIT_COLUMNS, compile_matcher, match_texts

REPO = Path(__file__).resolve().parents[1]
SEEDS = {
    "000_efd457a551fe66f5": REPO / "data/corpora/iran-missiles-2018/raw/000_efd457a551fe66f5.txt",
    "002_4de3182402dd3c07": REPO / "data/corpora/iran-missiles-2018/raw/002_4de3182402dd3c07.txt",
}
HEADER = "entry,category,subcategory,case_sensitive,note,source\n"


def write_lexicon(root: Path, name: str, rows: list[tuple[str, str, str, bool]]) -> None:
    folder = root / "data" / "lexicons"
    folder.mkdir(parents=True, exist_ok=True)
    lines = [HEADER] + [f'"{e}",{c},{s},{cs},,test\n' for e, c, s, cs in rows]
    (folder / f"{name}.csv").write_text("".join(lines), encoding="utf-8")


TRAP_ROWS = [
    ("declined to comment", "anonymous_sourcing", "non_response", False),
    ("so-called", "loaded_terms", "delegitimising", False),
    ("regime", "loaded_terms", "delegitimising", False),
    ("regime change", "loaded_terms", "ideological", False),
    ("Daesh*", "naming", "islamic_state", False),
    ("IS", "naming", "islamic_state", True),
    ("US", "naming", "united_states", True),
    ("Tel Aviv", "naming", "israel", False),
    ("Shi'ite allies", "naming", "iraqi_groups", False),
    ("Iran", "naming", "iran", False),
    ("may", "hedges", "epistemic", True),
    ("alleged", "hedges", "evidential", False),
    ("alleged", "reporting_verbs", "evaluative", False),
]


@pytest.fixture(scope="module")
def trap_matcher(tmp_path_factory):
    root = tmp_path_factory.mktemp("lex")
    write_lexicon(root, "traps", TRAP_ROWS)
    return compile_matcher(load_lexicons(root=root))


def hits(matcher, text: str) -> list[tuple[str, str]]:
    df = match_texts(pd.Series({"a": text}), matcher)
    for s, e, m in zip(df["start"], df["end"], df["matched"]):
        assert text[s:e] == m
    return list(zip(df["matched"], df["entry"]))


@pytest.mark.parametrize("space", [" ", "\u00a0", "  ", "\n", " \t ", "\u2009"])
def test_phrase_matches_across_any_whitespace(trap_matcher, space):
    text = f"Officials declined{space}to comment on it."
    assert hits(trap_matcher, text) == [(f"declined{space}to comment", "declined to comment")]


def test_blank_line_breaks_a_phrase(trap_matcher):
    assert hits(trap_matcher, "They declined to\n\ncomment.") == []


@pytest.mark.parametrize("form", ["so-called", "so called", "So-Called", "so\u2011called"])
def test_hyphen_and_space_are_one_separator(trap_matcher, form):
    assert hits(trap_matcher, f"the {form} axis") == [(form, "so-called")]


def test_missing_separator_does_not_match(trap_matcher):
    assert hits(trap_matcher, "the socalled axis") == []


@pytest.mark.parametrize("form", ["Tel Aviv", "Tel-Aviv", "TEL AVIV"])
def test_tel_aviv_forms(trap_matcher, form):
    assert hits(trap_matcher, f"{form}, for its part") == [(form, "Tel Aviv")]


@pytest.mark.parametrize("form", ["Shi'ite allies", "Shi\u2019ite allies", "Shiite allies"])
def test_apostrophe_variants(trap_matcher, form):
    assert hits(trap_matcher, f"its {form} in Iraq") == [(form, "Shi'ite allies")]


def test_longest_match_falls_back_when_boundary_fails(trap_matcher):
    assert hits(trap_matcher, "regime changes everything") == [("regime", "regime")]
    assert hits(trap_matcher, "a regime change now") == [("regime change", "regime change")]


def test_offsets_hold_after_characters_whose_lowercase_is_longer(trap_matcher):
    text = "İİİ İstanbul “quoted” Iran’s ΑΒΓ Москва 中文 😀 Iran"
    df = match_texts(pd.Series({"a": text}), trap_matcher)
    assert df["matched"].tolist() == ["Iran", "Iran"]
    assert [text[s:e] for s, e in zip(df["start"], df["end"])] == ["Iran", "Iran"]
    assert df["start"].tolist() == [text.index("Iran’s"), text.rindex("Iran")]


@pytest.mark.parametrize("form, matched", [
    ("Daesh", "Daesh"), ("Daesh’s", "Daesh"), ("DAESH-linked", "DAESH"),
    ("Daesh*", "Daesh"), ("Daeshis", "Daeshis"),
])
def test_prefix_entry_forms(trap_matcher, form, matched):
    assert hits(trap_matcher, f"fight {form} now") == [(matched, "Daesh*")]


def test_prefix_entry_keeps_left_boundary(trap_matcher):
    assert hits(trap_matcher, "antiDaesh") == []


def test_case_sensitive_acronyms(trap_matcher):
    text = "It is us, the US and IS (ISIS/ISIL/IS) — this is it."
    got = hits(trap_matcher, text)
    assert got == [("US", "US"), ("IS", "IS"), ("IS", "IS")]


def test_may_month_versus_hedge(trap_matcher):
    assert hits(trap_matcher, "the country’s May elections") == []
    assert hits(trap_matcher, "Iran may retaliate") == [("Iran", "Iran"), ("may", "may")]


def test_categories_are_independent(trap_matcher):
    df = match_texts(pd.Series({"a": "the alleged arming"}), trap_matcher)
    assert sorted(df["category"]) == ["hedges", "reporting_verbs"]
    assert set(df["matched"]) == {"alleged"}


def test_no_match_inside_words(trap_matcher):
    assert hits(trap_matcher, "Iranian Iranophobia Tehran-Iran") == [("Iran", "Iran")]


def test_output_columns_and_order(trap_matcher):
    texts = pd.Series({"b": "Iran and Iran", "a": "the alleged US"})
    df = match_texts(texts, trap_matcher)
    assert list(df.columns) == HIT_COLUMNS
    assert df["article_id"].tolist() == ["a", "a", "a", "b", "b"]
    assert df[df.article_id == "a"]["category"].tolist() == ["hedges", "reporting_verbs", "naming"]
    empty = match_texts(pd.Series({"a": "nothing here"}), trap_matcher)
    assert list(empty.columns) == HIT_COLUMNS and len(empty) == 0


def test_find_returns_entry_row_ids(trap_matcher):
    text = "the so-called regime"
    found = trap_matcher.find(text)
    entries = [trap_matcher.lexicon["entry"][r] for _, _, r in found]
    assert entries == ["so-called", "regime"]
    assert [text[s:e] for s, e, _ in found] == ["so-called", "regime"]


def test_matcher_is_picklable(trap_matcher):
    clone = pickle.loads(pickle.dumps(trap_matcher))
    assert clone.find("the US regime") == trap_matcher.find("the US regime")


def test_batches_split_long_corpora(trap_matcher, monkeypatch):
    import helpers.matcher as m

    texts = pd.Series({f"a{i:03d}": f"Iran  {i} so-called" for i in range(50)})
    whole = match_texts(texts, trap_matcher)
    monkeypatch.setattr(m, "_BATCH_CHARS", 40)
    assert match_texts(texts, trap_matcher).equals(whole)


# -- property test -----------------------------------------------------------------

NOISE = ["Iranian", "missile", "“", "”", "’", "'", "-", "—", "İ", "ß", "Москва", "Ωμέγα",
         "中文", "😀", "e\u0301", "is", "us", "May", ",", ".", "(", "*"]
PLANTED = ["declined to comment", "so-called", "regime change", "Daesh", "US", "IS",
           "Tel Aviv", "Shi’ite allies", "Iran", "may", "alleged"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.sampled_from(NOISE), st.sampled_from(PLANTED),
                          st.text(min_size=1, max_size=4)), min_size=1, max_size=30),
       st.data())
def test_property_offsets_and_planted_entries(trap_matcher, tokens, data):
    seps = [data.draw(st.sampled_from(["", " ", "  ", "\n", "\u00a0"])) for _ in tokens]
    text = "".join(t + s for t, s in zip(tokens, seps))
    df = match_texts(pd.Series({"x": text}), trap_matcher)
    for s, e, m in zip(df["start"], df["end"], df["matched"]):
        assert text[s:e] == m
    # a planted entry with spaces around it is found at its place
    planted = " ".join(tokens) + " "
    probe = f"start {data.draw(st.sampled_from(PLANTED))} end"
    both = match_texts(pd.Series({"p": probe, "x": planted}), trap_matcher)
    first = both[both.article_id == "p"]
    assert 6 in first["start"].tolist()


# -- real lexicons and seeds ---------------------------------------------------------

def seed_texts() -> pd.Series:
    paths = {k: (p if p.exists() else Path("/work/shared/seeds") / p.name) for k, p in SEEDS.items()}
    if not all(p.exists() for p in paths.values()):
        pytest.skip("seed articles not available")
    return pd.Series({k: p.read_text(encoding="utf-8") for k, p in paths.items()})


def test_seed_articles_with_project_lexicons():
    texts = seed_texts()
    df = match_texts(texts, compile_matcher(load_lexicons()))
    for a, s, e, m in zip(df["article_id"], df["start"], df["end"], df["matched"]):
        assert texts[a][s:e] == m
    toi = df[df.article_id == "000_efd457a551fe66f5"]
    sput = df[df.article_id == "002_4de3182402dd3c07"]
    assert "Iranophobia" in set(toi["matched"])
    assert "May" not in set(toi["matched"])  # "May elections" is the month
    assert {"Daesh", "Tel Aviv", "the Islamic Republic"} <= set(sput["matched"])
    assert "Shi'ite allies" in set(sput["matched"])
    assert (sput["matched"] == "IS").sum() == 1  # ISIS/ISIL/IS footnote, not "is"


def test_lexicon_edit_changes_counts_without_code_change(tmp_path):
    texts = seed_texts()
    shutil.copytree(REPO / "data" / "lexicons", tmp_path / "data" / "lexicons")
    before = match_texts(texts, compile_matcher(load_lexicons(root=tmp_path)))
    path = tmp_path / "data" / "lexicons" / "loaded_terms.csv"
    path.write_text(path.read_text(encoding="utf-8") + "missiles,loaded_terms,conflict,False,,test\n",
                    encoding="utf-8")
    after = match_texts(texts, compile_matcher(load_lexicons(root=tmp_path)))
    added = (after["entry"] == "missiles").sum()
    assert added > 0
    assert len(after) == len(before) + added


def test_bad_lexicon_fails_clearly_and_changes_nothing(tmp_path):
    shutil.copytree(REPO / "data" / "lexicons", tmp_path / "data" / "lexicons")
    path = tmp_path / "data" / "lexicons" / "hedges.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(3, "Daes*h,hedges,epistemic,False,,test\n")
    path.write_text("".join(lines), encoding="utf-8")
    snapshot = {p.name: p.read_bytes() for p in path.parent.iterdir()}
    with pytest.raises(FramingError) as err:
        compile_matcher(load_lexicons(root=tmp_path))
    assert "hedges.csv, row 3" in str(err.value) and "*" in str(err.value)
    assert "\n" not in str(err.value)
    assert {p.name: p.read_bytes() for p in path.parent.iterdir()} == snapshot
