"""Scoring the measures against hand-coded gold spans: gold and category mapping, raw->clean
offsets, predicted spans and one-to-one matching, scores, rank correlation and error analysis.
"""

from .errors import (ERROR_COLUMNS, MISSING_ENTRY, NOT_DETECTED, SUMMARY_COLUMNS, error_analysis, error_summary, lexicon_entry_for)
from .gold import (GOLD_COLUMNS, load_gold, load_mapping, parse_gold, uses_raw_offsets)
from .offsets import (raw_to_clean_offset)
from .results import (OUTPUT_TABLES, validate_measures)
from .scores import (CORRELATION_COLUMNS, MIN_ARTICLES_FOR_CORRELATION, SCORE_COLUMNS, count_correlation, restrict_to_gold, score)
from .spans import (HIT_CATEGORIES, PROJECT_CATEGORIES, SPAN_CATEGORIES, SPAN_COLUMNS, coarse_label, match_spans, predicted_spans, texts_by_article)
