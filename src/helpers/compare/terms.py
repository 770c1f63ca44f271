"""Outlet x term counts of lowercased n-grams from the clean segments, with the
project's one token definition (:data:`helpers.measure.sentences.TOKEN_RE`).

Segments without quotes are tokenised over characters with numpy, each token
identified by two polynomial hashes of its characters (Karp & Rabin 1987);
the others are walked run by run to split the voices.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..core.errors import FramingError
from ..core.normalize import fold
from ..measure.sentences import (ALNUM, DIGIT, DOTCOMMA, JOINER, SPACE, TOKEN_RE, char_flags,
                                 codepoints)
from .house_style import first_after_headline, is_house_word, mask_house_style, term_word
from .outlets import with_outlet
from .tables import require_columns

# Runs of tokens joined by whitespace only: an n-gram never crosses anything else.
_RUN_RE = re.compile(rf"(?:{TOKEN_RE.pattern})(?:\s+(?:{TOKEN_RE.pattern}))*", TOKEN_RE.flags)


def token_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, token) for each token of ``text``.

    Uses the project's token definition (``helpers.measure.sentences.TOKEN_RE``), so
    term counts agree with ``n_tokens``.
    """
    return [(m.start(), m.end(), m.group(0)) for m in TOKEN_RE.finditer(text)]


def _stop_set(stop_words) -> frozenset[str]:
    """Lowercased stop words: none, scikit-learn's English list, or the given ones."""
    if stop_words is None:
        return frozenset()
    if stop_words == "english":
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS  # bundled list, no download
        return frozenset(ENGLISH_STOP_WORDS)
    return frozenset(w.lower() for w in stop_words)


def _in_spans(positions: np.ndarray, spans: list[tuple[int, int]]) -> np.ndarray:
    """For each offset: does it fall inside any half-open [start, end) span?

    The spans are merged into disjoint intervals first, so one binary search per
    offset replaces a scan over every quote of the article."""
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if e <= s:
            continue  # an empty span covers nothing
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    if not merged or not len(positions):
        return np.zeros(len(positions), dtype=bool)
    starts = np.array([m[0] for m in merged])
    ends = np.array([m[1] for m in merged])
    k = np.searchsorted(starts, positions, side="right") - 1
    return (k >= 0) & (positions < ends[np.maximum(k, 0)])


def _token_runs(text: str, base: int,
                spans: list[tuple[int, int]] | None) -> list[tuple[list[str], bool]]:
    """Maximal runs of tokens joined by whitespace only and of one voice.

    Returns (tokens as written, quoted) per run; a token is quoted when its
    start (``base`` + offset in ``text``) lies in one of ``spans``. Without a
    span touching the text, ``_RUN_RE`` (token, then whitespace + token, repeated)
    finds the runs and ``str.split`` their tokens: tokens hold no whitespace and
    ``\\s`` is ``str.isspace``, so this equals the token-by-token walk below.
    """
    runs = [m.group(0).split() for m in _RUN_RE.finditer(text)]
    if not spans or not any(s < base + len(text) and e > base for s, e in spans):
        return [(run, False) for run in runs]
    starts = [m.start() for m in TOKEN_RE.finditer(text)]
    quoted = _in_spans(np.array(starts, dtype=np.int64) + base, spans).tolist()
    out = []
    pos = 0
    for run in runs:   # split a run where the voice changes inside it
        end = pos + len(run)
        q = quoted[pos:end]
        if q.count(q[0]) == len(q):
            out.append((run, q[0]))
        else:
            first = 0
            for k in range(1, len(q)):
                if q[k] != q[k - 1]:
                    out.append((run[first:k], q[k - 1]))
                    first = k
            out.append((run[first:], q[-1]))
        pos = end
    return out


_HASH_BASES = (0x100000001B3, 0x9E3779B97F4A7C15)   # odd, so invertible modulo 2**64


