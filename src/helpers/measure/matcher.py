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

How: every text is mapped to a *one-byte-per-character* copy (ASCII letters
lower-cased, other letters/digits of any script -> a placeholder letter byte,
apostrophe/hyphen/space look-alikes unified, other symbols -> ``#``), so
offsets are code-point offsets. Word boundaries are baked into the patterns
(each entry is compiled with every possible non-word byte on either side), so
a single Aho-Corasick scan (Rust ``ahocorasick_rs``, DFA) over a batch of
articles returns only real whole-word candidates; the few overlaps within a
category are resolved with numpy. Aho, A. V. & Corasick, M. J. (1975)
Efficient string matching. *CACM* 18(6).

Speed (``python -m bench``, ``bench/RESULTS.md``): a batch of ~2 M characters
is joined into one string and folded with a handful of whole-buffer passes
(UTF-32 code points -> bytes, one ``bytes.translate``, numpy for blank lines
and runs of spaces); the non-ASCII characters are folded once per distinct
character. The largest cost left is per candidate hit, not per character:
the Rust call walks the DFA at ~2 ns a byte but then builds one Python tuple
per candidate (~0.3 us each, ~60 candidates per article), read back through
``marshal`` rather than one by one. The matched strings are cut once per
distinct string (Arrow dictionary encoding), not once per hit. Folding the
boundary bytes to fewer classes is not possible without changing results
(``'``, ``-`` and ``.`` occur inside entries), and smaller automata were
measured not to scan faster: the tuples, not the automaton, dominate.
"""

from __future__ import annotations

import codecs
import itertools
import marshal
import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .lexicon import APOSTROPHES, HYPHENS

try:  # Rust Aho-Corasick; pyahocorasick is the installed fallback.
    import ahocorasick_rs as _acr
except ImportError:  # pragma: no cover
    _acr = None

HIT_COLUMNS = ["article_id", "start", "end", "matched", "lexicon", "category", "subcategory", "entry"]

# Byte classes of the folded copy.
_WORD_PLACEHOLDER = 0x01          # a letter/digit outside ASCII
_OTHER = ord("#")                 # any other non-word character
# Non-word bytes that can stand right before/after a word; every entry is
# compiled once per pair of them (see _boundary_variants).
_BOUNDARY_BYTES = (b" ", b"#", b"'", b"-", b".")
_BATCH_CHARS = 1 << 21            # articles are scanned in batches of ~2 MB
_SEPARATOR = "\x00"               # between the texts of a batch; folds to '#'
_TRIPLE = np.dtype([("p", np.int64), ("s", np.int64), ("e", np.int64)])  # (pattern, start, end)
# A list of (int, int, int) in marshal format 2: b"[" + count, then per tuple
# b"(" + 3, b"i" + int32 three times (20 bytes; version 2 has no back-references).
_MARSHALLED_TRIPLE = np.dtype([("tuple", "u1"), ("size", "<i4"), ("tp", "u1"), ("p", "<i4"),
                               ("ts", "u1"), ("s", "<i4"), ("te", "u1"), ("e", "<i4")])


def _ascii_class_table(lower: bool) -> bytes:
    table = bytearray(_OTHER for _ in range(256))
    for b in range(256):
        ch = chr(b)
        if b < 128 and (ch.isalnum()):
            table[b] = ord(ch.lower()) if lower else b
    for ch in " \t\r\x0b\x0c":
        table[ord(ch)] = ord(" ")
    table[ord("\n")] = ord("\n")  # resolved after translation: blank line vs single break
    table[ord("'")] = table[ord("`")] = ord("'")
    table[ord("-")] = ord("-")
    table[ord(".")] = ord(".")
    table[_WORD_PLACEHOLDER] = _WORD_PLACEHOLDER
    return bytes(table)


_CASED = _ascii_class_table(lower=False)
_LOWER = bytes(b if not (65 <= b <= 90) else b + 32 for b in range(256))
# the class table, then lower case, with a line break (not part of a blank line) as a space
_CASED_LOWER = _CASED.translate(_LOWER).replace(b"\n", b" ")
_IS_WORD = np.array([(chr(b).isalnum() and b < 128) or b == _WORD_PLACEHOLDER for b in range(256)])

# Frequent non-ASCII characters of news text, replaced in C before encoding
# (one character for one, so offsets hold); the rest go through _fold_error.
_COMMON_NON_ASCII = (
    ("\u2019", "'"), ("\u2018", "'"), ("\u201c", "#"), ("\u201d", "#"),
    ("\u2013", "#"), ("\u2014", "#"), ("\u00a0", " "), ("\u2026", "#"),
)


def _fold_non_ascii(ch: str) -> str:
    """One ASCII byte (as str) standing for the non-ASCII character ``ch``, case kept."""
    if ch in APOSTROPHES:
        return "'"
    if ch in HYPHENS:
        return "-"
    if ch.isspace():
        return " "
    cat = unicodedata.category(ch)
    if cat[0] not in "LNM":
        return "#"  # punctuation, symbols (incl. en/em dashes, emoji)
    base = unicodedata.normalize("NFKD", ch)[:1]
    try:  # Latin letters with diacritics and Cyrillic/Greek look-alikes -> ASCII letter
        from ..core.normalize import fold

        low = fold(ch)
    except ImportError:  # pragma: no cover
        low = ch.lower()[:1]
    for cand in (base.lower(), low):
        if cand.isascii() and cand.isalpha():
            return cand.upper() if ch.isupper() else cand
    return chr(_WORD_PLACEHOLDER)


class _NonAsciiTable(dict):
    """Cache of :func:`_fold_non_ascii`, computed once per character."""

    def __missing__(self, ch: str) -> str:
        value = _fold_non_ascii(ch)
        self[ch] = value
        return value


_NON_ASCII = _NonAsciiTable()
_COMMON_FOLDS = dict(_COMMON_NON_ASCII)


def _fold_error(exc: UnicodeEncodeError) -> tuple[str, int]:
    chunk = exc.object[exc.start:exc.end]
    return "".join([_NON_ASCII[ch] for ch in chunk]), exc.end


codecs.register_error("helpers.measure.matcher.fold", _fold_error)
_WORD_RUN = re.compile(rb"[A-Za-z0-9\x01]*")


def fold_bytes(text: str) -> bytes:
    """The one-byte-per-character class copy of ``text`` (case kept), before space collapsing.

    ``len(fold_bytes(t)) == len(t)``; letters/digits stay letters/digits
    (ASCII, or the placeholder byte 0x01), whitespace is ``' '``, a blank line
    is ``'##'``, apostrophes ``'``, hyphens ``-``, ``.`` stays, anything else ``#``.
    """
    if not text.isascii():
        # typographic quotes first: after them most news text is ASCII (the fast path)
        for old, new in _COMMON_NON_ASCII[:4]:
            text = text.replace(old, new)
        if not text.isascii():
            for old, new in _COMMON_NON_ASCII[4:]:
                text = text.replace(old, new)
        raw = text.encode("ascii", "helpers.measure.matcher.fold")
    else:
        raw = text.encode("ascii")
    cased = raw.translate(_CASED)
    if b"\n" in cased:
        cased = cased.replace(b"\n\n", b"##").replace(b"\n", b" ")
    return cased


def _entry_alternatives(entry: str, case_sensitive: bool) -> tuple[list[bytes], bool]:
    """Byte patterns (without boundaries) an entry stands for, and whether it is a prefix entry."""
    prefix = entry.endswith("*")
    body = entry[:-1] if prefix else entry
    folded = fold_bytes(" ".join(body.split()))
    if not case_sensitive:
        folded = folded.translate(_LOWER)
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
    left = _BOUNDARY_BYTES if _IS_WORD[core[0]] else (b"",)
    right = _BOUNDARY_BYTES if (_IS_WORD[core[-1]] and not prefix) else (b"",)
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
        art, start, end, row, _ = _match_batch(self, [text])
        order = np.lexsort((row, start))
        return [(int(start[i]), int(end[i]), int(row[i])) for i in order]


class _PyAhoCorasick:  # pragma: no cover - used only without ahocorasick_rs
    def __init__(self, patterns: list[bytes]) -> None:
        import ahocorasick

        self._a = ahocorasick.Automaton()
        for i, p in enumerate(patterns):
            self._a.add_word(p.decode("latin-1"), (i, len(p)))
        self._a.make_automaton()

    def find_matches_as_indexes(self, haystack: bytes, overlapping: bool = True):
        text = haystack.decode("latin-1")
        return [(i, end + 1 - n, end + 1) for end, (i, n) in self._a.iter(text)]


def _build_automaton(patterns: list[bytes]):
    if _acr is None:  # pragma: no cover
        return _PyAhoCorasick(patterns)
    return _acr.BytesAhoCorasick(patterns, matchkind=_acr.MatchKind.Standard,
                                 implementation=_acr.Implementation.DFA)


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
                patterns.append(pat.translate(_LOWER))
                info.append((row_id, lp, rp, int(cs)))
    if not patterns:
        raise ValueError("empty lexicon: nothing to match")
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
    )


@dataclass
class _Batch:
    """One batch of texts folded for scanning (see :func:`_fold_batch`)."""

    lower: bytes              # lower-cased class copy, runs of spaces collapsed: what is scanned
    raw: np.ndarray           # uint8, same length as the joined text: ASCII as is, the rest folded
    origin: np.ndarray | None  # joined-text offset of each offset of ``lower`` (None: no collapsing)
    units: np.ndarray         # the joined text's code units: uint8 if ASCII, else uint32 code points


def _case_matches(matcher: Matcher, batch: _Batch, pid: np.ndarray, start: np.ndarray) -> np.ndarray:
    """Whether the text has the case of each case-sensitive pattern where it was found (case-blind).

    Only letters are compared: every other byte already matched in the case-blind scan.
    """
    want = matcher.cased_table[pid]                       # (n, width): letters, 0 elsewhere
    idx = np.minimum(start[:, None] + np.arange(want.shape[1]), len(batch.lower) - 1)
    if batch.origin is not None:
        idx = batch.origin[idx]
    return ((batch.raw[idx] == want) | (want == 0)).all(axis=1)


def _word_ends(lower: bytes, ends: np.ndarray) -> np.ndarray:
    """For each offset, the end of the run of word bytes starting there."""
    buf = np.frombuffer(lower, dtype=np.uint8)
    window = 32
    idx = np.minimum(ends[:, None] + np.arange(window), len(buf) - 1)
    nonword = ~_IS_WORD[buf[idx]]
    first = nonword.argmax(axis=1)
    out = ends + first
    for k in np.flatnonzero(~nonword.any(axis=1)).tolist():  # words longer than the window
        out[k] = _WORD_RUN.match(lower, int(ends[k])).end()
    return out


def _fold_batch(joined: str) -> _Batch:
    """The one-byte-per-character copies of a batch (the texts joined by :data:`_SEPARATOR`).

    Same bytes as :func:`fold_bytes` then lower-casing, computed for the whole
    batch with a few passes in C: news text is mostly ASCII, so the other
    characters are folded once per distinct character.
    """
    if joined.isascii():
        data = joined.encode("ascii")
        units = raw = np.frombuffer(data, dtype=np.uint8)
    else:
        units = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        wide = np.flatnonzero(units >= 0x80)
        distinct, inverse = np.unique(units[wide], return_inverse=True)
        folded = "".join([_fold_char(chr(c)) for c in distinct.tolist()]).encode("ascii")
        raw = units.astype(np.uint8)  # ASCII as is; the rest overwritten with its fold
        raw[wide] = np.frombuffer(folded, dtype=np.uint8)[inverse]
        data = None
    blank = _blank_line_breaks(np.flatnonzero(raw == 10))
    if len(blank):  # a blank line: two non-word, non-space bytes (never inside a phrase)
        raw = raw.copy() if raw is units else raw
        raw[blank] = ord("#")
        data = None
    lower = (raw.tobytes() if data is None else data).translate(_CASED_LOWER)
    arr = np.frombuffer(lower, dtype=np.uint8)
    space = arr == 32
    double = space[1:] & space[:-1]
    origin = None
    if double.any():
        # a run of spaces matches like one space: scan a copy without the extra spaces
        keep = np.ones(len(arr), dtype=bool)
        keep[1:] = ~double
        origin = np.flatnonzero(keep)
        lower = arr[keep].tobytes()
    return _Batch(lower, raw, origin, units)


def _blank_line_breaks(breaks: np.ndarray) -> np.ndarray:
    """The line breaks (sorted positions) that pair up as ``\\n\\n``, left to right in each run.

    Same as ``bytes.replace(b"\\n\\n", b"##")``: in a run of three, the first two pair
    up and the third stays a single line break.
    """
    if len(breaks) < 2:
        return breaks[:0]
    first = np.ones(len(breaks), dtype=bool)
    first[1:] = breaks[1:] != breaks[:-1] + 1
    run_start = np.flatnonzero(first)
    run = np.cumsum(first) - 1
    run_len = np.diff(np.append(run_start, len(breaks)))[run]
    place = np.arange(len(breaks)) - run_start[run]
    return breaks[place < run_len - run_len % 2]


def _fold_char(ch: str) -> str:
    """The ASCII character :func:`fold_bytes` puts for the non-ASCII ``ch`` (before the class table)."""
    return _COMMON_FOLDS.get(ch) or _NON_ASCII[ch]


def _as_arrays(found: list[tuple[int, int, int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
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


def _scan(matcher: Matcher, batch: _Batch) -> tuple[np.ndarray, ...]:
    """(entry row, start, end) of whole-word hits in a batch's ``lower`` copy, boundary bytes removed.

    Hits stay in the automaton's report order (by end of the pattern), which
    breaks ties in :func:`_leftmost_longest`.
    """
    found = matcher._automaton().find_matches_as_indexes(batch.lower, overlapping=True)
    if not found:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, empty
    pid, start, end = _as_arrays(found)
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
        end[prefix] = _word_ends(batch.lower, end[prefix])
    return row, start, end


def _match_batch(matcher: Matcher, texts: list[str]) -> tuple[np.ndarray, ...]:
    """Hits of one batch: (text index, start, end, entry row, matched text), leftmost-longest per category.

    The batch is folded and scanned as one buffer: the texts joined by a
    separator that folds to ``#`` (a boundary no pattern crosses), with one
    before the first and after the last. Sorted by text index, start,
    category, entry row.
    """
    joined = _SEPARATOR.join(["", *texts, ""])  # a separator before, between and after
    batch = _fold_batch(joined)
    del joined
    row, gstart, gend = _scan(matcher, batch)
    keep = _leftmost_longest(matcher.category_codes[row], gstart, gend)
    row, gstart, gend = row[keep], gstart[keep], gend[keep]
    if batch.origin is not None and len(gstart):  # back to offsets of the joined text
        gstart, gend = batch.origin[gstart], batch.origin[gend - 1] + 1
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    bases = np.cumsum(np.concatenate(([1], lengths[:-1] + 1)))
    art = np.searchsorted(bases, gstart, side="right") - 1
    matched = _substrings(batch.units, gstart, gend)
    return art, gstart - bases[art], gend - bases[art], row, matched


def _substrings(units: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
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


def _leftmost_longest(cat: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
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


def match_texts(texts: pd.Series, matcher: Matcher) -> pd.DataFrame:
    """All lexicon hits of many texts (Series article_id -> clean text).

    Columns :data:`HIT_COLUMNS`; sorted by article_id, start, category (then
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
                             for c in HIT_COLUMNS})
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
