"""The README's generated parts: pure marker replacement and findings text
(helpers.present.readme, helpers.present.findings) and the run layer that reads
the seed study's tables and rewrites the file (helpers.run.readme)."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from helpers.core.errors import FramingError
from helpers.core.study import SEED_STUDY, Study
from helpers.present.findings import findings_markdown
from helpers.present.readme import (FINDINGS_END, FINDINGS_START, README_END, README_START,
                                    readme_with_findings, readme_with_table)
from helpers.run import readme as run_readme

from conftest import ROOT


def test_readme_table_replaces_only_between_markers():
    readme = f"intro\n{README_START}\nold\n{README_END}\nrest\n"
    new = readme_with_table(readme, "| a | b |")
    assert new == f"intro\n{README_START}\n| a | b |\n{README_END}\nrest\n"
    with pytest.raises(FramingError):
        readme_with_table("no markers", "x")


def test_readme_findings_replace_only_between_their_markers():
    readme = f"a\n{README_START}\nt\n{README_END}\nb\n{FINDINGS_START}\nold\n{FINDINGS_END}\nc\n"
    new = readme_with_findings(readme, "1. new")
    assert new == f"a\n{README_START}\nt\n{README_END}\nb\n{FINDINGS_START}\n1. new\n{FINDINGS_END}\nc\n"
    with pytest.raises(FramingError, match="findings markers"):
        readme_with_findings(f"{README_START}\n{README_END}\n", "x")


def _tables() -> dict[str, pd.DataFrame]:
    """Two outlets, one article each: the shape of the seed study's tables."""
    articles = pd.DataFrame({"article_id": ["a1", "b1"], "outlet": ["Beta", "Alpha"],
                             "title": ["Beta reports", "Alpha says"]})
    hits = pd.DataFrame({"article_id": ["a1", "a1", "b1"], "segment": ["headline", "body", "headline"],
                         "category": ["hedges", "hedges", "naming"], "matched": ["reportedly", "may", "Iran"],
                         "in_quote": [True, False, False]})
    rates = pd.DataFrame({"outlet": ["Alpha", "Beta"], "category": ["hedges", "hedges"], "voice": ["own", "own"],
                          "count": [1, 3], "rate_per_1000": [2.0, 6.5], "ci_low": [0.0, 1.25],
                          "ci_high": [5.0, 12.0]})
    profile = pd.DataFrame({"outlet": ["Alpha", "Alpha", "Beta"], "group": ["voice", "speaker_class", "voice"],
                            "item": ["quoted", "anonymous", "quoted"], "count": [10, 2, 0],
                            "share": [0.25, 1.0, 0.0]})
    shares = pd.DataFrame({"outlet": ["Alpha", "Beta", "Beta"], "actor": ["iran"] * 3,
                           "form": ["Iran", "Iran", "the regime"], "count": [3, 1, 2]})
    content = pd.DataFrame({"outlet": ["Alpha", "Beta"], "shared": [4, 4], "n_sentences": [10, 8],
                            "threshold": [0.35, 0.35]})
    return dict(articles=articles, hits=hits, rates=rates, profile=profile, shares=shares, content=content)


def test_findings_are_written_from_the_tables_given():
    text = findings_markdown(**_tables())
    assert "Alpha's headline, “Alpha says”, carries no marker; Beta's headline, “Beta reports”, carries " \
           "*reportedly* (hedges, inside a quote)" in text
    assert "Alpha 2.0 (95% interval 0.0–5.0, 1 hit); Beta 6.5 (95% interval 1.2–12.0, 3 hits)" in text
    assert "Loaded terms in own voice**: Alpha n/a; Beta n/a" in text
    assert "Alpha: 2 from anonymous sources (25% of its tokens are quoted speech); Beta: none (0%" in text
    assert "`the regime` for iran (Beta, 2×)" in text and "`Iran` for" not in text
    assert "(TF-IDF cosine ≥ 0.35 with a sentence of the other outlet): Alpha 4 of 10 sentences shared; " \
           "Beta 4 of 8 sentences shared" in text
    assert [line[:3] for line in text.split("\n\n") if line[:1].isdigit()] == ["1. ", "2. ", "3. ", "4. ", "5. "]


def test_update_readme_rewrites_only_a_stale_readme(tmp_path):
    """The run layer reads the seed study's tables; the committed README is current."""
    seed = Study.open(SEED_STUDY, root=ROOT)
    copy = Study.open(SEED_STUDY, root=tmp_path)
    for arg, (folder, name) in run_readme.FINDINGS_TABLES.items():
        target = getattr(copy, folder) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(getattr(seed, folder) / name, target)
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    committed = (ROOT / "README.md").read_text(encoding="utf-8")
    readme = tmp_path / "README.md"
    readme.write_text(committed, encoding="utf-8")
    assert run_readme.update_readme(copy) is False
    stale = readme_with_findings(readme_with_table(committed, "old table"), "old findings")
    readme.write_text(stale, encoding="utf-8")
    assert run_readme.update_readme(copy) is True
    assert readme.read_text(encoding="utf-8") == committed
