"""Raw articles read back hash-checked: one file each, or many in a raw shard (large batches
are stored as one shard: byte-exact articles, hash-checked on every read, and analysed
exactly as the same articles stored one file each)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import helpers.corpus.add as add_module
import helpers.corpus.batches as batches
import helpers.corpus.raw as raw
from conftest import copy_project
from helpers.core.errors import FramingError
from helpers.core.study import SEED_STUDY, Study
from helpers.corpus import (MANIFEST_COLUMNS, add_articles, add_lenient, check_raw, generate_corpus, load_corpus,
                            load_manifest, read_shard, row_groups_holding)

SEED_IDS = ("000_efd457a551fe66f5", "002_4de3182402dd3c07")


@pytest.fixture
def small_shards(monkeypatch):
    monkeypatch.setattr(add_module, "SHARD_MIN_ARTICLES", 5)
    monkeypatch.setattr(raw, "SHARD_ROW_GROUP", 3)


@pytest.fixture
def big(project) -> Study:
    """A study named ``big`` in a fresh project (no articles yet)."""
    return Study.open("big", root=project)


def _batch(tmp: Path, n: int = 12, name: str = "export.parquet") -> tuple[Path, pd.DataFrame]:
    corpus = generate_corpus(n, seed=3, outlets=3, events=2)
    path = tmp / name
    corpus.to_parquet(path, index=False)
    return path, corpus


# ----------------------------------------------------------------------------- one file per article

def test_load_corpus_returns_decoded_text(seed_study):
    corpus = load_corpus(seed_study.corpus_dir)
    assert list(corpus.columns) == MANIFEST_COLUMNS + ["text"]
    assert corpus["text"].iloc[0].startswith("Tehran denies supplying ballistic missiles")
    assert corpus["text"].iloc[1].splitlines()[6].strip().startswith("Tehran Reportedly Arms")


@pytest.fixture
def seed_copy(tmp_path) -> Study:
    """The seed study in a fresh project holding a copy of its corpus."""
    return Study.open(SEED_STUDY, root=copy_project(tmp_path / "project", "seed_corpus"))


def test_load_corpus_refuses_edited_raw_file(seed_copy):
    path = seed_copy.corpus_dir / "raw" / f"{SEED_IDS[1]}.txt"
    path.write_bytes(path.read_bytes().replace(b"Tehran", b"Teheran", 1))
    with pytest.raises(FramingError, match=f"{SEED_IDS[1]}.txt.*sha256"):
        load_corpus(seed_copy.corpus_dir)
    with pytest.raises(FramingError, match=f"{SEED_IDS[1]}.txt.*sha256"):
        check_raw(load_manifest(seed_copy.corpus_dir), seed_copy.corpus_dir)


def test_load_corpus_refuses_missing_raw_file(seed_copy):
    (seed_copy.corpus_dir / "raw" / f"{SEED_IDS[0]}.txt").unlink()
    with pytest.raises(FramingError, match=f"{SEED_IDS[0]}.txt.*missing"):
        load_corpus(seed_copy.corpus_dir)
    with pytest.raises(FramingError, match=f"{SEED_IDS[0]}.txt.*missing"):
        check_raw(load_manifest(seed_copy.corpus_dir), seed_copy.corpus_dir)


# ----------------------------------------------------------------------------- raw shards

def test_a_large_batch_becomes_one_shard_with_every_article_byte_exact(big, tmp_path, small_shards):
    batch, corpus = _batch(tmp_path)
    added = add_articles(batch, big.corpus_dir)
    stored_files = sorted((big.corpus_dir / "raw").iterdir())
    assert len(stored_files) == 1 and stored_files[0].suffix == ".parquet"
    assert stored_files[0].name.startswith("export-")
    assert set(added["raw_path"]) == {f"raw/{stored_files[0].name}"}
    stored = read_shard(stored_files[0])
    assert sorted(stored) == sorted(corpus["article_id"])  # ids come from the batch's id column
    for aid, text in zip(corpus["article_id"], corpus["text"]):
        assert stored[aid] == text.encode("utf-8")
    # sorted by id in small row groups, so a run of ids reads few of them
    meta = pq.ParquetFile(stored_files[0]).metadata
    assert meta.num_row_groups == 4
    ids = pq.read_table(stored_files[0], columns=["article_id"]).column(0).to_pylist()
    assert ids == sorted(ids)
    loaded = load_corpus(big.corpus_dir).set_index("article_id")
    assert (loaded.loc[corpus["article_id"], "text"].tolist() == corpus["text"].tolist())
    assert check_raw(load_manifest(big.corpus_dir), big.corpus_dir) == 12


def test_a_small_batch_still_gets_one_file_per_article(project, tmp_path, small_shards):
    batch, _ = _batch(tmp_path, n=4)
    added = add_articles(batch, Study.open("small", root=project).corpus_dir)
    assert all(p.endswith(".txt") for p in added["raw_path"])


def _rewrite_shard(path: Path, change) -> None:
    table = pq.read_table(path).to_pydict()
    change(table)
    pq.write_table(pa.table({"article_id": pa.array(table["article_id"], pa.string()),
                             "data": pa.array(table["data"], pa.binary())}), path)


def test_an_edited_article_inside_a_shard_is_named_on_read(big, tmp_path, small_shards):
    batch, _ = _batch(tmp_path)
    add_articles(batch, big.corpus_dir)
    (shard,) = (big.corpus_dir / "raw").iterdir()
    victim = sorted(read_shard(shard))[7]

    def edit(t):
        i = t["article_id"].index(victim)
        t["data"][i] = t["data"][i].replace(b"Iran", b"Iram", 1)

    _rewrite_shard(shard, edit)
    with pytest.raises(FramingError, match=rf"{shard.name}.*sha256 does not match.*{victim}"):
        load_corpus(big.corpus_dir)
    with pytest.raises(FramingError, match=rf"{victim}"):
        check_raw(load_manifest(big.corpus_dir), big.corpus_dir)


def test_an_article_missing_from_its_shard_is_named(big, tmp_path, small_shards):
    batch, _ = _batch(tmp_path)
    add_articles(batch, big.corpus_dir)
    (shard,) = (big.corpus_dir / "raw").iterdir()
    victim = sorted(read_shard(shard))[0]

    def drop(t):
        i = t["article_id"].index(victim)
        del t["article_id"][i], t["data"][i]

    _rewrite_shard(shard, drop)
    with pytest.raises(FramingError, match=rf"article '{victim}' is missing from its raw shard"):
        check_raw(load_manifest(big.corpus_dir), big.corpus_dir)
    shard.unlink()
    with pytest.raises(FramingError, match="raw shard listed in the manifest is missing"):
        load_corpus(big.corpus_dir)


def test_a_failed_add_leaves_no_shard_behind(big, tmp_path, small_shards):
    batch, corpus = _batch(tmp_path)
    add_articles(batch, big.corpus_dir)
    before = sorted(p.name for p in (big.corpus_dir / "raw").iterdir())
    # a second batch repeating one article is refused as a whole
    again = corpus.head(6).copy()
    again["article_id"] = [f"new-{i}" for i in range(6)]
    again.loc[5, "text"] = corpus.loc[0, "text"]
    again.loc[5, "outlet"] = corpus.loc[0, "outlet"]  # the same text in the same outlet
    path = tmp_path / "again.parquet"
    again.to_parquet(path, index=False)
    with pytest.raises(FramingError, match="duplicate"):
        add_articles(path, big.corpus_dir)
    assert sorted(p.name for p in (big.corpus_dir / "raw").iterdir()) == before


def test_parquet_batches_read_in_pieces_keep_their_row_numbers(big, tmp_path, small_shards, monkeypatch):
    monkeypatch.setattr(batches, "PARQUET_READ_ROWS", 2)
    batch, corpus = _batch(tmp_path)
    corpus.loc[6, "published"] = "6 May 2018"  # row 7 of the file
    corpus.to_parquet(batch, index=False)
    with pytest.raises(FramingError, match=r"export\.parquet, row 7: date '6 May 2018'"):
        add_articles(batch, big.corpus_dir)
    result = add_lenient(batch, big.corpus_dir)
    assert [(b.row, "ISO date" in b.reason) for b in result.bad] == [(7, True)]
    assert len(result.added) == 11


def test_sharded_and_one_file_per_article_corpora_give_identical_tables(tmp_path, monkeypatch):
    from helpers.core.study import Study
    from helpers.run import stages

    root = copy_project(tmp_path / "p")
    batch, _ = _batch(tmp_path, n=30)
    monkeypatch.setattr(add_module, "SHARD_MIN_ARTICLES", 10**9)
    add_articles(batch, Study.open("files", root=root).corpus_dir)
    monkeypatch.setattr(add_module, "SHARD_MIN_ARTICLES", 5)
    add_articles(batch, Study.open("shard", root=root).corpus_dir)
    a = Study.open("files", tmp_path / "a", root=root)
    b = Study.open("shard", tmp_path / "b", root=root)
    stages.run_study(a, processes=1, size=8)
    stages.run_study(b, processes=1, size=8)
    for f in ("segments.csv", "audit.csv", "hits.csv", "features.csv", "category_rates.csv"):
        assert (a.processed / f).read_bytes() == (b.processed / f).read_bytes(), f
    arts_a = pd.read_csv(a.processed / "articles.csv").drop(columns=["raw_path"])
    arts_b = pd.read_csv(b.processed / "articles.csv").drop(columns=["raw_path"])
    pd.testing.assert_frame_equal(arts_a, arts_b)


def test_reading_a_run_of_ids_touches_only_the_row_groups_that_hold_them(big, tmp_path, small_shards):
    batch, _ = _batch(tmp_path)
    add_articles(batch, big.corpus_dir)
    (shard,) = (big.corpus_dir / "raw").iterdir()
    meta = pq.ParquetFile(shard).metadata
    ids = sorted(read_shard(shard))
    # rows 3..5 are row group 1 (groups of 3): only it is read
    assert row_groups_holding(meta, ids[3:6]) == [1]
    assert row_groups_holding(meta, ids[5:7]) == [1, 2]
    assert row_groups_holding(meta, ["zzz-not-there"]) == []
    assert sorted(read_shard(shard, ids[5:7])) == ids[5:7]
