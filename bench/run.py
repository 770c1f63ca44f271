"""Time the lexicon matcher against a naive baseline and a floor, on synthetic corpora.

Measured in the same run, interleaved (the order of the methods rotates
with every repetition, so machine noise hits all of them alike):

(a) naive: NLTK ``TreebankWordTokenizer`` tokens, then a Python loop over
    token n-grams (n = 1..longest entry) looked up in a dict of lower-cased
    entries; timed on a sample for large corpora;
(b) ``helpers.measure.matcher.match_texts`` (the hits table, offsets and all);
(c) ``helpers.measure.measure_corpus`` (sentences, quotes, hits, features),
    on a sample; with ``--two-process N``, also N articles split over two
    processes, each returning only a small aggregate;
(d) floor: one pass of ``text.lower()`` plus counting spaces.

Reported: best time of the repetitions, articles/s, MB/s (UTF-8 bytes),
peak traced memory (``tracemalloc``, one extra untimed run per method), and
the ratios b/a, c/a, b/d. The table goes to ``bench/RESULTS.md`` and stdout.
"""

from __future__ import annotations

import argparse
import subprocess
import datetime as dt
import os
import platform
import sys
import time
import tracemalloc
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Callable

import pandas as pd

from helpers.core.study import Study, project_root
from helpers.measure import SourceCues, load_source_cues, measure_corpus, study_lexicon
from helpers.measure.matcher import compile_matcher, match_texts

from helpers.core.storage import atomic_write_text
from helpers.corpus.synthetic import corpus_segments, generate_corpus

TARGET_B_OVER_A = 60.0
TARGET_B_OVER_D = 0.4


@dataclass
class Result:
    size: int
    method: str
    n: int            # articles actually processed
    mb: float         # UTF-8 megabytes processed
    seconds: float    # best of the repetitions
    peak_mb: float | None
    note: str = ""

    @property
    def per_second(self) -> float:
        return self.n / self.seconds if self.seconds else float("nan")


# -- the methods ---------------------------------------------------------------------

def naive_setup(lexicon: pd.DataFrame):
    """(tokenizer, dict of lower-cased entry token tuples -> categories, longest entry in tokens)."""
    from nltk.tokenize import TreebankWordTokenizer

    tok = TreebankWordTokenizer()
    table: dict[tuple[str, ...], list[str]] = {}
    for entry, cat in zip(lexicon["entry"], lexicon["category"]):
        key = tuple(t.lower() for t in tok.tokenize(entry.rstrip("*")))
        table.setdefault(key, []).append(cat)
    return tok, table, max(len(k) for k in table)


def naive_count(texts: list[str], setup) -> int:
    """The baseline: tokenise, then look up every n-gram of up to the longest entry's length."""
    tok, table, longest = setup
    hits = 0
    for text in texts:
        tokens = [t.lower() for t in tok.tokenize(text)]
        for i in range(len(tokens)):
            for n in range(1, longest + 1):
                cats = table.get(tuple(tokens[i:i + n]))
                if cats:
                    hits += len(cats)
    return hits


def floor_pass(texts: list[str]) -> int:
    spaces = 0
    for text in texts:
        text.lower()
        spaces += text.count(" ")
    return spaces


def _features_half(args) -> pd.DataFrame:
    """One process's share of the two-process run: returns per-outlet totals only."""
    segments, articles, lexicon, cues = args
    wide = measure_corpus(segments, articles, lexicon, cues).article_features
    numeric = wide.select_dtypes("number")
    return numeric.groupby(wide["outlet"]).sum()


# -- timing --------------------------------------------------------------------------

def _peak_mb(fn: Callable[[], object]) -> float:
    tracemalloc.start()
    try:
        fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 1e6


def _interleaved(jobs: dict[str, Callable[[], object]], reps: int) -> dict[str, float]:
    """Best wall time of each job over ``reps`` rounds, the order rotating every round."""
    best = {name: float("inf") for name in jobs}
    names = list(jobs)
    for rep in range(reps):
        k = rep % len(names)
        for name in names[k:] + names[:k]:
            t0 = time.perf_counter()
            jobs[name]()
            best[name] = min(best[name], time.perf_counter() - t0)
    return best


