"""The declared libraries beside the project's own code: sentences, KWIC, bootstrap.

``python -m bench.libraries --data ../shared/devdata`` prints three comparisons:

1. **Sentence boundaries**: NLTK's Punkt (Kiss & Strunk 2006), trained with
   ``PunktTrainer`` on the texts being split plus the project's news
   abbreviation list (``helpers.measure.sentences.ABBREVIATIONS``; nothing is
   downloaded), against ``helpers.measure.sentences.sentence_spans``. Gold: the
   hand-checked boundaries in ``bench/sentence_check.csv`` (ids and offsets
   only, no text: the seed article's paragraphs and BASIL paragraphs, where
   BASIL's sentence list was checked by hand), scored as boundary precision,
   recall and F1 (a boundary = the offset where a sentence starts, the first
   excluded).
2. **KWIC**: ``nltk.text.ConcordanceIndex`` (token offsets, single tokens)
   against ``helpers.present.kwic`` (character offsets of the matcher's hits):
   the share of the seed's hits each can show, and the time per 1,000 lines.
3. **Bootstrap**: ``scipy.stats.bootstrap`` (percentile, paired resampling of
   sentences) against ``helpers.compare.bootstrap`` on the seed's rates:
   interval endpoints and time.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.core.storage import read_csv
from helpers.core.study import SEED_STUDY, Study, project_root
from helpers.measure.sentences import ABBREVIATIONS, sentence_spans

CHECK_FILE = Path(__file__).with_name("sentence_check.csv")


# ------------------------------------------------------------------ texts
def seed_paragraphs() -> dict[str, str]:
    """The seed study's segments (headline, lede, body paragraphs) by ``SEED:article:segment``."""
    seg = read_csv(Study.open(SEED_STUDY).processed / "segments.csv")
    return {f"seed:{a}:{i}": t for a, i, t in zip(seg["article_id"], seg["segment_index"], seg["text"])}


def basil_paragraphs(folder: Path, limit: int = 30) -> tuple[dict[str, str], dict[str, list[int]]]:
    """BASIL paragraphs (sentences joined by one space) and the sentence starts BASIL gives."""
    texts, starts = {}, {}
    for path in sorted((folder / "articles").rglob("*.json"))[:limit]:
        doc = json.loads(path.read_text(encoding="utf-8"))
        for p, para in enumerate(doc.get("body-paragraphs", [])):
            sents = [s.strip() for s in para if s.strip()]
            if len(sents) < 1:
                continue
            key = f"basil:{path.stem}:{p}"
            texts[key] = " ".join(sents)
            pos, st = 0, []
            for s in sents:
                st.append(pos)
                pos += len(s) + 1
            starts[key] = st
    return texts, starts


# ------------------------------------------------------------------ sentence splitters
def punkt_tokenizer(train_text: str):
    from nltk.tokenize.punkt import PunktSentenceTokenizer, PunktTrainer

    trainer = PunktTrainer()
    trainer.INCLUDE_ALL_COLLOCS = True
    trainer.train(train_text, finalize=False)
    trainer.finalize_training()
    params = trainer.get_params()
    params.abbrev_types.update(a for a in ABBREVIATIONS)
    return PunktSentenceTokenizer(params)


def starts_of(spans) -> list[int]:
    return [s for s, _ in spans]


def boundary_scores(pred: dict[str, list[int]], gold: dict[str, list[int]]) -> dict[str, float]:
    """Precision, recall and F1 of sentence starts after the first of each paragraph."""
    tp = fp = fn = 0
    for key, g in gold.items():
        gs, ps = set(g[1:]), set(pred.get(key, [0])[1:])
        tp += len(gs & ps)
        fp += len(ps - gs)
        fn += len(gs - ps)
    p = tp / (tp + fp) if tp + fp else float("nan")
    r = tp / (tp + fn) if tp + fn else float("nan")
    return {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r,
            "f1": 2 * p * r / (p + r) if p + r else float("nan")}


def compare_sentences(data: Path | None) -> str:
    texts = seed_paragraphs()
    if data is not None and (data / "basil").is_dir():
        basil, _ = basil_paragraphs(data / "basil")
        texts.update(basil)
    check = read_csv(CHECK_FILE, dtype=str)
    gold: dict[str, list[int]] = {}
    for key, start in zip(check["paragraph"], check["start"].astype(int)):
        gold.setdefault(key, []).append(start)
    gold = {k: sorted(v) for k, v in gold.items() if k in texts}
    sentences = sum(len(v) for v in gold.values())
    own = {k: starts_of(sentence_spans(texts[k])) for k in gold}
    t = time.perf_counter()
    tok = punkt_tokenizer("\n\n".join(texts.values()))
    train_s = time.perf_counter() - t
    punkt = {k: starts_of(tok.span_tokenize(texts[k])) for k in gold}
    rows = []
    for name, pred in (("own splitter (helpers.measure.sentences)", own),
                       ("NLTK Punkt, trained on these texts + news abbreviations", punkt)):
        s = boundary_scores(pred, gold)
        rows.append(f"| {name} | {s['tp']} | {s['fp']} | {s['fn']} | {s['precision']:.3f} | "
                    f"{s['recall']:.3f} | {s['f1']:.3f} |")
    return (f"Sentence boundaries: {sentences} hand-checked sentences in {len(gold)} paragraphs "
            f"(Punkt training: {train_s:.1f} s)\n\n"
            "| splitter | tp | fp | fn | precision | recall | F1 |\n|---|---:|---:|---:|---:|---:|---:|\n"
            + "\n".join(rows))


