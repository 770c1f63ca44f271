"""The commonest attribution error types on PolNeAR-format data, with counts.

``python -m bench.attribution_errors --data DIR --split train`` runs the
study as ``bench.attribution`` does (``--work DIR`` keeps the temporary
project; the measure stage is always rerun, so the current code is scored),
scores it against the first annotator, and sorts every false negative and
false positive of the overlap matching (``helpers.validate.error_analysis``)
into a small set of error types read off the gold or predicted span and its
context: for cues, the cue word and how it stands (a participle after a
comma, a colon, a verb of thinking or wanting, ``said`` with no subject
found); for sources, pronouns and relatives apart from other noun phrases.
Counting error types before changing a rule is how a rule list is refined
(Grimmer & Stewart 2013, "Text as Data", *Political Analysis* 21(3)).
Tune on train; score dev only with ``bench.attribution``.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path


from .attribution import polnear_arguments, validate_split

# verbs of thinking, believing and wanting: PolNeAR codes internal states as attributions
COGNITION = {"think", "thinks", "thought", "believe", "believes", "believed", "want", "wants",
             "wanted", "feel", "feels", "felt", "hope", "hopes", "hoped", "know", "knows",
             "knew", "expect", "expects", "expected", "fear", "fears", "feared", "worry",
             "worried", "worries", "consider", "considers", "considered", "see", "sees", "saw"}
SAYING = {"said", "says", "say", "told", "tell", "tells", "added", "wrote", "writes"}
PRONOUNS = {"he", "she", "they", "who", "it", "i", "we", "you", "which", "that", "his", "her",
            "their", "him", "them"}


def cue_type(kind: str, match: str, left: str) -> str:
    """The error type of a cue span: its word(s) and how it stands."""
    low = " ".join(match.lower().split())
    if low in (":", "—", "-"):
        return f"cue {kind} colon/dash"
    first = low.split(" ", 1)[0] if low else ""
    if left.rstrip().endswith(",") and first.endswith("ing"):
        return f"cue {kind} participle after comma ({first})"
    if first in COGNITION or low.split()[-1:] and low.split()[-1] in COGNITION:
        return f"cue {kind} think/believe/want ({low})"
    if first in SAYING or low.split()[-1:] and low.split()[-1] in SAYING:
        return f"cue {kind} {low}"
    return f"cue {kind} {low[:25]}"


def source_type(kind: str, match: str) -> str:
    low = " ".join(match.lower().split())
    if low in PRONOUNS:
        return f"source {kind} pronoun {low}"
    if match[:1].isupper():
        return f"source {kind} capitalised phrase"
    return f"source {kind} lower-case phrase"


def error_types(errors) -> Counter:
    """(type -> count) of the FN/FP lines of an error table (boundaries counted by category)."""
    out: Counter = Counter()
    for r in errors.itertuples():
        if r.category not in ("cues", "sources"):
            continue
        if r.kind == "boundary":
            out[f"{r.category[:-1]} boundary"] += 1
        elif r.category == "cues":
            out[cue_type(r.kind, str(r.match), str(r.left))] += 1
        else:
            out[source_type(r.kind, str(r.match))] += 1
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    polnear_arguments(p, split="train")
    p.add_argument("--top", type=int, default=30)
    p.add_argument("--examples", type=int, default=0, help="KWIC lines per type shown (never saved)")
    args = p.parse_args(argv)
    found = validate_split(Path(args.data), args.split, args.work)
    if found is None:
        return 2
    meta, _, result = found
    errors = result["errors"]
    counts = error_types(errors)
    scores = result["scores"]
    print(f"PolNeAR {args.split}: {len(meta)} articles, first annotator as gold")
    for r in scores[scores["category"].isin(["cues", "sources"])].itertuples():
        print(f"  {r.category:8} {r.level:8} tp {r.tp:5} fp {r.fp:5} fn {r.fn:5} "
              f"P {r.precision:.2f} R {r.recall:.2f} F1 {r.f1:.2f}")
    print(f"top {args.top} error types (overlap matching):")
    for name, n in counts.most_common(args.top):
        print(f"  {n:5}  {name}")
        if args.examples:
            shown = 0
            for r in errors.itertuples():
                if r.category in ("cues", "sources") and r.kind != "boundary" and \
                        (cue_type(r.kind, str(r.match), str(r.left)) if r.category == "cues"
                         else source_type(r.kind, str(r.match))) == name:
                    print(f"         {str(r.kwic)[:150]!r}")
                    shown += 1
                    if shown >= args.examples:
                        break
    return 0


if __name__ == "__main__":
    sys.exit(main())
