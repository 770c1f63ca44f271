"""Direct quotations: the quoted spans of a segment's text.

What counts as a quotation: text between a pair of double quote marks
(straight ``"`` or two apostrophes ``''`` standing for one, curly ``“ ”``, guillemets ``« »``) or single quote marks
(straight ``'`` or curly ``‘ ’``) inside one segment. A single quote opens only
at the start of a word (after a space, a bracket, a dash or the segment start,
before a letter or digit) and closes only at the end of a word (after a
non-space, before a space, punctuation or the segment end), so apostrophes in
``Iran's``, ``Shi'ite`` or ``doesn't`` are never quote marks. Single quotes
inside a double-quoted span are part of that quotation; a single quotation
around double ones (British style) keeps the outer span. A double quote left
open at the start of a segment runs to the segment end (the news convention
for a quotation continued in the next paragraph); any other unclosed mark is
ignored.

Who said a quotation is :mod:`helpers.measure.attribution`'s concern.
"""

from __future__ import annotations

import bisect
import re

_DOUBLE_OPEN = "“«"
_DOUBLE_CLOSE = "”»"
# two apostrophes stand for a straight double quote mark (as some wires and archives type it)
_QUOTE_CHARS_RE = re.compile("''|[\"“”«»]")
# the same without the two apostrophes, for the (most) texts that hold none: a character
# class alone is searched much faster than an alternation
_DOUBLE_CHARS_RE = re.compile("[\"“”«»]")
_SINGLE_RE = re.compile("['‘’]")
# a superset of the single marks that can open a quotation (see quote_spans)
_SINGLE_OPEN_RE = re.compile(r"['‘](?<![^\s(\[{—–\-/\"“«]['‘])(?=[^\W_])")
_OPEN_PREV = set(" \t\n([{—–-/\"“«")
# any mark that can open a quotation; "’" never opens one
_ANY_MARK_RE = re.compile("[\"“”«»'‘]")
_MAX_SINGLE_QUOTE = 600  # characters; a longer pair is taken for two stray apostrophes


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the quoted words (without marks) of one segment text, in order.

    See the module docstring for the rules; spans never overlap.
    """
    n = len(text)
    spans: list[tuple[int, int]] = []
    open_pos = -1
    open_ch = ""
    open_end = -1
    marks = _QUOTE_CHARS_RE if "''" in text else _DOUBLE_CHARS_RE
    for m in marks.finditer(text):
        i, ch = m.start(), m.group(0)
        if ch == "''":
            ch = '"'

        if open_pos < 0:
            if ch in _DOUBLE_CLOSE:
                continue  # stray closing mark
            open_pos, open_ch, open_end = i, ch, m.end()
        else:
            if ch in _DOUBLE_OPEN:
                # a second opening mark: the first was stray; restart here
                open_pos, open_ch, open_end = i, ch, m.end()
                continue
            if ch == '"' and open_ch != '"' and i + 1 < n and text[i + 1].isalnum() \
                    and (i == 0 or text[i - 1].isspace()):
                continue  # straight mark opening a word inside a curly quote: not a close
            if i > open_end:
                spans.append((open_end, i))
            open_pos = -1
    if open_pos >= 0 and not text[:open_pos].strip() and len(text.rstrip()) > open_end:
        spans.append((open_end, len(text.rstrip())))
    # single quotes outside double-quoted spans (skipped fast when no mark can open one)
    if ("'" not in text and "‘" not in text) or _SINGLE_OPEN_RE.search(text) is None:
        return spans
    starts = [s for s, _ in spans]
    singles: list[tuple[int, int]] = []
    pending = -1
    for m in _SINGLE_RE.finditer(text):
        i = m.start()
        k = bisect.bisect_right(starts, i) - 1
        if k >= 0 and spans[k][0] - 1 <= i <= spans[k][1]:
            continue
        prev = text[i - 1] if i > 0 else " "
        nxt = text[i + 1] if i + 1 < n else " "
        can_open = m.group(0) != "’" and (prev in _OPEN_PREV) and nxt.isalnum()
        can_close = m.group(0) != "‘" and not prev.isspace() and not nxt.isalnum() and i > 0
        if pending >= 0 and can_close:
            if i - pending <= _MAX_SINGLE_QUOTE:
                singles.append((pending + 1, i))
            pending = -1
        elif can_open:
            pending = i
    if singles:
        spans = _merge_nested(spans, singles)
    return spans


def _merge_nested(doubles: list[tuple[int, int]], singles: list[tuple[int, int]]
                  ) -> list[tuple[int, int]]:
    """Doubles plus singles without overlaps: a single quotation around double ones
    (British style, 'He said "no" today') keeps the outer span; one that crosses a
    double quotation's boundary is dropped."""
    keep_singles = []
    dropped: set[tuple[int, int]] = set()
    for s, e in singles:
        overlapping = [(a, b) for a, b in doubles if a - 1 < e and b + 1 > s - 1]
        if any(not (s <= a and b <= e) for a, b in overlapping):
            continue
        dropped.update(overlapping)
        keep_singles.append((s, e))
    return sorted([d for d in doubles if d not in dropped] + keep_singles)


def quoted_segments(texts: list[str]) -> list[tuple[int, list[tuple[int, int]]]]:
    """(position, :func:`quote_spans`) of every text in ``texts`` that holds a quotation.

    Only texts with a mark that can open one are parsed (most segments have none).
    """
    has_mark = _ANY_MARK_RE.search
    out = []
    for i, text in enumerate(texts):
        if has_mark(text) is not None:
            spans = quote_spans(text)
            if spans:
                out.append((i, spans))
    return out


def mask_quotes(text: str, spans: list[tuple[int, int]]) -> str:
    """Quotation contents replaced by NUL characters (same length), marks kept.

    Attribution looks for reporting verbs and their subjects in the masked
    text, so nothing inside a quotation is read as the reporter's words.
    """
    if not spans:
        return text
    parts = []
    pos = 0
    for s, e in spans:
        parts.append(text[pos:s])
        parts.append("\x00" * (e - s))
        pos = e
    parts.append(text[pos:])
    return "".join(parts)
