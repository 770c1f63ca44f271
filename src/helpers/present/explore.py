"""The framing explorer: one self-contained, offline HTML page per corpus.

The page is the reading companion to the notebooks' tables: click a category,
a lexicon entry or an actor and read every keyword-in-context line behind the
number, then open the article with all markers highlighted. This follows the
"click a term, see the snippets" design of scattertext (Kessler 2017,
*Scattertext: a browser-based tool for visualizing how corpora differ*, ACL
System Demonstrations), but everything (data, script, style) is inlined so the
page works from disk with no network and no server.

Data flow: the processed tables (``segments``, ``hits``, ``article_features``;
``quotes`` when present), read by :mod:`helpers.run.explorer`, become one
compact, columnar JSON payload embedded in a ``<script type="application/json">``
tag (:func:`build_explorer_html`; pure: tables in, page text out).
The page's JavaScript computes every count from the same hit rows that
``helpers.measure.features`` counts, so the page's numbers equal ``features.csv`` for
the same filters (:func:`payload_counts` is the Python twin used by the tests).

Article text is only ever inserted with ``textContent`` / text nodes, and
``<`` is escaped as ``\\u003c`` inside the JSON, so article text can neither
close the data tag nor run as HTML.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd

from ..clean import assemble_texts
from ..compare import ordered_outlets
from ..core.errors import FramingError
from .labels import category_name, category_styles, display_name

# Segment kinds -> the segment groups of features.csv.
SEGMENT_GROUPS = {"headline": "headline_lede", "lede": "headline_lede", "body": "body",
                  "caption": "caption", "embed": "caption", "footnote": "footnote"}
GROUP_ORDER = ["headline_lede", "body", "caption", "footnote"]
CATEGORY_ORDER = ["loaded_terms", "hedges", "boosters", "reporting_verbs",
                  "anonymous_sourcing", "naming"]
NAMING_CATEGORY = "naming"
DEFAULT_MAX_ARTICLES = 2000

REQUIRED_TABLES = {
    "segments": ["article_id", "segment_index", "segment", "start", "end", "text"],
    "hits": ["article_id", "segment", "start", "end", "matched", "category", "subcategory",
             "entry", "in_quote"],
    "article_features": ["article_id", "outlet", "event"],
}
OPTIONAL_TABLES = {"quotes": ["article_id", "quote_index", "start", "end", "speaker"]}


def checked_clean_texts(segments: pd.DataFrame) -> pd.Series:
    """article_id -> clean text, as :func:`helpers.clean.cleaning.assemble_texts`
    joins it, after checking ``clean_text[start:end] == text`` for every segment,
    so offsets in the other tables can be trusted."""
    texts = assemble_texts(segments).to_dict()
    rows = zip(range(1, len(segments) + 1), segments["article_id"].astype(str),
               segments["start"].astype(int), segments["end"].astype(int), segments["text"].astype(str))
    for row_no, aid, start, end, text in rows:
        if texts[aid][start:end] != text:
            raise FramingError("segment offsets do not slice back to its text", path="segments.csv",
                               row=row_no, fix="re-run the cleaning stage (helpers.clean.cleaning)")
    return pd.Series(texts, dtype=object)


def check_hits(hits: pd.DataFrame, texts: pd.Series | dict[str, str]) -> None:
    """Refuse hits whose offsets do not slice ``matched`` out of the clean text."""
    texts = dict(texts)  # plain dict lookups: this runs once per hit
    for row_no, (aid, start, end, matched) in enumerate(
            zip(hits["article_id"].astype(str), hits["start"], hits["end"], hits["matched"].astype(str)), 1):
        text = texts.get(aid)
        if text is None:
            raise FramingError(f"article {aid!r} has hits but no segments", path="hits.csv",
                               row=row_no, fix="re-run the matching stage on the current segments")
        if text[int(start):int(end)] != matched:
            raise FramingError(f"hit {matched!r} does not match the clean text at {start}:{end}",
                               path="hits.csv", row=row_no,
                               fix="re-run the matching stage on the current segments")


def sample_articles(article_ids: list[str], max_articles: int) -> list[str]:
    """A deterministic sample of at most ``max_articles`` ids, in sorted order.

    Articles are ranked by the SHA-256 of their id, so the sample does not
    depend on row order and is stable across runs and machines.
    """
    ids = sorted(set(article_ids))
    if len(ids) <= max_articles:
        return ids
    ranked = sorted(ids, key=lambda a: hashlib.sha256(a.encode("utf-8")).hexdigest())
    return sorted(ranked[:max_articles])


def to_utf16_offsets(text: str, offsets: np.ndarray) -> np.ndarray:
    """Map code-point offsets (Python) to UTF-16 offsets (JavaScript strings).

    Characters outside the Basic Multilingual Plane (emoji, some scripts) are
    one code point but two UTF-16 units, so offsets after them shift.
    """
    offsets = np.asarray(offsets, dtype=np.int64)
    if len(text.encode("utf-16-le")) == 2 * len(text):
        return offsets
    astral = np.fromiter((ord(c) > 0xFFFF for c in text), dtype=np.int64, count=len(text))
    shift = np.concatenate([[0], np.cumsum(astral)])
    return offsets + shift[offsets]


def _codes(values: pd.Series, vocab: list[str]) -> list[int]:
    index = {v: i for i, v in enumerate(vocab)}
    return [index[v] for v in values.astype(str)]


def _as_bool(values: pd.Series) -> pd.Series:
    return values.astype(str).str.lower().isin(["true", "1"])


def explorer_payload(tables: dict[str, pd.DataFrame], *, title: str,
                     max_articles: int = DEFAULT_MAX_ARTICLES,
                     names: dict[str, dict[str, str]] | None = None) -> dict[str, Any]:
    """The page's data: columnar arrays with repeated strings stored once.

    ``names``: display names from the study's data, ``{"actors": {id: name},
    "events": {id: label}}`` (:func:`helpers.run.labels.study_names`); ids
    without one are shown by :func:`~helpers.present.labels.display_name`.

    Articles beyond ``max_articles`` are left out by :func:`sample_articles`;
    the payload records both numbers so the page can say it holds a sample.
    Offsets are converted to UTF-16 so they index JavaScript strings directly.
    """
    if max_articles < 1:
        raise FramingError(f"max_articles must be at least 1, got {max_articles}",
                           fix="pass a positive number of articles")
    meta = tables["article_features"].copy()
    meta["article_id"] = meta["article_id"].astype(str)
    segments = tables["segments"].copy()
    segments["article_id"] = segments["article_id"].astype(str)
    hits = tables["hits"].copy()
    hits["article_id"] = hits["article_id"].astype(str)
    quotes = tables.get("quotes", pd.DataFrame(columns=OPTIONAL_TABLES["quotes"])).copy()
    quotes["article_id"] = quotes["article_id"].astype(str)

    unknown_kinds = sorted(set(segments["segment"].astype(str)) - set(SEGMENT_GROUPS))
    if unknown_kinds:
        raise FramingError(f"unknown segment kind(s) {', '.join(unknown_kinds)}", path="segments.csv",
                           fix=f"use one of {', '.join(SEGMENT_GROUPS)}")
    texts = checked_clean_texts(segments).to_dict()
    check_hits(hits, texts)
    orphans = sorted(set(texts) - set(meta["article_id"]))
    if orphans:
        raise FramingError(f"article {orphans[0]!r} has segments but no row", path="article_features.csv",
                           fix="re-run the features stage (helpers.measure.features)")

    total = int(meta["article_id"].nunique())
    keep = sample_articles(meta["article_id"].tolist(), max_articles)
    keep_set = set(keep)
    meta = meta.drop_duplicates("article_id").set_index("article_id").loc[keep].reset_index()
    segments = segments[segments["article_id"].isin(keep_set)]
    hits = hits[hits["article_id"].isin(keep_set)]
    quotes = quotes[quotes["article_id"].isin(keep_set)]

    outlets = sorted(set(meta["outlet"].astype(str)))
    events = sorted(set(meta["event"].astype(str)))
    # embedded posts are listed only when the corpus has some (pages without them are unchanged)
    kinds = [k for k in SEGMENT_GROUPS if k != "embed" or bool((segments["segment"] == "embed").any())]
    # the one display-order rule, as for outlets: the known order first, then the rest sorted
    categories = ordered_outlets(hits["category"], CATEGORY_ORDER)
    labels = sorted(set(hits["entry"].astype(str)) | set(hits["subcategory"].astype(str))
                    | set(quotes["speaker"].astype(str)))
    article_index = {aid: i for i, aid in enumerate(keep)}

    headlines = (segments[segments["segment"] == "headline"].sort_values(["article_id", "segment_index"])
                 .drop_duplicates("article_id").set_index("article_id")["text"].astype(str))
    article_texts = [texts.get(aid, "") for aid in keep]

    segments = segments.sort_values(["article_id", "segment_index"], kind="stable")
    hits = hits.sort_values(["article_id", "start", "end"], kind="stable")
    quotes = quotes.sort_values(["article_id", "start"], kind="stable")

    shifts: dict[str, np.ndarray | None] = {}

    def offsets(df: pd.DataFrame, columns: list[str]) -> dict[str, list[int]]:
        """UTF-16 versions of ``columns``; only articles with astral characters need a shift table."""
        out: dict[str, list[int]] = {c: [] for c in columns}
        ids = df["article_id"].tolist()
        for c in columns:
            for aid, value in zip(ids, df[c].astype(int).tolist()):
                if aid not in shifts:
                    text = texts.get(aid, "")
                    shifts[aid] = (None if len(text.encode("utf-16-le")) == 2 * len(text)
                                   else to_utf16_offsets(text, np.arange(len(text) + 1)))
                table = shifts[aid]
                out[c].append(value if table is None else int(table[value]))
        return out

    seg_off = offsets(segments, ["start", "end"])
    hit_off = offsets(hits, ["start", "end"])
    quote_off = offsets(quotes, ["start", "end"])
    names = names or {}
    actor_codes = sorted({labels.index(x) for x in hits.loc[hits["category"].astype(str) == NAMING_CATEGORY,
                                                             "subcategory"].astype(str)})
    return {
        "format": 2,
        "category_labels": [category_name(c) for c in categories],
        "category_style": category_styles(categories),
        "actor_labels": {str(k): display_name(labels[k], names.get("actors")) for k in actor_codes},
        "event_labels": [display_name(e, names.get("events")) if names.get("events", {}).get(e) else e
                         for e in events],
        "title": title,
        "articles_total": total,
        "articles_shown": len(keep),
        "outlets": outlets,
        "events": events,
        "segment_kinds": kinds,
        "segment_groups": GROUP_ORDER,
        "kind_group": [GROUP_ORDER.index(SEGMENT_GROUPS[k]) for k in kinds],
        "categories": categories,
        "naming_category": NAMING_CATEGORY,
        "labels": labels,
        "articles": {
            "id": keep,
            "outlet": _codes(meta["outlet"], outlets),
            "event": _codes(meta["event"], events),
            "title": [headlines.get(aid, aid) for aid in keep],
            "text": article_texts,
        },
        "segments": {
            "article": [article_index[a] for a in segments["article_id"]],
            "kind": _codes(segments["segment"], kinds),
            **seg_off,
        },
        "hits": {
            "article": [article_index[a] for a in hits["article_id"]],
            "kind": _codes(hits["segment"], kinds),
            **hit_off,
            "category": _codes(hits["category"], categories),
            "sub": _codes(hits["subcategory"], labels),
            "entry": _codes(hits["entry"], labels),
            "quoted": [int(b) for b in _as_bool(hits["in_quote"])],
        },
        "quotes": {
            "article": [article_index[a] for a in quotes["article_id"]],
            **quote_off,
            "speaker": _codes(quotes["speaker"], labels),
        },
    }


def payload_hit_table(payload: dict[str, Any]) -> pd.DataFrame:
    """The payload's hit rows as a table: outlet, event, group, voice, category, entry, actor."""
    h, a = payload["hits"], payload["articles"]
    article = np.asarray(h["article"], dtype=np.int64)

    def decode(vocab: list[str], codes: Any) -> np.ndarray:
        return np.asarray(vocab, dtype=object)[np.asarray(codes, dtype=np.int64)] if len(codes) else \
            np.empty(0, dtype=object)

    groups = [payload["segment_groups"][g] for g in payload["kind_group"]]
    return pd.DataFrame({
        "outlet": decode(payload["outlets"], np.asarray(a["outlet"], dtype=np.int64)[article]),
        "event": decode(payload["events"], np.asarray(a["event"], dtype=np.int64)[article]),
        "group": decode(groups, h["kind"]),
        "voice": np.where(np.asarray(h["quoted"], dtype=bool), "quoted", "own"),
        "category": decode(payload["categories"], h["category"]),
        "entry": decode(payload["labels"], h["entry"]),
        "actor": decode(payload["labels"], h["sub"]),
    })


