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
"""

from __future__ import annotations

import ast
import contextlib
import os
import re
import shutil
from pathlib import Path
from typing import Iterable, Iterator

from ..core.errors import FramingError
from ..core.study import Study
from ..core.storage import atomic_write_text

NOTEBOOK_RE = re.compile(r"^\d\d-[a-z0-9-]+\.ipynb$")
EXECUTION_TIMEOUT = 1800  # seconds per cell; the 100k-article scale run needs minutes


def source_notebooks(folder: Path) -> list[Path]:
    """The numbered notebooks in ``folder`` (a study's :attr:`~Study.notebook_sources`), in order."""
    return sorted(p for p in Path(folder).glob("*.ipynb") if NOTEBOOK_RE.match(p.name))


def study_notebooks(study: Study) -> list[Path]:
    """The numbered notebooks a study runs; the validation notebook only when its gold file exists."""
    return [nb for nb in source_notebooks(study.notebook_sources)
            if "validation" not in nb.stem or study.gold.exists()]


def _cells_tagged(nb, tag: str):
    return [c for c in nb.cells if tag in c.get("metadata", {}).get("tags", [])]


def parameters_source(study: Study) -> str:
    """The source of the parameters cell that rebuilds ``study`` (paths relative to the project root)."""
    lines = [f"    {key!r}: {value!r}," for key, value in study.to_params().items()]
    return ("# parameters: the study this notebook runs (set by `framing run` and `framing report`;\n"
            "# output None = the committed study; paths relative to the project root)\n"
            "STUDY = {\n" + "\n".join(lines) + "\n}")


def declared_outputs(path: str | Path) -> dict[str, list[str]]:
    """Read the literal ``OUTPUTS`` dict from the notebook's ``outputs`` cell."""
    import nbformat

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
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
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


def _set_environment(values: dict[str, str | None]) -> None:
    for k, v in values.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@contextlib.contextmanager
def _environment(**values: str | None) -> Iterator[None]:
    """Set environment variables (None removes one) for the block, then restore them."""
    old = {k: os.environ.get(k) for k in values}
    try:
        _set_environment(values)
        yield
    finally:
        _set_environment(old)


def execute_notebook(source: str | Path, target: str | Path, study: Study, *,
                     timeout: int = EXECUTION_TIMEOUT) -> Path:
    """Execute ``source`` with the parameters of ``study``, write the normalised result to ``target``.

    The kernel runs in ``target``'s folder with ``FRAMING_ROOT`` pointing at the
    project root, so helpers resolve every path from the root.
    """
    import nbformat
    from nbclient import NotebookClient
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
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(target.parent)}})
    env = {"FRAMING_ROOT": str(study.root), "PYTHONHASHSEED": "0",
           "MPLBACKEND": "module://matplotlib_inline.backend_inline",
           "TQDM_DISABLE": "1"}
    try:
        with _environment(**env):
            client.execute()
    except CellExecutionError as exc:
        # Keep the failing notebook for inspection, beside the target.
        failed = target.with_suffix(".failed.ipynb")
        normalise_notebook(nb)
        atomic_write_text(failed, nbformat.writes(nb) + "\n")
        first = str(exc).strip().splitlines()[-1] if str(exc).strip() else "cell failed"
        # name the study's output (what the user opens), not the source notebook
        raise FramingError(f"notebook {source.name} failed: {first}", path=target,
                           fix=f"see {failed} for the traceback") from exc
    normalise_notebook(nb)
    atomic_write_text(target, nbformat.writes(nb) + "\n")
    target.with_suffix(".failed.ipynb").unlink(missing_ok=True)  # a stale failure must not outlive a success
    return target


def run_notebooks(study: Study, *, notebooks: Iterable[Path] | None = None,
                  progress: bool = False) -> list[Path]:
    """Execute the study's numbered notebooks in order (default :func:`study_notebooks`).

    The committed study is executed in place; any other run writes its
    executed notebooks into its output folder.
    """
    sources = list(notebooks) if notebooks is not None else study_notebooks(study)
    written = []
    iterator = sources
    if progress:
        from tqdm import tqdm
        iterator = tqdm(sources, desc="notebooks", unit="nb")
    for src in iterator:
        written.append(execute_notebook(src, study.notebooks / src.name, study))
    return written


def clear_study_outputs(study: Study) -> None:
    """Remove the processed tables and figures of a study before it is re-executed,
    so no notebook can silently read a stale intermediate file."""
    if study.processed.exists():
        shutil.rmtree(study.processed)
    if study.figures.exists():
        for f in study.figures.iterdir():
            if f.suffix in {".png", ".svg", ".csv"}:
                f.unlink()
