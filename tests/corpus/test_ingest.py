"""Lenient ingest: good rows go in, bad rows are listed together, data/ untouched when nothing is usable."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from conftest import NEW_ARTICLES
from helpers.core.errors import FramingError
from helpers.core.study import Study
from helpers.corpus import DEFAULT_EVENT, NothingUsable, add_articles, add_lenient, load_manifest

EXPORT = NEW_ARTICLES / "export" / "news_export.csv"
EXPORT_MAP = {"text_col": "story_text", "outlet_col": "source_name", "title_col": "headline",
              "date_col": "pub_date", "event_col": "story_id", "language_col": "lang",
              "url_col": "link", "id_col": "doc_id"}
EXPORT_FLAGS = ["--text-col", "story_text", "--outlet-col", "source_name", "--title-col", "headline",
                "--date-col", "pub_date", "--event-col", "story_id", "--language-col", "lang",
                "--url-col", "link", "--id-col", "doc_id"]


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()} if folder.exists() else {}


def _corpus(project: Path, name: str) -> Path:
    return Study.open(name, root=project).corpus_dir


def test_export_with_renamed_columns_adds_good_rows_and_lists_bad_ones(project):
    result = add_lenient(EXPORT, _corpus(project, "export"), **EXPORT_MAP)
    # exp-007 is exp-001's text under another outlet (wire copy): added, and marked
    assert list(result.added["article_id"]) == ["exp-001", "exp-002", "exp-007", "exp-008", "exp-010"]
    assert result.total == 10
    why = {b.row: b.reason for b in result.bad}
    assert sorted(why) == [3, 4, 5, 6, 9]
    assert "empty article" in why[3]
    assert "no outlet" in why[4]
    assert "ISO date" in why[5]
    assert "9 fields" in why[6]
    assert "ISO 639-1" in why[9]
    assert all(b.source == str(EXPORT) for b in result.bad)
    manifest = load_manifest(_corpus(project, "export"))
    assert list(manifest["article_id"]) == ["exp-001", "exp-002", "exp-007", "exp-008", "exp-010"]
    assert dict(zip(manifest["article_id"], manifest["duplicate_of"]))["exp-007"] == "exp-001"
    assert (manifest["duplicate_of"] != "").sum() == 1
    # a row without an event id joins the default event
    assert manifest.set_index("article_id").loc["exp-002", "event"] == DEFAULT_EVENT
    assert manifest.set_index("article_id").loc["exp-001", "outlet"] == "Harbor Gazette"
    report = result.report()
    assert report.splitlines()[0] == "5 of 10 input(s) skipped:"
    assert f"{EXPORT}, row 6: " in report


def test_good_rows_of_the_export_are_analysed(project, tmp_path):
    from helpers.core.study import Study
    from helpers.run import stages, tables

    add_lenient(EXPORT, _corpus(project, "export"), **EXPORT_MAP)
    paths = Study.open("export", tmp_path / "out", root=project)
    stages.run_study(paths, processes=1)
    articles = tables.read_articles(paths)
    assert len(articles) == 5  # exp-007 (wire copy of exp-001 in another outlet) counts as published
    assert set(articles["event"]) == {"port-strike", DEFAULT_EVENT}
    rates = pd.read_csv(paths.processed / "category_rates.csv")
    assert set(rates["outlet"]) == {"Harbor Gazette", "Northern Courier", "The Valley Observer"}


def test_strict_add_refuses_the_same_export_and_leaves_data_unchanged(project):
    before = _tree(project / "data")
    with pytest.raises(FramingError):
        add_articles(EXPORT, _corpus(project, "export"), **EXPORT_MAP)
    assert _tree(project / "data") == before


def test_same_ids_as_a_clean_batch(project, tmp_path):
    """Derived ids use the input file's name, as in a strict add of the good rows."""
    clean = tmp_path / "wire.jsonl"
    rows = [{"text": "Iran said on Monday that talks would resume.", "outlet": "Wire"},
            {"text": "Officials said the talks may resume next week.", "outlet": "Wire"}]
    clean.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    strict = add_articles(clean, _corpus(project, "strict"))
    lenient = add_lenient(clean, _corpus(project, "lenient"))
    assert list(lenient.added["article_id"]) == list(strict["article_id"])
    assert lenient.bad == []
    assert lenient.report() == "all 2 input(s) added"


