"""Attribution cues and sources scored on PolNeAR-format data, beside human agreement.

``python -m bench.attribution --data DIR --split dev`` with DIR laid out as
PolNeAR v1.0 (Newell, Margolin & Ruths, LREC 2018): ``SPLIT/text/NAME.txt``,
``SPLIT/attributions/NAME_ANNOTATOR.ann`` (brat standoff: ``T`` lines
``Source|Cue|Content START END[;START END]\\tTEXT``) and ``metadata.tsv``
(compartment, filename, annotators, publisher, publication_date, title).

1. The split's articles are added, as they are, to a corpus in a temporary
   project (``--work DIR`` keeps it; never the repository's ``data/``) and the
   study is cleaned and measured with the project's own lexicons, rules and
   source cues.
2. The first annotator's ``Cue`` and ``Source`` spans become a gold file in
   raw offsets (categories ``cues`` and ``sources``), every article of the
   split listed as coded (an article with no attribution still counts its
   false positives), and ``helpers.run.validation.run_validation`` scores
   it: P/R/F1 at exact and overlap level; spans on lines cleaning removed are
   counted apart.
3. On the doubly annotated articles, the second annotator is scored against
   the first (per-category F1) and Krippendorff's alpha per token is
   computed: the human ceiling.

The last three lines are ``cue_f1_overlap``, ``source_f1_overlap`` and
``human_cue_f1`` (overlap F1 of the second annotator against the first).
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from pathlib import Path

import pandas as pd

from helpers.core.study import Study, project_root
from helpers.corpus import add_articles
from helpers.run import stages
from helpers.run.validation import run_validation
from helpers.validate import coder_agreement

CATEGORIES = {"Cue": "cues", "Source": "sources"}
FIX = ("PolNeAR data not found: give --data the folder holding SPLIT/text, SPLIT/attributions "
       "and metadata.tsv (e.g. --data ../shared/devdata/polnear)")


def read_ann(path: Path) -> list[dict]:
    """The Cue and Source spans of one brat file (each part of a discontinuous span apart)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("T"):
            continue
        parts = line.split("\t")
        if len(parts) < 3:
            continue
        kind, _, offsets = parts[1].partition(" ")
        if kind not in CATEGORIES:
            continue
        for piece in offsets.split(";"):
            start, end = (int(x) for x in piece.split())
            rows.append({"start": start, "end": end, "category": CATEGORIES[kind]})
    return rows


def load_split(data: Path, split: str) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """The split's metadata rows (with text) and article -> its annotation files (first first)."""
    meta = pd.read_csv(data / "metadata.tsv", sep="\t", dtype=str, keep_default_na=False,
                       quoting=csv.QUOTE_NONE)
    meta = meta[meta["compartment"] == split].copy()
    ann_dir = data / split / "attributions"
    files: dict[str, list[str]] = {}
    for name in meta["filename"]:
        found = sorted(ann_dir.glob(f"{name}_*.ann"))
        listed = [a for a in str(meta.loc[meta["filename"] == name, "annotators"].iloc[0]).split(",")]
        order = {a.strip(): i for i, a in enumerate(listed)}
        found.sort(key=lambda p: (order.get(p.stem[len(name) + 1:], 99), p.name))
        files[name] = [str(p) for p in found]
    meta["text"] = [(data / split / "text" / f"{n}.txt").read_bytes().decode("utf-8")
                    for n in meta["filename"]]
    # a corpus holds each text once: a republished duplicate is scored under its first name
    meta = meta.drop_duplicates("text", keep="first").reset_index(drop=True)
    return meta, files


def article_id(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "._-" else "-" for ch in name)[:100]


def gold_table(meta: pd.DataFrame, files: dict[str, list[str]], which: int) -> pd.DataFrame:
    """Gold rows (raw offsets) of annotator ``which`` (0 = first), plus one bare row per
    article with such an annotation, so that articles without spans count as coded."""
    rows = []
    for name, text in zip(meta["filename"], meta["text"]):
        anns = files.get(name, [])
        if len(anns) <= which:
            continue
        aid = article_id(name)
        rows.append({"article_id": aid, "start": "", "end": "", "category": "", "text": "",
                     "offsets": "raw"})
        for r in read_ann(Path(anns[which])):
            rows.append({"article_id": aid, "start": r["start"], "end": r["end"],
                         "category": r["category"], "text": text[r["start"]:r["end"]],
                         "offsets": "raw"})
    return pd.DataFrame(rows, columns=["article_id", "start", "end", "category", "text", "offsets"])


