"""Cleaning: raw article text -> ordered segments, with an audit row for every raw line.

Each raw line is either **kept** as one segment (``headline``, ``lede``,
``body``, ``caption``, ``embed`` or ``footnote``) or **removed** with a named reason
(``navigation``, ``read_more``, ``teaser``, ``duplicate``, ``blank``, ...), as
decided in :mod:`helpers.clean.lines` by the outlet's rules
(:mod:`helpers.clean.rules`) and, for outlets without a rules file, layout
heuristics. Every decision is written to the audit so it can be checked line
by line. A segment's text is the normalised raw line
(:func:`helpers.core.normalize.normalize_line`); an article's clean text is
its segments joined by :data:`SEGMENT_SEPARATOR` (:func:`assemble_texts`),
which the segments' ``start``/``end`` offsets index.

Everything here is linear in the number of lines and builds plain lists; the
DataFrames are made once per call (the pipeline cleans large corpora in chunks).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..core.errors import FramingError
from ..core.normalize import mixed_script_words, normalize_line
from .lines import decide_lines, split_lines
from .rules import CompiledRules, compile_rules, load_rules

SEGMENT_SEPARATOR = "\n\n"

SEGMENT_COLUMNS = ["article_id", "segment_index", "segment", "start", "end", "text",
                   "line_first", "line_last"]
AUDIT_COLUMNS = ["article_id", "line_no", "raw_line", "action", "segment", "segment_index",
                 "reason", "rule", "flags"]


def _clean_lines(text: str, article_id: str, compiled: CompiledRules,
                 seg_rows: list, audit_rows: list, title: str = "") -> None:
    """Clean one article, appending plain tuples to ``seg_rows`` and ``audit_rows``.

    When the manifest ``title`` is not a line of the text and the text opens
    without a headline, the title is the headline segment (index 0, lines 0-0:
    it comes from the manifest, not from a raw line, so it has no audit row).
    """
    raw = split_lines(text)
    norm = [normalize_line(line) for line in raw]
    action, reason, rule, segment, line_flags = decide_lines(norm, compiled, title)
    n = len(raw)
    pos = 0
    first = 0
    if normalize_line(title).strip() and "headline" not in segment:
        t = normalize_line(title)
        seg_rows.append((article_id, 0, "headline", 0, len(t), t, 0, 0))
        pos, first = len(t) + len(SEGMENT_SEPARATOR), 1
    seg_index: list[int | None] = [None] * n
    for k, i in enumerate([i for i in range(n) if action[i] == "kept"], start=first):
        t = norm[i]
        seg_rows.append((article_id, k, segment[i], pos, pos + len(t), t, i + 1, i + 1))
        seg_index[i] = k
        pos += len(t) + len(SEGMENT_SEPARATOR)
    for i in range(n):
        flags = ";".join(f for f in (line_flags[i], "mixed_script" if mixed_script_words(raw[i]) else "") if f)
        audit_rows.append((article_id, i + 1, raw[i], action[i], segment[i] if action[i] == "kept" else "",
                           seg_index[i], reason[i], rule[i], flags))


def _frames(seg_rows: list, audit_rows: list) -> tuple[pd.DataFrame, pd.DataFrame]:
    segments = pd.DataFrame(seg_rows, columns=SEGMENT_COLUMNS)
    for col in ("segment_index", "start", "end", "line_first", "line_last"):
        segments[col] = segments[col].astype("int64")
    audit = pd.DataFrame(audit_rows, columns=AUDIT_COLUMNS)
    audit["line_no"] = audit["line_no"].astype("int64")
    audit["segment_index"] = pd.array(audit["segment_index"].tolist(), dtype="Int64")
    return segments, audit


def clean_article(text: str, article_id: str, outlet: str,
                  rules: pd.DataFrame | None, title: str = "") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Clean one article: ``(segments, audit)`` as in docs/ARCHITECTURE.md.

    ``rules`` is :func:`helpers.clean.rules.load_rules` output for ``outlet``
    (``None`` = no rules at all, heuristics only). Every raw line gets exactly
    one audit row; each kept line is one segment, whose ``text`` is
    :func:`helpers.core.normalize.normalize_line` of the raw line and whose
    offsets index the clean text.
    """
    seg_rows: list = []
    audit_rows: list = []
    _clean_lines(text, article_id, compile_rules(rules), seg_rows, audit_rows, title)
    return _frames(seg_rows, audit_rows)


