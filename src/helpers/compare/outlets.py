"""Outlets of articles and the one outlet order every table and figure uses, the
articles a framing map shows, and a plain-language note on what the sample can say.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from ..core.errors import FramingError
from ..core.escape import md_text
from .tables import require_columns


def article_outlets(articles: pd.DataFrame) -> pd.DataFrame:
    """article_id, outlet, event ('' when absent) per article of the manifest, ids as str."""
    require_columns(articles, ["article_id", "outlet"], "articles")
    cols = ["article_id", "outlet"] + (["event"] if "event" in articles.columns else [])
    out = articles[cols].drop_duplicates("article_id").copy()
    if "event" not in out.columns:
        out["event"] = ""
    out["article_id"] = out["article_id"].astype(str)
    out["event"] = out["event"].fillna("").astype(str)
    return out


def with_outlet(df: pd.DataFrame, articles: pd.DataFrame | None) -> pd.DataFrame:
    """Add outlet/event from ``articles`` unless ``df`` already has them."""
    df = df.copy()
    df["article_id"] = df["article_id"].astype(str)
    if "outlet" in df.columns and "event" in df.columns:
        df["event"] = df["event"].fillna("").astype(str)
        return df
    if articles is None:
        raise FramingError("table has no outlet column",
                           fix="pass the manifest as `articles`")
    meta = article_outlets(articles)
    df = df.drop(columns=[c for c in ("outlet", "event") if c in df.columns])
    return df.merge(meta, on="article_id", how="left", validate="many_to_one")


def ordered_outlets(outlets: Iterable[str], order: Sequence[str] | None = None) -> list[str]:
    """Outlets in display order: ``order`` first (those present), then the rest sorted."""
    present = list(dict.fromkeys(str(o) for o in outlets))
    if order is None:
        return sorted(present)
    first = [o for o in dict.fromkeys(order) if o in present]
    return first + sorted(o for o in present if o not in first)


def map_articles(articles: pd.DataFrame, max_articles: int | None = 40, *,
                 outlet_order: Sequence[str] | None = None,
                 events: Sequence[str] | None = None) -> list[str]:
    """The articles a framing map shows: a deterministic sample stratified by outlet.

    Outlets take turns in ``outlet_order`` (then the rest sorted), one article
    per turn, so every outlet is shown while the cap allows and none fills it
    alone; within an outlet, its events take turns too (sorted event ids, then
    sorted article ids within an event). ``events`` keeps only those events.
    Returns the article ids in display order: by outlet, then event, then id.
    """
    meta = article_outlets(articles)
    if events is not None:
        meta = meta[meta["event"].isin([str(e) for e in events])]
    meta = meta.sort_values(["outlet", "event", "article_id"], kind="stable")
    pos = {o: i for i, o in enumerate(ordered_outlets(meta["outlet"], outlet_order))}
    meta = meta.assign(
        _o=meta["outlet"].map(pos),
        _r=meta.groupby(["outlet", "event"]).cumcount(),           # turn within the event
        _e=meta.groupby("outlet")["event"].rank(method="dense"))   # event's place in the outlet
    # within an outlet: first article of each event, then the second of each, ...
    meta = meta.sort_values(["_o", "_r", "_e"], kind="stable")
    meta["_t"] = meta.groupby("_o").cumcount()                     # the outlet's turn number
    picked = meta.sort_values(["_t", "_o"], kind="stable")
    if max_articles is not None:
        picked = picked.head(int(max_articles))
    return picked.sort_values(["_o", "event", "article_id"], kind="stable")["article_id"].tolist()


def sample_size_note(articles: pd.DataFrame, unit: str = "outlet") -> str:
    """A plain-language caveat on what the intervals can and cannot say, from the counts.

    ``unit``: what the ``outlet`` column holds — ``outlet``, or the study's comparison
    column (``lean``: the groups are then named as such).
    """
    meta = article_outlets(articles)
    if meta.empty:
        return "No articles to compare: add articles with `framing add`, or check the study's `events`."
    per = meta.groupby("outlet")["article_id"].nunique().sort_index()
    n_events = meta["event"].nunique()
    word = "outlet" if unit == "outlet" else f"{md_text(unit)} group"
    listing = ", ".join(f"{md_text(o)}: {n}" for o, n in per.items())  # shown as Markdown
    text = (f"{len(meta)} article{'s' if len(meta) != 1 else ''} from {len(per)} "
            f"{word}{'s' if len(per) != 1 else ''} ({listing}) on {n_events} "
            f"event{'s' if n_events != 1 else ''}.")
    single = [o for o, n in per.items() if n == 1]
    if single and len(single) == len(per):
        text += (f" Every {word} is represented by one article, so intervals show variation across "
                 f"that article's sentences, not across the {word}'s coverage; differences describe "
                 f"these articles, not the {word}s.")
    elif single:
        text += (f" {', '.join(md_text(o) for o in single)} {'is' if len(single) == 1 else 'are'} represented by one "
                 "article: for them intervals show variation across that article's sentences only, "
                 "for the others across their articles.")
    else:
        text += f" Intervals resample articles within each {word}."
    if len(per) == 1:
        text += f" With one {word}, nothing can be compared between {word}s: the figures describe it alone."
    if n_events == 1:
        text += f" With one event, {word} differences cannot be separated from the story itself."
    return text
