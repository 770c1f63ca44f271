"""The figures of helpers.present (style.py and one module per figure family): palette,
byte-stable saving, every figure on small tables."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from helpers import compare, present
from helpers.core.errors import FramingError  # noqa: E402


# ------------------------------------------------------------------ fixture study

def make_study(outlets=("Sputnik", "The Times of Israel"), events=("e1",), n_sent=6, seed=0):
    """Small consistent processed tables for ``len(outlets) x len(events)`` articles."""
    rng = np.random.default_rng(seed)
    arts, sents, hits, quotes, naming, segs, feats = [], [], [], [], [], [], []
    words = ["iran", "missile", "militia", "regime", "said", "officials", "tehran", "iraq",
             "backup", "attack", "reportedly", "claimed", "allies", "proxies", "weapons"]
    for ev in events:
        for k, o in enumerate(outlets):
            aid = f"{ev}_{k}"
            arts.append((aid, o, ev))
            pos = 0
            for i in range(n_sent):
                toks = list(rng.choice(words, size=8)) + ([f"only{k}"] if i % 2 else ["shared"])
                text = " ".join(toks) + "."
                segs.append((aid, i, "headline" if i == 0 else "body", pos, pos + len(text), text))
                sents.append((aid, i, "headline" if i == 0 else "body", i, pos, pos + len(text), len(toks)))
                for j, cat in enumerate(("hedges", "loaded_terms", "anonymous_sourcing")):
                    for _ in range(int(rng.integers(0, 2 + k))):
                        hits.append((aid, "body", i, i, pos, pos + 4, toks[0], "lex", cat, "", toks[j],
                                     bool(rng.integers(0, 2)), ""))
                if i % 3 == 1:
                    quotes.append((aid, len([q for q in quotes if q[0] == aid]), pos + 2, pos + 20, text[2:20],
                                   "body", i, "someone", "", "", ["named_person", "anonymous",
                                                                   "unattributed"][i % 3 + k % 2],
                                   "said", "neutral", 3))
                pos += len(text) + 2
            for form, n in (("Iran", 5 + k), ("Tehran", 2 * k + 1), ("the regime", k)):
                naming.append((aid, o, ev, "iran", form, n))
    articles = pd.DataFrame(arts, columns=["article_id", "outlet", "event"])
    sentences = pd.DataFrame(sents, columns=["article_id", "sentence_index", "segment", "segment_index",
                                             "start", "end", "n_tokens"])
    hits = pd.DataFrame(hits, columns=["article_id", "segment", "segment_index", "sentence_index", "start",
                                       "end", "matched", "lexicon", "category", "subcategory", "entry",
                                       "in_quote", "quote_index"])
    quotes = pd.DataFrame(quotes, columns=["article_id", "quote_index", "start", "end", "text", "segment",
                                           "sentence_index", "speaker", "speaker_start", "speaker_end",
                                           "speaker_class", "verb", "verb_class", "n_tokens"])
    naming = pd.DataFrame(naming, columns=["article_id", "outlet", "event", "actor", "surface_form", "count"])
    segments = pd.DataFrame(segs, columns=["article_id", "segment_index", "segment", "start", "end", "text"])
    af = sentences.groupby("article_id")["n_tokens"].sum().rename("n_tokens").reset_index()
    af = af.merge(articles, on="article_id")
    af["quoted_token_share"] = 0.1
    af["verbs_neutral"], af["verbs_evaluative"] = 3, 1
    for ev, g in hits.merge(articles, on="article_id").groupby(["article_id", "category"]):
        pass
    for a in articles.itertuples():
        tok = int(af.set_index("article_id").loc[a.article_id, "n_tokens"])
        for cat in ("hedges", "loaded_terms"):
            n = int(((hits.article_id == a.article_id) & (hits.category == cat)).sum())
            for sg, share in (("headline_lede", 0.2), ("body", 0.8), ("all", 1.0)):
                feats.append((a.article_id, a.outlet, a.event, sg, "all", cat, round(n * share),
                              round(tok * share)))
    features = pd.DataFrame(feats, columns=["article_id", "outlet", "event", "segment_group", "voice",
                                            "category", "count", "tokens"])
    return dict(articles=articles, sentences=sentences, hits=hits, quotes=quotes, naming=naming,
                segments=segments, article_features=af, features=features)


def all_figures(study, only=None, **kw):
    """(name, fig, data) for every figure function (or those named in ``only``)."""
    s = study

    def rates():
        r = compare.category_rates(s["hits"], s["sentences"], s["articles"], quotes=s["quotes"], n_boot=50)
        return present.plot_category_rates(r, **kw)

    def terms(mode):
        tc = compare.term_counts(s["segments"], s["articles"])
        return present.plot_distinctive_terms(compare.distinctive_terms(tc, mode=mode), top_n=5, **kw)

    builders = {
        "rates": rates,
        "loaded": lambda: present.plot_term_heatmap(s["hits"], s["article_features"], top_n=5, **kw),
        "naming": lambda: present.plot_naming_shares(compare.naming_shares(s["naming"]), **kw),
        "sources": lambda: present.plot_source_profile(
            compare.source_profile(s["quotes"], s["article_features"], s["articles"]), **kw),
        "map": lambda: present.plot_framing_map(
            compare.framing_map_data(s["sentences"], s["hits"], s["quotes"], s["articles"]), **kw),
        "terms": lambda: terms("pairwise"),
        "terms_rest": lambda: terms("one_vs_rest"),
        "content": lambda: present.plot_content_alignment(
            compare.align_content(s["sentences"], s["segments"], s["articles"])[1], **kw),
        "headline": lambda: present.plot_headline_vs_body(compare.headline_vs_body(s["features"]), **kw),
    }
    return [(name, *build()) for name, build in builders.items() if only is None or name in only]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ------------------------------------------------------------------ palette

def test_palette_is_stable_and_ordered():
    p1 = present.outlet_palette(["Sputnik", "The Times of Israel"])
    p2 = present.outlet_palette(["The Times of Israel", "Sputnik", "Sputnik"])
    assert p1 == p2 and p1["Sputnik"] == present.OKABE_ITO[0]
    p3 = present.outlet_palette(["Sputnik", "The Times of Israel"], order=["The Times of Israel", "Sputnik"])
    assert p3["The Times of Israel"] == present.OKABE_ITO[0] and p3["Sputnik"] == present.OKABE_ITO[1]
    many = present.outlet_palette([f"outlet {i:02d}" for i in range(30)])
    names = sorted(many)
    # the first ten distinct, the rest one grey (told apart by their labels)
    assert len({many[o] for o in names[:10]}) == 10
    assert {many[o] for o in names[10:]} == {present.OTHER_OUTLETS}
    assert present.OTHER_OUTLETS not in [many[o] for o in names[:10]]


# ------------------------------------------------------------------ byte stability

def test_house_style_svg_names_its_font_and_close_fallbacks():
    import matplotlib as mpl

    with mpl.rc_context():  # apply_style changes the process's rc: put it back
        present.apply_style()
        fig, ax = plt.subplots()
        ax.set_title("Tehran")
        svg = present.figure_bytes(fig)["svg"]
    assert b"font-family: 'DejaVu Sans', 'Bitstream Vera Sans', 'Verdana', sans-serif" in svg
    assert b">Tehran</text>" in svg


def test_save_figure_is_byte_stable_and_skips_identical(tmp_path):
    study = make_study()
    fig, data = present.plot_category_rates(
        compare.category_rates(study["hits"], study["sentences"], study["articles"], n_boot=20))
    paths = present.save_figure(fig, "rates", data, tmp_path)
    assert set(paths) == {"png", "svg", "csv"}
    first = {k: p.read_bytes() for k, p in paths.items()}
    mtimes = {k: p.stat().st_mtime_ns for k, p in paths.items()}
    assert b"<dc:date>" not in first["svg"] and b"Matplotlib v" not in first["png"]
    # the SVG's text is text a reader can select and search, set in the house font
    assert b">Framing markers per 1,000 tokens by outlet" in first["svg"]
    assert b"font-family: 'DejaVu Sans'," in first["svg"]
    present.save_figure(fig, "rates", data, tmp_path)
    assert {k: p.read_bytes() for k, p in paths.items()} == first
    assert {k: p.stat().st_mtime_ns for k, p in paths.items()} == mtimes  # not rewritten
    assert pd.read_csv(paths["csv"]).shape[0] == len(data)


def test_figures_identical_across_processes(tmp_path):
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(__import__('pathlib').Path(__file__).parent)!r})
        import matplotlib; matplotlib.use("Agg")
        from helpers import present
        from test_plots import make_study, all_figures
        present.apply_style()
        only = ("rates", "map", "terms")  # error bars, legend, patches, placed labels
        for name, fig, data in all_figures(make_study(outlets=("A", "B", "C")), only=only):
            present.save_figure(fig, name, data, sys.argv[1])
    """)
    outs = []
    for run in ("one", "two"):
        folder = tmp_path / run
        subprocess.run([sys.executable, "-c", script, str(folder)], check=True, timeout=300)
        outs.append({p.name: p.read_bytes() for p in sorted(folder.iterdir())})
    assert len(outs[0]) == 3 * 3
    assert outs[0].keys() == outs[1].keys()
    for name in outs[0]:
        assert outs[0][name] == outs[1][name], name


