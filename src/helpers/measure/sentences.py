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

Measured against NLTK's Punkt (``PunktTrainer`` on the same texts plus
:data:`ABBREVIATIONS`; ``python -m bench.libraries --data devdata``) on 792
sentences (the seed's segments and 30 BASIL articles; the 57 boundaries where
this splitter, Punkt and BASIL's own sentence list disagree decided by hand,
``bench/sentence_check.csv``): boundary F1 0.993 here (precision 0.986, recall
1.000) against 0.954 for Punkt (0.959, 0.948; Punkt splits before ``he said``
after ``?"`` and after ``(D-Nev.)``, and misses boundaries after words it
learnt as collocations). This splitter is kept; its misses are titles before a
name (``former Cong. Rob``) and datelines (``HARTFORD, Conn. —``).
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

# Abbreviations that often end a sentence ("... in the U.S. He said"): they end
# one when the next word is a typical sentence opener.
FINAL_ABBREVIATIONS = frozenset("u.s u.k u.n e.u u.s.a u.a.e d.c a.m p.m etc".split())
SENTENCE_OPENERS = frozenset("""
he she it they we i you the this that these those there its his her their our
but and however meanwhile in on at a an officials when while after
""".split())


def _abbreviation_holds(word: str, text: str, nxt: int) -> bool:
    """Whether a period after ``word`` (lower case) is an abbreviation's, not a sentence end.

    ``nxt`` is the offset of the next non-space character.
    """
    if len(word) == 1 and word.isalpha():
        return True  # an initial
    if word not in ABBREVIATIONS:
        return False
    if word in FINAL_ABBREVIATIONS:
        m = _NEXT_WORD_RE.match(text, nxt)
        if m and m.group(0)[0].isupper() and m.group(0).lower() in SENTENCE_OPENERS:
            return False
    return True


_NEXT_WORD_RE = re.compile(r"[^\W_]+")
_END_RE = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)")


_JOINERS = "'’-‐‑"
_TERMINATORS = ".!?…"
_CLOSER_CHARS = "\"'”’»)]"
# character classes as bit flags, looked up once per character
ALNUM, DIGIT, SPACE, LOWER, JOINER, TERM, CLOSER, DOTCOMMA = (1 << i for i in range(8))
_LOW_TABLE = 0x3000  # the table covers these code points; rarer ones are computed on demand
_TABLE: list[np.ndarray] = []


def _flags_of(ch: str) -> int:
    return ((ALNUM if ch.isalnum() else 0) | (DIGIT if ch.isdecimal() else 0)
            | (SPACE if ch.isspace() else 0) | (LOWER if ch.islower() else 0)
            | (JOINER if ch in _JOINERS else 0) | (TERM if ch in _TERMINATORS else 0)
            | (CLOSER if ch in _CLOSER_CHARS else 0) | (DOTCOMMA if ch in ".," else 0))


def char_flags(codes: np.ndarray) -> np.ndarray:
    """uint8 class flags of every code point."""
    if not _TABLE:
        _TABLE.append(np.array([_flags_of(chr(i)) for i in range(_LOW_TABLE)], dtype=np.uint8))
    table = _TABLE[0]
    if len(codes) == 0 or codes.max() < _LOW_TABLE:
        return table[codes]
    low = codes < _LOW_TABLE
    out = np.zeros(len(codes), dtype=np.uint8)
    out[low] = table[codes[low]]
    uniq, inv = np.unique(codes[~low], return_inverse=True)
    out[~low] = np.array([_flags_of(chr(c)) for c in uniq.tolist()], dtype=np.uint8)[inv]
    return out


def codepoints(text: str) -> np.ndarray:
    # surrogatepass: a lone surrogate (broken input) is one code point like any other
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def token_starts(text: str) -> np.ndarray:
    """Offsets where tokens start in ``text``: the vectorised twin of ``TOKEN_RE``.

    Used to count tokens of many spans at once (``np.searchsorted`` on the
    result); tests check it agrees with ``TOKEN_RE`` on arbitrary text.
    """
    if not text:
        return np.zeros(0, dtype=np.int64)
    return _token_starts_flags(char_flags(codepoints(text)))


def _token_starts_flags(flags: np.ndarray) -> np.ndarray:
    """Token starts: an alnum char not preceded by an alnum char or a joiner between alnums."""
    alnum = (flags & ALNUM) != 0
    # an alnum character after a non-alnum one (True > False), plus the first character
    idx = np.flatnonzero(alnum[1:] > alnum[:-1]) + 1
    if len(alnum) and alnum[0]:
        idx = np.concatenate(([0], idx))
    # a candidate at i continues the previous token if i-1 joins two alnum chars
    j = idx[idx >= 2]
    f1 = flags[j - 1]
    joined = ((f1 & JOINER) > 0) & alnum[j - 2]
    dc = ((f1 & DOTCOMMA) > 0) & ((flags[j] & DIGIT) > 0) & ((flags[j - 2] & DIGIT) > 0)
    drop = np.zeros(len(idx), dtype=bool)
    drop[len(idx) - len(j):] = joined | dc
    return idx[~drop].astype(np.int64)


