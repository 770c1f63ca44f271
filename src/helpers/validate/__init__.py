"""Scoring the measures against hand-coded gold spans: gold loading, one-to-one
span matching, precision/recall, rank correlation and error analysis.
"""

from .validate import (CORRELATION_COLUMNS, ERROR_COLUMNS, HIT_CATEGORIES, MIN_ARTICLES_FOR_CORRELATION, MISSING_ENTRY, NOT_DETECTED, OUTPUT_TABLES, PROJECT_CATEGORIES, SCORE_COLUMNS, SPAN_CATEGORIES, SPAN_COLUMNS, coarse_label, command_validate, count_correlation, default_mapping_path, error_analysis, error_summary, format_scores, lexicon_entry_for, load_gold, load_lexicon_entries, load_mapping, load_study_tables, match_spans, normalise_line, predicted_spans, raw_to_clean_offset, run_validation, score)
