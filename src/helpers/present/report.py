"""Small tables and displays the notebooks show, so the notebooks hold no logic."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..core.paths import StudyPaths


def relative(path: str | Path, paths: StudyPaths) -> str:
    """``path`` relative to the project root, for printing (no machine-specific prefixes)."""
    try:
        return Path(path).resolve().relative_to(paths.root.resolve()).as_posix()
    except ValueError:
        return Path(path).name


def io_table(paths: StudyPaths, inputs: list[str | Path], outputs: dict[str, list[str]]) -> pd.DataFrame:
    """A table of a notebook's inputs and declared outputs, as project-relative paths."""
    rows = [("input", relative(p, paths)) for p in inputs]
    for kind, names in outputs.items():
        folder = getattr(paths, kind)
        rows.extend(("output", relative(folder / n, paths)) for n in names)
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
    return out[["outlet", "reason", "rule", "line_no", "raw_line"]].reset_index(drop=True)


def segment_counts(segments: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Kept segments by type and outlet."""
    s = segments.merge(articles[["article_id", "outlet"]], on="article_id", how="left")
    order = ["headline", "lede", "body", "caption", "footnote"]
    table = pd.crosstab(s["segment"], s["outlet"])
    return table.reindex([o for o in order if o in table.index])


def flagged_lines(audit: pd.DataFrame) -> pd.DataFrame:
    """Audit lines carrying a flag (e.g. mixed_script look-alikes), kept or removed."""
    f = audit[audit["flags"].astype(str) != ""]
    return f[["article_id", "line_no", "action", "reason", "flags", "raw_line"]].reset_index(drop=True)


def clean_article_view(segments: pd.DataFrame, article_id: str) -> pd.DataFrame:
    """One article's clean text, segment by segment, with its offsets."""
    s = segments[segments["article_id"] == article_id]
    return s[["segment_index", "segment", "start", "end", "text"]].reset_index(drop=True)


def lexicon_summary(lexicon: pd.DataFrame) -> pd.DataFrame:
    """Entries per lexicon file, category and subcategory, with the sources cited."""
    g = lexicon.groupby(["lexicon", "category", "subcategory"], sort=True)
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
        print(f"first {n} of {len(df):,} {what}")
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
    print(f"{len(af):,} articles: means per outlet (every article is in article_features.csv)")
    return out.T


RATE_NUMBERS = ["count", "tokens", "rate_per_1000", "ci_low", "ci_high", "n_units", "n_articles", "n_boot", "ci"]


def load_category_rates(paths: StudyPaths, measures, articles: pd.DataFrame, categories: list[str], *,
                        by_event: bool = False, n_boot: int = 2000) -> pd.DataFrame:
    """Category rates with bootstrap intervals (:func:`helpers.compare.compare.category_rates`)
    for the rates figures, computed once per study.

    When every outlet (``by_event``: every event x outlet) has several
    articles, the article is the resampling unit, and the table from the
    per-article features equals the one from hits and sentences (same counts,
    tokens and replicates; tests/test_many_outlets.py). The pipeline's compare
    stage writes exactly that table (``category_rates*.csv``, cached), so it is
    read, not recomputed. Otherwise (an outlet with a single article, as in the
    seed study: its sentences are resampled, which needs the sentence table) it
    is computed from ``measures.hits``, ``sentences`` and ``quotes``.
    """
    from ..compare import compare
    from ..run import pipeline

    groups = ["event", "outlet"] if by_event else ["outlet"]
    several = bool((articles.groupby(groups)["article_id"].nunique() > 1).all())
    if not several:
        return compare.category_rates(measures.hits, measures.sentences, articles, quotes=measures.quotes,
                                      categories=categories, by_event=by_event, n_boot=n_boot, seed=0)
    if list(categories) == list(pipeline.RATE_CATEGORIES) and n_boot == pipeline.COMPARE_BOOTSTRAP:
        table = pipeline.compare_stage(paths)["category_rates_by_event" if by_event else "category_rates"]
        table = table.copy()
        for col in RATE_NUMBERS:
            table[col] = pd.to_numeric(table[col].replace("", None))
        if by_event:
            table["event"] = table["event"].astype(str)
        return table
    f = measures.features
    return compare.category_rates(f[f["segment_group"] == "all"], None, articles, categories=categories,
                                  by_event=by_event, n_boot=n_boot, seed=0)


# ----------------------------------------------------------------- interpretation
# Sentences written from the numbers, so the prose in the notebooks can never
# disagree with the tables beside it.

def _fmt_rate(row) -> str:
    n = int(row["count"])
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
        parts = [f"{row.outlet} {_fmt_rate(row)}" for _, row in c.iterrows()]
        hi, lo = c.iloc[0], c.iloc[-1]
        if len(c) > 1:
            overlap = hi.ci_low <= lo.ci_high
            verdict = ("the intervals of the highest and lowest overlap, so these articles do not differ clearly"
                       if overlap else f"the intervals of {hi.outlet} and {lo.outlet} do not overlap")
        else:
            verdict = "one outlet only"
        lines.append(f"- **{cat.replace('_', ' ')}** ({voice} voice): " + "; ".join(parts) + f" — {verdict}.")
    return "\n".join(lines)


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
            forms = ", ".join(f"`{f}` {c}" for f, c in zip(g["surface_form"], g["count"]))
            tops.append(f"{outlet}: {forms}")
        users = a.groupby("surface_form")["outlet"].nunique()
        only = sorted(users[users == 1].index)
        own = [f"`{f}` ({a[a.surface_form == f].outlet.iloc[0]})" for f in only] if a["outlet"].nunique() > 1 else []
        tail = f" Used by one outlet only: {', '.join(own)}." if own else ""
        lines.append(f"- **{actor.replace('_', ' ')}** — " + "; ".join(tops) + "." + tail)
    return "\n".join(lines)


def describe_sources(profile: pd.DataFrame) -> str:
    """Markdown bullets: quoted share of tokens, who is quoted, evaluative verbs, by outlet."""
    lines = []
    for outlet, g in profile.groupby("outlet", sort=True):
        v = g[g["group"] == "voice"]
        share = float(v["share"].iloc[0]) if len(v) else float("nan")
        sc = g[(g["group"] == "speaker_class") & (g["count"] > 0)]
        who = ", ".join(f"{int(c)} {i.replace('_', ' ')}" for i, c in zip(sc["item"], sc["count"])) or "none"
        vc = g[g["group"] == "verb_class"].set_index("item")["count"]
        lines.append(f"- **{outlet}**: {share:.0%} of tokens inside direct quotations; direct quotes by "
                     f"{who}; reporting verbs {int(vc.get('neutral', 0))} neutral, "
                     f"{int(vc.get('evaluative', 0))} evaluative.")
    return "\n".join(lines)


def describe_headline_markers(hits: pd.DataFrame, articles: pd.DataFrame,
                              categories: list[str], *, max_articles: int = 12,
                              outlet_order: list[str] | None = None) -> str:
    """Markdown bullets: the markers each article puts in its headline and lede.

    With more than ``max_articles`` articles, those of
    :func:`helpers.compare.compare.map_articles` (taken in turn from each outlet), and a
    last line says how many of how many are shown."""
    from ..compare.compare import map_articles

    arts = articles.drop_duplicates("article_id")
    if len(arts) > max_articles:
        arts = arts[arts["article_id"].isin(map_articles(arts, max_articles, outlet_order=outlet_order))]
    h = hits[hits["segment"].isin(["headline", "lede"]) & hits["category"].isin(categories)
             & hits["article_id"].isin(arts["article_id"])]
    by_article = {a: g for a, g in h.groupby("article_id", sort=False)}
    lines = []
    for outlet, article_id in arts[["outlet", "article_id"]].sort_values(["outlet", "article_id"]).itertuples(index=False):
        mine = by_article.get(article_id, h.iloc[:0])
        found = ", ".join(f"*{m}* ({c.replace('_', ' ')}, {s}{', quoted' if q else ''})"
                          for m, c, s, q in zip(mine["matched"], mine["category"], mine["segment"], mine["in_quote"]))
        lines.append(f"- **{outlet}** ({article_id}): {found or 'no markers in headline or lede'}.")
    n_all = articles["article_id"].nunique()
    if len(arts) < n_all:
        lines.append(f"\n_Showing {len(arts)} of {n_all:,} articles, taken in turn from each outlet._")
    return "\n".join(lines)


def describe_distinctive(terms: pd.DataFrame, top: int = 6) -> str:
    """Markdown bullets: the most distinctive terms for each side of each comparison."""
    lines = []
    for (a, b), g in terms.groupby(["outlet_a", "outlet_b"], sort=True):
        pos = g.sort_values(["z", "term"], ascending=[False, True]).head(top)
        neg = g.sort_values(["z", "term"], ascending=[True, True]).head(top)
        strong = int((g["z"].abs() >= 1.96).sum())
        lines.append(f"- **{a}** rather than {b}: " + ", ".join(f"*{t}* (z = {z:.2f})" for t, z in zip(pos.term, pos.z)))
        lines.append(f"- **{b}** rather than {a}: " + ", ".join(f"*{t}* (z = {z:.2f})" for t, z in zip(neg.term, -neg.z)))
        lines.append(f"- Terms with |z| ≥ 1.96 in this comparison: {strong} of {len(g)}.")
    return "\n".join(lines)


# ----------------------------------------------------------------- README findings
FINDINGS_START = "<!-- findings:start (generated by `framing report` from figures/*.csv and the processed tables; do not edit) -->"
FINDINGS_END = "<!-- findings:end -->"


_SPEAKER_PHRASE = {"named_person": "named persons", "named_institution": "named institutions",
                   "anonymous": "anonymous sources", "unattributed": "no stated speaker"}


def _read(path: Path) -> pd.DataFrame:
    from ..core.storage import read_csv

    return read_csv(path)


def _rate_phrase(r: pd.DataFrame, outlet: str, category: str, voice: str = "own") -> str:
    row = r[(r["outlet"] == outlet) & (r["category"] == category) & (r["voice"] == voice)]
    if row.empty:
        return "n/a"
    x = row.iloc[0]
    n = int(x["count"])
    return f"{x.rate_per_1000:.1f} (95% interval {x.ci_low:.1f}–{x.ci_high:.1f}, {n} hit{'s' if n != 1 else ''})"


def findings_markdown(paths: StudyPaths) -> str:
    """Three to five findings for the README, each sentence filled from the study's tables,
    each with its figure. Generic over outlets; the wording states what the numbers are."""
    fig = paths.figures
    arts = _read(paths.processed / "articles.csv")
    outlets = sorted(arts["outlet"].unique())
    hits = _read(paths.processed / "hits.csv")
    rates = _read(fig / "rates_by_outlet_and_voice.csv")
    profile = _read(fig / "sources_and_reporting_verbs.csv")
    shares = _read(fig / "actor_naming_shares.csv")
    content = _read(fig / "shared_vs_unique_content.csv")
    out = []

    # 1. headlines
    head = hits[hits["segment"].isin(["headline"]) & (hits["category"] != "naming")]
    head = head.merge(arts[["article_id", "outlet", "title"]], on="article_id")
    parts = []
    for o in outlets:
        h = head[head["outlet"] == o]
        title = arts.loc[arts["outlet"] == o, "title"].iloc[0]
        marks = ", ".join(f"*{m}* ({c.replace('_', ' ')}{', inside a quote' if str(q) == 'True' else ''})"
                          for m, c, q in zip(h["matched"], h["category"], h["in_quote"])) or "no marker"
        parts.append(f"{o}'s headline, “{title}”, carries {marks}")
    out.append("1. **The headlines frame the report differently.** " + "; ".join(parts) + ".\n\n"
               "   ![Markers in headline and lede vs body](figures/headline_vs_body.png)")

    # 2. hedges and loaded terms in own voice
    hedge = "; ".join(f"{o} {_rate_phrase(rates, o, 'hedges')}" for o in outlets)
    loaded = "; ".join(f"{o} {_rate_phrase(rates, o, 'loaded_terms')}" for o in outlets)
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
        who = ", ".join(f"{int(c)} from {_SPEAKER_PHRASE.get(i, i)}" for i, c in zip(sc["item"], sc["count"])) or "none"
        parts.append(f"{o}: {who} ({float(share.iloc[0]):.0%} of its tokens are quoted speech)"
                     if len(share) else f"{o}: {who}")
    out.append("3. **Whose words carry the story.** Direct quotations by class of speaker — " + "; ".join(parts) +
               ".\n\n   ![Sources and reporting verbs](figures/sources_and_reporting_verbs.png)")

    # 4. naming
    used = shares[shares["count"] > 0]
    only = []
    for (actor, form), g in used.groupby(["actor", "form"]):
        if g["outlet"].nunique() == 1 and used[used["actor"] == actor]["outlet"].nunique() > 1:
            only.append(f"`{form}` for {actor.replace('_', ' ')} ({g['outlet'].iloc[0]}, {int(g['count'].sum())}×)")
    out.append("4. **Naming choices.** Forms that only one outlet uses for an actor both name: " +
               (", ".join(only) if only else "none") +
               ".\n\n   ![Actor naming shares](figures/actor_naming_shares.png)")

    # 5. content selection
    parts = [f"{r.outlet} {int(r.shared)} of {int(r.n_sentences)} sentences shared"
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


def readme_with_findings(readme: str, findings: str) -> str:
    """Return ``readme`` with the generated findings between the findings markers."""
    from ..run.notebooks import replace_between_markers

    return replace_between_markers(readme, FINDINGS_START, FINDINGS_END, findings, "findings")
