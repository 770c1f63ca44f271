"""Attribution cues: where a text says that someone said, showed, asked or thought something.

A cue (PARC: Pareti 2016, "PARC 3.0: A corpus of attribution relations",
LREC; PolNeAR: Newell, Margolin & Ruths 2018, LREC) is one span per
occurrence, of one of four kinds:

* ``verb``: a verb of saying, showing, asking or thinking, with the
  auxiliaries and adverbs right before it (``has denied``, ``also said``, ``is
  expected``) and its particle when the cue list has the pair (``called on``,
  ``pointed to``, ``went on to say``);
* ``preposition``: ``according to``, ``citing``, ``quoting`` (the source follows);
* ``noun``: a noun phrase that attributes (``in a statement``, ``in an interview``)
  where no verb does;
* ``punctuation``: a colon introducing a quotation (``Caddell continued: "..."``
  is a verb cue; ``Trump: "..."`` a colon cue) or a short named source heading
  a headline (``Pat Caddell: Democrat Voters Worried ...``).

The words are data (``cue_type`` verb / preposition / noun rows of the study's
source cues, ``data/attribution/source_cues.csv``), found with the project's
lexicon matcher (one Aho-Corasick pass over all texts) and extended here.
"""

from __future__ import annotations

import re

import pandas as pd

from .matcher import compile_matcher, match_texts
from .sources import SourceCues

CUE_KINDS = ("verb", "preposition", "noun", "punctuation")
_CATEGORY = "attribution_cues"
# auxiliaries and adverbs that belong to a verb cue when right before it
_AUX_TAIL_RE = re.compile(r"(?i)(?<![\w'’-])(?:has|have|had|is|are|was|were|will|would|also|"
                          r"reportedly|later|then|previously|repeatedly|publicly|recently|again) $")
# a colon followed by an opening quote mark (masked quotations keep their marks)
_COLON_QUOTE_RE = re.compile(r":[ \t]*[\"“‘«]")
_HEADLINE_COLON_RE = re.compile(r"^((?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.'’-]*):\s+\S")


def cue_matcher(cues: SourceCues):
    """The lexicon matcher of the study's attribution cues (cached on ``cues``), or None."""
    key = ("cue_matcher",)
    got = cues.cache.get(key)
    if got is None:
        rows = [(c, kind) for kind in ("verb", "preposition", "noun")
                for c in sorted(getattr(cues, kind))]
        if not rows:
            got = cues.cache[key] = (False,)
        else:
            frame = pd.DataFrame({
                "lexicon": "source_cues", "row": range(1, len(rows) + 1),
                "entry": [c for c, _ in rows], "category": _CATEGORY,
                "subcategory": [k for _, k in rows], "case_sensitive": False, "note": "",
                "source": ""})
            got = cues.cache[key] = (compile_matcher(frame),)
    return got[0] or None


def cue_hits(texts: pd.Series, cues: SourceCues) -> pd.DataFrame:
    """(article_id, start, end, kind) of every listed cue in the texts (leftmost-longest)."""
    matcher = cue_matcher(cues)
    if matcher is None or texts.empty:
        return pd.DataFrame({"article_id": pd.Series(dtype=object), "start": pd.Series(dtype="int64"),
                             "end": pd.Series(dtype="int64"), "kind": pd.Series(dtype=object)})
    hits = match_texts(texts, matcher)
    return pd.DataFrame({"article_id": hits["article_id"], "start": hits["start"],
                         "end": hits["end"], "kind": hits["subcategory"]})


def with_auxiliaries(masked: str, start: int) -> int:
    """The start of a verb cue moved back over the auxiliaries and adverbs before it
    (at most three words, each followed by one space)."""
    search = _AUX_TAIL_RE.search
    for _ in range(3):
        if start < 3 or masked[start - 1] != " ":
            return start
        m = search(masked, max(0, start - 12), start)
        if m is None:
            return start
        start = m.start()
    return start


def colon_cues(masked: str, sent_starts: list[int], sent_ends: list[int],
               taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) of colons that introduce a quotation with no verb cue right before
    them, and of the colon after a short capitalised phrase heading the first sentence."""
    out: list[tuple[int, int]] = []
    if ":" not in masked:
        return out
    taken_ends = {e for _, e in taken}
    for m in _COLON_QUOTE_RE.finditer(masked):
        i = m.start()
        j = i
        while j > 0 and masked[j - 1] in " \t":
            j -= 1
        if j in taken_ends or (j > 0 and masked[j - 1] in "\"”’»\x00"):
            continue  # "said:" is a verb cue; a colon after a quotation is not a cue
        out.append((i, i + 1))
    if sent_starts:
        first = masked[sent_starts[0]:sent_ends[0]]
        m = _HEADLINE_COLON_RE.match(first)
        if m:
            i = sent_starts[0] + m.end(1)
            if (i, i + 1) not in out:
                out.append((i, i + 1))
    return sorted(out)
