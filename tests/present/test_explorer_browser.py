"""The explorer in real headless Chromium (Selenium 4, system chromedriver, file:// URL, no network).

Each step saves a screenshot under the test's tmp_path (``shots/NN_step.png``).
Chromium is installed by ``browser_support.ensure_chromium`` when missing.
"""

from __future__ import annotations

import csv as csvlib
import io
import json
import time
from pathlib import Path

import pandas as pd
import pytest

from browser_support import (features_counts, make_driver, screenshot, wait_ready,
                             write_processed_from_synthetic)
from conftest import FIXTURES, study_of_processed
from helpers.clean import assemble_texts
from helpers.core.storage import read_csv
from helpers.core.study import SEED_STUDY, Study
from helpers.run.explorer import build_explorer

pytestmark = pytest.mark.browser

FIXTURE = FIXTURES / "explorer" / "processed"
SEED = Study.open(SEED_STUDY).processed
GROUPS = {"headline": "headline_lede", "lede": "headline_lede", "body": "body",
          "caption": "caption", "footnote": "footnote"}
INJECTION = ["<script>window.__pwned=1</script>", '<img src=x onerror="window.__pwned=1">']

# Walk the article view's text nodes; return [utf16_start, utf16_end, mark classes] per marked
# piece plus the page's clean text (segments joined by a blank line, as in the clean text).
MARKS_JS = """
var paras = document.querySelectorAll('#article-text .seg-text'), pos = 0, out = [], texts = [];
for (var k = 0; k < paras.length; k++) {
  if (k) pos += 2;
  var walker = document.createTreeWalker(paras[k], NodeFilter.SHOW_TEXT), n;
  while ((n = walker.nextNode())) {
    var m = n.parentElement.closest('mark');
    if (m) out.push([pos, pos + n.data.length, m.className]);
    pos += n.data.length;
  }
  texts.push(paras[k].textContent);
}
return [out, texts.join('\\n\\n')];
"""


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    d = make_driver(tmp_path_factory.mktemp("chromium-profile"))
    yield d
    d.quit()


def hit_table(folder: Path) -> pd.DataFrame:
    hits = read_csv(folder / "hits.csv")
    meta = read_csv(folder / "article_features.csv")[["article_id", "outlet", "event"]]
    hits = hits.merge(meta, on="article_id", how="left")
    hits["event"] = hits["event"].astype(str)
    hits["segment_group"] = hits["segment"].map(GROUPS)
    hits["voice"] = hits["in_quote"].astype(str).map({"True": "quoted", "False": "own"})
    return hits


def load(driver, page: Path) -> None:
    driver.get(page.as_uri())
    wait_ready(driver)


def css(driver, selector):
    return driver.find_elements("css selector", selector)


def choose(driver, select_id: str, text: str) -> None:
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element("id", select_id)).select_by_visible_text(text)


CELLS_JS = """
var out = [];
document.querySelectorAll('tr[data-kind] td[data-outlet]').forEach(function (td) {
  var tr = td.parentElement;
  out.push([tr.getAttribute('data-kind'), tr.getAttribute('data-category') || tr.getAttribute('data-actor'),
            tr.getAttribute('data-entry') || '', td.getAttribute('data-outlet'), td.getAttribute('data-voice'),
            td.textContent]);
});
return out;
"""
KWIC_JS = """
return Array.from(document.querySelectorAll('.kwic-line')).map(function (line) {
  return [line.getAttribute('data-article'), line.querySelector('mark.kw').textContent];
});
"""


def table_cells(driver) -> dict[tuple[str, str, str], dict[tuple[str, str], int]]:
    """All count cells on the page in one round trip: (kind, name, entry) -> {(outlet, voice): n}."""
    cells: dict = {}
    for kind, name, entry, outlet, voice, value in driver.execute_script(CELLS_JS):
        cells.setdefault((kind, name, entry), {})[(outlet, voice)] = int(value)
    return cells


