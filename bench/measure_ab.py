"""The measure stage of two versions of the code, timed in the same run.

``python -m bench.measure_ab --base DIR [--articles 400] [--rounds 5]`` with DIR a
checkout of an older commit (e.g. ``git worktree add /tmp/base f2cb10b`` or
``git archive f2cb10b | tar -x -C /tmp/base``): each round runs one process
per version, in alternating order, that generates the same synthetic corpus
(``helpers.corpus.synthetic.generate_corpus(seed=0)``), builds its version's
seed lexicon, source cues and one-scan matcher (as the run layer does, outside
the timing) and times ``measure_corpus`` (best of three in the process). The
best time per version over all rounds is reported with the change in per cent.
On a shared machine the figures are noisy: compare the two lines, not the
absolute times.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from helpers.core.study import project_root

_SNIPPET = r"""
import sys, time
from helpers.core.study import Study
from helpers.corpus.synthetic import corpus_segments, generate_corpus
from helpers.measure import SourceCues, load_source_cues, measure_corpus, study_lexicon
try:
    from helpers.measure.cues import measure_matcher
except ImportError:  # before the one-scan matcher
    measure_matcher = None
n = int(sys.argv[1])
study = Study.open()
lexicon = study_lexicon(study)
cues = SourceCues.from_frame(load_source_cues(study.source_cues))
corpus = generate_corpus(n, seed=0)
seg = corpus_segments(corpus)
arts = corpus[["article_id", "outlet", "event"]]
kw = {"matcher": measure_matcher(lexicon, cues)} if measure_matcher else {}
measure_corpus(seg.head(50), arts, lexicon, cues, **kw)  # warm caches outside the timing
best = float("inf")
for _ in range(3):
    t0 = time.process_time()
    measure_corpus(seg, arts, lexicon, cues, **kw)
    best = min(best, time.process_time() - t0)
print(best)
"""


def time_version(root: Path, n: int) -> float:
    env = dict(os.environ, PYTHONPATH=str(root / "src"))
    out = subprocess.run([sys.executable, "-c", _SNIPPET, str(n)], cwd=root, env=env,
                         capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--base", required=True, help="checkout of the older code (its src/ and data/)")
    p.add_argument("--articles", type=int, default=400)
    p.add_argument("--rounds", type=int, default=5)
    args = p.parse_args(argv)
    base, new = Path(args.base).resolve(), project_root()
    if not (base / "src" / "helpers").is_dir():
        print(f"no checkout at {base}: make one with "
              f"`git worktree add {base} f2cb10b` (or git archive)", file=sys.stderr)
        return 2
    times: dict[str, list[float]] = {"base": [], "new": []}
    for r in range(args.rounds):
        order = [("base", base), ("new", new)] if r % 2 == 0 else [("new", new), ("base", base)]
        for name, root in order:
            times[name].append(time_version(root, args.articles))
        print(f"round {r + 1}: base {times['base'][-1]:.3f}s  new {times['new'][-1]:.3f}s")
    b, n = min(times["base"]), min(times["new"])
    print(f"measure_corpus CPU seconds, {args.articles} synthetic articles, best of "
          f"{args.rounds} rounds x 3: base {b:.3f}  new {n:.3f}  change {100 * (n / b - 1):+.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
