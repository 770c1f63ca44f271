"""The measure stage's one entry point: every table measured on cleaned segments.

:func:`measure_corpus` runs sentence splitting, lexicon matching, quotations
and attribution, hit annotation and the feature tables, and returns them as a
:class:`Measures` bundle. It is pure: it reads and writes nothing (the run
layer stores the tables).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..clean import assemble_texts
from .features import article_features, feature_categories, long_features, naming_table
from .hits import annotate_hits
from .cues import CUE_CATEGORY, measure_matcher, split_cue_hits
from .matcher import Matcher, match_texts
from .sentences import split_sentences
from .sources import SourceCues
from .speech import ATTRIBUTION_COLUMNS, extract_quotes_and_attributions


@dataclass
class Measures:
    """Everything measured on a corpus; each field is one processed table."""

    sentences: pd.DataFrame
    quotes: pd.DataFrame
    hits: pd.DataFrame
    features: pd.DataFrame
    article_features: pd.DataFrame
    naming: pd.DataFrame
    attributions: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=ATTRIBUTION_COLUMNS))


def measure_corpus(segments: pd.DataFrame, articles: pd.DataFrame, lexicon: pd.DataFrame,
                   cues: pd.DataFrame | SourceCues, *, matcher: Matcher | None = None) -> Measures:
    """Measure everything on cleaned segments.

    ``segments``: segments.csv table (``helpers.clean.cleaning.clean_corpus``);
    ``articles``: at least article_id, outlet, event (the manifest);
    ``lexicon``: ``helpers.measure.lexicon.load_lexicons`` output; ``cues``:
    the source cues (``helpers.measure.sources.load_source_cues`` or its
    ``SourceCues``). ``matcher`` (:func:`helpers.measure.cues.measure_matcher` of
    ``lexicon`` and ``cues``, or ``compile_matcher`` of the lexicon alone, when the cues
    then take a scan of their own) may be passed by a caller that measures many chunks
    with one lexicon.
    """
    sentences = split_sentences(segments)
    texts = assemble_texts(segments)
    if matcher is None:
        if not isinstance(cues, SourceCues):
            cues = SourceCues.from_frame(cues)
        matcher = measure_matcher(lexicon, cues)
    raw = match_texts(texts, matcher)
    # the attribution cues come from the same scan when the matcher holds them
    listed = None
    if CUE_CATEGORY in matcher.categories:
        raw, listed = split_cue_hits(raw)
    # quotations reuse the matcher's reporting-verb hits instead of matching again
    verbs = raw.loc[raw["category"].to_numpy(dtype=object) == "reporting_verbs",
                    ["article_id", "start", "end"]]
    quotes, attributions = extract_quotes_and_attributions(segments, lexicon, cues, sentences=sentences,
                                                           verbs_found=verbs, cues_found=listed,
                                                           texts=texts)
    hits = annotate_hits(raw, segments, sentences, quotes)
    categories = feature_categories(lexicon, hits)
    features = long_features(hits, sentences, quotes, articles, categories)
    wide = article_features(features, sentences, quotes, attributions, articles)
    naming = naming_table(hits, articles)
    return Measures(sentences, quotes, hits, features, wide, naming, attributions)
