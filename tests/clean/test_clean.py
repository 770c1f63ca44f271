"""Cleaning: the decisions that matter on the two seeds, a generic outlet, and the audit invariants."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from conftest import ARTICLE_FILES as FIXTURES
from conftest import ROOT
from helpers.clean import (AUDIT_COLUMNS, SEGMENT_COLUMNS, SEGMENT_SEPARATOR, assemble_texts, clean_article,
                           clean_corpus, load_rules, split_lines)
from helpers.core.study import Study

SEED = Study.open(root=ROOT)  # the committed seed study, read only
RULES, RAW = SEED.rules, SEED.corpus_dir / "raw"
TOI_ID, SPUTNIK_ID = "000_efd457a551fe66f5", "002_4de3182402dd3c07"


def _clean(path, article_id: str, outlet: str):
    text = path.read_text(encoding="utf-8")
    segments, audit = clean_article(text, article_id, outlet, load_rules(outlet, RULES))
    return text, segments, audit


@pytest.fixture(scope="module")
def toi():
    return _clean(RAW / f"{TOI_ID}.txt", TOI_ID, "The Times of Israel")


@pytest.fixture(scope="module")
def sputnik():
    return _clean(RAW / f"{SPUTNIK_ID}.txt", SPUTNIK_ID, "Sputnik")


@pytest.fixture(scope="module")
def generic():
    return _clean(FIXTURES / "generic_outlet.txt", "generic-1", "Example Times")


def _line(audit: pd.DataFrame, line_no: int) -> dict:
    return audit.loc[audit["line_no"] == line_no].iloc[0].to_dict()


def _seg(segments: pd.DataFrame, kind: str) -> list[str]:
    return segments.loc[segments["segment"] == kind, "text"].tolist()


# ----------------------------------------------------------------------------- invariants

@pytest.mark.parametrize("case", ["toi", "sputnik", "generic"])
def test_audit_accounts_for_every_raw_line(case, request):
    text, segments, audit = request.getfixturevalue(case)
    lines = split_lines(text)
    assert list(audit.columns) == AUDIT_COLUMNS
    assert audit["line_no"].tolist() == list(range(1, len(lines) + 1))
    assert audit["raw_line"].tolist() == lines
    assert set(audit["action"]) <= {"kept", "removed"}
    kept = audit[audit["action"] == "kept"]
    removed = audit[audit["action"] == "removed"]
    assert (kept["reason"] == "content").all() and (removed["reason"] != "content").all()
    assert (removed["segment"] == "").all() and removed["segment_index"].isna().all()
    # each kept line is in exactly one segment, and each segment comes from kept lines
    assert sorted(kept["segment_index"].astype(int)) == segments["segment_index"].tolist()
    assert kept["line_no"].tolist() == segments["line_first"].tolist()
    assert (kept["segment"].tolist() == segments["segment"].tolist())
    blank = audit["raw_line"].str.strip() == ""
    assert (audit.loc[blank, "reason"] == "blank").all()


@pytest.mark.parametrize("case", ["toi", "sputnik", "generic"])
def test_offsets_slice_the_clean_text(case, request):
    _, segments, _ = request.getfixturevalue(case)
    assert list(segments.columns) == SEGMENT_COLUMNS
    clean = assemble_texts(segments).iloc[0]
    assert clean == SEGMENT_SEPARATOR.join(segments["text"])
    for r in segments.itertuples():
        assert clean[r.start:r.end] == r.text
    assert segments["segment_index"].tolist() == list(range(len(segments)))
    assert (segments["segment"] == "headline").sum() == 1
    assert (segments["segment"] == "lede").sum() == 1


# ----------------------------------------------------------------------------- Times of Israel

def test_toi_headline_lede_caption(toi):
    _, segments, audit = toi
    assert _seg(segments, "headline") == ["Tehran denies supplying ballistic missiles to Iraqi militias"]
    assert _seg(segments, "lede") == ["Iran on Saturday denied a Reuters report that it had transferred "
                                      "ballistic missiles to militias loyal to it in Iraq."]
    (caption,) = _seg(segments, "caption")
    assert caption.startswith("Fighters from the Badr Brigades") and caption.endswith("(AP Photo/Hadi Mizban)")
    assert segments.iloc[-1]["segment"] == "body"
    assert segments.iloc[-1]["text"].startswith("Qais al-Khazali")


def test_toi_donation_appeal_and_everything_after_removed(toi):
    _, segments, audit = toi
    start = _line(audit, 31)
    assert start["raw_line"] == "Do you like The Times of Israel?"
    assert (start["action"], start["reason"]) == ("removed", "donation_appeal")
    tail = audit[audit["line_no"] >= 31]
    assert (tail["action"] == "removed").all()
    assert set(tail["reason"]) == {"donation_appeal", "blank", "comments_closed"}
    assert _line(audit, len(audit))["reason"] == "comments_closed"
    clean = assemble_texts(segments).iloc[0]
    for junk in ("Do you like", "David Horovitz", "Join our community", "Comments are closed"):
        assert junk not in clean


# ----------------------------------------------------------------------------- Sputnik

def test_sputnik_headline_caption_footnote_body(sputnik):
    _, segments, audit = sputnik
    assert _seg(segments, "headline") == [
        "Tehran Reportedly Arms Iraqi Militias 'To Have Backup Plan If Iran Attacked'"]
    captions = _seg(segments, "caption")
    assert captions[0].startswith("A Ghadr-H missile, center,") and captions[0].endswith("in Tehran, Iran")
    assert captions[1] == "\u00a9 AP Photo / Vahid Salemi"
    assert _seg(segments, "footnote") == [
        "*Daesh (also known as ISIS/ISIL/IS) is a terrorist organization banned in Russia"]
    assert _seg(segments, "lede")[0].startswith("The report comes amid increasing tensions")
    body = " ".join(_seg(segments, "body"))
    assert "Reuters reported on August 31" in body  # no-break spaces became spaces
    assert "\u00a0" not in body and not any(t.startswith(" ") for t in segments["text"])
    assert body.endswith("conclude a new one.")


@pytest.mark.parametrize("line_no,reason", [
    (1, "navigation"), (2, "timestamp"), (3, "navigation"), (4, "navigation"),
    (10, "section_label"), (11, "share_widget"), (12, "share_widget"),
    (24, "read_more"), (30, "read_more"),
    (38, "related_list"), (40, "related_list"), (46, "related_list"),
    (47, "tags"), (48, "tags"),
    (49, "comment_widget"), (51, "comment_widget"),
    (53, "navigation"), (62, "navigation"),
    (68, "account_dialog"), (75, "account_dialog"), (94, "account_dialog"),
    (100, "privacy_dialog"), (108, "privacy_dialog"),
    (111, "comment_rules"), (123, "comment_rules"), (157, "comment_rules"),
    (159, "account_dialog"), (162, "push_notification"), (166, "push_notification"),
])
def test_sputnik_furniture_removed_with_reason(sputnik, line_no, reason):
    _, _, audit = sputnik
    row = _line(audit, line_no)
    assert (row["action"], row["reason"]) == ("removed", reason), row
    assert row["rule"]


def test_sputnik_nothing_kept_after_footnote_and_mixed_script_flag(sputnik):
    _, segments, audit = sputnik
    assert (audit.loc[audit["line_no"] > 36, "action"] == "removed").all()
    clean = assemble_texts(segments).iloc[0]
    for junk in ("READ MORE", "Related:", "Tags:", "Get short URL", "Community standards",
                 "Privacy Policy", "push notifications", "Middle East\n"):
        assert junk not in clean
    assert _line(audit, 51)["flags"] == "mixed_script"
    assert (audit.loc[audit["line_no"] != 51, "flags"] == "").all()


# ----------------------------------------------------------------------------- generic outlet

def test_generic_outlet_heuristics(generic):
    _, segments, audit = generic
    assert load_rules("Example Times", RULES)["scope"].eq("generic").all()
    assert _seg(segments, "headline") == ["Iraq militias receive Iranian missiles, officials say"]
    assert _seg(segments, "lede")[0].startswith("Iraqi officials said on Friday")
    assert _seg(segments, "caption") == ["A convoy on a highway near Baghdad, Iraq. (AP Photo/John Smith)"]
    reasons = dict(zip(audit["line_no"], audit["reason"]))
    assert reasons[1] == reasons[3] == reasons[5] == "navigation"
    assert reasons[7] == "byline"
    assert reasons[17] == "share_widget"
    assert [reasons[i] for i in (19, 20, 21, 22)] == ["link_list"] * 4
    assert reasons[24] == reasons[26] == "navigation"
    assert _line(audit, 15)["flags"] == "mixed_script"
    assert "began months ago." in " ".join(_seg(segments, "body"))


def test_no_rules_at_all_still_audits_everything():
    text = "Menu\r\nA headline about missiles in Iraq\r\n\r\nFirst paragraph of the story.\r\nSecond one.\r\n"
    segments, audit = clean_article(text, "x", "Nobody", None)
    assert audit["line_no"].tolist() == [1, 2, 3, 4, 5]
    assert audit["raw_line"].tolist()[1] == "A headline about missiles in Iraq"
    assert segments["segment"].tolist() == ["headline", "lede", "body"]
    assert _line(audit, 1)["reason"] == "navigation"


def test_empty_text():
    segments, audit = clean_article("", "x", "Nobody", None)
    assert len(segments) == 0 and audit["reason"].tolist() == ["blank"]


# ----------------------------------------------------------------------------- corpus

def test_clean_corpus_audits_every_article(seed_study, seed_corpus):
    segments, audit = clean_corpus(seed_corpus, seed_study.rules)
    assert sorted(segments["article_id"].unique()) == [TOI_ID, SPUTNIK_ID]
    per_article = audit.groupby("article_id").size()
    for aid, text in zip(seed_corpus["article_id"], seed_corpus["text"]):
        assert per_article[aid] == len(split_lines(text))
    assert str(audit["segment_index"].dtype) == "Int64"
    # one article at a time gives the same rows
    for aid, outlet, text in zip(seed_corpus["article_id"], seed_corpus["outlet"], seed_corpus["text"]):
        one_seg, one_audit = clean_article(text, aid, outlet, load_rules(outlet, seed_study.rules))
        pd.testing.assert_frame_equal(one_seg, segments[segments["article_id"] == aid].reset_index(drop=True))
        pd.testing.assert_frame_equal(one_audit, audit[audit["article_id"] == aid].reset_index(drop=True))


# ----------------------------------------------------------------------------- properties

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_LINES = st.lists(st.one_of(
    st.sampled_from(["", "   ", "Register", "READ MORE: x", "Related:", "Tags:", "a, b, c", "\u00a9 AP Photo",
                     "*Footnote here", "Do you like The Times of Israel?", "Comments are closed.", "0 20",
                     "Community standards", "Log in"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"),
            max_size=60)), max_size=25)


@settings(max_examples=150, deadline=None)
@given(_LINES, st.sampled_from(["Sputnik", "The Times of Israel", "Unknown Outlet"]),
       st.sampled_from(["\n", "\r\n"]))
def test_any_text_is_fully_audited_and_offsets_hold(lines, outlet, eol):
    text = eol.join(lines)
    segments, audit = clean_article(text, "p", outlet, _RULES[outlet])
    assert audit["line_no"].tolist() == list(range(1, len(split_lines(text)) + 1))
    kept = audit[audit["action"] == "kept"]
    assert kept["segment_index"].tolist() == segments["segment_index"].tolist()
    if len(segments):
        clean = assemble_texts(segments).iloc[0]
        for r in segments.itertuples():
            assert clean[r.start:r.end] == r.text and r.text == r.text.strip() and r.text


_RULES = {o: load_rules(o, RULES) for o in ("Sputnik", "The Times of Israel", "Unknown Outlet")}


# ----------------------------------------------------------------------------- assembling texts

def _reference_texts(segments: pd.DataFrame) -> pd.Series:
    """The clean texts the straightforward way: sort, group, join."""
    ordered = segments.sort_values(["article_id", "segment_index"], kind="stable")
    texts = ordered.groupby("article_id", sort=True)["text"].agg(SEGMENT_SEPARATOR.join)
    texts.name = "clean_text"
    return texts


def test_assemble_texts_equals_the_reference_on_shuffled_segments(seed_segments):
    from helpers.corpus import corpus_segments, generate_corpus

    synthetic = corpus_segments(generate_corpus(60, seed=4, outlets=3, events=2, words_per_article=80))
    tables = {"seed": seed_segments, "synthetic": synthetic}
    ties = synthetic.copy()
    ties.loc[ties.index[::5], "segment_index"] = 0  # equal keys keep their table order
    tables["ties"] = ties
    missing = synthetic.astype({"article_id": object})
    missing.loc[missing.index[3:9], "article_id"] = None  # left out, as by a groupby
    tables["missing ids"] = missing
    rng = random.Random(7)
    for name, table in list(tables.items()):
        rows = list(range(len(table)))
        rng.shuffle(rows)
        tables[f"{name}, shuffled"] = table.iloc[rows]
    tables["empty"] = synthetic.head(0)
    for name, table in tables.items():
        got, want = assemble_texts(table), _reference_texts(table)
        pd.testing.assert_series_equal(got, want, check_exact=True, obj=name)
        assert got.index.dtype == want.index.dtype and got.index.name == "article_id", name
    clean = assemble_texts(seed_segments)
    assert list(clean.index) == [TOI_ID, SPUTNIK_ID] and clean.name == "clean_text" and clean.dtype == object
