"""End-to-end figures: a batch Parquet file of synthetic articles to the comparison tables.

For each size N: ``helpers.corpus.synthetic.generate_corpus(N)`` is written as one
Parquet batch (setup, not timed); then, timed stage by stage in a fresh
temporary project:

1. import: ``framing add BATCH.parquet`` in its own process (every row
   validated, the batch stored as one raw shard, the manifest);
2. cleaning and measures (``helpers.run.stages.run_study(compare=False)``):
   each chunk cleaned (reading and hash-checking its raw articles) and
   measured in one task, on ``processes`` processes (each writes its own
   chunk files and returns only totals), then the tables published (CSV up
   to 20,000 articles, Parquet folders above: ``helpers.run.publish.wants_csv``);
3. comparison: category rates by outlet and by event and outlet with
   bootstrap intervals (``helpers.run.stages.compare_stage``);
4. cached rerun: the same again with nothing changed (must skip everything
   but the hash check of every raw article).

Peak memory is the largest sum of resident set sizes (RSS) over this process
and all its descendants, sampled every 0.1 s from /proc (Linux), so the
worker processes count; RSS counts pages that forked workers share with the
parent once per process, so the proportional set size (PSS, shared pages
divided among their sharers) is reported beside it.

``run_e2e(sizes)`` returns one dict per size; ``format_table`` renders them.
``python -m bench.e2e --sizes 1000,100000`` prints the table.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from helpers.run import stages
from helpers.core.study import Study, project_root

TARGET_SECONDS_100K = 120.0
TARGET_PEAK_MB = 2048.0
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _pss_bytes(pid: int) -> int | None:
    """Proportional set size (shared pages divided among their sharers), or None."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        return None
    return None


def _tree_pids(root_pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    try:
        pids = [int(p) for p in os.listdir("/proc") if p.isdigit()]
    except OSError:
        return [root_pid]
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", "rb") as fh:
                stat = fh.read()
            children.setdefault(int(stat[stat.rindex(b")") + 2:].split()[1]), []).append(pid)
        except (OSError, ValueError, IndexError):
            continue
    out, todo = [], [root_pid]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out


def _tree_pss_bytes(root_pid: int) -> int:
    """PSS of the process tree: memory it really uses (forked workers share pages)."""
    return sum(_pss_bytes(pid) or 0 for pid in _tree_pids(root_pid))


def _tree_rss_bytes(root_pid: int) -> int:
    """Resident bytes of ``root_pid`` and all its descendants (0 where /proc is unavailable).

    Pages shared by forked workers count once per process, so this over-states
    what the tree uses; :func:`_tree_pss_bytes` divides them fairly."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    try:
        pids = [int(p) for p in os.listdir("/proc") if p.isdigit()]
    except OSError:
        return 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", "rb") as fh:
                stat = fh.read()
            # fields after the command name (which may contain spaces) start after ')'
            fields = stat[stat.rindex(b")") + 2:].split()
            children.setdefault(int(fields[1]), []).append(pid)
            rss[pid] = int(fields[21]) * _PAGE
        except (OSError, ValueError, IndexError):
            continue
    total, todo = 0, [root_pid]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total


class PeakRSS:
    """Sample the process tree's resident memory in a thread; ``peak_mb`` after exit."""

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self.peak = 0
        self.peak_pss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        pid = os.getpid()
        while not self._stop.is_set():
            self.peak = max(self.peak, _tree_rss_bytes(pid))
            self.peak_pss = max(self.peak_pss, _tree_pss_bytes(pid))
            self._stop.wait(self.interval)

    def __enter__(self) -> "PeakRSS":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _tree_rss_bytes(os.getpid()))

    @property
    def peak_mb(self) -> float:
        return self.peak / 2**20

    @property
    def peak_pss_mb(self) -> float:
        return self.peak_pss / 2**20


def _project(tmp: Path) -> None:
    src = project_root()
    for name in ("lexicons", "rules", "attribution"):
        shutil.copytree(src / "data" / name, tmp / "data" / name)


