"""The README's findings: a few numbered sentences filled from the seed study's
tables, each with its figure. Pure: the tables come in as DataFrames
(:func:`helpers.run.readme.update_readme` reads them and writes the README).
"""

from __future__ import annotations

import pandas as pd

from ..core.escape import md_code, md_text

_SPEAKER_PHRASE = {"named_person": "named persons", "named_institution": "named institutions",
                   "anonymous": "anonymous sources", "unattributed": "no stated speaker"}


def _rate_phrase(r: pd.DataFrame, outlet: str, category: str, voice: str = "own") -> str:
    row = r[(r["outlet"] == outlet) & (r["category"] == category) & (r["voice"] == voice)]
    if row.empty:
        return "n/a"
    x = row.iloc[0]
    n = int(x["count"])
    return f"{x.rate_per_1000:.1f} (95% interval {x.ci_low:.1f}–{x.ci_high:.1f}, {n} hit{'s' if n != 1 else ''})"


def findings_markdown(*, articles: pd.DataFrame, hits: pd.DataFrame, rates: pd.DataFrame,
                      profile: pd.DataFrame, shares: pd.DataFrame, content: pd.DataFrame) -> str:
    """Three to five findings for the README, each sentence filled from the study's tables,
    each with its figure. Generic over outlets; the wording states what the numbers are.

    The tables, as written by the seed study (the run layer reads them):
    ``articles`` and ``hits`` (processed ``articles.csv``, ``hits.csv``), and
    the data of four figures: ``rates`` (``rates_by_outlet_and_voice.csv``),
    ``profile`` (``sources_and_reporting_verbs.csv``), ``shares``
    (``actor_naming_shares.csv``) and ``content`` (``shared_vs_unique_content.csv``).
    """
    outlets = sorted(articles["outlet"].unique())
    out = []

    # 1. headlines
    head = hits[hits["segment"].isin(["headline"]) & (hits["category"] != "naming")]
    head = head.merge(articles[["article_id", "outlet", "title"]], on="article_id")
    parts = []
    for o in outlets:
        h = head[head["outlet"] == o]
        title = md_text(articles.loc[articles["outlet"] == o, "title"].iloc[0])
        marks = ", ".join(f"*{md_text(m)}* ({md_text(c.replace('_', ' '))}{', inside a quote' if str(q) == 'True' else ''})"
                          for m, c, q in zip(h["matched"], h["category"], h["in_quote"])) or "no marker"
        parts.append(f"{md_text(o)}'s headline, “{title}”, carries {marks}")
    out.append("1. **The headlines frame the report differently.** " + "; ".join(parts) + ".\n\n"
               "   ![Markers in headline and lede vs body](figures/headline_vs_body.png)")

    # 2. hedges and loaded terms in own voice
    hedge = "; ".join(f"{md_text(o)} {_rate_phrase(rates, o, 'hedges')}" for o in outlets)
    loaded = "; ".join(f"{md_text(o)} {_rate_phrase(rates, o, 'loaded_terms')}" for o in outlets)
    out.append("2. **Hedging in the outlet's own voice** (per 1,000 tokens): " + hedge +
               ". **Loaded terms in own voice**: " + loaded + ". Intervals resample sentences "
               "within each single article.\n\n"
               "   ![Rates by outlet and voice](figures/rates_by_outlet_and_voice.png)")

    # 3. sources
    parts = []
    for o in outlets:
        g = profile[profile["outlet"] == o]
        share = g.loc[g["group"] == "voice", "share"]
        sc = g[(g["group"] == "speaker_class") & (g["count"] > 0)]
        who = ", ".join(f"{int(c)} from {md_text(_SPEAKER_PHRASE.get(i, i))}"
                        for i, c in zip(sc["item"], sc["count"])) or "none"
        parts.append(f"{md_text(o)}: {who} ({float(share.iloc[0]):.0%} of its tokens are quoted speech)"
                     if len(share) else f"{md_text(o)}: {who}")
    out.append("3. **Whose words carry the story.** Direct quotations by class of speaker — " + "; ".join(parts) +
               ".\n\n   ![Sources and reporting verbs](figures/sources_and_reporting_verbs.png)")

    # 4. naming
    used = shares[shares["count"] > 0]
    only = []
    for (actor, form), g in used.groupby(["actor", "form"]):
        if g["outlet"].nunique() == 1 and used[used["actor"] == actor]["outlet"].nunique() > 1:
            only.append(f"{md_code(form)} for {md_text(actor.replace('_', ' '))} "
                        f"({md_text(g['outlet'].iloc[0])}, {int(g['count'].sum())}×)")
    out.append("4. **Naming choices.** Forms that only one outlet uses for an actor both name: " +
               (", ".join(only) if only else "none") +
               ".\n\n   ![Actor naming shares](figures/actor_naming_shares.png)")

    # 5. content selection
    parts = [f"{md_text(r.outlet)} {int(r.shared)} of {int(r.n_sentences)} sentences shared"
             for r in content.itertuples(index=False)]
    thr = float(content["threshold"].iloc[0]) if len(content) else float("nan")
    out.append(f"5. **Content selection** (TF-IDF cosine ≥ {thr:g} with a sentence of the other outlet): " +
               "; ".join(parts) + ". The outlets relay the same report in their own words; "
               "see notebook 03 for the aligned sentences.\n\n"
               "   ![Shared vs unique content](figures/shared_vs_unique_content.png)")
    caveat = ("_These describe two articles, one per outlet, on one event: they show how these two texts "
              "differ, not how the outlets cover Iran in general. See notebook 03, “What this corpus can and "
              "cannot show”._")
    return "\n\n".join(out) + "\n\n" + caveat
