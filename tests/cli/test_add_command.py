"""``framing add`` end to end through helpers.cli.main, on a tmp copy of data/
(the library itself: test_add.py).

Every refused input must leave every file under the tmp data/ byte-identical.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from conftest import ARTICLE_FILES as FIXTURES
from conftest import ROOT as REPO
from conftest import copy_project
from helpers.core.study import SEED_STUDY as CORPUS
from helpers.core.study import Study
from helpers.corpus import MAX_ARTICLE_BYTES, load_corpus, load_manifest

SEED = REPO / "data" / "corpora" / CORPUS / "raw" / "000_efd457a551fe66f5.txt"


@pytest.fixture
def root(tmp_path):
    """A project root holding a copy of the seed corpus (here instead of the repository root)."""
    return copy_project(tmp_path / "project", "seed_corpus")


def snapshot(root: Path) -> dict[str, str]:
    """sha256 of every file under root/data (and the set of files)."""
    data = root / "data"
    return {str(p.relative_to(data)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(data.rglob("*")) if p.is_file()}


def add(root: Path, *argv: str) -> int:
    from helpers.cli import main  # the CLI is being rewritten

    return main(["add", *argv, "--root", str(root)])


# ----------------------------------------------------------------------------- accepted inputs

def test_add_txt(root, tmp_path, capsys):
    src = tmp_path / "story one.txt"
    src.write_text("A headline\n\nIran denied the report on Saturday.\n", encoding="utf-8")
    assert add(root, str(src), "--corpus", "new", "--outlet", "Wire", "--title", "A headline",
               "--date", "2018-09-01", "--event", "ev-1", "--url", "https://example.org/x") == 0
    row = load_manifest(Study.open("new", root=root).corpus_dir).iloc[0]
    assert row["article_id"].startswith("story-one-")  # sanitised stem + hash
    assert (row["outlet"], row["title"], row["published"], row["event"], row["format"], row["encoding"]) == \
        ("Wire", "A headline", "2018-09-01", "ev-1", "txt", "utf-8")
    assert (root / "data" / "corpora" / "new" / row["raw_path"]).read_bytes() == src.read_bytes()
    assert "added 1 article(s)" in capsys.readouterr().out


def test_add_to_seed_corpus_keeps_seed_rows(root, tmp_path):
    before = snapshot(root)
    src = tmp_path / "extra.txt"
    src.write_text("Another story about the missiles.\n", encoding="utf-8")
    assert add(root, str(src), "--corpus", CORPUS, "--outlet", "Wire", "--article-id", "extra-1",
               "--into-seed") == 0
    after = snapshot(root)
    assert after["corpora/iran-missiles-2018/raw/000_efd457a551fe66f5.txt"] == \
        before["corpora/iran-missiles-2018/raw/000_efd457a551fe66f5.txt"]
    manifest = load_manifest(Study.open(CORPUS, root=root).corpus_dir)
    assert manifest["article_id"].tolist() == ["000_efd457a551fe66f5", "002_4de3182402dd3c07", "extra-1"]
    assert len(load_corpus(Study.open(CORPUS, root=root).corpus_dir)) == 3


def test_add_html_fills_title_and_date(root):
    assert add(root, str(FIXTURES / "sample.html"), "--corpus", "web", "--outlet", "Example Times") == 0
    row = load_manifest(Study.open("web", root=root).corpus_dir).iloc[0]
    assert (row["format"], row["title"], row["published"]) == \
        ("html", "Iraq militias receive Iranian missiles, officials say", "2018-09-02")
    stored = root / "data" / "corpora" / "web" / row["raw_path"]
    assert stored.read_bytes() == (FIXTURES / "sample.html").read_bytes()  # raw HTML is what is stored
    text = load_corpus(Study.open("web", root=root).corpus_dir)["text"].iloc[0]
    assert "Iraqi officials said on Friday" in text and "<p>" not in text and "Sign in" not in text
    assert len(text.splitlines()) >= 3  # paragraphs as lines


def test_add_html_user_title_wins(root):
    assert add(root, str(FIXTURES / "sample.html"), "--corpus", "web", "--outlet", "X",
               "--title", "My title") == 0
    assert load_manifest(Study.open("web", root=root).corpus_dir)["title"].tolist() == ["My title"]


def test_add_batch_csv_with_column_map(root):
    assert add(root, str(FIXTURES / "batch.csv"), "--corpus", "batch", "--text-col", "body",
               "--outlet-col", "source", "--title-col", "headline", "--date-col", "day",
               "--url-col", "link", "--event", "ev-2") == 0
    corpus = load_corpus(Study.open("batch", root=root).corpus_dir).sort_values("outlet")
    assert corpus["outlet"].tolist() == ["Example Daily", "Example Wire"]
    assert corpus["title"].tolist() == ["Baghdad silent", "Iran rejects report"]
    assert corpus["url"].tolist() == ["", "https://example.org/a"]
    assert set(corpus["event"]) == {"ev-2"}
    assert corpus["text"].tolist()[1] == "Iran rejected the report on Saturday.\n\nA spokesman called it groundless."
    assert corpus["article_id"].str.startswith("batch-").all()


def test_add_batch_jsonl(root):
    assert add(root, str(FIXTURES / "batch.jsonl"), "--corpus", "jl") == 0
    manifest = load_manifest(Study.open("jl", root=root).corpus_dir)
    assert manifest["article_id"].tolist() == ["daily-001", "wire-001"]
    assert manifest["published"].tolist() == ["", "2018-09-01"]


def test_add_batch_parquet(root, tmp_path):
    src = tmp_path / "articles.parquet"
    pd.DataFrame({"text": ["Parquet article one.", "Parquet article two."],
                  "outlet": ["P", "Q"], "language": ["en", "de"]}).to_parquet(src)
    assert add(root, str(src), "--corpus", "pq") == 0
    manifest = load_manifest(Study.open("pq", root=root).corpus_dir).sort_values("outlet")
    assert manifest["language"].tolist() == ["en", "de"]


def test_add_with_listing_manifest(root, tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("Some article text.\n", encoding="utf-8")
    listing = tmp_path / "listing.csv"
    listing.write_text("file,outlet,title,date\na.txt,Listed Outlet,Listed title,2018-09-03\n")
    assert add(root, str(src), "--corpus", "lst", "--manifest", str(listing)) == 0
    row = load_manifest(Study.open("lst", root=root).corpus_dir).iloc[0]
    assert (row["article_id"], row["outlet"], row["title"], row["published"]) == \
        ("a", "Listed Outlet", "Listed title", "2018-09-03")


# ----------------------------------------------------------------------------- refused inputs

def _write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


BAD_CASES = {
    "empty": (lambda t: [_write(t, "empty.txt", b""), "--outlet", "W"], "empty article"),
    "whitespace": (lambda t: [_write(t, "ws.txt", b"  \n\n \n"), "--outlet", "W"], "no text"),
    "binary_nul": (lambda t: [_write(t, "bin.txt", b"PK\x03\x04\x00\x00text"), "--outlet", "W"], "binary"),
    "mostly_control": (lambda t: [_write(t, "ctl.txt", bytes(range(1, 9)) * 50), "--outlet", "W"], "binary"),
    "unknown_encoding": (lambda t: [_write(t, "zh.txt", "\u4f0a\u6717\u5426\u8ba4\u5411\u4f0a\u62c9\u514b\u6c11\u5175\u63d0\u4f9b\u5bfc\u5f39\u3002".encode("gbk") * 5),
                                    "--outlet", "W"], "unknown text encoding"),
    "too_large": (lambda t: [_write(t, "big.txt", b"word " * (MAX_ARTICLE_BYTES // 5 + 1)), "--outlet", "W"],
                  "limit"),
    "missing_outlet": (lambda t: [_write(t, "ok.txt", b"Some text.\n")], "no outlet"),
    "bad_date": (lambda t: [_write(t, "ok.txt", b"Some text.\n"), "--outlet", "W", "--date", "31/08/2018"],
                 "not an ISO date"),
    "bad_language": (lambda t: [_write(t, "ok.txt", b"Some text.\n"), "--outlet", "W", "--language", "english"],
                     "ISO 639-1"),
    "unsupported_suffix": (lambda t: [_write(t, "doc.pdf", b"%PDF-1.4"), "--outlet", "W"], "unsupported file type"),
    "missing_file": (lambda t: [str(t / "nope.txt"), "--outlet", "W"], "file not found"),
    "duplicate_in_corpus": (lambda t: [_write(t, "copy.txt", SEED.read_bytes()), "--outlet", "The Times of Israel"],
                            "same bytes as article '000_efd457a551fe66f5'"),
    "duplicate_in_batch": (lambda t: [_write(t, "a.txt", b"Same text.\n"), _write(t, "b.txt", b"Same text.\n"),
                                      "--outlet", "W"], "duplicate"),
    "duplicate_id": (lambda t: [_write(t, "ok.txt", b"Some text.\n"), "--outlet", "W",
                                "--article-id", "000_efd457a551fe66f5"], "duplicate article_id"),
    "id_escapes_dotdot": (lambda t: [_write(t, "ok.txt", b"Some text.\n"), "--outlet", "W",
                                     "--article-id", "../../evil"], "invalid article_id"),
    "id_absolute": (lambda t: [_write(t, "ok.txt", b"Some text.\n"), "--outlet", "W",
                               "--article-id", "/tmp/evil"], "invalid article_id"),
    "id_odd_chars": (lambda t: [_write(t, "ok.txt", b"Some text.\n"), "--outlet", "W",
                                "--article-id", "a b;rm"], "invalid article_id"),
    "batch_missing_text_col": (lambda t: [str(FIXTURES / "batch.csv")], "missing required column 'text'"),
    "batch_unknown_mapped_col": (lambda t: [str(FIXTURES / "batch.csv"), "--text-col", "nope"],
                                 "missing column 'nope'"),
    "batch_row_without_outlet": (lambda t: [_write(t, "rows.csv", b"text,outlet\nOne.,A\nTwo.,\n")],
                                 "row 2: no outlet"),
    "batch_empty_row": (lambda t: [_write(t, "rows.csv", b"text,outlet\nOne.,A\n,B\n")], "row 2: empty article"),
    "batch_bad_id": (lambda t: [_write(t, "rows.jsonl", b'{"text": "x", "outlet": "A", "article_id": "../x"}\n')],
                     "row 1: invalid article_id"),
    "batch_bad_json": (lambda t: [_write(t, "rows.jsonl", b'{"text": "x", "outlet": "A"}\n{oops\n')],
                       "invalid JSON"),
    "batch_duplicate_rows": (lambda t: [_write(t, "rows.csv", b"text,outlet\nSame.,A\nSame.,A\n")],
                             "row 2: duplicate"),
    "bad_corpus_name": (lambda t: [_write(t, "ok.txt", b"Some text.\n"), "--outlet", "W"], "invalid corpus name"),
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_input_refused_and_data_untouched(case, root, tmp_path, capsys):
    make_args, message = BAD_CASES[case]
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    args = make_args(inputs)
    corpus = "../escape" if case == "bad_corpus_name" else CORPUS
    before = snapshot(root)
    assert add(root, *args, "--corpus", corpus, "--into-seed") == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith("framing add: error:")
    assert message in err, err
    if case != "bad_corpus_name":
        assert str(inputs) in err or "batch.csv" in err  # names the file
    assert snapshot(root) == before


@pytest.mark.parametrize("garbage", [b"not,a\nmanifest\n", b"\"unclosed,\n", b""])
def test_unreadable_manifest_refused(root, tmp_path, capsys, garbage):
    (root / "data" / "corpora" / CORPUS / "manifest.csv").write_bytes(garbage)
    src = tmp_path / "ok.txt"
    src.write_text("Some text.\n", encoding="utf-8")
    before = snapshot(root)
    assert add(root, str(src), "--corpus", CORPUS, "--outlet", "W") == 2
    err = capsys.readouterr().err
    assert "manifest.csv" in err and len(err.strip().splitlines()) == 1
    assert snapshot(root) == before


def test_jsonl_fixture_is_valid_json():
    for line in (FIXTURES / "batch.jsonl").read_text(encoding="utf-8").splitlines():
        assert json.loads(line)["outlet"]


def test_framing_add_rebuilds_the_committed_seed_manifest(tmp_path):
    """The committed seed corpus is exactly what `framing add` writes from the raw files."""
    seed = REPO / "data" / "corpora" / CORPUS
    args = {"000_efd457a551fe66f5": ("The Times of Israel", "Tehran denies supplying ballistic missiles to Iraqi militias", "2018-09-01"),
            "002_4de3182402dd3c07": ("Sputnik", "Tehran Reportedly Arms Iraqi Militias 'To Have Backup Plan If Iran Attacked'", "2018-08-31")}
    for stem, (outlet, title, date) in args.items():
        assert add(tmp_path, str(seed / "raw" / f"{stem}.txt"), "--corpus", CORPUS, "--outlet", outlet,
                   "--title", title, "--date", date, "--event", "2018-08-31-reuters-iran-missiles-iraq",
                   "--into-seed") == 0
    rebuilt = tmp_path / "data" / "corpora" / CORPUS
    assert (rebuilt / "manifest.csv").read_bytes() == (seed / "manifest.csv").read_bytes()
    for stem in args:
        assert (rebuilt / "raw" / f"{stem}.txt").read_bytes() == (seed / "raw" / f"{stem}.txt").read_bytes()
