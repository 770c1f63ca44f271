"""What readers see: figures (PNG, SVG and CSV), notebook tables and prose, KWIC
lines and the self-contained explorer page.
"""

from .explore import (CATEGORY_ORDER, DEFAULT_MAX_ARTICLES, GROUP_ORDER, NAMING_CATEGORY, OPTIONAL_TABLES, OUTPUT_NAME, REQUIRED_TABLES, SEGMENT_GROUPS, assemble_clean_texts, build_explorer, check_hits, command_explore, embed_json, explorer_paths, explorer_payload, load_processed, load_template, payload_counts, payload_hit_table, render_page, sample_articles, to_utf16_offsets, write_explorer)
from .kwic import (KWIC_COLUMNS, kwic, kwic_html, kwic_styler)
from .plots import (DPI, FONT, MARKER_STYLE, MAX_HEIGHT, NEUTRAL, OKABE_ITO, OTHER_OUTLETS, OUTLET_COLOURS, ROW_GAP, SOURCE_COLOURS, TOL_MUTED, apply_style, figure_bytes, outlet_order, outlet_order_fn, outlet_palette, palette_note, plot_and_save, plot_category_rates, plot_content_alignment, plot_distinctive_terms, plot_framing_map, plot_headline_vs_body, plot_naming_shares, plot_source_profile, plot_term_heatmap, save_figure, term_rates, text_colour)
from .report import (FINDINGS_END, FINDINGS_START, RATE_NUMBERS, article_feature_view, audit_by_reason, clean_article_view, describe_distinctive, describe_headline_markers, describe_naming, describe_rates, describe_sources, findings_markdown, first_rows, flagged_lines, hits_by_voice, io_table, lexicon_summary, load_category_rates, readme_with_findings, relative, removed_examples, segment_counts, show_figure)
