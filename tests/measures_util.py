"""Small hand-made inputs for the measures tests (sentences, quotes, features, kwic)."""

from __future__ import annotations

import pandas as pd

SEP = "\n\n"

LEXICON_ROWS = [
    # entry, category, subcategory
    ("said", "reporting_verbs", "neutral"),
    ("says", "reporting_verbs", "neutral"),
    ("told", "reporting_verbs", "neutral"),
    ("added", "reporting_verbs", "neutral"),
    ("reported", "reporting_verbs", "neutral"),
    ("cites", "reporting_verbs", "neutral"),
    ("citing", "reporting_verbs", "neutral"),
    ("claimed", "reporting_verbs", "evaluative"),
    ("denied", "reporting_verbs", "evaluative"),
    ("alleged", "reporting_verbs", "evaluative"),
    ("regime", "loaded_terms", "delegitimising"),
    ("proxies", "loaded_terms", "conflict"),
    ("reportedly", "hedges", "evidential"),
    ("clearly", "boosters", "epistemic"),
    ("anonymous source*", "anonymous_sourcing", "anonymous_source"),
    ("Iran", "naming", "iran"),
    ("Tehran", "naming", "iran"),
    ("Israel", "naming", "israel"),
    ("Tel Aviv", "naming", "israel"),
]


def lexicon() -> pd.DataFrame:
    """A tiny lexicon table shaped like ``helpers.measure.lexicon.load_lexicons`` output."""
    rows = [{"lexicon": cat, "row": i + 1, "entry": e, "category": cat, "subcategory": sub,
             "case_sensitive": False, "note": "", "source": "test fixture"}
            for i, (e, cat, sub) in enumerate(LEXICON_ROWS)]
    return pd.DataFrame(rows)


def make_segments(articles: dict[str, list[tuple[str, str]]]) -> pd.DataFrame:
    """Segments per the contract from {article_id: [(segment, text), ...]}."""
    rows = []
    for aid, segs in articles.items():
        pos = 0
        for i, (name, text) in enumerate(segs):
            rows.append({"article_id": aid, "segment_index": i, "segment": name,
                         "start": pos, "end": pos + len(text), "text": text,
                         "line_first": i + 1, "line_last": i + 1})
            pos += len(text) + len(SEP)
    return pd.DataFrame(rows)


def clean_text(segments: pd.DataFrame, aid: str) -> str:
    g = segments[segments["article_id"] == aid].sort_values("segment_index")
    return SEP.join(g["text"])


def articles_table(ids, outlet="Outlet", event="e1") -> pd.DataFrame:
    return pd.DataFrame({"article_id": list(ids), "outlet": outlet, "event": event})
