"""From raw text to clean segments: outlet rules (data files) and heuristics decide
every raw line, kept in a segment or removed with its reason (the cleaning audit).
"""

from .cleaning import (ACTIONS, AUDIT_COLUMNS, MATCH_TYPES, RULE_COLUMNS, SEGMENTS, SEGMENT_COLUMNS, SEGMENT_SEPARATOR, WHENS, assemble_texts, clean_article, clean_corpus, load_rules, outlet_slug, split_lines)
