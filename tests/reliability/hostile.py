"""A small hostile corpus: the new_articles fixtures under outlet names, titles,
events and URLs that would run a script (or open a javascript: link) if any
output passed them through as HTML or Markdown."""

from __future__ import annotations

import csv
from pathlib import Path

from conftest import NEW_ARTICLES

# every payload sets window.__pwned or calls alert(): the browser test looks for both
HOSTILE_OUTLETS = {
    "Harbor Gazette": "<b onmouseover=alert(3)>Evil</b><script>window.__pwned='outlet'</script>",
    "Northern Courier": "Courier <img src=x onerror=\"window.__pwned='img'\"> & [x](javascript:alert(1))",
    "The Valley Observer": "Valley `*_|` <svg onload=alert(4)></svg>",
}
HOSTILE_TITLE = "Title <script>window.__pwned='title'</script> **bold** [link](javascript:alert(2))"
HOSTILE_EVENT = "ev<img src=y onerror=alert(5)>"
HOSTILE_URL = "javascript:window.__pwned='url'"


def hostile_listing(folder: Path) -> tuple[list[str], Path]:
    """(the fixture .txt files, a listing CSV giving them hostile metadata) written in ``folder``."""
    rows = list(csv.DictReader((NEW_ARTICLES / "manifest.csv").open(encoding="utf-8")))
    files = []
    listing = folder / "hostile-listing.csv"
    with listing.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["file", "outlet", "title", "published", "event", "language", "url"])
        w.writeheader()
        for r in rows:
            if not r["file"].endswith(".txt"):
                continue
            files.append(str(NEW_ARTICLES / r["file"]))
            w.writerow({**r, "outlet": HOSTILE_OUTLETS[r["outlet"]], "title": HOSTILE_TITLE,
                        "event": HOSTILE_EVENT if r["event"].endswith("drone") else r["event"],
                        "url": HOSTILE_URL})
    return files, listing