def payload_counts(payload: dict[str, Any] | pd.DataFrame, *, outlet: str | None = None,
                   event: str | None = None, segment_group: str | None = None, voice: str | None = None,
                   by: str = "category", naming_category: str = NAMING_CATEGORY) -> pd.DataFrame:
    """Counts the page shows, computed in Python from the payload's hit rows.

    The twin of the page's ``countHits``: filters by outlet, event, segment
    group and voice (``own`` / ``quoted``; ``None`` or ``all`` = both) and
    counts hits per outlet and ``by`` (``category``, ``entry`` -> category and
    entry, or ``actor`` -> actor for naming hits). ``payload`` may also be
    :func:`payload_hit_table` of it (faster when counting many filters).
    Columns: outlet, the key column(s), count.
    """
    df = payload_hit_table(payload) if isinstance(payload, dict) else payload
    keep = np.ones(len(df), dtype=bool)
    for column, value in (("outlet", outlet), ("event", event), ("group", segment_group), ("voice", voice)):
        if value not in (None, "all"):
            keep &= (df[column] == value).to_numpy()
    keys = {"category": ["category"], "entry": ["category", "entry"], "actor": ["actor"]}[by]
    if by == "actor":
        keep &= (df["category"] == naming_category).to_numpy()
    return (df[keep].groupby(["outlet", *keys]).size().rename("count").reset_index()
            .sort_values(["outlet", *keys]).reset_index(drop=True))


