"""Rules that propose more of an actor's written forms, and the wrong candidates they must not
make, each pinned on a few hand-written sentences (fictional people and events)."""

from __future__ import annotations

import pandas as pd

from helpers.discover import actor_forms, find_mentions, group_descriptions, group_nouns
from name_rules import CUES, STOP, actors_of as _actors, forms_of as _forms, found_in as _found


def test_a_state_body_that_modifies_a_noun_is_no_form_of_the_country():
    found = _found("North Korea's state news agency said so, and North Korea's state media agreed. "
                   "North Korea's government said more. Mr. Kim spoke of her official campaign speech, and "
                   "his administration said no. Critics call Cuba's government tyrannical.")
    forms = {d["form"] for d in found.descriptions}
    assert {"North Korea's government", "his administration", "Cuba's government"} <= forms
    assert not forms & {"North Korea's state", "her official"}


def test_a_word_as_often_capitalised_as_not_opens_a_longer_name_at_a_sentence_start():
    found = _found("Homeland Security Secretary Ann Vale spoke. The homeland was calm. Ms. Vale of Homeland "
                   "Security left.")
    fulls = {n["full"] for n in found.names}
    assert "Homeland Security Secretary Ann Vale" in fulls
    assert "Homeland Security Secretary" in {d["form"] for d in found.descriptions}


def test_an_abbreviated_title_keeps_its_dot_in_the_description():
    found = _found("The deal held. Former Ohio Gov. Bo Lind spoke, and Utah Sen. Di Pratt left.")
    forms = {d["form"] for d in found.descriptions}
    assert {"Former Ohio Gov.", "Utah Sen."} <= forms
    assert not forms & {"Former Ohio Gov", "Utah Sen"}


def test_a_word_alone_at_a_sentence_start_needs_to_be_mostly_capitalised():
    text = ("Fox News reported it. Sky News agreed, and then Metro News did too. News of the deal spread. The news "
            "was big, and the news spread. Lind spoke. Lind and Bo Lind left.")
    cores = {n["core"] for n in _found(text).names}
    assert "News" not in cores
    assert "Lind" in cores  # a surname at a sentence start stays


def test_a_verb_before_a_role_noun_and_its_modifiers_is_no_part_of_the_description():
    found = _found("Voters will help defeat Green presidential nominee Bo Lind. Ada Roe has endorsed Green "
                   "presidential nominee Bo Lind. Cy Moss won, defeating fellow Ohio congresswoman Di Pratt. "
                   "He was accused of helping now-presumptive nominee Al Roe.")
    forms = {d["form"] for d in found.descriptions}
    assert {"Green presidential nominee Bo Lind", "fellow Ohio congresswoman Di Pratt",
            "now-presumptive nominee Al Roe"} <= forms
    assert not [f for f in forms if f.split()[0] in ("defeat", "endorsed", "defeating", "helping")]


def test_a_party_member_in_the_singular_joins_the_party():
    got = _forms({"r1": ("The Republican Party met in Ohio, and Republicans said no. A Republican spoke, and two "
                         "House Republican leaders agreed with the Republican.")})
    assert _actors(got, "Republican") == _actors(got, "Republicans") == _actors(got, "Republican Party")
    got = _forms({"o1": ("President Al Roe spoke, and Mr. Roe left. The Roe White House said no; the Roes "
                         "waved, and Roe smiled.")})
    assert not _actors(got, "Roe") & (_actors(got, "Roes") | _actors(got, "Roe White House"))  # a seat, no party


def test_a_state_noun_after_a_leader_is_his_country():
    got = _forms({f"j{i}": ("Japanese Prime Minister Taro Sato arrived. Mr. Sato spoke at length, and the "
                            "government agreed. Japan was calm.") for i in (1, 2)})
    assert _actors(got, "government") == _actors(got, "Japan") != _actors(got, "Taro Sato")


def test_a_bare_country_noun_far_from_any_name_is_the_country_the_article_is_about():
    filler = "the talks went on for hours and the weather was cold and wet all day long. " * 6
    got = _forms({f"c{i}": (f"Japan and Peru met in Japan. Japan was calm. {filler}The country was calm, and the "
                            f"state fair opened; the task force left.") for i in (1, 2)})
    assert _actors(got, "country") == _actors(got, "Japan")
    assert not _actors(got, "state") and not _actors(got, "task force")  # no country nouns


