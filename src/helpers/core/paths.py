"""Where things live, always from the project root, never the working directory.

Every function takes an optional ``root`` so tests (and reruns) can point the
whole study at another folder; the default is the repository this package is
installed from (``src/helpers/core`` -> three levels up), or ``$FRAMING_ROOT``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

DEFAULT_CORPUS = "iran-missiles-2018"
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


def project_root(root: str | Path | None = None) -> Path:
    """The project root: ``root`` if given, else $FRAMING_ROOT, else the repo."""
    if root is not None:
        return Path(root).resolve()
    env = os.environ.get("FRAMING_ROOT")
    if env:
        return Path(env).resolve()
    return Path(__file__).resolve().parents[3]


def check_name(name: str, what: str = "corpus name") -> str:
    """Refuse names that could escape a folder (``../``, ``/abs``, odd characters)."""
    from .errors import FramingError

    if not isinstance(name, str) or not _NAME_RE.match(name) or name in {".", ".."}:
        raise FramingError(
            f"invalid {what} {name!r}",
            fix="use letters, digits, '.', '_' or '-', starting with a letter or digit",
        )
    return name


def data_dir(root: str | Path | None = None) -> Path:
    return project_root(root) / "data"


def corpus_dir(corpus: str, root: str | Path | None = None) -> Path:
    """``data/corpora/NAME``: the raw layer and its manifest."""
    return data_dir(root) / "corpora" / check_name(corpus)


def lexicon_dir(root: str | Path | None = None) -> Path:
    return data_dir(root) / "lexicons"


def rules_dir(root: str | Path | None = None) -> Path:
    return data_dir(root) / "rules"


@dataclass(frozen=True)
class StudyPaths:
    """Where one run of the study reads and writes.

    The committed seed study writes processed tables to ``data/processed/NAME``,
    figures to ``figures/`` and notebooks to ``notebooks/``. A rerun on another
    corpus (``output_dir`` given, e.g. ``reports/NAME``) writes all three under
    that folder, so it can never overwrite the seed study.
    """

    corpus: str
    root: Path
    processed: Path
    figures: Path
    notebooks: Path

    @property
    def raw(self) -> Path:
        return self.root / "data" / "corpora" / self.corpus


def study_paths(corpus: str = DEFAULT_CORPUS, output_dir: str | Path | None = None,
                root: str | Path | None = None) -> StudyPaths:
    """Resolve the folders for ``corpus``; see :class:`StudyPaths`."""
    base = project_root(root)
    check_name(corpus)
    if output_dir is None:
        return StudyPaths(corpus, base, base / "data" / "processed" / corpus,
                          base / "figures", base / "notebooks")
    out = Path(output_dir)
    if not out.is_absolute():
        out = base / out
    return StudyPaths(corpus, base, out / "processed", out / "figures", out)


def reports_dir(corpus: str, root: str | Path | None = None) -> Path:
    """Default output folder of a rerun: ``reports/NAME``."""
    return project_root(root) / "reports" / check_name(corpus)
