"""Large batches are stored as one raw shard: byte-exact articles, hash-checked on every
read, and analysed exactly as the same articles stored one file each."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from helpers.corpus import dataset
from helpers.corpus import ingest
from helpers.run import pipeline
from helpers.core.errors import FramingError
from helpers.core.paths import corpus_dir, study_paths
from helpers.corpus.synthetic import generate_corpus

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def small_shards(monkeypatch):
    monkeypatch.setattr(dataset, "SHARD_MIN_ARTICLES", 5)
    monkeypatch.setattr(dataset, "SHARD_ROW_GROUP", 3)


def _project(tmp: Path) -> Path:
    for name in ("lexicons", "rules", "attribution"):
        shutil.copytree(ROOT / "data" / name, tmp / "data" / name)
    return tmp


def _batch(tmp: Path, n: int = 12, name: str = "export.parquet") -> tuple[Path, pd.DataFrame]:
    corpus = generate_corpus(n, seed=3, outlets=3, events=2)
    path = tmp / name
    corpus.to_parquet(path, index=False)
    return path, corpus


def test_a_large_batch_becomes_one_shard_with_every_article_byte_exact(tmp_path, small_shards):
    root = _project(tmp_path / "p")
    batch, corpus = _batch(tmp_path)
    added = dataset.add_articles(batch, "big", root=root)
    raw = sorted((corpus_dir("big", root) / "raw").iterdir())
    assert len(raw) == 1 and raw[0].suffix == ".parquet" and raw[0].name.startswith("export-")
    assert set(added["raw_path"]) == {f"raw/{raw[0].name}"}
    stored = dataset.read_shard(raw[0])
    assert sorted(stored) == sorted(corpus["article_id"])  # ids come from the batch's id column
    for aid, text in zip(corpus["article_id"], corpus["text"]):
        assert stored[aid] == text.encode("utf-8")
    # sorted by id in small row groups, so a run of ids reads few of them
    meta = pq.ParquetFile(raw[0]).metadata
    assert meta.num_row_groups == 4
    ids = pq.read_table(raw[0], columns=["article_id"]).column(0).to_pylist()
    assert ids == sorted(ids)
    loaded = dataset.load_corpus("big", root).set_index("article_id")
    assert (loaded.loc[corpus["article_id"], "text"].tolist() == corpus["text"].tolist())
    assert dataset.check_raw(dataset.load_manifest("big", root), corpus_dir("big", root)) == 12


def test_a_small_batch_still_gets_one_file_per_article(tmp_path, small_shards):
    root = _project(tmp_path / "p")
    batch, _ = _batch(tmp_path, n=4)
    added = dataset.add_articles(batch, "small", root=root)
    assert all(p.endswith(".txt") for p in added["raw_path"])


def _rewrite_shard(path: Path, change) -> None:
    table = pq.read_table(path).to_pydict()
    change(table)
    pq.write_table(pa.table({"article_id": pa.array(table["article_id"], pa.string()),
                             "data": pa.array(table["data"], pa.binary())}), path)


def test_an_edited_article_inside_a_shard_is_named_on_read(tmp_path, small_shards):
    root = _project(tmp_path / "p")
    batch, _ = _batch(tmp_path)
    dataset.add_articles(batch, "big", root=root)
    (shard,) = (corpus_dir("big", root) / "raw").iterdir()
    victim = sorted(dataset.read_shard(shard))[7]

    def edit(t):
        i = t["article_id"].index(victim)
        t["data"][i] = t["data"][i].replace(b"Iran", b"Iram", 1)

    _rewrite_shard(shard, edit)
    with pytest.raises(FramingError, match=rf"{shard.name}.*sha256 does not match.*{victim}"):
        dataset.load_corpus("big", root)
    with pytest.raises(FramingError, match=rf"{victim}"):
        dataset.check_raw(dataset.load_manifest("big", root), corpus_dir("big", root))


def test_an_article_missing_from_its_shard_is_named(tmp_path, small_shards):
    root = _project(tmp_path / "p")
    batch, _ = _batch(tmp_path)
    dataset.add_articles(batch, "big", root=root)
    (shard,) = (corpus_dir("big", root) / "raw").iterdir()
    victim = sorted(dataset.read_shard(shard))[0]

    def drop(t):
        i = t["article_id"].index(victim)
        del t["article_id"][i], t["data"][i]

    _rewrite_shard(shard, drop)
    with pytest.raises(FramingError, match=rf"article '{victim}' is missing from its raw shard"):
        dataset.check_raw(dataset.load_manifest("big", root), corpus_dir("big", root))
    shard.unlink()
    with pytest.raises(FramingError, match="raw shard listed in the manifest is missing"):
        dataset.load_corpus("big", root)


def test_a_failed_add_leaves_no_shard_behind(tmp_path, small_shards):
    root = _project(tmp_path / "p")
    batch, corpus = _batch(tmp_path)
    dataset.add_articles(batch, "big", root=root)
    before = sorted(p.name for p in (corpus_dir("big", root) / "raw").iterdir())
    # a second batch repeating one article is refused as a whole
    again = corpus.head(6).copy()
    again["article_id"] = [f"new-{i}" for i in range(6)]
    again.loc[5, "text"] = corpus.loc[0, "text"]
    path = tmp_path / "again.parquet"
    again.to_parquet(path, index=False)
    with pytest.raises(FramingError, match="duplicate"):
        dataset.add_articles(path, "big", root=root)
    assert sorted(p.name for p in (corpus_dir("big", root) / "raw").iterdir()) == before


def test_parquet_batches_read_in_pieces_keep_their_row_numbers(tmp_path, small_shards, monkeypatch):
    monkeypatch.setattr(dataset, "PARQUET_READ_ROWS", 2)
    root = _project(tmp_path / "p")
    batch, corpus = _batch(tmp_path)
    corpus.loc[6, "published"] = "6 May 2018"  # row 7 of the file
    corpus.to_parquet(batch, index=False)
    with pytest.raises(FramingError, match=r"export\.parquet, row 7: date '6 May 2018'"):
        dataset.add_articles(batch, "big", root=root)
    result = ingest.add_lenient(batch, "big", root=root)
    assert [(b.row, "ISO date" in b.reason) for b in result.bad] == [(7, True)]
    assert len(result.added) == 11


def test_sharded_and_one_file_per_article_corpora_give_identical_tables(tmp_path, monkeypatch):
    root = _project(tmp_path / "p")
    batch, _ = _batch(tmp_path, n=30)
    monkeypatch.setattr(dataset, "SHARD_MIN_ARTICLES", 10**9)
    dataset.add_articles(batch, "files", root=root)
    monkeypatch.setattr(dataset, "SHARD_MIN_ARTICLES", 5)
    dataset.add_articles(batch, "shard", root=root)
    a = study_paths("files", tmp_path / "a", root)
    b = study_paths("shard", tmp_path / "b", root)
    pipeline.run_study(a, processes=1, chunk_size=8)
    pipeline.run_study(b, processes=1, chunk_size=8)
    for f in ("segments.csv", "audit.csv", "hits.csv", "features.csv", "category_rates.csv"):
        assert (a.processed / f).read_bytes() == (b.processed / f).read_bytes(), f
    arts_a = pd.read_csv(a.processed / "articles.csv").drop(columns=["raw_path"])
    arts_b = pd.read_csv(b.processed / "articles.csv").drop(columns=["raw_path"])
    pd.testing.assert_frame_equal(arts_a, arts_b)


def test_reading_a_run_of_ids_touches_only_the_row_groups_that_hold_them(tmp_path, small_shards):
    root = _project(tmp_path / "p")
    batch, _ = _batch(tmp_path)
    dataset.add_articles(batch, "big", root=root)
    (shard,) = (corpus_dir("big", root) / "raw").iterdir()
    meta = pq.ParquetFile(shard).metadata
    ids = sorted(dataset.read_shard(shard))
    # rows 3..5 are row group 1 (groups of 3): only it is read
    assert dataset._row_groups_holding(meta, ids[3:6]) == [1]
    assert dataset._row_groups_holding(meta, ids[5:7]) == [1, 2]
    assert dataset._row_groups_holding(meta, ["zzz-not-there"]) == []
    assert sorted(dataset.read_shard(shard, ids[5:7])) == ids[5:7]
