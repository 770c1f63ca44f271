"""Candidate loaded terms: words and phrases that set groups apart when they
describe the same events, weighted by how evaluative they are.

* Tokens: lower-cased words of the clean text; house style is dropped before
  counting (stop words, honorifics, the outlets' own names, numbers, single
  letters), as the distinctive-terms figure should (issue 13).
* Phrases: bigrams and trigrams whose log-likelihood ratio (Dunning 1993, the
  statistic of NLTK's collocation finders, computed here with numpy for the
  candidate n-grams only) is above the chi-square critical value 10.83
  (p < 0.001, one degree of freedom) over the study's own tokens.
* Distinctiveness: per event, each group against the other groups of that
  event, by the weighted log-odds ratio with an informative Dirichlet prior
  (Monroe, Colaresi & Quinn 2008; :func:`helpers.compare.log_odds_dirichlet`),
  the prior being the whole corpus' frequencies scaled to the event's size.
* Evaluative strength: the absolute mean valence of the VADER lexicon
  (Hutto & Gilbert 2014), for a phrase its most evaluative word; words that
  outlets put before an actor's role noun ("the *brutal* regime") count as
  evaluative too. A word the corpus mostly writes capitalised inside a sentence
  is a part of names there ("Earnest" of press secretary Josh Earnest, "United",
  "Justice Department", "Super PAC"), so its VADER sense is not the one used and
  it carries no valence.

score = (max(z, 0) + 0.5) * (1 + |valence| + modifier), so a term must be
both used more by one group and evaluative to rank high; the ranking is per
event.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .ngrams import NgramTable, add_ngram_tables, lookup, ngram_table

WORD_RE = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
LR_CRITICAL = 10.83  # chi-square, 1 df, p = 0.001 (Dunning 1993)
MIN_PHRASE_COUNT = 2


def house_style(outlets, honorifics) -> frozenset[str]:
    """Tokens that are house style rather than wording: honorifics and the outlets' own names."""
    words = {w.lower() for w in honorifics}
    for outlet in outlets:
        words |= {w.lower() for w in WORD_RE.findall(str(outlet))}
    return frozenset(words)


