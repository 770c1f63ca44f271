"""Execute the numbered notebooks of a study reproducibly.

A notebook of this project:

* has a code cell tagged ``parameters`` assigning ``STUDY``, the plain
  parameters of the :class:`~helpers.core.study.Study` it runs
  (:meth:`Study.to_params`); its source is replaced with the study being run,
  and the notebook's first code cell rebuilds the one ``Study`` from it;
* has a code cell tagged ``outputs`` that assigns a literal dict
  ``OUTPUTS = {"processed": [...], "figures": [...], "notebooks": [...]}``
  naming the files it writes (relative to the study folders);
  the README's outputs table (:mod:`helpers.run.readme`) is generated from these declarations and
  :func:`check_outputs` (called in the notebook's last cell) proves them.

Executed notebooks are normalised so that re-running changes no byte:
execution timings are not recorded, cell ids are positional, and only the
kernel name and language survive in the metadata.

Executed notebooks are cached like the stages' chunks: a run that is not the
committed study records each notebook's :func:`notebook_key` (its source, the
study's parameters, the package version and code, and the fingerprint of its inputs:
the stages' state, the gold files, the study's own data folder and the files
the earlier notebooks declare as outputs) in ``PROCESSED/_notebooks.json``,
and re-executes a notebook only when that key changed or one of its declared
outputs is missing. ``framing report`` clears the processed folder first, so
the committed study is always re-executed.
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Iterable, Iterator

from ..core.errors import FramingError
from ..core.runtime import release_memory
from ..core.study import Study
from ..core.storage import atomic_write_text, is_leftover

NOTEBOOKS_FILE = "_notebooks.json"
# The project's Jupyter kernel, registered by `make venv` into .venv (sys-prefix), so a
# JupyterLab or VS Code started outside .venv still runs the notebooks with its Python.
KERNEL_NAME = "framing"
KERNEL_DISPLAY_NAME = "Python (framing)"
HASH_LIMIT = 64 * 2**20  # larger inputs are fingerprinted by size and modification time
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
NOTEBOOK_RE = re.compile(r"^\d\d-[a-z0-9-]+\.ipynb$")
EXECUTION_TIMEOUT = 1800  # seconds per cell; the 100k-article scale run needs minutes


def source_notebooks(folder: Path) -> list[Path]:
    """The numbered notebooks in ``folder`` (a study's :attr:`~Study.notebook_sources`), in order."""
    return sorted(p for p in Path(folder).glob("*.ipynb") if NOTEBOOK_RE.match(p.name))


def study_notebooks(study: Study) -> list[Path]:
    """The numbered notebooks a study runs: the validation notebook only when its gold file
    exists, the discovery notebook only when ``framing discover`` wrote candidates (the
    committed study always runs it, to show how candidates are made)."""
    has_candidates = study.candidates.is_dir() and any(study.candidates.glob("*.csv"))
    return [nb for nb in source_notebooks(study.notebook_sources)
            if ("validation" not in nb.stem or study.gold.exists())
            and ("discover" not in nb.stem or has_candidates or study.committed)]


def _cells_tagged(nb, tag: str):
    return [c for c in nb.cells if tag in c.get("metadata", {}).get("tags", [])]


def parameters_source(study: Study) -> str:
    """The source of the parameters cell that rebuilds ``study`` (paths relative to the project root)."""
    lines = [f"    {key!r}: {value!r}," for key, value in study.to_params().items()]
    return ("# parameters: the study this notebook runs (set by `framing run` and `framing report`;\n"
            "# output None = the committed study; paths relative to the project root)\n"
            "STUDY = {\n" + "\n".join(lines) + "\n}")


def load_nbformat():
    """``nbformat``, imported without ``rfc3987_syntax``.

    nbformat validates notebooks with jsonschema, whose format checkers import
    ``rfc3987_syntax`` when it is installed (an optional extra other Jupyter
    packages pull in) for the ``iri`` formats, which the notebook schema never
    uses; that import builds a Lark grammar: 2.4 s and 18 MB in ``framing
    run``'s process (issue 17). Marking it absent before jsonschema is first
    imported (``sys.modules[name] = None``, see the import system's docs) makes
    jsonschema skip those checkers; a process that imported either already
    keeps what it has.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)
    import nbformat

    return nbformat


def declared_outputs(path: str | Path) -> dict[str, list[str]]:
    """Read the literal ``OUTPUTS`` dict from the notebook's ``outputs`` cell."""
    nbformat = load_nbformat()

    nb = nbformat.read(str(path), as_version=4)
    cells = _cells_tagged(nb, "outputs")
    if len(cells) != 1:
        raise FramingError("needs exactly one code cell tagged 'outputs'", path=path,
                           fix="tag the cell that assigns OUTPUTS")
    tree = ast.parse(cells[0].source)
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "OUTPUTS" for t in node.targets):
            value = ast.literal_eval(node.value)
            return {k: list(v) for k, v in value.items()}
    raise FramingError("the 'outputs' cell assigns no literal OUTPUTS dict", path=path,
                       fix="write OUTPUTS = {'processed': [...], 'figures': [...]}")