def build_study(meta: pd.DataFrame, work: Path, gold: Path, repo: Path) -> Study:
    corpus = work / "data" / "corpora" / "polnear"
    if not (corpus / "manifest.csv").exists():
        records = pd.DataFrame({
            "article_id": [article_id(n) for n in meta["filename"]], "text": meta["text"],
            "outlet": meta["publisher"], "title": meta["title"],
            "published": meta["publication_date"].str.slice(0, 10)})
        add_articles(records, corpus, id_col="article_id")
    return Study.open("polnear", output=work / "out", root=work,
                      lexicons=repo / "data" / "lexicons", rules=repo / "data" / "rules",
                      source_cues=repo / "data" / "attribution" / "source_cues.csv",
                      gold=gold, gold_map=work / "no-map.csv")


def measure_split(meta: pd.DataFrame, files: dict[str, list[str]], work: Path) -> Study:
    """The split imported as a study in ``work`` (annotator 1 as its gold), cleaned and
    measured with the current code (the stage cache keys hold the code's hash, so a
    reused ``work`` is measured afresh after a rule changes)."""
    gold_path = work / "gold.csv"
    gold_table(meta, files, 0).to_csv(gold_path, index=False)
    study = build_study(meta, work, gold_path, project_root())
    stages.run_clean(study, processes=1)
    stages.run_measure(study, processes=1)
    return study


def validate_split(data: Path, split: str, work: str | None) -> tuple[pd.DataFrame, dict, dict] | None:
    """Measure the split (in ``work``, else a temporary folder) and validate it against
    annotator 1: (metadata, annotation files, validation result), or None (after
    printing the fix) when ``data`` is not a PolNeAR folder."""
    if not (data / "metadata.tsv").is_file() or not (data / split / "text").is_dir():
        print(FIX, file=sys.stderr)
        return None
    meta, files = load_split(data, split)
    with tempfile.TemporaryDirectory(prefix="polnear-") as tmp:
        folder = Path(work).resolve() if work else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        return meta, files, run_validation(measure_split(meta, files, folder), offsets="raw")


def _fmt(v) -> str:
    return "" if pd.isna(v) else f"{v:.2f}"


def polnear_arguments(p: argparse.ArgumentParser, split: str) -> None:
    """The options every PolNeAR bench takes: ``--data``, ``--split`` (default ``split``), ``--work``."""
    p.add_argument("--data", required=True, help="PolNeAR folder (SPLIT/text, SPLIT/attributions)")
    p.add_argument("--split", default=split)
    p.add_argument("--work", help="keep the temporary project here (its cleaning is reused when run again)")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    polnear_arguments(p, split="dev")
    p.add_argument("--errors", type=int, default=0, help="print the N commonest error entries")
    args = p.parse_args(argv)
    found = validate_split(Path(args.data), args.split, args.work)
    if found is None:
        return 2
    meta, files, result = found
    scores = result["scores"]
    print(f"PolNeAR {args.split}: {len(meta)} articles, first annotator as gold")
    shown = scores[scores["category"].isin(["cues", "sources"])]
    for r in shown.itertuples():
        print(f"  {r.category:8} {r.level:8} gold {r.n_gold:5} pred {r.n_predicted:5} "
              f"P {_fmt(r.precision)} R {_fmt(r.recall)} F1 {_fmt(r.f1)}")
    unscorable = result.get("not_scorable")
    if unscorable is not None and len(unscorable):
        print(f"  not scorable (on a line cleaning removed): {len(unscorable)} gold spans")
    if args.errors:
        summ = result["error_summary"]
        for r in summ.head(args.errors).itertuples():
            print(f"  {r.category} {r.kind} {r.n:4} {r.entry[:30]:30} {str(r.examples)[:90]}")
    # human ceiling: the second annotator against the first, raw text, same articles
    double = [n for n in meta["filename"] if len(files.get(n, [])) > 1]
    texts = dict(zip(meta["filename"].map(article_id), meta["text"]))
    a = gold_table(meta[meta["filename"].isin(double)], files, 0)
    b = gold_table(meta[meta["filename"].isin(double)], files, 1)
    agree = coder_agreement(a[a["category"] != ""], b[b["category"] != ""],
                            {k: texts[k] for k in map(article_id, double)})
    print(f"  human agreement on {len(double)} doubly annotated articles (2nd vs 1st annotator):")
    for r in agree.itertuples():
        print(f"  {r.category:8} {r.level:8} P {_fmt(r.precision)} R {_fmt(r.recall)} "
              f"F1 {_fmt(r.f1)} alpha/token {_fmt(r.alpha)}")
    f1 = scores.set_index(["category", "level"])["f1"]
    human = agree.set_index(["category", "level"])["f1"]
    print(f"cue_f1_overlap: {_fmt(f1.get(('cues', 'overlap')))}")
    print(f"source_f1_overlap: {_fmt(f1.get(('sources', 'overlap')))}")
    print(f"human_cue_f1: {_fmt(human.get(('cues', 'overlap')))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
