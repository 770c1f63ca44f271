"""Furniture of text captures (one paragraph a line): each rule of data/rules/generic.csv
and of helpers.clean.layout pinned on a small text written for the test."""

from __future__ import annotations

from conftest import ROOT
from helpers.clean import clean_article, load_rules
from helpers.core.study import Study

RULES = load_rules("Some Outlet", Study.open(root=ROOT).rules)  # generic rules + heuristics

LEDE = ("The council voted on Tuesday to close the harbour bridge for repairs, a decision that "
        "residents of both banks had opposed for months, officials said.")
BODY = "The repairs will take six weeks and cost about $2 million, according to the city."


def clean(*lines: str):
    segments, audit = clean_article("\n\n".join(lines) + "\n", "t", "Some Outlet", RULES)
    by_line = {r.raw_line: r for r in audit.itertuples(index=False)}
    return segments, by_line


def kinds(*lines: str) -> list[str]:
    """The segment (or 'removed:reason') of each given line."""
    _, by_line = clean(*lines)
    return [by_line[x].segment if by_line[x].action == "kept" else f"removed:{by_line[x].reason}" for x in lines]


def test_a_dateline_lede_is_never_the_headline_and_a_capture_without_headline_has_none():
    lede = "HARBOURTON, Maine — " + LEDE
    assert kinds(lede, BODY) == ["lede", "body"]


def test_lines_between_the_headline_and_a_datelined_lede_are_captions():
    caption = "A ferry crossing the harbour near the bridge."
    lede = "HARBOURTON, Maine (AP) — " + LEDE
    assert kinds("Council shuts harbour bridge", caption, lede, BODY) == ["headline", "caption", "lede", "body"]


def test_wire_datelines_with_a_date_open_the_lede():
    lede = "Oct. 3 (UPI) — " + LEDE
    assert kinds("Council shuts harbour bridge", lede, BODY) == ["headline", "lede", "body"]


def test_a_dateline_alone_on_a_line_is_metadata_not_text():
    assert kinds("Council shuts harbour bridge", "HARBOURTON, Maine —", LEDE) == \
        ["headline", "removed:dateline", "lede"]


def test_a_headline_style_line_after_the_headline_is_a_video_title():
    assert kinds("Council shuts harbour bridge for six weeks", "Mayor defends bridge closure.", LEDE, BODY) == \
        ["headline", "caption", "lede", "body"]
    # a standfirst written as a sentence (articles, "is") stays the lede
    assert kinds("Council shuts harbour bridge", "The bridge is closing for repairs.", LEDE) == \
        ["headline", "lede", "body"]


def test_a_photo_caption_saying_when_it_was_taken_is_a_caption():
    caption = "Residents of the east bank, at a protest against the closure in Harbourton on Sunday."
    assert kinds("Council shuts harbour bridge", caption, LEDE) == ["headline", "caption", "lede"]


def test_a_video_title_and_description_before_the_story_are_captions():
    title = "Harbour bridge to close for repairs."
    desc = "The city confirms the closure; correspondent Ann Lee reports from Harbourton."
    assert kinds(title, desc, LEDE, BODY) == ["caption", "caption", "lede", "body"]


def test_participle_captions_inside_the_story():
    assert kinds("Council shuts harbour bridge", LEDE, "Commuters waiting for the last ferry.", BODY) == \
        ["headline", "lede", "caption", "body"]
    # a sentence with a finite verb before the participle stays body
    assert kinds("Council shuts harbour bridge", LEDE, "He denied personally speaking to the mayor.", BODY) == \
        ["headline", "lede", "body", "body"]


def test_teasers_and_the_labelled_lines_next_to_them_are_removed():
    lines = ["Council shuts harbour bridge", LEDE, "More: How the bridge was built in 1932.",
             "The Explainer: Why old bridges need new steel.", "Related: Ferry fares rise again.",
             "As Harbour News reported:", "Watch: the bridge at night", BODY]
    assert kinds(*lines) == ["headline", "lede", "removed:teaser", "removed:teaser", "removed:read_more",
                             "removed:teaser", "removed:teaser", "body"]


def test_editor_notes_are_removed():
    lines = ["Council shuts harbour bridge", "Second paragraph (index) is missing.", LEDE,
             "This story has been updated to correct the cost of the repairs.",
             "Correction: An earlier version misstated the date.", BODY]
    assert kinds(*lines) == ["headline", "removed:editor_note", "lede", "removed:editor_note",
                             "removed:editor_note", "body"]


def test_social_media_embeds_are_their_own_segment():
    frame = "Ann Lee of Harbour News tweeted"
    tweet = "The bridge is closed. Long queues at the ferry. — Ann Lee (@annlee) October 3, 2018"
    pic = "Queues at the ferry pic.twitter.com/AbCdEf123"
    assert kinds("Council shuts harbour bridge", LEDE, frame, tweet, pic, BODY) == \
        ["headline", "lede", "embed", "embed", "embed", "body"]


def test_a_post_repeated_after_the_paragraph_quoting_it_is_the_embed():
    post = "The bridge will reopen on time and on budget, believe me, it will be great"
    quoting = f'The mayor replied on Twitter: "{post}," he wrote.'
    assert kinds("Council shuts harbour bridge", LEDE, quoting, post, BODY) == \
        ["headline", "lede", "body", "embed", "body"]


def test_a_repeated_paragraph_is_removed_and_points_at_the_first():
    segments, by_line = clean("Council shuts harbour bridge", LEDE, BODY, "Ferries will run every hour.", BODY)
    rows = [r for r in by_line.values() if r.raw_line == BODY]
    assert list(segments["text"]).count(BODY) == 1
    audit = clean_article("\n\n".join(["Council shuts harbour bridge", LEDE, BODY, "Ferries run.", BODY]) + "\n",
                          "t", "Some Outlet", RULES)[1]
    dup = audit[audit["reason"] == "duplicate"]
    assert list(dup["line_no"]) == [9] and list(dup["flags"]) == ["duplicate_of:5"]
    assert rows  # the line is in the audit


def test_many_repeated_short_items_of_a_structured_text_are_kept():
    item = "Portion containers for the day: one green, one red, one yellow, one teaspoon."
    lines = ["Meal plan for the week", LEDE]
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"):
        lines += [f"Plan for {day} of this week, as agreed with the dietitian, is below.", item]
    _, by_line = clean(*lines)
    audit = clean_article("\n\n".join(lines) + "\n", "t", "Some Outlet", RULES)[1]
    assert (audit.loc[audit["raw_line"] == item, "action"] == "kept").all()


def test_a_repeated_passage_is_removed_even_in_a_long_text():
    paras = [f"Paragraph number {k} of the story tells what happened at the bridge on day {k}." for k in range(5)]
    lines = ["Council shuts harbour bridge", LEDE] + paras + paras
    audit = clean_article("\n\n".join(lines) + "\n", "t", "Some Outlet", RULES)[1]
    assert (audit["reason"] == "duplicate").sum() == 5


def test_a_long_first_paragraph_is_not_a_headline():
    long_first = " ".join([LEDE, BODY])
    assert kinds(long_first, BODY + " More.")[0] == "lede"
