"""Run the per-article stages (cleaning, measures) on a Dask cluster.

The chunk functions of :mod:`helpers.run.work` read their inputs from the
data folder and write their own output files (Parquet and CSV parts under
``PROCESSED/_chunks/``); only a small dict of totals travels back to the
client. Reducing on the workers this way is what makes a cluster pay off:
sending every chunk's tables back to the client was measured about 3x slower
than one local process (issue #5).

Workers need the package installed (same version) and read/write access to
the project folder at the same path as the client (a shared filesystem).
"""

from __future__ import annotations

import contextlib
import os
from typing import Callable, Iterator

from ..core.errors import FramingError
from .tasks import die_with_parent, single_threaded_worker

LOCAL = "local"
_SCHEMES = ("tcp://", "tls://", "ucx://", "inproc://")


def check_address(address: str) -> str:
    """``'local'`` or a scheduler address with a Dask protocol prefix."""
    if address != LOCAL and not address.startswith(_SCHEMES):
        raise FramingError(f"scheduler {address!r} is not an address",
                           fix="use --scheduler tcp://HOST:PORT or --scheduler local")
    return address


def connect(address: str, n_workers: int):
    """(client, cluster or None): a LocalCluster for ``'local'``, else the scheduler at ``address``."""
    from distributed import Client, LocalCluster

    if check_address(address) == LOCAL:
        cluster = LocalCluster(n_workers=n_workers, processes=True, threads_per_worker=1,
                               dashboard_address=None)
        client = Client(cluster)
        # the worker processes are this process's children: they die with it however it ends.
        # distributed already ends them when a pipe from the parent closes (a thread in each
        # worker); the kernel's parent-death signal also works when that thread cannot run.
        # Never for a remote scheduler: its workers belong to whoever started them.
        client.run(die_with_parent, os.getpid())
        return client, cluster
    try:
        return Client(address, timeout="20s"), None
    except (OSError, TimeoutError) as exc:
        raise FramingError(f"cannot reach the Dask scheduler {address} ({type(exc).__name__})",
                           fix="start it with `dask scheduler` and workers with `dask worker ADDRESS`") from exc


def bag_runner(client, progress: bool = False) -> Callable:
    """A pipeline runner: ``runner(func, tasks, desc) -> list[dict]`` on ``client``.

    One dask.bag partition per chunk task; each partition runs ``func`` on the
    worker, which writes the chunk's files and returns its totals. Workers
    get one Arrow thread each (:func:`helpers.run.tasks.single_threaded_worker`).
    """
    client.run(single_threaded_worker)

    def run(func: Callable[[dict], dict], tasks: list[dict], desc: str) -> list[dict]:
        import dask.bag as db
        from distributed import as_completed
        from tqdm import tqdm

        if not tasks:
            return []
        bag = db.from_sequence(tasks, npartitions=len(tasks)).map(func)
        futures = client.compute(bag.to_delayed())
        results = []
        with tqdm(total=len(futures), desc=f"{desc} (dask)", unit="chunk",
                  disable=not progress) as bar:
            for fut in as_completed(futures):
                results.extend(fut.result())
                bar.update(1)
        return results

    return run


@contextlib.contextmanager
def dask_client(address: str, n_workers: int = 2) -> Iterator:
    """A ``distributed.Client`` for ``address`` (``'local'`` starts a LocalCluster), closed on exit."""
    client, cluster = connect(address, n_workers)
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


@contextlib.contextmanager
def dask_runner(address: str, n_workers: int = 2, progress: bool = False) -> Iterator[Callable]:
    """A pipeline runner on the scheduler at ``address`` (see :func:`bag_runner`).

    Connects (or starts the LocalCluster) only when a stage has chunks to
    compute, so an up-to-date study never waits for a cluster.
    """
    check_address(address)
    stack = contextlib.ExitStack()
    state: dict[str, Callable] = {}

    def run(func: Callable[[dict], dict], tasks: list[dict], desc: str) -> list[dict]:
        if not tasks:
            return []
        if "runner" not in state:
            state["runner"] = bag_runner(stack.enter_context(dask_client(address, n_workers)), progress)
        return state["runner"](func, tasks, desc)

    with stack:
        yield run