def _plain_token_runs(texts: Sequence[str]):
    """Tokens and runs of ``texts``, vectorised over characters.

    Same tokens as ``helpers.measure.sentences.TOKEN_RE`` (its vectorised character
    classes): a character is in a token if it is alphanumeric, or a joiner
    (apostrophe, hyphen) between two alphanumerics, or a dot/comma between two
    digits. Two consecutive tokens are in one run when only whitespace separates
    them (as in ``_RUN_RE``). The texts are joined by NUL, which
    is neither, so nothing crosses from one text to the next.

    Each token is identified by two polynomial hashes (Karp & Rabin 1987) of its
    characters, computed from prefix sums modulo 2**64 with no Python loop over
    tokens. Returns (hash 1, hash 2, start, end, run lengths, joined text).
    """
    text = "\0".join(texts)
    cp = codepoints(text)
    empty = np.zeros(0, dtype=np.int64)
    if not len(cp):
        return empty.astype(np.uint64), empty.astype(np.uint64), empty, empty, empty, ""
    flags = char_flags(cp)
    alnum = (flags & ALNUM) != 0
    in_tok = alnum.copy()
    if len(cp) >= 3:
        digit = (flags & DIGIT) != 0
        in_tok[1:-1] |= ((((flags[1:-1] & JOINER) != 0) & alnum[:-2] & alnum[2:])
                         | (((flags[1:-1] & DOTCOMMA) != 0) & digit[:-2] & digit[2:]))
    edge = np.diff(in_tok.astype(np.int8), prepend=0, append=0)
    starts, ends = np.flatnonzero(edge == 1), np.flatnonzero(edge == -1)   # ends: one past the token
    if not len(starts):
        return empty.astype(np.uint64), empty.astype(np.uint64), empty, empty, empty, ""
    non_space = np.concatenate(([0], np.cumsum((flags & SPACE) == 0)))     # non-space chars before i
    gap_non_space = non_space[starts[1:]] - non_space[ends[:-1]]
    run_id = np.cumsum(np.concatenate(([True], gap_non_space > 0))) - 1
    ucp = cp.astype(np.uint64)
    hashes = []
    for base in _HASH_BASES:   # h = sum cp[j] * base**(j - start) mod 2**64
        pw, inv = _powers(base, len(ucp))
        prefix = np.concatenate(([np.uint64(0)], np.cumsum(ucp * pw, dtype=np.uint64)))
        hashes.append((prefix[ends] - prefix[starts]) * inv[starts])
    hashes[1] += (ends - starts).astype(np.uint64)   # the length, too
    return hashes[0], hashes[1], starts, ends, np.bincount(run_id), text


_POWERS: dict[int, tuple[np.ndarray, np.ndarray]] = {}


