"""One matcher for all lexicons: exact offsets into the clean text, fast.

Policy (documented for users in ``data/lexicons/README.md``):

* case-insensitive, except ``case_sensitive`` entries, which must match the
  text's own case;
* whole words: the characters either side of a hit are not letters or digits
  (any script); ``'`` and ``-`` are boundaries (``Iran's``, ``anti-Iran``);
* a trailing ``*`` makes a prefix entry (``Daesh*``: no right boundary);
* between words, any run of whitespace with at most one line break matches a
  space; a blank line (paragraph break) never does;
* a hyphen and a space between words are one separator (``so-called`` =
  ``so called``, ``Tel Aviv`` = ``Tel-Aviv``); apostrophes in entries are
  optional (``Shi'ite`` = ``Shi’ite`` = ``Shiite``);
* categories are matched independently; within a category hits never
  overlap: leftmost first, then longest, so a long entry failing its boundary
  falls back to a shorter one (``regime changes`` -> ``regime``).

How: every text is mapped to a one-byte-per-character copy
(:mod:`helpers.measure.folding`), so offsets are code-point offsets. Word
boundaries are baked into the patterns (each entry is compiled with every
possible non-word byte on either side), so a single Aho-Corasick scan (Rust
``ahocorasick_rs``, DFA) over a batch of articles returns only real
whole-word candidates; the few overlaps within a category are resolved with
numpy (:mod:`helpers.measure.candidates`). Aho, A. V. & Corasick, M. J. (1975)
Efficient string matching. *CACM* 18(6).

Speed (``python -m bench``, ``bench/RESULTS.md``): a batch of ~2 M characters
is joined into one string and folded at once. The largest cost left is per
candidate hit, not per character: the Rust call walks the DFA at ~2 ns a
byte but then builds one Python tuple per candidate (~0.3 us each, ~60
candidates per article). Folding the boundary bytes to fewer classes is not
possible without changing results (``'``, ``-`` and ``.`` occur inside
entries), and smaller automata were measured not to scan faster: the tuples,
not the automaton, dominate.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

import ahocorasick_rs
import numpy as np
import pandas as pd

from .candidates import leftmost_longest, substrings, triples_to_arrays, word_ends
from .folding import ASCII_LOWER, IS_WORD, FoldedBatch, fold_batch, fold_bytes

# match_texts' columns; hits.csv adds the annotations (helpers.measure.hits.HIT_COLUMNS)
MATCH_COLUMNS = ["article_id", "start", "end", "matched", "lexicon", "category", "subcategory", "entry"]

# Non-word bytes that can stand right before/after a word; every entry is
# compiled once per pair of them (see _boundary_variants).
_BOUNDARY_BYTES = (b" ", b"#", b"'", b"-", b".")
_BATCH_CHARS = 1 << 21            # articles are scanned in batches of ~2 MB
_SEPARATOR = "\x00"               # between the texts of a batch; folds to '#'


def _entry_alternatives(entry: str, case_sensitive: bool) -> tuple[list[bytes], bool]:
    """Byte patterns (without boundaries) an entry stands for, and whether it is a prefix entry."""
    prefix = entry.endswith("*")
    body = entry[:-1] if prefix else entry
    folded = fold_bytes(" ".join(body.split()))
    if not case_sensitive:
        folded = folded.translate(ASCII_LOWER)
    # separators: a hyphen or space between two word parts is either
    pieces = re.split(rb"(?<=[^ \-])[ \-](?=[^ \-])", folded)
    alts = [b""]
    for i, piece in enumerate(pieces):
        sep = [b""] if i == 0 else [b" ", b"-"]
        alts = [a + s + piece for a in alts for s in sep]
    out: list[bytes] = []
    for alt in alts:
        n = alt.count(b"'")
        # apostrophes optional: every subset of them kept or dropped (entries have one or two)
        for keep in itertools.product((True, False), repeat=n):
            it = iter(keep)
            out.append(re.sub(rb"'", lambda m: b"'" if next(it) else b"", alt))
    return sorted(set(o for o in out if o)), prefix


def _boundary_variants(core: bytes, prefix: bool) -> list[tuple[bytes, int, int]]:
    """(pattern, left pad, right pad) for every non-word byte that may border ``core``."""
    left = _BOUNDARY_BYTES if IS_WORD[core[0]] else (b"",)
    right = _BOUNDARY_BYTES if (IS_WORD[core[-1]] and not prefix) else (b"",)
    return [(lb + core + rb, len(lb), len(rb)) for lb in left for rb in right]


@dataclass
class Matcher:
    """Compiled lexicon: call :meth:`find` on one text or :func:`match_texts` on many.

    Picklable: the automata are dropped when pickled and rebuilt on first use
    in the receiving process.
    """

    lexicon: pd.DataFrame
    patterns: list[bytes]                      # lower-cased, boundary bytes included
    pattern_row: np.ndarray                    # per pattern: entry row
    pattern_left: np.ndarray                   # per pattern: boundary bytes before the entry (0 or 1)
    pattern_right: np.ndarray                  # per pattern: boundary bytes after it (0 or 1)
    pattern_cs: np.ndarray                     # per pattern: entry is case-sensitive
    cased_table: np.ndarray                    # (n, width) uint8: the letters a case-sensitive pattern
                                               # needs, as cased; 0 for other bytes and other patterns
    category_codes: np.ndarray                 # per entry row: index into categories
    categories: list[str]
    is_prefix: np.ndarray                      # per entry row: entry ends with '*'
    caps_only: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
                                               # per entry row: a case-sensitive all-letter, all-capital
                                               # entry (IS, US), not counted on a line in capitals
    _automata: dict = field(default_factory=dict, repr=False)

    def __getstate__(self):
        state = self.__dict__.copy()
        state["_automata"] = {}
        return state

    def _automaton(self):
        ac = self._automata.get("ac")
        if ac is None:
            ac = self._automata["ac"] = _build_automaton(self.patterns)
        return ac

    def find(self, text: str) -> list[tuple[int, int, int]]:
        """Hits in ``text`` as (start, end, entry_row_id), by start then row id.

        ``entry_row_id`` is the row position in :attr:`lexicon`;
        ``text[start:end]`` is the matched text.
        """
        _, start, end, row, _ = _match_batch(self, [text])
        order = np.lexsort((row, start))
        return [(int(start[i]), int(end[i]), int(row[i])) for i in order]


def _build_automaton(patterns: list[bytes]) -> ahocorasick_rs.BytesAhoCorasick:
    return ahocorasick_rs.BytesAhoCorasick(patterns, matchkind=ahocorasick_rs.MatchKind.Standard,
                                           implementation=ahocorasick_rs.Implementation.DFA)


def compile_matcher(lexicon_df: pd.DataFrame) -> Matcher:
    """Compile a lexicon table (from :func:`helpers.measure.lexicon.load_lexicons`) into a :class:`Matcher`."""
    lex = lexicon_df.reset_index(drop=True)
    categories = sorted(lex["category"].unique().tolist())
    cat_index = {c: i for i, c in enumerate(categories)}
    patterns: list[bytes] = []
    info: list[tuple[int, int, int, int]] = []
    cased: dict[int, bytes] = {}
    for row_id, (entry, cs) in enumerate(zip(lex["entry"], lex["case_sensitive"])):
        cs = bool(cs)
        alts, prefix = _entry_alternatives(entry, cs)
        for core in alts:
            for pat, lp, rp in _boundary_variants(core, prefix):
                # case-sensitive entries are found case-blind, then checked against the text's case
                if cs:
                    cased[len(patterns)] = pat
                patterns.append(pat.translate(ASCII_LOWER))
                info.append((row_id, lp, rp, int(cs)))
    width = max((len(p) for p in cased.values()), default=1)
    cased_table = np.zeros((len(patterns), width), dtype=np.uint8)
    for pid, pat in cased.items():
        cased_table[pid, :len(pat)] = [b if chr(b).isascii() and chr(b).isalpha() else 0 for b in pat]
    info_arr = np.array(info, dtype=np.int64).reshape(-1, 4)
    return Matcher(
        lexicon=lex,
        patterns=patterns,
        pattern_row=info_arr[:, 0].copy(),
        pattern_left=info_arr[:, 1].copy(),
        pattern_right=info_arr[:, 2].copy(),
        pattern_cs=info_arr[:, 3].astype(bool),
        cased_table=cased_table,
        category_codes=np.array([cat_index[c] for c in lex["category"]], dtype=np.int64),
        categories=categories,
        is_prefix=lex["entry"].str.endswith("*").to_numpy(dtype=bool),
        caps_only=np.array([bool(cs) and e.isalpha() and e.isupper()
                            for e, cs in zip(lex["entry"], lex["case_sensitive"])], dtype=bool),
    )


def _case_matches(matcher: Matcher, batch: FoldedBatch, pid: np.ndarray, start: np.ndarray) -> np.ndarray:
    """Whether the text has the case of each case-sensitive pattern where it was found (case-blind).

    Only letters are compared: every other byte already matched in the case-blind scan.
    """
    want = matcher.cased_table[pid]                       # (n, width): letters, 0 elsewhere
    idx = np.minimum(start[:, None] + np.arange(want.shape[1]), len(batch.lower) - 1)
    if batch.origin is not None:
        idx = batch.origin[idx]
    return ((batch.raw[idx] == want) | (want == 0)).all(axis=1)


def _scan(matcher: Matcher, batch: FoldedBatch) -> tuple[np.ndarray, ...]:
    """(entry row, start, end) of whole-word hits in a batch's ``lower`` copy, boundary bytes removed.

    Hits stay in the automaton's report order (by end of the pattern), which
    breaks ties in :func:`helpers.measure.candidates.leftmost_longest`.
    """
    found = matcher._automaton().find_matches_as_indexes(batch.lower, overlapping=True)
    if not found:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, empty
    pid, start, end = triples_to_arrays(found)
    del found
    cs = np.flatnonzero(matcher.pattern_cs[pid])
    if len(cs):
        ok = np.ones(len(pid), dtype=bool)
        # matched case-blind; keep those where the text has the entry's case
        ok[cs] = _case_matches(matcher, batch, pid[cs], start[cs])
        if not ok.all():
            pid, start, end = pid[ok], start[ok], end[ok]
    row = matcher.pattern_row[pid]
    start, end = start + matcher.pattern_left[pid], end - matcher.pattern_right[pid]
    prefix = np.flatnonzero(matcher.is_prefix[row])
    if len(prefix):
        # a prefix hit covers the rest of its word ("terrorist*" -> "terrorists")
        end[prefix] = word_ends(batch.lower, end[prefix])
    return row, start, end


def _match_batch(matcher: Matcher, texts: list[str]) -> tuple[np.ndarray, ...]:
    """Hits of one batch: (text index, start, end, entry row, matched text), leftmost-longest per category.

    The batch is folded and scanned as one buffer: the texts joined by a
    separator that folds to ``#`` (a boundary no pattern crosses), with one
    before the first and after the last. Sorted by text index, start,
    category, entry row.
    """
    if not matcher.patterns:  # an empty lexicon set matches nothing
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, empty, empty, np.empty(0, dtype=object)
    joined = _SEPARATOR.join(["", *texts, ""])  # a separator before, between and after
    batch = fold_batch(joined)
    del joined
    row, gstart, gend = _scan(matcher, batch)
    keep = leftmost_longest(matcher.category_codes[row], gstart, gend)
    row, gstart, gend = row[keep], gstart[keep], gend[keep]
    if batch.origin is not None and len(gstart):  # back to offsets of the joined text
        gstart, gend = batch.origin[gstart], batch.origin[gend - 1] + 1
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    bases = np.cumsum(np.concatenate(([1], lengths[:-1] + 1)))
    art = np.searchsorted(bases, gstart, side="right") - 1
    matched = substrings(batch.units, gstart, gend)
    start, end = gstart - bases[art], gend - bases[art]
    caps = np.flatnonzero(matcher.caps_only[row]) if len(matcher.caps_only) else ()
    if len(caps):
        keep = np.ones(len(row), dtype=bool)
        keep[caps] = [not capital_line(texts[a], s, e) for a, s, e in zip(art[caps], start[caps], end[caps])]
        art, start, end, row, matched = art[keep], start[keep], end[keep], row[keep], matched[keep]
    return art, start, end, row, matched


def capital_line(text: str, start: int, end: int) -> bool:
    """Whether the line around ``text[start:end]`` has no lower-case letter: in an
    all-caps headline ("WHAT IS THE PETROLEUM RESERVE?") a case-sensitive acronym
    (``IS``) cannot be told from the common word, so it is not counted there."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    return not any(ch.islower() for ch in line)


