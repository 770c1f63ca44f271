"""What readers see, built from loaded tables (only figures are written, by save_figure):
figures, notebook tables and prose, README findings, KWIC lines and the explorer page.
"""

from .content_alignment import plot_content_alignment
from .display import (FigureView, HtmlText, TextTable, context_html, context_text, figure_alt, figure_view,
                      text_table)
from .distinctive_terms import plot_distinctive_terms
from .explore import (CATEGORY_ORDER, DEFAULT_MAX_ARTICLES, GROUP_ORDER, NAMING_CATEGORY, OPTIONAL_TABLES,
                      REQUIRED_TABLES, SEGMENT_GROUPS, build_explorer_html, candidates_payload, check_hits,
                      checked_clean_texts, embed_json, explorer_payload, load_template, payload_counts, payload_hit_table,
                      render_page, sample_articles, to_utf16_offsets)
from .findings import findings_markdown
from .framing_map import MARKER_STYLE, ROW_GAP, plot_framing_map
from .headline_body import plot_headline_vs_body
from .concordance import KWIC_COLUMNS, kwic, kwic_html, kwic_styler
from .naming_shares import plot_naming_shares
from .paired import describe_paired, paired_summary
from .prose import (describe_distinctive, describe_headline_markers, describe_naming, describe_rates,
                    describe_sources)
from .rates import plot_category_rates
from .readme import (FINDINGS_END, FINDINGS_START, README_END, README_START, readme_with_findings,
                     readme_with_table, replace_between_markers)
from .source_profile import SOURCE_COLOURS, plot_source_profile
from .style import (DPI, FONT, MAX_HEIGHT, NEUTRAL, OKABE_ITO, OTHER_OUTLETS, OUTLET_COLOURS, TOL_MUTED,
                    apply_style, colour_ticklabels, cut_note, figure_bytes, finish_figure, join_notes,
                    legend_right, outlet_palette, SavedFigure, palette_note, save_figure, show_figure,
                    shown_events, text_colour)
from .tables import (article_feature_view, audit_by_reason, clean_article_view, first_rows, flagged_lines,
                     hits_by_voice, io_table, lexicon_summary, removed_examples, save_table, segment_counts)
from .term_heatmap import plot_term_heatmap, term_rates
from .unavailable import UNAVAILABLE_COLUMNS, groups_phrase, unavailable_figure
from .validation import plot_validation_scores
from .warnings import LONG_HEADLINE, cleaning_warnings, in_sample_note