# ------------------------------------------------------------------ every figure renders

@pytest.mark.parametrize("outlets,events", [
    (("Sputnik", "The Times of Israel"), ("e1",)),
    (tuple(f"Outlet {i}" for i in range(5)), ("e1", "e2", "e3")),
])
def test_every_figure_renders_with_titles_and_labels(outlets, events):
    study = make_study(outlets=outlets, events=events, n_sent=4)
    present.apply_style()
    for name, fig, data in all_figures(study, outlet_order=list(outlets)):
        assert fig._suptitle is not None and len(fig._suptitle.get_text()) > 20, name
        visible = [ax for ax in fig.axes if ax.get_visible() and ax.get_label() != "<colorbar>"]
        # a panel sharing its x axis may leave the label to the panel that numbers it
        labelled = [ax.get_xlabel() or ax.get_ylabel()
                    or any(o.get_xlabel() for o in ax.get_shared_x_axes().get_siblings(ax))
                    for ax in visible if ax.has_data()]
        assert all(labelled), name
        assert isinstance(data, pd.DataFrame) and len(data) > 0, name
        if "outlet" in data.columns:
            assert set(data["outlet"]) <= set(outlets), name


def test_outlet_colours_follow_the_palette():
    study = make_study()
    order = ["The Times of Israel", "Sputnik"]
    fig, _ = present.plot_content_alignment(compare.align_content(
        study["sentences"], study["segments"], study["articles"])[1], outlet_order=order)
    pal = present.outlet_palette(order, order)
    ticks = fig.axes[0].get_xticklabels()  # the heatmap's outlet columns, named in the outlets' colours
    assert [t.get_text() for t in ticks] == order
    assert [matplotlib.colors.to_hex(t.get_color()) for t in ticks] == [
        matplotlib.colors.to_hex(present.text_colour(pal[o])) for o in order]


