"""``framing run``'s own process stays lean (issue 17: peak memory of a small study).

The stages and the notebook runner must not import the figures' libraries
(only the notebook kernel draws), nor the grammar jsonschema would build for
formats nbformat never checks; Arrow allocates with malloc so the stages'
freed tables can be returned. One fresh interpreter, as ``framing run`` starts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"

PROBE = """
import json, sys
from helpers.run import stages, notebooks
from helpers.core.runtime import system_arrow_allocator
nbformat = notebooks.load_nbformat()
import nbclient
system_arrow_allocator()
import pyarrow as pa
print(json.dumps({"loaded": sorted(m for m in ("matplotlib", "scipy", "sklearn", "seaborn", "dask", "nbconvert")
                                   if m in sys.modules),
                  "rfc3987_syntax": sys.modules.get("rfc3987_syntax", "absent") is None,
                  "has_run_study": hasattr(stages, "run_study"), "pool": pa.default_memory_pool().backend_name}))
"""


def test_stages_and_notebook_runner_import_no_figure_libraries():
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}
    env.pop("ARROW_DEFAULT_MEMORY_POOL", None)
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, check=True)
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got == {"loaded": [], "rfc3987_syntax": True, "has_run_study": True, "pool": "system"}


def test_run_layer_names_load_on_first_use():
    import helpers.run as run

    assert run.read_table is run.tables.read_table  # a re-exported name resolves to its module's object
    assert "run_study" in dir(run) and "run_study" in run.__all__
    try:
        run.no_such_name
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("an unknown name must raise AttributeError")
