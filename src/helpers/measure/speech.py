"""Quoted and reported speech of a corpus: the quotes and attributions tables.

One pass over the cleaned segments finds every quotation
(:mod:`helpers.measure.quotes`), every attribution
(:mod:`helpers.measure.attribution`, sources classed by
:mod:`helpers.measure.sources`) and joins each quotation to its attribution;
:func:`article_source_summary` reduces both tables to per-article counts.
``speaker`` holds the canonical speaker name; ``speaker_start`` /
``speaker_end`` the mention in the text (which may be ``he`` or a surname).
Offsets are into the article's clean text (segments joined by
``helpers.clean.cleaning.SEGMENT_SEPARATOR``).
"""

from __future__ import annotations

import bisect

import numpy as np
import pandas as pd

from ..clean import SEGMENT_SEPARATOR, assemble_texts
from .attribution import (VERB_CLASSES, Attribution, article_attributions, choose_attribution,
                          reporting_verb_classes, verb_hits)
from .codes import article_slices, run_codes, sorted_ids
from .cues import cue_hits
from .quotes import mask_quotes, quoted_segments
from .sentences import count_tokens_many, split_sentences
from .sources import SOURCE_CLASSES, SourceCues

QUOTE_COLUMNS = ["article_id", "quote_index", "start", "end", "text", "segment",
                 "sentence_index", "speaker", "speaker_start", "speaker_end",
                 "speaker_class", "verb", "verb_class", "n_tokens"]
ATTRIBUTION_COLUMNS = ["article_id", "attribution_index", "sentence_index", "segment",
                       "start", "end", "verb", "verb_class", "speaker", "speaker_start",
                       "speaker_end", "speaker_class", "in_quote", "cue_kind"]