def test_heatmaps_name_the_compared_group():
    """A study comparing another column than the outlet (study.toml `group`) sees it named."""
    study = make_study()
    _, summary = compare.align_content(study["sentences"], study["segments"], study["articles"])
    fig, _ = present.plot_content_alignment(summary, unit="lean")
    assert fig.axes[0].get_xlabel() == "Lean"
    fig, _ = present.plot_term_heatmap(study["hits"], study["article_features"], unit="source_type")
    assert fig.axes[0].get_xlabel() == "Source type"


def test_many_outlets_render_and_cuts_are_noted():
    outlets = tuple(f"Outlet {i:02d}" for i in range(30))
    study = make_study(outlets=outlets, n_sent=3)
    fm = compare.framing_map_data(study["sentences"], study["hits"], study["quotes"], study["articles"])
    fig, data = present.plot_framing_map(fm, max_articles=12)
    assert data["article_id"].nunique() == 12
    assert any("Showing 12 of 30 articles" in " ".join(t.get_text().split()) for t in [fig._supxlabel])
    fig, data = present.plot_term_heatmap(study["hits"], study["article_features"], top_n=3)
    assert data["entry"].nunique() == 3 and data["outlet"].nunique() == 30
    tc = compare.term_counts(study["segments"], study["articles"])
    fig, data = present.plot_distinctive_terms(compare.distinctive_terms(tc, mode="one_vs_rest"), max_panels=6)
    assert data["outlet_a"].nunique() == 6
    assert any("Showing 6 of 30 panels" in " ".join(t.get_text().split()) for t in [fig._supxlabel])