def check_outputs(study: Study, outputs: dict[str, list[str]]) -> list[Path]:
    """Raise if a declared output is missing; return the resolved paths.

    A long table declared as ``NAME.csv`` may be published as the Parquet
    folder ``NAME/`` instead (large corpora: :func:`helpers.run.publish.wants_csv`).
    """
    found = []
    for kind, names in outputs.items():
        folder = getattr(study, kind)
        for name in names:
            target = folder / name
            if not target.exists() and name.endswith(".csv") and (folder / name[:-4]).is_dir():
                target = folder / name[:-4]
            if not target.exists():
                raise FramingError(f"declared output {kind}/{name} was not written",
                                   path=target, fix="fix the notebook or its OUTPUTS cell")
            found.append(target)
    return found


def normalise_notebook(nb) -> None:
    """Strip what changes from run to run (timings, tool metadata, random ids), in place."""
    nb.metadata = {
        "kernelspec": {"name": KERNEL_NAME, "display_name": KERNEL_DISPLAY_NAME, "language": "python"},
        "language_info": {"name": "python"},
    }
    nb.nbformat, nb.nbformat_minor = 4, 5
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:02d}"
        meta = {k: v for k, v in cell.get("metadata", {}).items()
                if k in {"tags", "jupyter"}}
        cell["metadata"] = meta
        if cell.cell_type == "code":
            cell["outputs"] = merge_adjacent_streams(cell.get("outputs", []))
            for out in cell["outputs"]:
                out.get("metadata", {}).pop("execution", None)
                if "execution_count" in out:
                    out["execution_count"] = cell.get("execution_count")


def merge_adjacent_streams(outputs: list) -> list:
    """Join consecutive stdout (or stderr) outputs into one.

    The kernel flushes its streams on a timer, so on a busy machine one
    ``print`` can arrive as two messages; merging makes the saved notebook
    independent of that timing. Streams separated by a display keep their place.
    """
    merged: list = []
    for out in outputs:
        last = merged[-1] if merged else None
        if (last is not None and out.get("output_type") == "stream" == last.get("output_type")
                and out.get("name") == last.get("name")):
            last["text"] = "".join(last["text"]) + "".join(out["text"])
        else:
            merged.append(out)
    return merged


def execution_kernel() -> str:
    """:data:`KERNEL_NAME` when it is registered in this interpreter's environment
    (``make venv``), else ``python3``, the kernel of this same interpreter: either
    way the notebooks run with the Python that runs the study."""
    spec = Path(sys.prefix) / "share" / "jupyter" / "kernels" / KERNEL_NAME / "kernel.json"
    return KERNEL_NAME if spec.is_file() else "python3"


def kernel_config(folder: str):
    """Start kernels over IPC sockets in ``folder`` (POSIX): a local kernel needs no
    TCP port, and ipykernel warns on stderr about unencrypted TCP otherwise."""
    from traitlets.config import Config

    if os.name != "posix":
        return Config()
    return Config({"KernelManager": {"transport": "ipc", "ip": os.path.join(folder, "kernel")}})


# Run in the kernel, unrecorded, before each notebook: a notebook sees what a fresh
# kernel shows it (empty namespace, execution count 1, no open figure, the rc and
# pandas display options the kernel started with); modules stay imported.
FRESH_STATE = "from helpers.run.kernel_state import fresh_state as _fresh; _fresh(get_ipython())"
# Run once when the kernel starts: record its starting state, then import what the
# notebooks import (imports only: no setting changes, nothing displayed).
WARM_UP = (FRESH_STATE + "\nimport seaborn, helpers.present, helpers.compare, helpers.run.stages, "
           "helpers.run.tables, helpers.run.view, helpers.run.labels")


