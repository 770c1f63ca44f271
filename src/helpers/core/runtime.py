"""Process-level settings the heavy passes share."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block.

    Ingesting and measuring allocate millions of small, acyclic objects
    (tuples, strings), which trigger collections that scan the whole heap
    again and again; pausing it measured ~15% faster per chunk. Reference
    counting still frees everything; cycles wait until the block ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
