"""House style that is not wording: what distinctive-term counts leave out.

An outlet's own name, its datelines ("WASHINGTON —"), honorifics it
prefixes to every surname ("Mr."), the way it writes initialisms ("U.S."
split into the tokens ``u`` and ``s``) and bare numbers separate outlets
without saying anything about how they frame a story; left in, they top
every distinctive-terms list (Monroe, Colaresi & Quinn 2008 drop such
tokens before the log-odds comparison for the same reason).

Texts are masked *length for length* (a masked character becomes ``|``,
which is neither a token character nor whitespace, so nothing is counted
and no n-gram crosses it), so the offsets of quotations still hold, and
initialisms are rewritten length for length as one token.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..core.normalize import fold

# Honorifics prefixed to names in news house styles (AP Stylebook and The New York
# Times Manual of Style and Usage use "Mr."/"Ms." on second reference): an n-gram
# containing one is dropped.
HONORIFICS = frozenset({"mr", "mrs", "ms", "messrs", "mme", "dr", "prof", "sen", "rep", "gov", "gen",
                        "lt", "col", "sgt", "capt", "rev", "hon", "st"})
MASK = "|"
# Joins the letters of an initialism into one token ("U.S." -> "U\u2011S "): U+2011
# NON-BREAKING HYPHEN is a token joiner (helpers.measure.sentences) and is written
# back as a dot by :func:`term_word`.
_INITIAL_JOIN = "\u2011"
# from the first dot on (a literal first character lets the regex engine skip ahead
# fast); the letter before it and the boundaries are checked in _initialisms
_INITIALISM_RE = re.compile(r"\.(?:[A-Za-z]\.)+")
_INITIALISM_TOKEN_RE = re.compile(r"[A-Za-z](?:\u2011[A-Za-z])+")
_NUMBER_RE = re.compile(r"[\d.,]+")
# A dateline at the very start of an article's first paragraph after the headline:
# a place in capitals, optionally ", Region" and "(Agency)", then a dash or colon,
# e.g. "WASHINGTON —", "BEIRUT, Lebanon (AP) -", "TEHRAN (Reuters) --".
_DATELINE_RE = re.compile(
    r"[ \t]*[A-Z][A-Z'’.\-]{2,}(?:[ \t]+[A-Z][A-Z'’.\-]+)*"
    r"(?:,[ \t]*[A-Z][A-Za-z'’.\-]+(?:[ \t]+[A-Z][A-Za-z'’.\-]+)?)?"
    r"[ \t]*(?:\([^()\n]{1,40}\))?[ \t]*(?:[—–]|-{1,2}|:)")


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _initialisms(text: str) -> str:
    """Single-letter initialisms (``U.S.``) as one token, length for length."""
    pieces, last = [], 0
    for m in _INITIALISM_RE.finditer(text):
        a, b = m.start() - 1, m.end()
        if a < 0 or not ("A" <= text[a] <= "Z" or "a" <= text[a] <= "z"):
            continue
        if a > 0 and (_is_word(text[a - 1]) or text[a - 1] in "." + _INITIAL_JOIN):
            continue
        if b < len(text) and _is_word(text[b]):
            continue
        pieces.append(text[last:a])
        pieces.append(text[a:b - 1].replace(".", _INITIAL_JOIN) + " ")
        last = b
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


def term_word(token: str) -> str:
    """The counted form of a token as written: :func:`helpers.core.normalize.fold`,
    except an initialism joined by :func:`mask_house_style`, written back with dots
    (``U.S.`` -> ``u.s.``)."""
    if _INITIAL_JOIN in token and _INITIALISM_TOKEN_RE.fullmatch(token):
        return token.replace(_INITIAL_JOIN, ".").lower() + "."
    return fold(token)


def is_house_word(word: str) -> bool:
    """A counted word that is house style: an honorific or a bare number."""
    return word in HONORIFICS or bool(_NUMBER_RE.fullmatch(word))


def _name_pattern(names: Iterable[str]) -> re.Pattern | None:
    """One regex for the outlets' names as written, in capitals, and without a leading
    "The", with an optional possessive; longest first so a full name wins."""
    forms = set()
    for name in names:
        name = " ".join(str(name).split())
        if len(name) < 3:
            continue
        short = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)
        for f in (name, short, name.upper(), short.upper()):
            if len(f) >= 3:
                forms.add(f)
    if not forms:
        return None
    alts = "|".join(r"\s+".join(map(re.escape, f.split())) for f in sorted(forms, key=lambda f: (-len(f), f)))
    # no look-behind: a pattern opening with literal alternatives is searched fast;
    # _masked checks the character before
    return re.compile(rf"(?:{alts})(?:['’]s)?(?!\w)")


def _masked(m: re.Match) -> str:
    a = m.start()
    if a > 0 and _is_word(m.string[a - 1]):
        return m.group(0)
    return MASK * len(m.group(0))


def first_after_headline(segments: pd.DataFrame) -> np.ndarray:
    """Per row: is it its article's first segment after the headline (where a
    dateline stands)? ``segments`` in reading order (article, segment_index)."""
    if "segment" not in segments.columns:
        return np.zeros(len(segments), dtype=bool)
    after = (segments["segment"].astype(str) != "headline").to_numpy()
    aid = segments["article_id"].astype(str).to_numpy()
    seen = pd.Series(np.where(after, aid, "")).duplicated().to_numpy()
    return after & ~seen


def mask_house_style(texts, outlet_names: Iterable[str], dateline_rows=None) -> list[str]:
    """``texts`` with house style masked, length for length.

    ``outlet_names``' occurrences (as written, in capitals, without a leading
    "The", with a possessive) become ``|``, and so does a dateline at the start
    of the texts flagged in ``dateline_rows`` (:func:`first_after_headline`);
    initialisms of single letters with dots (``U.S.``, ``U.N.``, ``D.C.``)
    become one token (their last dot a space, so ``U.S. officials`` is the
    bigram ``u.s. officials``). The texts are joined by NUL for one regex pass
    per rule.
    """
    texts = [str(t) for t in texts]
    if not texts:
        return []
    pattern = _name_pattern(outlet_names)

    def one(text: str) -> str:
        text = _initialisms(text)
        return pattern.sub(_masked, text) if pattern is not None else text

    out = one("\0".join(texts)).split("\0")
    if len(out) != len(texts):  # a NUL inside a text: one text at a time
        out = [one(t) for t in texts]
    rows = np.flatnonzero(np.asarray(dateline_rows, dtype=bool)) if dateline_rows is not None else []
    for i in rows:
        m = _DATELINE_RE.match(out[i])
        if m and m.end() < len(out[i]):   # a dateline leads into text, it is not the text
            out[i] = MASK * m.end() + out[i][m.end():]
    return out
