"""Discovery as map and reduce: what is read from each chunk of articles, and how
the chunks' results add up.

Two passes over the texts, each a pure function of one chunk (a slice of the
texts Series) whose results of disjoint chunks add up, so the run layer can
hand the chunks to other processes (:mod:`helpers.run.discover`) and the
result is the same as reading the corpus in one go:

1. :func:`count_chunk` -- how the corpus writes each word (capitalised inside a
   sentence or in lower case, :class:`~helpers.discover.mentions.WordStats`)
   and the word and n-gram counts of the collocation test; both are corpus
   totals that pass 2 needs.
2. :func:`scan_chunk` -- given those totals: the name mentions and
   descriptions, the counts behind the group nouns, and the term counts
   summed per event and group, with the first article (in the articles
   table's order) that holds each term, from which the example is taken.

Chunks are contiguous slices in the texts' order and the reduce step
concatenates their rows in that order, so every table equals the one-pass
table row for row (the equality is tested, single- against multi-process).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .cues import NameCues
from .groups import GroupNounCounts, add_group_noun_counts, group_noun_counts
from .mentions import Found, WordStats, find_in_text, word_stats
from .ngrams import NgramTable, add_ngram_tables, ngram_table
from .terms import add_event_totals, event_totals, term_counts_array, tokenize

DEFAULT_CHUNK = 500  # articles per map task: small enough to spread over two processes at a few thousand


def find_mentions(texts: pd.Series, cues: NameCues, stop: frozenset[str],
                  stats: WordStats | None = None) -> tuple[pd.DataFrame, pd.DataFrame, WordStats]:
    """Name mentions and descriptions of every clean text (Series article_id -> text).

    Returns (names, descriptions, stats): the tables of :func:`find_in_text`
    with ``article_id`` first, and the capitalisation counts used.
    """
    if stats is None:
        stats = word_stats(texts.tolist())
    names, descs = [], []
    # lines are read on their own: a repeated line (wire copy, boilerplate) is read once, shifted;
    # an article's first non-empty line (its headline) is read by a rule of its own, so it is
    # cached apart
    cache: dict[tuple[str, bool], Found] = {}
    for article_id, text in texts.items():
        offset, first = 0, True
        for line in text.split("\n"):
            key = (line, first)
            found = cache.get(key)
            if found is None:
                found = cache[key] = find_in_text(line, cues, stats, stop, first=first)
            first = first and not line.strip()
            names += [{"article_id": article_id, **n, "start": n["start"] + offset, "end": n["end"] + offset,
                       "core_start": n["core_start"] + offset} for n in found.names]
            descs += [{"article_id": article_id, **d, "start": d["start"] + offset, "end": d["end"] + offset,
                       "modifiers": list(d["modifiers"])} for d in found.descriptions]
            offset += len(line) + 1
    ncols = ["article_id", "start", "end", "core_start", "form", "core", "title", "prefix", "full"]
    dcols = ["article_id", "start", "end", "form", "head", "modifiers", "link"]
    return (pd.DataFrame(names, columns=ncols), pd.DataFrame(descs, columns=dcols), stats)


def chunk_slices(n: int, size: int = DEFAULT_CHUNK) -> list[tuple[int, int]]:
    """``[(start, stop), ...]`` cutting ``n`` texts into contiguous chunks."""
    size = max(1, int(size))
    return [(a, min(a + size, n)) for a in range(0, n, size)]


@dataclass
class ChunkCounts:
    """Pass 1 of one chunk (or of several, added up)."""

    stats: WordStats
    ngrams: NgramTable


def count_chunk(task: dict) -> ChunkCounts:
    """Pass 1 (map): ``task["texts"]`` (Series article_id -> clean text), ``task["stop"]``
    (the stop words of the collocation test: n-grams it never reads are not kept)."""
    texts: pd.Series = task["texts"]
    return ChunkCounts(word_stats(texts.tolist()), ngram_table([tokenize(t) for t in texts.tolist()], task["stop"]))


def _add_counters(counters: list[Counter]) -> Counter:
    """The sum of Counters, added by pandas (``Counter.update`` walks each key in Python)."""
    full = [c for c in counters if c]
    if len(full) < 2:
        return Counter(full[0]) if full else Counter()
    s = pd.concat([pd.Series(c, dtype=np.int64) for c in full]).groupby(level=0, sort=False).sum()
    return Counter(dict(zip(s.index.tolist(), s.tolist())))


class RunningSum:
    """Parts added up as they come, so that a reduce does not hold every chunk's result at once.

    The parts waiting are added to the running sum (``add([sum, *waiting])``) once they are
    as large as it (``size``), so each row is added again only a logarithmic number of
    times; when the sum stops growing (the same words in every chunk) it is added to
    after every chunk or two. ``add`` must be associative and keep the order of first
    appearance (a sum of counts, a group-by without sorting): the result is then that of
    adding all parts at once. ``last`` (default ``add``) adds the final parts."""

    def __init__(self, add, size, last=None) -> None:
        self.add, self.size, self.last = add, size, last or add
        self.total, self.waiting, self.waiting_size = None, [], 0

    def push(self, part) -> None:
        self.waiting.append(part)
        self.waiting_size += self.size(part)
        if self.total is None or self.waiting_size >= self.size(self.total):
            self.total = self.add(([] if self.total is None else [self.total]) + self.waiting)
            self.waiting, self.waiting_size = [], 0

    def result(self):
        return self.last(([] if self.total is None else [self.total]) + self.waiting)


def _table_size(t: NgramTable) -> int:
    return len(t.vocab) + len(t.pairs[0]) + len(t.triples[0]) + len(t.skips[0])


def add_counts(parts) -> ChunkCounts:
    """Pass 1 (reduce), over the chunks' results in order (a list or an iterator: each result
    is added to running sums as it comes, :class:`RunningSum`). The n-gram sums keep every
    n-gram until the last chunk is in (one seen once so far may be seen again), then drop
    those seen once (:func:`helpers.discover.ngrams.add_ngram_tables`)."""
    cap, lower = RunningSum(_add_counters, len), RunningSum(_add_counters, len)
    grams = RunningSum(lambda ts: add_ngram_tables(ts, keep=1), _table_size, last=add_ngram_tables)
    for p in parts:
        cap.push(p.stats.cap_mid)
        lower.push(p.stats.lower)
        grams.push(p.ngrams)
    return ChunkCounts(WordStats(cap.result(), lower.result()), grams.result())


@dataclass
class ChunkScan:
    """Pass 2 of one chunk (or of several, added up)."""

    names: pd.DataFrame        # find_mentions' names
    descs: pd.DataFrame        # find_mentions' descriptions
    groups: GroupNounCounts    # the counts behind group_nouns
    totals: pd.DataFrame       # event_totals with ``first``: the first article holding the term


def scan_chunk(task: dict) -> ChunkScan:
    """Pass 2 (map). ``task``: texts, meta (article_id -> group, event, position in the
    articles table), group, cues, stop, stats (pass 1's), phrases (the collocations),
    drop (tokens not counted)."""
    texts: pd.Series = task["texts"]
    cues: NameCues = task["cues"]
    names, descs, _ = find_mentions(texts, cues, task["stop"], task["stats"])
    docs = {a: tokenize(t) for a, t in texts.items()}
    counts = term_counts_array(docs, task["drop"], task["phrases"])
    totals = event_totals(counts, task["meta"], task["group"], position="position")
    return ChunkScan(names, descs, group_noun_counts(texts, cues, task["stop"]), totals)


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Rows of the chunks in order; empty chunks left out (their columns have no dtype)."""
    full = [f for f in frames if not f.empty]
    if not full:
        return frames[0] if frames else pd.DataFrame()
    return full[0] if len(full) == 1 else pd.concat(full, ignore_index=True)


def add_scans(parts) -> ChunkScan:
    """Pass 2 (reduce), over the chunks' results in order (a list or an iterator); the event
    totals are added up as they come (:class:`RunningSum`), the mentions are kept."""
    names, descs, totals = [], [], RunningSum(add_event_totals, len)

    def groups():
        for p in parts:
            names.append(p.names)
            descs.append(p.descs)
            totals.push(p.totals)
            yield p.groups

    counts = add_group_noun_counts(groups())
    return ChunkScan(_concat(names), _concat(descs), counts, totals.result())
