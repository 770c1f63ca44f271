"""The per-line decisions: layout heuristics for outlets without rules, and segments."""

from __future__ import annotations

from conftest import ROOT
from helpers.clean import clean_article, compile_rules, decide_lines, load_rules, split_lines
from helpers.core.study import Study

RULES = Study.open(root=ROOT).rules  # the committed rules, read only
NO_RULES = compile_rules(None)       # heuristics only


def test_split_lines_keeps_every_line_but_no_phantom_last_one():
    assert split_lines("a\r\nb\rc\n\nd\n") == ["a", "b", "c", "", "d"]
    assert split_lines("") == [""]
    assert split_lines("\n") == [""]


def test_generic_top_of_page_keeps_the_headline_under_masthead_and_menu():
    """A masthead, a ' | ' menu and the headline at the top of a capture from an
    outlet without rules: the first two are navigation, the headline survives."""
    text = ("Harbor Gazette\nHome | World | Business | Opinion\n"
            "Israel says it downed drone launched toward Golan Heights\n\n"
            "Israel's military said on Friday it had shot down a drone.\n\n"
            "An army spokesman said the launch came from Syria.\n")
    segments, audit = clean_article(text, "g1", "Harbor Gazette", load_rules("Harbor Gazette", RULES))
    assert segments.iloc[0]["segment"] == "headline"
    assert segments.iloc[0]["text"] == "Israel says it downed drone launched toward Golan Heights"
    removed = audit[audit["action"] == "removed"].set_index("line_no")
    assert removed.loc[1, "reason"] == removed.loc[2, "reason"] == "navigation"
    assert removed.loc[2, "rule"] == "generic:menu_bar"


def test_a_run_of_short_lines_under_a_teaser_is_a_link_list_anywhere():
    text = ("Headline of the story here today\n\nFirst sentence of the story.\n\n"
            "READ MORE: Markets slide again\nWeather turns cold\nTeam wins cup final match\nRain due on Friday\n\n"
            "Last sentence of the story.\n")
    segments, audit = clean_article(text, "g2", "Nobody", load_rules("Nobody", RULES))
    reasons = dict(zip(audit["raw_line"], audit["reason"]))
    assert reasons["READ MORE: Markets slide again"] == "read_more"
    assert [reasons[k] for k in ("Weather turns cold", "Team wins cup final match", "Rain due on Friday")] == \
        ["link_list"] * 3


def test_short_lines_inside_the_article_are_kept_list_items_and_headings():
    """Decision (on the development HTML pages 260 of the 302 lines the position-blind
    rule removed were article text): a run of short unpunctuated lines between sentences is the
    article's own list, table or headings, not a link list."""
    text = ("Headline of the story here today\n\nYou will need three things for the trip.\n"
            "- a baby carrier\n- healthy snack bars\n- a camera\nPre-Workout Meal\n"
            "Pack them the night before you leave.\n")
    segments, audit = clean_article(text, "g3", "Nobody", load_rules("Nobody", RULES))
    assert (audit.loc[audit["raw_line"] != "", "action"] == "kept").all()
    assert "- healthy snack bars" in set(segments["text"])


def test_short_lines_at_the_edges_of_the_article_are_still_a_link_list():
    text = ("Headline of the story here today\n\nFirst sentence of the story.\n\nLast sentence of the story.\n\n"
            "- 15 Amazing Images of Stars\n- 11 Facts About Our Galaxy\n- The Biggest Unanswered Questions\n")
    segments, audit = clean_article(text, "g4", "Nobody", load_rules("Nobody", RULES))
    tail = audit[audit["raw_line"].str.startswith("- ")]
    assert list(tail["reason"]) == ["link_list"] * 3


def test_a_line_in_a_script_without_spaces_is_not_short():
    line = "ショートカットの欄を空欄にしただけでは、Kindle for PCがショートカットで起動しなくなるだけです"
    d = decide_lines(["A sentence that is long enough to stay here.", line, line + "X", line + "Y",
                      "Another sentence that is long enough."], NO_RULES)
    assert d.action == ["kept"] * 5


TOP_AND_BOTTOM = [
    "Menu", "", "World news",                                    # top: <= 3 words, blank lines skipped
    "Four words in here",                                         # 4 words: the top walk stops here
    "",
    "Iran said on Friday that it would respond to the report.",
    "Two words",                                                  # not at an end: kept
    "The ministry did not comment further on the matter.",
    "",
    "Five words in this one",                                     # bottom: <= 6 words
    "Share",
    "",
]


def test_short_lines_are_removed_from_both_ends_with_their_own_word_limits():
    d = decide_lines(TOP_AND_BOTTOM, NO_RULES)
    removed = {i: (d.reason[i], d.rule[i]) for i in range(len(TOP_AND_BOTTOM)) if d.action[i] == "removed"}
    assert removed == {
        0: ("navigation", "generic:short_line_top"), 1: ("blank", ""), 2: ("navigation", "generic:short_line_top"),
        4: ("blank", ""), 8: ("blank", ""),
        9: ("navigation", "generic:short_line_bottom"), 10: ("navigation", "generic:short_line_bottom"),
        11: ("blank", ""),
    }
    assert [d.segment[i] for i in (3, 5, 6, 7)] == ["headline", "lede", "body", "body"]


def test_the_walk_from_each_end_stops_at_the_first_longer_or_punctuated_line():
    top, bottom = 3, 6  # words
    words = [" ".join(["word"] * k) for k in range(1, 9)]
    for k, line in enumerate(words, start=1):
        assert decide_lines([line, "A sentence that is long enough to stay here."], NO_RULES).action[0] == \
            ("removed" if k <= top else "kept"), line
        assert decide_lines(["A sentence that is long enough to stay here.", line], NO_RULES).action[1] == \
            ("removed" if k <= bottom else "kept"), line
    # a punctuated short line ends the walk too, and shields the lines beyond it
    d = decide_lines(["Yes.", "Menu", "A sentence that is long enough to stay here.", "Menu", "No."], NO_RULES)
    assert d.action == ["kept"] * 5


def test_lines_a_rule_placed_in_a_segment_stop_the_walk(tmp_path):
    rules_dir = tmp_path / "rules"
    rules_dir.mkdir()
    (rules_dir / "generic.csv").write_text("rule_id,match,pattern,action,arg,when,reason,note\n"
                                           "cap,exact,Photo: AP,set_segment,caption,any,,\n", encoding="utf-8")
    compiled = compile_rules(load_rules("Nobody", rules_dir))
    assert compiled.heuristics  # generic rules only: the heuristics still apply
    lines = ["Menu", "Photo: AP", "Top", "A sentence that is long enough to stay here.", "Photo: AP", "End"]
    d = decide_lines(lines, compiled)
    assert d.action == ["removed", "kept", "kept", "kept", "kept", "removed"]
    assert d.segment[1] == d.segment[4] == "caption" and d.rule[1] == "generic:cap"
