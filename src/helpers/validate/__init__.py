"""Scoring the measures against hand-coded gold spans: gold and category mapping, raw->clean
offsets, predicted spans and one-to-one matching, scores (per category and per label), rank
correlation, error analysis, and agreement between two coders.
"""

from .errors import (ERROR_COLUMNS, MISSING_ENTRY, NOT_DETECTED, SUMMARY_COLUMNS, error_analysis, error_summary, lexicon_entry_for)
from .agreement import (AGREEMENT_COLUMNS, binary_alpha, coder_agreement, covered_tokens, token_bounds)
from .gold import (CODED_ARTICLE, GOLD_COLUMNS, NOT_SCORABLE_REMOVED, load_gold, load_mapping,
                   not_scorable, parse_gold, same_text, scorable, uses_raw_offsets)
from .offsets import (raw_to_clean_offset)
from .results import (OUTPUT_TABLES, validate_measures)
from .scores import (CORRELATION_COLUMNS, LABEL_SCORE_COLUMNS, MIN_ARTICLES_FOR_CORRELATION, SCORE_COLUMNS, count_correlation, restrict_to_gold, score, score_by_label)
from .spans import (HIT_CATEGORIES, PROJECT_CATEGORIES, SPAN_CATEGORIES, SPAN_COLUMNS, coarse_label, match_spans, predicted_spans, texts_by_article)
