"""The matcher's one-byte-per-character copy of a text (``fold_bytes``, ``fold_batch``).

Every text is mapped to a copy with one byte per code point, so offsets in
the copy are offsets in the text: ASCII letters and digits stay (lower-cased
for scanning), other letters/digits of any script become an ASCII look-alike
(``é`` -> ``e``, Cyrillic/Greek look-alikes via :func:`helpers.core.normalize.fold`)
or a placeholder word byte, apostrophe/hyphen/space look-alikes are unified,
a blank line becomes two ``#`` (a phrase never spans a paragraph), and any
other symbol is ``#``. A batch of articles is folded with a handful of
whole-buffer passes (UTF-32 code points -> bytes, one ``bytes.translate``,
numpy for blank lines and runs of spaces); the non-ASCII characters are
folded once per distinct character.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

import numpy as np

from ..core.normalize import fold
from .lexicon import APOSTROPHES, HYPHENS

# Byte classes of the folded copy.
_WORD_PLACEHOLDER = 0x01          # a letter/digit outside ASCII
_OTHER = ord("#")                 # any other non-word character


def _ascii_class_table(lower: bool) -> bytes:
    table = bytearray(_OTHER for _ in range(256))
    for b in range(256):
        ch = chr(b)
        if b < 128 and (ch.isalnum()):
            table[b] = ord(ch.lower()) if lower else b
    for ch in " \t\r\x0b\x0c":
        table[ord(ch)] = ord(" ")
    table[ord("\n")] = ord("\n")  # resolved after translation: blank line vs single break
    table[ord("'")] = table[ord("`")] = ord("'")
    table[ord("-")] = ord("-")
    table[ord(".")] = ord(".")
    table[_WORD_PLACEHOLDER] = _WORD_PLACEHOLDER
    return bytes(table)


_CASED = _ascii_class_table(lower=False)
# bytes.translate table: ASCII upper case to lower case, every other byte kept
ASCII_LOWER = bytes(b if not (65 <= b <= 90) else b + 32 for b in range(256))
# the class table, then lower case, with a line break (not part of a blank line) as a space
_CASED_LOWER = _CASED.translate(ASCII_LOWER).replace(b"\n", b" ")
# per byte of a folded copy: is it a word character (letter, digit or the placeholder)
IS_WORD = np.array([(chr(b).isalnum() and b < 128) or b == _WORD_PLACEHOLDER for b in range(256)])

# Frequent non-ASCII characters of news text, replaced in C before encoding
# (one character for one, so offsets hold); the rest go through _fold_error.
_COMMON_NON_ASCII = (
    ("\u2019", "'"), ("\u2018", "'"), ("\u201c", "#"), ("\u201d", "#"),
    ("\u2013", "#"), ("\u2014", "#"), ("\u00a0", " "), ("\u2026", "#"),
)


def _fold_non_ascii(ch: str) -> str:
    """One ASCII byte (as str) standing for the non-ASCII character ``ch``, case kept."""
    if ch in APOSTROPHES:
        return "'"
    if ch in HYPHENS:
        return "-"
    if ch.isspace():
        return " "
    cat = unicodedata.category(ch)
    if cat[0] not in "LNM":
        return "#"  # punctuation, symbols (incl. en/em dashes, emoji)
    base = unicodedata.normalize("NFKD", ch)[:1]
    # Latin letters with diacritics and Cyrillic/Greek look-alikes -> ASCII letter
    for cand in (base.lower(), fold(ch)):
        if cand.isascii() and cand.isalpha():
            return cand.upper() if ch.isupper() else cand
    return chr(_WORD_PLACEHOLDER)


class _NonAsciiTable(dict):
    """Cache of :func:`_fold_non_ascii`, computed once per character."""

    def __missing__(self, ch: str) -> str:
        value = _fold_non_ascii(ch)
        self[ch] = value
        return value


_NON_ASCII = _NonAsciiTable()
_COMMON_FOLDS = dict(_COMMON_NON_ASCII)


def _fold_error(exc: UnicodeEncodeError) -> tuple[str, int]:
    chunk = exc.object[exc.start:exc.end]
    return "".join([_NON_ASCII[ch] for ch in chunk]), exc.end


codecs.register_error("helpers.measure.folding", _fold_error)


def fold_bytes(text: str) -> bytes:
    """The one-byte-per-character class copy of ``text`` (case kept), before space collapsing.

    ``len(fold_bytes(t)) == len(t)``; letters/digits stay letters/digits
    (ASCII, or the placeholder byte 0x01), whitespace is ``' '``, a blank line
    is ``'##'``, apostrophes ``'``, hyphens ``-``, ``.`` stays, anything else ``#``.
    """
    if not text.isascii():
        # typographic quotes first: after them most news text is ASCII (the fast path)
        for old, new in _COMMON_NON_ASCII[:4]:
            text = text.replace(old, new)
        if not text.isascii():
            for old, new in _COMMON_NON_ASCII[4:]:
                text = text.replace(old, new)
        raw = text.encode("ascii", "helpers.measure.folding")
    else:
        raw = text.encode("ascii")
    cased = raw.translate(_CASED)
    if b"\n" in cased:
        cased = cased.replace(b"\n\n", b"##").replace(b"\n", b" ")
    return cased


@dataclass
class FoldedBatch:
    """One batch of texts folded for scanning (see :func:`fold_batch`)."""

    lower: bytes              # lower-cased class copy, runs of spaces collapsed: what is scanned
    raw: np.ndarray           # uint8, same length as the joined text: ASCII as is, the rest folded
    origin: np.ndarray | None  # joined-text offset of each offset of ``lower`` (None: no collapsing)
    units: np.ndarray         # the joined text's code units: uint8 if ASCII, else uint32 code points


def fold_batch(joined: str) -> FoldedBatch:
    """The one-byte-per-character copies of a batch (texts joined by a separator).

    Same bytes as :func:`fold_bytes` then lower-casing, computed for the whole
    batch with a few passes in C: news text is mostly ASCII, so the other
    characters are folded once per distinct character.
    """
    if joined.isascii():
        data = joined.encode("ascii")
        units = raw = np.frombuffer(data, dtype=np.uint8)
    else:
        units = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        wide = np.flatnonzero(units >= 0x80)
        distinct, inverse = np.unique(units[wide], return_inverse=True)
        folded = "".join([_fold_char(chr(c)) for c in distinct.tolist()]).encode("ascii")
        raw = units.astype(np.uint8)  # ASCII as is; the rest overwritten with its fold
        raw[wide] = np.frombuffer(folded, dtype=np.uint8)[inverse]
        data = None
    blank = _blank_line_breaks(np.flatnonzero(raw == 10))
    if len(blank):  # a blank line: two non-word, non-space bytes (never inside a phrase)
        raw = raw.copy() if raw is units else raw
        raw[blank] = ord("#")
        data = None
    lower = (raw.tobytes() if data is None else data).translate(_CASED_LOWER)
    arr = np.frombuffer(lower, dtype=np.uint8)
    space = arr == 32
    double = space[1:] & space[:-1]
    origin = None
    if double.any():
        # a run of spaces matches like one space: scan a copy without the extra spaces
        keep = np.ones(len(arr), dtype=bool)
        keep[1:] = ~double
        origin = np.flatnonzero(keep)
        lower = arr[keep].tobytes()
    return FoldedBatch(lower, raw, origin, units)


def _blank_line_breaks(breaks: np.ndarray) -> np.ndarray:
    """The line breaks (sorted positions) that pair up as ``\\n\\n``, left to right in each run.

    Same as ``bytes.replace(b"\\n\\n", b"##")``: in a run of three, the first two pair
    up and the third stays a single line break.
    """
    if len(breaks) < 2:
        return breaks[:0]
    first = np.ones(len(breaks), dtype=bool)
    first[1:] = breaks[1:] != breaks[:-1] + 1
    run_start = np.flatnonzero(first)
    run = np.cumsum(first) - 1
    run_len = np.diff(np.append(run_start, len(breaks)))[run]
    place = np.arange(len(breaks)) - run_start[run]
    return breaks[place < run_len - run_len % 2]


def _fold_char(ch: str) -> str:
    """The ASCII character :func:`fold_bytes` puts for the non-ASCII ``ch`` (before the class table)."""
    return _COMMON_FOLDS.get(ch) or _NON_ASCII[ch]
