"""Raw -> clean offsets: where a character of a raw capture sits in the clean text.

Hand coders sometimes mark spans on the raw capture rather than the clean
text. Cleaning keeps or removes whole raw lines (the audit, one row per raw
line) and normalises each kept line (``helpers.core.normalize.normalize_line``:
NFC, every Unicode space to ``' '`` one for one, outer whitespace stripped),
so a raw offset converts exactly when its line was kept: find the line's clean
form inside its segment's text, then shift by the length of the normalised
prefix. Offsets on removed lines have no clean counterpart and are refused.
"""

from __future__ import annotations

import bisect
import unicodedata

import pandas as pd

from ..core.normalize import normalize_line


def _clean_prefix_len(raw_line: str, col: int) -> int:
    """Length in the clean line of the raw line's first ``col`` characters.

    Only the leading strip and NFC change lengths (spaces map one for one).
    """
    prefix = unicodedata.normalize("NFC", raw_line[:col])
    prefix = "".join(" " if ch.isspace() else ch for ch in prefix).lstrip()
    return len(prefix)


def _raw_line_starts(lines: list[str], raw_text: str | None) -> list[int]:
    """Offset of each audit line in the raw text (found in order, so any line ends work)."""
    starts, cursor = [], 0
    for line in lines:
        if raw_text is not None:
            found = raw_text.find(line, cursor)
            pos = found if found >= 0 else cursor
        else:
            pos = cursor
        starts.append(pos)
        cursor = pos + len(line) + (0 if raw_text is not None else 1)
        if raw_text is not None and found >= 0:
            # skip the line end (\n, \r\n or \r)
            if raw_text.startswith("\r\n", cursor):
                cursor += 2
            elif cursor < len(raw_text) and raw_text[cursor] in "\n\r":
                cursor += 1
    return starts


def raw_to_clean_offset(raw_offset: int, *, audit: pd.DataFrame, segments: pd.DataFrame,
                        raw_text: str | None = None, is_end: bool = False) -> int:
    """Map one raw-text offset of one article to a clean-text offset.

    ``audit`` and ``segments`` are that article's rows; ``raw_text`` is its raw
    capture (without it, lines are assumed to end in ``\\n``); ``is_end``: the
    offset is an exclusive span end. The raw line holding the offset must be
    kept in a segment; the clean line is ``normalize_line`` of it, found in
    order inside its segment's text. Raises ``LookupError`` (with a reason) if
    the offset falls on a removed line or outside the text. For many offsets
    of one article, build one :class:`RawOffsets` instead.
    """
    return RawOffsets(audit, segments, raw_text).to_clean(raw_offset, is_end)


class RawOffsets:
    """Raw -> clean offsets of one article, with its lines located once."""

    def __init__(self, audit: pd.DataFrame, segments: pd.DataFrame, raw_text: str | None = None):
        self.audit = audit.sort_values("line_no").reset_index(drop=True)
        self.lines = [str(x) for x in self.audit["raw_line"]]
        self.starts = _raw_line_starts(self.lines, raw_text)
        self.line_nos = self.audit["line_no"].astype(int).tolist()
        self.actions = self.audit["action"].astype(str).tolist()
        self.reasons = self.audit["reason"].astype(str).tolist() if "reason" in self.audit else \
            [""] * len(self.lines)
        self.segments = segments
        self.seg_first = segments["line_first"].astype(int).tolist()
        self.seg_last = segments["line_last"].astype(int).tolist()
        self.line_pos: dict[int, int] = {}  # audit index -> where its clean line sits in its segment

    def to_clean(self, raw_offset: int, is_end: bool = False) -> int:
        probe = raw_offset - 1 if is_end else raw_offset
        k = bisect.bisect_right(self.starts, probe) - 1
        idx = None
        # lines are in order; an empty line has width 1 (its line end)
        for i in (k, k - 1):
            if 0 <= i < len(self.starts) and \
                    self.starts[i] <= probe < self.starts[i] + max(len(self.lines[i]), 1):
                idx = i
                break
        if idx is None:
            raise LookupError(f"raw offset {raw_offset} is not inside any raw line")
        line_no = self.line_nos[idx]
        if self.actions[idx] != "kept":
            raise LookupError(f"raw line {line_no} was removed by cleaning ({self.reasons[idx]})")
        seg_i = next((j for j, (a, b) in enumerate(zip(self.seg_first, self.seg_last))
                      if a <= line_no <= b), None)
        if seg_i is None:
            raise LookupError(f"raw line {line_no} is in no segment")
        seg = self.segments.iloc[seg_i]
        pos = self._line_pos(idx, seg)
        raw_line = self.lines[idx]
        col = raw_offset - self.starts[idx]
        clean_col = min(_clean_prefix_len(raw_line, col), len(normalize_line(raw_line)))
        return int(seg["start"]) + pos + clean_col

    def _line_pos(self, idx: int, seg: pd.Series) -> int:
        """Where the clean form of audit line ``idx`` sits in its segment's text: the
        segment's kept lines are found in order."""
        if idx in self.line_pos:
            return self.line_pos[idx]
        seg_text = str(seg["text"])
        first = int(seg["line_first"])
        cursor, pos = 0, -1
        for j in range(len(self.lines)):
            if self.line_nos[j] < first or self.actions[j] != "kept":
                continue
            if self.line_nos[j] > self.line_nos[idx]:
                break
            clean_line = normalize_line(self.lines[j])
            found = seg_text.find(clean_line, cursor)
            if found < 0:
                raise LookupError(f"raw line {self.line_nos[j]} not found in its segment's clean text")
            pos = found
            self.line_pos[j] = found
            cursor = found + len(clean_line)
        return pos
