"""The study's foundations: the Study object (every location and setting of a study),
atomic storage, the one error type and text normalisation. Imports nothing else of the package.
"""

from .errors import (FramingError)
from .escape import (html_text, md_code, md_text, plot_text)
from .locks import (exclusive, lock_path)
from .normalize import (fold, mixed_script_words, normalize_line)
from .runtime import (paused_cyclic_gc)
from .storage import (Replaced, atomic_dir, atomic_file, atomic_write_bytes, atomic_write_text, csv_bytes, ordinary_mode, read_csv, same_bytes, write_csv)
from .study import (CSV_MODES, PROTECTED_FOLDERS, SEED_CORPUS_FLAG, SEED_STUDY, Study, check_corpus_write, check_figure_options, check_name, check_output_dir, project_root)
from .text import (kwic_context, one_line)
