"""Hostile metadata cannot run a script in the study's notebooks once they are
rendered to HTML (issue 18: an outlet named ``<script>…`` in notebook 03's
Markdown outputs ran ``alert`` after ``jupyter nbconvert --to html``).

A corpus whose outlets, titles, events and URLs carry script payloads is
added and run (``framing add`` + ``framing run``); every executed notebook is
converted with nbconvert's HTML exporter, as a user would, and opened with
the explorer in headless Chromium. The test fails if any payload ran (an
alert, or ``window.__pwned`` set) or a ``javascript:`` link was made.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import copy_project
from helpers import cli
from hostile import hostile_listing

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CORPUS = "hostile"
RAN = """
const links = [...document.querySelectorAll('a[href]')].filter(a => /^\\s*javascript:/i.test(a.getAttribute('href')));
return {pwned: window.__pwned === undefined ? null : String(window.__pwned), links: links.length};
"""


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> list[Path]:
    """The hostile study's notebooks as nbconvert HTML, and its explorer page."""
    from nbconvert import HTMLExporter

    root = copy_project(tmp_path_factory.mktemp("project"), "lexicons", "rules", "attribution", notebooks=True)
    files, listing = hostile_listing(root)
    assert cli.main(["add", *files, "--manifest", str(listing), "--corpus", CORPUS, "--root", str(root)]) == 0
    assert cli.main(["run", CORPUS, "--root", str(root)]) == 0
    out = root / "reports" / CORPUS
    pages = []
    for nb in sorted(out.glob("[0-9][0-9]-*.ipynb")):
        body, _ = HTMLExporter().from_filename(str(nb))
        page = nb.with_suffix(".html")
        page.write_text(body, encoding="utf-8")
        pages.append(page)
    assert {p.stem for p in pages} >= {"01-corpus", "02-framing-measures", "03-compare-outlets"}
    return pages + [out / "explorer.html"]


def drain_alerts(driver) -> list[str]:
    """Accept every open alert (one after another); their texts."""
    from selenium.common.exceptions import NoAlertPresentException

    texts = []
    for _ in range(50):
        try:
            alert = driver.switch_to.alert
        except NoAlertPresentException:
            break
        texts.append(alert.text)
        alert.accept()
    return texts


def scripts_that_ran(driver, page: Path) -> dict:
    """Open ``page``; what its hostile payloads did (alerts, window.__pwned, javascript: links)."""
    import time

    from selenium.common.exceptions import UnexpectedAlertPresentException

    alerts: list[str] = []
    try:
        driver.get(page.as_uri())
    except UnexpectedAlertPresentException:
        pass
    deadline = time.monotonic() + 30
    while True:
        alerts += drain_alerts(driver)
        try:
            if driver.execute_script("return document.readyState") == "complete":
                time.sleep(0.5)  # onload/onerror handlers of late images
                alerts += drain_alerts(driver)
                state = driver.execute_script(RAN)
                break
        except UnexpectedAlertPresentException:
            continue
        assert time.monotonic() < deadline, f"{page.name} did not finish loading"
        time.sleep(0.1)
    return {"alerts": alerts, **state} if alerts or state["pwned"] or state["links"] else {}


def test_no_script_runs_in_rendered_notebooks(rendered, tmp_path_factory):
    sys.path.insert(0, str(Path(__file__).parents[1] / "present"))
    from browser_support import make_driver

    driver = make_driver(tmp_path_factory.mktemp("chromium-profile"))
    try:
        ran = {page.name: found for page in rendered if (found := scripts_that_ran(driver, page))}
    finally:
        driver.quit()
    assert ran == {}, ran
