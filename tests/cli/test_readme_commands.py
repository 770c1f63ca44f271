"""The README's "Study your own event" commands, run exactly as written on the project's
fixture articles in a copy of the project (the interpreter stands in for .venv/bin/framing)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from conftest import NEW_ARTICLES, ROOT, copy_project

BLOCK = re.compile(r"<!-- study-your-own-event:start.*?```bash\n(.*?)```", re.S)


def readme_commands() -> list[list[str]]:
    block = BLOCK.search((ROOT / "README.md").read_text(encoding="utf-8")).group(1)
    return [shlex.split(line) for line in block.splitlines() if line.strip()]


def test_the_readme_block_is_five_framing_commands():
    commands = readme_commands()
    assert len(commands) == 5 and all(c[0] == ".venv/bin/framing" for c in commands)
    assert [c[1] for c in commands] == ["new", "add", "lexicon", "run", "explore"]


@pytest.mark.slow
def test_readme_commands_make_a_study_of_the_fixture_articles(tmp_path):
    project = copy_project(tmp_path / "project", "lexicons", "rules", "attribution", notebooks=True)
    shutil.rmtree(project / "data" / "studies")  # a user's project: no study but the ones they make
    articles = project / "my-articles"
    articles.mkdir()
    for f in NEW_ARTICLES.iterdir():
        if f.is_file():
            shutil.copy2(f, articles / f.name)
    (project / "loaded.txt").write_text("# the story's loaded words\npiracy\nhead of the snake\npropaganda\n",
                                        encoding="utf-8")
    env = {**os.environ, "FRAMING_ROOT": str(project), "PYTHONPATH": str(ROOT / "src")}
    for i, command in enumerate(readme_commands()):
        if command[1] == "run":  # the user fills in the actor table before running
            shutil.copy2(NEW_ARTICLES / "study" / "lexicons" / "actors.csv",
                         project / "data" / "studies" / "my-study" / "lexicons" / "actors.csv")
        done = subprocess.run([sys.executable, "-m", "helpers.cli", *command[1:]], cwd=project, env=env,
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, (command, done.stderr[-2000:])
    out = project / "reports" / "my-study"
    assert (out / "03-compare-outlets.ipynb").is_file() and (out / "explorer.html").is_file()
    assert not list(out.glob("*.failed.ipynb"))
    hits = pd.read_csv(out / "processed" / "hits.csv", keep_default_na=False)
    assert {"piracy", "head of the snake"} <= set(hits.loc[hits["category"] == "loaded_terms", "entry"])
    shares = pd.read_csv(out / "figures" / "actor_naming_shares.csv", keep_default_na=False)
    assert {"iran", "syria", "united_states"} <= set(shares["actor"])  # the study's own actors
    manifest = pd.read_csv(project / "data" / "corpora" / "my-study" / "manifest.csv")
    assert len(manifest) == 12
