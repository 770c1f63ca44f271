"""How fast is ``framing discover``? Generated corpora, beside baselines timed in the same run.

``python -m bench.discover_speed [--sizes 2000,20000] [--single-max 2000]``

For each size, a synthetic corpus (:func:`helpers.corpus.synthetic.generate_corpus`,
seed 0, ~600 words an article, 5 outlets, 10 events) is turned into clean texts
(:func:`helpers.corpus.synthetic.corpus_segments`; cleaning is not timed) and
timed through:

* **discover, 2 processes** -- :func:`helpers.discover.discover_candidates` with
  the run layer's pool (:func:`helpers.run.discover.pool_runner`), as
  ``framing discover`` runs it;
* **discover, 1 process** -- the same in this process (sizes up to
  ``--single-max``): the baseline for the pool's gain; the candidates of the
  two are compared and must be equal;
* **measure stage, 1 process** -- :func:`helpers.measure.measure_corpus` (all
  the per-article tables) on the same segments: the baseline for "how slow is
  discovery compared to the pipeline's other per-article work".

Other work on the machine slows every row alike, so the ratios are steadier
than the seconds. For the pooled run the table also gives the peak resident
memory of this process during discovery (sampled every 20 ms from
``/proc/self/statm``, above what it held before) and of the largest pool
worker (``RUSAGE_CHILDREN``), and the wall seconds of each phase of
:func:`helpers.discover.discover_candidates` (its ``timings``). A 100,000-article figure is extrapolated linearly from the
largest size timed (discovery's map step is linear in the articles; its
reduce step over the mentions is close to linear), and is marked as such.
Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import threading
import time

import pandas as pd

from helpers.clean import assemble_texts
from helpers.core.study import Study, project_root
from helpers.corpus.synthetic import corpus_segments, generate_corpus
from helpers.discover import discover_candidates, load_name_cues, load_vader_lexicon
from helpers.measure import SourceCues, load_source_cues, measure_corpus, study_lexicon
from helpers.run.discover import NAME_CUES, pool_runner

EXTRAPOLATE_TO = 100_000


def cpu_seconds() -> tuple[float, float]:
    """CPU seconds of this process and of its ended children (the pool's workers, once joined):
    the work done, which other load on the machine does not inflate as it does the wall time."""
    t = os.times()
    return t.user + t.system, t.children_user + t.children_system


class PeakRSS:
    """The peak resident size of this process while the block runs, sampled by a thread
    (Linux ``/proc/self/statm``; 0 elsewhere), in MB above the size at the start."""

    def __enter__(self) -> "PeakRSS":
        self.start = self.peak = self.read()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.sample, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join()
        self.peak = max(self.peak, self.read())

    @staticmethod
    def read() -> float:
        try:
            with open("/proc/self/statm") as f:
                return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2 ** 20
        except (OSError, ValueError):  # pragma: no cover - not Linux
            return 0.0

    def sample(self) -> None:
        while not self.stop.wait(0.02):
            self.peak = max(self.peak, self.read())

    @property
    def added(self) -> float:
        return self.peak - self.start


def children_peak_mb() -> float:
    """The largest resident size any ended child process reached (the pool's workers), in MB."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def time_size(size: int, single: bool, cues, vader, lexicon, source_cues) -> list[dict]:
    corpus = generate_corpus(size, seed=0)
    segments = corpus_segments(corpus)
    texts = assemble_texts(segments)
    articles = corpus[["article_id", "outlet", "event"]].copy()
    rows = []

    def timed(method: str, fn, **extra):
        t, (c0, k0) = time.perf_counter(), cpu_seconds()
        with PeakRSS() as rss:
            out = fn()
        c1, k1 = cpu_seconds()
        rows.append({"articles": size, "method": method, "seconds": time.perf_counter() - t,
                     "cpu": c1 - c0 + k1 - k0, "cpu_self": c1 - c0, "cpu_workers": k1 - k0,
                     "rss_added": rss.added, "rss_workers": children_peak_mb(), **extra})
        print(f"  {size:,} {method}: {rows[-1]['seconds']:.1f} s, {rows[-1]['cpu']:.1f} CPU s", file=sys.stderr,
              flush=True)
        return out

    phases: dict[str, float] = {}
    pooled = timed("discover, 2 processes", lambda: discover_candidates(
        texts, articles, cues, vader, "bench", run=pool_runner(processes=2), timings=phases), phases=phases)
    if single:
        alone = timed("discover, 1 process", lambda: discover_candidates(texts, articles, cues, vader, "bench"))
        for attr in ("actors", "terms"):
            pd.testing.assert_frame_equal(getattr(pooled, attr), getattr(alone, attr))
    timed("measure stage, 1 process", lambda: measure_corpus(segments, articles, lexicon, source_cues))
    return rows


def render(rows: list[dict]) -> str:
    df = pd.DataFrame(rows)
    out = ["| articles | method | wall s | articles/s | CPU s | wall ratio to measure stage | CPU ratio to measure stage |",
           "| ---: | --- | ---: | ---: | ---: | ---: | ---: |"]
    for size, g in df.groupby("articles", sort=True):
        base = g[g["method"] == "measure stage, 1 process"].iloc[0]
        for r in g.itertuples(index=False):
            out.append(f"| {size:,} | {r.method} | {r.seconds:.1f} | {size / r.seconds:,.0f} | {r.cpu:.1f} | "
                       f"{r.seconds / base.seconds:.2f} | {r.cpu / base.cpu:.2f} |")
    lines = ["\n".join(out), ""]
    for r in df[df["method"] == "discover, 2 processes"].itertuples(index=False):
        lines.append(f"- {r.articles:,} articles, 2 processes: peak memory {r.rss_added:,.0f} MB above the start in "
                     f"this process, {r.rss_workers:,.0f} MB in the largest worker; phases (wall s): "
                     + ", ".join(f"{k} {v:.1f}" for k, v in r.phases.items()))
    single = df[df["method"] == "discover, 1 process"].set_index("articles")["seconds"]
    pooled = df[df["method"] == "discover, 2 processes"].set_index("articles")["seconds"]
    for size in single.index:
        lines.append(f"- {size:,} articles: 2 processes take {pooled[size] / single[size]:.2f}x the time of 1 "
                     "(equal candidates checked)")
    big = int(pooled.index.max())
    per = pooled[big] / big
    r = df[(df["method"] == "discover, 2 processes") & (df["articles"] == big)].iloc[0]
    idle = (r.cpu_self + r.cpu_workers / 2) / big  # the workers' map split over two cores, the rest in one
    lines.append(f"- extrapolated (linear, from {big:,} articles; not measured) to {EXTRAPOLATE_TO:,} articles: "
                 f"about {per * EXTRAPOLATE_TO / 60:.0f} min of wall time with 2 processes under the load of this "
                 f"run; from the CPU time ({r.cpu_workers:.0f} s in the workers' map steps, {r.cpu_self:.0f} s "
                 f"in this process: texts, reduce), about {idle * EXTRAPOLATE_TO / 60:.0f} min on two otherwise "
                 "idle cores")
    try:
        load = os.getloadavg()[0]
        lines.append(f"- load average at the end: {load:.2f} on {os.cpu_count()} cores")
    except OSError:  # pragma: no cover - no load average on this platform
        pass
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.discover_speed", description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="2000,20000", help="comma-separated corpus sizes")
    p.add_argument("--single-max", type=int, default=2000,
                   help="largest size also timed in one process (the pool's baseline)")
    args = p.parse_args(argv)
    cues = load_name_cues(project_root() / NAME_CUES)
    vader = load_vader_lexicon()
    study = Study.open()  # the seed study's lexicons and source cues, for the measure stage
    lexicon = study_lexicon(study)
    source_cues = SourceCues.from_frame(load_source_cues(study.source_cues))
    rows = []
    for size in [int(s) for s in args.sizes.split(",") if s.strip()]:
        print(f"discovery on {size:,} generated articles ...", file=sys.stderr, flush=True)
        rows += time_size(size, size <= args.single_max, cues, vader, lexicon, source_cues)
    print(render(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
