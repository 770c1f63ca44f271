"""Raw articles and their manifest: validating and adding files and batches verbatim (strict
or lenient), raw shards, hash-checked reading, decoding and HTML extraction; synthetic corpora.
"""

from .manifest import (DEFAULT_EVENT, MANIFEST_COLUMNS, load_manifest, manifest_path, read_manifest)
from .decode import (AssumedEncodingWarning, decode_bytes, extract_html, looks_binary, looks_like_html, mostly_non_text)
from .raw import (SHARD_ROW_GROUP, check_raw, is_shard, load_corpus, read_raw_texts, read_shard, row_groups_holding, write_shard)
from .batches import (BATCH_SUFFIXES, MAX_BATCH_BYTES, PARQUET_READ_ROWS, batch_frames, read_batch, read_batch_text)
from .candidates import (COLUMN_MAP_KEYS, Candidate, MAX_ARTICLE_BYTES, TEXT_SUFFIXES, check_column_map, collect_candidates, metadata_defaults, rows_to_candidates, sanitize_stem)
from .add import (SHARD_MIN_ARTICLES, add_articles)
from .ingest import (BadRow, FOLDER_LISTING, IngestResult, NothingUsable, SeenArticles, add_lenient, check_batch, check_file, expand_inputs, read_batch_lenient, read_csv_lenient, read_jsonl_lenient)
from .synthetic import (CORPUS_COLUMNS, corpus_segments, generate_corpus, write_parquet)
