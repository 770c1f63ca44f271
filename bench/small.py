"""Small studies: the seed report beside a generated 50-article study, notebooks included.

What a researcher waits for on a small corpus is mostly the notebooks, so this
times, each in a fresh temporary copy of the project (lexicons, rules, cues,
gold, notebooks; never the committed folders):

1. **seed**: ``framing report`` of the committed two-article study (clear,
   execute the numbered notebooks);
2. **small, first run**: ``framing run`` of a synthetic corpus
   (:func:`helpers.corpus.synthetic.generate_corpus`, ``--articles`` articles
   over ``--outlets`` outlets and ``--events`` events), stages then notebooks;
3. **small, unchanged rerun**: the same command again, nothing changed (the
   stages are cached chunk by chunk, the notebooks by their inputs:
   :func:`helpers.run.notebooks.notebook_key`).

As in ``framing run``, a first run's notebook kernel is launched before the
stages (:func:`helpers.run.notebooks.early_kernel`) and starts while they run,
so "notebooks s" is what follows the stages; "total s" is the whole wall time.
The notebooks' CPU seconds include the kernel's whole life.

Peak memory is the process tree's resident set (this process, the workers and
the notebook kernel), sampled as in :mod:`bench.e2e`; the target is checked on
it. The table also gives the tree's PSS (shared library pages counted once),
for information.

Targets (issue 17): first run's notebooks under 15 s and at most 1.5x the
seed's; unchanged rerun under 10 % of the first run; peak under 600 MB.
``python -m bench.small`` prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")  # as `framing` sets it (helpers.cli.main), before Arrow loads

from helpers.core.study import SEED_STUDY, Study, project_root

from .e2e import PeakRSS

TARGET_NOTEBOOK_S = 15.0
TARGET_RATIO_TO_SEED = 1.5
TARGET_RERUN_SHARE = 0.10
TARGET_PEAK_MB = 600.0


def cpu_seconds() -> float:
    """User + system CPU seconds of this process and its reaped children (the notebook
    kernel, once shut down; the stages' workers): on a shared machine a fairer
    measure than wall time, which grows with the other users' load."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def copy_project(tmp: Path, *, seed: bool) -> None:
    """The parts of the project a study needs, copied into ``tmp`` (the seed corpus only if ``seed``)."""
    src = project_root()
    for name in ("lexicons", "rules", "attribution", "gold", "discover"):
        shutil.copytree(src / "data" / name, tmp / "data" / name)
    if seed:  # the seed study with its own settings and lexicons, as `framing report` runs it
        shutil.copytree(src / "data" / "corpora" / SEED_STUDY, tmp / "data" / "corpora" / SEED_STUDY)
        shutil.copytree(src / "data" / "studies" / SEED_STUDY, tmp / "data" / "studies" / SEED_STUDY)
    (tmp / "notebooks").mkdir(parents=True)
    for nb in (src / "notebooks").glob("*.ipynb"):
        shutil.copy2(nb, tmp / "notebooks" / nb.name)
    shutil.copy2(src / "README.md", tmp / "README.md")


def time_seed() -> dict[str, float]:
    """``framing report`` on a copy of the project: seconds of notebooks and peak MB."""
    from helpers.run.notebooks import clear_study_outputs, run_notebooks

    tmp = Path(tempfile.mkdtemp(prefix="framing-small-seed-"))
    try:
        copy_project(tmp, seed=True)
        study = Study.open(SEED_STUDY, root=tmp)
        with PeakRSS() as mem:
            clear_study_outputs(study)
            t, cpu = time.perf_counter(), cpu_seconds()
            run_notebooks(study)
            seconds, cpu = time.perf_counter() - t, cpu_seconds() - cpu
        return {"seed_notebooks_s": seconds, "seed_notebooks_cpu_s": cpu, "seed_peak_mb": mem.peak_mb,
                "seed_peak_pss_mb": mem.peak_pss_mb}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def time_small(articles: int, outlets: int, events: int) -> dict[str, float]:
    """``framing run`` twice on a generated corpus: stage and notebook seconds, peak MB."""
    from helpers.run import stages
    from helpers.run.notebooks import early_kernel, run_notebooks, study_notebooks

    tmp = Path(tempfile.mkdtemp(prefix="framing-small-"))
    try:
        copy_project(tmp, seed=False)
        batch = tmp / "batch.parquet"
        subprocess.run([sys.executable, "-c",
                        "import sys; from helpers.corpus.synthetic import generate_corpus, write_parquet; "
                        f"write_parquet(generate_corpus({articles}, seed=0, outlets={outlets}, "
                        f"events={events}), sys.argv[1])", str(batch)], check=True)
        subprocess.run([sys.executable, "-m", "helpers.cli", "add", str(batch), "--corpus", "small",
                        "--root", str(tmp)], check=True, stdout=subprocess.DEVNULL)
        study = Study.open("small", tmp / "reports" / "small", root=tmp, in_place=False)
        out: dict[str, float] = {}
        for run in ("first", "rerun"):
            with PeakRSS() as mem:
                t = time.perf_counter()
                with early_kernel(study) as kernel:  # as `framing run`: the kernel starts during the stages
                    stages.run_study(study)
                    out[f"{run}_stages_s"] = time.perf_counter() - t
                    t, cpu = time.perf_counter(), cpu_seconds()
                    run_notebooks(study, notebooks=study_notebooks(study), kernel=kernel)
                out[f"{run}_notebooks_s"] = time.perf_counter() - t  # until the kernel is shut down
                out[f"{run}_notebooks_cpu_s"] = cpu_seconds() - cpu
            out[f"{run}_total_s"] = out[f"{run}_stages_s"] + out[f"{run}_notebooks_s"]
            out[f"{run}_peak_mb"] = mem.peak_mb
            out[f"{run}_peak_pss_mb"] = mem.peak_pss_mb
        return out
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def format_results(r: dict[str, float], articles: int, outlets: int) -> str:
    """Markdown: the seed and the small study side by side, each target checked."""
    ratio = r["first_notebooks_s"] / r["seed_notebooks_s"]
    share = r["rerun_total_s"] / r["first_total_s"]
    peak = max(r["first_peak_mb"], r["rerun_peak_mb"], r["seed_peak_mb"])
    lines = [
        "| study | stages s | notebooks s | notebooks CPU s | notebooks / seed's | total s | peak RSS MB | peak PSS MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        f"| seed `framing report` (2 articles) | - | {r['seed_notebooks_s']:.1f} | "
        f"{r.get('seed_notebooks_cpu_s', 0):.1f} | 1.00x | "
        f"{r['seed_notebooks_s']:.1f} | {r['seed_peak_mb']:,.0f} | {r.get('seed_peak_pss_mb', 0):,.0f} |",
    ]
    for run in ("first", "rerun"):
        lines.append(f"| {articles} articles, {outlets} outlets, `framing run` ({run}) | "
                     f"{r[f'{run}_stages_s']:.1f} | {r[f'{run}_notebooks_s']:.1f} | "
                     f"{r.get(f'{run}_notebooks_cpu_s', 0):.1f} | "
                     f"{r[f'{run}_notebooks_s'] / r['seed_notebooks_s']:.2f}x | "
                     f"{r[f'{run}_total_s']:.1f} | {r[f'{run}_peak_mb']:,.0f} | "
                     f"{r.get(f'{run}_peak_pss_mb', 0):,.0f} |")
    lines += [
        "",
        "CPU s: user + system seconds of the runner and the notebook kernel (less sensitive than wall "
        "time to other load on the machine; the targets are on wall time).",
        f"Targets: first run's notebooks <= {TARGET_NOTEBOOK_S:.0f} s "
        f"({verdict(r['first_notebooks_s'] <= TARGET_NOTEBOOK_S)}: {r['first_notebooks_s']:.1f} s) and "
        f"<= {TARGET_RATIO_TO_SEED}x the seed's ({verdict(ratio <= TARGET_RATIO_TO_SEED)}: {ratio:.2f}x); "
        f"unchanged rerun < {TARGET_RERUN_SHARE:.0%} of the first "
        f"({verdict(share < TARGET_RERUN_SHARE)}: {share:.1%}); peak RSS < {TARGET_PEAK_MB:.0f} MB "
        f"({verdict(peak < TARGET_PEAK_MB)}: {peak:,.0f} MB).",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.small", description=__doc__.splitlines()[0])
    p.add_argument("--articles", type=int, default=50, help="articles in the generated study (default 50)")
    p.add_argument("--outlets", type=int, default=5, help="outlets in the generated study (default 5)")
    p.add_argument("--events", type=int, default=10, help="events in the generated study (default 10)")
    args = p.parse_args(argv)
    results = time_seed()
    results.update(time_small(args.articles, args.outlets, args.events))
    print(format_results(results, args.articles, args.outlets))
    return 0


if __name__ == "__main__":
    sys.exit(main())
