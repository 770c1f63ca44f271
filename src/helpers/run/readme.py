"""The README's generated parts: the outputs table (from the notebooks' ``OUTPUTS``
cells) and the findings (written by :func:`helpers.present.findings.findings_markdown`
from the committed study's tables, which are read here)."""

from __future__ import annotations

import pandas as pd

from ..core.storage import atomic_write_text, read_csv
from ..core.study import Study
from ..present.findings import findings_markdown
from ..present.readme import readme_with_findings, readme_with_table
from .notebooks import declared_outputs, source_notebooks

# The tables findings_markdown takes: argument -> (study folder, file name).
FINDINGS_TABLES = {
    "articles": ("processed", "articles.csv"),
    "hits": ("processed", "hits.csv"),
    "rates": ("figures", "rates_by_outlet_and_voice.csv"),
    "profile": ("figures", "sources_and_reporting_verbs.csv"),
    "shares": ("figures", "actor_naming_shares.csv"),
    "content": ("figures", "shared_vs_unique_content.csv"),
}


def findings_tables(study: Study) -> dict[str, pd.DataFrame]:
    """The study's tables :func:`findings_markdown` needs, by argument name."""
    return {arg: read_csv(getattr(study, folder) / name) for arg, (folder, name) in FINDINGS_TABLES.items()}


def outputs_table(study: Study) -> str:
    """Markdown table mapping every declared output of the committed study to the
    notebook that makes it (links relative to the README). A figure's PNG, SVG
    and CSV share one row."""
    rows = ["| output | made by |", "| --- | --- |"]
    for nb_path in source_notebooks(study.notebook_sources):
        link = f"[`{nb_path.name}`]({study.relative(nb_path)})"
        for kind, names in declared_outputs(nb_path).items():
            stems: dict[str, list[str]] = {}
            for name in names:
                shown = study.relative(getattr(study, kind) / name)
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


def readme_text(study: Study) -> str:
    """The README with its outputs table and findings regenerated from the committed study."""
    text = readme_with_table(study.readme.read_text(encoding="utf-8"), outputs_table(study))
    return readme_with_findings(text, findings_markdown(**findings_tables(study)))


def update_readme(study: Study) -> bool:
    """Rewrite the README's generated parts; True if the file changed."""
    return atomic_write_text(study.readme, readme_text(study))
