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


# Two articles with every segment kind, quoted and own voice (hits and features tests).
ARTICLES = {
    "a1": [("headline", "Iran regime denies report"),
           ("lede", "Tehran reportedly moved missiles."),
           ("body", '"The regime of Israel clearly lies," Ali Larijani said. Its proxies act.'),
           ("caption", "Iran. (AP Photo)"),
           ("footnote", "*Tel Aviv is not a capital")],
    "a2": [("body", "Nothing here.")],
}


def raw_hits(segments: pd.DataFrame, words) -> pd.DataFrame:
    """Hand-made matcher output: every occurrence of each (word, category, subcategory)."""
    rows = []
    for aid in segments["article_id"].unique():
        text = clean_text(segments, aid)
        for w, cat, sub in words:
            i = text.find(w)
            while i >= 0:
                rows.append({"article_id": aid, "start": i, "end": i + len(w), "matched": w,
                             "lexicon": cat, "category": cat, "subcategory": sub, "entry": w})
                i = text.find(w, i + 1)
    return pd.DataFrame(rows).sort_values(["article_id", "start"]).reset_index(drop=True)


def annotated(cues):
    """(segments, sentences, quotes, attributions, annotated hits) of :data:`ARTICLES`."""
    from helpers.measure.hits import annotate_hits
    from helpers.measure.sentences import split_sentences
    from helpers.measure.speech import extract_quotes_and_attributions

    seg = make_segments(ARTICLES)
    sent = split_sentences(seg)
    q, a = extract_quotes_and_attributions(seg, lexicon(), cues, sentences=sent)
    raw = raw_hits(seg, [("regime", "loaded_terms", "delegitimising"),
                         ("Iran", "naming", "iran"), ("Tehran", "naming", "iran"),
                         ("Tel Aviv", "naming", "israel"), ("Israel", "naming", "israel")])
    hits = annotate_hits(raw, seg, sent, q)
    return seg, sent, q, a, hits
