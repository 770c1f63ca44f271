"""Running per-chunk tasks: here, in a process pool, or through a runner (Dask).

Per-chunk work is a top-level function taking and returning small dicts, so it
runs the same in this process, in a ``multiprocessing`` pool, or on Dask
workers (:mod:`helpers.run.cluster`); only small totals travel back.
"""

from __future__ import annotations

import os
from typing import Callable, Iterator

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


def die_with_parent(parent_pid: int) -> None:
    """Make this (worker) process end when ``parent_pid`` ends, however it ends.

    Killing ``framing run`` (SIGKILL, SIGTERM) used to leave its pool workers
    running for minutes, holding hundreds of MB. On Linux the kernel is asked
    to SIGKILL this process when its parent dies (``prctl(PR_SET_PDEATHSIG)``,
    see prctl(2)); elsewhere, and as a fallback if the call fails, a daemon
    thread polls the parent pid once a second. Either way, a parent already
    gone before this ran is caught by comparing ``getppid()``.
    """
    import ctypes
    import signal
    import sys
    import threading

    armed = False
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            armed = libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
        except (OSError, AttributeError):  # pragma: no cover - no prctl in this libc
            armed = False
    if os.getppid() != parent_pid:
        os._exit(1)
    if not armed:  # pragma: no cover - exercised on non-Linux platforms
        def watch() -> None:
            import time
            while os.getppid() == parent_pid:
                time.sleep(1.0)
            os._exit(1)
        threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def pool_worker(parent_pid: int) -> None:
    """Initialise a pool worker: die with the parent, leave signals to the parent
    (Ctrl-C reaches the whole process group; the parent alone stops the work, so
    no worker prints a traceback), one thread each (:func:`single_threaded_worker`)."""
    import signal

    die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the parent's handler (cli) is not the worker's
    single_threaded_worker()


def run_tasks(func: Callable[[dict], dict], tasks: list[dict], desc: str, *,
              processes: int | None = None, progress: bool = False) -> list[dict]:
    """Run ``func`` over ``tasks`` here (one task or ``processes=1``) or in a process pool.

    Workers are forked where the platform allows (fast start, and no need for
    an ``if __name__ == "__main__"`` guard in the calling script), else
    spawned; they return only the small dicts the chunk functions return.
    They die with this process (:func:`pool_worker`); on any exception here,
    Ctrl-C included, they are terminated at once rather than left to finish.
    Each chunk's folder is written atomically, so a stopped run resumes.
    """
    return list(iter_tasks(func, tasks, desc, processes=processes, progress=progress))


def iter_tasks(func: Callable[[dict], dict], tasks: list[dict], desc: str, *,
               processes: int | None = None, progress: bool = False) -> Iterator[dict]:
    """:func:`run_tasks` as a generator: each result, in task order, as soon as it is done, so
    a caller can add the results up as they come instead of holding them all (discovery)."""
    if not tasks:
        return
    n = processes if processes is not None else min(2, available_cpus())
    n = max(1, min(n, len(tasks)))
    bar = progress_bar(len(tasks), desc, progress)
    try:
        if n == 1:
            for t in tasks:
                yield func(t)
                bar.update(1)
        else:
            import multiprocessing as mp

            method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
            pool = mp.get_context(method).Pool(n, initializer=pool_worker, initargs=(os.getpid(),))
            try:
                for r in pool.imap(func, tasks, chunksize=1):
                    yield r
                    bar.update(1)
                pool.close()
            except BaseException:  # GeneratorExit too: a caller that stops early ends the workers
                pool.terminate()
                raise
            finally:
                pool.join()
    finally:
        bar.close()
