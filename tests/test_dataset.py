"""Corpus layer: the committed seed corpus, the loaders, decoding and add_articles as a library."""

from __future__ import annotations

import hashlib
import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

from helpers.corpus.dataset import (DEFAULT_EVENT, MANIFEST_COLUMNS, AssumedEncodingWarning, add_articles,
                             decode_bytes, load_corpus, load_manifest)
from helpers.core.errors import FramingError
from helpers.core.paths import project_root

REPO = project_root()
CORPUS = "iran-missiles-2018"
SEED_DIR = REPO / "data" / "corpora" / CORPUS
SHARED_SEEDS = Path("/work/shared/seeds")
FIXTURES = Path(__file__).parent / "fixtures" / "articles"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def root(tmp_path):
    """A tmp project root holding a copy of the seed corpus."""
    shutil.copytree(SEED_DIR, tmp_path / "data" / "corpora" / CORPUS)
    return tmp_path


def test_seed_manifest_matches_contract_and_raw_hashes():
    manifest = load_manifest(CORPUS)
    assert list(manifest.columns) == MANIFEST_COLUMNS
    assert manifest["article_id"].tolist() == ["000_efd457a551fe66f5", "002_4de3182402dd3c07"]
    assert manifest["outlet"].tolist() == ["The Times of Israel", "Sputnik"]
    assert manifest["published"].tolist() == ["2018-09-01", "2018-08-31"]
    assert manifest["title"].tolist()[1] == "Tehran Reportedly Arms Iraqi Militias 'To Have Backup Plan If Iran Attacked'"
    assert set(manifest["event"]) == {"2018-08-31-reuters-iran-missiles-iraq"}
    assert set(manifest["language"]) == {"en"} and set(manifest["url"]) == {""}
    for r in manifest.itertuples():
        raw = SEED_DIR / r.raw_path
        assert raw.name == f"{r.article_id}.txt"
        assert _sha(raw) == r.sha256


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="shared seed folder not present")
def test_seed_raw_files_are_byte_identical_to_shared_seeds():
    for r in load_manifest(CORPUS).itertuples():
        assert _sha(SHARED_SEEDS / Path(r.raw_path).name) == r.sha256


def test_load_corpus_returns_decoded_text():
    corpus = load_corpus(CORPUS)
    assert list(corpus.columns) == MANIFEST_COLUMNS + ["text"]
    assert corpus["text"].iloc[0].startswith("Tehran denies supplying ballistic missiles")
    assert corpus["text"].iloc[1].splitlines()[6].strip().startswith("Tehran Reportedly Arms")


def test_load_corpus_refuses_edited_raw_file(root):
    raw = root / "data" / "corpora" / CORPUS / "raw" / "002_4de3182402dd3c07.txt"
    raw.write_bytes(raw.read_bytes().replace(b"Tehran", b"Teheran", 1))
    with pytest.raises(FramingError, match="002_4de3182402dd3c07.txt.*sha256"):
        load_corpus(CORPUS, root=root)


def test_load_corpus_refuses_missing_raw_file(root):
    (root / "data" / "corpora" / CORPUS / "raw" / "000_efd457a551fe66f5.txt").unlink()
    with pytest.raises(FramingError, match="000_efd457a551fe66f5.txt.*missing"):
        load_corpus(CORPUS, root=root)


def test_empty_event_becomes_default(tmp_path):
    added = add_articles([{"text": "Iran denied the report.", "outlet": "Wire"}], "c1", root=tmp_path)
    assert added["event"].tolist() == [""]
    assert load_manifest("c1", root=tmp_path)["event"].tolist() == [DEFAULT_EVENT]


def test_missing_manifest_is_a_framing_error(tmp_path):
    with pytest.raises(FramingError, match="manifest not found"):
        load_manifest("nothing-here", root=tmp_path)


def test_decode_utf8_bom_and_cp1252():
    assert decode_bytes("Iran\u2019s".encode("utf-8"), "a.txt") == ("Iran\u2019s", "utf-8")
    assert decode_bytes(b"\xef\xbb\xbfIran", "a.txt") == ("Iran", "utf-8-sig")
    data = "Iran\u2019s \u201cmissiles\u201d \u2014 caf\u00e9 and d\u00e9j\u00e0 vu in the report.\n".encode("cp1252") * 3
    with pytest.warns(AssumedEncodingWarning, match="cp1252"):
        text, enc = decode_bytes(data, "legacy.txt")
    assert enc == "cp1252" and text.startswith("Iran\u2019s \u201cmissiles\u201d")


def test_decode_refuses_unknown_encoding():
    data = "\u4f0a\u6717\u5426\u8ba4\u5411\u4f0a\u62c9\u514b\u6c11\u5175\u63d0\u4f9b\u5bfc\u5f39\u3002".encode("gbk") * 5
    with pytest.raises(FramingError, match="unknown text encoding"):
        decode_bytes(data, "zh.txt")


def test_add_records_and_dataframe(tmp_path):
    df = pd.DataFrame({"story": ["First article text.", "Second article text."],
                       "src": ["Wire A", "Wire B"], "when": ["2018-09-01", "2018-09-02T10:00:00Z"]})
    added = add_articles(df, "c2", root=tmp_path, text_col="story", outlet_col="src", date_col="when")
    assert added["outlet"].tolist() == ["Wire A", "Wire B"]
    assert added["published"].tolist() == ["2018-09-01", "2018-09-02"]
    corpus = load_corpus("c2", root=tmp_path)
    assert sorted(corpus["text"]) == ["First article text.", "Second article text."]


def test_legacy_encoded_file_is_stored_raw_and_recorded(tmp_path):
    src = tmp_path / "legacy.txt"
    src.write_bytes("Iran\u2019s \u201cmissiles\u201d \u2014 caf\u00e9 d\u00e9j\u00e0 vu in the report.\n".encode("cp1252") * 3)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        added = add_articles([src], "c3", outlet="Wire", root=tmp_path)
    assert added["encoding"].tolist() == ["cp1252"]
    assert any(issubclass(w.category, AssumedEncodingWarning) for w in caught)
    raw = tmp_path / "data" / "corpora" / "c3" / "raw" / "legacy.txt"
    assert raw.read_bytes() == src.read_bytes()
    assert load_corpus("c3", root=tmp_path)["text"].iloc[0].startswith("Iran\u2019s")
