"""The comparison view: a study's events and its comparison unit (any manifest column)."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import copy_project
from helpers.compare import contrasting_form, top_actors
from helpers.core.errors import FramingError
from helpers.core.study import Study
from helpers.corpus import add_articles
from helpers.run import stages, tables
from helpers.run.view import comparison_view

RECORDS = [{"text": f"Headline {i}\n\nThe minister said the plan may work, officials said.\n",
            "outlet": outlet, "lean": lean, "event": event}
           for i, (outlet, lean, event) in enumerate([
               ("Left Post", "left", "e1"), ("Left Daily", "left", "e1"), ("Right Times", "right", "e1"),
               ("Left Post", "left", "e2"), ("Right Times", "right", "e2"), ("Right Wire", "", "e3")])]


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("view"), "lexicons", "rules", "attribution")
    study = Study.open("lean-study", root=project)
    add_articles(RECORDS, study.corpus_dir)
    stages.run_study(study, processes=1, compare=False)
    return project, study


def test_default_view_is_the_tables_unchanged(measured):
    _, study = measured
    arts, segs, m = tables.read_articles(study), tables.read_table(study, "segments"), tables.read_measures(study)
    view = comparison_view(study, arts, segs, m)
    assert view.articles is arts and view.measures is m
    assert set(view.nesting["group"]) == {"Left Post", "Left Daily", "Right Times", "Right Wire"}


def test_group_by_a_manifest_column_keeps_the_outlets_nested(measured):
    project, study = measured
    lean = study.with_options(settings={**study.settings, "group": "lean", "events": ["e1", "e2"]})
    view = comparison_view(lean, tables.read_articles(study), tables.read_table(study, "segments"),
                           tables.read_measures(study))
    assert set(view.articles["outlet"]) == {"left", "right"}  # e3 (no lean) is left out by the events
    assert set(view.articles["outlet_name"]) == {"Left Post", "Left Daily", "Right Times"}
    assert set(view.measures.features["outlet"]) == {"left", "right"}
    assert set(view.measures.hits["article_id"]) <= set(view.articles["article_id"])
    nest = view.nesting.set_index(["group", "outlet_name"])["n_articles"].to_dict()
    assert nest == {("left", "Left Daily"): 1, ("left", "Left Post"): 2, ("right", "Right Times"): 2}
    everything = study.with_options(settings={**study.settings, "group": "lean"})
    view = comparison_view(everything, tables.read_articles(study), tables.read_table(study, "segments"),
                           tables.read_measures(study))
    assert "(none)" in set(view.articles["outlet"])  # an article without a value is its own group


def test_unknown_group_or_event_is_a_one_line_error(measured):
    _, study = measured
    args = (tables.read_articles(study), tables.read_table(study, "segments"), tables.read_measures(study))
    with pytest.raises(FramingError, match="no column 'country'"):
        comparison_view(study.with_options(settings={**study.settings, "group": "country"}), *args)
    with pytest.raises(FramingError, match="events e9 are not in the corpus"):
        comparison_view(study.with_options(settings={**study.settings, "events": ["e9"]}), *args)


def test_examples_come_from_the_data():
    naming = pd.DataFrame({"outlet": ["A", "A", "B", "B"], "actor": ["kim"] * 4,
                           "surface_form": ["Kim", "Mr. Kim", "Kim", "Rocket Man"], "count": [5, 5, 2, 8]})
    assert top_actors(naming) == ["kim"]
    assert contrasting_form(naming) == "Rocket Man"  # 0 % of A's mentions, 80 % of B's
    assert contrasting_form(naming.iloc[:0]) is None and top_actors(naming.iloc[:0]) == []
