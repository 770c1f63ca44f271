"""Safe, deterministic file writing.

Every write goes to a temporary file in the target folder and is renamed over
the target, so a crash or a refused input never leaves a half-written file.
A write whose bytes equal what is already there touches nothing, so rerunning
the study with unchanged inputs rewrites nothing (and mtimes stay put).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import FramingError

if TYPE_CHECKING:  # pandas is imported where a table is read or written: `framing --help` stays fast
    import pandas as pd


# Temporary files and folders of the atomic writers: hidden, with these endings, so a
# writer killed before its rename (SIGKILL, power loss) leaves something recognisable
# that :func:`remove_leftovers` can delete and no ``*.csv``/``*.parquet`` glob ever lists.
TEMP_FILE_SUFFIX = ".tmp"
TEMP_DIR_SUFFIX = ".tmpdir"


# ".NAME." + tempfile's 8 random characters (+ "old." for a swapped-out folder) + the suffix
_LEFTOVER_RE = re.compile(r"^\..+\.[a-z0-9_]{8}(?:\.tmp|\.tmpdir)$")


def is_leftover(path: Path) -> bool:
    """Whether ``path`` is named as the temporary file or folder of an atomic write."""
    return bool(_LEFTOVER_RE.match(path.name))


def remove_leftovers(folder: str | Path, *, recursive: bool = True) -> list[Path]:
    """Delete what killed atomic writes left in ``folder`` (see :func:`is_leftover`),
    in its subfolders too when ``recursive``.

    Call it only while holding the folder's write lock (:mod:`helpers.core.locks`):
    a live writer's temporary file looks the same. Without it a killed run's
    leftovers stayed in the output folder for good (and could be hashed into the
    notebooks' cache keys), so a resumed run's folder differed from a clean run's.
    Returns what was removed.
    """
    folder = Path(folder)
    if not folder.is_dir():
        return []
    removed = []
    for dirpath, dirnames, filenames in os.walk(folder):
        base = Path(dirpath)
        for name in filenames:
            if is_leftover(base / name):
                (base / name).unlink(missing_ok=True)
                removed.append(base / name)
        for name in list(dirnames):
            if is_leftover(base / name):
                shutil.rmtree(base / name, ignore_errors=True)
                dirnames.remove(name)
                removed.append(base / name)
        if not recursive:
            break
    return removed


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def ordinary_mode(mode: int = 0o666) -> int:
    """``mode`` under the process umask: what a plain ``open``/``mkdir`` would give
    (``mkstemp``/``mkdtemp`` make 0600/0700 files and folders; chmod them to this)."""
    return mode & ~_umask()


class Replaced:
    """What an atomic write did: ``path`` is the temporary file or folder to fill
    inside the ``with`` block; ``changed`` tells afterwards whether the target was replaced."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.changed = False


def same_bytes(a: Path, b: Path) -> bool:
    """Whether two files hold the same bytes (read in blocks, never whole)."""
    if a.stat().st_size != b.stat().st_size:
        return False
    with open(a, "rb") as fa, open(b, "rb") as fb:
        while True:
            x, y = fa.read(1 << 20), fb.read(1 << 20)
            if x != y:
                return False
            if not x:
                return True


@contextlib.contextmanager
def atomic_file(path: str | Path, *, keep_identical: bool = True) -> Iterator[Replaced]:
    """Write a file atomically: fill ``.path`` (a temporary file beside ``path``)
    inside the block; on success it is renamed over ``path`` with ordinary
    permissions, unless ``keep_identical`` and the bytes equal what is there
    (then nothing is touched and ``.changed`` is False). On any error the
    temporary file is removed and ``path`` is untouched."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_FILE_SUFFIX, dir=path.parent)
    os.close(fd)
    result = Replaced(Path(tmp))
    try:
        yield result
        if keep_identical and path.exists() and same_bytes(result.path, path):
            os.unlink(tmp)
        else:
            os.chmod(tmp, ordinary_mode())  # mkstemp makes 0600
            os.replace(tmp, path)
            result.changed = True
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def atomic_dir(path: str | Path, *, replace: bool = False) -> Iterator[Replaced]:
    """Create a folder atomically: fill ``.path`` (a temporary folder beside
    ``path``) inside the block; on success it becomes ``path``. An existing
    ``path`` is kept and the new folder discarded (an identical result of a
    concurrent writer), unless ``replace``: then the old folder is swapped out
    and removed. On any error the temporary folder is removed."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    result = Replaced(Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=TEMP_DIR_SUFFIX, dir=path.parent)))
    try:
        yield result
        os.chmod(result.path, ordinary_mode(0o777))  # mkdtemp makes 0700
        if path.exists() and not replace:
            shutil.rmtree(result.path)
            return
        old = None
        if path.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{path.name}.old.", suffix=TEMP_DIR_SUFFIX, dir=path.parent))
            os.replace(path, old / path.name)
        os.replace(result.path, path)
        result.changed = True
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(result.path, ignore_errors=True)
        raise


def atomic_write_bytes(path: str | Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` atomically. Returns False if it was already identical."""
    path = Path(path)
    if path.exists() and path.read_bytes() == data:
        return False
    with atomic_file(path, keep_identical=False) as out:
        out.path.write_bytes(data)
    return True


def atomic_write_text(path: str | Path, text: str) -> bool:
    """UTF-8, ``\\n`` line ends; see :func:`atomic_write_bytes`."""
    return atomic_write_bytes(path, text.encode("utf-8"))


def csv_bytes(df: pd.DataFrame) -> bytes:
    """The canonical CSV form of a table: UTF-8, ``\\n``, no index, floats to 10 significant digits."""
    buf = io.StringIO()
    df.to_csv(buf, index=False, lineterminator="\n", float_format="%.10g")
    return buf.getvalue().encode("utf-8")


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet runs as a formula (OWASP, "CSV Injection")


def formula_safe(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with every text cell a spreadsheet would run as a formula prefixed with ``'``, as the
    explorer's export does; for files a reviewer opens in a spreadsheet (candidate CSVs)."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object:
            out[col] = [("'" + v) if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v for v in out[col]]
    return out


def formula_unsafe(value: str) -> str:
    """The cell :func:`formula_safe` guarded, as written before ("'=x" -> "=x"); other cells as they are."""
    return value[1:] if isinstance(value, str) and value[:1] == "'" and value[1:].startswith(FORMULA_STARTS) else value


def write_csv(df: pd.DataFrame, path: str | Path) -> bool:
    """Write ``df`` as canonical CSV, atomically and only if changed."""
    return atomic_write_bytes(path, csv_bytes(df))


def read_csv(path: str | Path, **kwargs) -> pd.DataFrame:
    """Read a CSV written by :func:`write_csv` with empty strings kept as ''."""
    import pandas as pd

    path = Path(path)
    if not path.exists():
        raise FramingError("file not found", path=path,
                           fix="run the earlier notebook or stage that writes it")
    try:
        return pd.read_csv(path, keep_default_na=False, na_values=[], **kwargs)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise FramingError(f"unreadable CSV ({str(exc).splitlines()[0]})", path=path,
                           fix="restore it from git or rewrite it as UTF-8 CSV") from exc
