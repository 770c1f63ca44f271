"""Source cues and the class of a speaker phrase (helpers.measure.sources)."""

import pytest
from hypothesis import given, settings, strategies as st

from helpers.core.errors import FramingError
from helpers.measure.sources import classify_source, load_source_cues


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


def test_bad_cue_file_is_a_framing_error(tmp_path):
    d = tmp_path / "data" / "attribution"
    d.mkdir(parents=True)
    (d / "source_cues.csv").write_text("cue,cue_type,note\nReuters,news_org,x\nfoo,bogus,y\n")
    with pytest.raises(FramingError, match=r"row 2.*bogus"):
        load_source_cues(d / "source_cues.csv")


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
    from helpers.measure.sources import _cue_in, _words

    phrase = sep.join(words)
    tokens = [w for _, _, w in _words(phrase)]
    got = _cue_in(phrase, set(tokens), {w.lower() for w in tokens}, _CUE_SET)
    assert got == _reference_has_cue(phrase, tokens, _CUE_SET)


@pytest.mark.parametrize("phrase,cls,speaker", [
    ("DNC Chair Tom Perez", "named_person", "Tom Perez"),
    ("Republicans", "anonymous", "Republicans"),            # a named group of unnamed people
    ("While Democrats", "anonymous", "While Democrats"),    # "While" is no first name
    ("The Hill", "named_institution", "Hill"),              # a personal name takes no article
    ("the FBI", "named_institution", "FBI"),                # an acronym head
    ("The Clinton campaign", "named_institution", "Clinton campaign"),
    ("campaign pins", "anonymous", "campaign pins"),        # "campaign" only as the head noun
    ("local party leaders", "anonymous", "local party leaders"),
    ("Hawkins and others", "named_person", "Hawkins"),
    ("Cruz has long", "named_person", "Cruz"),              # trailing auxiliary and adverb
    ("The Trump team", "named_institution", "Trump team"),
    ("RT and its defenders", "named_institution", "RT"),
    ("North Korea", "named_institution", "North Korea"),     # a country for its government
    ("PolitiFact", "named_institution", "PolitiFact"),       # a capital inside: no surname
    ("McConnell", "named_person", "McConnell"),
    ("Flight attendants' union", "named_institution", "Flight attendants' union"),
    ("a union representing teachers", "anonymous", "a union representing teachers"),
    ("the Supreme Court this month", "named_institution", "Supreme Court"),
    ("a CNN/ORC poll", "named_institution", "CNN/ORC"),
    ("the poll", "document", "the poll"),
    ("she jokingly", "pronoun", "she"),
    ("He's", "pronoun", "He"),
    ("With", "anonymous", "With"),                          # no name (the cue is kept)
    ("Nobody", "unattributed", ""),                          # no source at all
    ("Smith's family", "anonymous", "Smith's family"),       # the possessor is no source
    ("a Smith ally", "anonymous", "a Smith ally"),           # "-ly" noun, not an adverb
    ("the Commission on Public Debates", "named_institution", "Commission"),  # not a person
])
def test_classify_source_us_campaign_forms(seed_cues, phrase, cls, speaker):
    got = classify_source(phrase, seed_cues)
    assert (got[0], got[1]) == (cls, speaker)


_ARTICLE = ("A headline\nJudge Amy Berman heard the case. A new Quinnipiac University poll was out. "
            "Critics were loud. \u201cNo,\u201d Coan, Smith's attorney, said. The judge said no. "
            "Mourners gathered; critics said more. The poll showed a tie. A new poll showed "
            "a gap. Milley said yes. Indeed, a broader swath of voters said no. "
            "Clinton's lawyer Cheryl Mills spoke. His lawyer said no. Rep. Gregory Meeks "
            "(D-N.Y.), chairman of the caucus, said so. A memorable Hillary Clinton ad said.")


@pytest.mark.parametrize("phrase,cls,want", [
    ("The judge", "anonymous", ("named_person", "Amy Berman")),     # role named earlier
    ("Smith's attorney", "anonymous", ("named_person", "Coan")),    # appositive
    ("The poll", "document", ("named_institution", "Quinnipiac University")),
    ("A new poll", "document", ("anonymous", None)),                # no poll named
    ("Mourners", "named_person", ("anonymous", None)),              # never a name here
    ("Milley", "named_person", ("named_person", "Milley")),         # a surname stays
    ("a broader swath of voters", "anonymous", ("anonymous", None)),  # "Indeed" is no name
    ("His lawyer", "anonymous", ("anonymous", None)),   # Mills is Clinton's lawyer, not his
    ("chairman of the caucus", "anonymous", ("named_person", "Gregory Meeks")),
    ("A memorable Hillary Clinton ad", "document", ("named_person", "Hillary Clinton")),
])
def test_resolve_in_article(seed_cues, phrase, cls, want):
    from helpers.measure.referents import resolve_in_article

    at = _ARTICLE.index(phrase)
    got = resolve_in_article(_ARTICLE, at, at + len(phrase), cls, phrase, seed_cues, None)
    assert got[0] == want[0] and (want[1] is None or got[1] == want[1])



def test_resolve_in_article_with_the_article_memo(seed_cues):
    # one memo per article (issue 15, throughput): what is read in the article for a word
    # or a role is kept, so every phrase resolves as it does alone, also when asked again
    from helpers.measure.referents import resolve_in_article

    cases = [("The judge", "anonymous"), ("Smith's attorney", "anonymous"),
             ("Mourners", "named_person"), ("Milley", "named_person"),
             ("His lawyer", "anonymous"), ("chairman of the caucus", "anonymous"),
             ("The poll", "document"), ("Amy Berman", "named_person")]
    alone = []
    for phrase, cls in cases:
        at = _ARTICLE.index(phrase)
        alone.append(resolve_in_article(_ARTICLE, at, at + len(phrase), cls, phrase, seed_cues, None))
    assert alone[0] == ("named_person", "Amy Berman") and alone[2][0] == "anonymous"
    memo: dict = {}
    for _ in range(2):
        for (phrase, cls), want in zip(cases, alone):
            at = _ARTICLE.index(phrase)
            assert resolve_in_article(_ARTICLE, at, at + len(phrase), cls, phrase, seed_cues,
                                      None, memo) == want
    # "Mourners" is a name in an article that writes it capitalised inside a sentence
    other = "A headline\nThe singer Mourners said yes. Mourners said no."
    at = other.rindex("Mourners")
    assert resolve_in_article(other, at, at + 8, "named_person", "Mourners", seed_cues,
                              None, {}) == ("named_person", "Mourners")

def test_headline_role_takes_the_lede_person_and_the_nominee_the_previous_source(seed_cues):
    from helpers.measure.referents import resolve_in_article

    text = "Lawmaker urges action\nRep. Adam Schiff, a Democrat, called for it. The nominee said no."
    assert resolve_in_article(text, 0, 8, "anonymous", "Lawmaker", seed_cues, None) == \
        ("named_person", "Adam Schiff")
    at = text.index("The nominee")
    got = resolve_in_article(text, at, at + 11, "anonymous", "The nominee", seed_cues,
                             ("named_person", "Donald Trump"))
    assert got == ("named_person", "Donald Trump")


def test_coordinated_sources_are_one_span(seed_cues):
    # issue 15: PolNeAR codes "A and B said" as one source span; the class is the first's
    phrase = "Hawkins and Doe"
    cls, speaker, a, b = classify_source(phrase, seed_cues)
    assert (cls, speaker, phrase[a:b]) == ("named_person", "Hawkins", phrase)
