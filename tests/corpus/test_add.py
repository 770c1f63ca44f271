"""Adding articles as a library (candidates, batches, add_articles): what is stored, and
that every refused input is one FramingError naming it, with the corpus folder untouched.

``framing add`` end to end (through the CLI) is tested in test_add_cli.py.
"""

from __future__ import annotations

import hashlib
import warnings
from pathlib import Path

import pandas as pd
import pytest

from conftest import ARTICLE_FILES, copy_project
from helpers.core.errors import FramingError
from helpers.core.study import SEED_STUDY, Study
import helpers.corpus.add as add_module
from helpers.corpus import AssumedEncodingWarning, MAX_ARTICLE_BYTES, add_articles, load_corpus, load_manifest


def snapshot(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder`` (and the set of files)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def seed_copy(tmp_path) -> Study:
    """The seed study in a fresh project holding a copy of its corpus."""
    return Study.open(SEED_STUDY, root=copy_project(tmp_path / "project", "seed_corpus"))


def test_add_records_and_dataframe(tmp_path):
    corpus_dir = Study.open("c2", root=tmp_path).corpus_dir
    df = pd.DataFrame({"story": ["First article text.", "Second article text."],
                       "src": ["Wire A", "Wire B"], "when": ["2018-09-01", "2018-09-02T10:00:00Z"]})
    added = add_articles(df, corpus_dir, text_col="story", outlet_col="src", date_col="when")
    assert added["outlet"].tolist() == ["Wire A", "Wire B"]
    assert added["published"].tolist() == ["2018-09-01", "2018-09-02"]
    corpus = load_corpus(corpus_dir)
    assert sorted(corpus["text"]) == ["First article text.", "Second article text."]


def test_legacy_encoded_file_is_stored_raw_and_recorded(tmp_path):
    corpus_dir = Study.open("c3", root=tmp_path).corpus_dir
    src = tmp_path / "legacy.txt"
    src.write_bytes("Iran\u2019s \u201cmissiles\u201d \u2014 caf\u00e9 d\u00e9j\u00e0 vu in the report.\n".encode("cp1252") * 3)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        added = add_articles([src], corpus_dir, outlet="Wire")
    assert added["encoding"].tolist() == ["cp1252"]
    assert any(issubclass(w.category, AssumedEncodingWarning) for w in caught)
    raw = tmp_path / "data" / "corpora" / "c3" / "raw" / "legacy.txt"
    assert raw.read_bytes() == src.read_bytes()
    assert load_corpus(corpus_dir)["text"].iloc[0].startswith("Iran\u2019s")


def test_batch_with_column_map_and_html_file(tmp_path):
    corpus_dir = Study.open("mixed", root=tmp_path).corpus_dir
    add_articles(ARTICLE_FILES / "batch.csv", corpus_dir, text_col="body", outlet_col="source",
                 title_col="headline", date_col="day", url_col="link", event="ev-2")
    add_articles([ARTICLE_FILES / "sample.html"], corpus_dir, outlet="Example Times")
    manifest = load_manifest(corpus_dir).set_index("outlet")
    assert manifest.loc["Example Wire", "title"] == "Iran rejects report"
    assert manifest.loc["Example Wire", "article_id"].startswith("batch-")
    assert (manifest.loc["Example Times", "format"], manifest.loc["Example Times", "published"]) == \
        ("html", "2018-09-02")
    stored = corpus_dir / manifest.loc["Example Times", "raw_path"]
    assert stored.read_bytes() == (ARTICLE_FILES / "sample.html").read_bytes()


def test_manifest_write_failure_rolls_back_raw_files(seed_copy, tmp_path, monkeypatch):
    src = tmp_path / "ok.txt"
    src.write_text("Some text.\n", encoding="utf-8")
    data = seed_copy.root / "data"
    before = snapshot(data)

    def broken_write_csv(df, path):
        raise OSError("disk full")

    monkeypatch.setattr(add_module, "write_csv", broken_write_csv)
    with pytest.raises(OSError):
        add_articles([src], seed_copy.corpus_dir, outlet="W")
    assert snapshot(data) == before
    fresh = Study.open("fresh", root=seed_copy.root).corpus_dir
    with pytest.raises(OSError):
        add_articles([src], fresh, outlet="W")
    assert not fresh.exists()


def test_error_is_a_framing_error_in_the_library(tmp_path):
    with pytest.raises(FramingError, match="no outlet given"):
        add_articles([{"text": "x"}], Study.open("lib", root=tmp_path).corpus_dir)
    assert not (tmp_path / "data").exists()


def test_unexpected_column_map_keyword(tmp_path):
    with pytest.raises(TypeError):
        add_articles([{"text": "x", "outlet": "A"}], Study.open("lib", root=tmp_path).corpus_dir, body_col="text")


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


SEED = "000_efd457a551fe66f5"
# case -> (inputs from the inputs folder and the seed corpus folder, keyword arguments, message)
REFUSED = {
    "empty": (lambda t, c: [_write(t, "empty.txt", b"")], {"outlet": "W"}, "empty article"),
    "whitespace": (lambda t, c: [_write(t, "ws.txt", b"  \n\n \n")], {"outlet": "W"}, "no text"),
    "binary_nul": (lambda t, c: [_write(t, "bin.txt", b"PK\x03\x04\x00\x00text")], {"outlet": "W"}, "binary"),
    "mostly_control": (lambda t, c: [_write(t, "ctl.txt", bytes(range(1, 9)) * 50)], {"outlet": "W"}, "binary"),
    "too_large": (lambda t, c: [_write(t, "big.txt", b"word " * (MAX_ARTICLE_BYTES // 5 + 1))], {"outlet": "W"},
                  "limit"),
    "missing_outlet": (lambda t, c: [_write(t, "ok.txt", b"Some text.\n")], {}, "no outlet"),
    "bad_date": (lambda t, c: [_write(t, "ok.txt", b"Some text.\n")], {"outlet": "W", "published": "31/08/2018"},
                 "not an ISO date"),
    "bad_language": (lambda t, c: [_write(t, "ok.txt", b"Some text.\n")], {"outlet": "W", "language": "english"},
                     "ISO 639-1"),
    "unsupported_suffix": (lambda t, c: [_write(t, "doc.pdf", b"%PDF-1.4")], {"outlet": "W"}, "unsupported file type"),
    "missing_file": (lambda t, c: [t / "nope.txt"], {"outlet": "W"}, "file not found"),
    "duplicate_in_corpus": (lambda t, c: [_write(t, "copy.txt", (c / "raw" / f"{SEED}.txt").read_bytes())],
                            {"outlet": "The Times of Israel"}, f"same bytes as article '{SEED}' of the same outlet"),
    "duplicate_in_batch": (lambda t, c: [_write(t, "a.txt", b"Same.\n"), _write(t, "b.txt", b"Same.\n")],
                           {"outlet": "W"}, "duplicate"),
    "duplicate_id": (lambda t, c: [_write(t, "ok.txt", b"Some text.\n")], {"outlet": "W", "article_id": SEED},
                     "duplicate article_id"),
    "id_escapes_dotdot": (lambda t, c: [_write(t, "ok.txt", b"Some text.\n")],
                          {"outlet": "W", "article_id": "../../evil"}, "invalid article_id"),
    "batch_missing_text_col": (lambda t, c: [ARTICLE_FILES / "batch.csv"], {}, "missing required column 'text'"),
    "batch_unknown_mapped_col": (lambda t, c: [ARTICLE_FILES / "batch.csv"], {"text_col": "nope"},
                                 "missing column 'nope'"),
    "batch_row_without_outlet": (lambda t, c: [_write(t, "rows.csv", b"text,outlet\nOne.,A\nTwo.,\n")], {},
                                 "row 2: no outlet"),
    "batch_bad_id": (lambda t, c: [_write(t, "rows.jsonl", b'{"text": "x", "outlet": "A", "article_id": "../x"}\n')],
                     {}, "row 1: invalid article_id"),
    "batch_bad_json": (lambda t, c: [_write(t, "rows.jsonl", b'{"text": "x", "outlet": "A"}\n{oops\n')], {},
                       "invalid JSON"),
    "batch_binary": (lambda t, c: [_write(t, "rows.csv", b"\x00\x01binary")], {}, "not a text batch file"),
    "batch_bad_parquet": (lambda t, c: [_write(t, "rows.parquet", b"not parquet")], {}, "unreadable Parquet"),
    "batch_duplicate_rows": (lambda t, c: [_write(t, "rows.csv", b"text,outlet\nSame.,A\nSame.,A\n")], {},
                             "row 2: duplicate"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_refused_input_is_one_framing_error_and_changes_nothing(case, seed_copy, tmp_path):
    make_inputs, kwargs, message = REFUSED[case]
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    paths = make_inputs(inputs, seed_copy.corpus_dir)
    data = seed_copy.root / "data"
    before = snapshot(data)
    with pytest.raises(FramingError) as info:
        add_articles(paths, seed_copy.corpus_dir, **kwargs)
    text = str(info.value)
    assert message in text and len(text.splitlines()) == 1, text
    assert str(inputs) in text or "batch.csv" in text  # names the file
    assert snapshot(data) == before
