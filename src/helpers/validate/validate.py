"""Validate the automated measures against hand-coded (gold) spans.

A dictionary measure is only as good as its agreement with a careful human
reader (Grimmer & Stewart 2013, "Text as Data", *Political Analysis* 21(3);
Krippendorff 2018, *Content Analysis*, ch. 12). This module scores the
project's spans -- lexicon hits, quotations and quoted sources -- against a
gold CSV of hand-coded spans, per category:

* **exact** level: a predicted span counts only if its start and end equal a
  gold span's;
* **overlap** level: a predicted span counts if it shares at least one
  character with a gold span. Matching is *one-to-one and greedy*: all
  overlapping (gold, predicted) pairs are sorted -- identical spans first,
  then by shared characters (largest first), then by position -- and taken
  in that order, skipping any pair whose gold or predicted span is already
  used, so one predicted span can never satisfy two gold spans (nor one gold
  span absorb two predictions), and every exact match is an overlap match;
* precision = tp / (tp + fp), recall = tp / (tp + fn), F1 their harmonic mean
  (van Rijsbergen 1979), empty where the denominator is zero;
* Spearman's rank correlation of per-article counts (hand vs automated), the
  usual check that a measure orders documents like a human coder does;
* for sources, label accuracy (``named`` / ``anonymous``) on matched spans.

Gold file (one row per span; see ``data/README.md`` "## gold/"):
``article_id, start, end, category`` and optionally ``text`` (checked against
the offsets), ``label`` and ``offsets`` (``clean`` | ``raw``). Raw offsets are
converted to clean offsets through the cleaning audit and segments.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import pandas as pd

from ..core.errors import FramingError

#: Categories predicted by the project: lexicon hit categories (hits.csv) plus
#: quotations and their speakers (quotes.csv).
HIT_CATEGORIES = ("loaded_terms", "hedges", "boosters", "reporting_verbs",
                  "anonymous_sourcing", "naming")
SPAN_CATEGORIES = ("quotes", "sources")
PROJECT_CATEGORIES = HIT_CATEGORIES + SPAN_CATEGORIES

#: Below this many articles a rank correlation says nothing (with n = 4 even a
#: perfect rho has p = 0.083, two-sided); we still report it, with a note.
MIN_ARTICLES_FOR_CORRELATION = 5

MISSING_ENTRY = "(missing entry)"
NOT_DETECTED = "(not detected)"

SPAN_COLUMNS = ["article_id", "start", "end", "category", "label", "entry", "text"]
SCORE_COLUMNS = ["category", "level", "n_gold", "n_predicted", "tp", "fp", "fn",
                 "precision", "recall", "f1", "n_labelled", "label_accuracy"]
CORRELATION_COLUMNS = ["category", "n_articles", "gold_total", "predicted_total",
                       "spearman_rho", "note"]
ERROR_COLUMNS = ["category", "kind", "entry", "article_id", "start", "end", "label",
                 "left", "match", "right", "kwic", "other_start", "other_end", "other_text"]

_GOLD_REQUIRED = ("article_id", "start", "end", "category")
#: CSVs written by :func:`run_validation`, in this order.
OUTPUT_TABLES = ("scores", "correlation", "errors", "error_summary", "gold", "predicted")


# --------------------------------------------------------------------------
# Mapping and gold loading
# --------------------------------------------------------------------------

def _key(value: Any) -> str:
    """Category names compare case- and space-insensitively (``Doubt `` == ``doubt``)."""
    return " ".join(str(value).split()).casefold()


def coarse_label(label: Any) -> str:
    """``named_person`` / ``named_institution`` / ``named`` -> ``named``; others as given, lower-case."""
    text = str(label).strip().casefold()
    if text.startswith("named"):
        return "named"
    return text


def load_mapping(path: str | Path | None) -> dict[str, str]:
    """Read a gold-category mapping CSV (``gold_category, category``) into a dict.

    Keys are folded with :func:`_key`. Every project category maps to itself
    unless the file says otherwise, so a gold file written in project
    categories needs no mapping. Targets must be project categories.
    """
    from ..core.storage import read_csv

    mapping = {_key(c): c for c in PROJECT_CATEGORIES}
    if path is None:
        return mapping
    table = read_csv(path, dtype=str)
    for col in ("gold_category", "category"):
        if col not in table.columns:
            raise FramingError(f"mapping has no column {col!r}", path=path,
                               fix="give columns gold_category,category")
    for i, row in enumerate(table.itertuples(index=False), start=1):
        target = str(row.category).strip()
        if target not in PROJECT_CATEGORIES:
            raise FramingError(f"unknown project category {target!r}", path=path, row=i,
                               fix=f"use one of {', '.join(PROJECT_CATEGORIES)}")
        if not str(row.gold_category).strip():
            raise FramingError("empty gold_category", path=path, row=i,
                               fix="name the category as written in the gold file")
        mapping[_key(row.gold_category)] = target
    return mapping


def normalise_line(line: str) -> str:
    """A raw line as it appears in the clean text (``helpers.core.normalize.normalize_line``:
    NFC, every Unicode space to ``' '``, outer whitespace stripped)."""
    from ..core.normalize import normalize_line

    return normalize_line(line)


def _clean_prefix_len(raw_line: str, col: int) -> int:
    """Length in the clean line of the raw line's first ``col`` characters.

    Only the leading strip and NFC change lengths (spaces map one for one).
    """
    prefix = unicodedata.normalize("NFC", raw_line[:col])
    prefix = "".join(" " if ch.isspace() else ch for ch in prefix).lstrip()
    return len(prefix)


def _raw_line_starts(lines: list[str], raw_text: str | None) -> list[int]:
    """Offset of each audit line in the raw text (found in order, so any line ends work)."""
    starts, cursor = [], 0
    for line in lines:
        if raw_text is not None:
            found = raw_text.find(line, cursor)
            pos = found if found >= 0 else cursor
        else:
            pos = cursor
        starts.append(pos)
        cursor = pos + len(line) + (0 if raw_text is not None else 1)
        if raw_text is not None and found >= 0:
            # skip the line end (\n, \r\n or \r)
            if raw_text.startswith("\r\n", cursor):
                cursor += 2
            elif cursor < len(raw_text) and raw_text[cursor] in "\n\r":
                cursor += 1
    return starts


def raw_to_clean_offset(raw_offset: int, *, audit: pd.DataFrame, segments: pd.DataFrame,
                        raw_text: str | None = None, is_end: bool = False) -> int:
    """Map one raw-text offset of one article to a clean-text offset.

    ``audit`` and ``segments`` are that article's rows. The raw line holding the
    offset must be kept in a segment; the clean line is :func:`normalise_line`
    of it, found in order inside its segment's text. Raises ``LookupError``
    (with a reason) if the offset falls on a removed line or outside the text.
    """
    audit = audit.sort_values("line_no")
    lines = [str(x) for x in audit["raw_line"]]
    starts = _raw_line_starts(lines, raw_text)
    probe = raw_offset - 1 if is_end else raw_offset
    idx = None
    for i, (s, line) in enumerate(zip(starts, lines)):
        if s <= probe < s + max(len(line), 1):
            idx = i
            break
    if idx is None:
        raise LookupError(f"raw offset {raw_offset} is not inside any raw line")
    row = audit.iloc[idx]
    line_no = int(row["line_no"])
    if str(row["action"]) != "kept":
        raise LookupError(f"raw line {line_no} was removed by cleaning ({row['reason']})")
    seg = segments[(segments["line_first"].astype(int) <= line_no)
                   & (segments["line_last"].astype(int) >= line_no)]
    if seg.empty:
        raise LookupError(f"raw line {line_no} is in no segment")
    seg = seg.iloc[0]
    seg_text = str(seg["text"])
    # walk the segment's kept lines in order to find where this one sits
    kept = audit[(audit["action"] == "kept") & (audit["line_no"].astype(int) >= int(seg["line_first"]))
                 & (audit["line_no"].astype(int) <= line_no)]
    cursor = 0
    pos = -1
    for _, k in kept.iterrows():
        clean_line = normalise_line(str(k["raw_line"]))
        found = seg_text.find(clean_line, cursor)
        if found < 0:
            raise LookupError(f"raw line {int(k['line_no'])} not found in its segment's clean text")
        pos = found
        cursor = found + len(clean_line)
    raw_line = lines[idx]
    col = raw_offset - starts[idx]
    clean_col = min(_clean_prefix_len(raw_line, col), len(normalise_line(raw_line)))
    return int(seg["start"]) + pos + clean_col


def _as_text_map(texts: Mapping[str, str] | pd.Series) -> dict[str, str]:
    return {str(k): str(v) for k, v in dict(texts).items()}


def load_gold(path: str | Path, *, texts: Mapping[str, str] | pd.Series,
              offsets: str = "clean", mapping: str | Path | Mapping[str, str] | None = None,
              segments: pd.DataFrame | None = None, audit: pd.DataFrame | None = None,
              raw_texts: Mapping[str, str] | pd.Series | None = None) -> pd.DataFrame:
    """Read and check a gold span CSV; return spans in clean-text offsets.

    ``texts``: article_id -> clean text (``helpers.clean.cleaning.assemble_texts``).
    ``offsets``: ``"clean"`` or ``"raw"`` for rows without an ``offsets`` column
    value. Raw rows need ``segments`` and ``audit`` (and ``raw_texts`` when the
    raw files do not use ``\\n`` line ends). ``mapping``: a mapping CSV path or
    a dict gold category -> project category (see :func:`load_mapping`).

    Returns columns ``row`` (1-based data row), article_id, start, end,
    category (project category), gold_category, label, text (the clean text
    covered). Every user error raises :class:`FramingError` naming the row.
    """
    from ..core.storage import read_csv

    path = Path(path)
    table = read_csv(path, dtype=str)
    missing = [c for c in _GOLD_REQUIRED if c not in table.columns]
    if missing:
        raise FramingError(f"gold file has no column(s) {', '.join(missing)}", path=path,
                           fix="give columns article_id,start,end,category[,text,label,offsets]")
    if offsets not in ("clean", "raw"):
        raise FramingError(f"unknown offsets {offsets!r}", path=path, fix="use 'clean' or 'raw'")
    cat_map = dict(mapping) if isinstance(mapping, Mapping) else load_mapping(mapping)
    cat_map = {_key(k): v for k, v in cat_map.items()}
    text_map = _as_text_map(texts)
    raw_map = _as_text_map(raw_texts) if raw_texts is not None else {}

    rows = []
    for i, rec in enumerate(table.to_dict("records"), start=1):
        article = str(rec["article_id"]).strip()
        if article not in text_map:
            raise FramingError(f"unknown article_id {article!r}", path=path, row=i,
                               fix="use an article_id from the corpus manifest")
        gold_cat = str(rec["category"]).strip()
        if _key(gold_cat) not in cat_map:
            raise FramingError(f"unknown category {gold_cat!r}", path=path, row=i,
                               fix="add it to the mapping CSV (gold_category,category) "
                                   "or use a project category")
        kind = str(rec.get("offsets", "") or offsets).strip().lower()
        if kind not in ("clean", "raw"):
            raise FramingError(f"unknown offsets {kind!r}", path=path, row=i,
                               fix="write 'clean' or 'raw' in the offsets column")
        try:
            start, end = int(str(rec["start"]).strip()), int(str(rec["end"]).strip())
        except ValueError:
            raise FramingError(f"missing or non-integer offsets (start={rec['start']!r}, "
                               f"end={rec['end']!r})", path=path, row=i,
                               fix="give start and end as character offsets") from None
        if start < 0 or start >= end:
            raise FramingError(f"start {start} must be >= 0 and less than end {end}",
                               path=path, row=i, fix="fix the offsets (end is exclusive)")
        if kind == "raw":
            start, end = _convert_raw(path, i, article, start, end, segments, audit,
                                      raw_map.get(article))
        text = text_map[article]
        if end > len(text):
            raise FramingError(f"span {start}-{end} runs past the end of the text "
                               f"({len(text)} characters)", path=path, row=i,
                               fix=f"check the offsets are {kind} offsets for this article")
        covered = text[start:end]
        given = str(rec.get("text", "") or "")
        if given and unicodedata.normalize("NFC", given).replace("\u00a0", " ") != covered:
            raise FramingError(f"text {given!r} does not match the text at {start}-{end} "
                               f"({covered!r})", path=path, row=i,
                               fix="correct the offsets or the text column")
        rows.append({"row": i, "article_id": article, "start": start, "end": end,
                     "category": cat_map[_key(gold_cat)], "gold_category": gold_cat,
                     "label": str(rec.get("label", "") or "").strip(), "text": covered})
    out = pd.DataFrame(rows, columns=["row", "article_id", "start", "end", "category",
                                      "gold_category", "label", "text"])
    return out.sort_values(["article_id", "start", "end", "category"], kind="stable").reset_index(drop=True)


def _convert_raw(path: Path, row: int, article: str, start: int, end: int,
                 segments: pd.DataFrame | None, audit: pd.DataFrame | None,
                 raw_text: str | None) -> tuple[int, int]:
    if segments is None or audit is None:
        raise FramingError("raw offsets need the cleaning audit and segments", path=path, row=row,
                           fix="pass segments= and audit= to load_gold, or give clean offsets")
    a = audit[audit["article_id"].astype(str) == article]
    s = segments[segments["article_id"].astype(str) == article]
    try:
        new_start = raw_to_clean_offset(start, audit=a, segments=s, raw_text=raw_text)
        new_end = raw_to_clean_offset(end, audit=a, segments=s, raw_text=raw_text, is_end=True)
    except LookupError as exc:
        raise FramingError(f"raw span {start}-{end}: {exc}", path=path, row=row,
                           fix="code only text that survives cleaning, or give clean offsets") from None
    return new_start, new_end


# --------------------------------------------------------------------------
# Predicted spans
# --------------------------------------------------------------------------

def _table(measures: Any, name: str) -> pd.DataFrame | None:
    if isinstance(measures, Mapping):
        return measures.get(name)
    return getattr(measures, name, None)


def _speaker_spans(table: pd.DataFrame) -> pd.DataFrame:
    """``sources`` spans from the speaker mentions of quotes.csv / attributions.csv rows."""
    s = pd.to_numeric(table["speaker_start"], errors="coerce")
    e = pd.to_numeric(table["speaker_end"], errors="coerce")
    keep = s.notna() & e.notna() & (e > s) & (table["speaker_class"].astype(str) != "unattributed")
    rows, cls = table[keep], table.loc[keep, "speaker_class"].astype(str)
    return pd.DataFrame({
        "article_id": rows["article_id"].astype(str), "start": s[keep].astype(int),
        "end": e[keep].astype(int), "category": "sources", "label": cls.map(coarse_label),
        "entry": cls, "text": rows["speaker"].astype(str)})


def predicted_spans(measures: Any) -> pd.DataFrame:
    """Turn the measures into scoreable spans named like the mapping's targets.

    ``measures``: a processed folder (reads ``hits.csv``, ``quotes.csv`` and,
    if present, ``attributions.csv``), or a dict or object with ``hits`` /
    ``quotes`` / ``attributions`` DataFrames (e.g. the result of
    ``helpers.measure.features.measure_corpus``). Hits keep their ``category`` and
    ``entry``; each quotation gives a ``quotes`` span (the quoted words, entry =
    its reporting verb); every speaker mention of a quotation or attribution
    (direct and indirect speech) gives one ``sources`` span, label ``named`` /
    ``anonymous`` (:func:`coarse_label` of speaker_class), entry = the class.
    """
    if isinstance(measures, (str, Path)):
        from ..core.storage import read_csv

        folder = Path(measures)
        measures = {name: read_csv(folder / f"{name}.csv")
                    for name in ("hits", "quotes", "attributions")
                    if (folder / f"{name}.csv").exists()}
    parts = []
    hits = _table(measures, "hits")
    if hits is not None and len(hits):
        parts.append(pd.DataFrame({
            "article_id": hits["article_id"].astype(str), "start": hits["start"].astype(int),
            "end": hits["end"].astype(int), "category": hits["category"].astype(str),
            "label": "", "entry": hits["entry"].astype(str),
            "text": hits["matched"].astype(str) if "matched" in hits else ""}))
    quotes = _table(measures, "quotes")
    if quotes is not None and len(quotes):
        verb = quotes["verb"].astype(str) if "verb" in quotes else ""
        parts.append(pd.DataFrame({
            "article_id": quotes["article_id"].astype(str), "start": quotes["start"].astype(int),
            "end": quotes["end"].astype(int), "category": "quotes", "label": "",
            "entry": verb, "text": quotes["text"].astype(str)}))
    for table in (quotes, _table(measures, "attributions")):
        if table is not None and len(table):
            parts.append(_speaker_spans(table))
    if not parts:
        return pd.DataFrame(columns=SPAN_COLUMNS)
    out = pd.concat(parts, ignore_index=True)[SPAN_COLUMNS]
    # one speaker quoted twice is one source mention in the text, not two
    out = out.drop_duplicates(["article_id", "start", "end", "category"])
    return out.sort_values(["article_id", "start", "end", "category"], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------
# Matching and scoring
# --------------------------------------------------------------------------

def match_spans(gold: pd.DataFrame, predicted: pd.DataFrame,
                level: str = "overlap") -> list[tuple[int, int]]:
    """One-to-one matches between gold and predicted rows (positional indices).

    Both tables must hold one article and one category. ``exact``: identical
    start and end. ``overlap``: at least one shared character; candidate pairs
    are taken greedily -- exact pairs first, then most shared characters first
    (ties: earlier gold, then earlier prediction) -- each span used at most once.
    """
    gs, ge = gold["start"].to_numpy(int), gold["end"].to_numpy(int)
    ps, pe = predicted["start"].to_numpy(int), predicted["end"].to_numpy(int)
    pairs = []
    for gi in range(len(gs)):
        for pi in range(len(ps)):
            shared = min(ge[gi], pe[pi]) - max(gs[gi], ps[pi])
            exact = gs[gi] == ps[pi] and ge[gi] == pe[pi]
            if exact or (level != "exact" and shared > 0):
                # exact pairs first, so every exact match is also an overlap match
                pairs.append((not exact, -shared, gs[gi], ps[pi], gi, pi))
    pairs.sort()
    used_g, used_p, out = set(), set(), []
    for *_, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gi, pi))
    return sorted(out)


def _ratio(num: int, den: int) -> float:
    return num / den if den else np.nan


def _restrict(gold: pd.DataFrame, predicted: pd.DataFrame,
              articles: Any = None) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Keep what was hand-coded: the gold articles (or ``articles``) and the gold categories."""
    ids = sorted(set(gold["article_id"].astype(str))) if articles is None else _article_ids(articles)
    cats = sorted(set(gold["category"]))
    pred = predicted[predicted["article_id"].astype(str).isin(ids) & predicted["category"].isin(cats)]
    g = gold[gold["article_id"].astype(str).isin(ids)]
    return g, pred, cats


