"""Headless Chromium for the browser tests: install it if missing, start it offline.

Debian's ``chromium`` and ``chromium-driver`` packages are installed with
apt-get when absent and we are root (so CI does it too); if that is
impossible the tests are skipped with a message saying why. Selenium is
given the driver path explicitly and Selenium Manager is told to stay
offline, so nothing is downloaded at test time.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
APT_TIMEOUT_S = 900


def _install_command() -> list[list[str]]:
    env_prefix = ["env", "DEBIAN_FRONTEND=noninteractive"]
    return [env_prefix + ["apt-get", "update"],
            env_prefix + ["apt-get", "install", "-y", "--no-install-recommends", "chromium", "chromium-driver"]]


def ensure_chromium() -> tuple[Path, Path]:
    """Paths of chromium and chromedriver, installing them with apt-get if needed (else skip)."""
    if CHROMIUM.exists() and CHROMEDRIVER.exists():
        return CHROMIUM, CHROMEDRIVER
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("browser tests need /usr/bin/chromium and /usr/bin/chromedriver; run as root to let "
                    "the tests install them, or `apt-get install chromium chromium-driver`")
    if shutil.which("apt-get") is None:
        pytest.skip("browser tests need Debian's chromium and chromium-driver, and apt-get is not available here")
    # `make test` runs two pytest workers: the second to get here waits for the first's install
    # (dpkg's own lock would refuse it, and its browser tests would be skipped)
    with open(Path(tempfile.gettempdir()) / "framing-chromium-install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
            _install()
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip("apt-get ran but /usr/bin/chromium or /usr/bin/chromedriver is still missing")
    return CHROMIUM, CHROMEDRIVER


def _install() -> None:
    """Run apt-get update and install (skip the test with apt-get's last line if either fails)."""
    for cmd in _install_command():
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=APT_TIMEOUT_S)
        except (OSError, subprocess.TimeoutExpired) as exc:
            pytest.skip(f"could not install chromium for the browser tests ({' '.join(cmd[2:])}: {exc})")
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
            pytest.skip(f"could not install chromium for the browser tests ({' '.join(cmd[2:])}: {tail[0]})")


def make_driver(profile_dir: Path, *, width: int = 1400, height: int = 1000):
    """A headless Chromium driven by the system chromedriver, with no background networking."""
    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must never download a driver
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, chromedriver = ensure_chromium()
    options = webdriver.ChromeOptions()
    options.binary_location = str(chromium)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", f"--window-size={width},{height}",
                f"--user-data-dir={profile_dir}"):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service(executable_path=str(chromedriver)), options=options)


def wait_ready(driver, timeout_s: float = 20.0) -> None:
    """Wait until the explorer's script has finished its first render."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout_s).until(
        lambda d: d.execute_script("return document.body && document.body.getAttribute('data-ready') === '1'"))


def screenshot(driver, folder: Path, name: str) -> Path:
    """Save a full-window screenshot as ``folder/NN_name.png`` and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{len(list(folder.glob('*.png'))):02d}_{name}.png"
    driver.save_screenshot(str(path))
    return path


# ---------------------------------------------------------------- shared test data helpers

def features_counts(features, *, outlet=None, event=None, segment_group=None, voice=None):
    """Counts per (outlet, category) from features.csv for the explorer's filters.

    ``None`` means "all": features.csv has explicit ``all`` rows for segment
    group and voice, and outlet / event are summed over articles.
    """
    f = features[(features["segment_group"] == (segment_group or "all"))
                 & (features["voice"] == (voice or "all"))]
    if outlet is not None:
        f = f[f["outlet"] == outlet]
    if event is not None:
        f = f[f["event"] == event]
    return {(o, c): int(n) for (o, c), n in f.groupby(["outlet", "category"])["count"].sum().items()}


SYNTH_LEXICON = {
    "hedges": ["may", "could", "would", "reportedly", "allegedly", "possibly", "believed"],
    "boosters": ["clearly", "certainly", "undeniably", "very"],
    "loaded_terms": ["regime", "terrorist", "aggression", "grave"],
    "reporting_verbs": ["said", "claimed", "stated"],
    "anonymous_sourcing": ["officials", "sources"],
    "naming": ["Tehran", "Iran", "Washington", "IRGC"],
}
SYNTH_ACTORS = {"Tehran": "Iran", "Iran": "Iran", "Washington": "United States", "IRGC": "IRGC"}
SYNTH_FILLER = ("the a of to in and on for with report missile region talks week news that "
                "it was by from at as an this minister forces border said_not statement").split()


