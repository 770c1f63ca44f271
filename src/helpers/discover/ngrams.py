"""Word and n-gram counts of the collocation test as integer codes, and their sum over chunks.

The collocation test (:func:`helpers.discover.terms.collocations`) needs, over the
whole corpus, the count of every word, and of the adjacent pairs, triples and
skip-pairs ((w1, w3) of a triple) that could be a candidate phrase or part of one.
Held as ``Counter``\\ s of string tuples these took ~200 bytes per distinct n-gram in
the process that adds the chunks up (1.4 GB at 2,790 real articles); here each chunk's
tokens become integer codes of the chunk's sorted vocabulary, an n-gram one int64
(``a * V + b``; a triple ``p * V + c``, ``p`` the position of its first pair), counted
with ``np.unique`` (16 bytes per distinct n-gram of a chunk with its count, no Python
loop over tokens), and the chunks' tables are added up by one sort per kind.

What is left out is never read, so the phrases found are the same as from full counts:

* in a chunk, the n-grams no candidate reads: pairs whose two words are both
  stop words or one letter (a candidate pair has neither; a candidate triple's
  sub-pairs have one good end), triples and skip-pairs with such a first or last word;
* in the sum (:func:`add_ngram_tables`), n-grams with a word written once in the
  corpus, triples whose first pair is written once (an n-gram seen twice has each of
  its words and sub-n-grams seen twice), and then every n-gram seen fewer than
  ``keep`` times (default 2, the test's minimum count).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass
class NgramTable:
    """Counts of words and n-grams. ``vocab``: sorted words (object array); ``words``: the count
    of each; ``n``: all tokens. Each kind: (keys, counts), keys sorted and unique: pairs and
    skips ``a * V + b`` (V = ``len(vocab)``), triples ``p * V + c`` where ``p`` is the position
    of the triple's first pair in ``pairs`` (so no key needs V**3). ``keep``: n-grams seen
    fewer times were left out (1: none)."""

    vocab: np.ndarray
    words: np.ndarray
    n: int
    pairs: tuple[np.ndarray, np.ndarray]
    triples: tuple[np.ndarray, np.ndarray]
    skips: tuple[np.ndarray, np.ndarray]
    keep: int = 1


def _empty(keep: int = 1) -> NgramTable:
    none = (np.zeros(0, np.int64), np.zeros(0, np.int64))
    return NgramTable(np.asarray([], dtype=object), np.zeros(0, np.int64), 0, none, none, none, keep)


def _good(vocab: np.ndarray, stop: frozenset[str]) -> np.ndarray:
    """Words that may start or end a candidate phrase: no stop word, at least two letters."""
    return np.fromiter((len(w) >= 2 and w not in stop for w in vocab), bool, len(vocab))


def _unique(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    k, c = np.unique(keys, return_counts=True)
    return k, c.astype(np.int64)


def ngram_table(docs: list[list[str]], stop: frozenset[str]) -> NgramTable:
    """The counts of one chunk's tokenised documents (n-grams within a document)."""
    flat = [w for toks in docs for w in toks]
    if not flat:
        return _empty()
    codes, vocab = pd.factorize(np.asarray(flat, dtype=object), sort=True)
    size = len(vocab)
    codes = codes.astype(np.int64)
    vocab = np.asarray(vocab, dtype=object)
    good = _good(vocab, stop)
    doc = np.repeat(np.arange(len(docs), dtype=np.int64), [len(t) for t in docs])
    a, b = codes[:-1], codes[1:]
    keep = (doc[:-1] == doc[1:]) & (good[a] | good[b])
    pairs = _unique(a[keep] * size + b[keep])
    a, b, c = codes[:-2], codes[1:-1], codes[2:]
    keep = (doc[:-2] == doc[2:]) & good[a] & good[c]
    a, b, c = a[keep], b[keep], c[keep]
    triples = _unique(np.searchsorted(pairs[0], a * size + b) * size + c)  # (a, b) has a good end: a pair
    skips = _unique(a * size + c)
    return NgramTable(vocab, np.bincount(codes, minlength=size).astype(np.int64), len(codes), pairs, triples, skips)


def _sum(keys: list[np.ndarray], counts: list[np.ndarray], keep: int) -> tuple[np.ndarray, np.ndarray]:
    """Keys (any order, repeated) and counts -> sorted unique keys and summed counts >= keep."""
    k = np.concatenate(keys) if keys else np.zeros(0, np.int64)
    c = np.concatenate(counts) if counts else np.zeros(0, np.int64)
    del keys[:], counts[:]  # the parts' copies go as soon as they are joined
    order = np.argsort(k, kind="stable")
    k, c = k[order], c[order]
    del order
    if not len(k):
        return k, c
    starts = np.flatnonzero(np.r_[True, k[1:] != k[:-1]])
    k, c = k[starts], np.add.reduceat(c, starts)
    m = c >= keep
    return k[m], c[m]


def add_ngram_tables(parts: list[NgramTable], keep: int = 2) -> NgramTable:
    """The sum of the tables of disjoint documents, n-grams seen fewer than ``keep`` times left
    out (module doc)."""
    parts = [p for p in parts if p.n]
    if not parts:
        return _empty(keep)
    vocab = np.asarray(pd.Index(np.concatenate([p.vocab for p in parts])).unique().sort_values(), dtype=object)
    size = len(vocab)
    index = pd.Index(vocab)
    maps = [index.get_indexer(p.vocab).astype(np.int64) for p in parts]
    words = np.zeros(size, np.int64)
    for p, m in zip(parts, maps):
        words[m] += p.words  # m is one-to-one (a chunk's vocabulary has each word once)
    seen = words >= min(keep, 2)  # each word of an n-gram seen twice is seen twice

    def pair_codes(p: NgramTable, m: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        a, b = np.divmod(keys, len(p.vocab))
        return m[a], m[b]

    def gather(kind: str) -> tuple[list, list]:
        keys, counts = [], []
        for p, m in zip(parts, maps):
            k, c = getattr(p, kind)
            a, b = pair_codes(p, m, k)
            ok = seen[a] & seen[b]
            keys.append(a[ok] * size + b[ok])
            counts.append(c[ok])
        return keys, counts

    pairs = _sum(*gather("pairs"), keep)
    skips = _sum(*gather("skips"), keep)
    keys, counts = [], []
    for p, m in zip(parts, maps):
        k, c = p.triples
        pos, last = np.divmod(k, len(p.vocab))
        a, b = pair_codes(p, m, p.pairs[0][pos])
        where = lookup_position(pairs[0], a * size + b)  # -1: the first pair was seen too rarely
        ok = (where >= 0) & seen[m[last]]
        keys.append(where[ok] * size + m[last][ok])
        counts.append(c[ok])
    triples = _sum(keys, counts, keep)
    return NgramTable(vocab, words, sum(p.n for p in parts), pairs, triples, skips, keep)


def lookup_position(keys: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """The position of each of ``wanted`` in the sorted unique ``keys``, -1 where absent."""
    if not len(keys):
        return np.full(len(wanted), -1, np.int64)
    pos = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    return np.where(keys[pos] == wanted, pos, -1)


def lookup(table: tuple[np.ndarray, np.ndarray], wanted: np.ndarray) -> np.ndarray:
    """The counts of ``wanted`` keys in a (sorted keys, counts) table, 0 where absent."""
    pos = lookup_position(table[0], wanted)
    return np.where(pos >= 0, table[1][np.maximum(pos, 0)] if len(table[1]) else 0, 0)