def check_counts(driver, features: pd.DataFrame, **filters) -> None:
    """Every category row on the page equals features.csv under the same filters."""
    voices = [filters["voice"]] if filters.get("voice") else ["own", "quoted", "all"]
    cells = table_cells(driver)
    outlets = [filters["outlet"]] if filters.get("outlet") else sorted(set(features.outlet))
    for cat in sorted(set(features.category)):
        got = cells.get(("category", cat, ""))
        for voice in voices:
            want = features_counts(features, **{**filters, "voice": None if voice == "all" else voice})
            if got is None:  # a category with no hits at all in the corpus has no row
                assert sum(n for (o, c), n in want.items() if c == cat) == 0, cat
                continue
            assert {o: got[(o, voice)] for o in outlets} == {o: want.get((o, cat), 0) for o in outlets}, \
                (filters, voice, cat)
        if got is not None:  # exactly the filtered outlets and voices are shown
            assert set(got) == {(o, v) for o in outlets for v in voices}


def kwic_lines(driver) -> list[tuple[str, str]]:
    return sorted(tuple(x) for x in driver.execute_script(KWIC_JS))


def check_highlighting(driver, hits: pd.DataFrame, article_id: str) -> None:
    """Marks with class cat-X cover exactly the characters of the article's X hits."""
    pieces, text = driver.execute_script(MARKS_JS)
    # UTF-16 position -> code point position (the tables' offsets)
    cp_at, u = {}, 0
    for cp, ch in enumerate(text):
        cp_at[u] = cp
        u += 2 if ord(ch) > 0xFFFF else 1
    cp_at[u] = len(text)
    mine = hits[hits.article_id == article_id]
    for cat in sorted(set(hits.category)):
        want = {i for s, e in zip(mine[mine.category == cat].start, mine[mine.category == cat].end)
                for i in range(int(s), int(e))}
        got = {i for s, e, cls in pieces if f"cat-{cat}" in cls.split() for i in range(cp_at[s], cp_at[e])}
        assert got == want, (article_id, cat)
    for s, e, m in zip(mine.start, mine.end, mine.matched):
        assert text[int(s):int(e)] == m