class SharedKernel:
    """One kernel for the notebooks of a run, reset between notebooks.

    Starting a kernel and importing pandas, matplotlib, seaborn and the package
    is about 5 s of CPU per notebook, as much as the notebooks' own work on a
    small study (bench.small: 50 articles, three notebooks); one kernel pays it
    once. Between notebooks the kernel is reset (:data:`FRESH_STATE`,
    :func:`helpers.run.kernel_state.fresh_state`), so a notebook's output does
    not depend on the one before it (the notebook cache re-executes notebooks
    singly, in a fresh kernel, and must get the same bytes). Use as a context
    manager; the kernel is shut down on exit, also after a failure.
    """

    def __init__(self, folder: Path, study: Study, timeout: int = EXECUTION_TIMEOUT) -> None:
        self.folder, self.study, self.timeout = Path(folder), study, timeout
        self.km = self.kc = self._warm_up = None
        self._stack = contextlib.ExitStack()

    def __enter__(self) -> "SharedKernel":
        self.sockets = self._stack.enter_context(tempfile.TemporaryDirectory(prefix="framing-kernel-"))
        self.folder.mkdir(parents=True, exist_ok=True)
        return self

    def _kernel_env(self) -> dict[str, str]:
        """The kernel's environment: this process's, plus the study's root and the settings
        that make its output reproducible (given to the kernel only, so the caller's own
        progress bars and backend are untouched while a kernel from :meth:`launch` waits)."""
        return {**os.environ, "FRAMING_ROOT": str(self.study.root), "PYTHONHASHSEED": "0",
                "MPLBACKEND": "module://matplotlib_inline.backend_inline", "TQDM_DISABLE": "1"}

    def _notebook_client(self, nb):
        from nbclient import NotebookClient

        return NotebookClient(nb, timeout=self.timeout, kernel_name=execution_kernel(), record_timing=False,
                              resources={"metadata": {"path": str(self.folder)}},
                              config=kernel_config(self.sockets), km=self.km)

    def launch(self) -> "SharedKernel":
        """Start the kernel and have it import what the notebooks use (:data:`WARM_UP`),
        without waiting for either: the caller goes on (``framing run``: the stages)
        while the kernel starts on the other core. Starting a kernel and those imports
        were about 4 s of each first run's notebooks time (bench.small). The warm-up
        records the kernel's starting state first, so the first notebook is then reset
        to it like every later one. Idempotent; :meth:`client` calls it if nobody did."""
        if self.km is None:
            client = self._notebook_client(load_nbformat().v4.new_notebook())
            self.km = client.km = client.create_kernel_manager()
            client.start_new_kernel(cwd=str(self.folder), env=self._kernel_env())
            self.kc = self.km.client()
            self.kc.start_channels()
            self._warm_up = self.kc.execute(WARM_UP, silent=True, store_history=False)
        return self

    def client(self, nb):
        """A client that runs ``nb`` in this kernel (started by the first one)."""
        from jupyter_client.utils import run_sync

        self.launch()
        client = self._notebook_client(nb)
        client.kc = self.kc
        client.owns_km = False  # the kernel outlives this notebook: __exit__ shuts it down
        if self._warm_up is not None:  # its reply first: waiting for "ready" would drop it
            self._check(client, client.wait_for_reply(self._warm_up), "started")
            self._warm_up = None
            run_sync(self.kc.wait_for_ready)(timeout=client.startup_timeout)  # IOPub connected
            self.kc.allow_stdin = False
        reply = client.wait_for_reply(self.kc.execute(FRESH_STATE, silent=True, store_history=False))
        self._check(client, reply, "reset")
        return client

    @staticmethod
    def _check(client, reply, what: str) -> None:
        content = reply["content"] if reply is not None else {}
        if content.get("status") != "ok":
            why = f"{content.get('ename', 'no reply')}: {content.get('evalue', '')}".strip(": ")
            raise FramingError(f"the notebook kernel could not be {what} ({why})",
                               fix="check that the kernel's Python imports this package (`make venv`)")

    def __exit__(self, *exc) -> None:
        from jupyter_client.utils import run_sync

        try:
            if self.kc is not None:
                self.kc.stop_channels()
            if self.km is not None:
                run_sync(self.km.shutdown_kernel)(now=True)
        finally:
            self._stack.close()


