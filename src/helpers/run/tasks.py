"""Running per-chunk tasks: here, in a process pool, or through a runner (Dask).

Per-chunk work is a top-level function taking and returning small dicts, so it
runs the same in this process, in a ``multiprocessing`` pool, or on Dask
workers (:mod:`helpers.run.cluster`); only small totals travel back.
"""

from __future__ import annotations

import os
from typing import Callable

Runner = Callable[[Callable[[dict], dict], list[dict], str], list[dict]]


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def progress_bar(total: int, desc: str, progress: bool, unit: str = "chunk"):
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit=unit, disable=not progress, leave=True)


def single_threaded_worker() -> None:
    """Initialise a worker process: one thread for Arrow's conversions and I/O, and for BLAS.

    The pool already has one process per core; pyarrow would otherwise start a
    thread pool per process (and per ``to_parquet`` call) sized to all cores,
    and the threads of the two workers would compete for the same cores.
    """
    import pyarrow as pa
    from threadpoolctl import threadpool_limits

    pa.set_cpu_count(1)
    pa.set_io_thread_count(1)
    threadpool_limits(1)  # BLAS too (the bootstrap's matrix products)


def run_tasks(func: Callable[[dict], dict], tasks: list[dict], desc: str, *,
              processes: int | None = None, progress: bool = False) -> list[dict]:
    """Run ``func`` over ``tasks`` here (one task or ``processes=1``) or in a process pool.

    Workers are forked where the platform allows (fast start, and no need for
    an ``if __name__ == "__main__"`` guard in the calling script), else
    spawned; they return only the small dicts the chunk functions return.
    """
    if not tasks:
        return []
    n = processes if processes is not None else min(2, available_cpus())
    n = max(1, min(n, len(tasks)))
    bar = progress_bar(len(tasks), desc, progress)
    results = []
    try:
        if n == 1:
            for t in tasks:
                results.append(func(t))
                bar.update(1)
        else:
            import multiprocessing as mp
            from concurrent.futures import ProcessPoolExecutor

            method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
            with ProcessPoolExecutor(max_workers=n, mp_context=mp.get_context(method),
                                     initializer=single_threaded_worker) as pool:
                for r in pool.map(func, tasks):
                    results.append(r)
                    bar.update(1)
    finally:
        bar.close()
    return results
