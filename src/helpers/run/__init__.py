"""Orchestration, the only layer that reads and writes a study's files: chunk planning and
caching, process pools or Dask, publishing and reading tables, notebooks, explorer, README, validation.
"""

from .chunks import CHUNKS_DIR, DEFAULT_CHUNK_ARTICLES, STAGES_FILE, Chunk, chunk_bounds, plan_chunks, read_state
from .cluster import LOCAL, dask_runner
from .explorer import build_explorer, load_explorer_tables, write_explorer
from .notebooks import (check_outputs, clear_study_outputs, declared_outputs, execute_notebook, run_notebooks,
                        source_notebooks, study_notebooks)
from .publish import ARTICLE_TABLES, CSV_MAX_ARTICLES, published_path, wants_csv
from .readme import outputs_table, update_readme
from .stages import (COMPARE_BOOTSTRAP, RATE_CATEGORIES, StageReport, clean_stage, compare_stage, measure_stage,
                     run_study, study_category_rates, study_rate_categories)
from .studies import STARTER_LEXICONS, create_study, import_lexicon
from .tables import (CLEAN_TABLES, COMPARE_TABLES, MEASURE_TABLES, read_articles, read_measures,
                     read_parquet_parts, read_table)
from .tasks import run_tasks
from .validation import run_validation
from .view import ComparisonView, comparison_view, group_labels, nesting_table
from .work import ARTICLE_COLUMNS