def execute_notebook(source: str | Path, target: str | Path, study: Study, *,
                     timeout: int = EXECUTION_TIMEOUT, kernel: SharedKernel | None = None) -> Path:
    """Execute ``source`` with the parameters of ``study``, write the normalised result to ``target``.

    The kernel runs in ``target``'s folder with ``FRAMING_ROOT`` pointing at the
    project root, so helpers resolve every path from the root. ``kernel``: a
    :class:`SharedKernel` to run in (its folder must be ``target``'s); without
    one the notebook gets a kernel of its own.
    """
    nbformat = load_nbformat()
    from nbclient.exceptions import CellExecutionError

    source, target = Path(source), Path(target)
    nb = nbformat.read(str(source), as_version=4)
    params = _cells_tagged(nb, "parameters")
    if len(params) != 1:
        raise FramingError("needs exactly one code cell tagged 'parameters'", path=source,
                           fix="tag the cell that sets STUDY")
    params[0].source = parameters_source(study)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with contextlib.ExitStack() as stack:
            if kernel is None:
                kernel = stack.enter_context(SharedKernel(target.parent, study, timeout))
            kernel.client(nb).execute()
    except CellExecutionError as exc:
        # Keep the failing notebook for inspection, beside the target.
        failed = target.with_suffix(".failed.ipynb")
        normalise_notebook(nb)
        atomic_write_text(failed, nbformat.writes(nb) + "\n")
        # the kernel's traceback carries terminal colour codes; the one-line error is plain text
        message = ANSI_ESCAPE.sub("", str(exc)).strip()
        first = message.splitlines()[-1] if message else "cell failed"
        # name the study's output (what the user opens), not the source notebook
        raise FramingError(f"notebook {source.name} failed: {first}", path=target,
                           fix=f"see {failed} for the traceback") from exc
    normalise_notebook(nb)
    atomic_write_text(target, nbformat.writes(nb) + "\n")
    target.with_suffix(".failed.ipynb").unlink(missing_ok=True)  # a stale failure must not outlive a success
    return target


def _file_parts(path: Path, root: Path) -> list[str]:
    """(relative name, content hash) of a file, or of every file under a folder; a file
    over :data:`HASH_LIMIT` counts by size and modification time (tables are rewritten
    only when their bytes change, so an unchanged table keeps its time)."""
    # temporary files of a killed write are not inputs (they would change the key for nothing)
    files = sorted(p for p in path.rglob("*") if p.is_file() and not is_leftover(p)) if path.is_dir() else [path]
    parts = []
    for f in files:
        name = f.relative_to(root).as_posix() if root in f.parents else f.name
        st = f.stat()
        if st.st_size > HASH_LIMIT:
            parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
        else:
            parts.append(f"{name}:{hashlib.sha256(f.read_bytes()).hexdigest()}")
    return parts


def notebook_key(study: Study, source: Path, inputs: Iterable[Path] = ()) -> str:
    """What an executed notebook depends on, as one sha256: the notebook source, the
    study's parameters, the package version and code (:func:`code_fingerprint` of the
    whole package, so an in-place code edit re-executes), the stages' state (``_stages.json``:
    raw hashes, rules, lexicons, cues), the gold and gold-map files, the study's own
    folder (``data/studies/NAME``) and ``inputs`` (files the earlier notebooks wrote)."""
    from .. import __version__
    from .chunks import code_fingerprint

    h = hashlib.sha256()
    parts = [__version__, code_fingerprint(), hashlib.sha256(Path(source).read_bytes()).hexdigest(), parameters_source(study)]
    for path in [study.processed / "_stages.json", study.gold, study.gold_map, study.study_dir, *inputs]:
        parts += _file_parts(Path(path), study.root) if Path(path).exists() else [f"{path}:absent"]
    for part in parts:
        b = part.encode("utf-8")
        h.update(len(b).to_bytes(8, "little") + b)
    return h.hexdigest()


