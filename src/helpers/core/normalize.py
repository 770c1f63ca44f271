"""Text normalisation: the clean form of a line, and a same-length folded copy for matching.

Two layers, never mixed:

* :func:`normalize_line` produces the **clean text** stored in ``segments.csv``:
  NFC, Unicode spaces -> ``' '`` one for one, outer whitespace stripped.
  Everything else (curly quotes, dashes, case) stays as the outlet wrote it.
* :func:`fold` produces a **matching copy of exactly the same length**, so an
  offset found on ``fold(text)`` is valid on ``text`` (see docs/ARCHITECTURE.md).

Homoglyph folding follows the Unicode confusables idea (Unicode Technical
Standard #39, "Unicode Security Mechanisms", section 4): Cyrillic and Greek
letters that look like Latin letters are mapped to those letters, because
captured pages occasionally mix them into English words (the Sputnik seed
has a Cyrillic 'С' in 'Сomment').
"""

from __future__ import annotations

import re
import unicodedata

# Quotes and apostrophes unified for matching (straight forms are the target).
_APOSTROPHES = "\u2019\u2018\u02bc\u2032\u201b\u0060\u00b4\u02b9\u2035\uff07"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u2033\u201f\u00ab\u00bb\u02ba\u2036\uff02"
# Dashes and hyphens that are not in category Pd (Pd is handled generically).
_EXTRA_DASHES = "\u2212\u2043\ufe63\uff0d\u00ad"

# Cyrillic and Greek look-alikes of Latin letters (lowercase targets; UTS #39 confusables).
_HOMOGLYPHS = {
    # Cyrillic lowercase
    "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ј": "j", "ԁ": "d",
    "ԛ": "q", "ԝ": "w", "ӏ": "l", "ү": "y", "һ": "h",
    # Cyrillic uppercase
    "А": "a", "В": "b", "Е": "e", "К": "k", "М": "m", "Н": "h", "О": "o", "Р": "p",
    "С": "c", "Т": "t", "У": "y", "Х": "x", "Ѕ": "s", "І": "i", "Ј": "j", "Ԁ": "d",
    "Ԛ": "q", "Ԝ": "w", "Ӏ": "l", "Ү": "y", "Һ": "h",
    # Greek
    "Α": "a", "Β": "b", "Ε": "e", "Ζ": "z", "Η": "h", "Ι": "i", "Κ": "k", "Μ": "m",
    "Ν": "n", "Ο": "o", "Ρ": "p", "Τ": "t", "Υ": "y", "Χ": "x",
    "ο": "o", "ι": "i", "κ": "k", "ν": "v", "ρ": "p", "υ": "u", "α": "a",
}


def _fold_char(ch: str) -> str:
    """The one-character folded form of ``ch`` (always length 1)."""
    if ch in _HOMOGLYPHS:
        return _HOMOGLYPHS[ch]
    if ch in _APOSTROPHES:
        return "'"
    if ch in _DOUBLE_QUOTES:
        return '"'
    if ch in _EXTRA_DASHES or unicodedata.category(ch) == "Pd":
        return "-"
    if ch.isspace():
        return " "
    low = ch.lower()
    if len(low) != 1:
        # e.g. 'İ'.lower() == 'i̇' (two code points): keep the base letter so offsets never shift
        low = low[0]
    return _HOMOGLYPHS.get(low, low)


class _FoldTable(dict):
    """Lazy translation table for ``str.translate``: computes and caches each character once."""

    def __missing__(self, code: int) -> str:
        value = _fold_char(chr(code))
        self[code] = value
        return value


_FOLD_TABLE = _FoldTable()


class _SpaceTable(dict):
    """Lazy table mapping every whitespace character to ``' '`` (one for one)."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        value = " " if ch.isspace() else ch
        self[code] = value
        return value


_SPACE_TABLE = _SpaceTable()


def normalize_line(s: str) -> str:
    """Clean form of one raw line: NFC, any Unicode space -> ``' '``, outer whitespace stripped.

    Curly quotes, dashes and case are kept as written (they are evidence of
    the outlet's style); only invisible differences are removed.
    """
    s = unicodedata.normalize("NFC", s)
    # isprintable() is False for every space but ASCII ' ' (and for controls): only then translate
    if not s.isprintable():
        s = s.translate(_SPACE_TABLE)
    return s.strip()


def fold(text: str) -> str:
    """A same-length copy of ``text`` for matching (``len(fold(t)) == len(t)`` always).

    Lowercased (one character for one), quotes/apostrophes unified to ``'`` and
    ``"``, every dash/hyphen to ``-``, whitespace to ``' '``, and Cyrillic/Greek
    look-alikes of Latin letters folded to Latin (UTS #39 confusables).
    """
    if text.isascii():
        # ASCII fast path: only case, whitespace and the backtick change.
        out = text.lower()
        if "`" in out or not out.isprintable():
            out = out.translate(_FOLD_TABLE)
        return out
    return text.translate(_FOLD_TABLE)


_WORD_RE = re.compile(r"[^\W\d_]+")
# Greek (incl. extended) and Cyrillic (incl. supplement) blocks: no such letter, no mixed word
_GREEK_CYRILLIC_RE = re.compile("[\u0370-\u03ff\u1f00-\u1fff\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f]")


def _script(ch: str) -> str:
    """'latin', 'cyrillic', 'greek' or '' for a letter."""
    if ch.isascii():
        return "latin"
    name = unicodedata.name(ch, "")
    if name.startswith("LATIN"):
        return "latin"
    if name.startswith("CYRILLIC"):
        return "cyrillic"
    if name.startswith("GREEK"):
        return "greek"
    return ""


def mixed_script_words(text: str) -> list[tuple[int, int, str]]:
    """Words mixing Latin with Cyrillic or Greek letters, as ``(start, end, word)``.

    Such words are usually homoglyph substitutions (e.g. Cyrillic 'С' in
    'Сomment'); exact matching would miss them, so the audit flags them.
    """
    if text.isascii() or not _GREEK_CYRILLIC_RE.search(text):
        return []
    found = []
    for m in _WORD_RE.finditer(text):
        word = m.group()
        if word.isascii():
            continue
        scripts = {_script(ch) for ch in word}
        if "latin" in scripts and scripts & {"cyrillic", "greek"}:
            found.append((m.start(), m.end(), word))
    return found
