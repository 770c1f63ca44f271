"""The form matching of ``python -m bench.discover``: what counts as the same written form."""

from __future__ import annotations

from bench.discover import ARTICLES, norm_form


def test_a_determiner_case_dots_and_a_possessive_are_not_part_of_a_form():
    assert norm_form("The F.B.I.'s") == norm_form("FBI") == norm_form("``fbi''")
    assert norm_form("these migrants") == norm_form("the migrants") == norm_form("migrants")
    assert norm_form("these migrants", ARTICLES) != norm_form("migrants")  # the reading printed beside


def test_a_possessive_pronoun_a_plural_and_a_longer_phrase_are_other_forms():
    assert norm_form("his administration") != norm_form("administration")
    assert norm_form("migrant") != norm_form("migrants")
    assert norm_form("so-called Comey memos") != norm_form("Comey memos")
