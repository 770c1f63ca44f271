"""From raw text to clean segments: outlet rules (data files) and heuristics decide
every raw line, kept in a segment or removed with its reason (the cleaning audit).
"""

from .rules import (ACTIONS, CompiledRules, MATCH_TYPES, RULE_COLUMNS, SEGMENTS, WHENS, compile_rules, load_rules, outlet_slug)
from .lines import (LineDecisions, decide_lines, split_lines)
from .cleaning import (AUDIT_COLUMNS, SEGMENT_COLUMNS, SEGMENT_SEPARATOR, assemble_texts, clean_article, clean_corpus)
