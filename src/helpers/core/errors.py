"""One exception type for problems a user can fix.

Its message is a single line naming the file (and row, where there is one)
and what to do; the command-line entry point prints it and exits non-zero.
"""

from __future__ import annotations

from pathlib import Path


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
        super().__init__(" ".join(text.split()))  # always one line
        self.path = path
        self.row = row
        self.fix = fix