def extract_quotes_and_attributions(segments: pd.DataFrame, lexicon: pd.DataFrame,
                                    cues: pd.DataFrame | SourceCues,
                                    *, sentences: pd.DataFrame | None = None,
                                    verbs_found: pd.DataFrame | None = None,
                                    cues_found: pd.DataFrame | None = None,
                                    texts: pd.Series | None = None
                                    ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Quotations (quotes.csv) and attributions (attributions.csv) in one pass.

    ``lexicon`` (``helpers.measure.lexicon.load_lexicons``) supplies the
    reporting verbs; ``cues`` are the source cues
    (:func:`helpers.measure.sources.load_source_cues` or its ``SourceCues``);
    ``sentences`` defaults to :func:`split_sentences`; ``verbs_found`` (article_id, start, end of
    reporting-verb hits, e.g. the matcher's hits of that category) to
    :func:`helpers.measure.attribution.verb_hits`; ``cues_found`` (article_id, start, end,
    kind of the listed cues, e.g. :func:`helpers.measure.cues.split_cue_hits` of the scan
    that found the lexicon's hits) to :func:`helpers.measure.cues.cue_hits`; ``texts`` (article_id -> clean text, as
    ``helpers.clean.cleaning.assemble_texts``) is joined from the segments when None.
    Rows come out in article_id order, index order within an article.
    """
    if not isinstance(cues, SourceCues):
        cues = SourceCues.from_frame(cues)
    if sentences is None:
        sentences = split_sentences(segments)
    verbs = reporting_verb_classes(lexicon)
    if segments.empty:
        return _quotes_table([], []), _attributions_table([], [], [], [])
    articles = sorted_ids(segments["article_id"])
    seg, seg_bounds = article_slices(segments, "segment_index", articles)
    sent, sent_bounds = article_slices(sentences, "sentence_index", articles)
    # plain lists sliced per article: much faster than a pandas groupby loop
    all_texts = seg["text"].tolist()
    all_starts = seg["start"].tolist()
    all_names = seg["segment"].tolist()
    sent_starts = sent["start"].tolist()
    sent_ends = sent["end"].tolist()
    sent_names = sent["segment"].tolist()
    if verbs_found is None:
        verbs_found = verb_hits(assemble_texts(seg) if texts is None else texts, lexicon)
    vf, vf_bounds = article_slices(verbs_found, "start", articles)
    vf_spans = list(zip(vf["start"].tolist(), vf["end"].tolist()))
    listed = cues_found if cues_found is not None else \
        cue_hits(assemble_texts(seg) if texts is None else texts, cues)
    lc, lc_bounds = article_slices(listed, "start", articles)
    lc_spans = list(zip(lc["start"].tolist(), lc["end"].tolist(), lc["kind"].tolist()))
    verb_cache: dict[str, str] = {}
    surface_cache: dict[str, tuple[str, str]] = {}
    bisect_right = bisect.bisect_right
    q_seg: list[str] = []
    # (article_id, quote_index, start, end, text, sentence, attribution)
    q_rows: list[tuple] = []
    attrs_all: list[Attribution] = []
    a_aid: list[str] = []
    a_idx: list[int] = []
    a_seg: list[str] = []
    if texts is not None and texts.index.equals(articles):
        clean_texts = texts.tolist()
    else:
        clean_texts = [SEGMENT_SEPARATOR.join(all_texts[a0:a1]) for a0, a1 in seg_bounds]
    # pass 1: the quotations of every article (offsets into its clean text)
    article_quotes: list[list[tuple[int, int]]] = [[] for _ in seg_bounds]
    article_of = np.repeat(np.arange(len(seg_bounds)),
                           [a1 - a0 for a0, a1 in seg_bounds]).tolist()
    for si, spans in quoted_segments(all_texts):
        st = all_starts[si]
        article_quotes[article_of[si]] += [(st + qs_, st + qe_) for qs_, qe_ in spans]
        q_seg += [all_names[si]] * len(spans)
    # pass 2: attributions, and the attribution of each quotation
    for ai_, aid in enumerate(articles.tolist()):
        b0, b1 = sent_bounds[ai_]
        ss, se = sent_starts[b0:b1], sent_ends[b0:b1]
        text = clean_texts[ai_]
        quotes = article_quotes[ai_]
        attrs = article_attributions(text, mask_quotes(text, quotes), ss, se, quotes,
                                     vf_spans[slice(*vf_bounds[ai_])], verbs, cues, verb_cache,
                                     surface_cache, lc_spans[slice(*lc_bounds[ai_])])
        if quotes:
            attr_pos = [a.pos for a in attrs]
            for qi, (qs, qe) in enumerate(quotes):
                k_start = bisect_right(ss, qs) - 1
                k_end = bisect_right(ss, max(qs, qe - 1)) - 1
                chosen = choose_attribution(attrs, attr_pos, qs, qe, k_start, k_end, text, ss, se)
                if chosen is not None:
                    chosen.in_quote = True
                q_rows.append((aid, qi, qs, qe, text[qs:qe], k_start, chosen))
        if attrs:
            n_sn = b1 - b0
            attrs_all += attrs
            a_aid += [aid] * len(attrs)
            a_idx += range(len(attrs))
            a_seg += [sent_names[b0 + a.sentence] if a.sentence < n_sn else "" for a in attrs]
    return _quotes_table(q_rows, q_seg), _attributions_table(attrs_all, a_aid, a_idx, a_seg)


def find_quotes(segments: pd.DataFrame, lexicon: pd.DataFrame, cues: pd.DataFrame | SourceCues,
                **kwargs) -> pd.DataFrame:
    """Direct quotations with speaker, reporting verb and source class (schema quotes.csv)."""
    return extract_quotes_and_attributions(segments, lexicon, cues, **kwargs)[0]


def find_attributions(segments: pd.DataFrame, lexicon: pd.DataFrame, cues: pd.DataFrame | SourceCues,
                      **kwargs) -> pd.DataFrame:
    """Every attribution (schema attributions.csv), with or without a direct quotation.

    ``in_quote`` is True when the attribution introduces a direct quotation
    (it then also appears in quotes.csv) and False for indirect attribution
    (``Reuters said``, ``X said that ...``, ``according to the report``,
    ``citing anonymous sources``).
    """
    return extract_quotes_and_attributions(segments, lexicon, cues, **kwargs)[1]


def article_source_summary(quotes: pd.DataFrame, attributions: pd.DataFrame,
                           sentences: pd.DataFrame) -> pd.DataFrame:
    """Per article: quoted_token_share, sources_<class>, verbs_<class>.

    ``sources_<class>``: distinct speakers (by class and canonical speaker name)
    over quotations and attributions; ``sources_unattributed`` is the number of
    quotations without a speaker. ``verbs_<class>``: attributions by the class
    of their reporting verb (``according to`` etc. count as neutral).
    ``quoted_token_share``: tokens inside quotations / tokens of the article.
    """
    ids = sorted_ids(sentences["article_id"])
    n = len(ids)

    def per_article(codes: np.ndarray, weights=None) -> np.ndarray:
        ok = codes >= 0
        w = None if weights is None else np.asarray(weights, dtype=float)[ok]
        return np.bincount(codes[ok], weights=w, minlength=n)

    s_codes = run_codes(sentences["article_id"], ids)
    n_tok = per_article(s_codes, sentences["n_tokens"].to_numpy()).astype(np.int64)
    q_codes = run_codes(quotes["article_id"], ids)
    q_tok = per_article(q_codes, quotes["n_tokens"].to_numpy()).astype(np.int64)
    out = pd.DataFrame({"article_id": ids.to_numpy(dtype=object)})
    with np.errstate(divide="ignore", invalid="ignore"):
        out["quoted_token_share"] = np.where(n_tok > 0, q_tok / np.maximum(n_tok, 1), np.nan)
    # distinct (article, class, lower-cased speaker) over quotations and attributions
    q_class = quotes["speaker_class"].to_numpy(dtype=object)
    named = q_class != "unattributed"
    a_codes = run_codes(attributions["article_id"], ids)
    codes = np.concatenate((q_codes[named], a_codes))
    classes = pd.Index(SOURCE_CLASSES[:3], dtype=object).get_indexer(
        np.concatenate((q_class[named], attributions["speaker_class"].to_numpy(dtype=object))))
    speakers = np.concatenate((quotes["speaker"].to_numpy(dtype=object)[named],
                               attributions["speaker"].to_numpy(dtype=object)))
    raw_codes, raw_uniques = pd.factorize(speakers)
    if len(raw_codes) and (raw_codes >= 0).all() and \
            all(isinstance(v, str) for v in raw_uniques.tolist()):
        # lower-case each distinct speaker once, then merge those equal in lower case
        low_codes, spk_uniques = pd.factorize(np.array([v.lower() for v in raw_uniques.tolist()],
                                                       dtype=object))
        spk_codes = low_codes[raw_codes]
    else:
        spk_codes, spk_uniques = pd.factorize(
            pd.Series([str(v).lower() for v in speakers.tolist()], dtype=object))
    ok = (codes >= 0) & (classes >= 0)
    key = (codes[ok] * 3 + classes[ok]) * max(len(spk_uniques), 1) + spk_codes[ok]
    pair = np.unique(key) // max(len(spk_uniques), 1)  # article * 3 + class, once per speaker
    distinct = np.bincount(pair, minlength=n * 3).reshape(n, 3)
    for k, cls in enumerate(SOURCE_CLASSES[:3]):
        out[f"sources_{cls}"] = distinct[:, k].astype("int64")
    out["sources_unattributed"] = per_article(q_codes[~named]).astype("int64")
    verb_class = pd.Index(VERB_CLASSES, dtype=object).get_indexer(
        attributions["verb_class"].to_numpy(dtype=object))
    ok = (a_codes >= 0) & (verb_class >= 0)
    verbs = np.bincount(a_codes[ok] * 2 + verb_class[ok], minlength=n * 2).reshape(n, 2)
    for k, cls in enumerate(VERB_CLASSES):
        out[f"verbs_{cls}"] = verbs[:, k].astype("int64")
    return out


# -------------------------------------------------------------- typed table builders
# Columns are built as typed arrays, so pandas infers nothing and the dtypes
# are the same for every chunk of a corpus, empty or not.

def _quotes_table(rows: list[tuple], segment: list[str]) -> pd.DataFrame:
    """quotes.csv from (article_id, quote_index, start, end, text, sentence, attribution) rows."""
    aid, idx, start, end, text, sent, attr = \
        (list(c) for c in zip(*rows)) if rows else ([] for _ in range(7))
    return pd.DataFrame({
        "article_id": _objects(aid), "quote_index": _ints(idx), "start": _ints(start),
        "end": _ints(end), "text": _objects(text), "segment": _objects(segment),
        "sentence_index": _ints(sent),
        "speaker": _objects([("" if a is None else a.speaker) for a in attr]),
        "speaker_start": _nullable_ints([None if a is None else a.sp_start for a in attr]),
        "speaker_end": _nullable_ints([None if a is None else a.sp_end for a in attr]),
        "speaker_class": _objects([("unattributed" if a is None else a.cls) for a in attr]),
        "verb": _objects([("" if a is None else a.verb) for a in attr]),
        "verb_class": _objects([("" if a is None else a.verb_class) for a in attr]),
        "n_tokens": count_tokens_many(text),
    }, columns=QUOTE_COLUMNS)


def _attributions_table(attrs: list[Attribution], aid: list[str], idx: list[int],
                        segment: list[str]) -> pd.DataFrame:
    """attributions.csv from the attributions and their article, index and segment."""
    return pd.DataFrame({
        "article_id": _objects(aid), "attribution_index": _ints(idx),
        "sentence_index": _ints([a.sentence for a in attrs]), "segment": _objects(segment),
        "start": _ints([a.pos for a in attrs]), "end": _ints([a.end for a in attrs]),
        "verb": _objects([a.verb for a in attrs]),
        "verb_class": _objects([a.verb_class for a in attrs]),
        "speaker": _objects([a.speaker for a in attrs]),
        "speaker_start": _ints([a.sp_start for a in attrs]),
        "speaker_end": _ints([a.sp_end for a in attrs]),
        "speaker_class": _objects([a.cls for a in attrs]),
        "in_quote": np.fromiter((a.in_quote for a in attrs), dtype=bool, count=len(attrs)),
        "cue_kind": _objects([a.kind for a in attrs]),
    }, columns=ATTRIBUTION_COLUMNS)


def _objects(values: list) -> np.ndarray:
    """An object array of ``values`` (pandas then skips inferring a dtype from a list)."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _ints(values: list[int]) -> np.ndarray:
    return np.fromiter(values, dtype=np.int64, count=len(values))


def _nullable_ints(values: list[int | None]) -> pd.arrays.IntegerArray:
    return pd.array(values, dtype="Int64")