def _mb(texts: list[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


def bench_size(size: int, lexicon: pd.DataFrame, cues: SourceCues, reps: int, naive_sample: int,
               features_sample: int, memory: bool) -> list[Result]:
    corpus = generate_corpus(size, seed=0)
    texts = corpus["text"].tolist()
    series = pd.Series(texts, index=corpus["article_id"].tolist())
    matcher = compile_matcher(lexicon)
    match_texts(series.head(10), matcher)  # build the automata outside the timings
    setup = naive_setup(lexicon)
    n_a = min(size, naive_sample)
    sample_a = texts[:n_a]
    jobs: dict[str, Callable[[], object]] = {
        "a naive": lambda: naive_count(sample_a, setup),
        "b matcher": lambda: match_texts(series, matcher),
        "d floor": lambda: floor_pass(texts),
    }
    sizes = {"a naive": (n_a, _mb(sample_a)), "b matcher": (size, _mb(texts)), "d floor": (size, _mb(texts))}
    notes = {"a naive": f"sample of {n_a}" if n_a < size else ""}
    n_c = min(size, features_sample)
    seg = corpus_segments(corpus.head(n_c))
    arts = corpus.head(n_c)[["article_id", "outlet", "event"]]
    jobs["c features"] = lambda: measure_corpus(seg, arts, lexicon, cues)
    sizes["c features"] = (n_c, _mb(texts[:n_c]))
    notes["c features"] = f"sample of {n_c}" if n_c < size else ""
    best = _interleaved(jobs, reps)
    out = []
    for name in sorted(jobs):
        peak = _peak_mb(jobs[name]) if memory else None
        n, mb = sizes[name]
        out.append(Result(size, name, n, mb, best[name], peak, notes.get(name, "")))
    return out


def bench_two_process(size: int, lexicon: pd.DataFrame, cues: SourceCues) -> Result:
    """``size`` articles through the full features, split over two processes."""
    corpus = generate_corpus(size, seed=0)
    half = size // 2
    parts = []
    for chunk in (corpus.iloc[:half], corpus.iloc[half:]):
        parts.append((corpus_segments(chunk), chunk[["article_id", "outlet", "event"]], lexicon, cues))
    t0 = time.perf_counter()
    with ProcessPoolExecutor(max_workers=2) as pool:
        totals = list(pool.map(_features_half, parts))
    seconds = time.perf_counter() - t0
    combined = pd.concat(totals).groupby(level=0).sum()
    assert int(combined["n_tokens"].sum()) > 0
    return Result(size, "c features, 2 processes", size, _mb(corpus["text"].tolist()), seconds, None,
                  "one run; wall time incl. process start and pickling")


# -- report --------------------------------------------------------------------------

def _fmt(x: float | None, digits: int = 1) -> str:
    if x is None or x != x:
        return "–"
    return f"{x:,.{digits}f}"


def machine_facts() -> list[str]:
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    import ahocorasick_rs  # noqa: F401
    import numpy

    return [
        f"- date: {dt.date.today().isoformat()}",
        f"- cores: {os.cpu_count()} ({cpu})" if cpu else f"- cores: {os.cpu_count()}",
        f"- Python {platform.python_version()} on {platform.system()} {platform.machine()}; "
        f"pandas {pd.__version__}, numpy {numpy.__version__}",
        f"- load average at start: {load:.2f} (other work on the machine slows every method alike; "
        "ratios are more stable than absolute speeds)",
    ]


def render(results: list[Result], args: argparse.Namespace, facts: list[str]) -> str:
    lines = ["# Benchmark results", "",
             "Written by `make bench` (`python -m bench`); synthetic corpora from "
             "`helpers.corpus.synthetic.generate_corpus(seed=0)`, ~600 words per article. "
             "Best of the repetitions; methods interleaved with rotating order.", "",
             *facts, f"- command: `python -m bench {' '.join(sys.argv[1:])}`".rstrip(), "",
             "| corpus | method | articles timed | best s | articles/s | MB/s | peak MB (tracemalloc) | note |",
             "| ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |"]
    for r in results:
        lines.append(f"| {r.size:,} | {r.method} | {r.n:,} | {_fmt(r.seconds, 3)} | {_fmt(r.per_second, 0)} | "
                     f"{_fmt(r.mb / r.seconds if r.seconds else None, 2)} | {_fmt(r.peak_mb)} | {r.note} |")
    lines += ["", "Ratios of articles/s (targets: b/a >= "
              f"{TARGET_B_OVER_A:g}, b/d >= {TARGET_B_OVER_D:g}):", "",
              "| corpus | b/a matcher vs naive | c/a features vs naive | b/d matcher vs floor |",
              "| ---: | ---: | ---: | ---: |"]
    for size in sorted({r.size for r in results}):
        by = {r.method: r for r in results if r.size == size}
        if "b matcher" not in by:
            continue
        a, b, d = by["a naive"].per_second, by["b matcher"].per_second, by["d floor"].per_second
        c = by["c features"].per_second if "c features" in by else float("nan")
        lines.append(f"| {size:,} | {_fmt(b / a)} | {_fmt(c / a, 2)} | {_fmt(b / d, 3)} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="1000,10000,100000", help="comma-separated corpus sizes")
    p.add_argument("--quick", action="store_true", help="small sizes, one repetition (smoke test)")
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--naive-sample", type=int, default=2000, help="articles timed for the naive baseline")
    p.add_argument("--features-sample", type=int, default=2000, help="articles timed for the features")
    p.add_argument("--two-process", type=int, default=0, metavar="N",
                   help="also run N articles through the features in two processes (e.g. 100000)")
    p.add_argument("--no-memory", action="store_true", help="skip the tracemalloc runs")
    p.add_argument("--e2e-sizes", default="100000",
                   help="end-to-end sizes (import -> comparison tables, bench.e2e); '' for none")
    p.add_argument("--output", help="results file (default bench/RESULTS.md; '-' for none)")
    p.add_argument("--no-small", action="store_true", help="skip the small-study notebooks benchmark (bench.small)")
    p.add_argument("--discover-sizes", default="2000,20000",
                   help="sizes timed through discovery (bench.discover_speed); '' for none")
    args = p.parse_args(argv)
    if args.quick:
        args.sizes, args.reps, args.naive_sample, args.features_sample = "300,1500", 1, 300, 300
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    facts = machine_facts()
    study = Study.open()  # the seed study's lexicons and source cues
    lexicon = study_lexicon(study)
    cues = SourceCues.from_frame(load_source_cues(study.source_cues))
    results: list[Result] = []
    for size in sizes:
        reps = args.reps if size < 100_000 else max(1, min(args.reps, 2))
        print(f"corpus of {size:,} articles ...", file=sys.stderr, flush=True)
        results += bench_size(size, lexicon, cues, reps, args.naive_sample, args.features_sample,
                              memory=not args.no_memory)
    if args.two_process:
        print(f"{args.two_process:,} articles through the features in two processes ...",
              file=sys.stderr, flush=True)
        results.append(bench_two_process(args.two_process, lexicon, cues))
    table = render(results, args, facts)
    e2e_sizes = [int(x) for x in args.e2e_sizes.split(",") if x.strip()] if not args.quick else [1000]
    if e2e_sizes:

        print(f"end to end: {', '.join(f'{n:,}' for n in e2e_sizes)} articles ...", file=sys.stderr, flush=True)
        # a fresh process: the corpora above must not count in the pipeline's peak memory
        # (forked workers would inherit this process's heap)
        e2e = subprocess.run([sys.executable, "-m", "bench.e2e", "--sizes", ",".join(map(str, e2e_sizes))],
                             check=True, capture_output=True, text=True).stdout
        table += ("\n\n## End to end: import to comparison tables (`bench.e2e`)\n\n"
                  "Synthetic Parquet export -> `framing add` -> cleaning -> measures -> comparison "
                  "tables, two processes, run by `python -m bench.e2e` in a process of its own "
                  "(targets at 100,000 articles: under 120 s, peak memory under 2 GB).\n\n"
                  + e2e.strip() + "\n")
    discover_sizes = [int(x) for x in args.discover_sizes.split(",") if x.strip()] if not args.quick else [300]
    if discover_sizes:
        print(f"discovery: {', '.join(f'{n:,}' for n in discover_sizes)} articles ...", file=sys.stderr, flush=True)
        found = subprocess.run([sys.executable, "-m", "bench.discover_speed", "--sizes",
                                ",".join(map(str, discover_sizes)), "--single-max", str(min(discover_sizes))],
                               check=True, capture_output=True, text=True).stdout
        table += ("\n\n## Discovery (`bench.discover_speed`)\n\n"
                  "`framing discover`'s work (clean texts in, candidate tables out) on generated corpora, in two "
                  "processes, beside one process (smallest size; equal candidates checked) and the measure stage "
                  "on the same articles, all in this run (target from issue 14: seconds for hundreds of "
                  "articles, a few minutes for 100,000).\n\n" + found.strip() + "\n")
    if not args.no_small:
        print("small studies: the seed report beside a generated 50-article study ...", file=sys.stderr, flush=True)
        # its own process, after the rest, so neither run's memory counts in the other's
        small = subprocess.run([sys.executable, "-m", "bench.small"], check=True, capture_output=True,
                               text=True).stdout
        table += ("\n\n## Small studies: notebooks included (`bench.small`)\n\n"
                  "The committed seed study's `framing report` (its notebooks), and `framing run` twice on a "
                  "generated 50-article, 5-outlet, 10-event corpus (first run, then unchanged), in the same "
                  "`make bench` run; peak memory counts the notebook kernels.\n\n" + small.strip() + "\n")
    print(table)
    if args.output != "-":
        out = args.output or project_root() / "bench" / "RESULTS.md"
        atomic_write_text(out, table)
    return 0
