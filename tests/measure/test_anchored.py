"""Regex matches tried only where they can start (helpers.measure.anchored) are the
matches of ``re.finditer`` itself, for the article-wide patterns of the referents."""

import pytest
from hypothesis import given, settings, strategies as st

from helpers.measure.anchored import finditer_anchored, lower_for_search
from helpers.measure.referents import _author_pattern, _role_patterns

_TOKENS = ["Judge", "judge", "JUDGE", "Sen.", "sen", "Senator", "SEN", "Amy", "Berman",
           "McDonald", "al", "of", "for", ",", ", ", " ", "  ", "\n", ".", "the ", "a ", "his ",
           "poll", "Poll", "polls", "memo", "by ", "CNN/ORC", "campaign", "'s", "’s", "\"",
           "“", ";", ":", "(", ")", "-", "released ", "x", "ı", "ſ", "\u212a", "İ", "é", "Ünal",
           "spokesman", "Spokesman"]
# pieces of the phrases the patterns look for, so that generated texts hold many matches
_PIECES = ["Amy Berman", "Bo", "Jo Lee", "Al Smith Jr.", ", the ", ", a ", ", his ", ", ",
           "judge", "Judge ", "senator", "Sen. ", "spokesman", "poll by the ", "CNN poll",
           "the Quinnipiac University poll", "memo from ", "Clinton campaign memo", ". ", "\n"]
_TEXT = st.lists(st.one_of(st.sampled_from(_TOKENS), st.sampled_from(_PIECES)),
                 max_size=40).map("".join)


def _both(rx, text, words, commas, capitals):
    plain = [(m.span(), m.groups()) for m in rx.finditer(text)]
    near = [(m.span(), m.groups()) for m in
            finditer_anchored(rx, text, lower_for_search(text), words, commas, capitals)]
    return plain, near


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.sampled_from(["judge", "senator", "spokesman"]))
def test_role_mentions_are_those_of_finditer(text, role):
    before, after, words = _role_patterns(role)
    for rx, commas, capitals in ((before, 0, False), (after, 1, True)):
        plain, near = _both(rx, text, words, commas, capitals)
        assert near == plain


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.sampled_from(["poll", "memo"]))
def test_document_authors_are_those_of_finditer(text, stem):
    plain, near = _both(_author_pattern(stem), text, (stem,), 0, True)
    assert near == plain


@pytest.mark.parametrize("text,found", [
    ("Judge Amy Berman, a judge, said. The judge, Sen. Al Smith, the senator", 2),
    ("Rep. Jo Lee, the Judge\nJUDGE AMY, judge Bo", 4),
    ("He met Judge Amy Berman. Later Bo Diaz, the chief judge, and judge Li Wu spoke.", 3),
])
def test_role_mentions_on_written_examples(text, found):
    before, after, words = _role_patterns("judge")
    got = [m.group(0) for rx, c, cap in ((before, 0, False), (after, 1, True))
           for m in finditer_anchored(rx, text, lower_for_search(text), words, c, cap)]
    assert got == [m.group(0) for rx in (before, after) for m in rx.finditer(text)]
    assert len(got) == found


def test_lower_for_search_refuses_case_traps():
    # re.IGNORECASE matches "ſ" (long s) for "s", which str.lower() keeps: no copy then
    assert lower_for_search("The Spokesman") == "the spokesman"
    assert lower_for_search("the ſpokesman") is None
    assert lower_for_search("İstanbul") is None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Reid", "reid", "Reid's", "’", "'", "-", "_", " ", ".",
                                 "x", "é", "1", "\n", "Re", "id"]), max_size=30).map("".join),
       st.sampled_from(["Reid", "reid", "id"]), st.integers(0, 5))
def test_find_word_is_the_whole_word_search(text, word, start):
    import re

    from helpers.measure.referents import _find_word

    want = [m.start() for m in
            re.compile(r"(?<![\w'’-])" + re.escape(word) + r"(?![\w-])").finditer(text, start)]
    got = []
    i = _find_word(text, word, start)
    while i >= 0:
        got.append(i)
        i = _find_word(text, word, i + len(word))
    assert got == want
