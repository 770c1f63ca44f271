"""Name mentions and their grouping into actors, on hand-written sentences."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import ROOT
from helpers.discover import (actor_forms, find_in_text, find_mentions, load_name_cues, stop_words, word_stats)

CUES = load_name_cues(ROOT / "data" / "discover" / "name_cues.csv")
STOP = stop_words()

# Written for these tests: three short reports of one fictional week.
TEXTS = pd.Series({
    "a1": ("Trump to meet Kim in June\n\n"
           "President Trump said on Tuesday that he would meet Kim Jong Un, the North Korean leader, in June. "
           "The meeting was announced by the White House. Mr. Kim did not comment, and officials in "
           "Pyongyang said nothing. The North Korean leader has threatened the United States before."),
    "a2": ("KIM AGREES TO TALKS WITH WASHINGTON\n\n"
           "North Korean leader Kim Jong Un agreed to talks with the United States, officials said. "
           "Kim said the talks would be good. But officials in Seoul were careful. The talks are planned "
           "for June, and Mr. Kim will travel by train."),
    "b1": ("The Dictator Goes To The Summit As The World Watches\n\n"
           "Donald Trump will meet Kim Jong Un next month. Critics said Mr. Trump was naive about "
           "Mr. Kim. The North Korean leader has not given up a single weapon, critics said, and "
           "Trump ignored them."),
})
ARTICLES = pd.DataFrame({"article_id": ["a1", "a2", "b1"], "outlet": ["A", "A", "B"], "event": ["e1"] * 3})


@pytest.fixture(scope="module")
def forms() -> pd.DataFrame:
    names, descs, stats = find_mentions(TEXTS, CUES, STOP)
    return actor_forms(names, descs, CUES, stats, min_count=2)


def _actor_of(forms: pd.DataFrame, form: str) -> set[str]:
    return set(forms.loc[forms["form"] == form, "actor"])


def test_mr_kim_full_name_and_description_are_one_actor(forms):
    kim = _actor_of(forms, "Kim Jong Un")
    assert len(kim) == 1
    assert _actor_of(forms, "Mr. Kim") == kim
    assert _actor_of(forms, "Kim") == kim
    assert _actor_of(forms, "North Korean leader") == kim
    assert _actor_of(forms, "Mr. Trump") == _actor_of(forms, "Donald Trump") != kim


def test_kinds_of_forms(forms):
    kinds = dict(zip(forms["form"], forms["kind"]))
    assert kinds["Mr. Kim"] == "title+name"
    assert kinds["Kim Jong Un"] == "full name"
    assert kinds["Kim"] == "surname"
    assert kinds["North Korean leader"] == "description"


def test_sentence_initial_capitals_make_no_name(forms):
    found = set(forms["form"])
    for word in ("The", "But", "Critics", "The meeting", "The talks"):
        assert word not in found
    names, _, _ = find_mentions(TEXTS, CUES, STOP)
    assert not names["form"].str.match(r"^(?:The|But|Critics)\b").any()


def test_all_caps_and_title_case_headlines_make_no_name():
    names, _, _ = find_mentions(TEXTS, CUES, STOP)
    headline_ends = {"a2": TEXTS["a2"].index("\n"), "b1": TEXTS["b1"].index("\n")}
    for article_id, end in headline_ends.items():
        inside = names[(names["article_id"] == article_id) & (names["start"] < end)]
        assert inside.empty, inside["form"].tolist()
    assert not names["form"].isin(["WASHINGTON", "KIM AGREES", "Dictator Goes", "Summit", "World Watches"]).any()


def test_offsets_point_at_the_form():
    names, descs, _ = find_mentions(TEXTS, CUES, STOP)
    for table in (names, descs):
        for r in table.itertuples(index=False):
            assert TEXTS[r.article_id][r.start:r.end] == r.form


def test_a_repeated_line_is_read_once_and_found_at_each_place():
    # the same wire paragraph in two articles, at different offsets, and twice in one
    wire = "North Korean leader Kim Jong Un met President Moon Jae-in, the South Korean leader, in Seoul."
    # a title-case line is read by the headline rule only where it is an article's first line
    head = "Quanta Cortes Prefer Aldo Ferri"
    texts = pd.Series({"w1": f"Kim Meets Moon\n\n{wire}", "w2": f"A short intro.\n{wire}\n\nMr. Kim left.\n{wire}",
                       "w3": f"\n{head}\nMost voters prefer Aldo Ferri.", "w4": f"Polls.\n{head}"})
    stats = word_stats(texts.tolist())
    names, descs, _ = find_mentions(texts, CUES, STOP, stats)
    for table, attr in ((names, "names"), (descs, "descriptions")):
        # the rows of reading each whole text on its own (find_in_text), in order
        alone = [{"article_id": a, **r} for a, t in texts.items()
                 for r in getattr(find_in_text(t, CUES, stats, STOP), attr)]
        assert table.to_dict("records") == [{c: r[c] for c in table.columns} for r in alone]
    assert list(names.loc[names["article_id"] == "w2", "form"]).count("Kim Jong Un") == 2
    read = lambda a: [f for f in names.loc[names["article_id"] == a, "form"] if f.startswith("Quanta")]  # noqa: E731
    assert read("w4") and not read("w3")


def test_titles_acronyms_and_possessives():
    text = ("Former FBI Director James Comey met Secretary of State Mike Pompeo. The Democratic National "
            "Committee (DNC) and the U.S. objected, and North Korea's Kim was silent.")
    found = find_in_text(text, CUES, word_stats([text]), STOP)
    cores = [n["core"] for n in found.names]
    assert "James Comey" in cores and "Mike Pompeo" in cores
    assert {"Democratic National Committee", "DNC", "U.S.", "North Korea", "Kim"} <= set(cores)
    linked = {d["form"]: d["link"] for d in found.descriptions}
    assert linked["Former FBI Director"] == "James Comey"


def test_acronym_joins_the_name_it_spells():
    texts = pd.Series({"x": "The Democratic National Committee (DNC) sued. The DNC said the suit was "
                            "needed, and a lawyer for the Democratic National Committee agreed. The DNC won."})
    names, descs, stats = find_mentions(texts, CUES, STOP)
    forms = actor_forms(names, descs, CUES, stats, min_count=2)
    assert _actor_of(forms, "DNC") == _actor_of(forms, "Democratic National Committee") == {"democratic_national_committee"}


def test_demonym_joins_its_place_and_shared_surname_stays_apart():
    texts = pd.Series({"x": "Officials in North Korea said North Korean troops moved. North Korea denied it. "
                            "South Korea and North Korea met, and Korea was quiet."})
    names, descs, stats = find_mentions(texts, CUES, STOP)
    forms = actor_forms(names, descs, CUES, stats, min_count=1)
    assert _actor_of(forms, "North Korean") == _actor_of(forms, "North Korea")
    assert _actor_of(forms, "Korea") != _actor_of(forms, "North Korea")


def test_actor_id_is_the_full_name_without_title_and_not_a_stray_phrase():
    # Written for this test: the full name is only ever written after a title, and one
    # stray capitalised phrase ("Ruritania Nuclear") contains the name of a much more frequent actor.
    texts = pd.Series({
        "m1": ("Officials said President Moon Jae-in would travel. Later President Moon Jae-in spoke, and "
               "officials said Mr. Moon was calm. They met in Ruritania, and officials in Ruritania said Ruritania would talk."),
        "m2": ("Reporters said Mr. Moon had left. Analysts said Ruritania wanted more, and critics said Ruritania lied "
               "about the Ruritania Nuclear talks while Ruritania waited."),
    })
    names, descs, stats = find_mentions(texts, CUES, STOP)
    got = actor_forms(names, descs, CUES, stats, min_count=2)
    ids = dict(zip(got["form"], got["actor"]))
    assert ids["Mr. Moon"] == ids["President Moon Jae-in"] == "moon_jae_in"
    assert ids["Ruritania"] == ids["Ruritania Nuclear"] == "ruritania"


def test_place_table_groups_capitals_seats_and_demonyms_with_their_country():
    # Written for this test: a country named by its capital, its seat of government, its
    # demonyms and its acronym, beside a region whose name contains another country's name.
    texts = pd.Series({"p1": ("Officials in Pyongyang said North Korea would talk. The DPRK sent envoys, and "
                              "North Koreans watched. Moscow said nothing; the Kremlin said Russia was calm. "
                              "Migrants from Central America crossed, and America said Central America must act."),
                       "p2": ("Britain and the UK government spoke: Downing Street said Britons would help. "
                              "Pyongyang denied it, and Russian officials said the Russian government agreed.")})
    names, descs, stats = find_mentions(texts, CUES, STOP)
    got = actor_forms(names, descs, CUES, stats, min_count=1)
    ids = dict(zip(got["form"], got["actor"]))
    assert ids["Pyongyang"] == ids["DPRK"] == ids["North Koreans"] == ids["North Korea"]
    assert ids["Moscow"] == ids["Kremlin"] == ids["Russia"] == ids["Russian officials"] == ids["Russian government"]
    assert ids["Britain"] == ids["UK"] == ids["Downing Street"] == ids["Britons"]
    assert ids["America"] != ids["Central America"]
    assert set(got.loc[got["form"] == "Pyongyang", "kind"]) == {"metonym"}


def test_month_names_are_names_unless_used_as_dates():
    # Written for this test: "May" the politician beside "May" the month.
    texts = pd.Series({"d1": ("Theresa May met the press on Monday. May said the talks in May had gone well, "
                              "and on May 3 Mrs. May left. Critics said May was tired.")})
    names, _, _ = find_mentions(texts, CUES, STOP)
    starts = names.loc[names["core"] == "May", "start"].tolist()
    text = texts["d1"]
    assert len(starts) == 3  # "May said", "Mrs. May", "said May"
    assert all(text[s - 3:s] != "in " and text[s + 3:s + 5] != " 3" for s in starts)
    assert "Monday" not in set(names["core"])


def test_short_form_joins_the_actor_its_longer_forms_share_and_middle_initials_are_dropped():
    # Written for this test: "the North" beside North Korea's several forms and one North Carolina;
    # a full name written with and without its middle initial; a name only ever written with a title.
    texts = pd.Series({"n1": ("Officials said North Korea and North Koreans agreed, and the North was calm. "
                              "Then, North Korea spoke, and North Korea left. A senator from North Carolina disagreed. "
                              "James Comey testified; James B. Comey said Comey was right. "
                              "Japanese Prime Minister Taro Kono met Prime Minister Taro Kono's staff.")})
    names, descs, stats = find_mentions(texts, CUES, STOP)
    got = actor_forms(names, descs, CUES, stats, min_count=1)
    ids = dict(zip(got["form"], got["actor"]))
    assert ids["North"] == ids["North Korea"] == ids["North Koreans"] != ids["North Carolina"]
    assert ids["James B. Comey"] == ids["James Comey"] == ids["Comey"]
    assert ids["Taro Kono"] == ids["Prime Minister Taro Kono"] == ids["Japanese Prime Minister Taro Kono"]
    assert set(got.loc[got["form"] == "Taro Kono", "kind"]) == {"full name"}


def test_frequent_plural_subjects_of_speech_verbs_are_group_actors():
    # Written for this test: "protesters" speak and act in two articles; "talks" are frequent but never speak.
    from helpers.discover import group_nouns
    texts = pd.Series({"g1": ("Police said protesters said the talks failed. As the talks went on, protesters were "
                              "angry. Police watched protesters. Then the talks ended."),
                       "g2": ("At noon protesters chanted as the talks resumed. By then protesters have gathered, "
                              "talks or not, and the talks stalled.")})
    got = group_nouns(texts, CUES, STOP)
    assert set(got["core"]) == {"protesters"}
    assert len(got) == 5