def match_texts(texts: pd.Series, matcher: Matcher) -> pd.DataFrame:
    """All lexicon hits of many texts (Series article_id -> clean text).

    Columns :data:`MATCH_COLUMNS`; sorted by article_id, start, category (then
    entry row); ``text[start:end] == matched`` for every row.
    """
    ids = np.asarray(texts.index, dtype=object)
    values = [t if isinstance(t, str) else "" for t in texts.tolist()]
    arts, starts, ends, rows, matched = [], [], [], [], []
    batch_start, size = 0, 0
    for i, text in enumerate(values + [None]):
        if text is None or (size and size + len(text) > _BATCH_CHARS):
            if i > batch_start:
                batch = values[batch_start:i]
                a, s, e, r, m = _match_batch(matcher, batch)
                arts.append(a + batch_start)
                starts.append(s)
                ends.append(e)
                rows.append(r)
                matched.append(m)
            batch_start, size = i, 0
        if text is not None:
            size += len(text)
    if not arts:
        return pd.DataFrame({c: pd.Series(dtype=object if c not in ("start", "end") else "int64")
                             for c in MATCH_COLUMNS})
    art, start, end, row, matched_arr = (np.concatenate(x) for x in (arts, starts, ends, rows, matched))
    # batches come back sorted by text position, start, category; reorder by id if needed
    if not pd.Index(ids).is_monotonic_increasing or pd.Index(ids).has_duplicates:
        id_rank = np.empty(len(ids), dtype=np.int64)
        id_rank[np.argsort(ids.astype(str), kind="stable")] = np.arange(len(ids))
        order = np.argsort(id_rank[art], kind="stable")
        art, start, end, row, matched_arr = (x[order] for x in (art, start, end, row, matched_arr))
    lex = matcher.lexicon
    # every column is a fresh array: copy=False skips pandas' block consolidation (a full copy)
    return pd.DataFrame({
        "article_id": ids[art],
        "start": start,
        "end": end,
        "matched": matched_arr,
        "lexicon": lex["lexicon"].to_numpy(dtype=object)[row],
        "category": lex["category"].to_numpy(dtype=object)[row],
        "subcategory": lex["subcategory"].to_numpy(dtype=object)[row],
        "entry": lex["entry"].to_numpy(dtype=object)[row],
    }, copy=False)