# ------------------------------------------------------------------ KWIC
def compare_kwic() -> str:
    from nltk.text import ConcordanceIndex

    from helpers.clean import assemble_texts
    from helpers.present import kwic

    study = Study.open(SEED_STUDY)
    hits = read_csv(study.processed / "hits.csv")
    for c in ("start", "end", "sentence_index"):
        hits[c] = hits[c].astype(int)
    hits["in_quote"] = hits["in_quote"] == "True"
    texts = assemble_texts(read_csv(study.processed / "segments.csv").astype({"start": int, "end": int,
                                                                                "segment_index": int}))
    reps = 50
    t = time.perf_counter()
    for _ in range(reps):
        own = kwic(hits, texts, width=60)
    own_s = (time.perf_counter() - t) / reps
    t = time.perf_counter()
    shown = 0
    for _ in range(reps):
        shown = 0
        for aid, g in hits.groupby("article_id"):
            words = texts[aid].split()
            index = ConcordanceIndex(words, key=lambda w: w.lower().strip(".,;:'\"“”‘’()"))
            for m in g["matched"]:
                if " " in m or "-" in m:  # phrases are not one token: ConcordanceIndex cannot find them
                    continue
                if index.offsets(m.lower()):
                    shown += 1
    lib_s = (time.perf_counter() - t) / reps
    n = len(hits)
    return ("KWIC on the seed's hits\n\n| method | hits shown | ms per 1,000 lines |\n|---|---:|---:|\n"
            f"| own `helpers.present.kwic` (character offsets of each hit) | {len(own)} of {n} (100%) | "
            f"{own_s / n * 1e6:.1f} |\n"
            f"| `nltk.text.ConcordanceIndex` (whitespace tokens, one token per key) | {shown} of {n} "
            f"({shown / n:.0%}; not phrases, not the hit's own occurrence) | {lib_s / n * 1e6:.1f} |")


# ------------------------------------------------------------------ bootstrap
def compare_bootstrap() -> str:
    from scipy.stats import bootstrap

    from helpers.compare import category_rates

    study = Study.open(SEED_STUDY)
    p = study.processed
    hits = read_csv(p / "hits.csv")
    sentences = read_csv(p / "sentences.csv")
    articles = read_csv(p / "articles.csv")
    quotes = read_csv(p / "quotes.csv")
    for df, cols in ((hits, ["start", "end", "sentence_index", "segment_index"]),
                     (sentences, ["sentence_index", "segment_index", "start", "end", "n_tokens"]),
                     (quotes, ["start", "end", "sentence_index", "quote_index", "n_tokens"])):
        for c in cols:
            df[c] = pd.to_numeric(df[c], errors="coerce")
    hits["in_quote"] = hits["in_quote"] == "True"
    cats = ["loaded_terms", "hedges", "boosters", "anonymous_sourcing", "reporting_verbs"]
    t = time.perf_counter()
    own = category_rates(hits, sentences, articles, quotes=quotes, categories=cats, n_boot=2000, seed=0)
    own_s = time.perf_counter() - t
    own = own[own["voice"] == "all"].set_index(["outlet", "category"])
    # the library: per outlet and category, sentences as paired (count, tokens) samples
    outlet_of = dict(zip(articles["article_id"], articles["outlet"]))
    sentences["outlet"] = sentences["article_id"].map(outlet_of)
    rows, diffs = [], []
    t = time.perf_counter()
    for (outlet, cat), r in own.iterrows():
        s = sentences[sentences["outlet"] == outlet]
        h = hits[(hits["category"] == cat) & hits["article_id"].isin(s["article_id"])]
        per = h.groupby(["article_id", "sentence_index"]).size()
        counts = np.array([per.get((a, i), 0) for a, i in zip(s["article_id"], s["sentence_index"])], float)
        tokens = s["n_tokens"].to_numpy(float)
        res = bootstrap((counts, tokens), lambda c, k, axis=-1: c.sum(axis) / k.sum(axis) * 1000,
                        paired=True, vectorized=True, n_resamples=2000, method="percentile",
                        confidence_level=0.95, random_state=np.random.default_rng(0))
        lo, hi = res.confidence_interval
        rows.append((outlet, cat, r["ci_low"], r["ci_high"], lo, hi))
        diffs += [abs(lo - r["ci_low"]), abs(hi - r["ci_high"])]
    lib_s = time.perf_counter() - t
    table = "\n".join(f"| {o} | {c} | {a:.1f}-{b:.1f} | {x:.1f}-{y:.1f} |" for o, c, a, b, x, y in rows)
    return ("Bootstrap intervals (95% percentile, 2,000 resamples of sentences, all voices) on the seed\n\n"
            "| outlet | category | own | scipy.stats.bootstrap |\n|---|---|---:|---:|\n" + table +
            f"\n\nMedian |difference| of endpoints: {np.median(diffs):.2f} per 1,000 tokens (Monte Carlo "
            f"error of 2,000 resamples); time: own {own_s:.2f} s for all {len(own) * 3} rates "
            f"(3 voices) in one pass, scipy {lib_s:.2f} s for the {len(rows)} all-voice rates alone.")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.libraries", description=__doc__.splitlines()[0])
    p.add_argument("--data", help="the devdata folder (for BASIL paragraphs); without it, the seed only")
    args = p.parse_args(argv)
    data = Path(args.data) if args.data else None
    if data is not None and not data.is_dir():
        print(f"no folder {data}: give --data PATH/TO/devdata (see /work/shared/devdata/README.md) "
              "or leave it out to use the seed only", file=sys.stderr)
        return 2
    print(compare_sentences(data), compare_kwic(), compare_bootstrap(), sep="\n\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
