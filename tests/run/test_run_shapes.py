"""The whole study (stages and notebooks, as `framing run` does it) on corpora of awkward
shapes: it exits 0, writes every declared output and leaves no failed notebook.

Shapes covered: one outlet, one event, one article of one line without title or date and
no lexicon hit at all; 50 outlets of one article each with no actor or loaded term; outlets
grouped by a manifest column (`lean`) with one event of three left out by the study's
settings; and an empty corpus (a one-line error, not a traceback).
"""

from __future__ import annotations

import pytest

from conftest import copy_project
from helpers import cli
from helpers.corpus import add_articles
from helpers.core.study import Study

SENTENCES = [
    "Officials said the talks would resume next week.",
    "The ministry reportedly rejected the proposal, according to a statement.",
    "Critics called the plan a clear provocation and said it may fail.",
    "Residents described long queues at the border crossing.",
    "A spokesman for the Harbor Authority declined to comment.",
]


def article(i: int, n_sentences: int = 4) -> str:
    body = "\n\n".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(n_sentences))
    return f"Headline number {i} about the talks\n\n{body}\n"


SHAPES = {
    "one-line-no-hits": dict(records=[{"text": "Nothing here would match a single lexicon word at all.",
                                       "outlet": "Solo Times"}]),
    "fifty-outlets": dict(records=[{"text": article(i), "outlet": f"Outlet {i:02d}", "title": f"Story {i}",
                                    "published": "2025-01-02", "event": "talks"} for i in range(50)]),
    "grouped-by-lean": dict(
        records=[{"text": article(i * 7 + e), "outlet": outlet, "lean": lean, "event": f"event-{e}",
                  "title": f"{outlet} on event {e}", "published": f"2025-02-0{e + 1}"}
                 for e in range(3) for i, (outlet, lean) in enumerate(
                     [("Left Post", "left"), ("Left Daily", "left"), ("Right Times", "right"), ("Right Wire", "right")])],
        settings='group = "lean"\nevents = ["event-0", "event-1"]\n',
        actors="entry,category,subcategory,case_sensitive,note,source\n"
               "Harbor Authority,naming,harbor_authority,False,,test\nministry,naming,ministry,False,,test\n"),
}


@pytest.fixture(scope="module")
def shape_project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("shapes"), "lexicons", "rules", "attribution", notebooks=True)


@pytest.mark.slow
@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_a_run_never_breaks_on_the_shape_of_a_corpus(shape_project, shape, capsys):
    spec = SHAPES[shape]
    study = Study.open(shape, root=shape_project)
    if "settings" in spec:
        study.study_lexicons.mkdir(parents=True)
        (study.study_dir / "study.toml").write_text(spec["settings"], encoding="utf-8")
        (study.study_lexicons / "actors.csv").write_text(spec["actors"], encoding="utf-8")
    add_articles(spec["records"], study.corpus_dir)
    assert cli.main(["run", shape, "--root", str(shape_project)]) == 0, capsys.readouterr().err
    out = shape_project / "reports" / shape
    assert not list(out.glob("*.failed.ipynb"))
    for nb in ("01-corpus.ipynb", "02-framing-measures.ipynb", "03-compare-outlets.ipynb"):
        assert (out / nb).is_file(), nb
    for png in sorted((out / "figures").glob("*.png")):  # each figure with its SVG and data
        assert png.with_suffix(".svg").is_file() and png.with_suffix(".csv").is_file(), png.name


def test_an_empty_corpus_is_a_one_line_error(tmp_path, capsys):
    project = copy_project(tmp_path / "p", "lexicons", "rules", "attribution")
    corpus = project / "data" / "corpora" / "empty"
    corpus.mkdir(parents=True)
    (corpus / "manifest.csv").write_text("article_id,outlet,title,published,event,language,url,raw_path,"
                                         "format,encoding,sha256\n", encoding="utf-8")
    assert cli.main(["run", "empty", "--root", str(project)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "no articles" in err
