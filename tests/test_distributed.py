"""The Dask path gives the same tables as the local path, row for row."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pandas as pd
import pytest

from helpers.corpus import MANIFEST_COLUMNS
from helpers.run import distributed
from helpers.run import pipeline
from helpers.corpus import synthetic
from helpers.core.errors import FramingError
from helpers.core.paths import study_paths
from helpers.core.storage import read_csv, write_csv

ROOT = Path(__file__).resolve().parents[1]
N_ARTICLES = 2000


def write_synthetic_corpus(root: Path, corpus: str, n: int, seed: int = 0) -> pd.DataFrame:
    """Raw files and a manifest for ``n`` synthetic articles, written directly
    (what ``framing add`` would write, without its per-row validation cost)."""
    base = root / "data" / "corpora" / corpus
    (base / "raw").mkdir(parents=True)
    rows = []
    for r in synthetic.generate_corpus(n, seed=seed).itertuples(index=False):
        data = r.text.encode("utf-8")
        (base / "raw" / f"{r.article_id}.txt").write_bytes(data)
        rows.append({"article_id": r.article_id, "outlet": r.outlet, "title": r.title,
                     "published": r.published, "event": str(r.event), "language": "en", "url": "",
                     "raw_path": f"raw/{r.article_id}.txt", "format": "txt", "encoding": "utf-8",
                     "sha256": hashlib.sha256(data).hexdigest()})
    manifest = pd.DataFrame(rows, columns=MANIFEST_COLUMNS)
    write_csv(manifest, base / "manifest.csv")
    return manifest


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    root = tmp_path_factory.mktemp("dask")
    for name in ("lexicons", "rules", "attribution"):
        shutil.copytree(ROOT / "data" / name, root / "data" / name)
    write_synthetic_corpus(root, "syn", N_ARTICLES)
    local = study_paths("syn", root / "reports" / "local", root)
    dask = study_paths("syn", root / "reports" / "dask", root)
    local_reports = pipeline.run_study(local, chunk_size=250, processes=2)
    dask_reports = pipeline.run_study(dask, chunk_size=250, scheduler="local")
    return local, dask, local_reports, dask_reports


@pytest.mark.slow
def test_dask_path_matches_local_path_row_for_row(both):
    local, dask, local_reports, dask_reports = both
    assert [r.chunks for r in dask_reports] == [r.chunks for r in local_reports]
    assert dask_reports[0].chunks >= 4 and dask_reports[0].computed == dask_reports[0].chunks
    names = sorted(p.name for p in local.processed.glob("*.csv"))
    assert len(names) == 12
    for name in names:
        a = read_csv(local.processed / name, dtype=str)
        b = read_csv(dask.processed / name, dtype=str)
        pd.testing.assert_frame_equal(a, b, obj=name)
        assert (local.processed / name).read_bytes() == (dask.processed / name).read_bytes(), name
    assert len(read_csv(local.processed / "articles.csv")) == N_ARTICLES


@pytest.mark.slow
def test_dask_rerun_is_skipped_without_a_cluster(both, monkeypatch):
    _, dask, _, _ = both

    def no_cluster(*args, **kwargs):
        raise AssertionError("a cluster was started for an up-to-date study")

    monkeypatch.setattr(distributed, "_connect", no_cluster)
    # the stages are up to date: no chunk to compute, so no cluster is started
    assert all(r.skipped for r in pipeline.run_study(dask, scheduler="local"))


def test_bad_scheduler_address_is_a_framing_error():
    with pytest.raises(FramingError, match="not an address"):
        with distributed.dask_runner("localhost:8786"):
            pass