def _article_ids(articles: Any) -> list[str]:
    if isinstance(articles, pd.DataFrame):
        articles = articles["article_id"]
    return sorted({str(a) for a in articles})


def score(gold: pd.DataFrame, predicted: pd.DataFrame, *, articles: Any = None) -> pd.DataFrame:
    """Precision, recall and F1 per gold category at ``exact`` and ``overlap`` level.

    Only hand-coded material is scored: the articles in ``gold`` (or
    ``articles``) and the categories that occur in ``gold``; an article in the
    gold file counts as fully coded for every gold category. A last row per
    level, category ``(all)``, pools the counts (micro-average). For
    ``sources`` (or any category whose gold spans carry labels) the
    ``label_accuracy`` column gives the share of matched spans with both labels
    set whose coarse labels (:func:`coarse_label`) agree.
    """
    g_all, p_all, cats = _restrict(gold, predicted, articles)
    rows = []
    for level in ("exact", "overlap"):
        pooled = dict(n_gold=0, n_predicted=0, tp=0)
        for cat in cats:
            g_cat, p_cat = g_all[g_all["category"] == cat], p_all[p_all["category"] == cat]
            tp = labelled = agree = 0
            for art in sorted(set(g_cat["article_id"]) | set(p_cat["article_id"])):
                g = g_cat[g_cat["article_id"] == art].reset_index(drop=True)
                p = p_cat[p_cat["article_id"] == art].reset_index(drop=True)
                matches = match_spans(g, p, level)
                tp += len(matches)
                for gi, pi in matches:
                    gl, pl = str(g.at[gi, "label"]), str(p.at[pi, "label"])
                    if gl and pl:
                        labelled += 1
                        agree += coarse_label(gl) == coarse_label(pl)
            n_g, n_p = len(g_cat), len(p_cat)
            rows.append(_score_row(cat, level, n_g, n_p, tp, labelled, agree))
            pooled["n_gold"] += n_g
            pooled["n_predicted"] += n_p
            pooled["tp"] += tp
        rows.append(_score_row("(all)", level, pooled["n_gold"], pooled["n_predicted"],
                               pooled["tp"], 0, 0))
    return pd.DataFrame(rows, columns=SCORE_COLUMNS)


