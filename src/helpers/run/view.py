"""The comparison view of a study: its events and its comparison unit, from its settings.

The measured tables carry each article's ``outlet``; the compare and present
functions compare whatever the ``outlet`` column holds. A study that compares
another manifest column (``group = "lean"``) gets tables whose ``outlet`` is
that column's value and whose original outlet is kept as ``outlet_name`` (the
nested level), and a study that names ``events`` gets only those articles. For
the default (outlet, every event) the tables are returned unchanged, so the
seed study's outputs do not move.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import pandas as pd

from ..core.errors import FramingError
from ..core.study import Study
from ..corpus import load_manifest
from ..measure import Measures

MISSING_GROUP = "(none)"


@dataclass(frozen=True)
class ComparisonView:
    """What the comparison notebooks work on: articles, segments and measures of the study's
    events, with the comparison unit in ``outlet``."""

    group: str
    articles: pd.DataFrame
    segments: pd.DataFrame
    measures: Measures
    nesting: pd.DataFrame   # group, outlet_name, n_articles: the outlets inside each group


def group_labels(manifest: pd.DataFrame, group: str) -> pd.Series:
    """article_id -> the value of the study's comparison column ('(none)' where empty)."""
    if group not in manifest.columns:
        extra = [c for c in manifest.columns if c not in {"article_id", "raw_path", "format", "encoding", "sha256"}]
        raise FramingError(f"the manifest has no column {group!r} to compare", fix=f"set group in study.toml to one of: "
                           f"{', '.join(extra)} (add a column with `framing add --manifest` or a batch file)")
    values = manifest[group].fillna("").astype(str).str.strip().replace("", MISSING_GROUP)
    return pd.Series(values.to_numpy(), index=manifest["article_id"].to_numpy())


def _relabel(df: pd.DataFrame, labels: pd.Series, keep: pd.Index) -> pd.DataFrame:
    if "article_id" not in df.columns or df.empty:
        return df
    out = df[df["article_id"].isin(keep)].copy()
    if "outlet" in out.columns and labels is not None:
        out.insert(out.columns.get_loc("outlet") + 1, "outlet_name", out["outlet"])
        out["outlet"] = out["article_id"].map(labels).fillna(MISSING_GROUP)
    return out.reset_index(drop=True)


def comparison_view(study: Study, articles: pd.DataFrame, segments: pd.DataFrame,
                    measures: Measures) -> ComparisonView:
    """The tables of ``study`` restricted to its ``events`` and labelled by its ``group``."""
    group, events = study.settings.get("group", "outlet"), study.settings.get("events") or []
    keep = articles["article_id"]
    if events:
        unknown = sorted(set(events) - set(articles["event"]))
        if unknown:
            raise FramingError(f"events {', '.join(unknown)} are not in the corpus",
                               path=study.study_dir / "study.toml",
                               fix=f"choose from: {', '.join(sorted(set(articles['event'])))}")
        keep = articles.loc[articles["event"].isin(events), "article_id"]
    labels = group_labels(load_manifest(study.corpus_dir), group) if group != "outlet" else None
    if labels is None and not events:
        return ComparisonView(group, articles, segments, measures, nesting_table(articles))
    keep = pd.Index(keep)
    arts = _relabel(articles, labels, keep)
    tables = {f.name: _relabel(getattr(measures, f.name), labels, keep) for f in fields(measures)}
    return ComparisonView(group, arts, _relabel(segments, None, keep), Measures(**tables), nesting_table(arts))


def nesting_table(articles: pd.DataFrame) -> pd.DataFrame:
    """group, outlet_name, n_articles: the outlets inside each compared group."""
    if articles.empty:
        return pd.DataFrame(columns=["group", "outlet_name", "n_articles"])
    inner = "outlet_name" if "outlet_name" in articles.columns else "outlet"
    keys = ["outlet", inner] if inner != "outlet" else ["outlet"]
    out = articles.groupby(keys).size().rename("n_articles").reset_index()
    if inner == "outlet":
        out.insert(1, "outlet_name", out["outlet"])
    return out.rename(columns={"outlet": "group"})[["group", "outlet_name", "n_articles"]]