def _powers(base: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """base**i and base**-i modulo 2**64 for i < n (cached, grown by doubling)."""
    have = _POWERS.get(base)
    if have is None or len(have[0]) < n:
        size = max(n, 2 * len(have[0]) if have else 1 << 20)
        one = np.ones(1, dtype=np.uint64)
        pw = np.concatenate((one, np.cumprod(np.full(size - 1, base, dtype=np.uint64))))
        inv = np.concatenate((one, np.cumprod(np.full(size - 1, pow(base, -1, 2**64), dtype=np.uint64))))
        _POWERS[base] = have = (pw, inv)
    return have[0][:n], have[1][:n]


_ID_BITS = 24   # token ids below 2**24 pack with their group into one int64 (unigrams, bigrams)


class _NgramTable:
    """Accumulates (group, n-gram of token ids) counts over chunks of runs."""

    def __init__(self, lo: int, hi: int):
        self.lo, self.hi = lo, hi
        self.parts: dict[int, list[pd.DataFrame]] = {n: [] for n in range(lo, hi + 1)}

    def add(self, ids: np.ndarray, run_lengths: np.ndarray, run_groups: np.ndarray) -> None:
        """``ids``: the token ids of consecutive runs of ``run_lengths`` tokens."""
        run_of = np.repeat(np.arange(len(run_lengths)), run_lengths)
        left = np.repeat(run_lengths, run_lengths) - (
            np.arange(len(ids)) - np.repeat(np.cumsum(run_lengths) - run_lengths, run_lengths))
        for n in range(self.lo, self.hi + 1):
            starts = np.flatnonzero(left >= n)   # windows that stay inside their run
            if not len(starts):
                continue
            groups = run_groups[run_of[starts]].astype(np.int64)
            bits = 63 - _ID_BITS * n
            if bits > 0 and ids.max() < (1 << _ID_BITS) and groups.max() < (1 << bits):
                # pack (group, ids) into one int64: counting one integer column is
                # several times faster than counting a multi-column frame
                key = groups
                for k in range(n):
                    key = (key << _ID_BITS) | ids[starts + k]
                vc = pd.Series(key).value_counts(sort=False)
                key, mask, cols = vc.index.to_numpy(), (1 << _ID_BITS) - 1, {}
                for k in reversed(range(n)):
                    cols[f"w{k}"] = key & mask
                    key = key >> _ID_BITS
                cols = {"g": key, **{f"w{k}": cols[f"w{k}"] for k in range(n)}, "c": vc.to_numpy()}
                self.parts[n].append(pd.DataFrame(cols))
                continue
            cols = {"g": groups}
            cols.update({f"w{k}": ids[starts + k] for k in range(n)})
            self.parts[n].append(pd.DataFrame(cols).value_counts(sort=False).rename("c").reset_index())

    def counts(self, stop_ids: np.ndarray):
        """Per n: (group codes, [id arrays of each position], counts) without stop words."""
        for n in range(self.lo, self.hi + 1):
            if not self.parts[n]:
                continue
            cols = ["g"] + [f"w{k}" for k in range(n)]
            t = pd.concat(self.parts[n], ignore_index=True).groupby(cols, sort=False)["c"].sum().reset_index()
            keep = ~np.any([stop_ids[t[f"w{k}"].to_numpy()] for k in range(n)], axis=0)
            t = t[keep]
            yield n, (t["g"].to_numpy(), [t[f"w{k}"].to_numpy() for k in range(n)], t["c"].to_numpy())


def term_counts(segments: pd.DataFrame, articles: pd.DataFrame | None = None, *,
                ngram_range: tuple[int, int] = (1, 2), voice: str | None = None,
                quotes: pd.DataFrame | None = None, stop_words=None,
                segment_kinds: Sequence[str] | None = None,
                by_event: bool = False, house_style: bool = True,
                outlet_names: Sequence[str] | None = None, chunk_segments: int = 20_000) -> pd.DataFrame:
    """Outlet x term counts of lowercased n-grams from the clean segments.

    Tokens: :func:`token_spans`. N-grams never cross punctuation, quote marks or
    segment breaks (two tokens form a bigram only if just whitespace separates
    them), nor a change of voice. ``voice='own'`` / ``'quoted'`` keeps tokens
    outside / inside the quotes of ``quotes`` (offsets into the clean text;
    segment start/end put segment tokens on the same scale). Stop words are kept
    by default; ``stop_words='english'`` (scikit-learn's list) or an iterable
    drops every n-gram containing one. ``segment_kinds`` restricts the segments
    (e.g. ``('headline', 'lede', 'body')``).

    ``house_style`` (default) leaves out what is house style rather than
    wording (:mod:`helpers.compare.house_style`): the outlets' own names
    (``outlet_names``, default the articles' ``outlet_name`` column where the
    ``outlet`` column holds another comparison unit, else the ``outlet``
    values) and datelines are masked,
    initialisms count as one token (``u.s.``, never ``u`` and ``s``), and
    n-grams containing an honorific (``mr``) or a bare number are dropped.

    Each segment is split once into runs (tokens joined by whitespace, one
    voice); tokens become integer ids (``pandas.factorize``) and the n-grams,
    windows inside a run, are counted as id tuples with ``groupby``, so memory
    is bounded by ``chunk_segments`` and time is linear in the corpus size.

    Returns [outlet, (event,) term, n, count] sorted by outlet, term.
    """
    require_columns(segments, ["article_id", "segment", "start", "text"], "segments")
    if voice not in (None, "all", "own", "quoted"):
        raise FramingError(f"unknown voice {voice!r}", fix="use None, 'own' or 'quoted'")
    if voice in ("own", "quoted") and quotes is None:
        raise FramingError("voice filter needs quotes", fix="pass quotes.csv as `quotes`")
    segs = with_outlet(segments, articles)
    if segment_kinds is not None:
        segs = segs[segs["segment"].isin(segment_kinds)]
    spans: dict[str, list[tuple[int, int]]] = {}
    if quotes is not None and not quotes.empty:
        for aid, g in quotes.assign(article_id=quotes["article_id"].astype(str)).groupby("article_id"):
            spans[aid] = list(zip(g["start"].astype(int), g["end"].astype(int)))
    stops = _stop_set(stop_words)
    lo, hi = ngram_range
    keys = ["outlet", "event"] if by_event else ["outlet"]
    sort_cols = ["article_id"] + (["segment_index"] if "segment_index" in segs.columns else [])
    segs = segs.sort_values(sort_cols, kind="stable")
    word_of, dateline = fold, None
    if house_style:
        if outlet_names is not None:
            names = list(outlet_names)
        elif articles is not None and "outlet_name" in articles.columns:   # grouped by another column
            names = pd.unique(articles["outlet_name"].dropna().astype(str))
        else:
            names = pd.unique(segs["outlet"].dropna().astype(str))
        dateline = first_after_headline(segs)
        word_of = term_word
    group_codes, group_keys = pd.factorize(pd.Series(list(zip(*(segs[k] for k in keys))), dtype=object))
    vocab: dict[str, int] = {}            # folded token -> id
    table = _NgramTable(lo, hi)
    for b0 in range(0, len(segs), chunk_segments):   # bounded memory on any corpus size
        part = segs.iloc[b0:b0 + chunk_segments]
        part_groups = group_codes[b0:b0 + chunk_segments]
        if house_style:   # masked chunk by chunk: memory stays bounded
            part = part.assign(text=mask_house_style(part["text"], names, dateline[b0:b0 + chunk_segments]))
        tokens: list[str] = []
        run_lengths: list[int] = []
        run_groups: list[int] = []
        # Segments of articles without quotes are all own voice: their runs and
        # token ids come per group at once (_plain_token_runs: hashes of the
        # folded tokens, one string per distinct token), with no Python loop per
        # segment or token; the others go segment by segment (_token_runs).
        plain = ~part["article_id"].isin(spans.keys()).to_numpy() if spans else np.ones(len(part), bool)
        if voice != "quoted" and plain.any():
            texts = part["text"].astype(str).to_numpy()[plain]
            for g in np.unique(part_groups[plain]):
                group_texts = texts[part_groups[plain] == g].tolist()
                h1, h2, starts, ends, lengths, joined = _plain_token_runs(group_texts)
                if not len(lengths):
                    continue
                codes, _ = pd.factorize(h1)
                # codes follow first appearance: where the running maximum grows is a first token
                first = np.flatnonzero(np.r_[True, codes[1:] > np.maximum.accumulate(codes)[:-1]])
                if (h2 != h2[first][codes]).any():   # two tokens share hash 1: count them as strings
                    tokens.extend(joined[a:b] for a, b in zip(starts.tolist(), ends.tolist()))
                else:
                    words = [word_of(joined[a:b]) for a, b in zip(starts[first].tolist(), ends[first].tolist())]
                    ids = np.array([vocab.setdefault(w, len(vocab)) for w in words], dtype=np.int64)
                    table.add(ids[codes], lengths, np.full(len(lengths), int(g)))
                    continue
                run_lengths.extend(lengths.tolist())
                run_groups.extend([int(g)] * len(lengths))
        for aid, text, start, g in zip(part["article_id"].to_numpy()[~plain], part["text"].to_numpy()[~plain],
                                       part["start"].to_numpy()[~plain], part_groups[~plain]):
            for run, quoted in _token_runs(str(text), int(start), spans.get(aid)):
                if voice == "own" and quoted or voice == "quoted" and not quoted:
                    continue
                tokens.extend(run)
                run_lengths.append(len(run))
                run_groups.append(g)
        if not tokens:
            continue
        codes, uniques = pd.factorize(np.array(tokens, dtype=object))
        # fold() lowercases and unifies apostrophe/hyphen variants (Iran’s = Iran's)
        ids = np.array([vocab.setdefault(word_of(u), len(vocab)) for u in uniques], dtype=np.int64)
        table.add(ids[codes], np.array(run_lengths), np.array(run_groups))
    words = np.array(sorted(vocab, key=vocab.get), dtype=object)
    stop_ids = np.array([w in stops or (house_style and is_house_word(w)) for w in words], dtype=bool)
    rows = []
    for n, (grp, grams, count) in table.counts(stop_ids):
        terms = [" ".join(t) for t in zip(*(words[c] for c in grams))] if n > 1 else words[grams[0]].tolist()
        keys_of = [group_keys[g] for g in grp.tolist()]
        rows.extend((*k, n, t, c) for k, t, c in zip(keys_of, terms, count.tolist()))
    out = pd.DataFrame(rows, columns=keys + ["n", "term", "count"])
    out = out[keys + ["term", "n", "count"]]
    return out.sort_values(keys + ["term"], kind="stable").reset_index(drop=True)
