"""The term finder without per-term regexes equals the compiled-pattern rule, on tricky Unicode."""

import random

import pytest

from helpers.discover import tokenize
from helpers.discover.spans import find_term, find_term_regex

TRICKY = [
    ("İstanbul and ISTANBUL and istanbul", "istanbul"),
    ("Straße STRASSE strasse", "straße"),
    ("the ﬁrst find", "find"),
    ("ſecret SECRET", "secret"),
    ("ıraq IRAQ", "iraq"),
    ("the KELVIN scale", "kelvin"),
    ("Trump’s wall, trump's", "trump's"),
    ("don’t DON'T don-t", "don't"),
    ("a well-known well known", "well-known"),
    ("witch  --  hunt, witch_hunt, witch hunt", "witch hunt"),
    ("witchhunt witch1 hunt", "witch hunt"),
    ("ⓐbc abc", "abc"),
    ("ιͅ ι", "ι"),
    ("ΣΊΣΥΦΟΣ σίσυφος", "σίσυφος"),
    ("", "term"),
    ("abc", ""),
]


@pytest.mark.parametrize("text,term", TRICKY)
def test_tricky_unicode_equal_to_the_pattern(text, term):
    assert find_term(text, term, {}) == find_term_regex(text, term)


def test_found_where_the_pattern_finds_it():
    assert find_term("A Witch—Hunt, said he", "witch hunt", {}) == (2, 12)
    assert find_term("the ﬁrst", "first", {}) is None


def test_random_texts_equal_to_the_pattern():
    rng = random.Random(7)
    alphabet = list("abikrstzABIKSZ") + ["İ", "ı", "ß", "ẞ", "ﬁ", "ſ", "\u212a", "’", "'", "-", " ", " ", ".",
                                         "σ", "ς", "Σ", "\u0345", "ι", "Ⓐ", "1", "_", "é", "É", "\u0307"]
    cache: dict = {}
    for _ in range(1500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 30)))
        toks = tokenize(text)
        for term in set(toks) | {" ".join(toks[i:i + 2]) for i in range(len(toks) - 1)}:
            assert find_term(text, term, cache) == find_term_regex(text, term), (text, term)