def embed_json(payload: dict[str, Any]) -> str:
    """JSON safe inside a ``<script>`` element: ``<``, ``>`` and ``&`` as \\u escapes.

    Escaping ``<`` means no article text can form ``</script>`` or ``<!--``;
    JSON.parse reads the escapes back as the original characters.
    """
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def load_template(name: str) -> str:
    """A file from ``helpers/present/templates`` (package data)."""
    return resources.files("helpers.present").joinpath("templates", name).read_text(encoding="utf-8")


_SLOT = re.compile(r"/\*@(TITLE|CSS|JS|DATA)@\*/")


def render_page(payload: dict[str, Any], *, template: str, css: str, js: str) -> str:
    """Fill the template's ``/*@NAME@*/`` slots in one pass (no slot text can be re-expanded)."""
    if "</script" in js.lower() or "</style" in css.lower():
        raise FramingError("the explorer script or style closes its own tag",
                           path="helpers/templates", fix="remove the closing tag from the .js/.css file")
    values = {"TITLE": html.escape(payload["title"]), "CSS": css, "JS": js, "DATA": embed_json(payload)}
    return _SLOT.sub(lambda m: values[m.group(1)], template)


CANDIDATE_VIEW = {  # candidate file -> (heading, the columns the view shows besides the tick box)
    "actors.csv": ("Candidate actors and their names", ["actor", "form", "kind", "count", "groups", "example"]),
    "loaded_terms.csv": ("Candidate loaded terms", ["event", "rank", "term", "group", "count", "groups", "z",
                                                    "valence", "modifies", "example"]),
}


