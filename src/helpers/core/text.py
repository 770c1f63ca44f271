"""Keyword-in-context: the one rule for cutting a hit's context from its text.

Used by the notebooks' KWIC tables and by validation's error lines, so a hit
reads the same wherever it is shown (the concordance display of Sinclair 1991,
*Corpus, Concordance, Collocation*). Offsets are code-point indices into the
clean text; the text itself is never altered except that every run of
whitespace (a paragraph break, a tab) is shown as one space.
"""

from __future__ import annotations

import re

_SPACE_RUN = re.compile(r"\s+")
# characters read beyond ``width`` on each side, so that collapsing a run of
# whitespace still leaves ``width`` characters of context
_SLACK = 20


def one_line(text: str) -> str:
    """``text`` with every whitespace run shown as one space."""
    return _SPACE_RUN.sub(" ", text)


def kwic_context(text: str, start: int, end: int, width: int) -> tuple[str, str, str]:
    """(left context, match, right context) of ``text[start:end]``, at most
    ``width`` characters of context on each side, each on one line."""
    if width < 0:
        raise ValueError("width must be >= 0")
    left = one_line(text[max(0, start - width - _SLACK):start])
    right = one_line(text[end:end + width + _SLACK])
    return (left[len(left) - width:] if width else ""), one_line(text[start:end]), right[:width]
