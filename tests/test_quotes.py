"""Quotations, attribution and source classes (helpers.measure.quotes) on hand-made segments."""

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from helpers.core.errors import FramingError
from helpers.measure.quotes import (ATTRIBUTION_COLUMNS, QUOTE_COLUMNS, SourceCues, article_source_summary,
                            classify_source, extract_quotes_and_attributions, find_attributions,
                            find_quotes, load_source_cues, quote_spans)
from helpers.measure.sentences import split_sentences
from measures_util import clean_text, lexicon, make_segments


def _spans(text):
    return [text[s:e] for s, e in quote_spans(text)]


def _quotes(cues, *paragraphs, name="body"):
    seg = make_segments({"a": [(name, p) for p in paragraphs]})
    q, a = extract_quotes_and_attributions(seg, lexicon(), cues)
    return q, a, clean_text(seg, "a")


# ---------------------------------------------------------------- quote spans

def test_double_quotes_straight_and_curly():
    assert _spans('He said "we will" and “they won’t” go.') == ["we will", "they won’t"]
    assert _spans("«Non» dit-il") == ["Non"]


def test_single_quotes_but_not_apostrophes():
    text = "Tehran Reportedly Arms Iraqi Militias 'To Have Backup Plan If Iran Attacked'"
    assert _spans(text) == ["To Have Backup Plan If Iran Attacked"]
    assert _spans("Iran's Shi'ite allies doesn't matter") == []
    assert _spans("the ‘so-called’ deal and the Iraqis' view") == ["so-called"]
    assert _spans("rock 'n' roll") == ["n"] or _spans("rock 'n' roll") == []


def test_single_quotes_inside_double_belong_to_the_double():
    assert _spans('"He called it \'a lie\' today," she said.') == ["He called it 'a lie' today,"]


def test_unclosed_quotes():
    # continued quotation: opens at the segment start, runs to its end
    assert _spans("“We will continue the fight") == ["We will continue the fight"]
    # a stray mark in the middle of a paragraph is ignored
    assert _spans("The 12\" gun fired") == []


# ---------------------------------------------------------------- attribution

def test_quote_then_speaker_with_title_and_surname_resolution(seed_cues):
    q, a, text = _quotes(seed_cues,
        "“The lie is groundless,” Iranian Foreign Ministry spokesman Bahram Qasemi said.",
        "“This sows panic,” Qasemi said.",
        "They seek influence, he said.")
    assert list(q.columns) == QUOTE_COLUMNS
    assert q["speaker"].tolist() == ["Bahram Qasemi", "Bahram Qasemi"]
    assert q["speaker_class"].tolist() == ["named_person"] * 2
    assert q["verb"].tolist() == ["said", "said"]
    assert q["verb_class"].tolist() == ["neutral", "neutral"]
    assert text[q["start"][0]:q["end"][0]] == "The lie is groundless,"
    # the span is the mention as written; speaker is the canonical name
    assert text[q["speaker_start"][0]:q["speaker_end"][0]] == "Bahram Qasemi"
    assert text[q["speaker_start"][1]:q["speaker_end"][1]] == "Qasemi"
    he = a[a["in_quote"] == False]  # noqa: E712
    assert he["speaker"].tolist() == ["Bahram Qasemi"]
    assert text[he["speaker_start"].iloc[0]:he["speaker_end"].iloc[0]] == "he"


def test_said_before_colon_and_inverted_said(seed_cues):
    q, _, _ = _quotes(seed_cues, 'Gen. Mark Milley said: "We are ready."',
                      '"It is a lie," said Hassan Rouhani.',
                      "He added:", '"No more."')
    assert q["speaker"].tolist() == ["Mark Milley", "Hassan Rouhani", "Hassan Rouhani"]
    assert q["speaker_class"].tolist() == ["named_person"] * 3
    assert q["verb"].tolist() == ["said", "said", "added"]


def test_anonymous_and_multi_sentence_quotes(seed_cues):
    q, _, text = _quotes(seed_cues,
        "“We have bases. If America attacks us, our friends will attack,” a senior IRGC commander said.",
        '"The logic was simple," an anonymous senior Iranian official said.')
    assert q["speaker_class"].tolist() == ["anonymous", "anonymous"]
    assert q["speaker"].tolist() == ["a senior IRGC commander", "an anonymous senior Iranian official"]
    assert q["text"][0] == "We have bases. If America attacks us, our friends will attack,"
    assert q["sentence_index"][0] == 0
    assert q["n_tokens"].tolist() == [11, 4]


def test_unattributed_headline_quote(seed_cues):
    q, _, _ = _quotes(seed_cues, "Tehran Arms Militias 'To Have Backup Plan'", name="headline")
    assert q["speaker_class"].tolist() == ["unattributed"]
    assert q["speaker"].tolist() == [""] and q["verb"].tolist() == [""]
    assert pd.isna(q["speaker_start"][0])


