"""The explorer page: safety of the embedded data, counts, offsets, sampling (the pure
builder, helpers.present.explore) and reading, paths, writing (helpers.run.explorer)."""

from __future__ import annotations

import itertools
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from browser_support import features_counts, write_synthetic_processed
from conftest import FIXTURES, study_of_processed
from helpers import cli
from helpers.clean import assemble_texts
from helpers.core.errors import FramingError
from helpers.present.explore import (build_explorer_html, checked_clean_texts, explorer_payload, payload_counts,
                                     payload_hit_table, sample_articles, to_utf16_offsets)
from helpers.core.storage import read_csv, write_csv
from helpers.core.study import SEED_STUDY as DEFAULT_CORPUS
from helpers.core.study import Study
from helpers.run.explorer import build_explorer, load_explorer_tables, write_explorer

FIXTURE = FIXTURES / "explorer" / "processed"


def load_processed(folder: Path) -> dict:
    return load_explorer_tables(study_of_processed(folder))
DATA_RE = re.compile(r'<script type="application/json" id="explorer-data">(.*?)</script>', re.S)


def payload_of(page: str) -> dict:
    found = DATA_RE.findall(page)
    assert len(found) == 1
    return json.loads(found[0])


def processed_folders() -> list:
    # the committed seed tables must exist: a missing table fails, never skips
    return [pytest.param(FIXTURE, id="fixture"),
            pytest.param(Study.open(DEFAULT_CORPUS).processed, id="seed")]


@pytest.fixture(scope="module")
def fixture_page() -> str:
    return build_explorer(study_of_processed(FIXTURE), title="Fixture <study> & co")


def test_page_is_self_contained_and_byte_stable(fixture_page):
    assert build_explorer(study_of_processed(FIXTURE), title="Fixture <study> & co") == fixture_page
    # nothing fetched: no external script/style/font/image references, and a CSP forbidding it
    markup = DATA_RE.sub("", fixture_page)  # the page without the (escaped) article data
    assert not re.search(r"<(link|img|iframe|object|embed)\b", markup)
    assert not re.search(r"\b(src|href)\s*=", markup)
    assert "@import" not in markup and "url(" not in markup
    assert "http://" not in markup and "https://" not in markup
    assert "default-src 'none'" in fixture_page
    assert fixture_page.count("<script") == 2 and fixture_page.count("</script>") == 2
    assert "<title>Fixture &lt;study&gt; &amp; co</title>" in fixture_page


def test_article_markup_cannot_escape_the_data_tag(fixture_page):
    raw = DATA_RE.findall(fixture_page)[0]
    assert "<" not in raw and ">" not in raw
    payload = json.loads(raw)
    texts = dict(zip(payload["articles"]["id"], payload["articles"]["text"]))
    assert "<script>window.__pwned=1</script>" in texts["toi-002"]
    assert '<img src=x onerror="window.__pwned=1">' in texts["toi-002"]
    assert "<script>window" not in fixture_page


def test_payload_texts_are_the_clean_texts(fixture_page):
    payload = payload_of(fixture_page)
    segments = read_csv(FIXTURE / "segments.csv")
    for aid, text in zip(payload["articles"]["id"], payload["articles"]["text"]):
        parts = segments[segments.article_id == aid].sort_values("segment_index")["text"]
        assert text == "\n\n".join(parts)


def test_hit_offsets_index_javascript_strings(fixture_page):
    """Offsets are UTF-16 units, so emoji before a hit do not shift the highlight."""
    payload = payload_of(fixture_page)
    hits = read_csv(FIXTURE / "hits.csv")
    h, texts = payload["hits"], payload["articles"]["text"]
    shown = sorted((payload["articles"]["id"][a], texts[a].encode("utf-16-le")[2 * s:2 * e].decode("utf-16-le"))
                   for a, s, e in zip(h["article"], h["start"], h["end"]))
    assert shown == sorted(zip(hits.article_id, hits.matched))
    # the emoji article really shifts: there, UTF-16 offsets differ from the code-point offsets
    sp2 = payload["articles"]["id"].index("sp-002")
    js_starts = [s for a, s in zip(h["article"], h["start"]) if a == sp2]
    assert js_starts != hits[hits.article_id == "sp-002"]["start"].tolist()


