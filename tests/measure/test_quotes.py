"""Quotation spans (helpers.measure.quotes): quote marks, apostrophes, nesting."""

from hypothesis import given, settings, strategies as st

from helpers.measure.quotes import mask_quotes, quote_spans, quoted_segments


def _spans(text):
    return [text[s:e] for s, e in quote_spans(text)]


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


def test_british_style_outer_single_quotes_keep_the_outer_span():
    assert _spans("He wrote: 'They called it \"a lie\" today' and left.") == [
        'They called it "a lie" today']


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab A.,'’‘\"“”«» s\n")), max_size=80))
def test_quote_spans_are_ordered_disjoint_and_inside_the_text(text):
    spans = quote_spans(text)
    assert all(0 <= s < e <= len(text) for s, e in spans)
    assert all(e1 <= s2 for (_, e1), (s2, _) in zip(spans, spans[1:]))


def test_only_texts_with_a_quotation_are_returned():
    texts = ["No marks here.", 'He said "yes" twice.', "Iran's view", "‘so-called’ deal"]
    assert quoted_segments(texts) == [(1, quote_spans(texts[1])), (3, quote_spans(texts[3]))]


def test_masking_keeps_length_and_marks():
    text = 'He said "we will" and left.'
    masked = mask_quotes(text, quote_spans(text))
    assert len(masked) == len(text)
    assert masked == 'He said "\x00\x00\x00\x00\x00\x00\x00" and left.'
    assert mask_quotes(text, []) == text
