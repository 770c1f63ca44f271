"""Display names: ids read as words, names from the study's data win, colours are distinct."""

from __future__ import annotations

import matplotlib

from conftest import FIXTURES
from helpers.core.names import acronyms_of, title_from_id
from helpers.core.storage import write_csv
from helpers.core.study import Study
from helpers.present.explore import explorer_payload
from helpers.present.labels import CATEGORY_STYLES, category_name, category_styles, display_name
from helpers.present.style import OUTLET_COLOURS
from helpers.run.explorer import load_explorer_tables
from helpers.run.labels import actor_names, event_labels, study_names

import pandas as pd


def test_ids_read_as_words_and_given_names_win():
    assert display_name("iraq_government") == "Iraq government"
    assert display_name("ISIS") == "ISIS"
    assert display_name("united_states", {"united_states": "United States"}) == "United States"
    assert display_name("iran", {"iran": "  "}) == "Iran"  # an empty name falls back to the id
    assert category_name("loaded_terms") == "Loaded terms"
    assert category_name("new_category") == "New category"


def test_an_id_without_a_name_is_title_cased_with_its_acronyms():
    assert title_from_id("united_states") == "United States"
    assert title_from_id("irgc") == "Irgc"  # no entry says it is an acronym
    assert title_from_id("irgc", acronyms_of(["IRGC", "Revolutionary Guards"])) == "IRGC"
    assert title_from_id("islamic_republic_of_iran") == "Islamic Republic of Iran"
    assert acronyms_of(["the U.S.", "Islamic State", "Daesh*", "IS"]) == {"US", "IS"}


def test_category_styles_are_distinct_and_not_outlet_colours():
    styles = category_styles(list(CATEGORY_STYLES) + ["extra_one", "extra_two"])
    assert len({(s["bg"], s["line"], s["dash"]) for s in styles}) == len(styles)
    assert len({s["bg"] for s in styles[:6]}) == 6
    outlets = {matplotlib.colors.to_hex(c) for c in OUTLET_COLOURS}
    assert not outlets & {s["bg"] for s in styles}


def test_names_come_from_the_actor_table_and_the_manifest(tmp_path):
    lex = tmp_path / "lexicons"
    write_csv(pd.DataFrame({"entry": ["US", "America", "Iran", "IRGC", "Revolutionary Guards"],
                            "category": ["naming"] * 5,
                            "subcategory": ["united_states", "united_states", "iran", "irgc", "irgc"],
                            "display": ["", "The United States", "", "", ""]}), lex / "actors.csv")
    # a given display wins; otherwise the id title-cased, its acronyms (from its entries) upper-cased
    names = {"united_states": "The United States", "iran": "Iran", "irgc": "IRGC"}
    assert actor_names([lex, tmp_path / "absent"]) == names
    corpus = tmp_path / "data" / "corpora" / "demo"
    write_csv(pd.DataFrame({"article_id": ["a", "b"], "event": ["e1", ""],
                            "event_label": ["Missiles to Iraq", "Unlabelled"]}), corpus / "manifest.csv")
    assert event_labels(corpus) == {"e1": "Missiles to Iraq", "unspecified-event": "Unlabelled"}
    study = Study.open("demo", root=tmp_path, lexicons=lex)
    assert study_names(study) == {"actors": names,
                                  "events": {"e1": "Missiles to Iraq", "unspecified-event": "Unlabelled"}}


def test_explorer_payload_carries_display_names():
    study = Study.open("fixture", FIXTURES / "explorer", root=FIXTURES)
    tables = load_explorer_tables(study)
    event = sorted(set(tables["article_features"]["event"].astype(str)))[0]
    actor = sorted(set(tables["hits"].loc[tables["hits"]["category"] == "naming", "subcategory"]))[0]
    payload = explorer_payload(tables, title="t", names={"actors": {actor: "Given Name"},
                                                         "events": {event: "An event"}})
    assert payload["category_labels"] == [category_name(c) for c in payload["categories"]]
    assert "Given Name" in payload["actor_labels"].values()
    assert payload["event_labels"][payload["events"].index(event)] == "An event"
    plain = explorer_payload(tables, title="t")
    assert plain["event_labels"] == plain["events"]
    assert len(plain["category_style"]) == len(plain["categories"])
