"""The matcher: correctness traps, offsets, lexicon edits as data."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.core.errors import FramingError
from helpers.core.study import Study
from helpers.measure.lexicon import load_lexicons
from helpers.measure.lexicon_set import study_lexicon
from helpers.measure.folding import IS_WORD, fold_bytes
from helpers.measure.matcher import MATCH_COLUMNS, compile_matcher, match_texts

from conftest import ROOT as REPO  # noqa: E402
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
    return compile_matcher(load_lexicons(root / "data" / "lexicons"))


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
    assert list(df.columns) == MATCH_COLUMNS
    assert df["article_id"].tolist() == ["a", "a", "a", "b", "b"]
    assert df[df.article_id == "a"]["category"].tolist() == ["hedges", "reporting_verbs", "naming"]
    empty = match_texts(pd.Series({"a": "nothing here"}), trap_matcher)
    assert list(empty.columns) == MATCH_COLUMNS and len(empty) == 0


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
    import helpers.measure.matcher as m

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
    # the committed raw seed files: missing ones fail the test, never skip it
    return pd.Series({k: p.read_text(encoding="utf-8") for k, p in SEEDS.items()})


def test_seed_articles_with_project_lexicons(seed_lexicon):
    texts = seed_texts()
    df = match_texts(texts, compile_matcher(seed_lexicon))
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
    shutil.copytree(REPO / "data" / "studies", tmp_path / "data" / "studies")
    study = Study.open(root=tmp_path)
    before = match_texts(texts, compile_matcher(study_lexicon(study)))
    path = study.study_lexicons / "loaded_terms.csv"  # story-bound: the study's own lexicon
    path.write_text(path.read_text(encoding="utf-8") + "missiles,loaded_terms,conflict,False,,test\n",
                    encoding="utf-8")
    after = match_texts(texts, compile_matcher(study_lexicon(study)))
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
        compile_matcher(load_lexicons(tmp_path / "data" / "lexicons"))
    assert "hedges.csv, row 3" in str(err.value) and "*" in str(err.value)
    assert "\n" not in str(err.value)
    assert {p.name: p.read_bytes() for p in path.parent.iterdir()} == snapshot


# -- the scan engine against a brute-force reference ---------------------------------
#
# The reference follows the documented policy one text, one entry form and one
# position at a time (plain Python, no automaton, no batching). It shares only
# the entry expansion (_entry_alternatives) and the per-text class copy
# (fold_bytes) with the matcher, so it checks the batched fold, the scan, the
# case and boundary checks, the overlap resolution and the offset mapping.

ENGINE_ROWS = TRAP_ROWS + [
    ("Daeshis", "naming", "islamic_state", False),        # ties with the prefix entry Daesh*
    ("Iran", "loaded_terms", "conflict", False),          # same word, another category
    ("the Islamic Republic", "naming", "iran", False),    # contains another naming entry (Islamic)
    ("Islamic", "naming", "islamic_state", False),
    ("U.S.", "naming", "united_states", True),           # ends in a non-word byte
    ("may well", "hedges", "epistemic", False),           # a case-blind phrase over a case-sensitive word
    ("said", "reporting_verbs", "neutral", False),
]
ENGINE_EXTRA = [("iran", "naming", "iran", False), ("US", "hedges", "epistemic", True)]  # second file


@pytest.fixture(scope="module")
def engine_matcher(tmp_path_factory):
    root = tmp_path_factory.mktemp("engine")
    write_lexicon(root, "a_main", ENGINE_ROWS)
    write_lexicon(root, "b_extra", ENGINE_EXTRA)
    return compile_matcher(load_lexicons(root / "data" / "lexicons"))


def reference_hits(text: str, matcher) -> list[tuple[int, int, str, str]]:
    """(start, end, category, entry) of ``text`` by brute force, sorted by start then category."""
    import helpers.measure.matcher as m

    cased = fold_bytes(text)
    keep = [i for i in range(len(cased)) if not (cased[i] == 32 and i and cased[i - 1] == 32)]
    cased = b"#" + bytes(cased[i] for i in keep) + b"#"      # runs of spaces -> one space, padded
    origin = [-1] + keep + [len(text)]
    lower = cased.lower()
    word = [bool(IS_WORD[b]) for b in cased]
    found = []  # (category, start, end, tie, row)
    lex = matcher.lexicon
    for row, (entry, cs, cat) in enumerate(zip(lex["entry"], lex["case_sensitive"], lex["category"])):
        forms, prefix = m._entry_alternatives(entry, bool(cs))
        hay = cased if cs else lower
        for form in forms:
            form = form if cs else form.lower()
            at = hay.find(form)
            while at >= 0:
                end = at + len(form)
                left_ok = not IS_WORD[form[0]] or not word[at - 1]
                if prefix:
                    stop = end
                    while word[stop]:
                        stop += 1
                    right_ok, tie = True, end
                else:
                    stop = end
                    right_ok = not IS_WORD[form[-1]] or not word[end]
                    tie = end + (1 if IS_WORD[form[-1]] else 0)   # where the pattern ends
                if left_ok and right_ok:
                    found.append((cat, at, stop, tie, row))
                at = hay.find(form, at + 1)
    # per category: leftmost, then longest, then the pattern that ends first, then the earlier row
    out = []
    for cat in sorted({f[0] for f in found}):
        last = -1
        for _, s, e, _, row in sorted((f for f in found if f[0] == cat),
                                       key=lambda f: (f[1], -(f[2] - f[1]), f[3], f[4])):
            if s >= last:
                out.append((origin[s], origin[e - 1] + 1, cat, lex["entry"][row]))
                last = e
    # a case-sensitive all-capital entry (US) is not counted on a line without lower case
    out = [h for h in out if not (h[3].isalpha() and h[3].isupper() and bool(lex.loc[lex["entry"] == h[3], "case_sensitive"].any())
                                  and not any(c.islower() for c in _line_of(text, h[0], h[1])))]
    return sorted(out, key=lambda h: (h[0], h[2]))


def _line_of(text: str, start: int, end: int) -> str:
    i, j = text.rfind("\n", 0, start) + 1, text.find("\n", end)
    return text[i:j if j >= 0 else len(text)]


def engine_hits(text: str, matcher) -> list[tuple[int, int, str, str]]:
    df = match_texts(pd.Series({"t": text}), matcher)
    got = list(zip(df["start"], df["end"], df["category"], df["entry"]))
    return sorted(got, key=lambda h: (h[0], h[2]))


ENGINE_TOKENS = PLANTED + NOISE + ["Daeshis", "Daesh’s", "the Islamic Republic", "Islamic", "U.S.",
                                   "U.S", "may well", "May well", "said", "IRAN", "iran’s", "US-led",
                                   "Tel-Aviv", "so called", "regime changes", "déclined", "\ud800"]
ENGINE_SEPS = ["", " ", "  ", "   ", "\n", "\n\n", "\n \n", "\t", "\u00a0", " \u00a0 ", "-", "’", "—"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.one_of(st.sampled_from(ENGINE_TOKENS), st.text(max_size=3)),
                          st.sampled_from(ENGINE_SEPS)), min_size=1, max_size=25))
def test_engine_equals_brute_force_reference(engine_matcher, parts):
    text = "".join(t + s for t, s in parts)
    assert engine_hits(text, engine_matcher) == reference_hits(text, engine_matcher)


def test_engine_reference_on_seed_articles(seed_lexicon):
    texts = seed_texts()
    matcher = compile_matcher(seed_lexicon)
    for text in texts:
        assert engine_hits(text, matcher) == reference_hits(text, matcher)


def test_case_sensitive_entries_after_runs_of_spaces(trap_matcher):
    # the case check reads the text through the collapsed-space copy
    assert hits(trap_matcher, "Attacks by  IS  and the   US  were   may  be") == [
        ("IS", "IS"), ("US", "US"), ("may", "may")]
    assert hits(trap_matcher, "Attacks by  is  and the   us") == []


def test_ascii_and_non_ascii_batches_agree(trap_matcher):
    plain = "Iran may  say the so-called regime change is US-led.\nTel Aviv"
    fancy = plain + " \u2019"            # one non-ASCII character switches the batch to code points
    a = match_texts(pd.Series({"a": plain}), trap_matcher)
    b = match_texts(pd.Series({"a": fancy}), trap_matcher)
    assert a.equals(b)


def test_lone_surrogates_and_astral_characters_keep_offsets(trap_matcher):
    text = "\ud800 Iran \U0001F600 Iran\udfff Tel Aviv"
    df = match_texts(pd.Series({"a": text}), trap_matcher)
    assert df["matched"].tolist() == ["Iran", "Iran", "Tel Aviv"]
    assert [text[s:e] for s, e in zip(df["start"], df["end"])] == df["matched"].tolist()


def test_matched_strings_are_plain_str(trap_matcher):
    df = match_texts(pd.Series({"a": "Iran and Iran", "b": "Iran\u2019s"}), trap_matcher)
    assert df["matched"].dtype == object
    assert all(type(v) is str for v in df["matched"])


def test_ties_keep_the_pattern_that_ends_first_then_the_earlier_row(engine_matcher):
    # Daesh* (prefix, its pattern ends after "Daesh") beats Daeshis on the same span;
    # Iran (a_main.csv) beats iran (b_extra.csv) in naming; Iran in loaded_terms is separate
    assert engine_hits("the Daeshis left", engine_matcher) == [(4, 11, "naming", "Daesh*")]
    assert engine_hits("Iran", engine_matcher) == [(0, 4, "loaded_terms", "Iran"), (0, 4, "naming", "Iran")]


@pytest.mark.parametrize("found", [
    [(0, 1, 4), (22909, 2_000_000, 2_000_007), (5, 7, 9)],          # the fast (marshal) layout
    [(1, 2 ** 40, 2 ** 40 + 3), (2, 5, 6)],                          # beyond 32 bits: the fallback
    [(3, 300, 303)] * 1000,
])
def test_match_tuples_to_arrays(found):
    from helpers.measure.candidates import triples_to_arrays

    pid, start, end = triples_to_arrays(found)
    assert [pid.dtype, start.dtype, end.dtype] == ["int64"] * 3
    assert list(zip(pid.tolist(), start.tolist(), end.tolist())) == found
