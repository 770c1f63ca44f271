"""The reliability suite (issue 18): every fault and hostile input, as a table.

Each row of :data:`CASES` is (case, command, expected outcome) and names the
function that performs it; ``docs/RELIABILITY.md`` lists the same promises.
Cases run in a temporary copy of the project (``conftest.copy_project``);
the subprocess cases start ``python -m helpers.cli`` (or a small script) with
this tree's ``src`` first on ``PYTHONPATH``. The notebook injection case,
which executes notebooks and drives Chromium, is in ``test_notebook_injection.py``.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

from conftest import NEW_ARTICLES, ROOT, copy_project
from helpers import cli
from helpers.core.study import SEED_STUDY

SRC = ROOT / "src"
PROTECTED = ["notebooks", "figures", "data", "data/lexicons", "data/rules", "src", ".", ".git", "tests"]


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
            "TQDM_DISABLE": "1"}


def framing(*argv: str, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "helpers.cli", *argv], env=env(), text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


def digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def one_line_error(err: str, command: str) -> str:
    lines = [line for line in err.strip().splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith(f"framing {command}: "), err
    assert "Traceback" not in err and "\x1b[" not in err, err
    return lines[0]


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project with the committed seed study (corpus, processed tables, figures, notebooks)."""
    return copy_project(tmp_path / "project", "lexicons", "rules", "attribution", "gold", "seed_corpus",
                        "seed_processed", "figures", notebooks=True)


# ------------------------------------------------------------------ 1. protected paths

def protected_outputs(project: Path, capsys) -> None:
    (project / "src").mkdir(exist_ok=True)
    (project / ".git").mkdir(exist_ok=True)
    before = digest(project)
    for command in ("run", "explore", "validate"):
        for output in PROTECTED:
            for name in (SEED_STUDY, "other"):
                assert cli.main([command, name, "--output", output, "--root", str(project)]) == 2, (command, output)
                one_line_error(capsys.readouterr().err, command)
    assert cli.main(["report", "--corpus", "other", "--root", str(project)]) == 2
    one_line_error(capsys.readouterr().err, "report")
    assert digest(project) == before


def seed_corpus_needs_flag(project: Path, capsys) -> None:
    before = digest(project / "data")
    article = NEW_ARTICLES / "harbor-drone-1.txt"
    assert cli.main(["add", str(article), "--corpus", SEED_STUDY, "--outlet", "W", "--root", str(project)]) == 2
    assert "--into-seed" in one_line_error(capsys.readouterr().err, "add")
    assert digest(project / "data") == before
    assert cli.main(["add", str(article), "--corpus", SEED_STUDY, "--outlet", "W", "--into-seed",
                     "--root", str(project)]) == 0
    assert "changed the committed seed corpus" in capsys.readouterr().err


# ------------------------------------------------------------------ 2. escaping (see test_notebook_injection.py)

def markdown_prose_escaped(project: Path, capsys) -> None:
    from helpers.compare import sample_size_note
    from helpers.core.escape import md_code, md_text
    from helpers.present import describe_sources

    evil = "<script>alert(1)</script>[x](javascript:alert(2))"
    for text in (md_text(evil), sample_size_note(pd.DataFrame(
            {"article_id": ["a"], "outlet": [evil], "event": ["e"]}))):
        assert "<script" not in text and not re.search(r"(?<!\\)\]\(javascript", text), text
    assert md_code("a`b") == "``a`b``"
    profile = pd.DataFrame({"outlet": [evil], "group": ["voice"], "item": ["quoted"], "count": [1], "share": [0.5]})
    assert "<script" not in describe_sources(profile)


def figure_labels_literal(project: Path, capsys) -> None:
    import matplotlib.pyplot as plt

    from helpers import compare, present
    from helpers.core.escape import plot_text

    outlets = ["$x^2$", "_hidden", "costs $5 or $6"]
    forms = {"iran": ["$IR$", "_Tehran"]}
    rows = [(f"a{i}", o, "e1", actor, form, 2 + i + k) for i, o in enumerate(outlets)
            for actor, fs in forms.items() for k, form in enumerate(fs)]
    shares = compare.naming_shares(pd.DataFrame(rows, columns=["article_id", "outlet", "event", "actor",
                                                               "surface_form", "count"]))
    fig, _ = present.plot_naming_shares(shares)
    fig.canvas.draw()  # mathtext would be parsed (or fail) here
    ax = fig.axes[0]

    def shown(texts):  # what matplotlib draws: (string, whether it is mathtext)
        return [t._preprocess_math(t.get_text()) for t in texts]

    assert sorted(shown(ax.get_yticklabels())) == sorted((o, False) for o in outlets)
    assert [t.get_text() for t in ax.get_yticklabels()] == [plot_text(o) for o in sorted(outlets)]
    assert sorted(shown(ax.get_legend().get_texts())) == sorted((f, False) for f in forms["iran"])
    plt.close("all")


