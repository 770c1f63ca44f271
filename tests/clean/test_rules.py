"""Outlet cleaning rules: rule files, their checks, and the compiled pre-screen."""

from __future__ import annotations

import shutil

import pytest

from conftest import ARTICLE_FILES, ROOT
from helpers.clean import compile_rules, decide_lines, load_rules, outlet_slug, split_lines
from helpers.core.errors import FramingError
from helpers.core.normalize import normalize_line
from helpers.core.study import Study

SEED = Study.open(root=ROOT)  # the committed seed study, read only
RAW = SEED.corpus_dir / "raw"


def test_outlet_slug_and_rule_files():
    assert outlet_slug("The Times of Israel") == "the-times-of-israel"
    assert outlet_slug("Sputnik") == "sputnik"
    rules = load_rules("Sputnik", SEED.rules)
    assert (rules["scope"] == "outlet").any() and (rules["scope"] == "generic").any()
    assert rules.loc[rules["scope"] == "generic", "rule_id"].str.startswith("generic:").all()


def test_no_rules_folder_means_no_rules(tmp_path):
    rules = load_rules("Sputnik", tmp_path / "nowhere")
    assert len(rules) == 0 and list(rules.columns)[-1] == "scope"
    assert compile_rules(rules).heuristics and compile_rules(None).rules == []


@pytest.mark.parametrize("row,message", [
    ("r1,fuzzy,x,remove_line,,any,navigation,", "unknown match"),
    ("r1,exact,x,explode,,any,navigation,", "unknown action"),
    ("r1,regex,(unclosed,remove_line,,any,navigation,", "invalid regex"),
    ("r1,exact,x,set_segment,sidebar,any,,", "set_segment needs a segment"),
    ("r1,exact,x,remove_next_lines,many,any,tags,", "positive number"),
    ("r1,exact,x,remove_line,,any,,", "without a reason"),
    ("r0,exact,y,remove_line,,any,navigation,\nr0,exact,x,remove_line,,any,navigation,", "duplicate rule_id"),
])
def test_bad_rules_are_refused_with_row(tmp_path, row, message):
    rules = tmp_path / "data" / "rules"
    rules.mkdir(parents=True)
    shutil.copy(SEED.rules / "generic.csv", rules / "generic.csv")
    (rules / "example.csv").write_text("rule_id,match,pattern,action,arg,when,reason,note\n" + row + "\n")
    with pytest.raises(FramingError, match=message) as exc:
        load_rules("Example", rules)
    assert f"example.csv, row {row.count(chr(10)) + 1}" in str(exc.value)


class _Everything:
    """A screen that lets every line through to the ordered rule loop."""

    def could_match(self, line: str) -> bool:
        return True


@pytest.mark.parametrize("path,outlet", [
    (RAW / "000_efd457a551fe66f5.txt", "The Times of Israel"), (RAW / "002_4de3182402dd3c07.txt", "Sputnik"),
    (ARTICLE_FILES / "generic_outlet.txt", "Example Times")])
def test_rule_screen_changes_no_decision(path, outlet):
    """The fast pre-screen must only skip lines no rule can match."""
    norm = [normalize_line(line) for line in split_lines(path.read_text(encoding="utf-8"))]
    fast = compile_rules(load_rules(outlet, SEED.rules))
    slow = compile_rules(load_rules(outlet, SEED.rules))
    slow.screen = _Everything()
    slow.next_screen = _Everything() if slow.next_screen is not None else None
    assert decide_lines(norm, fast) == decide_lines(norm, slow)
