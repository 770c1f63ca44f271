"""Sentences and tokens of the clean text.

Tokens (the one definition used for every rate in the study): a *token* is a
maximal run of letters and/or digits (``str.isalnum``), optionally joined by
single internal apostrophes (``'`` or ``’``), hyphens (``-``, ``‐``, ``‑``), or,
between two digits, ``.`` / ``,``. So ``Iran's``, ``Shi'ite``, ``doesn't``, ``short-range``,
``2,000`` and ``3.5`` are one token each; punctuation, quote marks, ``*`` and
``©`` are not tokens. This is a regexp tokenizer in the spirit of NLTK's
``RegexpTokenizer`` (Bird, Klein & Loper 2009, ch. 3.7), kept as one compiled
pattern so counting is fast and needs no data files.

Sentences: a rule-based splitter (cf. Grefenstette & Tapanainen 1994; Kiss &
Strunk 2006 on abbreviations) over each segment separately, so a sentence never
crosses a segment boundary. A candidate boundary is a run of ``.``, ``!``,
``?`` or ``…`` plus any closing quote marks or brackets, followed by
whitespace and a character that is not a lower-case letter. A ``.`` candidate is
rejected after a known abbreviation (``Mr.``, ``Gen.``, ``U.S.``, ``Jan.`` ...)
or a single-letter initial (``J.``). Closing quotes belong to the sentence they
close (``... of them."`` ends after the ``"``).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

TOKEN_PATTERN = r"[^\W_]+(?:(?:['’\-‐‑]|(?<=\d)[.,](?=\d))[^\W_]+)*"
TOKEN_RE = re.compile(TOKEN_PATTERN)

SENTENCE_COLUMNS = ["article_id", "sentence_index", "segment", "segment_index",
                    "start", "end", "n_tokens"]

# Lower-cased, without the final period. Titles, months, and common news
# abbreviations; multi-dot ones are matched by their full form ("u.s").
ABBREVIATIONS = frozenset("""
mr mrs ms dr prof gen lt col maj capt cmdr adm sgt cpl pvt rep sen gov pres
st jr sr rev hon amb sec dept corp inc ltd co bros no nos vol fig
jan feb mar apr jun jul aug sep sept oct nov dec
mon tue tues wed thu thur thurs fri sat sun
approx est vs etc al cf ca
u.s u.k u.n e.u u.s.a u.a.e d.c a.m p.m e.g i.e
""".split())

_END_RE = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)")


_JOINERS = "'’-‐‑"
_LOW_TABLE = 0x3000  # lookup tables cover these code points; rarer ones are computed on demand
_TABLES: dict[str, np.ndarray] = {}


def _char_tables() -> dict[str, np.ndarray]:
    if not _TABLES:
        chars = [chr(i) for i in range(_LOW_TABLE)]
        _TABLES["alnum"] = np.array([c.isalnum() for c in chars], dtype=bool)
        _TABLES["digit"] = np.array([c.isdecimal() for c in chars], dtype=bool)
    return _TABLES


def _classes(codes: np.ndarray, name: str, test) -> np.ndarray:
    table = _char_tables()[name]
    low = codes < _LOW_TABLE
    out = np.zeros(len(codes), dtype=bool)
    out[low] = table[codes[low]]
    if not low.all():
        high = codes[~low]
        uniq, inv = np.unique(high, return_inverse=True)
        out[~low] = np.array([test(chr(c)) for c in uniq.tolist()], dtype=bool)[inv]
    return out


def token_starts(text: str) -> np.ndarray:
    """Offsets where tokens start in ``text``: the vectorised twin of ``TOKEN_RE``.

    Used to count tokens of many spans at once (``np.searchsorted`` on the
    result); tests check it agrees with ``TOKEN_RE`` on arbitrary text.
    """
    if not text:
        return np.zeros(0, dtype=np.int64)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    alnum = _classes(codes, "alnum", str.isalnum)
    prev1 = np.concatenate(([False], alnum[:-1]))
    prev2 = np.concatenate(([False, False], alnum[:-2]))
    c1 = np.concatenate(([0], codes[:-1]))
    joiner = np.zeros(len(codes), dtype=bool)
    for ch in _JOINERS:
        joiner |= c1 == ord(ch)
    dotcomma = (c1 == ord(".")) | (c1 == ord(","))
    if dotcomma.any():
        digit = _classes(codes, "digit", str.isdecimal)
        prevdigit2 = np.concatenate(([False, False], digit[:-2]))
        joiner |= dotcomma & digit & prevdigit2
    joined = joiner & prev2
    return np.flatnonzero(alnum & ~prev1 & ~joined).astype(np.int64)


def count_tokens(text: str) -> int:
    """Number of tokens in ``text`` (see the module docstring for the definition)."""
    return len(TOKEN_RE.findall(text))


def count_tokens_many(texts) -> np.ndarray:
    """Token counts of many strings as an int64 array (same definition as :func:`count_tokens`)."""
    findall = TOKEN_RE.findall
    return np.fromiter((len(findall(t)) for t in texts), dtype=np.int64, count=len(texts))


def tokenize(text: str) -> list[str]:
    """The tokens of ``text``."""
    return TOKEN_RE.findall(text)


def _is_boundary(text: str, m: re.Match) -> bool:
    """Whether the terminator run ``m`` really ends a sentence."""
    after = m.end()
    n = len(text)
    while after < n and text[after].isspace():
        after += 1
    if after >= n:
        return False  # end of segment is a boundary anyway
    if text[after].islower():
        return False
    if m.group(0) == ".":
        # Only a bare period can be an abbreviation or an initial.
        cut = m.start()
        ws = max(text.rfind(" ", 0, cut), text.rfind("\n", 0, cut), text.rfind("\t", 0, cut))
        if cut > ws + 1:
            word = text[ws + 1:cut].lstrip("(\"'“‘«[").lower()
            if word in ABBREVIATIONS:
                return False
            if len(word) == 1 and word.isalpha():
                return False
    return True


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of one segment text, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _END_RE.finditer(text):
        if _is_boundary(text, m):
            spans.append((pos, m.end()))
            pos = m.end()
    spans.append((pos, len(text)))
    out = []
    for s, e in spans:
        seg = text[s:e]
        stripped = seg.strip()
        if not stripped:
            continue
        s2 = s + (len(seg) - len(seg.lstrip()))
        out.append((s2, s2 + len(stripped)))
    return out


def _run_index(codes: np.ndarray) -> np.ndarray:
    """0, 1, 2 ... restarting wherever ``codes`` (sorted runs) changes."""
    n = len(codes)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    change = np.ones(n, dtype=bool)
    change[1:] = codes[1:] != codes[:-1]
    first = np.maximum.accumulate(np.where(change, np.arange(n), 0))
    return np.arange(n, dtype=np.int64) - first


def split_sentences(segments: pd.DataFrame) -> pd.DataFrame:
    """Split every segment into sentences (schema ``sentences.csv``).

    ``segments`` follows the segments.csv contract (article_id, segment_index,
    segment, start, text at least). Offsets are into the article's clean text;
    ``sentence_index`` runs over the whole article in reading order. Token
    counts are vectorised (:func:`token_starts` over all segments at once).
    """
    if segments.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in
                             ("sentence_index", "segment_index", "start", "end", "n_tokens")
                             else "object") for c in SENTENCE_COLUMNS})
    seg = segments.sort_values(["article_id", "segment_index"], kind="stable")
    texts = seg["text"].tolist()
    seg_of: list[int] = []
    s_out: list[int] = []
    e_out: list[int] = []
    for k, text in enumerate(texts):
        for s, e in sentence_spans(text):
            seg_of.append(k)
            s_out.append(s)
            e_out.append(e)
    k_arr = np.asarray(seg_of, dtype=np.int64)
    s_arr = np.asarray(s_out, dtype=np.int64)
    e_arr = np.asarray(e_out, dtype=np.int64)
    # token counts: all segment texts joined by a non-token character
    lens = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    base = np.concatenate(([0], np.cumsum(lens + 1)[:-1]))
    starts = token_starts("\n".join(texts))
    n_tok = (np.searchsorted(starts, base[k_arr] + e_arr, side="left")
             - np.searchsorted(starts, base[k_arr] + s_arr, side="left"))
    art_codes = pd.factorize(seg["article_id"])[0][k_arr]
    return pd.DataFrame({
        "article_id": seg["article_id"].to_numpy(dtype=object)[k_arr],
        "sentence_index": _run_index(art_codes),
        "segment": seg["segment"].to_numpy(dtype=object)[k_arr],
        "segment_index": seg["segment_index"].to_numpy(dtype=np.int64)[k_arr],
        "start": seg["start"].to_numpy(dtype=np.int64)[k_arr] + s_arr,
        "end": seg["start"].to_numpy(dtype=np.int64)[k_arr] + e_arr,
        "n_tokens": n_tok.astype(np.int64),
    })
