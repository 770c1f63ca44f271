"""Orchestration: chunk planning and caching, process pools or Dask, publishing the
processed tables, executing the notebooks. The only layer that reads and writes study files.
"""

from .distributed import (LOCAL, bag_runner, dask_client, dask_runner)
from .explorer import (OUTPUT_NAME, build_explorer, command_explore, explorer_paths, load_processed, write_explorer)
from .notebooks import (EXECUTION_TIMEOUT, NOTEBOOK_RE, check_outputs, clear_study_outputs, declared_outputs, execute_notebook, normalise_notebook, parameters_source, run_notebooks, source_notebooks)
from .pipeline import (ARTICLE_COLUMNS, ARTICLE_TABLES, CHUNKS_DIR, CLEAN_TABLES, COMPARE_BOOTSTRAP, COMPARE_TABLES, CSV_MAX_ARTICLES, CSV_MODES, Chunk, DEFAULT_CHUNK_ARTICLES, MEASURE_TABLES, PROTECTED_FOLDERS, RATE_CATEGORIES, STAGES_FILE, StageReport, articles_table, check_outlet_order, check_output_dir, chunk_bounds, clean_and_measure_chunk, clean_chunk, clean_fingerprint, clean_stage, command_run, compare_stage, compare_table, concat_csv_parts, figure_options, files_fingerprint, load_chunk_tables, load_measures, measure_chunk, measure_fingerprint, measure_stage, plan_chunks, publish_parquet, publish_tables, published_path, read_articles, read_parquet_parts, read_state, read_table, run_clean, run_measure, run_study, run_tasks, single_threaded_worker, study_notebooks, verify_raw, wants_csv)
from .readme import (FINDINGS_TABLES, command_report, findings_tables, outputs_table, update_readme)
