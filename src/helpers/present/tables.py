"""Tables the notebooks display: what cleaning kept and removed, the lexicons,
hit counts by voice, and large tables cut to a readable size.

Pure: each takes the loaded DataFrames and returns a (small) DataFrame (two
also print a one-line note when they cut a table), so the notebooks hold no
logic. Tables of raw or clean text are :class:`~helpers.present.display.TextTable`,
shown left-aligned in monospace rather than right-aligned and cut.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from ..core.storage import write_csv
from ..core.study import Study, check_name
from .display import TextTable


def _say(line: str) -> None:
    """Print ``line`` in one write: print() writes the text and the newline
    separately, and a kernel flush between the two splits the notebook's output
    into two streams, so a rerun's notebook would differ from run to run."""
    sys.stdout.write(line + "\n")


def io_table(study: Study, inputs: list[Path], outputs: dict[str, list[str]]) -> pd.DataFrame:
    """A notebook's inputs and declared outputs (``OUTPUTS``: folder kind -> file names), as
    paths relative to the project root (a file outside it is shown by its name only, so
    no machine-specific prefix reaches a notebook)."""
    def shown(path: Path) -> str:
        rel = study.relative(path)
        return rel if not Path(rel).is_absolute() else Path(path).name

    rows = [("input", shown(p)) for p in inputs]
    for kind, names in outputs.items():
        folder = getattr(study, kind)
        rows.extend(("output", shown(folder / n)) for n in names)
    return pd.DataFrame(rows, columns=["role", "path"])


def audit_by_reason(audit: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Raw lines per cleaning decision (kept as content, or the removal reason), by outlet."""
    a = audit.merge(articles[["article_id", "outlet"]], on="article_id", how="left")
    table = pd.crosstab(a["reason"], a["outlet"], margins=True, margins_name="total")
    order = ["content"] + sorted(r for r in table.index if r not in {"content", "total"}) + ["total"]
    return table.reindex([r for r in order if r in table.index])


def removed_examples(audit: pd.DataFrame, articles: pd.DataFrame, *, per_reason: int = 2,
                     width: int = 90) -> pd.DataFrame:
    """The first ``per_reason`` removed (non-blank) lines for each outlet and reason."""
    a = audit[(audit["action"] == "removed") & (audit["reason"] != "blank")]
    a = a.merge(articles[["article_id", "outlet"]], on="article_id", how="left")
    a = a.sort_values(["outlet", "reason", "article_id", "line_no"], kind="stable")
    out = a.groupby(["outlet", "reason"], sort=False).head(per_reason).copy()
    out["raw_line"] = out["raw_line"].str.strip().str.slice(0, width)
    return TextTable(out[["outlet", "reason", "rule", "line_no", "raw_line"]].reset_index(drop=True))


def segment_counts(segments: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Kept segments by type and outlet."""
    s = segments.merge(articles[["article_id", "outlet"]], on="article_id", how="left")
    order = ["headline", "lede", "body", "caption", "embed", "footnote"]
    table = pd.crosstab(s["segment"], s["outlet"])
    return table.reindex([o for o in order if o in table.index])


def flagged_lines(audit: pd.DataFrame) -> pd.DataFrame:
    """Audit lines carrying a flag (e.g. mixed_script look-alikes), kept or removed."""
    f = audit[audit["flags"].astype(str) != ""]
    return TextTable(f[["article_id", "line_no", "action", "reason", "flags", "raw_line"]].reset_index(drop=True))


def clean_article_view(segments: pd.DataFrame, article_id: str) -> pd.DataFrame:
    """One article's clean text, segment by segment, with its offsets."""
    s = segments[segments["article_id"] == article_id]
    return TextTable(s[["segment_index", "segment", "start", "end", "text"]].reset_index(drop=True))


def lexicon_summary(lexicon: pd.DataFrame) -> pd.DataFrame:
    """Entries per layer (shared / the study's own), lexicon file, category and subcategory,
    with the sources cited."""
    keys = (["layer"] if "layer" in lexicon.columns else []) + ["lexicon", "category", "subcategory"]
    g = lexicon.groupby(keys, sort=True)
    out = g.agg(entries=("entry", "size"),
                examples=("entry", lambda e: ", ".join(list(e)[:6])),
                sources=("source", lambda s: "; ".join(sorted(set(s)))[:160]))
    return out.reset_index()


def hits_by_voice(features: pd.DataFrame) -> pd.DataFrame:
    """Counts per outlet, category and voice over all segments (from features.csv)."""
    f = features[(features["segment_group"] == "all") & (features["voice"] != "all")]
    table = f.pivot_table(index="category", columns=["outlet", "voice"], values="count",
                          aggfunc="sum", fill_value=0, observed=True)
    return table


def first_rows(df: pd.DataFrame, n: int = 50, what: str = "rows") -> pd.DataFrame:
    """The first ``n`` rows of ``df``, printing how many there are when some are cut
    (a notebook shows a few rows of a large table, not a million)."""
    if len(df) > n:
        _say(f"first {n} of {len(df):,} {what}")
    return df.head(n)


def article_feature_view(article_features: pd.DataFrame, max_articles: int = 10) -> pd.DataFrame:
    """The per-article feature table turned on its side (one column per article);
    for more than ``max_articles`` articles, one column per outlet with the mean
    over its articles (and a row ``articles``), as 100,000 columns are unreadable."""
    af = article_features.set_index("article_id")
    if len(af) <= max_articles:
        return af.T
    numeric = af.select_dtypes("number")
    out = numeric.groupby(af["outlet"]).mean()
    out.insert(0, "articles", af.groupby("outlet").size())
    _say(f"{len(af):,} articles: means per outlet (every article is in article_features.csv)")
    return out.T


def save_table(data: pd.DataFrame, name: str, folder: str | Path) -> Path:
    """Write ``data`` as ``folder/NAME.csv`` (canonical CSV, atomic, skipped when
    the bytes are unchanged): a table that sits beside the figures without one of
    its own, e.g. ``paired_differences.csv`` (:func:`helpers.compare.paired_comparisons`)."""
    check_name(name, "table name")
    path = Path(folder) / f"{name}.csv"
    write_csv(data, path)
    return path
