"""The study's foundations: the Study object (every location and setting of a study),
atomic storage, the one error type and text normalisation. Imports nothing else of the package.
"""

from .errors import (FramingError)
from .normalize import (fold, mixed_script_words, normalize_line)
from .paths import (DEFAULT_CORPUS, StudyPaths, check_name, corpus_dir, data_dir, lexicon_dir, project_root, reports_dir, rules_dir, study_paths)
from .storage import (atomic_write_bytes, atomic_write_text, csv_bytes, ordinary_mode, read_csv, write_csv)
