"""The README's generated parts, and ``framing report``, which re-executes the
seed study and then regenerates them.

The outputs table comes from the notebooks' ``OUTPUTS`` cells; the findings
are written by :func:`helpers.present.findings.findings_markdown` from the
seed study's tables, which are read here (only this layer reads study files).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..core.paths import DEFAULT_CORPUS, StudyPaths, project_root, study_paths
from ..core.storage import atomic_write_text, read_csv
from ..present.findings import findings_markdown
from ..present.readme import readme_with_findings, readme_with_table
from .notebooks import clear_study_outputs, declared_outputs, run_notebooks, source_notebooks

# The tables findings_markdown takes: argument -> (study folder, file name).
FINDINGS_TABLES = {
    "articles": ("processed", "articles.csv"),
    "hits": ("processed", "hits.csv"),
    "rates": ("figures", "rates_by_outlet_and_voice.csv"),
    "profile": ("figures", "sources_and_reporting_verbs.csv"),
    "shares": ("figures", "actor_naming_shares.csv"),
    "content": ("figures", "shared_vs_unique_content.csv"),
}


def findings_tables(paths: StudyPaths) -> dict[str, pd.DataFrame]:
    """The study's tables :func:`findings_markdown` needs, by argument name."""
    return {arg: read_csv(getattr(paths, folder) / name) for arg, (folder, name) in FINDINGS_TABLES.items()}


def outputs_table(root: str | Path | None = None) -> str:
    """Markdown table mapping every declared output to the notebook that makes it.

    A figure's PNG, SVG and CSV share one row."""
    rows = ["| output | made by |", "| --- | --- |"]
    prefix = {"processed": "data/processed/{corpus}/", "figures": "figures/", "notebooks": "notebooks/"}
    for nb_path in source_notebooks(root):
        link = f"[`{nb_path.name}`](notebooks/{nb_path.name})"
        for kind, names in declared_outputs(nb_path).items():
            stems: dict[str, list[str]] = {}
            for name in names:
                shown = prefix[kind].format(corpus=DEFAULT_CORPUS) + name
                stem, _, ext = shown.rpartition(".")
                key = stem if kind == "figures" else shown
                stems.setdefault(key, []).append(shown if kind != "figures" else ext)
            for key, parts in stems.items():
                if kind == "figures":
                    files = " · ".join(f"[{ext}]({key}.{ext})" for ext in parts)
                    rows.append(f"| `{key}` ({files}) | {link} |")
                else:
                    rows.append(f"| [`{key}`]({key}) | {link} |")
    return "\n".join(rows)


def update_readme(root: str | Path | None = None) -> bool:
    """Regenerate the README's outputs table and findings; True if the file changed."""
    path = project_root(root) / "README.md"
    text = readme_with_table(path.read_text(encoding="utf-8"), outputs_table(root))
    tables = findings_tables(study_paths(DEFAULT_CORPUS, None, root))
    text = readme_with_findings(text, findings_markdown(**tables))
    return atomic_write_text(path, text)


def command_report(args) -> int:
    """``framing report``: clear and re-execute the committed seed study, in order."""
    root = getattr(args, "root", None)
    corpus = getattr(args, "corpus", DEFAULT_CORPUS)
    paths = study_paths(corpus, None, root)
    clear_study_outputs(paths)
    written = run_notebooks(corpus, None, root=root, progress=True)
    update_readme(root)
    base = project_root(root)
    for p in written:
        print(f"executed {p.relative_to(base)}")
    print("Open notebooks/01-corpus.ipynb first; README.md maps every output to its notebook.")
    return 0