def walk_explorer(driver, folder: Path, page: Path, shots: Path) -> None:
    """The steps of the issue: load, click hedges, check KWIC and counts, filter, open an article."""
    hits, features = hit_table(folder), read_csv(folder / "features.csv")
    features["event"] = features["event"].astype(str)
    load(driver, page)
    screenshot(driver, shots, "loaded")
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    check_counts(driver, features)

    css(driver, 'button.pick[data-kind="category"][data-category="hedges"]')[0].click()
    screenshot(driver, shots, "hedges")
    hedges = hits[hits.category == "hedges"]
    assert kwic_lines(driver) == sorted(zip(hedges.article_id, hedges.matched))
    assert driver.find_element("id", "kwic-lines").get_attribute("data-lines") == str(len(hedges))
    outlets_of_lines = [line.get_attribute("data-outlet") for line in css(driver, ".kwic-line")]
    assert sorted(outlets_of_lines) == sorted(hedges.outlet)
    assert outlets_of_lines == sorted(outlets_of_lines, key=sorted(set(hits.outlet)).index)  # sorted by outlet

    outlet = sorted(set(hits.outlet))[0]
    choose(driver, "f-outlet", outlet)
    choose(driver, "f-voice", "own voice")
    screenshot(driver, shots, "filtered_outlet_own")
    check_counts(driver, features, outlet=outlet, voice="own")
    want = hedges[(hedges.outlet == outlet) & (hedges.voice == "own")]
    assert kwic_lines(driver) == sorted(zip(want.article_id, want.matched))
    choose(driver, "f-voice", "quoted voice")
    choose(driver, "f-group", "body")
    check_counts(driver, features, outlet=outlet, voice="quoted", segment_group="body")
    want = hedges[(hedges.outlet == outlet) & (hedges.voice == "quoted") & (hedges.segment_group == "body")]
    assert kwic_lines(driver) == sorted(zip(want.article_id, want.matched))
    event = sorted(set(hits.event))[-1]
    choose(driver, "f-outlet", "all outlets")
    choose(driver, "f-voice", "own + quoted")
    choose(driver, "f-group", "all segments")
    choose(driver, "f-event", event)
    check_counts(driver, features, event=event)
    choose(driver, "f-event", "all events")

    if len(hedges):
        entry = hedges.entry.value_counts().index[0]
        css(driver, f'button.pick[data-kind="entry"][data-category="hedges"][data-entry="{entry}"]')[0].click()
        want = hedges[hedges.entry == entry]
        assert kwic_lines(driver) == sorted(zip(want.article_id, want.matched))
        screenshot(driver, shots, "entry")
        line = css(driver, ".kwic-line")[0]
        article_id = line.get_attribute("data-article")
        line.click()
        screenshot(driver, shots, "article")
        assert driver.find_element("id", "article-meta").get_attribute("data-article") == article_id
        current = css(driver, "#article-text mark.current")
        assert current and "cat-hedges" in current[0].get_attribute("class").split()
        assert current[0].text == line.find_element("css selector", "mark.kw").text
        check_highlighting(driver, hits, article_id)
        legend = [x.get_attribute("data-category") for x in css(driver, "#legend .legend-item")]
        assert set(hits.category) <= set(legend)
        css(driver, '#legend .legend-item[data-category="hedges"] input')[0].click()  # hide hedges
        assert "hide-cat-hedges" in driver.find_element("id", "article-text").get_attribute("class").split()
        screenshot(driver, shots, "article_hedges_hidden")
        css(driver, '#legend .legend-item[data-category="hedges"] input')[0].click()

    naming = hits[hits.category == "naming"]
    if len(naming):
        actor = sorted(set(naming.subcategory))[0]
        css(driver, f'button.pick[data-kind="actor"][data-actor="{actor}"]')[0].click()
        want = naming[naming.subcategory == actor]
        assert kwic_lines(driver) == sorted(zip(want.article_id, want.matched))
        got = table_cells(driver)[("actor", actor, "")]
        for o in set(hits.outlet):
            assert got[(o, "all")] == int((want.outlet == o).sum())
        screenshot(driver, shots, "actor")


def search(driver, text: str) -> None:
    from selenium.webdriver.common.keys import Keys

    box = driver.find_element("id", "f-search")
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.BACKSPACE)  # typed, as a reader clears it (fires the input event)
    if text:
        box.send_keys(text)


