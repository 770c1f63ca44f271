"""Spans: the project's categories, the spans it predicts, and one-to-one matching.

A dictionary measure is only as good as its agreement with a careful human
reader (Grimmer & Stewart 2013, "Text as Data", *Political Analysis* 21(3)),
and that agreement is judged span by span. This module turns the measures --
lexicon hits, quotations and quoted sources -- into one table of predicted
spans (:data:`SPAN_COLUMNS`) named like the gold categories they are scored
against, and pairs gold with predicted spans.

Matching (:func:`match_spans`) is *one-to-one and greedy*: at the **exact**
level a pair counts only if start and end are equal; at the **overlap** level
a pair counts if the spans share at least one character. All candidate pairs
are sorted -- identical spans first, then by shared characters (largest
first), then by position -- and taken in that order, skipping any pair whose
gold or predicted span is already used. So one predicted span can never
satisfy two gold spans (nor one gold span absorb two predictions), and every
exact match is an overlap match.
"""

from __future__ import annotations

from typing import Any, Mapping

import pandas as pd

#: Categories predicted by the project: lexicon hit categories (hits.csv) plus
#: quotations (quotes.csv), their speakers and the attribution cues
#: (attributions.csv: the reporting verb, ``according to``, a noun cue or a colon).
HIT_CATEGORIES = ("loaded_terms", "hedges", "boosters", "reporting_verbs",
                  "anonymous_sourcing", "naming")
SPAN_CATEGORIES = ("quotes", "sources", "cues")
PROJECT_CATEGORIES = HIT_CATEGORIES + SPAN_CATEGORIES

SPAN_COLUMNS = ["article_id", "start", "end", "category", "label", "entry", "text"]


def coarse_label(label: Any) -> str:
    """``named_person`` / ``named_institution`` / ``named`` -> ``named``; others as given, lower-case."""
    text = str(label).strip().casefold()
    if text.startswith("named"):
        return "named"
    return text


def texts_by_article(texts: Mapping[str, str] | pd.Series) -> dict[str, str]:
    """article_id -> clean text as a plain dict of strings (from a dict or a Series)."""
    return {str(k): str(v) for k, v in dict(texts).items()}


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
        "end": e[keep].astype(int), "category": "sources", "label": cls,
        "entry": cls, "text": rows["speaker"].astype(str)})


def predicted_spans(measures: Any) -> pd.DataFrame:
    """Turn the measures into scoreable spans named like the mapping's targets.

    ``measures``: a dict or object with ``hits`` / ``quotes`` / ``attributions``
    DataFrames (e.g. ``helpers.measure.features.Measures``, as returned by
    ``measure_corpus`` or ``read_measures``); a missing table counts as empty.
    Hits keep their ``category`` and ``entry``; each quotation gives a
    ``quotes`` span (the quoted words, entry = its reporting verb); every
    speaker mention of a quotation or attribution (direct and indirect speech)
    gives one ``sources`` span, label and entry = the speaker_class
    (``named_person``, ``named_institution``, ``anonymous``); every
    attribution gives one ``cues`` span (label = its ``cue_kind``, entry = the
    cue as written).
    """
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
    attributions = _table(measures, "attributions")
    for table in (quotes, attributions):
        if table is not None and len(table):
            parts.append(_speaker_spans(table))
    if attributions is not None and len(attributions) and {"start", "end"} <= set(attributions.columns):
        kind = (attributions["cue_kind"].astype(str) if "cue_kind" in attributions
                else pd.Series("", index=attributions.index))
        parts.append(pd.DataFrame({
            "article_id": attributions["article_id"].astype(str),
            "start": attributions["start"].astype(int), "end": attributions["end"].astype(int),
            "category": "cues", "label": kind, "entry": attributions["verb"].astype(str),
            "text": attributions["verb"].astype(str)}))
    if not parts:
        return pd.DataFrame(columns=SPAN_COLUMNS)
    out = pd.concat(parts, ignore_index=True)[SPAN_COLUMNS]
    # one speaker quoted twice is one source mention in the text, not two
    out = out.drop_duplicates(["article_id", "start", "end", "category"])
    return out.sort_values(["article_id", "start", "end", "category"], kind="stable").reset_index(drop=True)


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