def test_page_is_built_purely_from_the_tables(fixture_page):
    """The run layer only reads: the same tables give the same page without any folder."""
    tables = load_processed(FIXTURE)
    assert build_explorer_html(tables, title="Fixture <study> & co") == fixture_page


def test_clean_texts_are_the_contract_assembly_checked_against_offsets():
    segments = read_csv(FIXTURE / "segments.csv")
    pd.testing.assert_series_equal(checked_clean_texts(segments), assemble_texts(segments),
                                   check_names=False, check_index_type=False)
    bad = segments.copy()
    bad.loc[2, "start"] += 1
    with pytest.raises(FramingError, match=r"segments.csv, row 3: segment offsets"):
        checked_clean_texts(bad)


def test_to_utf16_offsets():
    text = "a\U0001F680b\U0001F4A5c"
    assert to_utf16_offsets(text, [0, 1, 2, 3, 4, 5]).tolist() == [0, 1, 3, 4, 6, 7]
    assert to_utf16_offsets("plain", [0, 5]).tolist() == [0, 5]


@pytest.mark.parametrize("folder", processed_folders())
def test_counts_equal_features_table_for_every_filter(folder):
    """The page's counts (Python twin of countHits) equal features.csv for the same filters."""
    table = payload_hit_table(explorer_payload(load_processed(folder), title="t", max_articles=10**9))
    features = read_csv(folder / "features.csv")
    outlets = [None, *sorted(set(features.outlet))]
    events = [None, *sorted(set(features.event.astype(str)))]
    groups = [None, "headline_lede", "body", "caption", "footnote"]
    voices = [None, "own", "quoted"]
    features["event"] = features["event"].astype(str)
    checked = 0
    for outlet, event, group, voice in itertools.product(outlets, events, groups, voices):
        page = payload_counts(table, outlet=outlet, event=event, segment_group=group, voice=voice)
        got = {(o, c): n for o, c, n in page[["outlet", "category", "count"]].itertuples(index=False)}
        want = {k: v for k, v in features_counts(features, outlet=outlet, event=event,
                                                 segment_group=group, voice=voice).items() if v}
        assert got == want, (outlet, event, group, voice)
        checked += sum(want.values())
    assert checked > 0


@pytest.mark.parametrize("folder", processed_folders())
def test_actor_counts_equal_naming_table(folder):
    payload = explorer_payload(load_processed(folder), title="t", max_articles=10**9)
    naming = read_csv(folder / "naming.csv")
    want = naming.groupby(["outlet", "actor", "surface_form"])["count"].sum()
    got = payload_counts(payload, by="entry")
    got = got[got.category == "naming"].set_index(["outlet", "entry"])["count"]
    assert {(o, f): n for (o, _, f), n in want.items()} == got.to_dict()
    by_actor = payload_counts(payload, by="actor").set_index(["outlet", "actor"])["count"].to_dict()
    assert by_actor == naming.groupby(["outlet", "actor"])["count"].sum().to_dict()


def test_sample_beyond_max_articles_is_deterministic():
    ids = [f"a{i:03d}" for i in range(50)]
    first = sample_articles(ids, 10)
    assert first == sample_articles(list(reversed(ids)), 10) and len(first) == 10
    assert first == sorted(first) and first != ids[:10]
    assert sample_articles(ids, 100) == ids


def test_payload_records_the_sample(fixture_page):
    payload = explorer_payload(load_processed(FIXTURE), title="t", max_articles=2)
    assert payload["articles_total"] == 4 and payload["articles_shown"] == 2
    kept = set(payload["articles"]["id"])
    assert len(kept) == 2 and set(payload["hits"]["article"]) <= {0, 1}
    assert payload_of(fixture_page)["articles_shown"] == 4


