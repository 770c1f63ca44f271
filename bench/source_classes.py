"""Source classes scored against a hand-coded sample of attributions on PolNeAR-format data.

Two steps, on the split given (``--split train`` by default; the codes are
about the text, not about PolNeAR's annotation, which has no source classes):

``python -m bench.source_classes draw --data DIR --n 100 --seed 15 --out FILE [--exclude EARLIER ...]``
    runs the study as ``bench.attribution`` does, draws ``n`` of the
    project's attributions at random (fixed seed; none already in an
    ``--exclude`` sample) and writes FILE with one row
    per attribution: article_id, the cue's and the source span's clean-text
    offsets, a CRC-32 of the span (to notice when cleaning moved the offsets)
    and an empty ``code`` column. The context of each is printed on the
    terminal for the coder, never written: the coder reads it and fills
    ``code`` by ``data/gold/CODING_RULES.md`` (source classes), one by one,
    without looking at the project's class.

``python -m bench.source_classes score --data DIR --sample FILE``
    runs the study again and compares, for every coded row, the class the
    project gives the attribution with the same cue (else the one whose source
    span overlaps the coded span) with the code: accuracy with a 95% Wilson
    interval (Wilson 1927, *JASA* 22(158)) and the confusion table. Rows coded
    ``not_a_source`` (the project's cue is no attribution, or its span no
    source) are counted apart, as are rows the project no longer finds.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import zlib
from pathlib import Path

import pandas as pd

from helpers.clean import assemble_texts
from helpers.core.storage import read_csv, write_csv
from helpers.core.study import Study, project_root
from helpers.present.validation import wilson_interval
from helpers.run.tables import read_table

from .attribution import FIX, load_split, measure_split, polnear_arguments

CLASSES = ("named_person", "named_institution", "anonymous", "unattributed")
CODES = CLASSES + ("not_a_source",)
COLUMNS = ["article_id", "cue_start", "cue_end", "speaker_start", "speaker_end", "span_crc",
           "code"]


def span_crc(text: str) -> str:
    return f"{zlib.crc32(text.encode('utf-8')):08x}"


def measured(data: Path, split: str, work: Path) -> tuple[Study, pd.DataFrame, pd.Series]:
    """The study of the split, measured with the current code: (study, attributions, texts)."""
    meta, files = load_split(data, split)
    study = measure_split(meta, files, work)
    return study, read_table(study, "attributions"), assemble_texts(read_table(study, "segments"))


def draw(attrs: pd.DataFrame, texts: pd.Series, n: int, seed: int,
         exclude: list[pd.DataFrame] = ()) -> pd.DataFrame:
    """``n`` attributions at random (``seed``), none whose cue (article, cue offsets) is
    in a sample of ``exclude``: an earlier sample is never drawn twice, and ``n`` is the
    size of the new one."""
    seen = {(str(a), int(cs), int(ce)) for ex in exclude
            for a, cs, ce in zip(ex["article_id"], ex["cue_start"], ex["cue_end"])}
    if seen:
        keep = [(str(a), int(cs), int(ce)) not in seen
                for a, cs, ce in zip(attrs["article_id"], attrs["start"], attrs["end"])]
        attrs = attrs[keep]
    sample = attrs.sample(n=min(n, len(attrs)), random_state=seed).sort_values(
        ["article_id", "start"], kind="stable")
    return pd.DataFrame({
        "article_id": sample["article_id"].astype(str), "cue_start": sample["start"].astype(int),
        "cue_end": sample["end"].astype(int),
        "speaker_start": sample["speaker_start"].astype(int),
        "speaker_end": sample["speaker_end"].astype(int),
        "span_crc": [span_crc(texts[a][s:e]) for a, s, e in
                     zip(sample["article_id"], sample["speaker_start"], sample["speaker_end"])],
        "code": ""}, columns=COLUMNS)


def show(rows: pd.DataFrame, texts: pd.Series, width: int = 400) -> None:
    """Each row's context for the coder: the source span in [[ ]], the cue in << >>."""
    for i, r in enumerate(rows.itertuples(), 1):
        t = texts[r.article_id]
        s, e, cs, ce = r.speaker_start, r.speaker_end, r.cue_start, r.cue_end
        marks = sorted([(s, "[["), (e, "]]"), (cs, "<<"), (ce, ">>")], key=lambda x: x[0])
        lo, hi = max(0, min(s, cs) - width), min(len(t), max(e, ce) + 120)
        out, pos = [], lo
        for at, mark in marks:
            out += [t[pos:at], mark]
            pos = at
        out.append(t[pos:hi])
        print(f"--- {i} {r.article_id} {s}-{e}\n" + " ".join("".join(out).split()))