def check_search_sort_export(driver, folder: Path, shots: Path) -> None:
    """Search (plain text, any case), sort by outlet / event / position, export what is listed."""
    segments = read_csv(folder / "segments.csv")
    meta = read_csv(folder / "article_features.csv")[["article_id", "outlet", "event"]].astype(str)
    texts = assemble_texts(segments)
    # a word that occurs in several articles, typed in another case than in the text
    words = pd.Series(" ".join(texts).split()).str.strip(".,;:'\"()“”‘’").str.lower()
    word = next(w for w in words.value_counts().index if len(w) >= 5 and w.isalpha())
    want = {aid: text.lower().count(word) for aid, text in texts.items()}
    search(driver, word.upper())
    screenshot(driver, shots, "search")
    got = [line.get_attribute("data-article") for line in css(driver, ".kwic-line")]
    assert {a: got.count(a) for a in set(got)} == {a: n for a, n in want.items() if n}
    assert all(m.text.lower() == word for m in css(driver, ".kwic-line mark.kw"))
    # regex characters are plain text: nothing matches a pattern that is not in the text
    search(driver, word[:2] + ".*")
    assert int(driver.find_element("id", "kwic-lines").get_attribute("data-lines")) == \
        sum(t.lower().count(word[:2] + ".*") for t in texts)
    search(driver, word)
    outlet_of = dict(zip(meta.article_id, meta.outlet))
    event_of = dict(zip(meta.article_id, meta.event))
    outlets, events = sorted(set(meta.outlet)), sorted(set(meta.event))
    for order in ("event", "outlet", "position"):
        choose(driver, "f-sort", {"outlet": "outlet, then event", "event": "event, then outlet",
                                  "position": "position in the article"}[order])
        lines = css(driver, ".kwic-line")
        ids = [x.get_attribute("data-article") for x in lines]
        if order == "outlet":
            keys = [(outlets.index(outlet_of[a]), events.index(event_of[a])) for a in ids]
        elif order == "event":
            keys = [(events.index(event_of[a]), outlets.index(outlet_of[a])) for a in ids]
        else:
            starts = driver.execute_script(
                "return window.framingExplorer.csv().trim().split('\\r\\n').length - 1")
            assert starts == len(ids)
            continue
        assert keys == sorted(keys), order
    screenshot(driver, shots, "sorted")
    # export: the CSV holds exactly the lines listed, in their order
    csv_text = driver.execute_script("return window.framingExplorer.csv()")
    rows = list(csvlib.reader(io.StringIO(csv_text)))
    head, body = rows[0], rows[1:]
    assert [r[head.index("article_id")] for r in body] == [x.get_attribute("data-article")
                                                           for x in css(driver, ".kwic-line")]
    for r in body:
        text = texts[r[head.index("article_id")]]
        start, end = int(r[head.index("start")]), int(r[head.index("end")])
        assert text[start:end] == r[head.index("match")] and r[head.index("match")].lower() == word
    driver.find_element("id", "export-csv").click()
    assert driver.find_element("tag name", "body").get_attribute("data-exported") == str(len(body))
    search(driver, "")
    assert driver.find_element("id", "kwic-lines").get_attribute("data-lines") == "0"


def open_article(driver, article_id: str) -> None:
    from selenium.webdriver.support.ui import Select

    picker = Select(driver.find_element("id", "article-picker"))
    picker.select_by_visible_text(next(o.text for o in picker.options if o.text.endswith(f"({article_id})")))
    assert driver.find_element("id", "article-meta").get_attribute("data-article") == article_id


def test_fixture_explorer(driver, tmp_path):
    page = tmp_path / "explorer.html"
    page.write_text(build_explorer(study_of_processed(FIXTURE), title="Fixture study"), encoding="utf-8")
    shots = tmp_path / "shots"
    walk_explorer(driver, FIXTURE, page, shots)
    check_search_sort_export(driver, FIXTURE, shots)

    hits = hit_table(FIXTURE)
    for article_id in sorted(set(read_csv(FIXTURE / "segments.csv").article_id)):
        open_article(driver, article_id)
        check_highlighting(driver, hits, article_id)

    # the script-injection article: markup shown as text, nothing run, no element created
    open_article(driver, "toi-002")
    screenshot(driver, shots, "injection_article")
    shown = driver.find_element("id", "article-text").text
    for snippet in INJECTION:
        assert snippet in shown
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    assert driver.execute_script("return document.images.length") == 0
    assert driver.execute_script("return document.scripts.length") == 2
    assert "<script>" in driver.find_element("css selector", "#article-meta h3").text
    css(driver, 'button.pick[data-kind="category"][data-category="hedges"]')[0].click()
    lines = css(driver, '.kwic-line[data-article="toi-002"]')
    assert lines and INJECTION[0] in lines[0].get_attribute("title")  # the headline, as a tooltip
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    screenshot(driver, shots, "injection_kwic")
    # a search for text that contains markup finds it as text and runs nothing
    search(driver, "<script>window.__pwned")
    screenshot(driver, shots, "injection_search")
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    found = css(driver, ".kwic-line")
    assert found and all(x.get_attribute("data-article") == "toi-002" for x in found)
    assert found[0].find_element("css selector", "mark.kw").text == "<script>window.__pwned"
    assert driver.execute_script("return document.scripts.length") == 2
    csv_text = driver.execute_script("return window.framingExplorer.csv()")
    rows = list(csvlib.reader(io.StringIO(csv_text)))
    assert rows[1][rows[0].index("match")] == "<script>window.__pwned"
    assert len(list(shots.glob("*.png"))) >= 8