def test_distinctive_labels_do_not_overlap():
    rng = np.random.default_rng(1)
    terms = pd.DataFrame({"outlet_a": "A", "outlet_b": "B", "term": [f"term{i}" for i in range(60)],
                          "frequency": rng.integers(1, 50, 60), "z": np.linspace(-4, 4, 60),
                          "delta": 0.0, "count_a": 1, "count_b": 1, "n_a": 10, "n_b": 10})
    fig, data = present.plot_distinctive_terms(terms, top_n=10)
    assert data["labelled"].sum() == 20
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in fig.axes[0].texts if t.get_text()]
    assert len(boxes) == 20
    overlaps = sum(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    assert overlaps == 0
    panel = fig.axes[0].get_window_extent(renderer)  # no label over the frame or the tick labels
    assert all(panel.x0 <= b.x0 and b.x1 <= panel.x1 and panel.y0 <= b.y0 and b.y1 <= panel.y1 for b in boxes)


def test_bad_pair_is_a_framing_error():
    terms = compare.distinctive_terms(pd.DataFrame({"outlet": ["A", "B"], "term": ["x", "y"], "count": [1, 2]}))
    with pytest.raises(FramingError):
        present.plot_distinctive_terms(terms, pair=("A", "Z"))


def test_rates_facet_by_event():
    study = make_study(outlets=("A", "B", "C"), events=("e1", "e2"), n_sent=3)
    rates = compare.category_rates(study["hits"], study["sentences"], study["articles"], quotes=study["quotes"],
                                   by_event=True, n_boot=20)
    assert set(rates["event"]) == {"e1", "e2"}
    fig, data = present.plot_category_rates(rates, categories=["hedges", "loaded_terms"], max_events=1)
    assert set(data["event"]) == {"e1"}
    assert len([ax for ax in fig.axes if ax.has_data()]) == 2
    assert "Showing 1 of 2 events" in " ".join(fig._supxlabel.get_text().split())


def test_light_outlet_colours_are_darkened_for_text():
    assert present.text_colour(present.OKABE_ITO[0]) == pytest.approx(matplotlib.colors.to_rgb(present.OKABE_ITO[0]))
    yellow = present.text_colour(present.OKABE_ITO[7])
    assert float(np.array(yellow) @ [0.299, 0.587, 0.114]) == pytest.approx(0.55)


def test_framing_map_one_event():
    study = make_study(outlets=("A", "B"), events=("e1", "e2"), n_sent=3)
    fm = compare.framing_map_data(study["sentences"], study["hits"], study["quotes"], study["articles"])
    fig, data = present.plot_framing_map(fm, events=["e2"])
    assert set(data["event"]) == {"e2"} and data["article_id"].nunique() == 2
    with pytest.raises(FramingError):
        present.plot_framing_map(fm, events=["nope"])
