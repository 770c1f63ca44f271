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


def test_subject_without_fronted_phrases_and_tags():
    # issue 15 (sample 6): a fronted adverbial, a stray quotation mark, a sentence adverb,
    # a relative clause's head and a party tag are no part of the subject
    from helpers.measure.clauses import trim_subject, verb_subject

    def sub(before):
        span = trim_subject(before, *verb_subject(before)[1])
        return before[span[0]:span[1]]

    assert sub("In a television interview Smith ") == "Smith"
    assert sub("On Tuesday the mayor ") == "the mayor"
    assert sub("In 2015 she ") == "she"
    assert sub("'' Ms. Doe ") == "Ms. Doe"
    assert sub("Yet the council ") == "the council"
    assert sub("Last week the governor ") == "the governor"
    assert sub("a plan that the ministry ") == "the ministry"
    assert sub("Sen. Jane Roe, D-Ore., ") == "Sen. Jane Roe"
    assert sub("Rep. John Doe (R-Tex.) ") == "Rep. John Doe"
    # no subject found again inside the phrase: kept whole
    assert sub("At a rally in Ohio Smith ") == "At a rally in Ohio Smith"


def test_object_after_keeps_titles_and_initials():
    from helpers.measure.clauses import object_after

    for text, want in [(" Rep. Jane Roe, a member", "Rep. Jane Roe"),
                       (" Dennis B. Doe, another", "Dennis B. Doe"),
                       (" Smith. He said", "Smith")]:
        s, e = object_after(text, 0, len(text))
        assert text[s:e] == want


def test_sentence_subject_skips_a_fronted_phrase():
    from helpers.measure.clauses import sentence_subject

    def subject(text):
        span = sentence_subject(text, 0, len(text))
        return span and text[span[0]:span[1]]

    assert subject("At a rally in Ames, Iowa, on Sunday, Mrs. Clinton spoke, saying") == "Mrs. Clinton"
    assert subject("In an interview, Trump attacked Obama, calling") == "Trump"
    assert subject("Later, Clinton said") == "Clinton"
    assert subject("With his campaign in trouble, 721 delegates voted") is None  # never "With"
    assert subject("The minister met the envoy and said") == "The minister"
