"""Speaker phrases around a reporting verb (helpers.measure.clauses): the fast
subject search against the reference clause parser."""

from hypothesis import given, settings, strategies as st


_SUBJECT_PIECES = ["has", "also", "reportedly", "the", "to", "Ali", "Vaez", "official", "who",
                   "interviewed", "speaking", "and", "that", "but", "Reuters", ",", ";", ":", "(",
                   ")", "—", "–", "-", " - ", " - - ", "\x00\x00", "\"", "“", "”", "said.", "\n",
                   "", " ", "  ", "analyst", "not", "n't", "IRGC", "the Pentagon"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_SUBJECT_PIECES), max_size=16).map(" ".join))
def test_fast_verb_subject_agrees_with_the_clause_parser(before):
    from helpers.measure.clauses import (_AUX, _NOT_BEFORE_VERB, _last_word, _strip_subject,
                                         verb_subject)

    # the word before the verb, or before the auxiliaries in front of it ("to have said")
    word, at = _last_word(before, len(before))
    rejected = word in _NOT_BEFORE_VERB
    while word in _AUX and not rejected and before[:at].strip():
        word, at = _last_word(before, len(before[:at].rstrip()))
        rejected = word in _NOT_BEFORE_VERB
    if rejected:
        assert verb_subject(before) == (True, None)
    else:
        assert verb_subject(before) == (False, _strip_subject(before))


def test_fast_verb_subject_cases():
    from helpers.measure.clauses import verb_subject

    before = "Tehran, which denies it, has also "
    assert verb_subject(before) == (False, (0, 6))
    before = "In Baghdad, senior researcher Ali Vaez "
    s, e = verb_subject(before)[1]
    assert before[s:e] == "senior researcher Ali Vaez"
    assert verb_subject("officials declined to ") == (True, None)
    assert verb_subject("he is said to have ") == (True, None)
    assert verb_subject("Sen. Ted Cruz, who ")[1] == (15, 18)
    assert verb_subject("and that the ministry ")[1] == (9, 21)
    # a relative pronoun as the verb's object: its clause's subject, leading "and" dropped
    assert verb_subject("the wall, which he ")[1] == (16, 18)
    assert verb_subject(", that and Ali")[1] == (11, 14)  # found by hypothesis in CI