def candidates_payload(tables: dict[str, pd.DataFrame], *, study: str, folder: str,
                       marks) -> dict[str, Any]:
    """The candidates view's data: every column and row of each candidate file (read as
    text, so the export writes back the same values), the columns shown, the study name
    and folder for the instructions, and ``marks``: the accept values that count as
    ticked (``helpers.run.discover.ACCEPT_MARKS``)."""
    out = []
    for fname, df in tables.items():
        if "accept" not in df.columns:
            raise FramingError("no accept column", path=f"{folder}/{fname}",
                               fix=f"rerun `framing discover {study}`")
        title, show = CANDIDATE_VIEW.get(fname, (fname, []))
        out.append({"file": fname, "title": title, "columns": [str(c) for c in df.columns],
                    "show": [c for c in show if c in df.columns] or [str(c) for c in df.columns if c != "accept"],
                    "rows": df.astype(str).to_numpy().tolist()})
    return {"study": study, "folder": folder, "marks": sorted(marks), "tables": out}


def build_explorer_html(tables: dict[str, pd.DataFrame], *, title: str,
                        max_articles: int = DEFAULT_MAX_ARTICLES,
                        names: dict[str, dict[str, str]] | None = None,
                        candidates: dict[str, Any] | None = None) -> str:
    """The explorer page for ``tables`` (the :data:`REQUIRED_TABLES`, and
    :data:`OPTIONAL_TABLES` when there); deterministic: same tables, same bytes.
    ``names``: display names of actors and events (:func:`explorer_payload`).
    ``candidates`` (:func:`candidates_payload`) adds the candidates view; a page
    without candidates is the same bytes as before the view existed."""
    payload = explorer_payload(tables, title=title, max_articles=max_articles, names=names)
    css, js = load_template("explorer.css"), load_template("explorer.js")
    if candidates is not None:
        view = load_template("candidates.js").replace("/*@CANDIDATES@*/", embed_json(candidates), 1)
        css, js = css + load_template("candidates.css"), js + view
    return render_page(payload, template=load_template("explorer.html"), css=css, js=js)
