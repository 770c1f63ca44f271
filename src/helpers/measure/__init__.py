"""The measure stage: sentences and tokens, lexicon hits with offsets, quotations,
attributions and sources, and the per-article feature tables of a cleaned corpus.
"""

from .attribution import VERB_CLASSES, reporting_verb_classes, verb_hits
from .cues import CUE_KINDS, cue_hits, measure_matcher
from .features import (DEFAULT_CATEGORIES, FEATURE_COLUMNS, NAMING_COLUMNS, SEGMENT_GROUPS, VOICES,
                       article_features, feature_categories, long_features, naming_table)
from .folding import fold_bytes
from .hits import HIT_COLUMNS, annotate_hits
from .lexicon import (APOSTROPHES, CATEGORIES, HYPHENS, LEXICON_COLUMNS, REQUIRED_COLUMNS,
                      lexicon_fingerprint, load_lexicons, normalise_entry, read_lexicon_file)
from .lexicon_set import DROP_FILE, combine_lexicons, load_lexicon_set, own_lexicon_files, read_drops, study_lexicon
from .matcher import MATCH_COLUMNS, Matcher, compile_matcher, match_texts
from .measures import Measures, measure_corpus
from .quotes import mask_quotes, quote_spans, quoted_segments
from .sentences import (ABBREVIATIONS, FINAL_ABBREVIATIONS, SENTENCE_COLUMNS, SENTENCE_OPENERS,
                        TOKEN_PATTERN, TOKEN_RE, char_flags, codepoints, count_tokens,
                        count_tokens_many, sentence_spans, split_sentences, token_starts, tokenize)
from .sources import CUE_TYPES, SOURCE_CLASSES, SourceCues, classify_source, load_source_cues
from .speech import (ATTRIBUTION_COLUMNS, QUOTE_COLUMNS, article_source_summary,
                     extract_quotes_and_attributions, find_attributions, find_quotes)
