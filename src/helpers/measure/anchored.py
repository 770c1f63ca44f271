"""Regex matches in an article, tried only where a match can start.

Reading a source in its article (:mod:`helpers.measure.referents`) searches the
whole article for a pattern that every match of holds a given word: a role and
the name it is given (``Judge Berman``, ``Corey Lewandowski, Trump's campaign
manager``), a document noun and its author (``a CNN/ORC poll``). Run over the
whole article for each source phrase, these searches were most of the cost of
reading sources in context. :func:`finditer_anchored` finds the word with
``str.find`` on the article's lower-cased copy and tries the pattern only at the
positions where a match holding that occurrence can start; it yields exactly the
matches of ``rx.finditer(text)``, in the same order (the test suite checks this
against ``re`` itself on generated texts).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# Non-ASCII letters that re.IGNORECASE equates with an ASCII letter while str.lower()
# does not (or changes the length): İ, ı, ſ and the Kelvin sign. In a text without
# them, the lower-cased copy finds every case-insensitive occurrence of an ASCII word.
_CASE_TRAPS_RE = re.compile("[\u0130\u0131\u017f\u212a]")
_CAPITAL_RE = re.compile("[A-Z]")


def lower_for_search(text: str) -> str | None:
    """The lower-cased text, in which ``str.find`` of an ASCII word finds every place
    ``re.IGNORECASE`` would match it at the same offset; None when no such copy exists."""
    low = text.lower()
    if len(low) != len(text) or _CASE_TRAPS_RE.search(text):
        return None
    return low


def finditer_anchored(rx: re.Pattern, text: str, low: str | None, words: tuple[str, ...],
                      commas: int, capitals: bool) -> Iterator[re.Match]:
    """The matches of ``rx.finditer(text)``, for a pattern each match of which holds
    one of ``words`` (ASCII, matched in any case) with at most ``commas`` commas between
    the match's start and that word, and starts at the word or, with ``capitals``, at a
    capital letter A-Z.

    ``low``: :func:`lower_for_search` of the text (None: plain ``rx.finditer``). For each
    occurrence of a word (in text order) the pattern is tried at the capitals from just
    after the ``commas + 1``-th comma before it, and at the occurrence itself; positions
    are tried in increasing order and never before the end of the last match, which is
    how ``finditer`` scans, so the first success is the match it would find next.
    """
    if low is None or not words or not all(w and w.isascii() for w in words):
        yield from rx.finditer(text)
        return
    occurrences = set()
    for word in words:
        word = word.lower()
        i = low.find(word)
        while i >= 0:
            occurrences.add(i)
            i = low.find(word, i + 1)
    pos = 0  # every start before pos has been tried or lies inside a match
    for i in sorted(occurrences):
        if i < pos:
            continue
        c = i
        for _ in range(commas + 1):
            c = text.rfind(",", 0, c) if c > 0 else -1
            if c < 0:
                break
        p = max(pos, c + 1)
        while p <= i:
            q = i
            if capitals:
                m = _CAPITAL_RE.search(text, p, i)
                if m is not None:
                    q = m.start()
            m = rx.match(text, q)
            if m is None:
                p = q + 1
                continue
            yield m
            p = pos = max(m.end(), q + 1)
        pos = max(pos, i + 1)