def run_e2e(sizes: list[int], *, processes: int = 2, chunk_size: int | None = None,
            seed: int = 0, outlets: int = 5, events: int = 10, notebooks: bool = False,
            keep: str | Path | None = None) -> list[dict]:
    """Time import -> comparison tables for each size; one dict of figures per size.

    ``notebooks=True`` also executes the numbered notebooks on the result and
    records each one's wall time. ``keep``: a folder to keep the last project in.
    """
    rows = []
    for n in sizes:
        tmp = Path(tempfile.mkdtemp(prefix=f"framing-e2e-{n}-"))
        try:
            _project(tmp)
            batch = tmp / "batch.parquet"
            # generated in a child process, so the corpus never sits in this process's heap
            subprocess.run([sys.executable, "-c",
                            "import sys; from helpers.corpus.synthetic import generate_corpus, write_parquet; "
                            f"write_parquet(generate_corpus({n}, seed={seed}, outlets={outlets}, "
                            f"events={events}), sys.argv[1])", str(batch)], check=True)
            study = Study.open("e2e", tmp / "reports" / "e2e", root=tmp)
            times: dict[str, float] = {}
            with PeakRSS() as mem:
                # `framing add` is its own command, so it runs as its own process (as for a user)
                t = time.perf_counter()
                subprocess.run([sys.executable, "-m", "helpers.cli", "add", str(batch), "--corpus", "e2e",
                                "--root", str(tmp)], check=True, stdout=subprocess.DEVNULL)
                times["import_s"] = time.perf_counter() - t
                t = time.perf_counter()
                clean, _ = stages.run_study(study, size=chunk_size, processes=processes, compare=False)
                times["clean_measure_s"] = time.perf_counter() - t
                t = time.perf_counter()
                stages.compare_stage(study)
                times["compare_s"] = time.perf_counter() - t
            t = time.perf_counter()
            again = stages.run_study(study, processes=processes)
            times["cached_rerun_s"] = time.perf_counter() - t
            total = sum(v for k, v in times.items() if k != "cached_rerun_s")
            hits = study.processed / "hits.csv"  # a Parquet folder above the CSV size limit
            hits_files = [hits] if hits.exists() else list((study.processed / "hits").glob("*.parquet"))
            hits_mb = sum(f.stat().st_size for f in hits_files) / 2**20
            row = {"articles": n, "chunks": clean.chunks, "processes": processes, **times,
                   "total_s": total, "articles_per_s": n / total if total else float("nan"),
                   "peak_rss_mb": mem.peak_mb, "peak_pss_mb": mem.peak_pss_mb, "hits_csv_mb": hits_mb,
                   "rerun_skipped": all(r.skipped for r in again)}
            if notebooks:
                row.update(_time_notebooks(study))
            rows.append(row)
        finally:
            if keep:
                dest = Path(keep)
                shutil.rmtree(dest, ignore_errors=True)
                shutil.copytree(tmp, dest, ignore=shutil.ignore_patterns("raw", "batch.parquet"))
            shutil.rmtree(tmp, ignore_errors=True)
    return rows


def _time_notebooks(study: Study) -> dict[str, float]:
    from helpers.run.notebooks import execute_notebook, source_notebooks

    out = {}
    for nb in source_notebooks(project_root() / "notebooks"):
        if "validation" in nb.stem:
            continue
        t = time.perf_counter()
        try:
            execute_notebook(nb, study.notebooks / nb.name, study)
        except Exception as exc:  # a notebook that fails at this size is a result, not a crash
            out[f"nb_{nb.stem}_error"] = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        out[f"nb_{nb.stem}_s"] = time.perf_counter() - t
    return out


def format_table(rows: list[dict]) -> str:
    """Markdown table of :func:`run_e2e` results, with the 100k targets checked."""
    head = ("| articles | chunks | procs | import s | cleaning + measures s | "
            "comparison s | total s | articles/s | peak RSS MB | peak PSS MB | cached rerun s |")
    lines = [head, "|" + "---:|" * (head.count("|") - 1)]
    for r in rows:
        lines.append(f"| {r['articles']:,} | {r['chunks']} | {r['processes']} | {r['import_s']:.1f} | "
                     f"{r['clean_measure_s']:.1f} | "
                     f"{r['compare_s']:.1f} | {r['total_s']:.1f} | {r['articles_per_s']:,.0f} | "
                     f"{r['peak_rss_mb']:,.0f} | {r['peak_pss_mb']:,.0f} | {r['cached_rerun_s']:.1f} |")
    for r in rows:
        nbs = {k[3:-2]: v for k, v in r.items() if k.startswith("nb_") and k.endswith("_s")}
        if nbs:
            lines.append("")
            lines.append(f"Notebooks on {r['articles']:,} articles: " + ", ".join(
                f"{k} {v:.0f} s" + (f" (FAILED: {r[f'nb_{k}_error']})" if f"nb_{k}_error" in r else "")
                for k, v in nbs.items()))
    big = [r for r in rows if r["articles"] >= 100_000]
    for r in big:
        ok_t = r["total_s"] <= TARGET_SECONDS_100K
        ok_m = r["peak_rss_mb"] <= TARGET_PEAK_MB
        lines.append("")
        lines.append(f"Target at {r['articles']:,} articles: total <= {TARGET_SECONDS_100K:.0f} s "
                     f"({'met' if ok_t else 'NOT met'}: {r['total_s']:.0f} s), peak RSS <= "
                     f"{TARGET_PEAK_MB:.0f} MB ({'met' if ok_m else 'NOT met'}: {r['peak_rss_mb']:.0f} MB).")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.e2e", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="comma-separated corpus sizes (default 1000,10000,100000)")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--chunk-size", type=int, default=None)
    parser.add_argument("--notebooks", action="store_true", help="also time the notebooks (largest size)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    rows = run_e2e(sizes[:-1], processes=args.processes, chunk_size=args.chunk_size)
    rows += run_e2e(sizes[-1:], processes=args.processes, chunk_size=args.chunk_size,
                    notebooks=args.notebooks)
    print(format_table(rows))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
