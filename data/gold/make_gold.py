"""Turn the hand-coding list into the gold span file (clean-text offsets).

The hand-coding is ``iran-missiles-2018.coding.csv`` (one row per coded span:
article_id, category, label, phrase, occurrence, context, note), written by
reading the clean texts under the rules in ``CODING_RULES.md``. This script
only does the arithmetic: it finds each phrase in the article's clean text and
writes ``iran-missiles-2018.csv`` (article_id, start, end, category, label,
text), which ``helpers.validate.load_gold`` checks on every load.

Locating a phrase: if ``context`` is given it must occur exactly once in the
clean text, and the phrase is its ``occurrence``-th whole-word match inside
that context; otherwise the ``occurrence``-th whole-word match in the whole
clean text. Anything not found, or an ambiguous context, stops the script.

Run: ``.venv/bin/python data/gold/make_gold.py [CORPUS]``
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd

from helpers.clean import assemble_texts, clean_corpus
from helpers.core.errors import FramingError
from helpers.core.storage import read_csv, write_csv
from helpers.core.study import SEED_STUDY, Study
from helpers.corpus import load_corpus


def clean_texts(study: Study) -> pd.Series:
    """article_id -> clean text, cleaned from the raw files exactly as the pipeline does."""
    segments, _ = clean_corpus(load_corpus(study.corpus_dir), study.rules)
    return assemble_texts(segments)


def locate(text: str, phrase: str, occurrence: int, context: str) -> tuple[int, int]:
    """Offsets of the coded phrase (see the module docstring); ValueError if not found."""
    base, window = 0, text
    if context:
        n = text.count(context)
        if n != 1:
            raise ValueError(f"context {context!r} occurs {n} times (need exactly 1)")
        base = text.index(context)
        window = context
    pattern = (r"(?<!\w)" if phrase[:1].isalnum() else "") + re.escape(phrase) \
        + (r"(?!\w)" if phrase[-1:].isalnum() else "")
    found = [m.start() for m in re.finditer(pattern, window)]
    if len(found) < occurrence:
        raise ValueError(f"phrase {phrase!r} occurs {len(found)} times, need occurrence {occurrence}")
    start = base + found[occurrence - 1]
    return start, start + len(phrase)


def build_gold(coding: pd.DataFrame, texts: pd.Series, coding_path: str | Path = "coding") -> pd.DataFrame:
    """Gold spans (article_id, start, end, category, label, text) from the hand-coding list."""
    rows = []
    for i, r in enumerate(coding.itertuples(index=False), start=1):
        if r.article_id not in texts.index:
            raise FramingError(f"unknown article_id {r.article_id!r}", path=coding_path, row=i,
                               fix="use an id from the manifest")
        try:
            start, end = locate(texts[r.article_id], r.phrase, int(r.occurrence or 1), r.context)
        except ValueError as exc:
            raise FramingError(str(exc), path=coding_path, row=i,
                               fix="correct the phrase, occurrence or context") from None
        rows.append({"article_id": r.article_id, "start": start, "end": end,
                     "category": r.category, "label": r.label, "text": r.phrase})
    gold = pd.DataFrame(rows).sort_values(["article_id", "start", "end", "category"], kind="stable")
    dupes = gold.duplicated(["article_id", "start", "end", "category"])
    if dupes.any():
        raise FramingError(f"{int(dupes.sum())} span(s) coded twice", path=coding_path,
                           fix="remove the duplicate rows")
    return gold.reset_index(drop=True)


def make_gold(corpus: str = SEED_STUDY) -> Path:
    """Read ``CORPUS.coding.csv``, write the study's gold file ``CORPUS.csv`` next to it;
    returns its path."""
    study = Study.open(corpus)
    coding_path = study.gold.with_name(f"{corpus}.coding.csv")
    gold = build_gold(read_csv(coding_path, dtype=str), clean_texts(study), coding_path)
    write_csv(gold, study.gold)
    return study.gold


if __name__ == "__main__":
    try:
        print(make_gold(sys.argv[1] if len(sys.argv) > 1 else SEED_STUDY))
    except FramingError as exc:
        print(f"make_gold: error: {exc}", file=sys.stderr)
        sys.exit(2)