def read_notebook_state(study: Study) -> dict[str, str]:
    """``PROCESSED/_notebooks.json``: notebook name -> the key it was executed with."""
    try:
        state = json.loads((study.processed / NOTEBOOKS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def _outputs_exist(study: Study, outputs: dict[str, list[str]]) -> bool:
    try:
        check_outputs(study, outputs)
    except FramingError:
        return False
    return True


def notebooks_pending(study: Study, notebooks: Iterable[Path] | None = None) -> bool:
    """Whether :func:`run_notebooks` will surely execute a notebook, known before the
    stages run: the committed study (always re-executed) or a run that never
    executed one of them (no key recorded). Otherwise only the keys decide."""
    if study.committed:
        return True
    state = read_notebook_state(study)
    sources = list(notebooks) if notebooks is not None else study_notebooks(study)
    return any(src.name not in state for src in sources)


@contextlib.contextmanager
def early_kernel(study: Study, notebooks: Iterable[Path] | None = None) -> Iterator["SharedKernel | None"]:
    """A :class:`SharedKernel` launched now (:meth:`SharedKernel.launch`) when
    :func:`notebooks_pending`, else None; shut down when the block ends. ``framing run``
    runs the stages inside it and passes it to :func:`run_notebooks`, so the kernel's
    start and imports overlap the stages instead of following them. A run whose
    notebooks may be cached launches none (an unchanged rerun starts no kernel)."""
    if not notebooks_pending(study, notebooks):
        yield None
        return
    with SharedKernel(study.notebooks, study) as kernel:
        yield kernel.launch()


def run_notebooks(study: Study, *, notebooks: Iterable[Path] | None = None,
                  progress: bool = False, cache: bool | None = None,
                  kernel: SharedKernel | None = None) -> list[Path]:
    """Execute the study's numbered notebooks in order (default :func:`study_notebooks`),
    in one :class:`SharedKernel` reset between notebooks.

    The committed study is executed in place; any other run writes its
    executed notebooks into its output folder. ``cache`` (default: every
    study but the committed one) skips a notebook whose :func:`notebook_key`
    is the one recorded when it was last executed and whose executed copy and
    declared outputs all exist. ``kernel``: a kernel to run in (:func:`early_kernel`;
    the caller shuts it down), else one is started when the first notebook runs.
    Returns the executed notebooks' paths, skipped ones included.
    """
    sources = list(notebooks) if notebooks is not None else study_notebooks(study)
    use_cache = (not study.committed) if cache is None else cache
    state = read_notebook_state(study) if use_cache else {}
    written, inputs = [], []
    iterator = sources
    if progress:
        from tqdm import tqdm
        # progress is status, not a warning: stdout, so `make report` leaves stderr for problems
        iterator = tqdm(sources, desc="notebooks", unit="nb", file=sys.stdout)
    with contextlib.ExitStack() as stack:
        released = False  # else started by the first notebook that runs: a cached run starts none
        for src in iterator:
            target = study.notebooks / src.name
            outputs = declared_outputs(src)
            key = notebook_key(study, src, inputs) if use_cache else ""
            if not (use_cache and state.get(src.name) == key and target.exists()
                    and _outputs_exist(study, outputs)):
                state.pop(src.name, None)
                if use_cache:
                    _write_state(study, state)
                if not released:
                    release_memory()  # the stages' freed tables, before the notebooks add their own
                    released = True
                if kernel is None:
                    kernel = stack.enter_context(SharedKernel(study.notebooks, study))
                execute_notebook(src, target, study, kernel=kernel)
                if use_cache:
                    state[src.name] = notebook_key(study, src, inputs)
                    _write_state(study, state)
            written.append(target)
            inputs += check_outputs(study, outputs) if use_cache else []
    return written


def _write_state(study: Study, state: dict[str, str]) -> None:
    atomic_write_text(study.processed / NOTEBOOKS_FILE, json.dumps(state, indent=1, sort_keys=True) + "\n")


def clear_study_outputs(study: Study) -> None:
    """Remove the processed tables and figures of a study before it is re-executed,
    so no notebook can silently read a stale intermediate file."""
    if study.processed.exists():
        shutil.rmtree(study.processed)
    if study.figures.exists():
        for f in study.figures.iterdir():
            if f.suffix in {".png", ".svg", ".csv"}:
                f.unlink()
