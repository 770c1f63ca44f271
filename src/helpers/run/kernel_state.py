"""What a notebook kernel is reset to between the notebooks of one run.

Runs inside the kernel (:data:`helpers.run.notebooks.FRESH_STATE`). The first
call records the state the kernel started with; every later call empties the
user namespace (a new session: execution count 1, no ``Out`` history), closes
figures and puts back matplotlib's rc settings and pandas' display options,
the two global settings the notebooks change (``present.apply_style``,
``pd.set_option``). Imported modules stay, which is the point: importing them
is most of a kernel's start-up time.

After each reset what is left (the imported modules, their caches) is moved
out of the cyclic collector's sight (``gc.freeze``): every figure a notebook
shows is followed by a full collection (:func:`helpers.present.show_figure`,
to return a closed figure's memory), which otherwise walks those ~300,000
long-lived objects each time, about 0.2 s per figure (bench.small study, ten
figures). Frozen objects are still freed by reference counting; only cycles
among them would wait, and modules do not die.
"""

from __future__ import annotations

import gc

from ..core.runtime import release_memory

_STARTED: dict | None = None


def fresh_state(shell) -> None:
    """Record the kernel's starting state (first call), else return to it."""
    global _STARTED
    import matplotlib as mpl
    import matplotlib.pyplot as plt
    import pandas as pd

    if _STARTED is None:
        # the backend stays as the kernel resolved it (the inline backend sets no rc of its own)
        _STARTED = {"rc": {k: v for k, v in mpl.rcParams.items() if k != "backend"}}
    else:
        shell.reset(new_session=True)
        plt.close("all")
        mpl.rcParams.update(_STARTED["rc"])
        pd.reset_option("display")
    release_memory()  # what the last notebook freed goes back to the system
    gc.freeze()  # what survived is long-lived: later collections skip it
