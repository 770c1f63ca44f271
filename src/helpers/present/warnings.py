"""Warnings about articles whose shape makes their segments doubtful, for the run's
summary and notebook 01: an article on a single line (no paragraph breaks: the whole text
becomes one segment, so headline/lede/body cannot be told apart) and a headline longer
than :data:`LONG_HEADLINE` characters (usually a paragraph taken for a headline)."""

from __future__ import annotations

import pandas as pd

LONG_HEADLINE = 300


def _ids(values, limit: int = 5) -> str:
    values = sorted(map(str, values))
    shown = ", ".join(values[:limit])
    return shown + (f" and {len(values) - limit:,} more" if len(values) > limit else "")


def cleaning_warnings(articles: pd.DataFrame, segments: pd.DataFrame) -> list[str]:
    """One plain sentence per kind of doubtful article (none when all is well).

    ``articles``: needs ``article_id`` and ``n_segments``; ``segments``: at least the
    headline rows with ``article_id``, ``segment``, ``start``, ``end``.
    """
    out = []
    single = articles.loc[pd.to_numeric(articles["n_segments"]) <= 1, "article_id"]
    if len(single):
        out.append(f"{len(single):,} article(s) on a single line, kept as one segment (no headline, lede "
                   f"or body can be told apart): {_ids(single)}. Give the title in the manifest, or "
                   "supply the text with its paragraph breaks.")
    heads = segments[segments["segment"] == "headline"]
    long = heads.loc[(pd.to_numeric(heads["end"]) - pd.to_numeric(heads["start"])) > LONG_HEADLINE, "article_id"]
    if len(long):
        out.append(f"{len(long):,} headline(s) over {LONG_HEADLINE} characters, probably a paragraph taken for "
                   f"the headline: {_ids(long)}. Check them with `framing extract FILE --audit`, or give the "
                   "title in the manifest.")
    return out


def in_sample_note(lexicon: pd.DataFrame, gold_articles, corpus_articles) -> str:
    """Markdown: whether the scores are in-sample. Entries of a study's own lists (layer
    ``study``) were written from or for that study's articles; scored on gold spans from
    the same articles they measure how well those lists fit the articles they came from,
    not how they would do on new ones."""
    own = int((lexicon["layer"] == "study").sum()) if "layer" in lexicon.columns else 0
    gold = set(map(str, gold_articles))
    overlap = len(gold & set(map(str, corpus_articles)))
    if not own or not overlap:
        return ("**Out of sample.** No entry of the lexicon set was written for this study's own articles, "
                "so these scores say how the shared lists do on new text." if overlap else
                "**No coded article is in this corpus**: nothing can be scored.")
    return (f"**In sample.** {own:,} of {len(lexicon):,} lexicon entries belong to this study's own lists "
            f"(actors, loaded terms and its own categories, written from or for its articles), and the "
            f"{overlap:,} coded article(s) are articles of this corpus: for those categories the scores "
            "show how well the lists fit the articles they were written from, not how they would do "
            "on new articles. The shared lists (hedges, boosters, reporting verbs, anonymous sourcing) "
            "were not written from these articles.")