def test_the_people_a_collective_is_made_of_are_its_group():
    texts = pd.Series({
        f"m{i}": ("The migrant caravan moved north, and migrants rested; the migrant caravan waited. Then migrants "
                  "and immigrants prayed while supporters sang. Immigrants slept, migrants ate, immigrants walked, "
                  "and supporters left. Then supporters came back. The caravan's organizers and organizers of "
                  "the march met; the caravan's organizers spoke, and organizers left. The organizers slept."
                  + (" A caravan of hundreds of tired immigrants reached the border." if i == 1 else ""))
        for i in (1, 2)})
    names, found, stats = find_mentions(texts, CUES, STOP)
    names = pd.concat([names, group_nouns(texts, CUES, STOP)], ignore_index=True)
    descs = pd.concat([found, group_descriptions(texts, CUES, STOP)], ignore_index=True)
    got = actor_forms(names, descs, CUES, stats, min_count=1)
    assert _actors(got, "immigrants") == _actors(got, "migrants") == _actors(got, "caravan") == {"migrants"}
    assert _actors(got, "supporters") == {"supporters"}
    assert _actors(got, "caravan's organizers") == _actors(got, "organizers") == {"organizers"}


def test_a_person_role_with_a_demonym_is_the_person_of_that_country():
    got = _forms({f"d{i}": ("President Bo Lind of Peru met his Japanese counterpart on Friday. Japanese Prime "
                            "Minister Taro Sato smiled, and Japan was calm. Ambassador Li Wen came, and the Japanese "
                            "ambassador left.") for i in (1, 2)})
    assert _actors(got, "his Japanese counterpart") == _actors(got, "Taro Sato") != _actors(got, "Bo Lind")
    assert not _actors(got, "Japanese ambassador") & _actors(got, "Taro Sato")  # others carry that title
    one = _forms({"d1": ("President Bo Lind of Peru met his Japanese counterpart on Friday. Japanese Prime Minister "
                         "Taro Sato smiled. Japanese Prime Minister Taro Sato left, and Japan was calm.")})
    assert _actors(one, "his Japanese counterpart") == _actors(one, "Taro Sato")  # sure enough if written once


def test_a_places_side_and_a_body_before_a_plural_body_stand_for_the_place():
    got = _forms({"s1": ("Mexico waited. The Mexican side of the border was calm, and Russian intelligence agents "
                         "met U.S. government officials, while Russia and the United States talked. Obama "
                         "administration lawyers left.")})
    assert _actors(got, "Mexican side") == _actors(got, "Mexico")
    assert _actors(got, "Russian intelligence agents") == _actors(got, "Russia")
    assert _actors(got, "U.S. government officials") == _actors(got, "United States")
    assert "Obama administration lawyers" not in set(got["form"])  # a person role's plural is no body


def test_officials_without_a_name_are_the_state_named_last():
    got = _forms({f"o{i}": ("The road to Japan was shut, and immigration officials said it would stay shut; "
                            "officials agreed. Two officials left, and U.S. immigration officials waited.")
                  for i in (1, 2)})
    assert _actors(got, "immigration officials") == _actors(got, "officials") == _actors(got, "Japan") != set()
    assert not _actors(got, "Two officials")  # a count makes them people, and no two are named
    assert _actors(got, "U.S. immigration officials") == _actors(got, "U.S.")  # a name's: read whole
    rows = got[got["form"] == "immigration officials"]
    assert len(rows) == 2  # once an article: not again inside "U.S. immigration officials"


def test_our_two_nations_are_the_two_countries_named_last_but_our_country_is_no_description():
    got = _forms({f"n{i}": ("France and Japan signed, and the French leader said the deal binds our two nations. "
                            "He said our country was proud.") for i in (1, 2)})
    assert _actors(got, "our two nations") == _actors(got, "France") | _actors(got, "Japan")
    assert len(_actors(got, "our two nations")) == 2
    assert not _actors(got, "our country") and not _actors(got, "country")


def test_the_administration_of_a_leader_with_no_country_is_his():
    got = _forms({"a1": ("President Al Roe spoke. The Roe administration said no, and Mr. Roe left. A Roe official "
                         "and the Roe administration stayed.")})
    assert _actors(got, "Roe administration") == _actors(got, "Al Roe")
    assert not _actors(got, "Roe official")  # an official of his is not the man


def test_a_state_organ_stands_for_the_state_and_other_compounds_for_nothing():
    got = _forms({"g1": ("North Korea's state news agency said so, North Korean state media agreed, and Russia's "
                         "military spy agency hacked it; U.S. military strategy changed, and Russia, North Korea "
                         "and the United States talked. An Obama administration lawyer left.")})
    north = _actors(got, "North Korea")
    assert _actors(got, "North Korea's state news agency") == _actors(got, "North Korean state media") == north
    assert _actors(got, "Russia's military spy agency") == _actors(got, "Russia")
    assert not [f for f in got["form"] if f.endswith(("state", "military", "strategy", "lawyer"))]


def test_his_government_is_the_country_of_the_person_named_last_not_of_the_last_place():
    got = _forms({f"h{i}": ("Japanese Prime Minister Taro Sato came. Mr. Sato wants U.S. support of his government, "
                            "and Japan and the United States agreed.") for i in (1, 2)})
    assert _actors(got, "his government") == _actors(got, "Japan") != _actors(got, "United States")
