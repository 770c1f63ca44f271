"""Shared fixtures: the project root, the seed study and its loaded data files,
copies of the project for tests that write, and the tiny corpora in fixtures/.

Tests that write never touch the repository: they copy what they need into a
temporary project root (:func:`copy_project`) and open a :class:`Study` there.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers.core.study import SEED_STUDY, Study

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
NEW_ARTICLES = FIXTURES / "new_articles"      # 13 articles, 3 outlets, 2 events (.txt and .html)
ARTICLE_FILES = FIXTURES / "articles"          # single files and batch files for `framing add`
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"

# The project's shared inputs, by the name copy_project takes.
INPUTS = {
    "lexicons": ("data/lexicons", "data/studies"),  # the shared lexicons and each study's own
    "rules": "data/rules",
    "attribution": "data/attribution",
    "gold": "data/gold",
    "seed_corpus": f"data/corpora/{SEED_STUDY}",
    "seed_processed": f"data/processed/{SEED_STUDY}",
    "figures": "figures",
}
DATA_FILES = ("lexicons", "rules", "attribution")


def copy_project(target: Path, *parts: str, notebooks: bool = False) -> Path:
    """A project root at ``target`` holding copies of ``parts`` (keys of :data:`INPUTS`;
    default: the data files a run reads) and, with ``notebooks``, the numbered
    source notebooks. Returns ``target``."""
    for part in parts or DATA_FILES:
        for folder in (INPUTS[part] if isinstance(INPUTS[part], tuple) else (INPUTS[part],)):
            src, dst = ROOT / folder, target / folder
            if src.is_dir():  # the stage cache (_chunks/, _stages.json) is not part of the project
                shutil.copytree(src, dst, ignore=shutil.ignore_patterns("_chunks", "_stages.json"))
    if notebooks:
        (target / "notebooks").mkdir(parents=True, exist_ok=True)
        for nb in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")):
            shutil.copy2(nb, target / "notebooks" / nb.name)
    return target


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository root (read only)."""
    return ROOT


@pytest.fixture(scope="session")
def seed_study() -> Study:
    """The committed seed study, in place (read only: tests must not write through it)."""
    return Study.open(SEED_STUDY, root=ROOT)


@pytest.fixture(scope="session")
def seed_lexicon(seed_study):
    from helpers.measure import study_lexicon

    return study_lexicon(seed_study)


@pytest.fixture(scope="session")
def seed_cues(seed_study):
    from helpers.measure import SourceCues, load_source_cues

    return SourceCues.from_frame(load_source_cues(seed_study.source_cues))


@pytest.fixture(scope="session")
def seed_corpus(seed_study):
    """The two seed articles (manifest + decoded text), hash-checked."""
    from helpers.corpus import load_corpus

    return load_corpus(seed_study.corpus_dir)


@pytest.fixture(scope="session")
def seed_segments(seed_study, seed_corpus):
    """The seed articles cleaned exactly as the pipeline cleans them."""
    from helpers.clean import clean_corpus

    segments, _ = clean_corpus(seed_corpus, seed_study.rules)
    return segments


@pytest.fixture
def project(tmp_path) -> Path:
    """A fresh project root with the data files a run reads (lexicons, rules, source cues)."""
    return copy_project(tmp_path / "project")


def install_fixture_study(project: Path, name: str = "new-articles") -> Path:
    """The fixture articles' own study folder (study.toml, actors, loaded terms) as
    ``data/studies/NAME`` of ``project``."""
    target = project / "data" / "studies" / name
    shutil.copytree(NEW_ARTICLES / "study", target, dirs_exist_ok=True)
    return target


@pytest.fixture
def new_articles_study(project) -> Study:
    """A study of the 13 fixture articles (3 outlets, 2 events) added to a fresh project,
    with its own actors and loaded terms."""
    from helpers.corpus import add_articles

    install_fixture_study(project)
    study = Study.open("new-articles", root=project)
    files = sorted(NEW_ARTICLES.glob("*.txt")) + sorted(NEW_ARTICLES.glob("*.html"))
    add_articles(files, study.corpus_dir, manifest=NEW_ARTICLES / "manifest.csv")
    return study


@pytest.fixture(scope="session")
def seed_measured(seed_corpus, seed_segments, seed_lexicon, seed_cues):
    """(measures, segments, clean texts, corpus) of the seed study, measured in memory."""
    from helpers.clean import assemble_texts
    from helpers.measure import measure_corpus

    measures = measure_corpus(seed_segments, seed_corpus, seed_lexicon, seed_cues)
    return measures, seed_segments, assemble_texts(seed_segments), seed_corpus


def study_of_processed(folder: Path) -> Study:
    """The committed seed study, or a study whose processed tables are ``folder``
    (a folder named ``processed``, as in a run's output folder)."""
    seed = Study.open(SEED_STUDY, root=ROOT)
    if Path(folder) == seed.processed:
        return seed
    assert Path(folder).name == "processed", folder
    return Study.open("fixture", Path(folder).parent, root=Path(folder).parent.parent)



# ------------------------------------------------------------------ running on two cores
# `make test` runs the suite in two pytest-xdist workers (`-n 2 --dist loadfile
# --no-loadscope-reorder`): most tests keep one core busy, so two workers come close to
# halving the wall time on the 2-core machines the project targets. Each test module runs
# whole on one worker, so its module-scoped fixtures (one end-to-end run shared by several
# tests) run once, as in a plain run. The workers share nothing they write: every test
# works in its own tmp folder (xdist gives each worker its own basetemp), kernels talk over
# IPC sockets in their own temp folders, Dask and Chromium's driver pick free ports, and
# the study locks are named by the tmp folder they lock.

def pytest_collection_modifyitems(config, items):
    """In an xdist worker: the modules holding ``slow`` tests first (in their usual order),
    so the long end-to-end runs start at once instead of ending the run on one worker."""
    if not hasattr(config, "workerinput"):
        return  # a plain run keeps the collection order

    def module(item) -> str:
        return item.nodeid.split("::")[0]

    slow = {module(item) for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: module(item) not in slow)  # stable: the order within each part is kept