def test_synthetic_corpus_builds_compactly(tmp_path):
    folder = write_synthetic_processed(tmp_path / "processed", 60)
    page = build_explorer(study_of_processed(folder), title="synthetic", max_articles=50)
    payload = payload_of(page)
    assert payload["articles_shown"] == 50 and payload["articles_total"] == 60
    hits = read_csv(folder / "hits.csv")
    kept = hits[hits.article_id.isin(payload["articles"]["id"])]
    assert len(payload["hits"]["start"]) == len(kept)
    # columnar: repeated strings (outlets, categories, entries) stored once, as indices
    assert set(payload["outlets"]) == {"Outlet A", "Outlet B", "Outlet C"}
    assert all(isinstance(x, int) for x in payload["hits"]["entry"])


def _seed_root(tmp_path: Path, corpus: str = DEFAULT_CORPUS, under: str | None = None) -> Path:
    target = tmp_path / (under or f"data/processed/{corpus}")
    shutil.copytree(FIXTURE, target)
    return tmp_path


def test_write_explorer_default_and_output_paths(tmp_path):
    root = _seed_root(tmp_path).resolve()
    path = write_explorer(Study.open(DEFAULT_CORPUS, root=root))
    assert path == root / "notebooks" / "explorer.html"
    before = path.stat().st_mtime_ns
    assert write_explorer(Study.open(DEFAULT_CORPUS, root=root)) == path
    assert path.stat().st_mtime_ns == before  # identical bytes: not rewritten
    _seed_root(tmp_path, under="elsewhere/processed")  # a run's own output folder, its own tables
    out = write_explorer(Study.open(DEFAULT_CORPUS, tmp_path / "elsewhere", root=root))
    assert out == root / "elsewhere" / "explorer.html"
    assert out.read_bytes() == path.read_bytes()


def test_write_explorer_other_corpus_goes_to_reports(tmp_path):
    root = _seed_root(tmp_path, under="reports/other/processed").resolve()
    assert write_explorer(Study.open("other", root=root)) == root / "reports" / "other" / "explorer.html"


def test_cli_explore(tmp_path, capsys):
    root = _seed_root(tmp_path)
    _seed_root(tmp_path, under="out/processed")
    assert cli.main(["explore", "--root", str(root), "--output", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "explorer.html").exists()
    assert cli.main(["explore", "--root", str(root), "--output", "notebooks"]) == 2  # the committed page
    assert "output folder" in capsys.readouterr().err
    # a study never run is measured first, so a missing corpus is what the one line names
    assert cli.main(["explore", "missing-corpus", "--root", str(root)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "missing-corpus/manifest.csv: manifest not found" in err
    assert "framing add" in err
    assert not (root / "reports" / "missing-corpus").exists()  # nothing written


def test_bad_hit_offsets_are_reported_with_the_row(tmp_path):
    folder = tmp_path / "processed"
    shutil.copytree(FIXTURE, folder)
    hits = read_csv(folder / "hits.csv")
    hits.loc[3, "start"] += 1
    write_csv(hits, folder / "hits.csv")
    with pytest.raises(FramingError, match=r"hits.csv, row 4: .*does not match"):
        build_explorer(study_of_processed(folder), title="t")


def test_missing_column_is_reported(tmp_path):
    folder = tmp_path / "processed"
    shutil.copytree(FIXTURE, folder)
    write_csv(read_csv(folder / "article_features.csv").drop(columns=["event"]), folder / "article_features.csv")
    with pytest.raises(FramingError, match="article_features.csv: missing column"):
        build_explorer(study_of_processed(folder), title="t")


def test_templates_do_not_use_inner_html():
    """Article text goes in as text only; the script never parses strings as HTML."""
    from helpers.present.explore import load_template

    js = load_template("explorer.js")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in js
    assert "textContent" in js and "createTextNode" in js
