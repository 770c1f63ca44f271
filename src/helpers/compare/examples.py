"""Which actors and forms a story-agnostic notebook shows, chosen from the data.

A notebook that describes naming must not name the seed study's actors; these
functions pick what to show from any study's own counts, deterministically
(ties broken alphabetically), so the same data always shows the same examples.
"""

from __future__ import annotations

import pandas as pd


def top_actors(naming: pd.DataFrame, n: int = 5) -> list[str]:
    """The ``n`` actors with the most mentions (naming.csv counts), most first."""
    if naming.empty:
        return []
    totals = naming.assign(count=pd.to_numeric(naming["count"])).groupby("actor")["count"].sum()
    totals = totals[totals > 0].reset_index().sort_values(["count", "actor"], ascending=[False, True])
    return totals["actor"].head(n).tolist()


def contrasting_form(naming: pd.DataFrame) -> str | None:
    """The naming form whose share of its actor's mentions differs most between groups
    (``outlet`` column): the clearest naming choice to read in context. With one
    group, the most used form. None when nothing was named."""
    if naming.empty:
        return None
    n = naming.assign(count=pd.to_numeric(naming["count"]))
    per = n.groupby(["outlet", "actor", "surface_form"])["count"].sum().reset_index()
    per["share"] = per["count"] / per.groupby(["outlet", "actor"])["count"].transform("sum")
    per = per[per["count"] > 0]
    if per.empty:
        return None
    if per["outlet"].nunique() < 2:
        top = per.sort_values(["count", "surface_form"], ascending=[False, True])
        return str(top["surface_form"].iloc[0])
    wide = per.pivot_table(index=["actor", "surface_form"], columns="outlet", values="share", fill_value=0.0)
    spread = (wide.max(axis=1) - wide.min(axis=1)).rename("spread").reset_index()
    used = per.groupby("surface_form")["count"].sum()
    spread["uses"] = spread["surface_form"].map(used)
    best = spread.sort_values(["spread", "uses", "surface_form"], ascending=[False, False, True])
    return str(best["surface_form"].iloc[0])
