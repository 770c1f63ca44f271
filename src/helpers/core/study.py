"""One study: every location and setting of a framing study, resolved once.

A :class:`Study` is built once (by the CLI from its arguments, or by a
notebook from its parameters cell) and passed down: stages receive the folders
and files they need from it, and nothing else in the package joins a study's
paths by hand (cf. cookiecutter-data-science: one home for every path).

Layout of the project (paths relative to its root)::

    data/corpora/NAME/          the corpus: raw/ and manifest.csv
    data/studies/NAME/          the study's settings, own lexicons and candidates
    data/lexicons/              lexicon CSVs and the actor table
    data/rules/                 outlet cleaning rules
    data/attribution/source_cues.csv
    data/gold/NAME.csv          hand-coded spans (optional), data/gold/category_map.csv
    data/processed/NAME/        processed tables of the committed study
    figures/, notebooks/        figures and executed notebooks of the committed study
    reports/NAME/               processed/, figures/ and notebooks of any other run

The committed study (:data:`SEED_STUDY`, run in place by ``framing report``)
writes into ``data/processed/NAME``, ``figures/`` and ``notebooks/``; every
other run writes everything under its own output folder (default
``reports/NAME``) and may never write into the project's committed folders.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import FramingError
from .settings import check_settings, read_settings

SEED_STUDY = "iran-missiles-2018"
CSV_MODES = ("auto", "always", "never")
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
# Folders of the committed study and the code: a run with an output folder never writes there.
PROTECTED_FOLDERS = ("data", "figures", "notebooks", "src", "tests", "docs", "bench", ".git")


def project_root(root: str | Path | None = None) -> Path:
    """The project root: ``root`` if given, else ``$FRAMING_ROOT`` (set for notebook
    kernels), else the repository this package is installed from."""
    if root is not None:
        return Path(root).resolve()
    env = os.environ.get("FRAMING_ROOT")
    if env:
        return Path(env).resolve()
    return Path(__file__).resolve().parents[3]  # src/helpers/core/study.py -> project root


def check_name(name: str, what: str = "corpus name") -> str:
    """Refuse names that could escape a folder (``../``, ``/abs``, odd characters)."""
    if not isinstance(name, str) or not _NAME_RE.match(name) or name in {".", ".."}:
        raise FramingError(f"invalid {what} {name!r}",
                           fix="use letters, digits, '.', '_' or '-', starting with a letter or digit")
    return name


def _under(base: Path, path: str | Path) -> Path:
    """``path`` resolved against ``base`` when relative."""
    p = Path(path)
    return (p if p.is_absolute() else base / p).resolve()


def check_output_dir(output: Path, root: Path) -> Path:
    """Refuse an output folder that could overwrite the committed study or the code."""
    if output == root:
        raise FramingError("output folder is the project root (its figures/ and notebooks/ are the "
                           "committed study)", path=output, fix="use the default reports/NAME or another folder")
    for name in PROTECTED_FOLDERS:
        folder = (root / name).resolve()
        if output == folder or folder in output.parents:
            raise FramingError(f"output folder is inside {name}/ of the project", path=output,
                               fix="use the default reports/NAME or a folder outside data/, figures/, "
                                   "notebooks/, src/, tests/, docs/ and bench/")
    return output


# ---------------------------------------------------------------- protected paths
# The one rule of what a command may write (issue 18): outputs of a run only
# outside PROTECTED_FOLDERS (check_output_dir); the committed study only by
# `framing report`; raw/ and manifest.csv of a corpus only by `framing add`,
# and of the committed seed corpus only with an explicit flag (check_corpus_write);
# lexicon and rules folders only by the lexicon commands.
SEED_CORPUS_FLAG = "--into-seed"


def check_corpus_write(name: str, into_seed: bool = False) -> str:
    """Refuse adding to the committed seed corpus unless ``into_seed`` (``framing add
    --into-seed``): its manifest and raw files are part of the committed study."""
    check_name(name)
    if name == SEED_STUDY and not into_seed:
        raise FramingError(f"corpus {name} is the committed seed study; adding to it changes its committed "
                           "manifest.csv and raw/ files", fix=f"add to a corpus of your own (--corpus NAME), "
                           f"or pass {SEED_CORPUS_FLAG} if you mean to change the seed corpus")
    return name


def check_figure_options(options: dict[str, Any]) -> dict[str, Any]:
    """The figure options of a run (``outlet_order``: list of outlets, ``top_n``: int >= 1)."""
    unknown = sorted(set(options) - {"outlet_order", "top_n"})
    if unknown:
        raise FramingError(f"unknown figure option(s) {', '.join(unknown)}", fix="use outlet_order or top_n")
    out: dict[str, Any] = {}
    order = [str(o).strip() for o in options.get("outlet_order") or [] if str(o).strip()]
    if order:
        out["outlet_order"] = order
    if options.get("top_n") is not None:
        top_n = int(options["top_n"])
        if top_n < 1:
            raise FramingError(f"--top-n must be at least 1, got {top_n}", fix="use e.g. --top-n 20")
        out["top_n"] = top_n
    return dict(sorted(out.items()))


@dataclass(frozen=True)
class Study:
    """Every location and setting of one study. Build it with :meth:`open` (or
    :meth:`from_params` in a notebook); its fields are absolute paths."""

    name: str
    root: Path
    corpus_dir: Path
    lexicons: Path
    rules: Path
    source_cues: Path
    gold: Path
    gold_map: Path
    processed: Path
    figures: Path
    notebooks: Path
    committed: bool
    figure_options: dict[str, Any] = field(default_factory=dict, hash=False)
    csv: str | None = None
    settings: dict[str, Any] = field(default_factory=lambda: check_settings({}), hash=False)

    @classmethod
    def open(cls, name: str = SEED_STUDY, output: str | Path | None = None, *,
             root: str | Path | None = None, lexicons: str | Path | None = None,
             rules: str | Path | None = None, source_cues: str | Path | None = None,
             gold: str | Path | None = None, gold_map: str | Path | None = None,
             figure_options: dict[str, Any] | None = None, csv: str | None = None,
             settings: dict[str, Any] | None = None, in_place: bool = True) -> Study:
        """Resolve study ``name``: the one place its name is checked and its paths are joined.

        ``output``: where a run writes (processed/, figures/, the executed
        notebooks and explorer.html). None means the committed layout for
        :data:`SEED_STUDY` (unless ``in_place`` is False, as for ``framing
        run``) and ``reports/NAME`` for any other study. Relative paths are
        relative to the project root. ``lexicons``, ``rules``,
        ``source_cues``, ``gold``, ``gold_map`` override the project's shared
        data files; ``csv`` is how long tables are published (``auto``,
        ``always``, ``never``; None keeps what the processed folder was built with).
        ``settings``: the study's settings (:mod:`helpers.core.settings`); None
        reads ``data/studies/NAME/study.toml`` (defaults when it is absent). Its
        ``outlet_order`` and ``top_n`` are the figure options unless
        ``figure_options`` gives them.
        """
        check_name(name)
        base = project_root(root)
        data = base / "data"
        settings = (read_settings(data / "studies" / name / "study.toml") if settings is None
                    else check_settings(settings))
        options = {k: settings[k] for k in ("outlet_order", "top_n") if settings[k]}
        options.update({k: v for k, v in (figure_options or {}).items() if v})
        if csv is not None and csv not in CSV_MODES:
            raise FramingError(f"unknown CSV mode {csv!r}", fix=f"use one of: {', '.join(CSV_MODES)}")
        committed = output is None and name == SEED_STUDY and in_place
        if committed:
            processed, figures, notebooks = data / "processed" / name, base / "figures", base / "notebooks"
        else:
            out = check_output_dir(_under(base, output if output is not None else Path("reports") / name), base)
            processed, figures, notebooks = out / "processed", out / "figures", out
        return cls(
            name=name, root=base, corpus_dir=data / "corpora" / name,
            lexicons=_under(base, lexicons) if lexicons is not None else data / "lexicons",
            rules=_under(base, rules) if rules is not None else data / "rules",
            source_cues=(_under(base, source_cues) if source_cues is not None
                         else data / "attribution" / "source_cues.csv"),
            gold=_under(base, gold) if gold is not None else data / "gold" / f"{name}.csv",
            gold_map=_under(base, gold_map) if gold_map is not None else data / "gold" / "category_map.csv",
            processed=processed, figures=figures, notebooks=notebooks, committed=committed,
            figure_options=check_figure_options(options), csv=csv, settings=settings)

    # ------------------------------------------------------------------ derived locations

    @property
    def output(self) -> Path | None:
        """The run's output folder, or None for the committed study."""
        return None if self.committed else self.notebooks

    @property
    def study_dir(self) -> Path:
        """The study's own folder, ``data/studies/NAME``: its settings (``study.toml``),
        story-bound lexicons (``lexicons/``) and discovery candidates."""
        return self.root / "data" / "studies" / self.name

    @property
    def study_lexicons(self) -> Path:
        """The study's own lexicon CSVs (actors, loaded terms, additions and drops)."""
        return self.study_dir / "lexicons"

    @property
    def discover_data(self) -> Path:
        """The shared data files of discovery (name cues, stop words, places)."""
        return self.root / "data" / "discover"

    @property
    def candidates(self) -> Path:
        """Where ``framing discover`` writes candidate actors and terms for review."""
        return self.study_dir / "candidates"

    @property
    def validation(self) -> Path:
        """Where validation against the gold file writes its tables."""
        return self.processed / "validation"

    @property
    def explorer(self) -> Path:
        return self.notebooks / "explorer.html"

    @property
    def notebook_sources(self) -> Path:
        """The folder of the numbered source notebooks (the committed ones)."""
        return self.root / "notebooks"

    @property
    def readme(self) -> Path:
        return self.root / "README.md"

    def relative(self, path: str | Path) -> str:
        """``path`` relative to the project root where it is inside it (portable for
        printing and for notebook parameters), else absolute."""
        p = Path(path).resolve()
        return p.relative_to(self.root).as_posix() if p == self.root or self.root in p.parents else str(p)

    def with_options(self, **changes: Any) -> Study:
        """The same study with other run settings (``figure_options``, ``csv``)."""
        params = self.to_params()
        params.update(changes)
        return Study.from_params(params, root=self.root)

    # ------------------------------------------------------------------ notebook parameters

    def to_params(self) -> dict[str, Any]:
        """Plain values that rebuild this study with :meth:`from_params` (a notebook's
        parameters cell); paths inside the project are relative to its root."""
        return {
            "name": self.name,
            "output": None if self.committed else self.relative(self.notebooks),
            "lexicons": self.relative(self.lexicons),
            "rules": self.relative(self.rules),
            "source_cues": self.relative(self.source_cues),
            "gold": self.relative(self.gold),
            "gold_map": self.relative(self.gold_map),
            "figure_options": dict(self.figure_options),
            "csv": self.csv,
            "settings": dict(self.settings),
        }

    @classmethod
    def from_params(cls, params: dict[str, Any], root: str | Path | None = None) -> Study:
        """The study described by :meth:`to_params` output."""
        known = {"name", "output", "lexicons", "rules", "source_cues", "gold", "gold_map",
                 "figure_options", "csv", "settings"}
        unknown = sorted(set(params) - known)
        if unknown or "name" not in params:
            raise FramingError(f"study parameters with unknown or missing keys: {', '.join(unknown) or 'name'}",
                               fix=f"use the keys {', '.join(sorted(known))}")
        return cls.open(params["name"], params.get("output"), root=root,
                        **{k: params.get(k) for k in sorted(known - {"name", "output"})})