def test_indirect_attributions(seed_cues):
    seg = make_segments({"a": [("body",
        "Reuters reported on Friday, citing anonymous sources among Iranian officials. "
        "According to the report, the missiles were moved. Reuters said. "
        "One anonymous western source, interviewed by Reuters, said that the alleged arming was a warning. "
        "The Pentagon claimed it knew. Officials told The Wall Street Journal it was false. "
        "Iran has denied these claims.")]})
    a = find_attributions(seg, lexicon(), seed_cues)
    assert list(a.columns) == ATTRIBUTION_COLUMNS
    got = list(zip(a["speaker"], a["speaker_class"], a["verb"], a["verb_class"]))
    assert got == [
        ("Reuters", "named_institution", "reported", "neutral"),
        ("anonymous sources among Iranian officials", "anonymous", "citing", "neutral"),
        ("Reuters", "named_institution", "According to", "neutral"),
        ("Reuters", "named_institution", "said", "neutral"),
        ("One anonymous western source", "anonymous", "said", "neutral"),
        ("Pentagon", "named_institution", "claimed", "evaluative"),
        ("Officials", "anonymous", "told", "neutral"),
        ("Iran", "named_institution", "denied", "evaluative"),
    ]
    assert not a["in_quote"].any()


def test_quote_of_a_report_is_attributed_to_the_outlet(seed_cues):
    q, _, _ = _quotes(seed_cues, "Iran denied a Reuters report on Saturday.",
                      "The report cites “three Iranian officials and two Western sources.”")
    assert q["speaker"].tolist() == ["Reuters"]
    assert q["speaker_class"].tolist() == ["named_institution"]
    assert q["verb"].tolist() == ["cites"]


@pytest.mark.parametrize("phrase,cls,speaker", [
    ("Iranian Foreign Ministry spokesman Bahram Qasemi", "named_person", "Bahram Qasemi"),
    ("US President Donald Trump", "named_person", "Donald Trump"),
    ("Qais al-Khazali", "named_person", "Qais al-Khazali"),
    ("Reuters", "named_institution", "Reuters"),
    ("the Pentagon", "named_institution", "Pentagon"),
    ("The Wall Street Journal", "named_institution", "Wall Street Journal"),
    ("Iranian Foreign Ministry", "named_institution", "Iranian Foreign Ministry"),
    ("Tel Aviv", "named_institution", "Tel Aviv"),
    ("a senior IRGC commander", "anonymous", "a senior IRGC commander"),
    ("an anonymous senior Iranian official", "anonymous", "an anonymous senior Iranian official"),
    ("one anonymous western source", "anonymous", "one anonymous western source"),
    ("sources", "anonymous", "sources"),
    ("officials", "anonymous", "officials"),
    ("the country's foreign ministry", "named_institution", "country's foreign ministry"),
    ("Hezbollah", "named_institution", "Hezbollah"),
    ("Israeli Prime Minister Benjamin Netanyahu", "named_person", "Benjamin Netanyahu"),
    ("Iraqi police officials", "anonymous", "Iraqi police officials"),
    ("", "unattributed", ""),
])
def test_classify_source(seed_cues, phrase, cls, speaker):
    got = classify_source(phrase, seed_cues)
    assert (got[0], got[1]) == (cls, speaker)


def test_pronoun_without_antecedent_is_not_a_source(seed_cues):
    _, a, _ = _quotes(seed_cues, "He said it was over.")
    assert a.empty


def test_per_article_summary(seed_cues):
    seg = make_segments({"a": [("body", '"Yes, yes," Ali Larijani said. Reuters said. '
                                        '"No," officials claimed. Scare \'quotes\' here.')],
                         "b": [("body", "Nothing quoted")]})
    sent = split_sentences(seg)
    q, a = extract_quotes_and_attributions(seg, lexicon(), seed_cues, sentences=sent)
    s = article_source_summary(q, a, sent).set_index("article_id")
    assert s.loc["a", "sources_named_person"] == 1
    assert s.loc["a", "sources_named_institution"] == 1
    assert s.loc["a", "sources_anonymous"] == 1
    assert s.loc["a", "sources_unattributed"] == 1
    assert s.loc["a", "verbs_neutral"] == 2 and s.loc["a", "verbs_evaluative"] == 1
    assert s.loc["a", "quoted_token_share"] == pytest.approx(4 / sent[sent.article_id == "a"].n_tokens.sum())
    assert s.loc["b", "quoted_token_share"] == 0 and s.loc["b", "sources_anonymous"] == 0


def test_find_quotes_matches_the_combined_pass(seed_cues):
    seg = make_segments({"a": [("body", '"A," Ali Larijani said.')]})
    pd.testing.assert_frame_equal(find_quotes(seg, lexicon(), seed_cues),
                                  extract_quotes_and_attributions(seg, lexicon(), seed_cues)[0])


def test_bad_cue_file_is_a_framing_error(tmp_path):
    d = tmp_path / "data" / "attribution"
    d.mkdir(parents=True)
    (d / "source_cues.csv").write_text("cue,cue_type,note\nReuters,news_org,x\nfoo,bogus,y\n")
    with pytest.raises(FramingError, match=r"row 2.*bogus"):
        load_source_cues(d / "source_cues.csv")


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab A.,'’‘\"“”«» s\n")), max_size=80))
def test_quote_spans_are_ordered_disjoint_and_inside_the_text(text):
    spans = quote_spans(text)
    assert all(0 <= s < e <= len(text) for s, e in spans)
    assert all(e1 <= s2 for (_, e1), (s2, _) in zip(spans, spans[1:]))