# a word, possibly with inner apostrophes or hyphens; a final possessive 's is matched but not kept
_TOKEN_RE = re.compile(r"([^\W\d_]+(?:(?:'(?!s(?![^\W\d_]))|-)[^\W\d_]+)*)(?:'s(?![^\W\d_]))?")


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens; a possessive 's is cut, an apostrophe is one form.

    One compiled regex over the whole lower-cased text (no per-word Python)."""
    return _TOKEN_RE.findall(text.lower().replace("’", "'"))


def _lr(cells: list[np.ndarray], expected: list[np.ndarray]) -> np.ndarray:
    """Dunning's (1993) log-likelihood ratio G² = 2 Σ obs · ln(obs / exp), as NLTK's
    ``likelihood_ratio`` computes it (Manning & Schütze 1999, 5.3.4), over arrays."""
    small = 1e-20
    return 2 * sum(o * np.log(o / (e + small) + small) for o, e in zip(cells, expected))


def phrases(docs: list[list[str]], stop: frozenset[str], min_count: int = MIN_PHRASE_COUNT) -> set[tuple[str, ...]]:
    """Bigrams and trigrams with a log-likelihood ratio above :data:`LR_CRITICAL` (see
    :func:`collocations`, which takes the counts instead of the documents)."""
    return collocations(add_ngram_tables([ngram_table(docs, stop)], keep=min_count), stop, min_count)


def collocations(table: NgramTable, stop: frozenset[str], min_count: int = MIN_PHRASE_COUNT) -> set[tuple[str, ...]]:
    """Bigrams and trigrams with a log-likelihood ratio above :data:`LR_CRITICAL`.

    The statistic is that of NLTK's ``BigramCollocationFinder`` /
    ``TrigramCollocationFinder`` with ``likelihood_ratio`` (the same counts within
    documents and the same contingency tables; a test checks the scores agree),
    but computed only for the candidate n-grams -- seen ``min_count`` times, not
    starting or ending with a stop word or a one-letter word -- and with numpy
    over the integer-coded counts of :mod:`helpers.discover.ngrams` (counted with
    the same ``stop``), so a large corpus is not walked by Python loops."""
    if min_count < table.keep:
        raise ValueError(f"the counts left out n-grams seen under {table.keep} times; min_count is {min_count}")
    n = float(table.n)
    if n == 0:
        return set()
    vocab, words, size = table.vocab, table.words, len(table.vocab)
    good = np.fromiter((len(w) >= 2 and w not in stop for w in vocab), bool, size)
    out: set[tuple[str, ...]] = set()
    keys, counts = table.pairs
    a, b = np.divmod(keys, size)
    m = (counts >= min_count) & good[a] & good[b]
    if m.any():
        a, b = a[m], b[m]
        nii = counts[m].astype(float)
        c1 = words[a].astype(float)
        c2 = words[b].astype(float)
        cells = [nii, c2 - nii, c1 - nii, n - c1 - c2 + nii]
        expected = [c1 * c2 / n, (n - c1) * c2 / n, c1 * (n - c2) / n, (n - c1) * (n - c2) / n]
        hit = _lr(cells, expected) > LR_CRITICAL
        out |= set(zip(vocab[a[hit]].tolist(), vocab[b[hit]].tolist()))
    keys, counts = table.triples
    pos, w3 = np.divmod(keys, size)
    w1, w2 = np.divmod(table.pairs[0][pos], size)
    m = (counts >= min_count) & good[w1] & good[w3]
    if m.any():
        pos, w1, w2, w3 = pos[m], w1[m], w2[m], w3[m]
        iii = counts[m].astype(float)
        iix = table.pairs[1][pos].astype(float)
        xii = lookup(table.pairs, w2 * size + w3).astype(float)
        ixi = lookup(table.skips, w1 * size + w3).astype(float)
        c = [words[w].astype(float) for w in (w1, w2, w3)]
        oii, ioi, iio = xii - iii, ixi - iii, iix - iii
        ooi = c[2] - iii - oii - ioi
        oio = c[1] - iii - oii - iio
        ioo = c[0] - iii - ioi - iio
        ooo = n - iii - oii - ioi - iio - ooi - oio - ioo
        cells = [iii, oii, ioi, ooi, iio, oio, ioo, ooo]
        # cell i: bit j set = word j absent; expected = product of the word marginals / n²
        expected = [np.prod([(n - c[j]) if i >> j & 1 else c[j] for j in range(3)], axis=0) / n ** 2
                    for i in range(8)]
        hit = _lr(cells, expected) > LR_CRITICAL
        out |= set(zip(vocab[w1[hit]].tolist(), vocab[w2[hit]].tolist(), vocab[w3[hit]].tolist()))
    return out


def term_counts(docs: dict[str, list[str]], drop: frozenset[str], phrase_set: set[tuple[str, ...]]) -> pd.DataFrame:
    """Long [article_id, term, count]: every kept word and every phrase of ``phrase_set``."""
    rows = []
    for article_id, toks in docs.items():
        c = Counter(toks)
        for t in [t for t in c if t in drop or len(t) < 2]:
            del c[t]
        if phrase_set:
            for grams in (Counter(zip(toks, toks[1:])), Counter(zip(toks, toks[1:], toks[2:]))):
                for g in grams.keys() & phrase_set:
                    c[" ".join(g)] += grams[g]
        rows += [(article_id, t, k) for t, k in c.items()]
    return pd.DataFrame(rows, columns=["article_id", "term", "count"])


@dataclass(frozen=True)
class PhraseArrays:
    """A phrase set as arrays, built once and read by every chunk: per width (2, 3), the
    words at each position and the phrase written out, in sorted order."""

    words: dict[int, list[np.ndarray]]
    names: dict[int, np.ndarray]

    def __reduce__(self):
        # sent to every map task: one string per width (tokens hold no space or newline) pickles
        # far faster than arrays of strings (4 MB of 120,000 phrases: 0.24 s a task before)
        return _phrase_arrays_from, ({w: "\n".join(n.tolist()) for w, n in self.names.items()},)


def _phrase_arrays_from(joined: dict[int, str]) -> PhraseArrays:
    words, names = {}, {}
    for width, text in joined.items():
        grams = [g.split(" ") for g in text.split("\n")] if text else []
        words[width] = [np.asarray([g[j] for g in grams], dtype=object) for j in range(width)]
        names[width] = np.asarray([" ".join(g) for g in grams], dtype=object)
    return PhraseArrays(words, names)


def phrase_arrays(phrase_set) -> PhraseArrays:
    """A set of phrase tuples as :class:`PhraseArrays` (returned unchanged if it is one)."""
    if isinstance(phrase_set, PhraseArrays):
        return phrase_set
    words, names = {}, {}
    for width in (2, 3):
        grams = sorted(g for g in phrase_set if len(g) == width)
        words[width] = [np.asarray([g[j] for g in grams], dtype=object) for j in range(width)]
        names[width] = np.asarray([" ".join(g) for g in grams], dtype=object)
    return PhraseArrays(words, names)


def term_counts_array(docs: dict[str, list[str]], drop: frozenset[str],
                      phrase_set: set[tuple[str, ...]] | PhraseArrays) -> pd.DataFrame:
    """The rows of :func:`term_counts` (in another order), counted with numpy: the tokens
    of all documents become integer codes, each word, adjacent pair and triple one
    integer, and the counts per document come from one ``np.unique`` per kind -- no
    Python loop over tokens, n-grams or phrases (``phrase_set`` may be given as
    :func:`phrase_arrays`, built once for all chunks). Falls back to :func:`term_counts`
    when the codes of a triple would not fit in 63 bits."""
    cols = ["article_id", "term", "count"]
    flat = [w for toks in docs.values() for w in toks]
    if not flat:
        return pd.DataFrame(columns=cols)
    codes, vocab = pd.factorize(pd.Series(flat, dtype=object))
    codes = codes.astype(np.int64)
    vocab = np.asarray(vocab, dtype=object)
    size = len(vocab)
    if size ** 3 >= 2 ** 62:
        return term_counts(docs, drop, _phrase_set(phrase_set))
    ids = np.asarray(list(docs), dtype=object)
    doc = np.repeat(np.arange(len(ids), dtype=np.int64), [len(t) for t in docs.values()])
    parts = []
    keep = np.fromiter((w not in drop and len(w) >= 2 for w in vocab), bool, size)
    mask = keep[codes]
    key, n = np.unique(doc[mask] * size + codes[mask], return_counts=True)
    parts.append((key // size, vocab[key % size], n))
    ph = phrase_arrays(phrase_set)
    index = pd.Index(vocab)
    for width in (2, 3):
        if not len(ph.names[width]) or len(codes) < width:
            continue
        at = [index.get_indexer(col).astype(np.int64) for col in ph.words[width]]  # -1: not in these docs
        ok = np.logical_and.reduce([x >= 0 for x in at])
        if not ok.any():
            continue
        enc = sum(x[ok] * size ** (width - 1 - j) for j, x in enumerate(at))
        order = np.argsort(enc)
        enc, names = enc[order], ph.names[width][ok][order]
        m = len(codes) - width + 1
        gram = sum(codes[j:j + m] * size ** (width - 1 - j) for j in range(width))
        hit = (doc[:m] == doc[width - 1:]) & np.isin(gram, enc)
        if not hit.any():
            continue
        pairs = pd.DataFrame({"d": doc[:m][hit], "g": gram[hit]}).value_counts(sort=False)
        d = pairs.index.get_level_values("d").to_numpy()
        g = pairs.index.get_level_values("g").to_numpy()
        parts.append((d, names[np.searchsorted(enc, g)], pairs.to_numpy()))
    return pd.DataFrame({"article_id": np.concatenate([ids[d] for d, _, _ in parts]),
                         "term": np.concatenate([t for _, t, _ in parts]),
                         "count": np.concatenate([c for _, _, c in parts]).astype(np.int64)}, columns=cols)


def _phrase_set(phrase_set) -> set[tuple[str, ...]]:
    if not isinstance(phrase_set, PhraseArrays):
        return phrase_set
    return {tuple(g) for width in (2, 3) for g in zip(*phrase_set.words[width])}


def event_totals(counts: pd.DataFrame, articles: pd.DataFrame, group: str = "outlet",
                 position: str | None = None) -> pd.DataFrame:
    """[event, group, term, count]: the counts of :func:`term_counts` summed per event and group
    (rows of articles missing from ``articles`` kept under empty keys, as the corpus prior counts them).

    With ``position`` (a column of ``articles``: the article's place in the articles
    table), also ``first``: the smallest position of an article holding the term.
    Totals of disjoint sets of articles add up (:func:`add_event_totals`): the
    per-article table, the largest of discovery, need not be kept."""
    cols = [group, "event"] + ([position] if position else [])
    df = counts.join(articles.set_index("article_id")[cols], on="article_id")
    g = df.groupby(["event", group, "term"], sort=False, dropna=False)
    out = g["count"].sum().to_frame()
    if position:
        out["first"] = g[position].min()
    return out.reset_index().rename(columns={group: "group"})


def add_event_totals(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """The sum of several :func:`event_totals` (``first``: the smallest)."""
    full = [p for p in parts if not p.empty]
    if not full:
        return parts[0] if parts else pd.DataFrame(columns=["event", "group", "term", "count"])
    if len(full) == 1:
        return full[0]
    g = pd.concat(full, ignore_index=True).groupby(["event", "group", "term"], sort=False, dropna=False)
    out = g["count"].sum().to_frame()
    if "first" in full[0].columns:
        out["first"] = g["first"].min()
    return out.reset_index()


def distinctive_by_event(counts: pd.DataFrame, articles: pd.DataFrame, group: str = "outlet") -> pd.DataFrame:
    """Per event and group: log-odds z of every term against the event's other groups.

    Returns event, group, term, count, z; an event with a single group gives
    z = 0 (nothing to compare within it)."""
    return distinctive_from_totals(event_totals(counts, articles, group))


def distinctive_from_totals(df: pd.DataFrame) -> pd.DataFrame:
    """:func:`distinctive_by_event` from the totals of :func:`event_totals`.

    Per event, each group's log-odds z (:func:`helpers.compare.log_odds_dirichlet`, the
    same arithmetic term by term) with the prior alpha = corpus frequency scaled to the
    event's size, computed for all events at once: a corpus of many small events (a few
    articles each) costs no DataFrame per event and group. Rows: by event, group, term."""
    cols = ["event", "group", "term", "count", "z"]
    corpus = df.groupby("term")["count"].sum()
    rows = df.groupby(["event", "term", "group"], sort=True)["count"].sum().reset_index()
    rows = rows[rows["count"] > 0].reset_index(drop=True)
    if rows.empty:
        return pd.DataFrame(columns=cols)
    event, _ = pd.factorize(rows["event"])  # rows are sorted: codes in sorted order
    term, _ = pd.factorize(rows["term"])
    count = rows["count"].to_numpy(np.int64)
    new_et = np.r_[True, (event[1:] != event[:-1]) | (term[1:] != term[:-1])]
    et_start = np.flatnonzero(new_et)  # each (event, term): its first row
    et = np.cumsum(new_et) - 1
    et_event = event[et_start]
    totals = np.add.reduceat(count, et_start)  # a term's count in its event, all groups
    prior = corpus.reindex(rows["term"].to_numpy()[et_start]).to_numpy(float)
    ev_start = np.flatnonzero(np.r_[True, et_event[1:] != et_event[:-1]])
    ev_size = np.add.reduceat(totals, ev_start).astype(float)  # exact: sums of integers
    ev_prior = np.add.reduceat(prior, ev_start)  # exact too (whole numbers far below 2**53)
    alpha = prior / ev_prior[et_event] * ev_size[et_event]
    # alpha_0: summed per event in the order one event's array is summed (numpy's pairwise sum)
    bounds = np.r_[ev_start, len(alpha)]
    a0 = np.array([alpha[bounds[i]:bounds[i + 1]].sum() for i in range(len(ev_start))])
    # within an event, groups in the column order of the pivot table this replaces (rows and
    # ties downstream follow it): sorted if the event has every group of the corpus, else in
    # the order of their first row (pandas' unstack after dropping the unused groups)
    group, _ = pd.factorize(rows["group"], sort=True)
    width = group.max() + 1
    eg = event.astype(np.int64) * width + group
    eg_codes, eg_first, eg_inv = np.unique(eg, return_index=True, return_inverse=True)
    eg_event = eg_codes // width
    n_groups = np.bincount(eg_event, minlength=len(ev_start))
    within = np.where(n_groups[eg_event] == width, eg_codes % width, eg_first)
    rank = np.empty(len(eg_codes), np.int64)
    rank[np.lexsort((within, eg_event))] = np.arange(len(eg_codes))
    na = np.bincount(eg_inv, weights=count, minlength=len(eg_codes))[eg_inv]  # exact: whole numbers
    ya = count.astype(float)
    a = alpha[et]
    yb = totals[et].astype(float) - ya
    nb = ev_size[event] - na
    a0 = a0[event]
    delta = (np.log(ya + a) - np.log(na + a0 - ya - a)
             - np.log(yb + a) + np.log(nb + a0 - yb - a))
    var = 1.0 / (ya + a) + 1.0 / (yb + a)
    z = np.where(n_groups[event] < 2, 0.0, delta / np.sqrt(var))
    order = np.argsort(rank[eg_inv], kind="stable")  # by event, then group; terms stay sorted within
    out = pd.DataFrame({"event": rows["event"].to_numpy()[order], "group": rows["group"].to_numpy()[order],
                        "term": rows["term"].to_numpy()[order], "count": count[order], "z": z[order]})
    return out[cols]


def name_words(stats) -> frozenset[str]:
    """Lower-cased words that ``stats`` (a :class:`~helpers.discover.mentions.WordStats`)
    finds written capitalised mid-sentence more often than in lower case: in this
    corpus they are parts of names ("Earnest", "United")."""
    return frozenset(w.lower() for w in stats.cap_mid if stats.name_like(w))


def valence_of(term: str, vader: dict[str, float], name_words: frozenset[str] = frozenset()) -> float:
    """VADER mean valence of a word; for a phrase, that of its most evaluative word.
    Words of ``name_words`` (lower case: parts of names in this corpus) count 0."""
    vals = [0.0 if w in name_words else vader.get(w, 0.0) for w in term.split()]
    return max(vals, key=abs) if vals else 0.0


def _sorted_codes(values: pd.Series) -> np.ndarray:
    """Integer codes that sort as the values do (a sort on them equals ``sort_values``)."""
    return pd.factorize(values, sort=True)[0]


def _rank_within_event(e: np.ndarray) -> np.ndarray:
    """1, 2, ... within each event of rows ordered by event (codes ``e``; ``groupby("event").cumcount() + 1``)."""
    starts = np.flatnonzero(np.r_[True, e[1:] != e[:-1]]) if len(e) else np.zeros(0, np.int64)
    return np.arange(len(e)) - np.repeat(starts, np.diff(np.r_[starts, len(e)])) + 1


def rank_terms(dist: pd.DataFrame, vader: dict[str, float], modifiers: dict[str, str],
               top: int | None = 200, name_words: frozenset[str] = frozenset()) -> pd.DataFrame:
    """Per event the ``top`` terms by score (module doc): event, term, group (where z is
    highest), count, z, valence, modifies (an actor the word is written before), score, rank.
    ``name_words``: lower-cased words that are parts of names in the corpus (no valence).

    Sorted on integer codes of the keys (strings sorted once) and the valence looked up once
    per distinct term: a corpus of many small events ranks millions of (event, term) rows."""
    cols = ["event", "term", "group", "count", "z", "valence", "modifies", "score", "rank"]
    if dist.empty:
        return pd.DataFrame(columns=cols)
    z = dist["z"].to_numpy(float)
    e, t = _sorted_codes(dist["event"]), _sorted_codes(dist["term"])
    # by event, term, z (highest first), group: the row where z is highest
    order = np.lexsort((_sorted_codes(dist["group"]), -z, t, e))
    first = np.r_[True, (e[order][1:] != e[order][:-1]) | (t[order][1:] != t[order][:-1])]
    keep = order[first]
    best = dist.iloc[keep].copy()
    e, t = e[keep], t[keep]
    terms = best["term"].unique()
    best["valence"] = best["term"].map(dict(zip(terms, (valence_of(t, vader, name_words) for t in terms))))
    best["modifies"] = [modifiers.get(t, "") for t in best["term"]]
    bonus = (best["modifies"] != "").astype(float)
    best["score"] = (best["z"].clip(lower=0) + 0.5) * (1 + best["valence"].abs() + bonus)
    # by event, score (highest first), term: (event, term) is unique, so the order is total
    order = np.lexsort((t, -best["score"].to_numpy(float), e))
    best = best.iloc[order]
    best["rank"] = _rank_within_event(e[order])
    if top is not None:
        best = best[best["rank"] <= top]
    return best[cols].reset_index(drop=True)


def rank_distinctive(dist: pd.DataFrame, top: int | None = 200) -> pd.DataFrame:
    """The baseline: per event the ``top`` terms by z alone (the distinctive-terms ranking;
    a tie within an (event, term) goes to the first row of ``dist``, as a stable sort does)."""
    if dist.empty:
        return dist.assign(rank=pd.Series(dtype=np.int64)).reset_index(drop=True)
    e, t = _sorted_codes(dist["event"]), _sorted_codes(dist["term"])
    order = np.lexsort((t, -dist["z"].to_numpy(float), e))
    e, t = e[order], t[order]
    seen = pd.Series(e * (t.max() + 1) + t).duplicated().to_numpy()  # drop_duplicates keeps the first
    best = dist.iloc[order[~seen]].copy()
    best["rank"] = _rank_within_event(e[~seen])
    return (best[best["rank"] <= top] if top is not None else best).reset_index(drop=True)
