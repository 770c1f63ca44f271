"""Outlet comparisons, pure tables in and out: rates with bootstrap intervals, paired differences,
distinctive terms, naming shares, source profiles, content alignment and the framing map.
"""

from .alignment import align_content
from .examples import contrasting_form, top_actors
from .bootstrap import BOOT_BLOCK_BYTES, bootstrap_blocks, bootstrap_weights, ratio_quantiles
from .distinctive import REST, distinctive_terms, log_odds_dirichlet
from .naming import naming_shares, pool_spellings, spelling_key
from .outlets import map_articles, ordered_outlets, sample_size_note
from .paired import (ALL_EVENTS, PAIRED_COLUMNS, all_pairs, bh_adjust, holm_adjust, paired_comparisons,
                     paired_differences, paired_event_differences, sign_flip_p)
from .placement import MAP_CATEGORIES, framing_map_data, headline_vs_body
from .rates import category_rates
from .sources import source_profile
from .terms import term_counts, token_spans