def write_synthetic_processed(folder: Path, n_articles: int, *, seed: int = 7) -> Path:
    """A processed folder (segments, hits, article_features, quotes) of ``n_articles`` random articles.

    Texts are random words with lexicon words mixed in; hits are recorded as
    the text is built, so offsets are exact by construction.
    """
    import numpy as np
    import pandas as pd

    from helpers.core.storage import write_csv

    rng = np.random.default_rng(seed)
    lex = [(cat, w) for cat, words in SYNTH_LEXICON.items() for w in words]
    outlets = ["Outlet A", "Outlet B", "Outlet C"]
    events = ["event-1", "event-2"]
    plan = [("headline", 8), ("lede", 25)] + [("body", 45)] * 6 + [("caption", 12)]
    segs, hits, quotes, meta = [], [], [], []
    for n in range(n_articles):
        aid = f"syn-{n:05d}"
        meta.append(dict(article_id=aid, outlet=outlets[n % 3], event=events[(n // 3) % 2]))
        text, q_index = "", 0
        for s_index, (kind, n_words) in enumerate(plan):
            if s_index:
                text += "\n\n"
            seg_start = len(text)
            quote_at = int(rng.integers(5, n_words - 10)) if kind == "body" and s_index == 3 else -1
            quote_open = None
            words = []
            for w in range(n_words):
                if w == quote_at:
                    text += "\u201c"
                    quote_open = len(text)
                if rng.random() < 0.08:
                    cat, word = lex[int(rng.integers(len(lex)))]
                    start = len(text)
                    hits.append(dict(article_id=aid, segment=kind, segment_index=s_index,
                                     sentence_index=s_index, start=start, end=start + len(word),
                                     matched=word, lexicon=cat, category=cat,
                                     subcategory=SYNTH_ACTORS.get(word, "") if cat == "naming" else "",
                                     entry=word, in_quote=quote_open is not None,
                                     quote_index=q_index if quote_open is not None else ""))
                else:
                    word = SYNTH_FILLER[int(rng.integers(len(SYNTH_FILLER)))]
                text += word
                words.append(word)
                if quote_open is not None and w == quote_at + 8:
                    quotes.append(dict(article_id=aid, quote_index=q_index, start=quote_open, end=len(text),
                                       speaker="a spokesman"))
                    text += "\u201d"
                    quote_open = None
                    q_index += 1
                text += " " if w < n_words - 1 else "."
            segs.append(dict(article_id=aid, segment_index=s_index, segment=kind, start=seg_start,
                             end=len(text), text=text[seg_start:], line_first=s_index + 1,
                             line_last=s_index + 1))
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(pd.DataFrame(segs), folder / "segments.csv")
    write_csv(pd.DataFrame(hits).sort_values(["article_id", "start"]), folder / "hits.csv")
    write_csv(pd.DataFrame(quotes), folder / "quotes.csv")
    write_csv(pd.DataFrame(meta), folder / "article_features.csv")
    return folder




def write_processed_from_synthetic(folder: Path, n_articles: int, *, seed: int = 7) -> Path:
    """Processed tables for ``helpers.corpus.synthetic.generate_corpus`` articles (news-like text).

    Segments come from ``helpers.corpus.synthetic.corpus_segments``; hits are the
    :data:`SYNTH_LEXICON` words found with a word-boundary regex, quoted when
    inside a pair of quotation marks. Falls back to
    :func:`write_synthetic_processed` if that module is not available.
    """
    import re

    import pandas as pd

    from helpers.core.storage import write_csv

    try:
        from helpers.corpus.synthetic import corpus_segments, generate_corpus
    except ImportError:
        return write_synthetic_processed(folder, n_articles, seed=seed)
    corpus = generate_corpus(n_articles, seed=seed, outlets=3, events=4)
    segments = corpus_segments(corpus)
    category = {w: cat for cat, words in SYNTH_LEXICON.items() for w in words}
    word_re = re.compile(r"\b(" + "|".join(sorted(category, key=len, reverse=True)) + r")\b")
    quote_re = re.compile(r"\u201c([^\u201d]*)\u201d|\"([^\"]*)\"|\u00ab([^\u00bb]*)\u00bb")
    hits, quotes, q_count = [], [], {}
    for aid, s_index, kind, start, text in zip(segments.article_id, segments.segment_index, segments.segment,
                                               segments.start, segments.text):
        spans = []
        for m in quote_re.finditer(text):
            g = next(i for i in (1, 2, 3) if m.group(i) is not None)
            q = q_count.get(aid, 0)
            q_count[aid] = q + 1
            spans.append((m.start(g), m.end(g), q))
            quotes.append(dict(article_id=aid, quote_index=q, start=start + m.start(g), end=start + m.end(g),
                               speaker=""))
        for m in word_re.finditer(text):
            q = next((qi for qs, qe, qi in spans if qs <= m.start() < qe), None)
            word = m.group(1)
            hits.append(dict(article_id=aid, segment=kind, segment_index=s_index, sentence_index=s_index,
                             start=start + m.start(), end=start + m.end(), matched=word,
                             lexicon=category[word], category=category[word],
                             subcategory=SYNTH_ACTORS.get(word, ""), entry=word, in_quote=q is not None,
                             quote_index="" if q is None else q))
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(segments, folder / "segments.csv")
    write_csv(pd.DataFrame(hits).sort_values(["article_id", "start"], kind="stable"), folder / "hits.csv")
    write_csv(pd.DataFrame(quotes, columns=["article_id", "quote_index", "start", "end", "speaker"]),
              folder / "quotes.csv")
    write_csv(corpus[["article_id", "outlet", "event"]], folder / "article_features.csv")
    return folder
