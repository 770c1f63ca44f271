"""Safe, deterministic file writing.

Every write goes to a temporary file in the target folder and is renamed over
the target, so a crash or a refused input never leaves a half-written file.
A write whose bytes equal what is already there touches nothing, so rerunning
the study with unchanged inputs rewrites nothing (and mtimes stay put).
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

import pandas as pd


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def ordinary_mode(mode: int = 0o666) -> int:
    """``mode`` under the process umask: what a plain ``open``/``mkdir`` would give
    (``mkstemp``/``mkdtemp`` make 0600/0700 files and folders; chmod them to this)."""
    return mode & ~_umask()


def atomic_write_bytes(path: str | Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` atomically. Returns False if it was already identical."""
    path = Path(path)
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, ordinary_mode())  # mkstemp makes 0600; give the file ordinary permissions
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return True


def atomic_write_text(path: str | Path, text: str) -> bool:
    """UTF-8, ``\\n`` line ends; see :func:`atomic_write_bytes`."""
    return atomic_write_bytes(path, text.encode("utf-8"))


def csv_bytes(df: pd.DataFrame) -> bytes:
    """The canonical CSV form of a table: UTF-8, ``\\n``, no index, floats to 10 significant digits."""
    buf = io.StringIO()
    df.to_csv(buf, index=False, lineterminator="\n", float_format="%.10g")
    return buf.getvalue().encode("utf-8")


def write_csv(df: pd.DataFrame, path: str | Path) -> bool:
    """Write ``df`` as canonical CSV, atomically and only if changed."""
    return atomic_write_bytes(path, csv_bytes(df))


def read_csv(path: str | Path, **kwargs) -> pd.DataFrame:
    """Read a CSV written by :func:`write_csv` with empty strings kept as ''."""
    from .errors import FramingError

    path = Path(path)
    if not path.exists():
        raise FramingError("file not found", path=path,
                           fix="run the earlier notebook or stage that writes it")
    try:
        return pd.read_csv(path, keep_default_na=False, na_values=[], **kwargs)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise FramingError(f"unreadable CSV ({str(exc).splitlines()[0]})", path=path,
                           fix="restore it from git or rewrite it as UTF-8 CSV") from exc
