"""Sentences written from the numbers (Markdown bullets for the notebooks), so the
prose beside a table or figure can never disagree with it.

Every value from the user's data (outlet, actor, term, form, id) goes through
:func:`helpers.core.escape.md_text` or :func:`~helpers.core.escape.md_code`:
the notebooks display these strings as Markdown, which would otherwise pass
raw HTML (and scripts) through to the rendered page.
"""

from __future__ import annotations

import pandas as pd

from ..compare import map_articles
from ..core.escape import md_code, md_text


def _fmt_rate(row) -> str:
    n = int(row["count"])
    if pd.isna(row.rate_per_1000):
        return f"no text in this voice ({n} hit{'s' if n != 1 else ''})"
    if pd.isna(row.ci_low):
        return f"{row.rate_per_1000:.1f} per 1,000 tokens (no interval; {n} hit{'s' if n != 1 else ''})"
    return (f"{row.rate_per_1000:.1f} per 1,000 tokens (95% interval {row.ci_low:.1f}–{row.ci_high:.1f}; "
            f"{n} hit{'s' if n != 1 else ''})")


def describe_rates(rates: pd.DataFrame, categories: list[str], voice: str = "own") -> str:
    """Markdown bullets: each category's rate by outlet in ``voice``, highest first,
    and whether the intervals of the highest and lowest overlap."""
    lines = []
    r = rates[(rates["voice"] == voice) & rates["category"].isin(categories)]
    for cat in categories:
        c = r[r["category"] == cat].sort_values("rate_per_1000", ascending=False)
        if c.empty:
            continue
        parts = [f"{md_text(row.outlet)} {_fmt_rate(row)}" for _, row in c.iterrows()]
        hi, lo = c.iloc[0], c.iloc[-1]
        if len(c) > 1:
            overlap = hi.ci_low <= lo.ci_high
            verdict = ("the intervals of the highest and lowest overlap, so these articles do not differ clearly"
                       if overlap else f"the intervals of {md_text(hi.outlet)} and {md_text(lo.outlet)} do not overlap")
        else:
            verdict = "one outlet only"
        lines.append(f"- **{md_text(cat.replace('_', ' '))}** ({md_text(voice)} voice): " + "; ".join(parts) + f" — {verdict}.")
    return "\n".join(lines) or "No rates to describe: this corpus has no measured text in these categories."


def describe_naming(shares: pd.DataFrame, actors: list[str] | None = None) -> str:
    """Markdown bullets: per actor, each outlet's most used form and forms only one outlet uses."""
    s = shares[shares["count"] > 0]
    lines = []
    for actor in actors or sorted(s["actor"].unique()):
        a = s[s["actor"] == actor]
        if a["outlet"].nunique() < 1:
            continue
        tops = []
        for outlet, g in a.groupby("outlet", sort=True):
            g = g.sort_values(["count", "surface_form"], ascending=[False, True])
            forms = ", ".join(f"{md_code(f)} {c}" for f, c in zip(g["surface_form"], g["count"]))
            tops.append(f"{md_text(outlet)}: {forms}")
        users = a.groupby("surface_form")["outlet"].nunique()
        only = sorted(users[users == 1].index)
        own = [f"{md_code(f)} ({md_text(a[a.surface_form == f].outlet.iloc[0])})" for f in only] if a["outlet"].nunique() > 1 else []
        tail = f" Used by one outlet only: {', '.join(own)}." if own else ""
        lines.append(f"- **{md_text(actor.replace('_', ' '))}** — " + "; ".join(tops) + "." + tail)
    return "\n".join(lines) or "No naming choices to describe: no actor of the naming lexicon is mentioned."


def describe_sources(profile: pd.DataFrame) -> str:
    """Markdown bullets: quoted share of tokens, who is quoted, evaluative verbs, by outlet."""
    lines = []
    for outlet, g in profile.groupby("outlet", sort=True):
        v = g[g["group"] == "voice"]
        share = float(v["share"].iloc[0]) if len(v) else float("nan")
        sc = g[(g["group"] == "speaker_class") & (g["count"] > 0)]
        who = ", ".join(f"{int(c)} {md_text(i.replace('_', ' '))}" for i, c in zip(sc["item"], sc["count"])) or "none"
        vc = g[g["group"] == "verb_class"].set_index("item")["count"]
        lines.append(f"- **{md_text(outlet)}**: {share:.0%} of tokens inside direct quotations; direct quotes by "
                     f"{who}; reporting verbs {int(vc.get('neutral', 0))} neutral, "
                     f"{int(vc.get('evaluative', 0))} evaluative.")
    return "\n".join(lines) or "No sources to describe: this corpus has no articles with text."


def describe_headline_markers(hits: pd.DataFrame, articles: pd.DataFrame,
                              categories: list[str], *, max_articles: int = 12,
                              outlet_order: list[str] | None = None) -> str:
    """Markdown bullets: the markers each article puts in its headline and lede.

    With more than ``max_articles`` articles, those of
    :func:`helpers.compare.map_articles` (taken in turn from each outlet), and a
    last line says how many of how many are shown."""
    arts = articles.drop_duplicates("article_id")
    if len(arts) > max_articles:
        arts = arts[arts["article_id"].isin(map_articles(arts, max_articles, outlet_order=outlet_order))]
    h = hits[hits["segment"].isin(["headline", "lede"]) & hits["category"].isin(categories)
             & hits["article_id"].isin(arts["article_id"])]
    by_article = {a: g for a, g in h.groupby("article_id", sort=False)}
    lines = []
    for outlet, article_id in arts[["outlet", "article_id"]].sort_values(["outlet", "article_id"]).itertuples(index=False):
        mine = by_article.get(article_id, h.iloc[:0])
        found = ", ".join(f"*{md_text(m)}* ({md_text(c.replace('_', ' '))}, {md_text(s)}{', quoted' if q else ''})"
                          for m, c, s, q in zip(mine["matched"], mine["category"], mine["segment"], mine["in_quote"]))
        lines.append(f"- **{md_text(outlet)}** ({md_text(article_id)}): {found or 'no markers in headline or lede'}.")
    n_all = articles["article_id"].nunique()
    if len(arts) < n_all:
        lines.append(f"\n_Showing {len(arts)} of {n_all:,} articles, taken in turn from each outlet._")
    return "\n".join(lines) or "No headlines to describe: this corpus has no articles."


def describe_distinctive(terms: pd.DataFrame, top: int = 6) -> str:
    """Markdown bullets: the most distinctive terms for each side of each comparison."""
    lines = []
    for (a, b), g in terms.groupby(["outlet_a", "outlet_b"], sort=True):
        pos = g.sort_values(["z", "term"], ascending=[False, True]).head(top)
        neg = g.sort_values(["z", "term"], ascending=[True, True]).head(top)
        strong = int((g["z"].abs() >= 1.96).sum())
        a_, b_ = md_text(a), md_text(b)
        lines.append(f"- **{a_}** rather than {b_}: "
                     + ", ".join(f"*{md_text(t)}* (z = {z:.2f})" for t, z in zip(pos.term, pos.z)))
        lines.append(f"- **{b_}** rather than {a_}: "
                     + ", ".join(f"*{md_text(t)}* (z = {z:.2f})" for t, z in zip(neg.term, -neg.z)))
        lines.append(f"- Terms with |z| ≥ 1.96 in this comparison: {strong} of {len(g)}.")
    return "\n".join(lines) or ("No distinctive terms: they compare the wording of two outlets or more "
                                "with counted words, and this corpus has fewer.")