def clean_corpus(corpus_df: pd.DataFrame, rules_dir: Path,
                 compiled: dict | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Clean every article of a loaded corpus (columns ``article_id``, ``outlet``, ``text``).

    Rules (from ``rules_dir``) are loaded and compiled once per outlet; rows come out sorted by
    article_id then segment_index / line_no. ``compiled``: a dict the caller
    keeps to reuse compiled rules across calls (outlet -> rules); it must be
    discarded when a rules file changes (the pipeline keys it by the rules'
    fingerprint).
    """
    for col in ("article_id", "outlet", "text"):
        if col not in corpus_df.columns:
            raise FramingError(f"corpus table lacks column {col!r}",
                               fix="load it with helpers.corpus.load_corpus")
    if compiled is None:
        compiled = {}
    seg_rows: list = []
    audit_rows: list = []
    ordered = corpus_df.sort_values("article_id", kind="stable")
    titles = (ordered["title"].fillna("").astype(str) if "title" in ordered.columns
              else pd.Series("", index=ordered.index))
    for article_id, outlet, text, title in zip(ordered["article_id"], ordered["outlet"], ordered["text"], titles):
        if outlet not in compiled:
            compiled[outlet] = compile_rules(load_rules(outlet, rules_dir))
        _clean_lines(text, str(article_id), compiled[outlet], seg_rows, audit_rows, title)
    return _frames(seg_rows, audit_rows)


def assemble_texts(segments: pd.DataFrame) -> pd.Series:
    """article_id -> clean text: each article's segment texts joined by
    :data:`SEGMENT_SEPARATOR` in segment_index order; sorted by article_id,
    named ``clean_text`` (segments with a missing article_id are left out).

    Segments tables come grouped by article and in order, so usually nothing
    is sorted: only the first id of each run of equal ids is hashed, and the
    texts are joined from a plain list (no pandas groupby).
    """
    column = segments["article_id"]
    ids = column.to_numpy(dtype=object, na_value=None)
    n = len(ids)
    first = np.flatnonzero(np.concatenate(([True], ids[1:] != ids[:-1]))) if n else np.zeros(0, np.int64)
    run_codes, uniques = pd.factorize(ids[first])  # a missing id is -1
    sorter = np.argsort(uniques, kind="stable")
    rank = np.empty(len(uniques) + 1, dtype=np.int64)
    rank[sorter], rank[-1] = np.arange(len(uniques)), -1
    codes = np.repeat(rank[run_codes], np.diff(np.append(first, n)))  # article codes in sorted order
    positions = segments["segment_index"].to_numpy()
    texts = segments["text"].to_numpy(dtype=object)
    later = codes[1:] > codes[:-1]
    same = codes[1:] == codes[:-1]
    if not bool((later | (same & (positions[1:] >= positions[:-1]))).all()):
        order = np.lexsort((positions, codes))  # stable: equal keys keep their table order
        codes, texts = codes[order], texts[order]
    # rows of article k are bounds[k]..bounds[k + 1] (rows without an id, code -1, come first)
    bounds = np.searchsorted(codes, np.arange(len(uniques) + 1)).tolist()
    texts, sep = texts.tolist(), SEGMENT_SEPARATOR
    return pd.Series([sep.join(texts[a:b]) for a, b in zip(bounds[:-1], bounds[1:])],
                     index=pd.Index(uniques[sorter], dtype=column.dtype, name="article_id"),
                     name="clean_text", dtype=object)
