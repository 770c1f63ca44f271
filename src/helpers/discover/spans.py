"""Where a candidate term is written in an article: the first case-insensitive,
whole-word match, found without compiling a regular expression per term.

The rule (what :func:`find_term_regex` compiles) is ``(?<!\\w)w1\\W+w2(?!\\w)`` with
``re.IGNORECASE``, an apostrophe inside a word matching ``'`` or ``’``. Compiling
that pattern costs more than searching with it, and a study has thousands of
terms, each searched once; and a pattern that starts with a look-behind is tried
at every position of the text. So :func:`find_term` folds each article once by
the case fold that Python's regular-expression engine itself uses
(``_sre.unicode_tolower`` and the engine's table of characters that fold together,
such as ``i``/``ı`` and ``s``/``ſ``; one key character per character, so offsets
are kept), finds the term's first folded word with ``str.find`` and checks that it
is a whole run of word characters (``\\w+``) followed by the term's other words with
the right separators between them.
Because every letter of a term is a word character, a match of the pattern covers
whole runs, so the two agree; where that reasoning does not hold -- a term letter
without case (the engine then compares exactly), a text holding a character that
has case but is not a word character, a term not shaped as the tokenizer makes
them, or a Python without those engine tables -- the pattern is compiled and
searched as before. Tests compare the two on tricky Unicode ('İ', 'ß', 'ﬁ', 'ſ',
curly apostrophes).
"""

from __future__ import annotations

import re

try:  # the engine's own case fold (CPython 3.11+); without it every search takes the regex path
    import _sre
    from re._casefix import _EXTRA_CASES
except ImportError:  # pragma: no cover - other Pythons
    _sre, _EXTRA_CASES = None, None

_RUN = re.compile(r"\w+")
_WORD_SHAPE = re.compile(r"[^\W\d_]+(?:['\-][^\W\d_]+)*")
_SEP = re.compile(r"(['\-])")
_KEEP_TEXTS = 64  # article folds kept (terms of one event search the same few articles)

# char -> its fold key ('' for a character with case that is not a word character: such a text
# takes the regex path); filled as characters are met
_FOLD: dict[int, str] = {}
_CASED: dict[str, str] = {}  # a term's letter (a word character with case) -> its fold key


def _key(ch: str) -> str:
    code = ord(ch)
    cased = _sre.unicode_iscased(code)
    if cased and not (ch.isalnum() or ch == "_"):
        return ""
    if not cased:
        return ch
    lo = _sre.unicode_tolower(code)
    return chr(min((lo,) + tuple(_EXTRA_CASES.get(lo, ()))))


def _fold(text: str) -> str | None:
    """``text`` with each character replaced by its fold key (same length), or None if it
    holds a character the run reading cannot vouch for."""
    chars = set(text)
    for ch in chars:
        if ord(ch) not in _FOLD:
            _FOLD[ord(ch)] = _key(ch)
    if any(not _FOLD[ord(ch)] for ch in chars):
        return None
    return text.translate(_FOLD)


def find_term_regex(text: str, term: str, cache: dict | None = None) -> tuple[int, int] | None:
    """The first match of ``term`` in ``text`` by the compiled pattern (module doc)."""
    cache = {} if cache is None else cache
    if term not in cache:
        words = [r"['’]".join(re.escape(p) for p in w.split("'")) for w in term.split()]
        cache[term] = re.compile(r"(?<![\w])" + r"\W+".join(words) + r"(?![\w])", re.I)
    m = cache[term].search(text)
    return (m.start(), m.end()) if m else None


def _atoms(term: str) -> tuple[list[str], list[str]] | None:
    """The term's letter runs (folded) and the separator before each later run:
    ``"'"`` (an apostrophe), ``"-"`` or ``" "`` (any non-word characters); None when the
    run reading does not apply."""
    words = term.split()
    if not words or _sre is None or not all(_WORD_SHAPE.fullmatch(w) for w in words):
        return None
    atoms, seps = [], []
    for i, w in enumerate(words):
        parts = _SEP.split(w)
        for j, p in enumerate(parts):
            if j % 2:
                seps.append(p)
                continue
            for ch in set(p).difference(_CASED):
                if not _sre.unicode_iscased(ord(ch)):
                    return None  # a letter without case: the engine compares it exactly
                _CASED[ch] = _key(ch)
            atoms.append("".join(map(_CASED.__getitem__, p)))
            if j == 0 and i:
                seps.append(" ")
    return atoms, seps


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # the engine's \\w


def _match_at(text: str, folded: str, p: int, atoms: list[str], seps: list[str]) -> int | None:
    """The end of a match of the atoms whose first run starts at ``p`` (where the first
    atom's fold was found), or None."""
    end = p + len(atoms[0])
    if (p and _is_word(text[p - 1])) or (end < len(text) and _is_word(text[end])):
        return None  # not a whole run
    for atom, sep in zip(atoms[1:], seps):
        if sep == " ":
            run = _RUN.search(text, end)  # the next run, after one or more non-word characters
        elif end < len(text) and (text[end] in "'’" if sep == "'" else text[end] == "-"):
            run = _RUN.match(text, end + 1)
        else:
            return None
        if run is None or folded[run.start():run.end()] != atom:
            return None
        end = run.end()
    return end


def find_term(text: str, term: str, cache: dict | None = None) -> tuple[int, int] | None:
    """(start, end) of the first case-insensitive whole-word match of ``term`` in ``text``,
    equal to :func:`find_term_regex` (module doc). ``cache`` (a dict kept between calls)
    keeps the terms' atoms and the last articles' folds."""
    cache = {} if cache is None else cache
    terms = cache.setdefault("terms", {})
    if term not in terms:
        terms[term] = _atoms(term)
    parsed = terms[term]
    texts = cache.setdefault("texts", {})
    if parsed is not None and text not in texts:
        if len(texts) >= _KEEP_TEXTS:
            del texts[next(iter(texts))]
        texts[text] = _fold(text)
    folded = texts.get(text) if parsed is not None else None
    if folded is None:
        return find_term_regex(text, term, cache.setdefault("patterns", {}))
    atoms, seps = parsed
    p = folded.find(atoms[0])
    while p >= 0:
        end = _match_at(text, folded, p, atoms, seps)
        if end is not None:
            return p, end
        p = folded.find(atoms[0], p + 1)
    return None
