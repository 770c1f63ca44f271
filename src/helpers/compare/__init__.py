"""Comparisons of outlets: rates with bootstrap intervals, paired differences,
distinctive terms, naming shares, source profiles and content alignment.
"""

from .compare import (ALL_EVENTS, BOOT_BLOCK_BYTES, MAP_CATEGORIES, REST, align_content, category_rates, distinctive_terms, framing_map_data, headline_vs_body, log_odds_dirichlet, map_articles, naming_shares, ordered_outlets, paired_differences, paired_event_differences, pool_spellings, sample_size_note, source_profile, spelling_key, term_counts, token_spans)