def count_tokens(text: str) -> int:
    """Number of tokens in ``text`` (see the module docstring for the definition)."""
    return len(TOKEN_RE.findall(text))


def count_tokens_many(texts) -> np.ndarray:
    """Token counts of many strings as an int64 array (same definition as :func:`count_tokens`).

    Vectorised: the strings are joined by a newline (neither a token character
    nor a joiner, so no token spans two strings) and :func:`token_starts` is
    counted per string with ``np.searchsorted``.
    """
    texts = list(texts)
    if not texts:
        return np.zeros(0, dtype=np.int64)
    lens = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    begin = np.concatenate(([0], np.cumsum(lens + 1)[:-1]))
    starts = token_starts("\n".join(texts))
    return (np.searchsorted(starts, begin + lens, side="left")
            - np.searchsorted(starts, begin, side="left")).astype(np.int64)


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
            if _abbreviation_holds(word, text, after):
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


def _step_while(flags: np.ndarray, pos: np.ndarray, flag: int, step: int, limit: int
                ) -> np.ndarray:
    """Move each position by ``step`` while its character has ``flag`` (and stays in range)."""
    pos = pos.copy()
    active = np.flatnonzero((pos >= 0) & (pos < limit))
    active = active[(flags[pos[active]] & flag) > 0]
    while len(active):
        pos[active] += step
        inside = (pos[active] >= 0) & (pos[active] < limit)
        active = active[inside]
        active = active[(flags[pos[active]] & flag) > 0]
    return pos


_WORD_PREFIX = "(\"'“‘«["
_WORD_PREFIX_CODES = np.array([ord(c) for c in _WORD_PREFIX], dtype=np.uint32)
_LOOK_BACK = 9  # abbreviations are short: look back a few characters only
_LONGEST_ABBREVIATION = max(map(len, ABBREVIATIONS))
_PACKED = _LONGEST_ABBREVIATION + 1


def _pack(word_codes: np.ndarray, length: np.ndarray) -> np.ndarray:
    """One int64 per word: its first ``_PACKED`` ASCII codes (7 bits each) and its length.

    Unique for words of at most ``_PACKED`` characters (46 bits in all).
    """
    key = np.zeros(len(word_codes), dtype=np.int64)
    for i in range(_PACKED):
        key = key * 128 + word_codes[:, i]
    return key * 16 + np.minimum(length, 15)


def _abbreviation_keys(words) -> np.ndarray:
    rows = np.zeros((len(words), _LOOK_BACK), dtype=np.int64)
    for r, w in enumerate(words):
        rows[r, :len(w)] = [ord(c) for c in w]
    return np.sort(_pack(rows, np.array([len(w) for w in words], dtype=np.int64)))


# [all abbreviations, the sentence-final ones], built on first use
_ABBR_KEYS: list[np.ndarray] = []