def test_seed_explorer(driver, tmp_path):
    page = tmp_path / "explorer.html"
    page.write_text(build_explorer(study_of_processed(SEED), title="seed"), encoding="utf-8")
    walk_explorer(driver, SEED, page, tmp_path / "shots")
    check_search_sort_export(driver, SEED, tmp_path / "shots")
    hits = hit_table(SEED)
    for article_id in sorted(set(read_csv(SEED / "segments.csv").article_id)):
        open_article(driver, article_id)
        check_highlighting(driver, hits, article_id)
        screenshot(driver, tmp_path / "shots", f"article_{article_id}")


def test_size_2000_articles(driver, tmp_path):
    """2,100 synthetic articles (helpers.corpus.synthetic, ~600 words each), limit 2,000: the page
    holds a sample, says so, and stays fast.

    Timings are reported (printed and saved as timings.json), not asserted
    strictly: the bound below only catches a page that hangs.
    """
    folder = write_processed_from_synthetic(tmp_path / "processed", 2100)
    page = tmp_path / "explorer.html"
    page.write_text(build_explorer(study_of_processed(folder), title="synthetic", max_articles=2000), encoding="utf-8")
    shots = tmp_path / "shots"
    t0 = time.perf_counter()
    load(driver, page)
    load_s = time.perf_counter() - t0
    ready_ms = int(driver.find_element("tag name", "body").get_attribute("data-ready-ms"))
    notice = driver.find_element("id", "sample-notice")
    assert notice.is_displayed() and "sample of 2000 of 2100 articles" in notice.text
    assert "framing explore" in notice.text
    screenshot(driver, shots, "size_loaded")
    click_ms = driver.execute_script("""
        var t = performance.now();
        document.querySelector('button.pick[data-kind="category"][data-category="hedges"]').click();
        document.getElementById('kwic-lines').getBoundingClientRect();  // force layout
        return performance.now() - t;""")
    t1 = time.perf_counter()
    css(driver, ".kwic-line")[0].click()
    article_s = time.perf_counter() - t1
    screenshot(driver, shots, "size_clicked")
    lines = int(driver.find_element("id", "kwic-lines").get_attribute("data-lines"))
    timings = {"page_bytes": page.stat().st_size, "hits_shown": lines, "load_wall_s": round(load_s, 3),
               "ready_after_navigation_ms": ready_ms, "click_hedges_ms": round(click_ms, 1),
               "open_article_wall_s": round(article_s, 3)}
    (tmp_path / "timings.json").write_text(json.dumps(timings, indent=1))
    print("explorer size test:", timings)
    assert lines > 1000
    assert load_s < 10 and click_ms < 10_000