def _score_row(cat: str, level: str, n_g: int, n_p: int, tp: int,
               labelled: int, agree: int) -> dict:
    fp, fn = n_p - tp, n_g - tp
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    f1 = (2 * precision * recall / (precision + recall)
          if np.isfinite(precision) and np.isfinite(recall) and precision + recall > 0
          else (0.0 if tp == 0 and n_g and n_p else np.nan))
    return {"category": cat, "level": level, "n_gold": n_g, "n_predicted": n_p, "tp": tp,
            "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1,
            "n_labelled": labelled, "label_accuracy": _ratio(agree, labelled)}


def count_correlation(gold: pd.DataFrame, predicted: pd.DataFrame, articles: Any) -> pd.DataFrame:
    """Spearman's rho per category between hand-coded and automated counts per article.

    ``articles``: the hand-coded article ids (list, Series or a table with
    ``article_id``); articles with no span count as zero. Rho is the Pearson
    correlation of average ranks (Spearman 1904). ``note`` says why a rho is
    empty or should not be read: fewer than
    :data:`MIN_ARTICLES_FOR_CORRELATION` articles, or constant counts.
    """
    ids = _article_ids(articles)
    g_all, p_all, cats = _restrict(gold, predicted, ids)
    rows = []
    for cat in cats:
        g = g_all[g_all["category"] == cat]["article_id"].astype(str).value_counts()
        p = p_all[p_all["category"] == cat]["article_id"].astype(str).value_counts()
        g = g.reindex(ids, fill_value=0)
        p = p.reindex(ids, fill_value=0)
        note, rho = "", np.nan
        if len(ids) < 2 or g.nunique() < 2 or p.nunique() < 2:
            note = "undefined: counts are constant across articles" if len(ids) >= 2 \
                else "undefined: fewer than 2 articles"
        else:
            rho = float(g.rank().corr(p.rank()))
        if len(ids) < MIN_ARTICLES_FOR_CORRELATION:
            note = "; ".join(x for x in (note, f"n = {len(ids)} < {MIN_ARTICLES_FOR_CORRELATION}: "
                                         "too few articles for the correlation to mean anything") if x)
        rows.append({"category": cat, "n_articles": len(ids), "gold_total": int(g.sum()),
                     "predicted_total": int(p.sum()), "spearman_rho": rho, "note": note})
    return pd.DataFrame(rows, columns=CORRELATION_COLUMNS)


