"""``framing extract FILE [--audit]``: one article cleaned as the study sees it."""

from __future__ import annotations

import pytest

from conftest import ROOT
from helpers.cli import main

CAPTURE = ("Council shuts harbour bridge\n\n"
           "Commuters at the ferry terminal in Harbourton on Sunday.\n\n"
           "HARBOURTON, Maine — The council voted on Tuesday to close the harbour bridge for repairs, "
           "a decision that residents had opposed for months.\n\n"
           "More: How the bridge was built.\n")


def test_extract_prints_headline_caption_and_lede(tmp_path, capsys):
    f = tmp_path / "story.txt"
    f.write_text(CAPTURE, encoding="utf-8")
    assert main(["extract", str(f), "--root", str(ROOT)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("[headline] Council shuts harbour bridge\n\n[caption] Commuters at the ferry")
    assert "[lede] HARBOURTON, Maine — The council voted" in out
    assert "More:" not in out


def test_extract_audit_shows_every_raw_line_with_its_reason(tmp_path, capsys):
    f = tmp_path / "story.txt"
    f.write_text(CAPTURE, encoding="utf-8")
    assert main(["extract", str(f), "--audit", "--root", str(ROOT)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 7  # one per raw line, blanks included
    assert "removed  teaser" in lines[6] and "generic:teaser_label" in lines[6]
    assert "kept     lede" in lines[4] and "generic:dateline_lede" in lines[4]


def test_extract_reads_html_through_the_extractor(tmp_path, capsys):
    body = "".join(f"<p>Paragraph {k} of the article says what the council decided about the bridge today.</p>"
                   for k in range(6))
    f = tmp_path / "page.html"
    f.write_text(f"<html><body><nav><a href='/'>Home</a></nav><article><h1>Bridge shut</h1>{body}"
                 "</article></body></html>", encoding="utf-8")
    assert main(["extract", str(f), "--root", str(ROOT)]) == 0
    out = capsys.readouterr().out
    assert "Paragraph 5 of the article" in out and "Home" not in out


def test_extract_missing_file_is_a_one_line_error(tmp_path, capsys):
    assert main(["extract", str(tmp_path / "nope.txt"), "--root", str(ROOT)]) == 2
    err = capsys.readouterr().err
    assert "file not found" in err and err.count("\n") == 1