def _candidate_files(folder: Path) -> dict[str, pd.DataFrame]:
    """Hand-written candidate files (the columns `framing discover` writes), with markup and
    CSV-special characters in the values."""
    from helpers.core.storage import write_csv
    from helpers.discover import ACTOR_COLUMNS, TERM_COLUMNS

    src = "discovered from corpus fixture"
    actors = pd.DataFrame([
        {"actor": "kim_jong_un", "form": "Kim Jong Un", "kind": "full name", "count": 5, "example": "met [Kim Jong Un] in",
         "entry": "Kim Jong Un", "note": "full name"},
        {"actor": "kim_jong_un", "form": "Mr. Kim", "kind": "title+name", "count": 3, "example": 'said "[Mr. Kim]," then',
         "entry": "Mr. Kim", "note": "title+name"},
        {"actor": "kim_jong_un", "form": INJECTION[0], "kind": "description", "count": 2,
         "example": INJECTION[1], "entry": INJECTION[0], "note": "description"},
        {"actor": "moon_jae_in", "form": "Moon Jae-in", "kind": "full name", "count": 4, "example": "a, b\nc",
         "entry": "Moon Jae-in", "note": "full name"},
    ]).assign(accept="", n_groups=2, groups="A 3; B 2", article_id="toi-001", category="naming",
              case_sensitive=False, source=src)
    actors["subcategory"] = actors["actor"]
    actors["display"] = actors["actor"].map({"kim_jong_un": "Kim Jong Un", "moon_jae_in": "Moon Jae-in"})
    terms = pd.DataFrame([{"event": "e1", "rank": 1, "term": "witch hunt", "group": "A", "count": 4, "z": 2.5,
                           "valence": -1.2, "modifies": "", "score": 3.1, "example": "a [witch hunt] b",
                           "entry": "witch hunt", "note": "valence -1.2"}]).assign(
        accept="", n_groups=1, groups="A 4", article_id="toi-001", category="loaded_terms",
        subcategory="discovered", case_sensitive=False, source=src)
    out = {"actors.csv": actors[ACTOR_COLUMNS], "loaded_terms.csv": terms[TERM_COLUMNS]}
    for name, df in out.items():
        write_csv(df, folder / name)
    return out


def test_candidates_view_tick_export_accept(driver, tmp_path):
    """Tick two candidate actors, export: `framing lexicon accept` on the exported file adds
    exactly those two rows; the file is the discovered one with x in their accept cells."""
    from helpers.core.storage import csv_bytes
    from helpers.run.discover import accept_candidates, reviewed_source

    study = Study.open("fixture", FIXTURE.parent, root=tmp_path)
    study.candidates.mkdir(parents=True)
    files = _candidate_files(study.candidates)
    page = tmp_path / "explorer.html"
    page.write_text(build_explorer(study, title="Candidates"), encoding="utf-8")
    load(driver, page)
    box = '.cand-table[data-file="actors.csv"]'
    assert len(css(driver, f"{box} tbody tr")) == 4 and len(css(driver, '.cand-table[data-file="loaded_terms.csv"] tbody tr')) == 1
    ticks = css(driver, f"{box} input.cand-tick")
    ticks[1].click()
    ticks[3].click()
    screenshot(driver, tmp_path / "shots", "candidates_ticked")
    assert driver.find_element("css selector", box).get_attribute("data-ticked") == "2"
    # values are shown as text: the markup in a form is on the page, nothing ran
    assert INJECTION[0] in driver.find_element("css selector", box).text
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    assert driver.execute_script("return document.images.length") == 0
    css(driver, f'button.cand-export[data-file="actors.csv"]')[0].click()
    assert driver.find_element("css selector", box).get_attribute("data-exported") == "2"
    assert css(driver, f"{box} a.cand-download")[0].get_attribute("download") == "actors.csv"
    exported = driver.execute_script("return window.framingCandidates['actors.csv']()")
    want = files["actors.csv"].copy()
    want.loc[[1, 3], "accept"] = "x"
    assert exported.encode("utf-8") == csv_bytes(want)  # the discovered file, two cells changed
    (study.candidates / "actors.csv").write_text(exported, encoding="utf-8", newline="")
    assert accept_candidates(study) == {"actors.csv": 2, "loaded_terms.csv": 0}
    lex = read_csv(study.study_lexicons / "actors.csv", dtype=str)
    assert sorted(lex["entry"]) == ["Moon Jae-in", "Mr. Kim"]
    assert set(lex["source"]) == {reviewed_source("fixture")}
