"""How outlets name actors: the share of each surface form per outlet and actor,
with British and American spellings of one name pooled (house style is not a
naming choice).
"""

from __future__ import annotations

import re

import pandas as pd

from ..measure.lexicon import normalise_entry
from .tables import require_columns

# British -ise/-isation spellings and their American -ize/-ization twins
_ISE = re.compile(r"is(e|ed|es|ing|ation|ations)\b")


def spelling_key(form: str) -> str:
    """What two spellings of one name share: the lexicon's entry key (case,
    apostrophes, hyphens: :func:`helpers.measure.lexicon.normalise_entry`) with British
    -ise/-isation folded to -ize/-ization ("Popular Mobilisation Forces" =
    "Popular Mobilization Forces")."""
    return _ISE.sub(r"iz\1", normalise_entry(str(form).rstrip("*")))


def pool_spellings(naming: pd.DataFrame) -> pd.DataFrame:
    """naming.csv with spelling variants of one actor's name counted as one form.

    The actor lexicon lists British and American spellings of a name as two
    entries (so both are matched), and naming.csv counts each entry as its own
    surface form; but a spelling is house style, not a naming choice. Forms of
    one actor with the same :func:`spelling_key` become the variant used most
    often (ties: alphabetical); column ``spellings`` lists the pooled variants
    ('; '-joined, '' when a form has one spelling).
    """
    n = naming.copy()
    n["count"] = pd.to_numeric(n["count"]).astype(int)
    totals = n.groupby(["actor", "surface_form"], sort=True)["count"].sum().reset_index()
    totals["key"] = [spelling_key(f) for f in totals["surface_form"]]
    totals = totals.sort_values(["actor", "key", "count", "surface_form"], ascending=[True, True, False, True],
                                kind="stable")
    canon = totals.groupby(["actor", "key"], sort=False)["surface_form"].transform("first")
    variants = totals.groupby(["actor", "key"], sort=False)["surface_form"].transform(
        lambda f: "; ".join(sorted(f)) if len(f) > 1 else "")
    key = pd.MultiIndex.from_frame(totals[["actor", "surface_form"]])
    rows = pd.MultiIndex.from_arrays([n["actor"], n["surface_form"]])
    n["spellings"] = pd.Series(variants.to_numpy(), index=key).reindex(rows).to_numpy()
    n["surface_form"] = pd.Series(canon.to_numpy(), index=key).reindex(rows).to_numpy()
    return n


def naming_shares(naming: pd.DataFrame) -> pd.DataFrame:
    """Per outlet and actor: how often each surface form names the actor.

    Every form any outlet uses for an actor is listed for every outlet that
    names that actor (count 0 where unused), so shares per outlet x actor sum
    to 1. Spelling variants of one form are pooled first (:func:`pool_spellings`).
    Returns outlet, actor, surface_form, count, total, share, n_articles, spellings.
    """
    require_columns(naming, ["article_id", "outlet", "actor", "surface_form", "count"], "naming")
    n = pool_spellings(naming)
    spellings = n.drop_duplicates(["actor", "surface_form"]).set_index(["actor", "surface_form"])["spellings"]
    n_articles = n[n["count"] > 0].groupby(["outlet", "actor"])["article_id"].nunique()
    counts = n.groupby(["outlet", "actor", "surface_form"])["count"].sum()
    forms = counts.reset_index()[["actor", "surface_form"]].drop_duplicates()
    pairs = counts.groupby(level=["outlet", "actor"]).sum()
    pairs = pairs[pairs > 0].reset_index()[["outlet", "actor"]]
    grid = pairs.merge(forms, on="actor")
    out = grid.merge(counts.rename("count").reset_index(), on=["outlet", "actor", "surface_form"],
                     how="left")
    out["count"] = out["count"].fillna(0).astype(int)
    out["total"] = out.groupby(["outlet", "actor"])["count"].transform("sum")
    out["share"] = out["count"] / out["total"]
    out["n_articles"] = out.set_index(["outlet", "actor"]).index.map(n_articles).fillna(0).astype(int)
    out["spellings"] = out.set_index(["actor", "surface_form"]).index.map(spellings).fillna("")
    return out.sort_values(["actor", "outlet", "surface_form"], kind="stable").reset_index(drop=True)