def project_class(row, attrs: pd.DataFrame) -> str | None:
    """The project's class for a coded row: same cue, else an overlapping source span."""
    same = attrs[(attrs["start"] == row.cue_start) & (attrs["end"] == row.cue_end)]
    if len(same):
        return str(same["speaker_class"].iloc[0])
    over = attrs[(attrs["speaker_start"] < row.speaker_end) & (attrs["speaker_end"] > row.speaker_start)]
    return str(over["speaker_class"].iloc[0]) if len(over) else None


def score(sample: pd.DataFrame, attrs: pd.DataFrame, texts: pd.Series) -> int:
    by_article = {a: g for a, g in attrs.groupby("article_id")}
    pairs, apart, lost, moved = [], 0, 0, 0
    for r in sample.itertuples():
        code = str(r.code).strip()
        if code not in CODES:
            print(f"row for {r.article_id} {r.speaker_start}: code {code!r} is not one of "
                  f"{', '.join(CODES)}", file=sys.stderr)
            return 2
        if r.article_id not in texts.index or \
                span_crc(texts[r.article_id][int(r.speaker_start):int(r.speaker_end)]) != r.span_crc:
            moved += 1
            continue
        if code == "not_a_source":
            apart += 1
            continue
        got = project_class(r, by_article.get(r.article_id, attrs.iloc[:0]))
        if got is None:
            lost += 1
            continue
        pairs.append((code, got))
    n = len(pairs)
    k = sum(a == b for a, b in pairs)
    lo, hi = (float(v) for v in wilson_interval(k, n))
    print(f"{len(sample)} coded attributions: {n} scored, {apart} coded not_a_source, "
          f"{lost} no longer found by the project, {moved} with moved offsets")
    if n:
        table = pd.crosstab(pd.Series([a for a, _ in pairs], name="coder"),
                            pd.Series([b for _, b in pairs], name="project"))
        print(table.to_string())
        print(f"source_class_accuracy: {k / n:.2f} (95% Wilson interval {lo:.2f}-{hi:.2f}, n={n})")
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("step", choices=["draw", "score", "show"])
    polnear_arguments(p, split="train")
    p.add_argument("--n", type=int, default=100)
    p.add_argument("--seed", type=int, default=15)
    p.add_argument("--out", help="draw: the sample file to write")
    p.add_argument("--exclude", nargs="*", default=[],
                   help="draw: earlier sample files whose attributions are not drawn again "
                        "(e.g. data/gold/source_class_sample*.csv); --n is the new sample's size")
    p.add_argument("--sample", default=str(project_root() / "data" / "gold" / "source_class_sample.csv"))
    args = p.parse_args(argv)
    data = Path(args.data)
    if not (data / "metadata.tsv").is_file() or not (data / args.split / "text").is_dir():
        print(FIX, file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="polnear-") as tmp:
        work = Path(args.work).resolve() if args.work else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        _, attrs, texts = measured(data, args.split, work)
        if args.step == "draw":
            rows = draw(attrs, texts, args.n, args.seed, [read_csv(Path(f), dtype=str) for f in args.exclude])
            write_csv(rows, Path(args.out or args.sample))
            show(rows, texts)
            return 0
        sample = read_csv(Path(args.sample), dtype=str)
        for col in ("cue_start", "cue_end", "speaker_start", "speaker_end"):
            sample[col] = sample[col].astype(int)
        if args.step == "show":
            show(sample, texts)
            return 0
        return score(sample, attrs, texts)


if __name__ == "__main__":
    sys.exit(main())