@settings(max_examples=30, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("Ab said, . '\"“” He told Reuters:")),
                        max_size=60), min_size=1, max_size=3))
def test_extraction_never_fails_and_offsets_slice_back(seed_cues, paragraphs):
    seg = make_segments({"a": [("body", p) for p in paragraphs]})
    q, a = extract_quotes_and_attributions(seg, lexicon(), seed_cues)
    text = clean_text(seg, "a")
    assert all(text[s:e] == t for s, e, t in zip(q["start"], q["end"], q["text"]))
    assert set(q["speaker_class"]) <= {"named_person", "named_institution", "anonymous",
                                       "unattributed"}
    assert (a["speaker_class"] != "unattributed").all()


def test_british_style_outer_single_quotes_keep_the_outer_span():
    assert _spans("He wrote: 'They called it \"a lie\" today' and left.") == [
        'They called it "a lie" today']


# ------------------------------------------------ fast subject search (vs the reference)

_SUBJECT_PIECES = ["has", "also", "reportedly", "the", "to", "Ali", "Vaez", "official", "who",
                   "interviewed", "speaking", "and", "that", "but", "Reuters", ",", ";", ":", "(",
                   ")", "—", "–", "-", " - ", " - - ", "\x00\x00", "\"", "“", "”", "said.", "\n",
                   "", " ", "  ", "analyst", "not", "n't", "IRGC", "the Pentagon"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_SUBJECT_PIECES), max_size=16).map(" ".join))
def test_fast_verb_subject_agrees_with_the_clause_parser(before):
    from helpers.measure.quotes import _NOT_BEFORE_VERB, _last_word, _strip_subject, _verb_subject

    if _last_word(before, len(before))[0] in _NOT_BEFORE_VERB:
        assert _verb_subject(before) == (True, None)
    else:
        assert _verb_subject(before) == (False, _strip_subject(before))


def test_fast_verb_subject_cases():
    from helpers.measure.quotes import _verb_subject

    before = "Tehran, which denies it, has also "
    assert _verb_subject(before) == (False, (0, 6))
    before = "In Baghdad, senior researcher Ali Vaez "
    s, e = _verb_subject(before)[1]
    assert before[s:e] == "senior researcher Ali Vaez"
    assert _verb_subject("officials declined to ") == (True, None)
    assert _verb_subject("and that the ministry ")[1] == (9, 21)


def test_negation_hint_covers_every_negation(seed_cues):
    from helpers.measure.quotes import _NEGATION_HINT_RE, _NEGATION_RE

    for text in ["not", "NEVER", "Neither", "nor", "No", "don't", "won’t", "NoT", "nEiThEr"]:
        m = _NEGATION_RE.search(text)
        assert m and _NEGATION_HINT_RE.search(text, m.start(), m.end())
    for ch in map(chr, range(0x3000)):  # case folding: only n/N and non-ASCII can start one
        if _NEGATION_RE.search(ch + "ot") or _NEGATION_RE.search(ch + "'t"):
            assert _NEGATION_HINT_RE.match(ch + "o") or _NEGATION_HINT_RE.match(ch + "'")
    q, a, _ = _quotes(seed_cues, "The ministry has not said when. Officials never denied it. Reuters said.")
    assert a["speaker"].tolist() == ["Reuters"]


_CUE_SET = {"Foreign Ministry", "foreign ministry spokesman", "white house", "Reuters", "iran",
            "U.S. Navy", "al-Qaeda", "ſtate media", "state media"}
_CUE_WORDS = ["Foreign", "ministry", "Ministry", "FOREIGN", "spokesman", "White", "house", "HOUSE",
              "Reuters", "reuters", "Iran", "İran", "U.S.", "Navy", "al-Qaeda", "state", "ſtate",
              "media", "Media", "pro-White", "the", "K", "\u212a"]


def _reference_has_cue(phrase, words, cues):
    import re

    exact = {c for c in cues if " " not in c and not c.islower()}
    lower = {c for c in cues if " " not in c and c.islower()}
    hit = exact.intersection(words)
    if hit:
        return min(hit)
    hit = lower.intersection(w.lower() for w in words)
    if hit:
        return min(hit)
    for c in sorted(cues):
        if " " in c and re.search(r"(?<!\w)" + re.escape(c) + r"(?!\w)", phrase,
                                  re.IGNORECASE if c.islower() else 0):
            return c
    return ""


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_CUE_WORDS), max_size=6),
       st.sampled_from([" ", "  ", "-", ", "]))
def test_cue_lookup_agrees_with_searching_every_cue(words, sep):
    from helpers.measure.quotes import _has_cue, _words

    phrase = sep.join(words)
    tokens = [w for _, _, w in _words(phrase)]
    assert _has_cue(phrase, tokens, _CUE_SET) == _reference_has_cue(phrase, tokens, _CUE_SET)