def _abbreviation_periods(codes: np.ndarray, text: str, q: np.ndarray, nxt: np.ndarray
                          ) -> np.ndarray:
    """Whether each bare period ``q[k]`` ends an abbreviation or an initial (not a sentence).

    The vectorised twin of the per-period rule: the word is the text between
    the last space, newline or tab in the ``_LOOK_BACK`` characters before the
    period and the period, without leading brackets and quote marks (a period
    with no such whitespace far from the text start ends no abbreviation).
    ASCII words are looked up as packed integer keys; sentence-final
    abbreviations (``U.S.``), which depend on the next word, and non-ASCII
    words go through :func:`_abbreviation_holds`. ``nxt[k]`` is the offset of
    the next non-space character.
    """
    m = len(q)
    holds = np.zeros(m, dtype=bool)
    if m == 0:
        return holds
    if not _ABBR_KEYS:
        _ABBR_KEYS.append(_abbreviation_keys(sorted(ABBREVIATIONS)))
        _ABBR_KEYS.append(_abbreviation_keys(sorted(FINAL_ABBREVIATIONS)))
    q = q.astype(np.int64)
    # the look-back window, left to right: window[:, i] is the character at q - W + i
    offs = np.arange(-_LOOK_BACK, 0, dtype=np.int64)
    pos = q[:, None] + offs[None, :]
    inside = pos >= 0
    win = np.where(inside, codes[np.maximum(pos, 0)].astype(np.int64), 0)
    is_ws = inside & ((win == 32) | (win == 10) | (win == 9))
    has_ws = is_ws.any(axis=1)
    last_ws = _LOOK_BACK - 1 - np.argmax(is_ws[:, ::-1], axis=1)        # column of the last one
    first = np.where(has_ws, last_ws + 1, np.argmax(inside, axis=1))     # first column of the word
    live = has_ws | (q <= _LOOK_BACK)
    col = np.arange(_LOOK_BACK)[None, :]
    in_word = (col >= first[:, None]) & inside
    is_prefix = np.isin(win, _WORD_PREFIX_CODES) & in_word
    # leading prefix marks: in the word and every earlier word character a mark too
    lead = np.cumsum(in_word & ~is_prefix, axis=1) == 0
    chars = in_word & ~(is_prefix & lead)
    length = chars.sum(axis=1)
    ascii_word = ~(chars & (win >= 128)).any(axis=1)
    # shift each word to the left edge, lower-case ASCII letters
    start = np.where(length > 0, np.argmax(chars, axis=1), 0)
    gather = np.minimum(start[:, None] + col, _LOOK_BACK - 1)
    words = np.take_along_axis(win, gather, axis=1)
    words = np.where(col < length[:, None], words, 0)
    upper = (words >= 65) & (words <= 90)
    words = np.where(upper, words + 32, words)
    key = _pack(words, length)
    short = length <= _LONGEST_ABBREVIATION
    known = short & np.isin(key, _ABBR_KEYS[0])
    final = short & np.isin(key, _ABBR_KEYS[1])
    initial = (length == 1) & (((words[:, 0] >= 97) & (words[:, 0] <= 122)))
    holds = live & ascii_word & ((initial | known) & ~final)
    check = np.flatnonzero(live & ((~ascii_word & (length <= _LONGEST_ABBREVIATION + 1)) | final))
    ws_off = q - _LOOK_BACK + first - 1  # offset of the whitespace (or -1 near the start)
    for k in check.tolist():
        word = text[int(ws_off[k]) + 1:int(q[k])].lstrip(_WORD_PREFIX).lower()
        holds[k] = _abbreviation_holds(word, text, int(nxt[k]))
    return holds


def _sentence_bounds(flags: np.ndarray, codes: np.ndarray, text: str, seg_start: np.ndarray,
                     seg_end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised :func:`sentence_spans` over many segments laid out in one string.

    ``flags`` are the character classes of ``text``; segment k is
    ``text[seg_start[k]:seg_end[k]]``, segments separated by whitespace.
    Works on candidate positions only (terminators), not on every character.
    Returns sorted (start, end) arrays of sentences.
    """
    n = len(flags)
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    term_at = np.flatnonzero(flags & TERM)
    # the end of each terminator run plus closing marks; runs are taken once, from their start
    if len(term_at):
        run_start = np.ones(len(term_at), dtype=bool)
        run_start[1:] = term_at[1:] != term_at[:-1] + 1
        term_at = term_at[run_start]
    p = _step_while(flags, term_at, TERM, 1, n)
    p = _step_while(flags, p, CLOSER, 1, n)
    ok = p < n
    ok[ok] = (flags[p[ok]] & SPACE) > 0
    p, t0 = p[ok], term_at[ok]
    # the next non-space character must be in the same segment and not lower case
    seg = np.searchsorted(seg_start, p, side="right") - 1
    nxt = _step_while(flags, p, SPACE, 1, n)
    ok = nxt < seg_end[seg]
    ok[ok] = (flags[nxt[ok]] & LOWER) == 0
    # a bare "." after an abbreviation or an initial is not a boundary
    bare = np.flatnonzero(ok & (p == t0 + 1) & (codes[t0] == ord(".")))
    ok[bare[_abbreviation_periods(codes, text, t0[bare], nxt[bare])]] = False
    p, nxt = p[ok], nxt[ok]
    starts = np.sort(np.concatenate((seg_start, nxt)))
    ends = np.sort(np.concatenate((p, seg_end)))
    # trim whitespace; drop empty sentences
    s_t = _step_while(flags, starts, SPACE, 1, n)
    e_t = _step_while(flags, ends - 1, SPACE, -1, n) + 1
    keep = (starts < ends) & (s_t < e_t)
    return s_t[keep], e_t[keep]


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
    # all segment texts in one string, separated by a newline (whitespace, not a token)
    lens = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    base = np.concatenate(([0], np.cumsum(lens + 1)[:-1]))
    big = "\n".join(texts)
    codes = codepoints(big)
    flags = char_flags(codes)
    g_start, g_end = _sentence_bounds(flags, codes, big, base, base + lens)
    k_arr = np.searchsorted(base, g_start, side="right") - 1
    s_arr = g_start - base[k_arr]
    e_arr = g_end - base[k_arr]
    starts = _token_starts_flags(flags)
    n_tok = np.searchsorted(starts, g_end, side="left") - np.searchsorted(starts, g_start, side="left")
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
