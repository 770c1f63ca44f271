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
    the offset falls on a removed line or outside the text.
    """
    audit = audit.sort_values("line_no")
    lines = [str(x) for x in audit["raw_line"]]
    starts = _raw_line_starts(lines, raw_text)
    probe = raw_offset - 1 if is_end else raw_offset
    idx = None
    for i, (s, line) in enumerate(zip(starts, lines)):
        if s <= probe < s + max(len(line), 1):
            idx = i
            break
    if idx is None:
        raise LookupError(f"raw offset {raw_offset} is not inside any raw line")
    row = audit.iloc[idx]
    line_no = int(row["line_no"])
    if str(row["action"]) != "kept":
        raise LookupError(f"raw line {line_no} was removed by cleaning ({row['reason']})")
    seg = segments[(segments["line_first"].astype(int) <= line_no)
                   & (segments["line_last"].astype(int) >= line_no)]
    if seg.empty:
        raise LookupError(f"raw line {line_no} is in no segment")
    seg = seg.iloc[0]
    seg_text = str(seg["text"])
    # walk the segment's kept lines in order to find where this one sits
    kept = audit[(audit["action"] == "kept") & (audit["line_no"].astype(int) >= int(seg["line_first"]))
                 & (audit["line_no"].astype(int) <= line_no)]
    cursor = 0
    pos = -1
    for _, k in kept.iterrows():
        clean_line = normalize_line(str(k["raw_line"]))
        found = seg_text.find(clean_line, cursor)
        if found < 0:
            raise LookupError(f"raw line {int(k['line_no'])} not found in its segment's clean text")
        pos = found
        cursor = found + len(clean_line)
    raw_line = lines[idx]
    col = raw_offset - starts[idx]
    clean_col = min(_clean_prefix_len(raw_line, col), len(normalize_line(raw_line)))
    return int(seg["start"]) + pos + clean_col
