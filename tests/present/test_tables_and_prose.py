"""The notebooks' display tables (present.tables), the sentences they write from the
numbers (present.prose) and the inputs/outputs table with project-relative paths."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers import present
from helpers.core.study import Study


def _articles():
    return pd.DataFrame({"article_id": ["a1", "b1"], "outlet": ["Alpha", "Beta"]})


def test_audit_by_reason_counts_every_line():
    audit = pd.DataFrame({
        "article_id": ["a1", "a1", "a1", "b1", "b1"],
        "reason": ["content", "blank", "navigation", "content", "content"],
    })
    table = present.audit_by_reason(audit, _articles())
    assert table.loc["total", "total"] == 5
    assert table.loc["content", "Beta"] == 2
    assert list(table.index) == ["content", "blank", "navigation", "total"]


def test_describe_rates_reports_overlap_honestly():
    rates = pd.DataFrame({
        "outlet": ["Alpha", "Beta"], "category": ["hedges", "hedges"], "voice": ["own", "own"],
        "count": [10, 1], "rate_per_1000": [20.0, 2.0], "ci_low": [8.0, 0.0], "ci_high": [33.0, 7.0],
    })
    text = present.describe_rates(rates, ["hedges"])
    assert text.index("Alpha") < text.index("Beta")  # highest first
    assert "do not overlap" in text
    rates.loc[1, "ci_high"] = 12.0
    assert "overlap, so these articles do not differ clearly" in present.describe_rates(rates, ["hedges"])


def test_describe_naming_lists_forms_used_by_one_outlet():
    shares = pd.DataFrame({
        "outlet": ["Alpha", "Alpha", "Beta", "Beta"], "actor": ["israel"] * 4,
        "surface_form": ["Israel", "Tel Aviv", "Israel", "Tel Aviv"], "count": [4, 1, 2, 0],
    })
    text = present.describe_naming(shares)
    assert "`Tel Aviv` (Alpha)" in text
    assert "Beta: `Israel` 2" in text


def test_describe_headline_markers_says_when_there_are_none():
    hits = pd.DataFrame({"article_id": ["a1"], "segment": ["headline"], "category": ["hedges"],
                         "matched": ["Reportedly"], "in_quote": [False]})
    text = present.describe_headline_markers(hits, _articles(), ["hedges"])
    assert "*Reportedly* (hedges, headline)" in text
    assert "Beta** (b1): no markers" in text


def test_io_table_paths_never_leak_the_machine(tmp_path):
    study = Study.open("demo", root=tmp_path)
    table = present.io_table(study, [study.corpus_dir / "manifest.csv", Path("/elsewhere/y.csv")],
                             {"processed": ["x.csv"], "figures": ["f.png"]})
    assert table.values.tolist() == [["input", "data/corpora/demo/manifest.csv"], ["input", "y.csv"],
                                     ["output", "reports/demo/processed/x.csv"],
                                     ["output", "reports/demo/figures/f.png"]]
