"""Advisory file locks: one writer at a time per corpus and per study output.

Two ``framing add`` into one corpus at once used to both read the manifest,
both write their raw files, and the second manifest write dropped the first
one's rows (raw files without manifest rows). A lock taken around the whole
read-check-write sequence makes such writers take turns: the second one
waits, says so in one line on stderr, and then sees the first one's rows.

The locks are ``fcntl.flock`` locks (flock(2)) on an empty lock file named
by the locked folder's resolved path, in one folder of the system's
temporary directory (``framing-locks/``): nothing is ever created in the
project, so a refused or finished command leaves ``data/`` and ``git
status`` as they were. They are released by the kernel when the holding
process ends, however it ends (even SIGKILL), so a crashed writer never
leaves a stale lock. They serialise writers on one machine (which is what a
shared project folder on one host needs; flock over NFS is not relied on).
Readers take no lock. On platforms without ``fcntl`` the lock is a no-op.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

try:  # pragma: no cover - always present on Linux and macOS
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

from .errors import FramingError

# Seconds a second writer waits before it is refused (0: refuse at once; None: wait forever).
DEFAULT_WAIT_S: float | None = None
_POLL_S = 0.2
LOCK_DIR = "framing-locks"


def lock_path(folder: str | Path) -> Path:
    """The lock file of ``folder``: ``TMP/framing-locks/NAME-SHA12.lock``, named by the
    folder's resolved path (so the folder itself may be created, replaced or removed
    by the locked writer, and nothing is written into the project)."""
    folder = Path(folder).resolve()
    digest = hashlib.sha256(str(folder).encode("utf-8", "surrogateescape")).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / LOCK_DIR / f"{folder.name[:60]}-{digest}.lock"


def _open_lock(path: Path) -> int:
    if not path.parent.is_dir():
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(OSError):  # shared by every user, like /tmp itself
            os.chmod(path.parent, 0o1777)
    # read-only is enough for flock, so a lock file made by another user can be used
    return os.open(path, os.O_RDONLY | os.O_CREAT, 0o444)


@contextlib.contextmanager
def exclusive(folder: str | Path, what: str, *, wait_s: float | None = DEFAULT_WAIT_S) -> Iterator[None]:
    """Hold the write lock of ``folder`` for the block.

    If another process holds it, print one line saying who waits for what
    and wait (up to ``wait_s`` seconds; None = as long as it takes), then
    raise a :class:`FramingError` if it is still held. ``what`` names the
    locked thing for messages (``corpus NAME``, ``study output reports/NAME``).
    """
    if fcntl is None:  # pragma: no cover
        yield
        return
    path = lock_path(folder)
    try:
        fd = _open_lock(path)
    except OSError as exc:
        raise FramingError(f"cannot create the lock file ({exc.strerror})", path=path,
                           fix=f"make {path.parent} writable (or set TMPDIR to a writable folder)") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"framing: another framing command is writing {what}; waiting for it to finish "
                  f"(lock {path})", file=sys.stderr, flush=True)
            deadline = None if wait_s is None else time.monotonic() + wait_s
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if deadline is not None and time.monotonic() >= deadline:
                        raise FramingError(f"another framing command is still writing {what}", path=path,
                                           fix="wait for it to finish, then run this command again") from None
                    time.sleep(_POLL_S)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
