"""A readable name for an id when the data gives none (actors, categories).

Tables keep ids (``united_states``, ``irgc``) because code joins on them; a
reader should see "United States" and "IRGC". An actor table may give the
name in its ``display`` column (data/README.md); without one, the id is
title-cased and its acronyms upper-cased. Which words are acronyms comes from
the data too: the actor's own all-capital entries (``IRGC``, ``US``), so no
list of acronyms lives in code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# joining words stay lower case inside a name ("Islamic Republic of Iran")
_MINOR_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "al", "el", "de", "du", "la", "von", "van"})
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9.&]{1,9}$")


def acronyms_of(entries: Iterable[str]) -> set[str]:
    """The all-capital words (two to ten characters, dots dropped) among ``entries``:
    ``["IRGC", "the U.S.", "Islamic State"]`` -> ``{"IRGC", "US"}``."""
    out = set()
    for entry in entries:
        for word in str(entry).rstrip("*").split():
            if _ACRONYM.match(word) and any(c.isalpha() for c in word):
                out.add(word.replace(".", ""))
    return out


def title_from_id(key: object, acronyms: Iterable[str] = ()) -> str:
    """``key`` as words: underscores as spaces, each word capitalised, a word that is
    one of ``acronyms`` (compared case-insensitively) upper-cased, joining words
    lower case after the first: ``united_states`` -> "United States",
    ``irgc`` with ``{"IRGC"}`` -> "IRGC". Words already holding a capital keep it."""
    known = {a.upper() for a in acronyms}
    words = str(key).replace("_", " ").split()
    out = []
    for i, word in enumerate(words):
        if word.upper() in known:
            out.append(word.upper())
        elif i > 0 and word.lower() in _MINOR_WORDS:
            out.append(word.lower())
        elif word != word.lower():  # "McCain", "ISIS": written by hand, keep it
            out.append(word)
        else:
            out.append(word[:1].upper() + word[1:])
    return " ".join(out)