# --------------------------------------------------------------------------
# Error analysis
# --------------------------------------------------------------------------

def _fold(text: str) -> str:
    """Case and quote-style folding for comparing a gold phrase with lexicon entries."""
    table = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
    return " ".join(text.translate(table).casefold().split())


def _entry_table(*tables: pd.DataFrame | None) -> pd.DataFrame:
    """(entry, category) pairs from a lexicon table and the predictions, deduplicated."""
    parts = [t[["entry", "category"]].astype(str) for t in tables
             if t is not None and len(t) and {"entry", "category"} <= set(t.columns)]
    if not parts:
        return pd.DataFrame(columns=["entry", "category"])
    out = pd.concat(parts, ignore_index=True)
    return out[out["entry"] != ""].drop_duplicates().reset_index(drop=True)


def lexicon_entry_for(text: str, category: str, entries: pd.DataFrame) -> str:
    """The lexicon entry that covers ``text`` (folded; ``word*`` entries as prefixes).

    Prefers an entry of ``category``; an entry of another category is returned
    as ``"entry (in <category>)"``; none gives :data:`MISSING_ENTRY`.
    """
    folded = _fold(text)
    best = None
    for entry, cat in zip(entries["entry"], entries["category"]):
        e = _fold(entry)
        hit = folded.startswith(e[:-1]) if e.endswith("*") else folded == e
        if hit:
            if cat == category:
                return entry
            best = best or f"{entry} (in {cat})"
    return best or MISSING_ENTRY


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _kwic(text: str, start: int, end: int, width: int) -> tuple[str, str, str]:
    """Left context, match, right context; whitespace runs (line breaks) shown as one space."""
    left = _one_line(text[max(0, start - width - 20):start])[-width:]
    right = _one_line(text[end:end + width + 20])[:width]
    return left, _one_line(text[start:end]), right


