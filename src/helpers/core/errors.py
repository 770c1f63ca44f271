"""One exception type for problems a user can fix.

Its message is a single line naming the file (and row, where there is one)
and what to do; the command-line entry point prints it and exits non-zero.
"""

from __future__ import annotations

import re
from pathlib import Path

# ANSI/VT100 escape sequences (colours, cursor movement), as IPython puts in tracebacks.
ANSI_ESCAPE_RE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|[@-Z\\-_])")


class FramingError(Exception):
    """A user-fixable problem with input data, reported in one line."""

    def __init__(self, message: str, *, path: str | Path | None = None,
                 row: int | None = None, fix: str | None = None) -> None:
        parts = []
        if path is not None:
            where = str(path)
            if row is not None:
                where += f", row {row}"
            parts.append(where)
        parts.append(message)
        text = ": ".join(parts)
        if fix:
            text += f" ({fix})"
        # always one line, and no terminal colour codes (a notebook's traceback carries them)
        super().__init__(" ".join(ANSI_ESCAPE_RE.sub("", text).split()))
        self.path = path
        self.row = row
        self.fix = fix
