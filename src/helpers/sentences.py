"""Sentences and tokens of the clean text.

Tokens (the one definition used for every rate in the study): a *token* is a
maximal run of letters and/or digits, optionally joined by single internal
apostrophes (``'`` or ``’``), hyphens (``-``, ``‐``, ``‑``), or, between digits,
``.`` / ``,``. So ``Iran's``, ``Shi'ite``, ``doesn't``, ``short-range``,
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

TOKEN_PATTERN = r"\d+(?:[.,]\d+)+|[^\W_]+(?:['’\-‐‑][^\W_]+)*"
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
_PREV_WORD_RE = re.compile(r"(\S+)$")


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
        pw = _PREV_WORD_RE.search(text, 0, m.start())
        if pw:
            word = pw.group(1).lstrip("(\"'“‘«[").lower()
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


def split_sentences(segments: pd.DataFrame) -> pd.DataFrame:
    """Split every segment into sentences (schema ``sentences.csv``).

    ``segments`` follows the segments.csv contract (article_id, segment_index,
    segment, start, text at least). Offsets are into the article's clean text;
    ``sentence_index`` runs over the whole article in reading order.
    """
    if segments.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in
                             ("sentence_index", "segment_index", "start", "end", "n_tokens")
                             else "object") for c in SENTENCE_COLUMNS})
    seg = segments.sort_values(["article_id", "segment_index"], kind="stable")
    art_out: list = []
    idx_out: list[int] = []
    segname_out: list = []
    segidx_out: list[int] = []
    start_out: list[int] = []
    end_out: list[int] = []
    ntok_out: list[int] = []
    findall = TOKEN_RE.findall
    prev_article = object()
    counter = 0
    for aid, sidx, sname, sstart, text in zip(seg["article_id"].tolist(),
                                              seg["segment_index"].tolist(),
                                              seg["segment"].tolist(),
                                              seg["start"].tolist(),
                                              seg["text"].tolist()):
        if aid != prev_article:
            prev_article = aid
            counter = 0
        for s, e in sentence_spans(text):
            art_out.append(aid)
            idx_out.append(counter)
            counter += 1
            segname_out.append(sname)
            segidx_out.append(sidx)
            start_out.append(sstart + s)
            end_out.append(sstart + e)
            ntok_out.append(len(findall(text[s:e])))
    return pd.DataFrame({
        "article_id": art_out,
        "sentence_index": np.asarray(idx_out, dtype=np.int64),
        "segment": segname_out,
        "segment_index": np.asarray(segidx_out, dtype=np.int64),
        "start": np.asarray(start_out, dtype=np.int64),
        "end": np.asarray(end_out, dtype=np.int64),
        "n_tokens": np.asarray(ntok_out, dtype=np.int64),
    })