def error_analysis(gold: pd.DataFrame, predicted: pd.DataFrame,
                   texts: Mapping[str, str] | pd.Series, *, lexicon: pd.DataFrame | None = None,
                   width: int = 40, articles: Any = None) -> pd.DataFrame:
    """False negatives, false positives and boundary disagreements as KWIC lines.

    Matching is the one-to-one overlap matching of :func:`score`. ``kind`` is
    ``FN`` (gold span nobody predicted), ``FP`` (prediction no gold span
    overlaps) or ``boundary`` (matched at overlap level but not exactly; the
    prediction is in ``other_*``). ``entry`` groups the lines: a prediction's
    lexicon entry (FP, boundary); for an FN, the lexicon entry whose folded
    text equals the gold text if ``lexicon`` (columns entry[, category]) or
    the predictions have one -- a row the matcher should have found -- else
    ``(missing entry)``, a row to consider adding. FNs of quotes and sources
    get ``(not detected)``.
    """
    text_map = _as_text_map(texts)
    g_all, p_all, cats = _restrict(gold, predicted, articles)
    entries = _entry_table(lexicon, predicted)
    rows = []

    def add(kind, cat, entry, art, s, e, label, other=None):
        text = text_map.get(art, "")
        left, match, right = _kwic(text, s, e, width)
        rows.append({"category": cat, "kind": kind, "entry": entry, "article_id": art,
                     "start": s, "end": e, "label": label, "left": left, "match": match,
                     "right": right, "kwic": f"{left}[{match}]{right}",
                     "other_start": other[0] if other else np.nan,
                     "other_end": other[1] if other else np.nan,
                     "other_text": text[other[0]:other[1]] if other else ""})

    for cat in cats:
        g_cat, p_cat = g_all[g_all["category"] == cat], p_all[p_all["category"] == cat]
        for art in sorted(set(g_cat["article_id"]) | set(p_cat["article_id"])):
            g = g_cat[g_cat["article_id"] == art].reset_index(drop=True)
            p = p_cat[p_cat["article_id"] == art].reset_index(drop=True)
            matches = match_spans(g, p, "overlap")
            mg, mp = {gi for gi, _ in matches}, {pi for _, pi in matches}
            for gi in range(len(g)):
                if gi in mg:
                    continue
                s, e = int(g.at[gi, "start"]), int(g.at[gi, "end"])
                if cat in SPAN_CATEGORIES:
                    entry = NOT_DETECTED
                else:
                    entry = lexicon_entry_for(text_map.get(art, "")[s:e], cat, entries)
                add("FN", cat, entry, art, s, e, str(g.at[gi, "label"]))
            for pi in range(len(p)):
                if pi in mp:
                    continue
                add("FP", cat, str(p.at[pi, "entry"]) or "(none)", art, int(p.at[pi, "start"]),
                    int(p.at[pi, "end"]), str(p.at[pi, "label"]))
            for gi, pi in matches:
                gs, ge = int(g.at[gi, "start"]), int(g.at[gi, "end"])
                ps, pe = int(p.at[pi, "start"]), int(p.at[pi, "end"])
                if (gs, ge) != (ps, pe):
                    add("boundary", cat, str(p.at[pi, "entry"]) or "(none)", art, gs, ge,
                        str(g.at[gi, "label"]), (ps, pe))
    out = pd.DataFrame(rows, columns=ERROR_COLUMNS)
    return out.sort_values(["category", "kind", "entry", "article_id", "start"],
                           kind="stable").reset_index(drop=True)


