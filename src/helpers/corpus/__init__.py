"""Raw articles and their manifest: adding files and batches verbatim, raw shards,
hash checks, decoding and HTML extraction; synthetic corpora for benchmarks and tests.
"""

from .dataset import (AssumedEncodingWarning, BATCH_SUFFIXES, COLUMN_MAP_KEYS, DEFAULT_EVENT, MANIFEST_COLUMNS, MAX_ARTICLE_BYTES, MAX_BATCH_BYTES, PARQUET_READ_ROWS, SHARD_MIN_ARTICLES, SHARD_ROW_GROUP, TEXT_SUFFIXES, add_articles, check_raw, decode_bytes, extract_html, is_shard, load_corpus, load_manifest, manifest_path, read_manifest, read_raw_texts, read_shard, write_shard)
from .ingest import (BadRow, FOLDER_LISTING, IngestResult, NothingUsable, add_lenient, bad_rows_table, check_batch, check_file, expand_inputs, read_batch_lenient, read_csv_lenient, read_jsonl_lenient)
from .synthetic import (CORPUS_COLUMNS, corpus_segments, generate_corpus, write_parquet)
