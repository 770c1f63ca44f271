"""How much of the article the project's cleaning keeps, scored against hand-made gold text.

``python -m bench.extraction --data DIR`` reads pages in the layout of the
Scrapinghub/Zyte article-extraction benchmark (``DIR/html/ID.html`` and
``DIR/ground-truth.json`` = ``{ID: {"articleBody": ..., "url": ...}}``,
github scrapinghub/article-extraction-benchmark) and scores, in the same run:

* ``project``: the clean text the study measures -- the page decoded as
  ``framing add`` decodes it, extracted by :func:`helpers.corpus.extract_html`,
  cleaned by :func:`helpers.clean.clean_article` with the generic rules of
  the study's rules folder (an outlet without its own rules file), joined by
  :func:`helpers.clean.assemble_texts`;
* ``trafilatura``: plain ``trafilatura.extract(html)`` with its defaults;
* ``extractor``: the project's extractor output before cleaning (to tell
  extraction losses from cleaning losses).

Metric (the benchmark's own, re-implemented here): ``\\w+`` tokens, the
multiset of word 4-gram shingles of the gold and of the extracted text, per
page TP/FP/FN; precision and recall are the means over pages of the per-page
ratios (so long pages weigh no more than short ones) and F1 is their harmonic
mean. The shingle approach follows the Moz content-extraction comparison
cited by the benchmark.

The data is third-party text: it is read from ``--data`` and never copied.
The last two lines printed are ``project_f1: 0.xxx`` and
``trafilatura_f1: 0.xxx``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import warnings
from collections import Counter
from pathlib import Path

_TOKEN_RE = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter:
    """Multiset of word n-grams of ``\\w+`` tokens (a text shorter than n is one shingle)."""
    tokens = _TOKEN_RE.findall(text or "")
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i:i + n])


def page_counts(gold: str, predicted: str) -> tuple[int, int, int]:
    """TP, FP, FN of shingles for one page."""
    g, p = shingles(gold), shingles(predicted)
    tp = sum((g & p).values())
    return tp, sum((p - g).values()), sum((g - p).values())


def _ratio(hit: int, miss: int, other: int) -> float | None:
    if miss == other == 0:
        return 1.0
    if hit + miss == 0:
        return None if other == 0 else 0.0
    return hit / (hit + miss)


def scores(counts: list[tuple[int, int, int]]) -> tuple[float, float, float]:
    """(precision, recall, F1): means of per-page precision and recall, F1 their harmonic mean."""
    prec = [p for p in (_ratio(tp, fp, fn) for tp, fp, fn in counts) if p is not None]
    rec = [r for r in (_ratio(tp, fn, fp) for tp, fp, fn in counts) if r is not None]
    p = sum(prec) / len(prec) if prec else 0.0
    r = sum(rec) / len(rec) if rec else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def project_text(html: str, rules) -> tuple[str, str]:
    """(clean text, extractor text) of one page as the study would see it."""
    from helpers.clean import assemble_texts, clean_article
    from helpers.corpus import extract_html

    text, _title, _date = extract_html(html)
    segments, _audit = clean_article(text, "page", "", rules)
    clean = assemble_texts(segments)
    return (clean.iloc[0] if len(clean) else ""), text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.extraction", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True,
                        help="folder with html/ID.html and ground-truth.json (e.g. ../shared/devdata/aeb)")
    parser.add_argument("--rules", help="rules folder (default: the project's data/rules)")
    parser.add_argument("--worst", type=int, default=12, help="pages shown in the worst-pages table")
    args = parser.parse_args(argv)

    data = Path(args.data)
    truth_path = data / "ground-truth.json"
    if not (truth_path.is_file() and (data / "html").is_dir()):
        print(f"bench.extraction: no benchmark data at {data} (need html/ID.html and ground-truth.json); "
              "fix: pass --data with a copy of github scrapinghub/article-extraction-benchmark "
              "(e.g. --data ../shared/devdata/aeb)", file=sys.stderr)
        return 2

    import trafilatura

    from helpers.clean import load_rules
    from helpers.core.study import project_root
    from helpers.corpus import decode_bytes

    rules_dir = Path(args.rules) if args.rules else project_root() / "data" / "rules"
    rules = load_rules("", rules_dir)  # no outlet file: generic rules + layout heuristics
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    rows = []
    for page_id in sorted(truth):
        path = data / "html" / f"{page_id}.html"
        if not path.is_file():
            print(f"bench.extraction: {path} missing; skipped", file=sys.stderr)
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            html, _enc = decode_bytes(path.read_bytes(), path)
        gold = truth[page_id].get("articleBody", "") or ""
        clean, extracted = project_text(html, rules)
        plain = trafilatura.extract(html) or ""
        rows.append((page_id, page_counts(gold, clean), page_counts(gold, plain),
                     page_counts(gold, extracted)))

    print(f"{len(rows)} pages from {data}")
    print(f"{'method':<12} {'precision':>9} {'recall':>7} {'f1':>6}")
    results = {}
    for k, name in ((1, "project"), (3, "extractor"), (2, "trafilatura")):
        p, r, f = scores([row[k] for row in rows])
        results[name] = f
        print(f"{name:<12} {p:>9.3f} {r:>7.3f} {f:>6.3f}")

    def page_f1(c):
        p, r, f = scores([c])
        return f

    worst = sorted(rows, key=lambda row: page_f1(row[1]))[:args.worst]
    print(f"\nworst {len(worst)} pages (project), F1 and shingle counts")
    print(f"{'page':<16} {'project':>7} {'extract':>7} {'trafil':>7} {'tp':>5} {'fp':>5} {'fn':>5}")
    for page_id, proj, plain, ext in worst:
        print(f"{page_id[:16]:<16} {page_f1(proj):>7.3f} {page_f1(ext):>7.3f} {page_f1(plain):>7.3f} "
              f"{proj[0]:>5} {proj[1]:>5} {proj[2]:>5}")
    print(f"project_f1: {results['project']:.3f}")
    print(f"trafilatura_f1: {results['trafilatura']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
