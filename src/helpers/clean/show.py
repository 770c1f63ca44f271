"""One article's cleaning as plain text, for reading rules against a capture by hand
(``framing extract FILE [--audit]``): the clean text segment by segment, or every raw
line with what the cleaner did with it and why.
"""

from __future__ import annotations

import pandas as pd


def format_segments(segments: pd.DataFrame, audit: pd.DataFrame) -> str:
    """The clean article as the study sees it: one block per segment, labelled with its
    kind (``[headline]``, ``[lede]``, ``[caption]``, ...), in reading order; then the
    datelines the cleaner set apart (metadata, not text)."""
    out = []
    for row in segments.sort_values("segment_index").itertuples(index=False):
        out.append(f"[{row.segment}] {row.text}")
    if not any(segments["segment"] == "headline"):
        out.insert(0, "[headline] (none in the text)")
    datelines = audit[(audit["action"] == "removed") & (audit["reason"] == "dateline")]
    for row in datelines.itertuples(index=False):
        out.append(f"[dateline, metadata] {row.raw_line.strip()}")
    return "\n\n".join(out) + "\n"


def format_audit(audit: pd.DataFrame, width: int = 100) -> str:
    """Every raw line: number, ``kept``/``removed``, segment or reason, rule, flags, and
    the line itself cut to ``width`` characters (blank lines shown as a dot)."""
    out = []
    for row in audit.sort_values("line_no").itertuples(index=False):
        line = row.raw_line.strip()
        if not line:
            out.append(f"{row.line_no:>5}  removed  blank")
            continue
        what = row.segment if row.action == "kept" else row.reason
        extra = " ".join(x for x in (row.rule, row.flags) if x)
        shown = line if len(line) <= width else line[:width - 1] + "…"
        out.append(f"{row.line_no:>5}  {row.action:<7}  {what:<13} {extra:<28} | {shown}")
    return "\n".join(out) + "\n"
