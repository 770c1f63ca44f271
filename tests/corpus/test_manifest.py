"""The corpus manifest: the committed seed manifest's contract, and how manifests are read."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from conftest import SHARED_SEEDS
from helpers.core.errors import FramingError
from helpers.core.study import Study
from helpers.corpus import DEFAULT_EVENT, MANIFEST_COLUMNS, add_articles, load_manifest, manifest_path, read_manifest


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_seed_manifest_matches_contract_and_raw_hashes(seed_study):
    manifest = load_manifest(seed_study.corpus_dir)
    assert list(manifest.columns) == MANIFEST_COLUMNS
    assert manifest["article_id"].tolist() == ["000_efd457a551fe66f5", "002_4de3182402dd3c07"]
    assert manifest["outlet"].tolist() == ["The Times of Israel", "Sputnik"]
    assert manifest["published"].tolist() == ["2018-09-01", "2018-08-31"]
    assert manifest["title"].tolist()[1] == "Tehran Reportedly Arms Iraqi Militias 'To Have Backup Plan If Iran Attacked'"
    assert set(manifest["event"]) == {"2018-08-31-reuters-iran-missiles-iraq"}
    assert set(manifest["language"]) == {"en"} and set(manifest["url"]) == {""}
    for r in manifest.itertuples():
        raw = seed_study.corpus_dir / r.raw_path
        assert raw.name == f"{r.article_id}.txt"
        assert _sha(raw) == r.sha256


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="shared seed folder not present")
def test_seed_raw_files_are_byte_identical_to_shared_seeds(seed_study):
    for r in load_manifest(seed_study.corpus_dir).itertuples():
        assert _sha(SHARED_SEEDS / Path(r.raw_path).name) == r.sha256


def test_empty_event_becomes_default(tmp_path):
    corpus_dir = Study.open("c1", root=tmp_path).corpus_dir
    added = add_articles([{"text": "Iran denied the report.", "outlet": "Wire"}], corpus_dir)
    assert added["event"].tolist() == [""]
    assert read_manifest(corpus_dir)["event"].tolist() == [""]  # stored as given
    assert load_manifest(corpus_dir)["event"].tolist() == [DEFAULT_EVENT]


def test_missing_manifest_is_a_framing_error(tmp_path):
    corpus_dir = Study.open("nothing-here", root=tmp_path).corpus_dir
    with pytest.raises(FramingError, match="manifest not found"):
        load_manifest(corpus_dir)
    empty = read_manifest(corpus_dir, must_exist=False)
    assert list(empty.columns) == MANIFEST_COLUMNS and len(empty) == 0


@pytest.mark.parametrize("garbage,message", [
    (b"not,a\nmanifest\n", "missing column"),
    (b"\"unclosed,\n", "unreadable CSV"),
    (b"", "unreadable CSV"),
])
def test_unreadable_manifest_is_refused_naming_it(tmp_path, garbage, message):
    corpus_dir = tmp_path / "c"
    corpus_dir.mkdir()
    manifest_path(corpus_dir).write_bytes(garbage)
    with pytest.raises(FramingError, match=message) as info:
        load_manifest(corpus_dir)
    assert "manifest.csv" in str(info.value) and len(str(info.value).splitlines()) == 1


@pytest.mark.parametrize("row,message", [
    ("../evil,W,,,,en,,raw/x.txt,txt,utf-8,0", "invalid article_id"),
    ("a1,W,,,,en,,../x.txt,txt,utf-8,0", "is not raw/FILE"),
    ("a1,W,,,,en,,raw/a1.txt,txt,utf-8,0\na1,W,,,,en,,raw/a2.txt,txt,utf-8,1", "duplicate article_id"),
])
def test_manifest_rows_that_could_escape_the_corpus_are_refused(tmp_path, row, message):
    corpus_dir = tmp_path / "c"
    corpus_dir.mkdir()
    manifest_path(corpus_dir).write_text(",".join(MANIFEST_COLUMNS) + "\n" + row + "\n", encoding="utf-8")
    with pytest.raises(FramingError, match=message):
        read_manifest(corpus_dir)
