"""Sentence splitting and the token definition (helpers.measure.sentences)."""

from hypothesis import given, settings, strategies as st

from helpers.measure.sentences import (SENTENCE_COLUMNS, TOKEN_RE, count_tokens, split_sentences,
                               token_starts, tokenize)
from measures_util import clean_text, make_segments


def _sentences(text, name="body"):
    seg = make_segments({"a": [(name, text)]})
    s = split_sentences(seg)
    t = clean_text(seg, "a")
    return [t[a:b] for a, b in zip(s["start"], s["end"])]


def test_abbreviations_and_initials_do_not_end_sentences():
    assert _sentences("Mr. Smith met Gen. Jones on Jan. 5 in Washington. J. Doe was there.") == [
        "Mr. Smith met Gen. Jones on Jan. 5 in Washington.", "J. Doe was there."]


def test_multi_dot_abbreviation_mid_sentence_and_at_the_end():
    assert _sentences("The U.S. military said so. It did.") == [
        "The U.S. military said so.", "It did."]
    assert _sentences("Troops left the U.S. He said so. Talks with the U.S. Army ended.") == [
        "Troops left the U.S.", "He said so.", "Talks with the U.S. Army ended."]


def test_sentence_ending_inside_closing_quote_ends_after_it():
    out = _sentences('He said: “It is over.” Then he left! Did he? Yes…')
    assert out == ["He said: “It is over.”", "Then he left!", "Did he?", "Yes…"]
    assert _sentences("She wrote 'No.' Then stopped.") == ["She wrote 'No.'", "Then stopped."]


def test_lower_case_after_period_is_not_a_boundary():
    assert _sentences("It rose 3.5 percent. e.g. this stays. ok") == [
        "It rose 3.5 percent. e.g. this stays. ok"]


def test_sentences_never_cross_segments_and_index_runs_over_article():
    seg = make_segments({
        "a": [("headline", "Headline without stop"), ("body", "One. Two.")],
        "b": [("body", "Three.")],
    })
    s = split_sentences(seg)
    assert list(s.columns) == SENTENCE_COLUMNS
    assert s["article_id"].tolist() == ["a", "a", "a", "b"]
    assert s["sentence_index"].tolist() == [0, 1, 2, 0]
    assert s["segment"].tolist() == ["headline", "body", "body", "body"]
    assert s["segment_index"].tolist() == [0, 1, 1, 0]
    text = clean_text(seg, "a")
    assert [text[a:b] for a, b in zip(s["start"][:3], s["end"][:3])] == [
        "Headline without stop", "One.", "Two."]
    assert s["n_tokens"].tolist() == [3, 1, 1, 1]


def test_empty_input_has_the_columns():
    s = split_sentences(make_segments({}).reindex(columns=["article_id", "segment_index",
                                                           "segment", "start", "end", "text"]))
    assert list(s.columns) == SENTENCE_COLUMNS and s.empty


def test_token_definition():
    assert tokenize("Iran's Shi'ite allies doesn’t use short-range 2,000 3.5 missiles*.") == [
        "Iran's", "Shi'ite", "allies", "doesn’t", "use", "short-range", "2,000", "3.5", "missiles"]
    assert count_tokens("“Quote,” he said — ok? 'yes'") == 5
    assert count_tokens("") == 0
    assert count_tokens("a--b, 1,a") == 4


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab1 9.,'’-‐*\n\"“é漢Ж_")), max_size=60))
def test_vectorised_token_starts_agree_with_the_regex(text):
    assert token_starts(text).tolist() == [m.start() for m in TOKEN_RE.finditer(text)]


def test_sentence_token_counts_sum_to_segment_tokens():
    text = "Tehran's proxies, it said, are 2,000-strong. “We deny it,” he said. Done"
    seg = make_segments({"a": [("body", text), ("caption", "A photo (AP).")]})
    s = split_sentences(seg)
    assert s["n_tokens"].sum() == count_tokens(text) + count_tokens("A photo (AP).")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("aB. !?…\"”’')\nMr.J")), max_size=40),
                min_size=1, max_size=4))
def test_vectorised_splitter_agrees_with_per_segment_spans(texts):
    from helpers.measure.sentences import sentence_spans

    seg = make_segments({"a": [("body", t) for t in texts]})
    s = split_sentences(seg)
    expected = []
    for st_, t in zip(seg["start"], texts):
        expected += [(st_ + a, st_ + b) for a, b in sentence_spans(t)]
    assert list(zip(s["start"], s["end"])) == expected


_PIECES = ["U.S.", "u.s.", "U.K.", "Mr.", "mr.", "(Gen.", "“Jan.", "«Dr.", "['Sept.", "J.", "é.",
           "É.", "\u212a.", "u.\u212a.", "İ.", "etc.", "a.m.", "Inc.", "Thurs.", "abcdef.", "x9.",
           "(.", ".", "He", "The", "she", "officials", "Iran", "said", "Tehran.", "12.", "A.B.C.",
           "‘", "\"", "(", "?", "!", "…", "ab", "q", "Co", " ", "  ", "\n", "\t"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_PIECES), max_size=25).map(" ".join),
                min_size=1, max_size=4))
def test_vectorised_abbreviations_agree_with_per_segment_spans(texts):
    """Abbreviations, initials, quote-mark prefixes, non-ASCII words, the look-back limit."""
    from helpers.measure.sentences import sentence_spans

    seg = make_segments({"a": [("body", t) for t in texts]})
    s = split_sentences(seg)
    expected = []
    for st_, t in zip(seg["start"], texts):
        expected += [(st_ + a, st_ + b) for a, b in sentence_spans(t)]
    assert list(zip(s["start"], s["end"])) == expected


def test_abbreviations_end_or_do_not_end_sentences():
    seg = make_segments({"a": [("body", "Gen. Smith met Mr. Jones in the U.S. He left. "
                                          "(Sept. 4) was Thurs. Iran said.")]})
    text = seg["text"][0]
    s = split_sentences(seg)
    assert [text[a:b] for a, b in zip(s["start"], s["end"])] == [
        "Gen. Smith met Mr. Jones in the U.S.", "He left.", "(Sept. 4) was Thurs. Iran said."]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("ab1 9.,'’-‐*\n\"“é漢Ж_\ud800")), max_size=20),
                max_size=6))
def test_count_tokens_many_agrees_with_count_tokens(texts):
    from helpers.measure.sentences import count_tokens_many

    assert count_tokens_many(texts).tolist() == [count_tokens(t) for t in texts]