def test_jsonl_with_broken_lines(project, tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text('{"text": "Tehran denied the report.", "outlet": "Wire"}\n'
                    '{"text": "unterminated\n'
                    '["not", "an", "object"]\n'
                    '{"text": "Washington said it was reviewing the case.", "outlet": "Wire", "event": "e1"}\n',
                    encoding="utf-8")
    result = add_lenient(path, _corpus(project, "feed"))
    assert len(result.added) == 2
    assert [(b.row, b.reason.split(" (")[0]) for b in result.bad] == [(2, "invalid JSON"), (3, "not a JSON object")]


def test_folder_with_its_manifest_and_a_bad_file(project, tmp_path):
    folder = tmp_path / "folder"
    shutil.copytree(NEW_ARTICLES, folder, ignore=shutil.ignore_patterns("export"))
    (folder / "stray-binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    (folder / "unlisted.txt").write_text("Iran said something.\n", encoding="utf-8")
    result = add_lenient(folder, _corpus(project, "folder"))
    assert len(result.added) == 12
    bad = {Path(b.source).name: b.reason for b in result.bad}
    assert set(bad) == {"stray-binary.txt", "unlisted.txt"}
    assert "binary" in bad["stray-binary.txt"]
    assert "0 rows" in bad["unlisted.txt"]
    formats = load_manifest(_corpus(project, "folder")).set_index("article_id")["format"]
    assert formats["northern-drone-1"] == "html" and formats["harbor-drone-1"] == "txt"


def test_already_present_articles_are_reported_not_fatal(project):
    add_lenient(EXPORT, _corpus(project, "export"), **EXPORT_MAP)
    with pytest.raises(NothingUsable) as info:
        add_lenient(EXPORT, _corpus(project, "export"), **EXPORT_MAP)
    assert all(("duplicate" in b.reason) or b.row in (3, 4, 5, 6, 9) for b in info.value.bad)


def test_nothing_usable_fails_and_leaves_data_unchanged(project, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("text,outlet\n,Wire\nsome text,\n", encoding="utf-8")
    before = _tree(project / "data")
    with pytest.raises(NothingUsable, match="no usable articles: all 2"):
        add_lenient(path, _corpus(project, "bad"))
    assert _tree(project / "data") == before


def test_missing_mapped_column_is_one_report_for_the_file(project):
    with pytest.raises(NothingUsable) as info:
        add_lenient(EXPORT, _corpus(project, "export"), text_col="body")
    whole = [b for b in info.value.bad if b.row is None]
    assert len(whole) == 1 and "missing column 'body'" in whole[0].reason
    assert [b.row for b in info.value.bad if b.row is not None] == [6]  # the ragged line, still named


def test_cli_skip_bad_prints_the_report(project, capsys):
    from helpers import cli  # the CLI is being rewritten

    argv = ["add", str(EXPORT), "--corpus", "export", "--skip-bad", "--root", str(project)] + EXPORT_FLAGS
    assert cli.main(argv) == 0
    out, err = capsys.readouterr()
    assert "added 5 article(s)" in out
    assert "5 of 10 input(s) skipped" in err and "row 9" in err


def test_cli_without_skip_bad_is_strict(project, capsys):
    from helpers import cli  # the CLI is being rewritten

    argv = ["add", str(EXPORT), "--corpus", "export", "--root", str(project)] + EXPORT_FLAGS
    assert cli.main(argv) == 2
    assert not (project / "data" / "corpora" / "export").exists()


def test_cli_nothing_usable_lists_all_and_exits_2(project, tmp_path, capsys):
    from helpers import cli  # the CLI is being rewritten

    path = tmp_path / "bad.csv"
    path.write_text("text,outlet\n,Wire\nsome text,\n", encoding="utf-8")
    assert cli.main(["add", str(path), "--corpus", "bad", "--skip-bad", "--root", str(project)]) == 2
    err = capsys.readouterr().err
    assert "row 1: empty article" in err and "row 2: no outlet" in err
    assert "no usable articles" in err