# ------------------------------------------------------------------ 3. locks

BATCH_ROWS = 300


def _batch(path: Path, tag: str) -> Path:
    pd.DataFrame({"text": [f"Report {tag} number {i}: officials said the talks went on.\n" for i in range(BATCH_ROWS)],
                  "outlet": [f"Outlet {tag}"] * BATCH_ROWS}).to_csv(path, index=False)
    return path


def two_adds_at_once(project: Path, capsys) -> None:
    a, b = _batch(project / "a.csv", "A"), _batch(project / "b.csv", "B")
    procs = [framing("add", str(f), "--corpus", "busy", "--root", str(project)) for f in (a, b)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    corpus = project / "data" / "corpora" / "busy"
    manifest = pd.read_csv(corpus / "manifest.csv", keep_default_na=False)
    raw = sorted(p.name for p in (corpus / "raw").iterdir())
    assert len(manifest) == 2 * BATCH_ROWS
    assert sorted(Path(r).name for r in manifest["raw_path"]) == raw


RUN_SCRIPT = textwrap.dedent("""
    import sys, time
    from helpers.cli.commands import study_lock
    from helpers.core.study import Study
    from helpers.run.stages import run_study
    study = Study.open("small", root=sys.argv[1], in_place=False)
    with study_lock(study):
        time.sleep(3)  # a long run: the other writer starts meanwhile
        reports = run_study(study, processes=1, compare=False)
    print(sum(r.computed for r in reports))
""")


def two_runs_at_once(project: Path, capsys) -> None:
    files = [str(p) for p in sorted(NEW_ARTICLES.glob("*.txt"))]
    assert cli.main(["add", *files, "--manifest", str(NEW_ARTICLES / "manifest.csv"), "--corpus", "small",
                     "--root", str(project)]) == 0
    procs = [subprocess.Popen([sys.executable, "-c", RUN_SCRIPT, str(project)], env=env(), text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    computed = sorted(int(out.strip().splitlines()[-1]) for out, _ in outs)
    assert computed[0] == 0 and computed[1] > 0, outs  # the second writer waited and found the work done
    assert any("waiting for it to finish" in err for _, err in outs), outs


# ------------------------------------------------------------------ 4. workers and signals

POOL_SCRIPT = textwrap.dedent("""
    import os, sys, time
    from helpers.run.tasks import run_tasks

    def slow(task):
        time.sleep(120)
        return {}

    if __name__ == "__main__":
        if sys.argv[1] == "cli":  # through the CLI's signal handling
            import importlib
            commands = importlib.import_module("helpers.cli.commands")
            cli_main = importlib.import_module("helpers.cli.main")
            commands.run = lambda args: run_tasks(slow, [{}, {}], "work", processes=2)
            sys.exit(cli_main.main(["run", "x"]))
        run_tasks(slow, [{}, {}], "work", processes=2)
""")


def _children(pid: int) -> list[int]:
    kids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            kids.append(int(stat.parent.name))
    return kids


def _alive(pids: list[int]) -> list[int]:
    alive = []
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.append(pid)
    return alive


def _start_pool(tmp: Path, mode: str) -> tuple[subprocess.Popen, list[int]]:
    script = tmp / "pool.py"
    script.write_text(POOL_SCRIPT)
    proc = subprocess.Popen([sys.executable, str(script), mode], env=env(), text=True, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 60
    while len(_children(proc.pid)) < 2:
        assert time.monotonic() < deadline and proc.poll() is None, proc.communicate()
        time.sleep(0.1)
    time.sleep(0.5)  # the workers have run their initializer
    return proc, _children(proc.pid)


def _gone(workers: list[int], wait_s: float = 10.0) -> list[int]:
    deadline = time.monotonic() + wait_s
    while _alive(workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    return _alive(workers)


def workers_die_with_killed_parent(project: Path, capsys) -> None:
    if not Path("/proc").is_dir():
        pytest.skip("needs /proc")
    for sig in (signal.SIGKILL, signal.SIGTERM):
        proc, workers = _start_pool(project, "plain")
        os.kill(proc.pid, sig)
        proc.communicate(timeout=30)
        assert _gone(workers) == [], (sig, workers)


def ctrl_c_stops_cleanly(project: Path, capsys) -> None:
    if not Path("/proc").is_dir():
        pytest.skip("needs /proc")
    proc, workers = _start_pool(project, "cli")
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal does: the whole process group
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "interrupted" in one_line_error(err, "run")
    assert _gone(workers) == []
    proc, workers = _start_pool(project, "cli")
    os.kill(proc.pid, signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 143, err
    one_line_error(err, "run")
    assert _gone(workers) == []


# ------------------------------------------------------------------ 7. determinism under faults

KILL_SCRIPT = textwrap.dedent("""
    import os, signal, sys
    from helpers.cli.commands import study_lock
    from helpers.core import storage
    from helpers.core.study import Study
    from helpers.run.stages import run_study

    root, output, pattern, nth = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    main, real, seen = os.getpid(), storage.os.replace, [0]

    def replace(src, dst):
        # killed as by `kill -9`: the temporary file or folder is complete, the rename never happens
        if os.getpid() == main and pattern in str(dst):
            seen[0] += 1
            if seen[0] == nth:
                os.kill(main, signal.SIGKILL)
        return real(src, dst)

    storage.os.replace = replace
    study = Study.open("new-articles", output, root=root, in_place=False)
    with study_lock(study):
        run_study(study, processes=1, size=4)
""")
class Stopped(BaseException):
    """A run stopped at a chosen write (as by Ctrl-C: cleanup handlers run)."""


def _stop_at(pattern: str, nth: int):
    """An ``os.replace`` that raises :class:`Stopped` at the ``nth`` rename into a path holding ``pattern``."""
    real, seen = os.replace, [0]

    def replace(src, dst):
        if pattern in str(dst):
            seen[0] += 1
            if seen[0] == nth:
                raise Stopped(pattern)
        return real(src, dst)
    return replace


def killed_runs_resume_to_same_bytes(project: Path, capsys) -> None:
    from conftest import install_fixture_study
    from helpers.cli.commands import study_lock
    from helpers.core import storage
    from helpers.corpus import add_articles
    from helpers.core.study import Study
    from helpers.run.stages import run_study

    def run(output: Path) -> None:
        study = Study.open("new-articles", output, root=project, in_place=False)
        with study_lock(study):
            run_study(study, processes=1, size=4)

    install_fixture_study(project)
    # the 8 plain-text fixtures (HTML extraction would add cost and nothing to the case)
    add_articles(sorted(NEW_ARTICLES.glob("*.txt")), project / "data" / "corpora" / "new-articles",
                 manifest=NEW_ARTICLES / "manifest.csv")
    run(project / "clean")
    killed = project / "killed"
    # each run resumes the one stopped before it: stopped at the 2nd measured chunk's folder,
    # then at the stage record after cleaning, then SIGKILLed while publishing hits.csv
    real = storage.os.replace
    for pattern, nth in (("_chunks/measure/", 2), ("_stages.json", 1)):
        storage.os.replace = _stop_at(pattern, nth)
        try:
            with pytest.raises(Stopped):
                run(killed)
        finally:
            storage.os.replace = real
    (project / "kill.py").write_text(KILL_SCRIPT)
    proc = subprocess.run([sys.executable, str(project / "kill.py"), str(project), str(killed), "processed/hits.csv", "1"],
                          env=env(), capture_output=True, text=True, timeout=300)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert [p for p in killed.rglob(".hits.csv.*") if p.name.endswith(".tmp")], "the kill left no temporary file"
    run(killed)
    assert digest(killed / "processed") == digest(project / "clean" / "processed")
    # a chunk file truncated from outside and a stage record that is not an object: both rebuilt
    part = next((killed / "processed" / "_chunks" / "measure").glob("*/hits.parquet"))
    part.write_bytes(part.read_bytes()[:100])
    (killed / "processed" / "_stages.json").write_text("[]\n")
    run(killed)
    assert digest(killed / "processed") == digest(project / "clean" / "processed")


DASK_SCRIPT = textwrap.dedent("""
    import sys, time
    from helpers.run.cluster import dask_runner

    def slow(task):
        time.sleep(300)
        return {}

    if __name__ == "__main__":
        with dask_runner("local", n_workers=2) as run:
            print("started", flush=True)
            run(slow, [{}, {}], "work")
""")


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        kids = _children(todo.pop())
        found += kids
        todo += kids
    return found


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("FRAMING_DASK_KILL_TEST") != "1",
                    reason="starts a Dask cluster (~10-60 s): set FRAMING_DASK_KILL_TEST=1 to run it")
def test_dask_local_workers_die_with_killed_parent(tmp_path):
    """Reliability case 'killed parent (Dask)': SIGKILL the parent of a LocalCluster run
    (``framing run --scheduler local``); no worker process remains after 10 s.

    Opt-in, to keep ``make test`` under its ten minutes: distributed already ends local
    workers whose parent died (this passes without ``die_with_parent`` too), so it
    guards an upgrade of distributed rather than this project's code."""
    if not Path("/proc").is_dir():
        pytest.skip("needs /proc")
    pytest.importorskip("distributed")
    script = tmp_path / "dask_run.py"
    script.write_text(DASK_SCRIPT)
    proc = subprocess.Popen([sys.executable, str(script)], env=env(), text=True, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    try:
        assert proc.stdout.readline().strip() == "started", proc.stderr.read()
        deadline = time.monotonic() + 60
        while len(_descendants(proc.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(2)  # the tasks are running on the workers
        workers = _descendants(proc.pid)
        assert len(workers) >= 2, workers
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=30)
    assert _gone(workers) == [], workers


# ------------------------------------------------------------------ 5. OS errors

def os_errors_one_line(project: Path, capsys, monkeypatch=None) -> None:
    import helpers.core.storage as storage

    article = NEW_ARTICLES / "harbor-drone-1.txt"
    real = os.replace
    for code in (errno.EROFS, errno.ENOSPC, errno.EACCES):
        def refuse(src, dst, _code=code):
            raise OSError(_code, os.strerror(_code), str(dst))
        storage.os.replace = refuse
        try:
            assert cli.main(["add", str(article), "--corpus", "ro", "--outlet", "W", "--root", str(project)]) == 2
        finally:
            storage.os.replace = real
        line = one_line_error(capsys.readouterr().err, "add")
        assert os.strerror(code) in line
        corpus = project / "data" / "corpora" / "ro"
        assert not corpus.exists() or not any(corpus.rglob("*")), "nothing half-written"


# ------------------------------------------------------------------ 6. input checks

def parquet_types_refused(project: Path, capsys) -> None:
    pd.DataFrame({"text": [12345, 7], "outlet": ["A", "B"]}).to_parquet(project / "n.parquet")
    pd.DataFrame({"text": [["a", "b"], ["c"]], "outlet": ["A", "B"]}).to_parquet(project / "l.parquet")
    pd.DataFrame({"text": ["Real text.", "More text."], "outlet": [1.5, 2.5]}).to_parquet(project / "o.parquet")
    (project / "j.jsonl").write_text(json.dumps({"text": 5, "outlet": "A"}) + "\n")
    for name, column, kind in (("n.parquet", "text", "number"), ("l.parquet", "text", "list"),
                               ("o.parquet", "outlet", "number"), ("j.jsonl", "text", "number")):
        assert cli.main(["add", str(project / name), "--corpus", "typed", "--skip-bad", "--root", str(project)]) == 2
        err = capsys.readouterr().err
        assert f"row 1: column '{column}' holds a {kind}" in err, err
    assert not (project / "data" / "corpora" / "typed" / "manifest.csv").exists()


def utf16_and_utf32_decoded(project: Path, capsys) -> None:
    text = "Headline\n\nIran said the missiles moved on Friday.\n"
    for enc in ("utf-16", "utf-32"):
        (project / f"{enc}.txt").write_bytes(text.replace("Friday", enc).encode(enc))  # with a BOM
        assert cli.main(["add", str(project / f"{enc}.txt"), "--corpus", "wide", "--outlet", "W",
                         "--root", str(project)]) == 0
        assert f"decoded as {enc.upper()}" in capsys.readouterr().err
    from helpers.corpus import load_corpus
    assert sorted(load_corpus(project / "data" / "corpora" / "wide")["encoding"]) == ["utf-16", "utf-32"]


def stray_tag_is_not_a_page(project: Path, capsys) -> None:
    pd.DataFrame({"text": ["The <p> tag appeared in the report, officials said."], "outlet": ["W"]}).to_csv(
        project / "tag.csv", index=False)
    assert cli.main(["add", str(project / "tag.csv"), "--corpus", "tags", "--root", str(project)]) == 0
    manifest = pd.read_csv(project / "data" / "corpora" / "tags" / "manifest.csv", keep_default_na=False)
    assert manifest["format"].tolist() == ["txt"]


def wire_copy_across_outlets(project: Path, capsys) -> None:
    text = "Iran moved missiles to Iraq, officials said on Friday.\n"
    pd.DataFrame({"text": [text, text], "outlet": ["Agency Wire", "Daily Post"],
                  "article_id": ["wire-1", "post-1"]}).to_csv(project / "wire.csv", index=False)
    assert cli.main(["add", str(project / "wire.csv"), "--corpus", "wire", "--root", str(project)]) == 0
    manifest = pd.read_csv(project / "data" / "corpora" / "wire" / "manifest.csv", keep_default_na=False)
    assert dict(zip(manifest["article_id"], manifest["duplicate_of"])) == {"post-1": "wire-1", "wire-1": ""}
    # the same text again in one of those outlets is refused, with or without --skip-bad
    pd.DataFrame({"text": [text], "outlet": ["Daily Post"], "article_id": ["post-2"]}).to_csv(
        project / "again.csv", index=False)
    assert cli.main(["add", str(project / "again.csv"), "--corpus", "wire", "--root", str(project)]) == 2
    assert "same outlet" in one_line_error(capsys.readouterr().err, "add")
    assert cli.main(["add", str(project / "again.csv"), "--corpus", "wire", "--skip-bad", "--root", str(project)]) == 2
    assert "row 1: duplicate: same text as article 'post-1' of the same outlet" in capsys.readouterr().err


def listing_names_missing_file(project: Path, capsys) -> None:
    import shutil

    folder = project / "in"
    folder.mkdir()
    for name in ("harbor-drone-1.txt", "harbor-drone-2.txt"):
        shutil.copy(NEW_ARTICLES / name, folder / name)
    (folder / "manifest.csv").write_text("file,outlet\nharbor-drone-1.txt,W\ngone.txt,W\nharbor-drone-2.txt,W\n")
    files = [str(folder / "harbor-drone-1.txt"), str(folder / "harbor-drone-2.txt")]
    listing = str(folder / "manifest.csv")
    assert cli.main(["add", *files, "--manifest", listing, "--corpus", "listed", "--root", str(project)]) == 2
    line = one_line_error(capsys.readouterr().err, "add")
    assert f"{listing}, row 2: file 'gone.txt' named by the listing does not exist" in line and "remove its row" in line
    assert not (project / "data" / "corpora" / "listed").exists()
    assert cli.main(["add", str(folder), "--corpus", "listed", "--skip-bad", "--root", str(project)]) == 0
    out, err = capsys.readouterr()
    assert "added 2 article(s)" in out
    assert "1 of 3 input(s) skipped" in err and f"{listing}, row 2: file 'gone.txt'" in err


def format_option(project: Path, capsys) -> None:
    page = "<h1>Missiles moved</h1>\n<p>Iran moved missiles to Iraq, officials said on Friday.</p>\n"
    (project / "page.txt").write_text(page)
    (project / "plain.html").write_text("Plain words about <p> tags, officials said.\n")
    pd.DataFrame({"text": ["<p>Officials said the talks went on.</p>"], "outlet": ["W"]}).to_csv(
        project / "rows.csv", index=False)
    for args in (["page.txt", "--format", "html"], ["plain.html", "--format", "text"],
                 ["rows.csv", "--format", "text"]):
        assert cli.main(["add", str(project / args[0]), *args[1:], "--corpus", "fmt", "--outlet", "W",
                         "--root", str(project)]) == 0
    from helpers.corpus import load_corpus
    corpus = load_corpus(project / "data" / "corpora" / "fmt").set_index("raw_path")
    assert corpus["format"].sort_index().tolist() == ["html", "txt", "txt"]
    html = corpus[corpus["format"] == "html"].iloc[0]
    assert "<p>" not in html["text"] and "officials said" in html["text"]
    with pytest.raises(SystemExit):  # argparse: one usage line, exit 2
        cli.main(["add", str(project / "rows.csv"), "--format", "pdf", "--corpus", "fmt", "--root", str(project)])
    assert "invalid choice: 'pdf'" in capsys.readouterr().err


def lexicon_entry_that_cannot_match(project: Path, capsys) -> None:
    from helpers.core.errors import FramingError
    from helpers.measure import load_lexicons

    folder = project / "lex"
    folder.mkdir()
    for entry in ("^said$", "said|told", "<b>"):
        (folder / "x.csv").write_text("entry,category,subcategory,case_sensitive,note,source\n"
                                      f"claimed,reporting_verbs,,False,,\n{entry},reporting_verbs,,False,,\n")
        with pytest.raises(FramingError, match=r"x\.csv, row 2: .*can never match"):
            load_lexicons(folder)


def explore_hash_checks(project: Path, capsys) -> None:
    raw = next((project / "data" / "corpora" / SEED_STUDY / "raw").glob("*.txt"))
    raw.write_bytes(raw.read_bytes() + b"tampered\n")
    for command in ("explore", "validate"):
        assert cli.main([command, SEED_STUDY, "--output", str(project / "out"), "--root", str(project)]) == 2
        assert "sha256" in one_line_error(capsys.readouterr().err, command).lower()


# ------------------------------------------------------------------ 8. messages

def messages_plain(project: Path, capsys) -> None:
    from helpers.cli.commands import summarise_ids
    from helpers.core.errors import FramingError

    assert "\x1b" not in str(FramingError("\x1b[0;31mValueError\x1b[0m: boom", path="x"))
    ids = [f"id-{i}" for i in range(2000)]
    line = summarise_ids(ids)
    assert line.endswith("and 1,990 more") and len(line) < 200


CASES = [
    # (case, command, expected outcome, function)
    ("protected outputs", "run/explore/validate --output notebooks|figures|data|data/lexicons|src|.|.git",
     "refused in one line, exit 2, no file changed", protected_outputs),
    ("seed corpus", "add --corpus iran-missiles-2018", "refused without --into-seed; with it, says what changed",
     seed_corpus_needs_flag),
    ("markdown escaping", "notebook prose of hostile outlet names", "no raw HTML, no link", markdown_prose_escaped),
    ("figure labels", "naming figure of outlets $x^2$, _hidden and forms $IR$, _Tehran",
     "tick and legend labels drawn literally, none dropped", figure_labels_literal),
    ("two adds at once", "2 x add 300 rows into one corpus", "both added; manifest and raw/ agree", two_adds_at_once),
    ("two runs at once", "2 x run one study", "the second waits, then finds the work done", two_runs_at_once),
    ("killed parent", "SIGKILL / SIGTERM the parent of a 2-process pool", "no worker left after 10 s",
     workers_die_with_killed_parent),
    ("Ctrl-C / SIGTERM", "SIGINT to the process group of framing run", "exit 130 (143), one line, no worker left",
     ctrl_c_stops_cleanly),
    ("killed runs", "run stopped at a chunk folder, at _stages.json, SIGKILLed at hits.csv; then resumed",
     "same files and bytes as a clean run", killed_runs_resume_to_same_bytes),
    ("OS errors", "add onto a read-only / full / forbidden disk", "one line naming the file, exit 2, nothing written",
     os_errors_one_line),
    ("batch column types", "add --skip-bad of Parquet/JSONL with numbers or lists", "row refused, column named",
     parquet_types_refused),
    ("UTF-16/32", "add a UTF-16 and a UTF-32 file with BOM", "decoded, and said so", utf16_and_utf32_decoded),
    ("stray tag", "add a CSV row whose text holds <p>", "plain text, not an HTML page", stray_tag_is_not_a_page),
    ("wire copy", "add one text under two outlets; then again under one of them",
     "both added, the second marked duplicate_of; the repeat in one outlet refused", wire_copy_across_outlets),
    ("listing names a missing file", "add FILES --manifest L (a row names no file); add DIR --skip-bad",
     "one line naming L, row and fix; with --skip-bad the row is listed, the rest added", listing_names_missing_file),
    ("--format", "add page.txt --format html; plain.html / a <p> row --format text",
     "format html (text extracted) / txt, whatever suffix or first characters say", format_option),
    ("lexicon syntax", "load a lexicon with ^said$, said|told, <b>", "refused with file and row",
     lexicon_entry_that_cannot_match),
    ("tampered raw file", "explore / validate after a raw file changed", "refused: sha256 mismatch",
     explore_hash_checks),
    ("messages", "errors with colour codes; 2,000 ids", "no escape codes; ids summarised", messages_plain),
]


@pytest.mark.parametrize("case,command,expected,check", CASES, ids=[c[0] for c in CASES])
def test_reliability(case, command, expected, check, project, capsys):
    check(project, capsys)