def error_summary(errors: pd.DataFrame) -> pd.DataFrame:
    """One row per (category, kind, entry) of :func:`error_analysis`: how many lines
    and the distinct matched texts -- the short list of lexicon rows to add (FN,
    ``(missing entry)``), fix (FN with an entry) or drop or narrow (FP)."""
    if errors.empty:
        return pd.DataFrame(columns=["category", "kind", "entry", "n", "examples"])
    grouped = errors.groupby(["category", "kind", "entry"], sort=True)
    out = grouped.agg(n=("match", "size"),
                      examples=("match", lambda m: "; ".join(dict.fromkeys(m))))
    return out.reset_index().sort_values(["category", "kind", "n", "entry"],
                                         ascending=[True, True, False, True],
                                         kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------
# Chart, run, command
# --------------------------------------------------------------------------

def _resolve(path: str | Path, root: str | Path | None) -> Path:
    """A user-given path: absolute as is; relative to the project root if it exists there."""
    from ..core.paths import project_root

    p = Path(path)
    if p.is_absolute():
        return p
    under_root = project_root(root) / p
    return under_root if under_root.exists() else p


def default_mapping_path(root: str | Path | None = None) -> Path:
    from ..core.paths import data_dir

    return data_dir(root) / "gold" / "category_map.csv"


def load_lexicon_entries(root: str | Path | None = None) -> pd.DataFrame:
    """All lexicon entries (``entry``, ``category``) via ``helpers.measure.lexicon``, for error grouping."""
    from ..measure.lexicon import load_lexicons
    from ..core.paths import lexicon_dir

    if not any(lexicon_dir(root).glob("*.csv")):
        return pd.DataFrame(columns=["entry", "category"])
    return load_lexicons(root)[["entry", "category"]].astype(str)


def _processed_candidates(corpus: str, root: str | Path | None) -> list[Path]:
    """Where a corpus's processed tables may be: the seed study's folder, then a rerun's."""
    from ..core.paths import DEFAULT_CORPUS, reports_dir, study_paths

    seed = study_paths(corpus, root=root).processed
    rerun = study_paths(corpus, reports_dir(corpus, root), root=root).processed
    return [seed, rerun] if corpus == DEFAULT_CORPUS else [rerun, seed]


def load_study_tables(corpus: str, root: str | Path | None = None) -> dict[str, Any]:
    """Segments, audit, clean texts and measures of a corpus.

    Read from the first processed folder that has ``segments.csv`` and
    ``hits.csv`` (``data/processed/NAME`` for the seed study, else
    ``reports/NAME/processed``); if there is none, the corpus is cleaned and
    measured in memory (nothing is written). ``processed`` is the folder the
    tables came from, or where they would be written.
    """
    from ..clean import cleaning as clean
    from ..corpus import dataset
    from ..measure import features

    candidates = _processed_candidates(corpus, root)
    for folder in candidates:
        if (folder / "segments.csv").exists() and (folder / "hits.csv").exists():
            segments = clean.read_segments(folder)
            audit = clean.read_audit(folder) if (folder / "audit.csv").exists() else None
            return {"processed": folder, "segments": segments, "audit": audit,
                    "texts": clean.assemble_texts(segments),
                    "measures": features.read_measures(folder)}
    corpus_df = dataset.load_corpus(corpus, root)
    segments, audit = clean.clean_corpus(corpus_df, root)
    measures = features.measure_corpus(segments, corpus_df.drop(columns=["text"]), root=root)
    return {"processed": candidates[0], "segments": segments, "audit": audit,
            "texts": clean.assemble_texts(segments), "measures": measures,
            "raw_texts": corpus_df.set_index("article_id")["text"]}


def _needs_raw(gold_path: Path, offsets: str) -> bool:
    """Whether any gold row uses raw offsets (then the raw texts are loaded for line ends)."""
    from ..core.storage import read_csv

    if offsets == "raw":
        return True
    table = read_csv(gold_path, dtype=str)
    return "offsets" in table.columns and bool((table["offsets"].str.strip().str.lower() == "raw").any())


def run_validation(corpus: str, gold_path: str | Path, mapping_path: str | Path | None = None,
                   output: str | Path | None = None, root: str | Path | None = None,
                   offsets: str = "clean") -> dict[str, Any]:
    """Score a corpus's measures against a gold file and write the result CSVs.

    Writes ``scores.csv``, ``correlation.csv``, ``errors.csv``,
    ``error_summary.csv``, ``gold.csv``
    (the checked gold spans, clean offsets) and ``predicted.csv`` (the
    predictions that were scored) to ``output`` (default: the study's
    processed folder / ``validation``); ``mapping_path`` defaults to
    ``data/gold/category_map.csv`` when it exists. Returns those tables by
    name plus ``output`` (the folder).
    """
    from ..core.storage import write_csv

    gold_path = _resolve(gold_path, root)
    if not gold_path.is_file():
        raise FramingError("gold file not found", path=gold_path,
                           fix="give the path of a gold span CSV (see data/README.md, gold/)")
    if mapping_path is None and default_mapping_path(root).exists():
        mapping_path = default_mapping_path(root)
    elif mapping_path is not None:
        mapping_path = _resolve(mapping_path, root)
        if not mapping_path.is_file():
            raise FramingError("mapping file not found", path=mapping_path,
                               fix="give a CSV with columns gold_category,category or leave out --map")
    tables = load_study_tables(corpus, root)
    raw_texts = tables.get("raw_texts")
    if raw_texts is None and _needs_raw(gold_path, offsets):
        from ..corpus.dataset import load_corpus

        raw_texts = load_corpus(corpus, root).set_index("article_id")["text"]
    gold = load_gold(gold_path, texts=tables["texts"], offsets=offsets, mapping=mapping_path,
                     segments=tables["segments"], audit=tables["audit"], raw_texts=raw_texts)
    predicted = predicted_spans(tables["measures"])
    articles = sorted(set(gold["article_id"]))
    _, scored_pred, _ = _restrict(gold, predicted, articles)
    result: dict[str, Any] = {
        "scores": score(gold, predicted, articles=articles),
        "correlation": count_correlation(gold, predicted, articles),
        "errors": error_analysis(gold, predicted, tables["texts"],
                                 lexicon=load_lexicon_entries(root), articles=articles),
        "gold": gold,
        "predicted": scored_pred.reset_index(drop=True),
    }
    result["error_summary"] = error_summary(result["errors"])
    out_dir = Path(_resolve(output, root)) if output is not None else tables["processed"] / "validation"
    for name in OUTPUT_TABLES:
        write_csv(result[name], out_dir / f"{name}.csv")
    result["output"] = out_dir
    return result


def format_scores(scores: pd.DataFrame) -> str:
    """The score table as fixed-width text for the terminal."""
    shown = scores[["category", "level", "n_gold", "n_predicted", "tp", "fp", "fn",
                    "precision", "recall", "f1", "label_accuracy"]].copy()
    for col in ("precision", "recall", "f1", "label_accuracy"):
        shown[col] = shown[col].map(lambda v: "" if pd.isna(v) else f"{v:.2f}")
    return shown.to_string(index=False)


def command_validate(args) -> int:
    """``framing validate CORPUS --gold FILE [--map FILE] [--output DIR]``."""
    result = run_validation(args.corpus, args.gold, mapping_path=getattr(args, "mapping", None),
                            output=getattr(args, "output", None), root=getattr(args, "root", None))
    print(format_scores(result["scores"]))
    corr = result["correlation"]
    if len(corr):
        print()
        print(corr.to_string(index=False, na_rep=""))
    names = ", ".join(f"{name}.csv" for name in OUTPUT_TABLES)
    print(f"\nwrote {names} to {result['output']}")
    return 0
