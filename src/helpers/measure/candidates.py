"""The automaton's candidate hits, post-processed with numpy.

The Aho-Corasick scan reports every (pattern, start, end) candidate as a
Python tuple; here they become arrays (read back through ``marshal``, about
three times faster than one by one), prefix hits are extended to the end of
their word, overlaps within a category are resolved leftmost first, then
longest, and the matched strings are cut once per distinct string (Arrow
dictionary encoding), not once per hit.
"""

from __future__ import annotations

import marshal
import re

import numpy as np

from .folding import IS_WORD

_TRIPLE = np.dtype([("p", np.int64), ("s", np.int64), ("e", np.int64)])  # (pattern, start, end)
# A list of (int, int, int) in marshal format 2: b"[" + count, then per tuple
# b"(" + 3, b"i" + int32 three times (20 bytes; version 2 has no back-references).
_MARSHALLED_TRIPLE = np.dtype([("tuple", "u1"), ("size", "<i4"), ("tp", "u1"), ("p", "<i4"),
                               ("ts", "u1"), ("s", "<i4"), ("te", "u1"), ("e", "<i4")])
_WORD_RUN = re.compile(rb"[A-Za-z0-9\x01]*")


def triples_to_arrays(found: list[tuple[int, int, int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The automaton's (pattern, start, end) tuples as three int64 arrays.

    ``marshal.dumps`` walks the list in C about three times faster than
    ``np.fromiter``; its fixed 20-byte records are read as a numpy record
    array. If any record is not the expected layout (an int beyond 32 bits, a
    different marshal format), the tuples are converted one by one instead.
    """
    data = marshal.dumps(found, 2)
    if len(data) == 5 + 20 * len(found) and data[:1] == b"[":
        rec = np.frombuffer(data, dtype=_MARSHALLED_TRIPLE, offset=5)
        if ((rec["tuple"] == 0x28) & (rec["size"] == 3) & (rec["tp"] == 0x69) & (rec["ts"] == 0x69)
                & (rec["te"] == 0x69)).all():
            return rec["p"].astype(np.int64), rec["s"].astype(np.int64), rec["e"].astype(np.int64)
    triples = np.fromiter(found, dtype=_TRIPLE, count=len(found))
    return triples["p"], triples["s"], triples["e"]


def word_ends(lower: bytes, ends: np.ndarray) -> np.ndarray:
    """For each offset, the end of the run of word bytes starting there."""
    buf = np.frombuffer(lower, dtype=np.uint8)
    window = 32
    idx = np.minimum(ends[:, None] + np.arange(window), len(buf) - 1)
    nonword = ~IS_WORD[buf[idx]]
    first = nonword.argmax(axis=1)
    out = ends + first
    for k in np.flatnonzero(~nonword.any(axis=1)).tolist():  # words longer than the window
        out[k] = _WORD_RUN.match(lower, int(ends[k])).end()
    return out


def leftmost_longest(cat: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Indices of non-overlapping hits per category, leftmost then longest, in buffer order.

    Offsets are into one batch buffer where texts are separated by a boundary
    byte, so "per category" is also "per article and category". Hits of equal
    category, start and length (capped at 255) keep their input order (the
    automaton's). The result is ordered by start, then category.
    """
    n = len(cat)
    if n == 0:
        return np.empty(0, dtype=np.int64)
    length = np.minimum(end - start, 255)
    ncat = int(cat.max()) + 1
    # buffer order (start, category, longest first): the automaton reports hits
    # almost in start order, so this stable sort is nearly free
    if (int(start.max()) + 1) * ncat * 256 < 2 ** 62:
        by_start = np.argsort((start * ncat + cat) * 256 + (255 - length), kind="stable")
    else:  # pragma: no cover - a batch of more than 10^15 characters
        by_start = np.lexsort((255 - length, cat, start))
    # the same order grouped by category (a stable counting sort on small ints)
    by_cat = by_start[np.argsort(cat[by_start].astype(np.int16), kind="stable")]
    c, s, e = cat[by_cat], start[by_cat], end[by_cat]
    new_group = np.ones(n, dtype=bool)
    new_group[1:] = c[1:] != c[:-1]
    # running max of ends within each category (groups are contiguous)
    shift = int(end.max()) + 1
    run_max = np.maximum.accumulate(c * shift + e) - c * shift
    prev_max = np.empty_like(run_max)
    prev_max[0] = -1
    prev_max[1:] = run_max[:-1]
    prev_max[new_group] = -1
    conflict = s < prev_max
    keep = ~conflict
    # Dropping every hit that overlaps an earlier one equals the greedy scan
    # unless a dropped hit reaches past all earlier ends (a partial overlap);
    # only those clusters (a kept hit and the hits overlapping it) are rescanned.
    partial = conflict & (e > prev_max)
    if partial.any():
        cluster_starts = np.flatnonzero(~conflict)
        cluster_of = np.cumsum(~conflict) - 1
        for cid in np.unique(cluster_of[partial]).tolist():
            lo = int(cluster_starts[cid])
            hi = int(cluster_starts[cid + 1]) if cid + 1 < len(cluster_starts) else n
            last_end = int(e[lo])
            for k in range(lo + 1, hi):
                if s[k] >= last_end:
                    keep[k] = True
                    last_end = int(e[k])
    chosen = np.zeros(n, dtype=bool)
    chosen[by_cat[keep]] = True
    return by_start[chosen[by_start]]


def substrings(units: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """The text of every span ``[start, end)`` of a text given as code units, as an object array.

    Hits repeat a few hundred distinct strings, so the spans' code units are
    gathered into one Arrow binary array and dictionary-encoded; each distinct
    string is decoded once and shared by its hits.
    """
    import pyarrow as pa

    n = len(start)
    if n == 0:
        return np.empty(0, dtype=object)
    width = units.itemsize  # 1 (ASCII) or 4 (UTF-32 code points)
    size = end - start
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(size, out=offsets[1:])
    gather = np.repeat(start - offsets[:-1], size) + np.arange(offsets[-1], dtype=np.int64)
    buffers = [None, pa.py_buffer(offsets * width), pa.py_buffer(units[gather])]
    spans = pa.Array.from_buffers(pa.large_binary(), n, buffers)
    coded = spans.dictionary_encode()
    encoding = "ascii" if width == 1 else "utf-32-le"
    distinct = np.empty(len(coded.dictionary), dtype=object)
    distinct[:] = [b.decode(encoding, "surrogatepass") for b in coded.dictionary.to_pylist()]
    return distinct[coded.indices.to_numpy()]
