"""Every compare and present function notebooks 02 and 03 call survives any corpus
shape (issue 13): zero hits in a category or in all, one group, one event, one
article per group, articles of one line, missing titles and dates,
no articles (50 groups: end to end in tests/run/test_run_shapes.py). Where a comparison cannot be made, the figure says why in its body
(saved PNG + SVG + CSV) and the prose says so; nothing raises.

The tables come from the measure stage run in memory on small generated corpora
(helpers.corpus.synthetic), with the project's lexicons.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from helpers import compare, present  # noqa: E402
from helpers.clean import assemble_texts  # noqa: E402
from helpers.corpus.synthetic import corpus_segments, generate_corpus  # noqa: E402
from helpers.measure import measure_corpus  # noqa: E402

CATEGORIES = ["loaded_terms", "hedges", "boosters", "anonymous_sourcing", "reporting_verbs"]
SEGMENT_COLUMNS = ["article_id", "segment_index", "segment", "start", "end", "text", "line_first", "line_last"]


def _corpus(n, outlets, events, words=70, **change):
    c = generate_corpus(n, outlets=outlets, events=events, words_per_article=words, seed=3)
    return c.assign(**change) if change else c


# shape -> (corpus, lexicon filter)
SHAPES = {
    "two_outlets_two_events": lambda: (_corpus(4, 2, 2), None),
    "no_loaded_terms": lambda: (_corpus(4, 2, 2), lambda lex: lex[lex["category"] != "loaded_terms"]),
    "no_hits_at_all": lambda: (_corpus(4, 2, 2), lambda lex: lex.iloc[:1].assign(entry="zzqxv")),
    "one_group": lambda: (_corpus(3, 1, 3), None),
    "one_event": lambda: (_corpus(4, 2, 1), None),
    "one_article_per_group": lambda: (_corpus(3, 3, 1), None),
    "articles_of_one_line": lambda: (_corpus(4, 2, 2).assign(text=lambda d: d["text"].str.replace("\n\n", " ")),
                                     None),
    "missing_titles_and_dates": lambda: (_corpus(4, 2, 2, title="", published=""), None),
    "no_articles": lambda: (_corpus(0, 1, 1), None),
}


def measured(shape, lexicon, cues):
    corpus, lex_filter = SHAPES[shape]()
    segments = corpus_segments(corpus) if len(corpus) else pd.DataFrame(columns=SEGMENT_COLUMNS)
    articles = corpus.drop(columns=["text"])
    m = measure_corpus(segments, articles, lex_filter(lexicon) if lex_filter else lexicon, cues)
    return articles, segments, m


def run_notebooks(articles, segments, m, n_boot=30):
    """The calls of notebooks 03 and 02, in order: {figure name: (fig, data)}, {prose name: text}."""
    figures, prose = {}, {}
    order = compare.ordered_outlets(articles["outlet"])
    prose["sample"] = compare.sample_size_note(articles)
    rates = compare.category_rates(m.hits, m.sentences, articles, quotes=m.quotes, categories=CATEGORIES,
                                   n_boot=n_boot, seed=0)
    figures["rates_by_outlet_and_voice"] = present.plot_category_rates(rates, categories=CATEGORIES,
                                                                       outlet_order=order)
    prose["rates"] = present.describe_rates(rates, CATEGORIES, voice="own")
    f = m.features
    by_event = compare.category_rates(f[f["segment_group"] == "all"], None, articles, categories=CATEGORIES,
                                      by_event=True, n_boot=n_boot, seed=0)
    figures["rates_by_event"] = present.plot_category_rates(by_event, categories=CATEGORIES, outlet_order=order)
    paired = compare.paired_comparisons(m.features, categories=CATEGORIES, voice="own", outlet_order=order,
                                        n_boot=n_boot)
    prose["paired"] = present.describe_paired(paired, CATEGORIES)
    figures["loaded_terms_by_outlet"] = present.plot_term_heatmap(m.hits, m.article_features,
                                                                  category="loaded_terms", outlet_order=order)
    figures["naming_forms_by_outlet"] = present.plot_term_heatmap(m.hits, m.article_features, category="naming",
                                                                  outlet_order=order)
    shares = compare.naming_shares(m.naming)
    figures["actor_naming_shares"] = present.plot_naming_shares(shares, outlet_order=order)
    prose["naming"] = present.describe_naming(shares)
    profile = compare.source_profile(m.quotes, m.article_features, articles)
    figures["sources_and_reporting_verbs"] = present.plot_source_profile(profile, outlet_order=order)
    prose["sources"] = present.describe_sources(profile)
    ids = compare.map_articles(articles, 40, outlet_order=order)
    map_data = compare.framing_map_data(m.sentences, m.hits, m.quotes, articles, article_ids=ids)
    figures["framing_map"] = present.plot_framing_map(map_data, outlet_order=order, of_articles=len(articles))
    hvb = compare.headline_vs_body(m.features)
    figures["headline_vs_body"] = present.plot_headline_vs_body(hvb, categories=CATEGORIES, outlet_order=order)
    prose["headlines"] = present.describe_headline_markers(m.hits, articles, CATEGORIES + ["naming"],
                                                           outlet_order=order)
    counts = compare.term_counts(segments, articles)
    terms = compare.distinctive_terms(counts, mode="pairwise" if len(order) <= 4 else "one_vs_rest",
                                      outlet_order=order)
    figures["distinctive_terms"] = present.plot_distinctive_terms(terms, top_n=12, outlet_order=order)
    prose["distinctive"] = present.describe_distinctive(terms)
    _, summary = compare.align_content(m.sentences, segments, articles)
    figures["shared_vs_unique_content"] = present.plot_content_alignment(summary, outlet_order=order)
    # notebook 02
    texts = assemble_texts(segments)
    present.check_hits(m.hits, texts)
    present.hits_by_voice(m.features)
    for category in CATEGORIES + ["naming"]:
        prose[f"kwic {category}"] = present.kwic_html(present.kwic(m.hits, texts, category=category,
                                                                   articles=articles, limit=40))
    present.article_feature_view(m.article_features)
    return figures, prose


def _unavailable(data) -> str | None:
    """The reason of a figure drawn by present.unavailable_figure, else None."""
    return data["reason"].iloc[0] if list(data.columns) == present.UNAVAILABLE_COLUMNS else None


# what each shape cannot show: figure -> words its reason must contain
EXPECTED_UNAVAILABLE = {
    "no_loaded_terms": {"loaded_terms_by_outlet": "No loaded terms in this corpus"},
    "no_hits_at_all": {"loaded_terms_by_outlet": "No loaded terms", "naming_forms_by_outlet": "No naming",
                       "actor_naming_shares": "No actor"},
    "one_group": {"distinctive_terms": "this corpus has one outlet (The Morning Ledger)",
                  "shared_vs_unique_content": "this corpus has one outlet (The Morning Ledger)"},
    "no_articles": {name: "" for name in [
        "rates_by_outlet_and_voice", "rates_by_event", "loaded_terms_by_outlet", "naming_forms_by_outlet",
        "actor_naming_shares", "sources_and_reporting_verbs", "framing_map", "headline_vs_body",
        "distinctive_terms", "shared_vs_unique_content"]},
}
EXPECTED_PROSE = {
    "one_group": {"paired": "no outlet pairs to compare (fewer than two outlets",
                  "distinctive": "No distinctive terms", "sample": "With one outlet, nothing can be compared"},
    "one_event": {"paired": "no outlet pair shares two or more events"},
    "one_article_per_group": {"paired": "no outlet pair shares two or more events"},
    "no_hits_at_all": {"naming": "No naming choices to describe"},
    "no_articles": {"sample": "No articles to compare", "rates": "No rates to describe",
                    "naming": "No naming choices", "sources": "No sources", "headlines": "No headlines",
                    "distinctive": "No distinctive terms", "paired": "fewer than two outlets"},
    "two_outlets_two_events": {"paired": "of 1 outlet pair sharing ≥ 2 events"},
}


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize("shape", list(SHAPES))
def test_notebook_calls_survive_every_corpus_shape(shape, seed_lexicon, seed_cues, tmp_path):
    articles, segments, m = measured(shape, seed_lexicon, seed_cues)
    figures, prose = run_notebooks(articles, segments, m)
    for name, text in prose.items():
        assert isinstance(text, str) and text.strip(), (shape, name)
        assert "nan" not in text.replace("nance", "").split(), (shape, name, text)   # no NaN numbers in prose
    expected = EXPECTED_UNAVAILABLE.get(shape, {})
    for name, (fig, data) in figures.items():
        reason = _unavailable(data)
        if name in expected:
            assert reason is not None and expected[name] in reason, (shape, name, reason)
            # the reason is drawn in the figure's body, and PNG + SVG + CSV are written
            assert any(reason[:40] in " ".join(t.get_text().split()) for ax in fig.axes for t in ax.texts)
            saved = present.save_figure(fig, name, data, tmp_path)
            assert all(p.stat().st_size > 0 for p in saved.values())
            assert pd.read_csv(saved["csv"])["reason"].iloc[0] == reason
        else:
            assert reason is None, (shape, name, reason)   # a comparison that can be made is drawn
            assert len(data), (shape, name)
    for name, words in EXPECTED_PROSE.get(shape, {}).items():
        assert words in prose[name], (shape, name, prose[name])


@pytest.mark.slow
# one group, one-line articles and 50 groups save every figure end to end in tests/run/test_run_shapes.py
@pytest.mark.parametrize("shape", ["no_hits_at_all", "no_articles"])
def test_every_figure_of_every_shape_saves(shape, seed_lexicon, seed_cues, tmp_path):
    """Drawing and saving is where layout errors surface: every figure, PNG + SVG + CSV."""
    figures, _ = run_notebooks(*measured(shape, seed_lexicon, seed_cues))
    for name, (fig, data) in figures.items():
        saved = present.save_figure(fig, name, data, tmp_path)
        assert all(p.stat().st_size > 0 for p in saved.values()), (shape, name)
        plt.close(fig)


@pytest.mark.slow
def test_distinctive_terms_figure_files_stay_small_on_5000_articles(tmp_path):
    """The figure draws the top terms only, so its files do not grow with the
    vocabulary (the SVG was 83 MB on 35 real articles when every term was drawn);
    the CSV keeps every term. Sizes, not times."""
    corpus = generate_corpus(5000, outlets=6, events=10, seed=1)
    segments, articles = corpus_segments(corpus), corpus.drop(columns=["text"])
    counts = compare.term_counts(segments, articles)
    order = compare.ordered_outlets(articles["outlet"])
    for mode in ("pairwise", "one_vs_rest"):
        terms = compare.distinctive_terms(counts, mode=mode, outlet_order=order)
        fig, data = present.plot_distinctive_terms(terms, top_n=12, outlet_order=order)
        saved = present.save_figure(fig, f"distinctive_{mode}", data, tmp_path)
        plt.close(fig)
        sizes = {k: p.stat().st_size for k, p in saved.items()}
        assert sizes["png"] < 5 * 2**20 and sizes["svg"] < 5 * 2**20, sizes
        panels = data.groupby(["outlet_a", "outlet_b"])
        assert len(data) == sum(len(terms[(terms.outlet_a == a) & (terms.outlet_b == b)]) for a, b in panels.groups)
        assert panels["shown"].sum().max() <= 200 + 24 and (~data["shown"]).any()   # drawn: a bounded few
